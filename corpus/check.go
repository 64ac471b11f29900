package corpus

import (
	"fmt"
	"path"
	"strings"
)

// Check returns the problems found while loading plus those of the loaded
// corpus as a whole: empty entries and duplicate IDs (errors), entries
// repeated at the same place, and files of one folder that give the same
// entries, such as the text export and its .mm copy (warnings). Problems
// are sorted by file and line.
func Check(c *Corpus) []Problem {
	probs := append([]Problem(nil), c.Problems...)
	copies, twins := copiedDocs(c)
	probs = append(probs, copies...)
	seen := map[string]*Entry{}
	for _, e := range c.Entries {
		at := func(sev Severity, format string, args ...any) {
			probs = append(probs, Problem{File: e.Source.File, Line: e.Source.StartLine, Message: fmt.Sprintf(format, args...), Severity: sev})
		}
		if prev, ok := seen[e.ID]; ok {
			at(SeverityError, "duplicate ID %s (also %s)", e.ID, prev.Source)
		}
		seen[e.ID] = e
		if strings.TrimSpace(e.Answer) == "" {
			at(SeverityError, "entry %q has no text", e.Title)
		}
		if strings.Contains(e.ID, "-") && !twins[e] {
			at(SeverityWarning, "entry %q repeats the title and path of another entry; its ID got a suffix", e.Title)
		}
	}
	sortByPlace(probs)
	return probs
}

// copiedDocs finds pairs of files in one folder that give mostly the same
// entries (the same title at the same place, so the same ID before its
// suffix): a folder holding a manual twice. It returns one warning per
// copy and the entries of the copies, whose per-entry "repeats" warnings
// the file warning replaces.
func copiedDocs(c *Corpus) ([]Problem, map[*Entry]bool) {
	var probs []Problem
	twins := map[*Entry]bool{}
	firstDoc := map[string]int{} // base ID → index of the first doc giving it
	for i, d := range c.Docs {
		shared := map[int][]*Entry{}
		for _, e := range d.Entries {
			base, _, _ := strings.Cut(e.ID, "-")
			j, ok := firstDoc[base]
			if !ok {
				firstDoc[base] = i
				continue
			}
			if j != i && path.Dir(c.Docs[j].File) == path.Dir(d.File) {
				shared[j] = append(shared[j], e)
			}
		}
		for j, es := range shared {
			smaller := min(len(d.Entries), len(c.Docs[j].Entries))
			if 2*len(es) < smaller {
				continue
			}
			probs = append(probs, Problem{File: d.File, Line: 1, Severity: SeverityWarning, Message: fmt.Sprintf(
				"gives %d of its %d entries again, as %s does: every file of the folder is loaded, so keep one copy", len(es), len(d.Entries), c.Docs[j].File)})
			for _, e := range es {
				twins[e] = true
			}
		}
	}
	return probs, twins
}
