package retrieval

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Signals lists the ranking signals an engine can fuse, in the order the
// defaults name them.
var Signals = []string{SignalTokens, SignalBigrams, SignalReadings, SignalVector, SignalExamples}

// ParseSignals reads a signal list such as "tokens,bigrams=0.5,vector": each
// item a signal name from [Signals], optionally with =weight (a number ≥ 0;
// 1 when left out). The result is fit for Options.Weights; a signal that is
// not named is not run.
func ParseSignals(spec string) (map[string]float64, error) {
	weights := map[string]float64{}
	for _, item := range strings.Split(spec, ",") {
		name, w, hasW := strings.Cut(item, "=")
		name, w = strings.TrimSpace(name), strings.TrimSpace(w)
		if name == "" {
			continue
		}
		if !slices.Contains(Signals, name) {
			return nil, fmt.Errorf("unknown signal %q (want %s)", name, strings.Join(Signals, ", "))
		}
		weight := 1.0
		if hasW {
			v, err := strconv.ParseFloat(w, 64)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("bad weight in %q: want a number ≥ 0", item)
			}
			weight = v
		}
		weights[name] = weight
	}
	return weights, nil
}
