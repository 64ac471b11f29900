package index_test

import (
	"strings"

	"github.com/soudan-desk/soudan/index"
)

// fixture is a small hand-written corpus in the style of the desk's manual.
var fixture = []index.Doc{
	doc("virus", "ウイルス感染", "パソコンがウイルスに感染したようです", "ウィルスに感染した\nパソコンの動作がおかしい", "ウイルス\nマルウェア", "ネットワークから切断し、ウイルス対策ソフトでスキャンしてください。", "技術的な相談"),
	doc("ransom", "ランサムウェア被害", "ファイルが暗号化されて身代金を要求された", "ランサムウェアに感染した", "ランサムウェア\n暗号化", "身代金は支払わず、警察に相談してください。バックアップから復元します。", "技術的な相談"),
	doc("phishing", "フィッシングメール", "銀行を名乗るメールのリンクを開いた", "偽のメールでパスワードを入力した", "フィッシング\nメール", "パスワードを直ちに変更し、金融機関に連絡してください。", "詐欺の相談"),
	doc("account", "アカウント乗っ取り", "SNSのアカウントが乗っ取られた", "LINEのアカウントにログインできない", "アカウント\n不正ログイン", "パスワードを再設定し、二段階認証を有効にしてください。", "不正アクセス"),
	doc("shopping", "通販詐欺", "ネット通販で代金を払ったのに商品が届かない", "偽サイトで購入した", "通販\n詐欺", "消費生活センター(188)に相談してください。警察にも届け出ます。", "詐欺の相談"),
	doc("support", "サポート詐欺", "警告画面が出て電話をかけるよう言われた", "偽の警告音が鳴りやまない", "サポート詐欺\n偽警告", "電話をかけずにブラウザを閉じてください。", "詐欺の相談"),
	doc("router", "ルータの設定", "無線LANのパスワードを変えたい", "Wi-Fiのセキュリティ設定", "ルータ\n無線LAN", "管理画面から暗号化方式とパスワードを変更します。", "技術的な相談"),
	doc("police", "警察への届出", "被害届を出したい", "警察に相談したい", "警察\n届出", "最寄りの警察署または#9110に相談してください。", "届出"),
}

func doc(id, title, question, examples, keywords, answer, path string) index.Doc {
	var d index.Doc
	d.ID = id
	d.Fields[index.FieldTitle] = title
	d.Fields[index.FieldQuestion] = question
	d.Fields[index.FieldExamples] = examples
	d.Fields[index.FieldKeywords] = keywords
	d.Fields[index.FieldAnswer] = answer
	d.Fields[index.FieldPath] = path
	return d
}

// fixtureTexts returns the fields of each fixture document joined, as an
// embedder sees them.
func fixtureTexts() (ids, texts []string) {
	for _, d := range fixture {
		ids = append(ids, d.ID)
		texts = append(texts, strings.Join(d.Fields[:], "\n"))
	}
	return ids, texts
}

// embedCorpus is fixture plus the embedtest texts, for fitting Local.
func embedCorpus() []string {
	_, texts := fixtureTexts()
	return append(texts,
		"ウイルスに感染したパソコンの対処方法を知りたい",
		"パソコンがウイルスに感染した場合の対処を教えてほしい",
		"ネット通販で購入した商品が届かない詐欺の被害",
		"通販サイトで購入したが商品が届かず連絡もつかない",
		"ウイルス対策ソフトでパソコンをスキャンした",
	)
}
