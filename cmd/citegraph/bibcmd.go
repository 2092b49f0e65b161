package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/out"
)

// bibOptions are the parsed flags of "citegraph bib".
type bibOptions struct {
	IO       *streams
	ListPath string
	Output   string // "" or "-" means stdout
	Force    bool   // overwrite an Output that citegraph did not write
	Keys     string // "keep" or "generate" (a .bib LIST)
	Format   string // "bibtex" or "biblatex"
	Diff     bool   // print the changes to a .bib LIST as a unified diff
	Fetch    fetchOptions
}

func newCmdBib(s *streams, runF func(context.Context, *bibOptions) error) *cobra.Command {
	opts := &bibOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "bib [LIST]",
		Short: "Resolve a reading list and write only its BibTeX",
		Long: `Bib resolves every paper of LIST and writes its BibTeX to stdout or to the
file given with -o. It skips the graph, rankings and diagrams. Without LIST the
embedded model-compression list is used.

A .bib LIST comes back better, never worse: every entry is written, in the
order read, with its own citation key (--keys generate gives citegraph's
Google-Scholar-style keys); the record fills the fields an entry lacks and
corrects what is plainly wrong (lost title capitals, a wrong year for the
same venue), every other field is kept, and each change is listed on stderr
(--diff prints them as a unified diff from the file as read, which
"patch -p0" applies to it). Entries that cannot be resolved are written back
as read, their own text, under a comment, and so are entries the merge
leaves unchanged. Two entries of one paper under two keys are both written,
each merged under its own key, so both \cite keys keep working; an entry
pasted twice under one key is written once, the second copy kept as comment
lines. Nothing else of the file is lost: every other block (@string, @preamble, @comment, an entry that is
malformed or not a paper) and the text between blocks are written back
verbatim, in file order, each block under a "% citegraph:" comment saying
why it was not merged; @string macros an entry uses stay macros; the file
keeps its encoding (Windows-1252 too), byte order mark and line ends. Only
the lines citegraph wrote (its header at the top, its comments right above
a block) are written afresh; every other comment line is kept. Fed its own
output, bib changes nothing.

Any other LIST gets one fresh entry per resolved paper, sorted by key.

An existing -o file is overwritten only if citegraph wrote it and it is
unchanged since (see the manifest .citegraph-manifest.json beside it);
otherwise the run stops before any network call, and --force overwrites it.`,
		Example: `  citegraph bib reading-list.md -o references.bib
  citegraph bib mine.bib -o clean.bib
  citegraph bib mine.bib --diff
  citegraph bib mine.bib --format biblatex -o clean.bib
  citegraph bib dois.txt > refs.bib`,
		Args: positionalArgs(cobra.MaximumNArgs(1)),
		RunE: listRunE(&opts.ListPath, &opts.Fetch, func(ctx context.Context) error {
			if runF != nil {
				return runF(ctx, opts)
			}
			return bibRun(ctx, opts)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Output, "output", "o", "", "file to write (default stdout; with --diff, only the diff goes to stdout)")
	f.StringVar(&opts.Keys, "keys", "keep", `citation keys of a .bib LIST: "keep" its own, or "generate" Google-Scholar-style ones`)
	f.StringVar(&opts.Format, "format", "bibtex", `flavour of the .bib written: "bibtex" or "biblatex" (biber's data model)`)
	f.BoolVar(&opts.Diff, "diff", false, "print what changes in a .bib LIST as a unified diff on stdout")
	f.BoolVar(&opts.Force, "force", false, "overwrite the -o file even if citegraph did not write it (or it was edited since)")
	opts.Fetch.register(cmd)
	return cmd
}

func bibRun(ctx context.Context, opts *bibOptions) error {
	format, err := bib.ParseFormat(opts.Format)
	if err != nil {
		return usageErrorf("--format: want bibtex or biblatex, got %q", opts.Format)
	}
	keys, err := bib.ParseKeyPolicy(opts.Keys)
	if err != nil {
		return usageErrorf("--keys: want keep or generate, got %q", opts.Keys)
	}
	sink, err := openBibSink(opts)
	if err != nil {
		return err
	}
	list, src, logger, err := prepare(ctx, opts.ListPath, &opts.Fetch, opts.IO, func(l *bib.List) error {
		if opts.Diff && l.Format != bib.FormatBibTeX {
			return usageErrorf("--diff shows the changes to a .bib LIST; %s is %s", l.Name, l.Format)
		}
		return sink.check()
	})
	if err != nil {
		return err
	}
	defer src.Close()
	// A .bib comes back whole even when none of its entries resolves.
	res, err := resolveEntries(ctx, list, src, logger.Logger, opts.IO, opts.Fetch.Quiet, list.Format == bib.FormatBibTeX)
	if err != nil {
		return err
	}
	if !opts.Fetch.Quiet {
		reportUnresolved(opts.IO, res)
	}
	if list.Format == bib.FormatBibTeX {
		return bibMergeRun(ctx, opts, sink, list, res, src, logger, keys, format)
	}
	var papers []*bib.Paper
	seen := map[string]bool{}
	for _, r := range res {
		if r.Status == fetch.StatusResolved && r.Paper != nil && !seen[r.Paper.Key()] {
			seen[r.Paper.Key()] = true
			papers = append(papers, r.Paper)
		}
	}
	b := bib.NewBibliography(papers)
	header := strings.Join([]string{
		"Generated by citegraph: every resolved paper of the reading list.",
		"Reading list: " + list.Name,
		"Source: " + src.Desc,
		src.Credit,
		out.NonCommercial,
	}, "\n")
	if err := sink.write(ctx, logger, func(w io.Writer) error { return b.WriteFormat(w, format, header, nil) }); err != nil {
		return err
	}
	for _, w := range b.Warnings() {
		logger.Debug("bibtex", "key", w.Key, "problem", w.Msg)
	}
	if !opts.Fetch.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "citegraph: %d BibTeX entries for %d list entries written to %s\n", len(papers), len(res), sink.dest())
		reportBibWarnings(opts.IO, b.Warnings(), b.CiteKey, res)
		reportWarnings(opts.IO, logger)
	}
	return lostError(res, src)
}

// plural is "1 one" or "n many".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// mergedSummary is "1 entry merged with its record" or "n entries merged
// with their records".
func mergedSummary(n int) string {
	if n == 1 {
		return "1 entry merged with its record"
	}
	return plural(n, "entry", "entries") + " merged with their records"
}

// bibMergeRun writes a .bib LIST back merged with its records (see
// bib.Merge), lists every change on stderr and, with --diff, prints them
// as a unified diff on stdout.
func bibMergeRun(ctx context.Context, opts *bibOptions, sink *bibSink, list *bib.List, res []fetch.Resolution, src *openedSource, logger *runLog, keys bib.KeyPolicy, format bib.Format) error {
	// Resolutions come in the order of list.Papers().
	var items []bib.MergeItem
	next := 0
	for _, e := range list.Entries {
		it := bib.MergeItem{Entry: e}
		if e.Kind == bib.KindPaper && next < len(res) {
			r := res[next]
			next++
			if r.Status == fetch.StatusResolved && r.Paper != nil {
				it.Paper = r.Paper
			} else {
				it.Reason = shorten(r.Reason, 200)
				if r.Status != fetch.StatusUnresolved {
					it.Reason = string(r.Status) + ": " + it.Reason
				}
			}
		}
		items = append(items, it)
	}
	m := bib.Merge(items, bib.MergeOptions{Keys: keys, Format: format, Source: list.Source})
	header := strings.Join([]string{
		"Generated by citegraph from " + list.Name + ": every entry, merged with its Semantic Scholar record.",
		"The record fills what an entry lacks and corrects what is plainly wrong; every other field is kept.",
		"Source: " + src.Desc,
		src.Credit,
		out.NonCommercial,
	}, "\n")
	if opts.Diff {
		to := opts.Output
		if to == "" || to == "-" {
			to = list.Name + " (citegraph)"
		}
		if err := m.WriteDiff(opts.IO.Out, header, list.Name, to); err != nil {
			return err
		}
	}
	if !opts.Diff || (opts.Output != "" && opts.Output != "-") {
		if err := sink.write(ctx, logger, func(w io.Writer) error { return m.Write(w, header) }); err != nil {
			return err
		}
	}
	for _, w := range m.Warnings() {
		logger.Debug("bibtex", "key", w.Key, "problem", w.Msg)
	}
	if !opts.Fetch.Quiet {
		merged, asRead, same := m.Counts()
		changes := m.Changes()
		fmt.Fprintf(opts.IO.ErrOut, "citegraph: %s: %s (%s), %d written as read, %d the same paper as another entry\n",
			list.Name, mergedSummary(merged), plural(len(changes), "change", "changes"), asRead, same)
		if merged == 0 && asRead > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "citegraph: %s: warning: no entry could be resolved; the file is written back as read\n", list.Name)
		}
		for _, c := range changes {
			fmt.Fprintf(opts.IO.ErrOut, "  %s\n", shorten(c.String(), 400))
		}
		if sp := m.SamePapers(); len(sp) > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "citegraph: %s: %s the paper of an earlier entry:\n", list.Name, plural(len(sp), "entry names", "entries name"))
			for _, s := range sp {
				fmt.Fprintf(opts.IO.ErrOut, "  %s\n", shorten(s.String(), 400))
			}
		}
		if kept := keptSummary(list.Source); kept != "" {
			fmt.Fprintf(opts.IO.ErrOut, "citegraph: %s: kept verbatim, each under a comment: %s\n", list.Name, kept)
		}
		if src := list.Source; src != nil && (src.Encoding != bib.EncodingUTF8 || m.Encoding() != bib.EncodingUTF8) {
			how := "read as " + src.Encoding
			if src.Encoding == bib.EncodingMixed {
				how = "read as UTF-8 and Windows-1252 (lines of both)"
			}
			fmt.Fprintf(opts.IO.ErrOut, "citegraph: %s: %s, written in %s\n", list.Name, how, m.Encoding())
		}
		if !opts.Diff || (opts.Output != "" && opts.Output != "-") {
			fmt.Fprintf(opts.IO.ErrOut, "citegraph: written to %s\n", sink.dest())
		}
		reportBibWarnings(opts.IO, m.Warnings(), nil, res)
		reportWarnings(opts.IO, logger)
	}
	return lostError(res, src)
}

// keptSummary counts the blocks of a .bib that bib writes verbatim, by
// kind ("2 @string, 1 @comment, 1 entry not read as a paper"), or "".
func keptSummary(src *bib.BibSource) string {
	if src == nil {
		return ""
	}
	var order []string
	counts := map[string]int{}
	for _, b := range src.Blocks {
		if b.Entry >= 0 {
			continue
		}
		k := "@" + b.Kind
		if b.Why != "" {
			k = "entries not read as papers"
		}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	parts := make([]string, len(order))
	for i, k := range order {
		n := counts[k]
		if n == 1 && k == "entries not read as papers" {
			k = "entry not read as a paper"
		}
		parts[i] = fmt.Sprintf("%d %s", n, k)
	}
	return strings.Join(parts, ", ")
}

// bibSink is where bib writes: stdout, or the -o file through an out.Dir
// (atomic, recorded in the manifest beside it, never over a file citegraph
// did not write unless --force).
type bibSink struct {
	opts *bibOptions
	dir  *out.Dir // nil for stdout
	base string
}

// openBibSink checks -o before anything else: a directory is a usage error.
func openBibSink(opts *bibOptions) (*bibSink, error) {
	s := &bibSink{opts: opts}
	if opts.Output == "" || opts.Output == "-" {
		return s, nil
	}
	if fi, err := os.Stat(opts.Output); strings.HasSuffix(opts.Output, "/") || (err == nil && fi.IsDir()) {
		return nil, usageErrorf("-o %s is a directory; bib writes one file: give a file name such as %s", opts.Output, filepath.Join(opts.Output, "references.bib"))
	}
	s.base = filepath.Base(opts.Output)
	if err := checkWritable(opts.Output, filepath.Dir(opts.Output)); err != nil {
		return nil, err
	}
	dir, err := out.OpenDir(filepath.Dir(opts.Output), "bib", opts.Force)
	if err != nil {
		return nil, err
	}
	s.dir = dir
	return s, nil
}

// check fails when the -o file may not be written (before any request).
func (s *bibSink) check() error {
	if s.dir == nil {
		return nil
	}
	return s.dir.Check([]string{s.base})
}

func (s *bibSink) write(ctx context.Context, logger *runLog, write func(io.Writer) error) error {
	if s.dir == nil {
		return write(s.opts.IO.Out)
	}
	_, err := s.dir.Write(ctx, []out.File{{Rel: s.base, Write: write}}, logger.Logger)
	return err
}

func (s *bibSink) dest() string {
	if s.dir == nil {
		return "stdout"
	}
	return s.opts.Output
}

// reportBibWarnings lists the BibTeX writer's warnings (an entry without
// authors or year, say), each with the list entry it came from when
// citeKey maps a paper key to its citation key (nil: the warning's key is
// the entry's own).
func reportBibWarnings(s *streams, ws []bib.Warning, citeKey func(string) string, res []fetch.Resolution) {
	if len(ws) == 0 {
		return
	}
	pos := map[string]string{} // cite key -> first list position
	for _, r := range res {
		k := r.Entry.Key
		if citeKey != nil {
			if r.Paper == nil {
				continue
			}
			k = citeKey(r.Paper.Key())
		}
		if k != "" && pos[k] == "" {
			pos[k] = r.Entry.Pos()
		}
	}
	fmt.Fprintf(s.ErrOut, "citegraph: %d BibTeX warning(s) about the entries written:\n", len(ws))
	for _, w := range ws {
		where := pos[w.Key]
		if where == "" {
			where = "entry"
		}
		fmt.Fprintf(s.ErrOut, "  %s: %s: %s\n", where, w.Key, w.Msg)
	}
}
