// Package out writes every artefact of a citegraph build: BibTeX files,
// resolution and ranking tables (JSON, CSV, Markdown), the citation graph as
// GraphML and JSON, Graphviz diagrams (DOT sources rendered to SVG with
// github.com/goccy/go-graphviz, no dot binary needed) and the Markdown report.
//
// Every writer takes an io.Writer and is deterministic: the same Run gives
// the same bytes. WriteAll writes them all into a directory, each file
// atomically (see WriteFileAtomic).
//
// Text from reading lists and paper records is never trusted: it is made
// valid UTF-8, stripped of characters XML 1.0 forbids, and escaped for the
// target format (DOT strings, XML, CSV, Markdown tables). No name from an
// input becomes a path without going through bib.Slug.
//
// Importing the package has a cost at program start: go-graphviz compiles
// its embedded Graphviz WebAssembly module in an init function, about 1-3 s
// the first time on a machine and about 0.5 s once wazero's compilation
// cache (under os.TempDir()/go-graphviz) holds it. Laying out a diagram then
// takes milliseconds to a few hundred milliseconds; all renders in a process
// are serialised, since the module is shared.
package out
