// Package graph builds the citation graph among a reading list's papers with
// gonum (citing → cited, from each paper's references intersected with the
// list) and computes its metrics (local and global citations, PageRank, HITS,
// betweenness, citations per year), rankings overall and per family,
// suggestions of papers outside the list, and the family-level influence
// graph.
//
// The metrics follow networkx's definitions, which the output schemas name,
// and are computed deterministically on a sparse adjacency in ascending node
// ID order, so two runs give bit-identical values. PageRank, HITS and
// Betweenness accept any gonum graph.Directed.
package graph
