package out

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
)

// ExpandInfo says how a run gathered the list's neighbourhood, for the
// report.
type ExpandInfo struct {
	Asked bool // --expand was given
	Limit int  // --expand-limit: citing papers fetched per list paper at most (0: no limit)
	// Unavailable says why citation lists were not used although asked
	// (e.g. "the embedded snapshot holds no citation lists"); "" otherwise.
	Unavailable string
	// Failed are the list papers whose citation lists could not be
	// fetched, in key order.
	Failed []ExpandFailure
	// MetadataFailed is the number of suggested papers whose records could
	// not be fetched (they keep what the reference or citation items say);
	// MetadataLost counts those of them lost to server errors (a rerun may
	// fetch them).
	MetadataFailed, MetadataLost int
}

// ExpandFailure is a list paper whose citation list could not be fetched.
type ExpandFailure struct {
	Key    string
	Reason string
	// Transient reports a failure a rerun may cure: the server kept
	// failing until the client gave up.
	Transient bool
}

// hasID reports whether a suggestion's key is an id (not TITLE:…).
func hasID(s *graph.Suggestion) bool {
	return s.Paper != nil && !strings.HasPrefix(s.Key, "TITLE:")
}

// linkFamilies returns the families of the list papers a suggestion links
// to, sorted.
func linkFamilies(g *graph.Graph, s *graph.Suggestion) []string {
	set := map[string]bool{}
	for _, k := range s.Links() {
		if n := g.Node(k); n != nil {
			for _, f := range n.Families {
				set[f] = true
			}
		}
	}
	return bib.SortedKeys(set)
}

// suggestionRecord is one element of suggestions.json.
type suggestionRecord struct {
	Rank            int      `json:"rank"`
	Kind            string   `json:"kind"`
	ID              string   `json:"id"`
	PaperID         *string  `json:"paperId"`
	ArXiv           *string  `json:"arxiv"`
	DOI             *string  `json:"doi"`
	Title           *string  `json:"title"`
	Year            *int     `json:"year"`
	Venue           *string  `json:"venue"`
	GlobalCitations *int     `json:"globalCitations"`
	Links           int      `json:"links"`
	CitedBy         []string `json:"citedBy"`
	Cites           []string `json:"cites"`
	SimilarTo       []string `json:"similarTo"`
	Families        []string `json:"families"`
	BibKey          *string  `json:"bibKey"`
}

// suggestionRecord is the record of the i-th suggestion.
func (run *Run) suggestionRecord(sb *bibSet, i int) suggestionRecord {
	s := &run.Suggestions[i]
	kind := s.Kind
	if kind == "" {
		kind = graph.KindPrior
	}
	r := suggestionRecord{
		Rank: i + 1, Kind: string(kind), ID: s.Key, Links: len(s.Links()),
		CitedBy: nonNil(s.CitedBy), Cites: nonNil(s.Cites), SimilarTo: nonNil(s.SimilarTo),
		Families: nonNil(linkFamilies(run.Graph, s)),
	}
	if p := s.Paper; p != nil {
		ids := p.IDs()
		r.PaperID, r.ArXiv, r.DOI = optString(ids.S2), optString(ids.ArXiv), optString(ids.DOI)
		r.Title, r.Year, r.Venue = optString(p.Title), optInt(p.Year), optString(p.Venue)
		r.GlobalCitations = p.CitationCount
	}
	if k := sb.sugCites[s.Key]; k != "" {
		r.BibKey = &k
	}
	return r
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// WriteSuggestionsJSON writes suggestions.json: every suggestion, in rank
// order, as
//
//	{"rank","kind": "prior|derivative|similar","id","paperId","arxiv","doi",
//	 "title","year","venue","globalCitations",
//	 "links": list papers it connects to,
//	 "citedBy": list papers citing it, "cites": list papers it cites,
//	 "similarTo": list papers it is similar to,
//	 "families": the families of the list papers it connects to,
//	 "bibKey": its key in suggested.bib, null when it has no id}
//
// Unknown values are null; lists hold paper ids (as rankings.json's "id").
func WriteSuggestionsJSON(w io.Writer, run *Run) error {
	return writeSuggestionsJSON(w, run, run.bibliographies())
}

func writeSuggestionsJSON(w io.Writer, run *Run, sb *bibSet) error {
	return writeJSONArray(w, "suggestions.json", len(run.Suggestions), func(i int) suggestionRecord { return run.suggestionRecord(sb, i) })
}

var suggestionColumns = []string{
	"rank", "kind", "id", "paperId", "arxiv", "doi", "title", "year", "venue", "globalCitations",
	"links", "citedBy", "cites", "similarTo", "families", "bibKey",
}

// WriteSuggestionsCSV writes suggestions.csv: a header row, then one row per
// suggestion with suggestions.json's fields as columns, lists joined by "; "
// and unknown values empty (text cells as rankings.csv writes them).
func WriteSuggestionsCSV(w io.Writer, run *Run) error {
	return writeSuggestionsCSV(w, run, run.bibliographies())
}

func writeSuggestionsCSV(w io.Writer, run *Run, sb *bibSet) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(suggestionColumns); err != nil {
		return fmt.Errorf("out: suggestions.csv: %w", err)
	}
	for i := range run.Suggestions {
		r := run.suggestionRecord(sb, i)
		row := []string{
			strconv.Itoa(r.Rank), r.Kind, csvText(r.ID), csvString(r.PaperID), csvString(r.ArXiv), csvString(r.DOI),
			csvString(r.Title), csvInt(r.Year), csvString(r.Venue), csvInt(r.GlobalCitations),
			strconv.Itoa(r.Links), csvText(joinClean(r.CitedBy, "; ")), csvText(joinClean(r.Cites, "; ")),
			csvText(joinClean(r.SimilarTo, "; ")), csvText(joinClean(r.Families, "; ")), csvString(r.BibKey),
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("out: suggestions.csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("out: suggestions.csv: %w", err)
	}
	return nil
}

// similarityKeys are similarity.graphml's attribute declarations.
var similarityKeys = [][4]string{
	{"d_credit", "graph", "credit", "string"},
	{"d_title", "node", "title", "string"},
	{"d_year", "node", "year", "int"},
	{"d_inList", "node", "inList", "boolean"},
	{"d_kind", "node", "kind", "string"},
	{"d_families", "node", "families", "string"},
	{"d_globalCitations", "node", "globalCitations", "int"},
	{"d_weight", "edge", "weight", "double"},
	{"d_cocitation", "edge", "cocitation", "int"},
	{"d_coupling", "edge", "coupling", "int"},
	{"d_cocitationStrength", "edge", "cocitationStrength", "double"},
	{"d_couplingStrength", "edge", "couplingStrength", "double"},
}

// WriteSimilarityGraphML writes similarity.graphml: an undirected graph
// whose nodes are the list's papers (inList true, with their families) and
// the suggestions (inList false, with their kind), keyed by paper id, and
// whose edges join the pairs of graph.Neighbourhood's Similarity and
// Neighbours: weight is SimilarityEdge.Strength (what Gephi sizes edges
// by), with the co-citation and coupling counts and strengths beside it.
// Edges are sorted by (source, target); a node without any edge is kept.
func WriteSimilarityGraphML(w io.Writer, run *Run) error {
	ew := &errWriter{w: w}
	writeGraphMLHead(ew, similarityKeys, "similarity", "undirected", run.Credit)
	data := func(key, val string) { ew.printf("      <data key=%q>%s</data>\n", key, xmlText(val)) }
	node := func(key string, p *bib.Paper) {
		ew.printf("    <node id=\"%s\">\n", xmlText(xmlSafe(key)))
		if p != nil {
			if t := cleanText(p.Title); t != "" {
				data("d_title", t)
			}
			if p.Year != 0 {
				data("d_year", strconv.Itoa(p.Year))
			}
		}
	}
	for _, n := range run.Graph.Nodes() {
		node(n.Key, n.Paper)
		data("d_inList", "true")
		if len(n.Families) > 0 {
			data("d_families", joinClean(n.Families, "; "))
		}
		if n.Paper.CitationCount != nil {
			data("d_globalCitations", strconv.Itoa(*n.Paper.CitationCount))
		}
		ew.write("    </node>\n")
	}
	for i := range run.Suggestions {
		s := &run.Suggestions[i]
		node(s.Key, s.Paper)
		data("d_inList", "false")
		data("d_kind", string(s.Kind))
		if s.Paper != nil && s.Paper.CitationCount != nil {
			data("d_globalCitations", strconv.Itoa(*s.Paper.CitationCount))
		}
		ew.write("    </node>\n")
	}
	var edges []graph.SimilarityEdge
	if nb := run.Neighbourhood; nb != nil {
		edges = append(slices.Clone(nb.Similarity), nb.Neighbours...)
		slices.SortFunc(edges, func(a, b graph.SimilarityEdge) int {
			if c := strings.Compare(a.A, b.A); c != 0 {
				return c
			}
			return strings.Compare(a.B, b.B)
		})
	}
	for _, e := range edges {
		ew.printf("    <edge source=\"%s\" target=\"%s\">\n", xmlText(xmlSafe(e.A)), xmlText(xmlSafe(e.B)))
		ew.printf("      <data key=\"d_weight\">%s</data>\n", formatFloat(e.Strength))
		ew.printf("      <data key=\"d_cocitation\">%d</data>\n", e.CoCitation)
		ew.printf("      <data key=\"d_coupling\">%d</data>\n", e.Coupling)
		ew.printf("      <data key=\"d_cocitationStrength\">%s</data>\n", formatFloat(e.CoCitationStrength))
		ew.printf("      <data key=\"d_couplingStrength\">%s</data>\n", formatFloat(e.CouplingStrength))
		ew.write("    </edge>\n")
	}
	ew.write("  </graph>\n</graphml>\n")
	return ew.err
}

var clusterColumns = []string{"cluster", "id", "title", "year", "families", "clusterFamilies", "stray"}

// WriteClustersCSV writes clusters.csv: one row per list paper, by cluster
// (graph.Clustering order) then id: the cluster's number (empty for a paper
// no citation or similarity links to another), the paper's id, title, year
// and families, the cluster's main families (those with the most of its
// papers) and whether the paper is a stray (none of its families is among
// them). Lists are joined by "; ".
func WriteClustersCSV(w io.Writer, run *Run) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(clusterColumns); err != nil {
		return fmt.Errorf("out: clusters.csv: %w", err)
	}
	row := func(cluster, key, main string, stray bool) error {
		n := run.Graph.Node(key)
		var title string
		var year int
		var fams []string
		if n != nil {
			title, year, fams = n.Paper.Title, n.Paper.Year, n.Families
		}
		strayCell := ""
		if cluster != "" {
			strayCell = strconv.FormatBool(stray)
		}
		return cw.Write([]string{cluster, csvText(key), csvText(title), csvInt(optInt(year)),
			csvText(joinClean(fams, "; ")), csvText(main), strayCell})
	}
	var c graph.Clustering
	if run.Neighbourhood != nil {
		c = run.Neighbourhood.Clusters
	}
	strays := map[string]bool{}
	for _, s := range c.Strays {
		strays[s.Key] = true
	}
	for _, cl := range c.Clusters {
		for _, k := range cl.Papers {
			if err := row(strconv.Itoa(cl.ID), k, joinClean(cl.Main, "; "), strays[k]); err != nil {
				return fmt.Errorf("out: clusters.csv: %w", err)
			}
		}
	}
	for _, k := range c.Unlinked {
		if err := row("", k, "", false); err != nil {
			return fmt.Errorf("out: clusters.csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("out: clusters.csv: %w", err)
	}
	return nil
}
