package corpus

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFindKeyRuneFilter checks that skipping the aliases whose runes a
// line lacks finds exactly what searching for every alias finds, on each
// line of the shipped corpus and on the aliases themselves.
func TestFindKeyRuneFilter(t *testing.T) {
	c, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	d := c.Directory
	if d == nil || len(d.aliases) == 0 {
		t.Fatal("the default corpus has no directory")
	}
	all := *d
	all.aliases = append([]dirAlias(nil), d.aliases...)
	for i := range all.aliases {
		all.aliases[i].runes = runeSet{} // within every set: no filtering
	}
	var lines []string
	err = fs.WalkDir(Default(), ".", func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Default(), path)
		lines = append(lines, strings.Split(string(data), "\n")...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range d.aliases {
		lines = append(lines, a.norm, "まず"+a.norm+"に相談", a.norm+a.norm)
	}
	found := 0
	for _, line := range lines {
		k := normalizedKey(Normalize(line))
		got, _ := d.findKey(k)
		want, _ := all.findKey(k)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("findKey(%q) = %v, want %v", k, got, want)
		}
		found += len(got)
	}
	if found < len(d.aliases) {
		t.Errorf("found %d organisation names, want at least one per alias (%d)", found, len(d.aliases))
	}
}

// FuzzNormalizedKey checks normalizedKey's byte loop against the rune
// mapping it implements.
func FuzzNormalizedKey(f *testing.F) {
	for _, s := range []string{"IPA 情報、セキュリティ,安心\t相談　窓口\n", "", "、、", "\xe3\x80", "a\xff、"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\n', '\f', '\r', ' ', '　':
				return -1
			case '、', ',':
				return '・'
			}
			return r
		}, s)
		if !utf8.ValidString(s) {
			return // strings.Map writes U+FFFD for bad bytes; keys are never built from them
		}
		if got := normalizedKey(s); got != want {
			t.Fatalf("normalizedKey(%q) = %q, want %q", s, got, want)
		}
	})
}
