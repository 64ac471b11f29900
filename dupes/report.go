package dupes

import (
	"cmp"
	"context"
	"slices"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// Query selects the pairs of a report.
type Query struct {
	// Threshold is the lowest similarity reported; 0 means the finder's
	// default. Values below Options.MinScore report from MinScore.
	Threshold float64
	// All includes pairs marked "not a duplicate".
	All bool
	// Diff adds a side-by-side character diff to each pair.
	Diff bool
	// Limit caps the number of pairs (0: no cap).
	Limit int
}

// EntryRef names an entry in a report.
type EntryRef struct {
	ID     string        `json:"id"`
	Kind   corpus.Kind   `json:"kind,omitempty"`
	Title  string        `json:"title"`
	Path   []string      `json:"path"`
	Source corpus.Source `json:"source"`
}

func refOf(e *corpus.Entry) EntryRef {
	p := e.Path
	if p == nil {
		p = []string{}
	}
	return EntryRef{ID: e.ID, Kind: e.Kind, Title: e.Title, Path: p, Source: e.Source}
}

// Pair is a reported pair of entries, A before B in corpus order.
type Pair struct {
	A EntryRef `json:"a"`
	B EntryRef `json:"b"`
	Scores
	// Marked is set when editors marked the pair "not a duplicate".
	Marked bool  `json:"marked"`
	Diff   *Diff `json:"diff,omitempty"`
}

// Cluster is a connected component of reported pairs.
type Cluster struct {
	IDs []string `json:"ids"`
	// Central is the member with the highest mean similarity to the others.
	Central string `json:"central"`
}

// Report is the answer to a Query.
type Report struct {
	Threshold float64 `json:"threshold"`
	// Embedder names the semantic signal's embedder; empty when the
	// semantic scores are all 0 because no embedder was configured.
	Embedder string    `json:"embedder,omitempty"`
	Pairs    []Pair    `json:"pairs"`
	Clusters []Cluster `json:"clusters"`
	// Hidden counts the pairs left out because they are marked.
	Hidden int `json:"hidden"`
	// MarksVersion is the version of the marks the report applied.
	MarksVersion int64 `json:"marks_version"`
	// MarksError, when set, says why the marks could not be read: the
	// report then applies the marks last read (none if never read).
	MarksError string `json:"marks_error,omitempty"`
}

// Duplicates reports the pairs at or above q.Threshold, best first, with
// their clusters. Marked pairs are left out unless q.All is set.
func (f *Finder) Duplicates(ctx context.Context, q Query) (*Report, error) {
	t := q.Threshold
	if t == 0 {
		t = f.opts.Threshold
	}
	if err := ValidateThreshold(t); err != nil {
		return nil, err
	}
	t = max(t, f.opts.MinScore) // nothing below MinScore is kept
	rep := &Report{Threshold: t, Embedder: f.EmbedderName(), Pairs: []Pair{}, Clusters: []Cluster{}}
	if f.opts.Marks != nil {
		v, err := f.opts.Marks.Refresh(ctx)
		rep.MarksVersion = v
		if err != nil {
			rep.MarksError = err.Error()
		}
	}
	var edges []scored
	for _, p := range f.pairs {
		if p.s.Similarity < t {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		a, b := &f.docs[p.i], &f.docs[p.j]
		marked := f.opts.Marks != nil && f.opts.Marks.Has(a.hash, b.hash)
		if marked && !q.All {
			rep.Hidden++
			continue
		}
		if q.Limit > 0 && len(rep.Pairs) >= q.Limit {
			continue
		}
		pr := Pair{A: refOf(a.e), B: refOf(b.e), Scores: p.s, Marked: marked}
		if q.Diff {
			d := DiffTexts(DisplayText(a.e), DisplayText(b.e))
			pr.Diff = &d
		}
		rep.Pairs = append(rep.Pairs, pr)
		if !marked {
			edges = append(edges, p)
		}
	}
	rep.Clusters = f.clusters(edges)
	return rep, nil
}

// clusters groups the documents of edges into connected components and
// picks each one's central member.
func (f *Finder) clusters(edges []scored) []Cluster {
	comps := Components(len(f.docs), edgeList(edges))
	known := make(map[uint64]float64, len(edges))
	for _, e := range edges {
		known[pairKey(e.i, e.j)] = e.s.Similarity
	}
	out := make([]Cluster, 0, len(comps))
	for _, c := range comps {
		sim := func(x, y int32) float64 {
			if s, ok := known[pairKey(x, y)]; ok {
				return s
			}
			if len(c) > 64 {
				return 0
			}
			return f.score(&f.docs[x], &f.docs[y], 0).Similarity
		}
		central := Central(c, sim)
		ids := make([]string, len(c))
		for i, d := range c {
			ids[i] = f.docs[d].e.ID
		}
		out = append(out, Cluster{IDs: ids, Central: f.docs[central].e.ID})
	}
	return out
}

func edgeList(s []scored) [][2]int32 {
	out := make([][2]int32, len(s))
	for i, e := range s {
		out[i] = [2]int32{e.i, e.j}
	}
	return out
}

// Components returns the connected components of size ≥ 2 of the graph of
// n nodes and the given edges. Members are sorted; components are ordered
// by size, largest first, then by first member.
func Components(n int, edges [][2]int32) [][]int32 {
	parent := make(map[int32]int32)
	var find func(x int32) int32
	find = func(x int32) int32 {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, e := range edges {
		if e[0] < 0 || e[1] < 0 || int(e[0]) >= n || int(e[1]) >= n {
			continue
		}
		ra, rb := find(e[0]), find(e[1])
		if _, ok := parent[e[0]]; !ok {
			parent[e[0]] = e[0]
		}
		if _, ok := parent[e[1]]; !ok {
			parent[e[1]] = e[1]
		}
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	groups := map[int32][]int32{}
	for x := range parent {
		r := find(x)
		groups[r] = append(groups[r], x)
	}
	var out [][]int32
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		slices.Sort(g)
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []int32) int {
		if c := cmp.Compare(len(b), len(a)); c != 0 {
			return c
		}
		return cmp.Compare(a[0], b[0])
	})
	return out
}

// Central returns the member of c with the highest mean similarity to the
// other members; ties go to the earlier member.
func Central(c []int32, sim func(a, b int32) float64) int32 {
	best, bestMean := c[0], -1.0
	for _, x := range c {
		var sum float64
		for _, y := range c {
			if x != y {
				sum += sim(x, y)
			}
		}
		mean := sum / float64(max(1, len(c)-1))
		if mean > bestMean {
			best, bestMean = x, mean
		}
	}
	return best
}

// Match is an existing entry similar to a draft.
type Match struct {
	Entry EntryRef `json:"entry"`
	Scores
}

// Check returns the k existing entries most similar to a draft text, best
// first; only entries with a positive similarity are returned. Candidates
// come from the LSH buckets and anchors of the draft plus, with an
// embedder, the 2k entries nearest by cosine; a corpus of at most
// Options.SemanticExhaustiveMax entries is scored whole (one row, O(n)).
// A draft has no question, so the question factor does not apply.
func (f *Finder) Check(ctx context.Context, text string, k int) ([]Match, error) {
	if err := validateDraft(text); err != nil {
		return nil, err
	}
	if k <= 0 {
		k = 10
	}
	ct := index.Compact(text)
	sh := index.Shingles(ct, f.opts.ShingleSize)
	cands := f.lsh.Query(f.mh.Signature(sh))
	for _, a := range anchors(ct, f.opts.AnchorSize, f.opts.AnchorEvery) {
		for _, k := range f.anchorDocs(a) {
			cands = append(cands, k.doc)
		}
	}
	var vec []float32
	if f.stats.SemanticSignal {
		vs, err := f.opts.Embed(ctx, []string{text})
		if err != nil {
			return nil, err
		}
		if len(vs) == 1 {
			vec = index.Unit(vs[0])
			type near struct {
				i int32
				c float64
			}
			top := make([]near, 0, len(f.docs))
			for i := range f.docs {
				top = append(top, near{int32(i), cosine(vec, f.docs[i].vec)})
			}
			slices.SortFunc(top, func(a, b near) int { return cmp.Compare(b.c, a.c) })
			for _, n := range top[:min(len(top), 2*k)] {
				cands = append(cands, n.i)
			}
		}
	}
	if len(f.docs) <= f.opts.SemanticExhaustiveMax {
		// Small corpora: score every entry; a draft is one row, O(n).
		cands = cands[:0]
		for i := range f.docs {
			cands = append(cands, int32(i))
		}
	}
	var para *paraSide
	if f.sig != nil {
		para = f.sig.draftSide(text)
		cands = append(cands, f.sig.nearest(para, 2*k, -1, newScratch(len(f.docs)))...)
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	out := make([]Match, 0, k)
	for _, i := range cands {
		d := &f.docs[i]
		s := scorePair(side{shingles: sh, vec: vec, para: para}, side{shingles: d.shingles, vec: d.vec, para: d.para}, f.opts, 0)
		if s.Similarity > 0 {
			out = append(out, Match{Entry: refOf(d.e), Scores: s})
		}
	}
	slices.SortStableFunc(out, func(a, b Match) int { return cmp.Compare(b.Similarity, a.Similarity) })
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// Mark records that entries a and b are not duplicates.
func (f *Finder) Mark(ctx context.Context, a, b string) error {
	da, db, err := f.pairDocs(a, b)
	if err != nil {
		return err
	}
	return f.opts.Marks.Add(ctx, Mark{AHash: da.hash, BHash: db.hash, AID: a, BID: b, ATitle: da.e.Title, BTitle: db.e.Title})
}

// Unmark removes the mark of entries a and b; unmarking an unmarked pair is
// a no-op.
func (f *Finder) Unmark(ctx context.Context, a, b string) error {
	da, db, err := f.pairDocs(a, b)
	if err != nil {
		return err
	}
	return f.opts.Marks.Remove(ctx, da.hash, db.hash)
}

func (f *Finder) pairDocs(a, b string) (*doc, *doc, error) {
	if a == "" || b == "" {
		return nil, nil, &InvalidError{Field: "a, b", Message: "both entry IDs are required"}
	}
	if a == b {
		return nil, nil, &InvalidError{Field: "b", Message: "an entry cannot be marked against itself"}
	}
	ia, ok := f.byID[a]
	if !ok {
		return nil, nil, &NotFoundError{ID: a}
	}
	ib, ok := f.byID[b]
	if !ok {
		return nil, nil, &NotFoundError{ID: b}
	}
	if f.opts.Marks == nil {
		return nil, nil, ErrNoMarks
	}
	return &f.docs[ia], &f.docs[ib], nil
}
