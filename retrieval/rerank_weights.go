package retrieval

// DefaultRerank is the re-ranking soudan ships with: its weights were
// fitted by scripts/fit-rerank.sh on the tuning halves of the suites
// (docs/relevance.md, "Learned re-ranking").
var DefaultRerank = RerankModel{Depth: 10}
