package retrieval

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/internal/prefetch"
	"github.com/soudan-desk/soudan/internal/spare"
)

// RerankModel reorders the first candidates of the fused ranking by a
// linear score over features the engine already has for each of them
// (RerankFeatureNames): its fused rank and score, its rank in each signal,
// its kind, whether it heads a section, its depth, its stage against the
// caller's action, its example similarity and lexical support, and how it
// sits relative to the fused first result (same section, child, parent).
// The weights are learnt with a pairwise logistic loss on the tuning
// halves of the suites (scripts/fit-rerank.py; docs/relevance.md,
// "Learned re-ranking").
type RerankModel struct {
	// Depth is how many fused candidates are reordered; 0 disables the
	// re-ranking (and the features).
	Depth int
	// Weights hold one weight per feature, in RerankFeatureNames order.
	// Nil computes the features (Result.Features) but keeps the fused
	// order: what the fitting script reads.
	Weights []float64
}

// RerankFeatureNames name the re-ranking features, in Result.Features
// order.
var RerankFeatureNames = []string{
	"inv_pos", "rel_score", "gap_next",
	"rr_tokens", "rr_bigrams", "rr_readings", "rr_examples", "rr_vector",
	"standard_answer", "case", "faq", "heading", "depth", "answer_len",
	"before_acted", "after_acted", "routing", "example", "bigram_support",
	"same_section_top", "child_of_top", "parent_of_top",
}

// featuresRanks is the offset of the per-signal reciprocal ranks.
const featuresRanks = 3

// featureExample and featureBigramSupport are the places of the example
// and bigram_support features: the confidence's Example and BigramSupport
// of the same result, which it takes from there.
const (
	featureExample       = 17
	featureBigramSupport = 18
)

// setHeadings marks the entries that head a section holding entries of
// their own (another entry's Section is theirs).
func (e *Engine) setHeadings() {
	e.heading = make([]bool, len(e.entries))
	for _, en := range e.entries {
		if en.Section == "" {
			continue
		}
		if d, ok := e.pos[en.Section]; ok {
			e.heading[d] = true
		}
	}
}

// rerank reorders the first RerankModel.Depth of results by the model's
// score, filling each one's Features. The final scores are those of the
// fused ranking, sorted, reassigned in the new order: they stay
// decreasing, so that margins and near-equal cards read them as before.
// It returns the model's score of the new first result (0 without
// weights or with fewer than two results): a confidence signal.
func (e *Engine) rerank(qa *queryAnalysis, own ownTerms, rankings []ranking, results []Result) float64 {
	m := e.opts.Rerank
	n := min(m.Depth, len(results))
	if n < 2 {
		return 0
	}
	fs := featureStepsPool.Get().(*featureSteps)
	feats := slices.Grow(fs.feats[:0], n)[:n]
	// One allocation holds every result's features.
	block := make([]float64, n*len(RerankFeatureNames))
	docs := slices.Grow(fs.docs[:0], n)[:n]
	for i, r := range results[:n] {
		docs[i] = e.pos[r.Entry.ID]
	}
	for _, d := range docs {
		e.prefetchFeatures(d)
	}
	ranks := slices.Grow(fs.ranks[:0], n)[:n]
	clear(ranks)
	fs.slot = resultRanks(ranks, docs, rankings, fs.slot, len(e.entries))
	*fs = featureSteps{e: e, qa: qa, rankings: rankings, results: results[:n], grams: own.grams, feats: feats, block: block,
		docs: docs, ranks: ranks, slot: fs.slot, order: fs.order, model: fs.model, scores: fs.scores, kept: fs.kept}
	spare.Run(fs, n)
	for i, f := range feats {
		results[i].Features = f
	}
	clear(feats)
	defer featureStepsPool.Put(fs)
	*fs = featureSteps{feats: feats[:0], docs: docs[:0], ranks: fs.ranks[:0], slot: fs.slot, order: fs.order, model: fs.model, scores: fs.scores, kept: fs.kept}
	if len(m.Weights) != len(RerankFeatureNames) {
		return 0
	}
	// The results' places are sorted by the model's score, and the
	// results moved once, rather than moved at every step of the sort.
	order, model := slices.Grow(fs.order[:0], n)[:n], slices.Grow(fs.model[:0], n)[:n]
	scores, kept := slices.Grow(fs.scores[:0], n)[:n], slices.Grow(fs.kept[:0], n)[:n]
	for i := range n {
		s := 0.0
		for j, x := range results[i].Features {
			s += m.Weights[j] * x
		}
		order[i], model[i], scores[i] = i, s, results[i].Score
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(model[b], model[a]) })
	copy(kept, results[:n])
	for i, j := range order {
		results[i] = kept[j]
		results[i].Score = scores[i]
	}
	best := model[order[0]]
	clear(kept) // the pool keeps no results alive
	fs.order, fs.model, fs.scores, fs.kept = order, model, scores, kept
	return best
}

// featureSteps computes the rerank features of each of results as the
// steps of a spare.Run; each step writes only its own slot of feats
// (results, which every step reads, are written once all have run).
type featureSteps struct {
	e        *Engine
	qa       *queryAnalysis
	rankings []ranking
	results  []Result
	grams    termSet
	feats    [][]float64
	block    []float64 // feats[i] is the i-th len(RerankFeatureNames) of it
	// docs are the results' entries; ranks[i][k] is results[i]'s rank
	// in rankings[k] (resultRanks); slot is resultRanks' storage.
	docs  []int
	ranks [][numRuns]int32
	slot  []int32
	// order, model, scores and kept are rerank's storage for the
	// reordering (the results' places, their model scores, their fused
	// scores and a copy of them), kept with the steps between searches.
	order         []int
	model, scores []float64
	kept          []Result
}

var featureStepsPool = sync.Pool{New: func() any { return new(featureSteps) }}

func (fs *featureSteps) Step(i int) {
	k := len(RerankFeatureNames)
	fs.feats[i] = fs.block[i*k : (i+1)*k : (i+1)*k]
	fs.e.rerankFeatures(fs.feats[i], fs.qa, fs.rankings, fs.results, i, fs.grams, fs.docs[i], &fs.ranks[i])
}

// resultRanks sets ranks[i][k] to the rank in rankings[k] (0: none) of
// entry docs[i], distinct entries: one pass over each ranking's hits,
// rather than a scan of them an entry. slot, zero, is one int32 an entry
// (entries of them), grown when shorter; it is returned zero.
func resultRanks(ranks [][numRuns]int32, docs []int, rankings []ranking, slot []int32, entries int) []int32 {
	if len(slot) < entries {
		slot = make([]int32, entries)
	}
	for i, d := range docs {
		slot[d] = int32(i + 1)
	}
	for k, rk := range rankings {
		for pos, h := range rk.hits {
			if i := slot[h.Doc] - 1; i >= 0 && ranks[i][k] == 0 {
				ranks[i][k] = int32(pos + 1)
			}
		}
	}
	for _, d := range docs {
		slot[d] = 0
	}
	return slot
}

// rerankFeatures sets f, zero and len(RerankFeatureNames) long, to the
// features of results[i] among the first results of a fused ranking:
// entry doc, ranked ranks[k] in rankings[k] (resultRanks).
func (e *Engine) rerankFeatures(f []float64, qa *queryAnalysis, rankings []ranking, results []Result, i int, grams termSet, doc int, ranks *[numRuns]int32) {
	r, first := results[i], results[0]
	f[0] = 1 / float64(i+1)
	if first.Score > 0 {
		f[1] = r.Score / first.Score
		if i+1 < len(results) {
			f[2] = (r.Score - results[i+1].Score) / first.Score
		}
	}
	for k, rk := range rankings {
		if rank := ranks[k]; rank > 0 {
			if j := signalFeature(rk.name); j >= 0 {
				f[featuresRanks+j] = 1 / float64(rank)
			}
		}
	}
	en := r.Entry
	f[8], f[9], f[10] = b2f(en.Kind == corpus.KindStandardAnswer), b2f(en.Kind == corpus.KindCase), b2f(en.Kind == corpus.KindFAQ)
	f[11] = b2f(e.heading[doc])
	f[12] = float64(len(en.Path)) / 4
	f[13] = e.answerLen[doc]
	f[14] = b2f(qa.acted && en.Stage == corpus.StageBefore)
	f[15] = b2f(qa.acted && en.Stage == corpus.StageAfter)
	f[16] = b2f(en.Routing)
	f[featureExample] = dice(e.exampleGrams(doc), grams)
	if e.bigrams != nil {
		f[featureBigramSupport] = share(e.bigrams, e.bigramTerms, doc, grams.ids)
	}
	if i > 0 {
		f[19] = b2f(sameSection(first, r))
		f[20] = b2f(en.Section != "" && en.Section == first.Entry.ID)
		f[21] = b2f(first.Entry.Section != "" && first.Entry.Section == en.ID)
	}
}

// prefetchFeatures asks the processor for the gram sets that
// rerankFeatures reads of entry doc, before the first result's features
// are computed: the misses of all the results then overlap, rather than
// come one result after another.
func (e *Engine) prefetchFeatures(doc int) {
	if p := e.exGrams[doc].Load(); p != nil {
		prefetch.Slice(p.ids)
		prefetch.Slice(p.rows)
		prefetch.Slice(p.sizes)
	}
	if t := e.bigramTerms; t != nil && t.bits != nil {
		prefetch.Slice(t.bits[doc*t.words : (doc+1)*t.words])
	}
}

// answerLenFeature is the answer_len feature of an entry whose answer
// is answer: longer answers cover more.
func answerLenFeature(answer string) float64 {
	return math.Log1p(float64(utf8.RuneCountInString(answer))) / 8
}

// signalFeature is the index, among the per-signal rank features, of the
// signal called name; -1 for another name.
func signalFeature(name string) int {
	return slices.Index([]string{SignalTokens, SignalBigrams, SignalReadings, SignalExamples, SignalVector}, name)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
