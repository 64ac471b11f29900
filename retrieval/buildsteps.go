package retrieval

import (
	"context"

	"github.com/soudan-desk/soudan/internal/parallel"
)

// A build looks at its context between its steps (each signal's index,
// the analysis of the corpus, the tables the searches read) and, inside
// the loops over the entries, every buildBatch entries: a cancelled build
// (a shutdown, a newer reload) returns ctx.Err() at the next look rather
// than computing the rest. The steps themselves are unchanged, so a build
// that is not cancelled makes the same indexes.

// Steps of a build besides the signals (named by their Signal constant),
// as checkpoint reports them.
const (
	stepTexts        = "texts"         // the texts to index, per batch of entries
	stepNear         = "near"          // near-identical entries, per batch
	stepExampleGrams = "example grams" // the example lines' bigrams, per batch
	stepAnalysis     = "analysis"      // kagome's analysis of the corpus
	stepReadingGrams = "reading grams" // the example lines' reading bigrams, per batch
	stepCompact      = "compact"       // the texts collapsing compares, per batch
	stepTables       = "tables"        // the term tables and expansions
)

// buildBatch is how many entries a build's loops over the entries handle
// between two looks at the context.
const buildBatch = 1024

// checkpoint returns ctx.Err() when the build was cancelled; otherwise it
// reports the step about to run to Options.onBuildStep (tests count the
// work a build does with it).
func (e *Engine) checkpoint(ctx context.Context, step string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.opts.onBuildStep != nil {
		e.opts.onBuildStep(step)
	}
	return nil
}

// forEntries calls fn for each entry index, on every core (parallel.For),
// buildBatch entries at a time with a checkpoint before each batch.
func (e *Engine) forEntries(ctx context.Context, step string, fn func(i int)) error {
	return parallel.ForBatches(len(e.entries), buildBatch, func() error { return e.checkpoint(ctx, step) }, fn)
}

// eachEntry calls fn for each entry index in order, with a checkpoint
// every buildBatch entries.
func (e *Engine) eachEntry(ctx context.Context, step string, fn func(i int)) error {
	for i := range e.entries {
		if i%buildBatch == 0 {
			if err := e.checkpoint(ctx, step); err != nil {
				return err
			}
		}
		fn(i)
	}
	return nil
}
