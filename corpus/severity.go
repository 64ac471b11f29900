package corpus

import (
	"errors"
	"fmt"
	"sort"
)

// Severity grades a [Problem].
type Severity int

const (
	// SeverityWarning is something questionable that the corpus works with: a
	// referral line that names no known organisation, an Arrow Link that
	// points nowhere, an unknown column. `corpus --check` prints it and
	// exits 0 (1 with --strict).
	SeverityWarning Severity = iota
	// SeverityError is a mistake that loses or garbles data: a record that could
	// not be read, an entry without text, two entries with one ID, an
	// annotation for an entry that does not exist. `corpus --check` exits
	// 1 on it.
	SeverityError
)

func (s Severity) String() string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}

// MarshalText writes "warning" or "error".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads "warning" or "error".
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "warning":
		*s = SeverityWarning
	case "error":
		*s = SeverityError
	default:
		return fmt.Errorf("unknown severity %q (want warning or error)", b)
	}
	return nil
}

// Findings grades everything wrong with a load: the errors Load returned
// (each bad file or record, see [LoadErrors]) and the problems [Check]
// finds in c (nil when nothing could be read). Both lists are sorted by
// file and line.
func Findings(c *Corpus, loadErr error) (errs, warns []Problem) {
	errs = append(errs, problemsOf(loadErr)...)
	if c != nil {
		for _, p := range Check(c) {
			if p.Severity == SeverityError {
				errs = append(errs, p)
			} else {
				warns = append(warns, p)
			}
		}
	}
	sortByPlace(errs)
	sortByPlace(warns)
	return errs, warns
}

// problemsOf turns load errors into error problems; an error that names
// no file keeps File empty.
func problemsOf(err error) []Problem {
	if err == nil {
		return nil
	}
	var le LoadErrors
	if !errors.As(err, &le) {
		le = LoadErrors{err}
	}
	out := make([]Problem, 0, len(le))
	for _, e := range le {
		var fe *Error
		if errors.As(e, &fe) {
			out = append(out, Problem{File: fe.File, Line: fe.Line, Message: fe.Err.Error(), Severity: SeverityError})
		} else {
			out = append(out, Problem{Message: e.Error(), Severity: SeverityError})
		}
	}
	return out
}

func sortByPlace(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}
