// Package eval scores retrieval on an evaluation suite: caller descriptions
// with the entries and referral destinations the desk expects for them.
//
// A run flows like this:
//
//  1. [LoadSuite] reads a JSONL suite (or [LoadBEIRSuite] a BEIR directory)
//     into a [Suite] of [Query] values.
//  2. A [Ranker] answers each query: [NewEngineRanker] in process over the
//     retrieval engine, [NewHTTPRanker] against a running server's
//     POST /api/search, or [NewRunFileRanker] from a TREC run file. Every
//     ranker returns the same [Ranking], so every target is scored by the
//     same code.
//  3. [Evaluate] judges each ranked entry with the suite's relevance rules
//     against the corpus entry list (which also gives the ideal for nDCG and
//     recall) and returns a [Run]: per-query results, a summary and per-tag
//     summaries.
//  4. [Compare] pairs two runs by query id, and [Gate] checks thresholds.
//  5. A [Report] is written as text ([WriteText]), JSON ([WriteJSON], read
//     back with [LoadReport] as a baseline), JUnit XML ([WriteJUnit]) and a
//     static HTML page ([WriteHTML]).
//
// [CLI] holds the flags of the `soudan eval` subcommand and drives all of the
// above; the command layer only supplies the engine through [Env]. With
// --url the rankings come from the server and the corpus entry list (the
// relevant counts) from the local corpus; the server's GET /healthz entry
// count is checked against it. Package evaltest turns a ranker and a suite
// into a golden-file ranking test.
//
// # Relevance
//
// A ranked entry is relevant to a query when one of the query's expect
// strings is a substring of the entry's title followed by its path items,
// joined with single spaces ([corpus.Entry.PathText]), both sides folded with
// [corpus.Fold]; or when the entry's id is one of the query's expect_ids.
//
// # Metrics
//
// The metrics follow trec_eval and ranx, with binary relevance. For one
// query, let rel(i) be 1 when the result at 1-based rank i is relevant, and R
// the number of relevant entries: the corpus entries that the rules above
// mark relevant, together with any relevant retrieved entry missing from the
// corpus list (so a stale list can never push a score above 1).
//
//	hit@k          1 if some rel(i) = 1 for i ≤ k, else 0 (ranx hit_rate@k)
//	mrr@10         1/i for the smallest i ≤ 10 with rel(i) = 1, else 0
//	ndcg@10        DCG/IDCG with DCG = Σ_{i≤10} rel(i)/log2(i+1) and
//	               IDCG = Σ_{i≤min(R,10)} 1/log2(i+1); 0 when R = 0
//	recall@10      Σ_{i≤10} rel(i) / R; 0 when R = 0
//	referral_recall  the fraction of the query's referral strings that are
//	               substrings (after corpus.Fold) of some organisation in the
//	               response's aggregated referrals
//
//	card_precision the share of shown referral cards that a relevant result
//	               in the list names: the card comes from it (the card's
//	               from) or the result's own referrals name the organisation;
//	               pooled over the cards of all queries, uncovered calls
//	               included
//	cards_per_query cards shown, over covered queries
//	none_recall    uncovered calls answered "none"
//	false_none     covered calls answered "none"
//	high_precision answers "high" whose first result is relevant (an
//	               uncovered call answered high counts as wrong)
//	high_coverage  covered calls answered "high"
//
// A covered call names expected entries (expect or expect_ids); an
// uncovered call has "expect": [] and "confidence": "none" and counts in the
// confidence metrics only. Each metric is averaged over the queries that
// define it, of the suite (or of a tag): the ranking metrics over covered
// calls, referral_recall over the queries that name referrals; a metric no
// query defines is undefined (reported as "-", and failing any gate on it).
// The calibration table counts, per confidence level, the answers, those
// whose first result is relevant, and the uncovered calls among them. A ranking
// that names one entry twice is scored on its first occurrence only.
//
// # Comparison
//
// Two runs are paired by query id. For each metric, [Compare] reports the
// mean difference (candidate − baseline) and a two-sided p-value from a paired
// randomization test: the per-query differences have their signs flipped at
// random ([Permutations] times, from a fixed [Seed]), and p is the share of
// flips whose mean difference is at least as far from zero as the observed
// one, counting the observed assignment itself: p = (b+1)/(n+1) (Smucker,
// Allan and Carterette, CIKM 2007). It also counts wins, ties and losses on
// reciprocal rank, and lists the queries newly broken (pass → fail at the gate
// cutoff) and newly fixed.
package eval
