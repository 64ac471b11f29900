package retrieval

import (
	"crypto/sha256"

	"github.com/soudan-desk/soudan/index"
)

// docVectors are the document vectors of an engine's finished vector
// build, by text, so that its Rebuild embeds only the texts that changed:
// with an embedder that is another server (Ollama), a reload after one
// edited entry costs one call instead of the whole corpus. They are kept
// for Options.Embedder only; the local embedder is refitted on every
// build, so its vectors change with the corpus.
type docVectors struct {
	emb    index.Embedder // the embedder that made them
	dim    int
	byText map[[32]byte][]float32
}

// newDocVectors keeps vecs (one per text, all of one dimension).
func newDocVectors(emb index.Embedder, texts []string, vecs [][]float32) *docVectors {
	d := &docVectors{emb: emb, byText: make(map[[32]byte][]float32, len(texts))}
	for i, t := range texts {
		d.byText[sha256.Sum256([]byte(t))] = vecs[i]
	}
	if len(vecs) > 0 {
		d.dim = len(vecs[0])
	}
	return d
}

// reuse returns, per text, the vector kept for it (nil where none) and
// the places of the texts left to embed. A nil d, or one made by another
// embedder, keeps nothing.
func (d *docVectors) reuse(emb index.Embedder, texts []string) (vecs [][]float32, missing []int) {
	vecs = make([][]float32, len(texts))
	for i, t := range texts {
		if d != nil && d.emb == emb {
			if v, ok := d.byText[sha256.Sum256([]byte(t))]; ok {
				vecs[i] = v
				continue
			}
		}
		missing = append(missing, i)
	}
	return vecs, missing
}

// fits reports whether newly embedded vectors can join d's: an embedder
// whose model changed (another dimension) makes every kept vector stale.
func (d *docVectors) fits(got [][]float32) bool {
	return d == nil || len(got) == 0 || len(got[0]) == d.dim
}

// textsAt returns texts at the places given.
func textsAt(texts []string, at []int) []string {
	out := make([]string, len(at))
	for i, p := range at {
		out[i] = texts[p]
	}
	return out
}

// fill puts got (the vectors of the texts at places at) into vecs.
func fill(vecs [][]float32, at []int, got [][]float32) {
	for i, p := range at {
		vecs[p] = got[i]
	}
}
