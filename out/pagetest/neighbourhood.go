package pagetest

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// readClusters reads clusters.csv: a header naming the columns, then one
// row per paper of the list.
func readClusters(t testing.TB, path string) []ClusterRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: no header", path)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"cluster", "id", "families", "clusterFamilies", "stray"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("%s: no column %q in %q", path, h, recs[0])
		}
	}
	list := func(s string) []string {
		if s = csvText(s); s == "" {
			return nil
		}
		return strings.Split(s, "; ")
	}
	var rows []ClusterRow
	for _, r := range recs[1:] {
		rows = append(rows, ClusterRow{
			Cluster: r[col["cluster"]], ID: csvText(r[col["id"]]), Families: list(r[col["families"]]),
			ClusterFamilies: list(r[col["clusterFamilies"]]), Stray: r[col["stray"]] == "true",
		})
	}
	return rows
}

// csvText undoes the "'" citegraph's CSV files put before a text cell a
// spreadsheet would run as a formula.
func csvText(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}

// CheckClusters compares the page's section on clusters and families with
// clusters.csv: each row of the cluster table holds exactly the papers
// clusters.csv puts in that cluster, in its order (by cluster number), and
// names its main families; the papers in a cluster of other families are
// exactly those clusters.csv marks as strays; the papers not clustered are
// those with no cluster; the families split are those whose papers
// clusters.csv puts in two or more clusters, each with its clusters. Links
// to papers are followed to the rows they lead to (rankings table, by
// graph.json's node index).
func CheckClusters(t testing.TB, p *Page, a *Artefacts) {
	t.Helper()
	got := Eval[struct {
		Clusters []struct {
			ID      string   `json:"id"`
			Members []int    `json:"members"`
			Main    []string `json:"main"`
			Count   string   `json:"count"`
		} `json:"clusters"`
		Strays   []int `json:"strays"`
		Unlinked []int `json:"unlinked"`
		Splits   []struct {
			Family   string   `json:"family"`
			Clusters []string `json:"clusters"`
		} `json:"splits"`
	}](p, `(() => {
		const node = a => {
			const el = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
			return el && el.dataset.node !== undefined ? +el.dataset.node : -1;
		};
		const clusters = [...document.querySelectorAll('#cluster-table tbody tr')].map(r => ({
			id: r.id, count: r.cells[1].textContent,
			members: [...r.querySelectorAll('details.members a')].map(node),
			main: [...r.cells[2].querySelectorAll('a')].map(a => a.textContent),
		}));
		const strays = [...document.querySelectorAll('#stray-table tbody tr')].map(r => node(r.querySelector('td.paper a')));
		const unlinked = [...document.querySelectorAll('#unclustered ~ details a')].map(node);
		const splits = [...document.querySelectorAll('#splits + ul > li')].map(li => {
			const as = [...li.querySelectorAll('a')];
			return {family: as[0].textContent, clusters: as.slice(1).map(a => a.getAttribute('href'))};
		});
		return {clusters, strays, unlinked, splits};
	})()`)

	ids := func(idx []int) []string {
		for _, i := range idx {
			if i < 0 {
				t.Errorf("a paper of the clusters section links to no row of the rankings")
				return nil
			}
		}
		s := a.ids(t, idx)
		slices.Sort(s)
		return s
	}
	var order []string
	members := map[string][]string{}
	main := map[string][]string{}
	var strays, unlinked []string
	fams := map[string]map[string]bool{} // family → clusters
	var famOrder []string
	for _, r := range a.Clusters {
		if r.Cluster == "" {
			unlinked = append(unlinked, r.ID)
			continue
		}
		if members[r.Cluster] == nil {
			order = append(order, r.Cluster)
		}
		members[r.Cluster] = append(members[r.Cluster], r.ID)
		main[r.Cluster] = r.ClusterFamilies
		if r.Stray {
			strays = append(strays, r.ID)
		}
		for _, f := range r.Families {
			if fams[f] == nil {
				fams[f] = map[string]bool{}
				famOrder = append(famOrder, f)
			}
			fams[f][r.Cluster] = true
		}
	}
	if len(a.Clusters) == 0 {
		t.Fatalf("clusters.csv has no row")
	}
	if len(got.Clusters) != len(order) {
		t.Errorf("the cluster table has %d rows; clusters.csv has %d clusters", len(got.Clusters), len(order))
	}
	for i, c := range got.Clusters {
		if i >= len(order) {
			break
		}
		id := order[i]
		if c.ID != "cluster-"+id {
			t.Errorf("row %d of the cluster table is %q; clusters.csv's cluster %d is %s", i+1, c.ID, i+1, id)
			continue
		}
		want := slices.Sorted(slices.Values(members[id]))
		if m := ids(c.Members); !slices.Equal(m, want) {
			t.Errorf("cluster %s holds %q on the page; clusters.csv: %q", id, m, want)
		}
		if c.Count != strconv.Itoa(len(want)) {
			t.Errorf("cluster %s: the page counts %s papers; clusters.csv has %d", id, c.Count, len(want))
		}
		if !slices.Equal(c.Main, main[id]) {
			t.Errorf("cluster %s: main families %q on the page; clusters.csv: %q", id, c.Main, main[id])
		}
	}
	slices.Sort(strays)
	slices.Sort(unlinked)
	if s := ids(got.Strays); !slices.Equal(s, strays) {
		t.Errorf("papers in a cluster of other families: %q on the page; clusters.csv: %q", s, strays)
	}
	if u := ids(got.Unlinked); !slices.Equal(u, unlinked) {
		t.Errorf("papers not clustered: %q on the page; clusters.csv: %q", u, unlinked)
	}
	var wantSplits []string
	for _, f := range famOrder {
		if len(fams[f]) > 1 {
			cs := slices.SortedFunc(func(yield func(string) bool) {
				for c := range fams[f] {
					if !yield(c) {
						return
					}
				}
			}, func(x, y string) int { return cmp.Compare(atoi(x), atoi(y)) })
			wantSplits = append(wantSplits, f+": "+strings.Join(cs, ", "))
		}
	}
	var gotSplits []string
	for _, s := range got.Splits {
		var cs []string
		for _, h := range s.Clusters {
			cs = append(cs, strings.TrimPrefix(h, "#cluster-"))
		}
		gotSplits = append(gotSplits, s.Family+": "+strings.Join(cs, ", "))
	}
	slices.Sort(wantSplits)
	slices.Sort(gotSplits)
	if !slices.Equal(gotSplits, wantSplits) {
		t.Errorf("families split: %q on the page; from clusters.csv: %q", gotSplits, wantSplits)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Similar is a paper the page lists as similar to a paper of the list.
type Similar struct {
	Node       int    // graph.json's index; -1 for a paper outside the list
	Title      string // as shown
	Strength   string // as shown (2 decimals)
	CoCitation int
	Coupling   int
	Href       string
}

var similarCounts = regexp.MustCompile(`^(\d+) co-citing, (\d+) shared(; not in the list)?$`)

// CheckSimilar reads each paper's similar papers from the full rankings
// table and checks them against graph.json's similarity edges: a similar
// paper of the list is joined to the paper by an edge with the counts and
// strength shown, sharing at least minLinks citers or references; the
// papers of the list shown are graph.json's strongest such neighbours, in
// order (strength, then shared count, then id), all of them when fewer
// than perPaper papers are shown; papers outside the list are marked so
// and link to a web page if anywhere; strengths never increase down the
// list. It returns the similar papers by node index.
func CheckSimilar(t testing.TB, p *Page, a *Artefacts, minLinks, perPaper int) map[int][]Similar {
	t.Helper()
	rows := Eval[[]struct {
		Node  int `json:"node"`
		Items []struct {
			Node  int    `json:"node"`
			Title string `json:"title"`
			W     string `json:"w"`
			K     string `json:"k"`
			Out   bool   `json:"out"`
			Href  string `json:"href"`
		} `json:"items"`
	}](p, `[...document.querySelectorAll('#rank-table tbody tr')].map(r => ({
		node: +r.dataset.node,
		items: [...r.querySelectorAll('details.sim li')].map(li => {
			const a = li.querySelector('a');
			const href = a ? a.getAttribute('href') : '';
			const el = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
			return {node: el && el.dataset.node !== undefined ? +el.dataset.node : -1, title: li.querySelector('a, span').textContent,
				w: li.querySelector('b').textContent, k: li.querySelector('small').textContent, out: li.classList.contains('out'), href};
		}),
	}))`)
	if len(rows) != len(a.Graph.Nodes) {
		t.Errorf("the rankings table has %d rows; graph.json %d papers", len(rows), len(a.Graph.Nodes))
	}
	type edge struct {
		other    int
		cc, cp   int
		strength float64
	}
	index := map[string]int{}
	for i, n := range a.Graph.Nodes {
		index[n.ID] = i
	}
	nbrs := map[int][]edge{}
	pair := map[[2]int]Similarity{}
	for _, e := range a.Graph.Similarity {
		s, ok1 := index[e.Source]
		d, ok2 := index[e.Target]
		if !ok1 || !ok2 {
			t.Fatalf("graph.json: similarity %s – %s names a paper it does not hold", e.Source, e.Target)
		}
		pair[[2]int{min(s, d), max(s, d)}] = e
		if e.Cocitation+e.Coupling < minLinks {
			continue
		}
		nbrs[s] = append(nbrs[s], edge{d, e.Cocitation, e.Coupling, e.Strength})
		nbrs[d] = append(nbrs[d], edge{s, e.Cocitation, e.Coupling, e.Strength})
	}
	out := map[int][]Similar{}
	listed := 0
	for _, r := range rows {
		var sims []Similar
		var inList []int
		last := 2.0
		for _, it := range r.Items {
			m := similarCounts.FindStringSubmatch(it.K)
			if m == nil {
				t.Errorf("paper %d: similar paper %q reads %q", r.Node, it.Title, it.K)
				continue
			}
			s := Similar{Node: it.Node, Title: it.Title, Strength: it.W, CoCitation: atoi(m[1]), Coupling: atoi(m[2]), Href: it.Href}
			sims = append(sims, s)
			w, err := strconv.ParseFloat(it.W, 64)
			if err != nil || w < 0 || w > 1 || w > last {
				t.Errorf("paper %d: similar paper %q has strength %q after %.2f", r.Node, it.Title, it.W, last)
			}
			last = w
			if it.Out {
				if it.Node >= 0 || m[3] == "" || (it.Href != "" && !strings.HasPrefix(it.Href, "https://")) {
					t.Errorf("paper %d: %q is marked outside the list but reads %q, links to %q", r.Node, it.Title, it.K, it.Href)
				}
				continue
			}
			if it.Node < 0 || m[3] != "" {
				t.Errorf("paper %d: similar paper %q (%q) is neither marked outside the list nor a link to its row (%q)", r.Node, it.Title, it.K, it.Href)
				continue
			}
			inList = append(inList, it.Node)
			e, ok := pair[[2]int{min(r.Node, it.Node), max(r.Node, it.Node)}]
			switch {
			case !ok:
				t.Errorf("paper %s: similar paper %s is not joined to it in graph.json", a.Graph.Nodes[r.Node].ID, a.Graph.Nodes[it.Node].ID)
			case e.Cocitation != s.CoCitation || e.Coupling != s.Coupling || fmt.Sprintf("%.2f", e.Strength) != s.Strength:
				t.Errorf("paper %s, similar %s: the page says %s co-citing, %s shared, strength %s; graph.json %d, %d, %v",
					a.Graph.Nodes[r.Node].ID, a.Graph.Nodes[it.Node].ID, m[1], m[2], it.W, e.Cocitation, e.Coupling, e.Strength)
			}
		}
		if len(sims) > perPaper {
			t.Errorf("paper %d: %d similar papers; want at most %d", r.Node, len(sims), perPaper)
		}
		// The papers of the list shown are graph.json's strongest
		// neighbours of the paper, in order.
		cands := slices.Clone(nbrs[r.Node])
		slices.SortFunc(cands, func(x, y edge) int {
			return cmp.Or(cmp.Compare(y.strength, x.strength), cmp.Compare(y.cc+y.cp, x.cc+x.cp),
				strings.Compare(a.Graph.Nodes[x.other].ID, a.Graph.Nodes[y.other].ID))
		})
		var want []int
		for _, c := range cands {
			want = append(want, c.other)
		}
		if len(sims) < perPaper {
			if !slices.Equal(inList, want) {
				t.Errorf("paper %s: similar papers of the list %v; graph.json's, strongest first: %v", a.Graph.Nodes[r.Node].ID, inList, want)
			}
		} else if len(inList) > len(want) || !slices.Equal(inList, want[:len(inList)]) {
			t.Errorf("paper %s: similar papers of the list %v; graph.json's strongest first begin %v", a.Graph.Nodes[r.Node].ID, inList, want)
		}
		if len(sims) > 0 {
			out[r.Node] = sims
			listed++
		}
	}
	if len(a.Graph.Similarity) > 0 && listed == 0 {
		t.Errorf("no paper lists a similar paper; graph.json has %d similarity edges", len(a.Graph.Similarity))
	}
	return out
}

// CheckSortsByValues clicks each numeric column heading of the table with
// the given id, twice, and checks that the rows then show that column's
// numbers in the order the heading says (aria-sort), unknown values (no
// number) last either way.
func CheckSortsByValues(t testing.TB, p *Page, table string) {
	t.Helper()
	heads := Eval[[]string](p, fmt.Sprintf(`[...document.getElementById(%q).tHead.rows[0].cells].map(th => th.dataset.type === 'num' ? th.textContent.trim() : '')`, table))
	sorted := 0
	for col, h := range heads {
		if h == "" {
			continue
		}
		for range 2 {
			res := Eval[struct {
				Sort   string    `json:"sort"`
				Values []*string `json:"values"`
			}](p, fmt.Sprintf(`(() => {
				const t = document.getElementById(%q);
				const th = t.tHead.rows[0].cells[%d];
				th.querySelector('button').click();
				return {sort: th.getAttribute('aria-sort'), values: [...t.tBodies[0].rows].map(r => r.cells[%d].textContent)};
			})()`, table, col, col))
			var nums []float64
			unknown := false
			for i, v := range res.Values {
				x, err := leadingNumber(*v)
				if err != nil {
					unknown = true
					continue
				}
				if unknown {
					t.Errorf("%s sorted by %s (%s): row %d shows %q after an unknown value", table, h, res.Sort, i+1, *v)
				}
				nums = append(nums, x)
			}
			ok := slices.IsSorted(nums)
			if res.Sort == "descending" {
				ok = slices.IsSortedFunc(nums, func(x, y float64) int { return cmp.Compare(y, x) })
			} else if res.Sort != "ascending" {
				t.Errorf("%s: the heading %s says aria-sort=%q after a click", table, h, res.Sort)
			}
			if !ok {
				t.Errorf("%s sorted by %s (%s): %v", table, h, res.Sort, nums)
			}
			sorted++
		}
	}
	if sorted == 0 {
		t.Errorf("%s: no numeric column to sort", table)
	}
	// Back to the first column's order.
	Eval[bool](p, fmt.Sprintf(`(() => {
		const th = document.getElementById(%q).tHead.rows[0].cells[0];
		th.querySelector('button').click();
		if (th.getAttribute('aria-sort') !== 'ascending') th.querySelector('button').click();
		return true;
	})()`, table))
}

var numberPrefix = regexp.MustCompile(`^\s*<?(-?[0-9]+(?:\.[0-9]+)?)`)

// leadingNumber is the number a cell's text begins with (a bound, "<0.01", counts as its number).
func leadingNumber(s string) (float64, error) {
	m := numberPrefix.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("no number in %q", s)
	}
	return strconv.ParseFloat(m[1], 64)
}
