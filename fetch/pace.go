package fetch

import (
	"context"
	"net/http"
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
//
// The bucket spaces the sends; the server counts arrivals, which network
// jitter moves. So a request also waits until 1/RPS (slowed down as the
// rate is) after the latest moment the previous request is likely to have
// arrived: its answer's time less half the shortest round trip seen (the
// least one-way delay, taking the way back as long as the way out). On a
// steady network that costs nothing; when a round trip runs long, the next
// request waits that much longer rather than risk a 429.
//
// A nil *pacer never waits.
type pacer struct {
	mu        sync.Mutex
	lim       *rate.Limiter
	target    rate.Limit // RPS / (1 + PaceMargin)
	cur       rate.Limit
	minRTT    time.Duration // shortest round trip seen; < 0 before the first
	notBefore time.Time     // no request leaves earlier (see above)
	gate      *paceGate     // shared with other processes; nil: none
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
	return &pacer{lim: lim, target: target, cur: target, minRTT: -1}
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
	p.mu.Lock()
	notBefore := p.notBefore
	p.mu.Unlock()
	if d := max(r.DelayFrom(t), notBefore.Sub(t)); d > 0 {
		if err := sleep(ctx, d); err != nil {
			r.CancelAt(now())
			return err
		}
	}
	if err := p.gate.pass(ctx, p.interval(), now, sleep); err != nil {
		r.CancelAt(now())
		return err
	}
	return ctx.Err()
}

// interval is the time between two requests at the current rate.
func (p *pacer) interval() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Duration(float64(time.Second) / float64(p.cur))
}

// finished records an attempt sent at sent whose answer (or failure)
// came at done with status (0: none). A 429 slows the pacer down
// (multiplicative decrease) and the next request waits a whole slowed
// interval from it; another answer speeds a slowed pacer up again
// (additive increase), never beyond the paced rate. Then the next request
// leaves no earlier than 1/RPS (slowed down as the rate is) after done less
// half the shortest round trip seen.
func (p *pacer) finished(sent, done time.Time, status int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case status == http.StatusTooManyRequests:
		p.cur = max(p.cur*PaceDecrease, p.target*paceFloor)
		p.lim.SetLimitAt(done, p.cur)
		p.later(done.Add(time.Duration(float64(time.Second) / float64(p.cur))))
	case status != 0 && p.cur < p.target:
		p.cur = min(p.target, p.cur+p.target*PaceIncrease)
		p.lim.SetLimitAt(done, p.cur)
	}
	rtt := done.Sub(sent)
	if rtt < 0 {
		return
	}
	if p.minRTT < 0 || rtt < p.minRTT {
		p.minRTT = rtt
	}
	interval := time.Duration(float64(time.Second) / (float64(p.cur) * (1 + PaceMargin)))
	p.later(done.Add(interval - p.minRTT/2))
}

// later moves notBefore to t if t is later (p.mu held).
func (p *pacer) later(t time.Time) {
	if t.After(p.notBefore) {
		p.notBefore = t
	}
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
