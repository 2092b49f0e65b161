package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// ErrOffline is returned (wrapped, naming the request) when the client is
// offline and the cache holds no answer.
var ErrOffline = errors.New("offline and not in the cache")

// ErrKeyRefused is returned (wrapped in an *APIError) when the API answers
// 403: the API key was refused.
var ErrKeyRefused = errors.New("API key refused")

// ErrTooLarge is returned (wrapped in an *APIError) when the API answers 400
// "Response would exceed maximum size", or a server 413 (request too large).
var ErrTooLarge = errors.New("response would exceed maximum size")

// ErrNotAPI is returned (wrapped in an *APIError) when the server's answer
// shows it is not the API at the configured address: a 404 that is not the
// API's JSON, a gateway's "Missing Authentication Token", or a redirect the
// client cannot follow. Like ErrKeyRefused it ends every later request of
// the client at once.
var ErrNotAPI = errors.New("not the Semantic Scholar API")

// ErrUnreachable is returned (wrapped in an *APIError with StatusCode 0)
// when the API's host name does not resolve (no network, or a mistyped
// --api-url), or when its address refuses the connection before the
// server has answered once (nothing listens there). Like ErrKeyRefused it ends every later request of the client at
// once, instead of retrying each request in vain.
var ErrUnreachable = errors.New("cannot reach the Semantic Scholar API")

// APIError is a final (not retried) error answer of the API. It unwraps to
// ErrNotFound, ErrKeyRefused or ErrTooLarge where one applies.
type APIError struct {
	Request    string // method, path and significant query; never the API key
	StatusCode int
	Message    string // the answer's "error" or "message"
	err        error
}

// Error names the request, the status and the API's message.
func (e *APIError) Error() string {
	if e.StatusCode == 0 {
		return fmt.Sprintf("fetch: %s: %s", e.Request, e.Message)
	}
	s := fmt.Sprintf("fetch: %s: %d %s", e.Request, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Unwrap returns the sentinel the error stands for, if any.
func (e *APIError) Unwrap() error { return e.err }

// RetryError reports a request that failed MaxTries times in a row.
type RetryError struct {
	Request  string // method, path and significant query; never the API key
	Attempts int
	Last     error // the last attempt's cause
}

// Error names the request, the attempts and the last cause.
func (e *RetryError) Error() string {
	return fmt.Sprintf("fetch: %s: giving up after %d attempts: %v", e.Request, e.Attempts, e.Last)
}

// Unwrap returns the last attempt's cause.
func (e *RetryError) Unwrap() error { return e.Last }

// ExponentialBackoff returns a capped exponential backoff with full jitter:
// the wait before retry n (n ≥ 1) is uniform in [0, min(max, base·2^(n-1))].
func ExponentialBackoff(base, max time.Duration) func(attempt int) time.Duration {
	return func(attempt int) time.Duration {
		d := base
		for i := 1; i < attempt && d < max; i++ {
			d *= 2
		}
		if d > max {
			d = max
		}
		if d <= 0 {
			return 0
		}
		return rand.N(d + 1)
	}
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP-date
// relative to now. It returns 0 when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		const maxSeconds = 1 << 30 // ~34 years: beyond any wait, and no overflow
		return time.Duration(min(n, maxSeconds)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// s2Request is one API request.
type s2Request struct {
	endpoint string
	method   string
	path     string // escaped path under BaseURL, e.g. /paper/DOI:10.1%2Fx
	query    url.Values
	body     []byte
	// accept404 makes a 404 a final, cacheable answer (e.g. "Title match not
	// found"); otherwise it is an error.
	accept404 bool
	// validate checks a 200 answer's shape before it is used or cached.
	validate func([]byte) error
	// prepare, when set, checks a 200 answer that passed validate further
	// and returns the body to use and cache instead (e.g. a batch answer
	// realigned to the request's order).
	prepare func([]byte) ([]byte, error)
	// keepTooLarge makes a size refusal (400 "Response would exceed maximum
	// size", 413) a final, cacheable answer instead of an ErrTooLarge
	// error, for a caller that asks again in smaller parts.
	keepTooLarge bool
	// entries, when set, turns a valid answer into the entries to cache
	// (e.g. one per paper of a batch) instead of one under the request key.
	entries func(body []byte, fetched time.Time) ([]CacheEntry, error)
}

// maxKeyLen bounds cache keys; longer ones are hashed.
const maxKeyLen = 512

// s2Key returns the cache key of a request: method, path, sorted query and
// a hash of the body. The API key is a header and never part of it.
func s2Key(method, path string, query url.Values, body []byte) string {
	k := method + " " + path
	if len(query) > 0 {
		k += "?" + query.Encode()
	}
	if len(body) > 0 {
		h := sha256.Sum256(body)
		k += " body:" + hex.EncodeToString(h[:16])
	}
	if len(k) > maxKeyLen {
		h := sha256.Sum256([]byte(k))
		k = k[:maxKeyLen-70] + " #" + hex.EncodeToString(h[:])
	}
	return k
}

func (r *s2Request) key() string { return s2Key(r.method, r.path, r.query, r.body) }

// describe names the request for errors and logs: method, path and query
// without the (long, fixed) fields list.
func (r *s2Request) describe() string {
	s := r.method + " " + r.path
	q := url.Values{}
	for k, v := range r.query {
		if k != "fields" {
			q[k] = v
		}
	}
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	if r.endpoint == EndpointBatch {
		var b struct {
			IDs []string `json:"ids"`
		}
		if json.Unmarshal(r.body, &b) == nil {
			s += fmt.Sprintf(" (%d ids)", len(b.IDs))
		}
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// retryableError marks an attempt's failure as worth retrying.
type retryableError struct {
	err        error
	retryAfter time.Duration
}

func (e *retryableError) Error() string { return e.err.Error() }
func (e *retryableError) Unwrap() error { return e.err }

// maxBodyBytes bounds an answer's body; the API's own limit is 10 MB.
const maxBodyBytes = 64 << 20

// send performs a request with retries, rate limiting and backoff, and
// caches its valid answer.
func (c *Client) send(ctx context.Context, r *s2Request, key string) (CacheEntry, error) {
	desc := r.describe()
	maxTries := c.maxTries()
	var last error
	for attempt := 1; ; attempt++ {
		if ae := c.refusal(); ae != nil {
			c.stats.failures.Add(1)
			return CacheEntry{}, &APIError{Request: desc, StatusCode: ae.StatusCode,
				Message: ae.Message + " (not sent: an earlier request got this answer)", err: ae.err}
		}
		if err := c.pace.wait(ctx, c.now, c.sleep); err != nil {
			c.stats.failures.Add(1)
			return CacheEntry{}, fmt.Errorf("fetch: %s: %w", desc, err)
		}
		start, sentAt := time.Now(), c.now()
		status, body, hdr, sent, err := c.try(ctx, r, &sentAt)
		c.countRequest(r.endpoint, sent)
		c.pace.finished(sentAt, c.now(), status)
		if status == http.StatusTooManyRequests {
			c.stats.throttled.Add(1)
		}
		if err == nil {
			var e CacheEntry
			e, err = c.judge(r, status, body, hdr)
			if err == nil {
				e.Key = key
				c.store(r, e) // before anyone hears of it: a kill after this loses nothing
				c.logger().Debug("s2 request", "request", desc, "status", status, "attempt", attempt, "bytes", len(body))
				c.report(RequestInfo{Endpoint: r.endpoint, Request: desc, Attempt: attempt, Status: status, Duration: time.Since(start)})
				if ctx.Err() != nil {
					// The answer came in the grace after an interrupt: it is
					// kept for the rerun, and the caller hears of the interrupt.
					c.stats.failures.Add(1)
					return CacheEntry{}, fmt.Errorf("fetch: %s: %w (its answer came and is kept)", desc, ctx.Err())
				}
				return e, nil
			}
		}
		c.report(RequestInfo{Endpoint: r.endpoint, Request: desc, Attempt: attempt, Status: status, Err: err, Duration: time.Since(start)})
		if ctx.Err() != nil {
			c.stats.failures.Add(1)
			return CacheEntry{}, fmt.Errorf("fetch: %s: %w", desc, ctx.Err())
		}
		var re *retryableError
		if !errors.As(err, &re) {
			var ae *APIError
			if errors.As(err, &ae) && ae.Request == "" {
				ae.Request = desc
			}
			if errors.As(err, &ae) && (errors.Is(ae, ErrKeyRefused) || errors.Is(ae, ErrNotAPI) || errors.Is(ae, ErrUnreachable)) {
				c.refused.CompareAndSwap(nil, ae)
				c.logger().Info("s2 requests refused; no further request will be sent", "request", desc, "status", status, "err", err)
			}
			c.stats.failures.Add(1)
			c.logger().Debug("s2 request failed", "request", desc, "status", status, "err", err)
			return CacheEntry{}, err
		}
		last = re.err
		if attempt >= maxTries {
			c.stats.failures.Add(1)
			err := &RetryError{Request: desc, Attempts: attempt, Last: last}
			c.logger().Warn("s2 request failed", "request", desc, "attempts", attempt, "err", last)
			return CacheEntry{}, err
		}
		wait := c.backoff(attempt)
		if re.retryAfter > 0 {
			if re.retryAfter > c.maxRetryAfter() {
				c.stats.failures.Add(1)
				return CacheEntry{}, &RetryError{Request: desc, Attempts: attempt,
					Last: fmt.Errorf("server asked to retry after %s (more than %s): %w", re.retryAfter, c.maxRetryAfter(), last)}
			}
			wait = re.retryAfter
		}
		c.stats.retries.Add(1)
		c.logger().Info("s2 request retry", "request", desc, "attempt", attempt, "wait", wait, "cause", last)
		if err := c.sleep(ctx, wait); err != nil {
			c.stats.failures.Add(1)
			return CacheEntry{}, fmt.Errorf("fetch: %s: %w (while waiting to retry after: %v)", desc, err, last)
		}
	}
}

// interruptGrace is how long a request under way may still take once ctx
// is cancelled (Ctrl-C): its answer, when it comes in that time, is cached
// like any other, so that the rerun does not ask for it again.
const interruptGrace = 5 * time.Second

// try sends one attempt, which left at *sentAt. A transport or body-read
// failure is returned as a *retryableError (unless ctx itself is done).
// sent is how many times the request went out: net/http itself resends an
// idempotent request at once when a reused connection fails before any
// answer, and the server sees both. The server may have counted the first
// send, so the resend waits its turn at the pacer like any attempt (a
// strict rate limit would refuse it), and *sentAt moves to its departure.
//
// The attempt outlives a cancelled ctx by up to interruptGrace; the
// per-attempt timeout still applies.
func (c *Client) try(ctx context.Context, r *s2Request, sentAt *time.Time) (status int, body []byte, hdr http.Header, sent int, err error) {
	var conns atomic.Int64
	defer func() { sent = max(1, int(conns.Load())) }()
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) {
		if conns.Add(1) == 1 {
			return
		}
		c.pace.finished(*sentAt, c.now(), 0)
		if err := c.pace.wait(ctx, c.now, c.sleep); err != nil {
			return // interrupted: the resend goes within the grace
		}
		*sentAt = c.now()
		c.logger().Debug("s2 request resent by net/http after a lost connection", "request", r.describe())
	}}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout())
	defer cancel()
	finished := make(chan struct{})
	defer close(finished)
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(interruptGrace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-finished:
		}
	})
	defer stop()
	status, body, hdr, err = c.tryOnce(ctx, httptrace.WithClientTrace(actx, trace), r)
	return status, body, hdr, 0, err
}

func (c *Client) tryOnce(ctx, tctx context.Context, r *s2Request) (int, []byte, http.Header, error) {
	u := strings.TrimRight(c.baseURL(), "/") + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var rd io.Reader
	if r.body != nil {
		rd = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(tctx, r.method, u, rd)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("fetch: %s: %w", r.describe(), err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "citegraph")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.APIKey != "" {
		req.Header.Set("x-api-key", string(c.APIKey))
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return 0, nil, nil, c.transportError(ctx, tctx, err)
	}
	c.answered.Store(true)
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	if err != nil {
		err = c.transportError(ctx, tctx, err)
		var re *retryableError
		if errors.As(err, &re) {
			re.err = fmt.Errorf("%d answer cut off after %d bytes: %w", resp.StatusCode, len(b), re.err)
		}
		return resp.StatusCode, nil, resp.Header, err
	}
	return resp.StatusCode, b, resp.Header, nil
}

// transportError classifies a failure to get or read an answer.
func (c *Client) transportError(ctx, tctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // drop the URL: it says nothing the request name does not
	}
	if tctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		return &retryableError{err: fmt.Errorf("timed out after %s", c.timeout())}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return &APIError{Message: fmt.Sprintf("%v: host %s does not resolve (no network, or a wrong --api-url)", ErrUnreachable, dnsErr.Name), err: ErrUnreachable}
	}
	// A refused connection before the server ever answered: nothing
	// listens at that address (a server that is down, a wrong port or
	// --api-url). Retrying each request would only wait. Once the server
	// has answered, a refusal is a restart, retried like any transport
	// failure.
	var opErr *net.OpError
	if errors.Is(err, syscall.ECONNREFUSED) && !c.answered.Load() {
		addr := c.publicBaseURL()
		if errors.As(err, &opErr) && opErr.Addr != nil {
			addr = opErr.Addr.String()
		}
		return &APIError{Message: fmt.Sprintf("%v: %s refused the connection (the server is down, or a wrong --api-url)", ErrUnreachable, addr), err: ErrUnreachable}
	}
	return &retryableError{err: err}
}

// judge turns an answer into a cacheable entry or an error; retryable
// failures come back as *retryableError.
func (c *Client) judge(r *s2Request, status int, body []byte, hdr http.Header) (CacheEntry, error) {
	msg := answerMessage(body)
	apiErr := func(sentinel error) error {
		return &APIError{Request: r.describe(), StatusCode: status, Message: msg, err: sentinel}
	}
	switch {
	case status == http.StatusOK:
		if err := checkAnswer(body, r.validate); err != nil {
			return CacheEntry{}, &retryableError{err: err}
		}
		if r.prepare != nil {
			b, err := r.prepare(body)
			if err != nil {
				return CacheEntry{}, &retryableError{err: fmt.Errorf("200 answer of unexpected shape: %w", err)}
			}
			body = b
		}
		return CacheEntry{Status: status, Body: body, Fetched: c.now()}, nil
	case status == http.StatusNotFound && !isAPIError(body):
		// Not the API's {"error":…}: a proxy's page or a wrong --api-url.
		// Never cached as "not found".
		msg = "not an answer of the API (" + orNoMessage(msg) + "): check --api-url or S2_API_URL"
		return CacheEntry{}, apiErr(ErrNotAPI)
	case status == http.StatusNotFound && r.accept404:
		return CacheEntry{Status: status, Body: body, Fetched: c.now()}, nil
	case status == http.StatusNotFound:
		return CacheEntry{}, apiErr(ErrNotFound)
	case status == http.StatusTooManyRequests || status == http.StatusRequestTimeout ||
		(status >= 500 && status != http.StatusNotImplemented && status != http.StatusHTTPVersionNotSupported):
		return CacheEntry{}, &retryableError{
			err:        fmt.Errorf("%d %s: %s", status, http.StatusText(status), orNoMessage(msg)),
			retryAfter: parseRetryAfter(hdr.Get("Retry-After"), c.now()),
		}
	case status == http.StatusForbidden && strings.EqualFold(msg, "Missing Authentication Token"):
		// What the API's gateway answers for a path it does not serve.
		msg = "no such endpoint at this address (the gateway said \"Missing Authentication Token\"): check --api-url or S2_API_URL"
		return CacheEntry{}, apiErr(ErrNotAPI)
	case status == http.StatusForbidden || status == http.StatusUnauthorized:
		if c.APIKey != "" {
			msg = "the API key was refused (check --api-key or S2_API_KEY)"
		} else {
			msg = "the server refused the request (no API key was sent; set --api-key or S2_API_KEY)"
		}
		return CacheEntry{}, apiErr(ErrKeyRefused)
	case tooLarge(status, msg) && r.keepTooLarge:
		return CacheEntry{Status: status, Body: body, Fetched: c.now()}, nil
	case tooLarge(status, msg):
		return CacheEntry{}, apiErr(ErrTooLarge)
	case status == http.StatusRequestURITooLong:
		msg = "the request's address is too long for the server (" + orNoMessage(msg) + ")"
		return CacheEntry{}, apiErr(nil)
	case status >= 300 && status < 400:
		loc := hdr.Get("Location")
		msg = "redirected to " + orNoMessage(truncate(loc, 200)) + ", which a " + r.method +
			" cannot follow: set --api-url (or S2_API_URL) to the new address"
		return CacheEntry{}, apiErr(ErrNotAPI)
	default:
		return CacheEntry{}, apiErr(nil)
	}
}

// tooLarge reports whether an answer refuses a request as too large.
func tooLarge(status int, msg string) bool {
	return status == http.StatusRequestEntityTooLarge ||
		status == http.StatusBadRequest && strings.Contains(strings.ToLower(msg), "exceed maximum size")
}

// isAPIError reports whether body is the API's own error answer, a JSON
// object with an "error" string ({"error":"Title match not found"}); a
// gateway's {"message":…} or a proxy's page is not.
func isAPIError(body []byte) bool {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return false
	}
	_, ok := m["error"].(string)
	return ok
}

func orNoMessage(s string) string {
	if s == "" {
		return "(no message)"
	}
	return s
}

// answerMessage returns an answer's "error" or "message" value, an HTML
// page's title, or a short excerpt of another non-JSON body.
func answerMessage(body []byte) string {
	if t, ok := htmlTitle(body); ok {
		if t == "" {
			return "an HTML page"
		}
		return "an HTML page: " + strconv.Quote(t)
	}
	var m struct {
		Error   any `json:"error"`
		Message any `json:"message"`
	}
	if json.Unmarshal(body, &m) == nil {
		for _, v := range []any{m.Error, m.Message} {
			if v != nil {
				return truncate(fmt.Sprint(v), 200)
			}
		}
		return ""
	}
	return truncate(strings.TrimSpace(string(body)), 200)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// htmlTitle reports whether body looks like an HTML page, with its title
// (cut to 100 bytes; "" when it has none).
func htmlTitle(body []byte) (string, bool) {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || b[0] != '<' {
		return "", false
	}
	head := strings.ToLower(string(b[:min(len(b), 4096)]))
	if !strings.HasPrefix(head, "<!doctype html") && !strings.Contains(head, "<html") &&
		!strings.Contains(head, "<head") && !strings.Contains(head, "<body") {
		return "", false
	}
	i := strings.Index(head, "<title")
	if i < 0 {
		return "", true
	}
	j := strings.IndexByte(head[i:], '>')
	if j < 0 {
		return "", true
	}
	start := i + j + 1
	end := strings.Index(head[start:], "</title")
	if end < 0 {
		return "", true
	}
	t := strings.Join(strings.Fields(string(b[start:start+end])), " ")
	return strings.ToValidUTF8(truncate(t, 100), ""), true
}

// checkAnswer validates a 200 body: complete JSON, not an error object, and
// of the shape validate expects.
func checkAnswer(body []byte, validate func([]byte) error) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("200 answer is empty")
	}
	if !json.Valid(body) {
		if _, ok := htmlTitle(body); ok {
			return fmt.Errorf("200 answer is %s, not JSON (a proxy or captive portal between citegraph and the API?)", answerMessage(body))
		}
		return fmt.Errorf("200 answer is not valid JSON (%d bytes)", len(body))
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) == nil {
		if e, ok := obj["error"]; ok {
			if _, hasData := obj["data"]; !hasData {
				if _, hasID := obj["paperId"]; !hasID {
					return fmt.Errorf("200 answer carries only an error: %s", truncate(string(e), 200))
				}
			}
		}
	}
	if validate != nil {
		if err := validate(body); err != nil {
			return fmt.Errorf("200 answer of unexpected shape: %w", err)
		}
	}
	return nil
}

// store caches a valid answer: in memory for this run and in the Cache.
func (c *Client) store(r *s2Request, e CacheEntry) {
	entries := []CacheEntry{e}
	if r.entries != nil {
		var err error
		entries, err = r.entries(e.Body, e.Fetched)
		if err != nil {
			c.logger().Warn("s2 answer not cached", "request", r.describe(), "err", err)
			return
		}
	}
	c.mu.Lock()
	for _, x := range entries {
		c.memo[x.Key] = x
	}
	c.mu.Unlock()
	if c.Cache == nil {
		return
	}
	stored := make([]CacheEntry, len(entries))
	for i, x := range entries {
		x.Key = c.cacheKey(x.Key)
		stored[i] = x
	}
	if err := c.Cache.Put(stored...); err != nil {
		c.cacheTrouble("s2 answer not cached: "+r.describe(), err)
	}
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
