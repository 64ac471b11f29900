package index_test

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/soudan-desk/soudan/index"
)

// synthetic generates a seeded, Japanese-like corpus for benchmarks: fields
// made of sentences of nouns joined by particles and ending in verb
// phrases, with words drawn from a Zipf distribution over a vocabulary of
// real security terms and invented katakana and kanji compounds.
type synthetic struct {
	r     *rand.Rand
	vocab []string
	zipf  *rand.Zipf
}

var (
	baseWords = strings.Fields(`ウイルス 感染 パソコン ランサムウェア 暗号 身代金 フィッシング メール
		パスワード アカウント 乗っ取り 不正 アクセス 詐欺 通販 商品 代金 警察 相談 届出 被害
		サポート 警告 画面 電話 ブラウザ ルータ 無線 設定 認証 ログイン スマートフォン 端末
		情報 漏えい 個人 銀行 口座 送金 請求 架空 サイト 偽 業者 連絡 対策 ソフト 更新 脆弱性
		バックアップ 復元 ファイル 削除 通知 料金 番号 番号 住所 氏名 会社 職場 学校 子供
		インターネット ネットワーク サーバ データ 確認 変更 停止 解約 返金 証拠 保存 記録`)
	particles = []string{"が", "を", "に", "で", "の", "と", "から", "は"}
	endings   = []string{"された", "したい", "できない", "しまった", "です", "ますか", "している", "と言われた", "が届いた", "を確認した"}
	kana      = []rune("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン")
	kanji     = []rune("情報通信安全管理技術被害相談対策確認設定変更送信受信登録契約利用料金請求機器端末接続認証暗号解析調査報告")
)

// newSynthetic returns a generator drawing from seed. The vocabulary is the
// same for every seed, so that queries and documents share words.
func newSynthetic(seed uint64) *synthetic {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s := &synthetic{r: r, vocab: syntheticVocab()}
	s.zipf = rand.NewZipf(r, 1.1, 2, uint64(len(s.vocab)-1))
	return s
}

func syntheticVocab() []string {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := append([]string(nil), baseWords...)
	for len(vocab) < 6000 {
		var b strings.Builder
		if r.IntN(2) == 0 {
			for range 3 + r.IntN(4) {
				b.WriteRune(kana[r.IntN(len(kana))])
			}
		} else {
			for range 2 + r.IntN(2) {
				b.WriteRune(kanji[r.IntN(len(kanji))])
			}
		}
		vocab = append(vocab, b.String())
	}
	return vocab
}

func (s *synthetic) word() string { return s.vocab[s.zipf.Uint64()] }

func (s *synthetic) words(n int, sep string) string {
	w := make([]string, n)
	for i := range w {
		w[i] = s.word()
	}
	return strings.Join(w, sep)
}

func (s *synthetic) sentence() string {
	var b strings.Builder
	for range 2 + s.r.IntN(4) {
		b.WriteString(s.word())
		b.WriteString(particles[s.r.IntN(len(particles))])
	}
	b.WriteString(s.word())
	b.WriteString(endings[s.r.IntN(len(endings))])
	b.WriteString("。")
	return b.String()
}

func (s *synthetic) sentences(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = s.sentence()
	}
	return strings.Join(parts, "")
}

// doc returns one synthetic document.
func (s *synthetic) doc(id string) index.Doc {
	d := index.Doc{ID: id}
	d.Fields[index.FieldTitle] = s.words(2, "")
	d.Fields[index.FieldQuestion] = s.sentence()
	d.Fields[index.FieldExamples] = s.sentence() + "\n" + s.sentence()
	d.Fields[index.FieldKeywords] = s.words(3, "\n")
	d.Fields[index.FieldAnswer] = s.sentences(3 + s.r.IntN(3))
	d.Fields[index.FieldPath] = s.words(2, " ")
	return d
}

// syntheticDocs returns n documents generated from seed.
func syntheticDocs(n int, seed uint64) []index.Doc {
	s := newSynthetic(seed)
	docs := make([]index.Doc, n)
	for i := range docs {
		docs[i] = s.doc("syn-" + strconv.Itoa(i))
	}
	return docs
}

// syntheticTexts returns n documents generated from seed, each as one text.
func syntheticTexts(n int, seed uint64) []string {
	docs := syntheticDocs(n, seed)
	texts := make([]string, n)
	for i, d := range docs {
		texts[i] = strings.Join(d.Fields[:], "\n")
	}
	return texts
}

// syntheticQueries returns n caller-like queries.
func syntheticQueries(n int, seed uint64) []string {
	s := newSynthetic(seed)
	q := make([]string, n)
	for i := range q {
		q[i] = s.sentence()
	}
	return q
}
