package out

import "github.com/citegraph/citegraph/bib"

// fixtureGraphMLData is what WriteAll gives WriteGraphML for a run.
func fixtureGraphMLData(run *Run) GraphMLData {
	var papers []*bib.Paper
	for _, n := range run.Graph.Nodes() {
		papers = append(papers, n.Paper)
	}
	return GraphMLData{Credit: run.Credit, Scores: run.Scores, CiteKey: bib.NewBibliography(papers).CiteKey}
}
