package index_test

import (
	"fmt"
	"strings"

	"github.com/soudan-desk/soudan/index"
)

func ExampleAnalyzer_Terms() {
	a := index.Default()
	for _, s := range []string{
		"ｳｲﾙｽに感染したﾊﾟｿｺﾝ",
		"ウィルス対策ソフトを入れている",
		"サーバーが不正アクセスされた",
		"LINEのアカウントが乗っ取られた",
	} {
		fmt.Println(strings.Join(a.Terms(s), " | "))
	}
	// Output:
	// ウイルス | 感染 | パソコン
	// ウイルス | 対策 | ソフト | 入れる
	// サーバ | 不正 | アクセス
	// line | アカウント | 乗っ取る
}

func ExampleNGrams() {
	fmt.Println(index.NGrams("ういるす", 2))
	fmt.Println(index.NGrams("ｳｲﾙｽ感染！", 2))
	fmt.Println(index.NGrams("ウィルス対策", 2))
	// Output:
	// [ウイ イル ルス]
	// [ウイ イル ルス ス感 感染]
	// [ウイ イル ルス ス対 対策]
}

func ExampleAnalyzer_Reading() {
	a := index.Default()
	for _, s := range []string{"確定申告のやり方", "かくていしんこくやりかた", "確定深刻のやり方", "サーバーにウィルス", "さーばにういるす"} {
		fmt.Println(a.Reading(s))
	}
	// Output:
	// カクテイシンコクヤリカタ
	// カクテイシンコクヤリカタ
	// カクテイシンコクヤリカタ
	// サバウイルス
	// サバウイルス
}

func ExampleFoldKana() {
	fmt.Println(index.FoldKana("ヴァイオリン ファイル サーバー きゃっしゅ"))
	// Output:
	// ブアイオリン フアイル サバ キヤツシユ
}

func ExampleAnalyzer_Acted() {
	a := index.Default()
	for _, s := range []string{
		"メールのリンクをクリックしてパスワードを入力してしまった",
		"偽の請求書の口座に振り込んだ",
		"添付ファイルを開いちゃった",
		"ランサムウェアに感染した",
		"変なメールが届いた",
		"添付ファイルは開かないほうがいい？",
		"請求が来たけど払わなくていい？",
		"『ウイルスに感染しました』って画面が出た",
		"ウイルスに感染したって表示が出た",
	} {
		fmt.Println(a.Acted(s), s)
	}
	// Output:
	// true メールのリンクをクリックしてパスワードを入力してしまった
	// true 偽の請求書の口座に振り込んだ
	// true 添付ファイルを開いちゃった
	// true ランサムウェアに感染した
	// false 変なメールが届いた
	// false 添付ファイルは開かないほうがいい？
	// false 請求が来たけど払わなくていい？
	// false 『ウイルスに感染しました』って画面が出た
	// false ウイルスに感染したって表示が出た
}
