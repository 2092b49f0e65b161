package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/citegraph/citegraph/out"
)

// exitCode is the process exit status.
type exitCode int

// Exit codes, as "citegraph --help" and the README list them.
const (
	exitOK          exitCode = 0   // everything done
	exitError       exitCode = 1   // an error: nothing written, or an artefact could not be written
	exitUsage       exitCode = 2   // a bad command line, or an output in the way (--force, or another path)
	exitPartial     exitCode = 3   // written, but entries were lost to server errors: run again to retry them
	exitInterrupted exitCode = 130 // Ctrl-C or SIGTERM; the cache keeps what was fetched
)

// exitCodesHelp is the exit-code section of "citegraph --help".
const exitCodesHelp = `Exit codes:
  0    done
  1    error (the message says what; a failed run writes nothing)
  2    usage: a bad flag or argument, or an output file that citegraph did not
       write (or that was edited since) is in the way (--force overwrites it)
  3    partial: the artefacts are written, but some entries were lost to
       server errors; running the same command again retries only those
  130  interrupted (Ctrl-C); the cache keeps every answer received`

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
	return execute(ctx, newCmdRoot(s), args, s)
}

// execute runs root with args and maps the outcome to an exit code,
// printing the error.
func execute(ctx context.Context, root *cobra.Command, args []string, s *streams) exitCode {
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var (
		ue *usageError
		pe *partialError
		fe *out.ForeignFilesError
	)
	switch {
	case errors.As(err, &pe):
		fmt.Fprintf(s.ErrOut, "citegraph: %v\n", pe)
		return exitPartial
	case errors.As(err, &fe):
		fmt.Fprintln(s.ErrOut, foreignMessage(fe))
		return exitUsage
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		var ie *interruptedError
		if errors.As(err, &ie) {
			fmt.Fprintf(s.ErrOut, "citegraph: %v\n", ie)
		} else {
			fmt.Fprintln(s.ErrOut, "citegraph: interrupted")
		}
		return exitInterrupted
	case errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command"):
		fmt.Fprintf(s.ErrOut, "citegraph: %s\nRun '%s --help' for usage.\n", userMessage(err), helpPath(root, args))
		return exitUsage
	default:
		fmt.Fprintf(s.ErrOut, "citegraph: %s\n", userMessage(err))
		return exitError
	}
}

// partialError ends a run that wrote its artefacts but lost entries, or
// parts of the expansion, to server errors (exit code 3).
type partialError struct {
	lost, total int
	// citations and records count the citation lists and the suggested
	// papers' records that --expand lost.
	citations, records int
	hint               string
}

func (e *partialError) Error() string {
	var lost []string
	if e.lost > 0 {
		lost = append(lost, fmt.Sprintf("%d of %d paper entries", e.lost, e.total))
	}
	if e.citations > 0 {
		lost = append(lost, fmt.Sprintf("the citation lists of %d list paper(s)", e.citations))
	}
	if e.records > 0 {
		lost = append(lost, fmt.Sprintf("the records of %d suggested paper(s)", e.records))
	}
	return fmt.Sprintf("%s were lost to server errors (the server kept failing until --max-tries ran out); everything else was written. %s",
		strings.Join(lost, " and "), e.hint)
}

// foreignMessage words a *out.ForeignFilesError for the user: each file in
// the way, on its own line, and what to do.
func foreignMessage(e *out.ForeignFilesError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "citegraph: nothing was written: %d file(s) in the way are not citegraph's to replace:\n", len(e.Files))
	for _, f := range e.Files {
		fmt.Fprintf(&b, "  %s: %s\n", filepath.Join(e.Dir, filepath.FromSlash(f.Rel)), f.Reason)
	}
	if e.Manifest != nil {
		fmt.Fprintf(&b, "  (%v: every file there counts as yours)\n", e.Manifest)
	}
	if e.Forceable {
		b.WriteString("They are left as they are. Write somewhere else (--out / -o), or give --force to overwrite them.")
	} else {
		b.WriteString("They are left as they are. Write somewhere else (--out / -o).")
	}
	return b.String()
}

// userMessage is err as a sentence for the user: a file that cannot be
// opened reads "cannot read PATH: no such file", and the package prefixes
// of a Go error chain ("bib: ", "fetch: ", "out: ") are dropped.
func userMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && (pe.Op == "open" || pe.Op == "read") && !strings.Contains(err.Error(), "cache") {
		why := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, fs.ErrNotExist):
			why = "no such file"
		case errors.Is(pe.Err, fs.ErrPermission):
			why = "permission denied"
		}
		return fmt.Sprintf("cannot read %s: %s", pe.Path, why)
	}
	return stripPrefixes(err.Error())
}

// packagePrefix matches the package prefixes of errors from citegraph's
// packages, at the start of the message or of a wrapped cause.
var packagePrefix = regexp.MustCompile(`(^|: |; |\()(bib|fetch|out|graph): `)

func stripPrefixes(msg string) string {
	for {
		m := packagePrefix.ReplaceAllString(msg, "$1")
		if m == msg {
			return m
		}
		msg = m
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

Data: Semantic Scholar (semanticscholar.org), for non-commercial research use.

` + exitCodesHelp,
		Example: `  # the embedded model-compression list, offline, into ./citegraph-out
  citegraph build

  # your own list against the live Semantic Scholar API
  S2_API_KEY=... citegraph build awesome-pruning.md --out pruning-out

  # just the BibTeX
  citegraph bib papers.txt -o refs.bib`,
		Version: version,
		// Root flags are parsed on the way to the subcommand, so an unknown
		// flag before it is reported as one (not taken for the command).
		TraverseChildren:           true,
		SuggestionsMinimumDistance: 2,
		// Runnable, so that cobra checks a root's stray argument (an
		// unknown command) instead of printing the help.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		// With TraverseChildren the root's own flags reach a subcommand's
		// run: --version before a command is a mistake, not a build.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if v := cmd.Root().Flags().Lookup("version"); cmd != cmd.Root() && v != nil && v.Changed {
				return usageErrorf("--version takes no command: run citegraph --version, or citegraph %s without it", cmd.Name())
			}
			return nil
		},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
			if c, _, err := cmd.Find(args[:1]); err == nil && c != cmd {
				// "citegraph -- build": the command came after "--".
				return usageErrorf("%s: give the command before \"--\"", msg)
			}
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
			}
			return &usageError{errors.New(msg)}
		},
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	// --version without cobra's -v shorthand: -v is --verbose on every
	// subcommand, and "citegraph -v build" must not print the version.
	root.Flags().Bool("version", false, "print citegraph's version")
	root.AddCommand(newCmdBuild(s, nil), newCmdBib(s, nil), newCmdCheck(s, nil), newCmdRank(s, nil), newCmdCache(s), newCmdVersion(s))
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
