// Package index holds soudan's retrieval indexes and the text analysis they
// share.
//
// Text analysis starts with [corpus.Normalize]. [Analyzer.Terms] then runs
// the kagome morphological analyser (IPA dictionary, Search mode) and keeps
// the base forms of content words; [NGrams] yields character n-grams with
// hiragana folded into katakana, which still match unknown words, typos and
// kana variants. The IPA dictionary is loaded once per process by [Default].
//
// [Lexical] is an inverted index scored with BM25F over the fields of a
// [Doc] (title, question, examples, keywords, answer, path). The same type
// serves the word signal (tokenize = [Analyzer.Terms]) and the n-gram
// signal (tokenize = [Bigrams]). Its terms are interned and its postings
// delta-encoded in one byte slice (postings.go). Queries are [WeightedTerm] lists so that
// callers can down-weight thesaurus expansions and feedback terms.
//
// [Vector] is an exact cosine-similarity index, a flat float32 matrix
// scanned with a bounded heap (in parallel for large corpora), filled by
// an [Embedder]:
//   - [Local], the default: latent semantic analysis fitted on the corpus
//     itself, with no model and no network;
//   - [Ollama]: any embedding model served by Ollama's /api/embed, such as
//     bge-m3;
//   - [Fake]: a deterministic hashing embedder for tests.
//
// Package [github.com/soudan-desk/soudan/index/embedtest] holds the
// conformance test that every Embedder must pass.
//
// Both indexes return [Hit] lists sorted by score, best first, then by ID;
// fusing them is the caller's business.
package index
