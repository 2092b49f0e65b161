package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/citegraph/citegraph/bib"
)

// paper returns a record known by paperId id, citing refs (by paperId).
func paper(id string, refs ...string) *bib.Paper {
	rs := make([]bib.Paper, len(refs))
	for i, r := range refs {
		rs[i] = bib.Paper{PaperID: r, Title: "Paper " + r}
	}
	return &bib.Paper{PaperID: id, Title: "Paper " + id, References: &rs}
}

func citedBy(ids ...string) *CitationList {
	cl := &CitationList{Citing: []bib.Paper{}}
	for _, id := range ids {
		cl.Citing = append(cl.Citing, bib.Paper{PaperID: id, Title: "Paper " + id})
	}
	return cl
}

// neighbourhoodFixture: list papers A, B (family f) and C (family g).
//
//	A cites X, Y, B and E;  B cites X, Y;  C cites Z
//	D1 and D2 cite A and B (their citation lists), D3 cites C,
//	E cites B and C; D1 and D2 (whose records are known) also cite S.
func neighbourhoodFixture() (*Graph, *Expansion) {
	g := Build([]Member{
		{Paper: paper("A", "X", "Y", "B", "E"), Families: []string{"f"}},
		{Paper: paper("B", "X", "Y"), Families: []string{"f"}},
		{Paper: paper("C", "Z"), Families: []string{"g"}},
	}, nil)
	exp := &Expansion{
		MinLinks: 2,
		Citations: map[string]*CitationList{
			"A": citedBy("D1", "D2"),
			"B": citedBy("D1", "D2", "E"),
			"C": {Citing: citedBy("D3", "E").Citing, Cut: "limit"},
		},
		Records: []*bib.Paper{paper("D1", "A", "B", "S"), paper("D2", "A", "B", "S")},
	}
	return g, exp
}

func TestNeighbourhoodSuggestions(t *testing.T) {
	g, exp := neighbourhoodFixture()
	nb := g.Neighbourhood(exp)
	type row struct {
		kind                    SuggestionKind
		citedBy, cites, similar []string
		record                  bool
	}
	got := map[string]row{}
	var order []string
	for _, s := range nb.Suggestions {
		got[s.Key] = row{s.Kind, s.CitedBy, s.Cites, s.SimilarTo, s.Record}
		order = append(order, s.Key)
	}
	want := map[string]row{
		// E: cited by A, cites B and C: more cited than citing → derivative.
		"E":  {KindDerivative, []string{"A"}, []string{"B", "C"}, nil, false},
		"X":  {KindPrior, []string{"A", "B"}, nil, nil, false},
		"Y":  {KindPrior, []string{"A", "B"}, nil, nil, false},
		"D1": {KindDerivative, nil, []string{"A", "B"}, nil, true},
		"D2": {KindDerivative, nil, []string{"A", "B"}, nil, true},
		// S: co-cited with A and with B by D1 and D2, no citation either way.
		"S": {KindSimilar, nil, nil, []string{"A", "B"}, false},
	}
	if len(got) != len(want) {
		t.Errorf("suggestions %v; want %d (Z and D3 link one list paper only)", order, len(want))
	}
	for k, w := range want {
		r, ok := got[k]
		if !ok {
			t.Errorf("%s not suggested", k)
			continue
		}
		if !reflect.DeepEqual(r, w) && fmt.Sprint(r) != fmt.Sprint(w) {
			t.Errorf("%s: %+v; want %+v", k, r, w)
		}
	}
	// Ranked by links: E (3) first, then the others with 2 by key.
	if wantOrder := []string{"E", "D1", "D2", "S", "X", "Y"}; !slices.Equal(order, wantOrder) {
		t.Errorf("order %v; want %v", order, wantOrder)
	}
	if !nb.Expanded {
		t.Error("Expanded is false with citation lists given")
	}
	// Suggest gives the same prior and derivative works, without S (the
	// records' references are not read).
	var direct []string
	for _, s := range g.Suggest(exp) {
		direct = append(direct, s.Key)
	}
	if want := []string{"E", "D1", "D2", "X", "Y"}; !slices.Equal(direct, want) {
		t.Errorf("Suggest = %v; want %v", direct, want)
	}
}

func TestNeighbourhoodSimilarity(t *testing.T) {
	g, exp := neighbourhoodFixture()
	nb := g.Neighbourhood(exp)
	// A: citers {D1, D2}, references {X, Y, B, E}; B: citers {A, D1, D2,
	// E}, references {X, Y}; C: citers {D3, E}, references {Z}.
	want := []SimilarityEdge{{
		A: "A", B: "B", CoCitation: 2, Coupling: 2,
		CoCitationStrength: 2 / math.Sqrt(2*4), CouplingStrength: 2 / math.Sqrt(4*2),
		Strength: 4 / math.Sqrt(6*6),
	}, {
		// Both cited by E.
		A: "B", B: "C", CoCitation: 1, Coupling: 0,
		CoCitationStrength: 1 / math.Sqrt(4*2), Strength: 1 / math.Sqrt(6*3),
	}}
	if !reflect.DeepEqual(nb.Similarity, want) {
		t.Errorf("Similarity = %+v;\nwant %+v", nb.Similarity, want)
	}
	// S: citers {D1, D2}, no references known.
	var s SimilarityEdge
	for _, e := range nb.Neighbours {
		if e.A == "A" && e.B == "S" {
			s = e
		}
	}
	if s.CoCitation != 2 || s.Coupling != 0 || s.Strength != 2/math.Sqrt(6*2) {
		t.Errorf("A–S = %+v; want co-citation 2, strength 2/√12", s)
	}
	// A's most similar papers sharing at least 2: B (4 shared, 0.667) and
	// S (2, 0.577); D1, D2 and E share one reference (B) with A.
	var sim []string
	for _, sp := range nb.Similar["A"] {
		sim = append(sim, sp.Key)
	}
	if want := []string{"B", "S"}; !slices.Equal(sim, want) {
		t.Errorf("Similar[A] = %v; want %v", sim, want)
	}
	if got := nb.Similar["A"][0]; !got.InList || got.Paper == nil || got.Paper.PaperID != "B" {
		t.Errorf("Similar[A][0] = %+v", got)
	}
}

func TestNeighbourhoodCompleteness(t *testing.T) {
	g, exp := neighbourhoodFixture()
	ten := 10
	g.byKey["A"].Paper.ReferenceCount = &ten
	g.byKey["A"].Paper.CitationCount = &ten
	nb := g.Neighbourhood(exp)
	var a, c PaperCompleteness
	for _, pc := range nb.Completeness {
		switch pc.Key {
		case "A":
			a = pc
		case "C":
			c = pc
		}
	}
	if a.ReferencesFound != 4 || *a.ReferenceCount != 10 || a.CitationsFetched != 2 || a.CitationsCut != "" {
		t.Errorf("A: %+v", a)
	}
	if c.CitationsFetched != 2 || c.CitationsCut != "limit" {
		t.Errorf("C: %+v", c)
	}
	if m, n := nb.ReferenceCompleteness(); n != 1 || m != 0.4 {
		t.Errorf("ReferenceCompleteness = %v over %d; want 0.4 over 1", m, n)
	}
	if m, n := nb.CitationCompleteness(); n != 1 || m != 0.2 {
		t.Errorf("CitationCompleteness = %v over %d; want 0.2 over 1", m, n)
	}
	// 3 of 4 entries found × 3 of 3 with references × 0.4.
	if got := nb.EstimatedCompleteness(3, 4); math.Abs(got-0.3) > 1e-15 {
		t.Errorf("EstimatedCompleteness = %v; want 0.3", got)
	}
}

func TestAddRecordsRanksAgain(t *testing.T) {
	g, exp := neighbourhoodFixture()
	nb := g.Neighbourhood(exp)
	n := 500
	nb.AddRecords(map[string]*bib.Paper{"Y": {PaperID: "Y", Title: "Paper Y", CitationCount: &n}, "D1": {PaperID: "D1"}})
	var order []string
	for _, s := range nb.Suggestions {
		order = append(order, s.Key)
		if s.Key == "Y" && (!s.Record || s.Paper.Citations() != 500) {
			t.Errorf("Y after AddRecords: %+v", s)
		}
		if s.Key == "D1" && s.Paper.Title != "Paper D1" {
			t.Errorf("AddRecords replaced D1's record, which was full already")
		}
	}
	// Y is now known to be cited 500 times: first among those with 2 links.
	if want := []string{"E", "Y", "D1", "D2", "S", "X"}; !slices.Equal(order, want) {
		t.Errorf("order %v; want %v", order, want)
	}
}

// TestNeighbourhoodReferencesOnly: without citation lists, the
// suggestions are Graph.Suggestions's prior works (the seed snapshot:
// the same 92, cited by the same list papers).
func TestNeighbourhoodReferencesOnly(t *testing.T) {
	ps := snapshot(t)
	var ms []Member
	for i, p := range ps[:42] {
		ms = append(ms, Member{Paper: p, Families: []string{fmt.Sprint("f", i/7)}})
	}
	g := Build(ms, ps[42:])
	nb := g.Neighbourhood(&Expansion{Records: ps[42:], MinLinks: 2})
	old := map[string][]string{}
	for _, s := range g.Suggestions(2) {
		old[s.Key] = s.CitedBy
	}
	if len(nb.Suggestions) != len(old) || len(old) != 92 {
		t.Errorf("%d suggestions; Graph.Suggestions has %d (want 92)", len(nb.Suggestions), len(old))
	}
	for _, s := range nb.Suggestions {
		if s.Kind != KindPrior || !slices.Equal(s.CitedBy, old[s.Key]) || len(s.Cites) != 0 {
			t.Errorf("%s: %s cited by %v citing %v; Graph.Suggestions says cited by %v", s.Key, s.Kind, s.CitedBy, s.Cites, old[s.Key])
		}
	}
	if nb.Expanded {
		t.Error("Expanded without citation lists")
	}
	for _, pc := range nb.Completeness {
		if pc.CitationsFetched != -1 {
			t.Errorf("%s: citations fetched %d without citation lists", pc.Key, pc.CitationsFetched)
		}
	}
}

// TestSimilarityBruteForce compares co-citation and coupling with sets
// intersected directly, on random citations among list papers, outside
// papers and records.
func TestSimilarityBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const nList, nOut = 30, 60
	id := func(i int) string {
		if i < nList {
			return fmt.Sprintf("L%02d", i)
		}
		return fmt.Sprintf("O%02d", i-nList)
	}
	cites := map[[2]string]bool{} // every known citation
	var ms []Member
	for i := range nList {
		var refs []string
		for j := range nList + nOut {
			if j != i && rng.Float64() < 0.1 {
				refs = append(refs, id(j))
				cites[[2]string{id(i), id(j)}] = true
			}
		}
		ms = append(ms, Member{Paper: paper(id(i), refs...), Families: []string{"f"}})
	}
	exp := &Expansion{MinLinks: 1, Citations: map[string]*CitationList{}}
	for i := range nList {
		var cs []string
		for j := nList; j < nList+nOut; j++ {
			if rng.Float64() < 0.1 {
				cs = append(cs, id(j))
				cites[[2]string{id(j), id(i)}] = true
			}
		}
		exp.Citations[id(i)] = citedBy(cs...)
	}
	for j := nList; j < nList+nOut; j += 2 { // records of half the outside papers
		var refs []string
		for k := range nList + nOut {
			if k != j && rng.Float64() < 0.1 {
				refs = append(refs, id(k))
				cites[[2]string{id(j), id(k)}] = true
			}
		}
		exp.Records = append(exp.Records, paper(id(j), refs...))
	}
	g := Build(ms, nil)
	nb := g.Neighbourhood(exp)

	citers, refs := map[string]map[string]bool{}, map[string]map[string]bool{}
	for c := range cites {
		if citers[c[1]] == nil {
			citers[c[1]] = map[string]bool{}
		}
		if refs[c[0]] == nil {
			refs[c[0]] = map[string]bool{}
		}
		citers[c[1]][c[0]] = true
		refs[c[0]][c[1]] = true
	}
	shared := func(a, b map[string]bool) int {
		n := 0
		for k := range a {
			if b[k] {
				n++
			}
		}
		return n
	}
	want := map[string]SimilarityEdge{}
	for i := range nList {
		for j := range nList + nOut {
			a, b := id(i), id(j)
			if j < nList && j <= i {
				continue
			}
			cc, cp := shared(citers[a], citers[b]), shared(refs[a], refs[b])
			if cc+cp == 0 {
				continue
			}
			e := SimilarityEdge{A: a, B: b, CoCitation: cc, Coupling: cp}
			if a > b {
				e.A, e.B = b, a
			}
			e.CoCitationStrength = cosine(cc, len(citers[a]), len(citers[b]))
			e.CouplingStrength = cosine(cp, len(refs[a]), len(refs[b]))
			e.Strength = cosine(cc+cp, len(citers[a])+len(refs[a]), len(citers[b])+len(refs[b]))
			want[e.A+"|"+e.B] = e
		}
	}
	got := map[string]SimilarityEdge{}
	for _, e := range nb.Similarity {
		got[e.A+"|"+e.B] = e
	}
	suggested := map[string]bool{}
	for _, s := range nb.Suggestions {
		suggested[s.Key] = true
	}
	for _, e := range nb.Neighbours {
		got[e.A+"|"+e.B] = e
	}
	checked := 0
	for k, w := range want {
		if w.B[0] == 'O' && !suggested[w.B] { // list ids (L..) sort before outside ones (O..)
			continue // pairs with papers not suggested are not kept
		}
		checked++
		if g, ok := got[k]; !ok || g.CoCitation != w.CoCitation || g.Coupling != w.Coupling ||
			math.Abs(g.Strength-w.Strength) > 1e-15 || math.Abs(g.CoCitationStrength-w.CoCitationStrength) > 1e-15 ||
			math.Abs(g.CouplingStrength-w.CouplingStrength) > 1e-15 {
			t.Errorf("%s: %+v; want %+v", k, g, w)
		}
	}
	if checked < 200 || len(got) != checked {
		t.Errorf("checked %d pairs; the neighbourhood has %d", checked, len(got))
	}
}
