package index

import "fmt"

// Field names one searchable part of a document.
type Field int

// The fields of a [Doc], in the order of [Doc.Fields].
const (
	FieldTitle    Field = iota // the entry's title
	FieldQuestion              // the question lines (FAQ entries)
	FieldExamples              // editors' example questions (質問例)
	FieldKeywords              // editors' keywords (分類（キーワード）)
	FieldAnswer                // the answer text
	FieldPath                  // the ancestor headings

	// NumFields is the number of fields.
	NumFields = 6
)

var fieldNames = [NumFields]string{"title", "question", "examples", "keywords", "answer", "path"}

// String returns the field's lower-case name, e.g. "title".
func (f Field) String() string {
	if f >= 0 && int(f) < NumFields {
		return fieldNames[f]
	}
	return fmt.Sprintf("Field(%d)", int(f))
}

// Doc is one document as the lexical index sees it: an ID and the text of
// each field. Fields holding several values (keywords, examples) are joined
// with newlines by the caller.
type Doc struct {
	ID     string
	Fields [NumFields]string
}
