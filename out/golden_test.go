package out

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// checkGolden compares got with testdata/name.golden, or rewrites it with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", name, path, firstDiff(got, want))
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(same lines, different bytes)"
}

func render(t *testing.T, write func(io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	run := fixtureRun(t)
	g := run.Graph
	fams := run.Families()
	names := familyNames(fams)
	cases := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"resolution.json", func(w io.Writer) error { return WriteResolutionJSON(w, run.Resolutions) }},
		{"resolution.csv", func(w io.Writer) error { return WriteResolutionCSV(w, run.Resolutions) }},
		{"rankings.json", func(w io.Writer) error { return WriteRankingsJSON(w, run.Scores) }},
		{"rankings.csv", func(w io.Writer) error { return WriteRankingsCSV(w, run.Scores) }},
		{"rankings.md", func(w io.Writer) error {
			return WriteRankingsMarkdown(w, run)
		}},
		{"graph.graphml", func(w io.Writer) error { return WriteGraphML(w, g, fixtureGraphMLData(run)) }},
		{"graph.json", func(w io.Writer) error { return WriteGraphJSON(w, g, run.Credit) }},
		{"influence.dot", func(w io.Writer) error { return WriteInfluenceDOT(w, g, names) }},
		{"report.md", func(w io.Writer) error {
			return WriteReport(w, run, []bib.Warning{{Key: "doe2020a", Msg: "no author and no year"}, {Key: "doe2020b", Msg: "no author and no year"}, {Key: "roe2019x", Msg: "title holds an emoji, dropped"}})
		}},
	}
	for _, f := range fams {
		cases = append(cases, struct {
			name  string
			write func(io.Writer) error
		}{"family-" + f.Slug + ".dot", func(w io.Writer) error { return WriteFamilyDOT(w, g, f.Name) }})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkGolden(t, c.name, render(t, c.write))
		})
	}
}

func TestFamilies(t *testing.T) {
	run := fixtureRun(t)
	var got []string
	for _, f := range run.Families() {
		got = append(got, f.Name+"="+f.Slug+":"+strconv.Itoa(len(f.Papers)))
	}
	want := []string{"Compact Network Design=compact-network-design:2", "Pruning=pruning:2", "Distillation=distillation:2"}
	if !slices.Equal(got, want) {
		t.Errorf("Families() = %q; want %q", got, want)
	}
	if got, want := run.EmptyFamilies(), []string{"Low Rank Approximation"}; !slices.Equal(got, want) {
		t.Errorf("EmptyFamilies() = %q; want %q", got, want)
	}
}

// TestPaperlessFamilies tells families of links, families whose papers
// all failed to resolve and empty families apart, and checks how the
// report and rankings.md name them.
func TestPaperlessFamilies(t *testing.T) {
	p := &bib.Paper{PaperID: "p1", Title: "Resolved", Year: 2020, References: &[]bib.Paper{}}
	entries := []bib.Entry{
		{File: "l.md", Line: 2, Family: "Blogs", Kind: bib.KindLink, Title: "post 1"},
		{File: "l.md", Line: 3, Family: "Blogs", Kind: bib.KindLink, Title: "post 2"},
		{File: "l.md", Line: 5, Family: "Papers", Kind: bib.KindPaper, Title: "Resolved"},
		{File: "l.md", Line: 7, Family: "Lost", Kind: bib.KindPaper, Title: "Gone 1"},
		{File: "l.md", Line: 8, Family: "Lost", Kind: bib.KindPaper, Title: "Gone 2"},
		{File: "l.md", Line: 9, Family: "Lost", Kind: bib.KindLink, Title: "post 3"},
		{File: "l.md", Line: 11, Family: "Intro", Kind: bib.KindLink, Title: "post 4"},
	}
	list := &bib.List{Name: "l.md", Entries: entries, Families: []bib.Family{
		{Name: "Blogs"}, {Name: "Papers"}, {Name: "Lost"}, {Name: "Intro"}, {Name: "Later"},
		{Name: "Counted only", Links: 4}, // named by no entry: its own counts stand
	}}
	g := graph.Build([]graph.Member{{Paper: p, Families: []string{"Papers"}}}, nil)
	run := &Run{List: list, Graph: g, Scores: g.Rank(2022), Credit: "credit"}
	got := run.PaperlessFamilies()
	want := []PaperlessFamily{
		{Name: "Blogs", Links: 2}, {Name: "Lost", Links: 1, PaperEntries: 2}, {Name: "Intro", Links: 1},
		{Name: "Later"}, {Name: "Counted only", Links: 4},
	}
	if !slices.Equal(got, want) {
		t.Errorf("PaperlessFamilies() = %+v; want %+v", got, want)
	}
	if got, want := run.EmptyFamilies(), []string{"Later"}; !slices.Equal(got, want) {
		t.Errorf("EmptyFamilies() = %q; want %q", got, want)
	}
	report := string(render(t, func(w io.Writer) error { return WriteReport(w, run, nil) }))
	rankings := string(render(t, func(w io.Writer) error { return WriteRankingsMarkdown(w, run) }))
	for _, c := range []struct{ doc, text, want string }{
		{"report.md", report, "Sections of links, not papers: Blogs (2 links); Intro (1 link); Counted only (4 links)."},
		{"report.md", report, "Families without a resolved paper: Lost (2 paper entries, 1 link)"},
		{"report.md", report, "Empty families: Later."},
		{"report.md", report, "| Sections of links only (not papers) | 3 |"},
		{"report.md", report, "| Families whose paper entries all failed to resolve | 1 |"},
		{"report.md", report, "| Empty families (a heading with no items) | 1 |"},
		{"report.md", report, "| Families with papers | 1 |"},
		{"rankings.md", rankings, "- Blogs: 2 links, no papers\n"},
		{"rankings.md", rankings, "- Lost: 2 paper entries, none resolved; 1 link\n"},
		{"rankings.md", rankings, "- Later: empty (a heading with no items)\n"},
	} {
		if !strings.Contains(c.text, c.want) {
			t.Errorf("%s lacks %q:\n%s", c.doc, c.want, c.text)
		}
	}
	if strings.Contains(report, "Empty families: Blogs") || strings.Contains(report, "n/a") {
		t.Errorf("report.md calls a section of links empty, or says n/a:\n%s", report)
	}
}

// TestResolutionJSON checks the schema: keys in order, null for unknown.
func TestResolutionJSON(t *testing.T) {
	run := fixtureRun(t)
	b := render(t, func(w io.Writer) error { return WriteResolutionJSON(w, run.Resolutions) })
	var recs []map[string]any
	if err := json.Unmarshal(b, &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(run.Resolutions) {
		t.Fatalf("%d records; want %d", len(recs), len(run.Resolutions))
	}
	wantKeys := []string{"line", "family", "listedTitle", "listedYear", "listedVenue", "status", "id", "paperId",
		"title", "year", "venue", "method", "confidence", "candidates", "corrections", "referencesAvailable", "reason"}
	if got := jsonKeyOrder(t, b); !slices.Equal(got, wantKeys) {
		t.Errorf("keys = %q; want %q", got, wantKeys)
	}
	for i, r := range recs {
		res := run.Resolutions[i]
		if int(r["line"].(float64)) != res.Entry.Line {
			t.Errorf("record %d: line %v; want %d", i, r["line"], res.Entry.Line)
		}
		if res.Paper == nil {
			for _, k := range []string{"paperId", "title", "year", "venue", "referencesAvailable"} {
				if r[k] != nil {
					t.Errorf("record %d (%s): %s = %v; want null", i, res.Status, k, r[k])
				}
			}
		}
		if res.Entry.Venue == "" && r["listedVenue"] != nil {
			t.Errorf("record %d: listedVenue = %v; want null", i, r["listedVenue"])
		}
		if _, ok := r["candidates"].([]any); !ok {
			t.Errorf("record %d: candidates = %v; want an array", i, r["candidates"])
		}
	}
	// the MobileNets record is known by arXiv id only: paperId null, id ARXIV:
	if recs[1]["paperId"] != nil || recs[1]["id"] != "ARXIV:1704.04861" {
		t.Errorf("MobileNets: paperId %v, id %v; want null, ARXIV:1704.04861", recs[1]["paperId"], recs[1]["id"])
	}
}

// jsonKeyOrder returns the keys of the first object of a JSON array, in
// document order.
func jsonKeyOrder(t *testing.T, b []byte) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	var keys []string
	depth := 0
	expectKey := false
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				depth++
				expectKey = v == '{'
				continue
			case '}', ']':
				depth--
				if depth == 1 {
					return keys
				}
			}
		case string:
			if depth == 2 && expectKey {
				keys = append(keys, v)
				expectKey = false
				continue
			}
		}
		if depth == 2 {
			expectKey = true
		}
	}
}

func TestRankingsJSONNulls(t *testing.T) {
	run := fixtureRun(t)
	b := render(t, func(w io.Writer) error { return WriteRankingsJSON(w, run.Scores) })
	var recs []map[string]any
	if err := json.Unmarshal(b, &recs); err != nil {
		t.Fatal(err)
	}
	wantKeys := []string{"rank", "id", "paperId", "title", "families", "familyRanks", "year", "localCitations", "globalCitations",
		"pagerank", "authority", "hub", "betweenness", "citationsPerYear"}
	if got := jsonKeyOrder(t, b); !slices.Equal(got, wantKeys) {
		t.Errorf("keys = %q; want %q", got, wantKeys)
	}
	for i, r := range recs {
		s := run.Scores[i]
		if int(r["rank"].(float64)) != i+1 {
			t.Errorf("record %d: rank %v", i, r["rank"])
		}
		if (s.GlobalCitations == nil) != (r["globalCitations"] == nil) {
			t.Errorf("%s: globalCitations = %v; want null iff unknown", s.Key, r["globalCitations"])
		}
		if (s.CitationsPerYear == nil) != (r["citationsPerYear"] == nil) {
			t.Errorf("%s: citationsPerYear = %v; want null iff unknown", s.Key, r["citationsPerYear"])
		}
		if pr := r["pagerank"].(float64); pr != s.PageRank {
			t.Errorf("%s: pagerank %v; want %v exactly", s.Key, pr, s.PageRank)
		}
	}
}

func TestCSVShape(t *testing.T) {
	run := fixtureRun(t)
	for _, c := range []struct {
		name    string
		write   func(io.Writer) error
		columns []string
		rows    int
	}{
		{"resolution.csv", func(w io.Writer) error { return WriteResolutionCSV(w, run.Resolutions) }, resolutionColumns, len(run.Resolutions)},
		{"rankings.csv", func(w io.Writer) error { return WriteRankingsCSV(w, run.Scores) }, rankingColumns, len(run.Scores)},
	} {
		rows, err := csv.NewReader(bytes.NewReader(render(t, c.write))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(rows) != c.rows+1 {
			t.Errorf("%s: %d rows; want %d + header", c.name, len(rows), c.rows)
		}
		if !slices.Equal(rows[0], c.columns) {
			t.Errorf("%s: header %q; want %q", c.name, rows[0], c.columns)
		}
		for i, row := range rows {
			for _, cell := range row {
				if strings.ContainsAny(cell, "\n\r") {
					t.Errorf("%s row %d: cell %q spans lines", c.name, i, cell)
				}
			}
		}
	}
}

// TestGraphMLShape parses graph.graphml with encoding/xml and checks its
// nodes, edges and data against the graph.
func TestGraphMLShape(t *testing.T) {
	run := fixtureRun(t)
	b := render(t, func(w io.Writer) error { return WriteGraphML(w, run.Graph, fixtureGraphMLData(run)) })
	var doc struct {
		Keys []struct {
			ID   string `xml:"id,attr"`
			Type string `xml:"attr.type,attr"`
		} `xml:"key"`
		Graph struct {
			EdgeDefault string `xml:"edgedefault,attr"`
			Nodes       []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key string `xml:"key,attr"`
					Val string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault = %q", doc.Graph.EdgeDefault)
	}
	nodes := run.Graph.Nodes()
	if len(doc.Graph.Nodes) != len(nodes) {
		t.Fatalf("%d nodes; want %d", len(doc.Graph.Nodes), len(nodes))
	}
	for i, n := range nodes {
		dn := doc.Graph.Nodes[i]
		if dn.ID != n.Key {
			t.Errorf("node %d: id %q; want %q", i, dn.ID, n.Key)
		}
		data := map[string]string{}
		for _, d := range dn.Data {
			data[d.Key] = d.Val
		}
		if data["d_title"] != cleanText(n.Paper.Title) {
			t.Errorf("%s: title %q; want %q", n.Key, data["d_title"], cleanText(n.Paper.Title))
		}
		if _, ok := data["d_globalCitations"]; ok != (n.Paper.CitationCount != nil) {
			t.Errorf("%s: globalCitations present = %v; want %v", n.Key, ok, n.Paper.CitationCount != nil)
		}
		if data["d_families"] != strings.Join(n.Families, "; ") {
			t.Errorf("%s: families %q", n.Key, data["d_families"])
		}
	}
	edges := run.Graph.Edges()
	if len(doc.Graph.Edges) != len(edges) {
		t.Fatalf("%d edges; want %d", len(doc.Graph.Edges), len(edges))
	}
	for i, e := range edges {
		if doc.Graph.Edges[i].Source != e.From || doc.Graph.Edges[i].Target != e.To {
			t.Errorf("edge %d: %v; want %v", i, doc.Graph.Edges[i], e)
		}
	}
}

// dotGraph parses DOT with gonum and returns its nodes (unquoted IDs, with
// their attributes) and visible edges (from, to as the arrow means it: an
// edge with dir=back is turned around), leaving out the year axis and the
// legend (IDs starting "_year:" and "_legend").
func dotGraph(t *testing.T, src []byte) (nodes map[string]map[string]string, edges [][2]string) {
	t.Helper()
	f, err := dot.ParseBytes(src)
	if err != nil {
		t.Fatalf("gonum cannot parse the DOT: %v\n%s", err, src)
	}
	nodes = map[string]map[string]string{}
	id := func(s string) string { return strings.Join(dotUnquote(t, s), "\n") }
	skip := func(k string) bool { return strings.HasPrefix(k, "_year:") || k == "_legend" }
	var walk func(stmts []ast.Stmt)
	walk = func(stmts []ast.Stmt) {
		for _, st := range stmts {
			switch st := st.(type) {
			case *ast.NodeStmt:
				k := id(st.Node.ID)
				if skip(k) {
					continue
				}
				if nodes[k] == nil {
					nodes[k] = map[string]string{}
				}
				for _, a := range st.Attrs {
					nodes[k][a.Key] = a.Val
				}
			case *ast.EdgeStmt:
				from, ok := st.From.(*ast.Node)
				if !ok {
					continue
				}
				to, ok := st.To.Vertex.(*ast.Node)
				if !ok || skip(id(from.ID)) || skip(id(to.ID)) {
					continue
				}
				e := [2]string{id(from.ID), id(to.ID)}
				for _, a := range st.Attrs {
					if a.Key == "dir" && a.Val == "back" {
						e[0], e[1] = e[1], e[0]
					}
				}
				edges = append(edges, e)
			case *ast.Subgraph:
				walk(st.Stmts)
			}
		}
	}
	walk(f.Graphs[0].Stmts)
	return nodes, edges
}

// checkFamilyDOT checks a family diagram against the graph. The papers
// drawn are the whole family, or for a family of more than maxDrawn the
// maxDrawn most cited within the list (no paper left out has more local
// citations than one drawn), each with a dotted border iff its reference
// list is unavailable. Every citation among the drawn papers is an edge in
// the right direction; every other edge stands for a citation between a
// drawn paper and a paper of another family, whose end is that paper or
// its family's box (or the shared box); when no more than maxCrossLinks
// such arrows are needed all of them are drawn, else exactly maxCrossLinks.
// Every node that is not a drawn paper is dashed.
func checkFamilyDOT(t *testing.T, run *Run, f FamilyFile, src []byte) {
	t.Helper()
	g := run.Graph
	nodes, edges := dotGraph(t, src)
	in, drawn := map[string]bool{}, map[string]bool{}
	local := map[string]int{}
	for _, e := range g.Edges() {
		local[e.To]++
	}
	for _, k := range f.Papers {
		in[k] = true
		attrs, ok := nodes[k]
		if !ok {
			if len(f.Papers) <= maxDrawn {
				t.Errorf("%s: paper %s missing", f.Name, k)
			}
			continue
		}
		drawn[k] = true
		dotted := strings.Contains(attrs["style"], "dotted")
		if avail := g.Node(k).Paper.ReferencesAvailable(); dotted == avail {
			t.Errorf("%s: %s dotted = %v, references available = %v", f.Name, k, dotted, avail)
		}
	}
	if want := min(len(f.Papers), maxDrawn); len(drawn) != want {
		t.Errorf("%s: %d papers drawn; want %d", f.Name, len(drawn), want)
	}
	minDrawn := math.MaxInt
	for k := range drawn {
		minDrawn = min(minDrawn, local[k])
	}
	for _, k := range f.Papers {
		if !drawn[k] && local[k] > minDrawn {
			t.Errorf("%s: %s (%d local citations) left out, but a paper with %d is drawn", f.Name, k, local[k], minDrawn)
		}
	}
	end := func(k string) string {
		if _, ok := nodes[k]; ok {
			return k
		}
		if id := "_family:" + otherFamily(g.Node(k), f.Name); nodes[id] != nil {
			return id
		}
		return mergedGroupID
	}
	seen := map[[2]string]bool{}
	var internal, cross [][2]string
	for _, e := range g.Edges() {
		switch {
		case (in[e.From] && !drawn[e.From]) || (in[e.To] && !drawn[e.To]):
			// touches a paper left out
		case drawn[e.From] && drawn[e.To]:
			internal = append(internal, [2]string{e.From, e.To})
		case drawn[e.From] || drawn[e.To]:
			pr := [2]string{end(e.From), end(e.To)}
			if !seen[pr] {
				seen[pr] = true
				cross = append(cross, pr)
			}
		}
	}
	for _, pr := range append(slices.Clone(internal), cross...) {
		for _, k := range pr {
			if _, ok := nodes[k]; !ok && len(cross) <= maxCrossLinks {
				t.Errorf("%s: node %s of edge %v missing", f.Name, k, pr)
			}
		}
	}
	got := map[[2]string]bool{}
	for _, e := range edges {
		if got[e] {
			t.Errorf("%s: edge %v drawn twice", f.Name, e)
		}
		got[e] = true
	}
	for _, pr := range internal {
		if !got[pr] {
			t.Errorf("%s: citation %v among drawn papers not drawn", f.Name, pr)
		}
		delete(got, pr)
	}
	for pr := range got {
		if !seen[pr] {
			t.Errorf("%s: edge %v stands for no citation", f.Name, pr)
		}
	}
	if want := min(len(cross), maxCrossLinks); len(got) != want {
		t.Errorf("%s: %d arrows to or from other families; want %d (of %d)", f.Name, len(got), want, len(cross))
	}
	for k, attrs := range nodes {
		if !drawn[k] && !strings.Contains(attrs["style"], "dashed") {
			t.Errorf("%s: outside node %s is not dashed: %v", f.Name, k, attrs)
		}
	}
	checkDiagramIDs(t, run, f, nodes, src, end)
}

// checkDiagramIDs checks the id attributes of a family diagram (see
// diagramID): a paper's node names the paper, a box names the papers it
// lists, and each arrow names the citations it stands for, citing first,
// none twice, each running between the arrow's own ends; an arrow between
// two papers stands for one citation.
func checkDiagramIDs(t *testing.T, run *Run, f FamilyFile, nodes map[string]map[string]string, src []byte, end func(string) string) {
	t.Helper()
	g := run.Graph
	byToken := map[string]string{} // paper token → key
	for _, n := range g.Nodes() {
		byToken[paperToken(n)] = n.Key
	}
	ids := func(val string) []string {
		id := strings.Join(dotUnquote(t, val), "\n")
		rest, ok := strings.CutPrefix(id, diagramIDPrefix)
		if !ok {
			t.Errorf("%s: id %q lacks the prefix %q", f.Name, id, diagramIDPrefix)
			return nil
		}
		return strings.Split(rest, ",")
	}
	boxOf := map[string]string{} // paper key → the node (paper or box) that shows it
	for k, attrs := range nodes {
		if attrs["id"] == "" {
			t.Errorf("%s: node %s has no id", f.Name, k)
			continue
		}
		toks := ids(attrs["id"])
		if g.Node(k) != nil && (len(toks) != 1 || byToken[toks[0]] != k) {
			t.Errorf("%s: paper %s has id %s", f.Name, k, attrs["id"])
		}
		for _, tok := range toks {
			key, ok := byToken[tok]
			if !ok {
				t.Errorf("%s: node %s: %q names no paper", f.Name, k, tok)
			}
			if end(key) != k {
				t.Errorf("%s: node %s names %s, which the diagram shows as %s", f.Name, k, key, end(key))
			}
			boxOf[key] = k
		}
	}
	seen := map[graph.Edge]bool{}
	for e, val := range dotEdgeIDs(t, src) {
		toks := ids(val)
		if g.Node(e[0]) != nil && g.Node(e[1]) != nil && len(toks) != 1 {
			t.Errorf("%s: arrow %v between two papers stands for %d citations", f.Name, e, len(toks))
		}
		for _, tok := range toks {
			from, to, ok := strings.Cut(tok, ">")
			c := graph.Edge{From: byToken[from], To: byToken[to]}
			if !ok || !slices.Contains(g.Cites(c.From), c.To) {
				t.Errorf("%s: arrow %v: %q is no citation", f.Name, e, tok)
				continue
			}
			if seen[c] {
				t.Errorf("%s: citation %v on two arrows", f.Name, c)
			}
			seen[c] = true
			if boxOf[c.From] != e[0] || boxOf[c.To] != e[1] {
				t.Errorf("%s: arrow %v stands for %v, drawn between %s and %s", f.Name, e, c, boxOf[c.From], boxOf[c.To])
			}
		}
	}
}

// dotEdgeIDs returns the id attribute of each edge of a DOT source, by
// (citing, cited) node, the order dir=back reverses.
func dotEdgeIDs(t *testing.T, src []byte) map[[2]string]string {
	t.Helper()
	f, err := dot.ParseBytes(src)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[[2]string]string{}
	id := func(s string) string { return strings.Join(dotUnquote(t, s), "\n") }
	var walk func(stmts []ast.Stmt)
	walk = func(stmts []ast.Stmt) {
		for _, st := range stmts {
			switch st := st.(type) {
			case *ast.EdgeStmt:
				from, ok1 := st.From.(*ast.Node)
				to, ok2 := st.To.Vertex.(*ast.Node)
				if !ok1 || !ok2 {
					continue
				}
				e := [2]string{id(from.ID), id(to.ID)}
				val := ""
				for _, a := range st.Attrs {
					switch {
					case a.Key == "dir" && a.Val == "back":
						e[0], e[1] = e[1], e[0]
					case a.Key == "id":
						val = a.Val
					}
				}
				if val != "" {
					ids[e] = val
				}
			case *ast.Subgraph:
				walk(st.Stmts)
			}
		}
	}
	walk(f.Graphs[0].Stmts)
	return ids
}

// TestFamilyDOTContent checks each family diagram of the fixture against
// the graph.
func TestFamilyDOTContent(t *testing.T) {
	run := fixtureRun(t)
	for _, f := range run.Families() {
		checkFamilyDOT(t, run, f, render(t, func(w io.Writer) error { return WriteFamilyDOT(w, run.Graph, f.Name) }))
	}
}
