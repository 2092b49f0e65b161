package graph

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	gograph "gonum.org/v1/gonum/graph"
)

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
// It runs Brandes' algorithm in O(n·e) time and O(n + e) space, on all
// cores (see Compact.Betweenness; the result does not depend on their
// number).
//
// gonum's network.Betweenness counts directed paths the same way but returns
// the unscaled sum and only its non-zero entries, and accumulates in map
// order; this function scales, returns every node and is deterministic.
func Betweenness(g gograph.Directed) map[int64]float64 {
	c, ids := compactOf(g)
	bc, _ := c.Betweenness(context.Background(), BetweennessOptions{}) // fails only when ctx is done
	return keyed(ids, bc)
}

// BetweennessOptions tune Compact.Betweenness. The zero value asks for the
// exact betweenness on all cores.
type BetweennessOptions struct {
	// Samples, when positive and below the number of nodes, asks for the
	// approximation from Samples source nodes ("pivots") drawn uniformly
	// without replacement; otherwise every node is a source and the result
	// is exact.
	Samples int
	// Seed seeds the draw of the pivots (PCG): the same seed, graph and
	// Samples give the same pivots and bit-identical results.
	Seed uint64
	// Workers is the number of goroutines; 0 means GOMAXPROCS. It changes
	// the time taken, never the result.
	Workers int
	// Progress, if not nil, is called after each batch of sources with the
	// number of sources done and the total, from one goroutine at a time.
	Progress func(done, total int)
}

// DefaultBetweennessSeed is the seed citegraph draws pivots with.
const DefaultBetweennessSeed = 0x63697465 // "cite"

// Betweenness returns the betweenness centrality of every node by index, as
// the package function Betweenness defines it, or its estimate from sampled
// pivots (opt.Samples). It stops early, returning ctx.Err(), when ctx is
// done.
//
// Exact: Brandes' algorithm with one breadth-first search per source s,
// which counts the shortest paths \sigma_{sv} in BFS order, then
// accumulates the dependencies in reverse BFS order over the shortest-path
// DAG only:
//
//	\delta_s(v) = \sum_{w ∈ Succ(v), d(s,w) = d(s,v)+1} \sigma_{sv}/\sigma_{sw} · (1 + \delta_s(w))
//
// pulling from v's successors, every one of which the search reached, so
// each source costs O(nodes and edges it reaches) and only the nodes it
// reached are reset before the next one. Sources are cut into batches by
// source count only (at least 64 sources, at most 512 batches); batches run in parallel and
// their sums are added to the result in batch order, so the result is the
// same bit for bit whatever the number of cores or Workers.
//
// Sampled (0 < opt.Samples = K < n): the same sum over K pivots drawn
// uniformly without replacement, scaled by n/K, as
// networkx.betweenness_centrality(G, k=K, normalized=True) estimates it
// (with its own draw of pivots). Each pivot s contributes
// Y_s(v) = n·\delta_s(v)/((n-1)(n-2)), which lies in [0, n/(n-1)] because
// \delta_s(v) ≤ n-2, and whose mean over all sources is the exact C_B(v); by
// Hoeffding's inequality (which holds for draws without replacement) the
// estimate of any one node is within
//
//	ε = n/(n-1) · sqrt(ln(2/δ) / (2K))
//
// of the exact value with probability at least 1-δ, and all n nodes are at
// once with probability at least 1-δ when ln(2/δ) is replaced by ln(2n/δ).
// For K = 1000 and δ = 0.05 that is ε ≈ 0.043 per node; K = 10000 gives
// ε ≈ 0.014. The bound is absolute: the pivots rank well the nodes whose
// betweenness is large against it, not the long tail of small values.
func (c *Compact) Betweenness(ctx context.Context, opt BetweennessOptions) ([]float64, error) {
	n := c.Len()
	sources := make([]int32, 0, n)
	sampled := opt.Samples > 0 && opt.Samples < n
	if sampled {
		sources = samplePivots(n, opt.Samples, opt.Seed)
	} else {
		for i := range n {
			sources = append(sources, int32(i))
		}
	}
	cb, err := c.brandes(ctx, sources, opt)
	if err != nil {
		return nil, err
	}
	if n > 2 {
		f := 1 / float64((n-1)*(n-2))
		if sampled {
			f *= float64(n) / float64(len(sources))
		}
		for i := range cb {
			cb[i] *= f
		}
	}
	return cb, nil
}

// samplePivots draws k distinct nodes of n uniformly (partial Fisher–Yates
// over a PCG stream seeded with seed) and returns them ascending.
func samplePivots(n, k int, seed uint64) []int32 {
	r := rand.New(rand.NewPCG(seed, 0x7069766f74)) // "pivot"
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	for i := range k {
		j := i + r.IntN(n-i)
		perm[i], perm[j] = perm[j], perm[i]
	}
	s := slices.Clone(perm[:k])
	slices.Sort(s)
	return s
}

// Sources are cut into batches of at least minBatch sources and at most
// maxBatches batches: each batch's sum is added to the result in O(n), under
// a lock.
const (
	minBatch   = 64
	maxBatches = 512
)

// brandesNode is the per-source state of one node, kept together (16
// bytes) so that the search touches one cache line per edge.
type brandesNode struct {
	// val is σ(v), the number of shortest paths from the source, until v's
	// dependency is known, then (1 + δ(v)) / σ(v).
	val  float64
	dist int32 // distance from the source, -1 if not reached
	pos  int32 // position in BFS order
}

// hubFirst is the graph relabelled for the cache: new node j is old node
// old[j], nodes in descending in-degree (ties in index order), so that
// the much-cited papers most searches reach sit together in memory. Each
// successor list keeps the old order of its nodes, so a search visits
// nodes in the same order as on the Compact itself and every sum comes
// out bit-identical.
type hubFirst struct {
	out      []int32
	outStart []int
	old      []int32 // new → old
	nu       []int32 // old → new
}

func newHubFirst(c *Compact) *hubFirst {
	n := c.Len()
	maxIn := 0
	for i := range n {
		maxIn = max(maxIn, c.InDegree(i))
	}
	// counting sort by in-degree, descending, stable
	start := make([]int, maxIn+2)
	for i := range n {
		start[maxIn-c.InDegree(i)+1]++
	}
	for d := range maxIn + 1 {
		start[d+1] += start[d]
	}
	h := &hubFirst{old: make([]int32, n), nu: make([]int32, n), outStart: make([]int, n+1)}
	for i := range n {
		d := maxIn - c.InDegree(i)
		h.old[start[d]] = int32(i)
		h.nu[i] = int32(start[d])
		start[d]++
	}
	h.out = make([]int32, 0, len(c.out))
	for j, o := range h.old {
		for _, w := range c.Succ(int(o)) {
			h.out = append(h.out, h.nu[w])
		}
		h.outStart[j+1] = len(h.out)
	}
	return h
}

// brandes returns the unscaled betweenness sum over the given sources.
func (c *Compact) brandes(ctx context.Context, sources []int32, opt BetweennessOptions) ([]float64, error) {
	n := c.Len()
	total := make([]float64, n)
	if len(sources) == 0 || n == 0 {
		return total, nil
	}
	per := max((len(sources)+maxBatches-1)/maxBatches, minBatch)
	batches := (len(sources) + per - 1) / per
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, batches)

	h := newHubFirst(c)
	acc := make([]float64, n) // by new index
	red := &reducer{total: acc, pending: map[int][]float64{}, limit: 2 * workers}
	red.cond = sync.NewCond(&red.mu)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			st := make([]brandesNode, n)
			for i := range st {
				st[i].dist = -1
			}
			sc := &scratch{}
			for ctx.Err() == nil {
				buf := red.buffer(n) // before claiming a batch: see reducer
				k := int(next.Add(1)) - 1
				if k >= batches {
					red.release(buf)
					return
				}
				for _, s := range sources[k*per : min(len(sources), (k+1)*per)] {
					h.dependencies(int(h.nu[s]), st, sc, buf)
				}
				red.submit(k, buf, func(done int) {
					if opt.Progress != nil {
						opt.Progress(min(done*per, len(sources)), len(sources))
					}
				})
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for j, o := range h.old {
		total[o] = acc[j]
	}
	return total, nil
}

// dependencies runs one source of Brandes' algorithm: it adds δ_s(v) to
// acc[v] for every node v ≠ s that s reaches, and leaves st as it found it
// (every node unreached). sc is scratch space.
//
// δ_s(v) adds its terms in reverse BFS order of the successors w, the order
// in which the classic form of Brandes' algorithm (popping w off a stack and
// pushing to its predecessors) adds them, so that results agree with it to
// the last bit.
func (h *hubFirst) dependencies(s int, st []brandesNode, sc *scratch, acc []float64) {
	out, outStart := h.out, h.outStart
	st[s].val, st[s].dist, st[s].pos = 1, 0, 0
	order := append(sc.order[:0], int32(s))
	// dag[dagEnd[i-1]:dagEnd[i]] are the successors of order[i] on the
	// shortest-path DAG: recorded as the search meets them (a successor at
	// distance d(v)+1 is final when v is scanned), so the backward pass
	// reads only DAG edges.
	dag, dagEnd := sc.dag[:0], sc.dagEnd[:0]
	for head := 0; head < len(order); head++ {
		v := order[head]
		dv, sv := st[v].dist, st[v].val
		for _, w := range out[outStart[v]:outStart[v+1]] {
			nw := &st[w]
			if nw.dist < 0 {
				nw.dist, nw.pos = dv+1, int32(len(order))
				order = append(order, w)
			}
			if nw.dist == dv+1 {
				nw.val += sv
				dag = append(dag, dagEdge{w: w, pos: nw.pos})
			}
		}
		dagEnd = append(dagEnd, len(dag))
	}
	terms := sc.terms
	for i := len(order) - 1; i > 0; i-- { // order[0] == s
		nv := &st[order[i]]
		sv := nv.val
		succ := dag[dagEnd[i-1]:dagEnd[i]]
		var delta float64
		switch len(succ) {
		case 0:
		case 1:
			delta = sv * st[succ[0].w].val
		case 2:
			delta = sv*st[succ[0].w].val + sv*st[succ[1].w].val // addition commutes
		default:
			terms = terms[:0]
			for _, e := range succ {
				t := term{pos: e.pos, x: sv * st[e.w].val}
				k := len(terms) // insertion sort, pos descending
				terms = append(terms, t)
				for ; k > 0 && terms[k-1].pos < t.pos; k-- {
					terms[k] = terms[k-1]
				}
				terms[k] = t
			}
			for _, t := range terms {
				delta += t.x
			}
		}
		acc[order[i]] += delta
		nv.val = (1 + delta) / sv
	}
	for _, v := range order {
		st[v] = brandesNode{dist: -1}
	}
	sc.order, sc.terms, sc.dag, sc.dagEnd = order, terms, dag, dagEnd
}

// scratch is a worker's reusable space.
type scratch struct {
	order  []int32 // BFS order; read backwards it is Brandes' stack
	dag    []dagEdge
	dagEnd []int
	terms  []term
}

// dagEdge is an edge of the shortest-path DAG to w, the pos-th node found.
type dagEdge struct {
	w, pos int32
}

// term is one successor's share of a dependency.
type term struct {
	pos int32 // the successor's position in BFS order
	x   float64
}

// reducer adds the batches' sums to the total in batch order, whatever
// order they finish in. Workers take a buffer before claiming a batch, so
// the lowest unfinished batch always has a buffer and the pool (limit
// buffers) cannot deadlock.
type reducer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	total   []float64
	pending map[int][]float64 // finished batches waiting for an earlier one
	next    int               // the next batch to add
	free    [][]float64
	made    int
	limit   int
}

// buffer returns a zeroed buffer of n, waiting while limit buffers are in
// use.
func (r *reducer) buffer(n int) []float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.free) == 0 && r.made >= r.limit {
		r.cond.Wait()
	}
	if k := len(r.free); k > 0 {
		b := r.free[k-1]
		r.free = r.free[:k-1]
		return b
	}
	r.made++
	return make([]float64, n)
}

func (r *reducer) release(b []float64) {
	r.mu.Lock()
	r.free = append(r.free, b)
	r.mu.Unlock()
	r.cond.Broadcast()
}

// submit hands in batch k's sum and adds every batch that is now next in
// line; progress is called with the number of batches added.
func (r *reducer) submit(k int, b []float64, progress func(done int)) {
	r.mu.Lock()
	r.pending[k] = b
	added := false
	for {
		b, ok := r.pending[r.next]
		if !ok {
			break
		}
		delete(r.pending, r.next)
		for i, v := range b {
			if v != 0 {
				r.total[i] += v
				b[i] = 0
			}
		}
		r.free = append(r.free, b)
		r.next++
		added = true
	}
	if added {
		progress(r.next)
	}
	r.mu.Unlock()
	r.cond.Broadcast()
}
