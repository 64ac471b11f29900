package index

// EachBigram calls fn with the runes of each character bigram that
// [Bigrams] gives for text, in order, without building strings; text must
// already be normalised with corpus.Normalize. A run of one letter gives
// fn(r, 0), as Bigrams gives the letter alone.
func EachBigram(normalized string, fn func(a, b rune)) {
	var prev rune
	run := 0 // letters in the current run
	for _, r := range normalized {
		if !fastGramRune(r) {
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

// fastGramRune is isGramRune with the answer for the common scripts
// (kanji, kana, ASCII) decided without the Unicode tables.
func fastGramRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3041 && r <= 0x3096, r >= 0x30A1 && r <= 0x30FA:
		return true
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return isGramRune(r)
}
