package metrics_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/soudan-desk/soudan/metrics"
)

// TestHandlerParses checks that /metrics is valid Prometheus text and names
// every metric the contract lists.
func TestHandlerParses(t *testing.T) {
	metrics.CacheRequests.WithLabelValues("hit").Inc()
	metrics.HTTPRequestDuration.WithLabelValues("GET", "/api/search", "200").Observe(0.001)
	rec := httptest.NewRecorder()
	metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("not Prometheus text: %v", err)
	}
	for _, name := range []string{
		"soudan_http_request_duration_seconds", "soudan_search_duration_seconds",
		"soudan_search_confidence_total", "soudan_index_entries", "soudan_corpus_generation",
		"soudan_reloads_total", "soudan_embedder_errors_total", "soudan_degraded",
		"soudan_store_errors_total", "soudan_cache_requests_total",
	} {
		if _, ok := fams[name]; !ok {
			t.Errorf("metric %s missing", name)
		}
	}
}
