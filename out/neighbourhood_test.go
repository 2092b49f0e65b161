package out

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
	"github.com/citegraph/citegraph/graph"
)

// TestNeighbourhoodGolden checks the fixture's neighbourhood artefacts
// against testdata (go test -update rewrites them).
func TestNeighbourhoodGolden(t *testing.T) {
	run := fixtureRun(t)
	sb := run.bibliographies()
	for _, c := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"suggestions.json", func(w io.Writer) error { return writeSuggestionsJSON(w, run, sb) }},
		{"suggestions.csv", func(w io.Writer) error { return writeSuggestionsCSV(w, run, sb) }},
		{"similarity.graphml", func(w io.Writer) error { return WriteSimilarityGraphML(w, run) }},
		{"clusters.csv", func(w io.Writer) error { return WriteClustersCSV(w, run) }},
		{"graph-similarity.json", func(w io.Writer) error { return writeGraphJSON(w, run.Graph, run.Credit, run.Neighbourhood) }},
	} {
		t.Run(c.name, func(t *testing.T) { checkGolden(t, c.name, render(t, c.write)) })
	}
}

// TestSuggestionsFiles: suggestions.json and .csv hold every suggestion in
// rank order with the same fields, and bibKey names its suggested.bib
// entry exactly when it has an id.
func TestSuggestionsFiles(t *testing.T) {
	run := fixtureRun(t)
	var recs []map[string]any
	if err := json.Unmarshal(render(t, func(w io.Writer) error { return WriteSuggestionsJSON(w, run) }), &recs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(render(t, func(w io.Writer) error { return WriteSuggestionsCSV(w, run) })))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	bibText := string(render(t, func(w io.Writer) error {
		sb := run.bibliographies()
		return sb.sug.Write(w, "", sb.sugKeys)
	}))
	if len(recs) != len(run.Suggestions) || len(rows) != len(recs)+1 {
		t.Fatalf("%d JSON records, %d CSV rows for %d suggestions", len(recs), len(rows)-1, len(run.Suggestions))
	}
	kinds := map[string]bool{}
	for i, s := range run.Suggestions {
		r, row := recs[i], rows[i+1]
		kinds[r["kind"].(string)] = true
		if r["id"] != s.Key || row[2] != s.Key || r["kind"] != string(s.Kind) || row[1] != string(s.Kind) {
			t.Errorf("record %d: %v / %v; want %s %s", i, r, row, s.Kind, s.Key)
		}
		if int(r["links"].(float64)) != len(s.Links()) {
			t.Errorf("%s: links %v; want %d", s.Key, r["links"], len(s.Links()))
		}
		key, _ := r["bibKey"].(string)
		if hasID(&s) != (key != "") || (key != "" && !strings.Contains(bibText, "{"+key+",")) {
			t.Errorf("%s: bibKey %q", s.Key, key)
		}
	}
	for _, k := range []string{"prior", "derivative", "similar"} {
		if !kinds[k] {
			t.Errorf("the fixture has no %s suggestion", k)
		}
	}
}

// TestSimilarityGraphMLNetworkx loads similarity.graphml with
// networkx.read_graphml: an undirected graph of the list's papers and the
// suggestions, whose edges carry the similarity counts and strengths.
func TestSimilarityGraphMLNetworkx(t *testing.T) {
	t.Run("fixture", func(t *testing.T) { checkSimilarityNetworkx(t, fixtureRun(t)) })
	t.Run("seed", func(t *testing.T) {
		run := seedRun(t)
		run.Neighbourhood = run.Graph.Neighbourhood(&graph.Expansion{Records: seedExtra(t), MinLinks: 2})
		run.Suggestions = run.Neighbourhood.Suggestions
		checkSimilarityNetworkx(t, run)
	})
}

func checkSimilarityNetworkx(t *testing.T, run *Run) {
	t.Helper()
	const python = "/usr/bin/python3"
	path := filepath.Join(t.TempDir(), "similarity.graphml")
	if err := WriteFileAtomic(path, func(w io.Writer) error { return WriteSimilarityGraphML(w, run) }); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
print(json.dumps({"directed": g.is_directed(), "nodes": {n: d for n, d in g.nodes(data=True)},
                  "edges": [[u, v, d] for u, v, d in g.edges(data=True)]}))
`
	out, err := exec.Command(python, "-c", script, path).Output()
	if err != nil {
		t.Fatalf("%s with networkx (apt-get install -y python3-networkx): %v", python, err)
	}
	var got struct {
		Directed bool
		Nodes    map[string]map[string]any
		Edges    [][3]json.RawMessage
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	nb := run.Neighbourhood
	if got.Directed || len(got.Nodes) != run.Graph.Len()+len(run.Suggestions) {
		t.Errorf("directed %t, %d nodes; want undirected, %d", got.Directed, len(got.Nodes), run.Graph.Len()+len(run.Suggestions))
	}
	for _, s := range run.Suggestions {
		if d := got.Nodes[s.Key]; d == nil || d["inList"] != false || d["kind"] != string(s.Kind) {
			t.Errorf("suggestion %s: %v", s.Key, d)
		}
	}
	for _, n := range run.Graph.Nodes() {
		if d := got.Nodes[n.Key]; d == nil || d["inList"] != true {
			t.Errorf("list paper %s: %v", n.Key, d)
		}
	}
	want := map[string]graph.SimilarityEdge{}
	for _, e := range append(append([]graph.SimilarityEdge{}, nb.Similarity...), nb.Neighbours...) {
		want[e.A+"|"+e.B] = e
	}
	if len(got.Edges) != len(want) || len(want) == 0 {
		t.Errorf("networkx sees %d edges; want %d", len(got.Edges), len(want))
	}
	for _, e := range got.Edges {
		var u, v string
		var d struct {
			Weight, CocitationStrength, CouplingStrength float64
			Cocitation                                   int
			Coupling                                     int
		}
		if json.Unmarshal(e[0], &u) != nil || json.Unmarshal(e[1], &v) != nil || json.Unmarshal(e[2], &d) != nil {
			t.Fatalf("edge %s", e)
		}
		if u > v {
			u, v = v, u
		}
		w, ok := want[u+"|"+v]
		if !ok || d.Cocitation != w.CoCitation || d.Coupling != w.Coupling || math.Abs(d.Weight-w.Strength) > 1e-15 ||
			math.Abs(d.CocitationStrength-w.CoCitationStrength) > 1e-15 || math.Abs(d.CouplingStrength-w.CouplingStrength) > 1e-15 {
			t.Errorf("edge %s–%s: %+v; want %+v", u, v, d, w)
		}
	}
}

// seedExtra returns the snapshot's records of papers outside the list
// (seedRun's extra records).
func seedExtra(t testing.TB) []*bib.Paper {
	t.Helper()
	recs, errs := bib.DecodeJSONL("model-compression.s2.jsonl", data.Snapshot)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	return recs[43:]
}
