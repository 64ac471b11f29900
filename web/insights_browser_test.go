package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

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
	var searches []store.Search
	st, err := store.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := insights.New(insights.Config{Store: st, Mask: mask.New(index.Default().Tokenizer()).Mask,
		Corpus: func() *corpus.Corpus { return eng.Corpus() }})
	base := startHTTP(t, web.New(web.Config{Engine: eng, Insights: svc, Logger: quietLogger()}))
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			page, _ := runStep(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 800)`))
			t.Fatalf("%s: %v\npage: %s", what, err, page)
		}
	}
	poll := func(what, expr string) {
		t.Helper()
		_, err := runStep(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second)))
		must(what, err)
	}

	// A caller's words with a name, a phone number and an e-mail address;
	// staff say the first answer handled the call.
	const caller = "山田太郎さんから、身に覚えのない請求のメールが届いたと電話。折り返しは090-1234-5678、yamada@example.jp"
	must("open the staff page", chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("q"))))
	must("search", chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), caller), chromedp.WaitVisible(chromedp.CSS("#results .result .helpful"))))
	// The results of a prefix can be on screen when the last key is typed;
	// the page records the search it shows.
	poll("wait for the results of the whole text", `document.getElementById("results").dataset.query === `+strconv.Quote(caller))
	// A spy counts the verdicts the page sends.
	_, err = runStep(ctx, chromedp.Evaluate[bool](`(() => {
		window.__verdicts = 0;
		const orig = window.fetch;
		window.fetch = (u, o) => { if (u === "/api/feedback") window.__verdicts++; return orig(u, o); };
		return true;
	})()`))
	must("spy on feedback", err)
	must("click この回答で対応できた", chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#results .result .helpful"))))
	poll("wait for the helpful feedback", `document.querySelector("#results .result .helpful").getAttribute("aria-pressed") === "true"`)
	// The pressed button keeps focus, stays enabled with its label, and a
	// second press sends nothing (WCAG 2.4.3).
	must("press again", chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#results .result .helpful"))))
	pressed, err := runStep(ctx, chromedp.Evaluate[string](`new Promise(r => setTimeout(r, 300)).then(() => {
		const b = document.querySelector("#results .result .helpful");
		return [document.activeElement === b, b.disabled, b.textContent, b.getAttribute("aria-pressed"), window.__verdicts].join(" ");
	})`, chromedp.EvalAwaitPromise))
	must("read the pressed button", err)
	if pressed != "true false この回答で対応できた true 1" {
		t.Errorf("after two presses of この回答で対応できた: focused, disabled, label, aria-pressed, verdicts sent = %q, want %q",
			pressed, "true false この回答で対応できた true 1")
	}

	// A call the manual does not answer: 該当なし in one click.
	firstID, err := runStep(ctx, chromedp.Evaluate[string](`document.querySelector("#results .result").dataset.id`))
	must("read the first result", err)
	_, err = runStep(ctx, chromedp.Evaluate[bool](`(() => { const q = document.getElementById("q"); q.value = ""; q.focus(); return true; })()`))
	must("clear the box", err)
	const uncovered = "庭の柿の木に毛虫が大量発生した"
	must("type", chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), uncovered)))
	poll("wait for the new results", `!document.getElementById("feedback").hidden && (!document.getElementById("empty").hidden || `+
		`document.querySelector("#results .result").dataset.id !== "`+firstID+`")`)
	// As above: 該当なし is recorded for the search on screen, which must
	// be the whole text's, not a prefix's.
	poll("wait for the results of the whole text", `document.getElementById("results").dataset.query === `+strconv.Quote(uncovered))
	must("click 該当なし", chromedp.Do(ctx, chromedp.Click(chromedp.ID("feedback-none"))))
	poll("wait for the none feedback", `document.getElementById("feedback-none").getAttribute("aria-pressed") === "true"`)
	poll("該当なし keeps focus and its label", `document.activeElement.id === "feedback-none" && !document.activeElement.disabled && document.activeElement.textContent === "該当なし"`)

	searches, err = st.Searches(context.Background(), store.Period{})
	must("read the store", err)
	fb, err := st.Feedback(context.Background(), store.Period{})
	must("read the feedback", err)
	if len(searches) != 2 || len(fb) != 2 {
		t.Fatalf("stored %d searches and %d feedback, want 2 and 2: %+v %+v", len(searches), len(fb), searches, fb)
	}
	for _, raw := range []string{"山田", "太郎", "1234", "5678", "yamada"} {
		if strings.Contains(searches[0].Query, raw) {
			t.Errorf("stored query %q keeps %q", searches[0].Query, raw)
		}
	}

	// The editor's page shows both, grouped and counted.
	must("open /insights", chromedp.Do(ctx, chromedp.Navigate(base+"/insights"), chromedp.WaitVisible(chromedp.CSS("#chart svg"))))
	poll("wait for the summary", `document.getElementById("summary").textContent.indexOf("検索 2 件") >= 0`)
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
		if ok, err := runStep(ctx, chromedp.Evaluate[bool](expr)); err != nil || !ok {
			t.Errorf("/insights: %s: %v", what, err)
		}
	}
	shot, err := runStep(ctx, chromedp.CaptureScreenshot())
	must("screenshot /insights", err)
	must("write the screenshot", os.WriteFile(filepath.Join(searchArtifactDir(t), "insights-page.png"), shot, 0o644))

	// Delete a stored search: the first click arms, the second deletes.
	must("arm 削除", chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#recent tbody tr .delete"))))
	// The accessible name says what the next press does.
	poll("the armed button's name", `document.querySelector("#recent tbody tr .delete.confirm").getAttribute("aria-label").includes("本当に削除")`)
	must("confirm 削除", chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#recent tbody tr .delete.confirm"))))
	poll("wait for the row to go", `document.querySelectorAll("#recent tbody tr").length === 1`)
	// The report is reloaded (its totals drop the search) and focus goes
	// to the next row's button, not to <body>.
	poll("the totals follow the delete", `document.getElementById("summary").textContent.includes("検索 1 件")`)
	poll("focus on the next row's 削除", `document.activeElement === document.querySelector("#recent tbody tr .delete")`)
	if left, _ := st.Searches(context.Background(), store.Period{}); len(left) != 1 {
		t.Errorf("%d searches stored after deleting one, want 1", len(left))
	}
}
