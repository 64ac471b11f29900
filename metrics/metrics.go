// Package metrics holds soudan's Prometheus metrics, in one registry that
// the /metrics route serves.
//
// Every metric is named soudan_*, in base units, with _total on counters
// (see docs/contracts in the README). Labels never carry query text or
// request bodies: the HTTP histogram is labelled by route template, and
// the other labels take a few fixed values each.
//
// The package-level metrics are safe for concurrent use and cost a few
// atomic operations each; code records into them directly, e.g.
//
//	metrics.CacheRequests.WithLabelValues("hit").Inc()
package metrics

import (
	"net/http"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds every soudan metric plus the Go runtime and process
// collectors. It is what Handler serves.
var Registry = prometheus.NewRegistry()

// latencyBuckets spans 10 µs to 10 s in steps of 2–2.5×: a search takes
// tens of microseconds in steady state (typing prefixes about 45 µs, a
// cache hit less), a first search about 100 µs, editors' endpoints up to
// seconds. Buckets that started at 100 µs put most searches in the first
// one, where no quantile can be read.
var latencyBuckets = []float64{
	0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
}

var (
	// HTTPRequestDuration is labelled by method, route template (never the
	// raw path) and status code.
	HTTPRequestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "soudan_http_request_duration_seconds",
		Help:    "HTTP request latency by method, route template and status.",
		Buckets: latencyBuckets,
	}, []string{"method", "route", "status"})

	// SearchDuration is the engine's own time per search.
	SearchDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "soudan_search_duration_seconds",
		Help:    "Time the engine spends on one search.",
		Buckets: latencyBuckets,
	})

	// SearchConfidence counts answers by confidence level: high, low, none.
	SearchConfidence = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "soudan_search_confidence_total",
		Help: "Searches answered, by confidence level.",
	}, []string{"level"})

	// IndexEntries is the number of entries in the serving index.
	IndexEntries = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "soudan_index_entries",
		Help: "Entries in the index that answers searches.",
	})

	// CorpusGeneration is the generation of the serving corpus; it rises
	// by one with each successful reload.
	CorpusGeneration = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "soudan_corpus_generation",
		Help: "Generation of the corpus being served.",
	})

	// Reloads counts corpus reloads by result: ok or error.
	Reloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "soudan_reloads_total",
		Help: "Corpus reloads, by result (ok, error).",
	}, []string{"result"})

	// EmbedderErrors counts failed calls to the embedder (Ollama).
	EmbedderErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "soudan_embedder_errors_total",
		Help: "Failed embedder calls.",
	})

	// Degraded is 1 while search runs without one of its signals, and
	// before the first index is built: what GET /api/status says at
	// scrape time (SetDegradedSource).
	Degraded = prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "soudan_degraded",
		Help: "1 while search answers without all of its signals or has no index yet, else 0.",
	}, degradedValue)

	// StoreErrors counts failed store operations.
	StoreErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "soudan_store_errors_total",
		Help: "Failed store operations.",
	})

	// ConnectionsRefused counts connections refused (answered 429 and
	// closed, not served) as soon as accepted because their client
	// address held too many already (web.LimitConnsPerClient).
	ConnectionsRefused = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "soudan_connections_refused_total",
		Help: "Connections refused on accept (429, closed) because their client held too many.",
	})

	// CacheRequests counts result-cache look-ups by result: hit or miss.
	CacheRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "soudan_cache_requests_total",
		Help: "Result cache look-ups, by result (hit, miss).",
	}, []string{"result"})
)

func init() {
	Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		HTTPRequestDuration, SearchDuration, SearchConfidence,
		IndexEntries, CorpusGeneration, Reloads,
		EmbedderErrors, Degraded, StoreErrors, CacheRequests,
		ConnectionsRefused,
	)
	for _, l := range []string{"high", "low", "none"} {
		SearchConfidence.WithLabelValues(l)
	}
	for _, r := range []string{"ok", "error"} {
		Reloads.WithLabelValues(r)
	}
	for _, r := range []string{"hit", "miss"} {
		CacheRequests.WithLabelValues(r)
	}
}

// degradedSource answers soudan_degraded; nil outside a server.
var degradedSource atomic.Pointer[func() bool]

// SetDegradedSource makes soudan_degraded read f at each scrape (nil: 0).
// `soudan serve` sets the server's own verdict, the one GET /api/status
// gives, so the two never disagree.
func SetDegradedSource(f func() bool) {
	if f == nil {
		degradedSource.Store(nil)
		return
	}
	degradedSource.Store(&f)
}

func degradedValue() float64 {
	if f := degradedSource.Load(); f != nil && (*f)() {
		return 1
	}
	return 0
}

// Handler serves the registry in the Prometheus text format.
func Handler() http.Handler {
	return promhttp.HandlerFor(Registry, promhttp.HandlerOpts{})
}
