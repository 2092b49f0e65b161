package graph

import (
	"cmp"
	"slices"
	"strings"

	"github.com/citegraph/citegraph/bib"
)

// CitationList is a list paper's citing papers as a source gave them (GET
// /paper/{id}/citations).
type CitationList struct {
	Citing []bib.Paper
	// Cut is "" when the list is complete as far as the source knows, and
	// otherwise says why it stopped early (a caller's limit, the API's
	// paging bound): counts built on it are then lower bounds.
	Cut string
}

// Expansion is what Neighbourhood knows of the papers around the list
// beyond the list papers' own records.
type Expansion struct {
	// Citations holds the citation lists of list papers, by Paper.Key();
	// a list paper without one (none fetched, offline) adds no citers.
	Citations map[string]*CitationList
	// Records are full records of papers outside the list: the source's
	// extra records, the metadata of suggested papers. A record gives its
	// paper's metadata to the suggestion it belongs to, and its references
	// count as known citations (for co-citation and coupling). Records of
	// list papers are ignored.
	Records []*bib.Paper
	// MinLinks is the least number of list papers a suggestion connects
	// to (< 1 counts as 1); two papers are similar when they share at
	// least MinLinks citers or references.
	MinLinks int
}

func (e *Expansion) minLinks() int {
	if e == nil {
		return 1
	}
	return max(e.MinLinks, 1)
}

// world is the citation graph of the list and its neighbourhood: works
// 0..n-1 are the list's papers (by node index), works n.. the papers
// outside the list, one per group of occurrences (see groupOutside).
type world struct {
	g        *Graph
	n        int          // list papers
	occ      []occurrence // occurrences of outside papers
	workOf   []int32      // occurrence → work
	papers   []*bib.Paper // outside work w-n: its best record
	record   []bool       // outside work w-n: papers[w-n] is a full record
	keys     []string     // every work's key
	out, in  [][]int32    // citing → cited, deduplicated, ascending
	refsKnow []bool       // per work: its references are known
	citedBy  [][]int32    // outside work w-n: list papers whose references hold it
	cites    [][]int32    // outside work w-n: list papers whose citation lists hold it
	cut      []string     // per list paper: why its citation list is cut ("" if not)
	walked   []bool       // per list paper: its citation list was used
	citing   []int        // per list paper: items of its citation list
}

// endpoint encodes an edge end before grouping: a list paper (≥ 0) or an
// occurrence o (-1-o).
type endpoint int

func occEnd(o int) endpoint { return endpoint(-1 - o) }

// buildWorld matches every record the expansion and the list know to the
// list's papers and groups the others. With recordRefs false, the records'
// references are left out (they serve only similarity).
func (g *Graph) buildWorld(exp *Expansion, recordRefs bool) *world {
	if exp == nil {
		exp = &Expansion{}
	}
	w := &world{g: g, n: len(g.nodes)}
	idx := newAliasIndex(g.nodes)
	type edge struct{ from, to endpoint }
	var edges, prior, deriv []edge
	addOcc := func(o occurrence) int {
		w.occ = append(w.occ, o)
		return len(w.occ) - 1
	}

	// The list papers' references.
	w.refsKnow = make([]bool, w.n)
	for u, nd := range g.nodes {
		if nd.Paper.References == nil {
			continue
		}
		w.refsKnow[u] = true
		for i := range *nd.Paper.References {
			r := &(*nd.Paper.References)[i]
			switch v, m := idx.match(r); m {
			case matched:
				if v != u {
					edges = append(edges, edge{endpoint(u), endpoint(v)})
				}
			case unmatched:
				if identified(r) {
					o := addOcc(occurrence{citer: u, paper: r})
					e := edge{endpoint(u), occEnd(o)}
					edges = append(edges, e)
					prior = append(prior, e)
				}
			}
		}
	}

	// Their citation lists.
	w.cut = make([]string, w.n)
	w.walked = make([]bool, w.n)
	w.citing = make([]int, w.n)
	for v, nd := range g.nodes {
		cl := exp.Citations[nd.Key]
		if cl == nil {
			continue
		}
		w.walked[v], w.cut[v], w.citing[v] = true, cl.Cut, len(cl.Citing)
		for i := range cl.Citing {
			c := &cl.Citing[i]
			switch u, m := idx.match(c); m {
			case matched:
				if u != v {
					edges = append(edges, edge{endpoint(u), endpoint(v)})
				}
			case unmatched:
				if identified(c) {
					o := addOcc(occurrence{citer: -1, paper: c})
					e := edge{occEnd(o), endpoint(v)}
					edges = append(edges, e)
					deriv = append(deriv, e)
				}
			}
		}
	}

	// Full records of outside papers, and their references.
	var refsOf []int // occurrences of records whose references are known
	for _, p := range exp.Records {
		if p == nil || !identified(p) || g.byKey[p.Key()] != nil {
			continue
		}
		if _, m := idx.match(p); m != unmatched {
			continue
		}
		ro := addOcc(occurrence{citer: -1, paper: p, record: true})
		if !recordRefs || p.References == nil {
			continue
		}
		refsOf = append(refsOf, ro)
		for i := range *p.References {
			r := &(*p.References)[i]
			switch v, m := idx.match(r); m {
			case matched:
				edges = append(edges, edge{occEnd(ro), endpoint(v)})
			case unmatched:
				if identified(r) {
					o := addOcc(occurrence{citer: -1, paper: r})
					edges = append(edges, edge{occEnd(ro), occEnd(o)})
				}
			}
		}
	}

	// Group the outside occurrences into works.
	u := groupOutside(w.occ)
	w.workOf = make([]int32, len(w.occ))
	groups := map[int][]int{}
	var roots []int
	for i := range w.occ {
		r := u.find(i)
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	w.keys = make([]string, w.n, w.n+len(roots))
	for i, nd := range g.nodes {
		w.keys[i] = nd.Key
	}
	byKey := map[string]int32{}
	for _, r := range roots {
		p, rec := bestRecord(w.occ, groups[r], &u.ids[r])
		k := p.Key()
		id, ok := byKey[k]
		if !ok {
			// Groups that no id joins can still end with one key (two
			// title-only groups a title could not join): one work.
			id = int32(len(w.keys))
			byKey[k] = id
			w.keys = append(w.keys, k)
			w.papers = append(w.papers, p)
			w.record = append(w.record, rec)
		} else if rec && !w.record[int(id)-w.n] {
			w.papers[int(id)-w.n], w.record[int(id)-w.n] = p, true
		}
		for _, i := range groups[r] {
			w.workOf[i] = id
		}
	}
	work := func(e endpoint) int32 {
		if e >= 0 {
			return int32(e)
		}
		return w.workOf[-1-int(e)]
	}

	nw := len(w.keys)
	w.refsKnow = append(w.refsKnow, make([]bool, nw-len(w.refsKnow))...)
	for _, ro := range refsOf {
		w.refsKnow[w.workOf[ro]] = true
	}
	w.out = make([][]int32, nw)
	w.in = make([][]int32, nw)
	for _, e := range edges {
		a, b := work(e.from), work(e.to)
		if a != b {
			w.out[a] = append(w.out[a], b)
		}
	}
	for a := range w.out {
		slices.Sort(w.out[a])
		w.out[a] = slices.Compact(w.out[a])
		for _, b := range w.out[a] {
			w.in[b] = append(w.in[b], int32(a))
		}
	}
	w.citedBy = make([][]int32, nw-w.n)
	w.cites = make([][]int32, nw-w.n)
	for _, e := range prior {
		x := int(work(e.to)) - w.n
		w.citedBy[x] = append(w.citedBy[x], int32(e.from))
	}
	for _, e := range deriv {
		x := int(work(e.from)) - w.n
		w.cites[x] = append(w.cites[x], int32(e.to))
	}
	for x := range w.citedBy {
		slices.Sort(w.citedBy[x])
		w.citedBy[x] = slices.Compact(w.citedBy[x])
		slices.Sort(w.cites[x])
		w.cites[x] = slices.Compact(w.cites[x])
	}
	return w
}

// listKeys returns the keys of list papers by index.
func (w *world) listKeys(idx []int32) []string {
	ks := make([]string, len(idx))
	for i, j := range idx {
		ks[i] = w.keys[j]
	}
	return ks
}

// directSuggestions returns the outside works that list papers cite or that
// cite list papers, linked to at least min list papers, as suggestions of
// kind prior or derivative, unranked.
func (w *world) directSuggestions(min int) []Suggestion {
	var ss []Suggestion
	for x := range w.citedBy {
		s := Suggestion{
			Key:     w.keys[w.n+x],
			Paper:   w.papers[x],
			Record:  w.record[x],
			CitedBy: w.listKeys(w.citedBy[x]),
			Cites:   w.listKeys(w.cites[x]),
		}
		switch {
		case len(s.CitedBy) == 0 && len(s.Cites) == 0:
			continue
		case len(s.CitedBy) >= len(s.Cites):
			s.Kind = KindPrior
		default:
			s.Kind = KindDerivative
		}
		if len(s.Links()) >= min {
			ss = append(ss, s)
		}
	}
	return ss
}

// rankSuggestions sorts suggestions by the number of list papers they
// connect to (Suggestion.Links), then global citations (unknown last),
// then key.
func rankSuggestions(ss []Suggestion) {
	links := make(map[string]int, len(ss))
	for i := range ss {
		links[ss[i].Key] = len(ss[i].Links())
	}
	slices.SortStableFunc(ss, func(a, b Suggestion) int {
		return cmp.Or(
			cmp.Compare(links[b.Key], links[a.Key]),
			cmp.Compare(b.Paper.Citations(), a.Paper.Citations()),
			strings.Compare(a.Key, b.Key),
		)
	})
}

// Suggest returns the prior and derivative works of the list: papers
// outside the list that at least exp.MinLinks list papers cite or are cited
// by, as Neighbourhood defines them, ranked, but without similarity (the
// records' references are not read). It is the cheap first step of an
// expansion: the suggestions whose Paper is not a full Record are the ones
// to fetch metadata for.
func (g *Graph) Suggest(exp *Expansion) []Suggestion {
	w := g.buildWorld(exp, false)
	ss := w.directSuggestions(exp.minLinks())
	rankSuggestions(ss)
	return ss
}
