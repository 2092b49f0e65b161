package graph

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/citegraph/citegraph/bib"
)

// SimilarPerPaper is the number of most similar papers Neighbourhood lists
// for each list paper.
const SimilarPerPaper = 5

// SimilarityEdge is the similarity of two papers, counted over the
// citations citegraph knows (see Neighbourhood), with A < B.
//
// With cit(x) the set of papers known to cite x and ref(x) the set of
// papers x is known to cite:
//
//	CoCitation         = |cit(A) ∩ cit(B)|   (papers that cite both)
//	Coupling           = |ref(A) ∩ ref(B)|   (references both share)
//	CoCitationStrength = CoCitation / √(|cit(A)|·|cit(B)|)
//	CouplingStrength   = Coupling / √(|ref(A)|·|ref(B)|)
//	Strength           = (CoCitation + Coupling) / √((|cit(A)|+|ref(A)|)·(|cit(B)|+|ref(B)|))
//
// The strengths are Salton's cosine of the two papers' citer sets, of
// their reference sets, and of both together (each paper a 0/1 vector over
// "cited by p" and "cites p" for every paper p), so they lie in [0, 1] and
// do not grow with a paper's mere number of citations.
type SimilarityEdge struct {
	A, B               string
	CoCitation         int
	Coupling           int
	CoCitationStrength float64
	CouplingStrength   float64
	Strength           float64
}

// Shared returns CoCitation + Coupling: the citers and references the two
// papers share.
func (e SimilarityEdge) Shared() int { return e.CoCitation + e.Coupling }

// SimilarPaper is a paper similar to a list paper.
type SimilarPaper struct {
	Key    string
	Paper  *bib.Paper
	InList bool // a paper of the list (else outside it)
	Edge   SimilarityEdge
}

// PaperCompleteness says how much of a list paper's references and
// citations the source gave.
type PaperCompleteness struct {
	Key string
	// ReferencesFound is the length of the paper's reference list, -1
	// when the list is unavailable; ReferenceCount is the source's count
	// (nil: unknown).
	ReferencesFound int
	ReferenceCount  *int
	// CitationsFetched is the length of the paper's citation list, -1
	// when none was fetched; CitationCount is the source's count (nil:
	// unknown); CitationsCut says why the list stops early ("": it does
	// not).
	CitationsFetched int
	CitationCount    *int
	CitationsCut     string
}

// Neighbourhood is what the papers around a reading list say about it:
// papers it misses (prior, derivative and similar works), how its papers
// resemble one another, how they cluster, and how complete the data is.
type Neighbourhood struct {
	// Expanded reports that citation lists were used (Expansion.Citations
	// held at least one); otherwise only references were.
	Expanded bool
	// MinLinks is Expansion.MinLinks (at least 1).
	MinLinks int
	// Suggestions are every paper outside the list that connects to at
	// least MinLinks list papers, ranked by that number (Suggestion.Links),
	// then by global citations (unknown last), then key:
	//   - prior works (KindPrior): cited by list papers, in their
	//     reference lists;
	//   - derivative works (KindDerivative): citing list papers, in their
	//     citation lists; a paper both cited by and citing list papers is
	//     prior when at least as many list papers cite it as it cites;
	//   - similar works (KindSimilar): fewer than MinLinks citations either
	//     way, but similar (sharing at least MinLinks citers or references)
	//     to at least MinLinks list papers.
	Suggestions []Suggestion
	// Similarity holds every pair of list papers that share a citer or a
	// reference, sorted by (A, B).
	Similarity []SimilarityEdge
	// Neighbours holds the pairs of a list paper and a suggestion that
	// share a citer or a reference (for a similar suggestion: at least
	// MinLinks of them), sorted by (A, B).
	Neighbours []SimilarityEdge
	// Similar lists, for each list paper (by key) that has any, its
	// SimilarPerPaper most similar papers of the list or outside it among
	// those sharing at least MinLinks citers or references with it: by
	// Strength, then shared count, then key.
	Similar map[string][]SimilarPaper
	// Clusters are the communities of the list's papers; see Clustering.
	Clusters Clustering
	// Completeness has one entry per list paper, in key order.
	Completeness []PaperCompleteness
	// Citations is the number of distinct citations known (the edges
	// every count above is taken over).
	Citations int
}

// Neighbourhood computes the list's neighbourhood from the list papers'
// references, exp's citation lists and exp's records (nil exp: references
// only).
//
// Papers are identified as Build matches references to the list (by
// paperId, arXiv id, DOI, corpus id, then normalised title), and papers
// outside the list are grouped as Suggestions documents. The citations
// citegraph knows are: each list paper's references, each list paper's
// citation list (its citers cite it), and each record's references. Every
// count and similarity is over that set; a paper cited by or citing the
// list through a citation list cut short (CitationList.Cut) may have
// more links than it shows.
func (g *Graph) Neighbourhood(exp *Expansion) *Neighbourhood {
	w := g.buildWorld(exp, true)
	nb, listEdges := w.similarity(exp.minLinks())
	nb.Clusters = w.cluster(listEdges)
	nb.Completeness = w.completeness()
	return nb
}

// similarity computes the neighbourhood's suggestions and similarities
// (all but clusters and completeness), and the Strength of every pair of
// list papers that share a citer or reference, for clustering.
func (w *world) similarity(minLinks int) (*Neighbourhood, map[[2]int32]float64) {
	g := w.g
	nb := &Neighbourhood{MinLinks: minLinks, Similar: map[string][]SimilarPaper{}}
	for _, o := range w.out {
		nb.Citations += len(o)
	}
	for _, on := range w.walked {
		nb.Expanded = nb.Expanded || on
	}

	direct := w.directSuggestions(minLinks)
	nw := len(w.keys)
	isDirect := make([]bool, nw)
	workOf := make(map[string]int32, len(direct))
	for i := range w.keys[w.n:] {
		workOf[w.keys[w.n+i]] = int32(w.n + i)
	}
	for _, s := range direct {
		isDirect[workOf[s.Key]] = true
	}
	// rank orders the works by key, so that pairs sort by (A, B) as ints.
	rank := make([]int32, nw)
	{
		order := make([]int32, nw)
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(x, y int32) int { return strings.Compare(w.keys[x], w.keys[y]) })
		for r, x := range order {
			rank[x] = int32(r)
		}
	}
	// pair is a list paper a and a work b with their shared counts.
	type pair struct{ a, b, cc, cp int32 }
	var listPairs, outside []pair
	similarTo := make([][]int32, nw-w.n)
	cc := make([]int32, nw)
	cp := make([]int32, nw)
	var touched []int32
	edgeOf := func(p pair) SimilarityEdge {
		e := SimilarityEdge{A: w.keys[p.a], B: w.keys[p.b], CoCitation: int(p.cc), Coupling: int(p.cp)}
		ca, ra := len(w.in[p.a]), len(w.out[p.a])
		cb, rb := len(w.in[p.b]), len(w.out[p.b])
		e.CoCitationStrength = cosine(e.CoCitation, ca, cb)
		e.CouplingStrength = cosine(e.Coupling, ra, rb)
		e.Strength = cosine(e.CoCitation+e.Coupling, ca+ra, cb+rb)
		if rank[p.a] > rank[p.b] {
			e.A, e.B = e.B, e.A
		}
		return e
	}
	var top []pair // a's most similar works, best first
	better := func(x, y pair) bool {
		ex, ey := edgeOf(x), edgeOf(y)
		return cmp.Or(cmp.Compare(ey.Strength, ex.Strength), cmp.Compare(ey.Shared(), ex.Shared()),
			strings.Compare(w.keys[x.b], w.keys[y.b])) < 0
	}
	for a := int32(0); int(a) < w.n; a++ {
		for _, c := range w.in[a] {
			for _, b := range w.out[c] {
				if b == a {
					continue
				}
				if cc[b] == 0 && cp[b] == 0 {
					touched = append(touched, b)
				}
				cc[b]++
			}
		}
		for _, r := range w.out[a] {
			for _, b := range w.in[r] {
				if b == a {
					continue
				}
				if cc[b] == 0 && cp[b] == 0 {
					touched = append(touched, b)
				}
				cp[b]++
			}
		}
		top = top[:0]
		for _, b := range touched {
			p := pair{a, b, cc[b], cp[b]}
			shared := int(p.cc + p.cp)
			inList := int(b) < w.n
			switch {
			case inList && b > a:
				listPairs = append(listPairs, p)
			case !inList && (shared >= minLinks || isDirect[b]):
				outside = append(outside, p)
			}
			if shared >= minLinks {
				if !inList {
					similarTo[int(b)-w.n] = append(similarTo[int(b)-w.n], a)
				}
				// Keep the SimilarPerPaper best, by insertion.
				if len(top) < SimilarPerPaper || better(p, top[len(top)-1]) {
					if len(top) < SimilarPerPaper {
						top = append(top, p)
					} else {
						top[len(top)-1] = p
					}
					for i := len(top) - 1; i > 0 && better(top[i], top[i-1]); i-- {
						top[i], top[i-1] = top[i-1], top[i]
					}
				}
			}
			cc[b], cp[b] = 0, 0
		}
		touched = touched[:0]
		if len(top) > 0 {
			sim := make([]SimilarPaper, len(top))
			for i, p := range top {
				sim[i] = SimilarPaper{Key: w.keys[p.b], InList: int(p.b) < w.n, Edge: edgeOf(p)}
				if sim[i].InList {
					sim[i].Paper = g.nodes[p.b].Paper
				} else {
					sim[i].Paper = w.papers[int(p.b)-w.n]
				}
			}
			nb.Similar[w.keys[a]] = sim
		}
	}
	for i := range similarTo {
		slices.Sort(similarTo[i])
	}

	// Suggestions: the direct ones, then similar ones.
	byKey := map[string]int{}
	for i := range direct {
		byKey[direct[i].Key] = i
	}
	for x, as := range similarTo {
		if len(as) == 0 {
			continue
		}
		k := w.keys[w.n+x]
		if i, ok := byKey[k]; ok {
			direct[i].SimilarTo = w.listKeys(as)
			continue
		}
		if len(as) < minLinks {
			continue
		}
		direct = append(direct, Suggestion{
			Key: k, Paper: w.papers[x], Record: w.record[x], Kind: KindSimilar,
			CitedBy: w.listKeys(w.citedBy[x]), Cites: w.listKeys(w.cites[x]), SimilarTo: w.listKeys(as),
		})
	}
	rankSuggestions(direct)
	nb.Suggestions = direct
	suggested := make([]bool, nw)
	for _, s := range direct {
		suggested[workOf[s.Key]] = true
	}
	byRank := func(x, y pair) int {
		xa, xb := min(rank[x.a], rank[x.b]), max(rank[x.a], rank[x.b])
		ya, yb := min(rank[y.a], rank[y.b]), max(rank[y.a], rank[y.b])
		return cmp.Or(cmp.Compare(xa, ya), cmp.Compare(xb, yb))
	}
	slices.SortFunc(listPairs, byRank)
	listEdges := make(map[[2]int32]float64, len(listPairs))
	nb.Similarity = make([]SimilarityEdge, len(listPairs))
	for i, p := range listPairs {
		nb.Similarity[i] = edgeOf(p)
		listEdges[[2]int32{p.a, p.b}] = nb.Similarity[i].Strength
	}
	kept := outside[:0]
	for _, p := range outside {
		if suggested[p.b] {
			kept = append(kept, p)
		}
	}
	slices.SortFunc(kept, byRank)
	nb.Neighbours = make([]SimilarityEdge, len(kept))
	for i, p := range kept {
		nb.Neighbours[i] = edgeOf(p)
	}
	return nb, listEdges
}

// completeness is one PaperCompleteness per list paper, in key order.
func (w *world) completeness() []PaperCompleteness {
	var pcs []PaperCompleteness
	for i, nd := range w.g.nodes {
		pc := PaperCompleteness{Key: nd.Key, ReferencesFound: -1, ReferenceCount: nd.Paper.ReferenceCount,
			CitationsFetched: -1, CitationCount: nd.Paper.CitationCount}
		if nd.Paper.References != nil {
			pc.ReferencesFound = len(*nd.Paper.References)
		}
		if w.walked[i] {
			pc.CitationsFetched, pc.CitationsCut = w.citing[i], w.cut[i]
		}
		pcs = append(pcs, pc)
	}
	return pcs
}

// cosine is shared/√(a·b), 0 when either is 0.
func cosine(shared, a, b int) float64 {
	if shared == 0 || a == 0 || b == 0 {
		return 0
	}
	return float64(shared) / math.Sqrt(float64(a)*float64(b))
}

// ReferenceCompleteness is the mean, over the list papers whose reference
// list is available and whose reference count is known and positive, of
// min(1, found/count), and the number of such papers (mean 0 when none).
func (nb *Neighbourhood) ReferenceCompleteness() (mean float64, papers int) {
	var sum float64
	for _, c := range nb.Completeness {
		if c.ReferencesFound < 0 || c.ReferenceCount == nil || *c.ReferenceCount <= 0 {
			continue
		}
		sum += math.Min(1, float64(c.ReferencesFound)/float64(*c.ReferenceCount))
		papers++
	}
	if papers == 0 {
		return 0, 0
	}
	return sum / float64(papers), papers
}

// CitationCompleteness is the mean, over the list papers whose citation
// list was fetched and whose citation count is known and positive, of
// min(1, fetched/count), and the number of such papers.
func (nb *Neighbourhood) CitationCompleteness() (mean float64, papers int) {
	var sum float64
	for _, c := range nb.Completeness {
		if c.CitationsFetched < 0 || c.CitationCount == nil || *c.CitationCount <= 0 {
			continue
		}
		sum += math.Min(1, float64(c.CitationsFetched)/float64(*c.CitationCount))
		papers++
	}
	if papers == 0 {
		return 0, 0
	}
	return sum / float64(papers), papers
}

// WithReferences returns how many list papers have an available reference
// list.
func (nb *Neighbourhood) WithReferences() int {
	n := 0
	for _, c := range nb.Completeness {
		if c.ReferencesFound >= 0 {
			n++
		}
	}
	return n
}

// EstimatedCompleteness is Local Citation Network's estimate of how
// complete the list's reference data is, the product of three fractions:
// the paper entries found (found of entries), the papers whose reference
// list is available, and ReferenceCompleteness (taken as 1 when no paper
// has a known reference count). It is 0 when entries or papers are 0.
func (nb *Neighbourhood) EstimatedCompleteness(found, entries int) float64 {
	if entries <= 0 || len(nb.Completeness) == 0 {
		return 0
	}
	refs, n := nb.ReferenceCompleteness()
	if n == 0 {
		refs = 1
	}
	return float64(found) / float64(entries) * float64(nb.WithReferences()) / float64(len(nb.Completeness)) * refs
}

// AddRecords gives the suggestions known only from reference or citation
// items the full records fetched for them, by suggestion key, and ranks
// the suggestions again (their global citations may now be known). It
// reads the records' metadata only: similarities, links and clusters stay
// as they are. Nil records are skipped.
func (nb *Neighbourhood) AddRecords(recs map[string]*bib.Paper) {
	if len(recs) == 0 {
		return
	}
	for i := range nb.Suggestions {
		s := &nb.Suggestions[i]
		if p := recs[s.Key]; p != nil && !s.Record {
			s.Paper, s.Record = p, true
		}
	}
	for _, sim := range nb.Similar {
		for i := range sim {
			if p := recs[sim[i].Key]; p != nil && !sim[i].InList {
				sim[i].Paper = p
			}
		}
	}
	rankSuggestions(nb.Suggestions)
}
