package fetch_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch/contracttest"
)

// TestPaceFileSharedAcrossRuns: clients stand for runs of citegraph one
// after the other against a server that enforces exactly 1 request/s: each
// new run's first request would leave at once, right after the previous
// run's last. Sharing a pace file, none is ever refused; without one, the
// server refuses requests (the control, so that the test can fail). Runs at
// the same time share the file the same way; the test clock (which moves
// for everyone when one sleeps) cannot stand for them.
func TestPaceFileSharedAcrossRuns(t *testing.T) {
	titles := []string{
		"MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications",
		"ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices",
		"Aggregated Residual Transformations for Deep Neural Networks",
		"Xception: Deep Learning with Depthwise Separable Convolutions",
	}
	run := func(t *testing.T, srv *contracttest.Server, clk *contracttest.Clock, paceFile string, i int) {
		c := contractClient(srv, clk, 1)
		c.PaceFile = paceFile
		c.MaxTries = 10
		if _, _, err := c.MatchTitle(context.Background(), titles[i%len(titles)]); err != nil {
			t.Errorf("run %d: %v", i, err)
		}
		if _, _, err := c.MatchTitle(context.Background(), titles[(i+1)%len(titles)]); err != nil {
			t.Errorf("run %d: %v", i, err)
		}
	}
	for _, tt := range []struct {
		name   string
		shared bool
	}{
		{"shared", true},
		{"not shared", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clk := contracttest.NewClock()
			srv := contracttest.New(t, contractRecords(t), contracttest.Behaviour{MinInterval: time.Second, CountRefused: true, Now: clk.Now})
			paceFile := ""
			if tt.shared {
				paceFile = filepath.Join(t.TempDir(), "s2.db.pace")
			}
			for i := range 3 {
				run(t, srv, clk, paceFile, i)
			}
			refused := srv.Count(refusedByLimit)
			switch {
			case tt.shared && refused > 0:
				t.Errorf("%d requests refused by the rate limit; want none", refused)
			case !tt.shared && refused == 0:
				t.Errorf("no request refused without a shared pace file: the test does not test the gate")
			}
		})
	}
}

// TestPaceFileUnusable: a pace file that cannot be written never stops a
// run; requests are paced within the client.
func TestPaceFileUnusable(t *testing.T) {
	clk := contracttest.NewClock()
	srv := contracttest.New(t, contractRecords(t), contracttest.Behaviour{Now: clk.Now})
	c := contractClient(srv, clk, 1)
	c.PaceFile = filepath.Join(t.TempDir(), "no-such-dir", "s2.db.pace")
	if _, _, err := c.MatchTitle(context.Background(), "Aggregated Residual Transformations for Deep Neural Networks"); err != nil {
		t.Fatalf("MatchTitle: %v", err)
	}
	if len(srv.Calls()) != 1 {
		t.Errorf("%d calls; want 1", len(srv.Calls()))
	}
}
