package dupes

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// DefaultThreshold is the similarity at or above which a pair is reported.
// It was chosen from the threshold sweep over testdata/labels.jsonl (see
// docs/editors.md and TestThresholdSweep).
const DefaultThreshold = 0.45

// MaxDraftLen is the longest draft, in characters, that Check accepts.
const MaxDraftLen = 20000

// EmbedFunc embeds texts, one vector per text, in order. The vectors of one
// call have one dimension. It is how the finder consumes an embedder; wrap
// index.Embedder as
//
//	func(ctx context.Context, t []string) ([][]float32, error) {
//		return emb.Embed(ctx, t, index.PurposeDocument)
//	}
type EmbedFunc func(ctx context.Context, texts []string) ([][]float32, error)

// Options configure a [Finder]. Zero values select the defaults.
type Options struct {
	// Threshold is the default reporting threshold (DefaultThreshold).
	Threshold float64
	// ShingleSize is k of the character k-grams (3).
	ShingleSize int
	// NumHashes is the MinHash signature length (128).
	NumHashes int
	// Bands is the number of LSH bands (32); NumHashes/Bands rows each.
	Bands int
	// Seed seeds the MinHash family (1).
	Seed uint64
	// MaxBucket caps the LSH bucket size paired exhaustively (1000).
	MaxBucket int
	// AnchorSize, AnchorEvery, AnchorMaxDF and AnchorMinShared configure the
	// containment channel (8, 8, 64, 2): see the package documentation.
	AnchorSize      int
	AnchorEvery     uint64
	AnchorMaxDF     int
	AnchorMinShared int
	// MinShingles is the size, in shingles, of the smaller text from which
	// a pair counts fully (60); smaller pairs are scaled down
	// proportionally unless their Jaccard similarity is at least 0.9.
	MinShingles int
	// Embed, when set, supplies the semantic signal.
	Embed EmbedFunc
	// EmbedderName names the embedder in reports.
	EmbedderName string
	// SemanticWeight is w in max(lexical, (1−w)·lexical + w·semantic) (0.2).
	SemanticWeight float64
	// SemanticExhaustiveMax is the largest corpus whose pairs are all
	// compared by embedding cosine to find paraphrases (3000). Larger
	// corpora use the lexical candidates only.
	SemanticExhaustiveMax int
	// MinScore is the lowest similarity kept in memory (0.2); reports can
	// go no lower.
	MinScore float64
	// Words, when set, is the search engine's word analysis
	// (index.Analyzer.TermsOnce, which gives what Terms gives: kagome
	// base forms of content words). It turns
	// on the paraphrase channel: candidates and scores from the engine's
	// signals over question lines and answers (see the package
	// documentation).
	Words func(string) []string
	// ParaphraseK is how many nearest entries of each entry the paraphrase
	// channel makes candidates (10). Looking for them reads the postings
	// of the entry's terms, rarest first: terms held by more than
	// ParaphraseMaxDF entries are skipped (50), and reading stops after
	// about ParaphraseBudget postings (8192).
	ParaphraseK, ParaphraseMaxDF, ParaphraseBudget int
	// Marks, when set, holds the editors' "not a duplicate" decisions
	// ([NewMarks] over the store).
	Marks *Marks
	// Workers bounds the parallelism (GOMAXPROCS).
	Workers int
}

func (o *Options) withDefaults() {
	def := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&o.ShingleSize, 3)
	def(&o.NumHashes, 128)
	def(&o.Bands, 32)
	def(&o.MaxBucket, 1000)
	def(&o.AnchorSize, 8)
	def(&o.AnchorMaxDF, 64)
	def(&o.AnchorMinShared, 2)
	def(&o.MinShingles, 60)
	def(&o.SemanticExhaustiveMax, 3000)
	def(&o.ParaphraseK, 10)
	def(&o.ParaphraseMaxDF, 50)
	def(&o.ParaphraseBudget, 8192)
	def(&o.Workers, runtime.GOMAXPROCS(0))
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.AnchorEvery == 0 {
		o.AnchorEvery = 8
	}
	if o.SemanticWeight <= 0 {
		o.SemanticWeight = 0.2
	}
	if o.MinScore <= 0 {
		o.MinScore = 0.2
	}
	if o.NumHashes%o.Bands != 0 {
		o.Bands = 32
		o.NumHashes = 128
	}
}

// doc is an entry prepared for comparison.
type doc struct {
	e        *corpus.Entry
	shingles []uint64
	smap     *shingleMap // nil for a small set
	question []uint64    // shingles of the question, nil for non-FAQ entries
	sig      []uint64
	anchors  []uint64
	vec      []float32
	para     *paraSide // nil without the paraphrase channel
	hash     string
}

// Scores are the similarity signals of a pair; see the package
// documentation for how they combine.
type Scores struct {
	Similarity  float64 `json:"similarity"`
	Lexical     float64 `json:"lexical"`
	Semantic    float64 `json:"semantic"`
	Jaccard     float64 `json:"jaccard"`
	Containment float64 `json:"containment"`
	// Question is the Jaccard similarity of the two questions when both
	// entries are FAQ entries; omitted otherwise.
	Question *float64 `json:"question,omitempty"`
	// Paraphrase is the paraphrase channel's similarity, from the engine's
	// signals: QuestionWords for the question lines (examples included),
	// AnswerWords for the answers. All 0 without the channel.
	Paraphrase    float64 `json:"paraphrase"`
	QuestionWords float64 `json:"question_words"`
	AnswerWords   float64 `json:"answer_words"`
}

// scored is a kept candidate pair, i < j.
type scored struct {
	i, j int32
	s    Scores
}

// Finder finds duplicate entries in one corpus. Build it with [New]; it is
// safe for concurrent use.
type Finder struct {
	opts  Options
	sig   *signals // nil without the paraphrase channel
	docs  []doc
	byID  map[string]int32
	mh    *MinHasher
	lsh   *LSH
	anch  []keyed  // (anchor, doc), sorted
	pairs []scored // similarity ≥ MinScore, best first
	stats Stats
}

// Stats describe the work done by New.
type Stats struct {
	Entries         int  `json:"entries"`
	LSHCandidates   int  `json:"lsh_candidates"`
	AnchorCands     int  `json:"anchor_candidates"`
	SemanticCands   int  `json:"semantic_candidates"`
	ParaphraseCands int  `json:"paraphrase_candidates"`
	Candidates      int  `json:"candidates"`
	Kept            int  `json:"kept"`
	SemanticSignal  bool `json:"semantic_signal"`
}

// New prepares entries and finds every pair scoring at least
// Options.MinScore. Entries must have distinct IDs.
func New(ctx context.Context, entries []*corpus.Entry, opts Options) (*Finder, error) {
	opts.withDefaults()
	f := &Finder{opts: opts, docs: make([]doc, len(entries)), byID: make(map[string]int32, len(entries))}
	f.mh = NewMinHasher(opts.NumHashes, opts.Seed)
	answers, err := f.prepare(entries)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opts.Embed != nil && len(entries) > 0 {
		if err := f.embed(ctx, entries); err != nil {
			return nil, err
		}
	}
	// The lexical indexes and the paraphrase channel's are independent:
	// build them side by side, so that the serial steps of each overlap.
	var wg sync.WaitGroup
	wg.Go(func() {
		f.lsh = NewLSH(f.sigs(), opts.Bands, func(i int) bool { return len(f.docs[i].shingles) == 0 })
		for i := range f.docs {
			f.docs[i].sig = nil // the LSH index holds what queries need
		}
		f.anch = f.anchorIndex()
		for i := range f.docs {
			f.docs[i].anchors = nil // the anchor index holds them
		}
	})
	if opts.Words != nil {
		f.buildSignals(entries, answers)
	}
	wg.Wait()

	cands := f.candidates()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.stats.Entries = len(entries)
	f.stats.Candidates = len(cands)
	f.pairs = f.scoreCandidates(cands)
	f.stats.Kept = len(f.pairs)
	return f, nil
}

// prepare indexes the entries by ID and computes each one's shingles,
// MinHash signature, anchors and content hash. It returns the normalised
// answers, for the paraphrase channel.
func (f *Finder) prepare(entries []*corpus.Entry) ([]string, error) {
	opts := f.opts
	for i, e := range entries {
		if _, dup := f.byID[e.ID]; dup {
			return nil, fmt.Errorf("dupes: duplicate entry ID %q", e.ID)
		}
		f.byID[e.ID] = int32(i)
	}
	answers := make([]string, len(entries))
	f.parallel(len(entries), func(i int) {
		e := entries[i]
		d := &f.docs[i]
		d.e = e
		bp := runePool.Get().(*[]rune)
		defer runePool.Put(bp)
		n := normalize(e, *bp)
		*bp = n.runes
		answers[i] = n.answer
		rs := n.runes
		d.shingles = index.ShinglesOf(rs, opts.ShingleSize)
		d.smap = newShingleMap(d.shingles)
		if len(e.Question) > 0 {
			d.question = index.Shingles(index.Compact(strings.Join(e.Question, "\n")), opts.ShingleSize)
		}
		d.sig = f.mh.Signature(d.shingles)
		d.anchors = anchorsOf(rs, opts.AnchorSize, opts.AnchorEvery)
		d.hash = contentHash(n.title, n.answer)
	})
	return answers, nil
}

// runePool holds prepare's buffers of an entry's runes.
var runePool = sync.Pool{New: func() any { return new([]rune) }}

// embed gives every entry its unit vector from Options.Embed, which turns
// the meaning signal on.
func (f *Finder) embed(ctx context.Context, entries []*corpus.Entry) error {
	texts := make([]string, len(entries))
	for i := range f.docs {
		texts[i] = DisplayText(entries[i])
	}
	vecs, err := f.opts.Embed(ctx, texts)
	if err != nil {
		return fmt.Errorf("dupes: embedding entries: %w", err)
	}
	if len(vecs) != len(entries) {
		return fmt.Errorf("dupes: embedder returned %d vectors for %d texts", len(vecs), len(entries))
	}
	for i := range f.docs {
		f.docs[i].vec = index.Unit(vecs[i])
	}
	f.stats.SemanticSignal = true
	return nil
}

// scoreCandidates scores the candidate pairs on Options.Workers goroutines
// and returns those at or above Options.MinScore, best first (ties in
// entry order).
func (f *Finder) scoreCandidates(cands []uint64) []scored {
	kept := make([][]scored, f.opts.Workers)
	var next sync.Mutex
	pos := 0
	const chunk = 4096
	var wg sync.WaitGroup
	for w := range f.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				s := pos
				pos += chunk
				next.Unlock()
				if s >= len(cands) {
					return
				}
				for _, c := range cands[s:min(s+chunk, len(cands))] {
					i, j := int32(c>>32), int32(c&0xffffffff)
					sc := f.score(&f.docs[i], &f.docs[j], f.opts.MinScore)
					if sc.Similarity >= f.opts.MinScore {
						kept[w] = append(kept[w], scored{i, j, sc})
					}
				}
			}
		}()
	}
	wg.Wait()
	var pairs []scored
	for _, k := range kept {
		pairs = append(pairs, k...)
	}
	slices.SortFunc(pairs, func(x, y scored) int {
		if c := cmp.Compare(y.s.Similarity, x.s.Similarity); c != 0 {
			return c
		}
		if c := cmp.Compare(x.i, y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.j, y.j)
	})
	return pairs
}

// Stats returns what New did.
func (f *Finder) Stats() Stats { return f.stats }

// EmbedderName names the semantic signal's embedder, "" without one.
func (f *Finder) EmbedderName() string {
	if !f.stats.SemanticSignal {
		return ""
	}
	if f.opts.EmbedderName == "" {
		return "custom"
	}
	return f.opts.EmbedderName
}

func (f *Finder) sigs() [][]uint64 {
	s := make([][]uint64, len(f.docs))
	for i := range f.docs {
		s[i] = f.docs[i].sig
	}
	return s
}

func (f *Finder) parallel(n int, fn func(i int)) { parallelForN(n, f.opts.Workers, fn) }

// anchorIndex lists (anchor, doc) for every anchor of every document,
// sorted by anchor.
func (f *Finder) anchorIndex() []keyed {
	n := 0
	for i := range f.docs {
		n += len(f.docs[i].anchors)
	}
	return sortedKeyed(n, func(yield func(keyed) bool) {
		for i := range f.docs {
			for _, a := range f.docs[i].anchors {
				if !yield(keyed{a, int32(i)}) {
					return
				}
			}
		}
	})
}

// anchorDocs returns the documents holding anchor a.
func (f *Finder) anchorDocs(a uint64) []keyed {
	i, _ := slices.BinarySearchFunc(f.anch, a, func(x keyed, k uint64) int { return cmp.Compare(x.key, k) })
	j := i
	for j < len(f.anch) && f.anch[j].key == a {
		j++
	}
	return f.anch[i:j]
}

func pairKey(i, j int32) uint64 {
	if i > j {
		i, j = j, i
	}
	return uint64(i)<<32 | uint64(uint32(j))
}

// candidates returns the distinct candidate pairs of every channel.
func (f *Finder) candidates() []uint64 {
	var lshPairs []uint64
	f.lsh.Pairs(f.opts.MaxBucket, func(_ int, i, j int32) { lshPairs = append(lshPairs, pairKey(i, j)) })
	slices.Sort(lshPairs)
	lshPairs = slices.Compact(lshPairs)
	f.stats.LSHCandidates = len(lshPairs)

	var shared []uint64
	for s := 0; s < len(f.anch); {
		e := s + 1
		for e < len(f.anch) && f.anch[e].key == f.anch[s].key {
			e++
		}
		if ds := f.anch[s:e]; len(ds) >= 2 && len(ds) <= f.opts.AnchorMaxDF {
			for x := range ds {
				for y := x + 1; y < len(ds); y++ {
					shared = append(shared, pairKey(ds[x].doc, ds[y].doc))
				}
			}
		}
		s = e
	}
	slices.Sort(shared)
	var anchorPairs []uint64
	for s := 0; s < len(shared); {
		e := s + 1
		for e < len(shared) && shared[e] == shared[s] {
			e++
		}
		if e-s >= f.opts.AnchorMinShared {
			anchorPairs = append(anchorPairs, shared[s])
		}
		s = e
	}
	f.stats.AnchorCands = len(anchorPairs)

	all := append(lshPairs, anchorPairs...)
	if f.stats.SemanticSignal && len(f.docs) <= f.opts.SemanticExhaustiveMax {
		// A paraphrase shares few shingles; compare every pair by cosine.
		floor := f.opts.MinScore / f.opts.SemanticWeight
		for i := range f.docs {
			for j := i + 1; j < len(f.docs); j++ {
				if cosine(f.docs[i].vec, f.docs[j].vec) >= floor {
					all = append(all, pairKey(int32(i), int32(j)))
					f.stats.SemanticCands++
				}
			}
		}
	}
	if f.sig != nil {
		para := f.sig.neighbours(f.opts.ParaphraseK, f.opts.Workers)
		f.stats.ParaphraseCands = len(para)
		all = append(all, para...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// buildSignals prepares the paraphrase channel from the entries and their
// normalised answers.
func (f *Finder) buildSignals(entries []*corpus.Entry, answers []string) {
	texts := make([]entryText, len(entries))
	for i, e := range entries {
		texts[i] = entryText{title: e.Title, question: e.Question, examples: e.Examples, answerN: answers[i]}
	}
	f.sig = newSignals(texts, f.opts.Words, f.opts.ParaphraseMaxDF, f.opts.ParaphraseBudget, f.opts.Workers)
	for i := range f.docs {
		e := entries[i]
		f.docs[i].para = &paraSide{sig: f.sig, q: f.sig.q[i], a: f.sig.a[i], lines: f.sig.lines[i],
			head: f.sig.heads[i], file: e.Source.File, path: e.Path, title: e.Title}
	}
}

// score computes the signals of a pair, exactly when it scores floor or
// more (see scorePair).
func (f *Finder) score(a, b *doc, floor float64) Scores {
	return scorePair(side{a.shingles, a.smap, a.question, a.vec, a.para}, side{b.shingles, b.smap, b.question, b.vec, b.para}, f.opts, floor)
}

// side is one text of a pair: its shingles, its question's shingles (nil
// when it has none) and its embedding (nil without an embedder).
type side struct {
	shingles []uint64
	smap     *shingleMap // nil for a small set or a draft
	question []uint64
	vec      []float32
	para     *paraSide
}

// scorePair computes:
//
//	lexical    = max(jaccard, containment)
//	similarity = max(lexical, (1−w)·lexical + w·semantic)   (lexical without vectors)
//	similarity ·= min(1, min(|A|,|B|) / MinShingles)       unless jaccard ≥ 0.9
//	similarity ·= (1 + question jaccard) / 2               when both have questions
//
// and the paraphrase channel's score (see the package documentation). A
// pair that scores below floor may come back with only its similarity
// right, or only below floor: once the bounds show that neither channel
// can reach floor, the common shingles are no longer counted and the
// answers not compared. floor 0 computes every signal.
func scorePair(a, b side, o Options, floor float64) Scores {
	var s Scores
	qf := 1.0
	if len(a.question) > 0 && len(b.question) > 0 {
		// Two FAQ entries answering different questions are distinct
		// entries even when their answers overlap.
		q := index.Jaccard(a.question, b.question)
		qf = (1 + q) / 2
		q = round4(q)
		s.Question = &q
	}
	para := a.para != nil && b.para != nil && !a.para.related(b.para)
	var q float64
	if para {
		q = questionScore(*a.para, *b.para)
	}
	// below: what a score must reach to round to floor or above, less a
	// margin for the bounds' rounding.
	below := floor - 1e-3
	paraLow := !para || paraphraseBound(q) < below
	sa, sb := a.shingles, b.shingles
	small := min(len(sa), len(sb))
	need := 0
	if floor > 0 && paraLow && (a.vec == nil || b.vec == nil) {
		need = lexicalNeed(len(sa), len(sb), qf, below, o.MinShingles)
	}
	inter := -1
	if need == 0 || a.smap == nil || b.smap == nil || a.smap.commonBound(b.smap) >= need {
		inter = index.IntersectAtLeast(sa, sb, need)
	}
	if inter < 0 {
		return s // below floor whatever the rest
	}
	sim := lexicalScores(&s, a, b, inter, o)
	if s.Jaccard < 0.9 {
		// Short texts carry little evidence: a shared boilerplate line
		// makes two one-line entries look alike.
		sim *= math.Min(1, float64(small)/float64(o.MinShingles))
	}
	sim *= qf
	if para && (q > 0 || sim >= floor) && !(floor > 0 && paraLow && sim < below) {
		an, evidence := answerScores(*a.para, *b.para)
		s.QuestionWords, s.AnswerWords = round4(q), round4(an)
		// As for the lexical channel, short texts carry little
		// evidence, unless their answers share rare terms (see
		// paraEvidence).
		s.Paraphrase = round4(paraphrase(q, an) * math.Max(evidence, math.Min(1, float64(small)/float64(o.MinShingles))))
		sim = math.Max(sim, s.Paraphrase)
	}
	s.Similarity = round4(sim)
	s.Lexical, s.Semantic = round4(s.Lexical), round4(s.Semantic)
	s.Jaccard, s.Containment = round4(s.Jaccard), round4(s.Containment)
	return s
}

// lexicalScores sets the Jaccard, containment, lexical and semantic
// scores of a pair whose shingle sets share inter elements, and returns
// the similarity before the size and question factors.
func lexicalScores(s *Scores, a, b side, inter int, o Options) float64 {
	sa, sb := a.shingles, b.shingles
	if union := len(sa) + len(sb) - inter; union > 0 {
		s.Jaccard = float64(inter) / float64(union)
	}
	if small := min(len(sa), len(sb)); small > 0 {
		s.Containment = float64(inter) / float64(small)
	}
	s.Lexical = math.Max(s.Jaccard, s.Containment)
	sim := s.Lexical
	if a.vec != nil && b.vec != nil {
		s.Semantic = math.Max(0, cosine(a.vec, b.vec))
		w := o.SemanticWeight
		sim = math.Max(s.Lexical, (1-w)*s.Lexical+w*s.Semantic)
	}
	return sim
}

// paraphraseBound bounds the paraphrase score of a pair whose question
// similarity is q: the answers' cosine and the evidence are at most 1
// (the cosine of unit vectors, with room for float rounding).
func paraphraseBound(q float64) float64 {
	return math.Min(1, ParaphraseGain*math.Sqrt(math.Max(0, q)*(1+1e-6)))
}

// lexicalNeed is a number of common shingles below which the lexical
// similarity of sets of sizes na and nb, with question factor qf, stays
// below target: the containment inter/small times the size factor
// min(1, small/minShingles) and qf reaches target only from
// target·max(small, minShingles)/qf common shingles, and a Jaccard
// similarity of 0.9, which drops the size factor, only from
// 0.9·(na+nb)/1.9. It is rounded down, less one, for float rounding.
func lexicalNeed(na, nb int, qf, target float64, minShingles int) int {
	bySize := target * float64(max(min(na, nb), minShingles)) / qf
	byJaccard := 0.9 * float64(na+nb) / 1.9
	return max(0, int(math.Min(bySize, byJaccard))-1)
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// cosine of two unit vectors (0 when either is missing or the dimensions
// differ).
func cosine(a, b []float32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func parallelFor(n int, fn func(i int)) { parallelForN(n, runtime.GOMAXPROCS(0), fn) }

// onEach calls fn(w) for w in [0, workers), each on its own goroutine.
func onEach(workers int, fn func(w int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { fn(w) })
	}
	wg.Wait()
}

// parallelForN calls fn(i) for every i in [0, n) on up to workers
// goroutines, which take the next chunk of steps as they finish one:
// a core that another process slows down takes fewer chunks instead of
// holding the others up at the end. Below 64 steps, or with one worker,
// the loop runs on the caller's goroutine.
func parallelForN(n, workers int, fn func(i int)) {
	parallelChunks(n, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			fn(i)
		}
	})
}

// parallelChunks calls fn(lo, hi) for consecutive chunks that cover
// [0, n), on up to workers goroutines that take the next chunk as they
// finish one (see parallelForN).
func parallelChunks(n, workers int, fn func(lo, hi int)) {
	if n < 64 || workers <= 1 {
		fn(0, n)
		return
	}
	// About 16 chunks a worker, of at least 16 steps.
	chunk := max(16, n/(16*workers))
	var next atomic.Int64
	onEach(min(workers, (n+chunk-1)/chunk), func(int) {
		for {
			lo := int(next.Add(int64(chunk))) - chunk
			if lo >= n {
				return
			}
			fn(lo, min(lo+chunk, n))
		}
	})
}

// InvalidError reports bad input. TooLong is set when a draft exceeds
// MaxDraftLen.
type InvalidError struct {
	Field   string
	Message string
	TooLong bool
}

func (e *InvalidError) Error() string { return e.Field + ": " + e.Message }

// NotFoundError reports an unknown entry ID.
type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string { return fmt.Sprintf("no entry with ID %q", e.ID) }

// ErrNoMarks is returned by Mark and Unmark when the finder has no marks.
var ErrNoMarks = errors.New("dupes: no marks store configured")

// ValidateThreshold checks that t is a number in [0, 1].
func ValidateThreshold(t float64) error {
	if math.IsNaN(t) || t < 0 || t > 1 {
		return &InvalidError{Field: "threshold", Message: fmt.Sprintf("threshold must be between 0 and 1, got %v", t)}
	}
	return nil
}

// validateDraft checks a draft for Check.
func validateDraft(text string) error {
	if !utf8.ValidString(text) {
		return &InvalidError{Field: "text", Message: "text is not valid UTF-8"}
	}
	if strings.TrimSpace(text) == "" {
		return &InvalidError{Field: "text", Message: "text is empty"}
	}
	if n := utf8.RuneCountInString(text); n > MaxDraftLen {
		return &InvalidError{Field: "text", Message: fmt.Sprintf("text is %d characters; the limit is %d", n, MaxDraftLen), TooLong: true}
	}
	return nil
}
