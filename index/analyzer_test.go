package index_test

import (
	"flag"
	"fmt"
	goldenfile "github.com/soudan-desk/soudan/internal/golden"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/index"
)

var update = flag.Bool("update", false, "update golden files")

func TestTerms(t *testing.T) {
	a := index.Default()
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"。、！？ 　", nil},
		{"ｳｲﾙｽに感染したﾊﾟｿｺﾝ", []string{"ウイルス", "感染", "パソコン"}},
		{"ウィルス", []string{"ウイルス"}},
		{"サーバーとコンピューター", []string{"サーバ", "コンピュータ"}},
		// Light verbs, formal nouns and pronouns go.
		{"これをすることがある", nil},
		// Base forms; duplicates are kept for tf.
		{"パスワードを変えた。パスワードを変える。", []string{"パスワード", "変える", "パスワード", "変える"}},
		// Short numbers go, hotline numbers stay.
		{"2回電話した", []string{"電話"}},
		{"188に電話", []string{"188", "電話"}},
		// Kanji prefixes stay, honorific ones go.
		{"偽サイトからご連絡", []string{"偽", "サイト", "連絡"}},
		// Unknown words and Latin letters stay, case-folded.
		{"ＬＩＮＥとURL", []string{"line", "url"}},
	}
	for _, tt := range tests {
		if got := a.Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNGrams(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want []string
	}{
		{"", 2, nil},
		{"、。", 2, nil},
		{"あ", 2, []string{"ア"}},
		{"ういるす", 2, []string{"ウイ", "イル", "ルス"}},
		{"ウィルス", 2, []string{"ウイ", "イル", "ルス"}},
		{"不正 アクセス", 2, []string{"不正", "アク", "クセ", "セス"}},
		{"a-b", 2, []string{"a", "b"}},
		{"サーバー", 2, []string{"サー", "ーバ"}},
		{"感染した", 3, []string{"感染シ", "染シタ"}},
		{"感染", 0, []string{"感染"}},
	}
	for _, tt := range tests {
		if got := index.NGrams(tt.in, tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("NGrams(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestTermsGolden records the analysis of the fixture corpus, so that
// changes to the analyzer (or the dictionary) show up as diffs.
func TestTermsGolden(t *testing.T) {
	a := index.Default()
	var b strings.Builder
	for _, d := range fixture {
		for f, text := range d.Fields {
			for _, line := range strings.Split(text, "\n") {
				fmt.Fprintf(&b, "%s\t%s\t%s\n\t%s\n\t%s\n", d.ID, index.Field(f), line,
					strings.Join(a.Terms(line), " "), strings.Join(index.Bigrams(line), " "))
			}
		}
	}
	golden(t, "terms.golden", b.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got), *update)
}

func TestDefaultConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	results := make([][]string, 8)
	for i := range results {
		wg.Go(func() {
			results[i] = index.Default().Terms("ランサムウェアに感染してファイルが暗号化された")
		})
	}
	wg.Wait()
	for i := range results {
		if !slices.Equal(results[i], results[0]) {
			t.Errorf("goroutine %d got %q, goroutine 0 got %q", i, results[i], results[0])
		}
	}
	if a, b := index.Default(), index.Default(); a != b {
		t.Error("Default returned two different analyzers")
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"ｳｲﾙｽに感染したﾊﾟｿｺﾝ", "ウィルス対策ソフトを入れている", "ＬＩＮＥ 188", "\xff\xfe", "ーーー", "ヴ"} {
		f.Add(s)
	}
	a := index.Default()
	f.Fuzz(func(t *testing.T, s string) {
		for _, term := range a.Terms(s) {
			if strings.TrimSpace(term) == "" {
				t.Errorf("Terms(%q) has a blank term", s)
			}
		}
	})
}

func FuzzNGrams(f *testing.F) {
	for _, s := range []string{"ういるす", "a b\tc", "サーバー", "\xff", "！？"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n%5 + 1
		if n < 1 {
			n += 5
		}
		for _, g := range index.NGrams(s, n) {
			if c := utf8.RuneCountInString(g); c == 0 || c > n {
				t.Errorf("NGrams(%q, %d) has gram %q of %d runes", s, n, g, c)
			}
			if strings.ContainsAny(g, " \t\n、。") {
				t.Errorf("NGrams(%q, %d) has gram %q with a separator", s, n, g)
			}
		}
	})
}

func TestWords(t *testing.T) {
	a := index.Default()
	tests := []struct {
		text string
		want []string
	}{
		{"クレジットカードの番号を入力してしまった", []string{"クレジットカード", "番号", "入力"}},
		{"ウイルスに感染した ウイルス", []string{"ウイルス", "感染"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := a.Words(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
