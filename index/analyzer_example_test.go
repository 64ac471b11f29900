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
