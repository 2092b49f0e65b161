// Package graph builds the citation graph among a reading list's papers
// (citing → cited, from each paper's references intersected with the
// list) and computes its metrics (local and global citations, PageRank,
// HITS, betweenness, citations per year), rankings overall and per family,
// the family-level influence graph, and the list's neighbourhood
// (Neighbourhood): prior, derivative and similar works outside the list,
// co-citation and bibliographic coupling with Salton's cosine, gonum's
// Louvain clusters of the list's papers against its families, and how
// complete the data is.
//
// Its core is Compact, an immutable directed graph in compressed sparse row
// form (offsets and targets, both out- and in-adjacency, nodes interned to
// dense ints in key order) that implements gonum's graph.Directed; the
// list's Graph is one, and graph/load reads external graphs of millions of
// papers into one. Build a Compact with CompactBuilder; walk it with Succ,
// Pred and Key.
//
// The metrics follow networkx's definitions, which the output schemas name,
// and are deterministic: sums run in a fixed order on all cores (PageRank,
// HITS and Betweenness give bit-identical values whatever the number of
// cores). PageRank, HITS and Betweenness accept any gonum graph.Directed;
// the Compact methods of the same names avoid converting it.
package graph
