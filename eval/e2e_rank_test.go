package eval_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/eval"
	"github.com/soudan-desk/soudan/eval/evaltest"
	"github.com/soudan-desk/soudan/retrieval"
)

// TestEngineRankingGolden runs the evaluation suites against the real
// engine with the default configuration and compares each query's top
// results with its golden file, testdata/rank/<suite>/<query id>.txt, and
// the suite's hit@1, hit@5 and mrr@10 with testdata/rank/<suite>/summary.txt,
// as zoekt's e2e ranking test does: every ranking change shows up in review
// as a diff of the queries it moved. Refresh with
//
//	go test ./eval -run EngineRankingGolden -update
func TestEngineRankingGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full engine")
	}
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := retrieval.New(context.Background(), c, retrieval.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, suite := range []string{"dev.jsonl", "callers.jsonl"} {
		t.Run(suite, func(t *testing.T) {
			s := evaltest.MustLoadSuite(t, filepath.Join("testdata", suite))
			dir := filepath.Join("testdata", "rank", strings.TrimSuffix(suite, ".jsonl"))
			run := evaltest.RankGolden(t, eval.NewEngineRanker(eng), s, c.Entries, dir, *update)
			t.Logf("%s: hit@1 %.4f hit@5 %.4f mrr@10 %.4f referral_recall %.4f", suite,
				run.Summary[eval.Hit1], run.Summary[eval.Hit5], run.Summary[eval.MRR10], run.Summary[eval.ReferralRecall])
		})
	}
}
