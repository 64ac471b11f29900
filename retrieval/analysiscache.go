package retrieval

import "sync"

// analysisCache holds the analyses of recent query texts (at most
// analysisCacheSize, none longer than analysisCacheMaxText bytes),
// starting over when full, as the analyser's cache of kagome analyses
// does: a staff member who pages, filters by kind or searches the same
// call again costs the engine no analysis. An analysis depends on the
// text and the engine only, so the cache lives and dies with its engine
// (a reload starts a new one). An analysis of one of the suites' queries
// takes about 7 KB on the default manual (measured by a throwaway test
// over the 211 queries of BenchmarkSearch), so a full cache about 7 MB.
type analysisCache struct {
	mu sync.Mutex
	m  map[string]*queryAnalysis
}

const (
	analysisCacheSize    = 1024
	analysisCacheMaxText = 512
)

func (c *analysisCache) get(text string) (*queryAnalysis, bool) {
	if len(text) > analysisCacheMaxText {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	qa, ok := c.m[text]
	return qa, ok
}

func (c *analysisCache) put(text string, qa *queryAnalysis) {
	if len(text) > analysisCacheMaxText {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= analysisCacheSize {
		c.m = make(map[string]*queryAnalysis, analysisCacheSize)
	}
	c.m[text] = qa
}
