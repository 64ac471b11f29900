package dupes

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
)

// sparse is a unit-length tf-idf vector over term ids, sorted by id.
type sparse struct {
	ids []int32
	w   []float32
}

// dotShared is dot, and the sum of idf over the terms a and b share.
func (a sparse) dotShared(b sparse, idf []float32) (dot, shared float64) {
	i, j := 0, 0
	for i < len(a.ids) && j < len(b.ids) {
		switch {
		case a.ids[i] == b.ids[j]:
			dot += float64(a.w[i]) * float64(b.w[j])
			shared += float64(idf[a.ids[i]])
			i++
			j++
		case a.ids[i] < b.ids[j]:
			i++
		default:
			j++
		}
	}
	return dot, shared
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
	vocab vocabulary
	idf   []float32
	q, a  []sparse   // per entry: all question lines together; the answer
	lines [][]sparse // per entry: each asked line (see askedLines)
	// heads holds, per entry with asked lines, its title as a line of its
	// own (empty for the others, whose q is the title's alone).
	heads []sparse
	// Postings of the terms held by at most maxDF entries, in CSR form:
	// the entries holding term t are postDocs[postStart[t]:postStart[t+1]],
	// ascending.
	rarest    float64 // the idf of a term held by one entry
	maxDF     int
	budget    int   // postings read per nearest search, about
	kept      int32 // the terms held by at most maxDF entries are the ids below kept
	postStart []int32
	postDocs  []int32
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
	answerN  string // the answer, normalised with corpus.Normalize
}

// entryKeys analyses an entry: its question lines (the title first) as
// the engine's words and examples signals read them, its answer as the
// bigram signal reads it. The answers are long: the word analysis is kept
// for the question lines, where the rewording is, so that a corpus of
// 100,000 entries is analysed in seconds. It returns every term's key, the
// question lines' then the answer's, and where each question line ends.
func (s *signals) entryKeys(t entryText) (keys []uint64, lineEnd []int32) {
	keys = s.lineKeys(t.title)
	lineEnd = []int32{int32(len(keys))}
	for _, l := range askedLines(t) {
		keys = append(keys, s.lineKeys(l)...)
		lineEnd = append(lineEnd, int32(len(keys)))
	}
	// An answer has at most one bigram a rune: room for them at once.
	keys = slices.Grow(keys, utf8.RuneCountInString(t.answerN))
	return appendGrams(keys, t.answerN), lineEnd
}

// signalChunk is how many entries are analysed before their terms are
// numbered: it bounds the memory that the terms' keys take.
const signalChunk = 8192

// newSignals analyses every entry (in parallel), numbers the terms and
// weighs them.
func newSignals(texts []entryText, words func(string) []string, maxDF, budget, workers int) *signals {
	s := &signals{words: words, maxDF: maxDF, budget: budget}
	n := len(texts)
	ids := make([][]int32, n)     // per entry: its terms, every occurrence
	lineEnd := make([][]int32, n) // per entry: where each question line ends in ids
	for lo := 0; lo < n; lo += signalChunk {
		hi := min(lo+signalChunk, n)
		keys := make([][]uint64, hi-lo)
		parallelForN(hi-lo, workers, func(x int) { keys[x], lineEnd[lo+x] = s.entryKeys(texts[lo+x]) })
		all := s.vocab.number(keys, int32(lo), workers)
		for x, k := range keys {
			ids[lo+x], all = all[:len(k):len(k)], all[len(k):]
		}
	}
	s.vocab.finish()
	s.rarest = math.Log(1 + float64(n))
	s.idf = make([]float32, len(s.vocab.df))
	for t, d := range s.vocab.df {
		s.idf[t] = float32(math.Log(1 + float64(n)/float64(d)))
	}
	s.q, s.a, s.lines, s.heads = make([]sparse, n), make([]sparse, n), make([][]sparse, n), make([]sparse, n)
	parallelForN(n, workers, func(i int) {
		t, ends := ids[i], lineEnd[i]
		for x, id := range t {
			t[x] = s.vocab.rank[id]
		}
		if len(ends) > 1 {
			s.heads[i] = s.weigh(slices.Clone(t[:ends[0]]))
		}
		for x := 1; x < len(ends); x++ {
			s.lines[i] = append(s.lines[i], s.weigh(slices.Clone(t[ends[x-1]:ends[x]])))
		}
		qEnd := ends[len(ends)-1]
		s.q[i], s.a[i] = s.weigh(t[:qEnd]), s.weigh(t[qEnd:])
		ids[i] = nil
	})
	s.index(workers)
	return s
}

// vector weighs a draft's terms: those the corpus does not know are left
// out.
func (s *signals) vector(keys []uint64) sparse {
	return s.weigh(s.vocab.lookup(keys))
}

// tfWeight holds 1 + ln(tf) for small counts.
var tfWeight = func() (t [64]float64) {
	for tf := 1; tf < len(t); tf++ {
		t[tf] = 1 + math.Log(float64(tf))
	}
	return t
}()

// sublinear is 1 + ln(tf).
func sublinear(tf int) float64 {
	if tf < len(tfWeight) {
		return tfWeight[tf]
	}
	return 1 + math.Log(float64(tf))
}

// weigh turns term ids, every occurrence, into a vector: sublinear tf
// times idf, unit length, sorted by term id. It sorts ids in place.
func (s *signals) weigh(ids []int32) sparse {
	sortIDs(ids)
	distinct := 0
	for x := range ids {
		if x == 0 || ids[x] != ids[x-1] {
			distinct++
		}
	}
	v := sparse{ids: make([]int32, 0, distinct), w: make([]float32, 0, distinct)}
	var norm float64
	for x := 0; x < len(ids); {
		y := x + 1
		for y < len(ids) && ids[y] == ids[x] {
			y++
		}
		w := sublinear(y-x) * float64(s.idf[ids[x]])
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
	sig   *signals // the corpus's terms
	q, a  sparse
	lines []sparse // the asked lines
	head  sparse   // the title as a line, when there are asked lines
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

// questionScore is the question similarity of two sides: the better of
// the cosine of all question lines together and that of the best single
// pair of lines (the engine's examples signal). A title is one of those
// lines against the other side's asked lines, not against its title: a
// heading such as 「ケース1」 or 「資料請求」 asks its questions in the
// editors' example questions, and a condensed rewording of it, which has
// none, says in its title what it answers; two headings alike
// (「ケース1」 of two chapters) say nothing of their questions.
func questionScore(x, y paraSide) float64 {
	question := max(x.q.dot(y.q), closest(x.titleLine(), y.lines), closest(y.titleLine(), x.lines))
	for _, lx := range x.lines {
		question = max(question, closest(lx, y.lines))
	}
	return question
}

// closest is the best cosine of line l and one of lines, 0 without lines.
func closest(l sparse, lines []sparse) float64 {
	var best float64
	for _, m := range lines {
		best = max(best, l.dot(m))
	}
	return best
}

// titleLine is the side's title as a line: q when the side has no asked
// lines, for q is then the title's alone.
func (x *paraSide) titleLine() sparse {
	if len(x.lines) == 0 {
		return x.q
	}
	return x.head
}

// answerScores are the answer similarity of two sides, the cosine of the
// answers, and the evidence: how much information the two answers share
// (see [paraEvidence]).
func answerScores(x, y paraSide) (answer, evidence float64) {
	answer, shared := x.a.dotShared(y.a, x.sig.idf)
	return answer, math.Min(1, shared/(x.sig.rarest*paraEvidence))
}

// paraEvidence is how many of the corpus's rarest terms two answers must
// share, in idf mass, for a pair of short entries to count fully.
//
// Short texts carry little evidence: two one-line answers such as
// 「【ガイドブック】P.46 を紹介」 and 「【ガイドブック】P.146 を紹介」 have
// a high cosine while sharing only the manual's boilerplate. The lexical
// channel scales such pairs down by length; the paraphrase channel
// measures what they share instead: the idf of the answers' common terms,
// in units of the idf of a term held by one entry. A one-line referral
// reworded (「【相談】消費者ホットライン」 as 「消費者ホットラインを案内する。」)
// shares its rare words and counts; boilerplate shares common words and
// stays scaled down. On the tuning half of testdata/paraphrase and the
// seed labels, 4 to 6 units gave the same pairs; 5 is the middle.
const paraEvidence = 5

// index builds the postings of the question and answer terms held by at
// most maxDF entries: common terms say little and cost much. Term ids
// ascend with document frequency, so those terms are the ids below
// s.kept. The terms are cut into one range a worker, of about as many
// postings each; a worker walks every entry's terms within its range.
func (s *signals) index(workers int) {
	at, _ := slices.BinarySearch(s.vocab.df, int32(s.maxDF)+1)
	s.kept = int32(at)
	s.postStart = make([]int32, len(s.idf)+1)
	for t := range s.kept {
		s.postStart[t+1] = s.postStart[t] + s.vocab.df[t]
	}
	for t := int(s.kept); t < len(s.idf); t++ {
		s.postStart[t+1] = s.postStart[t]
	}
	total := s.postStart[s.kept]
	s.postDocs = make([]int32, total)
	fill := slices.Clone(s.postStart[:s.kept])
	workers = max(1, min(workers, int(total)/4096))
	bound := make([]int32, workers+1) // range w is the terms [bound[w], bound[w+1])
	for w := 1; w < workers; w++ {
		at, _ := slices.BinarySearch(s.postStart[:s.kept], total/int32(workers)*int32(w))
		bound[w] = int32(at)
	}
	bound[workers] = s.kept
	onEach(workers, func(w int) {
		for i := range s.q {
			s.post(int32(i), bound[w], bound[w+1], fill)
		}
	})
}

// post adds entry i to the postings of its terms within [lo, hi): the
// union of its question's and its answer's, each term once.
func (s *signals) post(i, lo, hi int32, fill []int32) {
	q, a := s.q[i].ids, s.a[i].ids
	x, _ := slices.BinarySearch(q, lo)
	y, _ := slices.BinarySearch(a, lo)
	for {
		t := hi
		if x < len(q) {
			t = min(t, q[x])
		}
		if y < len(a) {
			t = min(t, a[y])
		}
		if t >= hi {
			return
		}
		s.postDocs[fill[t]] = i
		fill[t]++
		if x < len(q) && q[x] == t {
			x++
		}
		if y < len(a) && a[y] == t {
			y++
		}
	}
}

// postings returns the entries holding term t, nil when more than maxDF
// entries hold it.
func (s *signals) postings(t int32) []int32 {
	return s.postDocs[s.postStart[t]:s.postStart[t+1]]
}

// scratch is one worker's accumulator for nearest.
type scratch struct {
	acc     []float32
	touched []int32
}

func newScratch(n int) *scratch { return &scratch{acc: make([]float32, n)} }

// nearest returns up to k entries (other than skip) with the highest
// question + answer similarity to x, best first. It accumulates the
// postings of x's terms rarest first (term ids ascend with document
// frequency), up to the terms held by maxDF entries and until about
// budget postings are read: common terms say little and cost much.
func (s *signals) nearest(x *paraSide, k int, skip int32, sc *scratch) []int32 {
	q, a := x.q, x.a
	i, j := 0, 0
	if skip >= 0 {
		// An entry's terms that no other entry holds lead to no
		// neighbour: they come first (ids ascend with document
		// frequency).
		i, j = s.firstShared(q.ids), s.firstShared(a.ids)
	}
	read := 0
	for (i < len(q.ids) || j < len(a.ids)) && read < s.budget {
		var t int32
		var w float32
		switch {
		case j == len(a.ids) || i < len(q.ids) && q.ids[i] < a.ids[j]:
			t, w = q.ids[i], q.w[i]
			i++
		case i == len(q.ids) || a.ids[j] < q.ids[i]:
			t, w = a.ids[j], a.w[j]
			j++
		default:
			t, w = q.ids[i], q.w[i]+a.w[j]
			i++
			j++
		}
		if t >= s.kept {
			break
		}
		w *= s.idf[t]
		post := s.postings(t)
		read += len(post)
		for _, e := range post {
			if sc.acc[e] == 0 {
				sc.touched = append(sc.touched, e)
			}
			sc.acc[e] += w
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

// firstShared is the index of the first term of ids (ascending) that
// more than one entry holds.
func (s *signals) firstShared(ids []int32) int {
	i, _ := slices.BinarySearchFunc(ids, int32(2), func(t, d int32) int { return int(s.vocab.df[t] - d) })
	return i
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
func (s *signals) neighbours(k, workers int) []uint64 {
	n := len(s.q)
	found := make([][]uint64, n)
	scratches := sync.Pool{New: func() any { return newScratch(n) }}
	parallelChunks(n, workers, func(lo, hi int) {
		sc := scratches.Get().(*scratch)
		for i := lo; i < hi; i++ {
			x := &paraSide{sig: s, q: s.q[i], a: s.a[i]}
			for _, j := range s.nearest(x, k, int32(i), sc) {
				found[i] = append(found[i], pairKey(int32(i), j))
			}
		}
		scratches.Put(sc)
	})
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
	qv := s.vector(s.lineKeys(q))
	return &paraSide{sig: s, q: qv, a: s.vector(appendGrams(nil, corpus.Normalize(a))), lines: []sparse{qv}, head: qv}
}
