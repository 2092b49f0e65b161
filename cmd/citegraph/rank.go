package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
	"github.com/citegraph/citegraph/graph/load"
	"github.com/citegraph/citegraph/out"
)

// rankOptions are the parsed flags and injected dependencies of
// "citegraph rank".
type rankOptions struct {
	IO     *streams
	Graphs []string // files or directories
	OutDir string
	Format string
	Papers []string // metadata files or directories
	// Betweenness is "exact" or "off"; Samples > 0 asks for the estimate
	// from that many pivots instead of the exact value.
	Betweenness string
	Samples     int
	Top         int
	Export      string // "" or "parquet"
	// ExportOnly streams the edges to edges.parquet without building or
	// ranking the graph.
	ExportOnly bool
	// Force overwrites files in OutDir that citegraph did not write.
	Force   bool
	Quiet   bool
	Verbose bool
}

func newCmdRank(s *streams, runF func(context.Context, *rankOptions) error) *cobra.Command {
	opts := &rankOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "rank GRAPH...",
		Short: "Rank the papers of an external citation graph (up to millions of papers)",
		Long: `Rank reads a citation graph and ranks its papers by PageRank, with HITS hub and
authority scores, betweenness and citation counts, into --out:

  rankings.json, rankings.csv   every paper, by rank (the schema of citegraph build)
  rankings.md                   the --top papers as a table
  edges.parquet, vertices.parquet   with --export parquet: the graph for Apache Spark
                                (--export-only: just the edges, streamed, nothing ranked)

GRAPH is one or more files or directories (every file in it), each one of:
  TSV or CSV edge list   one citation per line: citing id, cited id (.tsv .txt .csv)
  GraphML                as citegraph build writes it (.graphml)
  Semantic Scholar Datasets "citations" shards: JSON Lines, gzipped or not,
                         with citingcorpusid and citedcorpusid (ids become CorpusId:N)
Files are read streaming; gzipped files are decompressed on the fly. A line
that cannot be read is reported with its file and line and skipped.

--papers adds titles, years and citation counts: Semantic Scholar "papers"
shards (corpusid, title, year, citationcount) or a CSV with a header naming
id (or corpusid) and any of title, year, citationcount.

Betweenness is exact by default (Brandes on all cores; minutes for millions of
papers); --betweenness-samples K estimates it from K pivots (see the README for
the error bound) and --betweenness off skips it.

A file in --out that citegraph did not write (or that was edited since) stops
the run before anything is read; --force overwrites it.`,
		Example: `  citegraph rank citations.tsv --out ranked/
  citegraph rank s2/citations/ --papers s2/papers/ --betweenness-samples 2000
  citegraph rank citegraph-out/graph.graphml --betweenness off --export parquet`,
		Args: positionalArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Graphs = args
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return rankRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.OutDir, "out", "o", "citegraph-rank", "directory to write the rankings into")
	f.StringVar(&opts.Format, "format", "auto", "format of the graph files: auto, tsv, csv, graphml or s2")
	f.StringArrayVar(&opts.Papers, "papers", nil, "paper metadata (titles, years, citation counts): S2 papers shards or a CSV; repeatable")
	f.StringVar(&opts.Betweenness, "betweenness", "exact", "betweenness centrality: exact or off")
	f.IntVar(&opts.Samples, "betweenness-samples", 0, "estimate betweenness from this many sampled pivots (0: exact)")
	f.IntVar(&opts.Top, "top", 100, "rows of rankings.md")
	f.StringVar(&opts.Export, "export", "", "also write the graph as: parquet (edges.parquet, vertices.parquet)")
	f.BoolVar(&opts.ExportOnly, "export-only", false, "with --export parquet: only stream the edges into edges.parquet (for graphs too big to rank here)")
	f.BoolVar(&opts.Force, "force", false, "overwrite files in --out that citegraph did not write (or that were edited since)")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "no progress and no summary; errors only")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "log each step and its time")
	return cmd
}

// check validates the flags.
func (o *rankOptions) check() error {
	if _, err := load.ParseFormat(o.Format); err != nil {
		return usageErrorf("--format: %v", err)
	}
	switch o.Betweenness {
	case "exact", "off":
	default:
		return usageErrorf("--betweenness must be exact or off, not %q", o.Betweenness)
	}
	if o.Samples < 0 {
		return usageErrorf("--betweenness-samples must be 0 (exact) or more, not %d", o.Samples)
	}
	if o.Samples > 0 && o.Betweenness == "off" {
		return usageErrorf("--betweenness-samples asks for betweenness, which --betweenness off turns off")
	}
	if o.Top < 0 {
		return usageErrorf("--top must be 0 or more, not %d", o.Top)
	}
	switch o.Export {
	case "", "parquet":
	default:
		return usageErrorf("--export knows only parquet, not %q", o.Export)
	}
	if o.ExportOnly && o.Export == "" {
		return usageErrorf("--export-only needs --export parquet")
	}
	if strings.TrimSpace(o.OutDir) == "" {
		return usageErrorf("--out must name a directory")
	}
	return nil
}

// maxProblemLines is the number of problems printed on stderr.
const maxProblemLines = 20

func rankRun(ctx context.Context, opts *rankOptions) error {
	s := opts.IO
	logger := newLogger(s, opts.Quiet, opts.Verbose)
	started := time.Now()
	// The output directory is checked before any work.
	if fi, err := os.Stat(opts.OutDir); err == nil && !fi.IsDir() {
		return usageErrorf("--out %s is a file; rank writes a directory of rankings there", opts.OutDir)
	}
	dir, err := out.OpenDir(opts.OutDir, "rank", opts.Force)
	if err != nil {
		return err
	}
	if err := dir.Check(rankFiles(opts)); err != nil {
		return err
	}
	format, _ := load.ParseFormat(opts.Format)

	step := time.Now()
	g, err := readGraph(ctx, opts, dir, format, logger)
	if err != nil {
		return err
	}
	logger.Info("read the graph", "papers", g.Len(), "citations", g.NumEdges(), "took", since(step))
	if opts.ExportOnly {
		if !opts.Quiet {
			reportProblems(s.ErrOut, g)
			fmt.Fprintf(s.ErrOut, "citegraph: wrote %s (repeats kept, self-citations left out) from %s to %s; done in %s\n",
				countOf(g.Stats.Passed, "citation"), countOf(g.Stats.Files, "file"), filepath.Join(opts.OutDir, "edges.parquet"), since(started))
		}
		return nil
	}
	if len(opts.Papers) > 0 {
		step = time.Now()
		prog := newProgress(ctx, s, opts.Quiet, "reading papers", nil)
		prog.start(1)
		ps, err := load.ReadPapers(ctx, g, opts.Papers, load.Options{Progress: bytesProgress(prog)})
		prog.finish()
		if err != nil {
			return err
		}
		logger.Info("read paper metadata", "records", ps.Records, "of the graph", ps.Matched, "took", since(step))
	}
	if !opts.Quiet {
		reportProblems(s.ErrOut, g)
	}
	if g.Len() == 0 {
		return fmt.Errorf("no citation could be read from %s; nothing was written", strings.Join(opts.Graphs, ", "))
	}

	step = time.Now()
	pr := g.PageRank(graph.Damping, graph.PageRankTol)
	logger.Info("PageRank", "took", since(step))
	step = time.Now()
	hub, auth := g.HITS(graph.HITSTol)
	logger.Info("HITS", "took", since(step))
	bc, err := rankBetweenness(ctx, g, opts, logger)
	if err != nil {
		return err
	}

	step = time.Now()
	global := func(i int) int { return -1 }
	if g.Meta != nil {
		global = func(i int) int { return int(g.Meta.Citations[i]) }
	}
	order := g.RankOrder(pr, global)
	score := func(rank int) graph.Score {
		i := int(order[rank])
		sc := graph.Score{
			Rank: rank + 1, Key: g.Key(i), LocalCitations: g.InDegree(i),
			PageRank: pr[i], Authority: auth[i], Hub: hub[i], Betweenness: math.NaN(),
			Paper: &bib.Paper{},
		}
		if bc != nil {
			sc.Betweenness = bc[i]
		}
		if m := g.Meta; m != nil {
			sc.Paper.Title, sc.Paper.Year = m.Title[i], int(m.Year[i])
			if c := int(m.Citations[i]); c >= 0 {
				sc.GlobalCitations = &c
				sc.Paper.CitationCount = &c
			}
		}
		return sc
	}
	written, err := writeRankFiles(ctx, opts, dir, g, order, score, logger)
	if err != nil {
		return fmt.Errorf("writing %s: %w", opts.OutDir, err)
	}
	logger.Info("wrote the rankings", "took", since(step))
	if !opts.Quiet {
		st := g.Stats
		fmt.Fprintf(s.ErrOut, "citegraph: %d papers, %d citations from %s", g.Len(), g.NumEdges(), countOf(st.Files, "file"))
		var dropped []string
		if st.SelfLoops > 0 {
			dropped = append(dropped, countOf(st.SelfLoops, "self-citation"))
		}
		if st.Duplicates > 0 {
			dropped = append(dropped, countOf(st.Duplicates, "repeated citation"))
		}
		if st.UnknownEnds > 0 {
			dropped = append(dropped, fmt.Sprintf("%d with an unknown end (null corpus id)", st.UnknownEnds))
		}
		if len(dropped) > 0 {
			fmt.Fprintf(s.ErrOut, " (dropped: %s)", strings.Join(dropped, ", "))
		}
		fmt.Fprintln(s.ErrOut)
		if t, y, c := g.Meta.Known(); len(opts.Papers) > 0 || t+y+c > 0 {
			fmt.Fprintf(s.ErrOut, "citegraph: known: %d titles, %d years, %d citation counts\n", t, y, c)
		}
		fmt.Fprintf(s.ErrOut, "citegraph: wrote %s to %s; done in %s\n", countOf(written, "file"), opts.OutDir, since(started))
	}
	return nil
}

// readGraph reads the graph, drawing progress; with --export parquet it
// streams the edges into edges.parquet as they are read.
func readGraph(ctx context.Context, opts *rankOptions, dir *out.Dir, format load.Format, logger *runLog) (*load.Graph, error) {
	prog := newProgress(ctx, opts.IO, opts.Quiet, "reading", nil)
	prog.start(1)
	defer prog.finish()
	lo := load.Options{Format: format, Progress: bytesProgress(prog), EdgesOnly: opts.ExportOnly}
	if opts.Export != "parquet" {
		return load.Read(ctx, opts.Graphs, lo)
	}
	var g *load.Graph
	_, err := dir.Write(ctx, []out.File{{Rel: "edges.parquet", Write: func(w io.Writer) error {
		ew := out.NewEdgesParquetWriter(w)
		lo.OnEdge = func(from, to []byte) error { return ew.Add(string(from), string(to)) }
		var err error
		if g, err = load.Read(ctx, opts.Graphs, lo); err != nil {
			return err
		}
		if g.Stats.Passed == 0 { // a failed run writes nothing
			return fmt.Errorf("no citation could be read from %s; nothing was written", strings.Join(opts.Graphs, ", "))
		}
		return ew.Close()
	}}}, logger.Logger)
	if err != nil {
		return nil, err
	}
	return g, nil
}

// rankBetweenness computes betweenness as the flags ask (nil when off),
// drawing progress over the sources.
func rankBetweenness(ctx context.Context, g *load.Graph, opts *rankOptions, logger *runLog) ([]float64, error) {
	if opts.Betweenness == "off" {
		return nil, nil
	}
	step := time.Now()
	prog := newProgress(ctx, opts.IO, opts.Quiet, "betweenness", nil)
	total := g.Len()
	if opts.Samples > 0 {
		total = min(opts.Samples, g.Len())
	}
	prog.start(total)
	bc, err := g.Betweenness(ctx, graph.BetweennessOptions{
		Samples:  opts.Samples,
		Seed:     graph.DefaultBetweennessSeed,
		Progress: prog.update,
	})
	prog.finish()
	if err != nil {
		return nil, err
	}
	logger.Info("betweenness", "sources", total, "took", since(step))
	return bc, nil
}

// rankFiles are the files rank writes into --out.
func rankFiles(o *rankOptions) []string {
	if o.ExportOnly {
		return []string{"edges.parquet"}
	}
	fs := []string{"rankings.json", "rankings.csv", "rankings.md"}
	if o.Export == "parquet" {
		fs = append(fs, "edges.parquet", "vertices.parquet")
	}
	return fs
}

// writeRankFiles writes the rankings (and vertices.parquet) of citegraph
// rank and returns how many files it wrote, edges.parquet included.
func writeRankFiles(ctx context.Context, opts *rankOptions, dir *out.Dir, g *load.Graph, order []int32, score func(rank int) graph.Score, logger *runLog) (int, error) {
	stream := func(json bool) func(io.Writer) error {
		return func(w io.Writer) error {
			var st *out.RankingsStream
			if json {
				st = out.NewRankingsStream(w, nil)
			} else {
				st = out.NewRankingsStream(nil, w)
			}
			for r := range order {
				sc := score(r)
				if err := st.Write(&sc); err != nil {
					return err
				}
			}
			return st.Close()
		}
	}
	top := make([]graph.Score, min(opts.Top, len(order)))
	for r := range top {
		top[r] = score(r)
	}
	intro := fmt.Sprintf("The %d papers of %s with the highest PageRank, of %d papers and %d citations. "+
		"*Cit. in graph*: citations from papers of the graph. *Global cit.*: the citation count of the paper metadata, where given. "+
		"PageRank, authority and hub each sum to 1 over the graph; betweenness is normalised to 0–1%s. "+
		"Every paper is in rankings.csv and rankings.json.",
		len(top), mdInline(strings.Join(opts.Graphs, ", ")), g.Len(), g.NumEdges(), betweennessNote(opts))
	files := []out.File{
		{Rel: "rankings.json", Write: stream(true)},
		{Rel: "rankings.csv", Write: stream(false)},
		{Rel: "rankings.md", Write: func(w io.Writer) error {
			return out.WriteTopRankings(w, "Top papers by PageRank", intro, top)
		}},
	}
	n := 0
	if opts.Export == "parquet" {
		n++ // edges.parquet, written while reading
		var info out.VertexInfo
		if m := g.Meta; m != nil {
			info = func(i int) (string, int, int) { return m.Title[i], int(m.Year[i]), int(m.Citations[i]) }
		}
		files = append(files, out.File{Rel: "vertices.parquet", Write: func(w io.Writer) error {
			return out.WriteVerticesParquet(w, g.Compact, info)
		}})
	}
	written, err := dir.Write(ctx, files, logger.Logger)
	return n + len(written), err
}

func betweennessNote(o *rankOptions) string {
	switch {
	case o.Betweenness == "off":
		return " (not computed: --betweenness off)"
	case o.Samples > 0:
		return fmt.Sprintf(" (estimated from %d sampled pivots)", o.Samples)
	}
	return ""
}

// mdInline escapes text for a Markdown paragraph.
func mdInline(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]", "<", "&lt;", ">", "&gt;", "|", "\\|")
	return r.Replace(s)
}

// reportProblems prints the first problems of a read on stderr.
func reportProblems(w io.Writer, g *load.Graph) {
	if g.ProblemCount == 0 {
		return
	}
	fmt.Fprintf(w, "citegraph: %s skipped:\n", countOf(g.ProblemCount, "line"))
	for i, p := range g.Problems {
		if i == maxProblemLines {
			break
		}
		fmt.Fprintf(w, "  %s\n", shorten(p.Error(), 300))
	}
	if g.ProblemCount > maxProblemLines {
		fmt.Fprintf(w, "  ... and %d more\n", g.ProblemCount-maxProblemLines)
	}
}

// bytesProgress adapts a progress bar to load's byte counts.
func bytesProgress(p *progress) func(read, total int64) {
	return func(read, total int64) {
		if total > 0 {
			p.update(int(min(read, total)), int(total))
		}
	}
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }
