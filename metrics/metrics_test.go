package metrics_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
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

// TestLatencyBucketsResolveFastSearches: a search takes tens of
// microseconds in steady state (typing prefixes about 45 µs, a warm
// search about 80 µs, a cache hit less), so the latency histograms need
// buckets there. Each latency from just over 10 µs to 10 s must fall in a bucket
// with a lower bound above zero and at most 2.5 times as wide, or
// histogram_quantile cannot tell 20 µs from 90 µs.
func TestLatencyBucketsResolveFastSearches(t *testing.T) {
	metrics.SearchDuration.Observe(0.0001)
	metrics.HTTPRequestDuration.WithLabelValues("GET", "/healthz", "200").Observe(0.0001)
	fams := scrape(t)
	for _, name := range []string{"soudan_search_duration_seconds", "soudan_http_request_duration_seconds"} {
		fam, ok := fams[name]
		if !ok || len(fam.GetMetric()) == 0 {
			t.Fatalf("%s: no samples", name)
		}
		var bounds []float64
		for _, b := range fam.GetMetric()[0].GetHistogram().GetBucket() {
			bounds = append(bounds, b.GetUpperBound())
		}
		for _, v := range []float64{12e-6, 20e-6, 45e-6, 80e-6, 150e-6, 400e-6, 0.002, 0.04, 0.7, 9} {
			lo, hi := bucketOf(bounds, v)
			if lo <= 0 || hi/lo > 2.5 {
				t.Errorf("%s: %g s falls in (%g, %g]: buckets %v", name, v, lo, hi, bounds)
			}
		}
	}
}

// bucketOf returns the bounds (lo, hi] of the bucket that holds v.
func bucketOf(bounds []float64, v float64) (lo, hi float64) {
	for _, b := range bounds {
		if v <= b {
			return lo, b
		}
		lo = b
	}
	return lo, lo * 1e9
}

// TestDegradedFollowsItsSource: soudan_degraded reads whatever the server
// says at scrape time, so it cannot disagree with /api/status; with no
// source (no server) it is 0.
func TestDegradedFollowsItsSource(t *testing.T) {
	defer metrics.SetDegradedSource(nil)
	for _, tc := range []struct {
		name   string
		source func() bool
		want   float64
	}{
		{"no source", nil, 0},
		{"degraded", func() bool { return true }, 1},
		{"all signals up", func() bool { return false }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			metrics.SetDegradedSource(tc.source)
			fam := scrape(t)["soudan_degraded"]
			if fam.GetType().String() != "GAUGE" || len(fam.GetMetric()) != 1 {
				t.Fatalf("soudan_degraded: %v", fam)
			}
			if got := fam.GetMetric()[0].GetGauge().GetValue(); got != tc.want {
				t.Errorf("soudan_degraded %v, want %v", got, tc.want)
			}
		})
	}
}

func scrape(t *testing.T) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	return fams
}
