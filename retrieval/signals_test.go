package retrieval_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/retrieval"
)

func TestParseSignals(t *testing.T) {
	tests := []struct {
		spec    string
		want    map[string]float64
		wantErr string
	}{
		{"tokens,bigrams,vector,examples", map[string]float64{"tokens": 1, "bigrams": 1, "vector": 1, "examples": 1}, ""},
		{" tokens = 2 , vector=0.5,", map[string]float64{"tokens": 2, "vector": 0.5}, ""},
		{"bigrams=0", map[string]float64{"bigrams": 0}, ""},
		{"", map[string]float64{}, ""},
		{"tokens,words", nil, `unknown signal "words"`},
		{"tokens=-1", nil, "bad weight"},
		{"tokens=x", nil, "bad weight"},
	}
	for _, tt := range tests {
		got, err := retrieval.ParseSignals(tt.spec)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseSignals(%q) error = %v, want %q", tt.spec, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !maps.Equal(got, tt.want) {
			t.Errorf("ParseSignals(%q) = %v, %v; want %v", tt.spec, got, err, tt.want)
		}
	}
}
