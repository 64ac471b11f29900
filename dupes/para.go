package dupes

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/soudan-desk/soudan/index"
)

// sparse is a unit-length tf-idf vector over term ids, sorted by id.
type sparse struct {
	ids []int32
	w   []float32
}

// dot is the cosine of two unit sparse vectors.
func (a sparse) dot(b sparse) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a.ids) && j < len(b.ids) {
		switch {
		case a.ids[i] == b.ids[j]:
			s += float64(a.w[i]) * float64(b.w[j])
			i++
			j++
		case a.ids[i] < b.ids[j]:
			i++
		default:
			j++
		}
	}
	return s
}

// signals holds the engine's view of each entry for the paraphrase
// channel: its question lines (title, questions, editors' example
// questions) and its answer, each analysed as the search engine analyses
// them (kagome base forms of content words plus character bigrams) and
// weighted by tf-idf over the corpus.
type signals struct {
	words func(string) []string
	vocab map[string]int32
	idf   []float32
	q, a  []sparse   // per entry: all question lines together; the answer
	lines [][]sparse // per entry: each question line
	post  [][]int32  // term → entries holding it, ascending
}

// askedLines are an entry's questions as callers ask them: its question
// lines and the editors' example questions. A title alone is not one: a
// heading such as 「ケース1」 or 「標準回答」 says nothing of the question.
func askedLines(e entryText) []string {
	return append(slices.Clone(e.question), e.examples...)
}

// entryText is what the paraphrase channel reads of an entry.
type entryText struct {
	title    string
	question []string
	examples []string
	answer   string
}

// terms analyses text as the engine's examples signal does: words, and
// bigrams marked with #.
func (s *signals) terms(text string) []string {
	out := s.words(text)
	for _, b := range index.Bigrams(text) {
		out = append(out, "#"+b)
	}
	return out
}

// bigramTerms analyses an answer as the engine's bigram signal does. The
// answers are long: the word analysis is kept for the question lines,
// where the rewording is, so that a corpus of 100,000 entries is analysed
// in seconds.
func bigramTerms(text string) []string {
	bs := index.Bigrams(text)
	for i, b := range bs {
		bs[i] = "#" + b
	}
	return bs
}

// newSignals analyses every entry (in parallel) and weighs the terms.
func newSignals(texts []entryText, words func(string) []string, workers int) *signals {
	s := &signals{words: words, vocab: map[string]int32{}}
	n := len(texts)
	qTerms := make([][][]string, n) // per entry, per line
	aTerms := make([][]string, n)
	parallelForN(n, workers, func(i int) {
		qTerms[i] = append(qTerms[i], s.terms(texts[i].title))
		for _, l := range askedLines(texts[i]) {
			qTerms[i] = append(qTerms[i], s.terms(l))
		}
		aTerms[i] = bigramTerms(texts[i].answer)
	})
	// Number the terms and count their document frequency in one pass.
	var df, last []int32 // per term: entries holding it; the last entry counted
	ids := func(i int, terms []string) []int32 {
		out := make([]int32, len(terms))
		for x, t := range terms {
			k, ok := s.vocab[t]
			if !ok {
				k = int32(len(s.vocab))
				s.vocab[t] = k
				df, last = append(df, 0), append(last, -1)
			}
			if last[k] != int32(i) {
				last[k] = int32(i)
				df[k]++
			}
			out[x] = k
		}
		return out
	}
	qIDs := make([][][]int32, n)
	aIDs := make([][]int32, n)
	for i := range n {
		for _, l := range qTerms[i] {
			qIDs[i] = append(qIDs[i], ids(i, l))
		}
		aIDs[i] = ids(i, aTerms[i])
		qTerms[i], aTerms[i] = nil, nil
	}
	s.idf = make([]float32, len(df))
	for k, d := range df {
		s.idf[k] = float32(math.Log(1 + float64(n)/float64(d)))
	}
	s.q, s.a, s.lines = make([]sparse, n), make([]sparse, n), make([][]sparse, n)
	parallelForN(n, workers, func(i int) {
		var all []int32
		for x, l := range qIDs[i] {
			all = append(all, l...)
			if x > 0 {
				s.lines[i] = append(s.lines[i], s.weigh(l))
			}
		}
		s.q[i] = s.weigh(all)
		s.a[i] = s.weigh(aIDs[i])
	})
	s.index()
	return s
}

// vector weighs terms (a draft's): those the corpus does not know are
// left out.
func (s *signals) vector(terms []string) sparse {
	ids := make([]int32, 0, len(terms))
	for _, t := range terms {
		if k, ok := s.vocab[t]; ok {
			ids = append(ids, k)
		}
	}
	return s.weigh(ids)
}

// weigh turns term ids into a vector: sublinear tf times idf, unit length.
// It sorts ids in place.
func (s *signals) weigh(ids []int32) sparse {
	slices.Sort(ids)
	var v sparse
	var norm float64
	for x := 0; x < len(ids); {
		y := x + 1
		for y < len(ids) && ids[y] == ids[x] {
			y++
		}
		w := (1 + math.Log(float64(y-x))) * float64(s.idf[ids[x]])
		v.ids = append(v.ids, ids[x])
		v.w = append(v.w, float32(w))
		norm += w * w
		x = y
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range v.w {
			v.w[i] *= inv
		}
	}
	return v
}

// paraSide is one text of a pair for the paraphrase channel.
type paraSide struct {
	q, a  sparse
	lines []sparse
	// Where the entry sits: its file, the headings above it and its title
	// (empty for a draft).
	file  string
	path  []string
	title string
}

// related reports whether two entries sit together in one file's outline:
// under the same heading, or one under the other. Entries the manual's
// author placed side by side on one topic (two cases of one threat, the
// columns of one chapter) are distinct by design, and a copy among them
// is caught by the lexical channel; the paraphrase channel leaves them.
func (x *paraSide) related(y *paraSide) bool {
	if x.file == "" || x.file != y.file {
		return false
	}
	under := func(a, b *paraSide) bool { // b sits at or below a's level
		return len(b.path) >= len(a.path) && slices.Equal(b.path[:len(a.path)], a.path)
	}
	return under(x, y) || under(y, x)
}

// paraScores compares two sides: the question similarity is the better of
// the cosine of all question lines together and that of the best single
// pair of lines (the engine's examples signal); the answer similarity is
// the cosine of the answers.
func paraScores(x, y paraSide) (question, answer float64) {
	question = x.q.dot(y.q)
	for _, lx := range x.lines {
		for _, ly := range y.lines {
			question = max(question, lx.dot(ly))
		}
	}
	return question, x.a.dot(y.a)
}

// index builds the postings of the question and answer terms.
func (s *signals) index() {
	s.post = make([][]int32, len(s.idf))
	for i := range s.q {
		for _, v := range []sparse{s.q[i], s.a[i]} {
			for _, t := range v.ids {
				if p := s.post[t]; len(p) == 0 || p[len(p)-1] != int32(i) {
					s.post[t] = append(s.post[t], int32(i))
				}
			}
		}
	}
}

// scratch is one worker's accumulator for nearest.
type scratch struct {
	acc     []float32
	touched []int32
}

func newScratch(n int) *scratch { return &scratch{acc: make([]float32, n)} }

// nearest returns up to k entries (other than skip) with the highest
// question + answer similarity to x, found through the postings of the
// terms held by at most maxDF entries (common terms say little and cost
// much), best first.
func (s *signals) nearest(x *paraSide, k, maxDF int, skip int32, sc *scratch) []int32 {
	for _, v := range []sparse{x.q, x.a} {
		for n, t := range v.ids {
			if len(s.post[t]) > maxDF {
				continue
			}
			w := v.w[n] * s.idf[t]
			for _, j := range s.post[t] {
				if sc.acc[j] == 0 {
					sc.touched = append(sc.touched, j)
				}
				sc.acc[j] += w
			}
		}
	}
	// Keep the k best in a small sorted slice: most entries touched fail
	// the comparison with the k-th, so this is about linear.
	top := make([]cand, 0, k+1)
	for _, j := range sc.touched {
		c := cand{j, sc.acc[j]}
		sc.acc[j] = 0
		if j == skip || k == 0 || (len(top) == k && !c.better(top[k-1])) {
			continue
		}
		at, _ := slices.BinarySearchFunc(top, c, func(a, b cand) int {
			if a.better(b) {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, at, c)
		if len(top) > k {
			top = top[:k]
		}
	}
	sc.touched = sc.touched[:0]
	out := make([]int32, len(top))
	for i, c := range top {
		out[i] = c.j
	}
	return out
}

// cand is an entry and its accumulated similarity.
type cand struct {
	j int32
	s float32
}

// better orders candidates by similarity, then by entry.
func (c cand) better(d cand) bool { return c.s > d.s || c.s == d.s && c.j < d.j }

// neighbours returns, for each entry, its k nearest entries as candidate
// pairs (pairKeys, i < j), sorted and distinct.
func (s *signals) neighbours(k, maxDF, workers int) []uint64 {
	n := len(s.q)
	found := make([][]uint64, n)
	var wg sync.WaitGroup
	per := (n + workers - 1) / max(workers, 1)
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := newScratch(n)
			for i := lo; i < hi; i++ {
				x := &paraSide{q: s.q[i], a: s.a[i]}
				for _, j := range s.nearest(x, k, maxDF, int32(i), sc) {
					found[i] = append(found[i], pairKey(int32(i), j))
				}
			}
		}()
	}
	wg.Wait()
	var out []uint64
	for _, f := range found {
		out = append(out, f...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ParaphraseGain scales the paraphrase channel onto the lexical channel's
// scale. Reworded text shares fewer words than a copy: on the tuning half
// of testdata/paraphrase, the geometric mean of question and answer
// similarity is at least 0.30 for a reworded duplicate and at most 0.15
// for a hard negative, so 0.30 × 1.8 ≈ DefaultThreshold (see
// TestParaphraseSweep and docs/editors.md).
const ParaphraseGain = 1.8

// paraphrase combines the question and answer similarities: a duplicate
// asks the same question and gives the same answer, so both must be high
// (geometric mean), scaled by ParaphraseGain and capped at 1.
func paraphrase(question, answer float64) float64 {
	return math.Min(1, ParaphraseGain*math.Sqrt(math.Max(0, question)*math.Max(0, answer)))
}

// draftSide analyses a draft for Check: its first line is its question,
// the rest its answer (the whole draft when it is one line).
func (s *signals) draftSide(text string) *paraSide {
	q, a, ok := strings.Cut(strings.TrimSpace(text), "\n")
	if !ok {
		a = q
	}
	qv := s.vector(s.terms(q))
	return &paraSide{q: qv, a: s.vector(bigramTerms(a)), lines: []sparse{qv}}
}
