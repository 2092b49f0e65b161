package out

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
)

// Run is everything a build produced, as the writers need it.
type Run struct {
	List        *bib.List
	Resolutions []fetch.Resolution // one per paper entry, list order
	Graph       *graph.Graph
	Scores      []graph.Score // overall ranking (graph.Rank)
	// Suggestions are the papers outside the list to suggest, ranked
	// (graph.Neighbourhood's, less those the list names in unresolved
	// entries): each with its kind (prior, derivative, similar) and the
	// list papers it connects to.
	Suggestions []graph.Suggestion
	// Neighbourhood holds the rest of what the papers around the list say:
	// similarity edges among the list's papers and to the suggestions, the
	// most similar papers of each list paper, the clusters compared with
	// the families, and completeness. Nil: not computed (the artefacts
	// built on it are written empty).
	Neighbourhood *graph.Neighbourhood
	// Expand says how the neighbourhood was gathered.
	Expand     ExpandInfo
	DataYear   int        // year of the data, for citations per year
	SourceDesc string     // e.g. "Semantic Scholar snapshot of 2022-07-23 (embedded)"
	Credit     string     // e.g. "Data: Semantic Scholar (semanticscholar.org), snapshot of 2022-07-23"
	BibFormat  bib.Format // flavour of the .bib files (BibTeX by default)
	// CiteKeys are the citation keys the user gave papers (a .bib list's
	// own keys), by Paper.Key(); the other papers get generated keys (see
	// bib.NewBibliographyKeys). Nil: every key is generated.
	CiteKeys map[string]string
}

// NonCommercial is the line every artefact built from Semantic Scholar data
// carries beside the credit.
const NonCommercial = "Semantic Scholar data is provided for non-commercial research use."

// FamilyFile is a technique family that has papers, and the slug its files
// are named by.
type FamilyFile struct {
	Name   string
	Slug   string   // unique among the run's families: bib.Slug(Name), suffixed -2, -3… on clashes
	Papers []string // keys of its papers, sorted
}

// Families returns the run's families that have at least one paper in the
// graph, in list order (then any family only the graph knows, sorted), with
// unique slugs.
func (r *Run) Families() []FamilyFile {
	members := map[string][]string{}
	for _, n := range r.Graph.Nodes() {
		for _, f := range n.Families {
			members[f] = append(members[f], n.Key)
		}
	}
	var names []string
	seen := map[string]bool{}
	if r.List != nil {
		for _, f := range r.List.Families {
			if !seen[f.Name] && len(members[f.Name]) > 0 {
				names = append(names, f.Name)
				seen[f.Name] = true
			}
		}
	}
	for _, f := range bib.SortedKeys(members) {
		if !seen[f] {
			names = append(names, f)
			seen[f] = true
		}
	}
	return familyFiles(names, members)
}

// familyFiles gives each family name, in order, its unique slug (bib.Slug,
// suffixed -2, -3… on clashes) and its sorted papers from members.
func familyFiles(names []string, members map[string][]string) []FamilyFile {
	used := map[string]bool{}
	out := make([]FamilyFile, 0, len(names))
	for _, name := range names {
		base := bib.Slug(name)
		slug := base
		for i := 2; used[slug]; i++ {
			slug = base + "-" + strconv.Itoa(i)
		}
		used[slug] = true
		keys := slices.Clone(members[name])
		slices.Sort(keys)
		out = append(out, FamilyFile{Name: name, Slug: slug, Papers: keys})
	}
	return out
}

// PaperlessFamily is a family of the reading list without any paper in the
// graph, and what it holds instead.
type PaperlessFamily struct {
	Name         string
	Links        int // link items (blog posts, articles) listed under it
	PaperEntries int // paper entries listed under it, none of them resolved
}

// Empty reports whether the family lists nothing at all: a heading with no
// items.
func (f PaperlessFamily) Empty() bool { return f.Links == 0 && f.PaperEntries == 0 }

// LinksOnly reports whether the family lists links and no paper entries: a
// section of blog posts or articles, not a technique family.
func (f PaperlessFamily) LinksOnly() bool { return f.Links > 0 && f.PaperEntries == 0 }

// PaperlessFamilies returns the list's families without any paper in the
// graph, in list order, each with the number of links and of (unresolved)
// paper entries it lists. Counts come from the list's entries; a family
// that no entry names keeps the counts of its bib.Family.
func (r *Run) PaperlessFamilies() []PaperlessFamily {
	if r.List == nil {
		return nil
	}
	has := map[string]bool{}
	for _, n := range r.Graph.Nodes() {
		for _, f := range n.Families {
			has[f] = true
		}
	}
	links, papers, named := map[string]int{}, map[string]int{}, map[string]bool{}
	for _, e := range r.List.Entries {
		named[e.Family] = true
		switch e.Kind {
		case bib.KindLink:
			links[e.Family]++
		case bib.KindPaper:
			papers[e.Family]++
		}
	}
	var out []PaperlessFamily
	seen := map[string]bool{}
	for _, f := range r.List.Families {
		if has[f.Name] || seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		pf := PaperlessFamily{Name: f.Name, Links: links[f.Name], PaperEntries: papers[f.Name]}
		if !named[f.Name] {
			pf.Links, pf.PaperEntries = f.Links, f.Papers
		}
		out = append(out, pf)
	}
	return out
}

// EmptyFamilies returns the names of the list's families that list nothing
// at all (no paper entry, no link), in list order. Families of links only
// and families whose papers all failed to resolve are not empty; see
// PaperlessFamilies.
func (r *Run) EmptyFamilies() []string {
	var empty []string
	for _, f := range r.PaperlessFamilies() {
		if f.Empty() {
			empty = append(empty, f.Name)
		}
	}
	return empty
}

// familyNames returns the names of the families with papers, in order.
func familyNames(fs []FamilyFile) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return names
}

// bibHeader is the comment at the top of every .bib file: no timestamp, so
// that two runs give the same bytes.
func (r *Run) bibHeader(what string) string {
	lines := []string{"Generated by citegraph: " + what + "."}
	if r.List != nil && r.List.Name != "" {
		lines = append(lines, "Reading list: "+cleanText(r.List.Name))
	}
	if r.SourceDesc != "" {
		lines = append(lines, "Source: "+cleanText(r.SourceDesc))
	}
	if r.Credit != "" {
		lines = append(lines, cleanText(r.Credit))
	}
	lines = append(lines, NonCommercial)
	return strings.Join(lines, "\n")
}

// WriteAll writes every artefact of run into dir (created if missing):
//
//	references.bib            every resolved paper of the list, once
//	references.json, .ris     the same entries as CSL-JSON and RIS
//	bib/<family-slug>.bib     the papers of each family with papers
//	suggested.bib             suggested papers outside the list that have an id
//	suggestions.json, .csv    every suggested paper, with its kind and links
//	resolution.json, .csv     one record per paper entry, list order
//	rankings.json, .csv, .md  metrics and rankings (overall; per family in .md)
//	graph.graphml, graph.json the citation graph (graph.json with similarity edges)
//	similarity.graphml        co-citation and coupling among list and suggested papers
//	clusters.csv              clusters of the list's papers vs its families
//	families/<slug>.dot, .svg one diagram per family with papers
//	influence.dot, .svg       citations between families
//	report.md                 what happened, what is missing, the credit
//	index.html                all of it as one page (see WriteHTML)
//
// It is Dir.WriteAll on OpenDir(dir, "build", false): a file there that
// citegraph did not write is never overwritten (a *ForeignFilesError, and
// nothing is written).
func WriteAll(ctx context.Context, dir string, run *Run, log *slog.Logger) (written []string, err error) {
	d, err := OpenDir(dir, "build", false)
	if err != nil {
		return nil, err
	}
	return d.WriteAll(ctx, run, log)
}

// WriteAll writes every artefact of run into d (see the package function
// WriteAll for the list) through d.Write: all are checked before any is
// written, each is written atomically and recorded in the manifest. A
// failure with one artefact leaves it out and the others are still
// written; the error returned joins every failure. written lists the paths
// written, in the order above. The same run always gives the same bytes.
func (d *Dir) WriteAll(ctx context.Context, run *Run, log *slog.Logger) (written []string, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if run == nil || run.Graph == nil {
		return nil, errors.New("out: nothing to write: no graph")
	}
	defer forgetInfluence(run.Graph)
	start := time.Now()
	rend, rerr := NewRenderer(ctx)
	if rerr != nil {
		log.Debug("cannot start graphviz; writing DOT sources only", "err", rerr)
	} else {
		log.Debug("graphviz ready", "took", time.Since(start))
		defer func() {
			// Every diagram is written by now; Graphviz reports leftover
			// warnings on close, which change nothing.
			if err := rend.Close(); err != nil {
				log.Debug("graphviz", "err", err)
			}
		}()
	}
	files := run.files(ctx, run.Families(), rend, log)
	written, err = d.Write(ctx, files, log)
	return written, errors.Join(rerr, err)
}

// BuildFiles returns the files a build of list may write (relative,
// slash-separated): every file of WriteAll, with the family files of each
// family of the list. A command checks them (Dir.Check) before any network
// call; the families with papers are known only after resolution, so
// WriteAll checks its exact files again before it writes.
func BuildFiles(list *bib.List) []string {
	run := &Run{List: list, Graph: graph.Build(nil, nil)}
	var names []string
	if list != nil {
		for _, f := range list.Families {
			names = append(names, f.Name)
		}
	}
	var rels []string
	for _, f := range run.files(context.Background(), familyFiles(names, nil), nil, nil) {
		rels = append(rels, f.Rel)
		if strings.HasSuffix(f.Rel, ".dot") {
			rels = append(rels, strings.TrimSuffix(f.Rel, ".dot")+".svg")
		}
	}
	return rels
}

// files returns the artefacts of run, in writing order, for the families
// fams; the diagrams are rendered with rend (DOT sources only when nil).
// Every artefact is one File here: a new one gets the checks, the atomic
// write and the manifest of Dir.Write by being added to this list.
func (run *Run) files(ctx context.Context, fams []FamilyFile, rend *Renderer, log *slog.Logger) []File {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var files []File
	write := func(rel string, fn func(io.Writer) error) {
		files = append(files, File{Rel: rel, Write: fn})
	}
	g := run.Graph

	bibs := run.bibliographies()
	refs := bibs.refs
	write("references.bib", func(w io.Writer) error {
		return refs.WriteFormat(w, run.BibFormat, run.bibHeader("every resolved paper of the reading list"), nil)
	})
	write("references.json", func(w io.Writer) error { return refs.WriteCSLJSON(w, nil) })
	write("references.ris", func(w io.Writer) error { return refs.WriteRIS(w, nil) })
	for _, f := range fams {
		write("bib/"+f.Slug+".bib", func(w io.Writer) error {
			return refs.WriteFormat(w, run.BibFormat, run.bibHeader("papers of the family "+strconv.Quote(cleanText(f.Name))), f.Papers)
		})
	}
	// Every suggestion with an id is in suggested.bib; those known by
	// title only are counted in its header and listed in suggestions.csv.
	sugHeader := run.bibHeader("papers outside the list that papers of the list cite, that cite them, or that resemble them")
	if bibs.noID > 0 {
		have := "have"
		if bibs.noID == 1 {
			have = "has"
		}
		sugHeader += fmt.Sprintf("\n%s %s no id (known by title only): suggestions.csv lists them with the others.", plural(bibs.noID, "more suggestion"), have)
	}
	if bibs.sug == nil {
		write("suggested.bib", func(w io.Writer) error {
			return writeBibComment(w, sugHeader+"\nNo suggested paper has an id.")
		})
	} else {
		write("suggested.bib", func(w io.Writer) error { return bibs.sug.WriteFormat(w, run.BibFormat, sugHeader, bibs.sugKeys) })
	}
	warnings := bibs.warnings
	write("suggestions.json", func(w io.Writer) error { return writeSuggestionsJSON(w, run, bibs) })
	write("suggestions.csv", func(w io.Writer) error { return writeSuggestionsCSV(w, run, bibs) })

	write("resolution.json", func(w io.Writer) error { return WriteResolutionJSON(w, run.Resolutions) })
	write("resolution.csv", func(w io.Writer) error { return WriteResolutionCSV(w, run.Resolutions) })
	write("rankings.json", func(w io.Writer) error { return WriteRankingsJSON(w, run.Scores) })
	write("rankings.csv", func(w io.Writer) error { return WriteRankingsCSV(w, run.Scores) })
	write("rankings.md", func(w io.Writer) error {
		return WriteRankingsMarkdown(w, run)
	})
	write("graph.graphml", func(w io.Writer) error {
		return WriteGraphML(w, g, GraphMLData{Credit: run.Credit, Scores: run.Scores, CiteKey: refs.CiteKey})
	})
	write("graph.json", func(w io.Writer) error { return writeGraphJSON(w, g, run.Credit, run.Neighbourhood) })
	write("similarity.graphml", func(w io.Writer) error { return WriteSimilarityGraphML(w, run) })
	write("clusters.csv", func(w io.Writer) error { return WriteClustersCSV(w, run) })

	// Diagrams: DOT sources, each rendered to SVG by one Renderer.
	type diagram struct {
		rel string // path without extension
		dot func(io.Writer) error
	}
	var diagrams []diagram
	toSVG := RenderedFamilies(fams)
	var famIdx *familyIndex // built once, for every family's diagram
	familyDOT := func(w io.Writer, family string) error {
		if famIdx == nil {
			famIdx = newFamilyIndex(g)
		}
		return writeFamilyDOT(w, g, family, famIdx)
	}
	for _, f := range fams {
		rel := "families/" + f.Slug
		if !toSVG[f.Name] {
			write(rel+".dot", func(w io.Writer) error { return familyDOT(w, f.Name) })
			continue
		}
		diagrams = append(diagrams, diagram{rel, func(w io.Writer) error { return familyDOT(w, f.Name) }})
	}
	diagrams = append(diagrams, diagram{"influence", func(w io.Writer) error {
		return WriteInfluenceDOT(w, g, familyNames(fams))
	}})
	// Each diagram is rendered once, for its .svg and for index.html.
	type rendering struct {
		svg []byte
		err error
	}
	rendered := map[string]*rendering{}
	render := func(d diagram) ([]byte, error) {
		if r := rendered[d.rel]; r != nil {
			return r.svg, r.err
		}
		r := &rendering{}
		rendered[d.rel] = r
		var src bytes.Buffer
		if r.err = d.dot(&src); r.err != nil {
			return nil, r.err
		}
		t := time.Now()
		r.svg, r.err = rend.SVG(ctx, src.Bytes())
		log.Debug("rendered diagram", "file", d.rel+".svg", "took", time.Since(t))
		return r.svg, r.err
	}
	for _, d := range diagrams {
		write(d.rel+".dot", d.dot)
		if rend == nil {
			continue
		}
		write(d.rel+".svg", func(w io.Writer) error {
			svg, err := render(d)
			if err != nil {
				return err
			}
			_, err = w.Write(svg)
			return err
		})
	}

	write("report.md", func(w io.Writer) error { return WriteReport(w, run, warnings) })
	write("index.html", func(w io.Writer) error {
		// A diagram that did not render is linked to its DOT source.
		svgs := map[string][]byte{}
		for _, d := range diagrams {
			if rend == nil {
				break
			}
			if svg, err := render(d); err == nil {
				svgs[d.rel] = svg
			}
		}
		return writeHTML(w, run, bibs, svgs)
	})
	return files
}

// maxRenderedFamilies limits rendering for lists of hundreds of families
// (each diagram takes Graphviz a tenth of a second or more): the diagrams
// of the maxRenderedFamilies largest families are rendered to SVG, the
// others are written as DOT only (report.md says so). A variable so that
// tests can lower it.
var maxRenderedFamilies = 100

// RenderedFamilies returns the families whose diagrams are rendered to SVG:
// all of them, or in a list of more than maxRenderedFamilies families, the
// maxRenderedFamilies with the most papers (the first listed on ties).
func RenderedFamilies(fams []FamilyFile) map[string]bool {
	return largestFamilies(fams, maxRenderedFamilies)
}

// bibSet is a run's BibTeX: one Bibliography over all list papers, so
// that a paper has the same key in references.bib, its family's file and
// index.html, and one over list and suggested papers for suggested.bib, so
// that no suggestion's key clashes with a list paper's.
type bibSet struct {
	refs *bib.Bibliography
	// sug holds every suggestion with an id (paperId, arXiv, DOI, corpus
	// id); nil when none has one. A suggestion known by its title only is
	// in suggestions.csv, report.md and index.html, not here.
	sug      *bib.Bibliography
	sugKeys  []string          // paper keys of the suggestions in sug, in order
	sugCites map[string]string // suggestion key → its citation key in sug
	noID     int               // suggestions known by their titles only
	// warnings: what references.bib and suggested.bib could not say
	// faithfully (suggested.bib's prefixed so).
	warnings []bib.Warning
}

func (r *Run) bibliographies() *bibSet {
	var papers []*bib.Paper
	for _, n := range r.Graph.Nodes() {
		papers = append(papers, n.Paper)
	}
	b := &bibSet{refs: bib.NewBibliographyKeys(papers, r.CiteKeys), sugCites: map[string]string{}}
	b.warnings = b.refs.Warnings()
	sugPapers := slices.Clone(papers)
	for i := range r.Suggestions {
		s := &r.Suggestions[i]
		if !hasID(s) {
			b.noID++
			continue
		}
		sugPapers = append(sugPapers, s.Paper)
		b.sugKeys = append(b.sugKeys, s.Paper.Key())
	}
	if len(b.sugKeys) == 0 {
		return b
	}
	b.sug = bib.NewBibliographyKeys(sugPapers, r.CiteKeys)
	for i := range r.Suggestions {
		if s := &r.Suggestions[i]; hasID(s) {
			b.sugCites[s.Key] = b.sug.CiteKey(s.Paper.Key())
		}
	}
	sugCites := map[string]bool{}
	for _, k := range b.sugKeys {
		sugCites[b.sug.CiteKey(k)] = true
	}
	for _, wn := range b.sug.Warnings() {
		if sugCites[wn.Key] {
			wn.Msg = "suggested.bib: " + wn.Msg
			b.warnings = append(b.warnings, wn)
		}
	}
	return b
}

// writeBibComment writes text as BibTeX comment lines ("% …").
func writeBibComment(w io.Writer, text string) error {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		b.WriteString(strings.TrimRight("% "+line, " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
