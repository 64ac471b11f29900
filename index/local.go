package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/internal/parallel"
	"github.com/soudan-desk/soudan/internal/prefetch"
	"github.com/soudan-desk/soudan/internal/ranksort"
	"gonum.org/v1/gonum/mat"
)

// LocalOptions configure [NewLocal]. Zero values select the defaults.
type LocalOptions struct {
	// Rank is the number of latent dimensions r (default 100). It is
	// lowered to (fitting documents − 1) and to the vocabulary size, and
	// dimensions whose singular value is numerically zero are dropped.
	Rank int
	// MaxFitDocs caps the number of documents the SVD is fitted on
	// (default 1000). Larger corpora are fitted on an evenly spaced sample
	// and every other document is folded in like a query. The fit takes
	// O(min(V, D)³) time and O(min(V, D)²) memory for V features and D
	// fitting documents.
	MaxFitDocs int
	// MaxFeatures caps the vocabulary at the features with the highest
	// document frequency (default 20000).
	MaxFeatures int
	// MinDF drops features held by fewer fitting documents (default 1).
	MinDF int
	// BigramWeight scales the character-bigram features against the word
	// features (default 0.5): a text has about three times as many bigrams
	// as words.
	BigramWeight float64
	// Analyzer supplies the word features (default [Default]).
	Analyzer *Analyzer
	// Words, when set, gives the words of one line of a document being
	// fitted or embedded with [PurposeDocument]; it must give what
	// Analyzer.Terms gives (a [Memo] lookup does). Queries are
	// always analysed by Analyzer.
	Words func(line string) []string
	// Norm, when set, gives [corpus.Normalize] of one line of a document
	// embedded with [PurposeDocument] (a [Memo] lookup does, for the lines
	// it analysed). Queries are always normalised anew.
	Norm func(line string) string
}

func (o *LocalOptions) withDefaults() {
	if o.Rank <= 0 {
		o.Rank = 100
	}
	if o.MaxFitDocs <= 0 {
		o.MaxFitDocs = 1000
	}
	if o.MaxFeatures <= 0 {
		o.MaxFeatures = 20000
	}
	if o.MinDF <= 0 {
		o.MinDF = 1
	}
	if o.BigramWeight <= 0 {
		o.BigramWeight = 0.5
	}
	if o.Analyzer == nil {
		o.Analyzer = Default()
	}
	if o.Words == nil {
		o.Words = o.Analyzer.Terms
	}
	if o.Norm == nil {
		o.Norm = corpus.Normalize
	}
}

// Local is an in-process [Embedder] built from the corpus itself by latent
// semantic analysis (LSA, Deerwester et al. 1990). It needs no model and no
// network, and it is deterministic: the same documents and options give the
// same vectors.
//
// Features are the words of [Analyzer.Terms] and, in a separate namespace
// (prefixed "#"), the character bigrams of [NGrams], weighted by
// BigramWeight. A text's feature vector x is tf-idf with sublinear tf,
// (1 + ln tf) · (ln((1+N)/(1+df)) + 1) over the N fitting documents, scaled
// to unit length. The fitting documents form the term-document matrix A,
// and its truncated SVD A ≈ U_r Σ_r V_rᵀ is computed from the
// eigendecomposition of the smaller of the Gram matrices AAᵀ and AᵀA (gonum
// mat.EigenSym). A text, document or query alike, is folded in as
// x̂ = Σ_r⁻¹ U_rᵀ x and compared in the Σ-scaled latent space, so its
// embedding is Σ_r x̂ = U_rᵀ x, L2-normalised: r dimensions, where cosine
// similarity rewards texts whose words co-occur in the corpus even when they
// share none. A text with no known feature embeds as the zero vector.
type Local struct {
	opts     LocalOptions
	features map[string]int32
	// grams maps the character-bigram features by their runes
	// (localGramKey), so that a text's bigrams are looked up without
	// building strings.
	grams  map[uint64]int32
	bigram []bool // by feature: a character bigram (named "#…")
	idf    []float64
	u      []float32 // V×r, row-major: the latent direction of each feature
	sigma  []float64
	rank   int
	// fitted keeps the feature counts of the fitting documents, so that
	// embedding them right after the fit (as NewVector does) does not
	// analyse them a second time. Read-only after NewLocal.
	fitted map[string]map[string]float64
	// lines holds the features (FeatureIDs) of the lines that recur
	// among the documents, found once for the documents' embedding.
	// Read-only after NewLocal.
	lines map[string][]int32
	// scratch holds dense per-feature counts for embedding one text.
	scratch sync.Pool
}

// NewLocal fits a Local embedder on docs. It fails when docs is empty or
// holds no feature at all.
func NewLocal(docs []string, opts LocalOptions) (*Local, error) {
	opts.withDefaults()
	if len(docs) == 0 {
		return nil, errors.New("local: no documents to fit")
	}
	fit := docs
	if len(docs) > opts.MaxFitDocs {
		fit = make([]string, opts.MaxFitDocs)
		for i := range fit {
			fit[i] = docs[i*len(docs)/opts.MaxFitDocs]
		}
	}
	l := &Local{opts: opts}
	counts := parallel.Map(fit, l.count)
	l.fitted = make(map[string]map[string]float64, len(fit))
	for i, t := range fit {
		l.fitted[t] = counts[i]
	}

	// Vocabulary: features by document frequency, then by name.
	df := make(map[string]int)
	for _, c := range counts {
		for f := range c {
			df[f]++
		}
	}
	vocab := make([]string, 0, len(df))
	for f, n := range df {
		if n >= opts.MinDF {
			vocab = append(vocab, f)
		}
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if c := cmp.Compare(df[b], df[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(vocab) > opts.MaxFeatures {
		vocab = vocab[:opts.MaxFeatures]
	}
	if len(vocab) == 0 {
		return nil, errors.New("local: the documents hold no feature")
	}
	slices.Sort(vocab) // a stable feature order, independent of map iteration
	l.features = make(map[string]int32, len(vocab))
	l.grams = make(map[uint64]int32)
	l.idf = make([]float64, len(vocab))
	l.bigram = make([]bool, len(vocab))
	n := float64(len(fit))
	for i, f := range vocab {
		l.features[f] = int32(i)
		l.bigram[i] = f[0] == '#'
		if key, ok := gramFeatureKey(f); ok {
			l.grams[key] = int32(i)
		}
		l.idf[i] = math.Log((1+n)/(1+float64(df[f]))) + 1
	}

	cols := make([]sparseVec, len(fit))
	for d, c := range counts {
		cols[d] = l.weigh(c)
	}
	if err := l.factorize(cols, len(vocab)); err != nil {
		return nil, err
	}
	l.lines = l.recurringLines(docs)
	return l, nil
}

// recurringLines returns the features of each line that recurs among
// docs.
func (l *Local) recurringLines(docs []string) map[string][]int32 {
	seen := map[string]bool{}
	var repeated []string
	for _, d := range docs {
		for line := range strings.SplitSeq(d, "\n") {
			if done, ok := seen[line]; !ok {
				seen[line] = false
			} else if !done {
				seen[line] = true
				repeated = append(repeated, line)
			}
		}
	}
	ids := parallel.Map(repeated, func(line string) []int32 {
		return slices.Clip(l.FeatureIDs(nil, l.opts.Words(line), l.opts.Norm(line)))
	})
	lines := make(map[string][]int32, len(repeated))
	for i, line := range repeated {
		lines[line] = ids[i]
	}
	return lines
}

// sparseVec is a sparse vector sorted by index.
type sparseVec struct {
	idx []int32
	val []float64
}

// count returns the raw feature counts of text, before the vocabulary is
// known.
func (l *Local) count(text string) map[string]float64 {
	c := make(map[string]float64)
	// Line by line, so that the analyser's cache serves a query whose
	// lines (the caller's words, thesaurus expansions) were just analysed
	// for the lexical signals.
	for _, line := range strings.Split(text, "\n") {
		for _, t := range l.opts.Words(line) {
			c[t]++
		}
	}
	for _, g := range NGrams(text, 2) {
		c["#"+g]++
	}
	return c
}

// weigh turns feature counts into a unit-length tf-idf vector over the
// vocabulary.
func (l *Local) weigh(counts map[string]float64) sparseVec {
	var v sparseVec
	for f, tf := range counts {
		i, ok := l.features[f]
		if !ok {
			continue
		}
		w := (1 + math.Log(tf)) * l.idf[i]
		if f[0] == '#' {
			w *= l.opts.BigramWeight
		}
		v.idx = append(v.idx, i)
		v.val = append(v.val, w)
	}
	order := make([]int, len(v.idx))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(v.idx[a], v.idx[b]) })
	sorted := sparseVec{idx: make([]int32, len(order)), val: make([]float64, len(order))}
	var norm float64
	for j, i := range order {
		sorted.idx[j], sorted.val[j] = v.idx[i], v.val[i]
		norm += v.val[i] * v.val[i]
	}
	if norm > 0 {
		inv := 1 / math.Sqrt(norm)
		for j := range sorted.val {
			sorted.val[j] *= inv
		}
	}
	return sorted
}

// factorize computes U_r and Σ_r of the V×D matrix whose columns are cols.
func (l *Local) factorize(cols []sparseVec, nf int) error {
	nd := len(cols)
	byTerms := nf <= nd
	size := nd
	if byTerms {
		size = nf
	}
	var eig mat.EigenSym
	if !eig.Factorize(mat.NewSymDense(size, gramMatrix(cols, nf, byTerms)), true) {
		return errors.New("local: eigendecomposition did not converge")
	}
	values := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)

	order := leadingEigen(values, min(l.opts.Rank, nf, max(1, nd-1)))
	if len(order) == 0 {
		return errors.New("local: the term-document matrix is zero")
	}
	r := len(order)
	l.rank = r
	l.sigma = make([]float64, r)
	u := make([]float64, nf*r)
	for k, i := range order {
		s := math.Sqrt(values[i])
		l.sigma[k] = s
		if byTerms {
			for t := 0; t < nf; t++ {
				u[t*r+k] = vecs.At(t, i)
			}
			continue
		}
		// U = A V Σ⁻¹, one column at a time.
		for d, c := range cols {
			vd := vecs.At(d, i) / s
			if vd == 0 {
				continue
			}
			for a, t := range c.idx {
				u[int(t)*r+k] += c.val[a] * vd
			}
		}
	}
	fixSigns(u, nf, r)
	l.u = make([]float32, len(u))
	for i, x := range u {
		l.u[i] = float32(x)
	}
	return nil
}

// gramMatrix returns AAᵀ (byTerms, nf×nf) or AᵀA (D×D) of the matrix A
// whose columns are cols, whichever is smaller.
func gramMatrix(cols []sparseVec, nf int, byTerms bool) []float64 {
	size := len(cols)
	if byTerms {
		size = nf
	}
	gram := make([]float64, size*size)
	vs := cols // AAᵀ: sum the outer product of every column with itself.
	if !byTerms {
		vs = rowsOf(cols, nf) // AᵀA: for every feature, the outer product of its row.
	}
	for _, v := range vs {
		for a, i := range v.idx {
			for b, j := range v.idx {
				gram[int(i)*size+int(j)] += v.val[a] * v.val[b]
			}
		}
	}
	return gram
}

// leadingEigen returns the indices of at most limit largest eigenvalues
// (values ascending), largest first, stopping at the first that is
// numerically zero.
func leadingEigen(values []float64, limit int) []int {
	maxVal := values[len(values)-1]
	var order []int
	for i := len(values) - 1; i >= 0 && len(order) < limit; i-- {
		if values[i] <= maxVal*1e-10 || values[i] <= 0 {
			break
		}
		order = append(order, i)
	}
	return order
}

// fixSigns makes the largest entry of each of u's r columns positive:
// eigenvectors are defined up to sign, and this makes vectors
// reproducible.
func fixSigns(u []float64, nf, r int) {
	for k := 0; k < r; k++ {
		best := 0.0
		for t := 0; t < nf; t++ {
			if x := u[t*r+k]; math.Abs(x) > math.Abs(best) {
				best = x
			}
		}
		if best < 0 {
			for t := 0; t < nf; t++ {
				u[t*r+k] = -u[t*r+k]
			}
		}
	}
}

// rowsOf transposes columns into rows: for each feature, the documents that
// hold it.
func rowsOf(cols []sparseVec, nf int) []sparseVec {
	rows := make([]sparseVec, nf)
	for d, c := range cols {
		for a, t := range c.idx {
			rows[t].idx = append(rows[t].idx, int32(d))
			rows[t].val = append(rows[t].val, c.val[a])
		}
	}
	return rows
}

// ForgetDocuments drops what the embedder keeps to embed the documents it
// was fitted on (their feature counts, LocalOptions.Words and Norm), once they
// are embedded. Call it before the embedder is shared: it is not safe
// for concurrent use with Embed.
func (l *Local) ForgetDocuments() {
	l.fitted, l.lines = nil, nil
	l.opts.Words = l.opts.Analyzer.Terms
	l.opts.Norm = corpus.Normalize
}

// Name returns "local-lsa-r<rank>".
func (l *Local) Name() string { return fmt.Sprintf("local-lsa-r%d", l.rank) }

// Dim returns the dimension of the vectors, the rank r.
func (l *Local) Dim() int { return l.rank }

// SingularValues returns Σ_r, largest first.
func (l *Local) SingularValues() []float64 { return slices.Clone(l.sigma) }

// Embed implements [Embedder]. Documents and queries are embedded alike.
// Large batches are embedded in parallel.
func (l *Local) Embed(ctx context.Context, texts []string, purpose Purpose) ([][]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("local: embed: %w", err)
	}
	out := make([][]float32, len(texts))
	var failed error
	var once sync.Once
	parallel.For(len(texts), func(i int) {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				once.Do(func() { failed = fmt.Errorf("local: embed: %w", err) })
				return
			}
		}
		out[i] = l.embed(texts[i], purpose)
	})
	if failed != nil {
		return nil, failed
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("local: embed: %w", err)
	}
	return out, nil
}

func (l *Local) embed(text string, purpose Purpose) []float32 {
	var x sparseVec
	words, norm := l.opts.Analyzer.Terms, corpus.Normalize
	if purpose == PurposeDocument {
		words, norm = l.opts.Words, l.opts.Norm
	}
	var lines map[string][]int32
	if purpose == PurposeDocument {
		lines = l.lines
	}
	if c, ok := l.fitted[text]; ok {
		x = l.weigh(c)
	} else {
		x = l.weighText(text, words, norm, lines)
	}
	return l.project(x)
}

// EmbedAnalysed is Embed(ctx, []string{text}, PurposeQuery)[0] for a
// query text whose lines the caller has analysed: terms[i] are
// [Analyzer.Terms] of line i and norms[i] its [corpus.Normalize]d form
// ([Analysis] holds both). Normalising text normalises each line on its
// own, so the bigrams are those of text; nothing is analysed again.
func (l *Local) EmbedAnalysed(terms [][]string, norms []string) []float32 {
	var ids []int32
	for i := range terms {
		ids = l.FeatureIDs(ids, terms[i], "")
	}
	for _, norm := range norms {
		ids = l.FeatureIDs(ids, nil, norm)
	}
	return l.EmbedFeatures(ids)
}

// FeatureIDs appends to dst the features of one query line that the
// embedder knows: its words ([Analyzer.Terms]) and the bigrams of its
// [corpus.Normalize]d form. [Local.EmbedFeatures] embeds the features of
// a query's lines, so that a line that recurs is looked up once.
func (l *Local) FeatureIDs(dst []int32, words []string, norm string) []int32 {
	for _, t := range words {
		if i, ok := l.features[t]; ok {
			dst = append(dst, i)
		}
	}
	EachBigram(norm, func(a, b rune) {
		if i, ok := l.grams[localGramKey(a, b)]; ok {
			dst = append(dst, i)
		}
	})
	return dst
}

// localGramKey is the key of the bigram ab in Local.grams (b = 0 for a
// letter alone, as [EachBigram] gives it).
func localGramKey(a, b rune) uint64 { return uint64(a)<<32 | uint64(uint32(b)) }

// gramFeatureKey returns the localGramKey of feature f when f is a
// character-bigram feature ("#" and one or two runes).
func gramFeatureKey(f string) (uint64, bool) {
	if !strings.HasPrefix(f, "#") {
		return 0, false
	}
	rs := []rune(f[1:])
	switch len(rs) {
	case 1:
		return localGramKey(rs[0], 0), true
	case 2:
		return localGramKey(rs[0], rs[1]), true
	}
	return 0, false
}

// Feature returns the ID of the feature named name (a word, or "#" and a
// bigram), as FeatureIDs looks it up.
func (l *Local) Feature(name string) (int32, bool) {
	i, ok := l.features[name]
	return i, ok
}

// EachFeature calls fn with each feature the embedder knows, by the name
// FeatureIDs looks it up by (a word, or "#" and a bigram), and its ID.
func (l *Local) EachFeature(fn func(name string, id int32)) {
	for name, id := range l.features {
		fn(name, id)
	}
}

// EmbedFeatures embeds a query from the features of its lines
// ([Local.FeatureIDs]), given in one or more lists: the vector
// [Local.EmbedAnalysed] gives for the same lines.
func (l *Local) EmbedFeatures(ids ...[]int32) []float32 {
	sc := l.getScratch()
	defer l.scratch.Put(sc)
	for _, list := range ids {
		for _, i := range list {
			sc.add(i, true)
		}
	}
	// The rows of U that project reads are scattered over megabytes:
	// they are fetched while the counts are weighed.
	prefetch.Rows(l.u, l.rank, sc.touched)
	// The weighed features are projected before sc goes back to the
	// pool: they can live in its buffers.
	sc.weighed = l.weighCounts(sc, sc.weighed)
	return l.project(sc.weighed)
}

// project maps the weighted features x to the unit vector of the LSA
// space: Σ x_t · U_t, normalised.
func (l *Local) project(x sparseVec) []float32 {
	r := l.rank
	v := make([]float32, r)
	a := 0
	// Four, then two features a pass over v: each v[k] gains w1·u1, then
	// w2·u2, and so on, rounded as one pass a feature would round them,
	// so the sums are the same to the bit.
	for ; a+3 < len(x.idx); a += 4 {
		w1, w2, w3, w4 := float32(x.val[a]), float32(x.val[a+1]), float32(x.val[a+2]), float32(x.val[a+3])
		u1 := l.u[int(x.idx[a])*r:][:len(v)]
		u2 := l.u[int(x.idx[a+1])*r:][:len(v)]
		u3 := l.u[int(x.idx[a+2])*r:][:len(v)]
		u4 := l.u[int(x.idx[a+3])*r:][:len(v)]
		axpy4(v, u1, u2, u3, u4, w1, w2, w3, w4)
	}
	for ; a+1 < len(x.idx); a += 2 {
		w1, w2 := float32(x.val[a]), float32(x.val[a+1])
		u1 := l.u[int(x.idx[a])*r:][:len(v)]
		u2 := l.u[int(x.idx[a+1])*r:][:len(v)]
		for k := range v {
			v[k] = v[k] + w1*u1[k] + w2*u2[k]
		}
	}
	if a < len(x.idx) {
		w := float32(x.val[a])
		u := l.u[int(x.idx[a])*r:][:len(v)]
		for k := range v {
			v[k] += w * u[k]
		}
	}
	return normalize(v)
}

// localScratch counts a text's known features by feature index.
type localScratch struct {
	counts  []float64
	touched []int32
	weighed sparseVec // EmbedFeatures' weighCounts buffers
}

// weighText is weigh(count(text)) without the maps: it counts the text's
// known features in a dense scratch array and weighs them in index order,
// with the same arithmetic, so the vector is the same to the bit. norm
// is corpus.Normalize, or a lookup of it: normalising text normalises
// each line on its own, and no bigram spans two lines, so the bigrams of
// the lines' norms are those of text's. lines, when not nil, holds the
// features of some lines (see recurringLines), counted as they are.
func (l *Local) weighText(text string, words func(string) []string, norm func(string) string, lines map[string][]int32) sparseVec {
	sc := l.getScratch()
	defer l.scratch.Put(sc)
	countGram := func(a, b rune) {
		i, ok := l.grams[localGramKey(a, b)]
		sc.add(i, ok)
	}
	for line := range strings.SplitSeq(text, "\n") {
		if ids, ok := lines[line]; ok {
			for _, i := range ids {
				sc.add(i, true)
			}
			continue
		}
		for _, t := range words(line) {
			i, ok := l.features[t]
			sc.add(i, ok)
		}
		EachBigram(norm(line), countGram)
	}
	return l.weighCounts(sc, sparseVec{})
}

func (l *Local) getScratch() *localScratch {
	if sc, ok := l.scratch.Get().(*localScratch); ok {
		return sc
	}
	return &localScratch{counts: make([]float64, len(l.idf))}
}

// add counts feature i, when ok.
func (sc *localScratch) add(i int32, ok bool) {
	if !ok {
		return
	}
	if sc.counts[i] == 0 {
		sc.touched = append(sc.touched, i)
	}
	sc.counts[i]++
}

// weighCounts weighs the features counted in sc, in index order, and
// resets sc. The vector is written in buf's storage, grown as needed.
func (l *Local) weighCounts(sc *localScratch, buf sparseVec) sparseVec {
	ranksort.Int32s(sc.touched)
	n := len(sc.touched)
	v := sparseVec{idx: slices.Grow(buf.idx[:0], n)[:n], val: slices.Grow(buf.val[:0], n)[:n]}
	var norm float64
	for j, i := range sc.touched {
		w := l.idf[i] // 1 + log(1) is 1 exactly: most features occur once
		if c := sc.counts[i]; c != 1 {
			w = (1 + math.Log(c)) * w
		}
		if l.bigram[i] {
			w *= l.opts.BigramWeight
		}
		v.idx[j], v.val[j] = i, w
		norm += w * w
		sc.counts[i] = 0
	}
	sc.touched = sc.touched[:0]
	if norm > 0 {
		inv := 1 / math.Sqrt(norm)
		for j := range v.val {
			v.val[j] *= inv
		}
	}
	return v
}
