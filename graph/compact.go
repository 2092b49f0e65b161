package graph

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
)

// Compact is an immutable directed graph in compressed sparse row (CSR)
// form, built once and shared by every metric. Its nodes are the dense
// integers 0..n-1 (which are also their gonum node IDs); node i has a string
// key (a paper id), and nodes are numbered in ascending key order (byte-wise
// string order), so the same graph read from any file, in any edge order,
// gives the same Compact and bit-identical metrics.
//
// Both adjacencies are stored: Succ(i) lists the nodes i cites (out-edges,
// citing → cited) and Pred(i) the nodes citing i (in-edges), each ascending
// and free of duplicates; there are no self-loops. Memory is about
// 8·(n+1)·2 + 4·e·2 bytes plus the keys: 1M nodes and 10M edges take about
// 100 MB before keys.
//
// Compact implements gonum's graph.Directed (nodes are simple.Node values,
// edges simple.Edge values), so gonum's algorithms run on it; the metrics of
// this package (PageRank, HITS, Betweenness and the methods of the same
// names) use its arrays directly. A Compact is safe for concurrent use.
type Compact struct {
	keys     []string
	outStart []int // successors of i: out[outStart[i]:outStart[i+1]]
	out      []int32
	inStart  []int // predecessors of i: in[inStart[i]:inStart[i+1]]
	in       []int32
}

// MaxCompactNodes is the largest number of nodes a Compact holds (node
// indices are int32).
const MaxCompactNodes = math.MaxInt32

// Len returns the number of nodes.
func (c *Compact) Len() int { return len(c.outStart) - 1 }

// NumEdges returns the number of edges.
func (c *Compact) NumEdges() int { return len(c.out) }

// Succ returns the nodes that node i cites (its out-neighbours), ascending.
// The slice is shared with c and must not be modified.
func (c *Compact) Succ(i int) []int32 { return c.out[c.outStart[i]:c.outStart[i+1]] }

// Pred returns the nodes that cite node i (its in-neighbours), ascending.
// The slice is shared with c and must not be modified.
func (c *Compact) Pred(i int) []int32 { return c.in[c.inStart[i]:c.inStart[i+1]] }

// OutDegree returns the number of nodes that node i cites.
func (c *Compact) OutDegree(i int) int { return c.outStart[i+1] - c.outStart[i] }

// InDegree returns the number of nodes citing node i.
func (c *Compact) InDegree(i int) int { return c.inStart[i+1] - c.inStart[i] }

// Key returns node i's key.
func (c *Compact) Key(i int) string {
	if c.keys == nil {
		return strconv.Itoa(i)
	}
	return c.keys[i]
}

// Index returns the node whose key is key, by binary search, and whether
// there is one.
func (c *Compact) Index(key string) (int, bool) {
	if c.keys == nil {
		i, err := strconv.Atoi(key)
		return i, err == nil && i >= 0 && i < c.Len() && strconv.Itoa(i) == key
	}
	return slices.BinarySearch(c.keys, key)
}

// Node implements graph.Graph.
func (c *Compact) Node(id int64) gograph.Node {
	if id < 0 || id >= int64(c.Len()) {
		return nil
	}
	return simple.Node(id)
}

// Nodes implements graph.Graph: the nodes in ascending order.
func (c *Compact) Nodes() gograph.Nodes {
	if c.Len() == 0 {
		return gograph.Empty
	}
	return iterator.NewImplicitNodes(0, c.Len(), func(id int) gograph.Node { return simple.Node(id) })
}

// From implements graph.Graph: the successors of node id, ascending.
func (c *Compact) From(id int64) gograph.Nodes {
	if c.Node(id) == nil {
		return gograph.Empty
	}
	return nodeIter(c.Succ(int(id)))
}

// To implements graph.Directed: the predecessors of node id, ascending.
func (c *Compact) To(id int64) gograph.Nodes {
	if c.Node(id) == nil {
		return gograph.Empty
	}
	return nodeIter(c.Pred(int(id)))
}

// HasEdgeBetween implements graph.Graph.
func (c *Compact) HasEdgeBetween(xid, yid int64) bool {
	return c.HasEdgeFromTo(xid, yid) || c.HasEdgeFromTo(yid, xid)
}

// HasEdgeFromTo implements graph.Directed, by binary search.
func (c *Compact) HasEdgeFromTo(uid, vid int64) bool {
	if c.Node(uid) == nil || c.Node(vid) == nil {
		return false
	}
	_, ok := slices.BinarySearch(c.Succ(int(uid)), int32(vid))
	return ok
}

// Edge implements graph.Graph: a simple.Edge, or nil when there is no edge
// from uid to vid.
func (c *Compact) Edge(uid, vid int64) gograph.Edge {
	if !c.HasEdgeFromTo(uid, vid) {
		return nil
	}
	return simple.Edge{F: simple.Node(uid), T: simple.Node(vid)}
}

var _ gograph.Directed = (*Compact)(nil)

// nodeSlice iterates over a successor or predecessor list.
type nodeSlice struct {
	ids []int32
	pos int // index of the current node + 1
}

func nodeIter(ids []int32) gograph.Nodes {
	if len(ids) == 0 {
		return gograph.Empty
	}
	return &nodeSlice{ids: ids}
}

func (s *nodeSlice) Len() int { return len(s.ids) - s.pos }
func (s *nodeSlice) Next() bool {
	if s.pos >= len(s.ids) {
		return false
	}
	s.pos++
	return true
}
func (s *nodeSlice) Node() gograph.Node {
	if s.pos == 0 || s.pos > len(s.ids) {
		return nil
	}
	return simple.Node(s.ids[s.pos-1])
}
func (s *nodeSlice) Reset() { s.pos = 0 }

// newCompactLists builds a Compact over nodes 0..n-1 (n = len(out)) from
// successor lists that are sorted and free of duplicates and self-loops.
// keys may be nil (keys are then the decimal indices) or hold one key per
// node in ascending order.
func newCompactLists(out [][]int, keys []string) *Compact {
	c := &Compact{keys: keys, outStart: make([]int, len(out)+1)}
	m := 0
	for _, s := range out {
		m += len(s)
	}
	c.out = make([]int32, 0, m)
	for i, s := range out {
		for _, v := range s {
			c.out = append(c.out, int32(v))
		}
		c.outStart[i+1] = len(c.out)
	}
	c.transpose()
	return c
}

// compactOf returns g as a Compact and, when g is not one already, the
// gonum ID of each node (node i of the Compact is g's node ids[i]; IDs
// ascending). Edges are taken once each, self-loops dropped.
func compactOf(g gograph.Directed) (c *Compact, ids []int64) {
	if c, ok := g.(*Compact); ok {
		return c, nil
	}
	ids = make([]int64, 0, 16)
	for nodes := g.Nodes(); nodes.Next(); {
		ids = append(ids, nodes.Node().ID())
	}
	slices.Sort(ids)
	index := make(map[int64]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	out := make([][]int, len(ids))
	for i, id := range ids {
		for to := g.From(id); to.Next(); {
			if j := index[to.Node().ID()]; j != i {
				out[i] = append(out[i], j)
			}
		}
		slices.Sort(out[i])
		out[i] = slices.Compact(out[i])
	}
	return newCompactLists(out, nil), ids
}

// keyed returns x (indexed by node) keyed on the gonum IDs that compactOf
// returned (nil: the node indices).
func keyed(ids []int64, x []float64) map[int64]float64 {
	m := make(map[int64]float64, len(x))
	for i, v := range x {
		if ids == nil {
			m[int64(i)] = v
		} else {
			m[ids[i]] = v
		}
	}
	return m
}

// transpose fills the predecessor lists from the successor lists.
func (c *Compact) transpose() {
	n := c.Len()
	c.inStart = make([]int, n+1)
	for _, v := range c.out {
		c.inStart[v+1]++
	}
	for i := range n {
		c.inStart[i+1] += c.inStart[i]
	}
	c.in = make([]int32, len(c.out))
	next := slices.Clone(c.inStart[:n])
	for u := range n { // ascending u keeps each predecessor list sorted
		for _, v := range c.Succ(u) {
			c.in[next[v]] = int32(u)
			next[v]++
		}
	}
}

// CompactBuilder collects the nodes and edges of a graph given by string
// keys and builds a Compact from them. The zero value is ready to use; a
// CompactBuilder is not safe for concurrent use.
type CompactBuilder struct {
	index    map[string]int32
	keys     []string // in order of first appearance
	from, to []int32  // edges by builder index
}

// AddNode adds a node (nothing if it is there already).
func (b *CompactBuilder) AddNode(key string) error {
	_, err := b.node(key)
	return err
}

// AddEdge adds an edge from → to (citing → cited), adding the nodes as
// needed. A self-loop adds its node but no edge; a repeated edge counts
// once. Both are counted in CompactStats.
func (b *CompactBuilder) AddEdge(from, to string) error {
	u, err := b.node(from)
	if err != nil {
		return err
	}
	v, err := b.node(to)
	if err != nil {
		return err
	}
	b.from = append(b.from, u)
	b.to = append(b.to, v)
	return nil
}

// AddEdgeBytes is AddEdge for keys held in byte slices (which it does not
// retain): it allocates only for keys it has not seen.
func (b *CompactBuilder) AddEdgeBytes(from, to []byte) error {
	u, err := b.nodeBytes(from)
	if err != nil {
		return err
	}
	v, err := b.nodeBytes(to)
	if err != nil {
		return err
	}
	b.from = append(b.from, u)
	b.to = append(b.to, v)
	return nil
}

// Nodes returns the number of distinct nodes added so far.
func (b *CompactBuilder) Nodes() int { return len(b.keys) }

// EdgesAdded returns the number of edges added so far, self-loops and
// repeats included.
func (b *CompactBuilder) EdgesAdded() int { return len(b.from) }

func (b *CompactBuilder) nodeBytes(key []byte) (int32, error) {
	if i, ok := b.index[string(key)]; ok { // no allocation for a lookup
		return i, nil
	}
	return b.add(string(key))
}

func (b *CompactBuilder) node(key string) (int32, error) {
	if i, ok := b.index[key]; ok {
		return i, nil
	}
	return b.add(strings.Clone(key))
}

func (b *CompactBuilder) add(key string) (int32, error) {
	if len(b.keys) >= MaxCompactNodes {
		return 0, fmt.Errorf("graph: more than %d nodes", MaxCompactNodes)
	}
	if b.index == nil {
		b.index = map[string]int32{}
	}
	i := int32(len(b.keys))
	b.index[key] = i
	b.keys = append(b.keys, key)
	return i, nil
}

// CompactStats tells what building a Compact dropped.
type CompactStats struct {
	SelfLoops  int // edges from a node to itself, dropped
	Duplicates int // repeats of an edge, dropped
}

// Compact builds the graph and empties the builder. Nodes are numbered in
// ascending key order; self-loops and repeated edges are dropped and
// counted. It takes O(n log n + e log d) time, d the largest out-degree.
func (b *CompactBuilder) Compact() (*Compact, CompactStats) {
	var st CompactStats
	n := len(b.keys)
	// order[new] = old, rank[old] = new
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	keys := b.keys
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(keys[x], keys[y]) })
	rank := make([]int32, n)
	sorted := make([]string, n)
	for nu, old := range order {
		rank[old] = int32(nu)
		sorted[nu] = keys[old]
	}
	order = nil
	b.index, b.keys = nil, nil

	c := &Compact{keys: sorted, outStart: make([]int, n+1)}
	for i, u := range b.from {
		if u == b.to[i] {
			st.SelfLoops++
			continue
		}
		c.outStart[rank[u]+1]++
	}
	for i := range n {
		c.outStart[i+1] += c.outStart[i]
	}
	c.out = make([]int32, c.outStart[n])
	next := slices.Clone(c.outStart[:n])
	for i, u := range b.from {
		v := b.to[i]
		if u == v {
			continue
		}
		ru := rank[u]
		c.out[next[ru]] = rank[v]
		next[ru]++
	}
	b.from, b.to, next, rank = nil, nil, nil, nil
	// Sort each successor list and drop repeats, compacting in place.
	w := 0
	for u := range n {
		s := c.out[c.outStart[u]:c.outStart[u+1]]
		slices.Sort(s)
		start := w
		for j, v := range s {
			if j > 0 && v == s[j-1] {
				st.Duplicates++
				continue
			}
			c.out[w] = v
			w++
		}
		c.outStart[u] = start
	}
	c.outStart[n] = w
	c.out = slices.Clip(c.out[:w])
	if w < cap(c.out)*3/4 {
		c.out = slices.Clone(c.out)
	}
	c.transpose()
	return c, st
}
