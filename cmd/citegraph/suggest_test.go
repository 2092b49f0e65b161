package main

import (
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
)

func TestOutsideList(t *testing.T) {
	list := &bib.List{Entries: []bib.Entry{
		{Kind: bib.KindPaper, IDs: bib.IDs{ArXiv: "1512.03385"}},
		{Kind: bib.KindPaper, IDs: bib.IDs{DOI: "10.1000/ABC"}},
		{Kind: bib.KindPaper, Title: "Distilling the Knowledge in a Neural Network"},
		{Kind: bib.KindLink, Title: "Batch Normalization"},
	}}
	sug := func(title string, ext bib.ExternalIDs) graph.Suggestion {
		return graph.Suggestion{Paper: &bib.Paper{Title: title, ExternalIDs: ext}}
	}
	in := []graph.Suggestion{
		sug("Deep Residual Learning for Image Recognition", bib.ExternalIDs{"ArXiv": "1512.03385"}),
		sug("Some paper", bib.ExternalIDs{"DOI": "10.1000/abc"}),
		sug("Distilling the knowledge in a neural network.", nil),
		sug("Batch Normalization", nil), // a link entry is not a listed paper
		sug("Going deeper with convolutions", nil),
	}
	got := outsideList(in, list)
	var titles []string
	for _, s := range got {
		titles = append(titles, s.Paper.Title)
	}
	want := []string{"Batch Normalization", "Going deeper with convolutions"}
	if len(titles) != len(want) || titles[0] != want[0] || titles[1] != want[1] {
		t.Errorf("outsideList kept %q; want %q", titles, want)
	}
}
