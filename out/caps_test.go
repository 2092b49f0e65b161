package out

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
)

// longRun is a run of a long list, beyond every cap of what people read:
// maxFamilySections+20 families of 1 to 3 papers (family i has i%3+1),
// one paper listed in every family, maxListedEntries+50 unresolved
// entries (each with two candidates) and maxListedEntries+30 corrected
// ones. Every paper cites the one in every family, and one paper outside
// the list (a suggestion linked to every family).
func longRun(t testing.TB) (run *Run, unresolved, corrected int) {
	t.Helper()
	nfam := maxFamilySections + 20
	unresolved, corrected = maxListedEntries+50, maxListedEntries+30
	list := &bib.List{Name: "long.md", Format: "markdown"}
	everywhere := &bib.Paper{PaperID: fmt.Sprintf("%040x", 1), Title: "A Paper Listed Everywhere", Year: 2015, References: refs()}
	outside := &bib.Paper{PaperID: fmt.Sprintf("%040x", 2), Title: "A Classic Outside the List", Year: 2010}
	var members []graph.Member
	var res []fetch.Resolution
	add := func(e bib.Entry, r fetch.Resolution) {
		e.File, e.Line, e.Kind = list.Name, len(list.Entries)+1, bib.KindPaper
		list.Entries = append(list.Entries, e)
		r.Entry = e
		res = append(res, r)
	}
	fixes := 0
	for i := range nfam {
		name := fmt.Sprintf("Family %03d", i)
		list.Families = append(list.Families, bib.Family{Name: name, Slug: bib.Slug(name), Papers: i%3 + 2})
		add(bib.Entry{Family: name, Title: everywhere.Title, Year: everywhere.Year},
			fetch.Resolution{Status: fetch.StatusResolved, Paper: everywhere, ID: everywhere.Key(), Method: fetch.MethodTitleMatch, Confidence: 1})
		for j := range i%3 + 1 {
			p := &bib.Paper{PaperID: fmt.Sprintf("%040x", 1000+10*i+j), Title: fmt.Sprintf("Paper %d of family %d", j, i),
				Year: 2016 + j, References: refs(everywhere, outside)}
			r := fetch.Resolution{Status: fetch.StatusResolved, Paper: p, ID: p.Key(), Method: fetch.MethodTitleMatch, Confidence: 0.95}
			e := bib.Entry{Family: name, Title: p.Title, Year: p.Year}
			if fixes < corrected {
				fixes++
				e.Year--
				r.Corrections = []string{fmt.Sprintf("year: listed %d, record %d", e.Year, p.Year)}
			}
			add(e, r)
			members = append(members, graph.Member{Paper: p, Families: []string{name}})
		}
	}
	if fixes < corrected {
		t.Fatalf("%d corrected entries; want %d", fixes, corrected)
	}
	for i := range unresolved {
		add(bib.Entry{Family: "Family 000", Title: fmt.Sprintf("Nobody Wrote This %d", i), Year: 2020},
			fetch.Resolution{Status: fetch.StatusUnresolved, ID: fmt.Sprintf("TITLE:nobody wrote this %d", i), Method: fetch.MethodSearch,
				Reason: "no record's title agrees closely with the listed title", Candidates: []fetch.Candidate{
					{ID: fmt.Sprintf("%040x", 1), Title: everywhere.Title, Year: 2015, Score: 0.3},
					{ID: fmt.Sprintf("%040x", 1000), Title: "Paper 0 of family 0", Year: 2016, Score: 0.2},
				}})
	}
	var fams []string
	for _, f := range list.Families {
		fams = append(fams, f.Name)
	}
	members = append(members, graph.Member{Paper: everywhere, Families: fams})
	g := graph.Build(members, nil)
	nb := g.Neighbourhood(&graph.Expansion{MinLinks: 2})
	return &Run{List: list, Resolutions: res, Graph: g, Scores: g.Rank(2022), Suggestions: nb.Suggestions, Neighbourhood: nb,
		DataYear: 2022, SourceDesc: "hand-built", Credit: "Data: test"}, unresolved, corrected
}

// section returns the part of a Markdown report from the heading "## name"
// to the next "## ".
func section(t *testing.T, report, name string) string {
	t.Helper()
	_, rest, ok := strings.Cut(report, "\n## "+name+"\n")
	if !ok {
		t.Fatalf("report.md has no section %q", name)
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// TestLongListCapped: the report and the page of a list beyond every cap
// list the first items of each long list (unresolved and corrected
// entries, families, a paper's families), each followed by a line that
// says how many more there are and which file has them all; those files
// are complete; every link of the page leads somewhere.
func TestLongListCapped(t *testing.T) {
	run, unresolved, corrected := longRun(t)
	fams := run.Families()
	var report bytes.Buffer
	if err := WriteReport(&report, run, nil); err != nil {
		t.Fatal(err)
	}
	md := report.String()

	// Unresolved and corrected entries.
	doubt := section(t, md, "Unresolved and ambiguous entries")
	if n := strings.Count(doubt, "\n- long.md:"); n != maxListedEntries {
		t.Errorf("report.md lists %d unresolved entries; want %d", n, maxListedEntries)
	}
	if want := fmt.Sprintf("- … and %d more, listed with their candidates in `resolution.csv` and `resolution.json`", unresolved-maxListedEntries); !strings.Contains(doubt, want) {
		t.Errorf("report.md's unresolved entries lack %q", want)
	}
	corr := section(t, md, "Corrected entries")
	if n := strings.Count(corr, "\n- long.md:"); n != maxListedEntries {
		t.Errorf("report.md lists %d corrected entries; want %d", n, maxListedEntries)
	}
	if want := fmt.Sprintf("- … and %d more, with their corrections in `resolution.csv` and `resolution.json`", corrected-maxListedEntries); !strings.Contains(corr, want) {
		t.Errorf("report.md's corrected entries lack %q", want)
	}

	// A section per family for the largest, in list order.
	largest := largestFamilies(fams, maxFamilySections)
	var want []string
	for _, f := range fams {
		if largest[f.Name] {
			want = append(want, f.Name)
		}
	}
	if len(want) != maxFamilySections || !largest["Family 002"] || largest["Family 117"] {
		t.Fatalf("largest families: %d, Family 002 (3 papers) %v, Family 117 (1 paper, listed late) %v; want %d, true, false",
			len(want), largest["Family 002"], largest["Family 117"], maxFamilySections)
	}
	top := section(t, md, fmt.Sprintf("Top %d per family", reportTopFamily))
	var got []string
	for _, line := range strings.Split(top, "\n") {
		if name, ok := strings.CutPrefix(line, "### "); ok {
			got = append(got, name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("report.md has top papers for %d families %q; want the %d largest %q", len(got), got, len(want), want)
	}
	if !strings.Contains(top, fmt.Sprintf("20 more families not listed here (only the %d with the most papers are, the first listed on ties): `rankings.md` ranks the papers of every family", maxFamilySections)) {
		t.Errorf("report.md does not say which families it leaves out, and where they are:\n%s", top[max(0, len(top)-600):])
	}
	if sug := section(t, md, "Suggested papers"); strings.Count(sug, "\n- Family ") != maxFamilySections ||
		!strings.Contains(sug, fmt.Sprintf("20 more families not listed here (only the %d with the most papers are, the first listed on ties): `suggestions.csv`", maxFamilySections)) {
		t.Errorf("report.md's suggestions per family: %d families, the rest not said", strings.Count(sug, "\n- Family "))
	}
	// The paper listed in every family names ten of them.
	row := regexp.MustCompile(`\| A Paper Listed Everywhere \| 2015 \| ([^|]*) \|`).FindStringSubmatch(md)
	if row == nil || !strings.HasSuffix(row[1], fmt.Sprintf("; and %d more families", len(fams)-maxNamedFamilies)) ||
		strings.Count(row[1], ";") != maxNamedFamilies {
		t.Errorf("report.md's top papers name the families of the paper in every family as %q; want %d then \"and %d more families\"", row, maxNamedFamilies, len(fams)-maxNamedFamilies)
	}

	// The page.
	var page bytes.Buffer
	if err := WriteHTML(&page, run, nil); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	unres := between(t, html, `<section id="unresolved"`, `</section>`)
	if n := strings.Count(unres, `<li><span class="pos">`); n != maxListedEntries {
		t.Errorf("index.html lists %d unresolved entries; want %d", n, maxListedEntries)
	}
	if want := fmt.Sprintf(`… and %d more: <a href="resolution.csv">resolution.csv</a>`, unresolved-maxListedEntries); !strings.Contains(unres, want) {
		t.Errorf("index.html's unresolved entries lack %q", want)
	}
	corrs := between(t, html, `<section id="corrections"`, `</section>`)
	if n := strings.Count(corrs, `<td class="pos">`); n != maxListedEntries {
		t.Errorf("index.html lists %d corrected entries; want %d", n, maxListedEntries)
	}
	if want := fmt.Sprintf(`… and %d more: <a href="resolution.csv">resolution.csv</a>`, corrected-maxListedEntries); !strings.Contains(corrs, want) {
		t.Errorf("index.html's corrections lack %q", want)
	}
	famSec := between(t, html, `<section id="families"`, `<section id="rankings"`)
	var sections []string
	for _, m := range regexp.MustCompile(`<h3 id="family-[^"]*-h">([^<]*)</h3>`).FindAllStringSubmatch(famSec, -1) {
		sections = append(sections, m[1])
	}
	if !slices.Equal(sections, want) {
		t.Errorf("index.html has sections for %d families; want the %d largest", len(sections), len(want))
	}
	others := between(t, famSec, `id="other-families"`, `</section>`)
	for _, f := range fams {
		if !largest[f.Name] && !strings.Contains(others, fmt.Sprintf(`<tr id="family-%s"`, f.Slug)) {
			t.Errorf("index.html's table of other families lacks %s", f.Name)
		}
	}
	if !strings.Contains(others, "20 more families") || !strings.Contains(others, `<a href="rankings.md">rankings.md</a> ranks the papers of every family`) {
		t.Errorf("index.html does not say what the other families are and where their rankings are")
	}
	cell := regexp.MustCompile(`<td class="fams">(.*)</td>`).FindAllStringSubmatch(between(t, html, `<table class="rank sortable" id="rank-table">`, `</table>`), -1)
	found := false
	for _, c := range cell {
		if strings.Count(c[1], "<a ") == maxNamedFamilies && strings.HasSuffix(c[1], fmt.Sprintf(", and %d more families", len(fams)-maxNamedFamilies)) {
			found = true
		}
	}
	if !found {
		t.Errorf("no row of the rankings names %d families of the paper in every family, then \"and %d more families\"", maxNamedFamilies, len(fams)-maxNamedFamilies)
	}
	var idx []string
	for i := range fams {
		idx = append(idx, fmt.Sprint(i))
	}
	if !strings.Contains(html, fmt.Sprintf(`data-f="%s"`, strings.Join(idx, " "))) {
		t.Errorf("the family filter does not know every family of the paper in every family")
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		ids[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(html, -1) {
		if !ids[m[1]] {
			t.Errorf("index.html links to #%s, which it does not hold", m[1])
			break
		}
	}

	// The files they point to are complete.
	var rc bytes.Buffer
	if err := WriteResolutionCSV(&rc, run.Resolutions); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&rc).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(run.Resolutions)+1 {
		t.Errorf("resolution.csv has %d rows; want a header and %d", len(rows), len(run.Resolutions))
	}
	var rk bytes.Buffer
	if err := WriteRankingsCSV(&rk, run.Scores); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rk.String(), strings.Join(slices.Sorted(slices.Values(familyNames(fams))), "; ")) {
		t.Errorf("rankings.csv does not name every family of the paper in every family")
	}
}
