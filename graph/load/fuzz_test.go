package load

import (
	"bufio"
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/graph"
)

// readBytes runs one format's reader on data, as Read does on a file.
func readBytes(t *testing.T, f Format, data []byte) *Graph {
	t.Helper()
	r := &reader{ctx: context.Background(), meta: map[string]nodeMeta{}}
	br := bufio.NewReaderSize(bytes.NewReader(data), 64) // small: exercises long lines
	var err error
	switch f {
	case TSV:
		err = r.tsv("fuzz", br)
	case CSV:
		err = r.csv("fuzz", br)
	case S2:
		err = r.s2("fuzz", br)
	case GraphML:
		err = r.graphML("fuzz", br)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "fuzz:") {
		t.Fatalf("error without the file name: %v", err)
	}
	c, st := r.b.Compact()
	g := &Graph{Compact: c, Stats: r.stats, Problems: r.problems, ProblemCount: r.problemCount}
	g.Stats.CompactStats = st
	return g
}

// checkGraph checks the invariants every read graph keeps: keys valid and
// ascending, adjacency sorted and consistent, problems with a line.
func checkGraph(t *testing.T, g *Graph) {
	t.Helper()
	for i := range g.Len() {
		k := g.Key(i)
		if msg := badKey([]byte(k)); msg != "" {
			t.Fatalf("node %d: %s", i, msg)
		}
		if i > 0 && g.Key(i-1) >= k {
			t.Fatalf("keys not ascending: %q, %q", g.Key(i-1), k)
		}
		s := g.Succ(i)
		if !slices.IsSorted(s) || slices.Contains(s, int32(i)) {
			t.Fatalf("Succ(%d) = %v: not sorted or a self-loop", i, s)
		}
		for _, v := range s {
			if _, ok := slices.BinarySearch(g.Pred(int(v)), int32(i)); !ok {
				t.Fatalf("%d → %d missing from Pred(%d)", i, v, v)
			}
		}
	}
	for _, p := range g.Problems {
		if p.Line < 1 || p.File != "fuzz" {
			t.Fatalf("problem without a position: %v", p)
		}
	}
}

// checkRecords: every record is an edge, a dropped edge or a problem.
func checkRecords(t *testing.T, g *Graph) {
	t.Helper()
	st := g.Stats
	if got := g.NumEdges() + st.SelfLoops + st.Duplicates + st.UnknownEnds + g.ProblemCount; got != st.Records {
		t.Fatalf("%d edges + %d self-loops + %d repeats + %d unknown ends + %d problems = %d; %d records",
			g.NumEdges(), st.SelfLoops, st.Duplicates, st.UnknownEnds, g.ProblemCount, got, st.Records)
	}
}

// tsvOf writes g as a TSV edge list.
func tsvOf(g *graph.Compact) []byte {
	var b bytes.Buffer
	for u := range g.Len() {
		for _, v := range g.Succ(u) {
			b.WriteString(g.Key(u) + "\t" + g.Key(int(v)) + "\n")
		}
	}
	return b.Bytes()
}

func FuzzReadTSV(f *testing.F) {
	for _, s := range []string{"citing\tcited\nb\ta\n", "a b\nc d e\n#x\n", "a\t\tb\n\t\n", "x\x00y\tz\n", "é\tà\r\n", "a\ta\na\ta\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := readBytes(t, TSV, data)
		checkGraph(t, g)
		checkRecords(t, g)
		// Round trip, for keys a TSV line keeps as they are (no spaces,
		// not a header or comment).
		for i := range g.Len() {
			if k := g.Key(i); strings.ContainsAny(k, " \t\r\n\v\f\u0085\u00a0") || strings.HasPrefix(k, "#") || headerNames[strings.ToLower(k)] {
				return
			}
		}
		back := readBytes(t, TSV, tsvOf(g.Compact))
		if !slices.Equal(edgesOf(back.Compact), edgesOf(g.Compact)) {
			t.Fatalf("round trip changed the edges: %q → %q", edgesOf(g.Compact), edgesOf(back.Compact))
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"source,target\nb,a\n", "\"a,b\",c\n", "a\n", "\"x\ny\",z\n", "a,\"b\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := readBytes(t, CSV, data)
		checkGraph(t, g)
	})
}

func FuzzReadS2(f *testing.F) {
	for _, s := range []string{
		`{"citingcorpusid": 2, "citedcorpusid": 1}`,
		`{"citingcorpusid": "2", "citedcorpusid": null, "contexts": ["x"]}`,
		`{"citingcorpusid": 2.5, "citedcorpusid": -1}`,
		`{"citingcorpusid": 2`, `[]`, `{}`,
	} {
		f.Add([]byte(s + "\n"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := readBytes(t, S2, data)
		checkGraph(t, g)
		checkRecords(t, g)
		for i := range g.Len() {
			if !strings.HasPrefix(g.Key(i), "CorpusId:") {
				t.Fatalf("key %q is not a corpus id", g.Key(i))
			}
		}
	})
}

func FuzzReadGraphML(f *testing.F) {
	for _, s := range []string{
		`<graphml><key id="t" for="node" attr.name="title"/><graph edgedefault="directed"><node id="a"><data key="t">T</data></node><edge source="b" target="a"/></graph></graphml>`,
		`<graphml><graph edgedefault="undirected"/></graphml>`,
		`<graphml><graph><edge source="" target="a"/><edge source="a" target="a"/></graph>`,
		`<?xml version="1.0"?><graphml><graph><node id="x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := readBytes(t, GraphML, data)
		checkGraph(t, g)
	})
}
