package mask

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome/v2/tokenizer"
)

// maskNames replaces the person names in s, outside the placeholders
// already in it.
func (m *Masker) maskNames(s string) string {
	return outsidePlaceholders(s, m.namesIn)
}

// span is a [start, end) byte range of a text.
type span [2]int

// namesIn masks the names in s, which holds no placeholder: kagome's
// person names, words before an honorific and Latin names; a reading in
// parentheses after a name goes with it.
func (m *Masker) namesIn(s string) string {
	if strings.TrimSpace(s) == "" {
		return s
	}
	toks := m.tokens(s)
	spans := nameTokenSpans(s, toks)
	spans = append(spans, honorificSpans(toks)...)
	spans = append(spans, latinSpans(s)...)
	return replaceSpans(s, withReadings(s, spans), Name)
}

func (m *Masker) tokens(s string) []tokenizer.Token {
	var out []tokenizer.Token
	for _, t := range m.tok.Analyze(s, tokenizer.Normal) {
		if t.Class != tokenizer.DUMMY {
			out = append(out, t)
		}
	}
	return out
}

// nameTokenSpans finds the tokens kagome tags 名詞,固有名詞,人名, each
// widened over the rest of its word (extend), except a kana one that heads
// a compound (isCompoundHead).
func nameTokenSpans(s string, toks []tokenizer.Token) []span {
	var spans []span
	for i, t := range toks {
		if !isPersonName(t) || isCompoundHead(toks, i) {
			continue
		}
		lo, hi := extend(toks, i)
		sp := span{toks[lo].Position, end(toks[hi])}
		if scriptOf(t.Surface) == hiragana {
			sp[1] -= honorificSuffix(s[sp[0]:sp[1]])
		}
		spans = append(spans, sp)
	}
	return spans
}

// isCompoundHead reports a kana name token glued to a content word that
// is not a name: kagome reads マイ in マイナンバー, スマート in
// スマートフォン and スマート家電 and すま in すまほ as given names or
// surnames. A kanji name (田中電機) stays masked: kagome's kanji names are
// reliable, its kana ones are not.
func isCompoundHead(toks []tokenizer.Token, i int) bool {
	sc := scriptOf(toks[i].Surface)
	if sc != hiragana && sc != katakana || i+1 >= len(toks) || !adjacent(toks[i], toks[i+1]) {
		return false
	}
	n := toks[i+1]
	if isPersonName(n) || isHonorific(n) || isRole(n.Surface) {
		return false
	}
	p0 := posAt(n, 0)
	return p0 == "名詞" && posAt(n, 1) != "接尾" || p0 == "動詞" || p0 == "形容詞"
}

// extend widens name token i over the adjacent tokens of the same script
// that complete the name: kagome often tags only part of a name (陽|翔,
// こばやし|みさき, やまだ|たろう).
func extend(toks []tokenizer.Token, i int) (lo, hi int) {
	sc := scriptOf(toks[i].Surface)
	lo, hi = i, i
	for lo > 0 && adjacent(toks[lo-1], toks[lo]) && extendsName(toks[lo-1], sc) {
		lo--
	}
	for hi+1 < len(toks) && adjacent(toks[hi], toks[hi+1]) && extendsName(toks[hi+1], sc) {
		hi++
	}
	return lo, hi
}

// extendsName reports whether t, next to a name of script sc, is part of
// it: another name token; a one-kanji noun or prefix next to a kanji name
// (大翔, 陽翔); any hiragana token but a particle or polite auxiliary; a
// katakana noun that is no role.
func extendsName(t tokenizer.Token, sc script) bool {
	if isPersonName(t) {
		return true
	}
	if scriptOf(t.Surface) != sc || isHonorific(t) {
		return false
	}
	p0 := posAt(t, 0)
	switch sc {
	case han:
		return utf8.RuneCountInString(t.Surface) == 1 && posAt(t, 1) != "接尾" &&
			(p0 == "名詞" || p0 == "接頭詞")
	case hiragana:
		return p0 != "助詞" && p0 != "記号" && !politeAux[t.Surface]
	case katakana:
		return p0 == "名詞" && !isRole(t.Surface)
	}
	return false
}

// honorificSuffix returns the length of an honorific that ends s, when a
// hiragana name's last token swallowed it (やまだたろうさん is tokenised
// やまだ|たろ|うさん).
func honorificSuffix(s string) int {
	for _, h := range []string{"さん", "さま", "くん", "ちゃん"} {
		if strings.HasSuffix(s, h) && len(s) > len(h) {
			return len(h)
		}
	}
	return 0
}

// honorificSpans finds the word right before an honorific token, when
// nameBeforeHonorific says it is a name.
func honorificSpans(toks []tokenizer.Token) []span {
	var spans []span
	for i, t := range toks {
		if !isHonorific(t) || i == 0 || !adjacent(toks[i-1], t) {
			continue
		}
		sc := scriptOf(toks[i-1].Surface)
		if sc != han && sc != hiragana && sc != katakana || !wordPart(toks[i-1], sc) {
			continue
		}
		lo := i - 1
		for lo > 0 && adjacent(toks[lo-1], toks[lo]) && wordPart(toks[lo-1], sc) {
			lo--
		}
		if nameBeforeHonorific(toks[lo:i]) {
			spans = append(spans, span{toks[lo].Position, end(toks[i-1])})
		}
	}
	return spans
}

// wordPart reports a noun or prefix token of script sc.
func wordPart(t tokenizer.Token, sc script) bool {
	p0 := posAt(t, 0)
	return scriptOf(t.Surface) == sc && (p0 == "名詞" || p0 == "接頭詞") && !isHonorific(t)
}

// nameBeforeHonorific decides whether the word before さん/様/… is a
// name. Part of speech decides what it can: a 人名 token is a name, a
// pronoun (みなさん, あなた) is not, nor a サ変接続 noun (担当さん,
// 外注さん). kagome tags role nouns (社長, 業者,
// 大家) 名詞,一般 like the names it does not know (東, 陽菜, さくら,
// ヤマダタロウ), so a word is a role only by roleWords or a role suffix
// (roleSuffixes); every other word before an honorific is masked, company
// names too (川崎さん cannot be told from a company).
func nameBeforeHonorific(word []tokenizer.Token) bool {
	var b strings.Builder
	for _, t := range word {
		if isPersonName(t) {
			return true
		}
		if posAt(t, 1) == "代名詞" {
			return false
		}
		b.WriteString(t.Surface)
	}
	last := word[len(word)-1]
	if posAt(last, 1) == "サ変接続" {
		return false // 担当さん, 外注さん, 営業さん: an activity named as a role
	}
	w := strings.TrimLeft(b.String(), "おご御")
	return w != "" && !isRole(w) && !isRole(last.Surface)
}

// isRole reports a role, relation or organisation noun.
func isRole(w string) bool {
	last, _ := utf8.DecodeLastRuneInString(w)
	return roleWords[w] || strings.ContainsRune(roleSuffixes, last)
}

// latinSpans finds capitalised Latin names before an honorific (Taro
// Yamada さん, YAMADA Taro 様) or after Mr./Ms./Mrs./Dr.; a lone acronym
// before さん (NTTさん) is an organisation.
func latinSpans(s string) []span {
	var spans []span
	for _, m := range latinNameRE.FindAllStringSubmatchIndex(s, -1) {
		switch {
		case m[2] >= 0 && !acronymRE.MatchString(s[m[2]:m[3]]):
			spans = append(spans, span{m[2], m[3]})
		case m[4] >= 0:
			spans = append(spans, span{m[4], m[5]})
		}
	}
	return spans
}

// withReadings widens each span over a parenthesised kana reading right
// after it: 小林美咲(こばやしみさき).
func withReadings(s string, spans []span) []span {
	for i, sp := range spans {
		if loc := readingRE.FindStringIndex(s[sp[1]:]); loc != nil {
			spans[i][1] += loc[1]
		}
	}
	return spans
}

// replaceSpans replaces spans with repl; spans that overlap, touch or
// stand only spaces apart become one placeholder (山田 太郎).
func replaceSpans(s string, spans []span, repl string) string {
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b span) int { return a[0] - b[0] })
	var b strings.Builder
	last, cur := 0, spans[0]
	for _, sp := range spans[1:] {
		if sp[0] <= cur[1] || strings.TrimSpace(s[cur[1]:sp[0]]) == "" {
			cur[1] = max(cur[1], sp[1])
			continue
		}
		b.WriteString(s[last:cur[0]] + repl)
		last, cur = cur[1], sp
	}
	b.WriteString(s[last:cur[0]] + repl + s[cur[1]:])
	return b.String()
}

// isPersonName reports a token tagged 名詞,固有名詞,人名.
func isPersonName(t tokenizer.Token) bool {
	return posAt(t, 0) == "名詞" && posAt(t, 1) == "固有名詞" && posAt(t, 2) == "人名"
}

// isHonorific reports さん, 様, … where kagome tags them a suffix.
func isHonorific(t tokenizer.Token) bool {
	return honorifics[t.Surface] && posAt(t, 0) == "名詞" && posAt(t, 1) == "接尾"
}

// posAt returns level i of t's part of speech, or "".
func posAt(t tokenizer.Token, i int) string {
	if pos := t.POS(); i < len(pos) {
		return pos[i]
	}
	return ""
}

func end(t tokenizer.Token) int { return t.Position + len(t.Surface) }

func adjacent(a, b tokenizer.Token) bool { return end(a) == b.Position }

// script is the writing system of a word.
type script int

const (
	other script = iota
	han
	hiragana
	katakana
)

// scriptOf returns the one script all of s is written in, or other.
func scriptOf(s string) script {
	sc := other
	for i, r := range s {
		rs := runeScript(r)
		if i > 0 && rs != sc {
			return other
		}
		sc = rs
	}
	return sc
}

func runeScript(r rune) script {
	switch {
	case unicode.Is(unicode.Han, r) || r == '々' || r == '〆' || r == 'ヶ':
		return han
	case unicode.Is(unicode.Hiragana, r):
		return hiragana
	case unicode.Is(unicode.Katakana, r) || r == 'ー':
		return katakana
	}
	return other
}
