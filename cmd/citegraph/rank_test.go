package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
	"github.com/citegraph/citegraph/graph/price"
	"github.com/citegraph/citegraph/out"
)

func TestRankFlags(t *testing.T) {
	tests := []struct {
		argv string
		want func(t *testing.T, o *rankOptions)
	}{
		{"g.tsv", func(t *testing.T, o *rankOptions) {
			if !slices.Equal(o.Graphs, []string{"g.tsv"}) || o.OutDir != "citegraph-rank" || o.Betweenness != "exact" ||
				o.Samples != 0 || o.Top != 100 || o.Export != "" || o.Format != "auto" || o.Quiet {
				t.Errorf("got %+v", o)
			}
		}},
		{"a.gz b.gz --out x --papers p1 --papers p2 --betweenness-samples 500 --top 5 --export parquet --format s2 -q", func(t *testing.T, o *rankOptions) {
			if !slices.Equal(o.Graphs, []string{"a.gz", "b.gz"}) || o.OutDir != "x" || !slices.Equal(o.Papers, []string{"p1", "p2"}) ||
				o.Samples != 500 || o.Top != 5 || o.Export != "parquet" || o.Format != "s2" || !o.Quiet {
				t.Errorf("got %+v", o)
			}
		}},
		{"g.tsv --betweenness off", func(t *testing.T, o *rankOptions) {
			if o.Betweenness != "off" {
				t.Errorf("got %+v", o)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.argv, func(t *testing.T) {
			tt.want(t, parsedOptions(t, newCmdRank, tt.argv))
		})
	}
}

func TestRankExitCodes(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.tsv")
	os.WriteFile(empty, []byte("# nothing\n"), 0o644)
	tests := []struct {
		argv    string
		want    exitCode
		errWant string
	}{
		{"rank", exitUsage, "requires at least 1 arg"},
		{"rank g.tsv --betweenness approx", exitUsage, "--betweenness must be exact or off"},
		{"rank g.tsv --betweenness off --betweenness-samples 10", exitUsage, "--betweenness-samples"},
		{"rank g.tsv --betweenness-samples -1", exitUsage, "--betweenness-samples"},
		{"rank g.tsv --format xml", exitUsage, "--format"},
		{"rank g.tsv --export csv", exitUsage, "--export"},
		{"rank g.tsv --top -1", exitUsage, "--top"},
		{"rank g.tsv --export-only", exitUsage, "--export-only needs --export parquet"},
		{"rank /nonexistent/g.tsv -o " + dir, exitError, "/nonexistent/g.tsv"},
		{"rank " + empty + " -o " + filepath.Join(dir, "o"), exitError, "no citation could be read"},
		{"rank " + empty + " --export parquet --export-only -o " + filepath.Join(dir, "o"), exitError, "no citation could be read"},
		{"rank " + empty + " --export parquet -o " + filepath.Join(dir, "o"), exitError, "no citation could be read"},
	}
	for _, tt := range tests {
		t.Run(tt.argv, func(t *testing.T) { runExpect(t, tt.argv, tt.want, tt.errWant) })
	}
	for _, f := range []string{"rankings.csv", "edges.parquet"} {
		if _, err := os.Stat(filepath.Join(dir, "o", f)); err == nil {
			t.Errorf("a graph with no citation wrote %s", f)
		}
	}
}

// sample is a citation graph of Price's model with Semantic Scholar corpus
// ids, titles, years and citation counts.
type sample struct {
	ids    []int // corpus id of paper i
	edges  [][2]int
	titles []string
	years  []int
}

func newSample(n int) *sample {
	s := &sample{}
	for i := range n {
		s.ids = append(s.ids, 1000003+i*7919%1000000) // distinct, not in arrival order
		s.titles = append(s.titles, fmt.Sprintf("Paper %d: a <study> & \"more\"", i))
		s.years = append(s.years, 1990+i*30/n)
	}
	price.Edges(n, 10, 3, func(u, v int) { s.edges = append(s.edges, [2]int{u, v}) })
	return s
}

func (s *sample) key(i int) string { return fmt.Sprintf("CorpusId:%d", s.ids[i]) }

func (s *sample) citations(i int) int { return 3*i%17 + 1 }

func writeGzip(t *testing.T, path string, data []byte) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeS2 writes the sample as the Semantic Scholar Datasets would: three
// gzipped JSON Lines shards of citations (shuffled, with references to
// papers outside the corpus: null cited ids) and one papers shard.
func (s *sample) writeS2(t *testing.T, dir string) (citations, papers string) {
	citations, papers = filepath.Join(dir, "citations"), filepath.Join(dir, "papers")
	os.MkdirAll(citations, 0o755)
	os.MkdirAll(papers, 0o755)
	es := slices.Clone(s.edges)
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(es), func(i, j int) { es[i], es[j] = es[j], es[i] })
	var shards [3]bytes.Buffer
	for k, e := range es {
		rec := map[string]any{
			"citationid": 5000000 + k, "citingcorpusid": s.ids[e[0]], "citedcorpusid": s.ids[e[1]],
			"isinfluential": k%5 == 0, "contexts": []string{"as shown by \"citedcorpusid\": 1 {sic}"}, "intents": [][]string{{"background"}},
		}
		b, _ := json.Marshal(rec)
		shards[k%3].Write(append(b, '\n'))
		if k%50 == 0 {
			fmt.Fprintf(&shards[k%3], `{"citationid": %d, "citingcorpusid": %d, "citedcorpusid": null, "isinfluential": false, "contexts": null, "intents": null}`+"\n", k, s.ids[e[0]])
		}
	}
	for k := range shards {
		writeGzip(t, filepath.Join(citations, fmt.Sprintf("part-%05d.gz", k)), shards[k].Bytes())
	}
	var ps bytes.Buffer
	for i := range s.ids {
		b, _ := json.Marshal(map[string]any{
			"corpusid": s.ids[i], "externalids": map[string]any{"CorpusId": fmt.Sprint(s.ids[i])}, "title": s.titles[i],
			"year": s.years[i], "citationcount": s.citations(i), "authors": []map[string]string{{"name": "A. Author"}},
		})
		ps.Write(append(b, '\n'))
	}
	writeGzip(t, filepath.Join(papers, "part-00000.gz"), ps.Bytes())
	return citations, papers
}

// writeTSV writes the sample as a TSV edge list in arrival order and its
// metadata as a CSV.
func (s *sample) writeTSV(t *testing.T, dir string) (edges, meta string) {
	var b bytes.Buffer
	b.WriteString("citing\tcited\n")
	for _, e := range s.edges {
		fmt.Fprintf(&b, "%s\t%s\n", s.key(e[0]), s.key(e[1]))
	}
	edges, meta = filepath.Join(dir, "edges.tsv"), filepath.Join(dir, "papers.csv")
	os.WriteFile(edges, b.Bytes(), 0o644)
	var m bytes.Buffer
	m.WriteString("corpusid,title,year,citationCount\n")
	for i := range s.ids {
		fmt.Fprintf(&m, "%d,%q,%d,%d\n", s.ids[i], strings.ReplaceAll(s.titles[i], `"`, `""`), s.years[i], s.citations(i))
	}
	os.WriteFile(meta, bytes.ReplaceAll(m.Bytes(), []byte(`\"`), []byte(`"`)), 0o644)
	return edges, meta
}

// writeGraphML writes the sample as citegraph build does: graph.Build over
// papers whose references name their cited papers by corpus id, written by
// out.WriteGraphML.
func (s *sample) writeGraphML(t *testing.T, dir string) string {
	refs := make([][]bib.Paper, len(s.ids))
	for _, e := range s.edges {
		refs[e[0]] = append(refs[e[0]], bib.Paper{CorpusID: bib.FlexString(fmt.Sprint(s.ids[e[1]]))})
	}
	var ms []graph.Member
	for i := range s.ids {
		c := s.citations(i)
		r := refs[i]
		if r == nil {
			r = []bib.Paper{}
		}
		ms = append(ms, graph.Member{Paper: &bib.Paper{
			CorpusID: bib.FlexString(fmt.Sprint(s.ids[i])), Title: s.titles[i], Year: s.years[i], CitationCount: &c, References: &r,
		}})
	}
	g := graph.Build(ms, nil)
	if g.Len() != len(s.ids) || len(g.Edges()) != len(s.edges) {
		t.Fatalf("graph.Build made %d nodes, %d edges of %d, %d", g.Len(), len(g.Edges()), len(s.ids), len(s.edges))
	}
	path := filepath.Join(dir, "graph.graphml")
	if err := out.WriteFileAtomic(path, func(w io.Writer) error {
		return out.WriteGraphML(w, g, out.GraphMLData{Credit: "credit", Scores: g.Rank(2024)})
	}); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRankSameAcrossFormats: the same graph as Semantic Scholar Datasets
// shards (three gzipped JSON Lines files, shuffled, with a papers shard),
// as a TSV edge list (with a CSV of metadata) and as the GraphML citegraph
// build writes gives the same rankings, byte for byte.
func TestRankSameAcrossFormats(t *testing.T) {
	dir := t.TempDir()
	s := newSample(3000)
	cit, pap := s.writeS2(t, dir)
	tsv, meta := s.writeTSV(t, dir)
	gml := s.writeGraphML(t, dir)
	runs := map[string][]string{
		"s2":      {"rank", cit, "--papers", pap},
		"tsv":     {"rank", tsv, "--papers", meta, "--export", "parquet"},
		"graphml": {"rank", gml, "--top", "10"},
	}
	got := map[string]map[string][]byte{}
	for name, argv := range runs {
		o := filepath.Join(dir, "out-"+name)
		st, _, errOut := testStreams()
		if code := run(context.Background(), append(argv, "--out", o), st); code != exitOK {
			t.Fatalf("%s: exit %d\n%s", name, code, errOut)
		}
		if name == "s2" && !strings.Contains(errOut.String(), fmt.Sprintf("dropped: %d with an unknown end (null corpus id)", (len(s.edges)+49)/50)) {
			t.Errorf("s2: stderr does not count the null cited ids:\n%s", errOut)
		}
		if !strings.Contains(errOut.String(), fmt.Sprintf("%d papers, %d citations", len(s.ids), len(s.edges))) ||
			!strings.Contains(errOut.String(), fmt.Sprintf("known: %d titles, %d years, %d citation counts", len(s.ids), len(s.ids), len(s.ids))) {
			t.Errorf("%s: stderr:\n%s", name, errOut)
		}
		got[name] = map[string][]byte{}
		for _, f := range []string{"rankings.csv", "rankings.json"} {
			b, err := os.ReadFile(filepath.Join(o, f))
			if err != nil {
				t.Fatal(err)
			}
			got[name][f] = b
		}
	}
	for _, f := range []string{"rankings.csv", "rankings.json"} {
		for _, name := range []string{"tsv", "graphml"} {
			if !bytes.Equal(got[name][f], got["s2"][f]) {
				t.Errorf("%s from %s differs from the S2 shards' (%d vs %d bytes)", f, name, len(got[name][f]), len(got["s2"][f]))
			}
		}
	}

	// The ranking itself: rankings.json parses, is sorted, and its top is
	// the most cited paper of the Price model (paper 0 or close).
	var recs []struct {
		Rank        int      `json:"rank"`
		ID          string   `json:"id"`
		Title       string   `json:"title"`
		Year        int      `json:"year"`
		Local       int      `json:"localCitations"`
		Global      *int     `json:"globalCitations"`
		PageRank    float64  `json:"pagerank"`
		Betweenness *float64 `json:"betweenness"`
	}
	if err := json.Unmarshal(got["s2"]["rankings.json"], &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(s.ids) {
		t.Fatalf("rankings.json has %d papers; want %d", len(recs), len(s.ids))
	}
	for i, r := range recs {
		if r.Rank != i+1 || (i > 0 && math.Round(r.PageRank*1e12) > math.Round(recs[i-1].PageRank*1e12)) || r.Betweenness == nil || r.Title == "" || r.Global == nil {
			t.Fatalf("record %d: %+v", i, r)
		}
	}
	md, _ := os.ReadFile(filepath.Join(dir, "out-graphml", "rankings.md"))
	if rows := strings.Count(string(md), "\n| ") - 2; rows != 10 { // less the header and the rule
		t.Errorf("rankings.md with --top 10 has %d rows:\n%s", rows, md)
	}

	// --export parquet: the edges and vertices read back with parquet-go.
	edges, err := parquet.ReadFile[out.EdgeRow](filepath.Join(dir, "out-tsv", "edges.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	var want, have []string
	for _, e := range s.edges {
		want = append(want, s.key(e[0])+">"+s.key(e[1]))
	}
	for _, e := range edges {
		have = append(have, e.Src+">"+e.Dst)
	}
	slices.Sort(want)
	slices.Sort(have)
	if !slices.Equal(have, want) {
		t.Errorf("edges.parquet holds %d edges, not the graph's %d", len(have), len(want))
	}
	verts, err := parquet.ReadFile[out.VertexRow](filepath.Join(dir, "out-tsv", "vertices.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(verts) != len(s.ids) {
		t.Fatalf("vertices.parquet has %d rows; want %d", len(verts), len(s.ids))
	}
	for _, v := range verts {
		if v.Title == nil || v.Year == nil || v.CitationCount == nil || !strings.HasPrefix(v.ID, "CorpusId:") {
			t.Fatalf("vertex %+v lacks its metadata", v)
		}
	}
}

// TestRankReportsBadLines: a bad line is reported with file and line and
// the rest is ranked; --betweenness off leaves betweenness empty.
func TestRankReportsBadLines(t *testing.T) {
	dir := t.TempDir()
	g := filepath.Join(dir, "g.tsv")
	os.WriteFile(g, []byte("b\ta\nonly-one-field\nc\ta\nc\tb\n"), 0o644)
	st, _, errOut := testStreams()
	o := filepath.Join(dir, "out")
	if code := run(context.Background(), []string{"rank", g, "--betweenness", "off", "-o", o}, st); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut.String(), "1 line skipped:\n  "+g+":2: want two ids") {
		t.Errorf("stderr does not name the bad line:\n%s", errOut)
	}
	csv, _ := os.ReadFile(filepath.Join(o, "rankings.csv"))
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "1,a,,,,,,2,,") || !strings.HasSuffix(lines[1], ",,") {
		t.Errorf("rankings.csv:\n%s", csv)
	}
}

// TestRankExportOnly: --export-only streams the citations read into
// edges.parquet (repeats kept, self-citations and bad lines left out) and
// ranks nothing.
func TestRankExportOnly(t *testing.T) {
	dir := t.TempDir()
	g := filepath.Join(dir, "g.tsv")
	os.WriteFile(g, []byte("b\ta\nc\tc\nc\ta\nbad\nb\ta\n"), 0o644)
	st, _, errOut := testStreams()
	o := filepath.Join(dir, "out")
	if code := run(context.Background(), []string{"rank", g, "--export", "parquet", "--export-only", "-o", o}, st); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut.String(), "wrote 3 citations (repeats kept, self-citations left out) from 1 file") {
		t.Errorf("stderr:\n%s", errOut)
	}
	rows, err := parquet.ReadFile[out.EdgeRow](filepath.Join(o, "edges.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	want := []out.EdgeRow{{Src: "b", Dst: "a"}, {Src: "c", Dst: "a"}, {Src: "b", Dst: "a"}}
	if !slices.Equal(rows, want) {
		t.Errorf("edges.parquet = %v; want %v", rows, want)
	}
	ents, _ := os.ReadDir(o)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if want := []string{out.ManifestName, "edges.parquet"}; !slices.Equal(names, want) {
		t.Errorf("--export-only wrote %q; want %q", names, want)
	}
}

// TestSparkTopListIsAReadingList: top.txt as the README's Spark recipe
// writes it (a family heading, then one "CorpusId:N" per line, as
// citegraph rank names Semantic Scholar papers) is a reading list that
// citegraph build resolves by corpus id, global rank = line − 1.
func TestSparkTopListIsAReadingList(t *testing.T) {
	top := "## Top 200 by global PageRank\nCorpusId:1000003\nCorpusId:42\n"
	list, err := bib.Parse("top.txt", []byte(top))
	if err != nil {
		t.Fatal(err)
	}
	ps := list.Papers()
	if len(ps) != 2 || len(list.Problems) != 0 {
		t.Fatalf("%d papers, problems %v; want 2 and none", len(ps), list.Problems)
	}
	for i, want := range []string{"1000003", "42"} {
		e := ps[i]
		if e.IDs.CorpusID != want || e.Line != i+2 || e.Family != "Top 200 by global PageRank" || e.Title != "" {
			t.Errorf("entry %d: corpus id %q line %d family %q title %q", i, e.IDs.CorpusID, e.Line, e.Family, e.Title)
		}
		if got := e.IDs.APIID(); got != "CorpusId:"+want {
			t.Errorf("entry %d is looked up as %q; want CorpusId:%s", i, got, want)
		}
	}
}

// TestRankKeepsForeignFiles: a rankings.csv that citegraph did not write
// stops rank before it reads anything; --force overwrites it; a second
// run overwrites its own files.
func TestRankKeepsForeignFiles(t *testing.T) {
	dir := t.TempDir()
	g := filepath.Join(dir, "g.tsv")
	os.WriteFile(g, []byte("b\ta\n"), 0o644)
	o := filepath.Join(dir, "out")
	os.MkdirAll(o, 0o755)
	mine := filepath.Join(o, "rankings.csv")
	os.WriteFile(mine, []byte("my own\n"), 0o644)
	st, _, errOut := testStreams()
	if code := run(context.Background(), []string{"rank", g, "-o", o}, st); code == exitOK {
		t.Fatalf("rank overwrote a foreign rankings.csv")
	}
	if b, _ := os.ReadFile(mine); string(b) != "my own\n" || !strings.Contains(errOut.String(), "rankings.csv") {
		t.Errorf("rankings.csv = %q; stderr:\n%s", b, errOut)
	}
	if _, err := os.Stat(filepath.Join(o, "rankings.json")); err == nil {
		t.Error("rank wrote rankings.json although it stopped")
	}
	for _, argv := range [][]string{{"rank", g, "-o", o, "--force"}, {"rank", g, "-o", o}} {
		st, _, errOut = testStreams()
		if code := run(context.Background(), argv, st); code != exitOK {
			t.Fatalf("%q: exit %d\n%s", argv, code, errOut)
		}
	}
	if b, _ := os.ReadFile(mine); !strings.HasPrefix(string(b), "rank,id,") {
		t.Errorf("rankings.csv after --force = %q", b)
	}
}
