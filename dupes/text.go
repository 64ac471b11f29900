package dupes

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// Text returns the comparison text of e: title, question and answer,
// normalised with [corpus.Normalize], with every space removed.
func Text(e *corpus.Entry) string {
	return index.Compact(DisplayText(e))
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

// anchors returns the distinct hashed n-grams of text whose hash is 0 modulo
// every: a content-defined sample that survives copying into another text.
func anchors(text string, n int, every uint64) []uint64 {
	return anchorsOf([]rune(text), n, every)
}

func anchorsOf(rs []rune, n int, every uint64) []uint64 {
	var out []uint64
	for i := 0; i+n <= len(rs); i++ {
		if h := index.HashRunes(rs[i : i+n]); h%every == 0 {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
