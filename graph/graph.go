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

// Suggestion is a paper outside the list that list papers cite (a prior
// work), that cites list papers (a derivative work), or that is similar to
// list papers (see Neighbourhood).
type Suggestion struct {
	Key     string
	Paper   *bib.Paper // the reference item, enriched with a full record where known
	CitedBy []string   // keys of the citing list papers, sorted
	Kind    SuggestionKind
	// Cites holds the keys of the list papers whose citation lists hold
	// it, sorted (set by Neighbourhood only).
	Cites []string
	// SimilarTo holds the keys of the list papers it shares at least
	// Neighbourhood.MinShared citers or references with, sorted (set by
	// Neighbourhood only).
	SimilarTo []string
	// Record reports that Paper is a full record of the paper (an extra
	// record, fetched metadata) rather than an item of a reference or
	// citation list.
	Record bool
}

// SuggestionKind says how a suggestion relates to the list.
type SuggestionKind string

// The kinds of suggestion.
const (
	KindPrior      SuggestionKind = "prior"      // list papers cite it (as many as, or more than, it cites)
	KindDerivative SuggestionKind = "derivative" // it cites list papers (more than cite it)
	KindSimilar    SuggestionKind = "similar"    // no citation either way; it shares citers or references with list papers
)

// Links returns the list papers the suggestion connects to, sorted: those
// it cites or is cited by for a prior or derivative work, those it is
// similar to for a similar one. Suggestions are ranked by their number.
func (s *Suggestion) Links() []string {
	if s.Kind == KindSimilar {
		return s.SimilarTo
	}
	if len(s.Cites) == 0 {
		return s.CitedBy
	}
	set := map[string]bool{}
	for _, k := range s.CitedBy {
		set[k] = true
	}
	for _, k := range s.Cites {
		set[k] = true
	}
	return bib.SortedKeys(set)
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
