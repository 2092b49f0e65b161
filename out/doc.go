// Package out writes every artefact of a citegraph build: BibTeX (or
// biblatex) files, CSL-JSON and RIS, resolution and ranking tables (JSON, CSV, Markdown), the citation graph as
// GraphML and JSON, Graphviz diagrams (DOT sources rendered to SVG with
// github.com/goccy/go-graphviz, no dot binary needed), the list's
// neighbourhood (suggestions.json and .csv, similarity.graphml,
// clusters.csv), the Markdown report, and index.html, all of it as one
// self-contained page (see WriteHTML).
//
// Every writer takes an io.Writer and is deterministic: the same Run gives
// the same bytes. WriteAll writes them all into a directory through Dir,
// which every command's output goes through: Dir keeps a manifest of the
// files citegraph wrote (ManifestName, with their SHA-256), refuses to
// replace any other file (or one edited since) unless forced, checks every
// file before writing any, writes each to a temporary file and renames
// them together, and removes only stale files of its own manifest (Clean).
//
// Text from reading lists and paper records is never trusted: it is made
// valid UTF-8, stripped of characters XML 1.0 forbids, and escaped for the
// target format (DOT strings, XML, CSV, Markdown tables, HTML through
// html/template; the SVG inlined into index.html is rebuilt element by
// element from an allowlist). No name from an input becomes a path without
// going through bib.Slug.
//
// The CSV files put a "'" before a text cell that begins with "=", "+",
// "-" or "@", so that a spreadsheet does not run it as a formula (OWASP's
// advice on CSV injection); JSON, GraphML and Markdown keep the text as is.
//
// Diagrams stay readable on big lists: a family diagram draws at most the
// 40 papers of the family most cited within the list, 6 boxes of other
// families and 60 arrows to other families; the influence diagram of more
// than 24 arrows keeps each family's 2 strongest in and out. Each says what
// it left out, and rankings.md, the .bib files and the report's table of
// citations between families hold everything. WriteAll on 600 papers in 12
// families (4,700 citations) takes well under a second of layout.
//
// Importing the package has a cost at program start: go-graphviz compiles
// its embedded Graphviz WebAssembly module in an init function, about 0.7 s
// when nothing is cached and a few milliseconds once wazero's compilation
// cache holds it. That cache lives in the user's own cache directory,
// os.UserCacheDir()/citegraph/go-graphviz, never in the shared temporary
// directory (see GraphvizCacheDir and out/internal/gvcache). Laying out a
// diagram then takes milliseconds to a few hundred milliseconds; all
// renders in a process are serialised, since the module is shared.
package out
