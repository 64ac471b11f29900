package dupes

import (
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// The operations of a diff segment.
const (
	OpEqual  = "equal"
	OpInsert = "insert" // only in B (shown on the right)
	OpDelete = "delete" // only in A (shown on the left)
)

// Segment is a run of text with one operation.
type Segment struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Diff is a side-by-side character diff: Left is A's text as equal and
// delete segments, Right is B's text as equal and insert segments.
type Diff struct {
	Left  []Segment `json:"left"`
	Right []Segment `json:"right"`
}

// DiffTexts diffs a against b by character (diffmatchpatch DiffMain, then
// DiffCleanupSemantic so the runs are readable) and splits the result into
// the two sides.
func DiffTexts(a, b string) Diff {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 2 * time.Second
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(a, b, false))
	d := Diff{Left: []Segment{}, Right: []Segment{}}
	for _, x := range diffs {
		switch x.Type {
		case diffmatchpatch.DiffEqual:
			d.Left = append(d.Left, Segment{OpEqual, x.Text})
			d.Right = append(d.Right, Segment{OpEqual, x.Text})
		case diffmatchpatch.DiffDelete:
			d.Left = append(d.Left, Segment{OpDelete, x.Text})
		case diffmatchpatch.DiffInsert:
			d.Right = append(d.Right, Segment{OpInsert, x.Text})
		}
	}
	return d
}
