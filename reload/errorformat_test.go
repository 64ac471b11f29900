package reload_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// placed is the form contracts.md gives each of /api/status's
// reload.errors: "file:line: message".
var placed = regexp.MustCompile(`^[^:\s]+:\d+: \S`)

// TestStatusErrorsNameFileAndLine checks that every error of a folder's
// load reaches the status as "file:line: message", also those about a
// whole file (a file over the size limit, which has no line of its own:
// line 1), whether the reload is refused or the error came with the
// serving load and is tolerated.
func TestStatusErrorsNameFileAndLine(t *testing.T) {
	big := strings.Repeat("あ", corpus.MaxFileSize/3+1)
	tests := []struct {
		name, file, data, want string
		atStart                bool
	}{
		{"file over the size limit, on reload", "big.txt", big, "big.txt:1: file is larger", false},
		{"file over the size limit, at start", "big.txt", big, "big.txt:1: file is larger", true},
		{"broken CSV row, on reload", "faq.csv", brokenCSV, "faq.csv:2: ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := folder(t)
			if tt.atStart {
				write(t, filepath.Join(dir, tt.file), tt.data)
			}
			r := newReloader(t, dir, &fakeBuild{})
			if !tt.atStart {
				write(t, filepath.Join(dir, tt.file), tt.data)
			}
			st := r.Reload(context.Background())
			if tt.atStart {
				// The error the serving load was accepted with does not
				// refuse a reload of another file.
				write(t, filepath.Join(dir, "other.csv"), otherCSV)
				if st = r.Reload(context.Background()); !st.OK {
					t.Fatalf("reload beside a tolerated error refused: %q", st.Errors)
				}
			}
			found := false
			for _, e := range st.Errors {
				if !placed.MatchString(e) {
					t.Errorf("error %q is not \"file:line: message\"", e)
				}
				found = found || strings.HasPrefix(e, tt.want)
			}
			if !found {
				t.Errorf("errors %q, want one starting %q", st.Errors, tt.want)
			}
		})
	}
}
