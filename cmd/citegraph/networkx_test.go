package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeedMetricsMatchNetworkx loads the main job's graph.graphml with
// networkx.read_graphml and checks PageRank, HITS, betweenness and local
// citations in rankings.json against networkx to 1e-6. It needs Debian's
// python3-networkx (`make deps` installs it); without it the test fails,
// never skips.
func TestSeedMetricsMatchNetworkx(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import networkx").Run(); err != nil {
		t.Fatalf("%s cannot import networkx (%v): run `make deps` (apt-get install -y python3-networkx)", python, err)
	}
	dir := t.TempDir()
	runBuild(t, nil, exitOK, "--out", dir, "-q")
	out, err := exec.Command(python, filepath.Join("testdata", "check_networkx.py"), dir).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx disagrees (%v):\n%s", err, out)
	}
	if !strings.Contains(string(out), "checked 42 papers, 92 edges, 0 disagreements") {
		t.Errorf("unexpected check output:\n%s", out)
	}
}
