package corpus

import (
	"fmt"
	"io"
	"strings"
)

// WriteTree prints a document's rebuilt tree, two spaces per level. A node
// that became an entry shows its kind, ID and line range; Arrow Links show
// as → target.
func WriteTree(w io.Writer, doc *Document) error {
	var err error
	doc.Root.Walk(func(n *Node, depth int) {
		if err != nil {
			return
		}
		var b strings.Builder
		b.WriteString(strings.Repeat("  ", depth))
		b.WriteString(n.Title)
		if e := n.Entry; e != nil {
			fmt.Fprintf(&b, "  [%s %s L%d-%d]", e.Kind, e.ID, e.Source.StartLine, e.Source.EndLine)
		}
		for _, t := range n.Targets {
			fmt.Fprintf(&b, "  → %s", t.Title)
		}
		b.WriteString("\n")
		_, err = io.WriteString(w, b.String())
	})
	return err
}
