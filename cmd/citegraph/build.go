package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
	"github.com/citegraph/citegraph/out"
)

// buildOptions are the parsed flags and injected dependencies of
// "citegraph build".
type buildOptions struct {
	IO       *streams
	ListPath string // "" means the embedded list
	OutDir   string
	Fetch    fetchOptions
	// MinSuggest is the number of list papers that must cite an outside
	// paper for it to be suggested.
	MinSuggest int
}

func newCmdBuild(s *streams, runF func(context.Context, *buildOptions) error) *cobra.Command {
	opts := &buildOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "build [LIST]",
		Short: "Resolve a reading list and write every artefact",
		Long: `Build resolves every paper of LIST to its Semantic Scholar record, builds the
citation graph among them and writes, into --out:

  references.bib, bib/<family>.bib, suggested.bib   BibTeX
  resolution.json, resolution.csv                   how each entry was resolved
  rankings.json, rankings.csv, rankings.md          PageRank, HITS, betweenness, citations
  graph.graphml, graph.json                         the citation graph
  families/<family>.dot/.svg, influence.dot/.svg    Graphviz diagrams
  report.md                                         summary
  index.html                                        all of it as one page

LIST is an awesome-list (.md), a BibTeX file (.bib) or a plain text list
(one title, DOI, arXiv id or Semantic Scholar URL per line). Without LIST the
embedded model-compression list is used with the embedded Semantic Scholar
snapshot, with no network.`,
		Example: `  citegraph build
  citegraph build reading-list.md --out out/
  citegraph build refs.bib --source s2 --rps 1 --cache ~/.cache/citegraph/s2.db
  citegraph build titles.txt --offline`,
		Args: positionalArgs(cobra.MaximumNArgs(1)),
		RunE: listRunE(&opts.ListPath, &opts.Fetch, func(ctx context.Context) error {
			if runF != nil {
				return runF(ctx, opts)
			}
			return buildRun(ctx, opts)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&opts.OutDir, "out", "o", "citegraph-out", "directory to write the artefacts into")
	f.IntVar(&opts.MinSuggest, "min-suggest", 2, "suggest outside papers cited by at least this many list papers")
	opts.Fetch.register(cmd)
	return cmd
}

// pipeline is what a build produced, before it is written out.
type pipeline struct {
	List        *bib.List
	Resolutions []fetch.Resolution
	Graph       *graph.Graph
	Scores      []graph.Score
	Suggestions []graph.Suggestion
	SourceDesc  string
	Credit      string
	DataYear    int
}

// loadList reads the reading list at path, or the embedded list when path
// is "", and reports the list's problems (each naming file and line) on
// stderr unless quiet.
func loadList(path string, s *streams, quiet bool) (*bib.List, error) {
	var (
		list *bib.List
		err  error
	)
	if path == "" {
		list, err = bib.Parse(data.SeedListName, data.SeedList)
	} else {
		list, err = bib.ParseFile(path)
	}
	if err != nil {
		return nil, err
	}
	if n := len(list.Problems); n > 0 && !quiet {
		fmt.Fprintf(s.ErrOut, "citegraph: %d problem(s) in %s (the rest of the list proceeds):\n", n, list.Name)
		for _, p := range list.Problems {
			fmt.Fprintf(s.ErrOut, "  %s:%d: %s\n", p.File, p.Line, problemText(p))
		}
	}
	return list, nil
}

// prepare is the start of every command that takes a LIST: the logger, the
// list (the embedded one when listPath is "", said so on stderr) and the
// paper source. The caller closes the source.
func prepare(ctx context.Context, listPath string, fo *fetchOptions, s *streams) (*bib.List, *openedSource, *slog.Logger, error) {
	logger := newLogger(s, fo.Quiet, fo.Verbose)
	if listPath == "" && !fo.Quiet {
		desc := "the Semantic Scholar API"
		if fo.Source == "snapshot" {
			desc = "the embedded Semantic Scholar snapshot of " + data.SnapshotDate
		}
		fmt.Fprintf(s.ErrOut, "citegraph: no LIST given: using the embedded %s and %s\n", data.SeedListName, desc)
	}
	list, err := loadList(listPath, s, fo.Quiet)
	if err != nil {
		return nil, nil, nil, err
	}
	src, err := openSource(ctx, fo, listPath == "", logger, s)
	if err != nil {
		return nil, nil, nil, err
	}
	return list, src, logger, nil
}

// resolveEntries resolves the list's paper entries, drawing progress. An
// interrupted run says how to resume; a source that refuses every request
// (a bad key) stops the run before anything is written.
func resolveEntries(ctx context.Context, list *bib.List, src *openedSource, logger *slog.Logger, s *streams, quiet bool) ([]fetch.Resolution, error) {
	papers := list.Papers()
	prog := newProgress(ctx, s, quiet, "resolving", src.Stats)
	prog.start(len(papers))
	src.onRequest(prog.tick)
	defer src.onRequest(nil)
	r := &fetch.Resolver{
		Source:   src.Source,
		Logger:   logger,
		Progress: prog.update,
	}
	res, err := r.Resolve(ctx, papers)
	prog.finish()
	if errors.Is(err, context.Canceled) {
		return nil, &interruptedError{hint: src.ResumeHint(), err: err}
	}
	if err == nil {
		err = src.Refused()
	}
	if errors.Is(err, fetch.ErrUnreachable) {
		return nil, fmt.Errorf("%w\nnothing was written; without network, use --source snapshot (the embedded snapshot) or --offline (answers cached earlier)", err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w; nothing was written", err)
	}
	if len(papers) > 0 && resolvedCount(res) == 0 {
		return nil, fmt.Errorf("none of the %d paper entries of %s could be resolved (first: %s: %s); nothing was written",
			len(papers), list.Name, res[0].Entry.Pos(), shorten(res[0].Reason, 200))
	}
	return res, nil
}

// resolveList resolves the list's paper entries and builds the graph.
func resolveList(ctx context.Context, list *bib.List, src *openedSource, logger *slog.Logger, s *streams, quiet bool) (*pipeline, error) {
	res, err := resolveEntries(ctx, list, src, logger, s, quiet)
	if err != nil {
		return nil, err
	}
	g := graph.Build(members(res), src.Extra)
	return &pipeline{
		List:        list,
		Resolutions: res,
		Graph:       g,
		Scores:      g.Rank(src.DataYear),
		SourceDesc:  src.Desc,
		Credit:      src.Credit,
		DataYear:    src.DataYear,
	}, nil
}

// members turns resolved entries into graph members; the graph merges a
// paper listed twice into one node that belongs to both families.
func members(res []fetch.Resolution) []graph.Member {
	var ms []graph.Member
	for _, r := range res {
		if r.Status != fetch.StatusResolved || r.Paper == nil {
			continue
		}
		ms = append(ms, graph.Member{Paper: r.Paper, Families: []string{r.Entry.Family}})
	}
	return ms
}

func buildRun(ctx context.Context, opts *buildOptions) error {
	list, src, logger, err := prepare(ctx, opts.ListPath, &opts.Fetch, opts.IO)
	if err != nil {
		return err
	}
	defer src.Close()
	started := time.Now()
	p, err := resolveList(ctx, list, src, logger, opts.IO, opts.Fetch.Quiet)
	if err != nil {
		return err
	}
	p.Suggestions = outsideList(p.Graph.Suggestions(opts.MinSuggest), list)
	written, err := out.WriteAll(ctx, opts.OutDir, &out.Run{
		List:        p.List,
		Resolutions: p.Resolutions,
		Graph:       p.Graph,
		Scores:      p.Scores,
		Suggestions: p.Suggestions,
		DataYear:    p.DataYear,
		SourceDesc:  p.SourceDesc,
		Credit:      p.Credit,
	}, logger)
	if err != nil {
		return fmt.Errorf("writing %s: %w", opts.OutDir, err)
	}
	if !opts.Fetch.Quiet {
		summarize(opts.IO, p, len(written), opts.OutDir, time.Since(started), src)
		if page := filepath.Join(opts.OutDir, "index.html"); slices.Contains(written, page) {
			fmt.Fprintf(opts.IO.ErrOut, "citegraph: open %s\n", page)
		}
	}
	return nil
}

// summarize prints the outcome of a build on stderr.
func summarize(s *streams, p *pipeline, files int, dir string, took time.Duration, src *openedSource) {
	var resolved, ambiguous, unresolved int
	for _, r := range p.Resolutions {
		switch r.Status {
		case fetch.StatusResolved:
			resolved++
		case fetch.StatusAmbiguous:
			ambiguous++
		default:
			unresolved++
		}
	}
	fmt.Fprintf(s.ErrOut, "citegraph: %d paper entries: %d resolved, %d ambiguous, %d unresolved; %d distinct papers, %d citations among them\n",
		len(p.Resolutions), resolved, ambiguous, unresolved, len(p.Graph.Nodes()), len(p.Graph.Edges()))
	reportUnresolved(s, p.Resolutions)
	if st := src.StatsLine(); st != "" {
		fmt.Fprintf(s.ErrOut, "citegraph: %s\n", st)
	}
	fmt.Fprintf(s.ErrOut, "citegraph: wrote %d files to %s; done in %s\n", files, dir, took.Round(time.Millisecond))
}

// problemText is a parse problem without its file and line.
func problemText(p *bib.ParseError) string {
	if p.Err != nil {
		return p.Msg + ": " + p.Err.Error()
	}
	return p.Msg
}

// interruptedError is a run stopped by Ctrl-C (or SIGTERM); it says how to
// resume.
type interruptedError struct {
	hint string
	err  error
}

func (e *interruptedError) Error() string { return "interrupted; " + e.hint }
func (e *interruptedError) Unwrap() error { return e.err }

// reportUnresolved lists the entries that were not resolved, one line each,
// at most 50 lines, each naming file:line, the entry and a short reason.
func reportUnresolved(s *streams, rs []fetch.Resolution) {
	const maxLines = 50
	n := 0
	for _, r := range rs {
		if r.Status == fetch.StatusResolved {
			continue
		}
		n++
		if n > maxLines {
			continue
		}
		what := r.Entry.Title
		if what == "" {
			what = r.Entry.IDs.APIID()
		}
		fmt.Fprintf(s.ErrOut, "  %s: %s %q: %s\n", r.Entry.Pos(), r.Status, what, shorten(r.Reason, 240))
	}
	if n > maxLines {
		fmt.Fprintf(s.ErrOut, "  ... and %d more (see report.md or resolution.json)\n", n-maxLines)
	}
}

// shorten cuts s to at most n bytes at a rune boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func resolvedCount(rs []fetch.Resolution) int {
	n := 0
	for _, r := range rs {
		if r.Status == fetch.StatusResolved {
			n++
		}
	}
	return n
}

// outsideList drops the suggestions that the list does name, in entries that
// were not resolved: a paper the user listed is never "outside the list".
// Entries are matched by id and by normalised title.
func outsideList(sugs []graph.Suggestion, list *bib.List) []graph.Suggestion {
	listed := map[string]bool{}
	for _, e := range list.Papers() {
		for _, k := range e.IDs.Keys() {
			listed[k] = true
		}
		if t := bib.NormalizeTitle(e.Title); t != "" {
			listed["TITLE:"+t] = true
		}
	}
	var out []graph.Suggestion
	for _, sg := range sugs {
		keep := true
		if sg.Paper != nil {
			for _, k := range sg.Paper.AliasKeys() {
				if listed[k] {
					keep = false
					break
				}
			}
		}
		if keep {
			out = append(out, sg)
		}
	}
	return out
}
