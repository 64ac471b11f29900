package corpus

import (
	"fmt"
	"strings"
)

// Kind classifies an entry.
type Kind string

// The kinds of entry.
const (
	KindManual         Kind = "manual"          // reception manual steps and sections
	KindFAQ            Kind = "faq"             // a question (or caller situation) with the desk's answer
	KindStandardAnswer Kind = "standard_answer" // a vetted …標準回答
	KindCase           Kind = "case"            // a past case record (ケース1, ●状況 …)
)

// Kinds lists every kind, in display order.
var Kinds = []Kind{KindStandardAnswer, KindFAQ, KindCase, KindManual}

// kindLabels are the kinds' names on the desk's Japanese pages and
// terminal views.
var kindLabels = map[Kind]string{
	KindStandardAnswer: "標準回答",
	KindFAQ:            "FAQ",
	KindCase:           "ケース",
	KindManual:         "マニュアル",
}

// Label is the kind's Japanese name as the desk's pages show it; an
// unknown kind is shown as it is.
func (k Kind) Label() string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

// ParseKind returns the kind named s, or an error naming the valid kinds.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown kind %q (want one of standard_answer, faq, case, manual)", s)
}

// Action is what the desk tells the caller to do with an organisation.
type Action string

// The referral actions, as the manual marks them.
const (
	ActionConsult Action = "相談"   // 【相談】 consult
	ActionReport  Action = "届出"   // 【届出】 file a report
	ActionUrgent  Action = "緊急"   // 【緊急】 urgent contact
	ActionDesk    Action = "窓口回答" // 【窓口回答】 the desk answers itself
)

// The stages of an entry's advice (Entry.Stage).
const (
	StageBefore = "before"
	StageAfter  = "after"
)

// DeskOrg is the organisation name used for 【窓口回答】 lines: the desk itself.
const DeskOrg = "当窓口"

// Referral is one referral destination named by an entry.
type Referral struct {
	Action Action `json:"action"`
	Org    string `json:"org"`              // canonical organisation name (see Directory)
	Detail string `json:"detail,omitempty"` // the referral line as written, cleaned of export markers
	Phone  string `json:"phone,omitempty"`  // from the corpus text or the directory file, never invented
	URL    string `json:"url,omitempty"`
}

// Source locates an entry in its file. Lines are 1-based and inclusive.
type Source struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
}

func (s Source) String() string {
	if s.StartLine == s.EndLine {
		return fmt.Sprintf("%s:%d", s.File, s.StartLine)
	}
	return fmt.Sprintf("%s:%d-%d", s.File, s.StartLine, s.EndLine)
}

// Entry is one searchable unit of the desk's knowledge: a question with its
// answer lines, a standard answer, a case record, or a section's own lines.
type Entry struct {
	ID    string `json:"id"`
	Kind  Kind   `json:"kind"`
	Title string `json:"title"`
	// Path holds the ancestor headings from the root down to the parent,
	// exactly as written in the source.
	Path []string `json:"path"`
	// Question holds the question line or lines (FAQ entries only).
	Question []string `json:"question,omitempty"`
	// Answer is the entry's text, one source line per text line, cleaned of
	// export markers.
	Answer         string     `json:"answer"`
	Referrals      []Referral `json:"referrals"`
	GuidebookPages []string   `json:"guidebook_pages"`
	Links          []string   `json:"links"`
	// Keywords are editors' classification keywords (分類（キーワード）).
	Keywords []string `json:"keywords"`
	// Examples are editors' example questions in callers' words (質問例).
	Examples []string `json:"examples,omitempty"`
	// Routing is true for the entries that editors marked as the desk's
	// routing for calls the manual does not cover (annotations.yaml
	// `routing: true`): a search with no answer shows them instead.
	Routing bool `json:"routing,omitempty"`
	// Stage says whom the entry's advice is for (annotations.yaml
	// `stage`): StageBefore, a caller to whom nothing has happened yet
	// (don't reply, don't pay); StageAfter, a caller who already acted or
	// was hit (clicked, paid, infected); "" for both.
	Stage string `json:"stage,omitempty"`
	// SeeAlso holds the IDs of entries that this entry's Arrow Links point at.
	SeeAlso []string `json:"see_also,omitempty"`
	// Section is the ID of the entry holding the own lines of the section
	// this entry sits in, when that section has such an entry.
	Section string `json:"section,omitempty"`
	// Meta holds extra fields: those of CSV or YAML records (for case
	// records: date, category, caller), and the editors' attributes of a
	// map node. A field may have several values, in order: a map node can
	// repeat an attribute name.
	Meta   map[string][]string `json:"meta,omitempty"`
	Source Source              `json:"source"`

	// kindAttr is set when the kind was given by a map attribute, which
	// annotations.yaml does not override.
	kindAttr bool
}

// PathText is the entry's title followed by its path items, joined with
// single spaces: the string that evaluation suites match against.
func (e *Entry) PathText() string {
	return strings.Join(append([]string{e.Title}, e.Path...), " ")
}

// Line is one line of source text, cleaned of export markers.
type Line struct {
	Text string
	Num  int // 1-based line number in the source file (or XML line for .mm)
}

// Node is a node of the rebuilt outline tree.
type Node struct {
	Title string
	Line  int
	// Kind is the kind of the entry built from this node's own lines.
	Kind Kind
	// Question is true when the title is a question or a caller's
	// situation; the entry's Question field then holds it.
	Question bool
	// Lines are the node's own content lines (not those of child nodes).
	Lines    []Line
	Children []*Node
	Parent   *Node `json:"-"`
	// Entry is the entry built from this node, nil for a heading with no
	// content of its own.
	Entry *Entry
	// Targets are the nodes an Arrow Link on this node (or on one of its
	// own lines) points at.
	Targets []*Node
	// Icons are the mind map icons shown in front of the node (e.g. "flag").
	Icons []string
}

// Walk calls fn for n and every node below it, depth first, with its depth.
func (n *Node) Walk(fn func(n *Node, depth int)) {
	var walk func(*Node, int)
	walk = func(n *Node, d int) {
		fn(n, d)
		for _, c := range n.Children {
			walk(c, d+1)
		}
	}
	walk(n, 0)
}

// Document is one parsed corpus file.
type Document struct {
	File    string
	Format  string // "outline", "csv", "yaml", "mm"
	Root    *Node
	Entries []*Entry
}

// Problem is something questionable found while loading or checking a
// corpus. It never stops the load. Its Severity says whether `soudan
// corpus --check` fails on it.
type Problem struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Message  string   `json:"message"`
	Severity Severity `json:"severity"`
}

// String gives the problem as file:line: message (file: message when it
// concerns the whole file).
func (p Problem) String() string {
	switch {
	case p.File == "":
		return p.Message
	case p.Line <= 0:
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

// Placed is p as "file:line: message", for editors and their tools
// (contracts.md): a problem about a whole file, such as one over the size
// limit, has no line of its own and is placed on line 1, where an editor
// opening the file starts. A problem that names no file is its message.
func (p Problem) Placed() string {
	if p.File != "" && p.Line <= 0 {
		p.Line = 1
	}
	return p.String()
}

// Error is a load error tied to a file and line.
type Error struct {
	File string
	Line int // 0 when the error concerns the whole file
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }
