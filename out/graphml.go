package out

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/citegraph/citegraph/graph"
)

// graphmlKeys are the GraphML attribute declarations: id, domain, name,
// type. Gephi labels a node by its "label" attribute (by its id without
// one), and reads int, double and boolean attributes as numbers it can
// size, colour and filter by.
var graphmlKeys = [][4]string{
	{"d_credit", "graph", "credit", "string"},
	{"d_label", "node", "label", "string"},
	{"d_title", "node", "title", "string"},
	{"d_year", "node", "year", "int"},
	{"d_families", "node", "families", "string"},
	{"d_venue", "node", "venue", "string"},
	{"d_bibKey", "node", "bibKey", "string"},
	{"d_doi", "node", "doi", "string"},
	{"d_arxiv", "node", "arxiv", "string"},
	{"d_globalCitations", "node", "globalCitations", "int"},
	{"d_referencesAvailable", "node", "referencesAvailable", "boolean"},
	{"d_rank", "node", "rank", "int"},
	{"d_localCitations", "node", "localCitations", "int"},
	{"d_pagerank", "node", "pagerank", "double"},
	{"d_authority", "node", "authority", "double"},
	{"d_hub", "node", "hub", "double"},
	{"d_betweenness", "node", "betweenness", "double"},
	{"d_citationsPerYear", "node", "citationsPerYear", "double"},
}

// GraphMLData is what graph.graphml says besides the graph: the credit,
// the metrics of each node and its citation key.
type GraphMLData struct {
	Credit  string                       // stored as the graph's "credit" attribute when not empty
	Scores  []graph.Score                // metrics by node key (graph.Rank); a node without a score has no metric attributes
	CiteKey func(paperKey string) string // the node's key in references.bib ("" when none); nil for none
}

// WriteGraphML writes the citation graph as GraphML (graph.graphml), which
// networkx.read_graphml and Gephi load: a directed graph whose nodes are
// keyed by paper id (bib.Paper.Key) and whose edges run citing → cited.
// Node attributes: label (the short title and year, "MobileNetV2 (2018)",
// what Gephi shows), title, year, families (joined by "; "), venue, bibKey
// (the citation key in references.bib), doi, arxiv, globalCitations,
// referencesAvailable, and every metric of rankings.json with its type:
// rank, localCitations (int); pagerank, authority, hub, betweenness,
// citationsPerYear (double). An unknown value (year, venue, ids, global
// citations, citations per year) has no data element rather than a
// made-up one; every node has a label.
func WriteGraphML(w io.Writer, g *graph.Graph, d GraphMLData) error {
	scores := make(map[string]*graph.Score, len(d.Scores))
	for i := range d.Scores {
		scores[d.Scores[i].Key] = &d.Scores[i]
	}
	ew := &errWriter{w: w}
	writeGraphMLHead(ew, graphmlKeys, "citations", "directed", d.Credit)
	for _, n := range g.Nodes() {
		ew.printf("    <node id=\"%s\">\n", xmlText(xmlSafe(n.Key)))
		data := func(key, val string) {
			ew.printf("      <data key=%q>%s</data>\n", key, xmlText(val))
		}
		p := n.Paper
		data("d_label", graphmlLabel(n))
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
		if d.CiteKey != nil {
			if k := cleanText(d.CiteKey(n.Key)); k != "" {
				data("d_bibKey", k)
			}
		}
		ids := p.IDs()
		if v := cleanText(ids.DOI); v != "" {
			data("d_doi", v)
		}
		if v := cleanText(ids.ArXiv); v != "" {
			data("d_arxiv", v)
		}
		if p.CitationCount != nil {
			data("d_globalCitations", strconv.Itoa(*p.CitationCount))
		}
		data("d_referencesAvailable", strconv.FormatBool(p.ReferencesAvailable()))
		if s := scores[n.Key]; s != nil {
			num := func(key string, x float64) {
				if v := formatFloat(x); v != "" { // never NaN or ±Inf
					data(key, v)
				}
			}
			data("d_rank", strconv.Itoa(s.Rank))
			data("d_localCitations", strconv.Itoa(s.LocalCitations))
			num("d_pagerank", s.PageRank)
			num("d_authority", s.Authority)
			num("d_hub", s.Hub)
			num("d_betweenness", s.Betweenness)
			if s.CitationsPerYear != nil {
				num("d_citationsPerYear", *s.CitationsPerYear)
			}
		}
		ew.write("    </node>\n")
	}
	for _, e := range g.Edges() {
		ew.printf("    <edge source=\"%s\" target=\"%s\"/>\n", xmlText(xmlSafe(e.From)), xmlText(xmlSafe(e.To)))
	}
	ew.write("  </graph>\n</graphml>\n")
	return ew.err
}

// graphmlLabel is a node's label: its short name and year
// ("MobileNetV2 (2018)", "n.d." for an unknown year), or its key when the
// paper has no title.
func graphmlLabel(n *graph.Node) string {
	name := ShortName(n.Paper.Title)
	if name == "" {
		name = cleanText(n.Key)
	}
	return name + " (" + yearText(n.Paper.Year) + ")"
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

// writeGraphMLHead writes a GraphML document's head up to and including
// the <graph> start tag: the attribute keys (id, for, name, type) and the
// data credit line as a graph attribute.
func writeGraphMLHead(ew *errWriter, keys [][4]string, id, edgeDefault, credit string) {
	ew.write(xml.Header)
	ew.write(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range keys {
		ew.printf("  <key id=%q for=%q attr.name=%q attr.type=%q/>\n", k[0], k[1], k[2], k[3])
	}
	ew.printf("  <graph id=%q edgedefault=%q>\n", id, edgeDefault)
	if c := cleanText(credit); c != "" {
		ew.printf("    <data key=\"d_credit\">%s</data>\n", xmlText(c))
	}
}
