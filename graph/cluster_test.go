package graph

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

func nodesOf(comms [][]int64) [][]gograph.Node {
	out := make([][]gograph.Node, len(comms))
	for i, c := range comms {
		for _, id := range c {
			out[i] = append(out[i], simple.Node(id))
		}
	}
	return out
}

// TestClustersTwoGroups: two groups of five papers citing one another
// within the group, one citation between the groups, and one paper of the
// first group filed under the second group's family. The clusters are the
// groups; the misfiled paper is a stray, its family split; a paper citing
// nothing and cited by none is unlinked.
func TestClustersTwoGroups(t *testing.T) {
	var ms []Member
	for g, fam := range []string{"pruning", "distillation"} {
		for i := range 5 {
			id := fmt.Sprintf("%c%d", 'a'+g, i)
			var refs []string
			for j := range i {
				refs = append(refs, fmt.Sprintf("%c%d", 'a'+g, j))
			}
			if id == "b0" {
				refs = append(refs, "a4")
			}
			f := fam
			if id == "a3" {
				f = "distillation" // misfiled
			}
			ms = append(ms, Member{Paper: paper(id, refs...), Families: []string{f}})
		}
	}
	ms = append(ms, Member{Paper: paper("z"), Families: []string{"pruning"}})
	g := Build(ms, nil)
	c := g.Neighbourhood(nil).Clusters

	var got [][]string
	for _, cl := range c.Clusters {
		got = append(got, cl.Papers)
	}
	want := [][]string{{"a0", "a1", "a2", "a3", "a4"}, {"b0", "b1", "b2", "b3", "b4"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("clusters %v; want %v", got, want)
	}
	if c.Clusters[0].ID != 1 || !slices.Equal(c.Clusters[0].Main, []string{"pruning"}) ||
		!slices.Equal(c.Clusters[1].Main, []string{"distillation"}) {
		t.Errorf("clusters %+v", c.Clusters)
	}
	if want := []Stray{{Key: "a3", Families: []string{"distillation"}, Cluster: 1}}; !reflect.DeepEqual(c.Strays, want) {
		t.Errorf("strays %+v; want %+v", c.Strays, want)
	}
	if want := []Split{{Family: "distillation", Parts: []FamilyPart{{1, 1}, {2, 5}}}}; !reflect.DeepEqual(c.Splits, want) {
		t.Errorf("splits %+v; want %+v", c.Splits, want)
	}
	if !slices.Equal(c.Unlinked, []string{"z"}) {
		t.Errorf("unlinked %v; want [z]", c.Unlinked)
	}
	if c.Modularity < 0.3 {
		t.Errorf("modularity %v; two clear groups give more than 0.3", c.Modularity)
	}
}

// TestClustersDeterministic clusters the seed snapshot many times (map
// orders differ every time): the clusters never change, and their
// modularity is what community.Q says of them.
func TestClustersDeterministic(t *testing.T) {
	ps := snapshot(t)
	var ms []Member
	for i, p := range ps[:42] {
		ms = append(ms, Member{Paper: p, Families: []string{fmt.Sprint("f", i/6)}})
	}
	g := Build(ms, ps[42:])
	first := g.Neighbourhood(&Expansion{Records: ps[42:], MinLinks: 2}).Clusters
	if len(first.Clusters) < 2 {
		t.Fatalf("%d clusters", len(first.Clusters))
	}
	for range 20 {
		g := Build(ms, ps[42:])
		if c := g.Neighbourhood(&Expansion{Records: ps[42:], MinLinks: 2}).Clusters; !reflect.DeepEqual(c, first) {
			t.Fatalf("clusters differ between runs:\n%+v\n%+v", c, first)
		}
	}
	// Q of the same partition over the same weighted graph, recomputed.
	w := g.buildWorld(&Expansion{Records: ps[42:], MinLinks: 2}, true)
	nb := g.Neighbourhood(&Expansion{Records: ps[42:], MinLinks: 2})
	index := map[string]int64{}
	var linked []string
	for i := range w.n {
		if !slices.Contains(first.Unlinked, w.keys[i]) {
			index[w.keys[i]] = int64(len(linked))
			linked = append(linked, w.keys[i])
		}
	}
	ug := newUndirected(len(linked))
	for _, e := range nb.Similarity {
		ug.set(int(index[e.A]), int(index[e.B]), e.Strength)
	}
	cited := map[[2]int]bool{}
	for _, e := range g.Edges() {
		a, b := int(index[e.From]), int(index[e.To])
		cited[[2]int{min(a, b), max(a, b)}] = true
	}
	for p := range cited {
		x, _ := ug.Weight(int64(p[0]), int64(p[1]))
		ug.set(p[0], p[1], x+1)
	}
	ug.freeze()
	var comms [][]int64
	for _, cl := range first.Clusters {
		var ids []int64
		for _, k := range cl.Papers {
			ids = append(ids, index[k])
		}
		comms = append(comms, ids)
	}
	q := community.Q(ug, nodesOf(comms), 1)
	if d := q - first.Modularity; d > 1e-12 || d < -1e-12 {
		t.Errorf("modularity %v; community.Q of the clusters %v", first.Modularity, q)
	}
}
