package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

func TestZZQuick(t *testing.T) {
	if os.Getenv("QUICK") == "" {
		t.Skip()
	}
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Log(err)
	}
	opts := DefaultOptions()
	for _, sig := range strings.Split(os.Getenv("OFF"), ",") {
		if sig != "" {
			opts.Weights[sig] = 0
		}
	}
	if os.Getenv("NOANN") != "" {
		opts.Annotations = false
	}
	if v := os.Getenv("RRFK"); v != "" {
		fmt.Sscan(v, &opts.RRFK)
	}
	if v := os.Getenv("SYN"); v != "" {
		fmt.Sscan(v, &opts.SynonymWeight)
	}
	if v := os.Getenv("W"); v != "" {
		for _, kv := range strings.Split(v, ",") {
			var name string
			var w float64
			parts := strings.Split(kv, "=")
			name = parts[0]
			fmt.Sscan(parts[1], &w)
			opts.Weights[name] = w
		}
	}
	if v := os.Getenv("LSA"); v != "" {
		fmt.Sscan(v, &opts.LSARank)
	}
	if os.Getenv("NOREQ") != "" {
		opts.RequireLexical = false
	}
	if os.Getenv("NOSEC") != "" {
		opts.SectionContext = false
	}
	if v := os.Getenv("PRF"); v != "" {
		fmt.Sscan(v, &opts.PRFTerms)
		opts.PRFDocs, opts.PRFWeight = 3, 0.3
	}
	if v := os.Getenv("COLL"); v != "" {
		fmt.Sscan(v, &opts.CollapseThreshold)
	}
	if os.Getenv("NOPRIOR") != "" {
		opts.KindPriors = nil
	}
	e, err := New(context.Background(), c, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, suite := range []string{"../eval/testdata/dev.jsonl", "../eval/testdata/callers.jsonl"} {
		f, _ := os.Open(suite)
		sc := bufio.NewScanner(f)
		var n, h1, h5 int
		var mrr, rr, nr float64
		for sc.Scan() {
			var q struct {
				ID        string
				Query     string
				Expect    []string
				Referrals []string
			}
			json.Unmarshal(sc.Bytes(), &q)
			resp, err := e.Search(context.Background(), Query{Text: q.Query, K: 10})
			if err != nil {
				t.Fatal(err)
			}
			n++
			first := 0
			for i, r := range resp.Results {
				pt := corpus.Fold(r.Entry.PathText())
				for _, x := range q.Expect {
					if strings.Contains(pt, corpus.Fold(x)) && first == 0 {
						first = i + 1
					}
				}
			}
			if first == 1 {
				h1++
			}
			if first >= 1 && first <= 5 {
				h5++
			}
			if first > 0 {
				mrr += 1 / float64(first)
			}
			if len(q.Referrals) > 0 {
				got := 0
				for _, want := range q.Referrals {
					for _, r := range resp.Referrals {
						if strings.Contains(corpus.Fold(r.Org), corpus.Fold(want)) {
							got++
							break
						}
					}
				}
				rr += float64(got) / float64(len(q.Referrals))
				nr++
			}
			if os.Getenv("V") != "" && (first == 0 || first > 1) {
				top := []string{}
				for i, r := range resp.Results {
					if i < 3 {
						top = append(top, r.Entry.Title)
					}
				}
				fmt.Printf("%s rank=%d %s | %v | %q\n", q.ID, first, q.Query, q.Expect, top)
			}
		}
		fmt.Printf("%s n=%d hit@1=%.3f hit@5=%.3f mrr=%.3f refrec=%.3f\n", suite, n, float64(h1)/float64(n), float64(h5)/float64(n), mrr/float64(n), rr/nr)
	}
}
