package eval_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/eval"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// corpusFixture has three ransomware entries (one matched through its path
// only), a full-width "ＥＣ" title, and unrelated entries.
func corpusFixture() []*corpus.Entry {
	return []*corpus.Entry{
		entry("r1", "ランサムウェアの標準回答 / ウイルス", "警察（サイバー犯罪相談窓口）"),
		entry("r2", "調査業者の紹介 / ウイルス / ランサムウェア"),
		entry("r3", "ランサムウェア対策", "IPA情報セキュリティ安心相談窓口"),
		entry("ec", "なりすましＥＣサイト / 詐欺", "消費者ホットライン"),
		entry("x1", "バックアップ / 平時の備え"),
		entry("x2", "パスワードの管理 / 平時の備え"),
	}
}

func TestRelevanceRules(t *testing.T) {
	entries := corpusFixture()
	s := mustParseSuite(t, strings.Join([]string{
		`{"id": "path", "query": "q", "expect": ["ランサムウェア"], "referrals": []}`,
		`{"id": "fold", "query": "q", "expect": ["なりすましec"], "referrals": []}`,
		`{"id": "ids", "query": "q", "expect": [], "expect_ids": ["x2"], "referrals": []}`,
		`{"id": "both", "query": "q", "expect": ["バックアップ"], "expect_ids": ["x2"], "referrals": []}`,
		`{"id": "joined", "query": "q", "expect": ["標準回答 ウイルス"], "referrals": []}`,
	}, "\n"))
	got := eval.Relevance(s, entries)
	want := map[string][]string{
		"path":   {"r1", "r2", "r3"},
		"fold":   {"ec"},
		"ids":    {"x2"},
		"both":   {"x1", "x2"},
		"joined": {"r1"},
	}
	for q, w := range want {
		if g := got.Relevant(q); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: relevant = %v, want %v", q, g, w)
		}
	}
}

func TestEvaluate(t *testing.T) {
	entries := corpusFixture()
	s := mustParseSuite(t, strings.Join([]string{
		// R = 3; relevant at ranks 2 and 3.
		`{"id": "q1", "query": "暗号化された", "expect": ["ランサムウェア"], "referrals": ["警察", "銀行"], "tags": ["a"]}`,
		// R = 1; relevant at rank 1; referral found after folding.
		`{"id": "q2", "query": "偽サイト", "expect": ["なりすましEC"], "referrals": ["消費者ﾎｯﾄﾗｲﾝ"], "tags": ["a", "b"]}`,
		// R = 1; nothing relevant retrieved; no referrals expected.
		`{"id": "q3", "query": "パスワード", "expect_ids": ["x2"], "referrals": [], "tags": ["b"]}`,
	}, "\n"))
	rk := newFixedRanker(entries)
	rk.ranks["q1"] = []string{"x1", "r2", "r1", "r2"} // duplicate r2 is dropped
	rk.orgs["q1"] = []string{"警察（サイバー犯罪相談窓口）"}
	rk.ranks["q2"] = []string{"ec", "x1"}
	rk.orgs["q2"] = []string{"消費者ホットライン"}
	rk.ranks["q3"] = []string{"x1", "r1"}

	run := mustEvaluate(t, s, rk, entries, eval.Options{K: 10, GateK: 1})

	q1 := run.Result("q1")
	if q1.FirstRelevant != 2 || q1.Relevant != 3 || q1.Pass || len(q1.Top) != 3 {
		t.Errorf("q1: first=%d relevant=%d pass=%v top=%d, want 2, 3, false, 3", q1.FirstRelevant, q1.Relevant, q1.Pass, len(q1.Top))
	}
	// DCG = 1/log2(3) + 1/log2(4); IDCG = 1 + 1/log2(3) + 1/log2(4).
	wantNDCG := (1/math.Log2(3) + 0.5) / (1 + 1/math.Log2(3) + 0.5)
	for m, w := range map[string]float64{eval.Hit1: 0, eval.Hit3: 1, eval.MRR10: 0.5, eval.NDCG10: wantNDCG, eval.Recall10: 2.0 / 3, eval.ReferralRecall: 0.5} {
		if !near(q1.Metrics[m], w) {
			t.Errorf("q1 %s = %v, want %v", m, q1.Metrics[m], w)
		}
	}
	if want := []string{"銀行"}; !reflect.DeepEqual(q1.MissingReferrals, want) {
		t.Errorf("q1 missing referrals = %v, want %v", q1.MissingReferrals, want)
	}
	q2 := run.Result("q2")
	if !q2.Pass || q2.Metrics[eval.ReferralRecall] != 1 {
		t.Errorf("q2: pass=%v referral_recall=%v, want true, 1", q2.Pass, q2.Metrics[eval.ReferralRecall])
	}
	q3 := run.Result("q3")
	if _, ok := q3.Metrics[eval.ReferralRecall]; ok {
		t.Error("q3 has referral_recall although it names no referral")
	}
	if q3.FirstRelevant != 0 || q3.Metrics[eval.Hit10] != 0 {
		t.Errorf("q3: first=%d hit@10=%v, want 0, 0", q3.FirstRelevant, q3.Metrics[eval.Hit10])
	}

	// Suite means; referral_recall over q1 and q2 only.
	want := map[string]float64{
		eval.Hit1:           1.0 / 3,
		eval.Hit3:           2.0 / 3,
		eval.Hit10:          2.0 / 3,
		eval.MRR10:          (0.5 + 1) / 3,
		eval.NDCG10:         (wantNDCG + 1) / 3,
		eval.Recall10:       (2.0/3 + 1) / 3,
		eval.ReferralRecall: 0.75,
	}
	for m, w := range want {
		if !near(run.Summary[m], w) {
			t.Errorf("summary %s = %v, want %v", m, run.Summary[m], w)
		}
	}
	if len(run.Summary) != len(eval.Metrics) {
		t.Errorf("summary has %d keys, want %d", len(run.Summary), len(eval.Metrics))
	}
	if c := run.Counts; c.Queries != 3 || c.ReferralQueries != 2 || c.Passed != 1 {
		t.Errorf("counts = %+v", c)
	}

	// Per tag: a = {q1, q2}, b = {q2, q3}.
	if len(run.PerTag) != 2 || run.PerTag[0].Tag != "a" || run.PerTag[1].Tag != "b" {
		t.Fatalf("per tag = %+v", run.PerTag)
	}
	if got := run.PerTag[0].Metrics[eval.MRR10]; !near(got, 0.75) {
		t.Errorf("tag a mrr@10 = %v, want 0.75", got)
	}
	b := run.PerTag[1]
	if !near(b.Metrics[eval.Hit1], 0.5) || b.Metrics[eval.ReferralRecall] != 1 || b.Counts.ReferralQueries != 1 {
		t.Errorf("tag b = %+v", b)
	}
}

func TestEvaluateUndefinedReferralRecall(t *testing.T) {
	entries := corpusFixture()
	s := mustParseSuite(t, `{"id": "q", "query": "q", "expect": ["バックアップ"], "referrals": []}`)
	rk := newFixedRanker(entries)
	rk.ranks["q"] = []string{"x1"}
	run := mustEvaluate(t, s, rk, entries, eval.Options{})
	if run.Counts.Defined(eval.ReferralRecall) {
		t.Error("referral_recall defined without referral queries")
	}
	if v, ok := run.Summary[eval.ReferralRecall]; !ok || v != 0 {
		t.Errorf("summary referral_recall = %v, %v; want 0, present", v, ok)
	}
	if run.K != eval.DefaultK || run.GateK != eval.DefaultGateK {
		t.Errorf("k=%d gate_k=%d, want defaults", run.K, run.GateK)
	}
}

// A relevant hit missing from the entry list still counts in R, so that
// recall and nDCG stay at most 1.
func TestEvaluateStaleEntryList(t *testing.T) {
	entries := corpusFixture()
	s := mustParseSuite(t, `{"id": "q", "query": "q", "expect": ["ランサムウェア"], "referrals": []}`)
	rk := newFixedRanker(entries)
	rk.ranks["q"] = []string{"r1", "r2", "r3"}
	run := mustEvaluate(t, s, rk, entries[:1], eval.Options{})
	q := run.Result("q")
	if q.Relevant != 3 || q.Metrics[eval.Recall10] != 1 || !near(q.Metrics[eval.NDCG10], 1) {
		t.Errorf("relevant=%d recall=%v ndcg=%v, want 3, 1, 1", q.Relevant, q.Metrics[eval.Recall10], q.Metrics[eval.NDCG10])
	}
}

func TestEvaluateErrors(t *testing.T) {
	s := mustParseSuite(t, `{"id": "q9", "query": "q", "expect": ["x"], "referrals": []}`)
	boom := errors.New("boom")
	failing := eval.RankerFunc(func(context.Context, *eval.Query, int) (*eval.Ranking, error) { return nil, boom })
	_, err := eval.Evaluate(context.Background(), s, failing, nil, eval.Options{})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "query q9") {
		t.Errorf("error = %v, want boom naming query q9", err)
	}
	for _, opt := range []eval.Options{{K: -1}, {K: 3, GateK: 5}} {
		if _, err := eval.Evaluate(context.Background(), s, failing, nil, opt); err == nil {
			t.Errorf("options %+v: no error", opt)
		}
	}
}
