package retrieval

// DefaultRerank is the re-ranking soudan ships with: a listwise
// (softmax) fit, L2 0.1, on the covered calls of the tuning halves of
// dev, callers, messy, routed and covered2, by `scripts/fit-rerank.sh fit`
// (docs/relevance.md, "Learned re-ranking"); refitted on 2026-12-04 with
// the editors' examples written without sight of the suites
// (docs/relevance.md, "Session 13"). Weights in
// RerankFeatureNames order.
var DefaultRerank = RerankModel{Depth: 10, Weights: []float64{
	1.1572, 3.0096, -1.4339, // inv_pos, rel_score, gap_next
	2.0614, 1.0330, 2.3013, -0.2012, 0.7668, // rr_tokens, rr_bigrams, rr_readings, rr_examples, rr_vector
	0.7575, -1.6415, -0.5133, -0.6856, -1.8842, -0.8867, // standard_answer, case, faq, heading, depth, answer_len
	-0.7098, -1.5331, -0.4939, 4.1686, 3.2728, // before_acted, after_acted, routing, example, bigram_support
	0.7442, 4.6857, -3.2577, // same_section_top, child_of_top, parent_of_top
}}
