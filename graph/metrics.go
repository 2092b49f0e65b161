package graph

import (
	"math"

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
// 100000 iterations. Every edge counts once: edge weights are ignored, and
// self-loops and repeated edges are dropped. Each iteration costs O(n + e).
//
// It computes the same fixed point as gonum's network.PageRankSparse but
// differs from it in three ways: gonum starts from a random vector (so its
// results vary from run to run in the last digits), stops on the 2-norm of
// the change rather than the L1 norm, and visits nodes in map order. This
// function starts from the uniform vector, as networkx does, sums in
// ascending node ID order and is deterministic.
//
// g is converted to a Compact first unless it is one (Compact.PageRank
// avoids the map).
func PageRank(g gograph.Directed, damp, tol float64) map[int64]float64 {
	c, ids := compactOf(g)
	return keyed(ids, c.PageRank(damp, tol))
}

// PageRank returns the PageRank of every node by index, as the package
// function PageRank defines it. The iteration runs on all cores; every sum
// runs in a fixed order (see forChunks), so the result is bit-identical
// whatever the number of cores.
func (c *Compact) PageRank(damp, tol float64) []float64 {
	n := c.Len()
	if n == 0 {
		return nil
	}
	x := make([]float64, n)
	y := make([]float64, n)
	share := make([]float64, n) // x(u)/outdeg(u), 0 for dangling u
	next := make([]float64, n)  // the same for y, filled as y is
	chunks := numChunks(n)
	dangling := make([]float64, chunks) // per chunk: the rank of dangling nodes
	errs := make([]float64, chunks)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	// shares fills share (or next) and the chunk's dangling rank from
	// x (or y) for nodes lo..hi-1.
	shares := func(k, lo, hi int, x, share []float64) {
		var d float64
		for u := lo; u < hi; u++ {
			if deg := c.outStart[u+1] - c.outStart[u]; deg > 0 {
				share[u] = x[u] / float64(deg)
			} else {
				share[u] = 0
				d += x[u]
			}
		}
		dangling[k] = d
	}
	forChunks(n, func(k, lo, hi int) { shares(k, lo, hi, x, share) })
	for range maxIter {
		base := damp*sum(dangling)/float64(n) + (1-damp)/float64(n)
		// One pass per iteration: each chunk sums its nodes' in-edges,
		// then prepares its shares for the next iteration.
		forChunks(n, func(k, lo, hi int) {
			var err float64
			for v := lo; v < hi; v++ {
				var s float64
				for _, u := range c.in[c.inStart[v]:c.inStart[v+1]] {
					s += share[u]
				}
				y[v] = base + damp*s
				err += math.Abs(y[v] - x[v])
			}
			errs[k] = err
			shares(k, lo, hi, y, next)
		})
		x, y = y, x
		share, next = next, share
		if sum(errs) < tol {
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
	c, ids := compactOf(g)
	h, au := c.HITS(tol)
	return keyed(ids, h), keyed(ids, au)
}

// HITS returns the hub and authority scores of every node by index, as the
// package function HITS defines them, computed on all cores with every sum
// in a fixed order (bit-identical whatever the number of cores).
func (c *Compact) HITS(tol float64) (hubs, authorities []float64) {
	n := c.Len()
	h := make([]float64, n)
	au := make([]float64, n)
	if len(c.out) == 0 {
		return h, au
	}
	last := make([]float64, n)
	for i := range h {
		h[i] = 1 / float64(n)
	}
	chunks := numChunks(n)
	maxH := make([]float64, chunks)
	maxA := make([]float64, chunks)
	part := make([]float64, chunks)
	for range maxIter {
		h, last = last, h
		gather(au, last, c.inStart, c.in, maxA) // a = Aᵀh
		gather(h, au, c.outStart, c.out, maxH)  // h = A a
		fh, fa := 1/maxOf(maxH), 1/maxOf(maxA)
		forChunks(n, func(k, lo, hi int) {
			var err float64
			for i := lo; i < hi; i++ {
				h[i] *= fh
				au[i] *= fa
				err += math.Abs(h[i] - last[i])
			}
			part[k] = err
		})
		if sum(part) < tol*float64(n) {
			break
		}
	}
	normalise(h)
	normalise(au)
	return h, au
}

// gather sets dst[v] to the sum of src over v's neighbours in the CSR
// lists (start, adj), on all cores, and maxes[k] to the largest dst of
// chunk k.
func gather(dst, src []float64, start []int, adj []int32, maxes []float64) {
	forChunks(len(dst), func(k, lo, hi int) {
		m := math.Inf(-1)
		for v := lo; v < hi; v++ {
			var s float64
			for _, u := range adj[start[v]:start[v+1]] {
				s += src[u]
			}
			dst[v] = s
			m = max(m, s)
		}
		maxes[k] = m
	})
}

// normalise divides x by its sum (added in chunk order).
func normalise(x []float64) {
	part := make([]float64, numChunks(len(x)))
	forChunks(len(x), func(k, lo, hi int) {
		var s float64
		for _, v := range x[lo:hi] {
			s += v
		}
		part[k] = s
	})
	f := 1 / sum(part)
	forChunks(len(x), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			x[i] *= f
		}
	})
}

func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}
