package web_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

// TestEntryMeta checks that a map node's user attributes reach the entry
// view as meta, repeated names in order, and that an entry without any
// gets {}.
func TestEntryMeta(t *testing.T) {
	const mm = `<map version="freeplane 1.12.1">
<node TEXT="マニュアル">
<node TEXT="パスワードはどのくらいの頻度で変えるべきか"><richcontent TYPE="NOTE" CONTENT-TYPE="xml/"><html><body><p>長く推測されにくいものにしてください。</p><p>【相談】IPA情報セキュリティ安心相談窓口</p></body></html></richcontent>
<attribute NAME="担当" VALUE="佐藤"/>
<attribute NAME="担当" VALUE="鈴木"/>
<attribute NAME="キーワード" VALUE="パスワード"/>
</node>
<node TEXT="受付"><node TEXT="用件を確認する"/></node>
</node>
</map>`
	c, err := corpus.Load(fstest.MapFS{"manual.mm": {Data: []byte(mm)}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	eng, err := retrieval.New(context.Background(), c, retrieval.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
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
