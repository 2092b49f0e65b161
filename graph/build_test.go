package graph

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
)

// rec returns a paper record; ids are "s2:…", "arxiv:…", "doi:…" or
// "corpus:…".
func rec(title string, ids ...string) *bib.Paper {
	p := &bib.Paper{Title: title}
	for _, id := range ids {
		kind, v, _ := strings.Cut(id, ":")
		switch kind {
		case "s2":
			p.PaperID = v
		case "corpus":
			p.CorpusID = bib.FlexString(v)
		default:
			if p.ExternalIDs == nil {
				p.ExternalIDs = bib.ExternalIDs{}
			}
			p.ExternalIDs[map[string]string{"arxiv": "ArXiv", "doi": "DOI"}[kind]] = v
		}
	}
	return p
}

// citing returns a copy of p whose reference list is refs (an empty, not
// nil, list when refs is empty).
func citing(p *bib.Paper, refs ...*bib.Paper) *bib.Paper {
	q := *p
	list := make([]bib.Paper, 0, len(refs))
	for _, r := range refs {
		list = append(list, *r)
	}
	q.References = &list
	return &q
}

var (
	mobileNetV2 = rec("MobileNetV2: Inverted Residuals and Linear Bottlenecks", "s2:dd9cfe71", "arxiv:1801.04381", "doi:10.1109/CVPR.2018.00474")
	mobileNets  = rec("MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications", "arxiv:1704.04861")
	igcv3       = rec("IGCV3: Interleaved Low-Rank Group Convolutions for Efficient Deep Neural Networks", "arxiv:1806.00178")
	winograd    = rec("Efficient Sparse-Winograd Convolutional Neural Networks", "arxiv:1802.06367")
	vnq         = rec("Variational Network Quantization")
	thiNet      = rec("ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression", "doi:10.1109/ICCV.2017.541")
	byCorpus    = rec("A Paper Known by Corpus Id", "corpus:4555")
)

func TestBuildEdges(t *testing.T) {
	for _, tc := range []struct {
		name    string
		members []*bib.Paper
		want    [][2]*bib.Paper // citing, cited
	}{
		{
			name:    "by paperId despite a wrong title",
			members: []*bib.Paper{citing(mobileNets, rec("MobileNet v2", "s2:dd9cfe71")), mobileNetV2},
			want:    [][2]*bib.Paper{{mobileNets, mobileNetV2}},
		},
		{
			name:    "by arXiv id when the paperId is not in the list",
			members: []*bib.Paper{citing(mobileNetV2, rec("MobileNets", "s2:3647d6d0", "arxiv:1704.04861")), mobileNets},
			want:    [][2]*bib.Paper{{mobileNetV2, mobileNets}},
		},
		{
			name:    "by DOI in any case",
			members: []*bib.Paper{citing(mobileNets, rec("ThiNet", "doi:10.1109/iccv.2017.541")), thiNet},
			want:    [][2]*bib.Paper{{mobileNets, thiNet}},
		},
		{
			name:    "by corpus id",
			members: []*bib.Paper{citing(mobileNets, rec("?", "corpus:4555")), byCorpus},
			want:    [][2]*bib.Paper{{mobileNets, byCorpus}},
		},
		{
			name:    "by normalised title",
			members: []*bib.Paper{citing(mobileNets, rec("VARIATIONAL network-quantization.")), vnq},
			want:    [][2]*bib.Paper{{mobileNets, vnq}},
		},
		{
			name:    "by title when the list paper lacks the reference's paperId",
			members: []*bib.Paper{citing(vnq, rec(mobileNets.Title, "s2:3647d6d0")), mobileNets},
			want:    [][2]*bib.Paper{{vnq, mobileNets}},
		},
		{
			name: "near twins never match",
			members: []*bib.Paper{
				citing(vnq,
					rec("MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications"),
					rec("Interleaved Group Convolutions"),
					rec("Interleaved Group Convolutions for Deep Neural Networks"),
					rec("Sparse Convolutional Neural Networks"),
					rec("Variational Network Quantization Part II")),
				mobileNetV2, igcv3, winograd,
			},
		},
		{
			name:    "a title match with a conflicting id is another paper",
			members: []*bib.Paper{citing(vnq, rec(mobileNets.Title, "arxiv:1704.99999")), mobileNets},
		},
		{
			name: "a title two list papers share matches neither",
			members: []*bib.Paper{
				citing(vnq, rec("Deep Learning")),
				rec("Deep Learning", "doi:10.1038/nature14539"), rec("Deep Learning", "s2:4f8d648c"),
			},
		},
		{
			name:    "no self-citation, no repeated edge",
			members: []*bib.Paper{citing(mobileNets, mobileNets, mobileNetV2, rec(mobileNetV2.Title), rec("", "arxiv:1801.04381"))},
		},
		{
			name:    "repeated edge",
			members: []*bib.Paper{citing(mobileNetV2, mobileNets, rec(mobileNets.Title), mobileNetV2), mobileNets},
			want:    [][2]*bib.Paper{{mobileNetV2, mobileNets}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := make([]Member, len(tc.members))
			for i, p := range tc.members {
				ms[i] = Member{Paper: p}
			}
			g := Build(ms, nil)
			var want []Edge
			for _, e := range tc.want {
				want = append(want, Edge{From: e[0].Key(), To: e[1].Key()})
			}
			slices.SortFunc(want, func(a, b Edge) int { return strings.Compare(a.From+"\x00"+a.To, b.From+"\x00"+b.To) })
			if got := g.Edges(); !reflect.DeepEqual(got, want) {
				t.Errorf("Edges() = %v; want %v", got, want)
			}
			if n := len(refGraphOf(g.Directed()).Edges); n != len(want) {
				t.Errorf("gonum graph has %d edges; want %d", n, len(want))
			}
			for _, e := range want {
				if !g.Directed().HasEdgeFromTo(g.Node(e.From).ID, g.Node(e.To).ID) {
					t.Errorf("gonum graph lacks %v", e)
				}
			}
		})
	}
}

func TestBuildNodes(t *testing.T) {
	noRefs := rec("Cross Modal Distillation for Supervision Transfer", "arxiv:1507.00448")
	citesNothing := citing(rec("A Paper Without References", "arxiv:1111.11111"))
	g := Build([]Member{
		{Paper: noRefs, Families: []string{"Distillation", "Transfer"}},
		{Paper: citing(mobileNets, noRefs), Families: []string{"Structure"}},
		{Paper: citesNothing, Families: []string{""}},
		{Paper: nil, Families: []string{"Ignored"}},
		{Paper: noRefs, Families: []string{"Distillation", "Cross-modal"}},
		{Paper: citing(noRefs, mobileNets), Families: nil}, // the same paper with its references
	}, nil)

	if got := g.Len(); got != 3 {
		t.Fatalf("Len() = %d; want 3", got)
	}
	var keys []string
	for i, n := range g.Nodes() {
		keys = append(keys, n.Key)
		if n.ID != int64(i) || g.Node(n.Key) != n {
			t.Errorf("node %d: ID %d, Node(%q) = %v", i, n.ID, n.Key, g.Node(n.Key))
		}
	}
	if !slices.IsSorted(keys) {
		t.Errorf("Nodes() not sorted by key: %q", keys)
	}
	n := g.Node(noRefs.Key())
	if want := []string{"Cross-modal", "Distillation", "Transfer"}; !reflect.DeepEqual(n.Families, want) {
		t.Errorf("families of a paper listed thrice: %q; want %q", n.Families, want)
	}
	if n.Paper.References == nil {
		t.Errorf("the record with a reference list was not preferred")
	}
	if got := g.Node(citesNothing.Key()).Families; len(got) != 0 {
		t.Errorf("empty family kept: %q", got)
	}
	if want := []string{"Cross-modal", "Distillation", "Structure", "Transfer"}; !reflect.DeepEqual(g.Families(), want) {
		t.Errorf("Families() = %q; want %q", g.Families(), want)
	}
	if want := []Edge{{From: noRefs.Key(), To: mobileNets.Key()}, {From: mobileNets.Key(), To: noRefs.Key()}}; !reflect.DeepEqual(g.Edges(), want) {
		t.Errorf("Edges() = %v; want %v", g.Edges(), want)
	}
	if g.Node("nope") != nil || g.Cites("nope") != nil || g.CitedBy("nope") != nil {
		t.Errorf("unknown key gave a node or citations")
	}

	// Unavailable (nil) and empty reference lists differ.
	g = Build([]Member{{Paper: noRefs}, {Paper: citesNothing}, {Paper: citing(mobileNets, noRefs)}}, nil)
	if u := g.ReferencesUnavailable(); len(u) != 1 || u[0].Key != noRefs.Key() {
		t.Errorf("ReferencesUnavailable() = %v; want only %s", u, noRefs.Key())
	}
	if got := g.CitedBy(noRefs.Key()); !reflect.DeepEqual(got, []string{mobileNets.Key()}) {
		t.Errorf("CitedBy(%s) = %q", noRefs.Key(), got)
	}
}

func TestSuggestions(t *testing.T) {
	const (
		vggID = "eb42cf88027de515750f230b23b1a057dc782108"
		dlID  = "4f8d648c52edf74e41b0996128aa536e13cc7e82"
		dl2ID = "b2b4d2cb5e0ba4a0cb8c9c1ac7a1fc0a0ab02cbd"
	)
	vgg := "Very Deep Convolutional Networks for Large-Scale Image Recognition"
	kd := "Distilling the Knowledge in a Neural Network"
	vggFull := rec(vgg, "s2:"+vggID, "arxiv:1409.1556")
	one := citing(rec("List Paper One", "arxiv:1000.00001"),
		rec(vgg, "s2:"+vggID),
		rec("Deep Learning", "s2:"+dlID),
		rec(kd, "arxiv:1503.02531"),
		rec("Only Once"),
	)
	two := citing(rec("List Paper Two", "arxiv:1000.00002"),
		rec("Very deep convolutional networks for large scale image recognition."),
		rec("Deep Learning", "s2:"+dl2ID),
		rec("distilling the knowledge in a neural network", "s2:0c908739"),
		rec("List Paper One", "arxiv:1000.00001"),
	)
	three := citing(rec("List Paper Three", "arxiv:1000.00003"),
		rec("Deep Learning"),
		rec(kd, "s2:0c908739", "doi:10.48550/ARXIV.1503.02531"),
		rec("Deep Learning", "s2:"+dlID),
	)
	inList := rec("List Paper Three", "s2:aaaa", "arxiv:1000.00003")
	before := []bib.Paper{*one, *two, *three}

	g := Build([]Member{{Paper: one}, {Paper: two}, {Paper: three}}, []*bib.Paper{vggFull, inList, nil})
	if want := []Edge{{From: two.Key(), To: one.Key()}}; !reflect.DeepEqual(g.Edges(), want) {
		t.Errorf("Edges() = %v; want %v", g.Edges(), want)
	}
	type sugg struct {
		key     string
		title   string
		ids     []string // Paper.AliasKeys() but the title
		citedBy []string
	}
	k1, k2, k3 := one.Key(), two.Key(), three.Key()
	want := []sugg{
		// Joined by arXiv id (one), paperId (two, three) and title; the
		// paperId and DOI of three complete the record.
		{"0c908739", kd, []string{"0c908739", "ARXIV:1503.02531", "DOI:10.48550/arxiv.1503.02531"}, []string{k1, k2, k3}},
		// Two papers titled "Deep Learning" with different paperIds stay
		// apart, and the bare title (three) is left as its own suggestion.
		{dlID, "Deep Learning", []string{dlID}, []string{k1, k3}},
		// Joined by title (two) to the full record given as extra.
		{vggID, vgg, []string{vggID, "ARXIV:1409.1556"}, []string{k1, k2}},
		// Ties by key, in byte order.
		{"TITLE:deep learning", "Deep Learning", []string{}, []string{k3}},
		{"TITLE:only once", "Only Once", []string{}, []string{k1}},
		{dl2ID, "Deep Learning", []string{dl2ID}, []string{k2}},
	}
	var got []sugg
	for _, s := range g.Suggestions(0) {
		ids := s.Paper.AliasKeys()
		got = append(got, sugg{s.Key, s.Paper.Title, ids[:len(ids)-1], s.CitedBy})
		if s.Key != s.Paper.Key() {
			t.Errorf("suggestion key %s, paper key %s", s.Key, s.Paper.Key())
		}
		if s.Key == vggID && s.Paper != vggFull {
			t.Errorf("VGG suggested with %+v, not the extra record", s.Paper)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Suggestions(0) =\n%+v\nwant\n%+v", got, want)
	}
	if got := g.Suggestions(2); len(got) != 3 || got[2].Key != vggID {
		t.Errorf("Suggestions(2) = %+v; want the first three", got)
	}
	if got := g.Suggestions(4); len(got) != 0 {
		t.Errorf("Suggestions(4) = %+v; want none", got)
	}
	g.Suggestions(1)[0].CitedBy[0] = "changed"
	if g.Suggestions(1)[0].CitedBy[0] == "changed" {
		t.Errorf("Suggestions shares its CitedBy slices with the Graph")
	}
	if after := []bib.Paper{*one, *two, *three}; !reflect.DeepEqual(before, after) {
		t.Errorf("Build modified its input")
	}
}

// TestAliasKeys checks that idKeys and titleKey split bib.Paper.AliasKeys.
func TestAliasKeys(t *testing.T) {
	for _, p := range []*bib.Paper{
		mobileNetV2, mobileNets, vnq, thiNet, byCorpus,
		rec("", "doi:10.1000/ÄBC.Def"),
		rec("Ünïcode Títle", "s2:x", "arxiv:1", "doi:10.1/X", "corpus:9"),
		{ExternalIDs: bib.ExternalIDs{"CorpusId": "7"}},
		{},
	} {
		got := idKeys(p)
		if k := titleKey(p); k != "" {
			got = append(got, k)
		}
		if want := p.AliasKeys(); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Errorf("idKeys + titleKey = %q; AliasKeys() = %q", got, want)
		}
	}
}
