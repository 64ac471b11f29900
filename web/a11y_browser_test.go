package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/insights"
	"github.com/soudan-desk/soudan/mask"
	"github.com/soudan-desk/soudan/retrieval"
	"github.com/soudan-desk/soudan/web"
)

// axePath finds axe-core's minified script: $SOUDAN_AXE, else where `make
// deps-axe` installs it.
func axePath(t *testing.T) string {
	t.Helper()
	return browserTool(t, "SOUDAN_AXE", filepath.Join("..", ".ci", "axe", "node_modules", "axe-core", "axe.min.js"), "run `make deps-axe`")
}

// axeViolation is one rule axe-core found broken, with the elements that
// break it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target         []any  `json:"target"`
		FailureSummary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeReport is the part of axe.run's result the test reads.
type axeReport struct {
	TestEngine struct {
		Version string `json:"version"`
	} `json:"testEngine"`
	URL        string         `json:"url"`
	Violations []axeViolation `json:"violations"`
}

// a11yState is one state of one page that the accessibility test checks.
type a11yState struct {
	name string // names the artifacts: a11y-<name>.json, a11y-<name>-200.png
	// staff pages fail on moderate violations too; the others on serious
	// and critical ones.
	staff bool
	// site is the server: "" the desk's; "high" and "low" the desk's with
	// that confidence forced; "token" one with an editor token (its
	// editors' pages ask for it).
	site string
	path string // opened first
	// ready is a CSS selector visible once the state is reached.
	ready string
	// then brings the page from ready to the state, when set.
	then []chromedp.Action[chromedp.Void]
	// done is a JavaScript expression true once then has taken effect.
	done string
	// full keeps a screenshot of the whole page at 200 % too (slow on
	// long pages, so only for a few states).
	full bool
}

// a11yChecker runs axe-core and the layout checks in one browser.
type a11yChecker struct {
	t         *testing.T
	ctx       context.Context
	base      map[string]string // by a11yState.site
	axe       string            // the script
	artifacts string
}

// failing reports whether a violation of this impact fails the state.
func (s a11yState) failing(impact string) bool {
	switch impact {
	case "critical", "serious":
		return true
	case "moderate":
		return s.staff
	}
	return false
}

// open brings the browser to the state at 1280×720.
func (c *a11yChecker) open(s a11yState) error {
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(1280, 720),
		chromedp.Navigate(c.base[s.site] + s.path),
		chromedp.WaitVisible(chromedp.CSS(s.ready)),
	}
	steps = append(steps, s.then...)
	if err := a11yDo(c.ctx, steps...); err != nil {
		return err
	}
	if s.done != "" {
		_, err := runStep(c.ctx, chromedp.Poll[bool](s.done, chromedp.WithPollingTimeout(30*time.Second)))
		return err
	}
	return nil
}

// runAxe injects axe-core into the page, runs every rule it enables by
// default (WCAG 2.0/2.1 A and AA and best practices) and writes the report
// to the artifacts.
func (c *a11yChecker) runAxe(name string) (axeReport, error) {
	var rep axeReport
	if _, err := runStep(c.ctx, chromedp.Evaluate[bool](`typeof axe === "undefined" ? (0, eval)(`+jsString(c.axe)+`) || true : true`)); err != nil {
		return rep, fmt.Errorf("inject axe-core: %w", err)
	}
	raw, err := runStep(c.ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r, null, 1))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		return rep, fmt.Errorf("run axe-core: %w", err)
	}
	if err := os.WriteFile(filepath.Join(c.artifacts, "a11y-"+name+".json"), []byte(raw), 0o644); err != nil {
		return rep, err
	}
	return rep, json.Unmarshal([]byte(raw), &rep)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// overflowJS returns how many CSS pixels the page is wider than its
// viewport (0: no horizontal scrolling), and the widest element's
// selector when it is.
const overflowJS = `(() => {
	const d = document.documentElement, over = d.scrollWidth - d.clientWidth;
	if (over <= 0) return "0";
	let worst = null;
	for (const e of document.body.querySelectorAll("*")) {
		const r = e.getBoundingClientRect();
		if (r.right > d.clientWidth + 1 && (!worst || r.right > worst.r)) worst = {r: r.right, e};
	}
	const w = worst ? worst.e : null;
	return over + (w ? " " + w.tagName.toLowerCase() + (w.id ? "#" + w.id : "") + (w.className ? "." + String(w.className).trim().replace(/\s+/g, ".") : "") : "");
})()`

// checkReflow fails the state when the page scrolls sideways at 1280×720,
// at 200 % zoom (a 640×360 CSS pixel viewport drawn at scale 2, as a
// browser zoomed to 200 % in a 1280×720 window lays it out) or at 320 CSS
// pixels wide (WCAG 1.4.10's reflow width, 400 % of 1280), and keeps
// screenshots: the first screen at 1280×720 and at 200 %, and the whole
// page at 200 % for the states marked full.
func (c *a11yChecker) checkReflow(s a11yState) {
	t := c.t
	for _, z := range []struct {
		label string
		w, h  int64
		scale float64
	}{{"1280×720", 1280, 720, 1}, {"200 %", 640, 360, 2}, {"320 px", 320, 640, 1}} {
		if err := a11yDo(c.ctx, chromedp.EmulateViewport(z.w, z.h, chromedp.EmulateScale(z.scale))); err != nil {
			t.Fatalf("%s: viewport %s: %v", s.name, z.label, err)
		}
		over, err := runStep(c.ctx, chromedp.Evaluate[string](overflowJS))
		if err != nil {
			t.Fatalf("%s: measure overflow: %v", s.name, err)
		}
		if over != "0" {
			t.Errorf("%s at %s: the page scrolls sideways by %s px", s.name, z.label, over)
		}
		switch {
		case z.w == 320:
			c.screenshot(s.name+"-320.png", chromedp.CaptureScreenshot())
		case z.scale == 1:
			c.screenshot(s.name+".png", chromedp.CaptureScreenshot())
		default:
			c.screenshot(s.name+"-200.png", chromedp.CaptureScreenshot())
			if s.full {
				c.screenshot(s.name+"-200-full.png", chromedp.FullScreenshot(100))
			}
		}
	}
	if err := a11yDo(c.ctx, chromedp.EmulateViewport(1280, 720)); err != nil {
		t.Fatal(err)
	}
}

// screenshot writes what shoot takes to the artifacts as a11y-<name>.
func (c *a11yChecker) screenshot(name string, shoot chromedp.Action[[]byte]) {
	shot, err := runStep(c.ctx, shoot)
	if err != nil {
		c.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(c.artifacts, "a11y-"+name), shot, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// focusJS describes the focused element, whether it shows a focus
// indicator (an outline or a box shadow on it, or on the label that wraps
// it: the kind filters ring their whole label) and whether it is in sight:
// some of it in the viewport and not under the sticky search bar or
// another element (WCAG 2.4.11), sampled on a 5×5 grid.
const focusJS = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body) return JSON.stringify({name: "body"});
	const shows = (x) => {
		const st = getComputedStyle(x);
		return (st.outlineStyle !== "none" && parseFloat(st.outlineWidth) > 0) || st.boxShadow !== "none";
	};
	const ring = shows(e) || (e.closest("label") !== null && shows(e.closest("label")));
	const own = e.closest("label") || e, r = e.getBoundingClientRect();
	let seen = false;
	for (let i = 0; i < 5 && !seen; i++) for (let j = 0; j < 5 && !seen; j++) {
		const h = document.elementFromPoint(r.left + (i + 0.5) * r.width / 5, r.top + (j + 0.5) * r.height / 5);
		seen = h !== null && (own.contains(h) || h.contains(e));
	}
	const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().replace(/\s+/g, ".") : "");
	const key = e.id || name + ":" + [...document.querySelectorAll(e.tagName)].indexOf(e);
	return JSON.stringify({name, key, ring, seen});
})()`

// controlsJS counts the visible controls a keyboard user must reach: not
// those taken out of the tab order (the links of a collapsed answer).
const controlsJS = `[...document.querySelectorAll("a[href], button, input, textarea, select, [tabindex]")]
	.filter(e => e.getAttribute("tabindex") !== "-1")
	.filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== "hidden").length`

// checkKeyboard tabs once around the page forwards and once backwards
// (Shift+Tab scrolls upwards, under the sticky search bar) and fails when
// a focused control shows no focus indicator or is hidden from sight, or
// when Tab misses a visible control; mode names the run in messages.
func (c *a11yChecker) checkKeyboard(s a11yState, mode string) {
	t := c.t
	want := c.settledControls(s)
	for _, back := range []bool{false, true} {
		var opts []chromedp.KeyOption
		dir := "Tab"
		if back {
			opts, dir = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift)), "Shift+Tab"
		}
		seen := c.tabRound(s, dir+mode, 2*want+10, opts)
		if len(seen) < want {
			// The page may have been redrawing (a list refetched after
			// an action): go round once more on the settled page. A
			// control Tab cannot reach is missed again.
			want = c.settledControls(s)
			seen = c.tabRound(s, dir+mode, 2*want+10, opts)
		}
		if len(seen) < want {
			t.Errorf("%s%s: %s reached %d of the %d visible controls", s.name, mode, dir, len(seen), want)
		}
		if _, err := runStep(c.ctx, chromedp.Evaluate[bool](`document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true`)); err != nil {
			t.Fatal(err)
		}
	}
}

// settledControls counts the visible controls (controlsJS) once the
// count holds still for two reads 200 ms apart, 5 s at most: a page that
// refetches a list after an action redraws it a moment later.
func (c *a11yChecker) settledControls(s a11yState) int {
	last := -1
	for range 25 {
		n, err := runStep(c.ctx, chromedp.Evaluate[int](controlsJS))
		if err != nil {
			c.t.Fatalf("%s: count controls: %v", s.name, err)
		}
		if n == last {
			return n
		}
		last = n
		time.Sleep(200 * time.Millisecond)
	}
	return last
}

// tabRound presses Tab (with opts) until focus comes back to the first
// control it reached, at most max times, checks each control's focus
// indicator and sight on its first visit, and returns those it reached.
func (c *a11yChecker) tabRound(s a11yState, how string, max int, opts []chromedp.KeyOption) map[string]bool {
	t := c.t
	seen := map[string]bool{}
	first := ""
	for i := 0; i < max; i++ {
		if err := a11yDo(c.ctx, chromedp.KeyEvent(kb.Tab, opts...)); err != nil {
			t.Fatalf("%s: %s: %v", s.name, how, err)
		}
		raw, err := runStep(c.ctx, chromedp.Evaluate[string](focusJS))
		if err != nil {
			t.Fatalf("%s: read focus: %v", s.name, err)
		}
		var f struct {
			Name, Key  string
			Ring, Seen bool
		}
		if err := json.Unmarshal([]byte(raw), &f); err != nil {
			t.Fatal(err)
		}
		if f.Name == "body" {
			continue // past the last control, before the first
		}
		if f.Key == first {
			break // once around
		}
		if first == "" {
			first = f.Key
		}
		if !seen[f.Key] && !f.Ring {
			t.Errorf("%s (%s): %s has focus but no visible focus indicator", s.name, how, f.Name)
		}
		if !seen[f.Key] && !f.Seen {
			t.Errorf("%s (%s): %s has focus but is hidden (off screen or under another element)", s.name, how, f.Name)
		}
		seen[f.Key] = true
	}
	return seen
}

// a11yDo runs steps with a generous bound against hangs.
func a11yDo(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) error {
	sctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	return chromedp.Do(sctx, steps...)
}

// check runs every check on one state and returns the number of axe-core
// violations, failing ones and all.
func (c *a11yChecker) check(s a11yState) (failing, all int) {
	t := c.t
	if err := c.open(s); err != nil {
		page, _ := runStep(c.ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 600)`))
		t.Fatalf("%s: reach the state: %v\npage: %s", s.name, err, page)
	}
	if lang, _ := runStep(c.ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "ja" {
		t.Errorf("%s: <html lang=%q>, want ja", s.name, lang)
	}
	rep, err := c.runAxe(s.name)
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	for _, v := range rep.Violations {
		all++
		msg := fmt.Sprintf("%s: axe-core %s %s (%s) on %d element(s)", s.name, v.Impact, v.ID, v.Help, len(v.Nodes))
		for i, n := range v.Nodes {
			if i == 3 {
				msg += "\n    …"
				break
			}
			msg += fmt.Sprintf("\n    %v: %s", n.Target, strings.ReplaceAll(n.FailureSummary, "\n", " "))
		}
		if s.failing(v.Impact) {
			failing++
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
	c.checkLiveRegions(s)
	c.checkMotion(s)
	c.checkKeyboard(s, "")
	c.checkForcedColors(s)
	c.checkTextSpacing(s)
	c.checkTargets(s)
	c.checkReflow(s)
	return failing, all
}

// TestA11yBrowser runs axe-core 4 against every state of the staff page,
// the duplicates page and the insights page, tabs through each, and checks
// that none scrolls sideways at 1280×720, at 200 % zoom or at 320 px. The reports
// (a11y-<state>.json), the 200 % screenshots and a summary go to
// $SOUDAN_ARTIFACTS.
func TestA11yBrowser(t *testing.T) {
	axeFile := axePath(t)
	src, err := os.ReadFile(axeFile)
	if err != nil {
		t.Fatal(err)
	}
	// The desk manual itself, so that the pages show real entries: long
	// answers, links, the duplicate pairs editors see, and insights over
	// a few recorded searches.
	eng := mustDefaultEngine(t)
	f, st := seedDupes(t)
	svc := insights.New(insights.Config{
		Store: st, Mask: mask.New(index.Default().Tokenizer()).Mask, Logger: quietLogger(),
		Corpus: eng.Corpus,
	})
	seedInsights(t, svc, eng)
	srv := web.New(web.Config{Engine: eng, Dupes: f, Insights: svc, Logger: quietLogger()})
	high := web.New(web.Config{Engine: forcedEngine{eng, retrieval.ConfidenceHigh}, Logger: quietLogger()})
	low := web.New(web.Config{Engine: forcedEngine{eng, retrieval.ConfidenceLow}, Logger: quietLogger()})
	token := web.New(web.Config{Engine: eng, Dupes: f, EditorToken: "a11y-test-token", Logger: quietLogger()})
	ch := &a11yChecker{t: t, ctx: newBrowser(t), axe: string(src), artifacts: searchArtifactDir(t),
		base: map[string]string{"": startHTTP(t, srv), "high": startHTTP(t, high), "low": startHTTP(t, low), "token": startHTTP(t, token)}}
	if err := chromedp.Do(ch.ctx, chromedp.Navigate(ch.base[""]+"/")); err != nil { // starts the browser: no step bound
		t.Fatal(err)
	}

	var summary strings.Builder
	fmt.Fprintf(&summary, "%-22s %8s %5s\n", "state", "failing", "all")
	for _, s := range a11yStates(uncoveredCall(t, ch.base[""])) {
		failing, all := ch.check(s)
		fmt.Fprintf(&summary, "%-22s %8d %5d\n", s.name, failing, all)
	}
	t.Logf("axe-core (%s) violations per page state:\n%s", axeFile, summary.String())
	if err := os.WriteFile(filepath.Join(ch.artifacts, "a11y-summary.txt"), []byte(summary.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// forcedEngine answers as its engine does, but with the given confidence:
// the page's high or low state over real results and cards, whatever the
// engine's thresholds make of a given query.
type forcedEngine struct {
	*retrieval.Engine
	level retrieval.Confidence
}

func (e forcedEngine) Search(ctx context.Context, q retrieval.Query) (*retrieval.Response, error) {
	resp, err := e.Engine.Search(ctx, q)
	if err == nil {
		resp.Confidence = e.level
	}
	return resp, err
}

// uncoveredCall returns a call the manual does not cover that the engine
// answers with confidence none (issue #9's examples; it must say none for
// at least one of them).
func uncoveredCall(t *testing.T, base string) string {
	t.Helper()
	calls := []string{"隣の家の犬が夜中ずっと吠えていてうるさい", "確定申告のやり方", "労災の手続き"}
	for _, q := range calls {
		if sr := apiSearch(t, base, q); sr.Confidence == "none" && len(sr.Routing) > 0 {
			return q
		}
	}
	t.Fatalf("the engine answers none of %q with confidence none and routing", calls)
	return ""
}

// seedInsights records searches and feedback, so that the insights page
// has a chart, groups, rated entries and recent searches to show.
func seedInsights(t *testing.T, svc *insights.Service, eng *retrieval.Engine) {
	t.Helper()
	ids := []string{eng.Corpus().Entries[0].ID, eng.Corpus().Entries[1].ID}
	for i, ev := range []insights.SearchEvent{
		{Query: "隣の家の犬がうるさい", Confidence: "none", Results: ids, Event: "idle"},
		{Query: "隣の犬の鳴き声がうるさい", Confidence: "none", Results: ids, Event: "feedback"},
		{Query: "スマホの調子がおかしい", Confidence: "low", Results: ids, Event: "open"},
		{Query: "身に覚えのない請求が届いた", Confidence: "high", Results: ids, Event: "copy"},
	} {
		id, err := svc.RecordSearch(context.Background(), ev)
		if err != nil {
			t.Fatal(err)
		}
		fb := insights.FeedbackEvent{SearchID: id, Verdict: "none"}
		if i == 3 {
			fb = insights.FeedbackEvent{SearchID: id, Verdict: "helpful", EntryID: ids[0]}
		} else if i != 1 {
			continue
		}
		if _, err := svc.RecordFeedback(context.Background(), fb); err != nil {
			t.Fatal(err)
		}
	}
}

// a11yStates lists the page states TestA11yBrowser checks; uncovered is a
// call the engine answers with confidence none.
func a11yStates(uncovered string) []a11yState {
	return append(staffA11yStates(uncovered), editorA11yStates()...)
}

// staffA11yStates lists the staff page's states.
func staffA11yStates(uncovered string) []a11yState {
	query := "/?q=" + url.QueryEscape("身に覚えのない請求が届いた")
	return []a11yState{
		{name: "staff-empty", staff: true, path: "/", ready: "#q"},
		// Beyond axe-core: the live region announces the count, each copy
		// button names the answer it copies, each referral card says its
		// kind and its source in words, and the meaning-carrying borders
		// (cards, kind badges) stand out at 3:1.
		{name: "staff-results", staff: true, site: "high", path: query, ready: "#results .result", full: true,
			done: `/^\d+件の回答候補$/.test(document.getElementById("status").textContent) &&
				[...document.querySelectorAll("#results .result")].every(li =>
					li.querySelector(".copy").textContent.includes(li.querySelector(".result-title").textContent)) &&
				[...document.querySelectorAll(".referral-card")].every(c =>
					c.querySelector(".badge").textContent.trim() !== "" && c.querySelector(".from").textContent.startsWith("根拠：")) &&
				` + bordersJS},
		// Typed a character at a time, with pauses longer than the
		// search's debounce: the live region says the count once, when
		// the typing stops, not 「検索中…」 and a count at every key.
		{name: "staff-typed", staff: true, path: "/", ready: "#q", then: typeSlowly("請求が届いた"),
			done: `/^\d+件の回答候補$/.test(document.getElementById("status").textContent) &&
				window.__said.filter(s => s !== "").length === 1`},
		// Keys that confirm or cancel an IME conversion (Esc, Enter, ↓,
		// /) belong to the IME: the page's shortcuts leave the box, its
		// text and the focus as they are.
		{name: "staff-ime-composing", staff: true, site: "high", path: query, ready: "#results .result",
			then: []chromedp.Action[chromedp.Void]{chromedp.Focus(chromedp.ID("q")), jsStep(composingKeysJS)}},
		// The server is down, and a search that never answers: said in
		// the notice (role alert) and in the status (検索中…).
		{name: "staff-error", staff: true, path: "/", ready: "#q", then: failedSearch(`["down"]`),
			done: `document.getElementById("notice").getAttribute("role") === "alert" &&
				document.getElementById("notice").textContent.includes("サーバーに接続できませんでした")`},
		{name: "staff-loading", staff: true, path: "/", ready: "#q", then: failedSearch(`["hang"]`),
			done: `document.getElementById("status").textContent === "検索中…"`},
		// A result whose own referral line holds a long URL: it wraps at
		// 320 px instead of scrolling the page sideways.
		{name: "staff-results-url", staff: true, site: "high", path: "/?q=" + url.QueryEscape("通販で買った商品が届かない"),
			ready: "#results .result", done: `!!document.querySelector("#results .result-refs a.url")`},
		{name: "staff-confidence-low", staff: true, site: "low", path: query, ready: "#results .result",
			done: `!document.getElementById("confidence").hidden &&
				document.getElementById("confidence-heading").textContent === "はっきり該当する回答はありません" &&
				document.getElementById("results-heading").textContent.startsWith("関連する項目")`},
		// The manual has nothing on the call: the page says so, shows the
		// desk's routing and no referral card; ArrowDown from the box goes
		// to the first routing entry.
		{name: "staff-confidence-none", staff: true, path: "/?q=" + url.QueryEscape(uncovered), ready: "#routing .result", full: true,
			then: []chromedp.Action[chromedp.Void]{chromedp.Focus(chromedp.ID("q")), chromedp.KeyEvent(kb.ArrowDown)},
			done: `document.activeElement === document.querySelector("#routing .result") &&
				!document.getElementById("confidence").hidden &&
				document.getElementById("confidence-heading").textContent === "マニュアルに該当する回答が見つかりません" &&
				document.getElementById("referrals-section").hidden &&
				document.querySelectorAll("#referrals .referral-card, #results .result-refs").length === 0`},
		{name: "staff-entry-in-manual", staff: true, site: "high", path: query, ready: "#results .result",
			then: []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS("#results .result .context-toggle"))},
			done: `!!document.querySelector("#results .result .context-panel .current[aria-current=true]")`},
	}
}

// editorA11yStates lists the states of the editors' pages and their
// login form.
func editorA11yStates() []a11yState {
	return []a11yState{
		{name: "duplicates-list", path: "/duplicates", ready: "article.pair", full: true},
		// A pair marked 「重複ではない」, shown again with the others.
		{name: "duplicates-diff-marked", path: "/duplicates?all=1", ready: "article.pair",
			then: []chromedp.Action[chromedp.Void]{jsStep(`(() => {
				const p = [...document.querySelectorAll("article.pair:not(.marked)")]
					.find(p => p.querySelector(".left .text").textContent !== p.querySelector(".right .text").textContent);
				if (p) p.querySelector("button.mark").click();
				return !!p;
			})()`)},
			done: `!!document.querySelector("article.pair.marked")`},
		// Enter that confirms a conversion in the threshold box does not
		// apply the half-typed value.
		{name: "duplicates-ime-composing", path: "/duplicates", ready: "article.pair",
			then: []chromedp.Action[chromedp.Void]{chromedp.Focus(chromedp.ID("threshold")), jsStep(`(() => {
				const b = document.getElementById("threshold");
				b.value = "5";
				b.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", keyCode: 229, isComposing: true, bubbles: true}));
				return document.getElementById("threshold-error").hidden && b.getAttribute("aria-invalid") !== "true";
			})()`)}},
		{name: "duplicates-draft-check", path: "/duplicates", ready: "article.pair",
			then: []chromedp.Action[chromedp.Void]{
				chromedp.SetValue(chromedp.ID("draft"), "ランサムウェアに感染してしまったので、調査をしてくれる業者を紹介してほしい"),
				chromedp.Click(chromedp.ID("check")),
			},
			done: `document.querySelectorAll("#check-results li").length > 0`},
		// The marks store cannot be read: the server's English reason,
		// inside the Japanese message, is marked lang="en" (WCAG 3.1.2).
		{name: "duplicates-marks-error", path: "/duplicates", ready: "article.pair",
			then: []chromedp.Action[chromedp.Void]{jsStep(`(() => {
				const real = window.fetch;
				window.fetch = (u, o) => real(u, o).then(r => String(u).startsWith("/api/duplicates?") || u === "/api/duplicates"
					? r.json().then(b => new Response(JSON.stringify(Object.assign(b, {marks_error: "read marks: permission denied"})), {status: 200}))
					: r);
				document.getElementById("reload").click();
				return true;
			})()`)},
			done: `(() => {
				const e = document.getElementById("error"), en = e.querySelector("[lang=en]");
				return !e.hidden && en !== null && en.textContent.includes("permission denied") &&
					e.textContent.replace(en.textContent, "").indexOf("permission") < 0;
			})()`},
		// A draft the server refuses (empty): the message describes the
		// text area, marked invalid (WCAG 3.3.1).
		{name: "duplicates-draft-error", path: "/duplicates", ready: "article.pair",
			then: []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.ID("check"))},
			done: `(() => {
				const d = document.getElementById("draft"), e = document.getElementById("check-error");
				return !e.hidden && d.getAttribute("aria-invalid") === "true" &&
					(d.getAttribute("aria-describedby") || "").split(" ").includes("check-error");
			})()`},
		{name: "editor-login", site: "token", path: "/duplicates", ready: "#token"},
		{name: "editor-login-error", site: "token", path: "/insights", ready: "#token",
			then: []chromedp.Action[chromedp.Void]{
				chromedp.SendKeys(chromedp.ID("token"), "wrong"+kb.Enter),
				chromedp.WaitVisible(chromedp.CSS(".login .error")),
			},
			// The message is the field's description (WCAG 3.3.1).
			done: `document.activeElement === document.getElementById("token") &&
				document.getElementById("token").getAttribute("aria-invalid") === "true" &&
				document.getElementById(document.getElementById("token").getAttribute("aria-describedby")).textContent.includes("正しくありません")`},
		{name: "insights", path: "/insights", ready: "#controls", full: true,
			done: `document.getElementById("summary").textContent.includes("検索 ") && document.querySelectorAll("#recent tbody tr").length > 0`},
		// Every folded part open: the daily table, groups, unseen entries.
		{name: "insights-details-open", path: "/insights", ready: "#controls",
			done: `document.querySelectorAll("#recent tbody tr").length > 0 &&
				(document.querySelectorAll("details").forEach(d => d.open = true), true)`},
	}
}

// composingKeysJS presses Esc, ↓, / and c in the search box as an IME
// conversion in progress sends them (isComposing, keyCode 229) and is
// true when the box kept its text and the focus.
const composingKeysJS = `(() => {
	const q = document.getElementById("q"), before = q.value;
	for (const key of ["Escape", "ArrowDown", "/", "c", "Enter"])
		q.dispatchEvent(new KeyboardEvent("keydown", {key, keyCode: 229, isComposing: true, bubbles: true, cancelable: true}));
	return q.value === before && document.activeElement === q && document.querySelectorAll("#results .result").length > 0;
})()`

// failedSearch submits a search that fails as fails queues (failFetchJS).
func failedSearch(fails string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{jsStep(failFetchJS + ` && (window.__fails = ` + fails +
		`, document.getElementById("q").value = "身に覚えのない請求が届いた", document.getElementById("search-form").requestSubmit(), true)`)}
}

// typeSlowly types text into the search box a character at a time, 300
// ms apart, and records in window.__said every text the status live
// region takes meanwhile.
func typeSlowly(text string) []chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{
		jsStep(`(() => {
			const st = document.getElementById("status");
			window.__said = [];
			new MutationObserver(() => window.__said.push(st.textContent)).observe(st, {childList: true, characterData: true, subtree: true});
			return true;
		})()`),
		chromedp.Focus(chromedp.ID("q")),
	}
	for _, r := range text {
		steps = append(steps, chromedp.KeyEvent(string(r)), chromedp.Sleep(300*time.Millisecond))
	}
	return steps
}

// bordersJS is true when every meaning-carrying border on the staff page
// (the referral cards' action colour, the kind badges') has a contrast of
// at least 3:1 with the background it sits on (WCAG 1.4.11).
const bordersJS = `(() => {
	const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
	const lum = (c) => {
		const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	const page = getComputedStyle(document.body).backgroundColor === "rgba(0, 0, 0, 0)"
		? getComputedStyle(document.documentElement).backgroundColor : getComputedStyle(document.body).backgroundColor;
	const cards = [...document.querySelectorAll(".referral-card")].every(c => ratio(getComputedStyle(c).borderLeftColor, "rgb(255, 255, 255)") >= 3);
	const kinds = [...document.querySelectorAll(".result .badge.kind")].every(b =>
		ratio(getComputedStyle(b).borderTopColor, getComputedStyle(b).backgroundColor) >= 3 &&
		ratio(getComputedStyle(b).borderTopColor, "rgb(255, 255, 255)") >= 3);
	return cards && kinds && page !== "";
})()`

// jsStep runs a JavaScript expression that must come out true.
func jsStep(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := chromedp.Evaluate[bool](expr)(ctx, t)
		if err == nil && !ok {
			err = fmt.Errorf("%s: false", expr)
		}
		return err
	})
}
