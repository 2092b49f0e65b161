// Command citegraph turns a reading list of research papers (an awesome-list
// in Markdown, a .bib file, or a plain list of titles, DOIs and arXiv ids)
// into a citation graph and the artefacts built from it: BibTeX files,
// rankings, Graphviz diagrams and a report. Run "citegraph --help".
package main

import "os"

func main() {
	os.Exit(int(Main()))
}
