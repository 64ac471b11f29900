package index

import (
	"strings"

	"github.com/soudan-desk/soudan/internal/parallel"
)

// ByLine returns tokenize for the fields of docs, for a tokenize whose
// terms of a text are its lines' terms one after the other, as [Bigrams],
// [FoldedBigrams] and their Of forms are: [corpus.Normalize] and
// [FoldKana] map a text line by line (no rune combines with a newline
// and no spelling variant holds one), and the n-grams of a text end at a
// newline. The lines that recur among the fields (an answer's stock
// sentences) are tokenised once, up front and in parallel; the others as
// they come. The slices it returns must not be modified.
func ByLine(docs []Doc, tokenize func(string) []string) func(string) []string {
	return Joined(ByLineParts(docs, tokenize))
}

// ByLineParts is [ByLine] as [Parts]: a text's parts are its lines'
// terms, a recurring line's the same slice each time.
func ByLineParts(docs []Doc, tokenize func(string) []string) Parts {
	line := recurring(docs, tokenize, true)
	return func(text string, yield func([]string)) {
		for l := range strings.SplitSeq(text, "\n") {
			yield(line(l))
		}
	}
}

// ByText returns tokenize for the fields of docs: the fields that recur
// among them are tokenised once, up front and in parallel; the others as
// they come. The slices it returns must not be modified.
func ByText(docs []Doc, tokenize func(string) []string) func(string) []string {
	return recurring(docs, tokenize, false)
}

// recurring returns tokenize with the texts that recur among the fields
// of docs (their lines, with lines) tokenised once, in parallel.
func recurring(docs []Doc, tokenize func(string) []string, lines bool) func(string) []string {
	seen := map[string]uint8{}
	var repeated []string
	see := func(s string) {
		switch seen[s] {
		case 0:
			seen[s] = 1
		case 1:
			seen[s] = 2
			repeated = append(repeated, s)
		}
	}
	for d := range docs {
		for _, f := range docs[d].Fields {
			if !lines {
				see(f)
				continue
			}
			for l := range strings.SplitSeq(f, "\n") {
				see(l)
			}
		}
	}
	seen = nil
	terms := parallel.Map(repeated, tokenize)
	memo := make(map[string][]string, len(repeated))
	for i, s := range repeated {
		memo[s] = terms[i]
	}
	return func(s string) []string {
		if v, ok := memo[s]; ok {
			return v
		}
		return tokenize(s)
	}
}
