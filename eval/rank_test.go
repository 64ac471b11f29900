package eval_test

import (
	"testing"

	"github.com/soudan-desk/soudan/eval/evaltest"
)

// TestRankingGolden is the ranking regression test in the manner of zoekt's
// e2e_rank_test.go, here against the deterministic bigram fake. Wiring the
// real engine is the same call with eval.NewEngineRanker(engine).
func TestRankingGolden(t *testing.T) {
	entries := evaltest.LoadEntries(t, "testdata/mini_corpus.json")
	suite := evaltest.MustLoadSuite(t, "testdata/mini.jsonl")
	evaltest.RankGolden(t, evaltest.NewBigramRanker(entries), suite, entries, "testdata/rank/fake", *update)
}
