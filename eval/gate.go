package eval

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Threshold is a metric name with a value, as in hit@5=0.85.
type Threshold struct {
	Metric string
	Value  float64
}

func (t Threshold) String() string { return fmt.Sprintf("%s=%g", t.Metric, t.Value) }

// ParseThreshold parses "metric=value" with a non-negative value. A value
// above 1 is allowed: such a --min gate can never pass, which makes a
// failing gate easy to demonstrate.
func ParseThreshold(s string) (Threshold, error) {
	name, val, ok := strings.Cut(s, "=")
	if !ok {
		return Threshold{}, fmt.Errorf("bad threshold %q: want metric=value, e.g. hit@5=0.85", s)
	}
	m, err := ParseMetric(strings.TrimSpace(name))
	if err != nil {
		return Threshold{}, fmt.Errorf("bad threshold %q: %v", s, err)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return Threshold{}, fmt.Errorf("bad threshold %q: value must be a non-negative number", s)
	}
	return Threshold{Metric: m, Value: v}, nil
}

// Thresholds is a repeatable flag of thresholds.
type Thresholds []Threshold

// String implements flag.Value.
func (ts *Thresholds) String() string {
	if ts == nil {
		return ""
	}
	parts := make([]string, len(*ts))
	for i, t := range *ts {
		parts[i] = t.String()
	}
	return strings.Join(parts, ",")
}

// Set implements flag.Value: it adds one threshold.
func (ts *Thresholds) Set(s string) error {
	t, err := ParseThreshold(s)
	if err != nil {
		return err
	}
	*ts = append(*ts, t)
	return nil
}

// GateError is a failed gate. Its message has one line per failure, each
// starting with "gate failed: ".
type GateError struct {
	Failures []string
}

func (e *GateError) Error() string {
	lines := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		lines[i] = "gate failed: " + f
	}
	return strings.Join(lines, "\n")
}

// Gates are the thresholds a run must meet: floors (--min), ceilings
// (--max, for metrics where less is better, such as cards_per_query and
// false_none) and the largest drops against a comparison's baseline
// (--max-drop).
type Gates struct {
	Min, Max, MaxDrop Thresholds
}

// Gate checks run against g; the drops need cmp, the comparison with a
// baseline. It returns nil or a *GateError. A metric that is undefined
// (referral_recall without referral queries, none_recall without uncovered
// calls) fails its gate. Values are compared with a tolerance of 1e-9.
func Gate(run *Run, g Gates, cmp *Comparison) error {
	var fails []string
	bound := func(ts Thresholds, kind string, bad func(v, limit float64) bool, op string) {
		for _, t := range ts {
			if !run.Counts.Defined(t.Metric) {
				fails = append(fails, fmt.Sprintf("%s is undefined (no query to average over), %s %.4f", t.Metric, kind, t.Value))
				continue
			}
			if v := run.Summary[t.Metric]; bad(v, t.Value) {
				fails = append(fails, fmt.Sprintf("%s = %.4f %s %s %.4f", t.Metric, v, op, kind, t.Value))
			}
		}
	}
	bound(g.Min, "min", func(v, limit float64) bool { return v < limit-eps }, "<")
	bound(g.Max, "max", func(v, limit float64) bool { return v > limit+eps }, ">")
	if len(g.MaxDrop) > 0 && cmp == nil {
		return errors.New("--max-drop needs a baseline or a second configuration to compare with")
	}
	for _, t := range g.MaxDrop {
		d := cmp.Delta(t.Metric)
		if d == nil || d.N == 0 {
			fails = append(fails, fmt.Sprintf("%s has no paired queries to compare, max drop %.4f", t.Metric, t.Value))
			continue
		}
		if drop := d.Baseline - d.Candidate; drop > t.Value+eps {
			fails = append(fails, fmt.Sprintf("%s dropped %.4f (%.4f → %.4f) > max drop %.4f", t.Metric, drop, d.Baseline, d.Candidate, t.Value))
		}
	}
	if len(fails) > 0 {
		return &GateError{Failures: fails}
	}
	return nil
}
