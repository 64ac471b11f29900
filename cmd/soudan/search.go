package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

func init() {
	register(command{name: "search", short: "search the knowledge base from the terminal", run: runSearch})
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
		return exitError{2, "give what the caller says"}
	}
	if *k < 1 || *k > retrieval.MaxK {
		// The API reads a k of 0 as "the default"; a flag given as 0 is a
		// mistake, not a request for the default.
		return exitError{2, fmt.Sprintf("-k must be between 1 and %d, got %d", retrieval.MaxK, *k)}
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
	return api.WriteText(os.Stdout, out)
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
