package graph

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
)

// snapshot decodes the embedded Semantic Scholar snapshot: records 1-42 are
// the seed list's papers, 43 is Deep Compression, 44-97 papers outside the
// list (see data/README.md).
func snapshot(t testing.TB) []*bib.Paper {
	t.Helper()
	ps, errs := bib.DecodeJSONL("snapshot", data.Snapshot)
	if len(errs) > 0 {
		t.Fatalf("decoding the snapshot: %v", errs[0])
	}
	if len(ps) != 97 {
		t.Fatalf("snapshot has %d records, want 97", len(ps))
	}
	return ps
}

func members(ps []*bib.Paper, family string) []Member {
	ms := make([]Member, len(ps))
	for i, p := range ps {
		ms[i] = Member{Paper: p, Families: []string{family}}
	}
	return ms
}

// TestSnapshotGraph checks the counts data/README.md states: 92 known edges
// among the list's 42 papers, plus 17 from list papers to Deep Compression
// and 1 back; 13 reference lists unavailable.
func TestSnapshotGraph(t *testing.T) {
	ps := snapshot(t)
	list := Build(members(ps[:42], "f"), ps[43:])
	if n, e := list.Len(), len(list.Edges()); n != 42 || e != 92 {
		t.Errorf("records 1-42: %d nodes, %d edges; want 42, 92", n, e)
	}
	g := Build(members(ps[:43], "f"), ps[43:])
	if n, e := g.Len(), len(g.Edges()); n != 43 || e != 110 {
		t.Errorf("records 1-43: %d nodes, %d edges; want 43, 110", n, e)
	}
	dc := ps[42].Key()
	if got := len(g.CitedBy(dc)); got != 17 {
		t.Errorf("list papers citing Deep Compression: %d, want 17", got)
	}
	if got := len(g.Cites(dc)); got != 1 {
		t.Errorf("list papers Deep Compression cites: %d, want 1", got)
	}
	for _, e := range list.Edges() {
		if !slices.Contains(g.Edges(), e) {
			t.Errorf("edge %v of the 42-paper graph is missing with Deep Compression added", e)
		}
	}

	var unavailable []string
	for _, n := range g.ReferencesUnavailable() {
		unavailable = append(unavailable, n.Paper.Title)
		if len(g.Cites(n.Key)) != 0 {
			t.Errorf("%q has an unavailable reference list but cites %v", n.Paper.Title, g.Cites(n.Key))
		}
	}
	if len(unavailable) != 13 {
		t.Errorf("unavailable reference lists: %d %q; want 13", len(unavailable), unavailable)
	}
}

// TestSnapshotTwins checks that the near twins the README names are not
// confused: S2's reference lists hold "Interleaved Group Convolutions"
// (IGCV1) and "Sparse Convolutional Neural Networks", which are not IGCV2,
// IGCV3 or Sparse-Winograd; they are suggestions instead.
func TestSnapshotTwins(t *testing.T) {
	ps := snapshot(t)
	g := Build(members(ps[:43], "f"), ps[43:])
	byTitle := map[string]string{}
	for _, n := range g.Nodes() {
		byTitle[bib.NormalizeTitle(n.Paper.Title)] = n.Key
	}
	for _, tc := range []struct{ citer, notCited, suggestion string }{
		{"ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices", "IGCV3: Interleaved Low-Rank Group Convolutions for Efficient Deep Neural Networks", "Interleaved Group Convolutions for Deep Neural Networks"},
		{"ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices", "IGCV2: Interleaved Structured Sparse Convolutional Neural Networks", "Interleaved Group Convolutions for Deep Neural Networks"},
		{"Channel Pruning for Accelerating Very Deep Neural Networks", "Efficient Sparse-Winograd Convolutional Neural Networks", "Sparse Convolutional Neural Networks"},
	} {
		citer, twin := byTitle[bib.NormalizeTitle(tc.citer)], byTitle[bib.NormalizeTitle(tc.notCited)]
		if citer == "" || twin == "" {
			t.Fatalf("snapshot lacks %q or %q", tc.citer, tc.notCited)
		}
		if slices.Contains(g.Cites(citer), twin) {
			t.Errorf("%q cites %q: a near twin was matched", tc.citer, tc.notCited)
		}
		key := "TITLE:" + bib.NormalizeTitle(tc.suggestion)
		i := slices.IndexFunc(g.Suggestions(1), func(s Suggestion) bool { return s.Key == key })
		if i < 0 || !slices.Contains(g.Suggestions(1)[i].CitedBy, citer) {
			t.Errorf("suggestion %q cited by %q missing", tc.suggestion, tc.citer)
		}
	}
}

// TestSnapshotSuggestions checks that each of the 54 records of papers
// outside the list, which at least two list papers cite (data/README.md),
// is suggested with its full record.
func TestSnapshotSuggestions(t *testing.T) {
	ps := snapshot(t)
	g := Build(members(ps[:43], "f"), ps[43:])
	ss := g.Suggestions(2)
	for _, p := range ps[43:] {
		i := slices.IndexFunc(ss, func(s Suggestion) bool { return s.Paper == p })
		if i < 0 {
			t.Errorf("%q (%s) is not suggested with its record", p.Title, p.Key())
			continue
		}
		if ss[i].Key != p.Key() {
			t.Errorf("suggestion %q: key %s, want %s", p.Title, ss[i].Key, p.Key())
		}
	}
	for i := 1; i < len(ss); i++ {
		if len(ss[i].CitedBy) > len(ss[i-1].CitedBy) {
			t.Fatalf("suggestions out of order at %d: %d citers after %d", i, len(ss[i].CitedBy), len(ss[i-1].CitedBy))
		}
	}
}

// TestSnapshotOrderIndependent checks that the list's order changes
// nothing: the same edges, bit-identical scores, the same suggestions.
func TestSnapshotOrderIndependent(t *testing.T) {
	ps := snapshot(t)
	want := Build(members(ps[:43], "f"), ps[43:])
	wantScores := want.Rank(2022)
	r := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		list, extra := slices.Clone(ps[:43]), slices.Clone(ps[43:])
		r.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
		r.Shuffle(len(extra), func(i, j int) { extra[i], extra[j] = extra[j], extra[i] })
		g := Build(members(list, "f"), extra)
		if !reflect.DeepEqual(g.Edges(), want.Edges()) {
			t.Fatalf("shuffled list: edges differ")
		}
		if !reflect.DeepEqual(g.Rank(2022), wantScores) {
			t.Fatalf("shuffled list: scores differ")
		}
		if !reflect.DeepEqual(g.Suggestions(1), want.Suggestions(1)) {
			t.Fatalf("shuffled list: suggestions differ")
		}
	}
}

// TestRankConcurrent runs Rank from several goroutines on a fresh Graph
// (run with -race).
func TestRankConcurrent(t *testing.T) {
	ps := snapshot(t)
	g := Build(members(ps[:43], "f"), ps[43:])
	want := Build(members(ps[:43], "f"), ps[43:]).Rank(2022)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := g.Rank(2022); !reflect.DeepEqual(got, want) {
				t.Errorf("concurrent Rank differs")
			}
		})
	}
	wg.Wait()
}
