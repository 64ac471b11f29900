// Package retrieval answers a caller's description with the manual's
// entries and the referral destinations they name.
//
// [New] builds an [Engine] over a [corpus.Corpus] with [Options] (start
// from [DefaultOptions]; every mechanism can be switched off for the
// ablations of docs/relevance.md). [Engine.Search] runs a [Query] through
// several ranking signals ([Signals]: BM25F over kagome word forms and
// over character bigrams, the best-matching example question, and cosine
// over embeddings, local LSA or Ollama), fuses their ranks by reciprocal
// rank fusion, multiplies kind priors, collapses near-identical entries,
// and returns a [Response]: ranked [Result]s (with an [Explanation] per
// result when Query.Debug is set), a [Confidence] ("high", "low" or
// "none"), the referral [Card]s of the answer and, when the manual has no
// answer, its routing entries for out-of-scope calls.
//
// An Engine is safe for concurrent use. Its corpus never changes: a reload
// builds a new Engine beside the serving one and swaps it in. When the
// embedder is slow or down, the engine answers from the lexical signals
// and marks responses degraded until its vectors are in place.
package retrieval
