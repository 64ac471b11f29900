package web_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/soudan-desk/soudan/web"
)

// TestSiblingPortFormRefused logs an editor in through the login form in
// a real browser, then opens a page served from another port of the same
// host, whose form posts to the editors' reload route. Being same-site,
// the browser sends the SameSite=Strict cookie with it, and the Origin
// check (host names only) let it through; the browser's Sec-Fetch-Site
// now gets it refused (403), while the login form itself keeps working.
func TestSiblingPortFormRefused(t *testing.T) {
	ctx := newBrowser(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := web.New(web.Config{Logger: quietLogger(), Dupes: &fakeDupes{}, EditorToken: testToken,
		AllowedHosts: web.AllowedHosts(ln.Addr().String(), nil)})
	hs := srv.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	sibling := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><form id="f" method="post" enctype="text/plain" action="` + base +
			`/api/admin/reload"><input name="x" value="y"></form><script>document.getElementById("f").submit()</script>`))
	}))
	defer sibling.Close()

	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/duplicates"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), testToken),
		chromedp.Submit(chromedp.ID("token")),
	)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("threshold"))); err != nil {
		t.Fatalf("the login form did not lead to the page: %v", err)
	}
	// The answer, JSON, is shown in a <pre>; the sibling's page has none.
	if err := chromedp.Do(ctx, chromedp.Navigate(sibling.URL), chromedp.WaitVisible(chromedp.CSS("pre"))); err != nil {
		t.Fatalf("the sibling's form did not post: %v", err)
	}
	body, err := runStep(ctx, chromedp.Evaluate[string](`location.pathname + " " + document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, `"forbidden"`) {
		t.Fatalf("the sibling page's post got %s, want 403 forbidden", body)
	}
}
