package retrieval

// DefaultRerank is the re-ranking soudan ships with: a listwise
// (softmax) fit, L2 0.1, on the covered calls of the tuning halves of
// dev, callers, messy, routed and covered2, by `scripts/fit-rerank.sh fit`
// (docs/relevance.md, "Learned re-ranking"). Weights in
// RerankFeatureNames order.
var DefaultRerank = RerankModel{Depth: 10, Weights: []float64{
	1.0868, -2.2448, -1.9917, // inv_pos, rel_score, gap_next
	2.1964, -0.2514, 2.4070, 1.9445, 1.4321, // rr_tokens, rr_bigrams, rr_readings, rr_examples, rr_vector
	1.4400, -1.8162, -0.0366, -1.7756, -2.5181, -0.8173, // standard_answer, case, faq, heading, depth, answer_len
	1.0762, -0.7398, 2.6384, 1.6286, 3.6070, // before_acted, after_acted, routing, example, bigram_support
	-0.7871, 3.9114, -2.6660, // same_section_top, child_of_top, parent_of_top
}}
