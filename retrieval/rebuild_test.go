package retrieval

import (
	"context"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// editedCorpus returns the default corpus's entries as a new corpus, with
// one answer extended by a line and one entry added, as an editor's save
// would change them.
func editedCorpus(t testing.TB, base *corpus.Corpus) *corpus.Corpus {
	t.Helper()
	var entries []*corpus.Entry
	for i, en := range base.Entries {
		cp := *en
		if i == 3 {
			cp.Answer += "\n不審な点があれば所轄の警察署に相談する"
		}
		entries = append(entries, &cp)
	}
	entries = append(entries, &corpus.Entry{
		ID: "added-1", Kind: corpus.KindFAQ, Title: "ランサムウェアの危険性と対策について知りたい",
		Answer: "バックアップを取り、OSとソフトウェアを最新に保つ", Examples: []string{"身代金を要求された"},
	})
	return corpus.FromEntries("edited", entries)
}

// TestRebuildReusesAnalyses checks that Rebuild analyses only the texts
// that changed, and that its engine answers exactly as one built from
// scratch over the same corpus.
func TestRebuildReusesAnalyses(t *testing.T) {
	base, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := New(ctx, base, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if first.memo.Reused != 0 || first.memo.Analysed == 0 {
		t.Fatalf("a first build reused %d and analysed %d texts", first.memo.Reused, first.memo.Analysed)
	}
	same, err := first.Rebuild(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	if same.memo.Analysed != 0 {
		t.Errorf("rebuilding an unchanged corpus analysed %d texts, want 0", same.memo.Analysed)
	}
	edited := editedCorpus(t, base)
	rebuilt, err := first.Rebuild(ctx, edited)
	if err != nil {
		t.Fatal(err)
	}
	// The changed answer (its field for words and readings, its new
	// line) and the new entry's few texts.
	t.Logf("rebuilt: %d texts analysed, %d reused", rebuilt.memo.Analysed, rebuilt.memo.Reused)
	if n := rebuilt.memo.Analysed; n == 0 || n > 12 {
		t.Errorf("rebuilding after one edit and one new entry analysed %d texts, want 1 to 12", n)
	}
	fresh, err := New(ctx, edited, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := top10Lines(t, rebuilt, "dev", "callers"), top10Lines(t, fresh, "dev", "callers"); got != want {
		compareTop10(t, want, got)
		t.Error("a rebuilt engine ranks differently from one built from scratch")
	}
}

// BenchmarkRebuild measures what a reload of the default corpus after one
// editor's save costs the engine: Rebuild with one answer changed and
// one entry added, against the serving engine.
//
//	go test ./retrieval -run '^$' -bench Rebuild -benchtime 20x
func BenchmarkRebuild(b *testing.B) {
	base, err := corpus.LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	serving := mustDefaultEngine(b)
	edited := editedCorpus(b, base)
	for b.Loop() {
		if _, err := serving.Rebuild(context.Background(), edited); err != nil {
			b.Fatal(err)
		}
	}
}
