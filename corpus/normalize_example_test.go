package corpus_test

import (
	"fmt"

	"github.com/soudan-desk/soudan/corpus"
)

func ExampleNormalize() {
	for _, s := range []string{
		"ｳｲﾙｽに感染",
		"ウィルス対策ソフト",
		"セキュリティーポリシー",
		"サーバーのＵＲＬ",
		"メール",
		"ヴァージョン",
	} {
		fmt.Println(corpus.Normalize(s))
	}
	// Output:
	// ウイルスに感染
	// ウイルス対策ソフト
	// セキュリティポリシ
	// サーバのurl
	// メール
	// バージョン
}
