package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/soudan-desk/soudan/corpus"
)

func init() {
	register(command{name: "corpus", short: "print the rebuilt manual tree, its entries (--json), or check it (--check)", run: runCorpus})
}

func runCorpus(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "init" {
		return runCorpusInit(args[1:])
	}
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan corpus [--corpus DIR] [--json | --mm | --check [--strict]]
       soudan corpus init [--force] DIR

Prints the rebuilt manual tree, its entries (--json) or a FreeMind map
(--mm), or checks the corpus (--check). "corpus init DIR" writes the
shipped corpus into DIR to start editing from; "serve --corpus DIR" then
serves DIR instead of the shipped corpus and picks up each save.

flags:`)
		fs.PrintDefaults()
	}
	var ef engineFlags
	ef.registerCorpus(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per entry")
	check := fs.Bool("check", false, "report errors and warnings with file:line; exit 1 on errors")
	strict := fs.Bool("strict", false, "with --check, exit 1 on warnings too")
	mm := fs.Bool("mm", false, "write the rebuilt tree as a FreeMind .mm map, answers as notes and keywords/examples as attributes (edit it in Freeplane or FreeMind, then load the .mm instead of the text export; see docs/formats.md)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := corpusModes(fs, *asJSON, *mm, *check, *strict); err != nil {
		return err
	}
	c, loadErr := ef.readCorpus()
	if c == nil {
		return loadErr
	}
	out := os.Stdout
	switch {
	case *check:
		return checkCorpus(out, c, loadErr, *strict)
	case *mm:
		if err := writeMap(out, c); err != nil {
			return err
		}
	case *asJSON:
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		for _, e := range c.Entries {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
	default:
		for _, d := range c.Docs {
			fmt.Fprintf(out, "# %s (%s, %d entries)\n", d.File, d.Format, len(d.Entries))
			if err := corpus.WriteTree(out, d); err != nil {
				return err
			}
		}
	}
	if loadErr != nil {
		return loadErr
	}
	return nil
}

// checkCorpus prints every error and warning as "error: file:line:
// message" and a summary. It returns exit status 1 when there are errors,
// or warnings and strict is set.
func checkCorpus(w io.Writer, c *corpus.Corpus, loadErr error, strict bool) error {
	errs, warns := corpus.Findings(c, loadErr)
	for _, p := range errs {
		fmt.Fprintf(w, "error: %s\n", p.Placed())
	}
	for _, p := range warns {
		fmt.Fprintf(w, "warning: %s\n", p.Placed())
	}
	fmt.Fprintf(w, "%d entries in %d files; %d errors, %d warnings\n", len(c.Entries), len(c.Docs), len(errs), len(warns))
	if len(errs) > 0 || (strict && len(warns) > 0) {
		return exitError{code: 1}
	}
	return nil
}

// runCorpusInit writes the shipped corpus into a folder for editors.
func runCorpusInit(args []string) error {
	fs := flag.NewFlagSet("corpus init", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan corpus init [--force] DIR

Writes the shipped corpus (the manual, directory.yaml, annotations.yaml,
thesaurus.txt) into DIR, ready to edit. Then:

  soudan corpus --check --corpus DIR    # errors exit 1, warnings are printed
  soudan serve --corpus DIR             # serves DIR and reloads on each save

flags:`)
		fs.PrintDefaults()
	}
	force := fs.Bool("force", false, "overwrite the shipped files if DIR already has them")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("want one folder, got %d arguments", fs.NArg())
	}
	written, err := corpus.WriteDefault(fs.Arg(0), *force)
	for _, p := range written {
		fmt.Println("wrote", p)
	}
	return err
}

// writeMap writes the corpus's one document as a map: a map file holds one
// tree, and concatenated maps would not be a file Freeplane opens.
func writeMap(w io.Writer, c *corpus.Corpus) error {
	if len(c.Docs) != 1 {
		names := make([]string, len(c.Docs))
		for i, d := range c.Docs {
			names[i] = d.File
		}
		return fmt.Errorf("--mm writes one map and the corpus has %d documents (%s): point --corpus at a folder with the one to convert", len(c.Docs), strings.Join(names, ", "))
	}
	return corpus.WriteMM(w, c.Docs[0].Root)
}

// corpusModes refuses arguments and flags that soudan corpus would
// otherwise ignore: a folder given without --corpus, more than one of
// --json, --mm and --check, --strict without --check.
func corpusModes(fs *flag.FlagSet, asJSON, mm, check, strict bool) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q: give the folder with --corpus DIR (\"soudan corpus init DIR\" starts one)", fs.Args())
	}
	modes := 0
	for _, on := range []bool{asJSON, mm, check} {
		if on {
			modes++
		}
	}
	switch {
	case modes > 1:
		return errors.New("give one of --json, --mm and --check")
	case strict && !check:
		return errors.New("--strict goes with --check")
	}
	return nil
}
