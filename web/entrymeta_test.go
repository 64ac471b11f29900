package web_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

// TestEntryMeta checks that a map node's user attributes reach the entry
// view as meta, repeated names in order, and that an entry without any
// gets {}.
// metaMap is a small Freeplane map whose question carries user attributes.
const metaMap = `<map version="freeplane 1.12.1">
<node TEXT="マニュアル">
<node TEXT="パスワードはどのくらいの頻度で変えるべきか"><richcontent TYPE="NOTE" CONTENT-TYPE="xml/"><html><body><p>長く推測されにくいものにしてください。</p><p>【相談】IPA情報セキュリティ安心相談窓口</p></body></html></richcontent>
<attribute NAME="担当" VALUE="佐藤"/>
<attribute NAME="担当" VALUE="鈴木"/>
<attribute NAME="キーワード" VALUE="パスワード"/>
</node>
<node TEXT="受付"><node TEXT="用件を確認する"/></node>
</node>
</map>`

// metaEngine returns an engine over metaMap.
func metaEngine(t *testing.T) (*corpus.Corpus, *retrieval.Engine) {
	t.Helper()
	c, err := corpus.Load(fstest.MapFS{"manual.mm": {Data: []byte(metaMap)}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	eng, err := retrieval.New(context.Background(), c, retrieval.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return c, eng
}

func TestEntryMeta(t *testing.T) {
	c, eng := metaEngine(t)
	h := newServer(eng)
	want := map[string]map[string][]string{
		"パスワードはどのくらいの頻度で変えるべきか": {"担当": {"佐藤", "鈴木"}},
		"受付": {},
	}
	for _, e := range c.Entries {
		r := do(h, "GET", "/api/entries/"+e.ID, "", nil)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		var resp api.EntryResponse
		if err := json.Unmarshal(r.body, &resp); err != nil {
			t.Fatal(err)
		}
		if w, ok := want[e.Title]; !ok || !reflect.DeepEqual(resp.Meta, w) {
			t.Errorf("%s: meta = %v, want %v (body %s)", e.Title, resp.Meta, w, r.body)
		}
	}
}

// TestBrowserEntryMeta opens an entry's place in the manual on the staff
// page and reads its attributes there.
func TestBrowserEntryMeta(t *testing.T) {
	ctx := newBrowser(t)
	_, eng := metaEngine(t)
	base := startHTTP(t, newServer(eng))
	// The first call starts the browser, which lives as long as that
	// call's context: it gets no step bound (newBrowser bounds the test).
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("q"))); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	err := chromedp.Do(sctx,
		chromedp.SendKeys(chromedp.ID("q"), "パスワードを変える頻度"),
		chromedp.WaitVisible(chromedp.CSS("#results .result .context-toggle")),
		chromedp.Click(chromedp.CSS("#results .result .context-toggle")),
		chromedp.WaitVisible(chromedp.CSS("#results .result .context-panel .context-meta")),
	)
	if err != nil {
		page, _ := runStep(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 800)`))
		t.Fatalf("search and open the entry's place: %v\npage: %s", err, page)
	}
	got, err := runStep(ctx, chromedp.Evaluate[string](`document.querySelector("#results .result .context-panel .context-meta").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "担当") || !strings.Contains(got, "佐藤、鈴木") {
		t.Errorf("meta panel = %q, want 担当 佐藤、鈴木", got)
	}
}
