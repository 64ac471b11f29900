package api

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
)

// WriteText writes a terminal view of a search, as `soudan search` prints
// it: the referral destinations first (what the desk tells the caller),
// then the ranked answers with their place in the manual, the first
// answerLines lines of each answer and, with debug, how each got its rank.
func WriteText(w io.Writer, r SearchResponse) error {
	bw := bufio.NewWriter(w)
	writeTextReferrals(bw, r)
	if len(r.Results) == 0 {
		fmt.Fprintln(bw, "該当なし")
		return bw.Flush()
	}
	fmt.Fprintf(bw, "■ 回答候補 %d件 (%.1f ms)\n", len(r.Results), r.TookMS)
	for i, res := range r.Results {
		writeTextResult(bw, i+1, res)
	}
	return bw.Flush()
}

// answerLines is how many lines of each answer the terminal view shows.
const answerLines = 4

// writeTextReferrals writes the degraded and confidence notices, the
// routing entries of an out-of-scope call and the referral cards.
func writeTextReferrals(w io.Writer, r SearchResponse) {
	if r.Degraded {
		fmt.Fprintln(w, "注意: 意味検索が使えないため、キーワード一致のみの結果です。")
	}
	switch r.Confidence {
	case "none":
		fmt.Fprintln(w, "マニュアルに該当する回答が見つかりません。")
		if len(r.Routing) > 0 {
			fmt.Fprintln(w, "■ 対象外の相談の振り分け")
			for _, e := range r.Routing {
				fmt.Fprintf(w, "  %s  id=%s\n", e.Title, e.ID)
			}
		}
		fmt.Fprintln(w)
	case "low":
		fmt.Fprintln(w, "注意: 関連する項目のみで、はっきりした回答は見つかりません。")
	}
	if len(r.Referrals) > 0 {
		fmt.Fprintln(w, "■ 案内先")
		for _, ref := range r.Referrals {
			writeTextReferral(w, "  【", "  ", ref.ReferralJSON, true)
		}
		fmt.Fprintln(w)
	}
}

// writeTextResult writes the n-th result.
func writeTextResult(w io.Writer, n int, res ResultJSON) {
	fmt.Fprintf(w, "\n%2d. [%s] %s  (score %.4f)\n", n, corpus.Kind(res.Kind).Label(), res.Title, res.Score)
	if len(res.Path) > 0 {
		fmt.Fprintf(w, "    %s\n", strings.Join(res.Path, " › "))
	}
	loc := fmt.Sprintf("%s:%d", res.Source.File, res.Source.StartLine)
	if res.Source.EndLine > res.Source.StartLine {
		loc += fmt.Sprintf("-%d", res.Source.EndLine)
	}
	fmt.Fprintf(w, "    %s  id=%s\n", loc, res.ID)
	lines := strings.Split(strings.TrimSpace(res.Answer), "\n")
	for j, line := range lines {
		if j == answerLines {
			fmt.Fprintf(w, "    │ …（残り%d行）\n", len(lines)-answerLines)
			break
		}
		fmt.Fprintf(w, "    │ %s\n", truncate(line, 90))
	}
	for _, ref := range res.Referrals {
		writeTextReferral(w, "    → 【", " ", ref, false)
	}
	if res.Explain != nil {
		for _, s := range res.Explain.Signals {
			fmt.Fprintf(w, "    · %-8s rank %3d  score %.4f  weight %.2f  rrf %.4f\n", s.Name, s.Rank, s.Score, s.Weight, s.RRF)
		}
		fmt.Fprintf(w, "    · fused %.4f × prior %.2f\n", res.Explain.Fused, res.Explain.Prior)
	}
}

// writeTextReferral writes one referral line: lead, action】org, the phone
// after sep and, with withURL, the URL.
func writeTextReferral(w io.Writer, lead, sep string, ref ReferralJSON, withURL bool) {
	fmt.Fprintf(w, "%s%s】%s", lead, ref.Action, ref.Org)
	if ref.Phone != "" {
		fmt.Fprintf(w, "%s☎ %s", sep, ref.Phone)
	}
	if withURL && ref.URL != "" {
		fmt.Fprintf(w, "%s%s", sep, ref.URL)
	}
	fmt.Fprintln(w)
}

// truncate shortens s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
