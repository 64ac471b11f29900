// Package dupes finds duplicate and near-duplicate entries of the desk's
// manual so that editors can merge them.
//
// # How a pair is found
//
// Each entry is reduced to its comparison text ([Text]): title, question and
// answer, [corpus.Normalize]d, with every space removed. The text is cut into
// character k-gram shingles (k = 3 by default), hashed to 64 bits.
//
// Candidates come from two sub-quadratic channels; only candidate pairs are
// ever scored exactly:
//
//   - MinHash + LSH banding. Each entry gets a seeded, deterministic MinHash
//     signature of 128 bins by one-permutation hashing ([MinHasher]: one
//     hash per shingle instead of 128). The signature is cut into bands (32
//     bands of 4 rows); entries that agree on a whole band share a bucket
//     and become a candidate pair. This finds pairs whose Jaccard
//     similarity is high (a 50 % chance at J ≈ 0.38, over 99.9 % at
//     J = 0.7).
//   - Anchors, for containment. Jaccard is low when a short block is copied
//     into a much longer entry, so MinHash alone misses it. Every 8-character
//     window whose hash is 0 mod 8 is an anchor: a content-defined sample, so
//     a copied block carries its anchors into the longer entry. Entries that
//     share at least two anchors become candidates. Anchors held by more than
//     64 entries (boilerplate such as 「IPA情報セキュリティ安心相談窓口」) are
//     ignored so that the channel stays near-linear.
//
// When an embedder is configured and the corpus is small (at most
// [Options.SemanticExhaustiveMax] entries), pairs whose embedding cosine is
// high are candidates too. `soudan dupes` and `soudan serve` configure one
// only with Ollama: the local LSA embedder rates same-topic entries as
// close, and on the labelled sets it only added false pairs.
//
// The paraphrase channel ([Options.Words], the search engine's word
// analysis) finds reworded entries, which share few shingles: each entry's
// question lines (title, questions, editors' example questions) are read as
// the engine's words and examples signals read them (kagome base forms plus
// character bigrams) and its answer as the bigram signal reads it, weighted
// by tf-idf over the corpus. Each entry's [Options.ParaphraseK] nearest
// entries by these terms become candidates; they are found through the
// postings of the entry's terms, rarest first, up to the terms held by
// [Options.ParaphraseMaxDF] entries and [Options.ParaphraseBudget]
// postings read, so the channel stays about linear in the corpus.
//
// # How a pair is scored
//
// For a candidate pair with shingle sets A and B:
//
//	jaccard     = |A∩B| / |A∪B|
//	containment = |A∩B| / min(|A|, |B|)
//	lexical     = max(jaccard, containment)
//	semantic    = cosine of the two embeddings (0 without an embedder)
//	similarity  = max(lexical, (1−w)·lexical + w·semantic)      w = 0.2
//	            · min(1, min(|A|,|B|) / 60)      unless jaccard ≥ 0.9
//	            · (1 + jaccard of the two questions) / 2    when both are FAQ entries
//
// Containment catches a block that the parser kept inside a larger entry
// (【緊急】銀行、カード会社に届出 inside 063 and inside 11). The size factor
// keeps short entries, which are mostly boilerplate such as
// 「【ガイドブック】P.48 を紹介」, from scoring high on one shared line; a
// near-identical pair (Jaccard ≥ 0.9) needs no size evidence. The question
// factor keeps two FAQ entries that answer different questions with
// overlapping answers apart. With the paraphrase channel,
//
//	question    = max(cosine of all question lines, best cosine of two single lines)
//	              (a title is a single line against the other's asked lines, not its title)
//	answer      = cosine of the answers' bigram vectors
//	evidence    = min(1, Σ idf of the answers' common terms / (5 · ln(1 + entries)))
//	paraphrase  = min(1, ParaphraseGain · √(question · answer)) · max(evidence, the size factor)
//	similarity  = max(similarity, paraphrase)
//
// except for two entries under one heading of one file (or one under the
// other), which the author placed as distinct entries. A short pair counts
// fully when its answers share rare terms, as a reworded one-line referral
// does, and stays scaled down when they share only boilerplate (see
// paraEvidence in para.go). A standard answer or a procedure is titled
// with a heading (「ケース1」, 「資料請求」) and asked in its example
// questions; a condensed rewording of it says in its title what it
// answers, so that title is read against the examples one by one
// (questionScore in para.go). The semantic
// signal can raise a pair (a
// paraphrase) but never lower one; its weight is low because the local LSA
// embedder rates every pair of same-topic entries as close. Without an
// embedder, similarity is computed from lexical alone.
//
// The finder keeps the pairs scoring [Options.MinScore] (0.2) or more.
// A candidate that exact bounds keep below it is dropped before it is
// fully scored: an 8,192-bit map of each entry's shingles bounds the
// common shingles of a pair before the sets are merged, and
// ParaphraseGain·√question bounds the paraphrase score before the answers
// are compared (TestScoreFloorIsExact).
//
// Pairs at or above the threshold ([DefaultThreshold] = 0.45, chosen with
// ParaphraseGain and paraEvidence on the tuning half of testdata/paraphrase
// and the seed pairs of testdata/labels.jsonl; see docs/editors.md) are
// reported, best
// first. Clusters are the connected
// components of the reported pairs; each names its central entry, the one
// with the highest mean similarity to the other members.
//
// # Decisions that stick
//
// Editors mark pairs "not a duplicate" ([Marks]). A mark is keyed by both
// entries' content hashes ([ContentHash]), so it lapses as soon as either
// entry's title or answer changes.
package dupes
