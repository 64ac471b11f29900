package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/retrieval"
)

// engineFlags are the flags shared by every subcommand that loads the
// corpus and builds the search engine. Each has an environment variable.
type engineFlags struct {
	corpusDir   string
	embedder    string
	ollamaURL   string
	ollamaModel string
	ollamaQP    string
	ollamaDP    string

	// Relevance mechanisms, each switchable for ablations
	// (docs/relevance.md).
	signals       string
	rrfK          float64
	synonymWeight float64
	noAnnotations bool
	noSection     bool
	noPriors      bool
	noFold        bool
	actionWeight  float64
	collapse      float64
	prf           int
	nearEqual     float64
	cardFallback  float64
	confidence    string
	rerank        string
	readingWords  float64

	// requireVectors makes the build fail when the embedder cannot
	// embed the corpus (retrieval.Options.RequireVectors): eval's
	// --compare-embedder compares embedders, not an outage.
	requireVectors bool

	// logger, when set (by serve), receives corpus errors and the
	// engine's warnings; the other commands print corpus errors to stderr.
	logger *slog.Logger

	// read, when set, replaces reading the corpus (tests hold a build
	// with it).
	read func() (*corpus.Corpus, error)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// register adds every engine flag to fs: the corpus, the embedder and the
// ranking mechanisms, for the commands that build the search engine.
func (f *engineFlags) register(fs *flag.FlagSet) {
	f.registerCorpus(fs)
	f.registerEmbedder(fs)
	f.registerRanking(fs)
}

// registerCorpus adds --corpus, for every command that reads the corpus.
func (f *engineFlags) registerCorpus(fs *flag.FlagSet) {
	fs.StringVar(&f.corpusDir, "corpus", envOr("SOUDAN_CORPUS", ""), "corpus `folder` (default: the embedded desk manual; env SOUDAN_CORPUS)")
}

// registerEmbedder adds the embedder flags, for the commands that embed
// entries (search, serve, eval, dupes).
func (f *engineFlags) registerEmbedder(fs *flag.FlagSet) {
	fs.StringVar(&f.embedder, "embedder", envOr("SOUDAN_EMBEDDER", "local"), "embedding provider: local or ollama (env SOUDAN_EMBEDDER)")
	fs.StringVar(&f.ollamaURL, "ollama-url", envOr("OLLAMA_URL", "http://localhost:11434"), "Ollama server `URL` (env OLLAMA_URL)")
	fs.StringVar(&f.ollamaModel, "ollama-model", envOr("OLLAMA_MODEL", "bge-m3"), "Ollama embedding `model` (env OLLAMA_MODEL)")
	fs.StringVar(&f.ollamaQP, "ollama-query-prefix", envOr("OLLAMA_QUERY_PREFIX", ""), "text put before each query for models that need one, e.g. \"query: \" (env OLLAMA_QUERY_PREFIX)")
	fs.StringVar(&f.ollamaDP, "ollama-document-prefix", envOr("OLLAMA_DOCUMENT_PREFIX", ""), "text put before each document, e.g. \"passage: \" (env OLLAMA_DOCUMENT_PREFIX)")
}

// registerRanking adds the relevance mechanisms' flags, for the commands
// that rank (search, serve, eval).
func (f *engineFlags) registerRanking(fs *flag.FlagSet) {
	d := retrieval.DefaultOptions()
	fs.StringVar(&f.signals, "signals", strings.Join(retrieval.Signals, ","), "ranking `signals` to fuse, each optionally name=weight")
	fs.Float64Var(&f.rrfK, "rrf-k", d.RRFK, "reciprocal rank fusion constant k")
	fs.Float64Var(&f.synonymWeight, "synonym-weight", d.SynonymWeight, "weight of thesaurus expansions (0 disables the thesaurus)")
	fs.BoolVar(&f.noAnnotations, "no-annotations", false, "do not index editors' keywords and example questions")
	fs.BoolVar(&f.noSection, "no-section-context", false, "do not add a section's keywords to the entries beneath it")
	fs.BoolVar(&f.noPriors, "no-priors", false, "disable kind priors")
	fs.Float64Var(&f.actionWeight, "action-weight", d.ActionWeight, "for a caller who reports having acted (clicked, paid, infected …), lower advice for the unaffected (stage: before) by this share, so that it yields to advice for victims (0 disables)")
	fs.Float64Var(&f.readingWords, "reading-words", d.ReadingWords, "weight of the manual's words found in the caller's kana by their reading (0 disables)")
	fs.BoolVar(&f.noFold, "no-kana-fold", false, "do not fold typed kana variants (ー, small kana, ヴ) in the bigram signals")
	fs.Float64Var(&f.collapse, "collapse", d.CollapseThreshold, "collapse results whose text is this similar to a better one (0 disables)")
	fs.IntVar(&f.prf, "prf", 0, "pseudo-relevance feedback: add this many terms from the top 3 results (0 disables)")
	fs.Float64Var(&f.nearEqual, "near-equal", d.NearEqual, "show the referral cards of results scoring at least this share of the first result's score, and of the section entry the first result sits in when it is among the first five (0: the first result's cards only)")
	fs.Float64Var(&f.cardFallback, "card-fallback", d.CardFallback, "when the answer names no referral, show the cards of the next result that does if it scores at least this share of the first (0 disables)")
	fs.StringVar(&f.rerank, "rerank", "on", "learnt re-ranking of the first fused candidates: on, off, or features (compute its features, keep the fused order)")
	fs.StringVar(&f.confidence, "confidence", "", "override confidence thresholds, e.g. none-below=-1,high-above=2 (default "+d.Confidence.String()+")")
}

// ollama returns the Ollama embedder the flags describe, with its query
// and document prefixes.
func (f *engineFlags) ollama() (*index.Ollama, error) {
	if err := f.checkOllama(); err != nil {
		return nil, err
	}
	o, err := index.NewOllama(index.OllamaOptions{BaseURL: f.ollamaURL, Model: f.ollamaModel, QueryPrefix: f.ollamaQP, DocumentPrefix: f.ollamaDP})
	if err != nil {
		return nil, fmt.Errorf("--ollama-url: %w", err) // only the URL can be wrong
	}
	return o, nil
}

// checkEmbedder refuses, with --embedder ollama, Ollama flags that
// cannot work; the other embedders do not use them.
func (f *engineFlags) checkEmbedder() error {
	if f.embedder != "ollama" {
		return nil
	}
	_, err := f.ollama()
	return err
}

// checkOllama refuses an empty Ollama URL or model, which index.NewOllama
// would replace by its defaults, and a model name with spaces.
func (f *engineFlags) checkOllama() error {
	switch model := strings.TrimSpace(f.ollamaModel); {
	case strings.TrimSpace(f.ollamaURL) == "":
		return errors.New("--ollama-url is empty: give the Ollama server, e.g. http://localhost:11434")
	case model == "":
		return errors.New("--ollama-model is empty: give an embedding model, e.g. bge-m3")
	case strings.ContainsFunc(model, unicode.IsSpace) || model != f.ollamaModel:
		return fmt.Errorf("--ollama-model %q: a model name has no spaces", f.ollamaModel)
	}
	return nil
}

// checkRanges refuses ranking flags out of their range, which the engine
// would otherwise replace by its defaults or read as nonsense.
func (f *engineFlags) checkRanges() error {
	type bound struct {
		name          string
		v, min, max   float64
		openAtMinimum bool
	}
	inf := math.Inf(1)
	for _, b := range []bound{
		{"--rrf-k", f.rrfK, 0, inf, true},
		{"--synonym-weight", f.synonymWeight, 0, inf, false},
		{"--action-weight", f.actionWeight, 0, 1, false},
		{"--reading-words", f.readingWords, 0, inf, false},
		{"--collapse", f.collapse, 0, 1, false},
		{"--near-equal", f.nearEqual, 0, 1, false},
		{"--card-fallback", f.cardFallback, 0, 1, false},
		{"--prf", float64(f.prf), 0, 50, false},
	} {
		if math.IsNaN(b.v) || b.v < b.min || b.v > b.max || b.openAtMinimum && b.v == b.min {
			if b.max == inf {
				more := "at least"
				if b.openAtMinimum {
					more = "more than"
				}
				return fmt.Errorf("%s must be %s %g, got %g", b.name, more, b.min, b.v)
			}
			return fmt.Errorf("%s must be between %g and %g, got %g", b.name, b.min, b.max, b.v)
		}
	}
	return nil
}

// options turns the flags into engine options.
func (f *engineFlags) options() (retrieval.Options, error) {
	o := retrieval.DefaultOptions()
	if err := f.checkRanges(); err != nil {
		return o, err
	}
	weights, err := retrieval.ParseSignals(f.signals)
	if err != nil {
		return o, err
	}
	o.Weights = weights
	o.RRFK = f.rrfK
	o.SynonymWeight = f.synonymWeight
	o.Annotations = !f.noAnnotations
	o.SectionContext = !f.noSection
	o.FoldKana = !f.noFold
	o.ActionWeight = f.actionWeight
	o.ReadingWords = f.readingWords
	if f.noPriors {
		o.KindPriors = nil
	}
	o.CollapseThreshold = f.collapse
	switch f.rerank {
	case "on":
	case "off":
		o.Rerank = retrieval.RerankModel{}
	case "features":
		o.Rerank.Weights = nil
	default:
		return o, fmt.Errorf("--rerank: %q is not on, off or features", f.rerank)
	}
	o.NearEqual = f.nearEqual
	o.CardFallback = f.cardFallback
	ct, err := retrieval.ParseConfidenceThresholds(f.confidence, retrieval.DefaultConfidenceFor(o.Rerank))
	if err != nil {
		return o, err
	}
	o.Confidence = ct
	o.Logger = f.logger
	o.RequireVectors = f.requireVectors
	if f.prf > 0 {
		o.PRFTerms, o.PRFDocs, o.PRFWeight = f.prf, 3, 0.3
	}
	switch f.embedder {
	case "local":
	case "ollama":
		emb, err := f.ollama()
		if err != nil {
			return o, err
		}
		o.Embedder = resilientOllama(emb, f.logger)
	default:
		return o, fmt.Errorf("unknown embedder %q (want local or ollama)", f.embedder)
	}
	return o, nil
}

// embedderName names the embedder in /api/status.
func (f *engineFlags) embedderName() string {
	if f.embedder == "ollama" {
		return "ollama:" + f.ollamaModel
	}
	return f.embedder
}

// config describes the configuration, for provenance in reports.
func (f *engineFlags) config() map[string]string {
	m := map[string]string{
		"corpus":         f.corpusDir,
		"embedder":       f.embedder,
		"signals":        f.signals,
		"rrf_k":          strconv.FormatFloat(f.rrfK, 'g', -1, 64),
		"synonym_weight": strconv.FormatFloat(f.synonymWeight, 'g', -1, 64),
		"annotations":    strconv.FormatBool(!f.noAnnotations),
		"section":        strconv.FormatBool(!f.noSection),
		"priors":         strconv.FormatBool(!f.noPriors),
		"kana_fold":      strconv.FormatBool(!f.noFold),
		"action_weight":  strconv.FormatFloat(f.actionWeight, 'g', -1, 64),
		"reading_words":  strconv.FormatFloat(f.readingWords, 'g', -1, 64),
		"collapse":       strconv.FormatFloat(f.collapse, 'g', -1, 64),
		"prf":            strconv.Itoa(f.prf),
		"near_equal":     strconv.FormatFloat(f.nearEqual, 'g', -1, 64),
		"card_fallback":  strconv.FormatFloat(f.cardFallback, 'g', -1, 64),
	}
	if f.confidence != "" {
		m["confidence"] = f.confidence
	}
	if m["corpus"] == "" {
		m["corpus"] = "(embedded default)"
	}
	if f.embedder == "ollama" {
		m["ollama_url"], m["ollama_model"] = redactURL(f.ollamaURL), f.ollamaModel
	}
	return m
}

// readCorpus loads the corpus folder, or the embedded default. It returns
// the corpus (nil when nothing could be read) and the load errors, which
// name every bad file or record (corpus.LoadErrors).
func (f *engineFlags) readCorpus() (*corpus.Corpus, error) {
	if f.read != nil {
		return f.read()
	}
	if f.corpusDir == "" {
		return corpus.LoadDefault()
	}
	return corpus.LoadDir(f.corpusDir)
}

// loadCorpus is readCorpus for the commands that serve or search: bad
// records are printed as warnings and the rest of the corpus is used.
func (f *engineFlags) loadCorpus() (*corpus.Corpus, error) {
	c, err := f.readCorpus()
	if c == nil {
		return nil, err
	}
	if err != nil && f.logger != nil {
		logCorpusErrors(f.logger, err)
	} else if err != nil {
		fmt.Fprintf(os.Stderr, "warning: corpus has errors; using the rest:\n%v\n", err)
	}
	return c, nil
}

// logCorpusErrors logs each of the corpus's load errors (file:line:
// message) as one warning.
func logCorpusErrors(logger *slog.Logger, err error) {
	var le corpus.LoadErrors
	if !errors.As(err, &le) {
		le = corpus.LoadErrors{err}
	}
	for _, e := range le {
		logger.Warn("corpus error; the rest of the corpus is used", slog.String("err", e.Error()))
	}
}

// open loads the corpus and builds the engine.
func (f *engineFlags) open(ctx context.Context) (*retrieval.Engine, error) {
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	c, err := f.loadCorpus()
	if err != nil {
		return nil, err
	}
	if f.embedder == "ollama" {
		opts.OnVectorProgress = progressBar()
	}
	eng, err := retrieval.New(ctx, c, opts)
	if errors.Is(err, retrieval.ErrNoVectors) && f.embedder == "ollama" {
		return nil, fmt.Errorf("cannot embed the corpus with the Ollama server at %s: %w", redactURL(f.ollamaURL), err)
	}
	return eng, err
}
