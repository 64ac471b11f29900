package dupes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/internal/synth"
	"github.com/soudan-desk/soudan/store"
)

func TestText(t *testing.T) {
	e := &corpus.Entry{Title: "ｳｨﾙｽ 感染", Question: []string{"ｳｨﾙｽ 感染"}, Answer: "ネットワークから　切り離す\nサーバー を止める"}
	if got, want := Text(e), "ウイルス感染ネットワークから切り離すサーバを止める"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestMinHashEstimate(t *testing.T) {
	set := func(lo, hi int) []uint64 {
		var s []uint64
		for i := lo; i < hi; i++ {
			s = append(s, index.Mix64(uint64(i)))
		}
		slices.Sort(s)
		return s
	}
	mh := NewMinHasher(128, 42)
	for _, tt := range []struct{ lo, hi int }{{0, 1000}, {250, 1250}, {500, 1500}, {800, 1800}, {1000, 2000}} {
		a, b := set(0, 1000), set(tt.lo, tt.hi)
		exact := index.Jaccard(a, b)
		est := EstimateJaccard(mh.Signature(a), mh.Signature(b))
		// Standard error is sqrt(J(1−J)/128) ≤ 0.045; allow about 2.5σ.
		if math.Abs(est-exact) > 0.11 {
			t.Errorf("J=%.3f: estimate %.3f is too far off", exact, est)
		}
	}
	if !slices.Equal(NewMinHasher(8, 3).Signature(set(0, 10)), NewMinHasher(8, 3).Signature(set(0, 10))) {
		t.Error("signatures are not deterministic")
	}
}

func TestLSHQuery(t *testing.T) {
	mh := NewMinHasher(128, 1)
	texts := []string{"情報セキュリティ侵害に遭わないように事前に何をすればいいか", "ランサムウェアに感染したので調査業者を紹介してほしい", "まったく関係のない文章です"}
	var sigs [][]uint64
	for _, s := range texts {
		sigs = append(sigs, mh.Signature(index.Shingles(s, 3)))
	}
	l := NewLSH(sigs, 32, nil)
	got := l.Query(mh.Signature(index.Shingles("情報セキュリティ侵害に遭わないように事前に何をすればよいか", 3)))
	if !slices.Contains(got, 0) || slices.Contains(got, 2) {
		t.Errorf("Query = %v, want entry 0 and not entry 2", got)
	}
}

// TestCandidateRecall checks that the LSH and anchor channels find the
// planted near-duplicates and contained copies of a synthetic corpus.
func TestCandidateRecall(t *testing.T) {
	es, planted := synth.Entries(5000, 1)
	f, err := New(context.Background(), es, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := f.Duplicates(context.Background(), Query{})
	if err != nil {
		t.Fatal(err)
	}
	found := map[[2]string]bool{}
	for _, p := range rep.Pairs {
		found[[2]string{p.A.ID, p.B.ID}] = true
		found[[2]string{p.B.ID, p.A.ID}] = true
	}
	hit := 0
	for _, p := range planted {
		if found[p] {
			hit++
		}
	}
	recall := float64(hit) / float64(len(planted))
	precision := float64(hit) / float64(max(1, len(rep.Pairs)))
	t.Logf("planted %d, reported %d, recall %.3f, precision %.3f, stats %+v", len(planted), len(rep.Pairs), recall, precision, f.Stats())
	if recall < 0.97 {
		t.Errorf("recall of planted pairs = %.3f, want ≥ 0.97", recall)
	}
	if precision < 0.9 {
		t.Errorf("precision = %.3f, want ≥ 0.9", precision)
	}
}

func TestComponents(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges [][2]int32
		want  [][]int32
	}{
		{"none", 3, nil, nil},
		{"one pair", 3, [][2]int32{{0, 2}}, [][]int32{{0, 2}}},
		{"chain", 5, [][2]int32{{0, 1}, {1, 2}, {3, 4}}, [][]int32{{0, 1, 2}, {3, 4}}},
		{"merge later", 6, [][2]int32{{4, 5}, {0, 1}, {1, 5}, {2, 3}}, [][]int32{{0, 1, 4, 5}, {2, 3}}},
		{"out of range ignored", 2, [][2]int32{{0, 7}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Components(tt.n, tt.edges)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Components = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCentral(t *testing.T) {
	sims := map[[2]int32]float64{{0, 1}: 0.6, {0, 2}: 0.5, {1, 2}: 0.9}
	sim := func(a, b int32) float64 {
		if a > b {
			a, b = b, a
		}
		return sims[[2]int32{a, b}]
	}
	tests := []struct {
		c    []int32
		want int32
	}{
		{[]int32{0, 1}, 0}, // tie: the earlier
		{[]int32{0, 1, 2}, 1},
		{[]int32{0, 2}, 0},
	}
	for _, tt := range tests {
		if got := Central(tt.c, sim); got != tt.want {
			t.Errorf("Central(%v) = %d, want %d", tt.c, got, tt.want)
		}
	}
}

const longAnswer = "他のお客様の被害が拡大しないように、また、他の利用者からの苦情に対応するために、「なりすましECサイト対策マニュアル」に従って、対応することをお勧めします。\n実被害者は、偽サイトで振り込んでしまった方ですので、被害者の所轄の警察署に被害届を出すように促してください。"

func testEntries() []*corpus.Entry {
	return []*corpus.Entry{
		{ID: "a", Title: "なりすましECサイト標準回答", Answer: longAnswer, Source: corpus.Source{File: "m.txt", StartLine: 1, EndLine: 3}},
		{ID: "b", Title: "ケース１", Answer: longAnswer + "\n以上です。", Source: corpus.Source{File: "m.txt", StartLine: 10, EndLine: 13}},
		{ID: "c", Title: "ランサムウェアに感染したので調査業者を紹介してほしい", Answer: "システム管理者、PC保守会社、PC購入元に確認", Source: corpus.Source{File: "m.txt", StartLine: 20, EndLine: 21}},
		{ID: "d", Title: "資料請求", Answer: "FAXで送付先を送ってもらう\nゆうパックで、郵送依頼書とともに管理へ", Source: corpus.Source{File: "m.txt", StartLine: 30, EndLine: 32}},
	}
}

func TestDuplicatesAndCheck(t *testing.T) {
	ctx := context.Background()
	f, err := New(ctx, testEntries(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := f.Duplicates(ctx, Query{Diff: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].A.ID != "a" || rep.Pairs[0].B.ID != "b" {
		t.Fatalf("pairs = %+v, want only a–b", rep.Pairs)
	}
	if len(rep.Clusters) != 1 || fmt.Sprint(rep.Clusters[0].IDs) != "[a b]" {
		t.Errorf("clusters = %+v", rep.Clusters)
	}
	d := rep.Pairs[0].Diff
	if d == nil || len(d.Left) == 0 || len(d.Right) == 0 {
		t.Fatalf("no diff: %+v", d)
	}
	var right string
	hasInsert := false
	for _, s := range d.Right {
		right += s.Text
		hasInsert = hasInsert || s.Op == OpInsert
	}
	if right != DisplayText(testEntries()[1]) || !hasInsert {
		t.Errorf("right side %q does not rebuild B's text with inserts", right)
	}
	if _, err := f.Duplicates(ctx, Query{Threshold: 1.5}); err == nil {
		t.Error("threshold 1.5 accepted")
	}

	ms, err := f.Check(ctx, "ランサムウェアに感染したので、調査業者を紹介してほしいです", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].Entry.ID != "c" {
		t.Errorf("Check best = %+v, want c", ms)
	}
	for _, bad := range []string{"", "   \n"} {
		if _, err := f.Check(ctx, bad, 10); err == nil {
			t.Errorf("Check(%q) accepted", bad)
		}
	}
	big := make([]rune, MaxDraftLen+1)
	for i := range big {
		big[i] = 'あ'
	}
	_, err = f.Check(ctx, string(big), 10)
	if ie, ok := err.(*InvalidError); !ok || !ie.TooLong {
		t.Errorf("long draft: err = %v, want TooLong", err)
	}
}

func TestContainmentNeedsSize(t *testing.T) {
	// A one-line entry quoted inside a long one is not reported.
	es := []*corpus.Entry{
		{ID: "short", Title: "消費者ホットライン", Answer: "", Source: corpus.Source{File: "m.txt", StartLine: 1, EndLine: 1}},
		{ID: "long", Title: "セキュリティ以外", Answer: "消費生活全般に関する苦情や問合せ\n【相談】消費者ホットライン\n嫌がらせ、ネットストーカー\n【相談】所轄の警察署の生活安全課", Source: corpus.Source{File: "m.txt", StartLine: 5, EndLine: 9}},
	}
	f, err := New(context.Background(), es, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := f.Duplicates(context.Background(), Query{})
	if len(rep.Pairs) != 0 {
		t.Errorf("pairs = %+v, want none", rep.Pairs)
	}
}

func TestSemanticSignal(t *testing.T) {
	// A fake embedder that maps every text containing "感染" to one
	// direction makes c and a paraphrase of it semantically equal.
	embed := func(_ context.Context, texts []string) ([][]float32, error) {
		out := make([][]float32, len(texts))
		for i, s := range texts {
			if containsAny(s, "感染", "ウイルス") {
				out[i] = []float32{1, 0}
			} else {
				out[i] = []float32{0, 1}
			}
		}
		return out, nil
	}
	es := append(testEntries(), &corpus.Entry{ID: "e", Title: "ウイルスにやられたので業者を教えて", Answer: "社内の担当者や保守の会社に聞いてください", Source: corpus.Source{File: "m.txt", StartLine: 40, EndLine: 41}})
	opts := Options{Embed: embed, EmbedderName: "fake", MinShingles: 1}
	f, err := New(context.Background(), es, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := f.Duplicates(context.Background(), Query{Threshold: 0.2})
	bare, _ := New(context.Background(), es, Options{MinShingles: 1})
	bareRep, _ := bare.Duplicates(context.Background(), Query{Threshold: 0.2})
	find := func(r *Report, a, b string) *Pair {
		for i, p := range r.Pairs {
			if p.A.ID == a && p.B.ID == b {
				return &r.Pairs[i]
			}
		}
		return nil
	}
	ce := find(rep, "c", "e")
	if ce == nil {
		t.Fatalf("the paraphrase c-e is not reported with an embedder: %+v", rep.Pairs)
	}
	if ce.Semantic != 1 || ce.Similarity <= ce.Lexical {
		t.Errorf("c-e: %+v, want semantic 1 raising similarity above lexical", ce.Scores)
	}
	if p := find(bareRep, "c", "e"); p != nil {
		t.Errorf("c-e reported without an embedder: %+v", p.Scores)
	}
	for _, p := range rep.Pairs {
		if p.Similarity < p.Lexical {
			t.Errorf("%s-%s: similarity %v below lexical %v", p.A.ID, p.B.ID, p.Similarity, p.Lexical)
		}
	}
	if ab := find(rep, "a", "b"); ab == nil || ab.Similarity < 0.9 {
		t.Errorf("a-b lost: %+v", ab)
	}
	if rep.Embedder != "fake" || bareRep.Embedder != "" {
		t.Errorf("embedder = %q / %q", rep.Embedder, bareRep.Embedder)
	}
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if len(x) > 0 && len(s) >= len(x) && indexOf(s, x) >= 0 {
			return true
		}
	}
	return false
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// memMarks is an in-memory MarkStore; err, when set, fails every call.
type memMarks struct {
	mu      sync.Mutex
	set     map[string]Mark
	version int64
	err     error
	imports map[string]bool
}

func newMemMarks() *memMarks { return &memMarks{set: map[string]Mark{}, imports: map[string]bool{}} }

func (m *memMarks) AddMark(_ context.Context, mk Mark) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	if _, ok := m.set[mk.Key()]; !ok {
		m.set[mk.Key()] = mk
		m.version++
	}
	return nil
}

func (m *memMarks) RemoveMark(_ context.Context, a, b string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	if _, ok := m.set[store.MarkKey(a, b)]; ok {
		delete(m.set, store.MarkKey(a, b))
		m.version++
	}
	return nil
}

func (m *memMarks) Marks(context.Context) ([]Mark, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Mark
	for _, mk := range m.set {
		out = append(out, mk)
	}
	return out, m.err
}

func (m *memMarks) MarksVersion(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.version, m.err
}

func (m *memMarks) ImportMarks(ctx context.Context, source string, marks []Mark) (bool, error) {
	if m.imports[source] {
		return false, nil
	}
	m.imports[source] = true
	for _, mk := range marks {
		m.AddMark(ctx, mk)
	}
	return true, nil
}

func TestMarksLapseWhenContentChanges(t *testing.T) {
	ctx := context.Background()
	st := newMemMarks()
	f, err := New(ctx, testEntries(), Options{Marks: NewMarks(st)})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Mark(ctx, "a", "b"); err != nil {
		t.Fatal(err)
	}
	rep, _ := f.Duplicates(ctx, Query{})
	if len(rep.Pairs) != 0 || rep.Hidden != 1 {
		t.Fatalf("after mark: %d pairs, %d hidden; want 0, 1", len(rep.Pairs), rep.Hidden)
	}
	rep, _ = f.Duplicates(ctx, Query{All: true})
	if len(rep.Pairs) != 1 || !rep.Pairs[0].Marked || len(rep.Clusters) != 0 {
		t.Fatalf("all=1: %+v", rep)
	}

	// The mark survives a reload of an unchanged corpus.
	f2, _ := New(ctx, testEntries(), Options{Marks: NewMarks(st)})
	if rep, _ := f2.Duplicates(ctx, Query{}); len(rep.Pairs) != 0 {
		t.Errorf("mark lost on reload")
	}

	// Editing b's answer makes the mark lapse.
	es := testEntries()
	es[1].Answer += "\n追記しました。"
	f3, _ := New(ctx, es, Options{Marks: NewMarks(st)})
	rep, _ = f3.Duplicates(ctx, Query{})
	if len(rep.Pairs) != 1 || rep.Pairs[0].Marked {
		t.Errorf("after edit: %+v, want the pair back, unmarked", rep.Pairs)
	}

	// Unmark restores the pair.
	if err := f.Unmark(ctx, "b", "a"); err != nil {
		t.Fatal(err)
	}
	if rep, _ := f.Duplicates(ctx, Query{}); len(rep.Pairs) != 1 {
		t.Errorf("after unmark: %d pairs", len(rep.Pairs))
	}
	if err := f.Mark(ctx, "a", "zz"); err == nil {
		t.Error("unknown ID accepted")
	} else if _, ok := err.(*NotFoundError); !ok {
		t.Errorf("unknown ID: %T %v", err, err)
	}
	if err := f.Mark(ctx, "a", "a"); err == nil {
		t.Error("self mark accepted")
	}
}

// TestMarksFollowOtherWriters: a mark given through another finder on
// the same store (another replica) counts in the next report.
func TestMarksFollowOtherWriters(t *testing.T) {
	ctx := context.Background()
	st := newMemMarks()
	f1, _ := New(ctx, testEntries(), Options{Marks: NewMarks(st)})
	f2, _ := New(ctx, testEntries(), Options{Marks: NewMarks(st)})
	rep, _ := f2.Duplicates(ctx, Query{})
	v0 := rep.MarksVersion
	if err := f1.Mark(ctx, "a", "b"); err != nil {
		t.Fatal(err)
	}
	rep, _ = f2.Duplicates(ctx, Query{})
	if rep.Hidden != 1 || rep.MarksVersion == v0 {
		t.Errorf("the other finder's report: hidden %d, version %d → %d", rep.Hidden, v0, rep.MarksVersion)
	}
}

// TestMarksStoreFault: a failing store leaves the report working, minus
// the marks, and says why; marking answers the store's error.
func TestMarksStoreFault(t *testing.T) {
	ctx := context.Background()
	st := newMemMarks()
	st.err = errors.New("the sqlite store (data/soudan.db) is unavailable: file is not a database")
	f, _ := New(ctx, testEntries(), Options{Marks: NewMarks(st)})
	rep, err := f.Duplicates(ctx, Query{})
	if err != nil || len(rep.Pairs) != 1 || !strings.Contains(rep.MarksError, "not a database") {
		t.Errorf("report with a failing store: %+v, %v", rep, err)
	}
	if err := f.Mark(ctx, "a", "b"); err == nil || !strings.Contains(err.Error(), "not a database") {
		t.Errorf("Mark with a failing store: %v", err)
	}
}

func TestImportMarksFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dupes-marks.json")
	if n, err := ImportMarksFile(ctx, newMemMarks(), path); n != 0 || err != nil {
		t.Errorf("missing file: %d, %v", n, err)
	}
	mustWrite(t, path, []byte(`{"version":1,"marks":[{"a_hash":"h1","b_hash":"h2","a_id":"a","b_id":"b","marked_at":"2026-11-01T00:00:00Z"}]}`))
	st := newMemMarks()
	if n, err := ImportMarksFile(ctx, st, path); n != 1 || err != nil {
		t.Fatalf("first import: %d, %v", n, err)
	}
	if n, err := ImportMarksFile(ctx, st, path); n != 0 || err != nil {
		t.Errorf("second import: %d, %v, want 0", n, err)
	}
	if len(st.set) != 1 {
		t.Errorf("%d marks in the store", len(st.set))
	}
	mustWrite(t, path, []byte("{not json"))
	if _, err := ImportMarksFile(ctx, newMemMarks(), path); err == nil {
		t.Error("corrupt marks file accepted")
	}
}

// BenchmarkFind100k is a whole `soudan dupes` run on 100,000 synthetic
// entries, as contracts.md counts it, once the corpus is loaded: the
// finder with every channel of the default (lexical, and paraphrase with
// the engine's word analysis), the report at the default threshold and
// its text output. Kagome's dictionary is loaded before the timer starts,
// as a served process has it. /lexical is the finder without the
// paraphrase channel.
func BenchmarkFind100k(b *testing.B) {
	b.Run("run", func(b *testing.B) { benchmarkFind(b, 100_000, true) })
	b.Run("lexical", func(b *testing.B) { benchmarkFind(b, 100_000, false) })
}

// BenchmarkFind is BenchmarkFind100k at smaller sizes, to see how the
// cost grows.
func BenchmarkFind(b *testing.B) {
	for _, n := range []int{10_000, 20_000} {
		b.Run(fmt.Sprintf("n=%d/run", n), func(b *testing.B) { benchmarkFind(b, n, true) })
	}
}

func benchmarkFind(b *testing.B, n int, engine bool) {
	es, planted := synth.Entries(n, 1)
	c := corpus.FromEntries("synthetic.txt", es)
	if engine {
		index.Default().Terms("辞書")
	}
	runtime.GC()
	b.ResetTimer()
	cpu := processCPU()
	var f *Finder
	var rep *Report
	for range b.N {
		var err error
		f, rep, err = dupesRun(c, engine)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	found := map[[2]string]bool{}
	for _, p := range rep.Pairs {
		found[[2]string{p.A.ID, p.B.ID}] = true
	}
	hit := 0
	for _, p := range planted {
		if found[p] {
			hit++
		}
	}
	st := f.Stats()
	b.ReportMetric(float64(hit)/float64(len(planted)), "planted-recall")
	b.ReportMetric(float64(len(rep.Pairs)), "pairs")
	b.ReportMetric(float64(st.Candidates), "candidates")
}

// dupesRun is what `soudan dupes` does once the corpus is loaded: the
// finder (with the engine's word analysis when engine is set), then the
// report, written as text.
func dupesRun(c *corpus.Corpus, engine bool) (*Finder, *Report, error) {
	ctx := context.Background()
	var opts Options
	if engine {
		opts.Words = index.Default().TermsOnce
	}
	f, err := New(ctx, c.Entries, opts)
	if err != nil {
		return nil, nil, err
	}
	rep, err := f.Duplicates(ctx, Query{})
	if err != nil {
		return nil, nil, err
	}
	return f, rep, rep.WriteText(io.Discard, c)
}

func BenchmarkCheck100k(b *testing.B) {
	es, _ := synth.Entries(100_000, 1)
	f, err := New(context.Background(), es, Options{})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	b.ResetTimer()
	for range b.N {
		if _, err := f.Check(context.Background(), es[r.IntN(len(es))].Answer, 10); err != nil {
			b.Fatal(err)
		}
	}
}

// mustWrite writes a test file or fails the test.
func mustWrite(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNormalizeByParts checks that normalising an entry's heading and
// answer apart gives Text and ContentHash exactly.
func TestNormalizeByParts(t *testing.T) {
	es := []*corpus.Entry{
		{Title: "ｳｨﾙｽ", Question: []string{"ｻｰﾊﾞｰ が", "ｳｨﾙｽ"}, Answer: "ｶ\nﾞ　ヴァイオリン コンピューター\n"},
		{Title: "ﾃﾞｰﾀ", Answer: ""},
		{Title: "", Answer: "ＡＢＣ ﾃﾞｨｽｸ"},
		{Title: "サーバー", Question: []string{"サーバー"}, Answer: "ﾞ先頭"},
	}
	if c, err := corpus.LoadDefault(); err == nil {
		es = append(es, c.Entries...)
	}
	syn, _ := synth.Entries(300, 3)
	es = append(es, syn...)
	for _, e := range es {
		n := normalize(e, []rune("left over"))
		if want := Text(e); string(n.runes) != want {
			t.Errorf("%q: text %q, want %q", e.Title, string(n.runes), want)
		}
		sum := sha256.Sum256([]byte(corpus.Normalize(e.Title + "\n" + e.Answer)))
		if got, want := contentHash(n.title, n.answer), hex.EncodeToString(sum[:8]); got != want || ContentHash(e) != want {
			t.Errorf("%q: hash %s, want %s", e.Title, got, want)
		}
	}
}
