package graph

import "github.com/citegraph/citegraph/bib"

// STUB: replaced by the real implementation (graph helper).

type impl struct{}

// Build builds the graph. References of each member are matched to the
// members by AliasKeys (paperId, ARXIV:, DOI:, CorpusId:, TITLE:); extra
// records (e.g. the snapshot's records of papers outside the list) enrich
// suggestions and may be nil.
func Build(members []Member, extra []*bib.Paper) *Graph { panic("unimplemented") }

// Nodes returns the papers sorted by key.
func (g *Graph) Nodes() []*Node { panic("unimplemented") }

// Node returns the node with the given key, or nil.
func (g *Graph) Node(key string) *Node { panic("unimplemented") }

// Edges returns the citations, sorted by (From, To).
func (g *Graph) Edges() []Edge { panic("unimplemented") }

// Rank computes every metric and returns the scores sorted by rank.
// year is the data's year, for citations per year.
func (g *Graph) Rank(year int) []Score { panic("unimplemented") }

// FamilyRanking returns the scores of family's papers, re-ranked 1..n.
func FamilyRanking(scores []Score, family string) []Score { panic("unimplemented") }

// Suggestions returns papers outside the list cited by at least min list
// papers, most cited first.
func (g *Graph) Suggestions(min int) []Suggestion { panic("unimplemented") }

// Influence returns the family-level edges (A→B when papers of A cite
// papers of B; A==B edges included), sorted by (From, To).
func (g *Graph) Influence() []FamilyEdge { panic("unimplemented") }
