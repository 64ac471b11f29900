package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/soudan-desk/soudan/web"
)

// TestSearchPageSendsNoReferer opens the staff page on a caller's words
// (?q=…) in a real browser: the search it runs, its scripts and the
// feedback go out without the words in Referer, where a reverse proxy's
// access log would keep them.
func TestSearchPageSendsNoReferer(t *testing.T) {
	ctx := newBrowser(t)
	srv := web.New(web.Config{Engine: mustDefaultEngine(t), Logger: quietLogger()})
	var mu sync.Mutex
	var referers []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ref := r.Header.Get("Referer"); ref != "" {
			mu.Lock()
			referers = append(referers, r.Method+" "+r.URL.Path+" <- "+ref)
			mu.Unlock()
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	const caller = "山田さんが偽の請求メールを受け取った"
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/?q="+url.QueryEscape(caller)),
		chromedp.WaitVisible(chromedp.CSS("#results .result")),
	)
	if err != nil {
		t.Fatal(err)
	}
	_, err = runStep(ctx, chromedp.Poll[bool](`document.getElementById("results").dataset.query === "`+caller+`"`,
		chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, ref := range referers {
		if strings.Contains(ref, "q=") || strings.Contains(ref, url.QueryEscape(caller)) {
			t.Errorf("a request carried the caller's words in Referer: %s", ref)
		}
	}
}
