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
// (warnings), and the Semantic Scholar credit.
func WriteReport(w io.Writer, run *Run, warnings []bib.Warning) error {
	ew := &errWriter{w: w}
	g := run.Graph
	nodes := g.Nodes()
	fams := run.Families()
	var linkFams, failedFams, emptyFams []PaperlessFamily
	for _, f := range run.PaperlessFamilies() {
		switch {
		case f.Empty():
			emptyFams = append(emptyFams, f)
		case f.LinksOnly():
			linkFams = append(linkFams, f)
		default:
			failedFams = append(failedFams, f)
		}
	}

	name := "reading list"
	var entries []bib.Entry
	var problems []*bib.ParseError
	if run.List != nil {
		if run.List.Name != "" {
			name = run.List.Name
		}
		entries = run.List.Entries
		problems = run.List.Problems
	}
	ew.printf("# citegraph report: %s\n\n", mdText(name))
	if run.SourceDesc != "" {
		ew.printf("Source: %s.\n\n", mdText(strings.TrimSuffix(run.SourceDesc, ".")))
	}

	var nPaperEntries, nLinks int
	for _, e := range entries {
		switch e.Kind {
		case bib.KindPaper:
			nPaperEntries++
		case bib.KindLink:
			nLinks++
		}
	}
	status := map[fetch.Status]int{}
	var corrected, doubtful []*fetch.Resolution
	for i := range run.Resolutions {
		r := &run.Resolutions[i]
		status[r.Status]++
		switch {
		case r.Status != fetch.StatusResolved:
			doubtful = append(doubtful, r)
		case len(r.Corrections) > 0:
			corrected = append(corrected, r)
		}
	}
	var unavailable []*graph.Node
	for _, n := range nodes {
		if !n.Paper.ReferencesAvailable() {
			unavailable = append(unavailable, n)
		}
	}
	edges := g.Edges()

	ew.printf("## Summary\n\n")
	ew.printf("| | |\n| --- | ---: |\n")
	ew.printf("| Entries in the list | %d |\n", len(entries))
	ew.printf("| Paper entries | %d |\n", nPaperEntries)
	ew.printf("| Resolved | %d |\n", status[fetch.StatusResolved])
	ew.printf("| Ambiguous | %d |\n", status[fetch.StatusAmbiguous])
	ew.printf("| Unresolved | %d |\n", status[fetch.StatusUnresolved])
	ew.printf("| Distinct papers in the graph | %d |\n", len(nodes))
	ew.printf("| Links kept (not papers) | %d |\n", nLinks)
	ew.printf("| Families with papers | %d |\n", len(fams))
	ew.printf("| Sections of links only (not papers) | %d |\n", len(linkFams))
	ew.printf("| Families whose paper entries all failed to resolve | %d |\n", len(failedFams))
	ew.printf("| Empty families (a heading with no items) | %d |\n", len(emptyFams))
	ew.printf("| Citations among the list's papers | %d |\n", len(edges))
	ew.printf("| Papers whose reference list is unavailable | %d |\n", len(unavailable))
	ew.printf("| Suggested papers (outside the list) | %d |\n", len(run.Suggestions))
	ew.printf("| Problems in the list | %d |\n", len(problems))
	ew.printf("\n")
	if len(linkFams) > 0 {
		ew.printf("Sections of links, not papers: %s.\n\n", paperlessList(linkFams))
	}
	if len(failedFams) > 0 {
		ew.printf("Families without a resolved paper: %s; see the unresolved entries below.\n\n", paperlessList(failedFams))
	}
	if len(emptyFams) > 0 {
		ew.printf("Empty families: %s.\n\n", paperlessList(emptyFams))
	}
	if len(unavailable) > 0 {
		ew.printf("Citations made by papers whose reference list is unavailable are missing from the graph, " +
			"so their local citations, PageRank and the like are lower bounds, not facts.\n\n")
	}

	ew.printf("## Top %d overall\n\n", reportTopOverall)
	if len(run.Scores) == 0 {
		ew.printf("No paper was resolved.\n\n")
	} else {
		writeRankingTable(ew, run.Scores, true, reportTopOverall)
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
	for _, f := range fams {
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
		for i, s := range graph.FamilyRanking(run.Scores, f.Name) {
			if i >= reportTopFamily {
				break
			}
			ew.printf("%d. %s (%s): local citations %d, global %s, PageRank %.4f\n",
				s.Rank, mdText(scoreTitle(&s)), mdYear(paperYear(s.Paper)), s.LocalCitations,
				mdOptInt(s.GlobalCitations), s.PageRank)
		}
		ew.printf("\n")
	}
	if len(fams) == 0 {
		ew.printf("No family has a resolved paper.\n\n")
	}

	if len(fams) > 1 {
		writeInfluenceTable(ew, g, fams)
	}

	ew.printf("## Suggested papers\n\n")
	if len(run.Suggestions) == 0 {
		ew.printf("None: no paper outside the list is cited by enough papers of the list.\n\n")
	} else {
		ew.printf("Papers outside the list that papers of the list cite, most cited first (top %d of %d; all in `suggested.bib`).\n\n",
			min(reportSuggestions, len(run.Suggestions)), len(run.Suggestions))
		ew.printf("| # | Paper | Year | Cited by list papers | Global citations |\n| ---: | --- | ---: | ---: | ---: |\n")
		for i, s := range run.Suggestions {
			if i >= reportSuggestions {
				break
			}
			title, year, global := s.Key, 0, (*int)(nil)
			if s.Paper != nil {
				if t := cleanText(s.Paper.Title); t != "" {
					title = t
				}
				year, global = s.Paper.Year, s.Paper.CitationCount
			}
			ew.printf("| %d | %s | %s | %d | %s |\n", i+1, mdCell(title), mdYear(year), len(s.CitedBy), mdOptInt(global))
		}
		ew.printf("\n")
	}

	ew.printf("## Unresolved and ambiguous entries\n\n")
	if len(doubtful) == 0 {
		ew.printf("None: every paper entry was resolved.\n\n")
	}
	for _, r := range doubtful {
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
		for _, r := range corrected {
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

// writeInfluenceTable writes the citations between families as a matrix:
// row A, column B holds how many citations papers of A make to papers of
// B (the numbers influence.svg draws, all of them), the diagonal those
// within a family.
func writeInfluenceTable(ew *errWriter, g *graph.Graph, fams []FamilyFile) {
	w := map[[2]string]int{}
	for _, e := range influenceOf(g) {
		w[[2]string{e.From, e.To}] = e.Weight
	}
	ew.printf("## Citations between families\n\n")
	if len(fams) > maxInfluenceFamilies {
		// The families influence.svg draws; a table of hundreds of columns
		// would be unreadable (and megabytes long).
		var edges []graph.FamilyEdge
		for _, e := range influenceOf(g) {
			if e.From != e.To && e.Weight > 0 {
				edges = append(edges, e)
			}
		}
		names, papers := make([]string, len(fams)), map[string]int{}
		for i, f := range fams {
			names[i] = f.Name
			papers[f.Name] = len(f.Papers)
		}
		keep := map[string]bool{}
		for _, f := range influenceFamilies(names, edges, papers) {
			keep[f] = true
		}
		ew.printf("Only the %d of %d families with the most citations to and from other families are in this table "+
			"(the families `influence.svg` draws); `graph.json` holds every citation.\n\n", maxInfluenceFamilies, len(fams))
		fams = slices.DeleteFunc(slices.Clone(fams), func(f FamilyFile) bool { return !keep[f.Name] })
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
// and just the names for empty families.
func paperlessList(fs []PaperlessFamily) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		var what []string
		if f.PaperEntries > 0 {
			what = append(what, plural(f.PaperEntries, "paper entry"))
		}
		if f.Links > 0 {
			what = append(what, plural(f.Links, "link"))
		}
		parts[i] = mdText(f.Name)
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
	var parts []string
	if e.Year != 0 {
		parts = append(parts, fmt.Sprint(e.Year))
	}
	if v := cleanText(e.Venue); v != "" {
		parts = append(parts, mdText(v))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// mdLinkURL makes a URL safe inside a Markdown autolink <…>: no spaces,
// "<" or ">" (percent-encoded).
func mdLinkURL(u string) string {
	u = cleanText(u)
	r := strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E")
	return r.Replace(u)
}
