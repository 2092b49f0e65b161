package graph

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph/price"
	"gonum.org/v1/gonum/graph/network"
)

const (
	benchNodes = 2000
	benchEdges = 20000
)

// benchMembers returns a list of benchNodes papers whose references form the
// random graph of benchEdges edges, each reference known by arXiv id only.
func benchMembers() []Member {
	g := randomGraph(42, benchNodes, benchEdges, true)
	ps := make([]*bib.Paper, benchNodes)
	for i := range ps {
		ps[i] = rec(fmt.Sprintf("Paper %d", i), fmt.Sprintf("arxiv:2001.%05d", i))
		ps[i].Year = 2000 + i%20
		ps[i].CitationCount = intp(i)
	}
	ms := make([]Member, benchNodes)
	for u, succ := range g {
		refs := make([]*bib.Paper, 0, len(succ))
		for v := range succ {
			refs = append(refs, rec("", "arxiv:"+ps[v].ExternalIDs["ArXiv"]))
		}
		ms[u] = Member{Paper: citing(ps[u], refs...), Families: []string{fmt.Sprint("family ", u%7)}}
	}
	return ms
}

func BenchmarkBuild(b *testing.B) {
	ms := benchMembers()
	for b.Loop() {
		Build(ms, nil)
	}
}

// BenchmarkRank measures every metric and the ranking of a fresh Graph
// (Rank computes the metrics once per Graph).
func BenchmarkRank(b *testing.B) {
	ms := benchMembers()
	for b.Loop() {
		b.StopTimer()
		g := Build(ms, nil)
		b.StartTimer()
		g.Rank(2022)
	}
}

// BenchmarkPageRank compares PageRank with gonum's sparse and dense
// PageRank on the same graph at comparable tolerances (gonum stops on the
// 2-norm, which is at most the L1 norm).
func BenchmarkPageRank(b *testing.B) {
	g := Build(benchMembers(), nil).Directed()
	b.Run("citegraph", func(b *testing.B) {
		for b.Loop() {
			PageRank(g, Damping, PageRankTol)
		}
	})
	b.Run("gonum-sparse", func(b *testing.B) {
		for b.Loop() {
			network.PageRankSparse(g, Damping, PageRankTol)
		}
	})
	b.Run("gonum-dense", func(b *testing.B) {
		for b.Loop() {
			network.PageRank(g, Damping, PageRankTol)
		}
	})
}

func BenchmarkHITS(b *testing.B) {
	g := Build(benchMembers(), nil).Directed()
	for b.Loop() {
		HITS(g, HITSTol)
	}
}

// BenchmarkBetweenness compares Betweenness with gonum's.
func BenchmarkBetweenness(b *testing.B) {
	g := Build(benchMembers(), nil).Directed()
	b.Run("citegraph", func(b *testing.B) {
		for b.Loop() {
			Betweenness(g)
		}
	})
	b.Run("gonum", func(b *testing.B) {
		for b.Loop() {
			network.Betweenness(g)
		}
	})
}

// priceCompact is the Price-model graph of n papers (10 citations each).
func priceCompact(b *testing.B, n int) *Compact {
	b.Helper()
	var cb CompactBuilder
	price.Edges(n, 10, 1, func(u, v int) { cb.AddEdge(strconv.Itoa(u), strconv.Itoa(v)) })
	c, _ := cb.Compact()
	return c
}

// BenchmarkCompact measures building a Compact and each metric on the
// Price-model graph of 100k papers and 1M citations (make bench compares
// them with igraph and networkx on bigger graphs).
func BenchmarkCompact(b *testing.B) {
	const n = 100000
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			priceCompact(b, n)
		}
	})
	c := priceCompact(b, n)
	b.Run("PageRank", func(b *testing.B) {
		for b.Loop() {
			c.PageRank(Damping, PageRankTol)
		}
	})
	b.Run("HITS", func(b *testing.B) {
		for b.Loop() {
			c.HITS(HITSTol)
		}
	})
	b.Run("betweenness-1000-pivots", func(b *testing.B) {
		for b.Loop() {
			c.Betweenness(context.Background(), BetweennessOptions{Samples: 1000, Seed: 1})
		}
	})
}
