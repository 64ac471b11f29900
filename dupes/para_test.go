package dupes

import "testing"

// TestQuestionScoreReadsTitles checks how a title counts in the question
// similarity. A standard answer or a procedure is titled with a heading
// (「ケース1」, 「資料請求」) and asks its questions in the editors'
// example questions; its condensed rewording has no examples, and its
// title says what it answers. That title is compared with each of the
// other entry's asked lines, as two asked lines are; two headings are not
// compared as lines, so that two 「ケース1」 of different chapters stay
// apart.
func TestQuestionScoreReadsTitles(t *testing.T) {
	texts := []entryText{
		0: {title: "ケース1", examples: []string{
			"ランサムウェアに感染した後の社員教育を相談したい",
			"バックアップはどの媒体に取ればよいか",
			"取引先を装ったメールの見分け方を知りたい",
			"復旧の費用は保険で払えるか",
		}, answerN: "身代金は払わず、バックアップから戻す。社員に不審なメールを開かないよう指導する。"},
		1: {title: "ランサムウェアに感染した後の社員教育の回答例",
			answerN: "払っても戻らない例が多い。バックアップを取り、社員に不審なメールを開かないよう教える。"},
		2: {title: "ケース1", examples: []string{
			"偽の通販サイトに客の苦情が届いている",
			"偽サイトの削除をプロバイダに頼みたい",
		}, answerN: "なりすましECサイト対策マニュアルに沿って注意を呼びかける。"},
		3: {title: "迷惑メールの件数を減らすには",
			question: []string{"迷惑メールの件数を減らすには"},
			answerN:  "受信拒否の設定をする。"},
	}
	noWords := func(string) []string { return nil } // bigrams only
	s := newSignals(texts, noWords, 50, 8192, 1)
	side := func(i int) paraSide {
		return paraSide{sig: s, q: s.q[i], a: s.a[i], lines: s.lines[i], head: s.heads[i]}
	}
	for _, tc := range []struct {
		name     string
		x, y     int
		min, max float64
	}{
		{"a rewording's title against the example it rewords", 1, 0, 0.5, 1},
		{"the same pair the other way round", 0, 1, 0.5, 1},
		{"two headings of different chapters", 0, 2, 0, 0.3},
		{"a heading against an unrelated question", 2, 3, 0, 0.2},
		{"a rewording's title against another chapter's examples", 1, 2, 0, 0.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if q := questionScore(side(tc.x), side(tc.y)); q < tc.min || q > tc.max {
				t.Errorf("questionScore(%q, %q) = %.3f, want in [%.2f, %.2f]", texts[tc.x].title, texts[tc.y].title, q, tc.min, tc.max)
			}
		})
	}
}
