// Package corpus reads the desk's knowledge base into entries: the manual
// (a mind map exported as indented text, or a FreeMind/Freeplane .mm map),
// FAQ items, standard answers and case records added as CSV or YAML, and
// the editors' side files — the referral directory (directory.yaml),
// annotations (annotations.yaml) and the thesaurus (thesaurus.txt).
//
// [Load] reads a folder (or any fs.FS; [LoadDefault] the embedded manual)
// into a [Corpus]. Each file's parser ([ParseOutline], [ParseMM],
// [ParseCSV], [ParseYAML]) returns a [Document]: the file's tree of [Node]s,
// whose nodes with text of their own become [Entry] values — one
// searchable unit with its kind ([Kind]: standard answer, FAQ, case,
// manual step), title, path in the manual, answer, [Referral]s to outside
// organisations resolved through the [Directory], guidebook pages, links
// and [Source] (file and lines). Entry IDs are stable across unrelated
// edits ([MakeID]).
//
// Bad input never costs more than it must: a bad row, record or byte is
// reported as an [*Error] with file:line in the returned [LoadErrors] and
// the rest of the file loads; questionable but usable input is a [Problem]
// (a warning). [Findings] splits them into errors and warnings for
// `soudan corpus --check`.
//
// Text is compared after [Normalize] (NFKC, case folding and the desk's
// spelling variants) or [Fold] (for names such as column headers).
package corpus
