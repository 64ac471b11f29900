package retrieval

import (
	"strings"
	"testing"
)

// BenchmarkSoundWords measures the reading lexicon's share of a query:
// segmenting a kana-only call and a long one against the default corpus's
// lexicon (the analysis itself is the query's, cached).
func BenchmarkSoundWords(b *testing.B) {
	e := mustDefaultEngine(b)
	for _, tc := range []struct{ name, text string }{
		{"kana-40", "さーばーのふぁいるがかってにあんごうかされてみのしろきんをはらえってでてる"},
		{"kana-2000", strings.Repeat("らんさむうぇあにかんせんしてしまった", 110)},
	} {
		p := e.analysePart(tc.text, 1)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				e.soundWords(tc.text, p)
			}
		})
	}
}
