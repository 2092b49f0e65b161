package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	// MinSuggest is the number of list papers an outside paper must
	// connect to (cite, be cited by, be similar to) to be suggested.
	MinSuggest int
	Expand     expandOptions
	// Force overwrites files in OutDir that citegraph did not write.
	Force bool
	// Clean removes the files of an earlier build into OutDir that this
	// one no longer writes (only those its manifest lists, unchanged).
	Clean  bool
	Format string // flavour of the .bib files: "bibtex" or "biblatex"
	Keys   string // citation keys of a .bib LIST: "keep" or "generate"
}

func newCmdBuild(s *streams, runF func(context.Context, *buildOptions) error) *cobra.Command {
	opts := &buildOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "build [LIST]",
		Short: "Resolve a reading list and write every artefact",
		Long: `Build resolves every paper of LIST to its Semantic Scholar record, builds the
citation graph among them and writes, into --out:

  references.bib, bib/<family>.bib, suggested.bib   BibTeX (--format biblatex for biber)
  references.json, references.ris                   the same entries as CSL-JSON and RIS
  resolution.json, resolution.csv                   how each entry was resolved
  rankings.json, rankings.csv, rankings.md          PageRank, HITS, betweenness, citations
  suggestions.json, suggestions.csv                 prior, derivative and similar papers outside the list
  graph.graphml, graph.json                         the citation graph (graph.json: with similarity edges)
  similarity.graphml, clusters.csv                  co-citation and coupling; clusters vs families
  families/<family>.dot/.svg, influence.dot/.svg    Graphviz diagrams
  report.md                                         summary
  index.html                                        all of it as one page

Files already in --out are overwritten only if citegraph wrote them and
they are unchanged since (it keeps a manifest, .citegraph-manifest.json);
anything else stops the run before any network call, and --force
overwrites it. Files of an earlier build that this one does not write (a
renamed family) are listed at the end and left in place; --clean removes
them.

LIST is an awesome-list (.md), a BibTeX file (.bib) or a plain text list
(one title, DOI, arXiv id or Semantic Scholar URL per line); the entries of
a .bib LIST keep their citation keys in every artefact (--keys generate gives
citegraph's). Without LIST the embedded model-compression list is used with
the embedded Semantic Scholar snapshot, with no network.`,
		Example: `  citegraph build
  citegraph build reading-list.md --out out/
  citegraph build refs.bib --source s2 --rps 1 --cache ~/.cache/citegraph/s2.db
  citegraph build reading-list.md --expand --expand-limit 2000
  citegraph build titles.txt --offline`,
		Args: positionalArgs(cobra.MaximumNArgs(1)),
		RunE: listRunE(&opts.ListPath, &opts.Fetch, func(ctx context.Context) error {
			if opts.MinSuggest < 1 {
				return usageErrorf("--min-suggest must be at least 1, got %d", opts.MinSuggest)
			}
			if opts.Expand.Limit < 0 {
				return usageErrorf("--expand-limit must not be negative, got %d", opts.Expand.Limit)
			}
			if opts.Expand.Limit > 0 && !opts.Expand.Expand {
				return usageErrorf("--expand-limit caps what --expand fetches: give --expand too")
			}
			if runF != nil {
				return runF(ctx, opts)
			}
			return buildRun(ctx, opts)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&opts.OutDir, "out", "o", "citegraph-out", "directory to write the artefacts into")
	f.IntVar(&opts.MinSuggest, "min-suggest", 2, "suggest outside papers linked to at least this many list papers (and call papers similar when they share this many citers or references)")
	f.BoolVar(&opts.Expand.Expand, "expand", false, "also fetch every list paper's citations and the suggested papers' records (costs calls: one paged walk per paper, batches of 500)")
	f.IntVar(&opts.Expand.Limit, "expand-limit", 0, "with --expand, fetch at most this many citing papers per list paper (0: all the API pages, up to 9,999)")
	f.BoolVar(&opts.Force, "force", false, "overwrite files in --out that citegraph did not write (or that were edited since)")
	f.BoolVar(&opts.Clean, "clean", false, "remove the files of an earlier build into --out that this one no longer writes")
	f.StringVar(&opts.Format, "format", "bibtex", `flavour of the .bib files: "bibtex" or "biblatex" (biber's data model)`)
	f.StringVar(&opts.Keys, "keys", "keep", `citation keys for a .bib LIST: "keep" (the list's own, so \cite keeps working) or "generate" (citegraph's, e.g. sandler2018mobilenetv2)`)
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
	// NeighbourhoodTime is the time spent computing the neighbourhood
	// (grouping, similarity, clusters), fetching excluded.
	NeighbourhoodTime time.Duration
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
		rest := " (the rest of the list proceeds)"
		if len(list.Entries) == 0 {
			rest = ""
		}
		fmt.Fprintf(s.ErrOut, "citegraph: %d problem(s) in %s%s:\n", n, list.Name, rest)
		for _, p := range list.Problems {
			fmt.Fprintf(s.ErrOut, "  %s:%d: %s\n", p.File, p.Line, problemText(p))
		}
	}
	return list, nil
}

// prepare is the start of every command that takes a LIST: the logger, the
// list (the embedded one when listPath is "", said so on stderr), the
// command's check of its outputs (preflight, may be nil), and the paper
// source. Everything that can fail without the network fails here, before
// any request. The caller closes the source.
func prepare(ctx context.Context, listPath string, fo *fetchOptions, s *streams, preflight func(*bib.List) error) (*bib.List, *openedSource, *runLog, error) {
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
	if len(list.Papers()) == 0 {
		return nil, nil, nil, noPapersError(list)
	}
	if preflight != nil {
		if err := preflight(list); err != nil {
			return nil, nil, nil, err
		}
	}
	src, err := openSource(ctx, fo, listPath == "", logger.Logger, s)
	if err != nil {
		return nil, nil, nil, err
	}
	return list, src, logger, nil
}

// noPapersError is the error for a list without any paper entry (empty,
// binary, or links only): there is nothing to resolve, and writing would
// replace good artefacts with empty ones.
func noPapersError(list *bib.List) error {
	why := list.Describe() // what the file looked like: "markdown list, 132 paragraphs: no paper entry found"
	if len(list.Problems) > 0 {
		why += "; see the problems above"
	}
	return fmt.Errorf("%s holds no paper entry (%s): nothing to resolve, nothing was written", list.Name, why)
}

// sentenceError is an error worded for the user that still unwraps to its
// cause.
type sentenceError struct {
	msg string
	err error
}

func (e *sentenceError) Error() string { return e.msg }
func (e *sentenceError) Unwrap() error { return e.err }

// resolveEntries resolves the list's paper entries, drawing progress. An
// interrupted run says how to resume; a source that refuses every request
// (a bad key) stops the run before anything is written, and so does a list
// none of whose entries resolves unless allowNone (bib on a .bib file,
// which writes every entry back as read).
func resolveEntries(ctx context.Context, list *bib.List, src *openedSource, logger *slog.Logger, s *streams, quiet, allowNone bool) ([]fetch.Resolution, error) {
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
		msg := err.Error()
		if ae := (*fetch.APIError)(nil); errors.As(err, &ae) {
			msg = ae.Message // the request that met it says nothing more
		}
		return nil, &sentenceError{msg: msg + "\nnothing was written; without network, use --source snapshot (the embedded snapshot) or --offline (answers cached earlier)", err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("%w; nothing was written", err)
	}
	if len(papers) > 0 && resolvedCount(res) == 0 && !allowNone {
		if !quiet {
			reportUnresolved(s, res)
		}
		msg := fmt.Sprintf("none of the %d paper entries of %s could be resolved (first: %s: %s); nothing was written",
			len(papers), list.Name, res[0].Entry.Pos(), shorten(entryReason(res[0]), 200))
		if n := lostCount(res); n > 0 {
			msg += fmt.Sprintf("\n%d of them were lost to server errors (the server kept failing until --max-tries ran out). %s", n, retryHint(src))
		}
		return nil, errors.New(msg)
	}
	return res, nil
}

// resolveList resolves the list's paper entries and builds the graph.
func resolveList(ctx context.Context, list *bib.List, src *openedSource, logger *slog.Logger, s *streams, quiet bool) (*pipeline, error) {
	res, err := resolveEntries(ctx, list, src, logger, s, quiet, false)
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
	format, err := bib.ParseFormat(opts.Format)
	if err != nil {
		return usageErrorf("--format: want bibtex or biblatex, got %q", opts.Format)
	}
	keys, err := bib.ParseKeyPolicy(opts.Keys)
	if err != nil {
		return usageErrorf("--keys: want keep or generate, got %q", opts.Keys)
	}
	if err := checkOutDir(opts.OutDir); err != nil {
		return err
	}
	dir, err := out.OpenDir(opts.OutDir, "build", opts.Force)
	if err != nil {
		return err
	}
	list, src, logger, err := prepare(ctx, opts.ListPath, &opts.Fetch, opts.IO, func(l *bib.List) error {
		return dir.Check(out.BuildFiles(l))
	})
	if err != nil {
		return err
	}
	defer src.Close()
	started := time.Now()
	p, err := resolveList(ctx, list, src, logger.Logger, opts.IO, opts.Fetch.Quiet)
	if err != nil {
		return err
	}
	nb, expanded, err := neighbourhood(ctx, p, src, opts.Expand, opts.MinSuggest, logger.Logger, opts.IO, opts.Fetch.Quiet)
	if err != nil {
		return err
	}
	outsideListNeighbourhood(nb, list)
	p.Suggestions = nb.Suggestions
	citeKeys, keyNotes := listCiteKeys(p.List, p.Resolutions, keys)
	written, err := dir.WriteAll(ctx, &out.Run{
		List:          p.List,
		Resolutions:   p.Resolutions,
		Graph:         p.Graph,
		Scores:        p.Scores,
		Suggestions:   p.Suggestions,
		Neighbourhood: nb,
		Expand:        expanded,
		DataYear:      p.DataYear,
		SourceDesc:    p.SourceDesc,
		Credit:        p.Credit,
		BibFormat:     format,
		CiteKeys:      citeKeys,
	}, logger.Logger)
	var fe *out.ForeignFilesError
	if errors.As(err, &fe) {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return &interruptedError{hint: "no artefact was replaced; " + src.ResumeHint(), err: err}
	}
	if err != nil {
		return fmt.Errorf("could not write every artefact into %s (%d written): %w", opts.OutDir, len(written), err)
	}
	var removed, kept, stale []string
	if opts.Clean {
		if removed, kept, err = dir.Clean(); err != nil {
			return err
		}
	} else {
		stale = dir.Stale()
	}
	if !opts.Fetch.Quiet {
		if expanded.Asked && nb.Expanded {
			summarizeExpansion(opts.IO, nb, expanded)
		}
		summarize(opts.IO, p, len(written), opts.OutDir, time.Since(started), src)
		if len(keyNotes) > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "citegraph: %d citation key(s) of %s not kept:\n", len(keyNotes), p.List.Name)
			for _, n := range keyNotes {
				fmt.Fprintf(opts.IO.ErrOut, "  %s\n", n)
			}
		}
		reportStale(opts.IO, opts.OutDir, stale, removed, kept)
		reportWarnings(opts.IO, logger)
		if page := filepath.Join(opts.OutDir, "index.html"); slices.Contains(written, page) {
			fmt.Fprintf(opts.IO.ErrOut, "citegraph: open %s\n", page)
		}
	}
	return expansionLostError(p.Resolutions, expanded, src)
}

// listCiteKeys returns the citation keys a .bib list gives its resolved
// papers, by Paper.Key(), or nil when keys are generated or the list is not
// a .bib file. Keys are settled in list order: a paper listed twice keeps
// its first entry's key (build writes one entry per paper), and a key
// another paper's entry already holds (BibTeX compares keys without case)
// or that BibTeX cannot read back is not used. What was not kept is
// returned as notes naming file and line, a paper listed twice worded as
// bib words it (bib.SamePaper).
func listCiteKeys(list *bib.List, res []fetch.Resolution, policy bib.KeyPolicy) (keys map[string]string, notes []string) {
	if policy != bib.KeepKeys || list.Format != bib.FormatBibTeX {
		return nil, nil
	}
	type holder struct {
		key  string
		line int
	}
	keys = map[string]string{}
	first := map[string]holder{} // Paper.Key() → the entry whose key it keeps
	taken := map[string]holder{} // lower-case key → the entry that holds it
	for _, r := range res {
		if r.Status != fetch.StatusResolved || r.Paper == nil {
			continue
		}
		k := strings.TrimSpace(r.Entry.Key)
		if k == "" {
			continue
		}
		pos := r.Entry.Pos()
		switch kept, dup := first[r.Paper.Key()]; {
		case dup:
			msg := bib.SamePaper{Key: k, FirstKey: kept.key, FirstLine: kept.line, Once: true}.Note()
			if !strings.EqualFold(k, kept.key) {
				// build writes one entry per paper.
				msg = fmt.Sprintf("the same paper as %s (line %d): written once, as %s", kept.key, kept.line, kept.key)
			}
			notes = append(notes, fmt.Sprintf("%s: %s: %s", pos, k, msg))
		case !bib.ValidCiteKey(k):
			notes = append(notes, fmt.Sprintf("%s: key %q cannot be written as a BibTeX key: a generated key is used", pos, k))
		case taken[strings.ToLower(k)].key != "":
			h := taken[strings.ToLower(k)]
			why := ""
			if h.key != k {
				why = " (BibTeX ignores case)"
			}
			notes = append(notes, fmt.Sprintf("%s: key %s is already used by line %d%s: a generated key is used", pos, k, h.line, why))
		default:
			keys[r.Paper.Key()] = k
			first[r.Paper.Key()] = holder{k, r.Entry.Line}
			taken[strings.ToLower(k)] = holder{k, r.Entry.Line}
		}
	}
	return keys, notes
}

// checkOutDir refuses (as a usage error) a --out that is an existing file,
// or that does not exist and ends in the extension of a file citegraph
// reads or writes (build -o refs.bib): build writes a directory.
func checkOutDir(dir string) error {
	if dir == "" {
		return usageErrorf("--out is empty: give the directory to write the artefacts into")
	}
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return usageErrorf("--out %s is a file; build writes a directory of artefacts there (for a single BibTeX file use: citegraph bib LIST -o FILE)", dir)
		}
		return checkWritable(dir, dir)
	}
	if fileExts[strings.ToLower(filepath.Ext(dir))] {
		return usageErrorf("--out %s looks like a file name; build writes a directory of artefacts there: give a directory (for a single BibTeX file use: citegraph bib LIST -o %s)", dir, dir)
	}
	return checkWritable(dir, dir)
}

// checkWritable reports, before any network call, whether citegraph can
// write path, an output in directory dir: it can create files in dir when
// dir exists, else in dir's nearest existing ancestor (where the missing
// directories will be made). It writes a probe file there and removes it.
func checkWritable(path, dir string) error {
	dir = filepath.Clean(dir)
	for {
		fi, err := os.Stat(dir)
		if err == nil {
			if !fi.IsDir() {
				return usageErrorf("cannot write %s: %s is a file, not a directory", path, dir)
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		dir = parent
	}
	f, err := os.CreateTemp(dir, ".citegraph-probe-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write %s: cannot create files in %s: %w", path, dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// fileExts are the extensions of the files citegraph reads and writes: an
// output directory named so is a mistake.
var fileExts = map[string]bool{
	".bib": true, ".bibtex": true, ".json": true, ".csv": true, ".md": true, ".markdown": true, ".txt": true,
	".svg": true, ".dot": true, ".graphml": true, ".html": true, ".ris": true, ".pdf": true, ".tex": true,
}

// lostError returns a *partialError when entries were lost to server
// errors, saying how to retry them; nil otherwise.
func lostError(rs []fetch.Resolution, src *openedSource) error {
	return expansionLostError(rs, out.ExpandInfo{}, src)
}

// expansionLostError is lostError counting, with --expand, the list
// papers' citation lists and the suggested papers' records lost too.
func expansionLostError(rs []fetch.Resolution, x out.ExpandInfo, src *openedSource) error {
	lost := lostCount(rs)
	citations := 0
	for _, f := range x.Failed {
		if f.Transient {
			citations++
		}
	}
	if lost == 0 && citations == 0 && x.MetadataLost == 0 {
		return nil
	}
	return &partialError{lost: lost, total: len(rs), citations: citations, records: x.MetadataLost, hint: retryHint(src)}
}

// lostCount is the number of entries lost to server errors.
func lostCount(rs []fetch.Resolution) int {
	n := 0
	for _, r := range rs {
		if r.Status != fetch.StatusResolved && fetch.Transient(r.Err) {
			n++
		}
	}
	return n
}

// retryHint tells the user how to retry what was lost to server errors.
func retryHint(src *openedSource) string {
	if src.CachePath() == "" {
		return "Run the same command again to retry (with --no-cache it asks for everything again)."
	}
	return "Run the same command again to retry only those: the cache " + src.CachePath() + " keeps every other answer."
}

// reportStale says which files of an earlier build were left in place, or
// what --clean removed and kept.
func reportStale(s *streams, dir string, stale, removed, kept []string) {
	if len(stale) > 0 {
		fmt.Fprintf(s.ErrOut, "citegraph: %d file(s) of an earlier build into %s are not written by this one and were left in place (--clean removes them):\n", len(stale), dir)
		for _, f := range stale {
			fmt.Fprintf(s.ErrOut, "  %s\n", filepath.Join(dir, filepath.FromSlash(f)))
		}
	}
	if len(removed) > 0 {
		fmt.Fprintf(s.ErrOut, "citegraph: --clean removed %d file(s) of an earlier build:\n", len(removed))
		for _, f := range removed {
			fmt.Fprintf(s.ErrOut, "  %s\n", filepath.Join(dir, filepath.FromSlash(f)))
		}
	}
	for _, f := range kept {
		fmt.Fprintf(s.ErrOut, "citegraph: kept %s: an earlier build wrote it, but it was edited since\n", filepath.Join(dir, filepath.FromSlash(f)))
	}
}

// reportWarnings points at -v when the run logged warnings it did not print.
func reportWarnings(s *streams, l *runLog) {
	if n := l.Warnings(); n > 0 && !l.verbose {
		fmt.Fprintf(s.ErrOut, "citegraph: %d more warning(s) were logged; run again with -v to see them\n", n)
	}
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
		fmt.Fprintf(s.ErrOut, "  %s: %s %q: %s\n", r.Entry.Pos(), r.Status, what, shorten(entryReason(r), 240))
	}
	if n > maxLines {
		fmt.Fprintf(s.ErrOut, "  ... and %d more (see report.md or resolution.json)\n", n-maxLines)
	}
}

// entryReason says in the run's own words why an entry is not resolved.
func entryReason(r fetch.Resolution) string {
	var re *fetch.RetryError
	switch {
	case errors.Is(r.Err, fetch.ErrOffline):
		return "not in the cache (--offline)"
	case errors.As(r.Err, &re):
		return fmt.Sprintf("lost to server errors (%d tries, the last: %s)", re.Attempts, stripPrefixes(re.Last.Error()))
	}
	return stripPrefixes(r.Reason)
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
