package corpus

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Annotation is the editors' data for one entry: classification keywords
// (分類（キーワード）) and example questions in callers' words (質問例), as
// the manual asks every Q&A item to carry.
type Annotation struct {
	ID       string   `yaml:"id"`
	Title    string   `yaml:"title"` // the entry's title, to catch a stale ID
	Keywords []string `yaml:"keywords,omitempty"`
	Examples []string `yaml:"examples,omitempty"`
	// Kind, when set, changes the entry's kind, unless an attribute of a
	// map gave it: the map wins.
	Kind string `yaml:"kind,omitempty"`
	// Routing marks an entry the desk routes out-of-scope calls with.
	Routing bool `yaml:"routing,omitempty"`
	// Stage is whom the advice is for: before (nothing has happened yet)
	// or after (the caller already acted or was hit).
	Stage string `yaml:"stage,omitempty"`
	Line  int    `yaml:"-"`
}

// Annotations is the parsed annotations file.
type Annotations struct {
	File    string
	Entries []Annotation
}

// ParseAnnotations reads annotations.yaml: `entries: [{id, title,
// keywords, examples, kind, routing, stage}]`.
func ParseAnnotations(file string, data []byte) (*Annotations, error) {
	var f struct {
		Entries []yaml.Node `yaml:"entries"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, yamlError(file, string(data), err)
	}
	a := &Annotations{File: file}
	var errs LoadErrors
	for _, n := range f.Entries {
		var an Annotation
		if err := n.Decode(&an); err != nil {
			errs = append(errs, yamlNodeError(file, &n, err))
			continue
		}
		an.Line = n.Line
		a.Entries = append(a.Entries, an)
	}
	if len(errs) > 0 {
		return a, errs
	}
	return a, nil
}

// apply attaches the annotations to the corpus entries and reports unknown
// IDs, stale titles, duplicate annotations and repeated examples.
func (a *Annotations) apply(c *Corpus) []Problem {
	var probs []Problem
	seen := map[string]int{}
	for _, an := range a.Entries {
		p := func(sev Severity, format string, args ...any) {
			probs = append(probs, Problem{File: a.File, Line: an.Line, Message: fmt.Sprintf(format, args...), Severity: sev})
		}
		if prev, ok := seen[an.ID]; ok {
			p(SeverityError, "entry %s is annotated twice (also at line %d); this annotation is ignored", an.ID, prev)
			continue
		}
		seen[an.ID] = an.Line
		e, ok := c.Entry(an.ID)
		if !ok {
			p(SeverityError, "unknown entry ID %q (title %q); the annotation is ignored", an.ID, an.Title)
			continue
		}
		if an.Title != "" && an.Title != e.Title {
			p(SeverityWarning, "entry %s is titled %q, not %q: the ID may be stale", an.ID, e.Title, an.Title)
		}
		e.Routing = e.Routing || an.Routing
		switch an.Stage {
		case "":
		case StageBefore, StageAfter:
			e.Stage = an.Stage
		default:
			p(SeverityError, "entry %s: stage %q is not before or after; it is ignored", an.ID, an.Stage)
		}
		dup := map[string]bool{}
		for _, x := range an.Examples {
			k := Normalize(strings.TrimSpace(x))
			if dup[k] {
				p(SeverityWarning, "example %q repeated", x)
			}
			dup[k] = true
		}
		// A map's 質問例 and キーワード attributes may hold the same
		// items: both sources are united.
		e.Examples = appendUniqueFold(e.Examples, an.Examples...)
		for _, k := range an.Keywords {
			if k = strings.TrimSpace(k); k != "" {
				e.Keywords = appendUnique(e.Keywords, k)
			}
		}
		if an.Kind != "" {
			applyAnnotationKind(e, an.Kind, p)
		}
	}
	return probs
}

// applyAnnotationKind sets e's kind from an annotation, unless a map
// attribute gave it.
func applyAnnotationKind(e *Entry, kind string, p func(sev Severity, format string, args ...any)) {
	k, ok := kindAliases[Fold(strings.TrimSpace(kind))]
	switch {
	case !ok:
		p(SeverityError, "entry %s: unknown kind %q (want faq, standard_answer, case or manual); the kind is not changed", e.ID, kind)
	case e.kindAttr && k != e.Kind:
		p(SeverityWarning, "entry %s: kind %s differs from the map's attribute (%s); the map's kind is kept", e.ID, k, e.Kind)
	case !e.kindAttr:
		e.Kind = k
	}
}
