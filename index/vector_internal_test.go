package index

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestVectorBackends checks that the chromem-go and the flat backend rank
// alike.
func TestVectorBackends(t *testing.T) {
	ctx := context.Background()
	var ids, texts []string
	words := []string{"ウイルス", "感染", "パソコン", "詐欺", "通販", "警察", "相談", "パスワード", "メール", "偽"}
	for i := range 300 {
		ids = append(ids, fmt.Sprintf("d%03d", i))
		texts = append(texts, words[i%10]+words[i*7%10]+words[i*3%10]+fmt.Sprint(i%13))
	}
	chrom, err := NewVector(ctx, Fake{}, ids, texts)
	if err != nil {
		t.Fatal(err)
	}
	defer func(old int) { flatMin = old }(flatMin)
	flatMin = 1
	flat, err := NewVector(ctx, Fake{}, ids, texts)
	if err != nil {
		t.Fatal(err)
	}
	if chrom.coll == nil || flat.flat == nil {
		t.Fatal("backends not selected as expected")
	}
	for _, q := range []string{"ウイルス感染", "通販詐欺", "警察に相談", "メールのパスワード"} {
		for _, k := range []int{1, 10, 0} {
			a, err := chrom.Search(ctx, q, k)
			if err != nil {
				t.Fatal(err)
			}
			b, err := flat.Search(ctx, q, k)
			if err != nil {
				t.Fatal(err)
			}
			if len(a) != len(b) {
				t.Fatalf("%q k=%d: chromem %d hits, flat %d", q, k, len(a), len(b))
			}
			// Scores agree to float32 rounding; compare the score lists and
			// the document sets of each distinct score.
			for i := range a {
				if d := a[i].Score - b[i].Score; d > 1e-5 || d < -1e-5 {
					t.Errorf("%q k=%d: hit %d: chromem %v, flat %v", q, k, i, a[i], b[i])
					break
				}
			}
			if k == 0 {
				da, db := docsOf(a), docsOf(b)
				if !slices.Equal(da, db) {
					t.Errorf("%q: document sets differ", q)
				}
			}
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	q, _ := Fake{}.Embed(ctx, []string{"ウイルス"}, PurposeQuery)
	if _, err := flat.SearchEmbedding(cctx, q[0], 3); err == nil {
		t.Error("flat search with a cancelled context did not fail")
	}
}

func docsOf(hits []Hit) []int {
	var d []int
	for _, h := range hits {
		d = append(d, h.Doc)
	}
	slices.Sort(d)
	return d
}
