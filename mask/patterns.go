package mask

import "regexp"

// This file is the one place for what the masker looks for: the regular
// expressions, the labels and the word lists. The code in the other files
// only applies them.

// Placeholders.
const (
	Phone    = "〔電話番号〕"
	Email    = "〔メール〕"
	URL      = "〔URL〕"
	Postal   = "〔郵便番号〕"
	Number   = "〔番号〕"
	Name     = "〔氏名〕"
	IP       = "〔IPアドレス〕"
	Address  = "〔住所〕"
	Birthday = "〔生年月日〕"
	Password = "〔パスワード〕"
)

// Digit groups. A number is digit groups joined by separators: hyphens and
// dashes of every width (after NFKC), the long-vowel mark IMEs produce,
// tildes and wave dashes, dots, commas, slashes, 「の」, parentheses and
// spaces. joinRE is one joiner between two groups.
const joiner = `[ \t]*[-‐‑‒–—―−ーｰ~〜.,/の][ \t]*|[ \t]+`

var (
	// numberRE finds candidate numbers; splitNumber and classify decide.
	numberRE = regexp.MustCompile(`\+?\(?\d+\)?(?:(?:` + joiner + `)?\(?\d+\)?)*`)
	groupRE  = regexp.MustCompile(`\d+`)
	joinRE   = regexp.MustCompile(`^(?:` + joiner + `)$`)

	// Shapes that stay readable: ISO and slashed dates, amounts with
	// thousands commas, times.
	dateRE   = regexp.MustCompile(`^(?:\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}/\d{1,2})$`)
	amountRE = regexp.MustCompile(`^\d{1,3}(?:,\d{3})+(?:\.\d+)?$`)
	// versionRE: groups joined by dots only (Windows 10.0.19045, TLS 1.2).
	versionRE = regexp.MustCompile(`^\d+(?:\.\d+)+$`)
)

// Labels that say what the number after them is. They are matched
// against the text just before a number, after trimming label
// punctuation (labelTrim).
var (
	phoneLabelRE   = regexp.MustCompile(`(?i)(?:tel|fax|phone|mobile|電話|携帯|連絡先|ファックス|FAX番号|電話番号)$`)
	postalLabelRE  = regexp.MustCompile(`(?:〒|郵便番号)$`)
	accountLabelRE = regexp.MustCompile(`(?i)(?:口座|番号|no\.?|id|会員)$`)
	// asciiWordRE is the ASCII word a number is glued to (TEL090…).
	asciiWordRE   = regexp.MustCompile(`[A-Za-z]+$`)
	asciiLetterRE = regexp.MustCompile(`[A-Za-z]`)
)

// labelTrim is what may stand between a label and its number.
const labelTrim = " \t:#は、が=＝"

var (
	// idRE: an alphanumeric ID after a label (パスポート番号TK1234567,
	// 会員ID: ab12345). The ID must hold a digit (checked in maskIDs).
	idRE = regexp.MustCompile(`(?i)(番号|\bNo\.?|\bID)([ \t:#は=]*)([A-Za-z0-9][A-Za-z0-9._\-]{3,})`)
	// passwordRE: a password or PIN after its label (パスワード hunter2,
	// 暗証番号は1234, PW: abc-123): printable ASCII without spaces, at
	// least 3 characters (so that パスワードは8文字以上 stays), starting
	// with a letter or digit (so that a link's /pw/reset/ path stays).
	passwordRE = regexp.MustCompile(`(?i)(パスワード|パスコード|暗証番号|\b(?:password|passwd|pwd|pw|pin)\b)([ \t:#は=]*)([A-Za-z0-9][!-~]{2,})`)

	// addressRE: the block and house numbers of an address, after a place
	// name that ends in 都道府県/市区町村郡 and is written in kanji or
	// katakana, or anywhere in the 丁目/番地 form.
	addressRE = regexp.MustCompile(`((?:\p{Han}|\p{Katakana}|ー)+?[都道府県市区町村郡](?:\p{Han}|\p{Katakana}|ー)*)` +
		`(` + blockNumber + `)`)
	chomeRE     = regexp.MustCompile(`\d+[ \t]*(?:丁目|番地)(?:[ \t]*\d+[ \t]*(?:番地|番|号室|号|[-‐−ーの]))*(?:[ \t]*\d+(?:号室|号)?)?`)
	blockNumber = `\d+(?:[ \t]*(?:丁目|番地|番|号|[-‐−ーの])[ \t]*\d+)+(?:[ \t]*(?:号室|号|番地|番))?|\d+[ \t]*(?:番地|丁目)`

	// birthdayRE: a date of birth after its label, or before 生まれ.
	birthdayRE  = regexp.MustCompile(`((?:生年月日|誕生日)[ \t:は、]*)` + dateOfBirth + `|` + dateOfBirth + `([ \t]*生まれ|生)`)
	dateOfBirth = `(?:(?:昭和|平成|令和|[SHR])?\d{1,4}[年/.-]\d{1,2}[月/.-]\d{1,2}日?)`

	ipv4RE = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b`)
	ipv6RE = regexp.MustCompile(`(?i)(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:)+:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?|::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)`)

	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)
	// urlRE: a link with a scheme, or a scheme-less host name (labels and
	// a letter TLD) followed by a path or query. Only URL characters
	// count, so Japanese text right after a link is not part of it.
	urlRE = regexp.MustCompile(`(?i)(?:\b(?:https?|ftp)://|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d+)?[/?#])` +
		`[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]*`)
	// tokenSegmentRE: a path segment of a token's characters.
	tokenSegmentRE = regexp.MustCompile(`^[A-Za-z0-9_\-=.~%+]+$`)

	// placeholderRE finds the placeholders already in a text.
	placeholderRE = regexp.MustCompile(`〔[^〔〕]{1,8}〕`)

	// latinNameRE: capitalised Latin words before an honorific, or after
	// Mr./Ms./Mrs./Dr.
	latinNameRE = regexp.MustCompile(`\b([A-Z][A-Za-z'\-]*(?:[ ][A-Z][A-Za-z'\-]*){0,2})[ ]?(?:さん|様|さま|氏|君|くん|ちゃん|殿)|` +
		`\b(?:Mr|Ms|Mrs|Miss|Dr)\.?[ ]+([A-Z][A-Za-z'\-]*(?:[ ][A-Z][A-Za-z'\-]*)?)`)
	// acronymRE: a single all-capitals word before さん is an
	// organisation (NTTさん, IPAさん), not a person.
	acronymRE = regexp.MustCompile(`^[A-Z]{2,5}$`)
	// readingRE: a parenthesised kana reading right after a name.
	readingRE = regexp.MustCompile(`^[ \t]*\([ \t]*[\p{Hiragana}\p{Katakana}ー・ ]+[ \t]*\)`)
)

// honorifics are the suffixes kagome tags 名詞,接尾,人名 that follow a
// person's name.
var honorifics = set("さん", "様", "さま", "氏", "君", "くん", "ちゃん", "殿")

// roleWords are the common nouns callers put an honorific after that are
// not names: roles, relations and organisations (お客さん, 業者さん,
// 大家さん). kagome tags most of them 名詞,一般 like the given names and
// surnames it does not know (東, 陽菜, さくら), so part-of-speech alone
// cannot tell them apart; see nameBeforeHonorific.
var roleWords = set(
	"客", "きゃく", "大家", "担当", "先生", "医者", "警察", "役所", "近所", "隣", "人", "方",
	"友達", "知り合い", "同僚", "上司", "部下", "先輩", "後輩", "本人", "家族", "相手",
	"取引先", "窓口", "受付", "営業", "事務", "経理", "総務", "巡り", "まわり", "皆", "みな",
	"父", "母", "兄", "姉", "弟", "妹", "息子", "娘", "奥", "旦那", "嫁", "孫", "子",
	"祖父", "祖母", "叔父", "叔母", "伯父", "伯母", "爺", "婆", "じい", "ばあ", "赤", "あか",
	"神", "王", "姫", "宅配", "郵便", "大工",
	"パート", "バイト", "メーカー", "サポート", "スタッフ", "オペレーター", "ショップ",
	"ベンダー", "プロバイダ", "プロバイダー", "ヘルパー", "ドライバー", "ママ", "パパ",
	"ユーザー", "カスタマー", "センター", "キャリア",
)

// roleSuffixes end a role or organisation noun (社長, 業者, 会員, 弁護士,
// 電気屋, 銀行, 運転手).
const roleSuffixes = "長者員師士官屋店社局所課部係行業医手"

// politeAux are auxiliaries a hiragana name's mask does not run over
// (やまだです keeps です).
var politeAux = set("です", "でし", "ます", "まし", "だ", "だっ", "でしょ", "な", "に")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
