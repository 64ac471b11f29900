package dupes

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/soudan-desk/soudan/corpus"
)

// paraphraseDir holds the reworded FAQ entries and their labels, written
// independently of the finder (see its README.md): batches 1 and 2, whose
// tuning halves chose the threshold.
const paraphraseDir = "testdata/paraphrase"

// paraphrase3Dir holds batch 3, by a third writer, measured once and
// tuned on by nothing (its README.md).
const paraphrase3Dir = "testdata/paraphrase3"

// paraphrase4Dir holds batch 4, by a fourth writer, measured once and
// tuned on by nothing (its README.md).
const paraphrase4Dir = "testdata/paraphrase4"

// loadWithReworded loads the default corpus with batches 1 and 2's
// reworded.csv added, as an editor adding that file to the desk's folder
// would.
func loadWithReworded(t *testing.T) *corpus.Corpus {
	t.Helper()
	return loadWithRewordedFrom(t, paraphraseDir)
}

// loadWithRewordedFrom loads the default corpus with dir's reworded.csv.
func loadWithRewordedFrom(t *testing.T, dir string) *corpus.Corpus {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(corpus.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(corpus.Default(), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path.Join(dir, "reworded.csv"))
	if err != nil {
		t.Fatal(err)
	}
	m["reworded.csv"] = &fstest.MapFile{Data: data}
	c, err := corpus.Load(m, "default+reworded")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestParaphraseLabels checks the paraphrase set's data: reworded.csv
// loads without errors, and each label's passages name the entries they were
// written against (a: a manual entry, b: exactly one reworded row, by line
// range and title), with unique ids and at least 24 duplicates and
// 24 hard negatives; for each batch folder.
func TestParaphraseLabels(t *testing.T) {
	for _, dir := range []string{paraphraseDir, paraphrase3Dir, paraphrase4Dir} {
		t.Run(path.Base(dir), func(t *testing.T) { checkParaphraseLabels(t, dir) })
	}
}

func checkParaphraseLabels(t *testing.T, dir string) {
	c := loadWithRewordedFrom(t, dir)
	labels := readLabels(t, path.Join(dir, "labels.jsonl"))
	ids := map[string]bool{}
	count := map[bool]int{}
	for _, l := range labels {
		if l.ID == "" || ids[l.ID] {
			t.Errorf("label id %q is empty or repeated", l.ID)
		}
		ids[l.ID] = true
		count[l.Dup()]++
		// A manual section's range may enclose its children's lines, so a
		// may overlap more than its own entry; b is one CSV row.
		if titles := overlapping(c, l.A); !slices.Contains(titles, l.A.Title) {
			t.Errorf("%s: a %s:%d-%d overlaps entries %q, none titled %q", l.ID, l.A.File, l.A.StartLine, l.A.EndLine, titles, l.A.Title)
		}
		if titles := overlapping(c, l.B); len(titles) != 1 || titles[0] != l.B.Title {
			t.Errorf("%s: b %s:%d-%d overlaps entries %q, want exactly %q", l.ID, l.B.File, l.B.StartLine, l.B.EndLine, titles, l.B.Title)
		}
		if !strings.HasSuffix(l.B.File, "reworded.csv") {
			t.Errorf("%s: b is %s, want a row of reworded.csv", l.ID, l.B.File)
		}
	}
	if count[true] < 24 || count[false] < 24 {
		t.Errorf("%d duplicates and %d hard negatives, want at least 24 of each", count[true], count[false])
	}
}

// overlapping returns the titles of the entries whose source overlaps b.
func overlapping(c *corpus.Corpus, b Block) []string {
	var titles []string
	for _, e := range c.Entries {
		if matches(e.Source.File, e.Source.StartLine, e.Source.EndLine, b) {
			titles = append(titles, e.Title)
		}
	}
	return titles
}
