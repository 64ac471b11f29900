package store

import "context"

// Copied counts what Copy moved.
type Copied struct {
	Marks, Searches, Feedback int
}

// Copy copies every mark, search and feedback of src into dst, keeping
// their IDs and times. Records dst already holds are kept as they are, so
// a copy can be repeated (or resumed after a failure).
func Copy(ctx context.Context, dst, src Store) (Copied, error) {
	var n Copied
	marks, err := src.Marks(ctx)
	if err != nil {
		return n, err
	}
	for _, m := range marks {
		if err := dst.AddMark(ctx, m); err != nil {
			return n, err
		}
		n.Marks++
	}
	searches, err := src.Searches(ctx, Period{})
	if err != nil {
		return n, err
	}
	for _, s := range searches {
		if err := dst.AddSearch(ctx, s); err != nil {
			return n, err
		}
		n.Searches++
	}
	feedback, err := src.Feedback(ctx, Period{})
	if err != nil {
		return n, err
	}
	for _, f := range feedback {
		if err := dst.AddFeedback(ctx, f); err != nil {
			return n, err
		}
		n.Feedback++
	}
	return n, nil
}
