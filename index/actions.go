package index

import (
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// actionWords are the deeds a caller reports having done to themselves or
// their machine, by base form: opening, clicking, typing in, paying,
// transferring, installing, replying, being infected. A verb (or a サ変
// noun with する) from this list in the past or perfective aspect marks a
// caller who already acted.
var actionWords = map[string]bool{
	"開く": true, "開ける": true, "クリック": true, "押す": true, "タップ": true, "踏む": true,
	"入力": true, "入れる": true, "打ち込む": true, "登録": true, "教える": true, "答える": true,
	"振り込む": true, "振込": true, "送金": true, "払う": true, "支払う": true, "支払": true, "支払い": true,
	"購入": true, "注文": true, "買う": true,
	"感染": true, "インストール": true, "ダウンロード": true, "実行": true, "許可": true,
	"返信": true, "送る": true, "送信": true, "電話": true, "連絡": true, "ログイン": true,
}

// Acted reports whether text reports an action the caller already took:
// an action word followed, within the next few tokens, by the past
// auxiliary た/だ or the perfective しまう/ちゃう (クリックしてしまった,
// 振り込んだ, 開いちゃった). 「メールが届いた」 is past but no action of the
// caller's; 「開かないほうがいい？」 is an action not taken.
func (a *Analyzer) Acted(text string) bool {
	_, acted := a.readingActed(text)
	return acted
}

// actedIn is [Analyzer.Acted] over analysed tokens.
func (lx *lexicon) actedIn(toks []tokenizer.Token) bool {
	quoted := 0
	for i, t := range toks {
		switch t.Surface {
		case "「", "『", "\"":
			quoted++
		case "」", "』":
			quoted = max(0, quoted-1)
		}
		if quoted > 0 || !lx.isAction(t) {
			continue // words inside quotes are what a screen or a mail said
		}
		for j := i + 1; j < len(toks) && j <= i+5; j++ {
			pos, base := lx.pos(toks[j]), lx.base(toks[j])
			if pos.n == 0 {
				break
			}
			if pos.s[0] == "助動詞" && (base == "た" || base == "だ") || base == "しまう" || base == "ちゃう" || base == "じゃう" {
				if !lx.quotative(toks, j+1) {
					return true
				}
				break
			}
			if pos.s[0] == "助動詞" && (base == "ない" || base == "ぬ") || pos.s[0] == "名詞" || pos.s[0] == "記号" {
				break // negated, or the next phrase
			}
		}
	}
	return false
}

// isAction reports whether t's base form is one of actionWords, from the
// table of morpheme kinds for a known morpheme.
func (lx *lexicon) isAction(t tokenizer.Token) bool {
	if k, ok := lx.kindOf(t); ok {
		return k&kindAction != 0
	}
	return actionWords[lx.base(t)]
}

// quotative reports whether the token at i quotes what came before
// (感染したって表示が出た, 感染したと言われた): reported speech, not a deed.
func (lx *lexicon) quotative(toks []tokenizer.Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	pos := lx.pos(toks[i])
	return pos.n > 1 && pos.s[0] == "助詞" && (toks[i].Surface == "って" || toks[i].Surface == "と" && pos.s[1] == "格助詞")
}

func (lx *lexicon) base(t tokenizer.Token) string {
	if b := lx.baseForm(t); b != "" && b != "*" {
		return b
	}
	return t.Surface
}
