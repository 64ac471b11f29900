package index

import (
	"encoding/binary"
	"runtime"
	"slices"
	"strings"

	"github.com/soudan-desk/soudan/internal/parallel"
)

// The build of a Lexical's postings and forward lists, split by document.
//
// The documents are cut into contiguous shards, and each shard numbers
// its own terms and encodes its own postings, in parallel. The shards are
// then merged in document order: a term's global ID is its rank of first
// occurrence, its postings are the shards' postings one after the other
// (the first gap of each shard's part re-encoded from the term's last
// document in the earlier shards), and each document's forward list is
// mapped to global IDs and sorted. The result is, byte for byte, the index
// a single pass in document order builds (TestShardedBuildMatches).

// buildShardDocs is the number of documents from which the build takes
// one more shard, up to two a processor; maxBuildShards bounds their number. The shards tokenise
// their documents, so a corpus of a few thousand entries takes several,
// for both cores.
var (
	buildShardDocs = 128
	maxBuildShards = 16
)

// build turns every document's fields into terms with parts, interns
// them in document order, and packs the postings and forward lists. It
// returns each field's length in terms for every document. Each shard
// tokenises its own documents as it indexes them, so that only the
// documents in hand have their terms in memory, not the whole corpus's.
func (l *Lexical) build(docs []Doc, parts Parts) [NumFields][]int32 {
	shards := max(1, min(2*runtime.GOMAXPROCS(0), maxBuildShards, len(docs)/buildShardDocs))
	return l.buildShards(docs, parts, shards)
}

// buildShards is build with the documents cut into n shards.
func (l *Lexical) buildShards(docs []Doc, parts Parts, n int) [NumFields][]int32 {
	var lens [NumFields][]int32
	for f := range lens {
		lens[f] = make([]int32, len(docs))
	}
	sh := make([]*shard, n)
	parallel.For(n, func(s int) {
		sh[s] = buildShard(docs, parts, s*len(docs)/n, (s+1)*len(docs)/n, &lens)
	})
	l.mergeTerms(sh)
	l.packPostings(sh)
	l.packForward(sh)
	return lens
}

// shard is the index of a run of documents, with its own term numbers.
type shard struct {
	ids   map[string]int32 // term → local ID
	terms []string         // by local ID, in order of first occurrence
	// global maps local IDs to the index's term IDs, once merged.
	global []int32
	// lists holds each local term's postings, encoded as in postings.go;
	// the first gap is the first document plus one.
	lists       [][]byte
	first, last []int32 // each local term's first and last document
	df          []int32
	// docTerms[docEnd[i-1]:docEnd[i]] are the distinct local term IDs of
	// the shard's document i.
	docTerms []int32
	docEnd   []int32
}

// docTerm is one term of one document during the build.
type docTerm struct {
	term   int32
	fields []fieldTF
}

// buildShard indexes documents [lo, hi) of docs, tokenised with parts,
// and records their field lengths in lens.
func buildShard(docs []Doc, parts Parts, lo, hi int, lens *[NumFields][]int32) *shard {
	sb := &shardBuilder{b: &shard{ids: make(map[string]int32)}}
	sb.cache.init(hi - lo)
	yield := sb.addPart
	for d := lo; d < hi; d++ {
		sb.dts = sb.dts[:0]
		for f, text := range docs[d].Fields {
			sb.field, sb.n = uint8(f), 0
			if text != "" {
				parts(text, yield)
			}
			lens[f][d] = int32(sb.n)
		}
		for _, dt := range sb.dts {
			sb.slot[dt.term] = 0
			sb.b.add(int32(d), dt)
		}
		sb.b.docEnd = append(sb.b.docEnd, int32(len(sb.b.docTerms)))
	}
	sb.b.ids = nil
	return sb.b
}

// shardBuilder is the state of buildShard in the document at hand.
type shardBuilder struct {
	b     *shard
	cache partCache
	slot  []int32 // by local term: its index in dts plus one, in the current document
	dts   []docTerm
	field uint8 // the field at hand
	n     int   // its terms so far
}

// addPart adds the terms of part to the field at hand.
func (sb *shardBuilder) addPart(part []string) {
	ids := sb.cache.ids(sb.b, part)
	sb.n += len(ids)
	for _, id := range ids {
		if int(id) >= len(sb.slot) {
			sb.slot = append(sb.slot, make([]int32, int(id)+1-len(sb.slot))...)
		}
		if sb.slot[id] == 0 {
			sb.dts = appendDocTerm(sb.dts, id)
			sb.slot[id] = int32(len(sb.dts))
		}
		dt := &sb.dts[sb.slot[id]-1]
		if n := len(dt.fields); n > 0 && dt.fields[n-1].field == sb.field {
			dt.fields[n-1].tf++
		} else {
			dt.fields = append(dt.fields, fieldTF{field: sb.field, tf: 1})
		}
	}
}

// appendDocTerm appends term to dts with no field yet, reusing the field
// slice of an earlier document when dts has the capacity.
func appendDocTerm(dts []docTerm, term int32) []docTerm {
	if len(dts) < cap(dts) {
		dts = dts[:len(dts)+1]
		dt := &dts[len(dts)-1]
		dt.term, dt.fields = term, dt.fields[:0]
		return dts
	}
	return append(dts, docTerm{term: term})
}

// intern returns the local ID of term t, adding it when new.
func (b *shard) intern(t string) int32 {
	if id, ok := b.ids[t]; ok {
		return id
	}
	id := int32(len(b.terms))
	b.ids[t] = id
	b.terms = append(b.terms, t)
	b.lists = append(b.lists, nil)
	b.first = append(b.first, -1)
	b.last = append(b.last, -1)
	b.df = append(b.df, 0)
	return id
}

// add appends document d's posting of dt to the shard.
func (b *shard) add(d int32, dt docTerm) {
	t := dt.term
	if b.first[t] < 0 {
		b.first[t] = d
	}
	b.lists[t] = appendPosting(b.lists[t], d-b.last[t], dt.fields)
	b.last[t] = d
	b.df[t]++
	b.docTerms = append(b.docTerms, t)
}

// mergeTerms numbers the shards' terms in order of first occurrence and
// sums their document frequencies.
func (l *Lexical) mergeTerms(sh []*shard) {
	for _, b := range sh {
		b.global = make([]int32, len(b.terms))
		for lt, t := range b.terms {
			id, ok := l.termIDs[t]
			if !ok {
				t = strings.Clone(t) // a term may be a substring of a whole document's text
				id = int32(len(l.terms))
				l.termIDs[t] = id
				l.terms = append(l.terms, t)
			}
			b.global[lt] = id
		}
		b.terms = nil
	}
	l.df = make([]int32, len(l.terms))
	for _, b := range sh {
		for lt, id := range b.global {
			l.df[id] += b.df[lt]
		}
	}
}

// packPostings concatenates every term's postings, shard after shard,
// into one slice.
func (l *Lexical) packPostings(sh []*shard) {
	size := 0
	local := make([][]int32, len(sh)) // per shard: global term → local ID, or −1
	for s, b := range sh {
		for _, p := range b.lists {
			size += len(p)
		}
		local[s] = slices.Repeat([]int32{-1}, len(l.terms))
		for lt, id := range b.global {
			local[s][id] = int32(lt)
		}
	}
	l.post = make([]byte, 0, size)
	l.postOff = make([]uint32, 0, len(l.terms)+1)
	for id := range l.terms {
		l.postOff = append(l.postOff, uint32(len(l.post)))
		prev := int32(-1) // the term's last document so far
		for s, b := range sh {
			lt := local[s][id]
			if lt < 0 {
				continue
			}
			p := b.lists[lt]
			if prev >= 0 { // re-encode the first gap from prev
				_, n := binary.Uvarint(p)
				l.post = binary.AppendUvarint(l.post, uint64(b.first[lt]-prev))
				p = p[n:]
			}
			l.post = append(l.post, p...)
			prev = b.last[lt]
			b.lists[lt] = nil
		}
	}
	l.postOff = append(l.postOff, uint32(len(l.post)))
}

// packForward encodes every document's forward list: its global term
// IDs, increasing, delta-encoded (see Lexical.fwd).
func (l *Lexical) packForward(sh []*shard) {
	fwd := make([][]byte, len(sh))
	ends := make([][]uint64, len(sh))
	parallel.For(len(sh), func(s int) {
		b := sh[s]
		var ids []int32
		start := int32(0)
		for _, end := range b.docEnd {
			ids = ids[:0]
			for _, lt := range b.docTerms[start:end] {
				ids = append(ids, b.global[lt])
			}
			start = end
			slices.Sort(ids)
			prev := int32(0)
			for _, id := range ids {
				fwd[s] = binary.AppendUvarint(fwd[s], uint64(id-prev))
				prev = id
			}
			ends[s] = append(ends[s], uint64(len(fwd[s])))
		}
		b.docTerms = nil
	})
	size := 0
	for _, f := range fwd {
		size += len(f)
	}
	l.fwd = make([]byte, 0, size)
	for s, f := range fwd {
		base := uint64(len(l.fwd))
		l.fwd = append(l.fwd, f...)
		for _, e := range ends[s] {
			l.fwdOff = append(l.fwdOff, base+e)
		}
	}
}
