package retrieval

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
)

// Limits on a query, shared by every front end.
const (
	DefaultK     = 10
	MaxK         = 50
	MaxQueryLen  = 2000 // characters (runes)
	ReferralsTop = 5    // results that may share the answer's referral cards
)

// Query is one search request.
type Query struct {
	Text  string
	K     int           // number of results; 0 means DefaultK
	Kinds []corpus.Kind // restrict to these kinds; empty means all
	Debug bool          // fill Result.Explain
}

// InvalidError reports a query that cannot be run. Field names the part of
// the query at fault.
type InvalidError struct {
	Field   string
	Message string
	TooLong bool // the query text exceeds MaxQueryLen
}

func (e *InvalidError) Error() string { return e.Field + ": " + e.Message }

// Validate checks q and fills defaults.
func (q *Query) Validate() error {
	if !utf8.ValidString(q.Text) {
		return &InvalidError{Field: "query", Message: "query is not valid UTF-8"}
	}
	if strings.TrimSpace(q.Text) == "" {
		return &InvalidError{Field: "query", Message: "query is empty"}
	}
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryLen {
		return &InvalidError{Field: "query", Message: fmt.Sprintf("query is %d characters; the limit is %d", n, MaxQueryLen), TooLong: true}
	}
	if q.K == 0 {
		q.K = DefaultK
	}
	if q.K < 1 || q.K > MaxK {
		return &InvalidError{Field: "k", Message: fmt.Sprintf("k must be between 1 and %d, got %d", MaxK, q.K)}
	}
	for _, k := range q.Kinds {
		if _, err := corpus.ParseKind(string(k)); err != nil {
			return &InvalidError{Field: "kinds", Message: err.Error()}
		}
	}
	return nil
}

// Result is one ranked entry.
type Result struct {
	Entry   *corpus.Entry
	Score   float64
	Explain *Explanation // set when Query.Debug is true
	// Features are the re-ranking features of the first
	// Options.Rerank.Depth results (RerankFeatureNames), nil for the rest.
	Features []float64
}

// Explanation tells how a result got its rank.
type Explanation struct {
	Signals []SignalScore `json:"signals"`
	Prior   float64       `json:"prior"` // kind prior multiplier
	Fused   float64       `json:"fused"` // fused score before the prior
}

// SignalScore is one ranking signal's view of a result. Rank is 1-based;
// 0 means the signal did not rank the result.
type SignalScore struct {
	Name   string  `json:"name"`
	Rank   int     `json:"rank"`
	Score  float64 `json:"score"`
	Weight float64 `json:"weight"`
	RRF    float64 `json:"rrf"` // this signal's share of the fused score
}

// Response is the answer to a Query.
type Response struct {
	Query   string
	Results []Result
	// Confidence says whether the first result answers the caller (high),
	// the results are only related (low), or the manual has nothing on
	// this (none).
	Confidence Confidence
	// Signals are the evidence Confidence was classified from.
	Signals ConfidenceSignals
	// Referrals are the cards of the answer staff should give: the first
	// result's referrals (its section's when it names none), and those of
	// near-equal answers to the same question. Empty when Confidence is
	// none.
	Referrals []Card
	// Routing lists the manual's routing for out-of-scope calls (entries
	// marked routing by editors) when Confidence is none; nil otherwise.
	Routing []*corpus.Entry
	// Degraded is true when a signal failed (for example Ollama was down)
	// and the results come from the remaining signals.
	Degraded bool
	// Highlight holds the query's content words as the analyser cuts them
	// (index.Analyzer.Words), for highlighting whole words in results.
	Highlight []string
	Took      time.Duration
}
