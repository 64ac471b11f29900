package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/internal/spare"
)

// Signal names, as used in Options.Weights and in explanations.
const (
	SignalTokens  = "tokens"  // BM25F over kagome base forms
	SignalBigrams = "bigrams" // BM25F over character bigrams
	SignalVector  = "vector"  // cosine over embeddings (local LSA or Ollama)
	// SignalReadings is BM25F over character bigrams of the entries'
	// readings (katakana, folded): kana-only and mis-converted queries
	// match by sound.
	SignalReadings = "readings"
	// SignalExamples ranks entries by their single best-matching example
	// question (or title / question line), BM25 over words and bigrams:
	// one paraphrase that fits beats a field of many that half fit.
	SignalExamples = "examples"
)

// Options configures an Engine. The zero value is not useful; start from
// DefaultOptions. Every mechanism can be switched off for ablations.
type Options struct {
	// Embedder embeds documents and queries for the vector signal. Nil
	// means the local LSA embedder fitted on the corpus itself.
	Embedder index.Embedder
	// EmbedTimeout bounds embedding one query; past it the query is
	// answered from the lexical signals alone, marked degraded.
	EmbedTimeout time.Duration
	// Weights of the signals in reciprocal rank fusion; a signal with
	// weight 0 is not run.
	Weights map[string]float64
	// RRFK is the k constant of reciprocal rank fusion:
	// fused(d) = Σ_s w_s / (RRFK + rank_s(d)).
	RRFK float64
	// Depth is how many candidates each signal ranks before fusion.
	Depth int

	// SynonymWeight is the weight of thesaurus expansions relative to the
	// caller's own words (1); 0 disables the thesaurus.
	SynonymWeight float64
	// Annotations indexes editors' keywords and example questions.
	Annotations bool
	// SectionContext adds the enclosing section's keywords to an entry's
	// path field, so a standard answer or case is found by its section's
	// vocabulary.
	SectionContext bool
	// KindPriors multiply the fused score by kind; nil means no prior.
	KindPriors map[corpus.Kind]float64
	// ActionWeight is how much the action a caller reports counts: when
	// the query says the caller already acted (clicked, entered, paid,
	// transferred, was infected: [index.Analyzer.Acted]), entries whose
	// advice assumes nothing has happened yet (Entry.Stage before) lose
	// this share of their score, so that they yield to the others, the
	// advice for victims among them. Entries marked after are not raised:
	// raising them lifted victims' advice of other topics above the
	// caller's own (docs/relevance.md). 0 disables it.
	ActionWeight float64
	// CollapseThreshold collapses a result into a better-ranked one whose
	// text is this similar (character-trigram containment, |A∩B|/min(|A|,|B|));
	// 0 disables it.
	CollapseThreshold float64
	// RequireLexical keeps only results that some lexical signal (words,
	// bigrams, examples) matched: the vector signal reorders and adds
	// support, but a query that shares nothing with the corpus gets no
	// results rather than the nearest noise. It has no effect when no
	// lexical signal runs.
	RequireLexical bool
	// ReadingWords is the weight of the corpus words that the caller's
	// kana (or mis-converted kanji) sounds like: the engine keeps a
	// lexicon of the readings of the corpus's own words
	// ([index.ReadingLexicon], built with the readings signal) and
	// segments the query's kana runs and its reading by longest match
	// against it, as an input method uses a user dictionary. The words
	// found that the caller's text does not already hold join the query at
	// this weight (word and examples signals, and the lexical support of
	// the confidence). 0 disables it.
	ReadingWords float64
	// FoldKana folds typed kana variants (long-vowel marks, small kana,
	// ヴ/ブ) before cutting bigrams, in the bigram and examples signals.
	FoldKana bool
	// Fields weighs the BM25F fields (nil: index.DefaultBM25Options).
	BM25 *index.BM25Options
	// PRFTerms adds this many pseudo-relevance-feedback terms from the top
	// PRFDocs results of a first token pass; 0 disables it.
	PRFTerms, PRFDocs int
	PRFWeight         float64
	// Confidence classifies responses as high, low or none
	// (DefaultConfidence; docs/relevance.md gives the measurements). An
	// engine whose Rerank does not reorder replaces DefaultConfidence with
	// DefaultConfidenceNoRerank (DefaultConfidenceFor).
	Confidence ConfidenceThresholds
	// NearEqual is the share of the first result's score from which a
	// result of the top ReferralsTop counts as an equal answer whose referral
	// cards are shown too, as does the section entry the first result sits
	// in when it is among them; 0 shows the first result's cards only.
	NearEqual float64
	// CardFallback: when the answers name no referral, the best of the
	// next results that does and scores at least this share of the first
	// result's score gives the cards; 0 (the default since session 15:
	// docs/relevance.md) disables it.
	CardFallback float64
	// LSARank is the rank of the local LSA embedder.
	LSARank int
	// Rerank reorders the first fused candidates by a learnt linear model
	// (rerank.go; DefaultRerank); a zero Depth disables it.
	Rerank RerankModel
	// VectorsInBackground builds the vector signal after New returns
	// (vectors.go): for an embedder on another server, so that the
	// engine answers from its lexical signals at once. Without it New
	// embeds every document before returning.
	VectorsInBackground bool
	// RequireVectors makes New fail, with an error that wraps
	// ErrNoVectors and the embedder's, when the embedder cannot embed the
	// corpus, instead of answering from the lexical signals: for a
	// run whose point is the vector signal (an embedder comparison).
	// Without VectorsInBackground only.
	RequireVectors bool
	// VectorBatch and VectorBatchTimeout size and bound each embedding
	// call of the background build (DefaultVectorBatch,
	// DefaultVectorBatchTimeout).
	VectorBatch        int
	VectorBatchTimeout time.Duration
	// OnVectorProgress, when set, is called after each embedded batch
	// with the documents done and their total.
	OnVectorProgress func(done, total int)
	Logger           *slog.Logger
	// onBuildStep, when set (by tests), is called with the name of each
	// step of the build about to run (checkpoint).
	onBuildStep func(step string)
	// onLocalFit, when set (by tests), is called as the local embedder's
	// fit starts, in the fit's own goroutine.
	onLocalFit func()
}

// DefaultOptions are the settings soudan ships with; docs/relevance.md
// gives the measurements behind them.
func DefaultOptions() Options {
	return Options{
		EmbedTimeout:      2 * time.Second,
		Weights:           map[string]float64{SignalTokens: 1, SignalBigrams: 1, SignalReadings: 1, SignalVector: 1, SignalExamples: 1},
		RRFK:              20,
		Depth:             100,
		SynonymWeight:     0.15,
		Annotations:       true,
		SectionContext:    true,
		KindPriors:        map[corpus.Kind]float64{corpus.KindStandardAnswer: 1.1, corpus.KindFAQ: 1.0, corpus.KindCase: 0.95, corpus.KindManual: 1.0},
		CollapseThreshold: 0.8,
		ActionWeight:      0.1,
		ReadingWords:      1,
		RequireLexical:    true,
		FoldKana:          true,
		Confidence:        DefaultConfidence,
		NearEqual:         0.95,
		CardFallback:      0,
		LSARank:           100,
		Rerank:            DefaultRerank,
	}
}

// Engine answers queries over one corpus. It is safe for concurrent use.
type Engine struct {
	c       *corpus.Corpus
	opts    Options
	log     *slog.Logger
	entries []*corpus.Entry
	pos     map[string]int
	tokens  *index.Lexical
	bigrams *index.Lexical
	// readings indexes the readings of the entries' words (nil when the
	// readings signal is off).
	readings *index.Lexical
	// lex is the corpus's words by reading (nil without ReadingWords or
	// the readings signal).
	lex *index.ReadingLexicon
	// vec is the vector signal; its index is nil while it is being built
	// in the background or when the embedder failed at build time.
	vec vectorState
	// local is the local LSA embedder of the vector signal (nil with
	// Options.Embedder): it embeds a query from the query's analysis.
	local *index.Local
	// examples indexes each example question, title and question line as
	// a document of its own; exOwner maps them to entries.
	examples *index.Lexical
	exOwner  []int32
	an       *index.Analyzer
	gram     func(string) []string // character bigrams, folded or not
	gramOf   func(string) []string // gram of a text already normalised
	syn      *expander
	routing  []*corpus.Entry
	near     [][]int   // near-identical entries of each entry (small corpora)
	prior    []float64 // per entry: its kind prior (1 without one)
	tie      []int32   // per entry: its position in ID order
	heading  []bool    // per entry: it heads a section with entries of its own
	// compact is, per entry over nearPairsMax entries, the text whose
	// shingles collapsing compares (entryShingles), nil otherwise.
	compact []string
	// answerLen is, per entry, the answer_len re-ranking feature:
	// ln(1 + the answer's characters) / 8.
	answerLen []float64
	scratch   sync.Pool // *fuseScratch, per-entry arrays for one search
	// memo holds the build's kagome analyses, kept for Rebuild (nil
	// over keepAnalysesMax entries).
	memo *index.Memo
	// prevDocs are the document vectors of the engine this one rebuilds
	// (docVectors), read by the vector build only.
	prevDocs *docVectors
	// expParts holds the analyses of every thesaurus expansion (the
	// thesaurus's terms, a bounded set that recurs from query to query),
	// made at build (setExpansionParts); read only afterwards.
	expParts map[string]analysedPart
	// exGrams holds, per entry, the distinct bigrams of each of its
	// example lines (see exampleGrams).
	exGrams []atomic.Pointer[lineSets]
	// exReadGrams holds, per entry, the distinct reading bigrams of the
	// same lines (see exampleReadingGrams).
	exReadGrams []atomic.Pointer[lineSets]
	// bigramTerms and readingTerms hold the terms of each document of
	// the bigram and readings indexes (nil over keepAnalysesMax
	// entries).
	bigramTerms, readingTerms *docTermSets
	// analyses holds the analyses of recent query texts.
	analyses analysisCache
	// grams holds the IDs of the indexes' two-character terms
	// (gramtable.go).
	grams *gramTable
	// wordTable holds the IDs of the indexes' and embedder's words
	// (newWordTable).
	wordTable *wordTable
}

// ErrNoVectors is the error of a build with Options.RequireVectors whose
// embedder could not embed the corpus.
var ErrNoVectors = errors.New("retrieval: no vector index")

// New builds the indexes over c. If the embedder fails while indexing
// (Ollama down), the engine still works from the lexical signals and every
// response is marked degraded, unless Options.RequireVectors.
func New(ctx context.Context, c *corpus.Corpus, opts Options) (*Engine, error) {
	return build(ctx, c, opts, nil, nil)
}

// Rebuild builds an engine over c with e's options, as New does, but
// takes e's kagome analyses of every text that is unchanged in c (they
// are keyed by exact content), so that a reload analyses only what
// changed. e keeps serving meanwhile; Rebuild does not modify it. An
// engine over more than keepAnalysesMax entries keeps no analyses, and
// its Rebuild analyses everything, as New does.
func (e *Engine) Rebuild(ctx context.Context, c *corpus.Corpus) (*Engine, error) {
	return build(ctx, c, e.opts, e.memo, e.vec.docs.Load())
}

// keepAnalysesMax is the largest corpus whose analyses an engine keeps
// for its Rebuild: about 7 KB an entry of the synthetic scale corpus, 1 MB
// for a desk's manual, 70 MB at this bound.
var keepAnalysesMax = 10000

func build(ctx context.Context, c *corpus.Corpus, opts Options, prev *index.Memo, prevDocs *docVectors) (*Engine, error) {
	opts, err := completeOptions(opts)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Loading the morphological dictionary takes about half a second;
	// the work that does not need it runs meanwhile.
	dict := make(chan *index.Analyzer, 1)
	go func() { dict <- index.Default() }()
	e := newEngine(c, opts, prevDocs)
	b, err := e.newBuildTexts(ctx)
	if err != nil {
		return nil, err
	}
	e.setHeadings()
	bm := index.DefaultBM25Options()
	if opts.BM25 != nil {
		bm = *opts.BM25
	}
	if err := e.indexUnanalysed(ctx, b, bm); err != nil {
		return nil, err
	}
	e.an = <-dict
	if err := e.checkpoint(ctx, stepAnalysis); err != nil {
		return nil, err
	}
	expansions := e.analyseExpansions()
	if e.memo, err = e.an.MemoContext(ctx, b.words, e.memoReadings(b), prev); err != nil {
		return nil, err
	}
	e.log.Debug("analysed the corpus", slog.Int("texts", e.memo.Analysed), slog.Int("reused", e.memo.Reused))
	if err := e.indexAnalysed(ctx, b, bm); err != nil {
		return nil, err
	}
	if err := e.finishBuild(ctx, b, expansions); err != nil {
		return nil, err
	}
	return e, nil
}

// completeOptions replaces the options left out by their defaults.
func completeOptions(opts Options) (Options, error) {
	if opts.Weights == nil {
		return opts, fmt.Errorf("retrieval: Options.Weights is nil; start from DefaultOptions()")
	}
	if opts.RRFK <= 0 {
		opts.RRFK = DefaultOptions().RRFK
	}
	if opts.Depth <= 0 {
		opts.Depth = DefaultOptions().Depth
	}
	if opts.Confidence == DefaultConfidence {
		// Without the re-ranking its score is 0, which the default
		// classifier's bias assumes it is not.
		opts.Confidence = DefaultConfidenceFor(opts.Rerank)
	}
	return opts, nil
}

// newEngine returns an engine over c with nothing built yet but the
// per-entry tables that need no text.
func newEngine(c *corpus.Corpus, opts Options, prevDocs *docVectors) *Engine {
	e := &Engine{c: c, opts: opts, log: opts.Logger, pos: map[string]int{}, prevDocs: prevDocs}
	e.vec.ready = make(chan struct{})
	if e.log == nil {
		e.log = slog.Default()
	}
	e.entries = c.Entries
	e.routing = routingEntries(c)
	e.gram, e.gramOf = index.Bigrams, index.BigramsOf
	if opts.FoldKana {
		e.gram, e.gramOf = index.FoldedBigrams, index.FoldedBigramsOf
	}
	e.setPriors()
	return e
}

// indexUnanalysed builds what needs no analysis, while the dictionary
// loads: the bigram signal, the near-identical entries, the example
// lines' bigrams and the thesaurus's expander.
func (e *Engine) indexUnanalysed(ctx context.Context, b *buildTexts, bm index.BM25Options) error {
	if e.opts.Weights[SignalBigrams] > 0 {
		if err := e.checkpoint(ctx, SignalBigrams); err != nil {
			return err
		}
		// A text's bigrams are its lines': the lines that entries share
		// are cut once.
		e.bigrams = index.NewLexicalParts(b.docs, e.gram, index.ByLineParts(b.docs, e.gram), bm)
	}
	if e.opts.CollapseThreshold > 0 {
		if err := e.findNear(ctx); err != nil {
			return err
		}
	}
	if err := e.setExampleGrams(ctx); err != nil {
		return err
	}
	if e.opts.SynonymWeight > 0 && e.c.Thesaurus != nil {
		e.syn = newExpander(e.c.Thesaurus)
	}
	return nil
}

// finishBuild builds, after the indexes, what searches read beside them:
// the example lines' reading bigrams, the texts collapsing compares, the
// term tables, the thesaurus expansions' analyses and the documents'
// term sets; and drops what a Rebuild does not need.
func (e *Engine) finishBuild(ctx context.Context, b *buildTexts, expansions <-chan map[string]*index.Analysis) error {
	if err := e.setExampleReadingGrams(ctx, b); err != nil {
		return err
	}
	if err := e.setCompactTexts(ctx, b); err != nil {
		return err
	}
	if err := e.checkpoint(ctx, stepTables); err != nil {
		return err
	}
	e.grams = e.newGramTable()
	e.wordTable = e.newWordTable()
	e.setExpansionParts(<-expansions)
	if len(e.entries) <= keepAnalysesMax {
		e.bigramTerms, e.readingTerms = newDocTermSets(e.bigrams), newDocTermSets(e.readings)
		e.memo.ForgetNorms()
	} else {
		e.memo = nil
	}
	return nil
}

// indexAnalysed builds the indexes that need the analyses: the words
// (then the reading lexicon, which looks words up in them), the readings,
// the examples and the vectors. Up to keepAnalysesMax entries they are
// built side by side; a larger corpus builds them one after the other,
// each parallel inside, so that only one index's terms are in memory at
// a time.
func (e *Engine) indexAnalysed(ctx context.Context, b *buildTexts, bm index.BM25Options) error {
	w := e.opts.Weights
	var wg waitGroup
	wg.serial = len(e.entries) > keepAnalysesMax
	var fit func() (*index.Local, error) // the local embedder's, when it serves
	if w[SignalVector] > 0 && e.opts.Embedder == nil {
		fit = e.localFitter(ctx, b.texts, wg.serial)
	}
	if w[SignalTokens] > 0 || w[SignalReadings] > 0 && e.opts.ReadingWords > 0 {
		wg.step(ctx, e, SignalTokens, func() error {
			if w[SignalTokens] > 0 {
				e.tokens = index.NewLexicalParts(b.docs, e.an.Terms, e.memo.TermParts, bm)
			}
			if w[SignalReadings] > 0 && e.opts.ReadingWords > 0 {
				e.lex = index.NewReadingLexicon()
				e.memo.AddSounds(e.lex, b.readings)
				e.lex.Freeze(e.an, e.knownWord)
			}
			return nil
		})
	}
	if w[SignalReadings] > 0 {
		wg.step(ctx, e, SignalReadings, func() error {
			e.readings = index.NewLexicalParts(b.docs, e.an.ReadingBigrams, e.memo.ReadingBigramParts, bm)
			return nil
		})
	}
	if w[SignalExamples] > 0 {
		wg.step(ctx, e, SignalExamples, func() error {
			e.indexExamples(b.exDocs, bm)
			return nil
		})
	}
	if w[SignalVector] > 0 {
		wg.step(ctx, e, SignalVector, func() error { return e.indexVectors(ctx, b.ids, b.texts, fit) })
	}
	return wg.wait()
}

// localFit is the outcome of fitLocal.
type localFit struct {
	local *index.Local
	err   error
}

// localFitter returns the vector step's fit of the local embedder on
// texts. The fit runs in a goroutine of its own, so that a build
// cancelled during it returns ctx.Err() at once: the eigendecomposition
// (seconds over the largest sample, MaxFitDocs) cannot be interrupted,
// and finishes unseen. When early, the fit starts now, beside the
// indexes (a serial build: it holds little memory); else when the
// vector step asks for it.
func (e *Engine) localFitter(ctx context.Context, texts []string, early bool) func() (*index.Local, error) {
	fitted := make(chan localFit, 1) // the fit never waits for a reader
	start := func() {
		go func() {
			if e.opts.onLocalFit != nil {
				e.opts.onLocalFit()
			}
			l, err := e.fitLocal(texts)
			fitted <- localFit{l, err}
		}()
	}
	if early {
		start()
	}
	return func() (*index.Local, error) {
		if !early {
			start()
		}
		select {
		case f := <-fitted:
			return f.local, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// fitLocal fits the local LSA embedder on the entries' texts.
func (e *Engine) fitLocal(texts []string) (*index.Local, error) {
	return index.NewLocal(texts, index.LocalOptions{Rank: e.opts.LSARank, Analyzer: e.an, Words: e.memo.Terms, Norm: e.memo.Norm})
}

// waitGroup runs a build's steps as goroutines, or one after the other
// when serial, and keeps the first error.
type waitGroup struct {
	wg     sync.WaitGroup
	serial bool
	mu     sync.Mutex
	err    error
}

// step runs fn after e's checkpoint for the step, unless that or an
// earlier step failed.
func (wg *waitGroup) step(ctx context.Context, e *Engine, step string, fn func() error) {
	run := func() {
		err := e.checkpoint(ctx, step)
		if err == nil {
			err = fn()
		}
		if err != nil {
			wg.mu.Lock()
			if wg.err == nil {
				wg.err = err
			}
			wg.mu.Unlock()
		}
	}
	if !wg.serial {
		wg.wg.Go(run)
		return
	}
	if wg.err == nil {
		run()
	}
}

// wait waits for the steps and returns the first error.
func (wg *waitGroup) wait() error {
	wg.wg.Wait()
	return wg.err
}

// buildTexts are the texts an engine build indexes, gathered before the
// dictionary is loaded.
type buildTexts struct {
	docs   []index.Doc // the lexical view of each entry
	ids    []string    // entry IDs
	texts  []string    // each entry's fields, one per line, for the vector signal
	exDocs []index.Doc // the examples signal's documents, in exOwner order
	// words and readings list the texts whose words or reading bigrams
	// some index needs, repeats included.
	words, readings []string
}

// newBuildTexts gathers the texts to index and to analyse, and fills
// e.pos and e.exOwner; it stops with ctx's error between batches of
// entries.
func (e *Engine) newBuildTexts(ctx context.Context) (*buildTexts, error) {
	n := len(e.entries)
	b := &buildTexts{docs: make([]index.Doc, n), ids: make([]string, n), texts: make([]string, n)}
	localVectors := e.opts.Weights[SignalVector] > 0 && e.opts.Embedder == nil
	e.answerLen = make([]float64, n)
	err := e.forEntries(ctx, stepTexts, func(i int) {
		b.docs[i] = e.doc(e.entries[i])
		b.texts[i] = strings.Join(b.docs[i].Fields[:], "\n")
		e.answerLen[i] = answerLenFeature(e.entries[i].Answer)
	})
	if err != nil {
		return nil, err
	}
	for i, en := range e.entries {
		e.pos[en.ID] = i
		b.ids[i] = en.ID
		for _, f := range b.docs[i].Fields {
			if f == "" {
				continue
			}
			if e.opts.Weights[SignalTokens] > 0 {
				b.words = append(b.words, f)
			}
			if e.opts.Weights[SignalReadings] > 0 {
				b.readings = append(b.readings, f)
			}
		}
		if localVectors {
			b.words = append(b.words, strings.Split(b.texts[i], "\n")...)
		}
	}
	if e.opts.Weights[SignalExamples] > 0 {
		b.exDocs = e.exampleDocs()
		for _, d := range b.exDocs {
			b.words = append(b.words, d.Fields[index.FieldQuestion])
		}
	}
	return b, nil
}

// exampleDocs returns each entry's title, question lines and (with
// Annotations) example questions as documents of their own, for the
// examples signal, and fills e.exOwner.
func (e *Engine) exampleDocs() []index.Doc {
	var exDocs []index.Doc
	for i, en := range e.entries {
		lines := append([]string{en.Title}, en.Question...)
		if e.opts.Annotations {
			lines = append(lines, en.Examples...)
		}
		for _, l := range lines {
			var d index.Doc
			d.ID = fmt.Sprintf("%s#%d", en.ID, len(exDocs))
			d.Fields[index.FieldQuestion] = l
			exDocs = append(exDocs, d)
			e.exOwner = append(e.exOwner, int32(i))
		}
	}
	return exDocs
}

// indexExamples indexes the examples signal's documents.
func (e *Engine) indexExamples(exDocs []index.Doc, bm index.BM25Options) {
	exOpts := bm
	exOpts.B[index.FieldQuestion] = 0.3 // short texts: little length normalisation
	e.examples = index.NewLexicalAnalysed(exDocs, e.wordsAndBigrams, index.ByText(exDocs, e.memoWordsAndBigrams), exOpts)
}

// memoWordsAndBigrams is wordsAndBigrams(s) from the build's Memo: the
// words it analysed, and the bigrams of the normalised line it kept
// (gram(s) is gramOf(corpus.Normalize(s))), marked in one allocation.
func (e *Engine) memoWordsAndBigrams(s string) []string {
	words, grams := e.memo.Terms(s), marked(e.gramOf(e.memo.Norm(s)))
	out := make([]string, 0, len(words)+len(grams))
	return append(append(out, words...), grams...)
}

// indexVectors builds the vector signal with Options.Embedder or the
// local LSA embedder that fit fits (on texts): at once for the local embedder or
// without VectorsInBackground, else in the background (vectors.go). An
// embedder failure leaves the engine on its lexical signals, degraded;
// only a done ctx or a failed local embedder is an error.
func (e *Engine) indexVectors(ctx context.Context, ids, texts []string, fit func() (*index.Local, error)) error {
	emb := e.opts.Embedder
	if emb == nil {
		local, err := fit()
		if ctx.Err() != nil {
			return ctx.Err() // cancelled during the fit
		}
		if err != nil {
			return fmt.Errorf("retrieval: local embedder: %w", err)
		}
		// The embedder stays for the queries; the build's texts need not.
		defer local.ForgetDocuments()
		emb, e.local = local, local
	}
	e.vec.name, e.vec.total = emb.Name(), len(texts)
	if e.opts.VectorsInBackground && e.opts.Embedder != nil {
		e.startVectors(ctx, emb, ids, texts)
		return nil
	}
	var progress func(int)
	if e.opts.OnVectorProgress != nil {
		progress = func(done int) { e.opts.OnVectorProgress(done, len(texts)) }
	}
	vecs, err := e.embedDocuments(ctx, emb, texts, progress)
	var v *index.Vector
	if err == nil {
		v, err = index.NewVectorFromEmbeddings(emb, ids, vecs)
	}
	if err == nil && e.opts.Embedder != nil {
		e.vec.docs.Store(newDocVectors(emb, texts, vecs))
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if e.opts.RequireVectors {
			return fmt.Errorf("%w: %w", ErrNoVectors, err)
		}
		e.log.Warn("vector index unavailable; answering from lexical signals only", slog.String("embedder", emb.Name()), slog.Any("err", err))
		return nil
	}
	e.vec.setIndex(v)
	return nil
}

// embedDocuments embeds texts in the foreground. With Options.Embedder
// it takes the vectors of the texts the rebuilt engine had (prevDocs)
// and embeds only the others, unless their dimension shows the model
// changed.
func (e *Engine) embedDocuments(ctx context.Context, emb index.Embedder, texts []string, progress func(int)) ([][]float32, error) {
	const batch = DefaultVectorBatch * 16
	if e.opts.Embedder == nil {
		return index.EmbedDocuments(ctx, emb, texts, batch, progress)
	}
	prev := e.prevDocs
	e.prevDocs = nil
	vecs, missing := prev.reuse(emb, texts)
	kept := len(texts) - len(missing)
	var shifted func(int)
	if progress != nil {
		shifted = func(done int) { progress(kept + done) }
	}
	got, err := index.EmbedDocuments(ctx, emb, textsAt(texts, missing), batch, shifted)
	if err != nil {
		return nil, err
	}
	if !prev.fits(got) {
		e.log.Warn("the embedder's vectors changed dimension since the last build; embedding every text", slog.String("embedder", emb.Name()))
		return index.EmbedDocuments(ctx, emb, texts, batch, progress)
	}
	fill(vecs, missing, got)
	return vecs, nil
}

// urlRE matches the URLs of answer texts: they are shown, not searched
// (their letters would match stray bigrams such as "ww").
var urlRE = regexp.MustCompile(`https?://\S+|www\.\S+`)

// doc is the lexical view of an entry.
func (e *Engine) doc(en *corpus.Entry) index.Doc {
	var d index.Doc
	d.ID = en.ID
	d.Fields[index.FieldTitle] = en.Title
	d.Fields[index.FieldQuestion] = strings.Join(en.Question, "\n")
	d.Fields[index.FieldAnswer] = urlRE.ReplaceAllString(en.Answer, " ")
	path := append([]string(nil), en.Path...)
	if e.opts.Annotations {
		d.Fields[index.FieldExamples] = strings.Join(en.Examples, "\n")
		d.Fields[index.FieldKeywords] = strings.Join(en.Keywords, "\n")
		if e.opts.SectionContext && en.Section != "" {
			if sec, ok := e.c.Entry(en.Section); ok {
				path = append(path, sec.Keywords...)
			}
		}
	}
	d.Fields[index.FieldPath] = strings.Join(path, "\n")
	return d
}

// Corpus returns the engine's corpus.
func (e *Engine) Corpus() *corpus.Corpus { return e.c }

// Options returns the engine's options.
func (e *Engine) Options() Options { return e.opts }

// ranking is one signal's ranked candidates, best first; a document's
// rank is its position in hits plus one.
type ranking struct {
	name string
	hits []index.Hit
}

func newRanking(name string, hits []index.Hit) ranking { return ranking{name: name, hits: hits} }

// rankOf returns doc's rank and score in r, or 0 when r did not rank it.
func (r ranking) rankOf(doc int) (int, float64) {
	for i, h := range r.hits {
		if h.Doc == doc {
			return i + 1, h.Score
		}
	}
	return 0, 0
}

// fuseScratch holds per-entry arrays for one search; only the entries in
// touched are non-zero between uses.
type fuseScratch struct {
	fused   []float64
	lexical []bool
	seen    []bool
	touched []int32
	cands   []candidate // fuse's candidates, reused
}

func (e *Engine) getScratch() *fuseScratch {
	if sc, ok := e.scratch.Get().(*fuseScratch); ok {
		return sc
	}
	n := len(e.entries)
	return &fuseScratch{fused: make([]float64, n), lexical: make([]bool, n), seen: make([]bool, n)}
}

func (e *Engine) putScratch(sc *fuseScratch) {
	for _, d := range sc.touched {
		sc.fused[d], sc.lexical[d], sc.seen[d] = 0, false, false
	}
	sc.touched = sc.touched[:0]
	e.scratch.Put(sc)
}

// setPriors fills the per-entry kind priors and ID order used by fuse.
func (e *Engine) setPriors() {
	e.prior = make([]float64, len(e.entries))
	order := make([]int32, len(e.entries))
	for i, en := range e.entries {
		e.prior[i] = 1.0
		if v, ok := e.opts.KindPriors[en.Kind]; ok {
			e.prior[i] = v
		}
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(e.entries[a].ID, e.entries[b].ID) })
	e.tie = make([]int32, len(e.entries))
	e.exGrams = make([]atomic.Pointer[lineSets], len(e.entries))
	e.exReadGrams = make([]atomic.Pointer[lineSets], len(e.entries))
	for pos, d := range order {
		e.tie[d] = int32(pos)
	}
}

// Search runs q: each signal ranks candidates, reciprocal rank fusion
// combines them, kind priors adjust, near-identical entries collapse, the
// confidence is classified, and the answer's referral cards are built.
func (e *Engine) Search(ctx context.Context, q Query) (*Response, error) {
	start := time.Now()
	if err := q.Validate(); err != nil {
		return nil, err
	}
	spare.Begin()
	defer spare.End()
	qa := e.analyse(q)
	rankings, degraded, err := e.rank(ctx, qa)
	if err != nil {
		return nil, err
	}
	// The re-ranking sees the same candidates whatever K the caller asks.
	fq := q
	fq.K = max(q.K, e.opts.Rerank.Depth)
	results := e.fuse(rankings, fq, qa.acted)
	// The words the caller's kana sounds like count as the caller's own
	// words, and their bigrams as its bigrams, for lexical support and
	// example similarity.
	own := qa.ownTerms()
	rerankTop := e.rerank(qa, own, rankings, results)
	results = results[:min(len(results), q.K)]
	resp := &Response{Query: q.Text, Results: results, Degraded: degraded}
	p := qa.parts[0]
	resp.Signals = e.confidenceSignals(own, rankings, results)
	resp.Signals.Rerank = rerankTop
	resp.Confidence = e.opts.Confidence.Classify(resp.Signals, len(results))
	resp.Referrals = []Card{}
	if resp.Confidence == ConfidenceNone {
		resp.Routing = e.routing
	} else if e.opts.Confidence.ShowsCards(resp.Signals, resp.Confidence) {
		resp.Referrals = e.cards(e.answers(results))
	}
	resp.Highlight = slices.Clone(p.an.Words)
	// Nothing in resp refers to the rankings' hits: their storage serves
	// the next searches.
	for _, r := range rankings {
		index.ReleaseHits(r.hits)
	}
	resp.Took = time.Since(start)
	return resp, nil
}

// parallelSignalsMin is the number of entries from which a search runs
// its signals each on its own goroutine: the searches of a large corpus
// take milliseconds each, and the cores share them; over a small one,
// starting goroutines would cost more than it saves.
var parallelSignalsMin = 5000

// The signals a search runs, in the order of its rankings.
const (
	runTokens = iota
	runBigrams
	runReadings
	runExamples
	runVector
	numRuns
)

// signalRun is what one signal's search gave.
type signalRun struct {
	r   ranking
	ok  bool // the signal ranked (it exists, and did not fail)
	err error
}

// rank runs every signal's search. degraded reports that the vector
// signal is on but unavailable or failed; err is set only when ctx ended.
func (e *Engine) rank(ctx context.Context, qa *queryAnalysis) (rankings []ranking, degraded bool, err error) {
	var runs [numRuns]signalRun
	if len(e.entries) < parallelSignalsMin {
		sr := signalRunsPool.Get().(*signalRuns)
		sr.e, sr.ctx, sr.qa = e, ctx, qa
		spare.Run(sr, numRuns)
		runs = sr.runs
		*sr = signalRuns{}
		signalRunsPool.Put(sr)
	} else {
		runs = e.runEach(ctx, qa)
	}
	rankings = make([]ranking, 0, numRuns)
	for _, r := range runs {
		if r.err != nil {
			return nil, false, r.err
		}
		if r.ok {
			rankings = append(rankings, r.r)
		}
	}
	return rankings, e.opts.Weights[SignalVector] > 0 && !runs[runVector].ok, nil
}

// runEach runs every signal's search on a goroutine of its own (rank
// over a large corpus). Its runs, which the goroutines share, are its
// own, so that rank's stay on rank's stack.
func (e *Engine) runEach(ctx context.Context, qa *queryAnalysis) [numRuns]signalRun {
	var runs [numRuns]signalRun
	var wg sync.WaitGroup
	for i := range runs[1:] {
		wg.Go(func() { runs[i+1] = e.runSignal(ctx, qa, i+1) })
	}
	runs[0] = e.runSignal(ctx, qa, 0)
	wg.Wait()
	return runs
}

// signalRuns runs a search's signals as the steps of a spare.Run,
// longest first, so that a spare processor, when there is one, shares
// them out evenly; each writes only its own slot of runs.
type signalRuns struct {
	e    *Engine
	ctx  context.Context
	qa   *queryAnalysis
	runs [numRuns]signalRun
}

// runsByCost are the signals in the order signalRuns takes them: by
// their cost on the default corpus, most first.
var runsByCost = [numRuns]int{runVector, runExamples, runBigrams, runReadings, runTokens}

var signalRunsPool = sync.Pool{New: func() any { return new(signalRuns) }}

func (sr *signalRuns) Step(i int) {
	s := runsByCost[i]
	sr.runs[s] = sr.e.runSignal(sr.ctx, sr.qa, s)
}

// runSignal runs one signal's search (runTokens...runVector).
func (e *Engine) runSignal(ctx context.Context, qa *queryAnalysis, signal int) signalRun {
	switch {
	case signal == runTokens && e.tokens != nil:
		return signalRun{r: newRanking(SignalTokens, e.searchWords(qa)), ok: true}
	case signal == runBigrams && e.bigrams != nil:
		return signalRun{r: newRanking(SignalBigrams, e.searchIDs(e.bigrams, qa, bigramIDs)), ok: true}
	case signal == runReadings && e.readings != nil:
		return signalRun{r: newRanking(SignalReadings, e.searchIDs(e.readings, qa, readingIDs)), ok: true}
	case signal == runExamples && e.examples != nil:
		return signalRun{r: e.rankExamples(qa), ok: true}
	case signal == runVector && e.opts.Weights[SignalVector] > 0:
		r, ok, err := e.rankVector(ctx, qa)
		return signalRun{r: r, ok: ok, err: err}
	}
	return signalRun{}
}

// searchWords is the word signal's search, with pseudo-relevance
// feedback when it is on.
func (e *Engine) searchWords(qa *queryAnalysis) []index.Hit {
	hits := e.searchIDs(e.tokens, qa, wordIDs)
	if e.opts.PRFTerms > 0 && len(hits) > 0 {
		terms := qa.terms(true, false)
		terms = append(terms, e.prf(hits, terms)...)
		index.ReleaseHits(hits)
		hits = e.tokens.Search(terms, e.opts.Depth, qa.filter)
	}
	return hits
}

// queryAnalysis is a query analysed once for every signal: the caller's
// text (weight 1) and each thesaurus expansion (SynonymWeight).
type queryAnalysis struct {
	text  string
	acted bool // the caller reports an action already taken
	// sound are the corpus words found in the caller's text by reading
	// (Options.ReadingWords) that its own words do not hold.
	sound []string
	// soundGrams are the character bigrams of sound (for the confidence
	// only: the bigram signal reads the caller's own text).
	soundGrams []string
	// soundGramIDs are soundGrams looked up in the bigram index (nil
	// without it).
	soundGramIDs []int32
	expansions   []string
	parts        []analysedPart
	// own are the caller's own terms (ownTerms).
	own    ownTerms
	filter func(int) bool
}

type analysedPart struct {
	text                     string
	an                       *index.Analysis // shared: read only
	words, bigrams, readings []string
	weight                   float64
	ids                      partIDs // the terms looked up in the indexes (termids.go)
}

// analyse returns the analysis of q: that of its text (analyseText),
// with q's kinds filter.
func (e *Engine) analyse(q Query) *queryAnalysis {
	qa := e.analyseText(q.Text)
	if filter := e.kindFilter(q.Kinds); filter != nil {
		filtered := *qa
		filtered.filter = filter
		return &filtered
	}
	return qa
}

// analyseText analyses a query's text for every signal: the caller's
// text, its thesaurus expansions and the corpus words its kana sounds
// like. The analyses of recent texts are kept (analysisCache), so that a
// text searched again (another page, a kinds filter, a repeated search)
// is not analysed again; the result is shared, and read only.
func (e *Engine) analyseText(text string) *queryAnalysis {
	if qa, ok := e.analyses.get(text); ok {
		return qa
	}
	qa := &queryAnalysis{text: text}
	first := e.analysePart(text, 1)
	// The words the caller's kana sounds like trigger the thesaurus too:
	// うぃるす expands as ウイルス does.
	qa.sound = e.soundWords(text, first)
	var soundNorm string // the sound words normalised, a line each
	if len(qa.sound) > 0 {
		// Normalize works line by line: the caller's text is normalised
		// already.
		soundNorm = corpus.Normalize(strings.Join(qa.sound, "\n"))
		qa.expansions = e.syn.expandNormalized(first.an.Norm + "\n" + soundNorm)
	} else {
		qa.expansions = e.syn.expandNormalized(first.an.Norm)
	}
	qa.parts = make([]analysedPart, 0, 2+len(qa.expansions))
	qa.parts = append(qa.parts, first)
	for _, x := range qa.expansions {
		qa.parts = append(qa.parts, e.expansionPart(x))
	}
	qa.acted = e.opts.ActionWeight > 0 && first.an.Acted
	if len(qa.sound) > 0 {
		// The grams of the sound words joined by spaces: Normalize and the
		// grams treat a newline as they treat a space (TestSoundGrams).
		qa.soundGrams = e.gramOf(soundNorm)
		if e.bigrams != nil {
			qa.soundGramIDs = e.bigramIDs(qa.soundGrams)
		}
		sound := analysedPart{words: qa.sound, weight: e.opts.ReadingWords}
		e.lookUp(&sound)
		qa.parts = append(qa.parts, sound)
	}
	qa.own = qa.newOwnTerms()
	if e.bigrams != nil {
		qa.own.grams.bits = idBits(qa.own.grams.ids)
	}
	if e.readings != nil {
		qa.own.sounds.bits = idBits(qa.own.sounds.ids)
	}
	if e.tokens != nil {
		qa.own.weights = newWordWeights(e.tokens, qa.own.words, qa.own.wordIDs)
	}
	e.analyses.put(text, qa)
	return qa
}

// analysePart analyses one text of the query with one kagome run
// ([index.Analyzer.Analyse]) for every signal.
func (e *Engine) analysePart(text string, weight float64) analysedPart {
	return e.partOf(text, e.an.Analyse(text), weight)
}

// partOf is analysePart with text's analysis an.
func (e *Engine) partOf(text string, an *index.Analysis, weight float64) analysedPart {
	p := analysedPart{text: text, an: an, words: an.Terms, bigrams: e.gramOf(an.Norm), weight: weight}
	if e.readings != nil {
		p.readings = index.NGrams(an.Reading, 2)
	}
	e.lookUp(&p)
	return p
}

// expansionPart is analysePart(x, SynonymWeight) for a thesaurus
// expansion x, analysed once per engine, at build.
func (e *Engine) expansionPart(x string) analysedPart {
	if p, ok := e.expParts[x]; ok {
		return p
	}
	return e.analysePart(x, e.opts.SynonymWeight)
}

// analyseExpansions starts the kagome analyses of every term the
// thesaurus may add to a query (expandNormalized), beside the build's
// other work; the channel gives them once done (nil without a
// thesaurus).
func (e *Engine) analyseExpansions() <-chan map[string]*index.Analysis {
	out := make(chan map[string]*index.Analysis, 1)
	if e.syn == nil {
		out <- nil
		return out
	}
	go func() {
		ans := map[string]*index.Analysis{}
		for _, g := range e.syn.groups {
			for _, x := range g.to {
				if _, ok := ans[x]; !ok {
					ans[x] = e.an.Analyse(x)
				}
			}
		}
		out <- ans
	}()
	return out
}

// setExpansionParts sets e.expParts from the expansions' analyses, once
// the indexes that their terms are looked up in are built.
func (e *Engine) setExpansionParts(ans map[string]*index.Analysis) {
	e.expParts = make(map[string]analysedPart, len(ans))
	for x, an := range ans {
		e.expParts[x] = e.partOf(x, an, e.opts.SynonymWeight)
	}
}

// marked returns grams each prefixed with "#", as substrings of one
// string.
func marked(grams []string) []string {
	if len(grams) == 0 {
		return nil
	}
	n := 0
	for _, g := range grams {
		n += 1 + len(g)
	}
	var b strings.Builder
	b.Grow(n)
	for _, g := range grams {
		b.WriteByte('#')
		b.WriteString(g)
	}
	all, out := b.String(), make([]string, len(grams))
	at := 0
	for i, g := range grams {
		out[i] = all[at : at+1+len(g)]
		at += 1 + len(g)
	}
	return out
}

// terms returns the weighted words and/or bigrams of the query and its
// expansions; with both, bigrams are marked "#" as the examples index
// keeps them apart from words.
func (qa *queryAnalysis) terms(words, bigrams bool) []index.WeightedTerm {
	n := 0
	for _, p := range qa.parts {
		if words {
			n += len(p.words)
		}
		if bigrams {
			n += len(p.bigrams)
		}
	}
	out := make([]index.WeightedTerm, 0, n)
	for _, p := range qa.parts {
		if words {
			out = appendWeighted(out, p.words, p.weight)
		}
		switch {
		case bigrams && words:
			out = appendWeighted(out, marked(p.bigrams), p.weight)
		case bigrams:
			out = appendWeighted(out, p.bigrams, p.weight)
		}
	}
	return out
}

// rankExamples ranks entries by their best-matching example question.
func (e *Engine) rankExamples(qa *queryAnalysis) ranking {
	var exFilter func(int) bool
	if qa.filter != nil {
		exFilter = func(i int) bool { return qa.filter(int(e.exOwner[i])) }
	}
	buf := weightedBufs.Get().(*[]index.WeightedID)
	defer weightedBufs.Put(buf)
	*buf = qa.weightedIDs((*buf)[:0], exampleIDs)
	return newRanking(SignalExamples, e.bestExamples(*buf, exFilter))
}

// rankVector ranks entries by embedding similarity. ok is false when the
// vector signal is unavailable or failed (the response is then degraded);
// err is set only when ctx itself ended.
func (e *Engine) rankVector(ctx context.Context, qa *queryAnalysis) (r ranking, ok bool, err error) {
	vector := e.vec.index.Load()
	if vector == nil {
		return ranking{}, false, nil
	}
	vctx := ctx
	if e.opts.Embedder != nil {
		// Another server may hang; the local embedder computes the
		// query's vector in microseconds and honours ctx itself.
		var cancel context.CancelFunc
		vctx, cancel = context.WithTimeout(ctx, e.opts.EmbedTimeout)
		defer cancel()
	}
	n := e.opts.Depth
	if qa.filter != nil {
		n = 10 * e.opts.Depth // room for the kinds filter
	}
	hits, err := e.searchVector(vctx, vector, qa, min(n, vector.Len()))
	if err != nil {
		if ctx.Err() != nil {
			return ranking{}, false, ctx.Err()
		}
		e.vectorFailed(err)
		return ranking{}, false, nil
	}
	e.vec.mismatch.Store(false)
	kept := hits[:0] // the search's own slice: compacted in place
	for _, h := range hits {
		i, ok := h.Doc, h.Doc < len(e.entries) && e.entries[h.Doc].ID == h.ID
		if !ok {
			i, ok = e.pos[h.ID]
		}
		if ok && (qa.filter == nil || qa.filter(i)) {
			h.Doc = i
			kept = append(kept, h)
			if len(kept) == e.opts.Depth {
				break
			}
		}
	}
	return newRanking(SignalVector, kept), true, nil
}

// searchVector returns the k entries nearest to the query and its
// expansions, one per line. The local embedder embeds them from their
// analyses, when the caller's text is one line as they are.
func (e *Engine) searchVector(ctx context.Context, vector *index.Vector, qa *queryAnalysis, k int) ([]index.Hit, error) {
	lines := 1 + len(qa.expansions) // the parts of the caller's text and expansions
	if e.local != nil && vector.Embedder() == index.Embedder(e.local) && !strings.Contains(qa.text, "\n") {
		var buf [8][]int32 // most queries' lines, without allocating
		features := buf[:0]
		for _, p := range qa.parts[:lines] {
			features = append(features, p.ids.features)
		}
		return vector.SearchEmbedding(ctx, e.local.EmbedFeatures(features...), k)
	}
	vq := qa.text
	if len(qa.expansions) > 0 {
		vq += "\n" + strings.Join(qa.expansions, "\n")
	}
	return vector.Search(ctx, vq, k)
}

// wordsAndBigrams is the analysis of the examples signal: kagome base
// forms plus character bigrams (marked with #).
func (e *Engine) wordsAndBigrams(s string) []string {
	return e.withBigrams(e.an.Terms(s), s)
}

// withBigrams returns words followed by the bigrams of s marked with #;
// words itself is not modified.
func (e *Engine) withBigrams(words []string, s string) []string {
	grams := e.gram(s)
	out := make([]string, len(words), len(words)+len(grams))
	copy(out, words)
	for _, b := range grams {
		out = append(out, "#"+b)
	}
	return out
}

// appendWeighted appends terms to out, each with weight w.
func appendWeighted(out []index.WeightedTerm, terms []string, w float64) []index.WeightedTerm {
	for _, t := range terms {
		out = append(out, index.WeightedTerm{Term: t, Weight: w})
	}
	return out
}

func (e *Engine) kindFilter(kinds []corpus.Kind) func(int) bool {
	if len(kinds) == 0 {
		return nil
	}
	return func(i int) bool {
		for _, k := range kinds {
			if e.entries[i].Kind == k {
				return true
			}
		}
		return false
	}
}

// bestExamples ranks entries by their best example question: the
// examples index's hits, each entry at the rank of its first hit, up to
// Depth entries.
func (e *Engine) bestExamples(terms []index.WeightedID, exFilter func(int) bool) []index.Hit {
	hits := e.examples.SearchGroupsIDs(terms, 4*e.opts.Depth, exFilter, e.exOwner, len(e.entries), e.opts.Depth)
	for i := range hits {
		hits[i].ID = e.entries[hits[i].Doc].ID
	}
	return hits
}

// candidate is an entry that some signal ranked, with its fused score.
type candidate struct {
	doc          int
	score, fused float64
	prior        float64
}

// stageFactor is the multiplier of entry doc's score for a caller who
// already acted: 1 − ActionWeight for advice that assumes nothing has
// happened yet, 1 for the rest.
func (e *Engine) stageFactor(doc int) float64 {
	if e.entries[doc].Stage == corpus.StageBefore {
		return 1 - e.opts.ActionWeight
	}
	return 1
}

// fuse combines the rankings by weighted reciprocal rank fusion, applies
// kind priors (and, for a caller who already acted, the stage factor) and
// collapses near-identical entries. Scores are summed per
// entry in ranking order, in per-entry arrays rather than maps.
func (e *Engine) fuse(rankings []ranking, q Query, acted bool) []Result {
	sc := e.getScratch()
	defer e.putScratch(sc)
	ranLexical := false
	for _, r := range rankings {
		if r.name != SignalVector {
			ranLexical = true
			for _, h := range r.hits {
				sc.lexical[h.Doc] = true
			}
		}
	}
	requireLexical := e.opts.RequireLexical && ranLexical
	for _, r := range rankings {
		w := e.opts.Weights[r.name]
		for i, h := range r.hits {
			if !sc.seen[h.Doc] {
				sc.seen[h.Doc] = true
				sc.touched = append(sc.touched, int32(h.Doc))
			}
			sc.fused[h.Doc] += w / (e.opts.RRFK + float64(i+1))
		}
	}
	cands := sc.cands[:0]
	for _, d := range sc.touched {
		doc := int(d)
		if requireLexical && !sc.lexical[doc] {
			continue
		}
		f, p := sc.fused[doc], e.prior[doc]
		if acted {
			p *= e.stageFactor(doc)
		}
		cands = append(cands, candidate{doc: doc, score: f * p, fused: f, prior: p})
	}
	sc.cands = cands
	h := newCandHeap(cands, e.tie)
	return e.collapse(&h, rankings, q)
}

// collapse keeps the best candidates up to q.K, skipping those
// near-identical to one already kept, and explains them when asked.
func (e *Engine) collapse(cands *candHeap, rankings []ranking, q Query) []Result {
	var out []Result // nil when there is no candidate, as before
	if n := min(q.K, len(cands.c)); n > 0 {
		out = make([]Result, 0, n)
	}
	var keptBuf [16]int
	kept := keptBuf[:0]
	var keptSh [][]uint64 // shingles of kept, for corpora without e.near
	for c, ok := cands.pop(); ok; c, ok = cands.pop() {
		if e.opts.CollapseThreshold > 0 {
			dup, sh := e.collapsed(c.doc, kept, keptSh)
			if dup {
				continue
			}
			if e.near == nil {
				keptSh = append(keptSh, sh)
			}
		}
		kept = append(kept, c.doc)
		r := Result{Entry: e.entries[c.doc], Score: c.score}
		if q.Debug {
			r.Explain = e.explain(c, rankings)
		}
		out = append(out, r)
		if len(out) == q.K {
			break
		}
	}
	return out
}

// explain tells how candidate c got its score.
func (e *Engine) explain(c candidate, rankings []ranking) *Explanation {
	ex := &Explanation{Prior: c.prior, Fused: c.fused}
	for _, rk := range rankings {
		s := SignalScore{Name: rk.name, Weight: e.opts.Weights[rk.name]}
		if rank, score := rk.rankOf(c.doc); rank > 0 {
			s.Rank, s.Score = rank, score
			s.RRF = s.Weight / (e.opts.RRFK + float64(rank))
		}
		ex.Signals = append(ex.Signals, s)
	}
	return ex
}

// entryShingles are the shingles that collapsing compares.
func (e *Engine) entryShingles(doc int) []uint64 {
	if e.compact != nil {
		return index.Shingles(e.compact[doc], 3)
	}
	en := e.entries[doc]
	return index.Shingles(index.Compact(en.Title+"\n"+en.Answer), 3)
}

// setCompactTexts fills e.compact, for a corpus of more than
// nearPairsMax entries, so that a search shingles its results' texts
// without normalising them (most of entryShingles' cost). The texts come
// from the build's Memo: the lines of a valid UTF-8 text normalise as
// they do alone (corpus's FuzzNormalizeLines), so the compact text of an
// entry's title and answer joined by a line break is that of the title
// followed by that of the answer, and the Memo holds both fields'
// normalised texts. An answer whose URLs the lexical view removed, or a
// text that is not valid UTF-8, is compacted in full. They take about
// the size of the texts (45 MB over the synthetic corpus of 100,000
// entries).
func (e *Engine) setCompactTexts(ctx context.Context, b *buildTexts) error {
	if e.opts.CollapseThreshold <= 0 || len(e.entries) <= nearPairsMax {
		return nil
	}
	parts := make([][2]string, len(e.entries))
	err := e.forEntries(ctx, stepCompact, func(i int) {
		en, d := e.entries[i], &b.docs[i]
		if d.Fields[index.FieldTitle] != en.Title || d.Fields[index.FieldAnswer] != en.Answer ||
			!utf8.ValidString(en.Title) || !utf8.ValidString(en.Answer) {
			parts[i][0] = index.Compact(en.Title + "\n" + en.Answer)
			return
		}
		parts[i] = [2]string{index.CompactNorm(e.memo.Norm(en.Title)), index.CompactNorm(e.memo.Norm(en.Answer))}
	})
	if err != nil {
		return err
	}
	e.compact = joinEach(parts)
	return nil
}

// joinEach returns each pair of parts joined, all held in one string:
// texts made during a build, one allocation each, would stay scattered
// over the pages of the build's garbage.
func joinEach(parts [][2]string) []string {
	n := 0
	for _, p := range parts {
		n += len(p[0]) + len(p[1])
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, p := range parts {
		sb.WriteString(p[0])
		sb.WriteString(p[1])
	}
	all, out := sb.String(), make([]string, len(parts))
	at := 0
	for i, p := range parts {
		end := at + len(p[0]) + len(p[1])
		out[i], at = all[at:end], end
	}
	return out
}

// nearPairsMax is the largest corpus whose near-identical pairs are all
// computed at build time; larger corpora compare results as they come.
var nearPairsMax = 3000

// findNear precomputes, for a corpus of up to nearPairsMax entries, which
// entries are near-identical to which. Larger corpora compare the
// shingles of results at query time, so that no per-entry shingles stay
// in memory.
func (e *Engine) findNear(ctx context.Context) error {
	n := len(e.entries)
	if n > nearPairsMax {
		return nil
	}
	sh := make([][]uint64, n)
	for i := range sh {
		sh[i] = e.entryShingles(i)
	}
	e.near = make([][]int, n)
	return e.eachEntry(ctx, stepNear, func(a int) {
		for b := a + 1; b < n; b++ {
			if e.nearIdentical(sh[a], sh[b]) {
				e.near[a] = append(e.near[a], b)
				e.near[b] = append(e.near[b], a)
			}
		}
	})
}

// collapsed reports whether doc is near-identical to an entry already
// kept; keptSh holds the shingles of kept when the corpus has no e.near.
// It returns doc's shingles in that case, for the caller to keep.
func (e *Engine) collapsed(doc int, kept []int, keptSh [][]uint64) (bool, []uint64) {
	if e.near != nil {
		for _, k := range kept {
			if slices.Contains(e.near[doc], k) {
				return true, nil
			}
		}
		return false, nil
	}
	sh := e.entryShingles(doc)
	for _, k := range keptSh {
		if e.nearIdentical(sh, k) {
			return true, nil
		}
	}
	return false, sh
}

// collapseSizeRatio is the least share of the larger text's shingles that
// the smaller one of two near-identical entries has: a short entry whose
// words a long one quotes (a guidebook pointer such as
// 「漏えい・流出発生時の対応」, quoted in the emergency flow's 28 lines) is
// not its duplicate. In the desk's manual the pairs it keeps apart have
// ratios under 0.1, the copies it still collapses 0.45 or more.
const collapseSizeRatio = 0.25

// nearIdentical reports whether two entries' shingles make one a
// near-identical copy of the other: the smaller is at least
// collapseSizeRatio of the larger, and CollapseThreshold of it is in the
// larger.
func (e *Engine) nearIdentical(a, b []uint64) bool {
	small, large := min(len(a), len(b)), max(len(a), len(b))
	if float64(small) < collapseSizeRatio*float64(large) {
		return false
	}
	return index.Containment(a, b) >= e.opts.CollapseThreshold
}

// soundWords returns the corpus words that the caller's text sounds like
// (its kana runs and its reading, segmented against the reading lexicon)
// and that its own words p.words do not already hold. It reuses p's
// analysis: no kagome run.
func (e *Engine) soundWords(text string, p analysedPart) []string {
	if e.lex == nil {
		return nil
	}
	return e.lex.SoundsLike(text, p.an.Reading, p.words)
}

// knownWord reports whether the word signal's index holds w.
func (e *Engine) knownWord(w string) bool {
	return e.tokens != nil && e.tokens.DocFreq(w) > 0
}
