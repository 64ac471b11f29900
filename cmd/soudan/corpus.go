package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/soudan-desk/soudan/corpus"
)

func init() {
	register(command{name: "corpus", short: "print the rebuilt manual tree, its entries (--json), or check it (--check)", run: runCorpus})
}

func runCorpus(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	var ef engineFlags
	ef.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per entry")
	check := fs.Bool("check", false, "report problems with file:line and exit non-zero when there are any")
	mm := fs.Bool("mm", false, "write the rebuilt tree as a FreeMind .mm map (edit it in FreeMind or Freeplane, then load the .mm instead of the text export)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, loadErr := ef.readCorpus()
	if c == nil {
		return loadErr
	}
	out := os.Stdout
	switch {
	case *check:
		return checkCorpus(out, c, loadErr)
	case *mm:
		for _, d := range c.Docs {
			if err := corpus.WriteMM(out, d.Root); err != nil {
				return err
			}
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

// checkCorpus prints every load error and problem as file:line: message and
// a summary; it returns exit status 1 when there is anything to report.
func checkCorpus(w io.Writer, c *corpus.Corpus, loadErr error) error {
	problems := corpus.Check(c)
	n := 0
	if le, ok := loadErr.(corpus.LoadErrors); ok {
		for _, e := range le {
			fmt.Fprintf(w, "error: %v\n", e)
			n++
		}
	} else if loadErr != nil {
		fmt.Fprintf(w, "error: %v\n", loadErr)
		n++
	}
	for _, p := range problems {
		fmt.Fprintln(w, p)
	}
	n += len(problems)
	fmt.Fprintf(w, "%d entries in %d files; %d problems\n", len(c.Entries), len(c.Docs), n)
	if n > 0 {
		return exitError{code: 1}
	}
	return nil
}
