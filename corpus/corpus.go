package corpus

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
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

// Limits on what a corpus folder may hold. A bigger file or entry, or a
// deeper node, is an error that names it; the rest of the folder still
// loads.
const (
	// MaxFileSize bounds one corpus file: the desk's whole manual is
	// under 200 KiB.
	MaxFileSize = 10 << 20
	// MaxEntrySize bounds one entry's text (title, question, answer,
	// keywords and examples).
	MaxEntrySize = 64 << 10
	// MaxDepth bounds the nesting of a map's nodes and of the text
	// export's numbered headings: the desk's manual is about 8 deep, and
	// every entry carries its whole path.
	MaxDepth = 100
)

// LoadDir loads the corpus folder dir. The folder is read through an
// os.Root: a symbolic link that leads outside it is an error for that
// path, and nothing outside the folder is ever read.
func LoadDir(dir string) (*Corpus, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return Load(root.FS(), dir)
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
// in messages. A bad file or record, an unreadable file or subfolder, a
// file over MaxFileSize and an entry over MaxEntrySize are reported in the
// returned LoadErrors and never drop the others: the returned corpus holds
// everything that could be read. Only an unreadable top folder fails the
// whole load.
func Load(fsys fs.FS, label string) (*Corpus, error) {
	l := &loader{
		fsys:  fsys,
		links: map[string]bool{},
		c:     &Corpus{byID: map[string]*Entry{}, nodes: map[string]*Node{}},
		hash:  sha256.New(),
	}
	if err := l.list(); err != nil {
		return nil, fmt.Errorf("corpus %s: %w", label, err)
	}
	l.loadDirectory()
	l.loadDocuments()
	l.indexDocuments()
	l.loadAnnotations()
	l.loadThesaurus()
	l.c.fingerprint = hex.EncodeToString(l.hash.Sum(nil))[:16]
	if len(l.errs) > 0 {
		return l.c, l.errs
	}
	return l.c, nil
}

// loader holds the state of one Load.
type loader struct {
	fsys  fs.FS
	files []string
	links map[string]bool // the files that are symbolic links
	c     *Corpus
	errs  LoadErrors
	hash  hash.Hash
}

// list collects the folder's files, sorted, skipping hidden folders. An
// unreadable subfolder is an error for that folder; only an unreadable
// top folder is returned.
func (l *loader) list() error {
	err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			l.errs = append(l.errs, &Error{File: p, Err: unwrapPathError(err)})
			return nil // WalkDir skips what it could not read
		}
		if d.IsDir() {
			if p != "." && IgnoredName(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			l.links[p] = true
		}
		l.files = append(l.files, p)
		return nil
	})
	sort.Strings(l.files)
	return err
}

// unwrapPathError drops the *fs.PathError wrapper, whose path the Error
// already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// has reports whether the folder holds the file name.
func (l *loader) has(name string) bool {
	i := sort.SearchStrings(l.files, name)
	return i < len(l.files) && l.files[i] == name
}

// read is readFile with a failure recorded as an error for that file.
func (l *loader) read(name string) ([]byte, bool) {
	data, err := l.readFile(name)
	if err != nil {
		l.errs = append(l.errs, err)
		return nil, false
	}
	return data, true
}

// readFile reads one file, at most MaxFileSize bytes, and adds it to the
// fingerprint; the error names the file.
func (l *loader) readFile(name string) ([]byte, error) {
	data, err := readCapped(l.fsys, name)
	if err != nil && l.links[name] {
		err = fmt.Errorf("a link that leads outside the corpus folder or nowhere (%w)", err)
	}
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	fmt.Fprintf(l.hash, "%s\x00%d\x00", name, len(data))
	l.hash.Write(data)
	return data, nil
}

// errTooLarge is the error for a file over MaxFileSize.
var errTooLarge = fmt.Errorf("file is larger than the %d MiB limit for a corpus file", MaxFileSize>>20)

// readCapped reads name from fsys, refusing a file over MaxFileSize
// without reading it into memory, and a file that is not a regular file
// (a device or a pipe that never ends).
func readCapped(fsys fs.FS, name string) ([]byte, error) {
	// Opening a named pipe to read waits for a writer: look before
	// opening.
	if st, err := fs.Stat(fsys, name); err == nil && !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if st.Size() > MaxFileSize {
		return nil, errTooLarge
	}
	// The size may have grown since Stat: read one byte past the limit to
	// tell.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if len(data) > MaxFileSize {
		return nil, errTooLarge
	}
	return data, nil
}

// loadDirectory reads directory.yaml first, since the parsers need it, or
// falls back to the embedded default directory.
func (l *loader) loadDirectory() {
	if l.has(DirectoryFile) {
		if data, ok := l.read(DirectoryFile); ok {
			d, err := ParseDirectory(DirectoryFile, data)
			if err != nil {
				l.errs = append(l.errs, err)
			}
			l.c.Directory = d
		}
	}
	if l.c.Directory == nil {
		data, _ := fs.ReadFile(Default(), DirectoryFile)
		l.c.Directory, _ = ParseDirectory("(default) "+DirectoryFile, data)
	}
}

// isSpecial reports the special files read by their own steps.
func isSpecial(name string) bool {
	return name == DirectoryFile || name == AnnotationsFile || name == ThesaurusFile
}

// loadDocuments parses every data file of the folder into c.Docs.
func (l *loader) loadDocuments() {
	files := l.readDocuments()
	parseAll(files, l.c.Directory)
	ids := map[string]bool{}
	for _, f := range files {
		l.c.Problems = append(l.c.Problems, f.probs...)
		l.errs = append(l.errs, f.errs...)
		if f.doc == nil {
			continue
		}
		l.c.Problems = append(l.c.Problems, finishDocument(f.doc, l.c.Directory, ids)...)
		l.dropOversized(f.doc)
		l.c.Docs = append(l.c.Docs, f.doc)
	}
}

// dataFile is one data file of the folder on its way to a document: its
// findings are kept with it, so that they are reported in file order
// however the files are parsed.
type dataFile struct {
	name  string
	parse parser
	data  []byte
	doc   *Document
	probs []Problem
	errs  LoadErrors
}

// readDocuments reads the folder's data files in order (the fingerprint
// hashes them in that order), with the problem or error of each file that
// is not read.
func (l *loader) readDocuments() []*dataFile {
	var files []*dataFile
	for _, name := range l.files {
		if isSpecial(name) || ignored(name) {
			continue
		}
		f := &dataFile{name: name}
		files = append(files, f)
		if b := path.Base(name); isSpecial(b) {
			f.probs = append(f.probs, Problem{File: name, Line: 1, Message: fmt.Sprintf("ignored: %s is read only at the top of the corpus folder", b)})
			continue
		}
		parse, ok := formats[strings.ToLower(path.Ext(name))]
		if !ok {
			f.errs = append(f.errs, &Error{File: name, Err: fmt.Errorf("unknown format %q (want .txt outline, .csv, .yaml/.yml or .mm)", path.Ext(name))})
			continue
		}
		data, err := l.readFile(name)
		if err != nil {
			f.errs = append(f.errs, err)
			continue
		}
		f.parse, f.data = parse, data
	}
	return files
}

// parseAll parses the files that were read, several at a time: parsing
// reads only its file and the directory.
func parseAll(files []*dataFile, dir *Directory) {
	next := make(chan *dataFile)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for f := range next {
				f.parseData(dir)
			}
		})
	}
	for _, f := range files {
		if f.parse != nil {
			next <- f
		}
	}
	close(next)
	wg.Wait()
}

// parseData parses f's data; f.doc stays nil when nothing of it could be
// used.
func (f *dataFile) parseData(dir *Directory) {
	doc, probs, err := f.parse(f.name, f.data, dir)
	f.data = nil
	f.doc = doc
	f.probs = append(f.probs, probs...)
	if err != nil {
		var le LoadErrors
		if errors.As(err, &le) {
			f.errs = append(f.errs, le...)
		} else {
			f.errs = append(f.errs, err)
		}
	}
}

// entrySize is the size in bytes of an entry's text.
func entrySize(e *Entry) int {
	n := len(e.Title) + len(e.Answer)
	for _, group := range [][]string{e.Question, e.Keywords, e.Examples} {
		for _, s := range group {
			n += len(s)
		}
	}
	return n
}

// dropOversized removes the entries of doc whose text exceeds
// MaxEntrySize, each with an error naming its file and line.
func (l *loader) dropOversized(doc *Document) {
	drop := map[*Entry]bool{}
	kept := doc.Entries[:0]
	for _, e := range doc.Entries {
		if n := entrySize(e); n > MaxEntrySize {
			drop[e] = true
			l.errs = append(l.errs, &Error{File: doc.File, Line: e.Source.StartLine,
				Err: fmt.Errorf("entry %q is %d KiB; the limit is %d KiB", e.Title, n>>10, MaxEntrySize>>10)})
			continue
		}
		kept = append(kept, e)
	}
	if len(drop) == 0 {
		return
	}
	doc.Entries = kept
	doc.Root.Walk(func(n *Node, _ int) {
		if drop[n.Entry] {
			n.Entry = nil
		}
	})
}

// indexDocuments fills the corpus's entry list and look-up maps and
// resolves the documents' links.
func (l *loader) indexDocuments() {
	c := l.c
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
}

// loadAnnotations reads annotations.yaml and applies it to the entries.
func (l *loader) loadAnnotations() {
	if !l.has(AnnotationsFile) {
		return
	}
	data, ok := l.read(AnnotationsFile)
	if !ok {
		return
	}
	a, err := ParseAnnotations(AnnotationsFile, data)
	if err != nil {
		l.errs = append(l.errs, err)
		return
	}
	l.c.Annotations = a
	l.c.Problems = append(l.c.Problems, a.apply(l.c)...)
}

// loadThesaurus reads thesaurus.txt.
func (l *loader) loadThesaurus() {
	if !l.has(ThesaurusFile) {
		return
	}
	data, ok := l.read(ThesaurusFile)
	if !ok {
		return
	}
	t, probs, err := ParseThesaurus(ThesaurusFile, data)
	if err != nil {
		l.errs = append(l.errs, err)
	}
	l.c.Thesaurus = t
	l.c.Problems = append(l.c.Problems, probs...)
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
