package retrieval

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// TestAnalysisCache checks that a text searched again is served the
// analysis its first search made, with each search's own kinds filter
// and without changing the kept analysis, and that its responses are those
// of a fresh analysis.
func TestAnalysisCache(t *testing.T) {
	e := mustMini(t, nil)
	text := "みのしろきんをしはらってもあんごうかがかいじょされない"
	first := e.analyse(Query{Text: text})
	if again := e.analyse(Query{Text: text}); again != first {
		t.Errorf("the second analysis of a text is not the kept one")
	}
	filtered := e.analyse(Query{Text: text, Kinds: []corpus.Kind{corpus.KindFAQ}})
	if filtered.filter == nil || first.filter != nil || !reflect.DeepEqual(filtered.parts, first.parts) {
		t.Errorf("a kinds filter: filter set %t (kept analysis's %t), same parts %t",
			filtered.filter != nil, first.filter != nil, reflect.DeepEqual(filtered.parts, first.parts))
	}
	ctx := context.Background()
	for _, q := range []Query{{Text: text, K: 5}, {Text: text, K: 5, Kinds: []corpus.Kind{corpus.KindFAQ}}} {
		cached, err := e.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		e.analyses = analysisCache{} // the next search analyses afresh
		fresh, err := e.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		cached.Took, fresh.Took = 0, 0
		if !reflect.DeepEqual(cached, fresh) {
			t.Errorf("kinds %v: the response from a kept analysis differs from a fresh one", q.Kinds)
		}
	}
}

// TestAnalysisCacheBounds checks that the cache keeps at most
// analysisCacheSize texts and none longer than analysisCacheMaxText.
func TestAnalysisCacheBounds(t *testing.T) {
	var c analysisCache
	for i := range analysisCacheSize + 10 {
		c.put(strconv.Itoa(i), &queryAnalysis{})
	}
	if n := len(c.m); n > analysisCacheSize {
		t.Errorf("%d texts kept, want at most %d", n, analysisCacheSize)
	}
	long := string(make([]byte, analysisCacheMaxText+1))
	c.put(long, &queryAnalysis{})
	if _, ok := c.get(long); ok {
		t.Errorf("a text of %d bytes was kept", len(long))
	}
}
