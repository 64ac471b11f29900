package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/insights"
	"github.com/soudan-desk/soudan/mask"
	"github.com/soudan-desk/soudan/store"
	"github.com/soudan-desk/soudan/web"
)

// TestInsightsBrowser drives the loop in a real browser: staff search and
// give feedback in one click on the staff page, the searches are stored
// masked, and an editor reads them on /insights and deletes one.
func TestInsightsBrowser(t *testing.T) {
	ctx := newBrowser(t)
	eng := mustDefaultEngine(t)
	st, err := store.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := insights.New(insights.Config{Store: st, Mask: mask.New(index.Default().Tokenizer()).Mask,
		Corpus: func() *corpus.Corpus { return eng.Corpus() }})
	base := startHTTP(t, web.New(web.Config{Engine: eng, Insights: svc, Logger: quietLogger()}))
	s := insightsSteps{&browserPage{ctx: ctx, base: base, artifacts: searchArtifactDir(t)}, st}
	runBrowserSteps(t, []browserStep{
		{"この回答で対応できた", s.helpful},
		{"該当なし", s.none},
		{"stored masked", s.stored},
		{"the insights page", s.report},
		{"削除", s.deleteSearch},
	})
}

// insightsSteps are TestInsightsBrowser's steps; st is the server's store.
type insightsSteps struct {
	*browserPage
	st store.Store
}

// callerWithPII is a caller's words with a name, a phone number and an
// e-mail address.
const callerWithPII = "山田太郎さんから、身に覚えのない請求のメールが届いたと電話。折り返しは090-1234-5678、yamada@example.jp"

// helpful searches for callerWithPII and says the first answer handled
// the call: the pressed button keeps focus, stays enabled with its label,
// and a second press sends nothing (WCAG 2.4.3).
func (s insightsSteps) helpful(t *testing.T) {
	s.must(t, "open the staff page", chromedp.Do(s.ctx, chromedp.Navigate(s.base+"/"), chromedp.WaitVisible(chromedp.ID("q"))))
	s.must(t, "search", chromedp.Do(s.ctx, chromedp.SendKeys(chromedp.ID("q"), callerWithPII), chromedp.WaitVisible(chromedp.CSS("#results .result .helpful"))))
	// The results of a prefix can be on screen when the last key is typed;
	// the page records the search it shows.
	s.poll(t, "wait for the results of the whole text", `document.getElementById("results").dataset.query === `+strconv.Quote(callerWithPII))
	// A spy counts the verdicts the page sends.
	_, err := runStep(s.ctx, chromedp.Evaluate[bool](`(() => {
		window.__verdicts = 0;
		const orig = window.fetch;
		window.fetch = (u, o) => { if (u === "/api/feedback") window.__verdicts++; return orig(u, o); };
		return true;
	})()`))
	s.must(t, "spy on feedback", err)
	s.must(t, "click この回答で対応できた", chromedp.Do(s.ctx, chromedp.Click(chromedp.CSS("#results .result .helpful"))))
	s.poll(t, "wait for the helpful feedback", `document.querySelector("#results .result .helpful").getAttribute("aria-pressed") === "true"`)
	s.must(t, "press again", chromedp.Do(s.ctx, chromedp.Click(chromedp.CSS("#results .result .helpful"))))
	pressed, err := runStep(s.ctx, chromedp.Evaluate[string](`new Promise(r => setTimeout(r, 300)).then(() => {
		const b = document.querySelector("#results .result .helpful");
		return [document.activeElement === b, b.disabled, b.textContent, b.getAttribute("aria-pressed"), window.__verdicts].join(" ");
	})`, chromedp.EvalAwaitPromise))
	s.must(t, "read the pressed button", err)
	if pressed != "true false この回答で対応できた true 1" {
		t.Errorf("after two presses of この回答で対応できた: focused, disabled, label, aria-pressed, verdicts sent = %q, want %q",
			pressed, "true false この回答で対応できた true 1")
	}
}

// none searches for a call the manual does not answer and says 該当なし in
// one click; the button keeps focus and its label.
func (s insightsSteps) none(t *testing.T) {
	firstID, err := runStep(s.ctx, chromedp.Evaluate[string](`document.querySelector("#results .result").dataset.id`))
	s.must(t, "read the first result", err)
	_, err = runStep(s.ctx, chromedp.Evaluate[bool](`(() => { const q = document.getElementById("q"); q.value = ""; q.focus(); return true; })()`))
	s.must(t, "clear the box", err)
	const uncovered = "庭の柿の木に毛虫が大量発生した"
	s.must(t, "type", chromedp.Do(s.ctx, chromedp.SendKeys(chromedp.ID("q"), uncovered)))
	s.poll(t, "wait for the new results", `!document.getElementById("feedback").hidden && (!document.getElementById("empty").hidden || `+
		`document.querySelector("#results .result").dataset.id !== "`+firstID+`")`)
	// As in helpful: 該当なし is recorded for the search on screen, which
	// must be the whole text's, not a prefix's.
	s.poll(t, "wait for the results of the whole text", `document.getElementById("results").dataset.query === `+strconv.Quote(uncovered))
	s.must(t, "click 該当なし", chromedp.Do(s.ctx, chromedp.Click(chromedp.ID("feedback-none"))))
	s.poll(t, "wait for the none feedback", `document.getElementById("feedback-none").getAttribute("aria-pressed") === "true"`)
	s.poll(t, "該当なし keeps focus and its label", `document.activeElement.id === "feedback-none" && !document.activeElement.disabled && document.activeElement.textContent === "該当なし"`)
}

// stored reads the store: both searches and both verdicts, and the first
// search's query without the caller's name, number or address.
func (s insightsSteps) stored(t *testing.T) {
	searches, err := s.st.Searches(context.Background(), store.Period{})
	s.must(t, "read the store", err)
	fb, err := s.st.Feedback(context.Background(), store.Period{})
	s.must(t, "read the feedback", err)
	if len(searches) != 2 || len(fb) != 2 {
		t.Fatalf("stored %d searches and %d feedback, want 2 and 2: %+v %+v", len(searches), len(fb), searches, fb)
	}
	for _, raw := range []string{"山田", "太郎", "1234", "5678", "yamada"} {
		if strings.Contains(searches[0].Query, raw) {
			t.Errorf("stored query %q keeps %q", searches[0].Query, raw)
		}
	}
}

// report opens the editor's page, which shows both searches, grouped and
// counted, and keeps a screenshot of it.
func (s insightsSteps) report(t *testing.T) {
	s.must(t, "open /insights", chromedp.Do(s.ctx, chromedp.Navigate(s.base+"/insights"), chromedp.WaitVisible(chromedp.CSS("#chart svg"))))
	s.poll(t, "wait for the summary", `document.getElementById("summary").textContent.indexOf("検索 2 件") >= 0`)
	checks := map[string]string{
		"one h1":                  `document.querySelectorAll("h1").length === 1`,
		"a main landmark":         `document.querySelectorAll("main").length === 1`,
		"lang ja":                 `document.documentElement.lang === "ja"`,
		"a labelled period":       `document.querySelector("label[for=days]") !== null`,
		"the unanswered group":    `document.getElementById("groups").textContent.indexOf("毛虫") >= 0`,
		"the helpful entry":       `document.querySelector("#entries tbody tr td:nth-child(3)").textContent === "1"`,
		"a masked recent search":  `document.getElementById("recent").textContent.indexOf("〔電話番号〕") >= 0`,
		"no raw phone number":     `document.body.textContent.indexOf("5678") < 0`,
		"the CSV link has a days": `document.getElementById("csv").getAttribute("href").indexOf("days=30") > 0`,
	}
	for what, expr := range checks {
		if ok, err := runStep(s.ctx, chromedp.Evaluate[bool](expr)); err != nil || !ok {
			t.Errorf("/insights: %s: %v", what, err)
		}
	}
	s.screenshot(t, "screenshot /insights", "insights-page.png", chromedp.CaptureScreenshot())
}

// deleteSearch deletes a stored search: the first click arms, the second
// deletes.
func (s insightsSteps) deleteSearch(t *testing.T) {
	s.must(t, "arm 削除", chromedp.Do(s.ctx, chromedp.Click(chromedp.CSS("#recent tbody tr .delete"))))
	// The accessible name says what the next press does.
	s.poll(t, "the armed button's name", `document.querySelector("#recent tbody tr .delete.confirm").getAttribute("aria-label").includes("本当に削除")`)
	s.must(t, "confirm 削除", chromedp.Do(s.ctx, chromedp.Click(chromedp.CSS("#recent tbody tr .delete.confirm"))))
	s.poll(t, "wait for the row to go", `document.querySelectorAll("#recent tbody tr").length === 1`)
	// The report is reloaded (its totals drop the search) and focus goes
	// to the next row's button, not to <body>.
	s.poll(t, "the totals follow the delete", `document.getElementById("summary").textContent.includes("検索 1 件")`)
	s.poll(t, "focus on the next row's 削除", `document.activeElement === document.querySelector("#recent tbody tr .delete")`)
	if left, _ := s.st.Searches(context.Background(), store.Period{}); len(left) != 1 {
		t.Errorf("%d searches stored after deleting one, want 1", len(left))
	}
}
