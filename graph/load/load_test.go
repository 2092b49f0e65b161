package load

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/graph"
)

// write writes a file in dir, gzipped when name ends in .gz.
func write(t testing.TB, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	data := []byte(content)
	if strings.HasSuffix(name, ".gz") {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		data = b.Bytes()
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// edgesOf lists a graph's edges as "from>to", in order.
func edgesOf(c *graph.Compact) []string {
	var es []string
	for u := range c.Len() {
		for _, v := range c.Succ(u) {
			es = append(es, c.Key(u)+">"+c.Key(int(v)))
		}
	}
	return es
}

func keysOf(c *graph.Compact) []string {
	var ks []string
	for i := range c.Len() {
		ks = append(ks, c.Key(i))
	}
	return ks
}

func problemsOf(g *Graph) []string {
	var ps []string
	for _, p := range g.Problems {
		ps = append(ps, p.Error())
	}
	return ps
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, file, content string
		format              Format
		edges, keys         []string
		problems            []string
		stats               Stats
	}{
		{
			name: "tsv with header, comment, weight, CRLF, spaces",
			file: "a.tsv", content: "citing\tcited\r\n# a comment\nb\ta\t0.5\r\n c \t a\n\nc\tb\nc\tb\nd\td\n",
			edges: []string{"b>a", "c>a", "c>b"}, keys: []string{"a", "b", "c", "d"},
			stats: Stats{Files: 1, Records: 5, CompactStats: graph.CompactStats{SelfLoops: 1, Duplicates: 1}},
		},
		{
			name: "whitespace separated (no tab)", file: "b.txt", content: "b a\nc  a extra\nlonely\n",
			edges: []string{"b>a", "c>a"}, keys: []string{"a", "b", "c"},
			problems: []string{"b.txt:3: want two ids, citing and cited, separated by a tab"},
			stats:    Stats{Files: 1, Records: 3},
		},
		{
			name: "bad keys are skipped with their line", file: "c.tsv", content: "b\ta\n\ta\nb\tx\x01y\nb\t\xff\n",
			edges: []string{"b>a"}, keys: []string{"a", "b"},
			problems: []string{`c.tsv:2: citing empty id`, `c.tsv:3: cited id "x\x01y" holds a control character`, `c.tsv:4: cited id "\xff" is not UTF-8`},
			stats:    Stats{Files: 1, Records: 4},
		},
		{
			name: "csv with quotes", file: "d.csv", content: "source,target\n\"b, the second\",a\nc,a\nc,\"unterminated\n",
			edges: []string{"b, the second>a", "c>a"}, keys: []string{"a", "b, the second", "c"},
			problems: []string{`d.csv:4: extraneous or missing " in quoted-field`},
			stats:    Stats{Files: 1, Records: 3},
		},
		{
			name: "csv by content, gzipped", file: "e.gz", content: "b,a\nc,a\n",
			edges: []string{"b>a", "c>a"}, keys: []string{"a", "b", "c"},
			stats: Stats{Files: 1, Records: 2},
		},
		{
			name: "s2 citations, gzipped JSON Lines", file: "part-0.gz",
			content: `{"citationid": 1, "citingcorpusid": 20, "citedcorpusid": 10, "isinfluential": false, "contexts": ["as in \"citingcorpusid\": 99"]}` + "\n" +
				`{"citingcorpusid": "30", "citedcorpusid": 10}` + "\n" +
				`{"citingcorpusid": 30, "citedcorpusid": null}` + "\n" +
				`{"citingcorpusid": 30, "citedcorpusid": "x"}` + "\n" +
				`{"corpusid": 30}` + "\n" +
				`{"citingcorpusid": 30, "citedcorpusid": 20` + "\n",
			edges: []string{"CorpusId:20>CorpusId:10", "CorpusId:30>CorpusId:10"}, keys: []string{"CorpusId:10", "CorpusId:20", "CorpusId:30"},
			problems: []string{
				`part-0.gz:4: citedcorpusid "x" is not a corpus id`,
				`part-0.gz:5: no citingcorpusid or citedcorpusid: not a Semantic Scholar citations record`,
				`part-0.gz:6: not a JSON citation record: unexpected end of JSON input`,
			},
			stats: Stats{Files: 1, Records: 6, UnknownEnds: 1},
		},
		{
			name: "graphml as build writes it", file: "g.graphml", content: `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d_title" for="node" attr.name="title" attr.type="string"/>
  <key id="d_year" for="node" attr.name="year" attr.type="int"/>
  <key id="d_globalCitations" for="node" attr.name="globalCitations" attr.type="int"/>
  <graph id="citations" edgedefault="directed">
    <node id="p1">
      <data key="d_title">Deep &amp; Wide</data>
      <data key="d_year">2016</data>
      <data key="d_globalCitations">120</data>
    </node>
    <node id="p2"><data key="d_year">soon</data></node>
    <node id="p3"/>
    <edge source="p2" target="p1"/>
    <edge source="p3" target="p1"/>
    <edge source="p3" target="p2" directed="false"/>
  </graph>
</graphml>
`,
			edges: []string{"p2>p1", "p3>p1"}, keys: []string{"p1", "p2", "p3"},
			problems: []string{`g.graphml:12: GraphML: year "soon" is not a year`, `g.graphml:16: GraphML: an undirected edge; skipped`},
			stats:    Stats{Files: 1, Records: 3},
		},
		{
			name: "graphml cut off: what was read is kept", file: "h.xml",
			content: "<graphml><graph edgedefault=\"directed\">\n<node id=\"a\"/><edge source=\"b\" target=\"a\"/>\n<edge source=\"c\" target=",
			edges:   []string{"b>a"}, keys: []string{"a", "b"},
			problems: []string{"h.xml:3: GraphML: unexpected EOF; the rest of the file is skipped"},
			stats:    Stats{Files: 1, Records: 1},
		},
		{
			name: "format given", file: "f.data", content: "b,a\n", format: TSV,
			problems: []string{"f.data:1: want two ids, citing and cited, separated by a tab"},
			stats:    Stats{Files: 1, Records: 1},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, dir, tc.file, tc.content)
			g, err := Read(context.Background(), []string{path}, Options{Format: tc.format})
			if err != nil {
				t.Fatal(err)
			}
			if got := edgesOf(g.Compact); !slices.Equal(got, tc.edges) {
				t.Errorf("edges = %q; want %q", got, tc.edges)
			}
			if got := keysOf(g.Compact); !slices.Equal(got, tc.keys) {
				t.Errorf("keys = %q; want %q", got, tc.keys)
			}
			var want []string
			for _, p := range tc.problems {
				want = append(want, filepath.Join(dir, p))
			}
			if got := problemsOf(g); !slices.Equal(got, want) {
				t.Errorf("problems = %q\nwant %q", got, want)
			}
			if g.ProblemCount != len(tc.problems) {
				t.Errorf("ProblemCount = %d; want %d", g.ProblemCount, len(tc.problems))
			}
			if g.Stats != tc.stats {
				t.Errorf("stats = %+v; want %+v", g.Stats, tc.stats)
			}
		})
	}
}

func TestReadGraphMLMeta(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "g.graphml", `<graphml><key id="t" for="node" attr.name="title"/><key id="c" for="node" attr.name="citationCount"/>
<graph edgedefault="directed"><node id="a"><data key="t"> A &lt;paper&gt; </data><data key="c">7</data></node><node id="b"/><edge source="b" target="a"/></graph></graphml>`)
	g, err := Read(context.Background(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g.Meta == nil || g.Meta.Title[0] != "A <paper>" || g.Meta.Citations[0] != 7 || g.Meta.Citations[1] != -1 || g.Meta.Title[1] != "" {
		t.Fatalf("meta = %+v", g.Meta)
	}
}

func TestReadRefusesUndirectedGraphML(t *testing.T) {
	path := write(t, t.TempDir(), "u.graphml", `<graphml><graph edgedefault="undirected"><edge source="a" target="b"/></graph></graphml>`)
	_, err := Read(context.Background(), []string{path}, Options{})
	if err == nil || !strings.Contains(err.Error(), "u.graphml:1: GraphML: an undirected graph") {
		t.Errorf("err = %v; want the undirected graph refused with file and line", err)
	}
}

func TestReadDamagedGzip(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	for i := range 2000 {
		fmt.Fprintf(zw, "%d\t%d\n", i+1, i)
	}
	zw.Close()
	data := b.Bytes()[:b.Len()/2] // cut off
	path := filepath.Join(dir, "cut.tsv.gz")
	os.WriteFile(path, data, 0o644)
	_, err := Read(context.Background(), []string{path}, Options{})
	if err == nil || !strings.Contains(err.Error(), "cut.tsv.gz: line ") || !strings.Contains(err.Error(), "damaged or cut-off file") {
		t.Errorf("err = %v; want a cut-off file named with its line", err)
	}
}

func TestReadDirectoryOfShards(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "part-1.gz", `{"citingcorpusid": 3, "citedcorpusid": 1}`+"\n")
	write(t, dir, "part-0.gz", `{"citingcorpusid": 2, "citedcorpusid": 1}`+"\n")
	write(t, dir, ".hidden", "junk\n")
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	var calls int
	g, err := Read(context.Background(), []string{dir}, Options{Progress: func(read, total int64) {
		calls++
		if read > total {
			t.Errorf("progress %d of %d", read, total)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := edgesOf(g.Compact), []string{"CorpusId:2>CorpusId:1", "CorpusId:3>CorpusId:1"}; !slices.Equal(got, want) {
		t.Errorf("edges = %q; want %q", got, want)
	}
	if g.Stats.Files != 2 || calls == 0 {
		t.Errorf("files = %d, progress calls %d", g.Stats.Files, calls)
	}
	if _, err := Read(context.Background(), []string{filepath.Join(dir, "missing")}, Options{}); err == nil {
		t.Error("a missing file gave no error")
	}
	if _, err := Read(context.Background(), []string{filepath.Join(dir, "sub")}, Options{}); err == nil {
		t.Error("an empty directory gave no error")
	}
}

func TestReadPapers(t *testing.T) {
	dir := t.TempDir()
	gpath := write(t, dir, "c.jsonl", `{"citingcorpusid": 2, "citedcorpusid": 1}`+"\n"+`{"citingcorpusid": 3, "citedcorpusid": 1}`+"\n")
	g, err := Read(context.Background(), []string{gpath}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	shard := write(t, dir, "papers-0.gz",
		`{"corpusid": 1, "title": "One", "year": 2001, "citationcount": 40, "authors": []}`+"\n"+
			`{"corpusid": 99, "title": "Not in the graph"}`+"\n"+
			`{"corpusid": "2", "title": "Two", "year": null}`+"\n"+
			"not json\n")
	csvPath := write(t, dir, "more.csv", "CorpusId,Title,Year,citationCount\n3,\"Three, a title\",2003,\n2,,2002,x\n")
	st, err := ReadPapers(context.Background(), g, []string{shard, csvPath}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st != (PaperStats{Records: 6, Matched: 4}) {
		t.Errorf("stats = %+v", st)
	}
	m := g.Meta
	want := []struct {
		title      string
		year, cits int32
	}{{"One", 2001, 40}, {"Two", 2002, -1}, {"Three, a title", 2003, -1}}
	for i, w := range want {
		if m.Title[i] != w.title || m.Year[i] != w.year || m.Citations[i] != w.cits {
			t.Errorf("node %s: %q %d %d; want %+v", g.Key(i), m.Title[i], m.Year[i], m.Citations[i], w)
		}
	}
	if got := problemsOf(g); len(got) != 2 || !strings.HasSuffix(got[0], "papers-0.gz:4: not a JSON paper record: invalid character 'o' in literal null (expecting 'u')") ||
		!strings.HasSuffix(got[1], `more.csv:3: citation count "x" is not a count`) {
		t.Errorf("problems = %q", got)
	}
	bad := write(t, dir, "bad.csv", "title,year\nx,1\n")
	if _, err := ReadPapers(context.Background(), g, []string{bad}, Options{}); err == nil || !strings.Contains(err.Error(), "bad.csv: line 1: no id column") {
		t.Errorf("err = %v; want no id column", err)
	}
}

func TestReadCancelled(t *testing.T) {
	var b strings.Builder
	for i := range 200000 {
		fmt.Fprintf(&b, "%d\t%d\n", i+1, i)
	}
	path := write(t, t.TempDir(), "big.tsv", b.String())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, []string{path}, Options{}); err != context.Canceled {
		t.Errorf("err = %v; want context.Canceled", err)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"": Auto, "auto": Auto, "TSV": TSV, "s2": S2, "graphml": GraphML, "csv": CSV} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFormat("parquet"); err == nil {
		t.Error(`ParseFormat("parquet") gave no error`)
	}
}
