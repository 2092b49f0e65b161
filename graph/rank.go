package graph

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
)

func (g *Graph) computeMetrics() []metrics {
	g.once.Do(func() {
		pr := g.adj.PageRank(Damping, PageRankTol)
		hub, auth := g.adj.HITS(HITSTol)
		bc, _ := g.adj.Betweenness(context.Background(), BetweennessOptions{}) // fails only when ctx is done
		g.metrics = make([]metrics, len(g.nodes))
		for i := range g.metrics {
			g.metrics[i] = metrics{pageRank: pr[i], hub: hub[i], authority: auth[i], betweenness: bc[i]}
		}
	})
	return g.metrics
}

// Rank computes every metric and returns the scores sorted by rank, 1..n.
// year is the data's year, for citations per year (0 if unknown).
//
// The metrics are those of Score: local citations are in-degrees in the
// list; PageRank is PageRank(g, Damping, PageRankTol); Hub and Authority
// are HITS(g, HITSTol); Betweenness is Betweenness(g); CitationsPerYear is
// GlobalCitations / (year − Paper.Year + 1), nil when either is unknown or
// year < Paper.Year. They are computed once per Graph.
//
// The order: PageRank descending (compared after rounding to 12 decimal
// places, the precision the iteration guarantees, so that values equal up
// to rounding noise tie), then local citations descending, then global
// citations descending with unknown counts last, then key ascending.
func (g *Graph) Rank(year int) []Score {
	m := g.computeMetrics()
	scores := make([]Score, len(g.nodes))
	for i, n := range g.nodes {
		s := Score{
			Key:             n.Key,
			Paper:           n.Paper,
			Families:        slices.Clone(n.Families),
			LocalCitations:  g.adj.InDegree(i),
			GlobalCitations: n.Paper.CitationCount,
			PageRank:        m[i].pageRank,
			Authority:       m[i].authority,
			Hub:             m[i].hub,
			Betweenness:     m[i].betweenness,
		}
		if c := n.Paper.CitationCount; c != nil && year > 0 && n.Paper.Year > 0 && year >= n.Paper.Year {
			v := float64(*c) / float64(year-n.Paper.Year+1)
			s.CitationsPerYear = &v
		}
		scores[i] = s
	}
	slices.SortFunc(scores, compareScores)
	for i := range scores {
		scores[i].Rank = i + 1
	}
	return scores
}

func compareScores(a, b Score) int {
	global := func(s Score) int {
		if s.GlobalCitations == nil {
			return -1
		}
		return *s.GlobalCitations
	}
	return compareRank(a.PageRank, b.PageRank, a.LocalCitations, b.LocalCitations,
		global(a), global(b), a.Key, b.Key)
}

// compareRank is the ranking order of Rank: PageRank descending (rounded to
// 12 decimal places), then local citations descending, then global
// citations descending (unknown, -1, last), then key ascending.
func compareRank(prA, prB float64, localA, localB, globalA, globalB int, keyA, keyB string) int {
	round := func(x float64) float64 { return math.Round(x * 1e12) }
	return cmp.Or(
		cmp.Compare(round(prB), round(prA)),
		cmp.Compare(localB, localA),
		cmp.Compare(globalB, globalA),
		strings.Compare(keyA, keyB),
	)
}

// RankOrder returns c's nodes in the ranking order of Graph.Rank, given
// their PageRank and their global citation counts (global(i) < 0: unknown;
// global may be nil): PageRank descending (compared after rounding to 12
// decimal places), then in-degree (local citations) descending, then
// global citations descending with unknown counts last, then key
// ascending.
func (c *Compact) RankOrder(pageRank []float64, global func(i int) int) []int32 {
	order := make([]int32, c.Len())
	for i := range order {
		order[i] = int32(i)
	}
	g := func(i int32) int {
		if global == nil {
			return -1
		}
		return max(global(int(i)), -1)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return compareRank(pageRank[a], pageRank[b], c.InDegree(int(a)), c.InDegree(int(b)),
			g(a), g(b), c.Key(int(a)), c.Key(int(b)))
	})
	return order
}

// FamilyRanking returns the scores of family's papers, in the order of
// scores, re-ranked 1..n. scores is not modified.
func FamilyRanking(scores []Score, family string) []Score {
	var fs []Score
	for _, s := range scores {
		if slices.Contains(s.Families, family) {
			s.Families = slices.Clone(s.Families)
			s.Rank = len(fs) + 1
			fs = append(fs, s)
		}
	}
	return fs
}

// FamilyRankings returns every family's ranking at once, in one pass over
// scores and without copying them: for each family of scores, the indices
// into scores of its papers, in the order of scores, so that the paper at
// position i ranks i+1 within the family, as FamilyRanking ranks it. A
// family named twice by one paper counts it once. For a list of hundreds
// of families, FamilyRanking per family costs a pass over every score for
// each family, and a copy of each of its scores.
func FamilyRankings(scores []Score) map[string][]int {
	out := map[string][]int{}
	for i := range scores {
		fs := scores[i].Families
		var seen map[string]bool // for a paper in many families
		if len(fs) > 8 {
			seen = make(map[string]bool, len(fs))
		}
		for j, f := range fs {
			if seen != nil {
				if seen[f] {
					continue
				}
				seen[f] = true
			} else if slices.Contains(fs[:j], f) {
				continue
			}
			out[f] = append(out[f], i)
		}
	}
	return out
}

// Influence returns the family-level edges, sorted by (From, To): for every
// citation u → v in the list and every pair (A, B) with A a family of u and
// B a family of v, the edge A → B gains weight 1. A paper listed in several
// families thus counts in full for each of them (a citation from a paper
// in two families to a paper in three adds 1 to six family edges); papers
// with no family count for none. Within-family citations give A → A edges,
// which are included.
func (g *Graph) Influence() []FamilyEdge {
	// Papers share family sets (most sit in one family; a paper listed in
	// many families usually shares its set with others), so citations are
	// first counted per pair of distinct family sets and only then spread
	// over the families: the cost is the number of citations plus, per
	// pair of sets that cite each other, the product of their sizes,
	// instead of that product for every citation.
	setOf := make([]int, len(g.nodes))
	var sets [][]string
	ids := map[string]int{}
	for i, n := range g.nodes {
		k := strings.Join(n.Families, "\x00")
		id, ok := ids[k]
		if !ok {
			id = len(sets)
			ids[k] = id
			sets = append(sets, n.Families)
		}
		setOf[i] = id
	}
	pairs := map[[2]int]int{}
	for u := range g.nodes {
		for _, v := range g.adj.Succ(u) {
			pairs[[2]int{setOf[u], setOf[v]}]++
		}
	}
	w := map[[2]string]int{}
	for p, c := range pairs {
		for _, a := range sets[p[0]] {
			for _, b := range sets[p[1]] {
				w[[2]string{a, b}] += c
			}
		}
	}
	es := make([]FamilyEdge, 0, len(w))
	for k, c := range w {
		es = append(es, FamilyEdge{From: k[0], To: k[1], Weight: c})
	}
	slices.SortFunc(es, func(a, b FamilyEdge) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
	})
	return es
}
