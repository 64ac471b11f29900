package ready_test

import (
	"sync"
	"testing"

	"github.com/soudan-desk/soudan/internal/ready"
)

func TestValue(t *testing.T) {
	var r ready.Value[string]
	if v, ok := r.Get(); ok || v != "" {
		t.Fatalf("empty value: Get = %q, %v; want \"\", false", v, ok)
	}
	if _, gen := r.Load(); gen != 0 {
		t.Fatalf("empty value: generation %d, want 0", gen)
	}
	for i, s := range []string{"a", "b", "c"} {
		if gen := r.Set(s); gen != uint64(i+1) {
			t.Errorf("Set(%q) = generation %d, want %d", s, gen, i+1)
		}
		if v, gen := r.Load(); v != s || gen != uint64(i+1) {
			t.Errorf("after Set(%q): Load = %q, %d", s, v, gen)
		}
	}
}

// TestConcurrentSet checks that concurrent swaps hand out distinct
// generations and that readers see a value with its own generation.
func TestConcurrentSet(t *testing.T) {
	var r ready.Value[uint64]
	const writers, sets = 4, 200
	var wg sync.WaitGroup
	gens := make(chan uint64, writers*sets)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < sets; i++ {
				gens <- r.Set(0)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		last := uint64(0)
		for i := 0; i < writers*sets; i++ {
			_, gen := r.Load()
			if gen < last {
				t.Errorf("generation went back from %d to %d", last, gen)
				return
			}
			last = gen
		}
	}()
	wg.Wait()
	close(gens)
	seen := map[uint64]bool{}
	for g := range gens {
		if seen[g] {
			t.Fatalf("generation %d handed out twice", g)
		}
		seen[g] = true
	}
	if _, gen := r.Load(); gen != writers*sets {
		t.Errorf("final generation %d, want %d", gen, writers*sets)
	}
}
