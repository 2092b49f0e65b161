package fetch_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
)

// deadAddr returns a loopback address where nothing listens: a port that
// was just bound and released.
func deadAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestRefusedConnectionFailsAtOnce: an address that refuses connections is
// dead, like a host that does not resolve: the first request fails with
// ErrUnreachable naming the address, with the client's real backoff, and
// no later request is sent.
func TestRefusedConnectionFailsAtOnce(t *testing.T) {
	addr := deadAddr(t)
	c := &fetch.Client{BaseURL: "http://" + addr + "/graph/v1", RPS: 1000, MaxTries: 6}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Papers(ctx, []string{"ARXIV:1801.04381", "ARXIV:1412.6550"})
	_, _, err2 := c.MatchTitle(ctx, "MobileNetV2")
	took := time.Since(start)
	if !errors.Is(err, fetch.ErrUnreachable) || !strings.Contains(err.Error(), addr) || !strings.Contains(err.Error(), "refused the connection") {
		t.Errorf("Papers: err = %v; want ErrUnreachable naming %s", err, addr)
	}
	if !errors.Is(err2, fetch.ErrUnreachable) || !errors.Is(c.Refused(), fetch.ErrUnreachable) {
		t.Errorf("a later request: err = %v, Refused() = %v; want ErrUnreachable without trying", err2, c.Refused())
	}
	if took > 2*time.Second {
		t.Errorf("a refused connection took %v to report; want well under 2s", took)
	}
	if st := c.Stats(); st.Retries != 0 {
		t.Errorf("%d retries against a dead address", st.Retries)
	}
}

// TestRefusedAfterAnswersIsRetried: once the server has answered, a refused
// connection is a restart and is retried (here it stays down, so the
// request gives up after MaxTries with a *RetryError, a lost entry).
func TestRefusedAfterAnswersIsRetried(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":"Title match not found"}`))
	}))
	c := &fetch.Client{BaseURL: srv.URL, RPS: 1000, MaxTries: 3, Backoff: func(int) time.Duration { return time.Millisecond }}
	ctx := context.Background()
	if _, _, err := c.MatchTitle(ctx, "No Such Paper"); !errors.Is(err, fetch.ErrNotFound) {
		t.Fatalf("first answer: %v", err)
	}
	srv.Close() // the server goes away: its port now refuses
	_, _, err := c.MatchTitle(ctx, "Another Paper")
	var re *fetch.RetryError
	if !errors.As(err, &re) || re.Attempts != 3 || !fetch.Transient(err) {
		t.Errorf("err = %v; want a RetryError after 3 attempts", err)
	}
	if c.Refused() != nil {
		t.Errorf("Refused() = %v; a server that answered before is not dead", c.Refused())
	}
}
