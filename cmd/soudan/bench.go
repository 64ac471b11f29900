package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/soudan-desk/soudan/bench"
)

func init() {
	register(command{name: "bench", short: "load a running server and report latency and throughput", run: runBench})
}

// runBench parses the flags; package bench does the work.
func runBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan bench --queries FILE [flags]

Loads a running server with concurrent clients and prints p50, p90, p99 and
max latency, throughput and errors. Queries come from an evaluation suite
(JSONL with "query") or a plain list, one per line. With --prefixes it sends
each query's typing prefixes, as the search page does while staff type.
Without --requests or --duration every query is sent once.

examples:
  soudan bench --queries eval/testdata/callers.jsonl
  soudan bench --queries eval/testdata/dev.jsonl --queries eval/testdata/callers.jsonl --prefixes --clients 8
  soudan bench --queries eval/testdata/dev.jsonl --duration 60s --json
  soudan bench --queries q.txt --template 'http://127.0.0.1:10041/d/select?table=Entries&match_columns=text&query={q}'

flags:`)
		fs.PrintDefaults()
	}
	var cli bench.CLI
	cli.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (query files are given with --queries)", fs.Args())
	}
	return cli.Run(ctx, os.Stdout)
}
