package pagetest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Ranking is an element of rankings.json, as far as the checks need it.
type Ranking struct {
	Rank     int      `json:"rank"`
	ID       string   `json:"id"`
	Title    *string  `json:"title"`
	Families []string `json:"families"`
	Year     *int     `json:"year"`
}

// Graph is graph.json, as far as the checks need it.
type Graph struct {
	Nodes []struct {
		ID       string   `json:"id"`
		Title    *string  `json:"title"`
		Families []string `json:"families"`
	} `json:"nodes"`
	Edges []struct {
		Source string `json:"source"`
		Target string `json:"target"`
	} `json:"edges"`
	Similarity []Similarity `json:"similarity"`
}

// Similarity is an element of graph.json's "similarity": two papers of
// the list that share citers or references.
type Similarity struct {
	Source     string  `json:"source"`
	Target     string  `json:"target"`
	Cocitation int     `json:"cocitation"`
	Coupling   int     `json:"coupling"`
	Strength   float64 `json:"strength"`
}

// Artefacts are rankings.json, graph.json and clusters.csv of a build's
// directory.
type Artefacts struct {
	Dir      string
	Rankings []Ranking
	Graph    Graph
	Clusters []ClusterRow
}

// ClusterRow is a row of clusters.csv.
type ClusterRow struct {
	Cluster         string // "" for a paper no cluster holds
	ID              string
	Families        []string
	ClusterFamilies []string
	Stray           bool
}

// ReadArtefacts reads rankings.json, graph.json and clusters.csv from dir.
func ReadArtefacts(t testing.TB, dir string) *Artefacts {
	t.Helper()
	a := &Artefacts{Dir: dir}
	for name, v := range map[string]any{"rankings.json": &a.Rankings, "graph.json": &a.Graph} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	a.Clusters = readClusters(t, filepath.Join(dir, "clusters.csv"))
	return a
}

// CheckClean fails the test when the page logged an error, threw, opened a
// dialog, requested anything but file:// URLs, or holds an image, a frame,
// an embedded object, a script beyond its own two (data and code), or an
// event-handler attribute (on…=) anywhere: what escaping must prevent.
func CheckClean(t testing.TB, p *Page) {
	t.Helper()
	for _, e := range p.Errors() {
		t.Errorf("page error: %s", e)
	}
	for _, d := range p.Dialogs() {
		t.Errorf("page opened a dialog: %s", d)
	}
	reqs := p.Requests()
	if len(reqs) == 0 {
		t.Errorf("no request recorded, not even the page's own")
	}
	for _, r := range reqs {
		if !strings.HasPrefix(r, "file://") {
			t.Errorf("page requested %s; want file:// only", r)
		}
	}
	bad := Eval[[]string](p, `(() => {
		const bad = [];
		for (const el of document.querySelectorAll('*')) {
			for (const a of el.attributes) {
				if (/^on/i.test(a.name)) bad.push(el.tagName + ' has ' + a.name + '=' + a.value);
			}
		}
		for (const sel of ['img', 'iframe', 'object', 'embed', 'image', 'foreignObject', 'link[rel=stylesheet]', 'base']) {
			document.querySelectorAll(sel).forEach(el => bad.push('element ' + el.outerHTML.slice(0, 120)));
		}
		const scripts = [...document.scripts].map(s => s.type || 'classic');
		if (scripts.join(',') !== 'application/json,classic') bad.push('scripts: ' + scripts.join(','));
		return bad;
	})()`)
	for _, b := range bad {
		t.Errorf("page holds %s", b)
	}
}

// CheckLinks fails the test when an in-page link (#id) leads nowhere, a
// relative link names no file beside the page, a link is neither of those
// nor http(s), or two elements share an id.
func CheckLinks(t testing.TB, p *Page, dir string) {
	t.Helper()
	res := Eval[struct {
		Hrefs   []string `json:"hrefs"`
		Missing []string `json:"missing"`
		Dups    []string `json:"dups"`
	}](p, `(() => {
		const hrefs = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
		const missing = hrefs.filter(h => h.startsWith('#') && !document.getElementById(decodeURIComponent(h.slice(1))));
		const seen = new Set(), dups = [];
		for (const el of document.querySelectorAll('[id]')) {
			if (seen.has(el.id)) dups.push(el.id);
			seen.add(el.id);
		}
		return {hrefs, missing, dups};
	})()`)
	if len(res.Hrefs) == 0 {
		t.Fatalf("no link on the page")
	}
	for _, m := range res.Missing {
		t.Errorf("link %s leads to no element", m)
	}
	for _, d := range res.Dups {
		t.Errorf("id %q used twice", d)
	}
	checked := map[string]bool{}
	for _, h := range res.Hrefs {
		if strings.HasPrefix(h, "#") || checked[h] {
			continue
		}
		checked[h] = true
		u, err := url.Parse(h)
		switch {
		case err != nil:
			t.Errorf("link %q: %v", h, err)
		case u.Scheme == "http" || u.Scheme == "https":
			if u.Host == "" {
				t.Errorf("link %q has no host", h)
			}
		case u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/"):
			t.Errorf("link %q is neither in-page, relative nor http(s)", h)
		default:
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(u.Path))); err != nil {
				t.Errorf("relative link %q: %v", h, err)
			}
		}
	}
}

// rowOrder returns the node indices of the full rankings table's visible
// rows, top to bottom, after clicking the heading that starts with column
// clicks times.
func rowOrder(p *Page, column string, clicks int) []int {
	return Eval[[]int](p, fmt.Sprintf(`(() => {
		const t = document.getElementById('rank-table');
		const th = [...t.tHead.rows[0].cells].find(c => c.textContent.trim().startsWith(%q));
		for (let i = 0; i < %d; i++) th.querySelector('button').click();
		return [...t.tBodies[0].rows].filter(r => !r.hidden).map(r => +r.dataset.node);
	})()`, column, clicks))
}

// ids maps node indices (graph.json's order) to ids.
func (a *Artefacts) ids(t testing.TB, idx []int) []string {
	t.Helper()
	out := make([]string, len(idx))
	for i, n := range idx {
		if n < 0 || n >= len(a.Graph.Nodes) {
			t.Fatalf("row names node %d; graph.json has %d", n, len(a.Graph.Nodes))
		}
		out[i] = a.Graph.Nodes[n].ID
	}
	return out
}

// CheckSorting sorts the full rankings table by PageRank (one click: most
// first), by year (one click: oldest first, a second: newest first) and by
// rank again, and compares each order with rankings.json's: its own order
// for PageRank and rank, sorted by year (unknown years last, ties in rank
// order) for year.
func CheckSorting(t testing.TB, p *Page, a *Artefacts) {
	t.Helper()
	var byRank []string
	for _, r := range a.Rankings {
		byRank = append(byRank, r.ID)
	}
	byYear := func(desc bool) []string {
		rs := slices.Clone(a.Rankings)
		slices.SortStableFunc(rs, func(x, y Ranking) int {
			switch {
			case x.Year == nil || y.Year == nil:
				if x.Year == nil && y.Year != nil {
					return 1
				}
				if y.Year == nil && x.Year != nil {
					return -1
				}
				return 0
			case desc:
				return *y.Year - *x.Year
			}
			return *x.Year - *y.Year
		})
		var ids []string
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		return ids
	}
	for _, c := range []struct {
		column string
		clicks int
		want   []string
	}{
		{"PageRank", 1, byRank},
		{"Year", 1, byYear(false)},
		{"Year", 1, byYear(true)},
		{"Rank", 1, byRank},
	} {
		got := a.ids(t, rowOrder(p, c.column, c.clicks))
		if !slices.Equal(got, c.want) {
			t.Errorf("sorted by %s: order %q\nwant (rankings.json) %q", c.column, got, c.want)
		}
	}
}

// CheckFamilyFilter checks the filters of the full rankings table (see
// CheckFilters).
func CheckFamilyFilter(t testing.TB, p *Page, a *Artefacts) {
	t.Helper()
	CheckFilters(t, p, a, "rank-table")
}

// rowNodesJS is a JavaScript function giving the node index (graph.json's
// order) of a table row: its data-node, else that of the row its paper
// links to.
const rowNodesJS = `const rowNode = r => r.dataset.node !== undefined ? +r.dataset.node :
	+document.getElementById(decodeURIComponent(r.querySelector('td.paper a').getAttribute('href').slice(1))).dataset.node;`

// CheckFilters chooses each family in the filter of the table with the
// given id and checks that exactly the papers graph.json lists in it are
// shown; then types a word of the top paper's title and checks that every
// paper of the table whose title holds it is shown and every paper shown
// holds it (title, authors, venue or families). Both filters are cleared
// at the end. The table has one row per paper of the list.
func CheckFilters(t testing.TB, p *Page, a *Artefacts, table string) {
	t.Helper()
	controls := fmt.Sprintf(`document.querySelector('.controls[data-table=%q]')`, table)
	fams := Eval[[][2]string](p, `[...`+controls+`.querySelector('select').options].filter(o => o.value !== '').map(o => [o.value, o.textContent])`)
	if len(fams) == 0 {
		t.Fatalf("%s: the family filter offers no family", table)
	}
	if Eval[bool](p, controls+`.hidden`) {
		t.Errorf("%s: the filters are hidden", table)
	}
	show := func(js string) []int {
		return Eval[[]int](p, `(() => {`+rowNodesJS+js+`
			return [...document.getElementById(`+strconv.Quote(table)+`).tBodies[0].rows].filter(r => !r.hidden).map(rowNode);
		})()`)
	}
	all := a.ids(t, show(""))
	if len(all) != len(a.Graph.Nodes) {
		t.Errorf("%s: %d rows for the %d papers of graph.json", table, len(all), len(a.Graph.Nodes))
	}
	for _, f := range fams {
		got := a.ids(t, show(fmt.Sprintf(`const s = %s.querySelector('select'); s.value = %q; s.dispatchEvent(new Event('change'));`, controls, f[0])))
		var want []string
		for _, n := range a.Graph.Nodes {
			if slices.Contains(n.Families, f[1]) {
				want = append(want, n.ID)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: family filter %q shows %q; want %q", table, f[1], got, want)
		}
	}
	show(fmt.Sprintf(`const s = %s.querySelector('select'); s.value = ''; s.dispatchEvent(new Event('change'));`, controls))

	if len(a.Rankings) == 0 || a.Rankings[0].Title == nil {
		return
	}
	var word string
	for _, w := range strings.Fields(*a.Rankings[0].Title) {
		if len(w) > len(word) {
			word = strings.Trim(w, ".,:;!?()\"'")
		}
	}
	q := strings.ToLower(word)
	res := Eval[struct {
		Shown   []int    `json:"shown"`
		Without []string `json:"without"`
	}](p, fmt.Sprintf(`(() => {
		`+rowNodesJS+`
		const i = %s.querySelector('input');
		i.value = %q;
		i.dispatchEvent(new Event('input'));
		const rows = [...document.getElementById(%q).tBodies[0].rows].filter(r => !r.hidden);
		const without = rows.filter(r => {
			const text = [...r.querySelectorAll('td.paper .t, td.paper .meta, td.fams')].map(e => e.textContent).join(' ');
			return !text.toLowerCase().includes(%q);
		}).map(r => r.querySelector('td.paper').textContent);
		const shown = rows.map(rowNode);
		i.value = '';
		i.dispatchEvent(new Event('input'));
		return {shown, without};
	})()`, controls, word, table, q))
	shown := map[string]bool{}
	for _, id := range a.ids(t, res.Shown) {
		shown[id] = true
	}
	for _, n := range a.Graph.Nodes {
		if n.Title != nil && strings.Contains(strings.ToLower(*n.Title), q) && !shown[n.ID] {
			t.Errorf("%s: search %q hides %s (%s)", table, word, n.ID, *n.Title)
		}
	}
	for _, w := range res.Without {
		t.Errorf("%s: search %q shows a row without it: %.100s", table, word, w)
	}
	if len(res.Shown) == 0 {
		t.Errorf("%s: search %q shows nothing", table, word)
	}
}

// Highlight is what a diagram highlights while a node is hovered: the
// citations of the arrows drawn highlighted, as (citing, cited) node
// indices of graph.json.
type Highlight struct {
	Section string   // the family section's id
	Family  string   // the family section's heading
	Node    string   // the node's data-n: "p3", or "p3 p7" for a box
	Pairs   [][2]int // the citations the highlighted arrows stand for
	Card    string   // the text of the card shown
}

// HoverAll hovers (by mouseover events) the nodes of every family diagram
// in turn, the first perDiagram of each (all when 0), and returns what each
// highlights.
func HoverAll(t testing.TB, p *Page, perDiagram int) []Highlight {
	t.Helper()
	raw := Eval[[]struct {
		Section string   `json:"section"`
		Family  string   `json:"family"`
		Node    string   `json:"node"`
		Edges   []string `json:"edges"`
		Card    string   `json:"card"`
	}](p, `((limit) => {
		const out = [];
		const card = document.getElementById('card');
		for (const sec of document.querySelectorAll('section.family')) {
			const svg = sec.querySelector('svg.dia');
			if (!svg) continue;
			for (const n of [...svg.querySelectorAll('g.node[data-n]')].slice(0, limit || undefined)) {
				n.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
				const edges = [...svg.querySelectorAll('g.edge.hl-in, g.edge.hl-out')].map(e => e.dataset.c);
				out.push({section: sec.id, family: sec.querySelector('h3').textContent, node: n.dataset.n, edges, card: card.hidden ? '' : card.textContent});
				n.dispatchEvent(new MouseEvent('mouseout', {bubbles: true, relatedTarget: document.body}));
			}
		}
		return out;
	})(`+strconv.Itoa(perDiagram)+`)`)
	var hs []Highlight
	for _, r := range raw {
		h := Highlight{Section: r.Section, Family: r.Family, Node: r.Node, Card: r.Card}
		for _, c := range r.Edges {
			for _, pr := range strings.Fields(c) {
				h.Pairs = append(h.Pairs, parsePair(t, pr))
			}
		}
		hs = append(hs, h)
	}
	return hs
}

func parsePair(t testing.TB, s string) [2]int {
	t.Helper()
	from, to, ok := strings.Cut(s, ">")
	a, err1 := strconv.Atoi(strings.TrimPrefix(from, "p"))
	b, err2 := strconv.Atoi(strings.TrimPrefix(to, "p"))
	if !ok || err1 != nil || err2 != nil || !strings.HasPrefix(from, "p") || !strings.HasPrefix(to, "p") {
		t.Fatalf("arrow names %q: not a citation", s)
	}
	return [2]int{a, b}
}

// CheckHover hovers the nodes of every family diagram (the first
// perDiagram of each, all when 0) and checks that each
// highlights exactly the citations graph.json lists for the papers it
// stands for, among those the diagram draws (the citations with an end in
// the family), and that a paper's card names it. It returns what each node
// highlighted. maxDrawn is the most papers a diagram draws and maxCross the
// most arrows it draws to other families: a diagram over either limit
// leaves citations out, and is checked to highlight a subset only.
func CheckHover(t testing.TB, p *Page, a *Artefacts, titles map[string]string, maxDrawn, maxCross, perDiagram int) []Highlight {
	t.Helper()
	hs := HoverAll(t, p, perDiagram)
	if len(hs) == 0 {
		t.Fatalf("no diagram node to hover")
	}
	index := map[string]int{}
	members := map[string]map[int]bool{}
	for i, n := range a.Graph.Nodes {
		index[n.ID] = i
		for _, f := range n.Families {
			if members[f] == nil {
				members[f] = map[int]bool{}
			}
			members[f][i] = true
		}
	}
	for _, h := range hs {
		in := members[h.Family]
		if len(in) == 0 {
			t.Errorf("section %q names no family of graph.json", h.Family)
			continue
		}
		mine := map[int]bool{}
		for _, tok := range strings.Fields(h.Node) {
			i, err := strconv.Atoi(strings.TrimPrefix(tok, "p"))
			if err != nil || i >= len(a.Graph.Nodes) {
				t.Fatalf("%s: node %q", h.Family, h.Node)
			}
			mine[i] = true
		}
		want := map[[2]int]bool{}
		cross := 0
		for _, e := range a.Graph.Edges {
			s, d := index[e.Source], index[e.Target]
			if in[s] != in[d] {
				cross++
			}
			if (mine[s] || mine[d]) && (in[s] || in[d]) {
				want[[2]int{s, d}] = true
			}
		}
		exact := len(in) <= maxDrawn && cross <= maxCross
		got := map[[2]int]bool{}
		for _, pr := range h.Pairs {
			if got[pr] {
				t.Errorf("%s: hovering %s highlights citation %v twice", h.Family, h.Node, pr)
			}
			got[pr] = true
			if !want[pr] {
				t.Errorf("%s: hovering %s highlights %v, which graph.json does not list for it", h.Family, h.Node, pr)
			}
		}
		if exact {
			for pr := range want {
				if !got[pr] {
					t.Errorf("%s: hovering %s does not highlight %s → %s, which graph.json lists",
						h.Family, h.Node, a.Graph.Nodes[pr[0]].ID, a.Graph.Nodes[pr[1]].ID)
				}
			}
		}
		if len(mine) == 1 {
			for i := range mine {
				if title := titles[a.Graph.Nodes[i].ID]; title != "" && !strings.Contains(h.Card, title) {
					t.Errorf("%s: the card of %s says %q; want the title %q", h.Family, h.Node, h.Card, title)
				}
			}
		}
	}
	return hs
}

// Highlighted returns the citations highlighted in the diagram of the
// family section with the given anchor id now.
func Highlighted(t testing.TB, p *Page, sectionID string) [][2]int {
	t.Helper()
	cs := Eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('#%s svg.dia g.edge.hl-in, #%s svg.dia g.edge.hl-out')].map(e => e.dataset.c)`, sectionID, sectionID))
	var out [][2]int
	for _, c := range cs {
		for _, pr := range strings.Fields(c) {
			out = append(out, parsePair(t, pr))
		}
	}
	return out
}
