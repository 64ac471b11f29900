package insights

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteLinks is the reference grouping: every pair of the first maxLinked
// wordings compared, similar ones linked, each lighter wording linked to
// the heavier one it fits best, and connected components by depth-first
// search.
func bruteLinks(words []string) map[string]int {
	n := min(len(words), maxLinked)
	g := weigh(words[:n])
	edges := make([][]int, len(words))
	link := func(a, b int) { edges[a], edges[b] = append(edges[a], b), append(edges[b], a) }
	fit := make([]containedIn, n)
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			inter, rel := g.relate(i, j)
			switch {
			case rel == similar && i < j:
				link(i, j)
			case rel == contained && g.total[i] < g.total[j]:
				fit[i].consider(j, inter, g.total[j])
			}
		}
	}
	for i, f := range fit {
		if f.found {
			link(i, f.in)
		}
	}
	comp := make([]int, len(words))
	for i := range comp {
		comp[i] = -1
	}
	for i := range words {
		if comp[i] >= 0 {
			continue
		}
		comp[i] = i
		for stack := []int{i}; len(stack) > 0; {
			a := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, b := range edges[a] {
				if comp[b] < 0 {
					comp[b] = i
					stack = append(stack, b)
				}
			}
		}
	}
	out := map[string]int{}
	for i, w := range words {
		out[w] = comp[i]
	}
	return out
}

// samePartition reports whether linkWordings' representatives split words
// exactly as the reference's components do.
func samePartition(words []string, got map[string]string, want map[string]int) error {
	pair := map[string]int{}
	back := map[int]string{}
	for _, w := range words {
		g, c := got[w], want[w]
		if p, ok := pair[g]; ok && p != c {
			return fmt.Errorf("%q is grouped with wordings the reference keeps apart", w)
		}
		if r, ok := back[c]; ok && r != g {
			return fmt.Errorf("%q is kept apart from wordings the reference groups it with", w)
		}
		pair[g], back[c] = c, g
	}
	return nil
}

// randomWordings makes n distinct wordings from a few topics with varied
// openings and endings, some short, some only placeholders.
func randomWordings(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 7))
	topics := []string{"プリンターが印刷してくれない", "スマホ 機種変更", "不審なメールのリンクを開いた", "パスワードを使い回している",
		"ホームページが改ざんされた", "USBメモリをなくした", "請求書のメールが偽物かもしれない", "社員の熱中症対策", "確定申告", "あ", ""}
	openings := []string{"", "すみません、", "〔氏名〕さんから、", "えっと", "至急", "〔電話番号〕"}
	endings := []string{"", "。どうすればいいですか", "と言われました", "んですが", "。折り返しは〔電話番号〕", "のは大丈夫?"}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		w := openings[r.IntN(len(openings))] + topics[r.IntN(len(topics))] + endings[r.IntN(len(endings))]
		if r.IntN(3) == 0 {
			w += topics[r.IntN(len(topics))]
		}
		if r.IntN(4) == 0 {
			w += fmt.Sprint(r.IntN(50))
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// shortQuestions makes n distinct short questions: a keyword of two to
// four random kana and kanji in common filler, masked data among it, so
// that bigrams of every weight meet.
func shortQuestions(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 11))
	fillers := [][2]string{{"", "について教えて"}, {"〔電話番号〕から電話が来た ", ""}, {"", "をなくしてしまった"},
		{"〔氏名〕さんから", "の件"}, {"", "の設定方法"}, {"", ""}, {"至急 ", "がわからない"}, {"", "は〔パスワード〕"}}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		kw := make([]rune, 2+r.IntN(3))
		for i := range kw {
			kw[i] = rune([]int{0x30a2, 0x4e00}[r.IntN(2)] + r.IntN(40))
		}
		f := fillers[r.IntN(len(fillers))]
		w := f[0] + string(kw) + f[1]
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// TestLinkWordingsMatchesEveryPair checks that grouping finds exactly the
// groups that comparing every pair of wordings finds.
func TestLinkWordingsMatchesEveryPair(t *testing.T) {
	tests := []struct {
		name  string
		words []string
	}{
		{"none", nil},
		{"one", []string{"プリンターが動かない"}},
		{"placeholders only", []string{"〔電話番号〕", "〔氏名〕", "", "あ"}},
		{"a chain", []string{"abcdefgh", "abcdefghij", "cdefghijkl", "ijklmnop", "zzzz"}},
		{"contained", []string{"スマホ 機種変更", "〔氏名〕さんからスマホ 機種変更", "機種変更", "スマホ"}},
		{"random 300", randomWordings(300, 1)},
		{"random 900", randomWordings(900, 2)},
		{"short questions 1500", shortQuestions(1500, 3)},
		{"more than maxLinked", append(shortQuestions(maxLinked, 4), randomWordings(300, 4)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := samePartition(tt.words, mustLink(tt.words), bruteLinks(tt.words)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// unrelatedWordings makes n wordings of 15 to 40 random kanji: calls
// about different things, which share few bigrams.
func unrelatedWordings(n int) []string {
	r := rand.New(rand.NewPCG(3, 4))
	out := make([]string, n)
	for i := range out {
		rs := make([]rune, 15+r.IntN(26))
		for j := range rs {
			rs[j] = rune(0x4e00 + r.IntN(3000))
		}
		out[i] = string(rs)
	}
	return out
}

// TestLinkWordingsComparesFewPairs: wordings about different things are
// not compared pair by pair (2,000 of them were 2 million comparisons,
// seconds of an editor's wait on every insights request); only those
// sharing enough bigrams to resemble are.
func TestLinkWordingsComparesFewPairs(t *testing.T) {
	words := unrelatedWordings(maxLinked)
	_, compared := linkWordings(words)
	if all := len(words) * (len(words) - 1) / 2; compared > all/100 {
		t.Fatalf("compared %d of %d pairs; want at most %d", compared, all, all/100)
	}
	if err := samePartition(words, mustLink(words), bruteLinks(words)); err != nil {
		t.Fatal(err)
	}
}

func mustLink(words []string) map[string]string {
	m, _ := linkWordings(words)
	return m
}

// TestRelate: relate sorts pairs as the two weighted measures it is made
// of, computed here in floating point from how many wordings hold each
// bigram.
func TestRelate(t *testing.T) {
	words := append(shortQuestions(300, 6), append(randomWordings(200, 5), "", "あ", "〔氏名〕")...)
	g := weigh(words)
	keys := make([][]uint64, len(words))
	held := map[uint64]int{}
	for i, w := range words {
		keys[i] = similarityKey(w)
		for _, h := range keys[i] {
			held[h]++
		}
	}
	rare := float64(max(rareWordings, len(words)/rareShare))
	weight := func(k []uint64, in []uint64) (sum float64) {
		for _, h := range k {
			if _, ok := slices.BinarySearch(in, h); ok {
				sum += min(1, rare/float64(held[h]))
			}
		}
		return sum
	}
	for a := range words {
		for b := range 80 {
			wa, wb, inter := weight(keys[a], keys[a]), weight(keys[b], keys[b]), weight(keys[a], keys[b])
			want := unrelated
			switch {
			case wa == 0 || wb == 0:
			case inter/(wa+wb-inter) >= float64(jaccardNum)/jaccardDen:
				want = similar
			case inter/min(wa, wb) >= float64(containNum)/containDen:
				want = contained
			}
			if _, got := g.relate(a, b); got != want {
				t.Fatalf("relate(%q, %q) = %v, want %v", words[a], words[b], got, want)
			}
		}
	}
}

// TestShortWordingDoesNotBridgeGroups: a short wording contained in
// several unrelated longer ones joins one of them, not all: in a
// simulated month 「カード 〔番号〕 を入力した」 merged six unrelated calls
// that each ended 「カード番号 〔番号〕 を入力した」 into one group of 57.
func TestShortWordingDoesNotBridgeGroups(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		apart [][2]string // pairs that must stay in different groups
		along [][2]string // pairs that must share a group
	}{
		{
			name: "a phrase shared as an ending",
			words: []string{
				"しゃいんのねっちゅうしょうたいさくをしたい。カード番号 〔番号〕 を入力した",
				"Outlook 署名 作成。カード番号 〔番号〕 を入力した",
				"カード 〔番号〕 を入力した",
				"しゃいんのねっちゅうしょうたいさくをしたい",
				"Outlook 署名 作成",
			},
			apart: [][2]string{{"しゃいんのねっちゅうしょうたいさくをしたい", "Outlook 署名 作成"}},
			along: [][2]string{
				{"しゃいんのねっちゅうしょうたいさくをしたい", "しゃいんのねっちゅうしょうたいさくをしたい。カード番号 〔番号〕 を入力した"},
				{"Outlook 署名 作成", "Outlook 署名 作成。カード番号 〔番号〕 を入力した"},
			},
		},
		{
			name:  "a short question inside a longer wording still joins it",
			words: []string{"〔氏名〕さんからスマホの機種変更をしたいと電話", "スマホの機種変更", "確定申告の書き方"},
			along: [][2]string{{"スマホの機種変更", "〔氏名〕さんからスマホの機種変更をしたいと電話"}},
			apart: [][2]string{{"スマホの機種変更", "確定申告の書き方"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := mustLink(tt.words)
			for _, p := range tt.apart {
				if root[p[0]] == root[p[1]] {
					t.Errorf("%q and %q are grouped together", p[0], p[1])
				}
			}
			for _, p := range tt.along {
				if root[p[0]] != root[p[1]] {
					t.Errorf("%q and %q are apart", p[0], p[1])
				}
			}
		})
	}
}

// TestFillerDoesNotChainShortQuestions: short keyword questions that
// share only the filler around their keyword (について教えて, a masked
// number and から電話が来た, てしまった) are different calls; the filler's
// bigrams outnumber the keyword's in a short text, so counted alike they
// linked 「VPNについて教えて」 with 「NASについて教えて」, and every call
// that opened 「〔電話番号〕から電話が来た」 with the others. The wordings
// are a week of a desk's unanswered calls, each under its topic.
func TestFillerDoesNotChainShortQuestions(t *testing.T) {
	week := [][]string{
		{"VPNについて教えて", "VPNにつながらない", "VPN 接続できない"},
		{"NASについて教えて", "NASのアクセス権"},
		{"EMSについて教えて"},
		{"二段階認証について教えて", "二段階認証の設定方法", "二段階認証 設定したい"},
		{"バックアップについて教えて", "バックアップの取り方"},
		{"ランサムウェアについて教えて", "ランサムウェアに感染した", "〔氏名〕さんからランサムウェアに感染したと電話"},
		{"〔電話番号〕から電話が来た 還付金", "還付金があると電話", "還付金の電話が来た"},
		{"〔電話番号〕から電話が来た 無言", "〔電話番号〕から電話が来たが無言だった", "無言電話が何度も来る"},
		{"〔電話番号〕から電話が来た サポート", "〔電話番号〕から電話が来た。サポート詐欺かも", "サポート詐欺の画面が出た"},
		{"〔電話番号〕から電話が来た。銀行の者だと名乗った", "銀行を名乗る電話"},
		{"パスワードを忘れた", "パスワードを忘れてしまった", "〔氏名〕さんからパスワードを忘れたと電話"},
		{"電話でパスワードを教えてしまった", "パスワードは〔パスワード〕だと教えてしまった"},
		{"メールを誤送信してしまった", "〔メール〕に誤送信した"},
		{"USBメモリをなくした", "USBメモリを紛失した", "USB 紛失"},
		{"スマホを紛失した", "スマホ 紛失"},
		{"不審なメールが届いた", "〔メール〕から不審なメールが届いた", "不審なメールのリンクを開いた"},
		{"プリンターが印刷してくれない"},
	}
	var words []string
	topic := map[string]int{}
	for i, ws := range week {
		for _, w := range ws {
			words = append(words, w)
			topic[w] = i
		}
	}
	root := mustLink(words)
	groups := map[string][]string{}
	for _, w := range words {
		groups[root[w]] = append(groups[root[w]], w)
	}
	for _, g := range groups {
		for _, w := range g[1:] {
			if topic[w] != topic[g[0]] {
				t.Errorf("one group holds different calls: %q", g)
				break
			}
		}
	}
	for _, p := range [][2]string{
		{"ランサムウェアについて教えて", "ランサムウェアに感染した"},
		{"〔電話番号〕から電話が来た 無言", "〔電話番号〕から電話が来たが無言だった"},
		{"〔電話番号〕から電話が来た サポート", "〔電話番号〕から電話が来た。サポート詐欺かも"},
		{"パスワードを忘れた", "〔氏名〕さんからパスワードを忘れたと電話"},
		{"USBメモリを紛失した", "USB 紛失"},
	} {
		if root[p[0]] != root[p[1]] {
			t.Errorf("%q and %q are apart", p[0], p[1])
		}
	}
}
