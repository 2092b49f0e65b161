package fetch_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/contracttest"
)

// Regression tests found by black-box runs against fetch/contracttest, a
// server written from the API contract alone.

var (
	contractOnce sync.Once
	contractRecs []contracttest.Record
	contractErr  error
)

// contractRecords is the sample corpus as contracttest serves it.
func contractRecords(t testing.TB) []contracttest.Record {
	t.Helper()
	contractOnce.Do(func() {
		contractRecs, contractErr = contracttest.LoadJSONL(filepath.Join("testdata", "s2-sample-corpus.jsonl"))
	})
	if contractErr != nil {
		t.Fatal(contractErr)
	}
	return contractRecs
}

// contractClient is a client of srv paced at rps on clk.
func contractClient(srv *contracttest.Server, clk *contracttest.Clock, rps float64) *fetch.Client {
	return &fetch.Client{BaseURL: srv.URL, RPS: rps, MaxTries: 6, Timeout: 5 * time.Second, Now: clk.Now, Sleep: clk.Sleep}
}

func refusedByLimit(c contracttest.Call) bool { return c.Fault == "rate" }

// TestResendAfterLostConnectionIsPaced: when a reused connection is reset
// after the server took the request, net/http sends the request again by
// itself; that resend waits its turn at the pacer, so a server that
// enforces exactly 1 request/s never refuses it.
func TestResendAfterLostConnectionIsPaced(t *testing.T) {
	clk := contracttest.NewClock()
	srv := contracttest.New(t, contractRecords(t), contracttest.Behaviour{
		MinInterval: time.Second, CountRefused: true, Now: clk.Now,
		PReset: 1, MaxFaultsInARow: 1, // each request is reset once, then answered
	})
	c := contractClient(srv, clk, 1)
	titles := []string{
		"MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications",
		"ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices",
		"Aggregated Residual Transformations for Deep Neural Networks",
		"Xception: Deep Learning with Depthwise Separable Convolutions",
	}
	for _, title := range titles {
		if _, _, err := c.MatchTitle(context.Background(), title); err != nil {
			t.Fatalf("%s: %v", title, err)
		}
	}
	resets := srv.Count(func(c contracttest.Call) bool { return c.Fault == "reset" })
	if resets < len(titles) {
		t.Fatalf("%d resets; want one per request (%d): the test does not test the resend", resets, len(titles))
	}
	if n := srv.Count(refusedByLimit); n > 0 {
		t.Errorf("%d requests refused by the rate limit; want none", n)
	}
	calls := srv.Calls()
	for i := 1; i < len(calls); i++ {
		if gap := calls[i].Time.Sub(calls[i-1].Time); gap < time.Second {
			t.Errorf("request %d (%s) came %s after the previous one", i+1, calls[i].Fault, gap)
		}
	}
}

// TestInterruptKeepsTheAnswerUnderWay: an answer that is on its way when
// the run is interrupted is still read and cached, so the rerun does not
// ask for it again.
func TestInterruptKeepsTheAnswerUnderWay(t *testing.T) {
	clk := contracttest.NewClock()
	srv := contracttest.New(t, contractRecords(t), contracttest.Behaviour{
		Now: clk.Now, PSlow: 1, SlowDelay: 300 * time.Millisecond, MaxFaultsInARow: -1,
	})
	cache, err := fetch.OpenCache(filepath.Join(t.TempDir(), "s2.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	c := contractClient(srv, clk, 1)
	c.Cache = cache
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel) // while the answer is slow in coming
	const title = "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications"
	c.MatchTitle(ctx, title)

	rerun := contractClient(srv, clk, 1)
	rerun.Cache = cache
	if _, _, err := rerun.MatchTitle(context.Background(), title); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Calls()); n != 1 {
		t.Errorf("%d requests; want 1: the answer under way at the interrupt was not kept", n)
	}
}
