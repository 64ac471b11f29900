package retrieval

// DefaultRerank is the re-ranking soudan ships with: a listwise
// (softmax) fit, L2 0.1, on the covered calls of the tuning halves of
// dev, callers, messy, routed, covered2, covered3, covered4, covered5,
// covered6 and covered7, by
// `scripts/fit-rerank.sh fit`
// (docs/relevance.md, "Learned re-ranking"); refitted on 2026-12-04 with
// the editors' examples written without sight of the suites
// (docs/relevance.md, "Session 13"), and on 2026-12-05 with covered4's
// tuning half (docs/relevance.md, "Session 15"), and again on
// 2026-12-05 with covered5's (docs/relevance.md, "Session 18") and with
// covered6's (docs/relevance.md, "Session 19") and covered7's (docs/relevance.md,
// "Session 20"). Weights in
// RerankFeatureNames order.
var DefaultRerank = RerankModel{Depth: 10, Weights: []float64{
	-0.3860, 5.7473, 0.9694, // inv_pos, rel_score, gap_next
	1.3613, 0.9135, 1.5896, 0.0918, 1.3779, // rr_tokens, rr_bigrams, rr_readings, rr_examples, rr_vector
	1.0102, -0.7628, -0.0170, -0.9858, -1.8140, -0.5348, // standard_answer, case, faq, heading, depth, answer_len
	-0.2817, -1.4969, 0.0513, 6.1223, 3.8322, // before_acted, after_acted, routing, example, bigram_support
	-0.0955, 3.8213, -3.3902, // same_section_top, child_of_top, parent_of_top
}}
