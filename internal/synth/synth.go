// Package synth generates synthetic manuals for benchmarks at scale:
// Japanese-like entries with planted near-duplicates, in memory or as a
// corpus folder of CSV files that `soudan` reads like an editor's.
package synth

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/soudan-desk/soudan/corpus"
)

// Entries generates n entries of Japanese-like text (words of CJK
// ideographs joined by kana particles) with planted near-duplicates, seeded
// and deterministic. One entry in every 50 is a copy of an earlier entry
// with about 4 % of its characters changed, one in every 75 carries an
// earlier entry's answer inside a longer answer (containment). It returns
// the entries and the planted pairs as [2]ID.
func Entries(n int, seed uint64) ([]*corpus.Entry, [][2]string) {
	r := rand.New(rand.NewPCG(seed, 7))
	particles := []string{"は", "を", "に", "の", "で", "と", "が", "から", "まで", "について", "ください", "します", "された", "。", "、"}
	word := func() string {
		k := 1 + r.IntN(3)
		var b strings.Builder
		for range k {
			b.WriteRune(rune(0x4E00 + r.IntN(3000)))
		}
		return b.String()
	}
	sentence := func(words int) string {
		var b strings.Builder
		for range words {
			b.WriteString(word())
			b.WriteString(particles[r.IntN(len(particles))])
		}
		return b.String()
	}
	mutate := func(s string, rate float64) string {
		rs := []rune(s)
		out := make([]rune, 0, len(rs))
		for _, c := range rs {
			switch x := r.Float64(); {
			case x < rate/3:
				// delete
			case x < 2*rate/3:
				out = append(out, rune(0x4E00+r.IntN(3000)))
			case x < rate:
				out = append(out, c, rune(0x3041+r.IntN(80)))
			default:
				out = append(out, c)
			}
		}
		return string(out)
	}
	var planted [][2]string
	es := make([]*corpus.Entry, n)
	for i := range n {
		e := &corpus.Entry{
			ID:     fmt.Sprintf("e%06d", i),
			Kind:   corpus.KindFAQ,
			Title:  sentence(3 + r.IntN(3)),
			Path:   []string{"合成", fmt.Sprintf("節%d", i/1000)},
			Answer: sentence(40+r.IntN(60)) + "\n" + sentence(10+r.IntN(20)),
			Source: corpus.Source{File: "synthetic.txt", StartLine: i*10 + 1, EndLine: i*10 + 9},
		}
		switch {
		case i > 0 && i%50 == 0:
			src := es[r.IntN(i)]
			e.Title = mutate(src.Title, 0.04)
			e.Answer = mutate(src.Answer, 0.04)
			planted = append(planted, [2]string{src.ID, e.ID})
		case i > 0 && i%75 == 0:
			src := es[r.IntN(i)]
			e.Answer = sentence(80) + "\n" + src.Answer + "\n" + sentence(80)
			planted = append(planted, [2]string{src.ID, e.ID})
		}
		es[i] = e
	}
	return es, planted
}

// WriteCSV writes es as a corpus folder of files CSV files in dir
// (part01.csv, part02.csv, …, the entries dealt out in turn), with the
// columns kind, title, path and answer, as an editor's spreadsheet export
// would hold them. Entries read back get IDs of their own (from the file
// name, path and title), not es's.
func WriteCSV(dir string, es []*corpus.Entry, files int) error {
	if files < 1 {
		return fmt.Errorf("synth: %d files", files)
	}
	for f := range files {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.Write([]string{"kind", "title", "path", "answer"}); err != nil {
			return err
		}
		for i := f; i < len(es); i += files {
			e := es[i]
			if err := w.Write([]string{string(e.Kind), e.Title, strings.Join(e.Path, " > "), e.Answer}); err != nil {
				return err
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		name := filepath.Join(dir, fmt.Sprintf("part%02d.csv", f+1))
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
