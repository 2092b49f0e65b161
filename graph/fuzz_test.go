package graph

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
)

// fuzzPaper draws a record from small pools of titles and ids, so that
// fuzzed lists are full of shared aliases, near twins and id conflicts.
func fuzzPaper(b byte) *bib.Paper {
	titles := []string{"", "MobileNets", "MobileNetV2", "Deep Learning", "deep learning!", "IGCV3"}
	p := &bib.Paper{Title: titles[int(b)%len(titles)]}
	b /= byte(len(titles))
	if b&1 != 0 {
		p.PaperID = "s2-" + string('a'+rune(b>>3&3))
	}
	if b&2 != 0 {
		p.ExternalIDs = bib.ExternalIDs{"ArXiv": "1704." + string('0'+rune(b>>4&3))}
	}
	if b&4 != 0 {
		if p.ExternalIDs == nil {
			p.ExternalIDs = bib.ExternalIDs{}
		}
		p.ExternalIDs["DOI"] = "10.1/" + []string{"X", "x"}[b>>5&1]
	}
	return p
}

// FuzzBuild checks Build's invariants on lists drawn from data: each list
// paper takes one byte for its record and one for its reference count;
// then one byte per reference.
func FuzzBuild(f *testing.F) {
	f.Add([]byte{1, 2, 2, 8, 3, 1, 0})
	f.Add([]byte{19, 3, 25, 4, 200, 7, 3, 2, 1, 255, 17, 9, 40, 41, 42, 0, 5})
	f.Add([]byte{0, 0, 0, 0, 6, 1, 12, 18, 4, 2, 100, 101})
	f.Fuzz(func(t *testing.T, data []byte) {
		var ms []Member
		var extra []*bib.Paper
		for len(data) >= 2 && len(ms) < 12 {
			p, n := fuzzPaper(data[0]), int(data[1]%5)
			data = data[2:]
			if n == 4 { // an extra record, not a list paper
				extra = append(extra, p)
				continue
			}
			refs := []bib.Paper{}
			for ; n > 0 && len(data) > 0; n-- {
				refs = append(refs, *fuzzPaper(data[0]))
				data = data[1:]
			}
			if len(refs) > 0 || len(data)%2 == 0 {
				p.References = &refs
			}
			ms = append(ms, Member{Paper: p, Families: []string{p.Title}})
		}
		g := Build(ms, extra)

		edges := g.Edges()
		if !slices.IsSortedFunc(edges, func(a, b Edge) int {
			return strings.Compare(a.From+"\x00"+a.To, b.From+"\x00"+b.To)
		}) || len(slices.Compact(slices.Clone(edges))) != len(edges) {
			t.Fatalf("edges not sorted or repeated: %v", edges)
		}
		for _, e := range edges {
			if e.From == e.To {
				t.Fatalf("self-citation %v", e)
			}
			from, to := g.Node(e.From), g.Node(e.To)
			if from == nil || to == nil || from.Paper.References == nil {
				t.Fatalf("edge %v between unknown papers or from an unavailable list", e)
			}
			justified := false
			for _, r := range *from.Paper.References {
				for _, k := range r.AliasKeys() {
					justified = justified || slices.Contains(to.Paper.AliasKeys(), k)
				}
			}
			if !justified {
				t.Fatalf("edge %v shares no alias with any reference", e)
			}
		}
		var sumPR float64
		for _, s := range g.Rank(2022) {
			for _, v := range []float64{s.PageRank, s.Hub, s.Authority, s.Betweenness} {
				if math.IsNaN(v) || v < 0 || v > 1+1e-12 {
					t.Fatalf("%s: metric out of [0, 1]: %+v", s.Key, s)
				}
			}
			sumPR += s.PageRank
		}
		if g.Len() > 0 && math.Abs(sumPR-1) > 1e-9 {
			t.Fatalf("PageRank sums to %v", sumPR)
		}
		seen := map[string]bool{}
		for _, s := range g.Suggestions(1) {
			if seen[s.Key] || g.Node(s.Key) != nil || len(s.CitedBy) == 0 {
				t.Fatalf("suggestion %s repeated, in the list, or cited by no one", s.Key)
			}
			seen[s.Key] = true
		}
	})
}
