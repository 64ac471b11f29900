// Package cache is soudan's result cache: a least-recently-used map from
// a search's key to its encoded answer, bounded by the bytes it holds and
// tied to one corpus generation.
//
// It plays the part of Elasticsearch's request cache and Groonga's query
// cache. The search handler keys each answer on the normalised query text
// and every option that changes the answer (see [Key]) and stores the
// encoded response bytes, so that a hit costs a map look-up and a copy.
// Every entry belongs to the generation of the engine that computed it: a
// look-up for another generation misses, and storing an answer of a newer
// generation empties the cache, so a reload never serves an old answer and
// never leaves old answers behind.
package cache

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// entryOverhead approximates the bytes an entry costs beyond its key and
// value: the map slot, the list links and the slice and string headers.
const entryOverhead = 96

// MaxEntryShare bounds one entry to this fraction of the capacity, so
// that a single large answer cannot flush the cache.
const MaxEntryShare = 8

// Cache is a byte-bounded LRU cache of encoded answers. It is safe for
// concurrent use. A nil *Cache is a disabled cache: every Get misses and
// Put does nothing.
type Cache struct {
	mu       sync.Mutex
	capacity int64
	size     int64
	gen      uint64
	items    map[string]*node
	head     node // sentinel: head.next is the most recently used
}

type node struct {
	key        string
	val        []byte
	prev, next *node
}

// New returns a cache that holds up to capacity bytes of keys and values,
// or nil (a disabled cache) when capacity is not positive.
func New(capacity int64) *Cache {
	if capacity <= 0 {
		return nil
	}
	c := &Cache{capacity: capacity, items: map[string]*node{}}
	c.head.prev, c.head.next = &c.head, &c.head
	return c
}

// Get returns the value stored under key for generation gen. The bytes
// are shared: callers must not modify them.
func (c *Cache) Get(gen uint64, key string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return nil, false
	}
	n, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.unlink(n)
	c.pushFront(n)
	return n.val, true
}

// Put stores val under key for generation gen, evicting the least recently
// used entries to stay within the capacity. A value of an older generation
// than the cache's is dropped; one of a newer generation first empties the
// cache. A value larger than 1/MaxEntryShare of the capacity is not
// stored. The cache keeps val: callers must not modify it afterwards.
func (c *Cache) Put(gen uint64, key string, val []byte) {
	if c == nil {
		return
	}
	cost := cost(key, val)
	if cost > c.capacity/MaxEntryShare {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case gen < c.gen:
		return
	case gen > c.gen:
		c.reset(gen)
	}
	if old, ok := c.items[key]; ok {
		c.remove(old)
	}
	n := &node{key: key, val: val}
	c.items[key] = n
	c.pushFront(n)
	c.size += cost
	for c.size > c.capacity {
		c.remove(c.head.prev)
	}
}

// Stats is a snapshot of the cache's contents.
type Stats struct {
	Entries    int
	Bytes      int64
	Capacity   int64
	Generation uint64
}

// Stats returns the cache's size; the zero Stats for a disabled cache.
func (c *Cache) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Entries: len(c.items), Bytes: c.size, Capacity: c.capacity, Generation: c.gen}
}

func cost(key string, val []byte) int64 {
	return int64(len(key) + len(val) + entryOverhead)
}

func (c *Cache) reset(gen uint64) {
	c.gen = gen
	c.size = 0
	clear(c.items)
	c.head.prev, c.head.next = &c.head, &c.head
}

func (c *Cache) remove(n *node) {
	c.unlink(n)
	delete(c.items, n.key)
	c.size -= cost(n.key, n.val)
}

func (c *Cache) unlink(n *node) {
	n.prev.next, n.next.prev = n.next, n.prev
	n.prev, n.next = nil, nil
}

func (c *Cache) pushFront(n *node) {
	n.prev, n.next = &c.head, c.head.next
	c.head.next.prev = n
	c.head.next = n
}

// Key builds a cache key from the parts of a search that change its
// answer: the normalised query text, the number of results, the kinds
// filter (order and repeats do not matter) and the debug flag. Parts are
// length-prefixed, so no two different searches share a key.
func Key(normalised string, k int, kinds []string, debug bool) string {
	var b strings.Builder
	b.Grow(len(normalised) + 32)
	b.WriteString(strconv.Itoa(k))
	if debug {
		b.WriteString("d")
	}
	b.WriteByte('|')
	writeKinds(&b, kinds)
	b.WriteString(strconv.Itoa(len(normalised)))
	b.WriteByte(':')
	b.WriteString(normalised)
	return b.String()
}

// writeKinds writes the sorted, distinct kinds, each length-prefixed.
func writeKinds(b *strings.Builder, kinds []string) {
	sorted := slices.Compact(slices.Sorted(slices.Values(kinds)))
	for _, k := range sorted {
		b.WriteString(strconv.Itoa(len(k)))
		b.WriteByte(':')
		b.WriteString(k)
	}
	b.WriteByte('|')
}
