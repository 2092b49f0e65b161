package graph

import (
	"math"
	"slices"

	gograph "gonum.org/v1/gonum/graph"
)

// Defaults used by Rank.
const (
	// Damping is the PageRank damping factor (networkx's alpha).
	Damping = 0.85
	// PageRankTol is the PageRank stopping tolerance on the L1 norm of the
	// change between iterations.
	PageRankTol = 1e-12
	// HITSTol is the HITS stopping tolerance on the L1 norm of the change of
	// the max-normalised hub vector between iterations, per node.
	HITSTol = 1e-14
)

// maxIter bounds every power iteration. PageRank with damping d < 1 is a
// contraction with factor d in the L1 norm and reaches 1e-12 in under 200
// iterations at d = 0.85; the bound only guards against degenerate input
// (d ≥ 1, or HITS with nearly repeated dominant singular values).
const maxIter = 100000

// adjacency is a compressed sparse row form of a directed graph: nodes in
// ascending ID order, successor and predecessor lists ascending. Every sum
// over it runs in that fixed order, which makes the metrics bit-for-bit
// reproducible (gonum's simple graphs iterate maps in random order).
type adjacency struct {
	ids      []int64 // ids[i] is the gonum ID of node i
	outStart []int   // successors of i: out[outStart[i]:outStart[i+1]]
	out      []int
	inStart  []int // predecessors of i: in[inStart[i]:inStart[i+1]]
	in       []int
}

func newAdjacency(g gograph.Directed) *adjacency {
	nodes := gograph.NodesOf(g.Nodes())
	ids := make([]int64, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID()
	}
	slices.Sort(ids)
	index := make(map[int64]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	a := &adjacency{ids: ids, outStart: make([]int, len(ids)+1)}
	var succ []int
	for i, id := range ids {
		succ = succ[:0]
		to := g.From(id)
		for to.Next() {
			succ = append(succ, index[to.Node().ID()])
		}
		slices.Sort(succ)
		succ = slices.Compact(succ)
		a.out = append(a.out, succ...)
		a.outStart[i+1] = len(a.out)
	}
	a.transpose()
	return a
}

// newAdjacencyLists builds an adjacency over nodes 0..n-1 from successor
// lists that are already sorted and free of duplicates.
func newAdjacencyLists(out [][]int) *adjacency {
	a := &adjacency{ids: make([]int64, len(out)), outStart: make([]int, len(out)+1)}
	for i, s := range out {
		a.ids[i] = int64(i)
		a.out = append(a.out, s...)
		a.outStart[i+1] = len(a.out)
	}
	a.transpose()
	return a
}

// transpose fills the predecessor lists from the successor lists.
func (a *adjacency) transpose() {
	n := len(a.ids)
	a.inStart = make([]int, n+1)
	for _, v := range a.out {
		a.inStart[v+1]++
	}
	for i := 0; i < n; i++ {
		a.inStart[i+1] += a.inStart[i]
	}
	a.in = make([]int, len(a.out))
	next := slices.Clone(a.inStart[:n])
	for u := 0; u < n; u++ { // ascending u keeps each predecessor list sorted
		for _, v := range a.succ(u) {
			a.in[next[v]] = u
			next[v]++
		}
	}
}

func (a *adjacency) succ(i int) []int { return a.out[a.outStart[i]:a.outStart[i+1]] }
func (a *adjacency) pred(i int) []int { return a.in[a.inStart[i]:a.inStart[i+1]] }

func (a *adjacency) keyed(x []float64) map[int64]float64 {
	m := make(map[int64]float64, len(x))
	for i, v := range x {
		m[a.ids[i]] = v
	}
	return m
}

// PageRank returns the PageRank of every node of g as networkx.pagerank(G,
// alpha=damp) defines it, keyed on the graph node IDs:
//
//	x_0(v)     = 1/n
//	x_{k+1}(v) = damp·( \sum_{u→v} x_k(u)/outdeg(u) + \sum_{u: outdeg(u)=0} x_k(u)/n ) + (1-damp)/n
//
// that is, a dangling node's rank is spread uniformly over all nodes and the
// teleport (personalization) vector is uniform. Iteration stops at the first
// x_{k+1} with \sum_v |x_{k+1}(v) - x_k(v)| < tol (networkx stops at
// n·tol, its default tol = 1e-6, which leaves answers ~1e-5 off), or after
// 100000 iterations. Every edge counts once: edge weights are ignored.
// Each iteration costs O(n + e).
//
// It computes the same fixed point as gonum's network.PageRankSparse but
// differs from it in three ways: gonum starts from a random vector (so its
// results vary from run to run in the last digits), stops on the 2-norm of
// the change rather than the L1 norm, and visits nodes in map order. This
// function starts from the uniform vector, as networkx does, sums in
// ascending node ID order and is deterministic.
func PageRank(g gograph.Directed, damp, tol float64) map[int64]float64 {
	a := newAdjacency(g)
	return a.keyed(a.pageRank(damp, tol))
}

func (a *adjacency) pageRank(damp, tol float64) []float64 {
	n := len(a.ids)
	if n == 0 {
		return nil
	}
	x := make([]float64, n)
	y := make([]float64, n)
	share := make([]float64, n) // x(u)/outdeg(u)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	for range maxIter {
		var dangling float64
		for u := range n {
			if d := a.outStart[u+1] - a.outStart[u]; d > 0 {
				share[u] = x[u] / float64(d)
			} else {
				share[u] = 0
				dangling += x[u]
			}
		}
		base := damp*dangling/float64(n) + (1-damp)/float64(n)
		var err float64
		for v := range n {
			var s float64
			for _, u := range a.pred(v) {
				s += share[u]
			}
			y[v] = base + damp*s
			err += math.Abs(y[v] - x[v])
		}
		x, y = y, x
		if err < tol {
			break
		}
	}
	return x
}

// HITS returns the hub and authority scores of every node of g, keyed on
// the graph node IDs, each normalised to sum 1. With A the adjacency matrix
// (A[u][v] = 1 when u→v), authorities are the dominant eigenvector of AᵀA
// and hubs h = A·a, found by the power iteration of networkx's pure-Python
// HITS (networkx.algorithms.link_analysis.hits_alg._hits_python):
//
//	h_0 = 1/n
//	a_{k+1} = Aᵀ·h_k,  h_{k+1} = A·a_{k+1},  each then divided by its maximum
//
// stopping at the first h_{k+1} with \sum_v |h_{k+1}(v) - h_k(v)| < n·tol
// (networkx stops at tol; scaling by n keeps the bound above the rounding
// noise of large graphs), or after 100000 iterations, and finally dividing
// h and a by their sums. Each iteration costs O(n + e); the number of
// iterations grows as the ratio of the two largest singular values of A
// nears 1.
//
// Where the dominant singular value of A is simple this is the answer of
// networkx.hits (networkx 2.8, which uses a sparse SVD). Where it is
// repeated (e.g. two disconnected components of the same shape), networkx
// 2.8's answer is an arbitrary vector of the dominant subspace that changes
// between calls; this function's answer is the limit of the power iteration
// from the uniform vector, which is unique. A graph with no edges has no hub
// or authority: every score is 0 (networkx 2.8 returns NaN hubs there, and
// fails on a single node). gonum has no HITS.
func HITS(g gograph.Directed, tol float64) (hubs, authorities map[int64]float64) {
	a := newAdjacency(g)
	h, au := a.hits(tol)
	return a.keyed(h), a.keyed(au)
}

func (a *adjacency) hits(tol float64) (hubs, auths []float64) {
	n := len(a.ids)
	h := make([]float64, n)
	au := make([]float64, n)
	if len(a.out) == 0 {
		return h, au
	}
	last := make([]float64, n)
	for i := range h {
		h[i] = 1 / float64(n)
	}
	for range maxIter {
		h, last = last, h
		for v := range n {
			var s float64
			for _, u := range a.pred(v) {
				s += last[u]
			}
			au[v] = s
		}
		for u := range n {
			var s float64
			for _, v := range a.succ(u) {
				s += au[v]
			}
			h[u] = s
		}
		scale(h, 1/slices.Max(h))
		scale(au, 1/slices.Max(au))
		var err float64
		for i := range h {
			err += math.Abs(h[i] - last[i])
		}
		if err < tol*float64(n) {
			break
		}
	}
	scale(h, 1/sum(h))
	scale(au, 1/sum(au))
	return h, au
}

func scale(x []float64, f float64) {
	for i := range x {
		x[i] *= f
	}
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

// Betweenness returns the betweenness centrality of every node of g (zeros
// included), keyed on the graph node IDs, as
// networkx.betweenness_centrality(G, normalized=True) defines it for a
// directed graph:
//
//	C_B(v) = 1/((n-1)(n-2)) · \sum_{s ≠ v ≠ t ∈ V} \sigma_{st}(v) / \sigma_{st}
//
// where \sigma_{st} is the number of shortest directed paths from s to t and
// \sigma_{st}(v) the number of those passing through v; ordered pairs (s, t)
// count separately, and for n ≤ 2 no scaling is applied (every value is 0).
// It runs Brandes' algorithm in O(n·e) time and O(n + e) space.
//
// gonum's network.Betweenness counts directed paths the same way but returns
// the unscaled sum and only its non-zero entries, and accumulates in map
// order; this function scales, returns every node and is deterministic.
func Betweenness(g gograph.Directed) map[int64]float64 {
	a := newAdjacency(g)
	return a.keyed(a.betweenness())
}

func (a *adjacency) betweenness() []float64 {
	n := len(a.ids)
	cb := make([]float64, n)
	sigma := make([]float64, n)
	dist := make([]int, n)
	delta := make([]float64, n)
	order := make([]int, 0, n) // BFS order; read backwards it is Brandes' stack
	for s := range n {
		for i := range n {
			sigma[i], dist[i], delta[i] = 0, -1, 0
		}
		sigma[s], dist[s] = 1, 0
		order = append(order[:0], s)
		for head := 0; head < len(order); head++ {
			v := order[head]
			for _, w := range a.succ(v) {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					order = append(order, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
				}
			}
		}
		for i := len(order) - 1; i > 0; i-- { // order[0] == s
			w := order[i]
			coeff := (1 + delta[w]) / sigma[w]
			for _, v := range a.pred(w) {
				if dist[v] >= 0 && dist[v] == dist[w]-1 {
					delta[v] += sigma[v] * coeff
				}
			}
			cb[w] += delta[w]
		}
	}
	if n > 2 {
		scale(cb, 1/float64((n-1)*(n-2)))
	}
	return cb
}
