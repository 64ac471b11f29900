package store

import (
	"cmp"
	"context"
)

// Copied counts what Copy added to the destination: records it already
// held, or refused, are not counted.
type Copied struct {
	Marks, Searches, Feedback int
	// Imports counts the records of imported marks files.
	Imports int
}

// Copy copies every mark, search and feedback of src into dst, keeping
// their IDs and times, and the records of the marks files src imported
// (so that dst does not import them again, bringing back marks an editor
// removed since). Records dst already holds are kept as they are, so a
// copy can be repeated (or resumed after a failure); the counts say what
// was new. Feedback goes through AddFeedback's rules, so a verdict that
// dst holds a later one for is not added.
func Copy(ctx context.Context, dst, src Store) (Copied, error) {
	from, err := readAll(ctx, src)
	if err != nil {
		return Copied{}, err
	}
	before, err := readAll(ctx, dst)
	if err != nil {
		return Copied{}, err
	}
	had := before.keys()
	imports, err := copyImports(ctx, dst, from.imports)
	if err == nil {
		err = copyNew(from.marks, Mark.Key, had.marks, func(m Mark) error { return dst.AddMark(ctx, m) })
	}
	if err == nil {
		err = copyNew(from.searches, Search.key, had.searches, func(s Search) error { return dst.AddSearch(ctx, s) })
	}
	if err == nil {
		err = copyNew(from.feedback, Feedback.key, had.feedback, func(f Feedback) error { return dst.AddFeedback(ctx, f) })
	}
	after, rerr := readAll(ctx, dst)
	if rerr != nil {
		return Copied{}, cmp.Or(err, rerr)
	}
	has := after.keys()
	return Copied{
		Marks:    countNew(from.marks, Mark.Key, had.marks, has.marks),
		Searches: countNew(from.searches, Search.key, had.searches, has.searches),
		Feedback: countNew(from.feedback, Feedback.key, had.feedback, has.feedback),
		Imports:  imports,
	}, err
}

// copyImports records in dst the marks files imported into src, and
// counts those dst did not know.
func copyImports(ctx context.Context, dst Store, imports []Import) (int, error) {
	n := 0
	for _, imp := range imports {
		added, err := dst.RecordImport(ctx, imp)
		if err != nil {
			return n, err
		}
		if added {
			n++
		}
	}
	return n, nil
}

func (s Search) key() string   { return s.ID }
func (f Feedback) key() string { return f.ID }

// contents is everything a store holds.
type contents struct {
	marks    []Mark
	searches []Search
	feedback []Feedback
	imports  []Import
}

func readAll(ctx context.Context, s Store) (contents, error) {
	var c contents
	var err error
	if c.marks, err = s.Marks(ctx); err != nil {
		return c, err
	}
	if c.searches, err = s.Searches(ctx, Period{}); err != nil {
		return c, err
	}
	if c.feedback, err = s.Feedback(ctx, Period{}); err != nil {
		return c, err
	}
	c.imports, err = s.Imports(ctx)
	return c, err
}

// keySets are the keys of a store's records, by kind.
type keySets struct {
	marks, searches, feedback map[string]bool
}

func (c contents) keys() keySets {
	return keySets{keySet(c.marks, Mark.Key), keySet(c.searches, Search.key), keySet(c.feedback, Feedback.key)}
}

func keySet[T any](xs []T, key func(T) string) map[string]bool {
	set := make(map[string]bool, len(xs))
	for _, x := range xs {
		set[key(x)] = true
	}
	return set
}

// copyNew adds each item whose key is not in have.
func copyNew[T any](items []T, key func(T) string, have map[string]bool, add func(T) error) error {
	for _, x := range items {
		if have[key(x)] {
			continue
		}
		if err := add(x); err != nil {
			return err
		}
	}
	return nil
}

// countNew counts the items that are in after but were not in before.
func countNew[T any](items []T, key func(T) string, before, after map[string]bool) int {
	n := 0
	for _, x := range items {
		if k := key(x); after[k] && !before[k] {
			n++
		}
	}
	return n
}
