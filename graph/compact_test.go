package graph

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strconv"
	"testing"

	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/testgraph"
	"gonum.org/v1/gonum/graph/topo"
)

// compactBuilder is gonum's contract-suite builder for Compact. A Compact's
// nodes are always 0..n-1, so cases whose node IDs are not are skipped.
func compactBuilder(nodes []gograph.Node, edges []testgraph.WeightedLine, _, _ float64) (g gograph.Graph, n []gograph.Node, e []testgraph.Edge, s, a float64, ok bool) {
	ids := map[int64]bool{}
	for _, nd := range nodes {
		ids[nd.ID()] = true
	}
	var b CompactBuilder
	for _, nd := range nodes {
		b.AddNode(key(nd.ID()))
	}
	for _, ed := range edges {
		f, t := ed.From().ID(), ed.To().ID()
		ids[f], ids[t] = true, true
		b.AddEdge(key(f), key(t))
		if f != t {
			e = append(e, simple.Edge{F: simple.Node(f), T: simple.Node(t)})
		}
	}
	for id := range ids {
		if id < 0 || id >= int64(len(ids)) {
			return nil, nil, nil, math.NaN(), math.NaN(), false
		}
	}
	if len(e) == 0 && len(edges) != 0 {
		return nil, nil, nil, math.NaN(), math.NaN(), false
	}
	for id := range int64(len(ids)) {
		n = append(n, simple.Node(id))
	}
	c, _ := b.Compact()
	return c, n, e, math.NaN(), math.NaN(), true
}

// key is a node key that sorts like the number: "k000042".
func key(id int64) string {
	s := strconv.FormatInt(id, 10)
	return "k" + "000000"[len(s):] + s
}

func TestCompactContract(t *testing.T) {
	t.Run("EdgeExistence", func(t *testing.T) { testgraph.EdgeExistence(t, compactBuilder, true) })
	t.Run("NodeExistence", func(t *testing.T) { testgraph.NodeExistence(t, compactBuilder) })
	t.Run("ReturnAdjacentNodes", func(t *testing.T) { testgraph.ReturnAdjacentNodes(t, compactBuilder, true, true) })
	t.Run("ReturnAllNodes", func(t *testing.T) { testgraph.ReturnAllNodes(t, compactBuilder, true) })
	t.Run("ReturnNodeSlice", func(t *testing.T) { testgraph.ReturnNodeSlice(t, compactBuilder, true) })
}

func TestCompactBuilder(t *testing.T) {
	var b CompactBuilder
	for _, e := range [][2]string{
		{"b", "a"}, {"c", "a"}, {"c", "b"}, {"b", "a"}, // a repeat
		{"d", "d"},             // a self-loop: d stays, as a node
		{"c", "ä"}, {"ä", "a"}, // keys are bytes: "ä" sorts after "d"
	} {
		if err := b.AddEdgeBytes([]byte(e[0]), []byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddNode("e"); err != nil {
		t.Fatal(err)
	}
	c, st := b.Compact()
	if want := (CompactStats{SelfLoops: 1, Duplicates: 1}); st != want {
		t.Errorf("stats = %+v; want %+v", st, want)
	}
	var keys []string
	for i := range c.Len() {
		keys = append(keys, c.Key(i))
	}
	if want := []string{"a", "b", "c", "d", "e", "ä"}; !slices.Equal(keys, want) {
		t.Fatalf("keys = %q; want %q", keys, want)
	}
	if c.NumEdges() != 5 {
		t.Errorf("NumEdges = %d; want 5", c.NumEdges())
	}
	idx := func(k string) int32 {
		i, ok := c.Index(k)
		if !ok {
			t.Fatalf("Index(%q) not found", k)
		}
		return int32(i)
	}
	if got, want := c.Succ(int(idx("c"))), []int32{idx("a"), idx("b"), idx("ä")}; !slices.Equal(got, want) {
		t.Errorf("Succ(c) = %v; want %v", got, want)
	}
	if got, want := c.Pred(int(idx("a"))), []int32{idx("b"), idx("c"), idx("ä")}; !slices.Equal(got, want) {
		t.Errorf("Pred(a) = %v; want %v", got, want)
	}
	if _, ok := c.Index("zz"); ok {
		t.Error(`Index("zz") found a node`)
	}
	if c.InDegree(int(idx("a"))) != 3 || c.OutDegree(int(idx("d"))) != 0 || c.OutDegree(int(idx("c"))) != 3 {
		t.Error("degrees wrong")
	}
	if !c.HasEdgeFromTo(int64(idx("c")), int64(idx("ä"))) || c.HasEdgeFromTo(int64(idx("a")), int64(idx("c"))) {
		t.Error("HasEdgeFromTo wrong")
	}
	// gonum's algorithms run on it: the citation graph is a DAG.
	if _, err := topo.Sort(c); err != nil {
		t.Errorf("topo.Sort: %v", err)
	}
}

// TestCompactOrderIndependent: the same edges in another order give the
// same Compact.
func TestCompactOrderIndependent(t *testing.T) {
	g := randomGraph(7, 300, 2000)
	var edges [][2]string
	for u, s := range g {
		for v := range s {
			edges = append(edges, [2]string{strconv.Itoa(u), strconv.FormatInt(v, 10)})
		}
	}
	build := func(es [][2]string) *Compact {
		var b CompactBuilder
		for _, e := range es {
			b.AddEdge(e[0], e[1])
		}
		c, _ := b.Compact()
		return c
	}
	a := build(edges)
	slices.Reverse(edges)
	b := build(edges)
	if !slices.Equal(a.keys, b.keys) || !slices.Equal(a.out, b.out) || !slices.Equal(a.outStart, b.outStart) ||
		!slices.Equal(a.in, b.in) || !slices.Equal(a.inStart, b.inStart) {
		t.Error("the same edges in reverse order gave another Compact")
	}
}

// TestMetricsOnCompactMatchGonum runs gonum's PageRank on a Compact: the
// same fixed point as ours.
func TestMetricsOnCompactMatchGonum(t *testing.T) {
	c := directedCompact(randomGraph(3, 200, 1500))
	ours := c.PageRank(Damping, 1e-13)
	theirs := network.PageRankSparse(c, Damping, 1e-13)
	for i, x := range ours {
		if d := math.Abs(x - theirs[int64(i)]); d > 1e-9 {
			t.Fatalf("PageRank(%d) = %g; gonum %g", i, x, theirs[int64(i)])
		}
	}
	bc, err := c.Betweenness(context.Background(), BetweennessOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g := network.Betweenness(c) // unscaled, non-zero entries only
	n := float64(c.Len())
	for i, x := range bc {
		if d := math.Abs(x - g[int64(i)]/((n-1)*(n-2))); d > 1e-12 {
			t.Fatalf("Betweenness(%d) = %g; gonum %g", i, x, g[int64(i)]/((n-1)*(n-2)))
		}
	}
}

// directedCompact builds the Compact of a fixture, keys sorting by number.
func directedCompact(g []set) *Compact {
	var b CompactBuilder
	for u, s := range g {
		b.AddNode(key(int64(u)))
		for v := range s {
			b.AddEdge(key(int64(u)), key(v))
		}
	}
	c, _ := b.Compact()
	return c
}

// TestMetricsIndependentOfCores: PageRank, HITS and betweenness (exact and
// sampled) are bit-identical whatever GOMAXPROCS and Workers are, on a
// graph big enough for several chunks and betweenness batches.
func TestMetricsIndependentOfCores(t *testing.T) {
	c := directedCompact(randomGraph(11, 20000, 50000, true))
	type result struct{ pr, hub, auth, bc, sampled []float64 }
	run := func(procs, workers int) result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var r result
		r.pr = c.PageRank(Damping, PageRankTol)
		r.hub, r.auth = c.HITS(HITSTol)
		var err error
		if r.bc, err = c.Betweenness(context.Background(), BetweennessOptions{Workers: workers}); err != nil {
			t.Fatal(err)
		}
		if r.sampled, err = c.Betweenness(context.Background(), BetweennessOptions{Workers: workers, Samples: 2000, Seed: 9}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	bits := func(x []float64) []uint64 {
		b := make([]uint64, len(x))
		for i, v := range x {
			b[i] = math.Float64bits(v)
		}
		return b
	}
	want := run(1, 1)
	for _, pw := range [][2]int{{2, 0}, {4, 3}, {3, 8}} {
		got := run(pw[0], pw[1])
		for _, m := range []struct {
			name      string
			got, want []float64
		}{{"PageRank", got.pr, want.pr}, {"hub", got.hub, want.hub}, {"authority", got.auth, want.auth},
			{"betweenness", got.bc, want.bc}, {"sampled betweenness", got.sampled, want.sampled}} {
			if !slices.Equal(bits(m.got), bits(m.want)) {
				t.Errorf("GOMAXPROCS %d, %d workers: %s differs from one core's", pw[0], pw[1], m.name)
			}
		}
	}
}

// TestSampledBetweenness: K ≥ n is exact; the estimate from K pivots is
// within the Hoeffding bound of the doc comment (all nodes at once,
// δ = 0.001) and is deterministic.
func TestSampledBetweenness(t *testing.T) {
	c := directedCompact(randomGraph(5, 3000, 9000))
	ctx := context.Background()
	exact, _ := c.Betweenness(ctx, BetweennessOptions{})
	all, _ := c.Betweenness(ctx, BetweennessOptions{Samples: c.Len()})
	if !slices.Equal(exact, all) {
		t.Error("Samples = n differs from the exact betweenness")
	}
	const k, delta = 400, 0.001
	n := float64(c.Len())
	eps := n / (n - 1) * math.Sqrt(math.Log(2*n/delta)/(2*k))
	est, _ := c.Betweenness(ctx, BetweennessOptions{Samples: k, Seed: DefaultBetweennessSeed})
	var worst, top float64
	for i := range est {
		worst = max(worst, math.Abs(est[i]-exact[i]))
		top = max(top, exact[i])
	}
	if worst > eps {
		t.Errorf("largest error of %d pivots = %g; bound %g", k, worst, eps)
	}
	if worst == 0 {
		t.Error("the estimate equals the exact value: no sampling happened")
	}
	t.Logf("%d pivots of %d: largest error %.3g (bound %.3g, largest betweenness %.3g)", k, c.Len(), worst, eps, top)
	again, _ := c.Betweenness(ctx, BetweennessOptions{Samples: k, Seed: DefaultBetweennessSeed})
	if !slices.Equal(est, again) {
		t.Error("the same seed gave another estimate")
	}
	other, _ := c.Betweenness(ctx, BetweennessOptions{Samples: k, Seed: 1})
	if slices.Equal(est, other) {
		t.Error("another seed gave the same estimate")
	}
}

func TestBetweennessCancelled(t *testing.T) {
	c := directedCompact(randomGraph(5, 3000, 9000))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Betweenness(ctx, BetweennessOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Betweenness on a cancelled context: err = %v; want context.Canceled", err)
	}
}

func TestBetweennessProgress(t *testing.T) {
	c := directedCompact(randomGraph(5, 3000, 9000))
	var calls, last int
	_, err := c.Betweenness(context.Background(), BetweennessOptions{Progress: func(done, total int) {
		calls++
		if total != 3000 || done < last {
			t.Errorf("Progress(%d, %d) after %d", done, total, last)
		}
		last = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != 3000 {
		t.Errorf("Progress: %d calls, last done %d; want some, ending at 3000", calls, last)
	}
}
