// Package api is the contract of soudan's HTTP API: the JSON types that
// the server (package web) writes and its clients (eval's --url target)
// read, their conversions from the corpus and retrieval types, and the
// [Searcher] the server answers from.
//
// The types copy what they need from the corpus and retrieval types, so
// that a change there does not change the API by accident. Lists are never
// null.
package api

import (
	"context"

	"github.com/samber/lo"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

// Searcher is what the API serves from: the search itself and the corpus
// it searches (entries by id, their place in the manual, the entry count).
// *retrieval.Engine implements it. The server holds one Searcher at a
// time and may swap it for a rebuilt one; the corpus always comes with its
// own engine, so a swap never mixes two versions.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) (*retrieval.Response, error)
	Corpus() *corpus.Corpus
}

// SearchRequest is the body of POST /api/search as clients send it. The
// server also accepts "debug".
type SearchRequest struct {
	Query string   `json:"query"`
	K     int      `json:"k,omitempty"`
	Kinds []string `json:"kinds,omitempty"`
	Debug bool     `json:"debug,omitempty"`
}

// SearchResponse is the body of a successful search.
type SearchResponse struct {
	Query   string       `json:"query"`
	Results []ResultJSON `json:"results"`
	// Confidence is "high" (the first result answers the caller), "low"
	// (related entries, no clear answer) or "none" (the manual has nothing
	// on this).
	Confidence string `json:"confidence"`
	// Referrals are the cards of the answer staff should give; [] when
	// confidence is none.
	Referrals []CardJSON `json:"referrals"`
	// Routing lists the manual's routing for out-of-scope calls when
	// confidence is none; [] otherwise.
	Routing  []ResultJSON `json:"routing"`
	Degraded bool         `json:"degraded"`
	// Highlight holds the query's words as the analyser cuts them; the
	// page highlights these whole words in the results.
	Highlight []string `json:"highlight"`
	TookMS    float64  `json:"took_ms"`
	// Signals are the evidence behind Confidence; only with debug.
	Signals *retrieval.ConfidenceSignals `json:"confidence_signals,omitempty"`
}

// CardJSON is a referral card of a search: a referral destination with the
// ids of the results whose answer names it.
type CardJSON struct {
	ReferralJSON
	From []string `json:"from"`
}

// EntryJSON is one entry of the knowledge base.
type EntryJSON struct {
	ID             string         `json:"id"`
	Kind           string         `json:"kind"`
	Title          string         `json:"title"`
	Path           []string       `json:"path"`
	Answer         string         `json:"answer"`
	Referrals      []ReferralJSON `json:"referrals"`
	GuidebookPages []string       `json:"guidebook_pages"`
	Links          []string       `json:"links"`
	Source         SourceJSON     `json:"source"`
}

// ResultJSON is one ranked entry.
type ResultJSON struct {
	EntryJSON
	Score float64 `json:"score"`
	// Explain tells how the result got its rank; only with debug.
	Explain *retrieval.Explanation `json:"explain,omitempty"`
}

// ReferralJSON is a referral destination. Phone and URL are omitted when
// the corpus has none: soudan never invents a contact.
type ReferralJSON struct {
	Action string `json:"action"`
	Org    string `json:"org"`
	Phone  string `json:"phone,omitempty"`
	URL    string `json:"url,omitempty"`
}

// SourceJSON locates an entry in its corpus file; lines are 1-based.
type SourceJSON struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
}

// EntryResponse is the body of GET /api/entries/:id: the entry and its
// place in the manual.
type EntryResponse struct {
	EntryJSON
	// Meta holds the entry's extra fields: the editors' attributes of a
	// map node (担当, 確認日 …) and the date, category and caller of CSV
	// and YAML case records. A name may have several values, in order.
	// Never null: {} when there are none.
	Meta    map[string][]string `json:"meta"`
	Context ContextJSON         `json:"context"`
}

// ContextJSON is an entry's place in the manual's outline.
type ContextJSON struct {
	// Parent is the heading or entry the entry sits under; null at the top.
	Parent *NodeJSON `json:"parent"`
	// Siblings are the nodes under the same parent, in manual order,
	// including the entry itself (marked current).
	Siblings []NodeJSON `json:"siblings"`
	// Children are the nodes directly under the entry.
	Children []NodeJSON `json:"children"`
}

// NodeJSON is a node of the outline. ID and Kind are empty for a heading
// that has no text of its own.
type NodeJSON struct {
	ID      string `json:"id,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Title   string `json:"title"`
	Current bool   `json:"current,omitempty"`
}

// HealthResponse is the body of a ready /healthz.
type HealthResponse struct {
	Status  string `json:"status"`
	Entries int    `json:"entries"`
}

// ErrorResponse is the body of every error answer.
type ErrorResponse struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail names the problem of an error answer.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// NewSearchResponse converts an engine response to the API contract. Explain
// is kept only when debug is true. The CLI uses it for --json.
func NewSearchResponse(resp *retrieval.Response, debug bool) SearchResponse {
	out := SearchResponse{
		Query:      resp.Query,
		Results:    make([]ResultJSON, 0, len(resp.Results)),
		Confidence: string(resp.Confidence),
		Referrals:  make([]CardJSON, 0, len(resp.Referrals)),
		Routing:    make([]ResultJSON, 0, len(resp.Routing)),
		Degraded:   resp.Degraded,
		Highlight:  lo.CoalesceSliceOrEmpty(resp.Highlight),
		TookMS:     float64(resp.Took.Microseconds()) / 1000,
	}
	for _, c := range resp.Referrals {
		out.Referrals = append(out.Referrals, CardJSON{ReferralJSON: referralJSON(c.Referral), From: lo.CoalesceSliceOrEmpty(c.From)})
	}
	for _, e := range resp.Routing {
		out.Routing = append(out.Routing, ResultJSON{EntryJSON: entryJSON(e)})
	}
	if debug {
		sig := resp.Signals
		out.Signals = &sig
	}
	for _, r := range resp.Results {
		if r.Entry == nil {
			continue
		}
		res := ResultJSON{EntryJSON: entryJSON(r.Entry), Score: r.Score}
		if debug {
			res.Explain = r.Explain
		}
		out.Results = append(out.Results, res)
	}
	return out
}

func entryJSON(e *corpus.Entry) EntryJSON {
	return EntryJSON{
		ID:             e.ID,
		Kind:           string(e.Kind),
		Title:          e.Title,
		Path:           lo.CoalesceSliceOrEmpty(e.Path),
		Answer:         e.Answer,
		Referrals:      referralsJSON(e.Referrals),
		GuidebookPages: lo.CoalesceSliceOrEmpty(e.GuidebookPages),
		Links:          lo.CoalesceSliceOrEmpty(e.Links),
		Source:         SourceJSON{File: e.Source.File, StartLine: e.Source.StartLine, EndLine: e.Source.EndLine},
	}
}

func referralsJSON(rs []corpus.Referral) []ReferralJSON {
	return lo.Map(rs, func(r corpus.Referral, _ int) ReferralJSON { return referralJSON(r) })
}

func referralJSON(r corpus.Referral) ReferralJSON {
	return ReferralJSON{Action: string(r.Action), Org: r.Org, Phone: r.Phone, URL: r.URL}
}

// NewEntryResponse builds the entry view; n is the entry's outline node,
// nil when the corpus has none for it.
func NewEntryResponse(e *corpus.Entry, n *corpus.Node) EntryResponse {
	out := EntryResponse{
		EntryJSON: entryJSON(e),
		Meta:      map[string][]string{},
		Context:   ContextJSON{Siblings: []NodeJSON{}, Children: []NodeJSON{}},
	}
	for k, vs := range e.Meta {
		out.Meta[k] = append([]string{}, vs...)
	}
	if n == nil {
		return out
	}
	if p := n.Parent; p != nil && (p.Parent != nil || p.Entry != nil || p.Title != "") {
		pj := nodeJSON(p)
		out.Context.Parent = &pj
	}
	if n.Parent != nil {
		for _, sib := range n.Parent.Children {
			sj := nodeJSON(sib)
			sj.Current = sib == n
			out.Context.Siblings = append(out.Context.Siblings, sj)
		}
	}
	for _, ch := range n.Children {
		out.Context.Children = append(out.Context.Children, nodeJSON(ch))
	}
	return out
}

func nodeJSON(n *corpus.Node) NodeJSON {
	out := NodeJSON{Title: n.Title}
	if n.Entry != nil {
		out.ID, out.Kind = n.Entry.ID, string(n.Entry.Kind)
		if out.Title == "" {
			out.Title = n.Entry.Title
		}
	}
	return out
}
