package retrieval

// DefaultRerank is the re-ranking soudan ships with: a listwise
// (softmax) fit, L2 0.1, on the covered calls of the tuning halves of
// dev, callers, messy, routed, covered2, covered3 and covered4, by
// `scripts/fit-rerank.sh fit`
// (docs/relevance.md, "Learned re-ranking"); refitted on 2026-12-04 with
// the editors' examples written without sight of the suites
// (docs/relevance.md, "Session 13"), and on 2026-12-05 with covered4's
// tuning half (docs/relevance.md, "Session 15"). Weights in
// RerankFeatureNames order.
var DefaultRerank = RerankModel{Depth: 10, Weights: []float64{
	0.1949, 4.4115, 0.6887, // inv_pos, rel_score, gap_next
	1.5402, 1.3381, 1.9018, -0.0451, 1.1691, // rr_tokens, rr_bigrams, rr_readings, rr_examples, rr_vector
	0.9713, -0.5486, -0.2439, -1.0383, -2.0370, -1.0439, // standard_answer, case, faq, heading, depth, answer_len
	-0.0020, -0.2692, -0.3095, 5.3171, 2.9350, // before_acted, after_acted, routing, example, bigram_support
	0.2565, 4.2387, -3.2968, // same_section_top, child_of_top, parent_of_top
}}
