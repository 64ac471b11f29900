package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/store"
	"github.com/soudan-desk/soudan/web"
)

// dupesChromePath finds headless Chromium: $CHROME_PATH, /usr/bin/chromium, or
// a chromium/chrome on PATH. The test is skipped without one unless
// SOUDAN_REQUIRE_BROWSER=1.
func dupesChromePath(t *testing.T) string {
	t.Helper()
	cands := []string{os.Getenv("CHROME_PATH"), "/usr/bin/chromium"}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			cands = append(cands, p)
		}
	}
	for _, p := range cands {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	if os.Getenv("SOUDAN_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium found (set CHROME_PATH) and SOUDAN_REQUIRE_BROWSER=1")
	}
	t.Skip("no Chromium found; set CHROME_PATH or install chromium")
	return ""
}

// Screenshots are PNG (quality 100).
//
// dupesArtifactDir is where screenshots go: $SOUDAN_ARTIFACTS or a temporary
// folder that outlives the test.
func dupesArtifactDir(t *testing.T) string {
	if d := os.Getenv("SOUDAN_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d, err := os.MkdirTemp("", "soudan-artifacts-")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// newDupesBrowser starts headless Chromium with a fresh profile; it is closed
// when the test ends.
func newDupesBrowser(t *testing.T, exe string) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1600),
	)
	// A guard against a hung browser, not a performance assertion.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelCtx)
	return ctx
}

// TestDuplicatesPageBrowser drives the duplicates page over a small
// corpus: the pair and its diff, marking it 重複ではない and taking that
// back, a threshold out of range, the draft check, and a 401 when the
// editor token changes under the page.
func TestDuplicatesPageBrowser(t *testing.T) {
	exe := dupesChromePath(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	ts := httptest.NewServer(newDupesServer(t))
	defer ts.Close()

	s := dupesSteps{&browserPage{ctx: newDupesBrowser(t, exe), base: ts.URL, artifacts: dupesArtifactDir(t)}}
	runBrowserSteps(t, []browserStep{
		{"open the duplicates page", s.open},
		{"重複ではない", s.mark},
		{"show marked and 取り消す", s.unmark},
		{"threshold out of range", s.badThreshold},
		{"draft check", s.draftCheck},
		{"401", s.unauthorized},
	})
}

// dupesSteps are TestDuplicatesPageBrowser's steps.
type dupesSteps struct{ *browserPage }

// ecPair is the ECサイト pair of newDupesServer's corpus on the page.
const ecPair = `article.pair[data-key="ec-standard|ec-case1"]`

// open opens the page: the pair's left side shows its title, its text as
// text (not markup), and the diff highlights segments. It keeps a
// screenshot.
func (s dupesSteps) open(t *testing.T) {
	if err := chromedp.Do(s.ctx,
		chromedp.Navigate(s.base+"/duplicates"),
		chromedp.WaitVisible(chromedp.CSS(ecPair)),
	); err != nil {
		t.Fatalf("open /duplicates: %v", err)
	}
	left, err := chromedp.Run(s.ctx, chromedp.Text(chromedp.CSS(ecPair+` .left .title`)))
	if err != nil {
		t.Fatal(err)
	}
	if left != "なりすましECサイト標準回答" {
		t.Errorf("left title = %q", left)
	}
	// Corpus text is shown as text, not markup.
	body, err := chromedp.Run(s.ctx, chromedp.TextContent(chromedp.CSS(ecPair+` .left .text`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "<script>alert(1)</script>") {
		t.Errorf("left text does not show the markup literally: %q", body)
	}
	highlighted, err := chromedp.Run(s.ctx, chromedp.Evaluate[int](`document.querySelectorAll('article.pair ins, article.pair del').length`))
	if err != nil {
		t.Fatal(err)
	}
	if highlighted == 0 {
		t.Error("the diff has no highlighted segments")
	}
	shot, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	before := filepath.Join(s.artifacts, "duplicates-page.png")
	if err := os.WriteFile(before, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", before)
}

// mark: 「重複ではない」 hides the pair, the summary counts it, and focus
// stays in the list (the next pair's button or the heading).
func (s dupesSteps) mark(t *testing.T) {
	if err := chromedp.Do(s.ctx,
		chromedp.Click(chromedp.CSS(ecPair+` button.mark`)),
		chromedp.WaitNotPresent(chromedp.CSS(ecPair)),
	); err != nil {
		t.Fatalf("mark: %v", err)
	}
	summary, err := chromedp.Run(s.ctx, chromedp.Text(chromedp.CSS(`#summary`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summary, "非表示 1 組") {
		t.Errorf("summary = %q, want the hidden count", summary)
	}
	if got, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`(document.activeElement.matches("article.pair button") || document.activeElement.id === "pairs-h") ? "ok" : document.activeElement.tagName`)); got != "ok" {
		t.Errorf("after 重複ではない focus is on %s", got)
	}
}

// unmark: the toggle shows marked pairs again, flagged, and 取り消す puts
// focus on the pair's 重複ではない that replaces it.
func (s dupesSteps) unmark(t *testing.T) {
	if err := chromedp.Do(s.ctx,
		chromedp.Click(chromedp.CSS(`#show-marked`)),
		chromedp.WaitVisible(chromedp.CSS(`article.pair.marked[data-key="ec-standard|ec-case1"]`)),
	); err != nil {
		t.Fatalf("show marked: %v", err)
	}
	if err := chromedp.Do(s.ctx,
		chromedp.Click(chromedp.CSS(`article.pair.marked[data-key="ec-standard|ec-case1"] button.unmark`)),
		chromedp.WaitVisible(chromedp.CSS(`article.pair:not(.marked)[data-key="ec-standard|ec-case1"]`)),
	); err != nil {
		t.Fatalf("unmark: %v", err)
	}
	if got, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.activeElement.closest("article.pair") ? document.activeElement.closest("article.pair").dataset.key + " " + document.activeElement.className : document.activeElement.tagName`)); got != "ec-standard|ec-case1 mark" {
		t.Errorf("after 取り消す focus is on %q, want the pair's mark button", got)
	}
}

// badThreshold: a threshold out of range is refused in the page, in
// Japanese; the list and the URL stay.
func (s dupesSteps) badThreshold(t *testing.T) {
	for _, v := range []string{"5", "0"} {
		got, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](`(() => {
			const url = location.href, n = document.querySelectorAll("article.pair").length;
			document.getElementById("threshold").value = "`+v+`";
			document.getElementById("reload").click();
			return new Promise(r => setTimeout(r, 300)).then(() => [
				!document.getElementById("threshold-error").hidden && document.getElementById("threshold-error").textContent.includes("しきい値は"),
				document.getElementById("threshold").getAttribute("aria-invalid"),
				location.href === url, document.querySelectorAll("article.pair").length === n].join(" "));
		})()`, chromedp.EvalAwaitPromise))
		if err != nil || got != "true true true true" {
			t.Errorf("threshold %s: error shown, aria-invalid, URL kept, list kept = %q (%v)", v, got, err)
		}
	}
}

// draftCheck: the draft check lists the similar entry, and its live
// region says how many matched.
func (s dupesSteps) draftCheck(t *testing.T) {
	if err := chromedp.Do(s.ctx,
		chromedp.SetValue(chromedp.CSS(`#draft`), "ランサムウェアに感染したので、調査業者を紹介してほしい"),
		chromedp.Click(chromedp.CSS(`#check`)),
		chromedp.WaitVisible(chromedp.CSS(`#check-results li`)),
	); err != nil {
		t.Fatalf("draft check: %v", err)
	}
	first, err := chromedp.Run(s.ctx, chromedp.Text(chromedp.CSS(`#check-results li`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first, "ランサムウェアに感染したので調査業者を紹介してほしい") {
		t.Errorf("first check result = %q", first)
	}
	if said, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.querySelector("#check-status[role=status]") ? document.getElementById("check-status").textContent : ""`)); !strings.Contains(said, "件") {
		t.Errorf("the check's live region says %q, want the number of matches", said)
	}
}

// unauthorized: the token changed under the page; the 401 says so in
// Japanese and links to the login form, which comes back here. It keeps a
// screenshot.
func (s dupesSteps) unauthorized(t *testing.T) {
	login, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](`(() => {
		window.fetch = () => Promise.resolve(new Response('{"error":{"code":"unauthorized","message":"this route needs the editor token"}}', {status: 401}));
		document.getElementById("threshold").value = "";
		document.getElementById("reload").click();
		return new Promise(r => setTimeout(r, 300)).then(() => {
			const a = document.querySelector("#error a.login-link");
			return (a ? a.getAttribute("href") : "") + " " + document.getElementById("error").textContent;
		});
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(login, "/login?next=%2Fduplicates ") || !strings.Contains(login, "ログイン") {
		t.Errorf("after a 401 the error says %q (%v), want a link to /login?next=%%2Fduplicates", login, err)
	}
	shot, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
	if err == nil {
		after := filepath.Join(s.artifacts, "duplicates-page-marked.png")
		if err := os.WriteFile(after, shot, 0o644); err != nil {
			t.Error(err)
		}
		t.Logf("screenshot: %s", after)
	}
}

// TestDuplicatesPageBrowserSeed opens the page over the embedded desk
// manual, finds the two なりすましECサイト answers, marks them and sees
// them go.
func TestDuplicatesPageBrowserSeed(t *testing.T) {
	exe := dupesChromePath(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	f, st := seedDupes(t)
	rep, err := f.Duplicates(context.Background(), dupes.Query{})
	if err != nil {
		t.Fatal(err)
	}
	key := ""
	for _, p := range rep.Pairs {
		if p.A.Title == "なりすましECサイト標準回答" && p.B.Title == "ケース１" {
			key = p.A.ID + "|" + p.B.ID
		}
	}
	if key == "" {
		t.Fatal("the finder does not report the なりすましECサイト pair")
	}
	ts := httptest.NewServer(web.New(web.Config{Dupes: f}))
	defer ts.Close()
	ctx := newDupesBrowser(t, exe)
	pair := chromedp.CSS(`article.pair[data-key="` + key + `"]`)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/duplicates"),
		chromedp.WaitVisible(pair),
	); err != nil {
		t.Fatalf("open /duplicates: %v", err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('article.pair').length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(rep.Pairs) {
		t.Errorf("page shows %d pairs, the finder reports %d", n, len(rep.Pairs))
	}
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		name := filepath.Join(dupesArtifactDir(t), "duplicates-seed.png")
		if err := os.WriteFile(name, shot, 0o644); err == nil {
			t.Logf("screenshot: %s", name)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`article.pair[data-key="`+key+`"] button.mark`)),
		chromedp.WaitNotPresent(pair),
	); err != nil {
		t.Fatalf("mark: %v", err)
	}
	if ms, err := st.Marks(context.Background()); len(ms) != 1 {
		t.Errorf("the store holds %d marks (%v), want 1", len(ms), err)
	}
}

// seedDupes returns a duplicate finder over the embedded desk manual, with
// its marks in a temporary store.
func seedDupes(t *testing.T) (*dupes.Finder, store.Store) {
	t.Helper()
	c, err := corpus.LoadDefault()
	if c == nil || len(c.Entries) == 0 {
		t.Fatalf("the default corpus has no entries (%v)", err)
	}
	marks, st := newMarks(t)
	f, err := dupes.New(context.Background(), c.Entries, dupes.Options{Marks: marks})
	if err != nil {
		t.Fatal(err)
	}
	return f, st
}
