package retrieval

// candHeap yields fused candidates best first (by score, then by entry ID
// through tie, a total order): a binary heap built in linear time, so
// that taking the few that collapsing keeps costs O(n + k log n) rather
// than the O(n log n) of sorting all of them. The order is the sort's.
type candHeap struct {
	c   []candidate
	tie []int32 // per entry: its position in ID order
}

func newCandHeap(c []candidate, tie []int32) candHeap {
	h := candHeap{c: c, tie: tie}
	for i := len(c)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
	return h
}

// before reports whether candidate i ranks before candidate j.
func (h *candHeap) before(i, j int) bool {
	a, b := &h.c[i], &h.c[j]
	if a.score != b.score {
		return a.score > b.score
	}
	return h.tie[a.doc] < h.tie[b.doc]
}

func (h *candHeap) down(i int) {
	n := len(h.c)
	for {
		best := i
		if l := 2*i + 1; l < n && h.before(l, best) {
			best = l
		}
		if r := 2*i + 2; r < n && h.before(r, best) {
			best = r
		}
		if best == i {
			return
		}
		h.c[i], h.c[best] = h.c[best], h.c[i]
		i = best
	}
}

// pop removes and returns the best candidate left; ok is false when none
// is.
func (h *candHeap) pop() (c candidate, ok bool) {
	n := len(h.c)
	if n == 0 {
		return candidate{}, false
	}
	c = h.c[0]
	h.c[0] = h.c[n-1]
	h.c = h.c[:n-1]
	h.down(0)
	return c, true
}
