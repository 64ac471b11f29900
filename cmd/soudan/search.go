package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

func init() {
	register(command{name: "search", short: "search the knowledge base from the terminal", run: runSearch})
}

// answerLines is how many lines of each answer the terminal view shows.
const answerLines = 4

var kindNames = map[string]string{
	string(corpus.KindStandardAnswer): "標準回答",
	string(corpus.KindFAQ):            "FAQ",
	string(corpus.KindCase):           "ケース",
	string(corpus.KindManual):         "マニュアル",
}

func runSearch(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan search [flags] "what the caller says"

Prints the ranked answers and the referral destinations for a query.

flags:`)
		fs.PrintDefaults()
	}
	var ef engineFlags
	ef.register(fs)
	k := fs.Int("k", retrieval.DefaultK, fmt.Sprintf("number of results (1-%d)", retrieval.MaxK))
	kinds := fs.String("kinds", "", "only these `kinds`, comma separated: standard_answer, faq, case, manual")
	asJSON := fs.Bool("json", false, "print the API's JSON response")
	debug := fs.Bool("debug", false, "explain each result's rank")
	words, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		fs.Usage()
		return exitError{2}
	}
	q := retrieval.Query{Text: strings.Join(words, " "), K: *k, Debug: *debug}
	for _, name := range strings.Split(*kinds, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		kind, err := corpus.ParseKind(name)
		if err != nil {
			return err
		}
		q.Kinds = append(q.Kinds, kind)
	}
	if err := q.Validate(); err != nil {
		return err
	}
	eng, err := ef.open(ctx)
	if err != nil {
		return err
	}
	resp, err := eng.Search(ctx, q)
	if err != nil {
		return err
	}
	out := api.NewSearchResponse(resp, q.Debug)
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printResults(os.Stdout, out)
	return nil
}

// parseInterleaved parses flags that may come before or after the query
// words, as in `soudan search "…" --k 5`.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return words, nil
		}
		if rest[0] == "--" {
			return append(words, rest[1:]...), nil
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
}

// printResults writes a terminal view of a search: the referral
// destinations first (what the desk tells the caller), then the ranked
// answers.
func printResults(w io.Writer, r api.SearchResponse) {
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
			fmt.Fprintf(w, "  【%s】%s", ref.Action, ref.Org)
			if ref.Phone != "" {
				fmt.Fprintf(w, "  ☎ %s", ref.Phone)
			}
			if ref.URL != "" {
				fmt.Fprintf(w, "  %s", ref.URL)
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
	if len(r.Results) == 0 {
		fmt.Fprintln(w, "該当なし")
		return
	}
	fmt.Fprintf(w, "■ 回答候補 %d件 (%.1f ms)\n", len(r.Results), r.TookMS)
	for i, res := range r.Results {
		kind := kindNames[res.Kind]
		if kind == "" {
			kind = res.Kind
		}
		fmt.Fprintf(w, "\n%2d. [%s] %s  (score %.4f)\n", i+1, kind, res.Title, res.Score)
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
			fmt.Fprintf(w, "    → 【%s】%s", ref.Action, ref.Org)
			if ref.Phone != "" {
				fmt.Fprintf(w, " ☎ %s", ref.Phone)
			}
			fmt.Fprintln(w)
		}
		if res.Explain != nil {
			for _, s := range res.Explain.Signals {
				fmt.Fprintf(w, "    · %-8s rank %3d  score %.4f  weight %.2f  rrf %.4f\n", s.Name, s.Rank, s.Score, s.Weight, s.RRF)
			}
			fmt.Fprintf(w, "    · fused %.4f × prior %.2f\n", res.Explain.Fused, res.Explain.Prior)
		}
	}
}

// truncate shortens s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
