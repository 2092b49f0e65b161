package load

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/citegraph/citegraph/graph"
)

// Format is the format of a graph file.
type Format string

// The formats Read knows.
const (
	// Auto picks the format of each file by its name, then by its content
	// (see Read).
	Auto Format = ""
	// TSV is an edge list: one citation per line, `citing<TAB>cited`
	// (or separated by spaces when a line has no tab).
	TSV Format = "tsv"
	// CSV is an edge list in RFC 4180 CSV: `citing,cited` per record.
	CSV Format = "csv"
	// GraphML is a directed GraphML graph.
	GraphML Format = "graphml"
	// S2 is the Semantic Scholar Datasets "citations" dataset: JSON Lines
	// with the fields citingcorpusid and citedcorpusid.
	S2 Format = "s2"
)

// Formats lists the formats a user can name.
var Formats = []Format{TSV, CSV, GraphML, S2}

// ParseFormat returns the format named s ("" or "auto" is Auto).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case "", "auto":
		return Auto, nil
	case TSV, CSV, GraphML, S2:
		return f, nil
	}
	return "", fmt.Errorf("unknown graph format %q (want auto, tsv, csv, graphml or s2)", s)
}

// Problem is an input line that was skipped, or the point where a file
// stopped being readable.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p *Problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// MaxProblems is the number of problems kept in full; the rest are only
// counted.
const MaxProblems = 1000

// Options tune Read.
type Options struct {
	// Format of every file; Auto (the zero value) decides per file.
	Format Format
	// Progress, if not nil, is called from time to time with the bytes read
	// so far (as stored on disk, compressed or not) and the total size of
	// the files.
	Progress func(read, total int64)
	// OnEdge, if not nil, is called with every edge as it is read (keys
	// valid; self-loops left out; repeats not), in file order; an error it
	// returns stops Read. The slices are valid only during the call.
	OnEdge func(from, to []byte) error
	// EdgesOnly skips building the graph (Read returns an empty one, with
	// Stats and Problems): for streaming edges through OnEdge from inputs
	// too big to hold.
	EdgesOnly bool
}

// Graph is a graph read from files, with what is known of its nodes.
type Graph struct {
	*graph.Compact
	// Meta holds the node metadata the files carried (GraphML attributes),
	// and what ReadPapers adds.
	Meta *Meta
	// Stats counts what was read and dropped.
	Stats Stats
	// Problems are the first MaxProblems lines skipped, in reading order.
	Problems []*Problem
	// ProblemCount counts every line skipped.
	ProblemCount int
}

// Stats counts what Read read and dropped.
type Stats struct {
	Files   int
	Records int // edge records read (lines, CSV records, GraphML edges)
	graph.CompactStats
	// UnknownEnds counts S2 citation records whose citing or cited corpus
	// id is null (a reference Semantic Scholar could not match to a paper):
	// they give no edge.
	UnknownEnds int
	// Passed counts the edges passed to Options.OnEdge.
	Passed int
}

// Files expands the paths: a directory stands for the regular files in it
// (not in subdirectories) whose names do not start with ".", sorted by
// name. It fails on a path that does not exist.
func Files(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		var in []string
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
				continue
			}
			in = append(in, filepath.Join(p, e.Name()))
		}
		if len(in) == 0 {
			return nil, fmt.Errorf("%s: no files in the directory", p)
		}
		slices.Sort(in)
		files = append(files, in...)
	}
	return files, nil
}

// Read reads the graph in the files (see Files for directories), which may
// mix formats, and builds its Compact: nodes are numbered in ascending key
// order, self-loops and repeated edges are dropped and counted (see
// graph.CompactBuilder), so the same graph in any format and edge order
// gives the same Compact.
//
// With Auto, a file's format comes from its name (less a ".gz" suffix):
// .tsv, .txt, .edges, .ncol are TSV; .csv is CSV; .graphml and .xml are
// GraphML; .jsonl, .ndjson and .json are S2. Otherwise its first
// non-blank byte decides: "<" is GraphML, "{" is S2, and a first line with
// a tab, or else a comma, is TSV or CSV.
//
// Edge lists: a line beginning with "#" is a comment; a first line whose
// two fields are both column names (citing/cited, source/target, src/dst,
// from/to, citingcorpusid/citedcorpusid, in any case) is a header; fields
// after the second (a weight) are ignored; keys are taken as they are,
// less surrounding spaces. S2 records give keys "CorpusId:N", the form the
// Semantic Scholar API and citegraph build use. A key that is empty, not
// UTF-8 or holds control characters makes its line a Problem.
//
// Read stops early, with ctx.Err(), when ctx is done; an I/O or
// decompression error stops it with that error, naming the file.
func Read(ctx context.Context, paths []string, opt Options) (*Graph, error) {
	files, err := Files(paths)
	if err != nil {
		return nil, err
	}
	r := &reader{ctx: ctx, meta: map[string]nodeMeta{}, onEdge: opt.OnEdge, edgesOnly: opt.EdgesOnly}
	r.progress = &progress{fn: opt.Progress, total: totalSize(files)}
	for _, f := range files {
		if err := r.file(f, opt.Format); err != nil {
			return nil, err
		}
		r.stats.Files++
	}
	c, st := r.b.Compact()
	g := &Graph{Compact: c, Stats: r.stats, Problems: r.problems, ProblemCount: r.problemCount}
	g.Stats.CompactStats = st
	if r.edgesOnly {
		g.Stats.SelfLoops = r.selfLoops
	}
	if len(r.meta) > 0 {
		g.Meta = newMeta(c.Len())
		for k, m := range r.meta {
			if i, ok := c.Index(k); ok {
				g.Meta.set(i, m)
			}
		}
	}
	r.progress.done()
	return g, nil
}

// totalSize is the sum of the files' sizes.
func totalSize(files []string) int64 {
	var total int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// reader holds the state of one Read.
type reader struct {
	ctx          context.Context
	b            graph.CompactBuilder
	meta         map[string]nodeMeta // from GraphML
	stats        Stats
	problems     []*Problem
	problemCount int
	progress     *progress
	onEdge       func(from, to []byte) error
	edgesOnly    bool
	selfLoops    int // with edgesOnly
}

func (r *reader) problem(file string, line int, format string, args ...any) {
	r.problemCount++
	if len(r.problems) < MaxProblems {
		r.problems = append(r.problems, &Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
}

func (r *reader) file(path string, f Format) error {
	in, err := open(path, r.progress)
	if err != nil {
		return err
	}
	defer in.Close()
	if f == Auto {
		f = detect(path, in.br)
	}
	switch f {
	case CSV:
		err = r.csv(path, in.br)
	case GraphML:
		err = r.graphML(path, in.br)
	case S2:
		err = r.s2(path, in.br)
	default:
		err = r.tsv(path, in.br)
	}
	return err
}

// input is an open file, decompressed when gzipped.
type input struct {
	f  *os.File
	gz *gzip.Reader
	br *bufio.Reader
}

func open(path string, p *progress) (*input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	in := &input{f: f}
	raw := bufio.NewReaderSize(&countingReader{r: f, p: p}, 1<<16)
	if magic, _ := raw.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		in.gz, err = gzip.NewReader(raw)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		in.br = bufio.NewReaderSize(in.gz, 1<<20)
	} else {
		in.br = bufio.NewReaderSize(raw, 1<<20)
	}
	return in, nil
}

func (in *input) Close() error {
	if in.gz != nil {
		in.gz.Close()
	}
	return in.f.Close()
}

// readError names the file and line (when known, > 0) of an I/O or
// decompression error.
func readError(path string, line int, err error) error {
	where := path
	if line > 0 {
		where = fmt.Sprintf("%s: line %d", path, line)
	}
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: damaged or cut-off file: %w", where, err)
	}
	return fmt.Errorf("%s: %w", where, err)
}

// detect picks a file's format (see Read).
func detect(path string, br *bufio.Reader) Format {
	name := strings.ToLower(strings.TrimSuffix(strings.ToLower(filepath.Base(path)), ".gz"))
	switch filepath.Ext(name) {
	case ".tsv", ".txt", ".edges", ".ncol":
		return TSV
	case ".csv":
		return CSV
	case ".graphml", ".xml":
		return GraphML
	case ".jsonl", ".ndjson", ".json":
		return S2
	}
	head, _ := br.Peek(64 << 10)
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case len(head) == 0:
		return TSV
	case head[0] == '<':
		return GraphML
	case head[0] == '{':
		return S2
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	if !bytes.Contains(line, []byte("\t")) && bytes.Contains(line, []byte(",")) {
		return CSV
	}
	return TSV
}

// headerNames are the column names that make a first line a header.
var headerNames = map[string]bool{
	"citing": true, "cited": true, "source": true, "target": true, "src": true, "dst": true,
	"from": true, "to": true, "citingcorpusid": true, "citedcorpusid": true,
}

func isHeader(a, b []byte) bool {
	return headerNames[strings.ToLower(string(a))] && headerNames[strings.ToLower(string(b))]
}

// badKey says what is wrong with a key, or "" if nothing is.
func badKey(k []byte) string {
	if len(k) == 0 {
		return "empty id"
	}
	ascii := true
	for _, c := range k {
		if c < 0x20 || c == 0x7f {
			return fmt.Sprintf("id %q holds a control character", k)
		}
		if c >= 0x80 {
			ascii = false
		}
	}
	if !ascii && !utf8.Valid(k) {
		return fmt.Sprintf("id %q is not UTF-8", k)
	}
	return ""
}

// edge adds one edge, or records why it cannot.
func (r *reader) edge(path string, line int, from, to []byte) error {
	r.stats.Records++
	if msg := badKey(from); msg != "" {
		r.problem(path, line, "citing %s", msg)
		return nil
	}
	if msg := badKey(to); msg != "" {
		r.problem(path, line, "cited %s", msg)
		return nil
	}
	self := bytes.Equal(from, to)
	if r.onEdge != nil && !self {
		if err := r.onEdge(from, to); err != nil {
			return err
		}
		r.stats.Passed++
	}
	if r.edgesOnly {
		if self {
			r.selfLoops++
		}
		return nil
	}
	return r.b.AddEdgeBytes(from, to)
}

// tsv reads an edge list separated by tabs (or spaces).
func (r *reader) tsv(path string, br *bufio.Reader) error {
	first := true
	for line := 1; ; line++ {
		b, err := readLine(br)
		if len(b) > 0 || err == nil {
			if line&0xffff == 0 && r.ctx.Err() != nil {
				return r.ctx.Err()
			}
			if err := r.tsvLine(path, line, b, &first); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return readError(path, line, err)
		}
	}
}

func (r *reader) tsvLine(path string, line int, b []byte, first *bool) error {
	b = bytes.TrimRight(b, "\r\n")
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] == '#' {
		return nil
	}
	var from, to []byte
	if i := bytes.IndexByte(b, '\t'); i >= 0 {
		from = b[:i]
		to, _, _ = bytes.Cut(b[i+1:], []byte("\t"))
	} else {
		f := bytes.Fields(b)
		if len(f) >= 2 {
			from, to = f[0], f[1]
		}
	}
	from, to = bytes.TrimSpace(from), bytes.TrimSpace(to)
	if *first {
		*first = false
		if isHeader(from, to) {
			return nil
		}
	}
	if from == nil && to == nil {
		r.stats.Records++
		r.problem(path, line, "want two ids, citing and cited, separated by a tab")
		return nil
	}
	return r.edge(path, line, from, to)
}

// maxLine bounds a line held in memory.
const maxLine = 64 << 20

// readLine returns the next line, newline included, or what is left at the
// end of the input with io.EOF. A line longer than the reader's buffer is
// assembled in a fresh slice (up to maxLine bytes; the rest is dropped).
func readLine(br *bufio.Reader) ([]byte, error) {
	b, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return b, err
	}
	long := append([]byte(nil), b...)
	for err == bufio.ErrBufferFull {
		b, err = br.ReadSlice('\n')
		if len(long) < maxLine {
			long = append(long, b...)
		}
	}
	return long, err
}

// countingReader counts the bytes read from a file for progress reports.
type countingReader struct {
	r io.Reader
	p *progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.add(int64(n))
	return n, err
}

// progress reports bytes read, at most every 4 MiB.
type progress struct {
	fn         func(read, total int64)
	total      int64
	read, last atomic.Int64
}

func (p *progress) add(n int64) {
	if p == nil || p.fn == nil {
		return
	}
	r := p.read.Add(n)
	if r-p.last.Load() >= 4<<20 {
		p.last.Store(r)
		p.fn(r, p.total)
	}
}

func (p *progress) done() {
	if p != nil && p.fn != nil {
		p.fn(p.read.Load(), p.total)
	}
}
