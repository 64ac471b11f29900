package index

// EachBigram calls fn with the runes of each character bigram that
// [Bigrams] gives for text, in order, without building strings; text must
// already be normalised with corpus.Normalize. A run of one letter gives
// fn(r, 0), as Bigrams gives the letter alone.
func EachBigram(normalized string, fn func(a, b rune)) {
	var prev rune
	run := 0 // letters in the current run
	for _, r := range normalized {
		if !isGramRune(r) {
			if run == 1 {
				fn(prev, 0)
			}
			run = 0
			continue
		}
		r = toKatakana(r)
		if run > 0 {
			fn(prev, r)
		}
		prev = r
		run++
	}
	if run == 1 {
		fn(prev, 0)
	}
}
