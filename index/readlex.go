package index

import (
	"iter"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/corpus"
)

// ReadingLexicon is a corpus's own vocabulary keyed by sound: the folded
// katakana reading of every content word the corpus
// holds, each mapped to the index terms of that word, as an input method
// uses a user dictionary. [ReadingLexicon.Words] segments a kana-only or
// mis-converted caller's text by longest match against it, so that
// 「みのしろきんをはらえ」 yields 身代金 and 払う, words that kagome cannot
// find in the kana alone.
//
// Build it with [Memo.AddSounds] over the corpus's texts (the analysis
// that indexes readings records each word's reading), then call
// [ReadingLexicon.Freeze] once; after that it is immutable and safe for
// concurrent use.
type ReadingLexicon struct {
	words map[string][]string // folded reading → index terms
	// trie holds every reading rune by rune, so that segmenting extends a
	// candidate by one look-up of an integer a rune (set by Freeze).
	trie lexTrie
	// MinRunes is the shortest reading that a segment may match; shorter
	// readings (カイ, シタ) match too much of any kana text.
	MinRunes int
}

// lexTrie is the readings' trie: node 0 is the root; a node is a reading
// (words set) or a proper prefix of readings, or both.
type lexTrie struct {
	nodes []lexNode
	// kana holds the root's children of the katakana block (U+30A0 to
	// U+30FF), where nearly every reading starts: 0 for none.
	kana [0x60]int32
	// edges maps a node and a rune, packed by edgeKey, to the child,
	// while the trie is built; table holds them afterwards (freeze).
	edges map[uint64]int32
	table edgeTable
}

// edgeTable maps the trie's edges (edgeKey) to their children in an
// open-addressing table of its own (linear probing, multiplicative
// hashing, at most half full): a query's segmentation looks an edge up
// at every rune, and a probe or two of a flat table costs less than a
// map access.
type edgeTable struct {
	// slots holds each edge with its child, side by side: a probe reads
	// one cache line, not one of keys and one of children.
	slots []edgeSlot
	shift uint
}

// edgeSlot is one edge of an edgeTable: child 0 is an empty slot (no
// edge leads to the root).
type edgeSlot struct {
	key   uint64
	child int32
}

// newEdgeTable returns the table of edges.
func newEdgeTable(edges map[uint64]int32) edgeTable {
	size, shift := 8, uint(61)
	for size < 2*len(edges) {
		size, shift = 2*size, shift-1
	}
	t := edgeTable{slots: make([]edgeSlot, size), shift: shift}
	for k, c := range edges {
		i := t.slot(k)
		for t.slots[i].child != 0 {
			i = (i + 1) & (size - 1)
		}
		t.slots[i] = edgeSlot{key: k, child: c}
	}
	return t
}

// slot is k's first slot.
func (t edgeTable) slot(k uint64) int { return int((k * 0x9E3779B97F4A7C15) >> t.shift) }

// get returns the child of edge k, 0 for none.
func (t edgeTable) get(k uint64) int32 {
	for i := t.slot(k); ; i = (i + 1) & (len(t.slots) - 1) {
		if e := &t.slots[i]; e.child == 0 || e.key == k {
			return e.child
		}
	}
}

// lexNode is a reading's index terms (none for a proper prefix of
// readings only) and whether some longer reading starts with it.
type lexNode struct {
	words  []string
	prefix bool
}

// edgeKey packs the edge from node to its child by rune r.
func edgeKey(node int32, r rune) uint64 { return uint64(node)<<32 | uint64(uint32(r)) }

// child returns the child of node by rune r, 0 when there is none.
func (t *lexTrie) child(node int32, r rune) int32 {
	if node == 0 && r >= 0x30A0 && r <= 0x30FF {
		return t.kana[r-0x30A0]
	}
	if t.table.slots != nil {
		return t.table.get(edgeKey(node, r))
	}
	return t.edges[edgeKey(node, r)]
}

// freeze moves the edges to the table, once every reading is in.
func (t *lexTrie) freeze() {
	t.table, t.edges = newEdgeTable(t.edges), nil
}

// insert adds reading with its index terms.
func (t *lexTrie) insert(reading string, words []string) {
	if t.nodes == nil {
		t.nodes, t.edges = make([]lexNode, 1), map[uint64]int32{}
	}
	node := int32(0)
	for _, r := range reading {
		next := t.child(node, r)
		if next == 0 {
			next = int32(len(t.nodes))
			t.nodes = append(t.nodes, lexNode{})
			if node == 0 && r >= 0x30A0 && r <= 0x30FF {
				t.kana[r-0x30A0] = next
			} else {
				t.edges[edgeKey(node, r)] = next
			}
		}
		t.nodes[node].prefix = true
		node = next
	}
	t.nodes[node].words = words
}

// DefaultLexiconMinRunes is the shortest reading a segment matches, in
// folded runes.
const DefaultLexiconMinRunes = 2

// NewReadingLexicon returns an empty lexicon.
func NewReadingLexicon() *ReadingLexicon {
	return &ReadingLexicon{words: map[string][]string{}, MinRunes: DefaultLexiconMinRunes}
}

// Len returns the number of distinct readings.
func (l *ReadingLexicon) Len() int { return len(l.words) }

// add records that reading (folded) sounds like word.
func (l *ReadingLexicon) add(reading, word string) {
	n := utf8.RuneCountInString(reading)
	if n < 2 || !isKatakanaString(reading) {
		return
	}
	if ws := l.words[reading]; !slices.Contains(ws, word) {
		l.words[reading] = append(ws, word)
	}
}

// soundsOf returns the (folded reading, word) pairs of the content words
// of analysed tokens, flattened: each word's reading (its surface, for a
// word the dictionary does not know) with its base form.
func (lx *lexicon) soundsOf(toks []tokenizer.Token) []string {
	var out []string
	for _, t := range toks {
		word, ok := lx.contentTerm(t)
		if !ok {
			continue
		}
		r := lx.reading(t)
		if r == "" || r == "*" {
			r = t.Surface
		}
		if r = FoldKana(r); utf8.RuneCountInString(r) >= 2 && isKatakanaString(r) {
			out = append(out, r, word)
		}
	}
	return out
}

// Freeze turns the recorded words into index terms: a word that known
// (the word index's vocabulary) holds stays as it is; another (a compound
// that the search-mode analysis splits further) maps to its search-mode
// terms, analysed with a. Readings whose words yield no term are dropped.
// Call it once, after the last text.
func (l *ReadingLexicon) Freeze(a *Analyzer, known func(string) bool) {
	terms := map[string][]string{}
	for r, ws := range l.words {
		var out []string
		for _, w := range ws {
			t, ok := terms[w]
			if !ok {
				t = []string{w}
				if known == nil || !known(w) {
					t = a.searchTerms(w)
				}
				terms[w] = t
			}
			for _, x := range t {
				if !slices.Contains(out, x) {
					out = append(out, x)
				}
			}
		}
		if len(out) == 0 {
			delete(l.words, r)
			continue
		}
		l.words[r] = out
	}
	l.trie = lexTrie{}
	for r, ws := range l.words {
		l.trie.insert(r, ws)
	}
	l.trie.freeze()
}

// searchTerms is [Analyzer.Terms] without the cache of query texts, for
// the words of a build.
func (a *Analyzer) searchTerms(text string) []string {
	return a.termsOfNorm(corpus.Normalize(text))
}

// Words segments text by longest match against the lexicon and returns
// the index terms of the readings it matched, each once, in order. Only
// text's runs of kana are segmented (kanji, letters and punctuation end a
// run), folded with [FoldKana]; the text is not normalised again (its
// half-width kana are left to [ReadingLexicon.ReadingWords] over the
// query's reading). At each position the longest reading of at least
// l.MinRunes runes is taken; where none matches, the segmenter moves on
// by one rune.
func (l *ReadingLexicon) Words(text string) []string { return l.SoundsLike(text, "", nil) }

// ReadingWords is Words over a reading (katakana, as [Analyzer.Reading]
// gives): every run of it is segmented, whatever its length.
func (l *ReadingLexicon) ReadingWords(reading string) []string {
	return l.SoundsLike("", reading, nil)
}

// SoundsLike is the words of Words(text) and then of
// ReadingWords(reading), each once, in order, without those that except
// holds: the words a caller's text sounds like, from one segmentation
// of both, in one slice (nil for none).
func (l *ReadingLexicon) SoundsLike(text, reading string, except []string) []string {
	if l == nil || len(l.words) == 0 {
		return nil
	}
	var out []string
	var seen seenWords
	for run := range kanaRuns(FoldKana(text)) {
		out = l.segment(run, out, &seen)
	}
	for run := range kanaRuns(reading) {
		out = l.segment(run, out, &seen)
	}
	out = slices.DeleteFunc(out, func(w string) bool { return slices.Contains(except, w) })
	if len(out) == 0 {
		return nil
	}
	return out
}

// segment is the longest-match segmentation of one run of katakana. At
// each position it walks the trie rune by rune while the candidate is the
// prefix of some reading, so a position costs as many look-ups as the
// longest reading that could start there, not as the lexicon's longest.
func (l *ReadingLexicon) segment(run string, out []string, seen *seenWords) []string {
	minRunes := max(l.MinRunes, 2)
	for i := 0; i < len(run); {
		matched := 0 // bytes
		var best []string
		runes, first := 0, 0
		node := int32(0)
		for j := i; j < len(run); {
			r, n := decodeKana(run[j:])
			j += n
			if runes++; runes == 1 {
				first = n
			}
			if node = l.trie.child(node, r); node == 0 {
				break
			}
			nd := &l.trie.nodes[node]
			if nd.words != nil && runes >= minRunes {
				matched, best = j-i, nd.words
			}
			if !nd.prefix {
				break
			}
		}
		if matched == 0 {
			matched = first
		} else {
			out = seen.appendUnseen(out, best)
		}
		i += matched
	}
	return out
}

// decodeKana decodes the first rune of s, a run of katakana (valid
// UTF-8): a three-byte rune inline, as every katakana of the BMP is.
func decodeKana(s string) (rune, int) {
	if len(s) >= 3 && s[0]&0xF0 == 0xE0 {
		return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s)
}

// seenWords tells which words a segmentation found already: those of
// its output, which a query's few words are looked up in directly; past
// seenScanMax of them, a map of them.
type seenWords struct {
	m map[string]bool
}

// seenScanMax is the most words looked up by a scan of the output.
const seenScanMax = 32

// appendUnseen appends to out, the words found so far, those of words
// that it does not hold yet.
func (s *seenWords) appendUnseen(out, words []string) []string {
	if out == nil && len(words) > 0 {
		out = make([]string, 0, max(8, len(words))) // a query's few words, allocated once
	}
	for _, w := range words {
		if s.m == nil && len(out) < seenScanMax {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
			continue
		}
		if s.m == nil {
			s.m = make(map[string]bool, 2*len(out))
			for _, x := range out {
				s.m[x] = true
			}
		}
		if !s.m[w] {
			s.m[w] = true
			out = append(out, w)
		}
	}
	return out
}

// kanaRuns yields the maximal runs of katakana of s (folded katakana),
// in order.
func kanaRuns(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i, r := range s {
			if isKatakanaRune(r) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// isKatakanaRune reports whether r is of the Katakana script and not
// the middle dot ・: U+30A1–U+30FA and U+30FD–U+30FF are, other runes
// below U+31F0 are not, and the rest are looked up in the Unicode
// tables (TestIsKatakanaRuneFast compares every rune).
func isKatakanaRune(r rune) bool {
	switch {
	case r < 0x30A1:
		return false
	case r <= 0x30FF:
		return r <= 0x30FA || r >= 0x30FD
	case r < 0x31F0:
		return false
	}
	return unicode.Is(unicode.Katakana, r)
}

// isKatakanaString reports whether s is made of katakana only.
func isKatakanaString(s string) bool {
	for _, r := range s {
		if !isKatakanaRune(r) {
			return false
		}
	}
	return s != ""
}
