package insights_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/insights"
	"github.com/soudan-desk/soudan/store"
)

// memStore serves a fixed period's records from memory, so that the
// benchmark measures the report, not the database.
type memStore struct {
	searches []store.Search
	feedback []store.Feedback
}

func (m *memStore) AddSearch(context.Context, store.Search) error     { return nil }
func (m *memStore) AddFeedback(context.Context, store.Feedback) error { return nil }
func (m *memStore) DeleteSearch(context.Context, string) error        { return nil }
func (m *memStore) Searches(context.Context, store.Period) ([]store.Search, error) {
	return m.searches, nil
}
func (m *memStore) Feedback(context.Context, store.Period) ([]store.Feedback, error) {
	return m.feedback, nil
}
func (m *memStore) Purge(context.Context, time.Time) (int64, error) { return 0, nil }

// synthSearches makes n searches over 30 days: a third unanswered, with
// wordings drawn from a few hundred topics and varied endings, so that
// grouping has real work to do.
func synthSearches(n int) *memStore {
	r := rand.New(rand.NewPCG(1, 2))
	topics := make([]string, 300)
	for i := range topics {
		topics[i] = fmt.Sprintf("話題%03dの不審なメールが届いた件", i)
	}
	endings := []string{"", "がどうすればよいか", "、至急対応したい", "と〔氏名〕さんから電話", "について知りたい"}
	now := time.Now()
	m := &memStore{}
	for i := range n {
		conf := []string{"high", "low", "none"}[r.IntN(3)]
		s := store.Search{
			ID: fmt.Sprintf("s%06d", i), At: now.Add(-time.Duration(r.IntN(30*24)) * time.Hour),
			Query:      topics[r.IntN(len(topics))] + endings[r.IntN(len(endings))] + fmt.Sprint(r.IntN(20)),
			Confidence: conf, Results: []string{"e1", "e2", "e3"}, Event: "idle",
		}
		m.searches = append(m.searches, s)
		if i%5 == 0 {
			m.feedback = append(m.feedback, store.Feedback{ID: "f" + s.ID, SearchID: s.ID, At: s.At, Verdict: store.VerdictHelpful, EntryID: "e1"})
		}
	}
	return m
}

// BenchmarkReport builds the /insights report over a month of recorded
// searches: go test ./insights -run '^$' -bench Report
func BenchmarkReport(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 20_000, 50_000} {
		b.Run(fmt.Sprintf("searches=%d", n), func(b *testing.B) {
			svc := insights.New(insights.Config{Store: synthSearches(n), Mask: func(s string) string { return s }})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := svc.Report(context.Background(), insights.Query{Days: 30}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
