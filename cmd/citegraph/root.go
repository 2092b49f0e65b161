package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// exitCode is the process exit status.
type exitCode int

const (
	exitOK          exitCode = 0
	exitError       exitCode = 1
	exitUsage       exitCode = 2
	exitInterrupted exitCode = 130
)

// version is set at link time (-ldflags "-X main.version=...").
var version = "dev"

// streams bundles the command's input and outputs and what is known about
// them. Data goes to Out; progress, logs and errors go to ErrOut.
type streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ErrTTY reports whether ErrOut is a terminal (progress bars are drawn
	// only then).
	ErrTTY bool
}

func systemStreams() *streams {
	return &streams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// Main runs citegraph with the process's arguments and streams and returns
// the exit code. SIGINT and SIGTERM cancel the root context.
func Main() exitCode {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, restore the default behaviour: a second
		// Ctrl-C ends the process even during a step that cannot be
		// interrupted (a Graphviz layout).
		<-ctx.Done()
		stop()
	}()
	return run(ctx, os.Args[1:], systemStreams())
}

// usageError marks errors in the command line (exit code 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// run executes one command line and maps its outcome to an exit code.
func run(ctx context.Context, args []string, s *streams) exitCode {
	root := newCmdRoot(s)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ue *usageError
	switch {
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		var ie *interruptedError
		if errors.As(err, &ie) {
			fmt.Fprintf(s.ErrOut, "citegraph: %v\n", ie)
		} else {
			fmt.Fprintln(s.ErrOut, "citegraph: interrupted")
		}
		return exitInterrupted
	case errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command"):
		fmt.Fprintf(s.ErrOut, "citegraph: %v\nRun '%s --help' for usage.\n", err, helpPath(root, args))
		return exitUsage
	default:
		fmt.Fprintf(s.ErrOut, "citegraph: %v\n", err)
		return exitError
	}
}

func newCmdRoot(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "citegraph",
		Short: "Build the citation graph of a reading list and what people make from it",
		Long: `citegraph resolves every paper of a reading list (an awesome-list in Markdown,
a .bib file, or a plain list of titles, DOIs and arXiv ids) to its Semantic
Scholar record, builds the citation graph among them, and writes BibTeX,
rankings, Graphviz diagrams and a report.

Data: Semantic Scholar (semanticscholar.org), for non-commercial research use.`,
		Example: `  # the embedded model-compression list, offline, into ./citegraph-out
  citegraph build

  # your own list against the live Semantic Scholar API
  S2_API_KEY=... citegraph build awesome-pruning.md --out pruning-out

  # just the BibTeX
  citegraph bib papers.txt -o refs.bib`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(newCmdBuild(s, nil), newCmdBib(s, nil), newCmdRank(s, nil), newCmdCache(s), newCmdVersion(s))
	return root
}

func newCmdVersion(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print citegraph's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(s.Out, "citegraph %s\n", version)
			return nil
		},
	}
}

// positionalArgs wraps a cobra args validator so its errors are usage errors.
func positionalArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return &usageError{err}
		}
		return nil
	}
}

// helpPath is the command whose --help a usage error should point at:
// "citegraph build" for a bad flag of build.
func helpPath(root *cobra.Command, args []string) string {
	if c, _, err := root.Find(args); err == nil && c != nil {
		return c.CommandPath()
	}
	return root.CommandPath()
}
