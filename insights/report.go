package insights

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/store"
)

// Tokyo is the time zone insights count days in. Japan has kept UTC+9
// without daylight saving since 1951, so a fixed zone is exact and needs
// no time-zone database on the server.
var Tokyo = time.FixedZone("Asia/Tokyo", 9*60*60)

// Caps on the lists of a report.
const (
	maxGroups        = 100
	maxGroupSearches = 20
	maxRecent        = 50
)

// Query selects a report's period: the last Days days in Asia/Tokyo,
// today included.
type Query struct {
	Days int
}

// Validate checks the period; Days 0 (not given) is DefaultDays.
func (q *Query) Validate() error {
	if q.Days == 0 {
		q.Days = DefaultDays
	}
	return CheckDays(q.Days)
}

// CheckDays checks a number of days that was given (as ?days=N): 1 to
// MaxDays.
func CheckDays(n int) error {
	if n < 1 || n > MaxDays {
		return &InvalidError{fmt.Sprintf("days must be between 1 and %d", MaxDays)}
	}
	return nil
}

// period returns the store period and the first day of q, ending today.
func (s *Service) period(q Query) (store.Period, time.Time) {
	now := s.cfg.Now().In(Tokyo)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, Tokyo)
	first := today.AddDate(0, 0, -(q.Days - 1))
	return store.Period{From: first, To: today.AddDate(0, 0, 1)}, first
}

// Report is everything the /insights page shows.
type Report struct {
	From          string         `json:"from"` // first day, YYYY-MM-DD in Asia/Tokyo
	To            string         `json:"to"`   // last day (today), inclusive
	Days          int            `json:"days"`
	Recording     bool           `json:"recording"`
	RetentionDays int            `json:"retention_days"`
	Totals        Totals         `json:"totals"`
	Daily         []Day          `json:"daily"`
	Groups        []Group        `json:"groups"`
	Entries       []EntryStat    `json:"entries"`
	Unseen        []EntryRef     `json:"unseen"`
	EntriesTotal  int            `json:"entries_total"`
	Recent        []SearchRef    `json:"recent"`
	searches      []store.Search // for the CSV export
	verdicts      map[string][]store.Feedback
}

// Totals counts the period's searches.
type Totals struct {
	Searches   int `json:"searches"`
	Unanswered int `json:"unanswered"` // confidence none, or feedback 「該当なし」
	Low        int `json:"low"`        // low confidence, not unanswered
	Helpful    int `json:"helpful"`    // 「この回答で対応できた」 given
	None       int `json:"none"`       // 「該当なし」 given
}

// Day is one day's count.
type Day struct {
	Date            string  `json:"date"`
	Searches        int     `json:"searches"`
	Unanswered      int     `json:"unanswered"`
	Low             int     `json:"low"`
	UnansweredShare float64 `json:"unanswered_share"`
}

// Group is a set of similar unanswered or low-confidence searches.
type Group struct {
	Label      string      `json:"label"` // the most frequent wording, the plainest on a tie
	Count      int         `json:"count"`
	Unanswered int         `json:"unanswered"`
	Low        int         `json:"low"`
	Last       time.Time   `json:"last"`
	Searches   []SearchRef `json:"searches"` // the latest, at most 20
}

// SearchRef is one stored search as the page lists it.
type SearchRef struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	Query      string    `json:"query"`
	Confidence string    `json:"confidence"`
	Verdict    string    `json:"verdict,omitempty"`
}

// EntryStat is staff's feedback on one entry.
type EntryStat struct {
	EntryRef
	Helpful int `json:"helpful"` // 「この回答で対応できた」 on this entry
	// NotHelpful counts the searches answered 「該当なし」 that showed
	// this entry among their first three results.
	NotHelpful int `json:"not_helpful"`
}

// EntryRef names an entry.
type EntryRef struct {
	ID    string   `json:"id"`
	Title string   `json:"title"`
	Kind  string   `json:"kind,omitempty"`
	Path  []string `json:"path,omitempty"`
}

// Report builds the report for q from the store.
func (s *Service) Report(ctx context.Context, q Query) (*Report, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	p, first := s.period(q)
	searches, err := s.cfg.Store.Searches(ctx, p)
	if err != nil {
		return nil, err
	}
	fb, err := s.cfg.Store.Feedback(ctx, store.Period{From: p.From})
	if err != nil {
		return nil, err
	}
	rep := &Report{
		From: first.Format(time.DateOnly), To: p.To.AddDate(0, 0, -1).Format(time.DateOnly), Days: q.Days,
		Recording: s.Recording(), RetentionDays: int(s.cfg.Retention / (24 * time.Hour)),
		searches: searches, verdicts: map[string][]store.Feedback{},
	}
	// Feedback counts with its search: a verdict given today on a search
	// made before the period is not this period's.
	inPeriod := make(map[string]bool, len(searches))
	for _, sr := range searches {
		inPeriod[sr.ID] = true
	}
	for _, f := range fb {
		if inPeriod[f.SearchID] {
			rep.verdicts[f.SearchID] = append(rep.verdicts[f.SearchID], f)
		}
	}
	var c *corpus.Corpus
	if s.cfg.Corpus != nil {
		c = s.cfg.Corpus()
	}
	rep.daily(first)
	rep.group()
	rep.entries(c)
	rep.unseen(c)
	rep.recent()
	return rep, nil
}

// status classifies a search: unanswered, low or answered.
func (r *Report) status(sr store.Search) string {
	for _, f := range r.verdicts[sr.ID] {
		if f.Verdict == store.VerdictNone {
			return "unanswered"
		}
	}
	switch sr.Confidence {
	case "none":
		return "unanswered"
	case "low":
		return "low"
	}
	return "answered"
}

// verdict is the last feedback on a search, "" when there is none.
func (r *Report) verdict(id string) string {
	fs := r.verdicts[id]
	if len(fs) == 0 {
		return ""
	}
	return fs[len(fs)-1].Verdict
}

func (r *Report) daily(first time.Time) {
	r.Daily = make([]Day, r.Days)
	index := map[string]int{}
	for i := range r.Daily {
		d := first.AddDate(0, 0, i).Format(time.DateOnly)
		r.Daily[i].Date = d
		index[d] = i
	}
	for _, sr := range r.searches {
		i, ok := index[sr.At.In(Tokyo).Format(time.DateOnly)]
		if !ok {
			continue
		}
		d := &r.Daily[i]
		d.Searches++
		r.Totals.Searches++
		switch r.status(sr) {
		case "unanswered":
			d.Unanswered++
			r.Totals.Unanswered++
		case "low":
			d.Low++
			r.Totals.Low++
		}
	}
	for i := range r.Daily {
		if d := &r.Daily[i]; d.Searches > 0 {
			d.UnansweredShare = float64(d.Unanswered) / float64(d.Searches)
		}
	}
	for _, fs := range r.verdicts {
		for _, f := range fs {
			if f.Verdict == store.VerdictHelpful {
				r.Totals.Helpful++
			} else {
				r.Totals.None++
			}
		}
	}
}

// group gathers unanswered and low-confidence searches into groups of
// similar wording: two wordings are linked when they resemble each other
// (linkWordings), and a group is a connected set of links, so the result
// does not depend on the order searches arrived in.
func (r *Report) group() {
	count := map[string]int{}
	var members []store.Search
	for _, sr := range r.searches {
		if r.status(sr) != "answered" {
			members = append(members, sr)
			count[sr.Query]++
		}
	}
	words := make([]string, 0, len(count))
	for w := range count {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), strings.Compare(a, b)) })
	root, _ := linkWordings(words)
	byRoot := map[string]*Group{}
	wording := map[string]map[string]int{}
	var order []string
	for i := len(members) - 1; i >= 0; i-- { // latest first
		sr := members[i]
		k := root[sr.Query]
		g := byRoot[k]
		if g == nil {
			g = &Group{Last: sr.At}
			byRoot[k], wording[k] = g, map[string]int{}
			order = append(order, k)
		}
		g.Count++
		if r.status(sr) == "unanswered" {
			g.Unanswered++
		} else {
			g.Low++
		}
		wording[k][sr.Query]++
		if len(g.Searches) < maxGroupSearches {
			g.Searches = append(g.Searches, SearchRef{ID: sr.ID, At: sr.At, Query: sr.Query, Confidence: sr.Confidence, Verdict: r.verdict(sr.ID)})
		}
	}
	r.Groups = make([]Group, 0, len(order))
	for _, k := range order {
		g := byRoot[k]
		g.Label = mostFrequent(wording[k])
		r.Groups = append(r.Groups, *g)
	}
	slices.SortStableFunc(r.Groups, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), b.Last.Compare(a.Last))
	})
	if len(r.Groups) > maxGroups {
		r.Groups = r.Groups[:maxGroups]
	}
}

// mostFrequent is a group's label: its most frequent wording, and among
// equally frequent ones the easiest to read: the fewest placeholders, then
// the shortest, then the first in code-point order.
func mostFrequent(m map[string]int) string {
	best, n := "", -1
	for w, c := range m {
		if c > n || c == n && plainer(w, best) {
			best, n = w, c
		}
	}
	return best
}

// plainer orders wordings for a label: fewer placeholders, shorter, then
// code-point order.
func plainer(a, b string) bool {
	return cmp.Or(
		cmp.Compare(len(placeholders.FindAllStringIndex(a, -1)), len(placeholders.FindAllStringIndex(b, -1))),
		cmp.Compare(utf8.RuneCountInString(a), utf8.RuneCountInString(b)),
		strings.Compare(a, b),
	) < 0
}

func refOf(c *corpus.Corpus, id string) EntryRef {
	ref := EntryRef{ID: id, Title: "（現在のマニュアルにない項目）"}
	if c == nil {
		return ref
	}
	if e, ok := c.Entry(id); ok {
		ref.Title, ref.Kind, ref.Path = e.Title, string(e.Kind), e.Path
	}
	return ref
}

// entries counts feedback per entry.
func (r *Report) entries(c *corpus.Corpus) {
	stats := map[string]*EntryStat{}
	get := func(id string) *EntryStat {
		if st, ok := stats[id]; ok {
			return st
		}
		st := &EntryStat{EntryRef: refOf(c, id)}
		stats[id] = st
		return st
	}
	byID := map[string]store.Search{}
	for _, sr := range r.searches {
		byID[sr.ID] = sr
	}
	for id, fs := range r.verdicts {
		for _, f := range fs {
			switch f.Verdict {
			case store.VerdictHelpful:
				get(f.EntryID).Helpful++
			case store.VerdictNone:
				for _, e := range first(byID[id].Results, 3) {
					get(e).NotHelpful++
				}
			}
		}
	}
	r.Entries = make([]EntryStat, 0, len(stats))
	for _, st := range stats {
		r.Entries = append(r.Entries, *st)
	}
	slices.SortFunc(r.Entries, func(a, b EntryStat) int {
		return cmp.Or(cmp.Compare(b.Helpful, a.Helpful), cmp.Compare(b.NotHelpful, a.NotHelpful), strings.Compare(a.ID, b.ID))
	})
}

func first(xs []string, n int) []string { return xs[:min(n, len(xs))] }

// unseen lists the corpus entries that no recorded search showed.
func (r *Report) unseen(c *corpus.Corpus) {
	r.Unseen = []EntryRef{}
	if c == nil {
		return
	}
	shown := map[string]bool{}
	for _, sr := range r.searches {
		for _, id := range sr.Results {
			shown[id] = true
		}
	}
	r.EntriesTotal = len(c.Entries)
	for _, e := range c.Entries {
		if !shown[e.ID] {
			r.Unseen = append(r.Unseen, EntryRef{ID: e.ID, Title: e.Title, Kind: string(e.Kind), Path: e.Path})
		}
	}
}

func (r *Report) recent() {
	r.Recent = []SearchRef{}
	for i := len(r.searches) - 1; i >= 0 && len(r.Recent) < maxRecent; i-- {
		sr := r.searches[i]
		r.Recent = append(r.Recent, SearchRef{ID: sr.ID, At: sr.At, Query: sr.Query, Confidence: sr.Confidence, Verdict: r.verdict(sr.ID)})
	}
}

// WriteCSV writes the report's searches as CSV for a spreadsheet: UTF-8
// with a byte-order mark (so Excel reads the Japanese), one row per
// search, times in Asia/Tokyo. Cells that a spreadsheet would run as a
// formula are prefixed with an apostrophe.
func (r *Report) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"日時", "検索（マスク済み）", "確信度", "状態", "記録のきっかけ", "フィードバック", "役立った項目", "先頭の結果", "ID"})
	for _, sr := range r.searches {
		helped := ""
		for _, f := range r.verdicts[sr.ID] {
			if f.Verdict == store.VerdictHelpful {
				helped = f.EntryID
			}
		}
		_ = cw.Write([]string{
			sr.At.In(Tokyo).Format("2006-01-02 15:04:05"), safeCell(sr.Query), sr.Confidence, r.status(sr),
			sr.Event, r.verdict(sr.ID), helped, strings.Join(first(sr.Results, 1), ""), sr.ID,
		})
	}
	cw.Flush()
	return cw.Error()
}

// safeCell defuses spreadsheet formulas (CSV injection).
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
