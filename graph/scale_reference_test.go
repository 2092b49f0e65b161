package graph

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/citegraph/citegraph/graph/price"
)

// referenceMetrics is the output of testdata/reference.py metrics.
type referenceMetrics struct {
	Nodes       []string  `json:"nodes"`
	PageRank    []float64 `json:"pagerank"`
	Hubs        []float64 `json:"hubs"`
	Authorities []float64 `json:"authorities"`
	Betweenness []float64 `json:"betweenness"`
}

// priceGraph writes the Price-model graph of n papers citing 10 each
// (seed 1) as a TSV edge list in dir and returns its path and its Compact,
// built from the same edges with keys "0".."n-1".
func priceGraph(t testing.TB, dir string, n int) (string, *Compact) {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("price-%d.tsv", n))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	var b CompactBuilder
	price.Edges(n, 10, 1, func(u, v int) {
		fmt.Fprintf(w, "%d\t%d\n", u, v)
		if err := b.AddEdge(strconv.Itoa(u), strconv.Itoa(v)); err != nil {
			t.Fatal(err)
		}
	})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	c, st := b.Compact()
	if st != (CompactStats{}) {
		t.Fatalf("the Price-model graph has self-loops or repeated edges: %+v", st)
	}
	return path, c
}

// reference runs testdata/reference.py metrics with lib on the edge list.
// It fails, never skips, when Debian's module for lib is missing.
func reference(t *testing.T, lib, module, pkg, path string) referenceMetrics {
	t.Helper()
	if err := exec.Command(python, "-c", "import "+module).Run(); err != nil {
		t.Fatalf("the reference metrics need Debian's %s, which %s cannot import (%v); install it with: apt-get install -y %s", lib, python, err, pkg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "testdata/reference.py", "metrics", lib, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("reference.py metrics %s: %v\n%s", lib, err, stderr.Bytes())
	}
	var m referenceMetrics
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("reference.py output: %v", err)
	}
	return m
}

// checkAgainst compares every metric of every node with the reference's,
// to 1e-9.
func checkAgainst(t *testing.T, lib string, c *Compact, ref referenceMetrics) {
	t.Helper()
	if len(ref.Nodes) != c.Len() {
		t.Fatalf("%s has %d nodes; the Compact %d", lib, len(ref.Nodes), c.Len())
	}
	pr := c.PageRank(Damping, PageRankTol)
	hub, auth := c.HITS(HITSTol)
	bc, err := c.Betweenness(context.Background(), BetweennessOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-9
	bad := 0
	check := func(what string, i int, got, want float64) {
		if math.IsNaN(got) || math.Abs(got-want) > tol {
			if bad++; bad <= 10 {
				t.Errorf("%s(%s) = %.15g; %s %.15g", what, ref.Nodes[i], got, lib, want)
			}
		}
	}
	var worst [4]float64
	for j, name := range ref.Nodes {
		i, ok := c.Index(name)
		if !ok {
			t.Fatalf("%s has node %q, the Compact not", lib, name)
		}
		check("PageRank", j, pr[i], ref.PageRank[j])
		check("hub", j, hub[i], ref.Hubs[j])
		check("authority", j, auth[i], ref.Authorities[j])
		check("betweenness", j, bc[i], ref.Betweenness[j])
		for k, d := range []float64{pr[i] - ref.PageRank[j], hub[i] - ref.Hubs[j], auth[i] - ref.Authorities[j], bc[i] - ref.Betweenness[j]} {
			worst[k] = max(worst[k], math.Abs(d))
		}
	}
	if bad > 10 {
		t.Errorf("... %d values off in all", bad)
	}
	t.Logf("largest differences from %s: PageRank %.2g, hub %.2g, authority %.2g, betweenness %.2g", lib, worst[0], worst[1], worst[2], worst[3])
}

// TestMetricsMatchNetworkxPrice10k checks PageRank, HITS and exact
// betweenness on the 10k-paper Price-model graph (100k citations) against
// networkx (its exact betweenness takes about 40 s there).
func TestMetricsMatchNetworkxPrice10k(t *testing.T) {
	t.Parallel()
	path, c := priceGraph(t, t.TempDir(), 10000)
	checkAgainst(t, "networkx", c, reference(t, "networkx", "networkx, scipy", "python3-networkx python3-scipy", path))
}

// TestMetricsMatchIgraphPrice100k checks them on the 100k-paper graph (1M
// citations) against python-igraph.
func TestMetricsMatchIgraphPrice100k(t *testing.T) {
	t.Parallel()
	path, c := priceGraph(t, t.TempDir(), 100000)
	checkAgainst(t, "igraph", c, reference(t, "igraph", "igraph", "python3-igraph", path))
}
