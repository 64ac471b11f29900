package eval

import (
	"strings"

	"github.com/soudan-desk/soudan/corpus"
)

// judge applies a query's relevance rules. Build it once per query with
// newJudge: it folds the expect strings once.
type judge struct {
	expect    []string // folded
	ids       map[string]bool
	referrals []string // folded
	q         *Query
}

func newJudge(q *Query) *judge {
	j := &judge{ids: make(map[string]bool, len(q.ExpectIDs)), q: q}
	for _, e := range q.Expect {
		j.expect = append(j.expect, corpus.Fold(e))
	}
	for _, id := range q.ExpectIDs {
		j.ids[id] = true
	}
	for _, r := range q.Referrals {
		j.referrals = append(j.referrals, corpus.Fold(r))
	}
	return j
}

// pathText is title followed by the path items, joined with single spaces,
// as [corpus.Entry.PathText] builds it.
func pathText(title string, path []string) string {
	return strings.Join(append([]string{title}, path...), " ")
}

// relevant reports whether the entry with this id, title and path is
// relevant.
func (j *judge) relevant(id, title string, path []string) bool {
	if j.ids[id] {
		return true
	}
	return len(j.expect) > 0 && j.matches(corpus.Fold(pathText(title, path)))
}

// matches reports whether some expect string occurs in the folded path
// text.
func (j *judge) matches(folded string) bool {
	for _, e := range j.expect {
		if strings.Contains(folded, e) {
			return true
		}
	}
	return false
}

// foldedEntries pairs corpus entries with their folded path text, computed
// once per evaluation rather than once per query.
type foldedEntries struct {
	entries []*corpus.Entry
	texts   []string
}

func foldEntries(entries []*corpus.Entry) *foldedEntries {
	f := &foldedEntries{entries: entries, texts: make([]string, len(entries))}
	for i, e := range entries {
		f.texts[i] = corpus.Fold(e.PathText())
	}
	return f
}

// relevantIDs returns the ids of the entries relevant to the judge's query.
func (j *judge) relevantIDs(f *foldedEntries) map[string]bool {
	ids := map[string]bool{}
	for i, e := range f.entries {
		if j.ids[e.ID] || j.matches(f.texts[i]) {
			ids[e.ID] = true
		}
	}
	return ids
}

// referralRecall returns the share of the expected referral strings found
// in some of orgs, and the strings not found. ok is false when the query
// expects no referral.
func (j *judge) referralRecall(orgs []string) (recall float64, missing []string, ok bool) {
	if len(j.referrals) == 0 {
		return 0, nil, false
	}
	folded := make([]string, len(orgs))
	for i, o := range orgs {
		folded[i] = corpus.Fold(o)
	}
	found := 0
	for i, want := range j.referrals {
		hit := false
		for _, o := range folded {
			if strings.Contains(o, want) {
				hit = true
				break
			}
		}
		if hit {
			found++
		} else {
			missing = append(missing, j.q.Referrals[i])
		}
	}
	return float64(found) / float64(len(j.referrals)), missing, true
}

// Relevance returns, for every query of s, the entries relevant to it with
// relevance 1. These are the qrels that [WriteQrels] and the BEIR
// export write.
func Relevance(s *Suite, entries []*corpus.Entry) Qrels {
	qrels := Qrels{}
	f := foldEntries(entries)
	for _, q := range s.Queries {
		for id := range newJudge(q).relevantIDs(f) {
			qrels.Add(q.ID, id, 1)
		}
	}
	return qrels
}
