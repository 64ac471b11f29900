package index

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/internal/parallel"
)

// refLexical builds the postings and forward lists of tokens in one pass
// in document order, as the index did before its build was sharded: the
// definition that the sharded build must match byte for byte.
type refLexical struct {
	termIDs map[string]int32
	terms   []string
	df      []int32
	lists   [][]byte
	last    []int32
	post    []byte
	postOff []uint32
	fwd     []byte
	fwdOff  []uint64
}

func refBuild(tokens [][NumFields][]string) *refLexical {
	r := &refLexical{termIDs: map[string]int32{}, fwdOff: []uint64{0}}
	for d := range tokens {
		byTerm := map[int32]int{}
		var dts []docTerm
		for f := 0; f < NumFields; f++ {
			for _, t := range tokens[d][f] {
				id, ok := r.termIDs[t]
				if !ok {
					id = int32(len(r.terms))
					r.termIDs[t] = id
					r.terms = append(r.terms, t)
					r.df = append(r.df, 0)
					r.lists = append(r.lists, nil)
					r.last = append(r.last, -1)
				}
				i, ok := byTerm[id]
				if !ok {
					i = len(dts)
					byTerm[id] = i
					dts = append(dts, docTerm{term: id})
				}
				fs := dts[i].fields
				if n := len(fs); n > 0 && fs[n-1].field == uint8(f) {
					fs[n-1].tf++
				} else {
					dts[i].fields = append(fs, fieldTF{field: uint8(f), tf: 1})
				}
			}
		}
		slices.SortFunc(dts, func(a, b docTerm) int { return cmp.Compare(a.term, b.term) })
		prev := int32(0)
		for _, dt := range dts {
			r.lists[dt.term] = appendPosting(r.lists[dt.term], int32(d)-r.last[dt.term], dt.fields)
			r.last[dt.term] = int32(d)
			r.df[dt.term]++
			r.fwd = binary.AppendUvarint(r.fwd, uint64(dt.term-prev))
			prev = dt.term
		}
		r.fwdOff = append(r.fwdOff, uint64(len(r.fwd)))
	}
	for _, b := range r.lists {
		r.postOff = append(r.postOff, uint32(len(r.post)))
		r.post = append(r.post, b...)
	}
	r.postOff = append(r.postOff, uint32(len(r.post)))
	return r
}

// TestShardedBuildMatches checks that the sharded build gives, byte for
// byte, the index of a single pass in document order, for one to many
// shards (terms first seen in later shards, terms in every shard, long
// term frequencies) and on the default corpus's bigrams.
func TestShardedBuildMatches(t *testing.T) {
	corpusDocs := make([]Doc, 0)
	for i, text := range analyseTexts(t) {
		var d Doc
		d.Fields[i%NumFields] = text
		d.Fields[FieldPath] = text[:len(text)/2]
		corpusDocs = append(corpusDocs, d)
	}
	repeated := zipfDocs(300, 50, 3)
	for i := range repeated {
		repeated[i].Fields[FieldAnswer] += strings.Repeat(" w1", 40) // tf past 15
	}
	lineDocs := zipfDocs(2000, 400, 4)
	for i := range lineDocs {
		lineDocs[i].Fields[FieldAnswer] = strings.ReplaceAll(lineDocs[i].Fields[FieldAnswer], " ", "\n")
	}
	cases := []struct {
		name  string
		docs  []Doc
		parts Parts
	}{
		{"zipf", zipfDocs(3000, 2000, 5), Whole(strings.Fields)},
		{"repeats", repeated, Whole(strings.Fields)},
		{"corpus bigrams", corpusDocs, Whole(FoldedBigrams)},
		{"one doc", zipfDocs(1, 10, 1), Whole(strings.Fields)},
		// Lines shared as the same slices, and fresh ones.
		{"shared lines", lineDocs, ByLineParts(lineDocs, strings.Fields)},
		{"corpus lines", corpusDocs, ByLineParts(corpusDocs, FoldedBigrams)},
	}
	for _, c := range cases {
		want := refBuild(tokenizeDocs(c.docs, Joined(c.parts)))
		for _, shards := range []int{1, 2, 3, 7, 64} {
			if shards > len(c.docs) {
				continue
			}
			l := &Lexical{termIDs: map[string]int32{}, fwdOff: make([]uint64, 1, len(c.docs)+1)}
			l.buildShards(c.docs, c.parts, shards)
			switch {
			case !slices.Equal(l.terms, want.terms):
				t.Errorf("%s, %d shards: terms differ", c.name, shards)
			case !slices.Equal(l.df, want.df):
				t.Errorf("%s, %d shards: document frequencies differ", c.name, shards)
			case !slices.Equal(l.post, want.post) || !slices.Equal(l.postOff, want.postOff):
				t.Errorf("%s, %d shards: postings differ", c.name, shards)
			case !slices.Equal(l.fwd, want.fwd) || !slices.Equal(l.fwdOff, want.fwdOff):
				t.Errorf("%s, %d shards: forward lists differ", c.name, shards)
			}
			for term, id := range want.termIDs {
				if l.termIDs[term] != id {
					t.Fatalf("%s, %d shards: term %q has ID %d, want %d", c.name, shards, term, l.termIDs[term], id)
				}
			}
		}
	}
}

// tokenizeDocs tokenizes every field of every document, in parallel.
func tokenizeDocs(docs []Doc, tokenize func(string) []string) [][NumFields][]string {
	out := make([][NumFields][]string, len(docs))
	parallel.For(len(docs), func(d int) {
		for f, text := range docs[d].Fields {
			if text != "" {
				out[d][f] = tokenize(text)
			}
		}
	})
	return out
}
