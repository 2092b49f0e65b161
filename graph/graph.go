package graph

import (
	"github.com/citegraph/citegraph/bib"
)

// Member is a resolved paper of the list and the families it is listed in.
// The same paper (same Paper.Key()) given twice is one node belonging to
// the union of the families.
type Member struct {
	Paper    *bib.Paper
	Families []string
}

// Node is a paper in the graph. Nodes are shared with the Graph and must not
// be modified.
type Node struct {
	ID       int64  // gonum node id: the node's index in key order, 0..n-1
	Key      string // Paper.Key()
	Paper    *bib.Paper
	Families []string // sorted, deduplicated
}

// Edge is a citation between two papers of the list, by key: From cites To.
type Edge struct{ From, To string }

// Graph is the citation graph among a list's papers: citing → cited.
// A Graph is immutable once built and safe for concurrent use.
type Graph struct {
	impl
}

// Score holds a paper's metrics, as rankings.json defines them.
type Score struct {
	Rank             int
	Key              string
	Paper            *bib.Paper
	Families         []string
	LocalCitations   int      // in-degree within the list
	GlobalCitations  *int     // Semantic Scholar citationCount, nil if unknown
	PageRank         float64  // networkx.pagerank, damping 0.85, L1 tol 1e-12
	Authority        float64  // networkx.hits authorities, sum 1
	Hub              float64  // networkx.hits hubs, sum 1
	Betweenness      float64  // networkx.betweenness_centrality(normalized=True), directed
	CitationsPerYear *float64 // GlobalCitations / (year - Paper.Year + 1), nil if either unknown
}

// Suggestion is a paper outside the list that list papers cite.
type Suggestion struct {
	Key     string
	Paper   *bib.Paper // the reference item, enriched with a full record where known
	CitedBy []string   // keys of the citing list papers, sorted
}

// FamilyEdge is an edge of the technique influence graph: papers of From
// cite papers of To Weight times. A citation between papers listed in
// several families counts once for every (citing family, cited family)
// pair, so the weights of all FamilyEdges can add up to more than the
// number of citations.
type FamilyEdge struct {
	From, To string
	Weight   int
}
