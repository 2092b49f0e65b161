package graph_test

import (
	"fmt"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
)

func Example() {
	ref := func(title, arxiv string) bib.Paper {
		return bib.Paper{Title: title, ExternalIDs: bib.ExternalIDs{"ArXiv": arxiv}}
	}
	fitNets := &bib.Paper{Title: "FitNets: Hints for Thin Deep Nets", Year: 2014,
		ExternalIDs: bib.ExternalIDs{"ArXiv": "1412.6550"},
		References: &[]bib.Paper{
			ref("Distilling the Knowledge in a Neural Network", "1503.02531"),
		}}
	net2net := &bib.Paper{Title: "Net2Net: Accelerating Learning via Knowledge Transfer", Year: 2015,
		ExternalIDs: bib.ExternalIDs{"ArXiv": "1511.05641"},
		References: &[]bib.Paper{
			ref("FitNets: Hints for Thin Deep Nets", "1412.6550"),
			ref("Distilling the Knowledge in a Neural Network", "1503.02531"),
		}}
	g := graph.Build([]graph.Member{
		{Paper: fitNets, Families: []string{"Distillation"}},
		{Paper: net2net, Families: []string{"Distillation", "Transfer"}},
	}, nil)

	for _, s := range g.Rank(2022) {
		fmt.Printf("%d %s local=%d pagerank=%.4f\n", s.Rank, s.Key, s.LocalCitations, s.PageRank)
	}
	for _, s := range g.Suggestions(2) {
		fmt.Printf("suggested: %s, cited by %d list papers\n", s.Paper.Title, len(s.CitedBy))
	}
	for _, e := range g.Influence() {
		fmt.Printf("%s -> %s: %d\n", e.From, e.To, e.Weight)
	}
	// Output:
	// 1 ARXIV:1412.6550 local=1 pagerank=0.6491
	// 2 ARXIV:1511.05641 local=0 pagerank=0.3509
	// suggested: Distilling the Knowledge in a Neural Network, cited by 2 list papers
	// Distillation -> Distillation: 1
	// Transfer -> Distillation: 1
}
