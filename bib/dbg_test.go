package bib
import ("testing";"fmt")
func TestDbg(t *testing.T) {
	for _, s := range []string{
		"[![Star](https://img.shields.io/github/stars/IST-DASLab/sparsegpt.svg?style=social&label=Star)](https://github.com/IST-DASLab/sparsegpt) [![Publish](https://img.shields.io/badge/Conference-ICML'23-blue)]() [![Type](https://img.shields.io/badge/Unstructured-C2A4A6)]() <br> :star: [SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot](https://github.com/IST-DASLab/sparsegpt) <br> Elias Frantar, Dan Alistarh",
	} {
		r := mdAnalyze(s, nil)
		fmt.Printf("%q %d %q %+v\n", r.title, r.year, r.venue, r.ids)
	}
}
