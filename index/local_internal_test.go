package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// TestLocalGramLookup checks that looking a text's bigrams up by their
// runes (Local.grams) finds the features the names "#"+gram find: the
// weighted vector of weighText is weigh(count(text)) to the bit, and
// FeatureIDs lists what the string look-up lists, for texts inside and
// outside the fit, with kana that becomes katakana, full-width letters,
// one-letter runs and symbols.
func TestLocalGramLookup(t *testing.T) {
	fit := []string{
		"ウイルス対策ソフトを入れる\nパスワードを変更する",
		"ネット通販の詐欺に注意 a b 1\nＰＡＳＳＷＯＲＤ",
		"ぱすわーど 変更 サーバー",
		"メールの添付ファイルを開いた。x、y",
	}
	l, err := NewLocal(fit, LocalOptions{Rank: 3})
	if err != nil {
		t.Fatal(err)
	}
	texts := append(slices.Clone(fit), "パスワードのＡ a\nウイルスに感染", "通", "", "！？", "ぱそこん x 9")
	for _, text := range texts {
		want := l.weigh(l.count(text))
		got := l.weighText(text, l.opts.Words, l.opts.Norm, nil)
		if !slices.Equal(got.idx, want.idx) || !slices.Equal(got.val, want.val) {
			t.Errorf("%q: weighText = %v, weigh(count) = %v", text, got, want)
		}
		// The same with every line's features found up front.
		lines := l.recurringLines([]string{text, text})
		if got := l.weighText(text, l.opts.Words, l.opts.Norm, lines); !slices.Equal(got.idx, want.idx) || !slices.Equal(got.val, want.val) {
			t.Errorf("%q: weighText with %d lines up front = %v, weigh(count) = %v", text, len(lines), got, want)
		}
		norm := corpus.Normalize(text)
		var byName []int32
		for _, g := range BigramsOf(norm) {
			if i, ok := l.features["#"+g]; ok {
				byName = append(byName, i)
			}
		}
		if ids := l.FeatureIDs(nil, nil, norm); !slices.Equal(ids, byName) {
			t.Errorf("%q: FeatureIDs = %v, by name %v", text, ids, byName)
		}
	}
	if len(l.grams) == 0 || len(l.grams) != countPrefixed(l.features, "#") {
		t.Errorf("%d bigram keys for %d bigram features", len(l.grams), countPrefixed(l.features, "#"))
	}
}

func countPrefixed(m map[string]int32, prefix string) int {
	n := 0
	for f := range m {
		if strings.HasPrefix(f, prefix) {
			n++
		}
	}
	return n
}
