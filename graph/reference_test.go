package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os/exec"
	"testing"
	"time"

	gograph "gonum.org/v1/gonum/graph"
)

// python is Debian's interpreter, which python3-networkx installs into (the
// python3 on PATH may be another one without networkx).
const python = "/usr/bin/python3"

// randomGraph returns a fixture of n nodes and m distinct edges without
// self-loops from a seeded generator. With dag set, every edge goes from a
// higher to a lower node, as citations go from newer to older papers.
func randomGraph(seed uint64, n, m int, dag ...bool) []set {
	r := rand.New(rand.NewPCG(seed, 0x636974))
	g := make([]set, n)
	for count := 0; count < m; {
		u, v := int64(r.IntN(n)), int64(r.IntN(n))
		if u == v || len(dag) > 0 && dag[0] && u < v {
			continue
		}
		if g[u] == nil {
			g[u] = set{}
		}
		if _, ok := g[u][v]; !ok {
			g[u][v] = struct{}{}
			count++
		}
	}
	return g
}

type refGraph struct {
	N     int        `json:"n"`
	Edges [][2]int64 `json:"edges"`
}

type refMetrics struct {
	PageRank    []float64 `json:"pagerank"`
	HITS        string    `json:"hits"`
	Hubs        []float64 `json:"hubs"`
	Authorities []float64 `json:"authorities"`
	Betweenness []float64 `json:"betweenness"`
}

// refGraphOf returns g in the script's form; g's node IDs must be 0..n-1.
func refGraphOf(g gograph.Directed) refGraph {
	var r refGraph
	nodes := g.Nodes()
	r.N = nodes.Len()
	for nodes.Next() {
		u := nodes.Node().ID()
		to := g.From(u)
		for to.Next() {
			r.Edges = append(r.Edges, [2]int64{u, to.Node().ID()})
		}
	}
	return r
}

// networkx runs testdata/networkx_metrics.py on the graphs. It fails the
// test, never skips it, when networkx is missing.
func networkx(t *testing.T, graphs []refGraph) []refMetrics {
	t.Helper()
	if err := exec.Command(python, "-c", "import networkx, numpy, scipy").Run(); err != nil {
		t.Fatalf("the reference metrics need Debian's networkx, which %s cannot import (%v); install it with: apt-get install -y python3-networkx", python, err)
	}
	req, err := json.Marshal(map[string]any{"graphs": graphs})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "testdata/networkx_metrics.py")
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("networkx_metrics.py: %v\n%s", err, stderr.Bytes())
	}
	var res []refMetrics
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("networkx_metrics.py output: %v", err)
	}
	if len(res) != len(graphs) {
		t.Fatalf("networkx_metrics.py answered %d graphs, want %d", len(res), len(graphs))
	}
	return res
}

// compareToNetworkx checks one graph's metrics (indexed by node ID) against
// networkx's.
func compareToNetworkx(t *testing.T, name string, pr, hub, auth, bc func(id int64) float64, want refMetrics) {
	t.Helper()
	const tol = 1e-9
	check := func(what string, got func(int64) float64, want []float64) {
		t.Helper()
		for id, w := range want {
			if g := got(int64(id)); math.IsNaN(g) || math.Abs(g-w) > tol {
				t.Errorf("%s: %s(node %d) = %.15g; networkx %.15g", name, what, id, g, w)
			}
		}
	}
	check("PageRank", pr, want.PageRank)
	if want.HITS != "none" {
		check("hub", hub, want.Hubs)
		check("authority", auth, want.Authorities)
	}
	check("betweenness", bc, want.Betweenness)
}

func TestMetricsMatchNetworkx(t *testing.T) {
	type gen struct {
		n, m int
		dag  bool
	}
	gens := []gen{
		{2, 1, false}, {3, 2, true}, {5, 4, false}, {8, 12, true}, {12, 30, false},
		{30, 45, true}, {40, 100, false}, {60, 90, true}, {80, 320, true},
		{100, 150, false}, {150, 600, true}, {200, 1000, false},
	}
	var graphs []refGraph
	var ours [][]map[int64]float64
	for i, gc := range gens {
		g := directed(randomGraph(uint64(i+1), gc.n, gc.m, gc.dag))
		graphs = append(graphs, refGraphOf(g))
		h, a := HITS(g, HITSTol)
		ours = append(ours, []map[int64]float64{PageRank(g, Damping, PageRankTol), h, a, Betweenness(g)})
	}

	// The snapshot: the list's 42 records and Deep Compression.
	ps := snapshot(t)
	sg := Build(members(ps[:43], "model compression"), ps[43:])
	graphs = append(graphs, refGraphOf(sg.Directed()))

	want := networkx(t, graphs)
	methods := map[string]int{}
	for i := range gens {
		methods[want[i].HITS]++
		at := func(m map[int64]float64) func(int64) float64 { return func(id int64) float64 { return m[id] } }
		o := ours[i]
		compareToNetworkx(t, "random graph "+string(rune('a'+i)), at(o[0]), at(o[1]), at(o[2]), at(o[3]), want[i])
	}
	t.Logf("networkx HITS method per random graph: %v", methods)
	if methods["svds"] == 0 {
		t.Errorf("no random graph was checked against networkx.hits itself")
	}

	snap := want[len(want)-1]
	if snap.HITS != "svds" {
		t.Errorf("snapshot graph: networkx HITS method %q, want svds", snap.HITS)
	}
	byID := map[int64]Score{}
	for _, s := range sg.Rank(2022) {
		byID[sg.Node(s.Key).ID] = s
	}
	compareToNetworkx(t, "snapshot",
		func(id int64) float64 { return byID[id].PageRank },
		func(id int64) float64 { return byID[id].Hub },
		func(id int64) float64 { return byID[id].Authority },
		func(id int64) float64 { return byID[id].Betweenness },
		snap)
}
