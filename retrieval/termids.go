package retrieval

import (
	"cmp"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/index"
)

// Each index keeps its terms by ID. A query's terms are looked up once in
// each index that reads them, when the query is analysed: the words in
// the word and examples indexes and the embedder, the bigrams in the
// bigram and examples indexes and the embedder, the reading bigrams in
// the readings index. The signals' searches and the confidence's support
// then go by ID, and a thesaurus expansion, whose analysis the engine
// keeps (expansionPart), is looked up once per engine rather than once
// per query.

// partIDs are one part's terms looked up in each index (nil for an index
// the engine lacks), aligned with the part's terms; an ID is negative
// where the index does not hold the term.
type partIDs struct {
	words, bigrams, readings []int32 // in tokens, bigrams, readings
	exWords, exGrams         []int32 // the words and marked bigrams in examples
	// features are the local embedder's known features of the part's
	// words and of the bigrams of its normalised text (index.Local.FeatureIDs).
	features []int32
}

// lookUp fills p.ids from p's terms: the words from each index, the
// bigrams from the gram table.
func (e *Engine) lookUp(p *analysedPart) {
	features := e.local != nil && p.an != nil
	if e.wordTable != nil {
		e.lookUpWords(p)
	} else {
		if e.tokens != nil {
			p.ids.words = e.tokens.TermIDs(nil, p.words)
		}
		if e.examples != nil {
			p.ids.exWords = e.examples.TermIDs(nil, p.words)
		}
		if features {
			p.ids.features = e.local.FeatureIDs(nil, p.an.Terms, "")
		}
	}
	n := len(p.bigrams)
	block := make([]int32, 0, 2*n) // both lists in one allocation
	if e.bigrams != nil {
		p.ids.bigrams = block[:0:n]
	}
	if e.examples != nil {
		p.ids.exGrams = block[n : n : 2*n]
	}
	var readings []string
	if e.readings != nil {
		readings = p.readings
	}
	var keysBuf [128]uint64
	keys := e.gramKeys(keysBuf[:0], p.bigrams, readings)
	for i, g := range p.bigrams {
		ids := e.gramIDsOf(g, keys[i])
		if e.bigrams != nil {
			p.ids.bigrams = append(p.ids.bigrams, ids.bigram)
		}
		if e.examples != nil {
			p.ids.exGrams = append(p.ids.exGrams, ids.exGram)
		}
	}
	if e.readings != nil {
		p.ids.readings = make([]int32, len(p.readings))
		for i, g := range p.readings {
			p.ids.readings[i] = e.gramIDsOf(g, keys[n+i]).reading
		}
	}
	if features {
		index.EachBigram(p.an.Norm, func(a, b rune) {
			if id := e.runeGramIDs(a, b).feature; id >= 0 {
				p.ids.features = append(p.ids.features, id)
			}
		})
	}
}

// termIDs are one term's IDs in the word index, the examples index and
// the local embedder's features; negative where one lacks it.
type termIDs struct {
	word, exWord, feature int32
}

// newWordTable is the word table of wordIDs.
func (e *Engine) newWordTable() *wordTable { return newWordTableOf(e.wordIDs()) }

// wordIDs maps every term of the word and examples indexes and every
// feature of the local embedder to its IDs in each: one look-up of a
// query's word instead of one in each. It gives exactly what the indexes
// give (TestGramTableMatchesIndexes).
func (e *Engine) wordIDs() map[string]termIDs {
	m := map[string]termIDs{}
	set := func(term string, fn func(*termIDs)) {
		ids, ok := m[term]
		if !ok {
			ids = noWord
		}
		fn(&ids)
		m[term] = ids
	}
	addTerms := func(l *index.Lexical, assign func(*termIDs, int32)) {
		if l == nil {
			return
		}
		for id := range int32(l.NumTerms()) {
			// TermIDs gives the empty term no ID.
			if term := l.Term(id); term != "" {
				set(term, func(w *termIDs) { assign(w, id) })
			}
		}
	}
	addTerms(e.tokens, func(w *termIDs, id int32) { w.word = id })
	addTerms(e.examples, func(w *termIDs, id int32) { w.exWord = id })
	if e.local != nil {
		e.local.EachFeature(func(name string, id int32) {
			set(name, func(w *termIDs) { w.feature = id })
		})
	}
	return m
}

// lookUpWords fills p's word IDs from the word table: p.ids.words and
// p.ids.exWords aligned with p.words, and p.ids.features with the
// features among them (for a part with its own analysis).
func (e *Engine) lookUpWords(p *analysedPart) {
	n := len(p.words)
	block := make([]int32, 2*n) // both lists in one allocation
	if e.tokens != nil {
		p.ids.words = block[:n:n]
	}
	if e.examples != nil {
		p.ids.exWords = block[n:]
	}
	features := e.local != nil && p.an != nil
	if features {
		// The words' features and, after them, the bigrams' (lookUp).
		p.ids.features = make([]int32, 0, n+utf8.RuneCountInString(p.an.Norm))
	}
	e.wordTable.lookupAll(p.words, func(i int, ids termIDs) {
		if e.tokens != nil {
			p.ids.words[i] = ids.word
		}
		if e.examples != nil {
			p.ids.exWords[i] = ids.exWord
		}
		if features && ids.feature >= 0 {
			p.ids.features = append(p.ids.features, ids.feature)
		}
	})
}

// runeGramIDs is gramIDs of the bigram of runes a and b, or of the letter
// a alone when b is 0 (as [index.EachBigram] gives them), read from the
// gram table under the runes' key without building the bigram's string.
func (e *Engine) runeGramIDs(a, b rune) gramIDs {
	if b == 0 || e.grams == nil {
		return e.gramIDs(runeGram(a, b))
	}
	return e.grams.lookup(runePair(a, b))
}

// runeGram is the string of bigram a, b (a alone when b is 0).
func runeGram(a, b rune) string {
	if b == 0 {
		return string(a)
	}
	return string([]rune{a, b})
}

// gramKeys appends to keys the gram table's key of each of grams and
// then of each of more (0 for a gram the table cannot hold, or without
// the table), and prefetches the first slot of each key: the look-ups
// that follow (gramIDsOf), one a gram, mostly miss the processor's
// caches, and the prefetches miss them together rather than one after
// another.
func (e *Engine) gramKeys(keys []uint64, grams, more []string) []uint64 {
	for _, gs := range [2][]string{grams, more} {
		for _, g := range gs {
			k, ok := packGram(g)
			if !ok || e.grams == nil {
				k = 0
			}
			keys = append(keys, k)
		}
	}
	if e.grams != nil {
		e.grams.prefetch(keys)
	}
	return keys
}

// bigramIDs returns the IDs of grams in the bigram index, as
// e.bigrams.TermIDs(nil, grams) gives them, from the gram table.
func (e *Engine) bigramIDs(grams []string) []int32 {
	if len(grams) == 0 {
		return nil
	}
	var keysBuf [128]uint64
	keys := e.gramKeys(keysBuf[:0], grams, nil)
	out := make([]int32, len(grams))
	for i, g := range grams {
		out[i] = e.gramIDsOf(g, keys[i]).bigram
	}
	return out
}

// gramIDsOf is gramIDs(g) for g's key k in the gram table (gramKeys).
func (e *Engine) gramIDsOf(g string, k uint64) gramIDs {
	if k != 0 {
		return e.grams.lookup(k)
	}
	return e.gramIDs(g)
}

// gramIDs returns bigram g's IDs: from the gram table, or, for a term
// that is not two characters, from each index.
func (e *Engine) gramIDs(g string) gramIDs {
	if ids, ok := e.grams.get(g); ok {
		return ids
	}
	ids := noGram
	if e.bigrams != nil {
		ids.bigram = e.bigrams.TermIDs(nil, []string{g})[0]
	}
	if e.examples != nil {
		ids.exGram = e.examples.TermIDs(nil, []string{"#" + g})[0]
	}
	if e.readings != nil {
		ids.reading = e.readings.TermIDs(nil, []string{g})[0]
	}
	if e.local != nil {
		if id, ok := e.local.Feature("#" + g); ok {
			ids.feature = id
		}
	}
	return ids
}

// weightedIDs appends to out, part after part, the IDs that pick gives of
// each part (one or two lists), each with its part's weight: the query of
// one signal, in the order in which its terms were analysed.
func (qa *queryAnalysis) weightedIDs(out []index.WeightedID, pick func(*partIDs) (a, b []int32)) []index.WeightedID {
	for i := range qa.parts {
		p := &qa.parts[i]
		a, b := pick(&p.ids)
		for _, list := range [2][]int32{a, b} {
			for _, id := range list {
				out = append(out, index.WeightedID{ID: id, Weight: p.weight})
			}
		}
	}
	return out
}

// weightedBufs hold the signals' weighted IDs between searches: the
// indexes read them and keep nothing.
var weightedBufs = sync.Pool{New: func() any { return new([]index.WeightedID) }}

// searchIDs is l's search for the IDs that pick gives of qa's parts.
func (e *Engine) searchIDs(l *index.Lexical, qa *queryAnalysis, pick func(*partIDs) (a, b []int32)) []index.Hit {
	buf := weightedBufs.Get().(*[]index.WeightedID)
	defer weightedBufs.Put(buf)
	*buf = qa.weightedIDs((*buf)[:0], pick)
	return l.SearchIDs(*buf, e.opts.Depth, qa.filter)
}

func wordIDs(p *partIDs) (a, b []int32)    { return p.words, nil }
func bigramIDs(p *partIDs) (a, b []int32)  { return p.bigrams, nil }
func readingIDs(p *partIDs) (a, b []int32) { return p.readings, nil }
func exampleIDs(p *partIDs) (a, b []int32) { return p.exWords, p.exGrams }

// distinctIDs returns terms sorted, each once, as distinct does, with
// their IDs (ids aligned with terms; nil gives nil).
func distinctIDs(terms []string, ids []int32) ([]string, []int32) {
	if ids == nil {
		return distinct(terms), nil
	}
	type termID struct {
		t  string
		id int32
	}
	all := make([]termID, len(terms))
	for i, t := range terms {
		all[i] = termID{t, ids[i]}
	}
	slices.SortFunc(all, func(a, b termID) int { return cmp.Compare(a.t, b.t) })
	all = slices.CompactFunc(all, func(a, b termID) bool { return a.t == b.t })
	outT, outID := make([]string, len(all)), make([]int32, len(all))
	for i, x := range all {
		outT[i], outID[i] = x.t, x.id
	}
	return outT, outID
}
