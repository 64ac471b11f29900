// Command soudan serves, searches, checks and evaluates the consultation
// desk's knowledge base. Each subcommand lives in its own file and registers
// itself in the commands table.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/soudan-desk/soudan/index"
)

// command is one subcommand. Run parses its own flags from args.
type command struct {
	name  string
	short string
	run   func(ctx context.Context, args []string) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// exitError carries a non-zero exit status, and a message when msg is
// set (a usage error: what was wrong, after the usage).
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return fmt.Sprintf("exit status %d", e.code)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: soudan <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-8s %s\n", n, commands[n].short)
	}
	fmt.Fprintln(os.Stderr, "\nRun 'soudan <command> -h' for a command's flags.")
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		usage()
		switch os.Args[1] {
		case "-h", "--help", "help":
			os.Exit(0) // asked for, as flag.ExitOnError does for -h
		}
		fmt.Fprintf(os.Stderr, "\nsoudan: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cmd.run(ctx, os.Args[2:])
	stop()
	// A dictionary snapshot being written (after a load from kagome's
	// files) is finished, so that the next run starts from it; a failed
	// write was logged.
	_ = index.WaitDictSnapshot()
	var ee exitError
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0) // the usage was asked for and printed
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(os.Stderr, "soudan %s: %s\n", cmd.name, ee.msg)
		}
		os.Exit(ee.code)
	default:
		fmt.Fprintf(os.Stderr, "soudan %s: %v\n", cmd.name, err)
		os.Exit(1)
	}
}
