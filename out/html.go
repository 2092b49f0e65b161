package out

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // the page's style and script
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
)

var (
	//go:embed page/index.html.tmpl
	pageTemplate string
	//go:embed page/style.css
	pageStyle string
	//go:embed page/script.js
	pageScript string

	pageTmpl = template.Must(template.New("index.html").Funcs(template.FuncMap{
		"num":    func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) },
		"sortf":  sortFloat,
		"optint": mdOptInt,
		"year":   mdYear,
		"perYear": func(x *float64) string {
			return mdOptFloat(x, 1)
		},
		"optv": func(n *int) string {
			if n == nil {
				return ""
			}
			return strconv.Itoa(*n)
		},
		"optfv": func(x *float64) string {
			if x == nil {
				return ""
			}
			return formatFloat(*x)
		},
		"yearv": func(y int) string {
			if y == 0 {
				return ""
			}
			return strconv.Itoa(y)
		},
		"plural": plural,
		"filters": func(table, prefix, placeholder string, fams []*htmlFamily) htmlFilters {
			return htmlFilters{Table: table, Prefix: prefix, Placeholder: placeholder, Families: fams}
		},
	}).Parse(pageTemplate))
)

// Page limits.
const (
	pageMaxAuthors  = 3   // authors named in a table row before "and N more"
	cardMaxAuthors  = 20  // authors named in a diagram's card
	pageMaxSuggest  = 100 // suggestions of one kind shown (suggested.bib has all citable ones)
	pageMaxCiters   = 12  // papers named as the reason of one suggestion
	pageMaxProblems = reportMaxProblems
	pageMaxLinks    = reportMaxLinkItems
)

// WriteHTML writes index.html: the whole build as one page that works from
// file://, offline and in a zip. It holds the report's counts and the data
// credit, the technique influence diagram, one section per family with its
// diagram and its ranking, the full rankings table (each paper with its
// similar papers), the suggested papers (each kind with the reason it is
// suggested), the clusters compared with the families, the completeness
// of the data (overall and per paper), the unresolved and ambiguous
// entries with their candidates, the corrections to the list, and notes
// (papers whose reference list is unavailable, problems in the list, links
// kept, BibTeX warnings). What it says of the neighbourhood (similar
// papers, clusters, completeness) comes from the same facts report.md
// writes. Every paper links to its Semantic Scholar page (and arXiv and
// DOI pages when known) and carries its BibTeX entry as references.bib has
// it (suggested papers as suggested.bib has them). Relative links point at
// the other artefacts beside it.
//
// diagrams holds the rendered SVGs by artefact path without extension
// ("influence", "families/<slug>"); a diagram missing from it is linked
// to its DOT source instead. Each SVG is rebuilt by inlineSVG, so that
// nothing from a title in it runs; every other text goes through
// html/template's contextual escaping.
//
// Styles and the script are inline (no request to any host: no CDN, no web
// font), and a Content-Security-Policy allows nothing else: no script but
// the page's own (by hash), no style but its own, no image, frame, font or
// connection. Tables and diagrams are plain HTML and SVG, readable with
// scripts off; the script adds sorting of the tables and filtering of the
// rankings and completeness tables, the diagrams' highlighting of a
// paper's citations with a card of its details (and its most similar
// papers), zoom, and copy buttons for BibTeX.
//
// A long list's page stays short: like report.md, it lists the first
// maxListedEntries unresolved and corrected entries and gives sections to
// the maxFamilySections largest families only (their rankings cut at
// maxFamilyRows papers; the other families in one table, each with its
// anchor), naming at most maxNamedFamilies families per cell; each cut
// list says how many more there are and which artefact holds them all.
//
// The same run gives the same bytes.
func WriteHTML(w io.Writer, run *Run, diagrams map[string][]byte) error {
	return writeHTML(w, run, run.bibliographies(), diagrams)
}

func writeHTML(w io.Writer, run *Run, bibs *bibSet, diagrams map[string][]byte) error {
	p, err := newHTMLPage(run, bibs, diagrams)
	if err != nil {
		return err
	}
	// Written as it is executed: the page of a big list is tens of
	// megabytes. A failure leaves a partial page, which Dir.Write (and
	// WriteFileAtomic) never rename into place.
	if err := pageTmpl.Execute(w, p); err != nil {
		return fmt.Errorf("out: index.html: %w", err)
	}
	return nil
}

// htmlPage is what the template shows.
type htmlPage struct {
	Name, SourceDesc, Credit, NonCommercial string

	CSP    string
	Style  template.CSS
	Script template.JS
	Data   pageData

	Counts    []countRow
	Notes     []string
	Files     []htmlFile
	Influence *htmlDiagram
	Families  []*htmlFamily // every family with papers, for the filters
	Sections  []*htmlFamily // those with a section of their own
	// OtherFamilies are the families without a section (a list of more
	// than maxFamilySections), listed in one table.
	OtherFamilies []*htmlFamily
	Legend        []legendTerm
	Headline      []countRow
	Rankings      []*htmlRank
	Suggestions   []htmlSuggestionKind
	// SimilarMin is the least number of citers or references two similar
	// papers share (graph.Neighbourhood's MinLinks); 0 when no paper has a
	// similar paper.
	SimilarMin   int
	Clusters     *htmlClusters
	Completeness *htmlCompleteness
	Doubtful     []htmlDoubtful
	MoreDoubtful int // unresolved and ambiguous entries not listed
	Corrected    []htmlCorrected
	MoreCorrect  int // corrected entries not listed
	Unavailable  []htmlPaperRef
	Problems     []string
	MoreProbs    int
	Links        []htmlListedLink
	MoreLinks    int
	Warnings     []string
}

// pageData is the JSON the script reads: what a diagram's card shows.
type pageData struct {
	Papers   []cardPaper  `json:"papers"`   // by node index (graph.json's order)
	Families []cardFamily `json:"families"` // in run.Families order
}

type cardPaper struct {
	Title    string   `json:"t"`
	Authors  string   `json:"a"`
	Year     int      `json:"y,omitempty"`
	Venue    string   `json:"v,omitempty"`
	Local    int      `json:"l"`
	Global   *int     `json:"g"`
	PageRank string   `json:"pr"`
	Rank     int      `json:"r"`
	Families []string `json:"f"`
	Anchor   string   `json:"h"`
	NoRefs   bool     `json:"u,omitempty"`
}

type cardFamily struct {
	Name   string `json:"n"`
	Papers int    `json:"c"`
	Anchor string `json:"h"`
}

type htmlFile struct{ Href, What string }

// htmlFilters are the controls that filter a table's rows by family and
// by text: Table is the table's id, Prefix that of the controls' ids.
type htmlFilters struct {
	Table, Prefix, Placeholder string
	Families                   []*htmlFamily
}

type htmlDiagram struct {
	Label string
	SVG   template.HTML // "" when the diagram was not rendered
	File  string        // the .svg beside the page, or the .dot when SVG is ""
}

type htmlFamily struct {
	Index         int
	Name, Anchor  string
	Slug, BibFile string
	Papers, Drawn int
	Diagram       *htmlDiagram
	Ranking       []*htmlRank
	MoreRows      int // papers of the family its ranking does not list
}

type htmlLink struct{ Href, Text string }

// htmlFamilyRef is a link to a family's section; with More > 0 it is the
// text "and More more families" that ends a list cut short.
type htmlFamilyRef struct {
	Index        int
	Name, Anchor string
	More         int
}

// htmlRank is a row of a ranking table.
type htmlRank struct {
	Rank        int
	Node        int64  // node index
	Anchor      string // the paper's id in the page (its row of the full table)
	Title       string
	Authors     string
	Venue       string
	Year        int
	Families    []htmlFamilyRef
	FamilyIdx   string // family indices, space-separated, for the filter
	Local       int
	Global      *int
	PageRank    float64
	Authority   float64
	Hub         float64
	Betweenness float64
	PerYear     *float64
	Links       []htmlLink
	CiteKey     string
	BibTeX      string
	NoRefs      bool
	Similar     []htmlSimilar // in the full rankings only
}

// htmlSuggestionKind is one kind of suggestion: papers suggested for one
// reason. The build makes one kind today (cited by papers of the list);
// each further kind is one more element.
type htmlSuggestionKind struct {
	ID, Title, Why string
	Total          int    // suggestions of this kind; Items holds the first pageMaxSuggest
	Empty          string // what to say when there is none
	BibFile        string // where their BibTeX is, "" for none
	Items          []htmlSuggestion
}

type htmlSuggestion struct {
	N       int
	Title   string
	Authors string
	Venue   string
	Year    int
	Global  *int
	Links   []htmlLink
	Why     string         // the reason, in words
	Papers  []htmlPaperRef // the list papers the reason names
	More    int            // further papers the reason names
	CiteKey string
	BibTeX  string
	Similar []htmlSimilar // none: only papers of the list list their similar papers
}

type htmlPaperRef struct {
	Title, Anchor string
	Year          int
}

type htmlDoubtful struct {
	Pos, Listed, Meta, Status, Reason string
	Candidates                        []htmlCandidate
}

type htmlCandidate struct {
	Title, ID, Href string
	Year            int
	Score           string
}

type htmlCorrected struct {
	Pos, Listed, Record, Reason string
	Corrections                 []string
	Anchor                      string
}

type htmlListedLink struct {
	Pos, Title, Href string
}

func newHTMLPage(run *Run, bibs *bibSet, diagrams map[string][]byte) (*htmlPage, error) {
	g := run.Graph
	f := run.facts()
	nf := f.neighbourhood
	p := &htmlPage{
		Name:          cleanText(f.name),
		SourceDesc:    cleanText(strings.TrimSuffix(run.SourceDesc, ".")),
		Credit:        cleanText(strings.TrimSuffix(run.Credit, ".")),
		NonCommercial: NonCommercial,
		Style:         template.CSS(pageStyle),
		Script:        template.JS(pageScript),
		Counts:        f.counts(),
		Legend:        rankingTerms(run.DataYear),
		Headline: []countRow{
			{"papers", f.nodes}, {"citations among them", f.edges}, {"families", len(f.fams)},
			{"suggestions", f.suggestions}, {"unresolved or ambiguous", len(f.doubtful)},
		},
	}
	p.CSP = "default-src 'none'; script-src " + cspHash(pageScript) + "; style-src " + cspHash(pageStyle) +
		"; img-src 'none'; base-uri 'none'; form-action 'none'"
	if len(f.linkFams) > 0 {
		p.Notes = append(p.Notes, "Sections of links, not papers: "+paperlessList(f.linkFams, cleanText)+".")
	}
	if len(f.failedFams) > 0 {
		p.Notes = append(p.Notes, "Families without a resolved paper: "+paperlessList(f.failedFams, cleanText)+"; see the unresolved entries below.")
	}
	if len(f.emptyFams) > 0 {
		p.Notes = append(p.Notes, "Empty families: "+paperlessList(f.emptyFams, cleanText)+".")
	}
	if len(f.unavailable) > 0 {
		p.Notes = append(p.Notes, lowerBoundsNote)
	}

	// Papers: their anchors (citation keys are unique and stable, escaped as
	// attribute values and percent-encoded in links) and
	// cards.
	nodes := g.Nodes()
	refs := newPageRefs(g, bibs, f.fams, run.Scores)
	anchor := refs.anchor
	famRefs := refs.families
	for _, fam := range f.fams {
		p.Data.Families = append(p.Data.Families, cardFamily{Name: cleanText(fam.Name), Papers: len(fam.Papers), Anchor: "family-" + fam.Slug})
	}
	rankOf := map[string]*graph.Score{}
	for i := range run.Scores {
		rankOf[run.Scores[i].Key] = &run.Scores[i]
	}
	p.Data.Papers = make([]cardPaper, len(nodes))
	for _, n := range nodes {
		fams := joinCleanSlice(n.Families[:min(len(n.Families), maxNamedFamilies)])
		if more := len(n.Families) - len(fams); more > 0 {
			fams = append(fams, moreFamilies(more))
		}
		c := cardPaper{
			Title:    paperTitle(n.Paper, n.Key),
			Authors:  authorList(n.Paper, cardMaxAuthors),
			Year:     n.Paper.Year,
			Venue:    cleanText(n.Paper.Venue),
			Global:   n.Paper.CitationCount,
			Families: fams,
			Anchor:   anchor(n.Key),
			NoRefs:   !n.Paper.ReferencesAvailable(),
		}
		if s := rankOf[n.Key]; s != nil {
			c.Local, c.Rank, c.PageRank = s.LocalCitations, s.Rank, strconv.FormatFloat(s.PageRank, 'f', 4, 64)
		}
		p.Data.Papers[n.ID] = c
	}
	row := func(s *graph.Score, withBib bool) *htmlRank {
		r := &htmlRank{
			Rank: s.Rank, Node: g.Node(s.Key).ID, Anchor: anchor(s.Key), Title: scoreTitle(s),
			Local: s.LocalCitations, Global: s.GlobalCitations, PageRank: s.PageRank, Authority: s.Authority,
			Hub: s.Hub, Betweenness: s.Betweenness, PerYear: s.CitationsPerYear,
		}
		if withBib {
			// Only the full rankings name a paper's families.
			r.Families, r.FamilyIdx = famRefs(s.Families)
		}
		if pp := s.Paper; pp != nil {
			r.Authors, r.Venue, r.Year = authorList(pp, pageMaxAuthors), cleanText(pp.Venue), pp.Year
			r.Links = paperLinks(pp)
			r.NoRefs = !pp.ReferencesAvailable()
		}
		if withBib {
			r.CiteKey = bibs.refs.CiteKey(s.Key)
			r.BibTeX = bibEntry(bibs.refs, run.BibFormat, s.Key)
			r.Similar = refs.similarList(nf.nb.Similar[s.Key])
		}
		return r
	}
	for i := range run.Scores {
		p.Rankings = append(p.Rankings, row(&run.Scores[i], true))
	}

	diagram := func(rel, label string, href func([]string) string) (*htmlDiagram, error) {
		d := &htmlDiagram{Label: cleanText(label), File: rel + ".svg"}
		svg, ok := diagrams[rel]
		if !ok {
			d.File = rel + ".dot"
			return d, nil
		}
		s, err := inlineSVG(svg, svgInline{label: label, href: href})
		if err != nil {
			return nil, fmt.Errorf("out: index.html: %s.svg: %w", rel, err)
		}
		d.SVG = s
		return d, nil
	}
	paperHref := func(toks []string) string {
		if len(toks) != 1 || !strings.HasPrefix(toks[0], "p") {
			return ""
		}
		i, err := strconv.Atoi(toks[0][1:])
		if err != nil || i < 0 || i >= len(p.Data.Papers) {
			return ""
		}
		return "#" + p.Data.Papers[i].Anchor
	}
	familyHref := func(toks []string) string {
		if len(toks) != 1 || !strings.HasPrefix(toks[0], "f") {
			return ""
		}
		i, err := strconv.Atoi(toks[0][1:])
		if err != nil || i < 0 || i >= len(p.Data.Families) {
			return ""
		}
		return "#" + p.Data.Families[i].Anchor
	}
	var err error
	if p.Influence, err = diagram("influence", "Technique influence: citations between families", familyHref); err != nil {
		return nil, err
	}
	sections := largestFamilies(f.fams, maxFamilySections)
	ranked := graph.FamilyRankings(run.Scores)
	var famScores []graph.Score
	for i, fam := range f.fams {
		hf := &htmlFamily{
			Index: i, Name: cleanText(fam.Name), Anchor: "family-" + fam.Slug, Slug: fam.Slug,
			BibFile: "bib/" + fam.Slug + ".bib", Papers: len(fam.Papers), Drawn: drawnCount(len(fam.Papers)),
		}
		p.Families = append(p.Families, hf)
		rel := "families/" + fam.Slug
		if !sections[fam.Name] {
			hf.Diagram = &htmlDiagram{File: rel + ".dot"}
			if _, ok := diagrams[rel]; ok {
				hf.Diagram.File = rel + ".svg"
			}
			p.OtherFamilies = append(p.OtherFamilies, hf)
			continue
		}
		if hf.Diagram, err = diagram(rel, "Citations within "+fam.Name, paperHref); err != nil {
			return nil, err
		}
		idx := ranked[fam.Name]
		if len(idx) > maxFamilyRows {
			hf.MoreRows = len(idx) - maxFamilyRows
			idx = idx[:maxFamilyRows]
		}
		famScores = familyScores(famScores[:0], run.Scores, idx)
		for i := range famScores {
			hf.Ranking = append(hf.Ranking, row(&famScores[i], false))
		}
		p.Sections = append(p.Sections, hf)
	}

	p.Suggestions = suggestionKinds(run, bibs, anchor)
	if nf.noSimilar < len(nf.order) {
		p.SimilarMin = nf.nb.MinLinks
	}
	p.Clusters = refs.clustersSection(nf)
	p.Completeness = refs.completenessSection(nf)

	doubtful, corrected := f.doubtful, f.corrected
	if len(doubtful) > maxListedEntries {
		p.MoreDoubtful = len(doubtful) - maxListedEntries
		doubtful = doubtful[:maxListedEntries]
	}
	if len(corrected) > maxListedEntries {
		p.MoreCorrect = len(corrected) - maxListedEntries
		corrected = corrected[:maxListedEntries]
	}
	for _, r := range doubtful {
		d := htmlDoubtful{
			Pos: cleanText(r.Entry.Pos()), Listed: listedTitle(r.Entry), Meta: strings.TrimSpace(listedMetaText(r.Entry)),
			Status: string(r.Status), Reason: cleanText(r.Reason),
		}
		for _, c := range r.Candidates {
			d.Candidates = append(d.Candidates, htmlCandidate{
				Title: cleanText(c.Title), ID: cleanText(c.ID), Href: idURL(c.ID), Year: c.Year,
				Score: strconv.FormatFloat(c.Score, 'f', 2, 64),
			})
		}
		p.Doubtful = append(p.Doubtful, d)
	}
	for _, r := range corrected {
		c := htmlCorrected{
			Pos: cleanText(r.Entry.Pos()), Listed: listedTitle(r.Entry),
			Corrections: joinCleanSlice(r.Corrections), Reason: cleanText(r.Reason),
		}
		if r.Paper != nil {
			if bib.NormalizeTitle(r.Entry.Title) != bib.NormalizeTitle(r.Paper.Title) {
				c.Record = paperTitle(r.Paper, r.ID)
			}
			if g.Node(r.Paper.Key()) != nil {
				c.Anchor = anchor(r.Paper.Key())
			}
		}
		p.Corrected = append(p.Corrected, c)
	}
	for _, n := range f.unavailable {
		p.Unavailable = append(p.Unavailable, htmlPaperRef{Title: paperTitle(n.Paper, n.Key), Anchor: anchor(n.Key), Year: n.Paper.Year})
	}
	for i, pe := range f.problems {
		if i >= pageMaxProblems {
			p.MoreProbs = len(f.problems) - pageMaxProblems
			break
		}
		msg := pe.Msg
		if pe.Err != nil {
			msg += ": " + pe.Err.Error()
		}
		p.Problems = append(p.Problems, cleanText(fmt.Sprintf("%s:%d: %s", pe.File, pe.Line, msg)))
	}
	for _, e := range f.entries {
		if e.Kind != bib.KindLink {
			continue
		}
		if len(p.Links) >= pageMaxLinks {
			p.MoreLinks++
			continue
		}
		l := htmlListedLink{Pos: cleanText(e.Pos()), Title: listedTitle(e)}
		if len(e.URLs) > 0 {
			l.Href = webURL(e.URLs[0])
		}
		p.Links = append(p.Links, l)
	}
	for _, wn := range bibs.warnings {
		p.Warnings = append(p.Warnings, cleanText(wn.String()))
	}

	p.Files = []htmlFile{
		{"references.bib", "BibTeX of every paper of the list"},
		{"references.json", "the same as CSL-JSON (pandoc, Zotero)"},
		{"references.ris", "the same as RIS (EndNote, Mendeley, Zotero)"},
		{"suggested.bib", "BibTeX of the suggested papers that have an id"},
		{"suggestions.csv", "every suggested paper, its kind and the papers of the list it connects to, as CSV"},
		{"suggestions.json", "the same as JSON"},
		{"rankings.csv", "rankings as CSV"},
		{"rankings.json", "rankings as JSON"},
		{"rankings.md", "rankings as Markdown, overall and per family"},
		{"resolution.csv", "how each entry was resolved, as CSV"},
		{"resolution.json", "how each entry was resolved, as JSON"},
		{"graph.graphml", "the citation graph for Gephi and networkx"},
		{"graph.json", "the citation graph as JSON, with the similarity of every pair of papers of the list"},
		{"similarity.graphml", "papers of the list and suggested papers joined by similarity, for Gephi and networkx"},
		{"clusters.csv", "each paper's cluster beside its families"},
		{"report.md", "the report"},
	}
	return p, nil
}

// suggestionKinds are the run's suggestions by kind: prior works (cited
// by papers of the list), derivative works (citing them) and similar
// works, each ranked as run.Suggestions is.
func suggestionKinds(run *Run, bibs *bibSet, anchor func(string) string) []htmlSuggestionKind {
	expanded, minLinks := false, 2
	if nb := run.Neighbourhood; nb != nil {
		expanded, minLinks = nb.Expanded, nb.MinLinks
	}
	citingEmpty := "None: no paper outside the list cites enough papers of the list."
	if !expanded {
		citingEmpty = "Not gathered: papers citing the list need citegraph build --expand against the Semantic Scholar API; this run read references only."
	}
	kinds := []struct {
		kind graph.SuggestionKind
		k    htmlSuggestionKind
		why  func(s *graph.Suggestion) (string, []string)
	}{
		{graph.KindPrior, htmlSuggestionKind{
			ID: "suggested-cited", Title: "Cited by papers of the list",
			Why:   "Papers outside the list that papers of the list cite (prior works), linked to most papers of the list first.",
			Empty: "None: no paper outside the list is cited by enough papers of the list.",
		}, func(s *graph.Suggestion) (string, []string) {
			return "Cited by " + plural(len(s.CitedBy), "paper") + " of the list", s.CitedBy
		}},
		{graph.KindDerivative, htmlSuggestionKind{
			ID: "suggested-citing", Title: "Citing papers of the list",
			Why:   "Papers outside the list that cite papers of the list (derivative works), linked to most papers of the list first.",
			Empty: citingEmpty,
		}, func(s *graph.Suggestion) (string, []string) {
			return "Cites " + plural(len(s.Cites), "paper") + " of the list", s.Cites
		}},
		{graph.KindSimilar, htmlSuggestionKind{
			ID: "suggested-similar", Title: "Similar to papers of the list",
			Why: fmt.Sprintf("Papers outside the list that few papers of the list cite or are cited by, but that share at least %s or references with papers of the list.",
				plural(minLinks, "citer")),
			Empty: "None: no other paper outside the list shares enough citers or references with papers of the list.",
		}, func(s *graph.Suggestion) (string, []string) {
			return fmt.Sprintf("Shares at least %s or references with %s of the list", plural(minLinks, "citer"), plural(len(s.SimilarTo), "paper")), s.SimilarTo
		}},
	}
	g := run.Graph
	var out []htmlSuggestionKind
	for _, kd := range kinds {
		k := kd.k
		if bibs.sug != nil {
			k.BibFile = "suggested.bib"
		}
		for i := range run.Suggestions {
			s := &run.Suggestions[i]
			kind := s.Kind
			if kind == "" {
				kind = graph.KindPrior
			}
			if kind != kd.kind {
				continue
			}
			k.Total++
			if len(k.Items) == pageMaxSuggest {
				continue
			}
			it := htmlSuggestion{N: k.Total, Title: cleanText(s.Key)}
			if pp := s.Paper; pp != nil {
				it.Title = paperTitle(pp, s.Key)
				it.Authors, it.Venue, it.Year, it.Global = authorList(pp, pageMaxAuthors), cleanText(pp.Venue), pp.Year, pp.CitationCount
				it.Links = paperLinks(pp)
				if len(it.Links) == 0 {
					it.Links = []htmlLink{{"https://www.semanticscholar.org/search?q=" + url.QueryEscape(it.Title), "Search Semantic Scholar"}}
				}
				if bibs.sug != nil && hasID(s) {
					it.CiteKey = bibs.sug.CiteKey(pp.Key())
					it.BibTeX = bibEntry(bibs.sug, run.BibFormat, pp.Key())
				}
			}
			var papers []string
			it.Why, papers = kd.why(s)
			for j, key := range papers {
				if j == pageMaxCiters {
					it.More = len(papers) - j
					break
				}
				if n := g.Node(key); n != nil {
					it.Papers = append(it.Papers, htmlPaperRef{Title: ShortName(paperTitle(n.Paper, key)), Anchor: anchor(key), Year: n.Paper.Year})
				}
			}
			k.Items = append(k.Items, it)
		}
		out = append(out, k)
	}
	return out
}

// bibEntry is one paper's entry as the bibliography writes it in format f
// (the .bib files' flavour), or "" when it holds no such paper.
func bibEntry(b *bib.Bibliography, f bib.Format, key string) string {
	if b == nil || b.CiteKey(key) == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := b.WriteFormat(&buf, f, "", []string{key}); err != nil {
		return ""
	}
	return strings.TrimRight(buf.String(), "\n")
}

// authorList is "A, B, C and 4 more" with at most max names.
func authorList(p *bib.Paper, max int) string {
	var names []string
	for i, a := range p.Authors {
		if i == max {
			names[len(names)-1] += fmt.Sprintf(" and %d more", len(p.Authors)-max)
			break
		}
		if n := cleanText(a.Name); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

func joinCleanSlice(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = cleanText(s)
	}
	return out
}

// paperLinks are a paper's pages: Semantic Scholar (by paperId, else by
// corpus id), arXiv, doi.org.
func paperLinks(p *bib.Paper) []htmlLink {
	ids := p.IDs()
	var ls []htmlLink
	switch {
	case ids.S2 != "":
		ls = append(ls, htmlLink{"https://www.semanticscholar.org/paper/" + url.PathEscape(ids.S2), "Semantic Scholar"})
	case ids.CorpusID != "":
		ls = append(ls, htmlLink{"https://api.semanticscholar.org/CorpusID:" + url.PathEscape(ids.CorpusID), "Semantic Scholar"})
	}
	if ids.ArXiv != "" {
		ls = append(ls, htmlLink{"https://arxiv.org/abs/" + url.PathEscape(ids.ArXiv), "arXiv"})
	}
	if ids.DOI != "" {
		ls = append(ls, htmlLink{"https://doi.org/" + (&url.URL{Path: ids.DOI}).EscapedPath(), "DOI"})
	}
	return ls
}

var hexID = regexp.MustCompile(`^[0-9a-f]{40}$`)

// idURL is the page of a paper by an id of the forms Resolution and
// Candidate use, or "".
func idURL(id string) string {
	switch {
	case hexID.MatchString(id):
		return "https://www.semanticscholar.org/paper/" + id
	case strings.HasPrefix(id, "ARXIV:"):
		return "https://arxiv.org/abs/" + url.PathEscape(strings.TrimPrefix(id, "ARXIV:"))
	case strings.HasPrefix(id, "DOI:"):
		return "https://doi.org/" + (&url.URL{Path: strings.TrimPrefix(id, "DOI:")}).EscapedPath()
	case strings.HasPrefix(id, "CorpusId:"):
		return "https://api.semanticscholar.org/CorpusID:" + url.PathEscape(strings.TrimPrefix(id, "CorpusId:"))
	}
	return ""
}

// webURL returns u when it is an http or https URL, else "".
func webURL(u string) string {
	pu, err := url.Parse(cleanText(u))
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return ""
	}
	return pu.String()
}

// listedMetaText is "2017, CVPR" from what the entry lists, or "".
func listedMetaText(e bib.Entry) string {
	var parts []string
	if e.Year != 0 {
		parts = append(parts, strconv.Itoa(e.Year))
	}
	if v := cleanText(e.Venue); v != "" {
		parts = append(parts, v)
	}
	return strings.Join(parts, ", ")
}

// sortFloat is a metric's sort key in a table: rounded to 12 decimal
// places, as graph.Rank compares PageRank, so that values equal up to
// rounding noise tie and rows that tie keep the rank order.
func sortFloat(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e12), 'f', 0, 64)
}

// cspHash is the Content-Security-Policy source for an inline script or
// style.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
