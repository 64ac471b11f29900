package retrieval

// DefaultRerank is the re-ranking soudan ships with: a listwise
// (softmax) fit, L2 0.1, on the covered calls of the tuning halves of
// dev, callers, messy, routed, covered2 and covered3, by
// `scripts/fit-rerank.sh fit`
// (docs/relevance.md, "Learned re-ranking"); refitted on 2026-12-04 with
// the editors' examples written without sight of the suites
// (docs/relevance.md, "Session 13"). Weights in
// RerankFeatureNames order.
var DefaultRerank = RerankModel{Depth: 10, Weights: []float64{
	0.7758, 3.4023, -1.0039, // inv_pos, rel_score, gap_next
	1.8776, 1.1110, 1.9728, 0.0089, 1.0215, // rr_tokens, rr_bigrams, rr_readings, rr_examples, rr_vector
	1.1722, -0.5421, 0.0206, -1.1694, -2.0865, -1.3253, // standard_answer, case, faq, heading, depth, answer_len
	-0.7784, -1.5224, -0.5584, 4.0885, 3.6154, // before_acted, after_acted, routing, example, bigram_support
	0.2115, 4.1166, -3.0275, // same_section_top, child_of_top, parent_of_top
}}
