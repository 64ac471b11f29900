package index

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestVectorParallelScan checks that the parallel scan of a large matrix
// ranks exactly as the single-goroutine scan, and stops on cancellation.
func TestVectorParallelScan(t *testing.T) {
	ctx := context.Background()
	var ids, texts []string
	words := []string{"ウイルス", "感染", "パソコン", "詐欺", "通販", "警察", "相談", "パスワード", "メール", "偽"}
	for i := range 300 {
		ids = append(ids, fmt.Sprintf("d%03d", i))
		texts = append(texts, words[i%10]+words[i*7%10]+words[i*3%10]+fmt.Sprint(i%13))
	}
	v, err := NewVector(ctx, Fake{}, ids, texts)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ウイルス感染", "通販詐欺", "警察に相談", "メールのパスワード"} {
		for _, k := range []int{1, 10, 0} {
			one, err := v.Search(ctx, q, k)
			if err != nil {
				t.Fatal(err)
			}
			flatRowsPerWorker = 16
			par, err := v.Search(ctx, q, k)
			flatRowsPerWorker = 4096
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(one, par) {
				t.Errorf("%q k=%d: parallel scan differs:\n%v\n%v", q, k, one, par)
			}
			sorted := slices.Clone(one)
			SortHits(sorted)
			if !slices.Equal(one, sorted) {
				t.Errorf("%q k=%d: hits not in SortHits order", q, k)
			}
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	q, _ := Fake{}.Embed(ctx, []string{"ウイルス"}, PurposeQuery)
	if _, err := v.SearchEmbedding(cctx, q[0], 3); err == nil {
		t.Error("search with a cancelled context did not fail")
	}
}
