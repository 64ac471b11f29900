package eval

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// WriteJUnit writes run as JUnit XML: one test case per query, failed when
// no relevant result ranks within the gate cutoff. The suite's summary
// metrics are test suite properties.
func WriteJUnit(w io.Writer, run *Run) error {
	s := junitSuite{
		Name:  "soudan-eval " + run.Provenance.Suite,
		Tests: len(run.PerQuery),
	}
	if !run.Provenance.Time.IsZero() {
		s.Timestamp = run.Provenance.Time.UTC().Format("2006-01-02T15:04:05")
	}
	for _, m := range Metrics {
		s.Properties = append(s.Properties, junitProperty{Name: m, Value: formatMetric(run.Counts, run.Summary, m)})
	}
	for _, row := range run.Calibration {
		s.Properties = append(s.Properties, junitProperty{Name: "calibration." + row.Confidence,
			Value: fmt.Sprintf("queries=%d rank1_right=%d uncovered=%d", row.Queries, row.Rank1Right, row.Uncovered)})
	}
	for _, q := range run.PerQuery {
		c := junitCase{Name: q.ID, Classname: "eval." + strings.Join(append([]string{"suite"}, q.Tags...), ".")}
		var b strings.Builder
		fmt.Fprintf(&b, "query: %s\n", q.Query)
		for i, h := range q.Top {
			mark := " "
			if h.Relevant {
				mark = "*"
			}
			fmt.Fprintf(&b, "%s %d. %s [%s]\n", mark, i+1, pathText(h.Title, h.Path), h.ID)
		}
		fmt.Fprintf(&b, "confidence: %s; cards: %d, %d named by a relevant result\n", q.Confidence, q.Cards, q.PreciseCards)
		switch {
		case !q.Pass && !q.Covered:
			s.Failures++
			msg := fmt.Sprintf("uncovered call answered %q, not none", q.Confidence)
			c.Failure = &junitFailure{Message: msg, Type: NoneRecall, Text: b.String()}
		case !q.Pass:
			s.Failures++
			msg := fmt.Sprintf("no relevant result in the top %d", run.GateK)
			if q.FirstRelevant > 0 {
				msg += fmt.Sprintf(" (first relevant at rank %d)", q.FirstRelevant)
			}
			c.Failure = &junitFailure{Message: msg, Type: fmt.Sprintf("hit@%d", run.GateK), Text: b.String()}
		default:
			c.SystemOut = &junitText{Text: b.String()}
		}
		s.Cases = append(s.Cases, c)
	}
	doc := junitSuites{Tests: s.Tests, Failures: s.Failures, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
