package prefetch

import "testing"

// The hints must not fault on any slice or row, nor change memory.
func TestHintsReadNothing(t *testing.T) {
	for n := range 200 {
		s := make([]byte, n)
		for i := range s {
			s[i] = byte(i)
		}
		Slice(s)
		Bytes(nil, 0)
		for i := range s {
			if s[i] != byte(i) {
				t.Fatalf("byte %d of %d changed", i, n)
			}
		}
	}
	m := make([]float32, 7*100)
	Rows(m, 100, []int32{0, 6, 3})
	Rows(m, 100, nil)
	Rows([]float32(nil), 100, []int32{1})
}
