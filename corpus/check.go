package corpus

import (
	"fmt"
	"sort"
	"strings"
)

// Check returns the problems found while loading plus those of the loaded
// corpus as a whole: empty entries, duplicate IDs and entries repeated at
// the same place. Problems are sorted by file and line.
func Check(c *Corpus) []Problem {
	probs := append([]Problem(nil), c.Problems...)
	seen := map[string]*Entry{}
	for _, e := range c.Entries {
		if prev, ok := seen[e.ID]; ok {
			probs = append(probs, Problem{File: e.Source.File, Line: e.Source.StartLine, Message: fmt.Sprintf("duplicate ID %s (also %s)", e.ID, prev.Source)})
		}
		seen[e.ID] = e
		if strings.TrimSpace(e.Answer) == "" {
			probs = append(probs, Problem{File: e.Source.File, Line: e.Source.StartLine, Message: fmt.Sprintf("entry %q has no text", e.Title)})
		}
		if strings.Contains(e.ID, "-") {
			probs = append(probs, Problem{File: e.Source.File, Line: e.Source.StartLine, Message: fmt.Sprintf("entry %q repeats the title and path of another entry; its ID got a suffix", e.Title)})
		}
	}
	sort.SliceStable(probs, func(i, j int) bool {
		if probs[i].File != probs[j].File {
			return probs[i].File < probs[j].File
		}
		return probs[i].Line < probs[j].Line
	})
	return probs
}
