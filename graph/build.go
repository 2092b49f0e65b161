package graph

import (
	"slices"
	"strings"
	"sync"

	"github.com/citegraph/citegraph/bib"
	gograph "gonum.org/v1/gonum/graph"
)

// impl is the Graph's state; it is never modified after Build.
type impl struct {
	nodes       []*Node // in key order; nodes[i].ID == i
	byKey       map[string]*Node
	adj         *Compact
	edges       []Edge
	suggestions []Suggestion // every suggestion, in rank order

	once    sync.Once
	metrics []metrics // by node index, computed on first use
}

type metrics struct {
	pageRank, hub, authority, betweenness float64
}

// ambiguous marks an alias key shared by two different list papers; such a
// key matches nothing.
const ambiguous = -1

// Build builds the citation graph among members: one node per distinct
// Paper.Key() (a paper given twice belongs to the union of its families;
// the record kept is the first one given, or the first one carrying a
// reference list if the first does not), and an edge u → v when u's
// reference list holds v.
//
// Reference items are matched to the list by alias (bib.Paper.AliasKeys):
// by paperId, then arXiv id, DOI (case-insensitive) and corpus id, and only
// then by normalised title, which must be equal (so "MobileNets" never
// matches "MobileNetV2") and is refused when the two records carry
// different ids of the same kind. A reference whose first known alias is
// shared by two list papers matches neither and is dropped (it is no
// suggestion either). Self-citations and repeated references give no edge.
// A member whose References is nil has an unavailable reference list:
// it has no out-edges, and ReferencesUnavailable names it.
//
// References that match no list paper become suggestions (see Suggestions);
// extra holds full records of papers outside the list (it may be nil): a
// suggestion sharing an alias with one of them takes that record as its
// Paper. Reference items with neither id nor title are dropped; members
// with a nil Paper are skipped. The inputs are not modified
// and are referenced by the Graph: do not modify them afterwards.
func Build(members []Member, extra []*bib.Paper) *Graph {
	type acc struct {
		paper    *bib.Paper
		families map[string]bool
	}
	byKey := map[string]*acc{}
	for _, m := range members {
		if m.Paper == nil {
			continue
		}
		k := m.Paper.Key()
		a := byKey[k]
		if a == nil {
			a = &acc{paper: m.Paper, families: map[string]bool{}}
			byKey[k] = a
		} else if a.paper.References == nil && m.Paper.References != nil {
			a.paper = m.Paper
		}
		for _, f := range m.Families {
			if f != "" {
				a.families[f] = true
			}
		}
	}

	gr := &Graph{}
	gr.byKey = make(map[string]*Node, len(byKey))
	for i, k := range bib.SortedKeys(byKey) {
		a := byKey[k]
		n := &Node{ID: int64(i), Key: k, Paper: a.paper, Families: bib.SortedKeys(a.families)}
		gr.nodes = append(gr.nodes, n)
		gr.byKey[k] = n
	}

	idx := newAliasIndex(gr.nodes)
	out := make([][]int, len(gr.nodes))
	var refs []occurrence // references to papers outside the list
	for u, n := range gr.nodes {
		if n.Paper.References == nil {
			continue
		}
		for i := range *n.Paper.References {
			r := &(*n.Paper.References)[i]
			switch v, m := idx.match(r); m {
			case matched:
				if v != u {
					out[u] = append(out[u], v)
				}
			case unmatched:
				if identified(r) {
					refs = append(refs, occurrence{citer: u, paper: r})
				}
			}
		}
		slices.Sort(out[u])
		out[u] = slices.Compact(out[u])
		for _, v := range out[u] {
			gr.edges = append(gr.edges, Edge{From: n.Key, To: gr.nodes[v].Key})
		}
	}
	keys := make([]string, len(gr.nodes))
	for i, n := range gr.nodes {
		keys[i] = n.Key
	}
	gr.adj = newCompactLists(out, keys)

	for _, p := range extra {
		if p == nil || !identified(p) || gr.byKey[p.Key()] != nil {
			continue
		}
		if _, m := idx.match(p); m != unmatched {
			continue
		}
		refs = append(refs, occurrence{citer: -1, paper: p, record: true})
	}
	gr.suggestions = suggest(refs, gr.nodes)
	return gr
}

// aliasIndex maps the alias keys of the list's papers to node indices.
type aliasIndex struct {
	nodes []*Node
	keys  map[string]int // alias → node index, or ambiguous
}

func newAliasIndex(nodes []*Node) *aliasIndex {
	x := &aliasIndex{nodes: nodes, keys: map[string]int{}}
	for i, n := range nodes {
		for _, k := range n.Paper.AliasKeys() {
			if j, ok := x.keys[k]; ok && j != i {
				x.keys[k] = ambiguous
				continue
			}
			x.keys[k] = i
		}
	}
	return x
}

// matchResult tells how a record relates to the list's papers.
type matchResult int

const (
	unmatched      matchResult = iota // a paper outside the list
	matched                           // one of the list's papers
	ambiguousMatch                    // an alias two list papers share: neither
)

// match returns the index of the list paper p refers to, trying p's alias
// keys in bib.Paper.AliasKeys order (ids first, title last) and stopping at
// the first key the list knows.
func (x *aliasIndex) match(p *bib.Paper) (int, matchResult) {
	for _, k := range idKeys(p) {
		switch i, ok := x.keys[k]; {
		case !ok:
			continue
		case i == ambiguous:
			return 0, ambiguousMatch
		default:
			return i, matched
		}
	}
	k := titleKey(p)
	switch i, ok := x.keys[k]; {
	case !ok || k == "":
		return 0, unmatched
	case i == ambiguous:
		return 0, ambiguousMatch
	case idConflict(p.IDs(), x.nodes[i].Paper.IDs()):
		return 0, unmatched
	default:
		return i, matched
	}
}

// idKeys returns p.AliasKeys() but the title key, without normalising the
// title (which is costly).
func idKeys(p *bib.Paper) []string {
	ids := p.IDs()
	ks := make([]string, 0, 4)
	for _, k := range [4]string{ids.S2, prefixed("ARXIV:", ids.ArXiv), prefixed("DOI:", lowerASCII(ids.DOI)), prefixed("CorpusId:", ids.CorpusID)} {
		if k != "" {
			ks = append(ks, k)
		}
	}
	return ks
}

// titleKey returns p.AliasKeys()'s title key, or "" if p has no title.
func titleKey(p *bib.Paper) string {
	return prefixed("TITLE:", bib.NormalizeTitle(p.Title))
}

// identified reports whether p has an alias key: an id or a title.
func identified(p *bib.Paper) bool { return len(idKeys(p)) > 0 || titleKey(p) != "" }

// lowerASCII lower-cases ASCII letters only, as bib.Paper.AliasKeys does
// for DOIs.
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func prefixed(prefix, v string) string {
	if v == "" {
		return ""
	}
	return prefix + v
}

// idConflict reports whether a and b carry different ids of the same kind,
// which proves they are different papers whatever their titles say.
func idConflict(a, b bib.IDs) bool {
	differ := func(x, y string) bool { return x != "" && y != "" && x != y }
	return differ(a.S2, b.S2) || differ(a.ArXiv, b.ArXiv) ||
		differ(lowerASCII(a.DOI), lowerASCII(b.DOI)) || differ(a.CorpusID, b.CorpusID)
}

// Directed returns the gonum graph: node IDs are Node.ID, edges citing →
// cited. It is the Graph's Compact.
func (g *Graph) Directed() gograph.Directed { return g.adj }

// Compact returns the citation graph in compact form: node i is Nodes()[i]
// (Node.ID == i) and its key is the paper's key.
func (g *Graph) Compact() *Compact { return g.adj }

// Len returns the number of papers.
func (g *Graph) Len() int { return len(g.nodes) }

// Nodes returns the papers sorted by key.
func (g *Graph) Nodes() []*Node { return slices.Clone(g.nodes) }

// Node returns the node with the given key, or nil.
func (g *Graph) Node(key string) *Node { return g.byKey[key] }

// Edges returns the citations, sorted by (From, To).
func (g *Graph) Edges() []Edge { return slices.Clone(g.edges) }

// Cites returns the keys of the list papers that the paper with the given
// key cites, sorted; nil for an unknown key.
func (g *Graph) Cites(key string) []string {
	n := g.byKey[key]
	if n == nil {
		return nil
	}
	return g.keysOf(g.adj.Succ(int(n.ID)))
}

// CitedBy returns the keys of the list papers that cite the paper with the
// given key, sorted; nil for an unknown key.
func (g *Graph) CitedBy(key string) []string {
	n := g.byKey[key]
	if n == nil {
		return nil
	}
	return g.keysOf(g.adj.Pred(int(n.ID)))
}

func (g *Graph) keysOf(idx []int32) []string {
	ks := make([]string, len(idx))
	for i, j := range idx {
		ks[i] = g.nodes[j].Key
	}
	return ks
}

// ReferencesUnavailable returns, sorted by key, the papers whose reference
// list is unavailable (Paper.References == nil): the graph holds none of
// their citations, which is not the same as their citing nothing.
func (g *Graph) ReferencesUnavailable() []*Node {
	var ns []*Node
	for _, n := range g.nodes {
		if n.Paper.References == nil {
			ns = append(ns, n)
		}
	}
	return ns
}

// Families returns the families of the list's papers, sorted.
func (g *Graph) Families() []string {
	set := map[string]bool{}
	for _, n := range g.nodes {
		for _, f := range n.Families {
			set[f] = true
		}
	}
	return bib.SortedKeys(set)
}
