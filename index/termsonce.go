package index

import "github.com/soudan-desk/soudan/corpus"

// TermsOnce is [Analyzer.Terms] without the cache and without the
// readings that [Analyzer.Analyse] computes beside the terms: for a batch
// of distinct texts analysed once each (the duplicate finder reads
// 100,000 titles), where the cache only churns.
func (a *Analyzer) TermsOnce(text string) []string {
	return a.termsOfNorm(corpus.Normalize(text))
}
