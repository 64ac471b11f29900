package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/soudan-desk/soudan/index"
)

func init() {
	register(command{name: "dict", short: "load the morphological dictionary and write its snapshot (warms start-up)", run: runDict})
}

func runDict(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("dict", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan dict [--dict-cache DIR]

Loads kagome's IPA dictionary as every command does: from the snapshot in
the cache folder when there is a good one, else from kagome's own files,
writing the snapshot. Run it after installing or upgrading soudan (make
run does) so that the first "soudan serve" starts fast too. Prints where
the dictionary came from and how long it took; exits 1 when the snapshot
could not be written.

flags:`)
		fs.PrintDefaults()
	}
	var dir string
	registerDictCache(fs, &dir)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	index.SetDictCache(dir)
	load := index.DictLoaded()
	began := time.Now()
	err := index.WaitDictSnapshot()
	printDictLoad(os.Stdout, load, time.Since(began), err)
	if err != nil {
		return exitError{code: 1}
	}
	return nil
}

// printDictLoad says where the dictionary came from and what became of
// its snapshot.
func printDictLoad(w io.Writer, load index.DictLoad, wrote time.Duration, err error) {
	took := load.Took.Round(time.Millisecond)
	switch {
	case load.FromSnapshot:
		fmt.Fprintf(w, "dictionary loaded from its snapshot in %v: %s\n", took, load.Snapshot)
	case load.Snapshot == "":
		fmt.Fprintf(w, "dictionary loaded from kagome's files in %v; no snapshot (--dict-cache off, or no module versions in this binary)\n", took)
	case err != nil:
		fmt.Fprintf(w, "dictionary loaded from kagome's files in %v; snapshot not written: %v\n", took, err)
	default:
		fmt.Fprintf(w, "dictionary loaded from kagome's files in %v; snapshot written in %v more: %s\n", took, wrote.Round(time.Millisecond), load.Snapshot)
	}
}
