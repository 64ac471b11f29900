package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// TestMemoMatchesAnalyzer checks that a Memo gives exactly what the
// analyser gives, for texts analysed anew and for texts taken from a
// previous Memo, and that it analyses each distinct text once.
func TestMemoMatchesAnalyzer(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var terms, readings []string
	for _, e := range c.Entries {
		terms = append(terms, e.Title, e.Answer, e.Title) // a repeat
		terms = append(terms, e.Examples...)
		readings = append(readings, e.Title, strings.Join(e.Question, "\n"))
	}
	a := Default()
	first := a.Memo(terms, readings, nil)
	distinct := map[string]bool{}
	for _, s := range append(slices.Clone(terms), readings...) {
		distinct[s] = true
	}
	if first.Analysed != len(distinct) || first.Reused != 0 {
		t.Errorf("first memo: analysed %d, reused %d; want %d and 0", first.Analysed, first.Reused, len(distinct))
	}
	edited := append(slices.Clone(terms), "請求書の振込先が変更されたとメールが来た")
	second := a.Memo(edited, readings, first)
	if second.Analysed != 1 {
		t.Errorf("second memo analysed %d texts, want the 1 new one", second.Analysed)
	}
	for _, m := range []*Memo{first, second} {
		for _, s := range terms {
			if got, want := m.Terms(s), a.Terms(s); !slices.Equal(got, want) {
				t.Fatalf("Terms(%.40q) = %q, want %q", s, got, want)
			}
		}
		for _, s := range readings {
			if got, want := m.ReadingBigrams(s), a.ReadingBigrams(s); !slices.Equal(got, want) {
				t.Fatalf("ReadingBigrams(%.40q) = %q, want %q", s, got, want)
			}
		}
	}
	if got, want := second.Terms("請求書の振込先が変更されたとメールが来た"), a.Terms("請求書の振込先が変更されたとメールが来た"); !slices.Equal(got, want) {
		t.Errorf("new text: %q, want %q", got, want)
	}
}

// lookCounter is a context whose Err turns to context.Canceled at its
// after-th call (and stays so), counting the looks an analysis takes.
type lookCounter struct {
	context.Context
	looks, after int
}

func (c *lookCounter) Err() error {
	c.looks++
	if c.looks >= c.after {
		return context.Canceled
	}
	return nil
}

// TestMemoContextCancelled checks that MemoContext stops at the look at
// its context that finds it done, between batches of lines, not only
// before it starts, and that a Memo it does return is Memo's.
func TestMemoContextCancelled(t *testing.T) {
	texts := memoLineTexts(t)[:400]
	a := Default()
	defer func(n int) { analyseBatch = n }(analyseBatch)
	analyseBatch = 16
	for _, after := range []int{1, 2, 5} {
		ctx := &lookCounter{Context: t.Context(), after: after}
		m, err := a.MemoContext(ctx, texts, texts, nil)
		if !errors.Is(err, context.Canceled) || m != nil {
			t.Errorf("cancelled at look %d: got a memo %v, error %v; want none and context.Canceled", after, m != nil, err)
		}
		if ctx.looks != after {
			t.Errorf("cancelled at look %d: looked %d times, want it to stop at that look", after, ctx.looks)
		}
	}
	ctx := &lookCounter{Context: t.Context(), after: 1 << 30}
	m, err := a.MemoContext(ctx, texts, texts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ctx.looks < 3 {
		t.Errorf("a whole analysis looked at its context %d times, want one look a batch", ctx.looks)
	}
	want := a.Memo(texts, texts, nil)
	for _, s := range texts {
		if got, w := m.Terms(s), want.Terms(s); !slices.Equal(got, w) {
			t.Fatalf("Terms(%.40q) = %q, want %q", s, got, w)
		}
		if got, w := m.ReadingBigrams(s), want.ReadingBigrams(s); !slices.Equal(got, w) {
			t.Fatalf("ReadingBigrams(%.40q) = %q, want %q", s, got, w)
		}
	}
}
