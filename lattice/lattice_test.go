package lattice_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/lattice"
)

// kagomeAndLattice returns kagome's tokenizer and a lattice Dict over the
// same IPA dictionary, loaded once for the package's tests.
var kagomeAndLattice = sync.OnceValues(func() (*tokenizer.Tokenizer, *lattice.Dict) {
	d := ipa.Dict()
	tok, err := tokenizer.New(d, tokenizer.OmitBosEos())
	if err != nil {
		panic(err)
	}
	ld, err := lattice.New(d)
	if err != nil {
		panic(err)
	}
	return tok, ld
})

// corpusTexts returns every text soudan analyses of the default corpus
// (whole fields and their lines) and the suites' queries with their
// typing prefixes, each as written and normalised.
func corpusTexts(t testing.TB) []string {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, en := range c.Entries {
		for _, f := range [][]string{{en.Title, en.Answer}, en.Question, en.Examples, en.Keywords, en.Path} {
			texts = append(texts, strings.Join(f, "\n"))
			for _, s := range f {
				texts = append(texts, strings.Split(s, "\n")...)
			}
		}
	}
	suites, _ := filepath.Glob("../eval/testdata/*.jsonl")
	if _, err := os.Stat("/work/shared/eval/dev.jsonl"); err == nil {
		suites = append(suites, "/work/shared/eval/dev.jsonl")
	}
	if len(suites) == 0 {
		t.Fatal("no evaluation suites")
	}
	for _, path := range suites {
		qs, err := bench.LoadQueries(path)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, bench.Prefixes(qs, 1, 1)...)
	}
	for _, s := range texts[:len(texts):len(texts)] {
		if n := corpus.Normalize(s); n != s {
			texts = append(texts, n)
		}
	}
	return texts
}

// tokenOf is kagome's token as a lattice Token.
func tokenOf(t tokenizer.Token) lattice.Token {
	return lattice.Token{
		ID: t.ID, Class: lattice.Class(t.Class), Position: t.Position,
		Start: t.Start, End: t.End, Surface: t.Surface,
	}
}

// compare reports where ld's tokens of text differ from kagome's, in
// both modes, from one lattice (Normal, then Search) as soudan runs them,
// and from a lattice built for each mode.
func compare(t *testing.T, tok *tokenizer.Tokenizer, ld *lattice.Dict, text string) {
	t.Helper()
	la := ld.Get()
	defer ld.Put(la)
	if err := la.Build(text); err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	for _, mode := range []lattice.Mode{lattice.Normal, lattice.Search} {
		want := tok.Analyze(text, tokenizer.TokenizeMode(mode))
		got := la.Viterbi(mode, nil)
		alone, err := ld.Analyze(text, mode)
		if err != nil {
			t.Fatal(err)
		}
		if msg := diff(got, want); msg != "" {
			t.Errorf("%q mode %d: %s", text, mode, msg)
		}
		if msg := diff(alone, want); msg != "" {
			t.Errorf("%q mode %d alone: %s", text, mode, msg)
		}
	}
}

// diff describes the first difference of got from want, "" for none.
func diff(got []lattice.Token, want []tokenizer.Token) string {
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			return fmt.Sprintf("missing token %d %+v", i, tokenOf(want[i]))
		case i >= len(want):
			return fmt.Sprintf("extra token %d %+v", i, got[i])
		case got[i] != tokenOf(want[i]):
			return fmt.Sprintf("token %d is %+v, want %+v", i, got[i], tokenOf(want[i]))
		}
	}
	return ""
}

// TestMatchesKagome checks the tokens of every text of the default corpus
// and of the evaluation suites (with every typing prefix) against kagome's,
// in both modes.
func TestMatchesKagome(t *testing.T) {
	tok, ld := kagomeAndLattice()
	texts := corpusTexts(t)
	texts = append(texts, edgeTexts...)
	for _, text := range texts {
		compare(t, tok, ld, text)
	}
	t.Logf("%d texts", len(texts))
}

// edgeTexts are texts of unknown words, symbols, mixed scripts, invalid
// UTF-8 and lengths where Search mode's penalties and kagome's limit on
// unknown words apply.
var edgeTexts = []string{
	"", "x", " ", "\x00", "a\x00b", "ｱｲｳｴｵ", "ｶﾞｷﾞｸﾞ", "１２３４５６７８９０", "🙂🙂 abc-def_ghi",
	"東京特許許可局長今日急遽休暇許可拒否", "すもももももももものうち", "\xff\xfe", "あ\x80い", "\uFFFD\uFFFDア",
	"国際電気通信連合電気通信標準化部門勧告", "ｷｬﾝｾﾙ料の請求メールが来た!!", "https://example.com/a?b=c#d",
	strings.Repeat("ア", 1100), strings.Repeat("x", 2000), strings.Repeat("漢", 40), strings.Repeat("🙂", 30),
	"Ｗｉｎｄｏｗｓ１０のＰＣがウイルスに感染した", "〒100-0001 東京都千代田区千代田1-1", "①②③ ⅠⅡⅢ ㈱ ㍻",
}

// runePools are the alphabets of the random texts.
var runePools = [][]rune{
	[]rune("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゃゅょっー"),
	[]rune("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴヴァィゥェォャュョッー"),
	[]rune("日本語東京都大阪府情報漢字会社電話番号詐欺被害相談警察窓口確認送金請求不正利用偽物"),
	[]rune("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,-_/@#!?"),
	[]rune("ｱｲｳｴｵｶｷｸｹｺｯｬｭｮｰﾞﾟ｡｢｣､"),
	[]rune("。、！？「」（）・…〜ー　０１２３ＡＢＣ"),
	[]rune("🙂👍🏻💻📱🔒✨❤️\u200d\ufe0f\u3000\t\n"),
}

// randomText returns a text of n runes drawn from a few of the pools.
func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	pool := runePools[r.IntN(len(runePools))]
	for range n {
		if r.IntN(6) == 0 {
			pool = runePools[r.IntN(len(runePools))]
		}
		b.WriteRune(pool[r.IntN(len(pool))])
	}
	return b.String()
}

// TestRandomTextsMatchKagome checks random texts of Japanese, ASCII,
// half-width kana, symbols and emoji, short and long, against kagome.
func TestRandomTextsMatchKagome(t *testing.T) {
	tok, ld := kagomeAndLattice()
	r := rand.New(rand.NewPCG(12, 2026))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := range n {
		size := 1 + r.IntN(24)
		if i%50 == 0 {
			size = 200 + r.IntN(1500)
		}
		compare(t, tok, ld, randomText(r, size))
	}
}

// FuzzMatchesKagome checks any text against kagome, in both modes.
func FuzzMatchesKagome(f *testing.F) {
	for _, s := range edgeTexts {
		f.Add(s)
	}
	f.Add("サーバーのファイルが暗号化されて、復号したければ金を払えというメッセージが残っていた")
	f.Fuzz(func(t *testing.T, text string) {
		tok, ld := kagomeAndLattice()
		if kagomePanics(tok, text) {
			t.Skip("kagome itself panics on this text")
		}
		compare(t, tok, ld, text)
	})
}

// kagomePanics reports whether kagome panics on text.
func kagomePanics(tok *tokenizer.Tokenizer, text string) (panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	tok.Analyze(text, tokenizer.Search)
	return false
}
