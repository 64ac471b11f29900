package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/index/ollamatest"
)

// miniOutline is a small manual in the text-export format.
const miniOutline = `Expand - Collapse
テスト手順書
【ガイドブック】に沿った案件別FAQ
01.個別事象
05.マルウェア
052.ランサムウェアを使った詐欺・恐喝
【窓口回答】【ガイドブック】P.20 を紹介
【相談】IPA情報セキュリティ安心相談窓口へ
【届出】被害の証拠を揃えて、所轄の警察署へ
ランサムウェア標準回答
身代金を支払っても暗号化が解除されるとは限らないので、バックアップを取ること。
ランサムウェアの危険性及び対策を教えてほしい
ファイルを定期的にバックアップ
053.アドウェアによる詐欺
PC画面に「ウイルスに感染している」との表示がされた
ウイルス対策ソフト以外からの表示は、アドウェアの可能性がある
06.なりすまし
架空請求について知りたい
身に覚えのない請求の場合は、相手に連絡をとったり、支払いに応じたりしない
【相談】消費者ホットラインに相談
07.重複
ランサムウェアの危険性及び対策を教えてほしい
ファイルを定期的にバックアップ
`

const miniAnnotations = `entries: []`

const miniThesaurus = `# test
ピーピー鳴る, 警告音 => 偽警告, アドウェア
身代金, ランサムウェア
`

// miniCorpus loads outline (the mini manual, or an edit of it) with the
// mini annotations and thesaurus.
func miniCorpus(t testing.TB, outline string) *corpus.Corpus {
	t.Helper()
	fsys := fstest.MapFS{
		"manual.txt":       {Data: []byte(outline)},
		"annotations.yaml": {Data: []byte(miniAnnotations)},
		"thesaurus.txt":    {Data: []byte(miniThesaurus)},
	}
	c, err := corpus.Load(fsys, "mini")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustMini(t testing.TB, mutate func(*Options)) *Engine {
	t.Helper()
	c := miniCorpus(t, miniOutline)
	opts := DefaultOptions()
	opts.Embedder = index.Fake{}
	// The learnt re-ranking's weights were fitted on the desk manual
	// (its tests: rerank_test.go, the Top10 golden); over this
	// six-entry manual and the fake embedder the tests check the fusion's
	// own mechanisms.
	opts.Rerank = RerankModel{}
	if mutate != nil {
		mutate(&opts)
	}
	e, err := New(context.Background(), c, opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func titles(r *Response) []string {
	var out []string
	for _, x := range r.Results {
		out = append(out, x.Entry.Title)
	}
	return out
}

func TestSearchRanksAndAggregates(t *testing.T) {
	e := mustMini(t, nil)
	tests := []struct {
		query     string
		wantFirst string
		wantOrgs  []string
	}{
		{"ランサムウェアに感染してファイルが暗号化された", "ランサムウェア標準回答", []string{"IPA情報セキュリティ安心相談窓口", "所轄の警察署"}},
		{"身に覚えのない請求が来た", "架空請求について知りたい", []string{"消費者ホットライン（国民生活センター）"}},
	}
	for _, tt := range tests {
		resp, err := e.Search(context.Background(), Query{Text: tt.query, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Results) == 0 || resp.Results[0].Entry.Title != tt.wantFirst {
			t.Errorf("%q: results %q, want %q first", tt.query, titles(resp), tt.wantFirst)
		}
		var orgs []string
		for _, r := range resp.Referrals {
			orgs = append(orgs, r.Org)
		}
		for _, o := range tt.wantOrgs {
			if !slices.Contains(orgs, o) {
				t.Errorf("%q: referrals %q lack %q", tt.query, orgs, o)
			}
		}
		if resp.Degraded {
			t.Errorf("%q: degraded with a working embedder", tt.query)
		}
	}
}

func TestThesaurusCanBeDisabled(t *testing.T) {
	on := mustMini(t, func(o *Options) { o.Weights = map[string]float64{SignalTokens: 1} })
	off := mustMini(t, func(o *Options) { o.Weights = map[string]float64{SignalTokens: 1}; o.SynonymWeight = 0 })
	q := Query{Text: "ピーピー鳴る", K: 5}
	r1, _ := on.Search(context.Background(), q)
	r2, _ := off.Search(context.Background(), q)
	if len(r1.Results) == 0 {
		t.Fatal("thesaurus expansion found nothing")
	}
	if len(r2.Results) != 0 {
		t.Errorf("without the thesaurus, tokens matched %q", titles(r2))
	}
}

func TestCollapseNearIdentical(t *testing.T) {
	q := Query{Text: "ランサムウェアの危険性及び対策を教えてほしい", K: 10}
	count := func(e *Engine) int {
		r, err := e.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range r.Results {
			if x.Entry.Title == q.Text {
				n++
			}
		}
		return n
	}
	if n := count(mustMini(t, nil)); n != 1 {
		t.Errorf("with collapsing, the repeated entry appears %d times", n)
	}
	if n := count(mustMini(t, func(o *Options) { o.CollapseThreshold = 0 })); n != 2 {
		t.Errorf("without collapsing, the repeated entry appears %d times, want 2", n)
	}
}

func TestKindsFilterAndK(t *testing.T) {
	e := mustMini(t, nil)
	r, err := e.Search(context.Background(), Query{Text: "ランサムウェア", K: 1, Kinds: []corpus.Kind{corpus.KindStandardAnswer}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) != 1 || r.Results[0].Entry.Kind != corpus.KindStandardAnswer {
		t.Errorf("kinds filter: %q", titles(r))
	}
}

func TestDebugExplains(t *testing.T) {
	e := mustMini(t, nil)
	r, err := e.Search(context.Background(), Query{Text: "ランサムウェア", K: 3, Debug: true})
	if err != nil {
		t.Fatal(err)
	}
	ex := r.Results[0].Explain
	if ex == nil || len(ex.Signals) != len(Signals) {
		t.Fatalf("explain = %+v, want %d signals", ex, len(Signals))
	}
	sum := 0.0
	for _, s := range ex.Signals {
		sum += s.RRF
	}
	if d := sum - ex.Fused; d > 1e-9 || d < -1e-9 {
		t.Errorf("signal shares sum to %v, fused is %v", sum, ex.Fused)
	}
	if got := ex.Fused * ex.Prior; got-r.Results[0].Score > 1e-9 || r.Results[0].Score-got > 1e-9 {
		t.Errorf("score %v != fused %v × prior %v", r.Results[0].Score, ex.Fused, ex.Prior)
	}
}

func TestRRFFusion(t *testing.T) {
	e := &Engine{opts: Options{RRFK: 10, Weights: map[string]float64{"a": 1, "b": 2}}}
	e.entries = []*corpus.Entry{{ID: "x"}, {ID: "y"}, {ID: "z"}}
	e.setPriors()
	rankings := []ranking{
		newRanking("a", []index.Hit{{Doc: 0}, {Doc: 1}}),
		newRanking("b", []index.Hit{{Doc: 1}, {Doc: 2}}),
	}
	got := e.fuse(rankings, Query{K: 3}, false)
	// x: 1/11; y: 1/12 + 2/11; z: 2/12.
	want := []string{"y", "z", "x"}
	var ids []string
	for _, r := range got {
		ids = append(ids, r.Entry.ID)
	}
	if !slices.Equal(ids, want) {
		t.Errorf("fused order %v, want %v", ids, want)
	}
	if d := got[0].Score - (1.0/12 + 2.0/11); d > 1e-12 || d < -1e-12 {
		t.Errorf("y score %v", got[0].Score)
	}
}

func TestExpander(t *testing.T) {
	th, _, err := corpus.ParseThesaurus("t.txt", []byte("ウイルス, マルウェア\nタダ => 無料\n"))
	if err != nil {
		t.Fatal(err)
	}
	x := newExpander(th)
	tests := []struct {
		q    string
		want []string
	}{
		{"ﾏﾙｳｪｱに感染", []string{"ウイルス"}},
		{"タダのソフト", []string{"無料"}},
		{"無料のソフト", nil}, // one-way: 無料 does not expand to タダ
		{"ウイルスとマルウェア", nil},
	}
	for _, tt := range tests {
		if got := x.expandNormalized(corpus.Normalize(tt.q)); !slices.Equal(got, tt.want) {
			t.Errorf("expand(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		q     Query
		field string
	}{
		{Query{Text: "  "}, "query"},
		{Query{Text: "\xff"}, "query"},
		{Query{Text: strings.Repeat("あ", MaxQueryLen+1)}, "query"},
		{Query{Text: "x", K: 51}, "k"},
		{Query{Text: "x", K: -1}, "k"},
		{Query{Text: "x", Kinds: []corpus.Kind{"nope"}}, "kinds"},
	}
	for _, tt := range tests {
		q := tt.q
		var inv *InvalidError
		if err := q.Validate(); !errors.As(err, &inv) || inv.Field != tt.field {
			t.Errorf("Validate(%+v) = %v, want an error on %s", tt.q, err, tt.field)
		}
	}
	q := Query{Text: "ok"}
	if err := q.Validate(); err != nil || q.K != DefaultK {
		t.Errorf("defaults: %v k=%d", err, q.K)
	}
}

func TestOllamaSlowOrDownDegrades(t *testing.T) {
	srv := ollamatest.New(t)
	emb, err := index.NewOllama(index.OllamaOptions{BaseURL: srv.URL, Model: "test"})
	if err != nil {
		t.Fatal(err)
	}
	e := mustMini(t, func(o *Options) { o.Embedder = emb; o.EmbedTimeout = 200 * time.Millisecond })
	q := Query{Text: "ランサムウェア", K: 3}
	r, err := e.Search(context.Background(), q)
	if err != nil || r.Degraded {
		t.Fatalf("healthy ollama: err %v degraded %v", err, r.Degraded)
	}
	srv.Delay.Store(int64(5 * time.Second)) // slower than EmbedTimeout
	r, err = e.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Degraded || len(r.Results) == 0 {
		t.Errorf("slow ollama: degraded %v, %d results; want lexical results marked degraded", r.Degraded, len(r.Results))
	}
	// Down at start: the engine builds and answers degraded.
	srv.Close()
	emb2, _ := index.NewOllama(index.OllamaOptions{BaseURL: srv.URL, Model: "test", Timeout: time.Second})
	e2 := mustMini(t, func(o *Options) { o.Embedder = emb2 })
	r, err = e2.Search(context.Background(), q)
	if err != nil || !r.Degraded || len(r.Results) == 0 {
		t.Errorf("ollama down: err %v degraded %v results %d", err, r.Degraded, len(r.Results))
	}
}

// TestDefaultCorpusSmoke runs every dev-suite style query shape against the
// default corpus and checks the invariants of a response.
func TestDefaultCorpusSmoke(t *testing.T) {
	e := mustDefaultEngine(t)
	for _, q := range []string{"ランサムウェア", "ｳｲﾙｽ", "a", "？", strings.Repeat("請求", 900)} {
		r, err := e.Search(context.Background(), Query{Text: q, K: 50})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		seen := map[string]bool{}
		for i, x := range r.Results {
			if seen[x.Entry.ID] {
				t.Errorf("%q: %s twice", q, x.Entry.ID)
			}
			seen[x.Entry.ID] = true
			if i > 0 && x.Score > r.Results[i-1].Score {
				t.Errorf("%q: scores not descending at %d", q, i)
			}
		}
		if r.Referrals == nil {
			t.Errorf("%q: nil referrals", q)
		}
	}
}

// TestConcurrentSearch runs searches from several goroutines (as the HTTP
// server does) and checks each gets the same ranking as when run alone.
func TestConcurrentSearch(t *testing.T) {
	e := mustMini(t, nil)
	queries := []string{"ランサムウェア", "身に覚えのない請求", "ウイルスの表示", "バックアップ", "ピーピー鳴る"}
	want := map[string][]string{}
	for _, q := range queries {
		r, err := e.Search(context.Background(), Query{Text: q, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		want[q] = titles(r)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				q := queries[(g+i)%len(queries)]
				r, err := e.Search(context.Background(), Query{Text: q, K: 5})
				if err != nil {
					errs <- err.Error()
					return
				}
				if got := titles(r); !slices.Equal(got, want[q]) {
					errs <- fmt.Sprintf("%q: %q, alone %q", q, got, want[q])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestConcurrentSearchAnswersAsAlone runs the suites' queries from
// several goroutines at once on the default corpus, where searches share
// an idle processor's helper (package spare) and reuse each other's hit
// storage (index.ReleaseHits), and checks that every response equals the
// one the query gets alone.
func TestConcurrentSearchAnswersAsAlone(t *testing.T) {
	e := mustDefaultEngine(t)
	qs := benchQueries(t)
	search := func(text string) *Response {
		r, err := e.Search(context.Background(), Query{Text: text, K: 10})
		if err != nil {
			t.Error(err)
			return nil
		}
		r.Took = 0
		return r
	}
	want := make([]*Response, len(qs))
	for i, q := range qs {
		want[i] = search(q)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range qs {
				i := (k*(g+1) + g) % len(qs)
				if got := search(qs[i]); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("query %d answers differently alongside others", i)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestRequireLexical: nonsense gets no results when lexical signals run,
// and the rule does not empty the results of a vector-only engine.
func TestRequireLexical(t *testing.T) {
	e := mustMini(t, nil)
	r, err := e.Search(context.Background(), Query{Text: "zzqqxxyyww", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) != 0 {
		t.Errorf("nonsense query got %q", titles(r))
	}
	v := mustMini(t, func(o *Options) { o.Weights = map[string]float64{SignalVector: 1} })
	r, err = v.Search(context.Background(), Query{Text: "ランサムウェア", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) == 0 {
		t.Error("vector-only engine returned nothing")
	}
}

// TestParallelSignalsRankAsSequential checks that running the signals on
// their own goroutines, as a search of a large corpus does, gives the
// responses of running them one after the other, with and without a
// kinds filter.
func TestParallelSignalsRankAsSequential(t *testing.T) {
	e := mustDefaultEngine(t)
	defer func(saved int) { parallelSignalsMin = saved }(parallelSignalsMin)
	for i, text := range benchQueries(t) {
		q := Query{Text: text, K: 10}
		if i%3 == 0 {
			q.Kinds = []corpus.Kind{corpus.Kinds[i%len(corpus.Kinds)]}
		}
		var got [2]*Response
		for j, min := range []int{math.MaxInt, 0} {
			parallelSignalsMin = min
			r, err := e.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			r.Took = 0
			got[j] = r
		}
		if !reflect.DeepEqual(got[0], got[1]) {
			t.Fatalf("query %d: parallel signals answer differently\n got %+v\nwant %+v", i, got[1].Results, got[0].Results)
		}
	}
}
