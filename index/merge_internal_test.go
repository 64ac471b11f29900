package index

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestMergeDenseMatchesMap checks that searches merge their terms alike
// in the array by term ID and in the map that large vocabularies use:
// repeated terms, weights summing to zero or below, unknown IDs.
func TestMergeDenseMatchesMap(t *testing.T) {
	l := NewLexical(zipfDocs(3000, 400, 3), strings.Fields, DefaultBM25Options())
	r := rand.New(rand.NewPCG(7, 7))
	for range 300 {
		q := make([]WeightedID, 1+r.IntN(40))
		for i := range q {
			q[i] = WeightedID{ID: int32(r.IntN(l.NumTerms()+20) - 10), Weight: float64(r.IntN(5)-1) * 0.5}
		}
		k := r.IntN(30)
		dense := l.SearchIDs(q, k, nil)
		saved := denseMergeMax
		denseMergeMax = 0
		viaMap := l.SearchIDs(q, k, nil)
		denseMergeMax = saved
		if !reflect.DeepEqual(dense, viaMap) {
			t.Fatalf("query %v: dense merge %v, map merge %v", q, dense, viaMap)
		}
	}
}
