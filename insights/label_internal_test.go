package insights

import "testing"

// TestMostFrequentLabel: a group's label is its most frequent wording;
// among equally frequent ones, the one an editor reads most easily: the
// fewest placeholders, then the shortest (placeholders sort before every
// kana and kanji, so the first in code-point order was the one opening
// with 〔氏名〕).
func TestMostFrequentLabel(t *testing.T) {
	tests := []struct {
		name     string
		wordings map[string]int
		want     string
	}{
		{"the most frequent wins", map[string]int{"〔氏名〕さんからスマホ 機種変更": 2, "スマホ 機種変更": 1}, "〔氏名〕さんからスマホ 機種変更"},
		{"fewest placeholders on a tie", map[string]int{
			"〔氏名〕さんから電話で、スマホ 機種変更、連絡先 〔メール〕": 1,
			"〔氏名〕様より、スマホ 機種変更。電話 〔電話番号〕":     1,
			"相談者より:スマホ 機種変更、連絡先 〔メール〕":       1,
			"スマホ 機種変更。どうすればいいですか":            1,
		}, "スマホ 機種変更。どうすればいいですか"},
		{"then the shortest", map[string]int{"あの、スマホの機種変更をしたい": 3, "スマホの機種変更をしたい": 3}, "スマホの機種変更をしたい"},
		{"then code-point order", map[string]int{"機種変更B": 1, "機種変更A": 1}, "機種変更A"},
		{"one wording", map[string]int{"〔電話番号〕": 4}, "〔電話番号〕"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mostFrequent(tt.wordings); got != tt.want {
				t.Errorf("mostFrequent = %q, want %q", got, tt.want)
			}
		})
	}
}
