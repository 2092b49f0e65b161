package out

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
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
	Suggestions []graph.Suggestion
	DataYear    int    // year of the data, for citations per year
	SourceDesc  string // e.g. "Semantic Scholar snapshot of 2022-07-23 (embedded)"
	Credit      string // e.g. "Data: Semantic Scholar (semanticscholar.org), snapshot of 2022-07-23"
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
//	bib/<family-slug>.bib     the papers of each family with papers
//	suggested.bib             suggested papers outside the list
//	resolution.json, .csv     one record per paper entry, list order
//	rankings.json, .csv, .md  metrics and rankings (overall; per family in .md)
//	graph.graphml, graph.json the citation graph
//	families/<slug>.dot, .svg one diagram per family with papers
//	influence.dot, .svg       citations between families
//	report.md                 what happened, what is missing, the credit
//
// Each file is written atomically. A failure with one artefact is logged and
// the others are still written; the error returned joins every failure.
// written lists the paths written, in the order above. The same run always
// gives the same bytes.
func WriteAll(ctx context.Context, dir string, run *Run, log *slog.Logger) (written []string, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if run == nil || run.Graph == nil {
		return nil, errors.New("out: nothing to write: no graph")
	}
	for _, d := range []string{dir, filepath.Join(dir, "bib"), filepath.Join(dir, "families")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("out: %w", err)
		}
	}
	defer forgetInfluence(run.Graph)
	var errs []error
	write := func(rel string, fn func(io.Writer) error) {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("out: %s: %w", rel, err))
			return
		}
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := WriteFileAtomic(path, fn); err != nil {
			log.Error("cannot write artefact", "file", path, "err", err)
			errs = append(errs, err)
			return
		}
		log.Debug("wrote artefact", "file", path)
		written = append(written, path)
	}
	g := run.Graph
	fams := run.Families()

	// BibTeX: one Bibliography over all list papers, so a paper has the
	// same key in references.bib and in its family's file.
	var papers []*bib.Paper
	for _, n := range g.Nodes() {
		papers = append(papers, n.Paper)
	}
	refs := bib.NewBibliography(papers)
	write("references.bib", func(w io.Writer) error {
		return refs.Write(w, run.bibHeader("every resolved paper of the reading list"), nil)
	})
	for _, f := range fams {
		write("bib/"+f.Slug+".bib", func(w io.Writer) error {
			return refs.Write(w, run.bibHeader("papers of the family "+strconv.Quote(cleanText(f.Name))), f.Papers)
		})
	}
	// Suggested papers get keys of their own Bibliography over list and
	// suggested papers, so no key clashes with references.bib.
	// A suggestion known only from a bare reference item (a title, no
	// author) would be an uncitable stub: it stays in report.md, not here.
	var sugKeys []string
	titleOnly := 0
	sugPapers := slices.Clone(papers)
	for _, s := range run.Suggestions {
		switch {
		case s.Paper == nil:
		case len(s.Paper.Authors) == 0:
			titleOnly++
		default:
			sugPapers = append(sugPapers, s.Paper)
			sugKeys = append(sugKeys, s.Paper.Key())
		}
	}
	warnings := refs.Warnings()
	sugHeader := run.bibHeader("papers outside the list that papers of the list cite")
	if titleOnly > 0 {
		sugHeader += fmt.Sprintf("\n%d more suggestions are known only by their titles; they are listed in report.md.", titleOnly)
	}
	if len(sugKeys) == 0 {
		write("suggested.bib", func(w io.Writer) error {
			return writeBibComment(w, sugHeader+"\nNo suggested papers.")
		})
	} else {
		sug := bib.NewBibliography(sugPapers)
		write("suggested.bib", func(w io.Writer) error { return sug.Write(w, sugHeader, sugKeys) })
		sugCites := map[string]bool{}
		for _, k := range sugKeys {
			sugCites[sug.CiteKey(k)] = true
		}
		for _, wn := range sug.Warnings() {
			if sugCites[wn.Key] {
				wn.Msg = "suggested.bib: " + wn.Msg
				warnings = append(warnings, wn)
			}
		}
	}

	write("resolution.json", func(w io.Writer) error { return WriteResolutionJSON(w, run.Resolutions) })
	write("resolution.csv", func(w io.Writer) error { return WriteResolutionCSV(w, run.Resolutions) })
	write("rankings.json", func(w io.Writer) error { return WriteRankingsJSON(w, run.Scores) })
	write("rankings.csv", func(w io.Writer) error { return WriteRankingsCSV(w, run.Scores) })
	write("rankings.md", func(w io.Writer) error {
		return WriteRankingsMarkdown(w, run)
	})
	write("graph.graphml", func(w io.Writer) error { return WriteGraphML(w, g, run.Credit) })
	write("graph.json", func(w io.Writer) error { return WriteGraphJSON(w, g, run.Credit) })

	// Diagrams: DOT sources, each rendered to SVG by one Renderer.
	type diagram struct {
		rel string // path without extension
		dot func(io.Writer) error
	}
	var diagrams []diagram
	rendered := RenderedFamilies(fams)
	for _, f := range fams {
		rel := "families/" + f.Slug
		if !rendered[f.Name] {
			write(rel+".dot", func(w io.Writer) error { return WriteFamilyDOT(w, g, f.Name) })
			continue
		}
		diagrams = append(diagrams, diagram{rel, func(w io.Writer) error { return WriteFamilyDOT(w, g, f.Name) }})
	}
	diagrams = append(diagrams, diagram{"influence", func(w io.Writer) error {
		return WriteInfluenceDOT(w, g, familyNames(fams))
	}})
	start := time.Now()
	rend, rerr := NewRenderer(ctx)
	if rerr != nil {
		log.Error("cannot start graphviz; writing DOT sources only", "err", rerr)
		errs = append(errs, rerr)
	} else {
		log.Debug("graphviz ready", "took", time.Since(start))
	}
	renders := 0
	for _, d := range diagrams {
		var src bytes.Buffer
		if err := d.dot(&src); err != nil {
			errs = append(errs, fmt.Errorf("out: %s.dot: %w", d.rel, err))
			continue
		}
		write(d.rel+".dot", func(w io.Writer) error { _, err := w.Write(src.Bytes()); return err })
		if rend == nil {
			continue
		}
		if renders++; renders%renderBatch == 0 {
			// A fresh Graphviz instance now and then: one that has laid
			// out hundreds of graphs gets slower with each.
			if err := rend.Close(); err != nil {
				log.Warn("graphviz", "err", err)
			}
			if rend, rerr = NewRenderer(ctx); rerr != nil {
				log.Error("cannot restart graphviz; writing DOT sources only", "err", rerr)
				errs = append(errs, rerr)
				continue
			}
		}
		t := time.Now()
		svg, err := rend.SVG(ctx, src.Bytes())
		if err != nil {
			log.Error("cannot render diagram", "file", d.rel+".svg", "err", err)
			errs = append(errs, fmt.Errorf("out: %s.svg: %w", d.rel, err))
			continue
		}
		log.Debug("rendered diagram", "file", d.rel+".svg", "took", time.Since(t))
		write(d.rel+".svg", func(w io.Writer) error { _, err := w.Write(svg); return err })
	}
	if rend != nil {
		// Every diagram is written by now; Graphviz reports leftover
		// warnings on close, which change nothing.
		if err := rend.Close(); err != nil {
			log.Warn("graphviz", "err", err)
		}
	}

	write("report.md", func(w io.Writer) error { return WriteReport(w, run, warnings) })
	return written, errors.Join(errs...)
}

// Limits on rendering for lists of hundreds of families (each diagram takes
// Graphviz a tenth of a second or more): the largest maxRenderedFamilies
// families' diagrams are rendered to SVG, the others are written as DOT
// only (report.md says so); a fresh renderer is started every renderBatch
// diagrams.
var (
	maxRenderedFamilies = 100
	renderBatch         = 50
)

// RenderedFamilies returns the families whose diagrams are rendered to SVG:
// all of them, or in a list of more than maxRenderedFamilies families, the
// maxRenderedFamilies with the most papers (the first listed on ties).
func RenderedFamilies(fams []FamilyFile) map[string]bool {
	order := slices.Clone(fams)
	slices.SortStableFunc(order, func(a, b FamilyFile) int { return len(b.Papers) - len(a.Papers) })
	keep := map[string]bool{}
	for i, f := range order {
		if i < maxRenderedFamilies {
			keep[f.Name] = true
		}
	}
	return keep
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
