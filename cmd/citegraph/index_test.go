package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/citegraph/citegraph/graph"
	"github.com/citegraph/citegraph/out/pagetest"
)

// pageDir is where a browser test writes its build: CITEGRAPH_PAGE_OUT/name
// when set (to keep the page and its screenshot for a look), else a
// temporary directory.
func pageDir(t *testing.T, name string) string {
	if d := os.Getenv("CITEGRAPH_PAGE_OUT"); d != "" {
		return filepath.Join(d, name)
	}
	return t.TempDir()
}

// TestIndexHTMLInBrowser opens index.html of the main job (the embedded
// list against the embedded snapshot) in headless Chromium and uses it as
// a reader would. The page loads with no console error and no request but
// its own file; every #anchor and relative link resolves; sorting by
// PageRank and by year gives rankings.json's order; the family filter
// shows exactly that family's papers; the cluster table holds what
// clusters.csv does; each paper's similar papers are graph.json's; the
// completeness table filters and sorts; hovering each node of each family
// diagram highlights exactly the citations graph.json lists for it and
// names its most similar papers, and a real mouse and the keyboard
// (focus, Tab, Escape) do the same; headings sort from the keyboard; zoom,
// the BibTeX entries and their copy buttons work. A screenshot of the
// whole page is written beside it, and of the sections on the
// neighbourhood on a laptop, a phone and in the dark.
func TestIndexHTMLInBrowser(t *testing.T) {
	dir := pageDir(t, "seed")
	stderr := strings.TrimSpace(runBuild(t, nil, exitOK, "--out", dir))
	page := filepath.Join(dir, "index.html")
	if lines := strings.Split(stderr, "\n"); lines[len(lines)-1] != "citegraph: open "+page {
		t.Errorf("the last line on stderr is %q; want it to say open %s", lines[len(lines)-1], page)
	}
	a := pagetest.ReadArtefacts(t, dir)

	b := pagetest.Start(t)
	p := b.Open(t, page, pagetest.Desktop)
	tm := p.Timing()
	t.Logf("seed index.html: load event %v, first frame after it %v", tm.Load.Round(time.Millisecond), tm.Painted.Round(time.Millisecond))
	pagetest.CheckClean(t, p)
	pagetest.CheckLinks(t, p, dir)
	pagetest.CheckSorting(t, p, a)
	pagetest.CheckFamilyFilter(t, p, a)
	pagetest.CheckClusters(t, p, a)
	sims := pagetest.CheckSimilar(t, p, a, 2, graph.SimilarPerPaper)
	pagetest.CheckFilters(t, p, a, "completeness-table")
	for _, table := range []string{"cluster-table", "stray-table", "completeness-table"} {
		pagetest.CheckSortsByValues(t, p, table)
	}

	titles := map[string]string{}
	for _, n := range a.Graph.Nodes {
		if n.Title != nil {
			titles[n.ID] = *n.Title
		}
	}
	// The seed's families are small: every citation of a family's papers
	// is drawn, so hovering must highlight all of them.
	hs := pagetest.CheckHover(t, p, a, titles, 40, 60, 0)
	if len(hs) < len(a.Graph.Nodes) {
		t.Errorf("%d nodes hovered in the family diagrams; the graph has %d papers", len(hs), len(a.Graph.Nodes))
	}
	// A paper's card names its most similar papers, as its row lists them.
	named := 0
	for _, h := range hs {
		var node int
		if _, err := fmt.Sscanf(h.Node, "p%d", &node); err != nil || strings.Contains(h.Node, " ") {
			continue
		}
		_, says, ok := strings.Cut(h.Card, "Most similar")
		sim := sims[node]
		// One line per paper, "0.38 Title", after the heading's colon and
		// before the line on the diagram's citations.
		want := ":"
		for _, sp := range sim[:min(3, len(sim))] {
			want += sp.Strength + " " + sp.Title
		}
		want += "In this diagram"
		switch {
		case len(sim) == 0 && ok:
			t.Errorf("the card of %s names similar papers (%q); its row lists none", h.Node, says)
		case len(sim) > 0 && !strings.Contains(says, want):
			t.Errorf("the card of %s says %q; want its most similar papers %q", h.Node, h.Card, want)
		case len(sim) > 0:
			named++
		}
	}
	if named == 0 {
		t.Errorf("no card names a similar paper")
	}

	// A real mouse, and the keyboard, highlight what the hover events did.
	i := slices.IndexFunc(hs, func(h pagetest.Highlight) bool { return len(h.Pairs) > 1 && !strings.Contains(h.Node, " ") })
	if i < 0 {
		t.Fatal("no paper node with two citations in any diagram")
	}
	h := hs[i]
	node := fmt.Sprintf(`#%s g.node[data-n=%q]`, h.Section, h.Node)
	same := func(how string) {
		t.Helper()
		got := pagetest.Highlighted(t, p, h.Section)
		slices.SortFunc(got, cmpPair)
		want := slices.Clone(h.Pairs)
		slices.SortFunc(want, cmpPair)
		if !slices.Equal(got, want) {
			t.Errorf("%s %s highlights %v; hovering it highlighted %v", how, node, got, want)
		}
		if card := pagetest.Eval[string](p, `document.getElementById('card').hidden ? '' : document.getElementById('card').textContent`); card != h.Card {
			t.Errorf("%s %s shows the card %q; want %q", how, node, card, h.Card)
		}
	}
	none := func(how string) {
		t.Helper()
		if got := pagetest.Highlighted(t, p, h.Section); len(got) > 0 {
			t.Errorf("%s: %v still highlighted", how, got)
		}
		if pagetest.Eval[bool](p, `!document.getElementById('card').hidden`) {
			t.Errorf("%s: the card is still shown", how)
		}
	}
	p.Hover(node)
	same("the mouse on")
	p.Hover("h1")
	none("the mouse off the diagram")
	pagetest.Eval[bool](p, fmt.Sprintf(`document.querySelector('%s a').focus(), true`, node))
	same("focusing")
	p.Key(kb.Escape)
	none("Escape")
	p.Key(kb.Tab)
	if !pagetest.Eval[bool](p, fmt.Sprintf(`!!document.activeElement.closest('#%s g.node[data-n]') && document.querySelector('#%s svg.dia').classList.contains('hovering')`, h.Section, h.Section)) {
		t.Errorf("Tab from a diagram's paper does not move to the next one and highlight it")
	}

	// Headings sort from the keyboard.
	pagetest.Eval[bool](p, `[...document.querySelectorAll('#rank-table th')].find(th => th.textContent.trim() === 'Year').querySelector('button').focus(), true`)
	p.Key(kb.Enter)
	if got := pagetest.Eval[string](p, `[...document.querySelectorAll('#rank-table th')].find(th => th.textContent.trim() === 'Year').getAttribute('aria-sort')`); got != "ascending" {
		t.Errorf("Enter on the Year heading: aria-sort %q; want ascending", got)
	}

	// Zoom: in makes the influence diagram wider than the page, fit puts
	// it back.
	zoom := func(what string) float64 {
		return pagetest.Eval[float64](p, fmt.Sprintf(`(() => {
			const f = document.querySelector('#influence figure');
			f.querySelector('button[data-zoom=%q]').click();
			return f.querySelector('svg').getBoundingClientRect().width;
		})()`, what))
	}
	fit := zoom("fit")
	in := zoom("in")
	in2 := zoom("in")
	if !(in2 > in && in > fit*0.99) || zoom("fit") != fit {
		t.Errorf("zoom: fit %.0f px, in %.0f, in again %.0f", fit, in, in2)
	}

	// BibTeX: one click opens a paper's entry, another copies it.
	res := pagetest.Eval[[]string](p, `new Promise(resolve => {
		const d = document.querySelector('#rank-table details.bib');
		d.querySelector('summary').click();
		const b = d.querySelector('button.copy');
		b.click();
		setTimeout(() => resolve([String(d.open), d.querySelector('pre').textContent, b.textContent]), 100);
	})`)
	refs, err := os.ReadFile(filepath.Join(dir, "references.bib"))
	if err != nil {
		t.Fatal(err)
	}
	if res[0] != "true" || !strings.HasPrefix(res[1], "@") || !strings.Contains(string(refs), res[1]+"\n") {
		t.Errorf("BibTeX of the first paper: open %s, entry %q (not as references.bib has it?)", res[0], res[1])
	}
	if res[2] != "Copied" && !strings.HasPrefix(res[2], "Selected") {
		t.Errorf("the copy button says %q after a click", res[2])
	}

	pagetest.CheckClean(t, p)
	shot := filepath.Join(dir, "index.png")
	p.Screenshot(shot)
	t.Logf("screenshot: %s", shot)

	checkWithoutScript(t, b, dir, a)
	checkNeighbourhoodViews(t, b, dir)
}

// checkNeighbourhoodViews opens the page on a laptop, on a phone and in
// the dark, opens the similar papers of the top paper, a cluster's papers
// and the completeness table, and writes screenshots of them: nothing
// logs an error, and on the phone the page is no wider than the screen
// (wide tables scroll in their own box).
func checkNeighbourhoodViews(t *testing.T, b *pagetest.Browser, dir string) {
	t.Helper()
	page := filepath.Join(dir, "index.html")
	for _, v := range []struct {
		name string
		vp   pagetest.Viewport
	}{
		{"desktop", pagetest.Desktop},
		{"phone", pagetest.Phone},
		{"dark", pagetest.Viewport{Width: 1280, Height: 900, Dark: true}},
	} {
		p := b.Open(t, page, v.vp)
		overflow := pagetest.Eval[int](p, `(() => {
			for (const d of document.querySelectorAll('#rank-table tbody tr:first-child details.sim, #cluster-table details.members, #completeness details.long')) d.open = true;
			return document.documentElement.scrollWidth - document.documentElement.clientWidth;
		})()`)
		if overflow > 0 {
			t.Errorf("%s: the page is %d px wider than the screen", v.name, overflow)
		}
		for _, sel := range []string{"#clusters", "#completeness", "#rank-table tbody tr:first-child"} {
			name := filepath.Join(dir, "index-"+strings.NewReplacer("#", "", " tbody tr:first-child", "-top").Replace(sel)+"-"+v.name)
			if v.vp.Mobile {
				p.ScreenshotScreens(sel, name, 4)
			} else {
				p.ScreenshotElement(sel, name+".png")
			}
		}
		// A paper's card, with its most similar papers.
		if !v.vp.Mobile {
			p.Hover(`#family-compact-network-design g.node[data-n]`)
			p.ScreenshotViewport(filepath.Join(dir, "index-card-"+v.name+".png"))
		}
		pagetest.CheckClean(t, p)
	}
	t.Logf("screenshots of the clusters, completeness, similar papers and a card: %s", filepath.Join(dir, "index-*-{desktop,phone-N,dark}.png"))
}

// checkWithoutScript opens a copy of the page without its script, as a
// browser with scripts off shows it: every paper's row and every diagram
// is there and drawn, BibTeX entries open, and the controls that need the
// script (filters, zoom, copy, sorting hints) are not shown.
func checkWithoutScript(t *testing.T, b *pagetest.Browser, dir string, a *pagetest.Artefacts) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.LastIndex(page, []byte("<script>"))
	end := bytes.LastIndex(page, []byte("</script>"))
	if start < 0 || end < start {
		t.Fatal("index.html has no script")
	}
	bare := append(slices.Clone(page[:start]), page[end+len("</script>"):]...)
	path := filepath.Join(dir, "index-noscript.html")
	if err := os.WriteFile(path, bare, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path)
	p := b.Open(t, path, pagetest.Desktop)
	got := pagetest.Eval[struct {
		Rows     int      `json:"rows"`
		Diagrams []int    `json:"diagrams"`
		Families int      `json:"families"`
		Shown    []string `json:"shown"`
		Bib      bool     `json:"bib"`
	}](p, `(() => {
		const shown = [...document.querySelectorAll('.controls, .zoom, .js-hint, button, #card')]
			.filter(e => e.getClientRects().length > 0).map(e => e.outerHTML.slice(0, 80));
		const d = document.querySelector('#rank-table details.bib');
		d.querySelector('summary').click();
		return {
			rows: [...document.querySelectorAll('#rank-table tbody tr')].filter(r => r.getBoundingClientRect().height > 0).length,
			diagrams: [...document.querySelectorAll('svg.dia')].map(s => Math.round(s.getBoundingClientRect().width)),
			families: document.querySelectorAll('section.family').length,
			shown,
			bib: d.open && d.querySelector('pre').getBoundingClientRect().height > 0,
		};
	})()`)
	if got.Rows != len(a.Rankings) {
		t.Errorf("without script: %d rows of the rankings shown; want %d", got.Rows, len(a.Rankings))
	}
	if len(got.Diagrams) != got.Families+1 || slices.Contains(got.Diagrams, 0) {
		t.Errorf("without script: diagrams %v px wide for %d families and the influence diagram", got.Diagrams, got.Families)
	}
	for _, s := range got.Shown {
		t.Errorf("without script, a control that needs it shows: %s", s)
	}
	if !got.Bib {
		t.Errorf("without script, a BibTeX entry does not open")
	}
	if errs := p.Errors(); len(errs) > 0 {
		t.Errorf("without script: errors %q", errs)
	}
}

func cmpPair(a, b [2]int) int {
	if a[0] != b[0] {
		return a[0] - b[0]
	}
	return a[1] - b[1]
}

// TestIndexHTMLHostileListInBrowser builds a list whose name, family names,
// titles and links are markup or script, and opens its page: nothing runs
// (no dialog, no error, no element or handler from the list), the family
// name shows as text, and a javascript: link is not a link.
func TestIndexHTMLHostileListInBrowser(t *testing.T) {
	dir := pageDir(t, "hostile")
	list := filepath.Join(t.TempDir(), `hostile <b onmouseover=alert(7)>list.md`)
	const family = `<script>alert(2)</script> & "Tricks"`
	err := os.WriteFile(list, []byte(`# Hostile list

## `+family+`

- [2017] [MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications](https://arxiv.org/abs/1704.04861)
- [2016] [SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size](https://arxiv.org/abs/1602.07360)
- [2017-CVPR] Networks </td></tr><img src=x onerror=alert(1)>

## Links </title><svg onload=alert(5)>

- [a post <b>bold</b>](javascript:alert(3))
- [another post](https://example.com/"><script>alert(6)</script>)
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	runBuild(t, nil, exitOK, list, "--source", "snapshot", "--out", dir, "--quiet")

	b := pagetest.Start(t)
	p := b.Open(t, filepath.Join(dir, "index.html"), pagetest.Desktop)
	pagetest.CheckClean(t, p)
	pagetest.CheckLinks(t, p, dir)
	got := pagetest.Eval[[]string](p, `[
		document.querySelector('section.family h3').textContent,
		[...document.getElementById('family-filter').options].map(o => o.textContent).join('|'),
		document.querySelector('h1').textContent,
		String([...document.querySelectorAll('a')].some(a => /javascript/i.test(a.getAttribute('href') || ''))),
	]`)
	if got[0] != family || !strings.Contains(got[1], "|"+family) {
		t.Errorf("the family shows as %q, in the filter as %q; want %q", got[0], got[1], family)
	}
	if !strings.Contains(got[2], "<b onmouseover=alert(7)>list.md") {
		t.Errorf("the heading reads %q; want the list's name as text", got[2])
	}
	if got[3] != "false" {
		t.Errorf("a javascript: link made it onto the page")
	}
	p.Hover("section.family g.node[data-n]")
	pagetest.CheckClean(t, p)
}
