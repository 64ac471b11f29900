package eval_test

import (
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/eval"
)

func TestThresholdsFlag(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var ts eval.Thresholds
	fs.Var(&ts, "min", "")
	if err := fs.Parse([]string{"--min", "hit@5=0.85", "--min=mrr@10=0.5"}); err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0] != (eval.Threshold{Metric: "hit@5", Value: 0.85}) || ts[1].Metric != "mrr@10" {
		t.Errorf("thresholds = %v", ts)
	}
	// A floor above 1 is accepted: it is a gate that always fails.
	if th, err := eval.ParseThreshold("hit@5=1.01"); err != nil || th.Value != 1.01 {
		t.Errorf("ParseThreshold(hit@5=1.01) = %v, %v", th, err)
	}
	for _, bad := range []string{"hit@5", "hit@4=0.5", "hit@5=-0.1", "hit@5=x", "hit@5=NaN", "=0.3"} {
		if _, err := eval.ParseThreshold(bad); err == nil {
			t.Errorf("ParseThreshold(%q): no error", bad)
		}
	}
}

func TestGate(t *testing.T) {
	run := &eval.Run{
		Summary: map[string]float64{eval.Hit5: 0.825, eval.MRR10: 0.7, eval.ReferralRecall: 0},
		Counts:  eval.Counts{Queries: 40},
	}
	cmp := &eval.Comparison{Metrics: []eval.MetricDelta{
		{Metric: eval.MRR10, Baseline: 0.75, Candidate: 0.72, Delta: -0.03, N: 40},
		{Metric: eval.Hit1, Baseline: 0.5, Candidate: 0.49, Delta: -0.01, N: 40},
	}}
	min := func(s ...string) eval.Thresholds {
		var ts eval.Thresholds
		for _, x := range s {
			if err := ts.Set(x); err != nil {
				t.Fatal(err)
			}
		}
		return ts
	}
	tests := []struct {
		name     string
		min, max eval.Thresholds
		cmp      *eval.Comparison
		want     string // "" for a pass
	}{
		{"pass", min("hit@5=0.8", "mrr@10=0.7"), nil, nil, ""},
		{"below min", min("hit@5=0.85"), nil, nil, "gate failed: hit@5 = 0.8250 < min 0.8500"},
		{"undefined", min("referral_recall=0.5"), nil, nil, "gate failed: referral_recall is undefined"},
		{"drop too large", nil, min("mrr@10=0.02"), cmp, "gate failed: mrr@10 dropped 0.0300 (0.7500 → 0.7200) > max drop 0.0200"},
		{"drop within", nil, min("hit@1=0.01", "mrr@10=0.05"), cmp, ""},
		{"two failures", min("hit@5=0.9"), min("mrr@10=0.01"), cmp, "gate failed: hit@5 = 0.8250 < min 0.9000\ngate failed: mrr@10 dropped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := eval.Gate(run, eval.Gates{Min: tt.min, MaxDrop: tt.max}, tt.cmp)
			if tt.want == "" {
				if err != nil {
					t.Errorf("error = %v, want none", err)
				}
				return
			}
			var ge *eval.GateError
			if !errors.As(err, &ge) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v, want *GateError starting %q", err, tt.want)
			}
		})
	}
	if err := eval.Gate(run, eval.Gates{MaxDrop: min("mrr@10=0.01")}, nil); err == nil {
		t.Error("--max-drop without a comparison: no error")
	}
}
