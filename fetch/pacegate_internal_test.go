package fetch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// testGate is a gate in a temporary directory on a fake clock: sleeping
// records the wait and moves the clock.
type testGate struct {
	g     *paceGate
	now   time.Time
	slept []time.Duration
	bad   []error
}

func newTestGate(t *testing.T) *testGate {
	tg := &testGate{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	tg.g = newPaceGate(filepath.Join(t.TempDir(), "s2.db.pace"), func(err error) { tg.bad = append(tg.bad, err) })
	tg.g.wait = func(time.Duration) time.Duration { return 100 * time.Millisecond }
	return tg
}

func (tg *testGate) pass(ctx context.Context) error {
	return tg.g.pass(ctx, time.Second, func() time.Time { return tg.now }, func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		tg.slept = append(tg.slept, d)
		tg.now = tg.now.Add(d)
		return nil
	})
}

func (tg *testGate) record(t *testing.T, at time.Time) {
	if err := os.WriteFile(tg.g.path, []byte(strconv.FormatInt(at.UnixNano(), 10)), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestPaceGateWaits(t *testing.T) {
	tests := []struct {
		name string
		last time.Duration // the recorded departure, from now; 0: none
		want time.Duration // the wait
	}{
		{"no record", 0, 0},
		{"0.3 s ago", -300 * time.Millisecond, 700 * time.Millisecond},
		{"long ago", -time.Hour, 0},
		{"in the future (a clock set back)", time.Hour, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := newTestGate(t)
			if tt.last != 0 {
				tg.record(t, tg.now.Add(tt.last))
			}
			start := tg.now
			if err := tg.pass(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := tg.now.Sub(start); got != tt.want {
				t.Errorf("waited %s; want %s", got, tt.want)
			}
			if last, ok := tg.g.last(); !ok || !last.Equal(tg.now) {
				t.Errorf("recorded %v, %v; want the departure %v", last, ok, tg.now)
			}
			if tg.g.lock.Locked() {
				t.Error("the lock is still held after pass")
			}
		})
	}
}

// TestPaceGateLockHeld: a lock another process holds far longer than a
// request waits (a stopped process) costs one bounded wait, then the run
// paces itself alone; a run interrupted while waiting returns at once and
// holds no lock.
func TestPaceGateLockHeld(t *testing.T) {
	tg := newTestGate(t)
	other := flock.New(tg.g.lock.Path())
	if err := other.Lock(); err != nil {
		t.Fatal(err)
	}
	defer other.Unlock()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := tg.pass(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("interrupted pass: %v; want context.Canceled", err)
	}
	if tg.g.lock.Locked() || len(tg.bad) != 0 {
		t.Errorf("after an interrupted pass: locked %t, problems %v", tg.g.lock.Locked(), tg.bad)
	}

	for range 3 {
		if err := tg.pass(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if len(tg.bad) != 1 || !tg.g.off {
		t.Errorf("problems %v, off %t; want one report and the gate off", tg.bad, tg.g.off)
	}
	if tg.g.lock.Locked() {
		t.Error("the gate holds the lock")
	}
}
