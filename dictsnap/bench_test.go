package dictsnap

import (
	"os"
	"testing"
	"time"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
)

// BenchmarkLoad compares, in one process, loading the IPA dictionary the
// way kagome does (ipa.Dict: unzip and decode its embedded files, once a
// process, so it is timed once: kagome-ms) with loading it from a
// snapshot file through the page cache (Cache.Load: read, checksum,
// decode, validate; the ns/op, and snapshot-ms). speedup is their ratio.
//
//	go test ./dictsnap -run '^$' -bench Load -benchtime 20x
func BenchmarkLoad(b *testing.B) {
	start := time.Now()
	d := ipa.Dict()
	kagome := time.Since(start)
	s := &Snapshot{Dict: &dict.Dict{}, Lexicon: lexiconOf(d)}
	*s.Dict = *d
	s.Dict.Contents = nil
	c := Cache{Dir: b.TempDir()}
	if err := c.Save(s, testKey); err != nil {
		b.Fatal(err)
	}
	info, err := os.Stat(c.Path(testKey))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Load(testKey); err != nil {
			b.Fatal(err)
		}
	}
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(kagome.Microseconds())/1000, "kagome-ms")
	b.ReportMetric(float64(per.Microseconds())/1000, "snapshot-ms")
	b.ReportMetric(float64(kagome)/float64(per), "speedup")
	b.ReportMetric(float64(info.Size())/(1<<20), "file-MB")
}

// lexiconOf packs the base forms and readings of d's morphemes as
// soudan's index package does, so that the file has its real size.
func lexiconOf(d *dict.Dict) Lexicon {
	base, read := int(d.ContentsMeta[dict.BaseFormIndex]), int(d.ContentsMeta[dict.ReadingIndex])
	var text []byte
	off := []uint32{0}
	for id := range d.Morphs {
		for _, i := range []int{base, read} {
			if i -= len(d.POSTable.POSs[id]); i >= 0 && i < len(d.Contents[id]) {
				text = append(text, d.Contents[id][i]...)
			}
			off = append(off, uint32(len(text)))
		}
	}
	return Lexicon{Text: string(text), Off: off}
}
