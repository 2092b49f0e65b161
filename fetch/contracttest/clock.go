package contracttest

import (
	"context"
	"sync"
	"time"
)

// Clock is a clock that moves only when someone sleeps on it. Shared by a
// client (fetch.Client's Now and Sleep) and the server (Behaviour.Now),
// requests take no time on it, so a run's duration on it is exactly the
// waits the client chose, and a rate limit sees exactly the client's
// spacing.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at a fixed date.
func NewClock() *Clock { return &Clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Sleep moves the clock d forward at once, or returns ctx's error.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.t = c.t.Add(d)
	}
	return nil
}
