package fetch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// TestEveryFaultIsRetried injects two faults of each kind in front of each
// kind of call and checks the call succeeds on the third attempt.
func TestEveryFaultIsRetried(t *testing.T) {
	rec := pick(t, func(p *bib.Paper) bool { return p.PaperID != "" && p.References != nil })
	calls := []struct {
		endpoint string
		call     func(*fetch.Client) error
	}{
		{fetchtest.EndpointMatch, func(c *fetch.Client) error {
			p, _, err := c.MatchTitle(context.Background(), rec.Title)
			if err == nil && p.Title != rec.Title {
				err = fmt.Errorf("matched %q", p.Title)
			}
			return err
		}},
		{fetchtest.EndpointBatch, func(c *fetch.Client) error {
			ps, err := c.Papers(context.Background(), []string{rec.PaperID})
			if err == nil && (ps[0] == nil || ps[0].Title != rec.Title) {
				err = fmt.Errorf("got %v", ps[0])
			}
			return err
		}},
		{fetchtest.EndpointReferences, func(c *fetch.Client) error {
			refs, err := c.References(context.Background(), rec.PaperID)
			if err == nil && (refs == nil || len(*refs) != len(*rec.References)) {
				err = fmt.Errorf("got %d references", lenRefs(refs))
			}
			return err
		}},
	}
	for _, fault := range fetchtest.AllFaults {
		for _, call := range calls {
			t.Run(string(fault)+"/"+call.endpoint, func(t *testing.T) {
				t.Parallel()
				srv := fetchtest.New(t, records(t), fetchtest.Options{SlowDelay: 5 * time.Second})
				srv.Inject(call.endpoint, fault, fault)
				c, _ := newClient(t, srv, nil)
				c.MaxTries = 6
				if fault == fetchtest.FaultSlow {
					c.Timeout = 250 * time.Millisecond
				}
				if err := call.call(c); err != nil {
					t.Fatalf("after two %s faults: %v", fault, err)
				}
				// Two faulty attempts, then an answer (an attempt more only
				// if a loaded machine made a good answer time out; net/http
				// itself resends a GET once when a reused connection is
				// reset, which the client counts as a request sent).
				st := c.Stats()
				if st.Retries < 2 || st.Requests < st.Retries+1 || st.Failures != 0 {
					t.Errorf("stats = %+v; want ≥ 2 retries, then an answer, 0 failures", st)
				}
				if st.Requests != int64(srv.Count("")) {
					t.Errorf("client counted %d requests; the server saw %d", st.Requests, srv.Count(""))
				}
				for i, r := range srv.Requests()[:2] {
					if r.Fault != fault || r.Succeeded() {
						t.Errorf("request %d: fault %q, succeeded %t; want the injected %q", i, r.Fault, r.Succeeded(), fault)
					}
				}
				if n := srv.Successes(""); n != 1 {
					t.Errorf("%d successful requests; want 1", n)
				}
			})
		}
	}
}

func TestGivesUpAfterMaxTries(t *testing.T) {
	tests := []struct {
		fault fetchtest.Fault
		cause string
	}{
		{fetchtest.Fault429, "429 Too Many Requests: Too Many Requests."},
		{fetchtest.Fault504, "504 Gateway Timeout: Endpoint request timed out"},
		{fetchtest.FaultErrorBody, "200 answer carries only an error"},
		{fetchtest.FaultCut, "answer cut off"},
		{fetchtest.FaultSlow, "timed out after 100ms"},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			t.Parallel()
			srv := fetchtest.New(t, records(t), fetchtest.Options{SlowDelay: 3 * time.Second})
			srv.Inject(fetchtest.EndpointMatch, tt.fault, tt.fault, tt.fault, tt.fault)
			c, _ := newClient(t, srv, nil)
			c.MaxTries = 3
			c.Timeout = 100 * time.Millisecond
			_, _, err := c.MatchTitle(context.Background(), "MobileNetV2: Inverted Residuals and Linear Bottlenecks")
			var re *fetch.RetryError
			if !errors.As(err, &re) || re.Attempts != 3 {
				t.Fatalf("err = %v; want a *RetryError after 3 attempts", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "fetch: GET /paper/search/match?query=MobileNetV2") ||
				!strings.Contains(msg, "giving up after 3 attempts") || !strings.Contains(msg, tt.cause) {
				t.Errorf("err = %q; want the request, \"giving up after 3 attempts\" and %q", msg, tt.cause)
			}
			if n := srv.Count(""); n != 3 {
				t.Errorf("%d requests; want 3", n)
			}
			if st := c.Stats(); st.Failures != 1 || st.Retries != 2 {
				t.Errorf("stats = %+v", st)
			}
		})
	}
}

// fakeSleeper records the waits asked for and returns at once.
type fakeSleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (f *fakeSleeper) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, d)
	return ctx.Err()
}

func TestRetryAfterIsHonoured(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		retryAfter string
		want       time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"http-date", now.Add(42 * time.Second).Format(http.TimeFormat), 42 * time.Second},
		{"absent", "", time.Millisecond}, // the backoff's own wait
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), time.Millisecond},
		{"zero", "0", time.Millisecond},
		{"negative", "-5", time.Millisecond},
		{"garbage", "soon", time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fetchtest.New(t, records(t), fetchtest.Options{RetryAfter: tt.retryAfter})
			srv.Inject(fetchtest.EndpointMatch, fetchtest.Fault429)
			c, _ := newClient(t, srv, nil)
			sl := new(fakeSleeper)
			c.Sleep, c.Now = sl.Sleep, func() time.Time { return now }
			if _, _, err := c.MatchTitle(context.Background(), records(t)[0].Title); err != nil {
				t.Fatal(err)
			}
			if len(sl.waits) != 1 || sl.waits[0] != tt.want {
				t.Errorf("waits = %v; want [%v]", sl.waits, tt.want)
			}
		})
	}
	t.Run("too long", func(t *testing.T) {
		srv := fetchtest.New(t, records(t), fetchtest.Options{RetryAfter: "3600"})
		srv.Inject(fetchtest.EndpointMatch, fetchtest.Fault429)
		c, _ := newClient(t, srv, nil)
		sl := new(fakeSleeper)
		c.Sleep, c.MaxRetryAfter = sl.Sleep, time.Minute
		_, _, err := c.MatchTitle(context.Background(), records(t)[0].Title)
		if err == nil || !strings.Contains(err.Error(), "retry after 1h0m0s") || len(sl.waits) != 0 {
			t.Errorf("err = %v, waits %v; want a clear error and no wait", err, sl.waits)
		}
	})
}

func TestBackoffIsCappedExponential(t *testing.T) {
	b := fetch.ExponentialBackoff(100*time.Millisecond, time.Second)
	caps := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000}
	for i, c := range caps {
		limit := c * time.Millisecond
		var max time.Duration
		for range 200 {
			d := b(i + 1)
			if d < 0 || d > limit {
				t.Fatalf("backoff(%d) = %v; want within [0, %v]", i+1, d, limit)
			}
			max = maxDur(max, d)
		}
		if max < limit/2 {
			t.Errorf("backoff(%d): largest of 200 draws %v; want jitter over [0, %v]", i+1, max, limit)
		}
	}
}

func maxDur(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}

func TestCancelStopsTheWait(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	srv.Inject(fetchtest.EndpointMatch, fetchtest.Fault503)
	c, _ := newClient(t, srv, nil)
	c.Backoff = func(int) time.Duration { return time.Hour } // real sleep: only ctx can end it
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.OnRequest = func(info fetch.RequestInfo) {
		if info.Status == 503 {
			cancel()
		}
	}
	_, _, err := c.MatchTitle(ctx, records(t)[0].Title)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want context.Canceled", err)
	}
	if n := srv.Count(""); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}

func TestKeyRefused(t *testing.T) {
	const key = "s2-test-KEY-8d1f0c"
	srv := fetchtest.New(t, records(t), fetchtest.Options{APIKey: key})
	for _, tt := range []struct {
		key  fetch.Secret
		want string
	}{
		{"wrong-KEY-77", "the API key was refused"},
		{"", "no API key was sent"},
	} {
		c, logs := newClient(t, srv, nil)
		c.APIKey = tt.key
		_, _, err := c.MatchTitle(context.Background(), records(t)[0].Title)
		if !errors.Is(err, fetch.ErrKeyRefused) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "403") {
			t.Errorf("key %q: err = %v; want 403 saying %q", tt.key, err, tt.want)
		}
		if tt.key != "" && (strings.Contains(err.Error(), string(tt.key)) || strings.Contains(logs.String(), string(tt.key))) {
			t.Errorf("the refused key appears in the error or logs: %v", err)
		}
		if st := c.Stats(); st.Requests != 1 {
			t.Errorf("403 was retried: %+v", st)
		}
	}
	c, _ := newClient(t, srv, nil)
	c.APIKey = key
	if _, _, err := c.MatchTitle(context.Background(), records(t)[0].Title); err != nil {
		t.Errorf("right key: %v", err)
	}
}

// TestKeyNeverLeaks runs a faulty workload with a key and greps every
// output for it: logs, errors, the client's printed forms and the cache file.
func TestKeyNeverLeaks(t *testing.T) {
	const key = "s2-secret-KEY-5a7e93b1"
	srv := fetchtest.New(t, records(t), fetchtest.Options{APIKey: key, FaultRate: 0.3, Seed: 7, Faults: []fetchtest.Fault{
		fetchtest.Fault429, fetchtest.Fault500, fetchtest.FaultCut, fetchtest.FaultErrorBody, fetchtest.FaultReset,
	}})
	cache := openCache(t)
	c, logs := newClient(t, srv, cache)
	c.APIKey = key
	// A password in the base URL (a proxy's) is as secret as the key.
	const password = "url-PASSWORD-41c9"
	c.BaseURL = strings.Replace(c.BaseURL, "://", "://proxyuser:"+password+"@", 1)
	c.MaxTries = 2 // let some calls fail, so that errors are produced too
	var outputs []string
	var infoMu sync.Mutex
	c.OnRequest = func(info fetch.RequestInfo) {
		infoMu.Lock()
		defer infoMu.Unlock()
		outputs = append(outputs, fmt.Sprintf("%+v", info))
	}
	ctx := context.Background()
	for _, p := range records(t)[:30] {
		if _, _, err := c.MatchTitle(ctx, p.Title); err != nil {
			outputs = append(outputs, err.Error())
		}
	}
	if _, err := c.Papers(ctx, fetchtest.APIIDs(t, addressable(records(t))[:30])); err != nil {
		outputs = append(outputs, err.Error())
	}
	if c.Stats().Retries == 0 || c.Stats().Requests == 0 {
		t.Fatalf("stats %+v: the workload exercised no retries", c.Stats())
	}
	for _, r := range srv.Requests() {
		if !r.APIKey {
			t.Fatalf("request %s sent without the key", r.Key())
		}
	}
	js, err := json.Marshal(struct{ Key fetch.Secret }{c.APIKey})
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, logs.String(), string(js),
		fmt.Sprintf("%v|%+v|%#v|%s|%q|%x", c, c, c, c, c, c),
		fmt.Sprintf("%v|%+v|%#v|%d", struct{ K fetch.Secret }{c.APIKey}, struct{ K fetch.Secret }{c.APIKey}, struct{ K fetch.Secret }{c.APIKey}, struct{ K fetch.Secret }{c.APIKey}),
		fmt.Sprintf("%v|%+v|%#v|%s|%q|%x|%d", c.APIKey, c.APIKey, c.APIKey, c.APIKey, c.APIKey, c.APIKey, c.APIKey),
		fmt.Sprint(c.Stats()), c.String())
	for i, out := range outputs {
		if strings.Contains(out, key) || strings.Contains(out, password) {
			t.Errorf("output %d contains the API key or the URL's password: %.300s", i, out)
		}
	}
	if err := cache.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(cache.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), key) || strings.Contains(string(b), password) {
		t.Error("the cache file contains the API key or the URL's password")
	}
	if len(b) == 0 || !strings.Contains(string(b), "/paper/search/match") {
		t.Error("the cache file holds no answer; the grep proves nothing")
	}
}
