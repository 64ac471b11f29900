package corpus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// TestShippedCorpusHasNoErrors is the editors' baseline: the shipped
// corpus checks clean of errors; its own questionable lines are warnings.
func TestShippedCorpusHasNoErrors(t *testing.T) {
	c, err := corpus.LoadDefault()
	errs, warns := corpus.Findings(c, err)
	if len(errs) > 0 {
		t.Errorf("shipped corpus has %d errors, first %s", len(errs), errs[0])
	}
	if len(warns) == 0 {
		t.Errorf("shipped corpus has no warnings; its referral lines naming no organisation should be")
	}
}

func TestFindings(t *testing.T) {
	for _, tc := range []struct {
		name       string
		files      map[string]string
		errHas     string // an error containing this, "" for none
		warnHas    string
		noWarnsHas string // no warning may contain this
	}{
		{name: "bad row", files: map[string]string{"faq.csv": "タイトル,回答\n\"a,b\n"}, errHas: "faq.csv:2:"},
		{name: "unknown annotation", files: map[string]string{"annotations.yaml": "entries:\n  - id: 000000000000\n    title: x\n"}, errHas: "annotations.yaml:2: unknown entry ID"},
		{name: "unknown column", files: map[string]string{"faq.csv": "タイトル,回答,謎\nt,a,x\n"}, warnHas: "faq.csv:1: unknown column"},
		{name: "two copies of one manual", files: map[string]string{"copy.txt": "@manual"}, warnHas: "copy.txt:1: gives 139 of its 139 entries again", noWarnsHas: "its ID got a suffix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := corpus.WriteDefault(dir, false); err != nil {
				t.Fatal(err)
			}
			for name, data := range tc.files {
				if data == "@manual" {
					b, _ := os.ReadFile(filepath.Join(dir, "000_5df5db0e6087c412.txt"))
					data = string(b)
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c, err := corpus.LoadDir(dir)
			errs, warns := corpus.Findings(c, err)
			has := func(ps []corpus.Problem, s string) bool {
				for _, p := range ps {
					if strings.Contains(p.String(), s) {
						return true
					}
				}
				return false
			}
			if tc.errHas == "" && len(errs) > 0 {
				t.Errorf("unexpected errors, first %s", errs[0])
			}
			if tc.errHas != "" && !has(errs, tc.errHas) {
				t.Errorf("errors %v lack %q", errs, tc.errHas)
			}
			if tc.warnHas != "" && !has(warns, tc.warnHas) {
				t.Errorf("warnings lack %q", tc.warnHas)
			}
			if tc.noWarnsHas != "" && has(warns, tc.noWarnsHas) {
				t.Errorf("warnings hold %q", tc.noWarnsHas)
			}
		})
	}
}

func TestIgnoredName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"faq.csv", false},
		{"cases/new.yaml", false},
		{"~$faq.csv", true},        // Excel
		{".~lock.faq.csv#", true},  // LibreOffice
		{".faq.csv.swp", true},     // Vim
		{"faq.csv.swp", true},      // Vim, with 'directory' elsewhere
		{".faq.csv.swo", true},     // Vim's second swap file
		{".faq.csv.swn", true},     // Vim's third
		{".faq.csv.swx", true},     // Vim's probe before a swap file
		{"faq.csv.SWO", true},      // case does not matter
		{"4913", true},             // Vim's probe for a writable folder
		{"sub/4913", true},         //
		{"49130.csv", false},       // only the probe's exact name
		{"faq.csv~", true},         // Emacs backup
		{".#faq.csv", true},        // Emacs lock
		{"#faq.csv#", true},        // Emacs auto-save
		{"cases/#new.yaml#", true}, //
		{"#faq.csv", false},        // a name that only starts with #
		{"#", false},               //
		{"faq.tmp", true},          //
		{".git", true},             // hidden
		{"sub/.hidden.yaml", true}, //
		{"faq.swp.csv", false},     // the suffix must end the name
	} {
		if got := corpus.IgnoredName(tc.name); got != tc.want {
			t.Errorf("IgnoredName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWriteDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "desk")
	written, err := corpus.WriteDefault(dir, false)
	if err != nil || len(written) != 4 {
		t.Fatalf("WriteDefault = %v, %v; want 4 files", written, err)
	}
	c, err := corpus.LoadDir(dir)
	def, _ := corpus.LoadDefault()
	if err != nil || c.Fingerprint() != def.Fingerprint() || len(c.Entries) != len(def.Entries) {
		t.Errorf("the written folder does not load as the shipped corpus (%v)", err)
	}
	if _, err := corpus.WriteDefault(dir, false); err == nil {
		t.Errorf("a second WriteDefault overwrote the files")
	}
	if _, err := corpus.WriteDefault(dir, true); err != nil {
		t.Errorf("WriteDefault with overwrite: %v", err)
	}
}

// TestProblemPlaced: what editors' tools read is always "file:line:
// message" when a file is named, line 1 for a problem about a whole file.
func TestProblemPlaced(t *testing.T) {
	for _, tc := range []struct {
		p    corpus.Problem
		want string
	}{
		{corpus.Problem{File: "faq.csv", Line: 7, Message: "bad quote"}, "faq.csv:7: bad quote"},
		{corpus.Problem{File: "huge.txt", Message: "file is larger than the limit"}, "huge.txt:1: file is larger than the limit"},
		{corpus.Problem{Message: "no corpus files"}, "no corpus files"},
	} {
		if got := tc.p.Placed(); got != tc.want {
			t.Errorf("%+v.Placed() = %q, want %q", tc.p, got, tc.want)
		}
	}
}
