package index_test

import (
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/index"
)

// lexiconOf builds a reading lexicon over texts, as the engine does from
// the analysis that indexes readings.
func lexiconOf(texts ...string) *index.ReadingLexicon {
	a := index.Default()
	lex := index.NewReadingLexicon()
	a.Memo(nil, texts, nil).AddSounds(lex, texts)
	lex.Freeze(a, nil)
	return lex
}

func TestReadingLexiconWords(t *testing.T) {
	lex := lexiconOf(
		"サーバーのファイルが勝手に暗号化され、身代金を要求された。",
		"ランサムウェアに感染したら警察に相談する。",
		"添付ファイルを開いてしまった",
	)
	tests := []struct {
		in   string
		want []string // each must be found
		not  []string // none may be found
	}{
		// Kana-only text: corpus words by longest match, particles skipped.
		{"さーばーのふぁいるがかってにあんごうかされた", []string{"サーバ", "ファイル", "勝手", "暗号"}, nil},
		{"みのしろきんをようきゅうされた", []string{"身代金", "要求"}, nil},
		{"らんさむうぇあにかんせん", []string{"ランサムウェア", "感染"}, nil},
		// Inflected verbs read as the corpus wrote them map to base forms.
		{"てんぷふぁいるをひらいた", []string{"添付", "ファイル", "開く"}, nil},
		// Kanji are not read here (ReadingWords does that): nothing to find.
		{"警察", nil, []string{"警察"}},
		{"", nil, nil},
	}
	for _, tt := range tests {
		got := lex.Words(tt.in)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Words(%q) = %q, want it to hold %q", tt.in, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("Words(%q) = %q, want no %q", tt.in, got, w)
			}
		}
	}
}

func TestReadingLexiconMisconverted(t *testing.T) {
	a := index.Default()
	lex := lexiconOf("確定申告の時期に届く偽メール")
	// 確定深刻 is a wrong conversion of かくていしんこく: its reading finds
	// the corpus's word.
	got := lex.ReadingWords(a.Reading("確定深刻の時期"))
	for _, w := range []string{"確定", "申告", "時期"} {
		if !slices.Contains(got, w) {
			t.Errorf("ReadingWords(確定深刻の時期) = %q, want it to hold %q", got, w)
		}
	}
}

func TestReadingLexiconEmpty(t *testing.T) {
	var nilLex *index.ReadingLexicon
	if got := nilLex.Words("かな"); got != nil {
		t.Errorf("nil lexicon: Words = %q, want nil", got)
	}
	if got := index.NewReadingLexicon().ReadingWords("カナ"); got != nil {
		t.Errorf("empty lexicon: ReadingWords = %q, want nil", got)
	}
}
