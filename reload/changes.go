package reload

import (
	"crypto/sha256"
	"fmt"
	"log/slog"
	"slices"

	"github.com/soudan-desk/soudan/corpus"
)

// maxLoggedIDs bounds each list of IDs in a reload's log line; the counts
// are always complete.
const maxLoggedIDs = 20

// Changes lists the entries a reload added, removed and changed, by ID,
// sorted.
type Changes struct {
	Added, Removed, Changed []string
}

// Compare returns what changed from old to new (old may be nil: every
// entry is added). An entry changed when its kind, title, path, question,
// answer, referrals, keywords or examples differ; moving it within its
// file does not count.
func Compare(old, new *corpus.Corpus) Changes {
	var ch Changes
	was := map[string][32]byte{}
	if old != nil {
		for _, e := range old.Entries {
			was[e.ID] = digest(e)
		}
	}
	is := make(map[string]bool, len(new.Entries))
	for _, e := range new.Entries {
		is[e.ID] = true
		d, ok := was[e.ID]
		switch {
		case !ok:
			ch.Added = append(ch.Added, e.ID)
		case d != digest(e):
			ch.Changed = append(ch.Changed, e.ID)
		}
	}
	for id := range was {
		if !is[id] {
			ch.Removed = append(ch.Removed, id)
		}
	}
	slices.Sort(ch.Added)
	slices.Sort(ch.Removed)
	slices.Sort(ch.Changed)
	return ch
}

// digest hashes what an entry says, not where it sits in its file.
func digest(e *corpus.Entry) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%q\x00%q\x00%s\x00%q\x00%q\x00%q\x00%v",
		e.Kind, e.Title, e.Path, e.Question, e.Answer, e.Referrals, e.Keywords, e.Examples, e.SeeAlso)
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// logAttrs gives the counts and (capped) IDs for a log line.
func (ch Changes) logAttrs() []any {
	return []any{
		slog.Int("added", len(ch.Added)), slog.Int("removed", len(ch.Removed)), slog.Int("changed", len(ch.Changed)),
		slog.Any("added_ids", capped(ch.Added)), slog.Any("removed_ids", capped(ch.Removed)), slog.Any("changed_ids", capped(ch.Changed)),
	}
}

func capped(ids []string) []string {
	if len(ids) <= maxLoggedIDs {
		return ids
	}
	return append(slices.Clip(ids[:maxLoggedIDs]), fmt.Sprintf("… %d more", len(ids)-maxLoggedIDs))
}
