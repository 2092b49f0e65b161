package out

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/citegraph/citegraph/graph"
)

// graphmlKeys are the GraphML attribute declarations: id, domain, name, type.
var graphmlKeys = [][4]string{
	{"d_credit", "graph", "credit", "string"},
	{"d_title", "node", "title", "string"},
	{"d_year", "node", "year", "int"},
	{"d_families", "node", "families", "string"},
	{"d_venue", "node", "venue", "string"},
	{"d_globalCitations", "node", "globalCitations", "int"},
	{"d_referencesAvailable", "node", "referencesAvailable", "boolean"},
}

// WriteGraphML writes the citation graph as GraphML (graph.graphml), which
// networkx.read_graphml and Gephi load: a directed graph whose nodes are
// keyed by paper id (bib.Paper.Key) with the attributes title, year,
// families (joined by "; "), venue, globalCitations and referencesAvailable,
// and whose edges run citing → cited. An unknown value (year, venue, global
// citations) has no data element rather than a made-up one. credit, when
// not empty, is stored as the graph's "credit" attribute.
func WriteGraphML(w io.Writer, g *graph.Graph, credit string) error {
	ew := &errWriter{w: w}
	ew.write(xml.Header)
	ew.write(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphmlKeys {
		ew.printf("  <key id=%q for=%q attr.name=%q attr.type=%q/>\n", k[0], k[1], k[2], k[3])
	}
	ew.write(`  <graph id="citations" edgedefault="directed">` + "\n")
	if c := cleanText(credit); c != "" {
		ew.printf("    <data key=\"d_credit\">%s</data>\n", xmlText(c))
	}
	for _, n := range g.Nodes() {
		ew.printf("    <node id=\"%s\">\n", xmlText(xmlSafe(n.Key)))
		data := func(key, val string) {
			ew.printf("      <data key=%q>%s</data>\n", key, xmlText(val))
		}
		p := n.Paper
		if t := cleanText(p.Title); t != "" {
			data("d_title", t)
		}
		if p.Year != 0 {
			data("d_year", strconv.Itoa(p.Year))
		}
		if len(n.Families) > 0 {
			data("d_families", joinClean(n.Families, "; "))
		}
		if v := cleanText(p.Venue); v != "" {
			data("d_venue", v)
		}
		if p.CitationCount != nil {
			data("d_globalCitations", strconv.Itoa(*p.CitationCount))
		}
		data("d_referencesAvailable", strconv.FormatBool(p.ReferencesAvailable()))
		ew.write("    </node>\n")
	}
	for _, e := range g.Edges() {
		ew.printf("    <edge source=\"%s\" target=\"%s\"/>\n", xmlText(xmlSafe(e.From)), xmlText(xmlSafe(e.To)))
	}
	ew.write("  </graph>\n</graphml>\n")
	return ew.err
}

// xmlText escapes s (already XML-safe) for character data and attribute
// values.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// graphJSON is graph.json.
type graphJSON struct {
	Credit                string                 `json:"credit"`
	Nodes                 []graphJSONNode        `json:"nodes"`
	Edges                 []graphJSONEdge        `json:"edges"`
	ReferencesUnavailable []string               `json:"referencesUnavailable"`
	Similarity            *[]graphJSONSimilarity `json:"similarity,omitempty"`
}

// graphJSONSimilarity is a similarity edge between two list papers (see
// graph.SimilarityEdge).
type graphJSONSimilarity struct {
	Source             string    `json:"source"`
	Target             string    `json:"target"`
	Cocitation         int       `json:"cocitation"`
	Coupling           int       `json:"coupling"`
	CocitationStrength jsonFloat `json:"cocitationStrength"`
	CouplingStrength   jsonFloat `json:"couplingStrength"`
	Strength           jsonFloat `json:"strength"`
}

type graphJSONNode struct {
	ID                  string   `json:"id"`
	PaperID             *string  `json:"paperId"`
	Title               *string  `json:"title"`
	Year                *int     `json:"year"`
	Venue               *string  `json:"venue"`
	Families            []string `json:"families"`
	GlobalCitations     *int     `json:"globalCitations"`
	ReferencesAvailable bool     `json:"referencesAvailable"`
}

type graphJSONEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
}

// WriteGraphJSON writes the citation graph as graph.json:
//
//	{"credit": "…",
//	 "nodes": [{"id","paperId","title","year","venue","families","globalCitations","referencesAvailable"}],
//	 "edges": [{"source": citing id, "target": cited id}],
//	 "referencesUnavailable": [ids of papers whose reference list is unavailable]}
//
// Nodes are sorted by id, edges by (source, target); unknown values are null.
// A paper whose reference list is unavailable may cite other papers of the
// list without an edge showing it.
func WriteGraphJSON(w io.Writer, g *graph.Graph, credit string) error {
	return writeGraphJSON(w, g, credit, nil)
}

// writeGraphJSON writes graph.json; with nb, it adds
//
//	"similarity": [{"source","target","cocitation","coupling",
//	                "cocitationStrength","couplingStrength","strength"}]
//
// for every pair of list papers that share a citer or a reference (source
// < target, sorted), as graph.SimilarityEdge defines them.
func writeGraphJSON(w io.Writer, g *graph.Graph, credit string, nb *graph.Neighbourhood) error {
	out := graphJSON{Credit: credit, Nodes: []graphJSONNode{}, Edges: []graphJSONEdge{}, ReferencesUnavailable: []string{}}
	for _, n := range g.Nodes() {
		p := n.Paper
		out.Nodes = append(out.Nodes, graphJSONNode{
			ID:                  n.Key,
			PaperID:             optString(p.PaperID),
			Title:               optString(p.Title),
			Year:                optInt(p.Year),
			Venue:               optString(p.Venue),
			Families:            append([]string{}, n.Families...),
			GlobalCitations:     p.CitationCount,
			ReferencesAvailable: p.ReferencesAvailable(),
		})
		if !p.ReferencesAvailable() {
			out.ReferencesUnavailable = append(out.ReferencesUnavailable, n.Key)
		}
	}
	for _, e := range g.Edges() {
		out.Edges = append(out.Edges, graphJSONEdge{Source: e.From, Target: e.To})
	}
	if nb != nil {
		sim := make([]graphJSONSimilarity, len(nb.Similarity))
		for i, e := range nb.Similarity {
			sim[i] = graphJSONSimilarity{Source: e.A, Target: e.B, Cocitation: e.CoCitation, Coupling: e.Coupling,
				CocitationStrength: jsonFloat(e.CoCitationStrength), CouplingStrength: jsonFloat(e.CouplingStrength),
				Strength: jsonFloat(e.Strength)}
		}
		out.Similarity = &sim
	}
	return writeJSON(w, out)
}
