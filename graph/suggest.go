package graph

import (
	"cmp"
	"slices"
	"strings"

	"github.com/citegraph/citegraph/bib"
)

// occurrence is one record of a paper outside the list: a reference item of
// the list paper with index citer, or (citer == -1) another record of it,
// full (record: an extra record, the metadata of a suggested paper) or not
// (an item of a citation list, a reference item of a full record).
type occurrence struct {
	citer  int
	paper  *bib.Paper
	record bool
}

// Suggestions returns the papers outside the list cited by at least min
// list papers (min < 1 counts as 1), most cited first, ties by key.
//
// The references of different list papers to the same outside paper are
// grouped by alias, as Build matches references to the list: two items are
// one paper when they share a paperId, arXiv id, DOI or corpus id, directly
// or through other items or extra records (a paper known by paperId in one
// reference list and by arXiv id in another is one suggestion when some
// record carries both); items are then joined by equal normalised title
// unless that would join records with different ids of the same kind. A
// title borne by several such id-distinct papers leaves its id-less items
// as a suggestion of their own, keyed by title, rather than guess.
//
// A suggestion's Paper is the extra record of its group when there is one;
// otherwise a copy of its most identified reference item (paperId first,
// then the number of ids, then key) completed with the ids the other items
// of the group agree on.
func (g *Graph) Suggestions(min int) []Suggestion {
	min = max(min, 1)
	var ss []Suggestion
	for _, s := range g.suggestions {
		if len(s.CitedBy) < min {
			break // sorted by len(CitedBy) descending
		}
		s.CitedBy = slices.Clone(s.CitedBy)
		ss = append(ss, s)
	}
	return ss
}

// idSets holds the ids of each kind a group of occurrences carries.
type idSets [4]map[string]bool // S2, arXiv, DOI (lower case), corpus id

func idsOf(p *bib.Paper) [4]string {
	ids := p.IDs()
	return [4]string{ids.S2, ids.ArXiv, lowerASCII(ids.DOI), ids.CorpusID}
}

func (s *idSets) add(p *bib.Paper) {
	for k, v := range idsOf(p) {
		if v == "" {
			continue
		}
		if s[k] == nil {
			s[k] = map[string]bool{}
		}
		s[k][v] = true
	}
}

func (s *idSets) merge(t *idSets) {
	for k := range t {
		for v := range t[k] {
			if s[k] == nil {
				s[k] = map[string]bool{}
			}
			s[k][v] = true
		}
	}
}

func (s *idSets) empty() bool {
	for k := range s {
		if len(s[k]) > 0 {
			return false
		}
	}
	return true
}

// conflicts reports whether s and t both carry ids of some kind and share
// none of them.
func (s *idSets) conflicts(t *idSets) bool {
	for k := range s {
		if len(s[k]) == 0 || len(t[k]) == 0 {
			continue
		}
		shared := false
		for v := range s[k] {
			if t[k][v] {
				shared = true
				break
			}
		}
		if !shared {
			return true
		}
	}
	return false
}

// unionFind is a disjoint-set forest over occurrence indices, carrying each
// root's ids.
type unionFind struct {
	parent []int
	ids    []idSets
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union joins the sets of i and j under the smaller root, so the result
// does not depend on map order.
func (u *unionFind) union(i, j int) int {
	i, j = u.find(i), u.find(j)
	if i == j {
		return i
	}
	if j < i {
		i, j = j, i
	}
	u.parent[j] = i
	u.ids[i].merge(&u.ids[j])
	u.ids[j] = idSets{}
	return i
}

// suggest groups the occurrences of papers outside the list and returns
// the groups cited by at least one list paper, ranked.
func suggest(occ []occurrence, nodes []*Node) []Suggestion {
	u := groupOutside(occ)
	groups := map[int][]int{}
	var roots []int
	for i := range occ {
		r := u.find(i)
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	var ss []Suggestion
	for _, r := range roots {
		citers := map[string]bool{}
		for _, i := range groups[r] {
			if c := occ[i].citer; c >= 0 {
				citers[nodes[c].Key] = true
			}
		}
		if len(citers) == 0 {
			continue
		}
		p, rec := bestRecord(occ, groups[r], &u.ids[r])
		ss = append(ss, Suggestion{Key: p.Key(), Paper: p, CitedBy: bib.SortedKeys(citers), Kind: KindPrior, Record: rec})
	}
	slices.SortFunc(ss, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(len(b.CitedBy), len(a.CitedBy)), strings.Compare(a.Key, b.Key))
	})
	return ss
}

// groupOutside joins the occurrences that are one paper, by the rule
// documented on Graph.Suggestions: ids join unconditionally, then equal
// normalised titles join what no id separates.
func groupOutside(occ []occurrence) *unionFind {
	u := &unionFind{parent: make([]int, len(occ)), ids: make([]idSets, len(occ))}
	for i, o := range occ {
		u.parent[i] = i
		u.ids[i].add(o.paper)
	}
	// Ids join unconditionally.
	first := map[string]int{}
	titles := map[string][]int{}
	for i, o := range occ {
		if k := titleKey(o.paper); k != "" {
			titles[k] = append(titles[k], i)
		}
		for _, k := range idKeys(o.paper) {
			if j, ok := first[k]; ok {
				u.union(i, j)
			} else {
				first[k] = i
			}
		}
	}
	// Titles join what no id separates, in a fixed order.
	for _, t := range bib.SortedKeys(titles) {
		var withIDs, bare []int // distinct roots, in first-seen order
		seen := map[int]bool{}
		for _, i := range titles[t] {
			r := u.find(i)
			if seen[r] {
				continue
			}
			seen[r] = true
			if u.ids[r].empty() {
				bare = append(bare, r)
			} else {
				withIDs = append(withIDs, r)
			}
		}
		var clusters []int
	next:
		for _, r := range withIDs {
			for ci, c := range clusters {
				c = u.find(c)
				if !u.ids[c].conflicts(&u.ids[r]) {
					clusters[ci] = u.union(c, r)
					continue next
				}
			}
			clusters = append(clusters, r)
		}
		if len(clusters) <= 1 {
			bare = append(bare, clusters...)
		}
		for _, r := range bare[min(1, len(bare)):] {
			u.union(bare[0], r)
		}
	}
	return u
}

// bestRecord picks the group's full record, else a completed copy of its
// most identified item; record reports which.
func bestRecord(occ []occurrence, group []int, ids *idSets) (p *bib.Paper, record bool) {
	rank := func(p *bib.Paper) (int, int) {
		var s2, n int
		for k, v := range idsOf(p) {
			if v != "" {
				n++
				if k == 0 {
					s2 = 1
				}
			}
		}
		return s2, n
	}
	best := -1
	for _, i := range group {
		if best < 0 {
			best = i
			continue
		}
		a, b := occ[i], occ[best]
		if a.record != b.record {
			if a.record {
				best = i
			}
			continue
		}
		as2, an := rank(a.paper)
		bs2, bn := rank(b.paper)
		if c := cmp.Or(cmp.Compare(as2, bs2), cmp.Compare(an, bn), strings.Compare(b.paper.Key(), a.paper.Key())); c > 0 {
			best = i
		}
	}
	if occ[best].record {
		return occ[best].paper, true
	}
	c := *occ[best].paper
	p = &c
	p.ExternalIDs = make(bib.ExternalIDs, len(p.ExternalIDs))
	for k, v := range occ[best].paper.ExternalIDs {
		p.ExternalIDs[k] = v
	}
	only := func(k int) string {
		if len(ids[k]) != 1 {
			return ""
		}
		for v := range ids[k] {
			return v
		}
		return ""
	}
	have := idsOf(p)
	if have[0] == "" {
		p.PaperID = only(0)
	}
	for k, name := range [4]string{1: "ArXiv", 2: "DOI", 3: "CorpusId"} {
		if k > 0 && have[k] == "" {
			if v := only(k); v != "" {
				p.ExternalIDs[name] = v
			}
		}
	}
	return p, false
}
