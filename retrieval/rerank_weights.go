package retrieval

// DefaultRerank is the re-ranking soudan ships with: a listwise
// (softmax) fit, L2 0.1, on the covered calls of the tuning halves of
// dev, callers, messy, routed, covered2, covered3, covered4 and covered5, by
// `scripts/fit-rerank.sh fit`
// (docs/relevance.md, "Learned re-ranking"); refitted on 2026-12-04 with
// the editors' examples written without sight of the suites
// (docs/relevance.md, "Session 13"), and on 2026-12-05 with covered4's
// tuning half (docs/relevance.md, "Session 15"), and again on
// 2026-12-05 with covered5's (docs/relevance.md, "Session 18"). Weights in
// RerankFeatureNames order.
var DefaultRerank = RerankModel{Depth: 10, Weights: []float64{
	0.1040, 4.4630, 0.9622, // inv_pos, rel_score, gap_next
	1.4196, 1.3619, 2.0268, -0.1123, 1.2667, // rr_tokens, rr_bigrams, rr_readings, rr_examples, rr_vector
	1.1757, -0.4191, -0.1257, -0.9661, -1.8296, -0.7006, // standard_answer, case, faq, heading, depth, answer_len
	0.3598, -1.3197, -0.1579, 5.6579, 2.5266, // before_acted, after_acted, routing, example, bigram_support
	0.2324, 4.1779, -3.2288, // same_section_top, child_of_top, parent_of_top
}}
