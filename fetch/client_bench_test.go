package fetch_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// BenchmarkSeedWorkload runs the seed-sized workload (43 title matches and
// one batch) against the fake at 50 requests/s, with a cold cache (a new
// file per op) and a warm one (filled before timing; a new client per op, so
// every answer comes from the file), without faults and with 10% injected
// faults. It reports calls/op and retries/op beside the time per op; the
// warm/cold ratio is warm ns/op over cold ns/op.
func BenchmarkSeedWorkload(b *testing.B) {
	w := seedWorkload(b)
	for _, rate := range []float64{0, 0.1} {
		for _, warm := range []bool{false, true} {
			name := "cold"
			if warm {
				name = "warm"
			}
			name += "/faults=" + strconv.Itoa(int(rate*100)) + "%"
			b.Run(name, func(b *testing.B) {
				srv := fetchtest.New(b, records(b), fetchtest.Options{FaultRate: rate, Seed: 11, SlowDelay: time.Second})
				newBenchClient := func(cache fetch.Cache) *fetch.Client {
					return &fetch.Client{
						BaseURL:    srv.URL(),
						HTTPClient: srv.Client(),
						RPS:        50,
						Timeout:    200 * time.Millisecond,
						MaxTries:   8,
						Backoff:    fetch.ExponentialBackoff(5*time.Millisecond, 100*time.Millisecond),
						Cache:      cache,
					}
				}
				dir := b.TempDir()
				var shared *fetch.DiskCache
				if warm {
					shared = openBenchCache(b, filepath.Join(dir, "warm.db"))
					if _, err := w.run(context.Background(), newBenchClient(shared)); err != nil {
						b.Fatal(err)
					}
				}
				var calls, retries int64
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					cache := shared
					if !warm {
						b.StopTimer()
						cache = openBenchCache(b, filepath.Join(dir, "cold"+strconv.Itoa(i)+".db"))
						b.StartTimer()
					}
					c := newBenchClient(cache)
					if _, err := w.run(context.Background(), c); err != nil {
						b.Fatal(err)
					}
					st := c.Stats()
					calls += st.Requests
					retries += st.Retries
				}
				b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
				b.ReportMetric(float64(retries)/float64(b.N), "retries/op")
			})
		}
	}
}

func openBenchCache(b *testing.B, path string) *fetch.DiskCache {
	b.Helper()
	d, err := fetch.OpenCache(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d
}

// BenchmarkSeedWarmColdRatio times, in each op, a cold run of the seed-sized
// workload (new cache file) and then a warm run on that cache (new client),
// at 50 requests/s with 10% injected faults, and reports both times and
// their ratio (warm/cold) with the calls and retries of the cold run.
func BenchmarkSeedWarmColdRatio(b *testing.B) {
	w := seedWorkload(b)
	srv := fetchtest.New(b, records(b), fetchtest.Options{FaultRate: 0.1, Seed: 5, SlowDelay: time.Second})
	dir := b.TempDir()
	var cold, warm time.Duration
	var calls, retries, warmCalls int64
	for i := 0; i < b.N; i++ {
		cache := openBenchCache(b, filepath.Join(dir, "ratio"+strconv.Itoa(i)+".db"))
		for pass := range 2 {
			c := &fetch.Client{
				BaseURL: srv.URL(), HTTPClient: srv.Client(), RPS: 50, Timeout: 200 * time.Millisecond,
				MaxTries: 8, Backoff: fetch.ExponentialBackoff(5*time.Millisecond, 100*time.Millisecond), Cache: cache,
			}
			start := time.Now()
			if _, err := w.run(context.Background(), c); err != nil {
				b.Fatal(err)
			}
			d := time.Since(start)
			st := c.Stats()
			if pass == 0 {
				cold += d
				calls += st.Requests
				retries += st.Retries
			} else {
				warm += d
				warmCalls += st.Requests
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(cold.Milliseconds())/n, "cold-ms/op")
	b.ReportMetric(float64(warm.Microseconds())/1000/n, "warm-ms/op")
	b.ReportMetric(float64(warm)/float64(cold), "warm/cold")
	b.ReportMetric(float64(calls)/n, "calls/op")
	b.ReportMetric(float64(retries)/n, "retries/op")
	b.ReportMetric(float64(warmCalls)/n, "warm-calls/op")
}
