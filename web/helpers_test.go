package web_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
	"github.com/soudan-desk/soudan/web"
)

// testOutline is a small manual in the mind map's text export format: a
// few sections of the desk's manual with referral lines.
const testOutline = `Expand - Collapse
Sec01-08-3 相談対応手順書（マニュアル）
緊急
【緊急】実在する企業名で架空請求を受けた場合
身に覚えのない請求の場合は、くれぐれも相手に連絡をとったり、支払いに応じたりしない
不安な方や不審な点のある方
【相談】消費者ホットラインに相談
【相談】所轄の警察署生活安全課に相談
【届出】フィッシング対策協議会のサイトで届出
【緊急】「ビジネスメール詐欺」により偽振込先に振り込んでしまった
【相談】法テラスに相談
自社と取引先のどちらにも損害賠償責任があり得る
【届出】被害の証拠を揃えて、所轄の警察署へ
【緊急】PC、スマホの動きがおかしくなった、データが壊れたようだ
【相談】PCベンダー、プロバイダー、販売店等、保守業者に問い合せることを助言
セキュリティ以外
消費生活全般に関する苦情や問合せ
【相談】消費者ホットライン
人権侵害
【相談】みんなの人権110番
個人情報の取り扱い
【相談】個人情報保護委員会
`

var (
	defaultOnce   sync.Once
	defaultEngine *retrieval.Engine
	defaultErr    error
)

// fakeEngine stands in for the retrieval engine in handler tests, so that
// they run without the tokenizer dictionary. It ranks the entries of its
// corpus by how many of the query's character bigrams they contain, and
// aggregates the referrals of the top results the way the engine does.
type fakeEngine struct {
	c *corpus.Corpus
}

// newFakeEngine returns a fake engine over testOutline.
func newFakeEngine(tb testing.TB) *fakeEngine {
	tb.Helper()
	fsys := fstest.MapFS{"manual.txt": {Data: []byte(testOutline)}}
	c, err := corpus.Load(fsys, "test")
	if err != nil {
		tb.Fatalf("loading the test outline: %v", err)
	}
	if len(c.Entries) == 0 {
		tb.Fatal("the test outline has no entries; is the outline parser in place?")
	}
	return &fakeEngine{c: c}
}

func (f *fakeEngine) Corpus() *corpus.Corpus { return f.c }

func (f *fakeEngine) Search(ctx context.Context, q retrieval.Query) (*retrieval.Response, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	text := []rune(q.Text)
	resp := &retrieval.Response{Query: q.Text, Results: []retrieval.Result{}}
	for _, e := range f.c.Entries {
		if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, e.Kind) {
			continue
		}
		doc, hits := e.Title+e.Answer+e.PathText(), 0
		for i := 0; i+1 < len(text); i++ {
			if strings.Contains(doc, string(text[i:i+2])) {
				hits++
			}
		}
		if hits > 0 {
			resp.Results = append(resp.Results, retrieval.Result{Entry: e, Score: float64(hits)})
		}
	}
	slices.SortStableFunc(resp.Results, func(a, b retrieval.Result) int { return cmp.Compare(b.Score, a.Score) })
	resp.Results = resp.Results[:min(len(resp.Results), q.K)]
	// The engine's contract: high with results, none without (then the
	// routing entries and no cards); the cards are the first result's.
	resp.Confidence, resp.Referrals = retrieval.ConfidenceHigh, []retrieval.Card{}
	if len(resp.Results) == 0 {
		resp.Confidence = retrieval.ConfidenceNone
		for _, e := range f.c.Entries {
			if e.Routing {
				resp.Routing = append(resp.Routing, e)
			}
		}
	}
	for i, r := range resp.Results {
		if q.Debug {
			resp.Results[i].Explain = &retrieval.Explanation{Fused: r.Score, Prior: 1}
		}
		if i > 0 {
			continue
		}
		for _, ref := range r.Entry.Referrals {
			resp.Referrals = append(resp.Referrals, retrieval.Card{Referral: ref, From: []string{r.Entry.ID}})
		}
	}
	return resp, nil
}

// mustDefaultEngine returns an engine over the embedded default corpus.
func mustDefaultEngine(tb testing.TB) *retrieval.Engine {
	tb.Helper()
	defaultOnce.Do(func() {
		c, err := corpus.LoadDefault()
		if c == nil {
			defaultErr = err
			return
		}
		defaultEngine, defaultErr = retrieval.New(context.Background(), c, retrieval.DefaultOptions())
		runtime.GC() // a serving process has long collected the build's garbage
	})
	if defaultErr != nil {
		tb.Fatalf("building the default engine: %v", defaultErr)
	}
	return defaultEngine
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newServer returns a ready server over eng (nil: not ready yet).
func newServer(eng api.Searcher) *web.Server {
	return web.New(web.Config{Engine: eng, Logger: quietLogger()})
}

// response is a recorded answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request to h and records the answer.
func do(h http.Handler, method, target, contentType string, body []byte) response {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, "/", r)
	// Set the target by hand so that malformed query strings get through.
	rawPath, rawQuery, _ := strings.Cut(target, "?")
	path, err := url.PathUnescape(rawPath)
	if err != nil {
		path = rawPath
	}
	req.URL.Path, req.URL.RawPath, req.URL.RawQuery, req.RequestURI = path, rawPath, rawQuery, target
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
}

func postJSON(h http.Handler, body string) response {
	return do(h, http.MethodPost, "/api/search", "application/json", []byte(body))
}

// errorOf decodes an error body, failing unless it has exactly the
// {"error":{"code","message"}} shape.
func errorOf(t *testing.T, r response) (code, message string) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error Content-Type = %q, want application/json; body %s", ct, r.body)
	}
	var body map[string]map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.body))
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("error body is not a JSON object of objects: %v: %s", err, r.body)
	}
	e, ok := body["error"]
	if len(body) != 1 || !ok || len(e) != 2 {
		t.Fatalf("error body shape: %s", r.body)
	}
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	if code == "" || message == "" {
		t.Fatalf("error body lacks code or message: %s", r.body)
	}
	return code, message
}
