package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/store"
	"github.com/soudan-desk/soudan/web"
)

const dupesECAnswer = "他のお客様の被害が拡大しないように、また、他の利用者からの苦情に対応するために、「なりすましECサイト対策マニュアル」に従って、対応することをお勧めします。\n実被害者は、偽サイトで振り込んでしまった方ですので、被害者の所轄の警察署に被害届を出すように促してください。\n<script>alert(1)</script>"

// dupesEntries are two copies of the なりすましECサイト answer and two
// unrelated entries.
func dupesEntries() []*corpus.Entry {
	src := func(a, b int) corpus.Source { return corpus.Source{File: "000_manual.txt", StartLine: a, EndLine: b} }
	return []*corpus.Entry{
		{ID: "ec-standard", Kind: corpus.KindStandardAnswer, Title: "なりすましECサイト標準回答", Path: []string{"緊急", "【緊急】なりすましECサイト被害"}, Answer: dupesECAnswer, Source: src(74, 100)},
		{ID: "ec-case1", Kind: corpus.KindCase, Title: "ケース１", Path: []string{"06.フィッシング詐欺・なりすまし", "061.なりすまされたECサイトの被害"}, Answer: strings.Replace(dupesECAnswer, "お勧めします", "おすすめします", 1), Source: src(354, 380)},
		{ID: "ransom", Kind: corpus.KindFAQ, Title: "ランサムウェアに感染したので調査業者を紹介してほしい", Answer: "システム管理者、PC保守会社、PC購入元に確認", Source: src(329, 330)},
		{ID: "request", Kind: corpus.KindManual, Title: "資料請求", Answer: "FAXで送付先を送ってもらう\nゆうパックで、郵送依頼書とともに管理へ", Source: src(151, 160)},
	}
}

// newDupesServer builds a server whose duplicate finder works on
// dupesEntries, with marks in a temporary SQLite store.
func newDupesServer(t testing.TB) *web.Server {
	t.Helper()
	marks, _ := newMarks(t)
	f, err := dupes.New(context.Background(), dupesEntries(), dupes.Options{Marks: marks})
	if err != nil {
		t.Fatal(err)
	}
	return web.New(web.Config{Dupes: f})
}

// newMarks opens a SQLite store in a temporary folder and the finder's
// marks over it.
func newMarks(t testing.TB) (*dupes.Marks, store.Store) {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return dupes.NewMarks(st), st
}

// TestDuplicatesCorruptStore: with a store that is not a database, the
// report still works, minus the marks, and says why; marking answers 503
// naming the cause.
func TestDuplicatesCorruptStore(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.SQLiteFile), []byte(strings.Repeat("not sqlite", 500)), 0o644); err != nil {
		t.Fatal(err)
	}
	g := store.NewGuard(context.Background(), store.Config{DataDir: dir}, slog.New(slog.DiscardHandler))
	defer g.Close()
	f, err := dupes.New(context.Background(), dupesEntries(), dupes.Options{Marks: dupes.NewMarks(g)})
	if err != nil {
		t.Fatal(err)
	}
	s := web.New(web.Config{Dupes: f})
	r := dupesCall(t, s, "GET", "/api/duplicates", "", "")
	var rep dupes.Report
	if err := json.Unmarshal(r.body, &rep); r.status != 200 || err != nil || len(rep.Pairs) == 0 || !strings.Contains(rep.MarksError, "not a database") {
		t.Errorf("GET /api/duplicates with a corrupt store: %d %s", r.status, r.body)
	}
	r = dupesCall(t, s, "POST", "/api/duplicates/marks", "application/json", `{"a":"ec-case1","b":"ec-standard"}`)
	if r.status != 503 || !strings.Contains(string(r.body), "not a database") || !strings.Contains(string(r.body), store.SQLiteFile) {
		t.Errorf("POST mark with a corrupt store: %d %s, want 503 naming the file and the cause", r.status, r.body)
	}
}

type dupesResult struct {
	status int
	body   []byte
}

func dupesCall(t testing.TB, h http.Handler, method, url, contentType, body string) dupesResult {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, url, r)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return dupesResult{rec.Code, rec.Body.Bytes()}
}

func (r dupesResult) errorCode(t testing.TB) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body %q is not JSON: %v", r.body, err)
	}
	return e.Error.Code
}

func dupesReport(t testing.TB, r dupesResult) dupes.Report {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var rep dupes.Report
	if err := json.Unmarshal(r.body, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestDuplicatesAPI(t *testing.T) {
	s := newDupesServer(t)
	const jsonType = "application/json"

	rep := dupesReport(t, dupesCall(t, s, "GET", "/api/duplicates", "", ""))
	if len(rep.Pairs) != 1 {
		t.Fatalf("pairs = %+v, want the EC pair only", rep.Pairs)
	}
	p := rep.Pairs[0]
	if p.A.ID != "ec-standard" || p.B.ID != "ec-case1" || p.A.Source.StartLine != 74 || p.B.Title != "ケース１" {
		t.Errorf("pair = %+v", p)
	}
	if p.Similarity < 0.8 || p.Lexical != p.Similarity || p.Diff == nil || p.Marked {
		t.Errorf("scores/diff: %+v", p)
	}
	var ins, del bool
	for _, s := range p.Diff.Left {
		del = del || s.Op == dupes.OpDelete
	}
	for _, s := range p.Diff.Right {
		ins = ins || s.Op == dupes.OpInsert
	}
	if !ins || !del {
		t.Errorf("diff lacks insert/delete segments: %+v", p.Diff)
	}
	if len(rep.Clusters) != 1 || len(rep.Clusters[0].IDs) != 2 || rep.Clusters[0].Central == "" {
		t.Errorf("clusters = %+v", rep.Clusters)
	}
	// Raw JSON carries the documented field names.
	raw := string(dupesCall(t, s, "GET", "/api/duplicates?diff=0", "", "").body)
	for _, f := range []string{`"pairs"`, `"clusters"`, `"similarity"`, `"lexical"`, `"semantic"`, `"start_line"`, `"central"`, `"marked"`} {
		if !strings.Contains(raw, f) {
			t.Errorf("response lacks %s", f)
		}
	}
	if strings.Contains(raw, `"diff"`) {
		t.Error("diff=0 still sends diffs")
	}

	// A lower threshold reports more, a threshold of 1 nothing.
	if rep := dupesReport(t, dupesCall(t, s, "GET", "/api/duplicates?threshold=1", "", "")); len(rep.Pairs) != 0 {
		t.Errorf("threshold=1: %d pairs", len(rep.Pairs))
	}

	// Mark, hide, show with all=1, unmark.
	if r := dupesCall(t, s, "POST", "/api/duplicates/marks", jsonType, `{"a":"ec-case1","b":"ec-standard"}`); r.status != 200 {
		t.Fatalf("mark: %d %s", r.status, r.body)
	}
	rep = dupesReport(t, dupesCall(t, s, "GET", "/api/duplicates", "", ""))
	if len(rep.Pairs) != 0 || rep.Hidden != 1 || len(rep.Clusters) != 0 {
		t.Errorf("after mark: %+v", rep)
	}
	rep = dupesReport(t, dupesCall(t, s, "GET", "/api/duplicates?all=1", "", ""))
	if len(rep.Pairs) != 1 || !rep.Pairs[0].Marked {
		t.Errorf("all=1 after mark: %+v", rep.Pairs)
	}
	if r := dupesCall(t, s, "DELETE", "/api/duplicates/marks", jsonType, `{"a":"ec-standard","b":"ec-case1"}`); r.status != 200 {
		t.Fatalf("unmark: %d %s", r.status, r.body)
	}
	if rep := dupesReport(t, dupesCall(t, s, "GET", "/api/duplicates", "", "")); len(rep.Pairs) != 1 {
		t.Errorf("after unmark: %d pairs", len(rep.Pairs))
	}
	if r := dupesCall(t, s, "DELETE", "/api/duplicates/marks?a=ec-standard&b=ec-case1", "", ""); r.status != 200 {
		t.Errorf("unmark by query: %d %s", r.status, r.body)
	}

	// Draft check.
	r := dupesCall(t, s, "POST", "/api/duplicates/check", jsonType, `{"text":"ランサムウェアに感染したので、調査業者を紹介してほしい"}`)
	if r.status != 200 {
		t.Fatalf("check: %d %s", r.status, r.body)
	}
	var ch struct{ Matches []dupes.Match }
	if err := json.Unmarshal(r.body, &ch); err != nil {
		t.Fatalf("check answer: %v: %s", err, r.body)
	}
	if len(ch.Matches) == 0 || ch.Matches[0].Entry.ID != "ransom" || len(ch.Matches) > 10 {
		t.Errorf("check matches = %+v", ch.Matches)
	}
}

func TestDuplicatesAPIBadInput(t *testing.T) {
	s := newDupesServer(t)
	const jsonType = "application/json"
	long := `{"text":"` + strings.Repeat("あ", dupes.MaxDraftLen+1) + `"}`
	huge := `{"text":"` + strings.Repeat("a", 200000) + `"}`
	tests := []struct {
		name, method, url, ctype, body string
		status                         int
		code                           string
	}{
		{"threshold not a number", "GET", "/api/duplicates?threshold=abc", "", "", 400, web.CodeInvalid},
		{"threshold NaN", "GET", "/api/duplicates?threshold=NaN", "", "", 400, web.CodeInvalid},
		{"threshold above 1", "GET", "/api/duplicates?threshold=1.5", "", "", 400, web.CodeInvalid},
		{"threshold below 0", "GET", "/api/duplicates?threshold=-0.1", "", "", 400, web.CodeInvalid},
		{"all not a boolean", "GET", "/api/duplicates?all=maybe", "", "", 400, web.CodeInvalid},
		{"limit negative", "GET", "/api/duplicates?limit=-1", "", "", 400, web.CodeInvalid},
		{"mark wrong content type", "POST", "/api/duplicates/marks", "text/plain", `{"a":"ec-standard","b":"ec-case1"}`, 415, web.CodeUnsupportedMedia},
		{"mark no content type", "POST", "/api/duplicates/marks", "", `{"a":"ec-standard","b":"ec-case1"}`, 415, web.CodeUnsupportedMedia},
		{"mark invalid JSON", "POST", "/api/duplicates/marks", jsonType, `{"a":`, 400, web.CodeInvalid},
		{"mark empty body", "POST", "/api/duplicates/marks", jsonType, ``, 400, web.CodeInvalid},
		{"mark unknown field", "POST", "/api/duplicates/marks", jsonType, `{"a":"ec-standard","c":"x"}`, 400, web.CodeInvalid},
		{"mark unknown id", "POST", "/api/duplicates/marks", jsonType, `{"a":"ec-standard","b":"nope"}`, 404, web.CodeNotFound},
		{"mark missing id", "POST", "/api/duplicates/marks", jsonType, `{"a":"ec-standard"}`, 400, web.CodeInvalid},
		{"mark same id", "POST", "/api/duplicates/marks", jsonType, `{"a":"ec-standard","b":"ec-standard"}`, 400, web.CodeInvalid},
		{"unmark unknown id", "DELETE", "/api/duplicates/marks", jsonType, `{"a":"x","b":"ec-standard"}`, 404, web.CodeNotFound},
		{"check empty", "POST", "/api/duplicates/check", jsonType, `{"text":"  "}`, 400, web.CodeInvalid},
		{"check missing text", "POST", "/api/duplicates/check", jsonType, `{}`, 400, web.CodeInvalid},
		{"check too long", "POST", "/api/duplicates/check", jsonType, long, 413, web.CodeTooLarge},
		{"check body too large", "POST", "/api/duplicates/check", jsonType, huge, 413, web.CodeTooLarge},
		{"check bad k", "POST", "/api/duplicates/check", jsonType, `{"text":"x","k":1000}`, 400, web.CodeInvalid},
		{"check wrong type", "POST", "/api/duplicates/check", jsonType, `{"text":5}`, 400, web.CodeInvalid},
		{"check invalid UTF-8", "POST", "/api/duplicates/check", jsonType, "{\"text\":\"\xff\"}", 400, web.CodeInvalid},
		{"check form body", "POST", "/api/duplicates/check", "application/x-www-form-urlencoded", `text=x`, 415, web.CodeUnsupportedMedia},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := dupesCall(t, s, tt.method, tt.url, tt.ctype, tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if code := r.errorCode(t); code != tt.code {
				t.Errorf("code %q, want %q", code, tt.code)
			}
		})
	}
}

func TestDuplicatesDisabled(t *testing.T) {
	s := web.New(web.Config{})
	r := dupesCall(t, s, "GET", "/api/duplicates", "", "")
	if r.status != http.StatusServiceUnavailable || r.errorCode(t) != web.CodeUnavailable {
		t.Errorf("nil DupeFinder: %d %s", r.status, r.body)
	}
}

func TestDuplicatesPage(t *testing.T) {
	s := newDupesServer(t)
	r := dupesCall(t, s, "GET", "/duplicates", "", "")
	if r.status != 200 || !strings.Contains(string(r.body), "重複ではない") || !strings.Contains(string(r.body), `lang="ja"`) {
		t.Errorf("page: %d", r.status)
	}
	for _, asset := range []string{"/duplicates/dupes.js", "/duplicates/dupes.css"} {
		if r := dupesCall(t, s, "GET", asset, "", ""); r.status != 200 || len(r.body) == 0 {
			t.Errorf("%s: %d", asset, r.status)
		}
	}
	js := string(dupesCall(t, s, "GET", "/duplicates/dupes.js", "", "").body)
	if strings.Contains(js, "innerHTML") {
		t.Error("dupes.js uses innerHTML; corpus text must go through textContent")
	}
	for _, ext := range []string{"http://", "https://"} {
		if strings.Contains(string(r.body), ext) {
			t.Errorf("page loads an external resource (%s)", ext)
		}
	}
}
