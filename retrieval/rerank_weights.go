package retrieval

// DefaultRerank is the re-ranking soudan ships with: a listwise
// (softmax) fit, L2 0.1, on the covered calls of the tuning halves of
// dev, callers, messy, routed, covered2, covered3, covered4, covered5 and
// covered6, by
// `scripts/fit-rerank.sh fit`
// (docs/relevance.md, "Learned re-ranking"); refitted on 2026-12-04 with
// the editors' examples written without sight of the suites
// (docs/relevance.md, "Session 13"), and on 2026-12-05 with covered4's
// tuning half (docs/relevance.md, "Session 15"), and again on
// 2026-12-05 with covered5's (docs/relevance.md, "Session 18") and with
// covered6's (docs/relevance.md, "Session 19"). Weights in
// RerankFeatureNames order.
var DefaultRerank = RerankModel{Depth: 10, Weights: []float64{
	-0.4688, 5.3187, 1.6881, // inv_pos, rel_score, gap_next
	1.3545, 1.2510, 1.7140, -0.0457, 1.3415, // rr_tokens, rr_bigrams, rr_readings, rr_examples, rr_vector
	0.9457, -0.6298, -0.1810, -1.0329, -1.7604, -0.2808, // standard_answer, case, faq, heading, depth, answer_len
	-0.3971, -1.4239, 0.0860, 5.7297, 3.3892, // before_acted, after_acted, routing, example, bigram_support
	-0.0666, 3.8442, -3.4479, // same_section_top, child_of_top, parent_of_top
}}
