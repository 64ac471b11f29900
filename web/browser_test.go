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

// TestBrowser drives the staff page in a real browser the way desk staff
// use it on the phone: type the caller's words, read the referral cards
// and the top answer, copy it, move through the results with the keyboard
// and look up an entry's place in the manual.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	base := startHTTP(t, newServer(mustDefaultEngine(t)))

	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			page, _ := runStep(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 800)`))
			t.Fatalf("%s: %v\npage: %s", what, err, page)
		}
	}
	// do runs steps with a generous bound of its own, so that a step that
	// never completes fails fast with its name (the browser stays up).
	do := func(steps ...chromedp.Action[chromedp.Void]) error {
		sctx, cancel := context.WithTimeout(ctx, 45*time.Second)
		defer cancel()
		return chromedp.Do(sctx, steps...)
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := runStep(ctx, chromedp.Evaluate[string](expr))
		must(expr, err)
		return v
	}

	must("open the page", chromedp.Do(ctx, // starts the browser: no step bound
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	for _, name := range []string{"clipboard-write", "clipboard-read"} {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name},
			Setting:    browser.PermissionSettingGranted,
			Origin:     base,
		})
		if err != nil {
			t.Logf("granting %s: %v", name, err)
		}
	}

	// Type what the caller says; results appear as the words are typed.
	const caller = "身に覚えのない請求が届いた"
	must("type the query", do(
		chromedp.SendKeys(chromedp.ID("q"), caller),
		chromedp.WaitVisible(chromedp.CSS("#results .result")),
		chromedp.WaitVisible(chromedp.CSS("#referrals .referral-card")),
	))
	artifacts := searchArtifactDir(t)
	top, err := runStep(ctx, chromedp.CaptureScreenshot())
	must("screenshot the first screen", err)
	must("write the screenshot", os.WriteFile(filepath.Join(artifacts, "browser-search-top.png"), top, 0o644))
	refs, err := runStep(ctx, chromedp.Text(chromedp.CSS("#referrals")))
	must("read the referral cards", err)
	if !strings.Contains(refs, "消費者ホットライン") {
		t.Errorf("referral cards lack 消費者ホットライン:\n%s", refs)
	}
	title, err := runStep(ctx, chromedp.Text(chromedp.CSS("#results .result .result-title")))
	must("read the top title", err)
	if strings.TrimSpace(title) == "" {
		t.Error("the top result has no visible title")
	}
	if n := eval(`String(document.querySelectorAll("#results .result mark").length)`); n == "0" {
		t.Error("no query term is highlighted")
	}
	// Highlights are whole words of the analyser (身に覚えのない請求が届いた:
	// 身, 覚え, 請求, 届い), never a run of characters the query shares
	// with the text.
	marks := eval(`Array.from(document.querySelectorAll("#results .result mark")).map(m => m.textContent).join("|")`)
	want := map[string]bool{}
	for _, w := range index.Default().Words(caller) {
		want[w] = true
	}
	for _, m := range strings.Split(marks, "|") {
		if m != "" && !want[m] {
			t.Errorf("highlighted %q is not one of the query's words %v", m, want)
		}
	}
	loc, err := runStep(ctx, chromedp.Location())
	must("read the location", err)
	if !strings.Contains(loc, "q=") {
		t.Errorf("the URL %s does not hold the query", loc)
	}

	// Copy the top answer. A spy records what the page hands the
	// clipboard; the button must confirm the copy.
	eval(`(() => {
		window.__copied = null;
		if (navigator.clipboard) {
			const orig = navigator.clipboard.writeText.bind(navigator.clipboard);
			navigator.clipboard.writeText = (t) => { window.__copied = t; return orig(t); };
		}
		return "";
	})()`)
	must("click 回答をコピー", do(chromedp.Click(chromedp.CSS("#results .result .copy"))))
	_, err = runStep(ctx, chromedp.Poll[bool](
		`document.querySelector("#results .result .copy").textContent === "コピーしました"`,
		chromedp.WithPollingTimeout(30*time.Second)))
	must("wait for the コピーしました feedback", err)
	answer := eval(`document.querySelector("#results .result .answer").textContent`)
	if copied := eval(`String(window.__copied)`); copied != "null" && copied != answer {
		t.Errorf("copied %q, want the answer %q", copied, answer)
	}
	if clip, err := runStep(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)); err == nil {
		if clip != answer {
			t.Errorf("clipboard holds %q, want the answer %q", clip, answer)
		}
	} else {
		t.Logf("clipboard not readable here (%v); checked the feedback and the spy", err)
	}

	// Without the clipboard API (a plain-HTTP LAN page) the page copies
	// through a temporary text area and gives focus back to the button.
	eval(`(() => {
		if (navigator.clipboard) navigator.clipboard.writeText = () => Promise.reject(new Error("insecure"));
		const exec = document.execCommand.bind(document);
		document.execCommand = (c) => { window.__fellBack = true; return exec(c); };
		document.querySelector("#results .result .copy").focus();
		document.querySelector("#results .result .copy").click();
		return "";
	})()`)
	_, err = runStep(ctx, chromedp.Poll[bool](`window.__fellBack === true && !document.querySelector("textarea.offscreen")`, chromedp.WithPollingTimeout(10*time.Second)))
	must("wait for the fallback copy", err)
	if got := eval(`document.activeElement.className`); !strings.Contains(got, "copy") {
		t.Errorf("after the fallback copy focus is on %q, want the copy button", got)
	}

	// A collapsed answer's links are out of the tab order (they would be
	// focused clipped); the result's other links do not repeat them.
	links := eval(`(() => {
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

	// Keyboard: ArrowDown from the box moves to the first result, again to
	// the second; Enter expands it; / returns to the box.
	must("focus the box", do(chromedp.Focus(chromedp.ID("q"))))
	must("ArrowDown", do(chromedp.KeyEvent(kb.ArrowDown)))
	if got := eval(`document.activeElement.dataset.index || document.activeElement.id`); got != "0" {
		t.Errorf("after ArrowDown focus is on %q, want result 0", got)
	}
	must("ArrowDown", do(chromedp.KeyEvent(kb.ArrowDown)))
	if got := eval(`document.activeElement.dataset.index || document.activeElement.id`); got != "1" {
		t.Errorf("after a second ArrowDown focus is on %q, want result 1", got)
	}
	if got := eval(`getComputedStyle(document.activeElement).boxShadow`); got == "none" {
		t.Error("the focused result has no visible focus ring")
	}
	must("Enter", do(chromedp.KeyEvent(kb.Enter)))
	if got := eval(`String(document.activeElement.classList.contains("expanded"))`); got != "true" {
		t.Error("Enter did not expand the focused result")
	}
	if got := eval(`String([...document.activeElement.querySelectorAll(".answer a")].filter(a => a.tabIndex === -1).length)`); got != "0" {
		t.Errorf("%s links of the expanded answer are out of the tab order", got)
	}
	// A key the page handles on keydown is sent without its char event, as
	// a browser does not insert it once keydown is canceled.
	must("/", do(pressKey("/", "Slash", 191)))
	if got := eval(`document.activeElement.id`); got != "q" {
		t.Errorf("after / focus is on %q, want the search box", got)
	}

	// The entry's place in the manual.
	eval(`window.scrollTo(0, 0), ""`) // keep the button clear of the sticky search bar
	must("show the entry in the manual", do(
		chromedp.Click(chromedp.CSS("#results .result .context-toggle")),
		chromedp.WaitVisible(chromedp.CSS("#results .result .context-panel .current")),
	))
	if got := eval(`document.querySelector("#results .result .context-panel .current").getAttribute("aria-current") || ""`); got != "true" {
		t.Errorf("the current entry in the manual has aria-current %q, want true", got)
	}

	shot, err := runStep(ctx, chromedp.FullScreenshot(100))
	must("screenshot", err)
	path := filepath.Join(artifacts, "browser-search.png")
	must("write the screenshot", os.WriteFile(path, shot, 0o644))
	t.Logf("screenshots: %s and browser-search-top.png beside it", path)

	// Opening the page's URL (shared or reloaded) restores the search.
	loc, err = runStep(ctx, chromedp.Location())
	must("read the location", err)
	must("open the shared URL", do(
		chromedp.Navigate(loc),
		chromedp.WaitVisible(chromedp.CSS("#results .result")),
	))
	if v, err := runStep(ctx, chromedp.Value(chromedp.ID("q"))); err != nil || v != caller {
		t.Errorf("after reload the box holds %q (%v), want %q", v, err, caller)
	}

	// A query the manual has nothing on says so plainly (confidence none),
	// and one with no hit at all shows 該当なし. Whether a query hits is
	// the engine's business, so ask the API first and expect the page to
	// agree.
	const nonsense = "ｚｚｚ"
	sr := apiSearch(t, base, nonsense)
	hits := len(sr.Results)
	must("search for nonsense", do(
		chromedp.Clear(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), nonsense),
	))
	_, err = runStep(ctx, chromedp.Poll[bool](
		`new URLSearchParams(location.search).get("q") === "`+nonsense+`" && document.getElementById("status").textContent.includes("件")`,
		chromedp.WithPollingTimeout(30*time.Second)))
	must("wait for the nonsense search", err)
	shown := eval(`String(document.querySelectorAll("#results .result").length)`)
	if shown != strconv.Itoa(hits) {
		t.Errorf("page shows %s results, the API %d", shown, hits)
	}
	switch {
	case sr.Confidence == "none":
		if banner := eval(`document.getElementById("confidence").hidden ? "" : document.getElementById("confidence").textContent`); !strings.Contains(banner, "マニュアルに該当する回答が見つかりません") {
			t.Errorf("confidence none, but the page does not say マニュアルに該当する回答が見つかりません: %q", banner)
		}
	case hits == 0:
		if empty := eval(`document.getElementById("empty").hidden ? "" : document.getElementById("empty").textContent`); !strings.Contains(empty, "該当なし") {
			t.Errorf("no hit, but no 該当なし: %q", empty)
		}
	default:
		t.Logf("%q has %d hits (confidence %s); 該当なし not exercised", nonsense, hits, sr.Confidence)
	}
	checkSearchFailures(t, ctx, caller)
	checkNarrowKeyboard(t, ctx)
	// Unchecking every kind is kept in the URL (an empty kinds=).
	if got := eval(`(() => {
		document.querySelectorAll('input[name="kinds"]').forEach(b => { b.checked = false; b.dispatchEvent(new Event("change")); });
		const p = new URLSearchParams(location.search);
		return p.has("kinds") && p.get("kinds") === "" ? "ok" : location.search;
	})()`); got != "ok" {
		t.Errorf("with no kind checked the URL is %q, want an empty kinds=", got)
	}
	if err := ctx.Err(); errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("the browser test ran out of time")
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
