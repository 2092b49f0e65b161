package graph

import (
	"fmt"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// BenchmarkNeighbourhood computes the neighbourhood of a list of every
// paper of the sample corpus (766), and of the corpus twice over (1,532
// papers in two disjoint copies: twice the citations, the same degrees),
// references only, phase by phase: matching and grouping (world),
// co-citation and coupling (similarity), and gonum's Louvain clustering of
// the list's papers (cluster). It reports each phase's time per known
// citation: near constant for world and similarity from one size to the
// other (near-linear in the citations).
//
//	go test ./graph -run '^$' -bench Neighbourhood -benchmem
func BenchmarkNeighbourhood(b *testing.B) {
	corpus := fetchtest.CorpusRecords(b)
	for _, copies := range []int{1, 2} {
		recs := fetchtest.Replicate(corpus, copies)
		b.Run(fmt.Sprint(len(recs)), func(b *testing.B) {
			var ms []Member
			for i, p := range recs {
				ms = append(ms, Member{Paper: p, Families: []string{fmt.Sprint("family ", i%12)}})
			}
			g := Build(ms, nil)
			var world, sim, cluster time.Duration
			var citations, pairs int
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				w := g.buildWorld(nil, true)
				t1 := time.Now()
				nb, list := w.similarity(2)
				t2 := time.Now()
				w.cluster(list)
				t3 := time.Now()
				world, sim, cluster = world+t1.Sub(t0), sim+t2.Sub(t1), cluster+t3.Sub(t2)
				citations, pairs = nb.Citations, len(nb.Similarity)
			}
			per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N) / float64(citations) }
			b.ReportMetric(float64(citations), "citations")
			b.ReportMetric(float64(pairs), "list-pairs")
			b.ReportMetric(per(world), "world-ns/citation")
			b.ReportMetric(per(sim), "similarity-ns/citation")
			b.ReportMetric(per(cluster), "cluster-ns/citation")
		})
	}
}
