package out

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
)

// Page limits of the neighbourhood's parts.
const pageLongTable = 25 // rows beyond which a table of the neighbourhood starts collapsed

// pageRefs names the run's papers and families on the page: their anchors
// and their indices for the family filter.
type pageRefs struct {
	g        *graph.Graph
	rank     map[string]int // overall rank by key
	bibs     *bibSet
	fams     []FamilyFile
	famIndex map[string]int
}

func newPageRefs(g *graph.Graph, bibs *bibSet, fams []FamilyFile, scores []graph.Score) *pageRefs {
	r := &pageRefs{g: g, bibs: bibs, fams: fams, famIndex: map[string]int{}, rank: map[string]int{}}
	for i, f := range fams {
		r.famIndex[f.Name] = i
	}
	for _, s := range scores {
		r.rank[s.Key] = s.Rank
	}
	return r
}

// anchor is the id of a list paper's row in the full rankings: its
// citation key (unique and stable; a .bib list's own keys may hold any
// printable character, escaped where the page writes it) after "p-".
func (r *pageRefs) anchor(key string) string { return "p-" + r.bibs.refs.CiteKey(key) }

// families returns the links to the families named (those the run has,
// in the order given; the first maxNamedFamilies, then one "and N more
// families") and the indices of all of them, space-separated, for the
// family filter.
func (r *pageRefs) families(names []string) ([]htmlFamilyRef, string) {
	var refs []htmlFamilyRef
	var idx []string
	more := 0
	for _, n := range names {
		i, ok := r.famIndex[n]
		if !ok {
			continue
		}
		idx = append(idx, strconv.Itoa(i))
		if len(refs) == maxNamedFamilies {
			more++
			continue
		}
		refs = append(refs, htmlFamilyRef{Index: i, Name: cleanText(n), Anchor: "family-" + r.fams[i].Slug})
	}
	if more > 0 {
		refs = append(refs, htmlFamilyRef{Name: moreFamilies(more), More: more})
	}
	return refs, strings.Join(idx, " ")
}

// byRank returns the keys of the list's papers among keys in the order of
// the overall ranking (then by key, for any the ranking lacks).
func (r *pageRefs) byRank(keys []string) []string {
	var out []string
	for _, k := range keys {
		if r.g.Node(k) != nil {
			out = append(out, k)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int {
		ra, oka := r.rank[a]
		rb, okb := r.rank[b]
		switch {
		case oka && okb:
			return cmp.Compare(ra, rb)
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}

// paper is a link to a list paper's row.
func (r *pageRefs) paper(n *graph.Node) htmlPaperRef {
	return htmlPaperRef{Title: paperTitle(n.Paper, n.Key), Anchor: r.anchor(n.Key), Year: n.Paper.Year}
}

// htmlSimilar is a paper similar to a list paper, as its row lists it.
type htmlSimilar struct {
	Title    string
	Href     string // "#p-…" for a paper of the list, else its page ("" for none)
	InList   bool
	Year     int
	Strength string // graph.SimilarityEdge.Strength, 2 decimals
	CoCit    int
	Coupling int
}

// similarList is a list paper's similar papers (graph.Neighbourhood's
// Similar, in its order) for the paper's row.
func (r *pageRefs) similarList(sim []graph.SimilarPaper) []htmlSimilar {
	var out []htmlSimilar
	for _, sp := range sim {
		h := htmlSimilar{
			Title: paperTitle(sp.Paper, sp.Key), InList: sp.InList, Year: paperYear(sp.Paper),
			Strength: strconv.FormatFloat(sp.Edge.Strength, 'f', 2, 64), CoCit: sp.Edge.CoCitation, Coupling: sp.Edge.Coupling,
		}
		if sp.InList && r.g.Node(sp.Key) != nil {
			h.Href = "#" + r.anchor(sp.Key)
		} else {
			h.InList = false
			h.Href = paperPage(sp.Paper)
		}
		out = append(out, h)
	}
	return out
}

// paperPage is the page of a paper outside the list: its first link
// (paperLinks), or "" for none.
func paperPage(p *bib.Paper) string {
	if p != nil {
		if ls := paperLinks(p); len(ls) > 0 {
			return ls[0].Href
		}
	}
	return ""
}

// htmlClusters is the section comparing clusters with families (see
// graph.Clustering).
type htmlClusters struct {
	Modularity string
	Clusters   []htmlCluster
	Strays     []htmlStray
	Collapse   bool // the strays' table starts collapsed
	Splits     []htmlSplit
	MoreSplits int // families split across clusters not listed
	Unlinked   []htmlPaperRef
}

type htmlCluster struct {
	ID       int
	Anchor   string
	Main     []htmlFamilyRef
	Families []htmlFamilyCount
	Papers   []htmlPaperRef
}

type htmlFamilyCount struct {
	htmlFamilyRef
	Papers int
}

type htmlStray struct {
	N        int
	Paper    htmlPaperRef
	Families []htmlFamilyRef
	Cluster  int
	Main     []htmlFamilyRef
}

type htmlSplit struct {
	Family htmlFamilyRef
	Parts  []graph.FamilyPart
}

func clusterAnchor(id int) string { return "cluster-" + strconv.Itoa(id) }

// clustersSection is the clusters against the families, from the facts
// report.md writes too.
func (r *pageRefs) clustersSection(nf *neighbourhoodFacts) *htmlClusters {
	c := nf.nb.Clusters
	h := &htmlClusters{Modularity: strconv.FormatFloat(roundedZero(c.Modularity, 3), 'f', 3, 64)}
	fam := func(name string) htmlFamilyRef {
		refs, _ := r.families([]string{name})
		if len(refs) == 0 {
			return htmlFamilyRef{Name: cleanText(name)}
		}
		return refs[0]
	}
	for _, cl := range c.Clusters {
		hc := htmlCluster{ID: cl.ID, Anchor: clusterAnchor(cl.ID)}
		hc.Main, _ = r.families(cl.Main)
		for i, fc := range cl.Families {
			if i == maxNamedFamilies {
				more := len(cl.Families) - i
				hc.Families = append(hc.Families, htmlFamilyCount{htmlFamilyRef: htmlFamilyRef{Name: moreFamilies(more), More: more}})
				break
			}
			hc.Families = append(hc.Families, htmlFamilyCount{htmlFamilyRef: fam(fc.Family), Papers: fc.Papers})
		}
		for _, k := range r.byRank(cl.Papers) {
			hc.Papers = append(hc.Papers, r.paper(r.g.Node(k)))
		}
		h.Clusters = append(h.Clusters, hc)
	}
	for _, s := range nf.strays {
		if s.node == nil {
			continue
		}
		hs := htmlStray{N: len(h.Strays) + 1, Paper: r.paper(s.node), Cluster: s.Cluster}
		hs.Families, _ = r.families(s.Families)
		hs.Main, _ = r.families(s.main)
		h.Strays = append(h.Strays, hs)
	}
	h.Collapse = len(h.Strays) > pageLongTable
	for i, sp := range c.Splits {
		if i == maxListedSplits {
			h.MoreSplits = len(c.Splits) - i
			break
		}
		h.Splits = append(h.Splits, htmlSplit{Family: fam(sp.Family), Parts: sp.Parts})
	}
	for _, k := range c.Unlinked {
		if n := r.g.Node(k); n != nil {
			h.Unlinked = append(h.Unlinked, r.paper(n))
		}
	}
	return h
}

// htmlCompleteness is the section on how complete the data is.
type htmlCompleteness struct {
	Found, Entries   int
	WithRefs, Papers int
	RefShare         string // mean share of references found; "" when no paper's count is known
	RefPapers        int
	Estimate         string
	Expanded         bool
	CitShare         string // mean share of citations fetched, in per cent; "" when no paper's count is known
	CitPapers        int
	Cut              int
	Rows             []htmlCompletenessRow
	Collapse         bool // the table starts collapsed
}

type htmlCompletenessRow struct {
	N         int
	Paper     htmlPaperRef
	Families  []htmlFamilyRef
	FamilyIdx string
	// References found (nil: the list is unavailable) of the source's
	// count (nil: unknown), and the share found ("": either unknown).
	RefsFound *int
	RefCount  *int
	RefShare  shareCell
	// Citations fetched (nil: not fetched) of the source's count, the
	// share fetched, why the list stops early, why it failed.
	CitsFetched *int
	CitCount    *int
	CitShare    shareCell
	Cut         string
	Failed      string
}

// shareCell is found/count as a table cell: its sort value and its text
// in per cent; both "" when either is unknown or count is 0.
type shareCell struct{ V, Text string }

func share(found, count *int) shareCell {
	if found == nil || count == nil || *count <= 0 {
		return shareCell{}
	}
	x := float64(*found) / float64(*count)
	return shareCell{V: strconv.FormatFloat(x, 'g', 6, 64), Text: percent(100 * x)}
}

// percent is p per cent to whole numbers from 10 up, else to two
// significant digits (0.022%, 4.5%), and "<0.01%" below that, so that a
// small share never reads as 0% unless it is.
func percent(p float64) string {
	switch {
	case p >= 10 || p == 0:
		return strconv.FormatFloat(p, 'f', 0, 64) + "%"
	case p < 0.01:
		return "<0.01%"
	}
	return strconv.FormatFloat(p, 'g', 2, 64) + "%"
}

// completenessSection is the completeness of the data, from the facts
// report.md writes too.
func (r *pageRefs) completenessSection(nf *neighbourhoodFacts) *htmlCompleteness {
	c := &nf.compl
	h := &htmlCompleteness{
		Found: c.found, Entries: c.entries, WithRefs: c.withRefs, Papers: c.papers, RefPapers: c.refPapers,
		Estimate: strconv.FormatFloat(c.estimate, 'f', 2, 64), Expanded: c.expanded, CitPapers: c.citPapers, Cut: c.cut,
	}
	if c.refPapers > 0 {
		h.RefShare = strconv.FormatFloat(c.refShare, 'f', 2, 64)
	}
	if c.citPapers > 0 {
		h.CitShare = strconv.FormatFloat(100*c.citShare, 'f', 1, 64)
	}
	for _, pc := range c.rows {
		row := htmlCompletenessRow{N: len(h.Rows) + 1, Paper: r.paper(pc.node), RefCount: pc.ReferenceCount,
			CitCount: pc.CitationCount, Failed: cleanText(pc.failed)}
		row.Families, row.FamilyIdx = r.families(pc.node.Families)
		if pc.ReferencesFound >= 0 {
			row.RefsFound = &pc.ReferencesFound
		}
		if pc.CitationsFetched >= 0 {
			row.CitsFetched = &pc.CitationsFetched
			row.Cut = cutNote(pc.CitationsCut, func(s string) string { return s }, cleanText)
		}
		row.RefShare, row.CitShare = share(row.RefsFound, row.RefCount), share(row.CitsFetched, row.CitCount)
		h.Rows = append(h.Rows, row)
	}
	h.Collapse = len(h.Rows) > pageLongTable
	return h
}
