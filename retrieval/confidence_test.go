package retrieval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

func TestClassify(t *testing.T) {
	// Scores: none = −1 + support + example; high = −1 + 2·agreement share.
	th := ConfidenceThresholds{
		NoneWeights: ConfidenceWeights{Bias: -1, Support: 1, Example: 1}, NoneBelow: -0.5,
		HighWeights: ConfidenceWeights{Bias: -1, Agreement: 2}, HighAbove: 0.5,
	}
	tests := []struct {
		name string
		s    ConfidenceSignals
		n    int
		want Confidence
	}{
		{"no results", ConfidenceSignals{Support: 1, Example: 1, Agreement: 4, Signals: 4}, 0, ConfidenceNone},
		{"none score −0.6", ConfidenceSignals{Support: 0.3, Example: 0.1, Agreement: 4, Signals: 4}, 5, ConfidenceNone},
		{"none score −0.5 (at the threshold), high 1", ConfidenceSignals{Support: 0.3, Example: 0.2, Agreement: 4, Signals: 4}, 5, ConfidenceHigh},
		{"high score 0.5 (at the threshold)", ConfidenceSignals{Support: 1, Agreement: 3, Signals: 4}, 5, ConfidenceHigh},
		{"high score 0", ConfidenceSignals{Support: 1, Agreement: 2, Signals: 4}, 5, ConfidenceLow},
		{"no signal ran", ConfidenceSignals{Support: 1}, 5, ConfidenceLow},
	}
	for _, tt := range tests {
		if got := th.Classify(tt.s, tt.n); got != tt.want {
			t.Errorf("%s: Classify = %s, want %s", tt.name, got, tt.want)
		}
	}
	if got := (ConfidenceWeights{Bias: 1, Margin: 2, Agreement: 3}).Score(ConfidenceSignals{Margin: 0.5, Agreement: 1, Signals: 3}); !near(got, 3) {
		t.Errorf("Score = %v, want 1 + 2·0.5 + 3·(1/3) = 3", got)
	}
	w := ConfidenceWeights{Length: 2, Routing: 3}
	if got := w.Score(ConfidenceSignals{Length: 0.5, Routing: true}); !near(got, 4) {
		t.Errorf("Score = %v, want 2·0.5 + 3·1 = 4", got)
	}
	if got := w.Score(ConfidenceSignals{Length: 0.5}); !near(got, 1) {
		t.Errorf("Score without routing = %v, want 1", got)
	}
}

func TestParseConfidenceThresholds(t *testing.T) {
	got, err := ParseConfidenceThresholds("none-below=-1.5, high-above=2,cards-margin=0.25", DefaultConfidence)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfidence
	want.NoneBelow, want.HighAbove, want.CardsMargin = -1.5, 2, 0.25
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if back, err := ParseConfidenceThresholds(want.String(), DefaultConfidence); err != nil || back != want {
		t.Errorf("String() does not round-trip: %q → %+v, %v", want.String(), back, err)
	}
	for _, bad := range []string{"none-below", "high=0.3", "none-below=x", "high-above=NaN"} {
		if _, err := ParseConfidenceThresholds(bad, DefaultConfidence); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestShowsCards: high answers show their cards, none answers none, and
// low answers when their none score clears none-below by the card margin.
func TestShowsCards(t *testing.T) {
	// The none score is −1 + support.
	th := ConfidenceThresholds{NoneWeights: ConfidenceWeights{Bias: -1, Support: 1}, NoneBelow: -0.5, CardsMargin: 0.5}
	for _, tt := range []struct {
		name    string
		margin  float64
		support float64
		c       Confidence
		want    bool
	}{
		{"high, none score −0.9", 0.5, 0.1, ConfidenceHigh, true},
		{"none, none score 1", 0.5, 2, ConfidenceNone, false},
		{"low, none score −0.4", 0.5, 0.6, ConfidenceLow, false},
		{"low, none score 0 (at none-below + margin)", 0.5, 1, ConfidenceLow, true},
		{"low, none score 0.5", 0.5, 1.5, ConfidenceLow, true},
		{"low, none score −0.4, no margin", 0, 0.6, ConfidenceLow, true},
	} {
		th.CardsMargin = tt.margin
		if got := th.ShowsCards(ConfidenceSignals{Support: tt.support}, tt.c); got != tt.want {
			t.Errorf("%s: ShowsCards = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Hand-computed lexical support: four documents, so a term held by d
// documents has idf ln(1 + (4 − d + 0.5)/(d + 0.5)).
func TestWordSupport(t *testing.T) {
	docs := make([]index.Doc, 4)
	for i, text := range []string{"a b", "a c", "a", "d"} {
		docs[i].ID = string(rune('0' + i))
		docs[i].Fields[index.FieldAnswer] = text
	}
	l := index.NewLexical(docs, strings.Fields, index.DefaultBM25Options())
	// Query a, b, z: idf(a) (df 3) = ln(1+1.5/3.5), idf(b) (df 1) =
	// ln(1+3.5/1.5), idf(z) (df 0) = ln(1+4.5/0.5).
	ia, ib, iz := l.IDF("a"), l.IDF("b"), l.IDF("z")
	support, known := wordSupport(l, 0, []string{"a", "b", "z", "a"}, l.TermIDs(nil, []string{"a", "b", "z", "a"}))
	if want := (ia + ib) / (ia + ib + iz); !near(support, want) {
		t.Errorf("support = %v, want %v", support, want)
	}
	if want := (ia + ib) / (ia + ib + iz); !near(known, want) {
		t.Errorf("known = %v, want %v", known, want)
	}
	if s, _ := wordSupport(l, 3, []string{"a", "b"}, l.TermIDs(nil, []string{"a", "b"})); s != 0 {
		t.Errorf("support of a document holding none = %v", s)
	}
	ids := l.TermIDs(nil, distinct([]string{"c", "a", "b", "c", "z"}))
	slices.Sort(ids)
	bitsMax := docTermBitsMax
	defer func() { docTermBitsMax = bitsMax }()
	asBits := newDocTermSets(l)
	docTermBitsMax = 0
	asIDs := newDocTermSets(l)
	if asBits.bits == nil || asIDs.bits != nil {
		t.Fatalf("bit rows: %t under the bound, %t over it", asBits.bits != nil, asIDs.bits != nil)
	}
	for _, terms := range []*docTermSets{nil, asBits, asIDs} {
		if got := share(l, terms, 1, ids); !near(got, 2.0/4) {
			t.Errorf("share (kept terms: %t) = %v, want 2/4", terms != nil, got)
		}
		if got := share(l, terms, 3, ids); got != 0 {
			t.Errorf("share of a document holding none (kept terms: %t) = %v", terms != nil, got)
		}
	}
}

func near(a, b float64) bool { d := a - b; return d < 1e-12 && d > -1e-12 }

// mustRouted is the mini engine with 架空請求 marked as the desk's routing.
func mustRouted(t *testing.T) *Engine {
	t.Helper()
	fsys := fstest.MapFS{
		"manual.txt":       {Data: []byte(miniOutline)},
		"annotations.yaml": {Data: []byte(miniAnnotations)},
	}
	c, err := corpus.Load(fsys, "mini")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Entries {
		e.Routing = e.Title == "架空請求について知りたい"
	}
	opts := DefaultOptions()
	opts.Embedder = index.Fake{}
	opts.Rerank = RerankModel{} // as mustMini: the fusion's own mechanisms
	e, err := New(context.Background(), c, opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCardsComeFromTheAnswer(t *testing.T) {
	e := mustRouted(t)
	resp, err := e.Search(context.Background(), Query{Text: "ランサムウェアの危険性及び対策を教えてほしい", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Confidence == ConfidenceNone || len(resp.Results) < 2 {
		t.Fatalf("confidence %s, results %q", resp.Confidence, titles(resp))
	}
	first := resp.Results[0].Entry
	answers := map[string]bool{}
	for _, a := range e.answers(resp.Results) {
		answers[a.Entry.ID] = true
	}
	if len(resp.Referrals) == 0 {
		t.Fatal("no cards")
	}
	for _, c := range resp.Referrals {
		if len(c.From) == 0 {
			t.Errorf("card %s has no from", c.Org)
		}
		for _, id := range c.From {
			if !answers[id] {
				t.Errorf("card %s comes from %s, which is not an answer", c.Org, id)
			}
		}
		if strings.Contains(c.Org, "消費者ホットライン") {
			t.Errorf("card %s comes from the neighbourhood, not the answer", c.Org)
		}
	}
	// The FAQ names no referral itself: its section's cards count.
	if len(first.Referrals) != 0 {
		t.Fatalf("fixture changed: %s names referrals", first.Title)
	}
	sec, _ := e.c.Entry(first.Section)
	for _, r := range sec.Referrals {
		if !slices.ContainsFunc(resp.Referrals, func(c Card) bool { return c.Org == r.Org && slices.Contains(c.From, first.ID) }) {
			t.Errorf("section referral %s missing or not from %s: %+v", r.Org, first.ID, resp.Referrals)
		}
	}
}

func TestNoneShowsRouting(t *testing.T) {
	e := mustRouted(t)
	resp, err := e.Search(context.Background(), Query{Text: "今日の天気", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Confidence != ConfidenceNone {
		t.Fatalf("confidence %s for an unrelated query (results %q)", resp.Confidence, titles(resp))
	}
	if resp.Referrals == nil || len(resp.Referrals) != 0 {
		t.Errorf("referrals = %#v, want []", resp.Referrals)
	}
	if len(resp.Routing) != 1 || resp.Routing[0].Title != "架空請求について知りたい" {
		t.Errorf("routing = %v", resp.Routing)
	}
	ok, err := e.Search(context.Background(), Query{Text: "ランサムウェア", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if ok.Confidence == ConfidenceNone || ok.Routing != nil {
		t.Errorf("answered query: confidence %s, routing %v", ok.Confidence, ok.Routing)
	}
	// The signals report the first result's rank in each signal that ran;
	// the signals that rank it first are those that agree.
	r := ok.Signals.Ranks
	ranks := []int{r.Tokens, r.Bigrams, r.Readings, r.Examples, r.Vector}
	if slices.ContainsFunc(ranks, func(n int) bool { return n < 1 }) {
		t.Errorf("ranks of the first result = %+v, want every signal to rank it", r)
	}
	first := 0
	for _, n := range ranks {
		if n == 1 {
			first++
		}
	}
	if first != ok.Signals.Agreement {
		t.Errorf("ranks %+v: %d signals rank the first result first, agreement says %d", r, first, ok.Signals.Agreement)
	}
	// Length grows with what the caller said; Routing tells whether the
	// first result is a routing entry.
	long, err := e.Search(context.Background(), Query{Text: "ランサムウェアに感染してファイルが開けなくなり身代金を要求されている", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if ok.Signals.Length <= 0 || long.Signals.Length <= ok.Signals.Length {
		t.Errorf("length %v for a short query, %v for a long one: want 0 < short < long", ok.Signals.Length, long.Signals.Length)
	}
	if ok.Signals.Routing {
		t.Errorf("routing signal set for %q (first result %q)", "ランサムウェア", titles(ok))
	}
	routed, err := e.Search(context.Background(), Query{Text: "架空請求について知りたい", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(routed.Results) == 0 || !routed.Results[0].Entry.Routing || !routed.Signals.Routing {
		t.Errorf("routing signal %v, first result %q", routed.Signals.Routing, titles(routed))
	}
}

// A caller who reports having acted gets the advice for victims: the stage
// factor lowers entries marked before, leaves those marked after as they
// rank, and acts only when the query reports an action.
func TestActionStage(t *testing.T) {
	build := func(weight float64) *Engine {
		fsys := fstest.MapFS{"manual.txt": {Data: []byte(miniOutline)}, "annotations.yaml": {Data: []byte(miniAnnotations)}}
		c, err := corpus.Load(fsys, "mini")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range c.Entries {
			switch e.Title {
			case "ランサムウェア標準回答":
				e.Stage = corpus.StageAfter
			case "ランサムウェアの危険性及び対策を教えてほしい":
				e.Stage = corpus.StageBefore
			}
		}
		opts := DefaultOptions()
		opts.Embedder, opts.ActionWeight = index.Fake{}, weight
		opts.Rerank = RerankModel{} // the fused scores the stage factor multiplies
		e, err := New(context.Background(), c, opts)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	score := func(e *Engine, q, title string) float64 {
		r, err := e.Search(context.Background(), Query{Text: q, K: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range r.Results {
			if x.Entry.Title == title {
				return x.Score
			}
		}
		t.Fatalf("%q: %s not in %q", q, title, titles(r))
		return 0
	}
	on, off := build(0.1), build(0)
	acted := "ランサムウェアに感染してしまった"
	if got, want := score(on, acted, "ランサムウェア標準回答"), score(off, acted, "ランサムウェア標準回答"); !near(got, want) {
		t.Errorf("after entry: score %v, want it unchanged (%v)", got, want)
	}
	if got, want := score(on, acted, "ランサムウェアの危険性及び対策を教えてほしい"), 0.9*score(off, acted, "ランサムウェアの危険性及び対策を教えてほしい"); !near(got, want) {
		t.Errorf("before entry: score %v, want 0.9 × %v", got, want/0.9)
	}
	calm := "ランサムウェアの対策"
	if a, b := score(on, calm, "ランサムウェア標準回答"), score(off, calm, "ランサムウェア標準回答"); a != b {
		t.Errorf("no action reported, yet the score moved: %v vs %v", a, b)
	}
}

// TestExampleReadingGramsAtBuild checks that the example lines' reading
// bigrams filled at build from the Memo are those a first use computes
// with a fresh analysis.
func TestExampleReadingGramsAtBuild(t *testing.T) {
	e := mustDefaultEngine(t)
	filled := 0
	for doc := range e.entries {
		p := e.exReadGrams[doc].Load()
		if p == nil {
			continue
		}
		filled++
		want := e.linesGrams(doc, func(l string) []string { return index.NGrams(e.an.Analyse(l).Reading, 2) })
		if !slices.EqualFunc(p.sets(), want.sets(), func(a, b gramSet) bool { return slices.Equal(a.strings(), b.strings()) }) {
			t.Errorf("%s: %d reading gram sets at build differ from the %d a first use computes", e.entries[doc].ID, len(p.sets()), len(want.sets()))
		}
	}
	if filled != len(e.entries) {
		t.Errorf("%d of %d entries filled at build", filled, len(e.entries))
	}
}

// TestSameCard checks that two referrals give one card exactly when
// their keys (action NUL organisation) are equal, NULs included.
func TestSameCard(t *testing.T) {
	for _, tt := range []struct {
		a, b corpus.Referral
		want bool
	}{
		{corpus.Referral{Action: corpus.ActionReport, Org: "警察"}, corpus.Referral{Action: corpus.ActionReport, Org: "警察", Phone: "110"}, true},
		{corpus.Referral{Action: corpus.ActionReport, Org: "警察"}, corpus.Referral{Action: corpus.ActionConsult, Org: "警察"}, false},
		{corpus.Referral{Action: corpus.ActionReport, Org: "警察"}, corpus.Referral{Action: corpus.ActionReport, Org: "IPA"}, false},
		{corpus.Referral{Action: "a", Org: "\x00b"}, corpus.Referral{Action: "a\x00", Org: "b"}, true},
		{corpus.Referral{Action: "a", Org: "b\x00"}, corpus.Referral{Action: "a", Org: "b"}, false},
	} {
		key := func(r corpus.Referral) string { return string(r.Action) + "\x00" + r.Org }
		if got := sameCard(tt.a, tt.b); got != tt.want || got != (key(tt.a) == key(tt.b)) {
			t.Errorf("sameCard(%q, %q) = %t, want %t", key(tt.a), key(tt.b), got, tt.want)
		}
	}
}

// TestDefaultConfidenceFor checks that an engine whose re-ranking does not
// reorder (off, or computing its features only) gets the classifier fitted
// without the re-ranking's score, which is always 0 there.
func TestDefaultConfidenceFor(t *testing.T) {
	on := DefaultOptions().Rerank
	features := on
	features.Weights = nil
	tests := []struct {
		name string
		m    RerankModel
		want ConfidenceThresholds
	}{
		{"on", on, DefaultConfidence},
		{"off", RerankModel{}, DefaultConfidenceNoRerank},
		{"features", features, DefaultConfidenceNoRerank},
		{"no depth", RerankModel{Weights: on.Weights}, DefaultConfidenceNoRerank},
	}
	for _, tt := range tests {
		if got := DefaultConfidenceFor(tt.m); got != tt.want {
			t.Errorf("%s: DefaultConfidenceFor = %s, want %s", tt.name, got, tt.want)
		}
	}
	if DefaultConfidenceNoRerank.NoneWeights.Rerank != 0 || DefaultConfidenceNoRerank.HighWeights.Rerank != 0 {
		t.Error("DefaultConfidenceNoRerank weighs the re-ranking's score")
	}
}

// TestNewPicksTheClassifierWithoutReranking checks that an engine built
// without the re-ranking and the default classifier gets the one fitted
// without it, and that explicit thresholds are kept.
func TestNewPicksTheClassifierWithoutReranking(t *testing.T) {
	off := mustMini(t, nil) // Rerank off, Confidence as DefaultOptions
	if off.opts.Confidence != DefaultConfidenceNoRerank {
		t.Errorf("rerank off: confidence %s, want DefaultConfidenceNoRerank", off.opts.Confidence)
	}
	own := DefaultConfidence
	own.NoneBelow = -3
	kept := mustMini(t, func(o *Options) { o.Confidence = own })
	if kept.opts.Confidence != own {
		t.Errorf("explicit thresholds replaced: %s", kept.opts.Confidence)
	}
}

func TestKanaShare(t *testing.T) {
	tests := []struct {
		text string
		want float64
	}{
		{"", 0},
		{"   ", 0},
		{"ういるすかも", 1},
		{"ウイルス かも", 1},
		{"パソコンがへん", 1},
		{"メールー", 1},
		{"偽サイト", 0.75},
		{"情報漏えい", 0.4},
		{"pc 故障", 0},
	}
	for _, tt := range tests {
		if got := kanaShare(tt.text); got != tt.want {
			t.Errorf("kanaShare(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestKanaWeighsTheScore(t *testing.T) {
	w := ConfidenceWeights{Kana: 2, KanaSupport: 4}
	s := ConfidenceSignals{Kana: 0.5, Support: 0.25}
	if got, want := w.Score(s), 2*0.5+4*0.5*0.25; got != want {
		t.Errorf("Score = %v, want %v", got, want)
	}
}

func TestSignalsMeasureKana(t *testing.T) {
	e := mustRouted(t)
	for _, tc := range []struct {
		text string
		kana bool
	}{{"ういるすにかんせんした", true}, {"ウイルス感染", false}} {
		resp, err := e.Search(context.Background(), Query{Text: tc.text, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Signals.Kana == 1; got != tc.kana {
			t.Errorf("%q: Kana = %v", tc.text, resp.Signals.Kana)
		}
	}
}

// TestCardFallback: by default the cards are the first result's and its
// near-equals' only; --card-fallback X adds, when these name none, the
// next result that names some and scores at least X of the first.
func TestCardFallback(t *testing.T) {
	e := mustRouted(t)
	var bare, named *corpus.Entry
	for _, en := range e.c.Entries {
		if bare == nil && len(e.entryReferrals(en)) == 0 {
			bare = en
		}
		if named == nil && len(en.Referrals) > 0 {
			named = en
		}
	}
	if bare == nil || named == nil {
		t.Fatal("fixture changed: want an entry with no referral and one with some")
	}
	results := []Result{{Entry: bare, Score: 1}, {Entry: named, Score: 0.92}}
	if d := DefaultOptions().CardFallback; d != 0 {
		t.Errorf("default CardFallback = %v, want 0 (off)", d)
	}
	tests := []struct {
		nearEqual, fallback float64
		want                int // answers whose cards are shown
	}{
		{0.95, 0, 1},
		{0.95, 0.9, 2},
		{0.95, 0.95, 1},
		{0.9, 0, 2}, // near-equal: shown whatever the fallback
	}
	for _, tt := range tests {
		e.opts.NearEqual, e.opts.CardFallback = tt.nearEqual, tt.fallback
		if got := e.answers(results); len(got) != tt.want {
			t.Errorf("near-equal %v, fallback %v: %d answers, want %d", tt.nearEqual, tt.fallback, len(got), tt.want)
		}
	}
}

// TestCardsDeskOwnAnswerFromFirstOnly: near-equal answers add the
// destinations they refer callers to, but the desk's own answer
// (窓口回答) is the first result's alone: from another entry it tells
// staff nothing to act on.
func TestCardsDeskOwnAnswerFromFirstOnly(t *testing.T) {
	desk := corpus.Referral{Action: corpus.ActionDesk, Org: "当窓口"}
	police := corpus.Referral{Action: corpus.ActionReport, Org: "所轄の警察署"}
	ipa := corpus.Referral{Action: corpus.ActionConsult, Org: "IPA"}
	result := func(id string, refs ...corpus.Referral) Result {
		return Result{Entry: &corpus.Entry{ID: id, Referrals: refs}}
	}
	type card struct {
		org  string
		from string
	}
	for _, tt := range []struct {
		name    string
		answers []Result
		want    []card
	}{
		{"first names the desk", []Result{result("a", desk, police), result("b", desk, ipa)},
			[]card{{"所轄の警察署", "a"}, {"当窓口", "a"}, {"IPA", "b"}}},
		{"only a near-equal names the desk", []Result{result("a", police), result("b", ipa, desk)},
			[]card{{"所轄の警察署", "a"}, {"IPA", "b"}}},
		{"a destination both name", []Result{result("a", police, desk), result("b", police)},
			[]card{{"所轄の警察署", "a b"}, {"当窓口", "a"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []card
			for _, c := range (&Engine{}).cards(tt.answers) {
				got = append(got, card{c.Org, strings.Join(c.From, " ")})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("cards %v, want %v", got, tt.want)
			}
		})
	}
}

// TestAnswersSectionEntry: the section entry that the first result sits
// in joins the answers when the search also finds it among the top
// ReferralsTop, whatever its score; other entries need a near-equal score.
func TestAnswersSectionEntry(t *testing.T) {
	topic := &corpus.Entry{ID: "topic"}
	child := &corpus.Entry{ID: "child", Section: "topic"}
	other := &corpus.Entry{ID: "other"}
	e := &Engine{c: &corpus.Corpus{}, opts: Options{NearEqual: 0.95}}
	filler := func(n int) []Result {
		var out []Result
		for i := range n {
			out = append(out, Result{Entry: &corpus.Entry{ID: fmt.Sprint("f", i)}, Score: 0.1})
		}
		return out
	}
	for _, tt := range []struct {
		name      string
		nearEqual float64 // 0: the default 0.95; -1: off
		results   []Result
		want      []string
	}{
		{"section entry second, far behind", 0, []Result{{Entry: child, Score: 1}, {Entry: topic, Score: 0.2}}, []string{"child", "topic"}},
		{"section entry last of the top", 0, append(append([]Result{{Entry: child, Score: 1}}, filler(ReferralsTop-2)...), Result{Entry: topic, Score: 0.1}),
			[]string{"child", "topic"}},
		{"section entry past the top", 0, append(append([]Result{{Entry: child, Score: 1}}, filler(ReferralsTop-1)...), Result{Entry: topic, Score: 0.1}),
			[]string{"child"}},
		{"another entry far behind", 0, []Result{{Entry: child, Score: 1}, {Entry: other, Score: 0.2}}, []string{"child"}},
		{"first is the topic, its child behind", 0, []Result{{Entry: topic, Score: 1}, {Entry: child, Score: 0.2}}, []string{"topic"}},
		{"a near-equal other", 0, []Result{{Entry: child, Score: 1}, {Entry: other, Score: 0.96}}, []string{"child", "other"}},
		{"near-equal off: the first alone", -1, []Result{{Entry: child, Score: 1}, {Entry: topic, Score: 0.99}}, []string{"child"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e.opts.NearEqual = 0.95
			if tt.nearEqual < 0 {
				e.opts.NearEqual = 0
			}
			var got []string
			for _, r := range e.answers(tt.results) {
				got = append(got, r.Entry.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("answers %v, want %v", got, tt.want)
			}
		})
	}
}
