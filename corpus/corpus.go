package corpus

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed default
var defaultFS embed.FS

// Default returns the default corpus folder shipped inside the binary: the
// desk's manual, its referral directory, the editors' annotations and the
// thesaurus.
func Default() fs.FS {
	sub, err := fs.Sub(defaultFS, "default")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}

// Names of the special files of a corpus folder.
const (
	DirectoryFile   = "directory.yaml"   // referral directory
	AnnotationsFile = "annotations.yaml" // per-entry keywords and example questions
	ThesaurusFile   = "thesaurus.txt"    // the domain thesaurus
)

// Corpus is a loaded corpus folder.
type Corpus struct {
	Docs        []*Document
	Entries     []*Entry
	Directory   *Directory
	Annotations *Annotations
	Thesaurus   *Thesaurus
	// Problems are questionable things found while loading; they never
	// stop the load.
	Problems []Problem

	fingerprint string
	files       map[string]string // file → digest of its content
	byID        map[string]*Entry
	nodes       map[string]*Node
}

// Entry returns the entry with the given ID.
func (c *Corpus) Entry(id string) (*Entry, bool) {
	e, ok := c.byID[id]
	return e, ok
}

// Node returns the tree node of the entry with the given ID, for context:
// its parent, siblings and children.
func (c *Corpus) Node(id string) (*Node, bool) {
	n, ok := c.nodes[id]
	return n, ok
}

// Fingerprint identifies the corpus content: a hash of every file loaded.
func (c *Corpus) Fingerprint() string { return c.fingerprint }

// FileDigest returns a digest of the content of one file read by Load, by
// its name in the folder; false when Load did not read it. A reload uses
// it to tell the files that changed from those that did not.
func (c *Corpus) FileDigest(name string) (string, bool) {
	d, ok := c.files[name]
	return d, ok
}

// LoadErrors lists every bad file or record found by Load. The corpus Load
// returns alongside holds everything else.
type LoadErrors []error

func (le LoadErrors) Error() string {
	var b strings.Builder
	for i, e := range le {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// LoadDefault loads the embedded default corpus.
func LoadDefault() (*Corpus, error) { return Load(Default(), "") }

// LoadDir loads the corpus folder dir.
func LoadDir(dir string) (*Corpus, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", dir)
	}
	return Load(os.DirFS(dir), dir)
}

// parser reads one corpus file.
type parser func(file string, data []byte, dir *Directory) (*Document, []Problem, error)

// Formats maps file extensions to their parsers.
var formats = map[string]parser{
	".txt":  ParseOutline,
	".csv":  ParseCSV,
	".yaml": ParseYAML,
	".yml":  ParseYAML,
	".mm":   ParseMM,
}

// ignored reports files a corpus folder may hold that are not corpus data.
func ignored(name string) bool {
	base := path.Base(name)
	ext := strings.ToLower(path.Ext(base))
	return IgnoredName(base) || ext == ".md" || ext == ".json" || strings.HasPrefix(strings.ToLower(base), "readme")
}

// Load reads every corpus file of fsys (manual outlines as .txt, CSV, YAML
// and FreeMind .mm files, in any folder depth) plus the special files
// directory.yaml, annotations.yaml and thesaurus.txt. label names the folder
// in messages. A bad file or record is reported in the returned LoadErrors
// and never drops the others: the returned corpus holds everything that
// could be read.
func Load(fsys fs.FS, label string) (*Corpus, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && IgnoredName(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus %s: %w", label, err)
	}
	sort.Strings(files)
	c := &Corpus{byID: map[string]*Entry{}, nodes: map[string]*Node{}, files: map[string]string{}}
	var errs LoadErrors
	h := sha256.New()
	read := func(name string) ([]byte, bool) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, &Error{File: name, Err: err})
			return nil, false
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		sum := sha256.Sum256(data)
		c.files[name] = hex.EncodeToString(sum[:16])
		return data, true
	}
	has := func(name string) bool {
		for _, f := range files {
			if f == name {
				return true
			}
		}
		return false
	}

	// The directory first: the parsers need it.
	if has(DirectoryFile) {
		if data, ok := read(DirectoryFile); ok {
			d, err := ParseDirectory(DirectoryFile, data)
			if err != nil {
				errs = append(errs, err)
			}
			c.Directory = d
		}
	}
	if c.Directory == nil {
		data, _ := fs.ReadFile(Default(), DirectoryFile)
		c.Directory, _ = ParseDirectory("(default) "+DirectoryFile, data)
	}

	ids := map[string]bool{}
	for _, name := range files {
		if name == DirectoryFile || name == AnnotationsFile || name == ThesaurusFile || ignored(name) {
			continue
		}
		if b := path.Base(name); b == DirectoryFile || b == AnnotationsFile || b == ThesaurusFile {
			c.Problems = append(c.Problems, Problem{File: name, Line: 1, Message: fmt.Sprintf("ignored: %s is read only at the top of the corpus folder", b)})
			continue
		}
		parse, ok := formats[strings.ToLower(path.Ext(name))]
		if !ok {
			errs = append(errs, &Error{File: name, Err: fmt.Errorf("unknown format %q (want .txt outline, .csv, .yaml/.yml or .mm)", path.Ext(name))})
			continue
		}
		data, ok := read(name)
		if !ok {
			continue
		}
		doc, probs, err := parse(name, data, c.Directory)
		c.Problems = append(c.Problems, probs...)
		if err != nil {
			var le LoadErrors
			if errors.As(err, &le) {
				errs = append(errs, le...)
			} else {
				errs = append(errs, err)
			}
		}
		if doc == nil {
			continue
		}
		c.Problems = append(c.Problems, finishDocument(doc, c.Directory, ids)...)
		c.Docs = append(c.Docs, doc)
	}
	for _, doc := range c.Docs {
		doc.Root.Walk(func(n *Node, _ int) {
			if n.Entry != nil {
				c.nodes[n.Entry.ID] = n
			}
		})
		for _, e := range doc.Entries {
			c.Entries = append(c.Entries, e)
			c.byID[e.ID] = e
		}
		resolveLinks(doc, c)
	}

	if has(AnnotationsFile) {
		if data, ok := read(AnnotationsFile); ok {
			a, err := ParseAnnotations(AnnotationsFile, data)
			if err != nil {
				errs = append(errs, err)
			} else {
				c.Annotations = a
				c.Problems = append(c.Problems, a.apply(c)...)
			}
		}
	}
	if has(ThesaurusFile) {
		if data, ok := read(ThesaurusFile); ok {
			t, probs, err := ParseThesaurus(ThesaurusFile, data)
			if err != nil {
				errs = append(errs, err)
			}
			c.Thesaurus = t
			c.Problems = append(c.Problems, probs...)
		}
	}
	c.fingerprint = hex.EncodeToString(h.Sum(nil))[:16]
	if len(errs) > 0 {
		return c, errs
	}
	return c, nil
}

// resolveLinks turns the nodes' Arrow Link targets into SeeAlso entry IDs.
func resolveLinks(doc *Document, c *Corpus) {
	doc.Root.Walk(func(n *Node, _ int) {
		for _, t := range n.Targets {
			target := firstEntry(t)
			from := n
			for from != nil && from.Entry == nil {
				from = from.Parent
			}
			if target != nil && from != nil && target != from.Entry {
				from.Entry.SeeAlso = appendUnique(from.Entry.SeeAlso, target.ID)
			}
		}
	})
}

// firstEntry returns n's entry, or the first entry below it.
func firstEntry(n *Node) *Entry {
	var found *Entry
	n.Walk(func(m *Node, _ int) {
		if found == nil && m.Entry != nil {
			found = m.Entry
		}
	})
	return found
}

// checkUTF8 returns an error naming the first line of data that is not
// valid UTF-8.
func checkUTF8(file string, data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return &Error{File: file, Line: line, Err: errors.New("invalid UTF-8 (save the file as UTF-8)")}
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return nil
}

// FromEntries builds a corpus of entries that did not come from files
// (synthetic corpora for benchmarks, entries made by other tools). Each
// entry becomes a node under one root; IDs are kept when set.
func FromEntries(name string, entries []*Entry) *Corpus {
	doc := &Document{File: name, Format: "memory", Root: &Node{Title: name}}
	for _, e := range entries {
		doc.Root.Children = append(doc.Root.Children, &Node{Title: e.Title, Kind: e.Kind, Entry: e, Parent: doc.Root})
	}
	c := &Corpus{byID: map[string]*Entry{}, nodes: map[string]*Node{}}
	finishDocument(doc, nil, map[string]bool{})
	c.Docs = []*Document{doc}
	for _, n := range doc.Root.Children {
		c.nodes[n.Entry.ID] = n
	}
	for _, e := range doc.Entries {
		c.Entries = append(c.Entries, e)
		c.byID[e.ID] = e
	}
	h := sha256.New()
	for _, e := range c.Entries {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", e.ID, e.Title, e.Answer)
	}
	c.fingerprint = hex.EncodeToString(h.Sum(nil))[:16]
	return c
}
