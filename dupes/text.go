package dupes

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"

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
	h := heading(e)
	if e.Answer == "" {
		return h
	}
	return h + "\n" + e.Answer
}

// heading is the title and the question lines of e, one per line.
func heading(e *corpus.Entry) string {
	var b strings.Builder
	b.WriteString(e.Title)
	for _, q := range e.Question {
		if q == e.Title {
			continue
		}
		b.WriteString("\n")
		b.WriteString(q)
	}
	return b.String()
}

// ContentHash identifies an entry's content: a hash of its normalised title
// and answer. Marks are keyed by it, so they lapse when either changes.
func ContentHash(e *corpus.Entry) string {
	return contentHash(corpus.Normalize(e.Title), corpus.Normalize(e.Answer))
}

// normalized is an entry's text normalised once: [corpus.Normalize] never
// joins or splits lines, so each part can be normalised on its own and the
// parts give Text and ContentHash unchanged.
type normalized struct {
	title, answer string
	runes         []rune // the runes of Text(e)
}

// normalize normalises e, its text's runes appended to buf[:0].
func normalize(e *corpus.Entry, buf []rune) normalized {
	n := normalized{title: corpus.Normalize(e.Title), answer: corpus.Normalize(e.Answer)}
	n.runes = appendCompact(appendCompact(buf[:0], corpus.Normalize(heading(e))), n.answer)
	return n
}

func contentHash(title, answer string) string {
	sum := sha256.Sum256([]byte(title + "\n" + answer))
	return hex.EncodeToString(sum[:8])
}

// appendCompact appends the runes of a normalised text but its spaces:
// the runes of [index.Compact].
func appendCompact(out []rune, s string) []rune {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, r)
		}
	}
	return out
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
