package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Thesaurus is the desk's editable synonym list.
//
// The file is plain text, one group per line; # starts a comment:
//
//	ウイルス, マルウェア, ウィルス          # equivalent: each expands to the others
//	ピーピー鳴る, 警告音 => 偽警告, アドウェア  # one-way: callers' words expand to the manual's terms
//
// Expansions are added to a query with a lower weight than the words the
// caller used (see retrieval.Options.SynonymWeight).
type Thesaurus struct {
	File   string
	Groups []SynGroup
}

// SynGroup is one line of the thesaurus. For an equivalence group Targets
// is nil and every term expands to the others; otherwise Terms expand to
// Targets.
type SynGroup struct {
	Terms   []string
	Targets []string
	Line    int
}

// ParseThesaurus reads a thesaurus file. Problems report duplicate
// synonyms: a term twice in one group, or an equivalence term listed in two
// equivalence groups.
func ParseThesaurus(file string, data []byte) (*Thesaurus, []Problem, error) {
	if err := checkUTF8(file, data); err != nil {
		return nil, nil, err
	}
	t := &Thesaurus{File: file}
	var probs []Problem
	where := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1024*1024), 1024*1024)
	num := 0
	split := func(s string) []string {
		var out []string
		for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '、' || r == '，' }) {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	for sc.Scan() {
		num++
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		g := SynGroup{Line: num}
		if lhs, rhs, ok := strings.Cut(line, "=>"); ok {
			g.Terms, g.Targets = split(lhs), split(rhs)
			if len(g.Terms) == 0 || len(g.Targets) == 0 {
				return nil, nil, &Error{File: file, Line: num, Err: fmt.Errorf("a one-way rule needs terms on both sides of =>")}
			}
		} else {
			g.Terms = split(line)
			if len(g.Terms) < 2 {
				probs = append(probs, Problem{File: file, Line: num, Message: fmt.Sprintf("group %q has a single term: nothing to expand", strings.TrimSpace(line))})
			}
		}
		inGroup := map[string]bool{}
		for _, x := range append(append([]string(nil), g.Terms...), g.Targets...) {
			k := Normalize(x)
			if inGroup[k] {
				probs = append(probs, Problem{File: file, Line: num, Message: fmt.Sprintf("duplicate synonym %q in one group", x)})
			}
			inGroup[k] = true
		}
		if g.Targets == nil {
			for _, x := range g.Terms {
				k := Normalize(x)
				if prev, ok := where[k]; ok && prev != num {
					probs = append(probs, Problem{File: file, Line: num, Message: fmt.Sprintf("duplicate synonym %q: also in the group at line %d", x, prev)})
				}
				where[k] = num
			}
		}
		t.Groups = append(t.Groups, g)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, &Error{File: file, Line: num, Err: err}
	}
	return t, probs, nil
}
