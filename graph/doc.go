// Package graph builds the citation graph among a reading list's papers with
// gonum (citing → cited, from each paper's references intersected with the
// list) and computes its metrics (local and global citations, PageRank, HITS,
// betweenness, citations per year), rankings overall and per family,
// the family-level influence graph, and the list's neighbourhood
// (Neighbourhood): prior, derivative and similar works outside the list,
// co-citation and bibliographic coupling with Salton's cosine, gonum's
// Louvain clusters of the list's papers against its families, and how
// complete the data is.
//
// The metrics follow networkx's definitions, which the output schemas name,
// and are computed deterministically on a sparse adjacency in ascending node
// ID order, so two runs give bit-identical values. PageRank, HITS and
// Betweenness accept any gonum graph.Directed.
package graph
