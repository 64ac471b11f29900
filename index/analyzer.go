package index

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/lattice"
)

// Analyzer turns Japanese text into index terms with the kagome
// morphological analyser and the IPA dictionary. An Analyzer is safe for
// concurrent use; it caches the terms of recent short texts.
type Analyzer struct {
	tok   *tokenizer.Tokenizer
	lex   *lexicon
	cache termCache
	// modes segments texts as tok does, faster, with both modes over
	// one lattice (nil: tok segments them).
	modes *modeAnalyser
}

// termCache remembers the analyses of recently analysed texts, so that the
// signals of one query (and a staff member's search-as-you-type) analyse a
// text once. It holds at most cacheSize texts and starts over when full.
type termCache struct {
	mu sync.Mutex
	m  map[string]*Analysis
}

const (
	cacheSize    = 4096
	cacheMaxText = 512 // longer texts (whole documents) are not cached
)

func (c *termCache) get(text string) (*Analysis, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.m[text]
	return t, ok
}

func (c *termCache) put(text string, an *Analysis) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= cacheSize {
		c.m = make(map[string]*Analysis, cacheSize)
	}
	c.m[text] = an
}

var (
	defaultOnce     sync.Once
	defaultAnalyzer *Analyzer
)

// Default returns the process-wide Analyzer. The IPA dictionary takes more
// than 100 MB once loaded, so it is loaded on the first call only; later
// calls return the same Analyzer. It is read from the dictionary snapshot
// when there is a good one (see [SetDictCache]), else from kagome's
// embedded files. Default is safe for concurrent use.
func Default() *Analyzer {
	defaultOnce.Do(func() {
		d, lex, load := loadDict(defaultSource())
		dictLoaded = load
		defaultAnalyzer = newAnalyzer(d, lex)
	})
	return defaultAnalyzer
}

// newAnalyzer returns an Analyzer over dictionary d and its lexicon.
func newAnalyzer(d *dict.Dict, lex *lexicon) *Analyzer {
	t, err := tokenizer.New(d, tokenizer.OmitBosEos())
	if err != nil {
		// tokenizer.New fails only for a nil dictionary, and neither
		// loadDict nor ipa.Dict returns one.
		panic("index: kagome tokenizer: " + err.Error())
	}
	a := &Analyzer{tok: t, lex: lex.withKinds(), modes: newModeAnalyser(t, d)}
	if a.modes != nil {
		a.lex.withUnknown(a.modes.template, min(len(d.UnkDict.Morphs), len(d.UnkDict.Contents)))
	}
	return a
}

// Terms returns the content words of text, in order and with repeats (so that
// callers can count term frequencies). The analysis is:
//
//  1. [corpus.Normalize] (NFKC, case folding, the desk's 表記ゆれ);
//  2. kagome in Search mode, which splits long compounds further;
//  3. keep nouns (except 非自立, 代名詞, 接尾 and numbers of fewer than three
//     digits), kanji prefixes (偽サイト → 偽, サイト), independent verbs and
//     adjectives (動詞・形容詞 自立), unknown words and alphabet symbols;
//     drop other symbols, particles and auxiliaries;
//  4. use the base form (した → する), or the surface form when the
//     dictionary has none (unknown words);
//  5. drop stop words (する, ある, いる, こと, もの, …), single hiragana and
//     tokens made only of punctuation or symbols.
func (a *Analyzer) Terms(text string) []string {
	if len(text) <= cacheMaxText {
		return slices.Clone(a.Analyse(text).Terms)
	}
	return a.termsOfNorm(corpus.Normalize(text))
}

// termsOf keeps the index terms of Search-mode tokens (see [Analyzer.Terms]).
func (lx *lexicon) termsOf(toks []tokenizer.Token) []string {
	out := make([]string, 0, len(toks)/2+1)
	for _, t := range toks {
		term, ok := lx.contentTerm(t)
		if !ok {
			continue
		}
		out = append(out, term)
	}
	return out
}

// Analysis is what the engine takes from one text's morphological
// analysis: [Analyzer.Terms], [Analyzer.Words], [Analyzer.Reading] and
// [Analyzer.Acted] of the same text. Its slices are shared with the
// analyser's cache: callers must not modify them.
type Analysis struct {
	Terms, Words []string
	Reading      string
	Acted        bool
	// Norm is the text [corpus.Normalize]d, as analysed: the caller's
	// other analyses of the text (such as [FoldedBigramsOf]) start from it
	// rather than normalise the text again.
	Norm string
}

// Analyse returns the Terms, Words, Reading and Acted of text from one
// kagome analysis in Normal mode. Search mode, which Terms and Words
// use, segments differently only where it penalises a long token; when no
// token of the Normal-mode path is that long, the Search-mode path is the
// same (see [searchPenalised]) and kagome is not run a second time. The
// analyses of short texts are cached.
func (a *Analyzer) Analyse(text string) *Analysis {
	cacheable := len(text) <= cacheMaxText
	if cacheable {
		if an, ok := a.cache.get(text); ok {
			return an
		}
	}
	an := &Analysis{Norm: corpus.Normalize(text)}
	if norm := an.Norm; norm != "" {
		a.segment(norm, bothModes, func(normal, search []tokenizer.Token) {
			a.lex.prefetch(normal)
			an.Terms, an.Words = a.lex.termsAndWords(search)
			an.Reading, an.Acted = a.lex.readingOf(normal), a.lex.actedIn(normal)
		})
	}
	if cacheable {
		a.cache.put(text, an)
	}
	return an
}

// searchPenalised reports whether kagome's Search mode would add a cost to
// some token of a Normal-mode path. If it would not, the Search-mode path
// is the Normal-mode one: Search mode only adds non-negative costs, so the
// Normal-mode best path, costing the same in both modes, stays the best,
// and Viterbi's first-of-equals choice picks it again.
func searchPenalised(toks []tokenizer.Token) bool {
	for _, t := range toks {
		if lattice.Penalty(t.Surface, utf8.RuneCountInString(t.Surface)) > 0 {
			return true
		}
	}
	return false
}

// contentTerm reports the index term of t, if t is a content word. A
// known morpheme's answer depends on its ID alone (its surface is the
// dictionary's), so it is worked out once per morpheme and kept in
// lx.kinds (kindOf).
func (lx *lexicon) contentTerm(t tokenizer.Token) (string, bool) {
	k, ok := lx.kindOf(t)
	if !ok {
		return lx.contentTermOf(t)
	}
	switch k & contentMask {
	case kindSurface:
		return t.Surface, true
	case kindBase:
		return lx.baseForm(t), true
	}
	return "", false
}

// A morpheme's kind: what contentTerm (the low two bits) and readingOf
// (the next two) make of it, and whether actedIn takes it for a deed.
// 0 is a kind not worked out yet.
const (
	kindNotContent = 1 // not a content word
	kindSurface    = 2 // a content word, indexed as its surface
	kindBase       = 3 // a content word, indexed as its base form
	contentMask    = 3

	readSkip    = 0 << 2 // a particle or auxiliary: no reading
	readSpace   = 1 << 2 // a symbol: a space
	readLexicon = 2 << 2 // its reading in the lexicon
	readSurface = 3 << 2 // its surface (the lexicon has no reading)
	readMask    = 3 << 2

	kindAction = 1 << 4 // one of actionWords, by its base form
)

// kindOf returns the kind of known morpheme t, worked out on first use
// (contentTermOf, readingKindOf) and kept in lx.kinds; ok is false for a
// token whose kind is not kept.
func (lx *lexicon) kindOf(t tokenizer.Token) (k uint32, ok bool) {
	if t.Class != tokenizer.KNOWN || lx == nil || t.ID < 0 || t.ID >= len(lx.kinds) {
		return 0, false
	}
	if k = lx.kinds[t.ID].Load(); k != 0 {
		return k, true
	}
	term, content := lx.contentTermOf(t)
	switch {
	case !content:
		k = kindNotContent
	case term == t.Surface:
		k = kindSurface
	default:
		k = kindBase
	}
	k |= lx.readingKindOf(t)
	if actionWords[lx.base(t)] {
		k |= kindAction
	}
	lx.kinds[t.ID].Store(k)
	return k, true
}

// readingKindOf is what readingOf makes of t, worked out from its part of
// speech and reading.
func (lx *lexicon) readingKindOf(t tokenizer.Token) uint32 {
	switch pos := lx.pos(t); {
	case pos.s[0] == "助詞" || pos.s[0] == "助動詞":
		return readSkip
	case pos.s[0] == "記号":
		return readSpace
	}
	if r := lx.reading(t); r == "" || r == "*" {
		return readSurface
	}
	return readLexicon
}

// contentTermOf is contentTerm worked out from t's part of speech, base
// form and surface.
func (lx *lexicon) contentTermOf(t tokenizer.Token) (string, bool) {
	if t.Class == tokenizer.DUMMY || strings.TrimSpace(t.Surface) == "" {
		return "", false
	}
	if !keepPOS(t, lx.pos(t)) {
		return "", false
	}
	term := t.Surface
	if base := lx.baseForm(t); base != "" && base != "*" {
		term = base
	}
	if !isContentString(term) || stopwords[term] || isSingleHiragana(term) {
		return "", false
	}
	return term, true
}

// keepPOS applies the part-of-speech rules of [Analyzer.Terms].
func keepPOS(t tokenizer.Token, pos posTags) bool {
	at := func(i int) string { return pos.s[i] }
	switch at(0) {
	case "名詞":
		switch at(1) {
		case "非自立", "代名詞", "接尾", "特殊":
			return false
		case "数":
			// Hotline numbers (110, 188, #9110) are what callers type;
			// counters and short numbers are noise.
			return utf8.RuneCountInString(t.Surface) >= 3
		}
		return true
	case "動詞", "形容詞":
		return at(1) == "自立"
	case "記号":
		return at(1) == "アルファベット"
	case "接頭詞":
		// Kanji prefixes carry meaning here: 偽サイト, 不審メール.
		return isKanji(t.Surface)
	}
	return t.Class == tokenizer.UNKNOWN
}

// isContentString reports whether s holds at least one letter or digit.
func isContentString(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// isKanji reports whether s is made of Han characters only.
func isKanji(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func isSingleHiragana(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && unicode.Is(unicode.Hiragana, r)
}

// NGrams returns the character n-grams of the normalised text. The text is
// [corpus.Normalize]d, hiragana are turned into katakana (so that ういるす
// matches ウイルス), and it is split into runs of letters, digits and marks
// at whitespace, punctuation and symbols. Each run yields its n-grams; a run
// shorter than n yields itself. The long-vowel mark ー counts as a letter.
// NGrams is the signal that still matches unknown words, typos and kana
// variants that [Analyzer.Terms] splits differently. n < 1 is treated as 2.
func NGrams(text string, n int) []string {
	return ngrams(corpus.Normalize(text), n)
}

// ngrams is NGrams over text already normalised.
func ngrams(text string, n int) []string {
	if n < 1 {
		n = 2
	}
	// Every n-gram is a span of text, or of its copy with hiragana
	// turned into katakana, which keeps every rune's bytes in place
	// (both are three bytes): the grams cost no buffer of their own. A
	// run of k runes gives at most k grams: the runes' offsets and the
	// grams' spans fit in as many slots as text has runes, on the stack
	// for a query's text.
	var offsBuf [ngramsStack]int32
	var gramsBuf [ngramsStack][2]int32
	offs, grams := offsBuf[:0], gramsBuf[:0]
	if runes := utf8.RuneCountInString(text); runes > ngramsStack {
		offs, grams = make([]int32, 0, runes), make([][2]int32, 0, runes)
	}
	hiragana := false
	for i, r := range text {
		if !isGramRune(r) {
			grams, offs = flushGrams(grams, offs, i, n), offs[:0]
			continue
		}
		offs = append(offs, int32(i))
		hiragana = hiragana || toKatakana(r) != r
	}
	grams = flushGrams(grams, offs, len(text), n)
	if len(grams) == 0 {
		return nil
	}
	conv := text
	if hiragana {
		conv = katakanaInPlace(text)
	}
	out := make([]string, len(grams))
	for i, g := range grams {
		out[i] = conv[g[0]:g[1]]
	}
	return out
}

// katakanaInPlace returns text with its hiragana turned into katakana
// (toKatakana), each rune at the same bytes.
func katakanaInPlace(text string) string {
	buf := []byte(text)
	for i, r := range text {
		if k := toKatakana(r); k != r {
			utf8.EncodeRune(buf[i:], k)
		}
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf))
}

// ngramsStack is the longest text, in runes, whose n-grams' spans ngrams
// keeps on the stack.
const ngramsStack = 256

// flushGrams appends the spans of the n-grams of one run of runes, which
// start at offs and end at end, to grams: the run itself when it is
// shorter than n.
func flushGrams(grams [][2]int32, offs []int32, end, n int) [][2]int32 {
	k := len(offs)
	switch {
	case k == 0:
	case k < n:
		grams = append(grams, [2]int32{offs[0], int32(end)})
	default:
		for i := 0; i+n <= k; i++ {
			e := int32(end)
			if i+n < k {
				e = offs[i+n]
			}
			grams = append(grams, [2]int32{offs[i], e})
		}
	}
	return grams
}

// Bigrams is NGrams(text, 2), with the signature that [NewLexical] takes.
func Bigrams(text string) []string { return NGrams(text, 2) }

// FoldedBigrams is Bigrams over the text folded with [FoldKana], so that the
// usual typing slips (サーバー/サーバ, フアイル/ファイル, ヴ/ブ) give the
// same bigrams.
func FoldedBigrams(text string) []string { return FoldedBigramsOf(corpus.Normalize(text)) }

// FoldedBigramsOf is FoldedBigrams(text) for norm = corpus.Normalize(text)
// (as [Analysis.Norm] holds it).
func FoldedBigramsOf(norm string) []string { return NGrams(FoldKana(norm), 2) }

// BigramsOf is Bigrams(text) for norm = corpus.Normalize(text).
func BigramsOf(norm string) []string { return ngrams(norm, 2) }

func isGramRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r >= 0x4E00 && r <= 0x9FFF: // CJK unified ideographs: letters
		return true
	case r >= 0x3040 && r <= 0x30FF: // kana: a bit each
		return kanaGramRunes[(r-0x3040)>>6]&(1<<((r-0x3040)&63)) != 0
	}
	return isGramRuneSlow(r)
}

// isGramRuneSlow is isGramRune by the Unicode tables.
func isGramRuneSlow(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// kanaGramRunes marks the runes of U+3040–U+30FF (hiragana and
// katakana) that isGramRuneSlow accepts, a bit each, so that the usual
// runes of a query are classed without a search of the Unicode tables
// (TestIsGramRuneFast compares every rune).
var kanaGramRunes = func() (set [3]uint64) {
	for r := rune(0x3040); r <= 0x30FF; r++ {
		if isGramRuneSlow(r) {
			set[(r-0x3040)>>6] |= 1 << ((r - 0x3040) & 63)
		}
	}
	return set
}()

// toKatakana maps a hiragana letter to its katakana counterpart and returns
// any other rune unchanged.
func toKatakana(r rune) rune {
	if r >= 'ぁ' && r <= 'ゖ' || r == 'ゝ' || r == 'ゞ' {
		return r + ('ァ' - 'ぁ')
	}
	return r
}

// Reading returns the katakana reading of text, for matching by sound: each
// token's reading from the IPA dictionary (the surface, in katakana, for a
// token the dictionary does not know), with particles and auxiliaries left
// out so that a caller who drops を or が reads the same, and folded with
// [FoldKana]. 確定深刻 and かくていしんこく both read カクテイシンコク, as
// 確定申告 does. The reading is for matching only.
func (a *Analyzer) Reading(text string) string {
	r, _ := a.readingActed(text)
	return r
}

// readingActed returns the Reading and Acted of text (see [Analyzer.Analyse]).
func (a *Analyzer) readingActed(text string) (string, bool) {
	if len(text) <= cacheMaxText {
		an := a.Analyse(text)
		return an.Reading, an.Acted
	}
	norm := corpus.Normalize(text)
	if norm == "" {
		return "", false
	}
	var reading string
	var acted bool
	a.segment(norm, normalMode, func(toks, _ []tokenizer.Token) {
		reading, acted = a.lex.readingOf(toks), a.lex.actedIn(toks)
	})
	return reading, acted
}

// readingOf is the reading of analysed tokens (see [Analyzer.Reading]).
func (lx *lexicon) readingOf(toks []tokenizer.Token) string {
	// A reading takes about twice its surface's bytes at most (a kanji
	// of three bytes reads as two or three kana of three): one
	// allocation, where growing by appends took several. The reading is
	// folded in place (foldKanaInPlace).
	n := 0
	for _, t := range toks {
		n += len(t.Surface)
	}
	b := make([]byte, 0, 2*n)
	lx.prefetchReadings(toks)
	for _, t := range toks {
		if t.Class == tokenizer.DUMMY {
			continue
		}
		k, ok := lx.kindOf(t)
		if !ok {
			k = lx.readingKindOf(t)
		}
		switch k & readMask {
		case readSkip:
			continue
		case readSpace:
			b = append(b, ' ') // punctuation separates runs
		case readLexicon:
			b = append(b, lx.reading(t)...)
		default:
			b = append(b, t.Surface...)
		}
	}
	if folded, ok := foldKanaInPlace(b); ok {
		return unsafe.String(unsafe.SliceData(folded), len(folded))
	}
	return FoldKana(string(b))
}

// ReadingBigrams returns the character bigrams of Reading(text): the terms
// of the readings space, with the signature that [NewLexical] takes.
func (a *Analyzer) ReadingBigrams(text string) []string {
	return NGrams(a.Reading(text), 2)
}

// smallKana maps small kana to their full-size letters.
var smallKana = map[rune]rune{
	'ァ': 'ア', 'ィ': 'イ', 'ゥ': 'ウ', 'ェ': 'エ', 'ォ': 'オ', 'ッ': 'ツ', 'ャ': 'ヤ', 'ュ': 'ユ', 'ョ': 'ヨ', 'ヮ': 'ワ', 'ヵ': 'カ', 'ヶ': 'ケ',
}

// foldedKatakana is FoldKana's rune mapping over the katakana block
// U+30A0–U+30FF, built from smallKana: the folded rune, or -1 for a
// rune FoldKana drops.
var foldedKatakana = func() (m [0x60]rune) {
	for i := range m {
		r := rune(0x30A0 + i)
		if f, ok := smallKana[r]; ok {
			r = f
		}
		switch r {
		case 'ー':
			r = -1
		case 'ヴ':
			r = 'ブ'
		}
		m[i] = r
	}
	return m
}()

// FoldKana folds the usual differences of typed kana: hiragana become
// katakana, small kana full-size (ファイル ~ フアイル), ヴ becomes ブ
// (ヴァ → バ after folding), and the long-vowel mark ー is dropped
// (サーバー ~ サーバ ~ さーば). Other runes are kept.
func FoldKana(s string) string {
	buf := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			buf = append(buf, c)
			i++
			continue
		}
		if c == 0xE3 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// U+3000–U+3FFF (kana, CJK punctuation) folds within the
			// range: three bytes in, three bytes or none out.
			if r := foldKanaRune(0x3000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)); r >= 0 {
				buf = append(buf, 0xE3, 0x80|byte(r>>6&0x3F), 0x80|byte(r&0x3F))
			}
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r = foldKanaRune(r); r >= 0 {
			buf = utf8.AppendRune(buf, r)
		}
		i += size
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf))
}

// foldKanaInPlace is FoldKana over valid UTF-8 b, written over b: each
// rune folds to as many bytes or to none, so the output never overtakes
// the input. It reports false, with b spoilt, for text that is not valid
// UTF-8 (where FoldKana writes each bad byte as three).
func foldKanaInPlace(b []byte) ([]byte, bool) {
	w := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			b[w] = c
			w, i = w+1, i+1
			continue
		}
		if c == 0xE3 && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80 {
			// As in FoldKana: three bytes in, three or none out.
			if r := foldKanaRune(0x3000 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F)); r >= 0 {
				b[w], b[w+1], b[w+2] = 0xE3, 0x80|byte(r>>6&0x3F), 0x80|byte(r&0x3F)
				w += 3
			}
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return nil, false
		}
		i += size
		if r = foldKanaRune(r); r >= 0 {
			w += utf8.EncodeRune(b[w:], r)
		}
	}
	return b[:w], true
}

// foldKanaRune is FoldKana's mapping of non-ASCII rune r: the folded
// rune, or -1 for a rune it drops.
func foldKanaRune(r rune) rune {
	r = toKatakana(r)
	switch {
	case r >= 0x30A0 && r <= 0x30FF:
		return foldedKatakana[r-0x30A0]
	case r == '〜' || r == '～':
		return -1
	}
	return r
}
