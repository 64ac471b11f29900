package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/soudan-desk/soudan/api"
)

// DefaultTimeout bounds one request of the HTTP ranker.
const DefaultTimeout = 30 * time.Second

// NewHTTPRanker returns a ranker that asks a running soudan server at
// baseURL (e.g. http://127.0.0.1:8080) through POST /api/search, speaking
// the wire types of package api that the server writes. Each request
// is bounded by timeout (DefaultTimeout when 0). A non-200 answer is an error
// that carries the server's error code and message.
func NewHTTPRanker(baseURL string, timeout time.Duration) (Ranker, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("bad --url %q: %v", baseURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("bad --url %q: want http://host:port", baseURL)
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	base := strings.TrimRight(u.String(), "/")
	return &httpRanker{
		endpoint: base + "/api/search",
		health:   base + "/healthz",
		client:   &http.Client{Timeout: timeout},
	}, nil
}

type httpRanker struct {
	endpoint string
	health   string
	client   *http.Client
}

// entryCounter is implemented by rankers that can tell the size of the
// corpus they search, so that a mismatch with the local entry list (which
// gives the relevant counts) can be reported.
type entryCounter interface {
	EntryCount(ctx context.Context) (int, error)
}

// EntryCount asks GET /healthz for the number of entries the server
// searches.
func (r *httpRanker) EntryCount(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.health, nil)
	if err != nil {
		return 0, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", r.health, resp.Status)
	}
	var h api.HealthResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&h); err != nil || h.Status != "ok" {
		return 0, fmt.Errorf("GET %s: no entry count in the answer", r.health)
	}
	return h.Entries, nil
}

func (r *httpRanker) Rank(ctx context.Context, q *Query, k int) (*Ranking, error) {
	body, err := json.Marshal(api.SearchRequest{Query: q.Text, K: k})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, fmt.Errorf("POST %s: reading the answer: %v", r.endpoint, err)
	}
	if resp.StatusCode != http.StatusOK {
		var ae api.ErrorResponse
		if json.Unmarshal(data, &ae) == nil && ae.Error.Code != "" {
			return nil, fmt.Errorf("POST %s: %s: %s: %s", r.endpoint, resp.Status, ae.Error.Code, ae.Error.Message)
		}
		return nil, fmt.Errorf("POST %s: %s: %s", r.endpoint, resp.Status, snippet(data))
	}
	var ar api.SearchResponse
	if err := json.Unmarshal(data, &ar); err != nil {
		return nil, fmt.Errorf("POST %s: bad JSON answer: %v", r.endpoint, err)
	}
	rk := &Ranking{Degraded: ar.Degraded, Confidence: ar.Confidence}
	for _, res := range ar.Results {
		h := Hit{ID: res.ID, Kind: res.Kind, Title: res.Title, Path: res.Path, Score: res.Score}
		for _, ref := range res.Referrals {
			h.Orgs = append(h.Orgs, ref.Org)
		}
		rk.Hits = append(rk.Hits, h)
	}
	for _, ref := range ar.Referrals {
		rk.addCard(Card{Action: ref.Action, Org: ref.Org, From: ref.From})
	}
	return rk, nil
}

// snippet returns the start of a non-JSON error body for an error message.
func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}
