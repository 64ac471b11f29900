package store_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/store"
)

// feedbackRace is one round of verdicts sent at once through two handles.
type feedbackRace struct {
	name string
	// verdict gives the i-th piece of feedback's verdict and entry.
	verdict func(i int) (string, string)
}

// TestConcurrentFeedback sends verdicts on one search through two handles
// at once, as staff on two replicas do: a search must still hold one
// verdict per entry and never both kinds, and the latest verdict.
func TestConcurrentFeedback(t *testing.T) {
	rounds := []feedbackRace{
		{"none and helpful", func(i int) (string, string) {
			if i%2 == 0 {
				return store.VerdictNone, ""
			}
			return store.VerdictHelpful, fmt.Sprintf("e%d", i%3)
		}},
		{"helpful on one entry", func(int) (string, string) { return store.VerdictHelpful, "e1" }},
		{"helpful on several entries", func(i int) (string, string) { return store.VerdictHelpful, fmt.Sprintf("e%d", i%3) }},
	}
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			a, b := open(t)
			for r, round := range rounds {
				id := fmt.Sprintf("s%d", r)
				if err := a.AddSearch(ctx, store.Search{ID: id, At: time.Now(), Query: "q", Results: []string{"e0", "e1", "e2"}, Event: "feedback"}); err != nil {
					t.Fatal(err)
				}
				sent := raceFeedback(t, []store.Store{a, b}, id, round.verdict)
				got, err := b.Feedback(ctx, store.Period{})
				if err != nil {
					t.Fatal(err)
				}
				got = slices.DeleteFunc(got, func(f store.Feedback) bool { return f.SearchID != id })
				if err := checkVerdicts(got, sent); err != nil {
					t.Errorf("%s: stored %v: %v", round.name, describe(got), err)
				}
			}
		})
	}
}

// raceFeedback sends 24 verdicts on search id at once, alternately through
// each store, with times in an order unrelated to the order of sending.
func raceFeedback(t *testing.T, stores []store.Store, id string, verdict func(int) (string, string)) []store.Feedback {
	const n = 24
	base := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	sent := make([]store.Feedback, n)
	for i := range sent {
		v, e := verdict(i)
		sent[i] = store.Feedback{ID: fmt.Sprintf("%s-f%02d", id, i), SearchID: id, At: base.Add(time.Duration((i*7)%n) * time.Second), Verdict: v, EntryID: e}
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range sent {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = stores[i%len(stores)].AddFeedback(ctx, sent[i]) }()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("AddFeedback: %v", err)
	}
	return sent
}

// checkVerdicts checks what a search holds after the verdicts sent
// arrived in some order: one verdict per entry, never both kinds, and the
// latest verdict sent among them.
func checkVerdicts(got, sent []store.Feedback) error {
	latest := slices.MaxFunc(sent, func(a, b store.Feedback) int { return a.At.Compare(b.At) })
	if !slices.ContainsFunc(got, func(f store.Feedback) bool { return f.ID == latest.ID }) {
		return fmt.Errorf("the latest verdict %s is missing", latest.ID)
	}
	entries := map[string]bool{}
	for _, f := range got {
		if entries[f.EntryID] {
			return fmt.Errorf("two verdicts on entry %q", f.EntryID)
		}
		entries[f.EntryID] = true
	}
	if entries[""] && len(got) > 1 {
		return errors.New("a none beside a helpful verdict")
	}
	return nil
}

func describe(fs []store.Feedback) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%s:%s%s@%s", f.ID, f.Verdict, f.EntryID, f.At.Format("05"))
	}
	return out
}

// TestFeedbackRacesDelete sends feedback on searches that another handle
// deletes at the same time, as an editor's 削除 or the hourly purge on
// another replica does: the feedback is stored or answered ErrNotFound,
// and the deletes succeed, never with a database error such as a foreign
// key violation or a deadlock (which would mark the store unavailable).
func TestFeedbackRacesDelete(t *testing.T) {
	const n = 16
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			a, b := open(t)
			old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for i := range n {
				id := fmt.Sprintf("s%02d", i)
				if err := a.AddSearch(ctx, store.Search{ID: id, At: old, Query: "q", Event: "idle"}); err != nil {
					t.Fatal(err)
				}
				// a first verdict, which the racing one replaces
				if err := a.AddFeedback(ctx, store.Feedback{ID: "first-" + id, SearchID: id, At: old, Verdict: store.VerdictNone}); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			errs, dels := make([]error, n), make([]error, n)
			for i := range n {
				wg.Add(2)
				go func() {
					defer wg.Done()
					errs[i] = a.AddFeedback(ctx, store.Feedback{ID: fmt.Sprintf("f%02d", i), SearchID: fmt.Sprintf("s%02d", i), At: old.Add(time.Millisecond), Verdict: store.VerdictNone})
				}()
				go func() {
					defer wg.Done()
					if i%2 == 0 {
						dels[i] = b.DeleteSearch(ctx, fmt.Sprintf("s%02d", i))
					} else {
						_, dels[i] = b.Purge(ctx, old.Add(time.Second))
					}
				}()
			}
			wg.Wait()
			for i := range n {
				if err := errs[i]; err != nil && !errors.Is(err, store.ErrNotFound) {
					t.Errorf("feedback %d: %v, want nil or ErrNotFound", i, err)
				}
				if err := dels[i]; err != nil && !errors.Is(err, store.ErrNotFound) {
					t.Errorf("delete or purge %d: %v", i, err)
				}
			}
		})
	}
}
