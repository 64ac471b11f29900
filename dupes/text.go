package dupes

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"

	"github.com/soudan-desk/soudan/corpus"
)

// Text returns the comparison text of e: title, question and answer,
// normalised with [corpus.Normalize], with every space removed.
func Text(e *corpus.Entry) string {
	return compact(DisplayText(e))
}

// compact normalises s and removes every space character.
func compact(s string) string {
	s = corpus.Normalize(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// DisplayText is the text editors read and diff: the title, the question
// lines and the answer, one per line, as written.
func DisplayText(e *corpus.Entry) string {
	var b strings.Builder
	b.WriteString(e.Title)
	for _, q := range e.Question {
		if q == e.Title {
			continue
		}
		b.WriteString("\n")
		b.WriteString(q)
	}
	if e.Answer != "" {
		b.WriteString("\n")
		b.WriteString(e.Answer)
	}
	return b.String()
}

// ContentHash identifies an entry's content: a hash of its normalised title
// and answer. Marks are keyed by it, so they lapse when either changes.
func ContentHash(e *corpus.Entry) string {
	sum := sha256.Sum256([]byte(corpus.Normalize(e.Title + "\n" + e.Answer)))
	return hex.EncodeToString(sum[:8])
}

// mix64 is the splitmix64 finaliser: a fast bijective mixer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// hashRunes hashes a window of runes to 64 bits (FNV-1a, then mixed).
func hashRunes(rs []rune) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range rs {
		h ^= uint64(r)
		h *= 1099511628211
	}
	return mix64(h)
}

// Shingles returns the distinct hashed character k-grams of text, sorted.
// A non-empty text shorter than k yields one shingle, the whole text.
func Shingles(text string, k int) []uint64 { return shinglesOf([]rune(text), k) }

func shinglesOf(rs []rune, k int) []uint64 {
	if len(rs) == 0 {
		return nil
	}
	if len(rs) < k {
		return []uint64{hashRunes(rs)}
	}
	out := make([]uint64, 0, len(rs)-k+1)
	for i := 0; i+k <= len(rs); i++ {
		out = append(out, hashRunes(rs[i:i+k]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// anchors returns the distinct hashed n-grams of text whose hash is 0 modulo
// every: a content-defined sample that survives copying into another text.
func anchors(text string, n int, every uint64) []uint64 {
	return anchorsOf([]rune(text), n, every)
}

func anchorsOf(rs []rune, n int, every uint64) []uint64 {
	var out []uint64
	for i := 0; i+n <= len(rs); i++ {
		if h := hashRunes(rs[i : i+n]); h%every == 0 {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// intersect counts the common elements of two sorted slices.
func intersect(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Jaccard returns |a∩b| / |a∪b| of two sorted sets (0 when both are empty).
func Jaccard(a, b []uint64) float64 {
	inter := intersect(a, b)
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Containment returns max(|a∩b|/|a|, |a∩b|/|b|) of two sorted sets: how
// much of the smaller set lies in the larger.
func Containment(a, b []uint64) float64 {
	m := min(len(a), len(b))
	if m == 0 {
		return 0
	}
	return float64(intersect(a, b)) / float64(m)
}
