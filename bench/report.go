package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is the JSON form of a run, with latencies in milliseconds.
type Report struct {
	Target     string         `json:"target"`
	Queries    int            `json:"queries"`
	Clients    int            `json:"clients"`
	Requests   int            `json:"requests"`
	Errors     int            `json:"errors"`
	ErrorKinds map[string]int `json:"error_kinds"`
	Seconds    float64        `json:"seconds"`
	Throughput float64        `json:"throughput"`
	P50Ms      float64        `json:"p50_ms"`
	P90Ms      float64        `json:"p90_ms"`
	P99Ms      float64        `json:"p99_ms"`
	MaxMs      float64        `json:"max_ms"`
	MeanMs     float64        `json:"mean_ms"`
	// Interrupted: the run was cut short (SIGINT, SIGTERM); the figures
	// cover what was measured until then.
	Interrupted bool `json:"interrupted"`
}

// NewReport describes r; target names what was loaded and queries counts
// the distinct texts sent.
func NewReport(r *Result, target string, queries int) Report {
	return Report{
		Target: target, Queries: queries, Clients: r.Clients,
		Requests: r.Requests, Errors: r.Errors, ErrorKinds: r.ErrorKinds,
		Seconds: r.Elapsed.Seconds(), Throughput: r.Throughput,
		P50Ms: ms(r.P50), P90Ms: ms(r.P90), P99Ms: ms(r.P99), MaxMs: ms(r.Max), MeanMs: ms(r.Mean),
		Interrupted: r.Interrupted,
	}
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// WriteJSON writes the report as one indented JSON object.
func (rp Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rp)
}

// WriteText writes the report as an aligned table for a terminal.
func (rp Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "target\t%s\n", rp.Target)
	fmt.Fprintf(tw, "queries\t%d distinct\n", rp.Queries)
	fmt.Fprintf(tw, "clients\t%d\n", rp.Clients)
	fmt.Fprintf(tw, "requests\t%d in %.2f s, %d errors\n", rp.Requests, rp.Seconds, rp.Errors)
	fmt.Fprintf(tw, "throughput\t%.0f req/s\n", rp.Throughput)
	if rp.Requests > rp.Errors {
		fmt.Fprintf(tw, "latency\tp50 %s  p90 %s  p99 %s  max %s  mean %s\n",
			fmtMs(rp.P50Ms), fmtMs(rp.P90Ms), fmtMs(rp.P99Ms), fmtMs(rp.MaxMs), fmtMs(rp.MeanMs))
	} else {
		fmt.Fprintf(tw, "latency\tnone: no request succeeded\n")
	}
	if rp.Interrupted {
		fmt.Fprintf(tw, "interrupted after\t%.2f s: the figures cover the run until then\n", rp.Seconds)
	}
	kinds := make([]string, 0, len(rp.ErrorKinds))
	for k := range rp.ErrorKinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		fmt.Fprintf(tw, "error\t%d × %s\n", rp.ErrorKinds[k], strings.TrimSpace(k))
	}
	return tw.Flush()
}

// fmtMs prints milliseconds with three significant digits.
func fmtMs(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f ms", v)
	case v >= 10:
		return fmt.Sprintf("%.1f ms", v)
	default:
		return fmt.Sprintf("%.2f ms", v)
	}
}
