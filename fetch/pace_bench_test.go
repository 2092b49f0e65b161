package fetch_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// BenchmarkStrictLimitRealTime runs the seed list's cold workload (43 title
// matches and one batch: 44 calls) at --rps 1 against the fake enforcing
// exactly one request per second in real time, with no Retry-After on its
// 429s, as the keyed API does. It takes about 45 s (it sleeps; it hardly
// uses the CPU) and reports the run's seconds, its ratio to the floor
// ((calls-1) seconds between the first request and the last) and the 429s.
//
//	go test ./fetch -run '^$' -bench StrictLimitRealTime -benchtime 1x
func BenchmarkStrictLimitRealTime(b *testing.B) {
	w := seedWorkload(b)
	for range b.N {
		srv := fetchtest.New(b, fetchtest.SnapshotRecords(b), fetchtest.Options{MinInterval: time.Second})
		c := &fetch.Client{BaseURL: srv.URL(), HTTPClient: srv.Client(), RPS: 1, Timeout: 10 * time.Second, MaxTries: 8}
		start := time.Now()
		if _, err := w.run(context.Background(), c); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		srv.Wait()
		calls, refused := 0, 0
		for _, r := range srv.Requests() {
			calls++
			if r.Status == http.StatusTooManyRequests {
				refused++
			}
		}
		floor := time.Duration(calls-refused-1) * time.Second
		b.ReportMetric(took.Seconds(), "s")
		b.ReportMetric(float64(took)/float64(floor), "floor-ratio")
		b.ReportMetric(float64(refused), "429s")
		b.ReportMetric(float64(calls-refused), "calls")
	}
}
