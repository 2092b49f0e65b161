package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/citegraph/citegraph/bib"
)

func withCounts(p *bib.Paper, year int, citations *int) *bib.Paper {
	p.Year = year
	p.CitationCount = citations
	return p
}

func intp(i int) *int { return &i }

// rankFixture: p1 ← p2, p1 ← p3, p2 ← p3; p4, p5, p6 uncited.
func rankFixture() (*Graph, map[string]string) {
	p1 := withCounts(citing(rec("P1", "arxiv:1")), 2015, intp(100))
	p2 := withCounts(citing(rec("P2", "arxiv:2"), p1), 2016, nil)
	p3 := withCounts(citing(rec("P3", "arxiv:3"), p1, p2), 2017, intp(30))
	p4 := withCounts(rec("P4", "arxiv:4"), 2018, intp(5)) // references unavailable
	p5 := withCounts(citing(rec("P5", "arxiv:5")), 2018, nil)
	p6 := withCounts(citing(rec("P6", "arxiv:0")), 2018, intp(5))
	g := Build([]Member{
		{Paper: p1, Families: []string{"Pruning"}},
		{Paper: p2, Families: []string{"Quantization", "Pruning"}},
		{Paper: p3, Families: []string{"Quantization"}},
		{Paper: p4},
		{Paper: p5, Families: []string{"Pruning"}},
		{Paper: p6, Families: []string{"Pruning"}},
	}, nil)
	names := map[string]string{}
	for _, p := range []*bib.Paper{p1, p2, p3, p4, p5, p6} {
		names[p.Key()] = p.Title
	}
	return g, names
}

func TestRank(t *testing.T) {
	g, names := rankFixture()
	scores := g.Rank(2022)
	var order []string
	for i, s := range scores {
		order = append(order, names[s.Key])
		if s.Rank != i+1 {
			t.Errorf("%s: rank %d at position %d", names[s.Key], s.Rank, i+1)
		}
		if s.Paper != g.Node(s.Key).Paper || !reflect.DeepEqual(s.Families, g.Node(s.Key).Families) {
			t.Errorf("%s: paper or families differ from the node's", names[s.Key])
		}
	}
	// P1 and P2 by PageRank; P3, P4, P5 and P6 share the PageRank of
	// uncited papers and no local citation: global citations decide (30,
	// then 5 and 5, whose keys ARXIV:0 < ARXIV:4 decide), unknown last.
	if want := []string{"P1", "P2", "P3", "P6", "P4", "P5"}; !reflect.DeepEqual(order, want) {
		t.Errorf("rank order %q; want %q", order, want)
	}
	cpy := map[string]*float64{}
	local := map[string]int{}
	var sumPR float64
	for _, s := range scores {
		cpy[names[s.Key]] = s.CitationsPerYear
		local[names[s.Key]] = s.LocalCitations
		sumPR += s.PageRank
	}
	if want := map[string]int{"P1": 2, "P2": 1, "P3": 0, "P4": 0, "P5": 0, "P6": 0}; !reflect.DeepEqual(local, want) {
		t.Errorf("local citations %v; want %v", local, want)
	}
	if math.Abs(sumPR-1) > 1e-12 {
		t.Errorf("PageRank sums to %v", sumPR)
	}
	for name, want := range map[string]float64{"P1": 100.0 / 8, "P3": 30.0 / 6, "P4": 5.0 / 5} {
		if cpy[name] == nil || *cpy[name] != want {
			t.Errorf("citations per year of %s = %v; want %v", name, cpy[name], want)
		}
	}
	if cpy["P2"] != nil || cpy["P5"] != nil {
		t.Errorf("citations per year of papers without a count: %v, %v; want nil", cpy["P2"], cpy["P5"])
	}
	for _, s := range g.Rank(2016) {
		if s.CitationsPerYear != nil && s.Paper.Year > 2016 {
			t.Errorf("%s (%d): citations per year %v in 2016; want nil", names[s.Key], s.Paper.Year, *s.CitationsPerYear)
		}
	}
	for _, s := range g.Rank(0) {
		if s.CitationsPerYear != nil {
			t.Errorf("%s: citations per year %v with the year unknown", names[s.Key], *s.CitationsPerYear)
		}
	}
}

func TestFamilyRanking(t *testing.T) {
	g, names := rankFixture()
	scores := g.Rank(2022)
	for _, tc := range []struct {
		family string
		want   []string
	}{
		{"Quantization", []string{"P2", "P3"}},
		{"Pruning", []string{"P1", "P2", "P6", "P5"}},
		{"None", nil},
	} {
		var got []string
		for i, s := range FamilyRanking(scores, tc.family) {
			got = append(got, names[s.Key])
			if s.Rank != i+1 {
				t.Errorf("%s: %s ranked %d at position %d", tc.family, names[s.Key], s.Rank, i+1)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("FamilyRanking(%q) = %q; want %q", tc.family, got, tc.want)
		}
	}
	for i, s := range scores {
		if s.Rank != i+1 {
			t.Fatalf("FamilyRanking changed the overall ranks")
		}
	}
}

// TestFamilyRankings: every family's ranking at once is FamilyRanking's
// for each family, on random scores with families named several times.
func TestFamilyRankings(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 5))
	fams := []string{"A", "B", "C", "D", "E"}
	for range 50 {
		scores := make([]Score, r.IntN(30))
		for i := range scores {
			scores[i].Rank, scores[i].Key = i+1, fmt.Sprintf("k%d", i)
			for range r.IntN(12) { // more than 8: a set
				scores[i].Families = append(scores[i].Families, fams[r.IntN(len(fams))])
			}
		}
		all := FamilyRankings(scores)
		for _, f := range append(fams, "none") {
			var want, got []string
			for _, s := range FamilyRanking(scores, f) {
				want = append(want, fmt.Sprintf("%d:%s", s.Rank, s.Key))
			}
			for pos, i := range all[f] {
				got = append(got, fmt.Sprintf("%d:%s", pos+1, scores[i].Key))
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("FamilyRankings[%q] = %q; FamilyRanking: %q", f, got, want)
			}
		}
		if len(all) > len(fams) {
			t.Fatalf("FamilyRankings has %d families; the scores name at most %d", len(all), len(fams))
		}
	}
}

func TestInfluence(t *testing.T) {
	g, _ := rankFixture()
	// P2 → P1: {Quantization, Pruning} × {Pruning}; P3 → P1: Quantization →
	// Pruning; P3 → P2: Quantization × {Quantization, Pruning}.
	want := []FamilyEdge{
		{From: "Pruning", To: "Pruning", Weight: 1},
		{From: "Quantization", To: "Pruning", Weight: 3},
		{From: "Quantization", To: "Quantization", Weight: 1},
	}
	if got := g.Influence(); !reflect.DeepEqual(got, want) {
		t.Errorf("Influence() = %v; want %v", got, want)
	}
	if got := Build(nil, nil).Influence(); len(got) != 0 {
		t.Errorf("Influence() of an empty graph = %v", got)
	}
}

func TestEmptyGraph(t *testing.T) {
	g := Build(nil, nil)
	if g.Len() != 0 || len(g.Rank(2022)) != 0 || len(g.Edges()) != 0 || len(g.Suggestions(1)) != 0 || len(g.Families()) != 0 {
		t.Errorf("empty graph is not empty")
	}
}

// TestInfluenceMatchesDefinition builds seeded random graphs whose papers
// sit in one to four of six families (several papers sharing a set, as
// they do when a list repeats papers) and compares Influence with its
// definition counted citation by citation: every citation u → v adds 1 to
// A → B for each family A of u and B of v.
func TestInfluenceMatchesDefinition(t *testing.T) {
	fams := []string{"A", "B", "C", "D", "E", "F"}
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		n := 5 + r.IntN(40)
		adj := randomGraph(seed, n, r.IntN(n*(n-1)/2+1))
		var ms []Member
		famOf := map[string][]string{}
		for i := range n {
			id := fmt.Sprintf("p%02d", i)
			var fs []string
			for _, f := range fams {
				if r.IntN(3) == 0 {
					fs = append(fs, f)
				}
			}
			if len(fs) == 0 && r.IntN(4) > 0 {
				fs = []string{fams[r.IntN(len(fams))]}
			}
			var refs []string
			for v := range adj[i] {
				refs = append(refs, fmt.Sprintf("p%02d", v))
			}
			ms = append(ms, Member{Paper: paper(id, refs...), Families: fs})
			famOf[id] = fs
		}
		g := Build(ms, nil)
		want := map[[2]string]int{}
		for _, e := range g.Edges() {
			for _, a := range famOf[e.From] {
				for _, b := range famOf[e.To] {
					want[[2]string{a, b}]++
				}
			}
		}
		got := map[[2]string]int{}
		for _, e := range g.Influence() {
			if e.Weight <= 0 {
				t.Errorf("seed %d: %s → %s has weight %d", seed, e.From, e.To, e.Weight)
			}
			got[[2]string{e.From, e.To}] = e.Weight
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("seed %d: Influence() = %v; want %v", seed, got, want)
		}
	}
}
