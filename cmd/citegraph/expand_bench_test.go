package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
	"github.com/citegraph/citegraph/graph"
)

// BenchmarkExpand expands a list of every paper of the sample corpus (766)
// against the fake at no rate limit: one citations walk per paper, the
// suggested papers' records in batches, and the neighbourhood computed
// (grouping, co-citation and coupling, clusters). It reports the citations
// known, the computation's share of the time and the time per known
// citation. The second size is the corpus twice over (1,532 papers in two
// disjoint copies: twice the citations, the same degrees), where the time
// per citation stays near constant: near-linear in the citations.
//
//	go test ./cmd/citegraph -run '^$' -bench Expand -benchmem
func BenchmarkExpand(b *testing.B) {
	corpus := fetchtest.CorpusRecords(b)
	for _, copies := range []int{1, 2} {
		recs := fetchtest.Replicate(corpus, copies)
		b.Run(fmt.Sprint(len(recs)), func(b *testing.B) {
			srv := fetchtest.New(b, recs, fetchtest.Options{})
			var ms []graph.Member
			for i, p := range recs {
				ms = append(ms, graph.Member{Paper: p, Families: []string{fmt.Sprint("family ", i%12)}})
			}
			g := graph.Build(ms, nil)
			s := &streams{Out: io.Discard, ErrOut: io.Discard}
			logger := slog.New(slog.DiscardHandler)
			var compute, total time.Duration
			var nb *graph.Neighbourhood
			b.ResetTimer()
			for range b.N {
				c := &fetch.Client{BaseURL: srv.URL(), HTTPClient: srv.Client(), RPS: -1, Timeout: time.Minute}
				p := &pipeline{Graph: g}
				start := time.Now()
				var err error
				nb, _, err = neighbourhood(context.Background(), p, &openedSource{Source: c, client: c}, expandOptions{Expand: true}, 2, logger, s, true)
				if err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				compute += p.NeighbourhoodTime
			}
			b.ReportMetric(float64(nb.Citations), "citations")
			b.ReportMetric(float64(len(nb.Similarity)), "list-pairs")
			b.ReportMetric(float64(compute)/float64(total), "compute-share")
			b.ReportMetric(float64(compute.Nanoseconds())/float64(b.N)/float64(nb.Citations), "compute-ns/citation")
			b.ReportMetric(float64(total.Nanoseconds())/float64(b.N)/float64(nb.Citations), "ns/citation")
		})
	}
}
