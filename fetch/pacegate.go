package fetch

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// paceGate spaces requests across processes: every process that sends to
// the API through the same gate (Client.PaceFile) waits, under an exclusive
// file lock, until one interval after the last request any of them sent,
// then records its own departure. So two runs one after the other, or at
// once, keep a strict limit together, which each process's own pacer alone
// cannot: a new run's first request would leave at once.
//
// The lock is github.com/gofrs/flock (flock(2), LockFileEx on Windows); the
// time of the last departure is kept in a file beside it. A gate that cannot
// be used (an unwritable directory) never stops a run: requests are then
// paced within the process only.
type paceGate struct {
	mu  sync.Mutex // one request of this process at a time holds the lock
	off bool       // the gate failed: this run paces itself alone (mu held)
	// wait bounds the wait for the lock: paceLockWait intervals, at least
	// paceLockWait seconds.
	wait func(interval time.Duration) time.Duration
	lock *flock.Flock
	path string // the last departure, in Unix nanoseconds
	bad  func(error)
}

// The gate's lock: polled every paceLockPoll, given up (for this request)
// after paceLockWait intervals.
const (
	paceLockPoll = 20 * time.Millisecond
	paceLockWait = 20
)

// newPaceGate returns the gate at path (nil: none). bad is told, once, why
// the gate cannot be used.
func newPaceGate(path string, bad func(error)) *paceGate {
	if path == "" {
		return nil
	}
	var once sync.Once
	return &paceGate{
		lock: flock.New(path+".lock", flock.SetPermissions(0o600)),
		path: path,
		bad:  func(err error) { once.Do(func() { bad(err) }) },
		wait: func(interval time.Duration) time.Duration { return paceLockWait * max(interval, time.Second) },
	}
}

// pass blocks until interval after the last departure recorded at the gate
// and records now as the next. A recorded time in the future (a clock set
// back) is waited for one interval at most.
func (g *paceGate) pass(ctx context.Context, interval time.Duration, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.off {
		return nil
	}
	// Another run holds the lock for at most one interval at a time; one
	// that holds it far longer (a process stopped with Ctrl-Z) must not
	// stop this run: after paceLockWait intervals it paces itself alone.
	lctx, cancel := context.WithTimeout(ctx, g.wait(interval))
	defer cancel()
	ok, err := g.lock.TryLockContext(lctx, paceLockPoll)
	if ok {
		defer g.lock.Unlock()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil || !ok {
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			err = errors.New("another process has held its lock for longer than any request waits")
		}
		g.bad(err)
		g.off = true
		return nil
	}
	t := now()
	if last, ok := g.last(); ok {
		if d := min(last.Add(interval).Sub(t), interval); d > 0 {
			if err := sleep(ctx, d); err != nil {
				return err
			}
			t = now()
		}
	}
	if err := os.WriteFile(g.path, []byte(strconv.FormatInt(t.UnixNano(), 10)+"\n"), 0o600); err != nil {
		g.bad(err)
		g.off = true
	}
	return nil
}

// last returns the last departure recorded; false when none can be read.
func (g *paceGate) last() (time.Time, bool) {
	b, err := os.ReadFile(g.path)
	if err != nil {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, n), true
}
