package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/index"
)

// chromiumPath finds the browser for TestBrowser: $CHROME_PATH, else
// /usr/bin/chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	return browserTool(t, "CHROME_PATH", "/usr/bin/chromium", "install chromium")
}

// browserTool returns the file the browser tests need: $env, else def.
// Without it the test skips, unless SOUDAN_REQUIRE_BROWSER=1 (CI), where it
// fails; install says how to get it.
func browserTool(t *testing.T, env, def, install string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		p = def
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("SOUDAN_REQUIRE_BROWSER") == "1" {
			t.Fatalf("no %s (SOUDAN_REQUIRE_BROWSER=1): %s or set %s: %v", p, install, env, err)
		}
		t.Skipf("no %s: %s or set %s (set SOUDAN_REQUIRE_BROWSER=1 to make this a failure)", p, install, env)
	}
	return p
}

// searchArtifactDir is where the test writes screenshots: $SOUDAN_ARTIFACTS, or
// a temporary folder.
func searchArtifactDir(t *testing.T) string {
	if d := os.Getenv("SOUDAN_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// startHTTP serves h on a free loopback port with the production
// http.Server settings and returns its base URL.
func startHTTP(t testing.TB, s interface {
	http.Handler
	HTTPServer(string) *http.Server
}) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return "http://" + ln.Addr().String()
}

// newBrowser starts headless Chromium with a fresh profile.
func newBrowser(t *testing.T) context.Context {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	// One generous bound for the whole test, so a hung browser fails the
	// test rather than the test binary; no step is timed.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(bcancel)
	return bctx
}

// browserStep is one named step of a browser test. A test's steps run in
// order in one browser, each from the page the step before it left.
type browserStep struct {
	name string
	run  func(t *testing.T)
}

// runBrowserSteps runs steps in order, each as a subtest of t. A step that
// stops (t.Fatal) stops the test: the steps after it would start from a
// state (the page, what the server stored) it did not bring about. One
// that only reports errors lets them run. A step that -run leaves out ends
// the test there, for the same reason: -run can pick the first steps, not
// one in the middle.
func runBrowserSteps(t *testing.T, steps []browserStep) {
	t.Helper()
	for _, s := range steps {
		started, finished := false, false
		t.Run(s.name, func(t *testing.T) {
			started = true
			s.run(t)
			finished = true
		})
		switch {
		case !started:
			t.Skipf("-run leaves out step %q, and the steps after it need the state it leaves", s.name)
		case !finished:
			t.Fatalf("step %q stopped: the steps after it need the state it was to leave", s.name)
		}
	}
}

// browserPage is the browser tab that a test's steps drive in turn, on
// the server at base; screenshots go to artifacts.
type browserPage struct {
	ctx       context.Context
	base      string
	artifacts string
}

// must fails the test when err is set, with what failed and the page the
// browser shows (its URL and the start of its text).
func (p *browserPage) must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		page, _ := runStep(p.ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 800)`))
		t.Fatalf("%s: %v\npage: %s", what, err, page)
	}
}

// eval evaluates a JavaScript expression that returns a string.
func (p *browserPage) eval(t *testing.T, expr string) string {
	t.Helper()
	v, err := runStep(p.ctx, chromedp.Evaluate[string](expr))
	p.must(t, expr, err)
	return v
}

// poll waits until a JavaScript expression is true, 30 s at most (a bound
// against hangs); what names the wait when it fails.
func (p *browserPage) poll(t *testing.T, what, expr string) {
	t.Helper()
	_, err := runStep(p.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second)))
	p.must(t, what, err)
}

// screenshot writes what shoot takes to the artifacts as name and returns
// its path; what names the shot when it fails.
func (p *browserPage) screenshot(t *testing.T, what, name string, shoot chromedp.Action[[]byte]) string {
	t.Helper()
	shot, err := runStep(p.ctx, shoot)
	p.must(t, what, err)
	path := filepath.Join(p.artifacts, name)
	p.must(t, "write the screenshot", os.WriteFile(path, shot, 0o644))
	return path
}

// browserCaller is what the caller says in TestBrowser.
const browserCaller = "身に覚えのない請求が届いた"

// TestBrowser drives the staff page in a real browser the way desk staff
// use it on the phone: type the caller's words, read the referral cards
// and the top answer, copy it, move through the results with the keyboard
// and look up an entry's place in the manual.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	s := staffSteps{&browserPage{ctx: ctx, base: startHTTP(t, newServer(mustDefaultEngine(t))), artifacts: searchArtifactDir(t)}}
	runBrowserSteps(t, []browserStep{
		{"open the page", s.open},
		{"type the caller's words", s.search},
		{"copy the top answer", s.copyAnswer},
		{"copy without the clipboard API", s.copyFallback},
		{"links of collapsed answers", s.collapsedLinks},
		{"keyboard", s.keyboard},
		{"the entry's place in the manual", s.manualPlace},
		{"reopen the shared URL", s.reopen},
		{"a query the manual has nothing on", s.nothingOn},
		{"failed searches", func(t *testing.T) { checkSearchFailures(t, ctx, browserCaller) }},
		{"↑ and ↓ at 375 px", func(t *testing.T) { checkNarrowKeyboard(t, ctx) }},
		{"no kind checked", s.noKind},
	})
	if err := ctx.Err(); errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("the browser test ran out of time")
	}
}

// staffSteps are TestBrowser's steps on the staff page.
type staffSteps struct{ *browserPage }

// open opens the staff page and lets it use the clipboard.
func (s staffSteps) open(t *testing.T) {
	s.must(t, "open the page", chromedp.Do(s.ctx, // starts the browser: no step bound
		chromedp.Navigate(s.base+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	for _, name := range []string{"clipboard-write", "clipboard-read"} {
		_, err := chromedp.CallBrowser(s.ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name},
			Setting:    browser.PermissionSettingGranted,
			Origin:     s.base,
		})
		if err != nil {
			t.Logf("granting %s: %v", name, err)
		}
	}
}

// search types what the caller says; results appear as the words are
// typed, with the referral cards, a titled top result, the query's words
// highlighted and the query in the URL.
func (s staffSteps) search(t *testing.T) {
	s.must(t, "type the query", a11yDo(s.ctx,
		chromedp.SendKeys(chromedp.ID("q"), browserCaller),
		chromedp.WaitVisible(chromedp.CSS("#results .result")),
		chromedp.WaitVisible(chromedp.CSS("#referrals .referral-card")),
	))
	s.screenshot(t, "screenshot the first screen", "browser-search-top.png", chromedp.CaptureScreenshot())
	refs, err := runStep(s.ctx, chromedp.Text(chromedp.CSS("#referrals")))
	s.must(t, "read the referral cards", err)
	if !strings.Contains(refs, "消費者ホットライン") {
		t.Errorf("referral cards lack 消費者ホットライン:\n%s", refs)
	}
	title, err := runStep(s.ctx, chromedp.Text(chromedp.CSS("#results .result .result-title")))
	s.must(t, "read the top title", err)
	if strings.TrimSpace(title) == "" {
		t.Error("the top result has no visible title")
	}
	if n := s.eval(t, `String(document.querySelectorAll("#results .result mark").length)`); n == "0" {
		t.Error("no query term is highlighted")
	}
	// Highlights are whole words of the analyser (身に覚えのない請求が届いた:
	// 身, 覚え, 請求, 届い), never a run of characters the query shares
	// with the text.
	marks := s.eval(t, `Array.from(document.querySelectorAll("#results .result mark")).map(m => m.textContent).join("|")`)
	want := map[string]bool{}
	for _, w := range index.Default().Words(browserCaller) {
		want[w] = true
	}
	for _, m := range strings.Split(marks, "|") {
		if m != "" && !want[m] {
			t.Errorf("highlighted %q is not one of the query's words %v", m, want)
		}
	}
	loc, err := runStep(s.ctx, chromedp.Location())
	s.must(t, "read the location", err)
	if !strings.Contains(loc, "q=") {
		t.Errorf("the URL %s does not hold the query", loc)
	}
}

// copyAnswer copies the top answer. A spy records what the page hands the
// clipboard; the button must confirm the copy.
func (s staffSteps) copyAnswer(t *testing.T) {
	s.eval(t, `(() => {
		window.__copied = null;
		if (navigator.clipboard) {
			const orig = navigator.clipboard.writeText.bind(navigator.clipboard);
			navigator.clipboard.writeText = (t) => { window.__copied = t; return orig(t); };
		}
		return "";
	})()`)
	s.must(t, "click 回答をコピー", a11yDo(s.ctx, chromedp.Click(chromedp.CSS("#results .result .copy"))))
	s.poll(t, "wait for the コピーしました feedback",
		`document.querySelector("#results .result .copy").textContent === "コピーしました"`)
	answer := s.eval(t, `document.querySelector("#results .result .answer").textContent`)
	if copied := s.eval(t, `String(window.__copied)`); copied != "null" && copied != answer {
		t.Errorf("copied %q, want the answer %q", copied, answer)
	}
	if clip, err := runStep(s.ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)); err == nil {
		if clip != answer {
			t.Errorf("clipboard holds %q, want the answer %q", clip, answer)
		}
	} else {
		t.Logf("clipboard not readable here (%v); checked the feedback and the spy", err)
	}
}

// copyFallback copies without the clipboard API (a plain-HTTP LAN page):
// the page copies through a temporary text area and gives focus back to
// the button.
func (s staffSteps) copyFallback(t *testing.T) {
	s.eval(t, `(() => {
		if (navigator.clipboard) navigator.clipboard.writeText = () => Promise.reject(new Error("insecure"));
		const exec = document.execCommand.bind(document);
		document.execCommand = (c) => { window.__fellBack = true; return exec(c); };
		document.querySelector("#results .result .copy").focus();
		document.querySelector("#results .result .copy").click();
		return "";
	})()`)
	_, err := runStep(s.ctx, chromedp.Poll[bool](`window.__fellBack === true && !document.querySelector("textarea.offscreen")`, chromedp.WithPollingTimeout(10*time.Second)))
	s.must(t, "wait for the fallback copy", err)
	if got := s.eval(t, `document.activeElement.className`); !strings.Contains(got, "copy") {
		t.Errorf("after the fallback copy focus is on %q, want the copy button", got)
	}
}

// collapsedLinks checks that a collapsed answer's links are out of the
// tab order (they would be focused clipped), and that the result's other
// links do not repeat them.
func (s staffSteps) collapsedLinks(t *testing.T) {
	links := s.eval(t, `(() => {
		const rs = [...document.querySelectorAll("#results .result")];
		const clamped = rs.filter(li => li.classList.contains("long") && !li.classList.contains("expanded"))
			.flatMap(li => [...li.querySelectorAll(".answer a")]);
		const repeated = rs.filter(li => [...li.querySelectorAll(".result-extra a")].some(x =>
			[...li.querySelectorAll(".answer a")].some(a => a.href === x.href)));
		return clamped.length + " " + clamped.filter(a => a.tabIndex !== -1).length + " " + repeated.length;
	})()`)
	if f := strings.Fields(links); len(f) != 3 || f[0] == "0" || f[1] != "0" || f[2] != "0" {
		t.Errorf("links in collapsed answers, those still tabbable, results repeating an answer's link = %s; want n>0, 0, 0", links)
	}
}

// keyboard: ArrowDown from the box moves to the first result, again to
// the second; Enter expands it; / returns to the box.
func (s staffSteps) keyboard(t *testing.T) {
	s.must(t, "focus the box", a11yDo(s.ctx, chromedp.Focus(chromedp.ID("q"))))
	s.must(t, "ArrowDown", a11yDo(s.ctx, chromedp.KeyEvent(kb.ArrowDown)))
	if got := s.eval(t, `document.activeElement.dataset.index || document.activeElement.id`); got != "0" {
		t.Errorf("after ArrowDown focus is on %q, want result 0", got)
	}
	s.must(t, "ArrowDown", a11yDo(s.ctx, chromedp.KeyEvent(kb.ArrowDown)))
	if got := s.eval(t, `document.activeElement.dataset.index || document.activeElement.id`); got != "1" {
		t.Errorf("after a second ArrowDown focus is on %q, want result 1", got)
	}
	if got := s.eval(t, `getComputedStyle(document.activeElement).boxShadow`); got == "none" {
		t.Error("the focused result has no visible focus ring")
	}
	s.must(t, "Enter", a11yDo(s.ctx, chromedp.KeyEvent(kb.Enter)))
	if got := s.eval(t, `String(document.activeElement.classList.contains("expanded"))`); got != "true" {
		t.Error("Enter did not expand the focused result")
	}
	if got := s.eval(t, `String([...document.activeElement.querySelectorAll(".answer a")].filter(a => a.tabIndex === -1).length)`); got != "0" {
		t.Errorf("%s links of the expanded answer are out of the tab order", got)
	}
	// A key the page handles on keydown is sent without its char event, as
	// a browser does not insert it once keydown is canceled.
	s.must(t, "/", a11yDo(s.ctx, pressKey("/", "Slash", 191)))
	if got := s.eval(t, `document.activeElement.id`); got != "q" {
		t.Errorf("after / focus is on %q, want the search box", got)
	}
}

// manualPlace shows the entry's place in the manual, with the current
// entry marked aria-current, and keeps a screenshot of the whole page.
func (s staffSteps) manualPlace(t *testing.T) {
	s.eval(t, `window.scrollTo(0, 0), ""`) // keep the button clear of the sticky search bar
	s.must(t, "show the entry in the manual", a11yDo(s.ctx,
		chromedp.Click(chromedp.CSS("#results .result .context-toggle")),
		chromedp.WaitVisible(chromedp.CSS("#results .result .context-panel .current")),
	))
	if got := s.eval(t, `document.querySelector("#results .result .context-panel .current").getAttribute("aria-current") || ""`); got != "true" {
		t.Errorf("the current entry in the manual has aria-current %q, want true", got)
	}
	path := s.screenshot(t, "screenshot", "browser-search.png", chromedp.FullScreenshot(100))
	t.Logf("screenshots: %s and browser-search-top.png beside it", path)
}

// reopen opens the page's URL (shared or reloaded), which restores the
// search.
func (s staffSteps) reopen(t *testing.T) {
	loc, err := runStep(s.ctx, chromedp.Location())
	s.must(t, "read the location", err)
	s.must(t, "open the shared URL", a11yDo(s.ctx,
		chromedp.Navigate(loc),
		chromedp.WaitVisible(chromedp.CSS("#results .result")),
	))
	if v, err := runStep(s.ctx, chromedp.Value(chromedp.ID("q"))); err != nil || v != browserCaller {
		t.Errorf("after reload the box holds %q (%v), want %q", v, err, browserCaller)
	}
}

// nothingOn searches for what the manual has nothing on: the page says so
// plainly (confidence none), and for a query with no hit at all shows
// 該当なし. Whether a query hits is the engine's business, so it asks the
// API first and expects the page to agree.
func (s staffSteps) nothingOn(t *testing.T) {
	const nonsense = "ｚｚｚ"
	sr := apiSearch(t, s.base, nonsense)
	hits := len(sr.Results)
	s.must(t, "search for nonsense", a11yDo(s.ctx,
		chromedp.Clear(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), nonsense),
	))
	s.poll(t, "wait for the nonsense search",
		`new URLSearchParams(location.search).get("q") === "`+nonsense+`" && document.getElementById("status").textContent.includes("件")`)
	shown := s.eval(t, `String(document.querySelectorAll("#results .result").length)`)
	if shown != strconv.Itoa(hits) {
		t.Errorf("page shows %s results, the API %d", shown, hits)
	}
	switch {
	case sr.Confidence == "none":
		if banner := s.eval(t, `document.getElementById("confidence").hidden ? "" : document.getElementById("confidence").textContent`); !strings.Contains(banner, "マニュアルに該当する回答が見つかりません") {
			t.Errorf("confidence none, but the page does not say マニュアルに該当する回答が見つかりません: %q", banner)
		}
	case hits == 0:
		if empty := s.eval(t, `document.getElementById("empty").hidden ? "" : document.getElementById("empty").textContent`); !strings.Contains(empty, "該当なし") {
			t.Errorf("no hit, but no 該当なし: %q", empty)
		}
	default:
		t.Logf("%q has %d hits (confidence %s); 該当なし not exercised", nonsense, hits, sr.Confidence)
	}
}

// noKind unchecks every kind, which is kept in the URL (an empty kinds=).
func (s staffSteps) noKind(t *testing.T) {
	if got := s.eval(t, `(() => {
		document.querySelectorAll('input[name="kinds"]').forEach(b => { b.checked = false; b.dispatchEvent(new Event("change")); });
		const p = new URLSearchParams(location.search);
		return p.has("kinds") && p.get("kinds") === "" ? "ok" : location.search;
	})()`); got != "ok" {
		t.Errorf("with no kind checked the URL is %q, want an empty kinds=", got)
	}
}

// failFetchJS makes the page's next searches fail as queued in
// window.__fails: "down" as an unreachable server, "hang" as one that
// never answers, {status, body,
// headers} as that answer; the queue empty, searches go through.
const failFetchJS = `(() => {
	window.__realFetch = window.__realFetch || window.fetch;
	window.__fails = [];
	window.fetch = (u, o) => {
		if (u !== "/api/search" || !window.__fails.length) return window.__realFetch(u, o);
		const f = window.__fails.shift();
		if (f === "down") return Promise.reject(new TypeError("Failed to fetch"));
		if (f === "hang") return new Promise(() => {});
		return Promise.resolve(new Response(f.body, {status: f.status, headers: f.headers || {}}));
	};
	return true;
})()`

// checkSearchFailures shows caller's results, then has searches fail: the
// page must announce each failure in Japanese (role alert) and clear the
// earlier query's results and cards; a 429 is retried after Retry-After.
func checkSearchFailures(t *testing.T, ctx context.Context, caller string) {
	t.Helper()
	search := func(q, fails string) {
		t.Helper()
		// Enter in the box: the page's submit handler, no navigation.
		js := failFetchJS + ` && (window.__fails = ` + fails + `, document.getElementById("q").value = ` + jsString(q) +
			`, document.getElementById("search-form").requestSubmit(), true)`
		if _, err := runStep(ctx, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
	}
	wait := func(what, cond string) {
		t.Helper()
		if _, err := runStep(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			page, _ := runStep(ctx, chromedp.Evaluate[string](`document.getElementById("notice").outerHTML + " results " + document.querySelectorAll("#results .result").length`))
			t.Fatalf("%s: %v\n%s", what, err, page)
		}
	}
	const shown = `document.querySelectorAll("#results .result").length > 0 && !document.getElementById("referrals-section").hidden`
	const cleared = `document.querySelectorAll("#results .result, #referrals .referral-card").length === 0 && document.getElementById("referrals-section").hidden`
	notice := func(text string) string {
		return `(() => { const n = document.getElementById("notice");
			return n.getAttribute("role") === "alert" && n.textContent.includes("` + text + `") && !/JSON|Unexpected token/.test(n.textContent); })()`
	}
	for _, c := range []struct{ name, fails, says string }{
		{"server stopped", `["down"]`, "サーバーに接続できませんでした"},
		{"proxy 503 with HTML", `[{status: 503, body: "<html><body>Service Unavailable</body></html>", headers: {"Content-Type": "text/html"}}]`, "サーバーの準備中または停止中です"},
		{"400", `[{status: 400, body: '{"error":{"code":"bad_request","message":"query is empty"}}'}]`, "入力を受け付けられませんでした"},
	} {
		search(caller, `[]`)
		wait(c.name+": results before", shown)
		search(caller+"の件", c.fails)
		wait(c.name+": the failure is announced in Japanese and the old results cleared", notice(c.says)+" && "+cleared)
	}
	// Busy: said, retried once after Retry-After, then shown.
	search(caller, `[{status: 429, body: "{}", headers: {"Retry-After": "1"}}]`)
	wait("429: the retry is announced", `document.getElementById("notice").textContent.includes("混み合っています。1秒後に再試行します")`)
	wait("429: the retry shows the results", shown+` && document.getElementById("notice").textContent === ""`)
}

// runStep runs one action with a generous bound of its own, so that an
// action that never completes fails with its name while the browser stays
// up. It is a bound against hangs, not a timing assertion.
func runStep[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	sctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	return chromedp.Run(sctx, a)
}

// pressKey sends a key press as rawKeyDown and keyUp, with no char event.
func pressKey(key, code string, keyCode int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: key, Code: code,
				WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode,
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// apiSearch asks the API what the page will show for q.
func apiSearch(t *testing.T, base, q string) api.SearchResponse {
	t.Helper()
	resp, err := http.Get(base + "/api/search?q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sr api.SearchResponse
	if err := json.NewDecoder(resp.Body).Decode(&sr); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("search %q: status %d, %v", q, resp.StatusCode, err)
	}
	return sr
}

// checkNarrowKeyboard moves through the results with ↑/↓ at 375 px, where
// the sticky search bar wraps to about 220 px: the focused result must
// come to rest below the bar, not under it.
func checkNarrowKeyboard(t *testing.T, ctx context.Context) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(375, 667), chromedp.Focus(chromedp.ID("q"))}
	for range 5 {
		steps = append(steps, chromedp.KeyEvent(kb.ArrowDown))
	}
	steps = append(steps, chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	if err := a11yDo(ctx, steps...); err != nil {
		t.Fatalf("↑/↓ at 375 px: %v", err)
	}
	got, err := runStep(ctx, chromedp.Evaluate[string](`new Promise(r => setTimeout(r, 300)).then(() => {
		const e = document.activeElement, bar = document.querySelector(".searchbar").getBoundingClientRect();
		return e.classList.contains("result") ? Math.round(e.getBoundingClientRect().top - bar.bottom) + " " + Math.round(bar.height) : "no result focused";
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if f := strings.Fields(got); len(f) != 2 || strings.HasPrefix(f[0], "-") {
		t.Errorf("at 375 px the focused result's top is %s px below the search bar (bar height): want it not under the bar", got)
	}
	if err := a11yDo(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}
