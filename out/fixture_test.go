package out

import (
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
)

func intp(n int) *int { return &n }

func refs(ps ...*bib.Paper) *[]bib.Paper {
	out := make([]bib.Paper, 0, len(ps))
	for _, p := range ps {
		// a reference item carries ids and title only, as in the API
		out = append(out, bib.Paper{PaperID: p.PaperID, ExternalIDs: p.ExternalIDs, Title: p.Title})
	}
	return &out
}

// fixtureRun is a small hand-built run: three families and an empty one, a
// paper listed in two families, a paper whose reference list is
// unavailable, papers with unknown citation counts and an unknown paperId,
// a hostile title, an ambiguous and an unresolved entry, a link, a parse
// problem, a paper outside the list that two list papers cite, two that
// cite two list papers, and one similar to two.
func fixtureRun(t testing.TB) *Run {
	t.Helper()
	resnet := &bib.Paper{
		PaperID: "2c03df8b48bf3fa39054345bafabfeff15bfd11d", Title: "Deep Residual Learning for Image Recognition",
		Year: 2016, Venue: "CVPR", ExternalIDs: bib.ExternalIDs{"ArXiv": "1512.03385", "DOI": "10.1109/CVPR.2016.90"},
		Authors:       []bib.Author{{Name: "Kaiming He"}, {Name: "X. Zhang"}, {Name: "Shaoqing Ren"}, {Name: "Jian Sun"}},
		CitationCount: intp(100000),
	}
	pruning := &bib.Paper{
		PaperID: "1ff9a37d766e3a4f39757f5e1b235a42dacf18ff", Title: "Learning both Weights and Connections for Efficient Neural Network",
		Year: 2015, Venue: "NIPS", ExternalIDs: bib.ExternalIDs{"ArXiv": "1506.02626"},
		Authors:       []bib.Author{{Name: "Song Han"}, {Name: "Jeff Pool"}, {Name: "J. Tran"}, {Name: "W. Dally"}},
		CitationCount: intp(4500), PublicationTypes: []string{"Conference"},
		References: nil, // reference list unavailable
	}
	mobilenets := &bib.Paper{
		Title: "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications",
		Year:  2017, Venue: "arXiv.org", ExternalIDs: bib.ExternalIDs{"ArXiv": "1704.04861"},
		Authors:    []bib.Author{{Name: "Andrew G. Howard"}, {Name: "Menglong Zhu"}},
		References: refs(), // cites nothing in the list; citation count unknown
	}
	hostile := &bib.Paper{
		PaperID: "aaaa000000000000000000000000000000000001",
		Title:   "\"Quoted\" <Net> {Braces} \\ & Co: Pruning | Distilling\nat once",
		Year:    2016, Venue: "ICLR <workshop> & \"friends\"",
		Authors:       []bib.Author{{Name: "Zoë O'Brien"}},
		CitationCount: intp(12),
		References:    refs(pruning, resnet),
	}
	fitnets := &bib.Paper{
		PaperID: "8fd9b7a5d8d3e4b5e1a7c3d2b1a0f9e8d7c6b5a4", Title: "FitNets: Hints for Thin Deep Nets",
		Year: 2015, Venue: "ICLR", ExternalIDs: bib.ExternalIDs{"ArXiv": "1412.6550"},
		Authors:       []bib.Author{{Name: "Adriana Romero"}, {Name: "Nicolas Ballas"}},
		CitationCount: intp(2800),
		References:    refs(),
	}
	mobilenetv2 := &bib.Paper{
		PaperID: "dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4", Title: "MobileNetV2: Inverted Residuals and Linear Bottlenecks",
		Year: 2018, Venue: "CVPR", ExternalIDs: bib.ExternalIDs{"ArXiv": "1801.04381", "DOI": "10.1109/CVPR.2018.00474"},
		Authors:       []bib.Author{{Name: "Mark Sandler"}, {Name: "Andrew Howard"}},
		CitationCount: intp(9000), PublicationTypes: []string{"Conference"},
		References: refs(mobilenets, resnet, pruning, hostile, fitnets),
	}

	entries := []bib.Entry{
		{File: "list.md", Line: 3, Family: "Blogs", Kind: bib.KindLink, Title: "A blog post about compression", URLs: []string{"https://example.com/blog post"}},
		{File: "list.md", Line: 7, Family: "Compact Network Design", Kind: bib.KindPaper, Title: "MobileNetV2: Inverted Residuals and Linear Bottlenecks", Year: 2018, Venue: "CVPR"},
		{File: "list.md", Line: 8, Family: "Compact Network Design", Kind: bib.KindPaper, Title: "MobileNetsV1: Efficient Convolutional Neural Networks for Mobile Vision Applications", Year: 2017, Venue: "CVPR", IDs: bib.IDs{ArXiv: "1704.04861"}},
		{File: "list.md", Line: 9, Family: "Compact Network Design", Kind: bib.KindPaper, Title: "IGCV9: A Network Nobody Wrote", Year: 2019},
		{File: "list.md", Line: 12, Family: "Pruning", Kind: bib.KindPaper, Title: "Learning both Weights and Connections for Efficient Neural Networks", Year: 2015, Venue: "NIPS"},
		{File: "list.md", Line: 13, Family: "Pruning", Kind: bib.KindPaper, Title: "\"Quoted\" <Net> {Braces} \\ & Co", Year: 2017},
		{File: "list.md", Line: 16, Family: "Distillation", Kind: bib.KindPaper, Title: "FitNets: Hints for Thin Deep Nets", Year: 2015, Venue: "ICLR"},
		{File: "list.md", Line: 17, Family: "Distillation", Kind: bib.KindPaper, Title: "\"Quoted\" <Net> {Braces} \\ & Co", Year: 2017},
		{File: "list.md", Line: 18, Family: "Distillation", Kind: bib.KindPaper, Title: "Model compression as constrained optimization. Part I", Year: 2017},
	}
	list := &bib.List{
		Name:    "list.md",
		Format:  "markdown",
		Entries: entries,
		Families: []bib.Family{
			{Name: "Blogs", Slug: "blogs", Line: 2, Links: 1},
			{Name: "Compact Network Design", Slug: "compact-network-design", Line: 6, Papers: 3},
			{Name: "Pruning", Slug: "pruning", Line: 11, Papers: 2},
			{Name: "Distillation", Slug: "distillation", Line: 15, Papers: 3},
			{Name: "Low Rank Approximation", Slug: "low-rank-approximation", Line: 20},
		},
		Problems: []*bib.ParseError{{File: "list.md", Line: 22, Msg: "item without a title"}},
	}
	res := []fetch.Resolution{
		{Entry: entries[1], Status: fetch.StatusResolved, Paper: mobilenetv2, ID: mobilenetv2.Key(), Method: fetch.MethodTitleMatch, Confidence: 1},
		{Entry: entries[2], Status: fetch.StatusResolved, Paper: mobilenets, ID: mobilenets.Key(), Method: fetch.MethodID, Confidence: 1},
		{Entry: entries[3], Status: fetch.StatusUnresolved, ID: "TITLE:igcv9 a network nobody wrote", Method: fetch.MethodSearch, Reason: "no record matches the title"},
		{Entry: entries[4], Status: fetch.StatusResolved, Paper: pruning, ID: pruning.Key(), Method: fetch.MethodTitleMatch, Confidence: 0.97,
			Corrections: []string{"title: listed \"Learning both Weights and Connections for Efficient Neural Networks\", record \"Learning both Weights and Connections for Efficient Neural Network\""}},
		{Entry: entries[5], Status: fetch.StatusResolved, Paper: hostile, ID: hostile.Key(), Method: fetch.MethodTitleMatch, Confidence: 0.9,
			Corrections: []string{"year: listed 2017, record 2016"}},
		{Entry: entries[6], Status: fetch.StatusResolved, Paper: fitnets, ID: fitnets.Key(), Method: fetch.MethodTitleMatch, Confidence: 0.99},
		{Entry: entries[7], Status: fetch.StatusResolved, Paper: hostile, ID: hostile.Key(), Method: fetch.MethodTitleMatch, Confidence: 0.9,
			Corrections: []string{"year: listed 2017, record 2016"}},
		{Entry: entries[8], Status: fetch.StatusAmbiguous, ID: "TITLE:model compression as constrained optimization part i", Method: fetch.MethodSearch, Confidence: 0.5,
			Reason: "two records agree equally with the title",
			Candidates: []fetch.Candidate{
				{ID: "ARXIV:1707.01209", Title: "Model compression as constrained optimization, with application to neural nets. Part I: general framework", Year: 2017, Score: 0.81},
				{ID: "ARXIV:1707.04319", Title: "Model compression as constrained optimization, with application to neural nets. Part II: quantization", Year: 2017, Score: 0.8},
			}},
	}
	var members []graph.Member
	for _, r := range res {
		if r.Status == fetch.StatusResolved {
			members = append(members, graph.Member{Paper: r.Paper, Families: []string{r.Entry.Family}})
		}
	}
	g := graph.Build(members, []*bib.Paper{resnet})

	// The neighbourhood: two papers cite MobileNetV2 and FitNets (derivative
	// works) and a third paper besides, which no list paper cites or is
	// cited by (a similar work, co-cited twice with each).
	shufflev2 := &bib.Paper{PaperID: "cccc000000000000000000000000000000000003", Title: "A Classic Both Cite"}
	efficient := &bib.Paper{
		PaperID: "cccc000000000000000000000000000000000001", Title: "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
		Year: 2019, Venue: "ICML", ExternalIDs: bib.ExternalIDs{"ArXiv": "1905.11946"},
		Authors: []bib.Author{{Name: "Mingxing Tan"}, {Name: "Quoc V. Le"}}, CitationCount: intp(7000),
		References: refs(mobilenetv2, fitnets, shufflev2),
	}
	ghost := &bib.Paper{
		PaperID: "cccc000000000000000000000000000000000002", Title: "GhostNet: More Features from Cheap Operations",
		Year: 2020, Venue: "CVPR", Authors: []bib.Author{{Name: "Kai Han"}}, CitationCount: intp(1500),
		References: refs(mobilenetv2, fitnets, shufflev2),
	}
	citing := func(ps ...*bib.Paper) *graph.CitationList {
		return &graph.CitationList{Citing: *refs(ps...)}
	}
	nb := g.Neighbourhood(&graph.Expansion{
		MinLinks: 2,
		Citations: map[string]*graph.CitationList{
			mobilenetv2.Key(): citing(efficient, ghost),
			fitnets.Key():     {Citing: *refs(efficient, ghost), Cut: "limit"},
			hostile.Key():     citing(),
		},
		Records: []*bib.Paper{resnet, efficient, ghost},
	})
	return &Run{
		List:          list,
		Resolutions:   res,
		Graph:         g,
		Scores:        g.Rank(2022),
		Suggestions:   nb.Suggestions,
		Neighbourhood: nb,
		Expand: ExpandInfo{Asked: true, Limit: 2,
			Failed: []ExpandFailure{{Key: pruning.Key(), Reason: "fetch: GET /paper/x/citations: giving up after 6 attempts: 504"}}},
		DataYear:   2022,
		SourceDesc: "hand-built test records",
		Credit:     "Data: Semantic Scholar (semanticscholar.org), test fixture",
	}
}
