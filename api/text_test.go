package api_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/retrieval"
)

func TestWriteText(t *testing.T) {
	res := api.ResultJSON{
		EntryJSON: api.EntryJSON{
			ID: "e1", Kind: "standard_answer", Title: "ランサムウェア標準回答", Path: []string{"マニュアル", "ウイルス"},
			Answer:    "一行目\n二行目\n三行目\n四行目\n五行目\n六行目",
			Referrals: []api.ReferralJSON{{Action: "相談", Org: "警察", Phone: "#9110"}},
			Source:    api.SourceJSON{File: "manual.txt", StartLine: 10, EndLine: 16},
		},
		Score:   0.5,
		Explain: &retrieval.Explanation{Signals: []retrieval.SignalScore{{Name: "tokens", Rank: 1, Score: 3, Weight: 1, RRF: 0.05}}, Fused: 0.05, Prior: 1.1},
	}
	tests := []struct {
		name string
		resp api.SearchResponse
		want []string
		not  []string
	}{
		{"no results", api.SearchResponse{}, []string{"該当なし"}, []string{"■ 案内先", "注意"}},
		{"out of scope", api.SearchResponse{Confidence: "none", Routing: []api.ResultJSON{{EntryJSON: api.EntryJSON{ID: "r1", Title: "人権侵害"}}}},
			[]string{"マニュアルに該当する回答が見つかりません。", "■ 対象外の相談の振り分け\n  人権侵害  id=r1\n"}, nil},
		{"low confidence", api.SearchResponse{Confidence: "low"}, []string{"注意: 関連する項目のみで"}, nil},
		{"degraded with referrals", api.SearchResponse{
			Degraded:  true,
			Referrals: []api.CardJSON{{ReferralJSON: api.ReferralJSON{Action: "相談", Org: "IPA", URL: "https://www.ipa.go.jp/"}, From: []string{"e1"}}},
			Results:   []api.ResultJSON{res},
			TookMS:    1.25,
		}, []string{
			"注意: 意味検索が使えない",
			"■ 案内先\n  【相談】IPA  https://www.ipa.go.jp/\n",
			"■ 回答候補 1件 (1.2 ms)",
			" 1. [標準回答] ランサムウェア標準回答  (score 0.5000)",
			"    マニュアル › ウイルス\n",
			"    manual.txt:10-16  id=e1\n",
			"    │ 四行目\n    │ …（残り2行）\n",
			"    → 【相談】警察 ☎ #9110\n",
			"    · tokens   rank   1  score 3.0000  weight 1.00  rrf 0.0500\n",
			"    · fused 0.0500 × prior 1.10\n",
		}, []string{"五行目", "該当なし"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := api.WriteText(&buf, tt.resp); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
		})
	}
}
