package eval

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"
)

//go:embed tmpl/report.html
var reportHTML string

var reportTmpl = template.Must(template.New("report").Parse(reportHTML))

// htmlPage is the data of the HTML report, built by buildPage apart from
// rendering so that it can be tested as plain values.
type htmlPage struct {
	Title      string
	Generated  string
	Runs       []htmlRun
	Metrics    []htmlMetricRow
	Comparison *Comparison
	GateK      int
	Chart      htmlChart
	Queries    []htmlQuery
	// Calibration is the run's calibration table (first run only).
	Calibration []htmlCalibration
}

type htmlCalibration struct {
	CalibrationRow
	Share string // Rank1Right / Queries
}

type htmlRun struct {
	Label  string
	Prov   Provenance
	Counts Counts
	K      int
}

type htmlMetricRow struct {
	Name   string
	Values []string // one per run
	Delta  string   // candidate − baseline, with a comparison
	P      string
	Signif bool // p < 0.05
}

type htmlChart struct {
	Width, Height int
	Series        []htmlSeries
	Rows          []htmlChartRow
}

type htmlSeries struct {
	Label, Color string
	LegendY      int
}

type htmlChartRow struct {
	Label  string
	LabelY int
	Bars   []htmlBar
}

type htmlBar struct {
	X, Y, W, H int
	Color      string
	Value      string
	TextX      int
	TextY      int
}

type htmlQuery struct {
	ID               string
	Query            string
	Tags             string
	Pass             bool
	Rank             string
	Top              []htmlHit
	MissingReferrals string
	Confidence       string
	Cards            string // "shown (named by a relevant result)"
}

type htmlHit struct {
	Rank     int
	Title    string
	Path     string
	ID       string
	Relevant bool
}

// Layout of the per-tag Hit@gate chart.
const (
	chartLabelW = 180
	chartBarW   = 360
	chartRowH   = 14
	chartGap    = 8
)

var seriesColors = []string{"#3b6ea5", "#d08a2c"}

// buildPage turns a report into the HTML page data.
func buildPage(r *Report) *htmlPage {
	runs := []*Run{&r.Run}
	if r.Alternative != nil {
		runs = append(runs, r.Alternative)
	}
	p := &htmlPage{
		Title:      "soudan eval: " + r.Provenance.Suite,
		Comparison: r.Comparison,
		GateK:      r.GateK,
	}
	if !r.Provenance.Time.IsZero() {
		p.Generated = r.Provenance.Time.UTC().Format(time.RFC3339)
	}
	for _, run := range runs {
		p.Runs = append(p.Runs, htmlRun{Label: configLabel(run), Prov: run.Provenance, Counts: run.Counts, K: run.K})
	}
	for _, m := range Metrics {
		row := htmlMetricRow{Name: m}
		for _, run := range runs {
			row.Values = append(row.Values, formatMetric(run.Counts, run.Summary, m))
		}
		if r.Comparison != nil {
			if d := r.Comparison.Delta(m); d != nil && d.N > 0 {
				row.Delta = fmt.Sprintf("%+.4f", d.Delta)
				row.P = fmt.Sprintf("%.4f", d.P)
				row.Signif = d.P < 0.05
			}
		}
		p.Metrics = append(p.Metrics, row)
	}
	for _, row := range r.Calibration {
		hc := htmlCalibration{CalibrationRow: row, Share: "-"}
		if row.Queries > 0 {
			hc.Share = fmt.Sprintf("%.4f", float64(row.Rank1Right)/float64(row.Queries))
		}
		p.Calibration = append(p.Calibration, hc)
	}
	p.Chart = buildChart(runs)
	qs := append([]*QueryResult(nil), r.PerQuery...)
	sort.SliceStable(qs, func(i, j int) bool { return !qs[i].Pass && qs[j].Pass })
	for _, q := range qs {
		hq := htmlQuery{ID: q.ID, Query: q.Query, Tags: strings.Join(q.Tags, ", "), Pass: q.Pass,
			Rank: rankString(q.FirstRelevant), MissingReferrals: strings.Join(q.MissingReferrals, ", "),
			Confidence: q.Confidence, Cards: fmt.Sprintf("%d (%d named by a relevant result)", q.Cards, q.PreciseCards)}
		if !q.Covered {
			hq.Rank = "uncovered"
		}
		for i, h := range q.Top {
			hq.Top = append(hq.Top, htmlHit{Rank: i + 1, Title: h.Title, Path: strings.Join(h.Path, " › "), ID: h.ID, Relevant: h.Relevant})
		}
		p.Queries = append(p.Queries, hq)
	}
	return p
}

// buildChart lays out a horizontal bar chart of hit@gate per tag (and over
// the whole suite first), one bar per run.
func buildChart(runs []*Run) htmlChart {
	metric := fmt.Sprintf("hit@%d", runs[0].GateK)
	if _, err := ParseMetric(metric); err != nil {
		metric = Hit5
	}
	type row struct {
		label string
		vals  []float64
		ok    []bool
	}
	rows := []row{{label: "(all)"}}
	for _, run := range runs {
		rows[0].vals = append(rows[0].vals, run.Summary[metric])
		rows[0].ok = append(rows[0].ok, run.Counts.Defined(metric))
	}
	for _, t := range runs[0].PerTag {
		rw := row{label: fmt.Sprintf("%s (%d)", t.Tag, t.Counts.Queries)}
		for _, run := range runs {
			v, ok := 0.0, false
			for _, rt := range run.PerTag {
				if rt.Tag == t.Tag {
					v, ok = rt.Metrics[metric], rt.Counts.Defined(metric)
				}
			}
			rw.vals = append(rw.vals, v)
			rw.ok = append(rw.ok, ok)
		}
		rows = append(rows, rw)
	}
	c := htmlChart{Width: chartLabelW + chartBarW + 60}
	for i, run := range runs {
		c.Series = append(c.Series, htmlSeries{Label: metric + " " + configLabel(run), Color: seriesColors[i%len(seriesColors)], LegendY: 14 + 16*i})
	}
	y := 16*len(runs) + 10
	for _, rw := range rows {
		cr := htmlChartRow{Label: rw.label, LabelY: y + chartRowH*len(runs)/2 + 4}
		for i, v := range rw.vals {
			b := htmlBar{X: chartLabelW, Y: y, H: chartRowH - 2, Color: seriesColors[i%len(seriesColors)], Value: "-"}
			if rw.ok[i] {
				b.W = int(v*chartBarW + 0.5)
				b.Value = fmt.Sprintf("%.2f", v)
			}
			b.TextX, b.TextY = chartLabelW+b.W+4, y+chartRowH-3
			cr.Bars = append(cr.Bars, b)
			y += chartRowH
		}
		c.Rows = append(c.Rows, cr)
		y += chartGap
	}
	c.Height = y
	return c
}

// WriteHTML writes a self-contained static HTML report: inline CSS, an
// inline SVG chart of hit@gate per tag, the metric table, the comparison's
// broken and fixed queries, and every query with the failures first. All
// text is escaped by html/template.
func WriteHTML(w io.Writer, r *Report) error {
	return reportTmpl.Execute(w, buildPage(r))
}
