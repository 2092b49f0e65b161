package fetch_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/contracttest"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// jittered returns a server clock that sees each request up to jitter
// later than the client sent it (network delay that varies per request).
func jittered(clk *contracttest.Clock, jitter time.Duration, seed uint64) func() time.Time {
	if jitter <= 0 {
		return clk.Now
	}
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, 1))
	return func() time.Time {
		mu.Lock()
		d := time.Duration(rng.Int64N(int64(jitter) + 1))
		mu.Unlock()
		return clk.Now().Add(d)
	}
}

// pacedRun runs the seed workload (43 title matches and one batch: 44
// calls) against a fake that lets through one request per second and
// refuses the others with 429 and no Retry-After, as the keyed API does.
// It returns the fake clock's duration of the run, the calls the run needed
// at least, the 429s and the client's send times, attempt by attempt.
func pacedRun(t *testing.T, rps float64, jitter time.Duration, faults ...fetchtest.Fault) (took time.Duration, minCalls, refused int, sends []time.Time, statuses []int) {
	t.Helper()
	clk := contracttest.NewClock()
	srv := fetchtest.New(t, fetchtest.SnapshotRecords(t), fetchtest.Options{
		MinInterval: time.Second,
		Now:         jittered(clk, jitter, 7),
	})
	srv.Inject("", faults...)
	c := &fetch.Client{
		BaseURL:    srv.URL(),
		HTTPClient: srv.Client(),
		RPS:        rps,
		Timeout:    10 * time.Second,
		MaxTries:   8,
		Now:        clk.Now,
		Sleep:      clk.Sleep,
	}
	// The clock does not move during a request, so its time when the
	// attempt is reported is the time the attempt left.
	var mu sync.Mutex
	c.OnRequest = func(info fetch.RequestInfo) {
		if info.Cached {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		sends = append(sends, clk.Now())
		statuses = append(statuses, info.Status)
	}
	start := clk.Now()
	w := seedWorkload(t)
	if _, err := w.run(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	took = clk.Now().Sub(start)
	srv.Wait()
	for _, r := range srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	for _, n := range w.minimum(t, fetchtest.SnapshotRecords(t)) {
		minCalls += n
	}
	if got := srv.Successes(""); got != minCalls {
		t.Errorf("%d successful calls; want the minimum %d", got, minCalls)
	}
	return took, minCalls, refused, sends, statuses
}

// TestPacingAtTheStrictLimit: a client told "1 request per second" never
// trips a server that enforces exactly that, even when the network delays
// each request by a different amount (up to 40 ms here), and the seed
// list's cold run takes at most 1.1 times the floor: (calls-1) seconds
// between the first request and the last. A 429 that comes anyway (here
// one the server throws in) keeps it within that bound.
func TestPacingAtTheStrictLimit(t *testing.T) {
	tenth429 := append(make([]fetchtest.Fault, 9), fetchtest.Fault429)
	for _, tt := range []struct {
		name    string
		jitter  time.Duration
		faults  []fetchtest.Fault
		refused int
	}{
		{"jitter 0s", 0, nil, 0},
		{"jitter 40ms", 40 * time.Millisecond, nil, 0},
		{"jitter 40ms, one 429", 40 * time.Millisecond, tenth429, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			took, calls, refused, _, _ := pacedRun(t, 1, tt.jitter, tt.faults...)
			floor := time.Duration(calls-1) * time.Second
			ratio := float64(took) / float64(floor)
			t.Logf("%d calls in %s (floor %s, ratio %.3f), %d refused", calls, took, floor, ratio, refused)
			if refused != tt.refused {
				t.Errorf("%d requests refused with 429; want %d", refused, tt.refused)
			}
			if ratio > 1.1 {
				t.Errorf("the run took %s, %.3f times the floor %s; want at most 1.1", took, ratio, floor)
			}
		})
	}
}

// TestPacingSlowsDownAfter429: a client paced exactly at the server's
// limit (no margin left) is refused now and then when the network's delay
// varies; after each 429 it waits longer than its usual interval (not a
// retry within 0-1 s) and keeps a slower pace for a while, so refusals stay
// rare and every request succeeds in the end.
func TestPacingSlowsDownAfter429(t *testing.T) {
	rps := 1 + fetch.PaceMargin // paced at exactly 1 s
	took, calls, refused, sends, statuses := pacedRun(t, rps, 40*time.Millisecond)
	t.Logf("%d calls in %s, %d refused", calls, took, refused)
	if refused == 0 {
		t.Fatal("no request was refused: the test does not test the slow-down")
	}
	if refused > calls/4 {
		t.Errorf("%d of %d calls refused: the client does not slow down enough", refused, calls)
	}
	interval := time.Second
	slowed := time.Duration(float64(interval) / fetch.PaceDecrease)
	for i, st := range statuses {
		if st != http.StatusTooManyRequests || i+1 >= len(sends) {
			continue
		}
		if gap := sends[i+1].Sub(sends[i]); gap < slowed-time.Millisecond {
			t.Errorf("attempt %d came %s after a 429; want at least %s", i+2, gap, slowed)
		}
		// The slower pace lasts: the next few gaps stay above the interval.
		for j := i + 1; j < min(i+4, len(sends)-1); j++ {
			if gap := sends[j+1].Sub(sends[j]); gap <= interval {
				t.Errorf("attempt %d came %s after the previous one, %d attempts after a 429; want a slower pace than %s", j+2, gap, j-i, interval)
			}
		}
	}
}

// TestBatchChunksStartAtTheSizeThatWorked: after a "Response would exceed
// maximum size" refusal, the later chunks of the same call, and of later
// calls, start at the size that worked, instead of each wasting a refused
// call.
func TestBatchChunksStartAtTheSizeThatWorked(t *testing.T) {
	// Unknown ids answer null (5 bytes each): 500 of them exceed 2,000
	// bytes, 250 do not.
	srv := fetchtest.New(t, records(t), fetchtest.Options{MaxResponseBytes: 2000})
	c, _ := newClient(t, srv, nil)
	ids := func(from, n int) []string {
		var ids []string
		for i := range n {
			ids = append(ids, fmt.Sprintf("ARXIV:9999.%05d", from+i))
		}
		return ids
	}
	count := func() (refused, answered int) {
		srv.Wait()
		for _, r := range srv.Requests() {
			switch r.Status {
			case http.StatusBadRequest:
				refused++
			case http.StatusOK:
				answered++
			}
		}
		return refused, answered
	}
	if _, err := c.Papers(context.Background(), ids(0, 1500)); err != nil {
		t.Fatal(err)
	}
	if refused, answered := count(); refused != 1 || answered != 6 {
		t.Errorf("1,500 ids: %d refused and %d answered batch calls; want 1 and 6 (chunks of 250 after the first refusal)", refused, answered)
	}
	srv.Reset()
	if _, err := c.Papers(context.Background(), ids(2000, 500)); err != nil {
		t.Fatal(err)
	}
	if refused, answered := count(); refused != 0 || answered != 2 {
		t.Errorf("a later call of 500 ids: %d refused and %d answered; want 0 and 2", refused, answered)
	}
}

// delayingTransport is a network on a fake clock whose one-way delay is
// floor plus up to jitter, drawn per request and per way: the server sees
// a request the outbound delay after it left, and the client its answer
// the return delay after that.
type delayingTransport struct {
	base          http.RoundTripper
	clk           *contracttest.Clock
	floor, jitter time.Duration
	mu            sync.Mutex
	rng           *rand.Rand
}

func (d *delayingTransport) delay() time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.floor + time.Duration(d.rng.Int64N(int64(d.jitter)+1))
}

func (d *delayingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	_ = d.clk.Sleep(req.Context(), d.delay())
	resp, err := d.base.RoundTrip(req)
	_ = d.clk.Sleep(req.Context(), d.delay())
	return resp, err
}

// TestPacingAgainstNetworkJitter: when the network's delay varies by far
// more than the 5% margin (40 ms plus up to 150 ms each way here), the
// client waits out each long round trip instead of tripping the strict
// limit: no 429, whatever the draw of delays.
func TestPacingAgainstNetworkJitter(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { pacedJitterRun(t, seed) })
	}
}

func pacedJitterRun(t *testing.T, seed uint64) {
	clk := contracttest.NewClock()
	srv := fetchtest.New(t, fetchtest.SnapshotRecords(t), fetchtest.Options{MinInterval: time.Second, Now: clk.Now})
	hc := srv.Client()
	hc.Transport = &delayingTransport{base: hc.Transport, clk: clk, floor: 40 * time.Millisecond,
		jitter: 150 * time.Millisecond, rng: rand.New(rand.NewPCG(seed, 6))}
	c := &fetch.Client{BaseURL: srv.URL(), HTTPClient: hc, RPS: 1, Timeout: 10 * time.Second, MaxTries: 8, Now: clk.Now, Sleep: clk.Sleep}
	start := clk.Now()
	if _, err := seedWorkload(t).run(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	took := clk.Now().Sub(start)
	srv.Wait()
	refused := 0
	for _, r := range srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	calls := srv.Successes("")
	t.Logf("%d calls in %s (%.3f times %d s), %d refused", calls, took, took.Seconds()/float64(calls-1), calls-1, refused)
	if refused > 0 {
		t.Errorf("%d requests refused; want none", refused)
	}
	// Each request waits at most the previous round trip less half the
	// shortest (< 340 ms) beyond its second: well under 1.35 times the floor.
	if ratio := took.Seconds() / float64(calls-1); ratio > 1.35 {
		t.Errorf("the run took %.3f times the floor", ratio)
	}
}
