package out

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/citegraph/citegraph/graph"
)

// Report limits of the neighbourhood sections.
const (
	reportSimilar       = 3  // similar papers shown per list paper
	reportFamilySuggest = 3  // suggestions shown per family
	reportStrays        = 50 // strays listed one by one
)

// writeNeighbourhoodReport writes the report's sections on what the papers
// around the list say: suggested papers (overall and per family), similar
// papers, clusters against families, and completeness.
func writeNeighbourhoodReport(ew *errWriter, run *Run, f *runFacts) {
	nf := f.neighbourhood
	writeSuggestionsSection(ew, run, nf.nb)
	writeSimilarSection(ew, run, nf)
	writeClustersSection(ew, nf)
	writeCompletenessSection(ew, nf)
}

// neighbourhoodFacts is what report.md and index.html both say about the
// list's neighbourhood beyond the suggestions, computed once: each list
// paper's similar papers, the clusters against the families, and how
// complete the data is.
type neighbourhoodFacts struct {
	nb        *graph.Neighbourhood // never nil: an empty one when the run has none
	order     []*graph.Node        // the list's papers in list order (listOrder)
	noSimilar int                  // list papers without any similar paper
	// clusterMain holds each cluster's main families, by Cluster.ID.
	clusterMain map[int][]string
	strays      []strayFact // nb.Clusters.Strays, with their papers
	compl       completenessFacts
}

// strayFact is a paper in a cluster of other families.
type strayFact struct {
	graph.Stray
	node *graph.Node
	main []string // the main families of its cluster
}

// completenessFacts is Local Citation Network's estimate of how complete
// the list's reference data is, its three factors, the share of citations
// fetched, and each list paper's counts.
type completenessFacts struct {
	found, entries   int // paper entries with a record, of all paper entries
	withRefs, papers int // list papers with a reference list, of all
	refShare         float64
	refPapers        int // the papers refShare is the mean over (0: none)
	estimate         float64
	expanded         bool // citation lists were fetched
	citShare         float64
	citPapers        int // the papers citShare is the mean over (0: none)
	cut              int // list papers whose citation list stops early
	rows             []completenessRow
}

// completenessRow is one list paper's completeness, in list order.
type completenessRow struct {
	graph.PaperCompleteness
	node   *graph.Node
	failed string // why its citation list could not be fetched, "" when it was not asked for or was fetched
}

func (r *Run) neighbourhoodFacts() *neighbourhoodFacts {
	nb := r.Neighbourhood
	if nb == nil {
		nb = &graph.Neighbourhood{MinLinks: 1}
	}
	nf := &neighbourhoodFacts{nb: nb, order: listOrder(r), clusterMain: map[int][]string{}}
	for _, n := range nf.order {
		if len(nb.Similar[n.Key]) == 0 {
			nf.noSimilar++
		}
	}
	for _, cl := range nb.Clusters.Clusters {
		nf.clusterMain[cl.ID] = cl.Main
	}
	for _, s := range nb.Clusters.Strays {
		nf.strays = append(nf.strays, strayFact{Stray: s, node: r.Graph.Node(s.Key), main: nf.clusterMain[s.Cluster]})
	}

	c := &nf.compl
	for i := range r.Resolutions {
		c.entries++
		if r.Resolutions[i].Paper != nil {
			c.found++
		}
	}
	c.refShare, c.refPapers = nb.ReferenceCompleteness()
	c.withRefs, c.papers = nb.WithReferences(), len(nb.Completeness)
	c.estimate = nb.EstimatedCompleteness(c.found, c.entries)
	c.expanded = nb.Expanded
	c.citShare, c.citPapers = nb.CitationCompleteness()
	failed := map[string]string{}
	for _, fl := range r.Expand.Failed {
		failed[fl.Key] = fl.Reason
	}
	byKey := map[string]graph.PaperCompleteness{}
	for _, pc := range nb.Completeness {
		byKey[pc.Key] = pc
		if pc.CitationsCut != "" {
			c.cut++
		}
	}
	for _, n := range nf.order {
		if pc, ok := byKey[n.Key]; ok {
			c.rows = append(c.rows, completenessRow{PaperCompleteness: pc, node: n, failed: failed[pc.Key]})
		}
	}
	return nf
}

// cutNote says why a citation list stops early ("" when it does not):
// flag formats a command-line flag, text any other text for the target
// format.
func cutNote(cut string, flag, text func(string) string) string {
	switch cut {
	case "":
		return ""
	case "limit":
		return "at least; " + flag("--expand-limit")
	case "bound":
		return "at least; the API's paging bound"
	}
	return "at least; cut: " + text(cut)
}

// gatheredFrom says where the neighbourhood comes from.
func gatheredFrom(run *Run, nb *graph.Neighbourhood) string {
	x := run.Expand
	switch {
	case nb.Expanded:
		s := "Gathered from the list papers' reference lists and citation lists (`--expand`"
		if x.Limit > 0 {
			s += fmt.Sprintf(", at most %d citing papers per list paper", x.Limit)
		}
		s += ")."
		if n := len(x.Failed); n > 0 {
			s += fmt.Sprintf(" The citation lists of %s could not be fetched (see Completeness).", plural(n, "list paper"))
		}
		if x.MetadataFailed > 0 {
			s += fmt.Sprintf(" The records of %s could not be fetched; they show what the reference and citation items say.", plural(x.MetadataFailed, "suggested paper"))
		}
		return s
	case x.Asked && x.Unavailable != "":
		return fmt.Sprintf("Gathered from the list papers' reference lists only: `--expand` was given, but %s, so there are no derivative works.", mdText(x.Unavailable))
	case x.Asked:
		return "Gathered from the list papers' reference lists only: no citation list could be fetched (see Completeness), so there are no derivative works."
	default:
		return "Gathered from the list papers' reference lists only (offline, or `--expand` not given): papers that cite the list (derivative works) need `--expand` against the Semantic Scholar API."
	}
}

func suggestionTitle(s *graph.Suggestion) string { return paperTitle(s.Paper, s.Key) }

func writeSuggestionsSection(ew *errWriter, run *Run, nb *graph.Neighbourhood) {
	ew.printf("## Suggested papers\n\n")
	ew.printf("%s\n\n", gatheredFrom(run, nb))
	sugs := run.Suggestions
	if len(sugs) == 0 {
		ew.printf("None: no paper outside the list connects to %s of the list.\n\n", plural(nb.MinLinks, "paper"))
		return
	}
	kinds := map[graph.SuggestionKind]int{}
	withID := 0
	for i := range sugs {
		kinds[sugs[i].Kind]++
		if hasID(&sugs[i]) {
			withID++
		}
	}
	ew.printf("%s outside the list %s to at least %s of the list: %s (list papers cite them), "+
		"%s (they cite list papers) and %s (they share at least %s or references with each of at least %s). ",
		plural(len(sugs), "paper"), verb(len(sugs), "connects", "connect"), plural(nb.MinLinks, "paper"),
		plural(kinds[graph.KindPrior], "prior work"), plural(kinds[graph.KindDerivative], "derivative work"),
		plural(kinds[graph.KindSimilar], "similar work"), plural(nb.MinLinks, "citer"), plural(nb.MinLinks, "list paper"))
	ew.printf("`suggestions.csv` and `suggestions.json` list all %d with the list papers each connects to; `suggested.bib` holds the %d that have an id", len(sugs), withID)
	if n := len(sugs) - withID; n > 0 {
		ew.printf(" (the other %d are known by title only)", n)
	}
	ew.printf(". Ranked by the number of list papers linked, then by global citations.\n\n")
	ew.printf("| # | Paper | Year | Kind | List papers linked | Global citations |\n| ---: | --- | ---: | --- | ---: | ---: |\n")
	for i := range sugs {
		if i >= reportSuggestions {
			break
		}
		s := &sugs[i]
		var year int
		var global *int
		if s.Paper != nil {
			year, global = s.Paper.Year, s.Paper.CitationCount
		}
		ew.printf("| %d | %s | %s | %s | %d | %s |\n", i+1, mdCell(suggestionTitle(s)), mdYear(year), s.Kind, len(s.Links()), mdOptInt(global))
	}
	if len(sugs) > reportSuggestions {
		ew.printf("\nThe top %d of %d; the others are in `suggestions.csv`.\n", reportSuggestions, len(sugs))
	}
	ew.printf("\n")

	fams := run.Families()
	if len(fams) < 2 {
		return
	}
	ew.printf("### Suggested papers per family\n\n")
	ew.printf("For each family, the suggestions linked to most of its papers (then by global citations).\n\n")
	sections := largestFamilies(fams, maxFamilySections)
	for _, f := range fams {
		if !sections[f.Name] {
			continue
		}
		in := map[string]bool{}
		for _, k := range f.Papers {
			in[k] = true
		}
		type ranked struct {
			s     *graph.Suggestion
			links int
		}
		var rs []ranked
		for i := range sugs {
			n := 0
			for _, k := range sugs[i].Links() {
				if in[k] {
					n++
				}
			}
			if n > 0 {
				rs = append(rs, ranked{&sugs[i], n})
			}
		}
		slices.SortStableFunc(rs, func(a, b ranked) int {
			return cmp.Or(cmp.Compare(b.links, a.links), cmp.Compare(b.s.Paper.Citations(), a.s.Paper.Citations()))
		})
		ew.printf("- %s: ", mdText(f.Name))
		if len(rs) == 0 {
			ew.printf("none\n")
			continue
		}
		var parts []string
		for i, r := range rs {
			if i >= reportFamilySuggest {
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%s, %s; %d of its %s)", mdText(suggestionTitle(r.s)),
				mdYear(paperYear(r.s.Paper)), r.s.Kind, r.links, plural(len(f.Papers), "paper")))
		}
		ew.printf("%s\n", strings.Join(parts, "; "))
	}
	if n := len(fams) - len(sections); n > 0 {
		ew.printf("\n%s not listed here (only the %d with the most papers are, the first listed on ties): "+
			"`suggestions.csv` gives the families each suggestion connects to.\n", plural(n, "more family"), len(sections))
	}
	ew.printf("\n")
}

func writeSimilarSection(ew *errWriter, run *Run, nf *neighbourhoodFacts) {
	nb := nf.nb
	ew.printf("## Similar papers\n\n")
	ew.printf("Two papers are similar when they share at least %s or references: co-citation counts the papers citing both, "+
		"bibliographic coupling the references both cite; the strength is Salton's cosine of their citers and references together "+
		"(shared / √(links of one × links of the other); README, \"Similarity\"). `graph.json` holds every pair of list papers "+
		"with their counts and strengths, `similarity.graphml` those pairs and the pairs of list and suggested papers. ",
		plural(nb.MinLinks, "citer"))
	ew.printf("Each list paper's most similar papers (up to %d; *in italics* outside the list):\n\n", reportSimilar)
	none := nf.noSimilar
	for _, n := range nf.order {
		sim := nb.Similar[n.Key]
		if len(sim) == 0 {
			continue
		}
		var parts []string
		for i, sp := range sim {
			if i >= reportSimilar {
				break
			}
			t := mdText(paperTitle(sp.Paper, sp.Key))
			if !sp.InList {
				t = "*" + t + "*"
			}
			parts = append(parts, fmt.Sprintf("%s (%.2f; %s, %s)", t, sp.Edge.Strength,
				plural(sp.Edge.CoCitation, "co-citing paper"), plural(sp.Edge.Coupling, "shared reference")))
		}
		ew.printf("- %s (%s): %s\n", mdText(paperTitle(n.Paper, n.Key)), mdYear(n.Paper.Year), strings.Join(parts, "; "))
	}
	if none == run.Graph.Len() {
		ew.printf("None: no list paper shares %s or references with another paper.\n", plural(nb.MinLinks, "citer"))
	} else if none > 0 {
		ew.printf("\n%s %s fewer than %s or references with every other paper.\n", plural(none, "more list paper"),
			verb(none, "shares", "share"), plural(nb.MinLinks, "citer"))
	}
	ew.printf("\n")
}

func writeClustersSection(ew *errWriter, nf *neighbourhoodFacts) {
	c := nf.nb.Clusters
	ew.printf("## Clusters and families\n\n")
	if len(c.Clusters) == 0 {
		ew.printf("No list paper cites, or shares a citer or reference with, another: there is nothing to cluster.\n\n")
		return
	}
	ew.printf("Communities of the list's papers found by gonum's Louvain modularisation (resolution 1, fixed seed), "+
		"two papers joined with weight 1 when one cites the other plus their similarity strength; modularity %.3f. "+
		"`clusters.csv` has every paper's cluster. Where a cluster's main family is not a paper's own, the literature groups the paper "+
		"differently from the list.\n\n", roundedZero(c.Modularity, 3))
	ew.printf("| Cluster | Papers | Main family | Families (papers) |\n| ---: | ---: | --- | --- |\n")
	for _, cl := range c.Clusters {
		var fs []string
		for _, fc := range cl.Families {
			fs = append(fs, fmt.Sprintf("%s (%d)", fc.Family, fc.Papers))
		}
		ew.printf("| %d | %d | %s | %s |\n", cl.ID, len(cl.Papers), mdCell(namedFamilies(cl.Main, ", ", identity)), mdCell(namedFamilies(fs, ", ", identity)))
	}
	ew.printf("\n")
	if len(nf.strays) == 0 {
		ew.printf("Every clustered paper sits in a cluster whose main family is its own.\n\n")
	} else {
		ew.printf("Papers in a cluster of other families (%d):\n\n", len(nf.strays))
		for i, s := range nf.strays {
			if i >= reportStrays {
				ew.printf("- … and %d more (see `clusters.csv`)\n", len(nf.strays)-reportStrays)
				break
			}
			n := s.node
			ew.printf("- %s (%s): listed in %s, in cluster %d (%s)\n", mdText(paperTitle(n.Paper, s.Key)), mdYear(n.Paper.Year),
				mdText(namedFamilies(s.Families, ", ", identity)), s.Cluster, mdText(namedFamilies(s.main, ", ", identity)))
		}
		ew.printf("\n")
	}
	if len(c.Splits) == 0 {
		ew.printf("No family is split across clusters.\n\n")
	} else {
		ew.printf("Families split across clusters:\n\n")
		for i, sp := range c.Splits {
			if i >= maxListedSplits {
				ew.printf("- … and %d more (see `clusters.csv`)\n", len(c.Splits)-maxListedSplits)
				break
			}
			var parts []string
			for _, p := range sp.Parts {
				parts = append(parts, fmt.Sprintf("cluster %d (%d)", p.Cluster, p.Papers))
			}
			ew.printf("- %s: %s\n", mdText(sp.Family), strings.Join(parts, ", "))
		}
		ew.printf("\n")
	}
	if n := len(c.Unlinked); n > 0 {
		ew.printf("%s %s no citation and %s no citer or reference with another list paper, so no cluster holds %s.\n\n",
			plural(n, "paper"), verb(n, "has", "have"), verb(n, "shares", "share"), verb(n, "it", "them"))
	}
}

func writeCompletenessSection(ew *errWriter, nf *neighbourhoodFacts) {
	c := &nf.compl
	ew.printf("## Completeness\n\n")
	ew.printf("Estimated completeness of the reference data, as Local Citation Network estimates it: "+
		"%d of %d paper entries found × %d of %d papers with a reference list × ", c.found, c.entries, c.withRefs, c.papers)
	if c.refPapers > 0 {
		ew.printf("%.2f, the mean share of references found (over the %s whose reference count is known)", c.refShare, plural(c.refPapers, "paper"))
	} else {
		ew.printf("1 (no paper's reference count is known)")
	}
	ew.printf(" = **%.2f**.\n\n", c.estimate)
	switch {
	case !c.expanded:
		ew.printf("Citations: not fetched (references only).\n\n")
	case c.citPapers > 0:
		ew.printf("Citations: the mean share of citations fetched is %.1f%% over the %s whose citation count is known.", 100*c.citShare, plural(c.citPapers, "paper"))
	default:
		ew.printf("Citations: fetched, but no paper's citation count is known.")
	}
	if c.expanded {
		if c.cut > 0 {
			ew.printf(" The citation lists of %s stop early (the API pages at most 9,999 citations; `--expand-limit` caps them): "+
				"their derivative works, co-citations and citation counts below are lower bounds.", plural(c.cut, "paper"))
		}
		ew.printf("\n\n")
	}
	ew.printf("| Paper | References found / count | Citations fetched / count |\n| --- | ---: | ---: |\n")
	code := func(s string) string { return "`" + s + "`" }
	for _, pc := range c.rows {
		refCell := "unavailable"
		if pc.ReferencesFound >= 0 {
			refCell = fmt.Sprintf("%d / %s", pc.ReferencesFound, mdOptInt(pc.ReferenceCount))
		}
		citCell := "not fetched"
		switch {
		case pc.CitationsFetched >= 0:
			citCell = fmt.Sprintf("%d / %s", pc.CitationsFetched, mdOptInt(pc.CitationCount))
			if note := cutNote(pc.CitationsCut, code, mdCell); note != "" {
				citCell += " (" + note + ")"
			}
		case pc.failed != "":
			citCell = "failed: " + mdCell(pc.failed)
		}
		ew.printf("| %s | %s | %s |\n", mdCell(paperTitle(pc.node.Paper, pc.Key)), refCell, citCell)
	}
	ew.printf("\n")
}

// listOrder returns the graph's papers in the order the list first names
// them (then any paper no resolution names, by key).
func listOrder(run *Run) []*graph.Node {
	var ns []*graph.Node
	seen := map[string]bool{}
	for i := range run.Resolutions {
		p := run.Resolutions[i].Paper
		if p == nil {
			continue
		}
		if n := run.Graph.Node(p.Key()); n != nil && !seen[n.Key] {
			seen[n.Key] = true
			ns = append(ns, n)
		}
	}
	for _, n := range run.Graph.Nodes() {
		if !seen[n.Key] {
			ns = append(ns, n)
		}
	}
	return ns
}

// verb picks the singular or plural form for a count.
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// roundedZero returns x, or 0 when it rounds to zero at prec decimals (so
// that a float's -1e-17 never prints as "-0.000").
func roundedZero(x float64, prec int) float64 {
	if math.Abs(x) < 0.5*math.Pow10(-prec) {
		return 0
	}
	return x
}
