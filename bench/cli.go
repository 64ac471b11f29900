package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// CLI holds the flags of `soudan bench` and runs it.
type CLI struct {
	URL        string
	Template   string
	Queries    queryFiles
	Prefixes   bool
	MinPrefix  int
	PrefixStep int
	Clients    int
	Requests   int
	Duration   time.Duration
	Timeout    time.Duration
	K          int
	JSON       bool
	List       bool
}

// queryFiles is a repeatable --queries flag.
type queryFiles []string

func (q *queryFiles) String() string { return strings.Join(*q, ",") }

func (q *queryFiles) Set(s string) error {
	*q = append(*q, s)
	return nil
}

// RegisterFlags registers the command's flags on fs.
func (c *CLI) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.URL, "url", "http://127.0.0.1:8080", "soudan server to load: POST `URL`/api/search")
	fs.StringVar(&c.Template, "template", "", "load any server with GET on this `URL`, where {q} stands for the URL-escaped query (overrides --url)")
	fs.Var(&c.Queries, "queries", "`file` of queries: an evaluation suite (JSONL with \"query\") or one query per line; repeatable; - for stdin")
	fs.BoolVar(&c.Prefixes, "prefixes", false, "send each query's typing prefixes (search-as-you-type traffic) instead of the queries")
	fs.IntVar(&c.MinPrefix, "min-prefix", 2, "with --prefixes: the shortest prefix, in characters")
	fs.IntVar(&c.PrefixStep, "prefix-step", 2, "with --prefixes: characters typed between two requests")
	fs.IntVar(&c.Clients, "clients", 8, "concurrent clients, each with one request in flight (1-4096; a soudan server keeps at most 256 connections from one LAN address, loopback aside)")
	fs.IntVar(&c.Requests, "requests", 0, "stop after this many requests, cycling through the queries (0: no bound)")
	fs.DurationVar(&c.Duration, "duration", 0, "stop after this long, cycling through the queries (0: no bound; with neither bound each query is sent once)")
	fs.DurationVar(&c.Timeout, "timeout", DefaultTimeout, "bound on one request (0: the default)")
	fs.IntVar(&c.K, "k", 10, "results asked of soudan (0: the server's default)")
	fs.BoolVar(&c.JSON, "json", false, "print the report as JSON")
	fs.BoolVar(&c.List, "list", false, "print the texts that would be sent, one per line, and send nothing")
}

// Run loads the queries, runs the load and writes the report to w.
func (c *CLI) Run(ctx context.Context, w io.Writer) error {
	if len(c.Queries) == 0 {
		return errors.New("no queries: give --queries FILE")
	}
	if c.MinPrefix < 1 || c.PrefixStep < 1 {
		return errors.New("--min-prefix and --prefix-step must be at least 1")
	}
	var all []string
	for _, path := range c.Queries {
		qs, err := LoadQueries(path)
		if err != nil {
			return err
		}
		all = append(all, qs...)
	}
	all = Distinct(all)
	if c.Prefixes {
		all = Prefixes(all, c.MinPrefix, c.PrefixStep)
	}
	if c.List {
		for _, q := range all {
			if _, err := fmt.Fprintln(w, q); err != nil {
				return err
			}
		}
		return nil
	}
	target, name, err := c.target()
	if err != nil {
		return err
	}
	res, err := Run(ctx, Config{
		Target: target, Queries: all, Clients: c.Clients,
		Requests: c.Requests, Duration: c.Duration, Timeout: c.Timeout,
	})
	if err != nil {
		return err
	}
	rp := NewReport(res, name, len(all))
	write := rp.WriteText
	if c.JSON {
		write = rp.WriteJSON
	}
	if err := write(w); err != nil {
		return err
	}
	if res.Interrupted {
		return fmt.Errorf("interrupted after %.1f s: the report covers %d requests", res.Elapsed.Seconds(), res.Requests)
	}
	if res.Requests > 0 && res.Errors == res.Requests {
		return fmt.Errorf("every request failed (%d of %d): is the server at the address given, and does it answer?", res.Errors, res.Requests)
	}
	return nil
}

// maxK is the most results a soudan search returns (retrieval.MaxK; the
// bench package does not import the engine).
const maxK = 50

// target builds the request maker and a name for it that holds no query.
func (c *CLI) target() (Target, string, error) {
	if c.Template != "" {
		t, err := NewTemplate(c.Template)
		if err != nil {
			return nil, "", fmt.Errorf("--template: %w", err)
		}
		return t, "GET " + c.Template, nil
	}
	if c.K < 0 || c.K > maxK {
		return nil, "", fmt.Errorf("--k must be between 0 (the server's default) and %d, got %d", maxK, c.K)
	}
	t, err := NewSoudan(c.URL, c.K)
	if err != nil {
		return nil, "", fmt.Errorf("--url: %w", err)
	}
	return t, "POST " + t.Base + "/api/search", nil
}
