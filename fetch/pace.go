package fetch

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Pacing constants; see Client.RPS.
const (
	// PaceMargin widens the interval between requests beyond 1/RPS, so
	// that the jitter of clocks and networks never brings two requests
	// closer together at the server than its limit: at RPS 1 requests
	// leave 1.05 s apart.
	PaceMargin = 0.05
	// PaceDecrease multiplies the rate after a 429 (multiplicative
	// decrease).
	PaceDecrease = 0.8
	// PaceIncrease is the share of the paced rate won back after each
	// answered request, until the paced rate is reached again (additive
	// increase): four answers after one 429. A 429 at the right pace comes
	// from jitter, not from a rate set too high, so the pace comes back
	// soon; repeated 429s compound the decrease.
	PaceIncrease = 0.05
	// paceFloor is the lowest share of the paced rate the decrease goes to.
	paceFloor = 1.0 / 64
)

// pacer spaces a client's requests: a token bucket of one token
// (golang.org/x/time/rate) read with the client's clock, whose rate follows
// additive increase and multiplicative decrease around the paced rate.
// A nil *pacer never waits.
type pacer struct {
	mu     sync.Mutex
	lim    *rate.Limiter
	target rate.Limit // RPS / (1 + PaceMargin)
	cur    rate.Limit
}

// newPacer returns the pacer for a client rate: rps < 0 means no limit
// (nil), 0 the default of 1.
func newPacer(rps float64, now time.Time) *pacer {
	if rps < 0 {
		return nil
	}
	if rps == 0 {
		rps = 1
	}
	target := rate.Limit(rps / (1 + PaceMargin))
	lim := rate.NewLimiter(target, 1)
	// The bucket starts full (the first request leaves at once) on the
	// client's clock, which may be a test's.
	lim.SetLimitAt(now, target)
	return &pacer{lim: lim, target: target, cur: target}
}

// wait blocks until the next request may leave; the slot is the caller's
// (concurrent callers get successive slots). It returns ctx's error, with
// the slot given back, when ctx ends first.
func (p *pacer) wait(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	if p == nil {
		return ctx.Err()
	}
	t := now()
	r := p.lim.ReserveN(t, 1)
	if d := r.DelayFrom(t); d > 0 {
		if err := sleep(ctx, d); err != nil {
			r.CancelAt(now())
			return err
		}
	}
	return ctx.Err()
}

// refused slows the pacer down after a 429 (multiplicative decrease).
func (p *pacer) refused(t time.Time) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cur = max(p.cur*PaceDecrease, p.target*paceFloor)
	p.lim.SetLimitAt(t, p.cur)
}

// answered speeds a slowed pacer up again after an answered request
// (additive increase), never beyond the paced rate.
func (p *pacer) answered(t time.Time) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur >= p.target {
		return
	}
	p.cur = min(p.target, p.cur+p.target*PaceIncrease)
	p.lim.SetLimitAt(t, p.cur)
}

// rate returns the current request rate (requests per second; 0 when the
// pacer does not limit).
func (p *pacer) rate() float64 {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return float64(p.cur)
}
