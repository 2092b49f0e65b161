package out

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
)

// Report limits.
const (
	reportTopOverall   = 10
	reportTopFamily    = 3
	reportSuggestions  = 15
	reportMaxProblems  = 200 // problems listed one by one; the rest are counted
	reportMaxLinkItems = 200
)

// WriteReport writes report.md: counts (entries, papers resolved, ambiguous
// and unresolved, links kept, families and empty families, citations,
// problems), the top papers overall and per family, suggested papers, the
// unresolved and ambiguous entries with their candidates, corrected
// entries, papers whose reference list was unavailable, the links kept, the
// reading list's parse problems, what BibTeX could not write faithfully
// (warnings), and the Semantic Scholar credit. Long lists are cut (the
// first maxListedEntries entries, the maxFamilySections largest families,
// maxNamedFamilies families per line), each saying how many more there are
// and which artefact holds them all.
func WriteReport(w io.Writer, run *Run, warnings []bib.Warning) error {
	ew := &errWriter{w: w}
	g := run.Graph
	f := run.facts()
	fams, entries, problems := f.fams, f.entries, f.problems
	corrected, doubtful, unavailable := f.corrected, f.doubtful, f.unavailable
	nLinks := f.links

	ew.printf("# citegraph report: %s\n\n", mdText(f.name))
	if run.SourceDesc != "" {
		ew.printf("Source: %s.\n\n", mdText(strings.TrimSuffix(run.SourceDesc, ".")))
	}

	ew.printf("## Summary\n\n")
	ew.printf("| | |\n| --- | ---: |\n")
	for _, c := range f.counts() {
		ew.printf("| %s | %d |\n", c.Label, c.N)
	}
	ew.printf("\n")
	if len(f.linkFams) > 0 {
		ew.printf("Sections of links, not papers: %s.\n\n", paperlessList(f.linkFams, mdText))
	}
	if len(f.failedFams) > 0 {
		ew.printf("Families without a resolved paper: %s; see the unresolved entries below.\n\n", paperlessList(f.failedFams, mdText))
	}
	if len(f.emptyFams) > 0 {
		ew.printf("Empty families: %s.\n\n", paperlessList(f.emptyFams, mdText))
	}
	if len(unavailable) > 0 {
		ew.printf("%s\n\n", lowerBoundsNote)
	}

	ew.printf("## Top %d overall\n\n", reportTopOverall)
	if len(run.Scores) == 0 {
		ew.printf("No paper was resolved.\n\n")
	} else {
		writeRankingTable(ew, run.Scores, maxNamedFamilies, reportTopOverall)
		ew.printf("\nRanked by PageRank over the citations among the list's papers: a paper ranks high when papers that rank high cite it. %s ",
			rankingLegend(run.DataYear))
		ew.printf("The full rankings are in `rankings.md`, `rankings.csv` and `rankings.json`.\n\n")
	}

	ew.printf("## Top %d per family\n\n", reportTopFamily)
	rendered := RenderedFamilies(fams)
	if len(rendered) < len(fams) {
		ew.printf("The list has %d families: the diagrams of the %d with the most papers are rendered to SVG, "+
			"the others are written as DOT only (`dot -Tsvg families/NAME.dot` renders one).\n\n", len(fams), len(rendered))
	}
	sections := largestFamilies(fams, maxFamilySections)
	ranked := graph.FamilyRankings(run.Scores)
	for _, f := range fams {
		if !sections[f.Name] {
			continue
		}
		ew.printf("### %s\n\n", mdText(f.Name))
		if rendered[f.Name] {
			ew.printf("%s; diagram: `families/%s.svg`", plural(len(f.Papers), "paper"), f.Slug)
		} else {
			ew.printf("%s; diagram: `families/%s.dot` (not rendered)", plural(len(f.Papers), "paper"), f.Slug)
		}
		if drawn := drawnCount(len(f.Papers)); drawn < len(f.Papers) {
			ew.printf(" (draws the %d most cited within the list; `rankings.md` and `bib/%s.bib` hold all %d)", drawn, f.Slug, len(f.Papers))
		}
		ew.printf(".\n\n")
		for i, si := range ranked[f.Name] {
			if i >= reportTopFamily {
				break
			}
			s := &run.Scores[si]
			ew.printf("%d. %s (%s): local citations %d, global %s, PageRank %.4f\n",
				i+1, mdText(scoreTitle(s)), mdYear(paperYear(s.Paper)), s.LocalCitations,
				mdOptInt(s.GlobalCitations), s.PageRank)
		}
		ew.printf("\n")
	}
	if n := len(fams) - len(sections); n > 0 {
		ew.printf("%s not listed here (only the %d with the most papers are, the first listed on ties): "+
			"`rankings.md` ranks the papers of every family, `rankings.csv` gives each paper's rank in each of its families, "+
			"and `families/` holds every family's diagram.\n\n", plural(n, "more family"), len(sections))
	}
	if len(fams) == 0 {
		ew.printf("No family has a resolved paper.\n\n")
	}

	if len(fams) > 1 {
		writeInfluenceTable(ew, g, fams)
	}

	writeNeighbourhoodReport(ew, run, f)

	ew.printf("## Unresolved and ambiguous entries\n\n")
	if len(doubtful) == 0 {
		ew.printf("None: every paper entry was resolved.\n\n")
	}
	for i, r := range doubtful {
		if i >= maxListedEntries {
			ew.printf("- … and %d more, listed with their candidates in `resolution.csv` and `resolution.json` (every entry of the list, with how it was resolved)\n",
				len(doubtful)-maxListedEntries)
			break
		}
		ew.printf("- %s: %s%s: **%s**", mdText(r.Entry.Pos()), mdText(listedTitle(r.Entry)), listedMeta(r.Entry), r.Status)
		if r.Reason != "" {
			ew.printf(" (%s)", mdText(r.Reason))
		}
		ew.printf("\n")
		if len(r.Candidates) == 0 {
			ew.printf("  - no candidate\n")
		}
		for _, c := range r.Candidates {
			meta := fmt.Sprintf("score %.2f", c.Score)
			if c.Year != 0 {
				meta = fmt.Sprintf("%d, %s", c.Year, meta)
			}
			ew.printf("  - candidate: %s (%s; %s)\n", mdText(c.Title), mdText(c.ID), meta)
		}
	}
	if len(doubtful) > 0 {
		ew.printf("\n")
	}

	ew.printf("## Corrected entries\n\n")
	if len(corrected) == 0 {
		ew.printf("None: every resolved entry agrees with its record.\n\n")
	} else {
		ew.printf("The list says one thing, the record another; the record wins.\n\n")
		for i, r := range corrected {
			if i >= maxListedEntries {
				ew.printf("- … and %d more, with their corrections in `resolution.csv` and `resolution.json`\n", len(corrected)-maxListedEntries)
				break
			}
			title := mdText(listedTitle(r.Entry))
			if bib.NormalizeTitle(r.Entry.Title) != bib.NormalizeTitle(r.Paper.Title) {
				title += " → " + mdText(paperTitle(r.Paper, r.ID))
			}
			ew.printf("- %s: %s: %s", mdText(r.Entry.Pos()), title, mdText(strings.Join(r.Corrections, "; ")))
			if r.Reason != "" {
				ew.printf(" (**%s**)", mdText(r.Reason))
			}
			ew.printf("\n")
		}
		ew.printf("\n")
	}

	ew.printf("## Papers whose reference list is unavailable\n\n")
	if len(unavailable) == 0 {
		ew.printf("None.\n\n")
	} else {
		ew.printf("The source does not give these papers' references (the live service omits lists that publishers withhold; the embedded snapshot did not record them), which is not the same as citing nothing. " +
			"Their diagrams draw them with a dotted border.\n\n")
		for _, n := range unavailable {
			ew.printf("- %s (%s; %s)\n", mdText(paperTitle(n.Paper, n.Key)), mdYear(n.Paper.Year), mdText(n.Key))
		}
		ew.printf("\n")
	}

	ew.printf("## Links kept\n\n")
	if nLinks == 0 {
		ew.printf("None: every entry names a paper.\n\n")
	} else {
		ew.printf("Items that point at blog posts, articles or other pages rather than papers; kept, not resolved.\n\n")
		i := 0
		for _, e := range entries {
			if e.Kind != bib.KindLink {
				continue
			}
			if i++; i > reportMaxLinkItems {
				ew.printf("- … and %d more\n", nLinks-reportMaxLinkItems)
				break
			}
			ew.printf("- %s: %s", mdText(e.Pos()), mdText(listedTitle(e)))
			if len(e.URLs) > 0 {
				ew.printf(" <%s>", mdLinkURL(e.URLs[0]))
			}
			ew.printf("\n")
		}
		ew.printf("\n")
	}

	ew.printf("## Problems in the list\n\n")
	if len(problems) == 0 {
		ew.printf("None.\n\n")
	}
	for i, p := range problems {
		if i >= reportMaxProblems {
			ew.printf("- … and %d more\n", len(problems)-reportMaxProblems)
			break
		}
		msg := p.Msg
		if p.Err != nil {
			msg += ": " + p.Err.Error()
		}
		ew.printf("- %s:%d: %s\n", mdText(p.File), p.Line, mdText(msg))
	}
	if len(problems) > 0 {
		ew.printf("\n")
	}

	if len(warnings) > 0 {
		ew.printf("## BibTeX warnings\n\n")
		ew.printf("What the .bib files could not say faithfully, by citation key.\n\n")
		var msgs []string
		keys := map[string][]string{}
		for _, wn := range warnings {
			if keys[wn.Msg] == nil {
				msgs = append(msgs, wn.Msg)
			}
			keys[wn.Msg] = append(keys[wn.Msg], wn.Key)
		}
		for _, m := range msgs {
			ks := keys[m]
			if len(ks) == 1 {
				ew.printf("- %s: %s\n", mdText(ks[0]), mdText(m))
				continue
			}
			ew.printf("- %s (%d entries): %s\n", mdText(m), len(ks), mdText(strings.Join(ks, ", ")))
		}
		ew.printf("\n")
	}

	ew.printf("## Data\n\n")
	if run.Credit != "" {
		ew.printf("%s. ", mdText(strings.TrimSuffix(run.Credit, ".")))
	}
	ew.printf("%s\n", NonCommercial)
	return ew.err
}

// runFacts is what the report and index.html say about a run beyond the
// rankings: counts, and the entries and papers that need a reader's eye.
type runFacts struct {
	name                            string // the reading list's name
	entries                         []bib.Entry
	problems                        []*bib.ParseError
	paperEntries, links             int
	status                          map[fetch.Status]int
	fams                            []FamilyFile
	linkFams, failedFams, emptyFams []PaperlessFamily
	corrected                       []*fetch.Resolution // resolved, with corrections
	doubtful                        []*fetch.Resolution // ambiguous or unresolved
	unavailable                     []*graph.Node       // reference list unavailable
	nodes, edges, suggestions       int
	neighbourhood                   *neighbourhoodFacts
}

func (r *Run) facts() *runFacts {
	f := &runFacts{name: "reading list", status: map[fetch.Status]int{}, fams: r.Families()}
	for _, pf := range r.PaperlessFamilies() {
		switch {
		case pf.Empty():
			f.emptyFams = append(f.emptyFams, pf)
		case pf.LinksOnly():
			f.linkFams = append(f.linkFams, pf)
		default:
			f.failedFams = append(f.failedFams, pf)
		}
	}
	if r.List != nil {
		if r.List.Name != "" {
			f.name = r.List.Name
		}
		f.entries = r.List.Entries
		f.problems = r.List.Problems
	}
	for _, e := range f.entries {
		switch e.Kind {
		case bib.KindPaper:
			f.paperEntries++
		case bib.KindLink:
			f.links++
		}
	}
	for i := range r.Resolutions {
		res := &r.Resolutions[i]
		f.status[res.Status]++
		switch {
		case res.Status != fetch.StatusResolved:
			f.doubtful = append(f.doubtful, res)
		case len(res.Corrections) > 0:
			f.corrected = append(f.corrected, res)
		}
	}
	nodes := r.Graph.Nodes()
	for _, n := range nodes {
		if !n.Paper.ReferencesAvailable() {
			f.unavailable = append(f.unavailable, n)
		}
	}
	f.nodes, f.edges, f.suggestions = len(nodes), len(r.Graph.Edges()), len(r.Suggestions)
	f.neighbourhood = r.neighbourhoodFacts()
	return f
}

// countRow is one line of the summary table.
type countRow struct {
	Label string
	N     int
}

// counts are the summary table's rows, as report.md and index.html show
// them.
func (f *runFacts) counts() []countRow {
	return []countRow{
		{"Entries in the list", len(f.entries)},
		{"Paper entries", f.paperEntries},
		{"Resolved", f.status[fetch.StatusResolved]},
		{"Ambiguous", f.status[fetch.StatusAmbiguous]},
		{"Unresolved", f.status[fetch.StatusUnresolved]},
		{"Distinct papers in the graph", f.nodes},
		{"Links kept (not papers)", f.links},
		{"Families with papers", len(f.fams)},
		{"Sections of links only (not papers)", len(f.linkFams)},
		{"Families whose paper entries all failed to resolve", len(f.failedFams)},
		{"Empty families (a heading with no items)", len(f.emptyFams)},
		{"Citations among the list's papers", f.edges},
		{"Papers whose reference list is unavailable", len(f.unavailable)},
		{"Suggested papers (outside the list)", f.suggestions},
		{"Problems in the list", len(f.problems)},
	}
}

// lowerBoundsNote says what an unavailable reference list means for the
// metrics.
const lowerBoundsNote = "Citations made by papers whose reference list is unavailable are missing from the graph, " +
	"so their local citations, PageRank and the like are lower bounds, not facts."

// writeInfluenceTable writes the citations between families as a matrix:
// row A, column B holds how many citations papers of A make to papers of
// B (the numbers influence.svg draws, all of them), the diagonal those
// within a family.
func writeInfluenceTable(ew *errWriter, g *graph.Graph, fams []FamilyFile) {
	ew.printf("## Citations between families\n\n")
	if len(fams) > maxInfluenceFamilies {
		// The families influence.svg draws; a table of hundreds of columns
		// would be unreadable (and megabytes long).
		names, papers := make([]string, len(fams)), map[string]int{}
		for i, f := range fams {
			names[i] = f.Name
			papers[f.Name] = len(f.Papers)
		}
		keep := map[string]bool{}
		for _, f := range influenceFamilies(names, influenceWeights(influenceOf(g)), papers) {
			keep[f] = true
		}
		ew.printf("Only the %d of %d families with the most citations to and from other families are in this table "+
			"(the families `influence.svg` draws); `graph.json` holds every citation.\n\n", maxInfluenceFamilies, len(fams))
		fams = slices.DeleteFunc(slices.Clone(fams), func(f FamilyFile) bool { return !keep[f.Name] })
	}
	in := make(map[string]bool, len(fams))
	for _, f := range fams {
		in[f.Name] = true
	}
	w := map[[2]string]int{}
	for _, e := range influenceOf(g) {
		if in[e.From] && in[e.To] {
			w[[2]string{e.From, e.To}] = e.Weight
		}
	}
	ew.printf("Row A, column B: how many citations papers of family A make to papers of family B; " +
		"the diagonal counts citations within a family. A paper listed in several families counts for each. " +
		"`influence.svg` draws this table.\n\n")
	ew.printf("| Citing ↓ · cited → |")
	for i := range fams {
		ew.printf(" %d |", i+1)
	}
	ew.printf("\n| --- |%s\n", strings.Repeat(" ---: |", len(fams)))
	for i, a := range fams {
		ew.printf("| %d. %s |", i+1, mdCell(a.Name))
		for _, b := range fams {
			ew.printf(" %d |", w[[2]string{a.Name, b.Name}])
		}
		ew.printf("\n")
	}
	ew.printf("\n")
}

// paperlessList is "知乎 (7 links); Introduction (1 link)" for families of
// links, "F (2 paper entries)" for families whose papers did not resolve
// and just the names for empty families; esc escapes a name for the
// target format.
func paperlessList(fs []PaperlessFamily, esc func(string) string) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		var what []string
		if f.PaperEntries > 0 {
			what = append(what, plural(f.PaperEntries, "paper entry"))
		}
		if f.Links > 0 {
			what = append(what, plural(f.Links, "link"))
		}
		parts[i] = esc(f.Name)
		if len(what) > 0 {
			parts[i] += " (" + strings.Join(what, ", ") + ")"
		}
	}
	return strings.Join(parts, "; ")
}

func scoreTitle(s *graph.Score) string { return paperTitle(s.Paper, s.Key) }

func paperTitle(p *bib.Paper, key string) string {
	if p != nil {
		if t := cleanText(p.Title); t != "" {
			return t
		}
	}
	return key
}

func paperYear(p *bib.Paper) int {
	if p == nil {
		return 0
	}
	return p.Year
}

func listedTitle(e bib.Entry) string {
	if t := cleanText(e.Title); t != "" {
		return t
	}
	if len(e.URLs) > 0 {
		return e.URLs[0]
	}
	return "(untitled)"
}

// listedMeta is " (2017, CVPR)" from what the entry lists, or "".
func listedMeta(e bib.Entry) string {
	if m := listedMetaText(e); m != "" {
		return " (" + mdText(m) + ")"
	}
	return ""
}

// mdLinkURL makes a URL safe inside a Markdown autolink <…>: no spaces,
// "<" or ">" (percent-encoded).
func mdLinkURL(u string) string {
	u = cleanText(u)
	r := strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E")
	return r.Replace(u)
}
