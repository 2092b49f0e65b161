package out

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
)

// writeAll runs WriteAll into a fresh directory and returns it.
func writeAll(t *testing.T, run *Run) string {
	t.Helper()
	dir := t.TempDir()
	written, err := WriteAll(context.Background(), dir, run, nil)
	if err != nil {
		t.Fatalf("WriteAll: %v", err)
	}
	got := listFiles(t, dir)
	var rel []string
	for _, p := range written {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, filepath.ToSlash(r))
	}
	slices.Sort(rel)
	if !slices.Equal(rel, got) {
		t.Errorf("WriteAll says it wrote %q; the directory holds %q", rel, got)
	}
	return dir
}

// listFiles returns the files under dir, relative, sorted, without the
// manifest (see dir_test.go).
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		if r == ManifestName {
			return nil
		}
		files = append(files, filepath.ToSlash(r))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

func readFile(t *testing.T, dir, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteAll(t *testing.T) {
	run := fixtureRun(t)
	dir := writeAll(t, run)
	want := []string{
		"bib/compact-network-design.bib", "bib/distillation.bib", "bib/pruning.bib", "clusters.csv",
		"families/compact-network-design.dot", "families/compact-network-design.svg",
		"families/distillation.dot", "families/distillation.svg",
		"families/pruning.dot", "families/pruning.svg",
		"graph.graphml", "graph.json", "index.html", "influence.dot", "influence.svg",
		"rankings.csv", "rankings.json", "rankings.md", "references.bib", "references.json", "references.ris", "report.md",
		"resolution.csv", "resolution.json", "similarity.graphml", "suggested.bib", "suggestions.csv", "suggestions.json",
	}
	if got := listFiles(t, dir); !slices.Equal(got, want) {
		t.Fatalf("files = %q; want %q", got, want)
	}

	// Keys: every list paper once in references.bib, each family file holds
	// its papers under the same keys, suggested.bib holds only suggestions.
	var papers []*bib.Paper
	for _, n := range run.Graph.Nodes() {
		papers = append(papers, n.Paper)
	}
	refs := bib.NewBibliography(papers)
	refsBib := string(readFile(t, dir, "references.bib"))
	for _, p := range papers {
		key := refs.CiteKey(p.Key())
		if n := strings.Count(refsBib, "{"+key+","); n != 1 {
			t.Errorf("references.bib holds %s (%s) %d times; want once", key, p.Key(), n)
		}
	}
	if !strings.Contains(refsBib, run.Credit) || !strings.Contains(refsBib, NonCommercial) {
		t.Errorf("references.bib header lacks the credit:\n%s", refsBib[:min(len(refsBib), 600)])
	}
	for _, f := range run.Families() {
		fb := string(readFile(t, dir, "bib/"+f.Slug+".bib"))
		for _, n := range run.Graph.Nodes() {
			key := refs.CiteKey(n.Key)
			has := strings.Contains(fb, "{"+key+",")
			if want := slices.Contains(n.Families, f.Name); has != want {
				t.Errorf("bib/%s.bib holds %s: %v; want %v", f.Slug, key, has, want)
			}
		}
	}
	sug := string(readFile(t, dir, "suggested.bib"))
	if got := strings.Count(sug, "\n@"); got != len(run.Suggestions) {
		t.Errorf("suggested.bib has %d entries; want %d", got, len(run.Suggestions))
	}
	if !strings.Contains(sug, "Deep Residual Learning") {
		t.Errorf("suggested.bib lacks the suggested paper:\n%s", sug)
	}

	// Diagrams: each SVG is well-formed and shows every paper of its DOT.
	for _, f := range run.Families() {
		src := readFile(t, dir, "families/"+f.Slug+".dot")
		svg := readFile(t, dir, "families/"+f.Slug+".svg")
		checkSVGShowsDOT(t, f.Slug, src, svg)
	}
	checkSVGShowsDOT(t, "influence", readFile(t, dir, "influence.dot"), readFile(t, dir, "influence.svg"))

	// The report names the unresolved entry and the credit.
	report := string(readFile(t, dir, "report.md"))
	for _, s := range []string{"IGCV9", "list.md:9", run.Credit, NonCommercial, "Low Rank Approximation"} {
		if !strings.Contains(report, s) {
			t.Errorf("report.md lacks %q", s)
		}
	}
}

// checkSVGShowsDOT checks that svg is well-formed and has a node group for
// every node of the DOT source (Graphviz writes a node's name as the
// <title> of its group).
func checkSVGShowsDOT(t *testing.T, name string, src, svg []byte) {
	t.Helper()
	svgTexts(t, svg) // fails on malformed XML
	nodes, _ := dotGraph(t, src)
	titles := map[string]bool{}
	for _, s := range svgElementTexts(t, svg, "title") {
		titles[s] = true
	}
	for k := range nodes {
		if !titles[k] {
			t.Errorf("%s.svg: no node titled %q", name, k)
		}
	}
}

// svgElementTexts returns the text of every element named local.
func svgElementTexts(t *testing.T, svg []byte, local string) []string {
	t.Helper()
	var out []string
	for _, chunk := range strings.Split(string(svg), "<"+local+">")[1:] {
		end := strings.Index(chunk, "</"+local+">")
		if end < 0 {
			t.Fatalf("unterminated <%s>", local)
		}
		out = append(out, xmlUnescape(t, chunk[:end]))
	}
	return out
}

func xmlUnescape(t *testing.T, s string) string {
	t.Helper()
	texts := svgTexts(t, []byte("<text>"+s+"</text>"))
	return texts[0]
}

func TestWriteAllDeterministic(t *testing.T) {
	a := writeAll(t, fixtureRun(t))
	b := writeAll(t, fixtureRun(t))
	files := listFiles(t, a)
	if got := listFiles(t, b); !slices.Equal(files, got) {
		t.Fatalf("file sets differ: %q vs %q", files, got)
	}
	for _, f := range files {
		if !bytes.Equal(readFile(t, a, f), readFile(t, b, f)) {
			t.Errorf("%s differs between two runs", f)
		}
	}
}

// TestWriteAllSlugClash gives two families the same slug: neither file may
// overwrite the other, and no family name becomes a path unslugged.
func TestWriteAllSlugClash(t *testing.T) {
	p1 := &bib.Paper{PaperID: "p1", Title: "One", Year: 2020, References: &[]bib.Paper{}}
	p2 := &bib.Paper{PaperID: "p2", Title: "Two", Year: 2021, References: &[]bib.Paper{{PaperID: "p1"}}}
	p3 := &bib.Paper{PaperID: "p3", Title: "Three", Year: 2021}
	g := graph.Build([]graph.Member{
		{Paper: p1, Families: []string{"Pruning"}},
		{Paper: p2, Families: []string{"pruning!"}},
		{Paper: p3, Families: []string{"../../etc/passwd"}},
	}, nil)
	run := &Run{
		List:  &bib.List{Name: "x.txt", Families: []bib.Family{{Name: "Pruning"}, {Name: "pruning!"}, {Name: "../../etc/passwd"}}},
		Graph: g, Scores: g.Rank(2022), Credit: "credit",
	}
	dir := writeAll(t, run)
	files := listFiles(t, dir)
	for _, want := range []string{"bib/pruning.bib", "bib/pruning-2.bib", "bib/etc-passwd.bib", "families/pruning.svg", "families/pruning-2.svg"} {
		if !slices.Contains(files, want) {
			t.Errorf("missing %s; files: %q", want, files)
		}
	}
	if !strings.Contains(string(readFile(t, dir, "bib/pruning-2.bib")), "Two") {
		t.Errorf("bib/pruning-2.bib does not hold the second family's paper")
	}
	for _, f := range files {
		if strings.Contains(f, "..") {
			t.Errorf("path escapes: %s", f)
		}
	}
}

// TestGraphMLNetworkx loads graph.graphml with networkx.read_graphml and
// compares nodes, edges and attributes with the graph: for the fixture and
// for a run of 600 papers with hostile titles and about 4,700 citations
// (networkx reads it in well under a second).
func TestGraphMLNetworkx(t *testing.T) {
	t.Run("fixture", func(t *testing.T) { checkGraphMLNetworkx(t, fixtureRun(t)) })
	t.Run("600", func(t *testing.T) { checkGraphMLNetworkx(t, corpusRun(t, 600, 12, 120)) })
}

func checkGraphMLNetworkx(t *testing.T, run *Run) {
	t.Helper()
	const python = "/usr/bin/python3"
	path := filepath.Join(t.TempDir(), "graph.graphml")
	if err := WriteFileAtomic(path, func(w io.Writer) error { return WriteGraphML(w, run.Graph, fixtureGraphMLData(run)) }); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys
try:
    import networkx as nx
except ImportError:
    print("NO-NETWORKX")
    sys.exit(0)
g = nx.read_graphml(sys.argv[1])
print(json.dumps({"directed": g.is_directed(), "nodes": {n: d for n, d in g.nodes(data=True)},
                  "types": {n: {k: type(v).__name__ for k, v in d.items()} for n, d in g.nodes(data=True)},
                  "edges": sorted([u, v] for u, v in g.edges()), "credit": g.graph.get("credit")}))
`
	out, err := exec.Command(python, "-c", script, path).Output()
	if err != nil {
		t.Fatalf("%s: networkx.read_graphml: %v", python, err)
	}
	if strings.TrimSpace(string(out)) == "NO-NETWORKX" {
		t.Fatalf("%s cannot import networkx: install it with: apt-get install -y python3-networkx", python)
	}
	var got struct {
		Directed bool
		Nodes    map[string]map[string]any
		Types    map[string]map[string]string
		Edges    [][2]string
		Credit   string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if !got.Directed || got.Credit != run.Credit {
		t.Errorf("directed = %v, credit = %q", got.Directed, got.Credit)
	}
	scores := map[string]*graph.Score{}
	for i := range run.Scores {
		scores[run.Scores[i].Key] = &run.Scores[i]
	}
	nodes := run.Graph.Nodes()
	if len(got.Nodes) != len(nodes) {
		t.Errorf("networkx sees %d nodes; want %d", len(got.Nodes), len(nodes))
	}
	for _, n := range nodes {
		d, ok := got.Nodes[n.Key]
		if !ok {
			t.Errorf("node %s missing", n.Key)
			continue
		}
		if d["title"] != cleanText(n.Paper.Title) {
			t.Errorf("%s: title %q; want %q", n.Key, d["title"], cleanText(n.Paper.Title))
		}
		if y, _ := d["year"].(float64); int(y) != n.Paper.Year {
			t.Errorf("%s: year %v; want %d", n.Key, d["year"], n.Paper.Year)
		}
		if c, ok := d["globalCitations"].(float64); ok != (n.Paper.CitationCount != nil) || (ok && int(c) != *n.Paper.CitationCount) {
			t.Errorf("%s: globalCitations %v; want %v", n.Key, d["globalCitations"], n.Paper.CitationCount)
		}
		if d["referencesAvailable"] != n.Paper.ReferencesAvailable() {
			t.Errorf("%s: referencesAvailable %v; want %v", n.Key, d["referencesAvailable"], n.Paper.ReferencesAvailable())
		}
		if d["families"] != strings.Join(n.Families, "; ") {
			t.Errorf("%s: families %v", n.Key, d["families"])
		}
		// Gephi labels nodes by "label"; metrics come typed.
		if l, _ := d["label"].(string); l == "" || !strings.HasSuffix(l, ")") {
			t.Errorf("%s: label %q", n.Key, d["label"])
		}
		wantTypes := map[string]string{"label": "str", "title": "str", "bibKey": "str", "year": "int", "globalCitations": "int",
			"referencesAvailable": "bool", "rank": "int", "localCitations": "int", "pagerank": "float", "authority": "float",
			"hub": "float", "betweenness": "float", "citationsPerYear": "float", "doi": "str", "arxiv": "str"}
		for k, ty := range got.Types[n.Key] {
			if w, ok := wantTypes[k]; ok && w != ty {
				t.Errorf("%s: networkx reads %s as %s; want %s", n.Key, k, ty, w)
			}
		}
		if got.Types[n.Key]["bibKey"] != "str" || got.Types[n.Key]["pagerank"] != "float" || got.Types[n.Key]["rank"] != "int" {
			t.Errorf("%s: bibKey, pagerank or rank missing: %v", n.Key, got.Types[n.Key])
		}
		if s := scores[n.Key]; s != nil {
			if pr, _ := d["pagerank"].(float64); math.Abs(pr-s.PageRank) > 1e-15 {
				t.Errorf("%s: pagerank %v; want %v", n.Key, d["pagerank"], s.PageRank)
			}
			if r, _ := d["rank"].(float64); int(r) != s.Rank {
				t.Errorf("%s: rank %v; want %d", n.Key, d["rank"], s.Rank)
			}
		}
		if doi := n.Paper.IDs().DOI; doi != "" && d["doi"] != doi {
			t.Errorf("%s: doi %v; want %q", n.Key, d["doi"], doi)
		}
	}
	var want [][2]string
	for _, e := range run.Graph.Edges() {
		want = append(want, [2]string{e.From, e.To})
	}
	if !slices.Equal(got.Edges, want) {
		t.Errorf("networkx edges %q; want %q", got.Edges, want)
	}
}

// TestWriteAllEmpty writes a run in which nothing resolved: every artefact
// is still written, and the report says what happened.
func TestWriteAllEmpty(t *testing.T) {
	e := bib.Entry{File: "l.txt", Line: 1, Family: "F", Kind: bib.KindPaper, Title: "Nothing Known"}
	g := graph.Build(nil, nil)
	run := &Run{
		List:        &bib.List{Name: "l.txt", Entries: []bib.Entry{e}, Families: []bib.Family{{Name: "F"}}},
		Resolutions: []fetch.Resolution{{Entry: e, Status: fetch.StatusUnresolved, ID: "TITLE:nothing known", Reason: "not found"}},
		Graph:       g, Scores: g.Rank(2022), Credit: "credit",
	}
	dir := writeAll(t, run)
	want := []string{"clusters.csv", "graph.graphml", "graph.json", "index.html", "influence.dot", "influence.svg", "rankings.csv", "rankings.json",
		"rankings.md", "references.bib", "references.json", "references.ris", "report.md", "resolution.csv", "resolution.json",
		"similarity.graphml", "suggested.bib", "suggestions.csv", "suggestions.json"}
	if got := listFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("files = %q; want %q", got, want)
	}
	report := string(readFile(t, dir, "report.md"))
	for _, s := range []string{"l.txt:1", "Nothing Known", "**unresolved** (not found)", "No paper was resolved."} {
		if !strings.Contains(report, s) {
			t.Errorf("report.md lacks %q:\n%s", s, report)
		}
	}
	if got := string(readFile(t, dir, "rankings.json")); got != "[]\n" {
		t.Errorf("rankings.json = %q; want an empty array", got)
	}
}

func TestWriteAllCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	written, err := WriteAll(ctx, dir, fixtureRun(t), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("WriteAll with a cancelled context: err = %v; want context.Canceled", err)
	}
	if len(written) != 0 {
		t.Errorf("WriteAll with a cancelled context wrote %q", written)
	}
}
