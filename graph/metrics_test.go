package graph

import (
	"math"
	"testing"

	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// Node names of the fixtures.
const (
	A = iota
	B
	C
	D
	E
	F
	G
	H
	I
	J
	K
)

// set is a fixture's successor set.
type set map[int64]struct{}

func linksTo(i ...int64) set {
	if len(i) == 0 {
		return nil
	}
	s := make(set)
	for _, v := range i {
		s[v] = struct{}{}
	}
	return s
}

// directed builds the gonum graph of a fixture: g[u] holds u's successors.
func directed(g []set) *simple.DirectedGraph {
	d := simple.NewDirectedGraph()
	for u, e := range g {
		if d.Node(int64(u)) == nil {
			d.AddNode(simple.Node(u))
		}
		for v := range e {
			if d.Node(v) == nil {
				d.AddNode(simple.Node(v))
			}
			d.SetEdge(simple.Edge{F: simple.Node(u), T: simple.Node(v)})
		}
	}
	return d
}

// metricCases' expected values were computed with Debian's networkx 2.8.8 by
// testdata/networkx_metrics.py: networkx.pagerank(G, alpha=0.85,
// tol=1e-14/n), HITS as noted per case, and
// networkx.betweenness_centrality(G, normalized=True).
var metricCases = []struct {
	name                                     string
	g                                        []set
	pagerank, hubs, authorities, betweenness map[int64]float64
}{
	{
		name: "chain",
		g: []set{
			A: linksTo(B),
			B: linksTo(C),
			C: linksTo(D),
			D: linksTo(),
		},
		// HITS by hits_alg._hits_python(G, tol=1e-13): the dominant singular value is repeated
		pagerank:    map[int64]float64{A: 0.11615582303660309, B: 0.2148882726177165, C: 0.2988108547616639, D: 0.3701450495840167},
		hubs:        map[int64]float64{A: 0.3333333333333333, B: 0.3333333333333333, C: 0.3333333333333333, D: 0},
		authorities: map[int64]float64{A: 0, B: 0.3333333333333333, C: 0.3333333333333333, D: 0.3333333333333333},
		betweenness: map[int64]float64{A: 0, B: 0.3333333333333333, C: 0.3333333333333333, D: 0},
	},
	{
		name: "wikipedia",
		g: []set{
			A: linksTo(),
			B: linksTo(C),
			C: linksTo(B),
			D: linksTo(A, B),
			E: linksTo(B, D, F),
			F: linksTo(B, E),
			G: linksTo(B, E),
			H: linksTo(B, E),
			I: linksTo(B, E),
			J: linksTo(E),
			K: linksTo(E),
		},
		// HITS by networkx.hits(G)
		pagerank:    map[int64]float64{A: 0.03278149315934399, B: 0.3844009488135521, C: 0.3429102855083816, D: 0.039087092099966095, E: 0.08088569323449774, F: 0.039087092099966095, G: 0.016169479016858404, H: 0.016169479016858404, I: 0.016169479016858404, J: 0.016169479016858404, K: 0.016169479016858404},
		hubs:        map[int64]float64{A: 0, B: 0, C: 0.08054337153150982, D: 0.0888287216678415, E: 0.09901412457495644, F: 0.14878342088145197, G: 0.14878342088145197, H: 0.14878342088145197, I: 0.14878342088145197, J: 0.06824004934994214, K: 0.06824004934994214},
		authorities: map[int64]float64{A: 0.04719934260184989, B: 0.45883325685339865, C: 0, D: 0.05261137952329131, E: 0.38874464149816884, F: 0.05261137952329127, G: 0, H: 0, I: 0, J: 0, K: 0},
		betweenness: map[int64]float64{A: 0, B: 0.08888888888888889, C: 0, D: 0.07777777777777778, E: 0.23333333333333334, F: 0, G: 0, H: 0, I: 0, J: 0, K: 0},
	},
	{
		name: "citations",
		g: []set{
			A: linksTo(B, C),
			B: linksTo(C, D),
			C: linksTo(D),
			D: linksTo(),
			E: linksTo(A, C),
		},
		// HITS by networkx.hits(G)
		pagerank:    map[int64]float64{A: 0.1327793000565414, B: 0.14960965870405846, C: 0.25279460752979604, D: 0.3716379775295761, E: 0.09317845618002824},
		hubs:        map[int64]float64{A: 0.28794927318862634, B: 0.3210368162407501, C: 0.10306463738199713, D: 0, E: 0.28794927318862634},
		authorities: map[int64]float64{A: 0.15179709275450545, B: 0.15179709275450545, C: 0.4728339089952555, D: 0.22357190549573355, E: 0},
		betweenness: map[int64]float64{A: 0.08333333333333333, B: 0.041666666666666664, C: 0.125, D: 0, E: 0},
	},
	{
		name: "inStar",
		g: []set{
			A: linksTo(),
			B: linksTo(A),
			C: linksTo(A),
			D: linksTo(A),
			E: linksTo(A),
		},
		// HITS by networkx.hits(G)
		pagerank:    map[int64]float64{A: 0.5238095238095258, B: 0.1190476190476186, C: 0.1190476190476186, D: 0.1190476190476186, E: 0.1190476190476186},
		hubs:        map[int64]float64{A: 0, B: 0.25, C: 0.25, D: 0.25, E: 0.25},
		authorities: map[int64]float64{A: 1.0, B: 0, C: 0, D: 0, E: 0},
		betweenness: map[int64]float64{A: 0, B: 0, C: 0, D: 0, E: 0},
	},
	{
		name: "twins",
		g: []set{
			A: linksTo(B),
			B: linksTo(),
			C: linksTo(D),
			D: linksTo(),
		},
		// HITS by hits_alg._hits_python(G, tol=1e-13): the dominant singular value is repeated
		pagerank:    map[int64]float64{A: 0.17543859649122864, B: 0.3245614035087714, C: 0.17543859649122864, D: 0.3245614035087714},
		hubs:        map[int64]float64{A: 0.5, B: 0, C: 0.5, D: 0},
		authorities: map[int64]float64{A: 0, B: 0.5, C: 0, D: 0.5},
		betweenness: map[int64]float64{A: 0, B: 0, C: 0, D: 0},
	},
	{
		name: "noEdges",
		g: []set{
			A: linksTo(),
			B: linksTo(),
			C: linksTo(),
		},
		// HITS by none: no edges, every score 0
		pagerank:    map[int64]float64{A: 0.3333333333333333, B: 0.3333333333333333, C: 0.3333333333333333},
		betweenness: map[int64]float64{A: 0, B: 0, C: 0},
	},
	{
		name: "single",
		g: []set{
			A: linksTo(),
		},
		// HITS by none: no edges, every score 0
		pagerank:    map[int64]float64{A: 1.0},
		betweenness: map[int64]float64{A: 0},
	},
	{
		name: "cycle",
		g: []set{
			A: linksTo(B),
			B: linksTo(C),
			C: linksTo(A),
		},
		// HITS by hits_alg._hits_python(G, tol=1e-13): the dominant singular value is repeated
		pagerank:    map[int64]float64{A: 0.3333333333333333, B: 0.3333333333333333, C: 0.3333333333333333},
		hubs:        map[int64]float64{A: 0.3333333333333333, B: 0.3333333333333333, C: 0.3333333333333333},
		authorities: map[int64]float64{A: 0.3333333333333333, B: 0.3333333333333333, C: 0.3333333333333333},
		betweenness: map[int64]float64{A: 0.5, B: 0.5, C: 0.5},
	},
	{
		name: "diamond",
		g: []set{
			A: linksTo(B, C),
			B: linksTo(D),
			C: linksTo(D),
			D: linksTo(),
		},
		// HITS by hits_alg._hits_python(G, tol=1e-13): the dominant singular value is repeated
		pagerank:    map[int64]float64{A: 0.1375042970092809, B: 0.19594362323822737, C: 0.19594362323822737, D: 0.4706084565142643},
		hubs:        map[int64]float64{A: 0.3333333333333333, B: 0.3333333333333333, C: 0.3333333333333333, D: 0},
		authorities: map[int64]float64{A: 0, B: 0.25, C: 0.25, D: 0.5},
		betweenness: map[int64]float64{A: 0, B: 0.08333333333333333, C: 0.08333333333333333, D: 0},
	},
}

// noHITS is every node's hub and authority in a graph without edges.
func zeros(g []set) map[int64]float64 {
	m := make(map[int64]float64, len(g))
	for u := range g {
		m[int64(u)] = 0
	}
	return m
}

func checkMetric(t *testing.T, what string, got, want map[int64]float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok || math.Abs(g-w) > tol || math.IsNaN(g) {
			t.Errorf("%s(%c) = %v; want %v", what, 'A'+rune(id), g, w)
		}
	}
}

func TestMetrics(t *testing.T) {
	for _, tc := range metricCases {
		t.Run(tc.name, func(t *testing.T) {
			g := directed(tc.g)
			checkMetric(t, "PageRank", PageRank(g, Damping, PageRankTol), tc.pagerank, 1e-12)
			hubs, auths := HITS(g, HITSTol)
			wantHubs, wantAuths := tc.hubs, tc.authorities
			if wantHubs == nil {
				wantHubs, wantAuths = zeros(tc.g), zeros(tc.g)
			}
			checkMetric(t, "hub", hubs, wantHubs, 1e-12)
			checkMetric(t, "authority", auths, wantAuths, 1e-12)
			checkMetric(t, "Betweenness", Betweenness(g), tc.betweenness, 1e-15)
		})
	}
}

// TestMetricsAgainstGonum checks that PageRank and Betweenness compute the
// quantities of gonum's network.PageRankSparse (same fixed point, different
// start and stopping rule) and network.Betweenness (unscaled, non-zero
// entries only).
func TestMetricsAgainstGonum(t *testing.T) {
	for _, tc := range metricCases {
		t.Run(tc.name, func(t *testing.T) {
			g := directed(tc.g)
			checkMetric(t, "PageRank vs gonum", PageRank(g, Damping, PageRankTol), network.PageRankSparse(g, Damping, 1e-14), 1e-10)
			want := zeros(tc.g)
			n := float64(len(tc.g))
			for id, v := range network.Betweenness(g) {
				want[id] = v / ((n - 1) * (n - 2))
			}
			checkMetric(t, "Betweenness vs gonum", Betweenness(g), want, 1e-15)
		})
	}
}

// TestMetricsDeterministic checks that the metrics do not depend on the
// order in which gonum's maps hand out nodes and edges: repeated runs give
// bit-identical values.
func TestMetricsDeterministic(t *testing.T) {
	g := directed(randomGraph(7, 120, 600))
	all := func(g gograph.Directed) []map[int64]float64 {
		h, a := HITS(g, HITSTol)
		return []map[int64]float64{PageRank(g, Damping, PageRankTol), h, a, Betweenness(g)}
	}
	first := all(g)
	for range 5 {
		for i, m := range all(g) {
			for id, v := range m {
				if v != first[i][id] {
					t.Fatalf("metric %d of node %d: %v, then %v", i, id, first[i][id], v)
				}
			}
		}
	}
}
