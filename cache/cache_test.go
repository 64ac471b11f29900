package cache

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestGetPut(t *testing.T) {
	c := New(1 << 20)
	if _, ok := c.Get(1, "a"); ok {
		t.Fatal("hit on an empty cache")
	}
	c.Put(1, "a", []byte("A"))
	c.Put(1, "b", []byte("B"))
	if v, ok := c.Get(1, "a"); !ok || string(v) != "A" {
		t.Fatalf("Get(a) = %q, %v", v, ok)
	}
	c.Put(1, "a", []byte("A2"))
	if v, _ := c.Get(1, "a"); string(v) != "A2" {
		t.Fatalf("replaced value = %q", v)
	}
	st := c.Stats()
	if st.Entries != 2 || st.Bytes != cost("a", []byte("A2"))+cost("b", []byte("B")) {
		t.Errorf("stats = %+v", st)
	}
}

func TestEvictsLeastRecentlyUsed(t *testing.T) {
	val := []byte(strings.Repeat("x", 100))
	per := cost("k0", val)
	c := New(per * MaxEntryShare) // exactly MaxEntryShare entries of this size
	for i := range MaxEntryShare {
		c.Put(1, fmt.Sprintf("k%d", i), val)
	}
	c.Get(1, "k0") // k1 is now the least recently used
	c.Put(1, "k8", val)
	for key, want := range map[string]bool{"k0": true, "k1": false, "k2": true, "k7": true, "k8": true} {
		if _, ok := c.Get(1, key); ok != want {
			t.Errorf("%s present = %v, want %v", key, ok, want)
		}
	}
	if st := c.Stats(); st.Bytes > st.Capacity || st.Entries != MaxEntryShare {
		t.Errorf("stats = %+v", st)
	}
}

func TestBoundedByBytes(t *testing.T) {
	c := New(64 << 10)
	for i := range 10_000 {
		c.Put(1, fmt.Sprintf("query %d", i), make([]byte, 1+i%700))
		if st := c.Stats(); st.Bytes > st.Capacity {
			t.Fatalf("after %d puts: %d bytes > capacity %d", i+1, st.Bytes, st.Capacity)
		}
	}
	if st := c.Stats(); st.Entries == 0 || st.Bytes < st.Capacity/2 {
		t.Errorf("cache barely used: %+v", st)
	}
}

func TestOversizedValueIsNotStored(t *testing.T) {
	c := New(8 << 10)
	c.Put(1, "small", []byte("s"))
	c.Put(1, "big", make([]byte, 2<<10))
	if _, ok := c.Get(1, "big"); ok {
		t.Error("a value over capacity/MaxEntryShare was stored")
	}
	if _, ok := c.Get(1, "small"); !ok {
		t.Error("an oversized value evicted others")
	}
}

func TestGenerations(t *testing.T) {
	c := New(1 << 20)
	c.Put(1, "q", []byte("old"))
	if _, ok := c.Get(2, "q"); ok {
		t.Fatal("a generation-2 look-up hit a generation-1 answer")
	}
	c.Put(2, "r", []byte("new"))
	if _, ok := c.Get(1, "q"); ok {
		t.Error("generation-1 answers survived a generation-2 put")
	}
	if st := c.Stats(); st.Entries != 1 || st.Generation != 2 {
		t.Errorf("stats = %+v", st)
	}
	c.Put(1, "late", []byte("stale")) // a slow search that began before the reload
	if _, ok := c.Get(1, "late"); ok {
		t.Error("an older generation's answer was stored")
	}
	if v, ok := c.Get(2, "r"); !ok || string(v) != "new" {
		t.Errorf("Get(2, r) = %q, %v", v, ok)
	}
}

func TestDisabled(t *testing.T) {
	for _, capacity := range []int64{0, -1} {
		c := New(capacity)
		c.Put(1, "q", []byte("v"))
		if _, ok := c.Get(1, "q"); ok {
			t.Errorf("New(%d) cache hit", capacity)
		}
		if st := c.Stats(); st != (Stats{}) {
			t.Errorf("New(%d) stats = %+v", capacity, st)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := New(32 << 10)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				key := fmt.Sprintf("q%d", (i*7+g)%300)
				gen := uint64(1 + i/1000)
				if v, ok := c.Get(gen, key); ok && string(v) != key {
					t.Errorf("Get(%s) = %q", key, v)
					return
				}
				c.Put(gen, key, []byte(key))
			}
		})
	}
	wg.Wait()
	if st := c.Stats(); st.Bytes > st.Capacity {
		t.Errorf("stats = %+v", st)
	}
}

func TestKey(t *testing.T) {
	base := Key("ランサムウェア", 10, nil, false)
	same := []struct {
		name string
		key  string
	}{
		{"kinds order", Key("q", 10, []string{"faq", "case"}, false)},
		{"kinds repeats", Key("q", 10, []string{"case", "faq", "case"}, false)},
	}
	want := Key("q", 10, []string{"case", "faq"}, false)
	for _, tt := range same {
		if tt.key != want {
			t.Errorf("%s: %q != %q", tt.name, tt.key, want)
		}
	}
	distinct := []string{
		base,
		Key("ランサムウェア", 5, nil, false),
		Key("ランサムウェア", 10, nil, true),
		Key("ランサムウェア", 10, []string{"faq"}, false),
		Key("ランサムウェア ", 10, nil, false),
		Key("ランサム", 10, nil, false),
		Key("1:a|", 10, nil, false),
		Key("", 10, []string{"1:a"}, false),
		Key("a", 10, []string{"faq", "case"}, false),
		Key("a", 10, []string{"faqcase"}, false),
		Key("a", 1, nil, false),
		Key("a", 11, nil, false),
	}
	seen := map[string]int{}
	for i, k := range distinct {
		if j, dup := seen[k]; dup {
			t.Errorf("keys %d and %d collide: %q", j, i, k)
		}
		seen[k] = i
	}
}

func BenchmarkGetHit(b *testing.B) {
	c := New(32 << 20)
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = Key(fmt.Sprintf("パスワードを忘れた %d", i), 10, nil, false)
		c.Put(1, keys[i], make([]byte, 8<<10))
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, ok := c.Get(1, keys[i%len(keys)]); !ok {
				b.Fatal("miss")
			}
			i++
		}
	})
}
