package graph

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"

	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
)

// ClusterSeed seeds the random source community.Modularize shuffles nodes
// with: fixed, so that the same graph always gives the same clusters.
const ClusterSeed = 1

// Clustering is the list's papers divided into communities by gonum's
// community.Modularize (Louvain, resolution 1, seed ClusterSeed) on an
// undirected weighted graph: two list papers are joined with weight
// 1 (when one cites the other) plus SimilarityEdge.Strength, so a direct
// citation counts as much as identical citers and references. It is
// compared with the families the list declares.
type Clustering struct {
	// Modularity is community.Q of the clusters (resolution 1) over the
	// linked papers; 0 when none is linked.
	Modularity float64
	// Clusters are the communities of the linked papers, largest first
	// (then by first key), numbered from 1.
	Clusters []Cluster
	// Unlinked are the list papers with no citation and no shared citer or
	// reference with another list paper, sorted: no cluster can place them.
	Unlinked []string
	// Strays are the linked papers none of whose families is among their
	// cluster's main families: where the list's grouping and the
	// literature's disagree. By key.
	Strays []Stray
	// Splits are the families whose linked papers fall into two or more
	// clusters, in family order (sorted).
	Splits []Split
}

// Cluster is one community of list papers.
type Cluster struct {
	ID       int           // 1, 2, … in Clustering order
	Papers   []string      // keys, sorted
	Families []FamilyCount // the families of its papers, most papers first, then by name
	// Main holds the families with the most papers in it (several on a
	// tie), sorted.
	Main []string
}

// FamilyCount is a family and how many of a cluster's papers it lists.
type FamilyCount struct {
	Family string
	Papers int
}

// Stray is a paper in a cluster whose main families are not its own.
type Stray struct {
	Key      string
	Families []string // the paper's families
	Cluster  int      // Cluster.ID
}

// Split is a family whose papers fall into several clusters.
type Split struct {
	Family string
	Parts  []FamilyPart // by cluster ID
}

// FamilyPart is how many of a family's papers are in one cluster.
type FamilyPart struct {
	Cluster int
	Papers  int
}

// cluster clusters the list papers over the world's citations among them
// and the similarity strengths of list pairs (a < b).
func (w *world) cluster(strength map[[2]int32]float64) Clustering {
	weights := map[[2]int32]float64{}
	for p, s := range strength {
		if s > 0 {
			weights[p] = s
		}
	}
	cited := map[[2]int32]bool{}
	for a := 0; a < w.n; a++ {
		for _, b := range w.out[a] {
			if int(b) >= w.n {
				break // out lists ascend: list papers come first
			}
			cited[[2]int32{min(int32(a), b), max(int32(a), b)}] = true
		}
	}
	for p := range cited {
		weights[p]++
	}

	// The linked papers, renumbered 0..k-1 in key order.
	linked := make([]int32, w.n) // list index → local id + 1 (0: unlinked)
	var local []int32            // local id → list index
	for p, x := range weights {
		if x > 0 {
			linked[p[0]], linked[p[1]] = 1, 1
		}
	}
	var c Clustering
	for i := range w.n {
		if linked[i] == 0 {
			c.Unlinked = append(c.Unlinked, w.keys[i])
			continue
		}
		local = append(local, int32(i))
		linked[i] = int32(len(local))
	}
	if len(local) == 0 {
		return c
	}
	ug := newUndirected(len(local))
	for p, x := range weights {
		if x > 0 {
			ug.set(int(linked[p[0]]-1), int(linked[p[1]]-1), x)
		}
	}
	ug.freeze()
	r := community.Modularize(ug, 1, rand.NewPCG(ClusterSeed, ClusterSeed))
	comms := r.Communities()
	c.Modularity = community.Q(ug, comms, 1)

	for _, comm := range comms {
		var keys []string
		for _, n := range comm {
			keys = append(keys, w.keys[local[n.ID()]])
		}
		slices.Sort(keys)
		c.Clusters = append(c.Clusters, Cluster{Papers: keys})
	}
	slices.SortFunc(c.Clusters, func(a, b Cluster) int {
		return cmp.Or(cmp.Compare(len(b.Papers), len(a.Papers)), strings.Compare(a.Papers[0], b.Papers[0]))
	})
	parts := map[string]map[int]int{}
	for i := range c.Clusters {
		cl := &c.Clusters[i]
		cl.ID = i + 1
		count := map[string]int{}
		for _, k := range cl.Papers {
			for _, f := range w.g.byKey[k].Families {
				count[f]++
				if parts[f] == nil {
					parts[f] = map[int]int{}
				}
				parts[f][cl.ID]++
			}
		}
		for f, n := range count {
			cl.Families = append(cl.Families, FamilyCount{f, n})
		}
		slices.SortFunc(cl.Families, func(a, b FamilyCount) int {
			return cmp.Or(cmp.Compare(b.Papers, a.Papers), strings.Compare(a.Family, b.Family))
		})
		for _, fc := range cl.Families {
			if fc.Papers == cl.Families[0].Papers {
				cl.Main = append(cl.Main, fc.Family)
			}
		}
		slices.Sort(cl.Main)
		for _, k := range cl.Papers {
			fams := w.g.byKey[k].Families
			if len(fams) == 0 {
				continue
			}
			own := false
			for _, f := range fams {
				_, ok := slices.BinarySearch(cl.Main, f)
				own = own || ok
			}
			if !own {
				c.Strays = append(c.Strays, Stray{Key: k, Families: slices.Clone(fams), Cluster: cl.ID})
			}
		}
	}
	slices.SortFunc(c.Strays, func(a, b Stray) int { return strings.Compare(a.Key, b.Key) })
	for _, f := range sortedKeysOf(parts) {
		if len(parts[f]) < 2 {
			continue
		}
		s := Split{Family: f}
		for id, n := range parts[f] {
			s.Parts = append(s.Parts, FamilyPart{Cluster: id, Papers: n})
		}
		slices.SortFunc(s.Parts, func(a, b FamilyPart) int { return cmp.Compare(a.Cluster, b.Cluster) })
		c.Splits = append(c.Splits, s)
	}
	return c
}

func sortedKeysOf[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// undirected is a weighted undirected graph over nodes 0..n-1 that
// iterates nodes and neighbours in ascending order, so that Modularize
// (which visits them in iteration order) gives the same result every run;
// gonum's simple graphs iterate maps.
type undirected struct {
	adj [][]int64
	w   []map[int64]float64
}

var (
	_ gograph.Undirected = (*undirected)(nil)
	_ gograph.Weighted   = (*undirected)(nil)
)

func newUndirected(n int) *undirected {
	g := &undirected{adj: make([][]int64, n), w: make([]map[int64]float64, n)}
	for i := range g.w {
		g.w[i] = map[int64]float64{}
	}
	return g
}

func (g *undirected) set(a, b int, x float64) {
	if _, ok := g.w[a][int64(b)]; !ok {
		g.adj[a] = append(g.adj[a], int64(b))
		g.adj[b] = append(g.adj[b], int64(a))
	}
	g.w[a][int64(b)] = x
	g.w[b][int64(a)] = x
}

func (g *undirected) freeze() {
	for _, a := range g.adj {
		slices.Sort(a)
	}
}

func (g *undirected) has(id int64) bool { return id >= 0 && id < int64(len(g.adj)) }

func (g *undirected) Node(id int64) gograph.Node {
	if !g.has(id) {
		return nil
	}
	return simple.Node(id)
}

func (g *undirected) Nodes() gograph.Nodes {
	ns := make([]gograph.Node, len(g.adj))
	for i := range ns {
		ns[i] = simple.Node(i)
	}
	return iterator.NewOrderedNodes(ns)
}

func (g *undirected) From(id int64) gograph.Nodes {
	if !g.has(id) {
		return gograph.Empty
	}
	ns := make([]gograph.Node, len(g.adj[id]))
	for i, v := range g.adj[id] {
		ns[i] = simple.Node(v)
	}
	return iterator.NewOrderedNodes(ns)
}

func (g *undirected) HasEdgeBetween(x, y int64) bool {
	if !g.has(x) {
		return false
	}
	_, ok := g.w[x][y]
	return ok
}

func (g *undirected) Edge(u, v int64) gograph.Edge { return g.WeightedEdge(u, v) }

func (g *undirected) EdgeBetween(x, y int64) gograph.Edge { return g.WeightedEdge(x, y) }

func (g *undirected) WeightedEdge(u, v int64) gograph.WeightedEdge {
	x, ok := g.Weight(u, v)
	if !ok || u == v {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: x}
}

func (g *undirected) Weight(x, y int64) (float64, bool) {
	if !g.has(x) || !g.has(y) {
		return 0, false
	}
	if x == y {
		return 0, true
	}
	v, ok := g.w[x][y]
	return v, ok
}
