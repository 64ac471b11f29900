package retrieval

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// countingEmbedder is index.Fake that records the document texts it was
// asked to embed.
type countingEmbedder struct {
	index.Fake
	mu   sync.Mutex
	docs []string
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string, p index.Purpose) ([][]float32, error) {
	if p == index.PurposeDocument {
		c.mu.Lock()
		c.docs = append(c.docs, texts...)
		c.mu.Unlock()
	}
	return c.Fake.Embed(ctx, texts, p)
}

func (c *countingEmbedder) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.docs
	c.docs = nil
	return out
}

// withOneAnswerEdited returns the mini manual with one answer line
// changed, as an editor's save would.
func withOneAnswerEdited(t *testing.T) *corpus.Corpus {
	t.Helper()
	const line = "ウイルス対策ソフト以外からの表示は、アドウェアの可能性がある"
	if !strings.Contains(miniOutline, line) {
		t.Fatal("the mini manual lost the line the test edits")
	}
	return miniCorpus(t, strings.Replace(miniOutline, line, line+"。電話はかけない", 1))
}

// TestRebuildReusesDocumentVectors: with an external embedder, a rebuild
// after one edited entry embeds only that entry's text, in the foreground
// and in the background build, and its vector index answers as a fresh
// engine's does.
func TestRebuildReusesDocumentVectors(t *testing.T) {
	for _, background := range []bool{false, true} {
		emb := &countingEmbedder{}
		first := mustMini(t, func(o *Options) {
			o.Embedder = emb
			o.VectorsInBackground = background
		})
		defer first.Close()
		waitVectors(t, first)
		if n := len(emb.take()); n != len(first.Corpus().Entries) {
			t.Fatalf("background %v: the first build embedded %d texts, want %d", background, n, len(first.Corpus().Entries))
		}
		edited := withOneAnswerEdited(t)
		second, err := first.Rebuild(context.Background(), edited)
		if err != nil {
			t.Fatal(err)
		}
		defer second.Close()
		waitVectors(t, second)
		if got := emb.take(); len(got) != 1 {
			t.Errorf("background %v: the rebuild embedded %d texts, want the edited one", background, len(got))
		}
		if st := second.Embedder(); st.Vectors != st.Total {
			t.Errorf("background %v: status after the rebuild %+v", background, st)
		}
		opts := first.Options()
		opts.Embedder, opts.VectorsInBackground = index.Fake{}, false
		freshOn, err := New(context.Background(), edited, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer freshOn.Close()
		q := Query{Text: "ランサムウェアに感染した", K: 10}
		a, _ := second.Search(context.Background(), q)
		b, _ := freshOn.Search(context.Background(), q)
		if !slices.Equal(resultIDs(a), resultIDs(b)) {
			t.Errorf("background %v: the rebuilt engine ranks %v, a fresh one %v", background, resultIDs(a), resultIDs(b))
		}
	}
}

// TestDocVectorsDimensionChange: vectors of another dimension than the
// kept ones do not fit, so every text is embedded again.
func TestDocVectorsDimensionChange(t *testing.T) {
	d := newDocVectors(index.Fake{}, []string{"a", "b"}, [][]float32{{1, 0}, {0, 1}})
	vecs, missing := d.reuse(d.emb, []string{"a", "c"})
	if vecs[0] == nil || vecs[1] != nil || !slices.Equal(missing, []int{1}) {
		t.Fatalf("reuse = %v, missing %v", vecs, missing)
	}
	if d.fits([][]float32{{1, 2, 3}}) {
		t.Error("a vector of dimension 3 fits kept vectors of dimension 2")
	}
	if !d.fits([][]float32{{1, 2}}) || !(*docVectors)(nil).fits([][]float32{{1}}) {
		t.Error("vectors of the kept dimension, or with nothing kept, do not fit")
	}
	if _, missing := d.reuse(index.Fake{Dim: 8}, []string{"a"}); len(missing) != 1 {
		t.Error("vectors made by another embedder were reused")
	}
}

func waitVectors(t *testing.T, e *Engine) {
	t.Helper()
	select {
	case <-e.VectorsReady():
	case <-time.After(30 * time.Second): // a bound, not a measure
		t.Fatalf("vectors not built: %+v", e.Embedder())
	}
}

func resultIDs(r *Response) []string {
	if r == nil {
		return nil
	}
	ids := make([]string, len(r.Results))
	for i, res := range r.Results {
		ids[i] = res.Entry.ID
	}
	return ids
}
