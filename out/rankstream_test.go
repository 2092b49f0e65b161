package out

import (
	"bytes"
	"math"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/citegraph/citegraph/graph"
)

// TestRankingsStreamMatchesWriters: the stream writes the bytes of
// WriteRankingsJSON and WriteRankingsCSV, for the seed run's scores, for
// scores with unknown values and NaN, and for none.
func TestRankingsStreamMatchesWriters(t *testing.T) {
	odd := []graph.Score{{Rank: 1, Key: "CorpusId:1", PageRank: 0.5, Betweenness: math.NaN()}, {Rank: 2, Key: "x<&>\"y", PageRank: 1e-9}}
	for name, scores := range map[string][]graph.Score{"seed": seedRun(t).Scores, "odd": odd, "none": nil} {
		var wantJSON, wantCSV, gotJSON, gotCSV bytes.Buffer
		if err := WriteRankingsJSON(&wantJSON, scores); err != nil {
			t.Fatal(err)
		}
		if err := WriteRankingsCSV(&wantCSV, scores); err != nil {
			t.Fatal(err)
		}
		js, cs := NewRankingsStream(&gotJSON, nil), NewRankingsStream(nil, &gotCSV)
		for i := range scores {
			if err := js.Write(&scores[i]); err != nil {
				t.Fatal(err)
			}
			if err := cs.Write(&scores[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := js.Close(); err != nil {
			t.Fatal(err)
		}
		if err := cs.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gotJSON.Bytes(), wantJSON.Bytes()) {
			t.Errorf("%s: stream JSON differs:\n%s\nwant\n%s", name, gotJSON.Bytes(), wantJSON.Bytes())
		}
		if !bytes.Equal(gotCSV.Bytes(), wantCSV.Bytes()) {
			t.Errorf("%s: stream CSV differs:\n%s\nwant\n%s", name, gotCSV.Bytes(), wantCSV.Bytes())
		}
	}
}

// TestParquetReadBack writes the seed graph's edges and vertices as Parquet
// and reads them back with parquet-go.
func TestParquetReadBack(t *testing.T) {
	run := seedRun(t)
	c := run.Graph.Compact()
	var eb, vb bytes.Buffer
	if err := WriteEdgesParquet(&eb, c); err != nil {
		t.Fatal(err)
	}
	info := func(i int) (string, int, int) { return "Title " + c.Key(i), 2000 + i, i - 1 }
	if err := WriteVerticesParquet(&vb, c, info); err != nil {
		t.Fatal(err)
	}
	edges, err := parquet.Read[EdgeRow](bytes.NewReader(eb.Bytes()), int64(eb.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := run.Graph.Edges()
	if len(edges) != len(want) || len(want) == 0 {
		t.Fatalf("edges.parquet: %d rows; want %d", len(edges), len(want))
	}
	for i, e := range want {
		if edges[i] != (EdgeRow{Src: e.From, Dst: e.To}) {
			t.Errorf("edge %d = %+v; want %+v", i, edges[i], e)
		}
	}
	verts, err := parquet.Read[VertexRow](bytes.NewReader(vb.Bytes()), int64(vb.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(verts) != c.Len() {
		t.Fatalf("vertices.parquet: %d rows; want %d", len(verts), c.Len())
	}
	for i, v := range verts {
		if v.ID != c.Key(i) || *v.Title != "Title "+c.Key(i) || *v.Year != int32(2000+i) {
			t.Errorf("vertex %d = %+v", i, v)
		}
		if (i == 0) != (v.CitationCount == nil) || (i > 0 && *v.CitationCount != int32(i-1)) {
			t.Errorf("vertex %d: citation count %v; want unknown for 0, else %d", i, v.CitationCount, i-1)
		}
	}
}
