package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/citegraph/citegraph/bib"
)

// DefaultBaseURL is the Semantic Scholar Academic Graph API.
const DefaultBaseURL = "https://api.semanticscholar.org/graph/v1"

// Fields the client asks for. PaperFields selects the nested reference
// items with dots; matchScore is never asked for (the API sends it unasked
// and rejects it as a field).
const (
	PaperFields = recordFields + ",references.paperId,references.title,references.year,references.externalIds,references.authors,references.venue"
	// recordFields is PaperFields without the nested references: what is
	// asked for a paper whose full answer is too large (its references are
	// then paged).
	recordFields = "paperId,corpusId,externalIds,title,year,venue,publicationVenue,publicationTypes," +
		"journal,publicationDate,authors,citationCount,referenceCount"
	MatchFields     = "paperId,externalIds,title,year,venue,publicationTypes,publicationDate"
	ReferenceFields = "paperId,title,year,externalIds,authors,venue"
)

// Endpoint names, as used in ClientStats and RequestInfo.
const (
	EndpointMatch      = "match"      // GET /paper/search/match
	EndpointSearch     = "search"     // GET /paper/search
	EndpointPaper      = "paper"      // GET /paper/{id}
	EndpointBatch      = "batch"      // POST /paper/batch
	EndpointReferences = "references" // GET /paper/{id}/references
	EndpointCitations  = "citations"  // GET /paper/{id}/citations
)

// API limits.
const (
	MaxBatchIDs      = 500   // ids per POST /paper/batch
	MaxSearchLimit   = 100   // limit of GET /paper/search
	MaxEdgePageLimit = 1000  // limit of GET /paper/{id}/references
	edgeOffsetBound  = 10000 // offset+limit must stay below this
	maxQueryBytes    = 500   // title queries are cut to this length
)

// Secret is a string that never prints: fmt (every verb), slog and JSON show
// "[REDACTED]" instead (or "" when empty). Use string(s) to read it.
type Secret string

const redacted = "[REDACTED]"

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// Format implements fmt.Formatter for every verb.
func (s Secret) Format(f fmt.State, verb rune) { io.WriteString(f, s.String()) }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText implements encoding.TextMarshaler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Client is the Semantic Scholar Academic Graph API client; it implements
// Source and ReferencePager. The zero value works with the defaults
// documented on each field; a Client must not be copied after first use and
// is safe for concurrent use.
//
// Every answer is validated before use, kept in memory for the run (so an
// identical request is never sent twice) and written to Cache as it arrives.
// Cache keys are the request's method, path, sorted query and body hash,
// prefixed with the base URL when it is not DefaultBaseURL (a mirror's or a
// test server's answers never pass for the API's); the API key, a header,
// is never part of a key, a log line or an error. Batch
// answers are stored per paper, under the key of the equivalent
// GET /paper/{id} request, so lists that share papers share cache entries.
type Client struct {
	BaseURL    string       // default DefaultBaseURL
	APIKey     Secret       // sent as x-api-key when set
	HTTPClient *http.Client // default: a client with its own transport, no global timeout

	// RPS is the most requests per second the client sends: default 1,
	// the keyed limit; < 0 for no limit. Requests are paced (1+PaceMargin)/RPS
	// apart, and 1/RPS after the previous answer less half the shortest
	// round trip seen, so that a server enforcing exactly RPS never sees two
	// of them closer than its limit despite clock and network jitter; after
	// a 429 the rate drops by PaceDecrease and wins back PaceIncrease·RPS per
	// answered request (additive increase, multiplicative decrease).
	RPS     float64
	Timeout time.Duration // per attempt, body included; default 30s
	// MaxTries bounds the attempts per request (default 5); after that the
	// request fails with a *RetryError.
	MaxTries int
	// Backoff gives the wait before retry n (n ≥ 1); default
	// ExponentialBackoff(1s, 30s). A Retry-After header, when present,
	// overrides it; one above MaxRetryAfter (default 5m) fails the request.
	Backoff       func(attempt int) time.Duration
	MaxRetryAfter time.Duration

	// PaceFile, when set, is a file that every process sending to the
	// same API shares (citegraph keeps it beside its cache): a request
	// also waits there until one interval after the last request any of
	// them sent, so runs one after another, or at once, keep the limit
	// together. Empty: requests are paced within this client only.
	PaceFile string

	Cache   Cache         // nil: memory only, for this run
	Offline bool          // never touch the network: cached answers (even stale) or ErrOffline
	Refresh bool          // ignore earlier cached answers and overwrite them (no effect when Offline)
	MaxAge  time.Duration // cached answers older than this are refetched; 0: no limit

	Logger *slog.Logger // default: discard

	// Now and Sleep are the clock, for tests (defaults time.Now and a
	// context-aware sleep). Sleep must return early with ctx's error.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	// OnRequest, when set, is called after every attempt and for every
	// cached answer (Cached true), e.g. to drive a progress bar. It may be
	// called from several goroutines at once.
	OnRequest func(RequestInfo)

	BatchSize         int // ids per batch call, default and at most MaxBatchIDs
	ReferencePageSize int // limit per references page, default and at most MaxEdgePageLimit
	// NestedReferenceLimit is the most nested references a batch answer
	// carries per paper (default 1000); see Papers.
	NestedReferenceLimit int

	initOnce sync.Once
	hc       *http.Client
	refused  atomic.Pointer[APIError] // a key refusal or a wrong address: nothing more is sent
	cacheBad atomic.Bool              // a cache failure was reported at Warn level
	pace     *pacer
	answered atomic.Bool // the server has answered at least once (any status)
	mu       sync.Mutex
	batchCap atomic.Int64 // ids per batch that worked after a size refusal; 0: none yet
	pageCap  atomic.Int64 // items per references page likewise
	memo     map[string]CacheEntry
	inflight map[string]*s2Call
	stats    clientCounters
}

// RequestInfo describes one attempt (or cached answer) for Client.OnRequest.
type RequestInfo struct {
	Endpoint string
	Request  string // method, path and significant query
	Attempt  int    // 1 for the first try; 0 for a cached answer
	Status   int    // HTTP status, 0 when none was read
	Err      error  // nil on success
	Cached   bool
	Duration time.Duration
}

// ClientStats are a client's counters since it was created.
type ClientStats struct {
	Requests  int64            // HTTP requests sent, retries included
	CacheHits int64            // answers served from memory or the cache
	Retries   int64            // retries after a failed attempt
	Failures  int64            // requests that failed for good
	Throttled int64            // 429 answers (each slows the pacing down)
	Endpoints map[string]int64 // HTTP requests sent per endpoint
}

// Calls returns the HTTP requests sent, for counting against the minimum.
func (s ClientStats) Calls() int64 { return s.Requests }

type clientCounters struct {
	requests, cacheHits, retries, failures, throttled atomic.Int64
	mu                                                sync.Mutex
	endpoints                                         map[string]int64
}

type s2Call struct {
	done chan struct{}
	e    CacheEntry
	err  error
}

var _ Source = (*Client)(nil)
var _ ReferencePager = (*Client)(nil)

func (c *Client) init() {
	c.initOnce.Do(func() {
		c.pace = newPacer(c.RPS, c.now())
		if c.pace != nil {
			c.pace.gate = newPaceGate(c.PaceFile, func(err error) {
				c.logger().Warn("s2 pace file unusable: requests are paced within this run only", "path", c.PaceFile, "err", err)
			})
		}
		c.hc = redirectSafe(c.HTTPClient)
		c.memo = make(map[string]CacheEntry)
		c.inflight = make(map[string]*s2Call)
	})
}

func (c *Client) baseURL() string {
	if c.BaseURL == "" {
		return DefaultBaseURL
	}
	return c.BaseURL
}

// publicBaseURL is the base URL without any user name or password, as it
// may be shown, logged and stored.
func (c *Client) publicBaseURL() string {
	b := c.baseURL()
	if u, err := url.Parse(b); err == nil && u.User != nil {
		u.User = nil
		return u.String()
	}
	return b
}

var defaultHTTPClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}

func (c *Client) httpClient() *http.Client { return c.hc }

// refusal returns the answer that ended the client's requests, if any.
func (c *Client) refusal() *APIError { return c.refused.Load() }

// redirectSafe returns a copy of base (default defaultHTTPClient) whose
// redirect policy keeps the API key at home and never changes a request:
// the x-api-key header is dropped when a redirect leaves the original
// host or leaves https (net/http forwards custom headers everywhere), and
// a redirect that would turn a POST into a GET (301, 302, 303), losing
// the batch body, is not followed: the client reports it instead. base's
// own CheckRedirect, if any, still applies.
func redirectSafe(base *http.Client) *http.Client {
	if base == nil {
		base = defaultHTTPClient
	}
	hc := *base
	user := base.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		first := via[0]
		if req.Method != first.Method {
			return http.ErrUseLastResponse
		}
		if req.URL.Host != first.URL.Host || (first.URL.Scheme == "https" && req.URL.Scheme != "https") {
			req.Header.Del("x-api-key")
		}
		if user != nil {
			return user(req, via)
		}
		return nil
	}
	return &hc
}

func (c *Client) timeout() time.Duration {
	if c.Timeout <= 0 {
		return 30 * time.Second
	}
	return c.Timeout
}

func (c *Client) maxTries() int {
	if c.MaxTries <= 0 {
		return 5
	}
	return c.MaxTries
}

var defaultBackoff = ExponentialBackoff(time.Second, 30*time.Second)

func (c *Client) backoff(attempt int) time.Duration {
	if c.Backoff != nil {
		return c.Backoff(attempt)
	}
	return defaultBackoff(attempt)
}

func (c *Client) maxRetryAfter() time.Duration {
	if c.MaxRetryAfter <= 0 {
		return 5 * time.Minute
	}
	return c.MaxRetryAfter
}

var discardLogger = slog.New(slog.DiscardHandler)

func (c *Client) logger() *slog.Logger {
	if c.Logger == nil {
		return discardLogger
	}
	return c.Logger
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	return sleepCtx(ctx, d)
}

// batchSize is the number of ids of the next batch chunk: BatchSize (at
// most MaxBatchIDs), or fewer once the API refused a larger chunk as too
// large (see Papers).
func (c *Client) batchSize() int { return underCap(c.BatchSize, MaxBatchIDs, &c.batchCap) }

// shrinkBatch records that a chunk of n ids was refused as too large: later
// chunks hold at most the half that is tried next.
func (c *Client) shrinkBatch(n int) { lowerCap(&c.batchCap, (n+1)/2) }

// shrinkPage records that a references or citations page of n items was
// refused as too large: later pages, of every walk, hold at most the half
// that is tried next.
func (c *Client) shrinkPage(n int) { lowerCap(&c.pageCap, (n+1)/2) }

// lowerCap lowers a size cap (0: none) to n unless it is lower already.
func lowerCap(cap *atomic.Int64, n int) {
	for {
		cur := cap.Load()
		if cur > 0 && cur <= int64(n) {
			return
		}
		if cap.CompareAndSwap(cur, int64(n)) {
			return
		}
	}
}

// pageSize is the limit of the next references or citations page:
// ReferencePageSize (at most MaxEdgePageLimit), or less once the API
// refused a larger page as too large.
func (c *Client) pageSize() int { return underCap(c.ReferencePageSize, MaxEdgePageLimit, &c.pageCap) }

// underCap is the size n (most when n is not in 1..most), lowered to the
// cap a size refusal set (0: none).
func underCap(n, most int, cap *atomic.Int64) int {
	if n <= 0 || n > most {
		n = most
	}
	if c := int(cap.Load()); c > 0 {
		n = min(n, c)
	}
	return n
}

func (c *Client) nestedLimit() int {
	if c.NestedReferenceLimit <= 0 {
		return 1000
	}
	return c.NestedReferenceLimit
}

func (c *Client) report(info RequestInfo) {
	if info.Cached {
		c.stats.cacheHits.Add(1)
	}
	if c.OnRequest != nil {
		c.OnRequest(info)
	}
}

func (c *Client) countRequest(endpoint string, n int) {
	c.stats.requests.Add(int64(n))
	c.stats.mu.Lock()
	if c.stats.endpoints == nil {
		c.stats.endpoints = make(map[string]int64)
	}
	c.stats.endpoints[endpoint] += int64(n)
	c.stats.mu.Unlock()
}

// Stats returns a snapshot of the client's counters.
func (c *Client) Stats() ClientStats {
	s := ClientStats{
		Requests:  c.stats.requests.Load(),
		CacheHits: c.stats.cacheHits.Load(),
		Retries:   c.stats.retries.Load(),
		Failures:  c.stats.failures.Load(),
		Throttled: c.stats.throttled.Load(),
		Endpoints: map[string]int64{},
	}
	c.stats.mu.Lock()
	for k, v := range c.stats.endpoints {
		s.Endpoints[k] = v
	}
	c.stats.mu.Unlock()
	return s
}

// String describes the client's settings; the API key shows as [REDACTED].
func (c *Client) String() string {
	return fmt.Sprintf("fetch.Client{BaseURL: %q, APIKey: %q, RPS: %g, Timeout: %s, MaxTries: %d, Offline: %t, Refresh: %t, MaxAge: %s}",
		c.publicBaseURL(), c.APIKey.String(), c.RPS, c.timeout(), c.maxTries(), c.Offline, c.Refresh, c.MaxAge)
}

// GoString implements fmt.GoStringer like String.
func (c *Client) GoString() string { return c.String() }

// LogValue implements slog.LogValuer like String.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// lookup returns a stored answer: from this run's memory, else (unless
// Refresh) from the Cache when fresh enough (or at any age when Offline).
func (c *Client) lookup(key string) (CacheEntry, bool) {
	c.init()
	c.mu.Lock()
	e, ok := c.memo[key]
	c.mu.Unlock()
	if ok {
		return e, true
	}
	if c.Cache == nil || (c.Refresh && !c.Offline) {
		return CacheEntry{}, false
	}
	e, ok, err := c.Cache.Get(c.cacheKey(key))
	if err != nil {
		c.cacheTrouble("s2 cache read failed; asking the API instead", err)
		return CacheEntry{}, false
	}
	if !ok {
		return CacheEntry{}, false
	}
	if c.MaxAge > 0 && !c.Offline && c.now().Sub(e.Fetched) > c.MaxAge {
		return CacheEntry{}, false
	}
	c.mu.Lock()
	c.memo[key] = e
	c.mu.Unlock()
	return e, true
}

// cacheKey is the key of a request's answer in the Cache: the request key,
// prefixed with the base URL unless it is DefaultBaseURL, so that answers of
// a mirror, a proxy or a test server never pass for the API's own.
func (c *Client) cacheKey(key string) string {
	if b := c.publicBaseURL(); b != DefaultBaseURL {
		return b + " " + key
	}
	return key
}

// cacheTrouble logs a cache failure: the first at Warn level (a damaged
// cache fails every call, and one warning says it), later ones at Debug.
// The run carries on without the cache's help.
func (c *Client) cacheTrouble(msg string, err error) {
	if c.cacheBad.CompareAndSwap(false, true) {
		if errors.Is(err, ErrCacheDamaged) {
			msg += " (the cache file is damaged: answers are not kept for a rerun; move the file away, or use --cache PATH)"
		}
		c.logger().Warn(msg, "err", err)
		return
	}
	c.logger().Debug(msg, "err", err)
}

// fetch returns the answer to r: stored, or sent (once, however many
// goroutines ask at the same time).
func (c *Client) fetch(ctx context.Context, r *s2Request) (CacheEntry, error) {
	c.init()
	key := r.key()
	if e, ok := c.lookup(key); ok {
		c.report(RequestInfo{Endpoint: r.endpoint, Request: r.describe(), Status: e.Status, Cached: true})
		return e, nil
	}
	if c.Offline {
		c.stats.failures.Add(1)
		return CacheEntry{}, fmt.Errorf("fetch: %s: %w", r.describe(), ErrOffline)
	}
	c.mu.Lock()
	if call, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-call.done:
			if call.err != nil && ctx.Err() == nil && (errors.Is(call.err, context.Canceled) || errors.Is(call.err, context.DeadlineExceeded)) {
				return c.fetch(ctx, r) // the sender's ctx ended, not ours: ask again
			}
			return call.e, call.err
		case <-ctx.Done():
			return CacheEntry{}, fmt.Errorf("fetch: %s: %w", r.describe(), ctx.Err())
		}
	}
	call := &s2Call{done: make(chan struct{})}
	c.inflight[key] = call
	c.mu.Unlock()

	call.e, call.err = c.send(ctx, r, key)

	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	close(call.done)
	return call.e, call.err
}

var hex40 = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)

// canonicalID returns the form of a paper id the client sends and caches
// under: 40-hex ids lower-cased, prefixes in the API's spelling (ARXIV:,
// DOI:, CorpusId:, …), DOIs lower-cased (they are case-insensitive).
func canonicalID(id string) string {
	id = strings.TrimSpace(id)
	if hex40.MatchString(id) {
		return strings.ToLower(id)
	}
	pre, val, ok := strings.Cut(id, ":")
	if !ok {
		return id
	}
	val = strings.TrimSpace(val)
	switch strings.ToUpper(strings.TrimSpace(pre)) {
	case "ARXIV":
		return "ARXIV:" + val
	case "DOI":
		return "DOI:" + strings.ToLower(val)
	case "CORPUSID":
		return "CorpusId:" + val
	case "MAG", "ACL", "PMID", "PMCID", "URL":
		return strings.ToUpper(strings.TrimSpace(pre)) + ":" + val
	}
	return id
}

// askable reports whether a canonical id is a form the API accepts as a
// paper id; others (e.g. "TITLE:…" keys of records without ids) are never
// sent, since the API may refuse a whole batch over one malformed id.
func askable(cid string) bool {
	if hex40.MatchString(cid) {
		return true
	}
	pre, val, ok := strings.Cut(cid, ":")
	if !ok || val == "" {
		return false
	}
	switch pre {
	case "ARXIV", "DOI", "CorpusId", "MAG", "ACL", "PMID", "PMCID", "URL":
		return true
	}
	return false
}

// paperPath returns the escaped path of a paper (DOIs contain "/").
func paperPath(id string) string { return "/paper/" + url.PathEscape(id) }

func paperKey(id string) string {
	return s2Key(http.MethodGet, paperPath(id), url.Values{"fields": {PaperFields}}, nil)
}

// MatchTitle asks GET /paper/search/match for the best match of title. A
// 404 "Title match not found" (cached like any answer) gives an error
// wrapping ErrNotFound. The score is the API's matchScore.
func (c *Client) MatchTitle(ctx context.Context, title string) (*bib.Paper, float64, error) {
	q := strings.Join(strings.Fields(title), " ")
	if q == "" {
		return nil, 0, errors.New("fetch: match: empty title")
	}
	q = cutQuery(q)
	r := &s2Request{
		endpoint:  EndpointMatch,
		method:    http.MethodGet,
		path:      "/paper/search/match",
		query:     url.Values{"query": {q}, "fields": {MatchFields}},
		accept404: true,
		validate:  validateMatch,
	}
	e, err := c.fetch(ctx, r)
	if err != nil {
		return nil, 0, err
	}
	if e.Status == http.StatusNotFound {
		return nil, 0, &APIError{Request: r.describe(), StatusCode: e.Status, Message: answerMessage(e.Body), err: ErrNotFound}
	}
	var ans matchAnswer
	if err := json.Unmarshal(e.Body, &ans); err != nil {
		return nil, 0, fmt.Errorf("fetch: %s: bad answer: %w", r.describe(), err)
	}
	if len(ans.Data) == 0 {
		// A 200 with no match is the 404's meaning in another shape.
		return nil, 0, fmt.Errorf("fetch: %s: empty match list: %w", r.describe(), ErrNotFound)
	}
	p := ans.Data[0].Paper
	return &p, ans.Data[0].score(), nil
}

// matchAnswer is a /paper/search/match answer. matchScore is read
// leniently: a missing or non-numeric score is 0 (the resolver judges
// titles itself).
type matchAnswer struct {
	Data []matchItem `json:"data"`
}

type matchItem struct {
	Paper      bib.Paper
	MatchScore json.RawMessage
}

// UnmarshalJSON reads the paper and its matchScore from the same object
// (bib.Paper decodes itself, so it cannot simply be embedded).
func (m *matchItem) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &m.Paper); err != nil {
		return err
	}
	var s struct {
		MatchScore json.RawMessage `json:"matchScore"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	m.MatchScore = s.MatchScore
	return nil
}

func (m matchItem) score() float64 {
	f, err := strconv.ParseFloat(strings.Trim(string(m.MatchScore), `"`), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// SearchTitle asks GET /paper/search for up to limit (≤ 100) candidates.
// Hyphens between words are sent as spaces: the API documents that
// hyphenated query terms match nothing. An answer without "data" (the
// API's shape for no results, whatever its "total" says) is an empty list.
func (c *Client) SearchTitle(ctx context.Context, query string, limit int) ([]*bib.Paper, error) {
	q := searchQuery(query)
	if q == "" {
		return nil, errors.New("fetch: search: empty query")
	}
	if limit <= 0 || limit > MaxSearchLimit {
		limit = MaxSearchLimit
	}
	r := &s2Request{
		endpoint: EndpointSearch,
		method:   http.MethodGet,
		path:     "/paper/search",
		query:    url.Values{"query": {q}, "fields": {MatchFields}, "offset": {"0"}, "limit": {strconv.Itoa(limit)}},
		validate: validateSearch,
	}
	e, err := c.fetch(ctx, r)
	if err != nil {
		return nil, err
	}
	var ans struct {
		Data []*bib.Paper `json:"data"`
	}
	if err := json.Unmarshal(e.Body, &ans); err != nil {
		return nil, fmt.Errorf("fetch: %s: bad answer: %w", r.describe(), err)
	}
	return ans.Data, nil
}

// Paper asks GET /paper/{id} for one full record (PaperFields), paging its
// references when the answer could not carry them (see Papers). An unknown
// id gives an error wrapping ErrNotFound.
func (c *Client) Paper(ctx context.Context, id string) (*bib.Paper, error) {
	id = canonicalID(id)
	r := &s2Request{
		endpoint:  EndpointPaper,
		method:    http.MethodGet,
		path:      paperPath(id),
		query:     url.Values{"fields": {PaperFields}},
		accept404: true,
		validate:  validatePaper,
	}
	e, err := c.fetch(ctx, r)
	if err != nil {
		return nil, err
	}
	p, err := decodePaperEntry(e)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", r.describe(), err)
	}
	if p == nil {
		return nil, &APIError{Request: r.describe(), StatusCode: http.StatusNotFound, Message: answerMessage(e.Body), err: ErrNotFound}
	}
	if err := c.completeReferences(ctx, id, p, !hasKey(e.Body, "references")); err != nil {
		return nil, err
	}
	return p, nil
}

// hasKey reports whether a JSON object has the key (null or not).
func hasKey(obj []byte, key string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(obj, &m) != nil {
		return false
	}
	_, ok := m[key]
	return ok
}

// decodePaperEntry decodes a stored paper answer; nil for "unknown id".
func decodePaperEntry(e CacheEntry) (*bib.Paper, error) {
	if e.Status == http.StatusNotFound || string(e.Body) == "null" {
		return nil, nil
	}
	p, err := bib.DecodePaper(e.Body)
	if err != nil {
		return nil, fmt.Errorf("bad paper record: %w", err)
	}
	return p, nil
}

// BatchError reports ids that a Papers call could not look up (the others
// were returned).
type BatchError struct {
	IDs []string // the ids lost, in request order
	Err error    // the first cause
}

// Error names the ids lost (the first few) and the first cause.
func (e *BatchError) Error() string {
	return fmt.Sprintf("fetch: lookup failed for %d id(s) (%s): %v", len(e.IDs), truncate(strings.Join(e.IDs, ", "), 200), e.Err)
}

// Unwrap returns the first cause.
func (e *BatchError) Unwrap() error { return e.Err }

// Papers looks ids up with POST /paper/batch, in chunks of at most
// BatchSize (500) ids; an answer that would exceed the API's size limit is
// split in halves and retried, and later chunks (of this call and later
// ones) start at the size of those halves instead of wasting a refused call
// each; a single paper too large with its nested references is asked
// without them, and its references paged. The result has len(ids) elements
// in order,
// nil for ids the API does not know. Duplicate ids (also in other spellings
// of the same id) are asked once, and ids answered before (this run or in
// the cache) are not asked again. Ids not in a form the API accepts
// (40-hex, ARXIV:, DOI:, CorpusId:, MAG:, ACL:, PMID:, PMCID:, URL:; e.g. a
// "TITLE:…" key) are never sent and come back nil.
//
// References: the batch asks for each paper's nested references. They are
// paged separately (GET /paper/{id}/references) only when the batch answer
// evidently could not carry the list: it is non-null, referenceCount says
// there are more, and either it holds NestedReferenceLimit items (cut at the
// API's cap) or none at all (then the references endpoint tells an elided
// list, which becomes nil "unavailable", from one the batch left out). A
// list a little shorter than referenceCount is complete as far as the API
// knows (it routinely omits references it could not resolve) and is not
// paged; a null list stays null. A record whose answer leaves the
// "references" key out (not even null) is paged too.
//
// When some ids cannot be looked up (retries exhausted, offline without a
// cached answer, a record that does not decode: that one is not asked
// again), Papers returns the others and a *BatchError naming them; a
// cancelled ctx returns ctx's error.
func (c *Client) Papers(ctx context.Context, ids []string) ([]*bib.Paper, error) {
	c.init()
	canon := make([]string, len(ids))
	b := &batchRun{found: map[string]*bib.Paper{}, failed: map[string]bool{}, unlisted: map[string]bool{}}
	known := make(map[string]bool)
	var missing []string
	for i, id := range ids {
		canon[i] = canonicalID(id)
		cid := canon[i]
		if known[cid] || cid == "" {
			continue
		}
		known[cid] = true
		if !askable(cid) {
			c.logger().Debug("s2 id not in a form the API accepts; not asked", "id", cid)
			continue
		}
		if e, ok := c.lookup(paperKey(cid)); ok {
			c.report(RequestInfo{Endpoint: EndpointBatch, Request: "paper " + cid, Status: e.Status, Cached: true})
			if err := b.add(cid, e.Body); err == nil {
				continue
			} else {
				c.logger().Warn("s2 cached paper unreadable", "id", cid, "err", err)
			}
		}
		missing = append(missing, cid)
	}

	var firstErr error
	for rest := missing; len(rest) > 0; {
		// The size is read afresh for every chunk: after a size refusal,
		// later chunks start at the size that worked.
		chunk := rest[:min(c.batchSize(), len(rest))]
		rest = rest[len(chunk):]
		if err := c.batch(ctx, b, chunk, PaperFields, true); err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			if firstErr == nil {
				firstErr = err
			}
		}
	}

	for _, cid := range bib.SortedKeys(b.found) {
		if p := b.found[cid]; p != nil {
			if err := c.completeReferences(ctx, cid, p, b.unlisted[cid]); err != nil {
				if ctx.Err() != nil {
					return nil, err
				}
				c.logger().Warn("s2 reference pages failed; keeping the batch's list (none: references unavailable)", "id", cid, "err", err)
			}
		}
	}

	out := make([]*bib.Paper, len(ids))
	var lost []string
	for i, cid := range canon {
		out[i] = b.found[cid]
		if b.failed[cid] {
			lost = append(lost, ids[i])
		}
	}
	if len(lost) > 0 {
		return out, &BatchError{IDs: lost, Err: firstErr}
	}
	return out, nil
}

// batchRun is what one Papers call has gathered, by canonical id.
type batchRun struct {
	found    map[string]*bib.Paper // records, nil for unknown ids
	failed   map[string]bool       // ids that could not be looked up
	unlisted map[string]bool       // records whose answer left "references" out
}

// add decodes a paper answer (a record, or null for an unknown id) for id.
func (b *batchRun) add(id string, body []byte) error {
	p, err := decodePaperEntry(CacheEntry{Status: http.StatusOK, Body: body})
	if err != nil {
		return err
	}
	b.found[id] = p
	if p != nil && !hasKey(body, "references") {
		b.unlisted[id] = true
	}
	return nil
}

// batch looks up one chunk with the given fields, splitting it on size
// errors; answers go to b. Ids the answer left unanswered (see alignBatch)
// or answered with an error object are asked again once, in a batch of
// their own, when again is true. A single paper whose answer is too large
// even alone (nested references with long author lists) is asked again
// without its references, which are then paged (see Papers).
func (c *Client) batch(ctx context.Context, b *batchRun, chunk []string, fields string, again bool) error {
	body, err := json.Marshal(map[string][]string{"ids": chunk})
	if err != nil {
		return fmt.Errorf("fetch: batch: %w", err)
	}
	n := len(chunk)
	r := &s2Request{
		endpoint: EndpointBatch,
		method:   http.MethodPost,
		path:     "/paper/batch",
		query:    url.Values{"fields": {fields}},
		body:     body,
		prepare: func(b []byte) ([]byte, error) {
			items, err := alignBatch(chunk, b)
			if err != nil {
				return nil, err
			}
			return json.Marshal(items)
		},
		entries: func(b []byte, fetched time.Time) ([]CacheEntry, error) {
			var items []json.RawMessage
			if err := json.Unmarshal(b, &items); err != nil {
				return nil, err
			}
			es := make([]CacheEntry, 0, len(items))
			for i, it := range items {
				if isAnswerError(it) {
					continue // unanswered or an error object: not an answer to keep
				}
				// Under the key of the full record's request, whatever the
				// fields: a record without references (too large with
				// them) stands for the full one, its references paged.
				es = append(es, CacheEntry{Key: paperKey(chunk[i]), Status: http.StatusOK, Body: it, Fetched: fetched})
			}
			return es, nil
		},
	}
	e, err := c.fetch(ctx, r)
	switch {
	case errors.Is(err, ErrTooLarge) && n > 1:
		c.logger().Info("s2 batch too large; splitting", "ids", n)
		c.shrinkBatch(n)
		err1 := c.batch(ctx, b, chunk[:n/2], fields, again)
		if ctx.Err() != nil {
			return err1
		}
		err2 := c.batch(ctx, b, chunk[n/2:], fields, again)
		return errors.Join(err1, err2)
	case errors.Is(err, ErrTooLarge) && fields == PaperFields:
		c.logger().Info("s2 record too large with its references; asking without them", "id", chunk[0])
		return c.batch(ctx, b, chunk, recordFields, again)
	case err != nil:
		for _, id := range chunk {
			b.failed[id] = true
		}
		return err
	}
	var items []json.RawMessage
	if err := json.Unmarshal(e.Body, &items); err != nil || len(items) != n {
		for _, id := range chunk {
			b.failed[id] = true
		}
		return fmt.Errorf("fetch: %s: bad aligned answer (%d items): %v", r.describe(), len(items), err)
	}
	var retry []string
	var cause error
	for i, it := range items {
		if why, ok := unreadable(it); ok {
			b.failed[chunk[i]] = true
			if cause == nil {
				cause = fmt.Errorf("fetch: %s: unreadable record of %s: %s", r.describe(), chunk[i], why)
			}
			continue
		}
		if isAnswerError(it) {
			retry = append(retry, chunk[i])
			if cause == nil {
				cause = fmt.Errorf("fetch: %s: no answer for %s: %s", r.describe(), chunk[i], orNoMessage(answerMessage(it)))
			}
			continue
		}
		if err := b.add(chunk[i], it); err != nil {
			b.failed[chunk[i]] = true
			if cause == nil {
				cause = fmt.Errorf("fetch: %s: %s: %w", r.describe(), chunk[i], err)
			}
		}
	}
	if len(retry) == 0 {
		return cause
	}
	if again {
		c.logger().Info("s2 batch answer left ids unanswered; asking again", "ids", len(retry))
		return c.batch(ctx, b, retry, fields, false)
	}
	for _, id := range retry {
		b.failed[id] = true
	}
	c.logger().Warn("s2 batch answer left ids unanswered", "ids", len(retry), "err", cause)
	return cause
}

// isAnswerError reports whether an aligned batch element is no record: the
// unanswered marker or an error object.
func isAnswerError(it json.RawMessage) bool {
	if string(it) == unansweredMarker {
		return true
	}
	if len(it) == 0 || it[0] != '{' {
		return false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(it, &m) != nil {
		return true
	}
	_, hasID := m["paperId"]
	return !hasID
}

// needsReferencePages applies the rule documented on Papers.
func (c *Client) needsReferencePages(p *bib.Paper) bool {
	if p.References == nil || p.ReferenceCount == nil {
		return false
	}
	n, want := len(*p.References), *p.ReferenceCount
	if n >= want {
		return false
	}
	return n == 0 || n >= c.nestedLimit()
}

// completeReferences pages p's references when its answer could not carry
// them: the rule documented on Papers, or unlisted (the answer left the
// "references" key out).
func (c *Client) completeReferences(ctx context.Context, requested string, p *bib.Paper, unlisted bool) error {
	if !unlisted && !c.needsReferencePages(p) {
		return nil
	}
	id := p.PaperID
	if id == "" {
		id = requested
	}
	refs, err := c.References(ctx, id)
	if err != nil {
		// An empty list the batch left out is not "cites nothing": with the
		// pages lost, the reference list is unknown.
		if p.References != nil && len(*p.References) == 0 {
			p.References = nil
		}
		return err
	}
	p.References = refs
	return nil
}

// References pages through GET /paper/{id}/references (implementing
// ReferencePager): pages of ReferencePageSize, following next until it is
// absent, empty pages included, and never asking past offset+limit = 9999
// (the API's bound; a longer list is cut there, with a warning). A page
// refused as too large is asked again in halves, and later pages of every
// walk start at the size that worked (the refusal is cached, so a rerun
// goes straight to it). A page may hold fewer items than asked; only a
// server whose empty pages advance too little for the bound to be reached
// in as many pages as full ones would take is cut short. Items with
// paperId null are kept with their title. The result is nil when the API
// says the list is unavailable (data null, e.g. elided by the publisher),
// and a non-nil (possibly empty) list otherwise.
func (c *Client) References(ctx context.Context, id string) (*[]bib.Paper, error) {
	w, err := c.edges(ctx, EndpointReferences, id, "citedPaper", 0)
	if err != nil || w.Unavailable {
		return nil, err
	}
	return &w.Papers, nil
}

// Citations pages through GET /paper/{id}/citations like References. The
// API's citation lists are incomplete for highly cited papers; citegraph
// builds its edges from references.
func (c *Client) Citations(ctx context.Context, id string) (*[]bib.Paper, error) {
	w, err := c.edges(ctx, EndpointCitations, id, "citingPaper", 0)
	if err != nil || w.Unavailable {
		return nil, err
	}
	return &w.Papers, nil
}

// EdgeWalk is the outcome of paging through one paper's citations (or
// references).
type EdgeWalk struct {
	Papers []bib.Paper // the citing (or cited) papers, in the API's order
	// Unavailable reports that the API withholds the list (data null).
	Unavailable bool
	// Cut says why the walk stopped before the list's end: "" (it did
	// not), CutLimit, CutBound or CutPaging. Papers is then a part of the
	// list, and counts built on it are lower bounds.
	Cut string
}

// Why an EdgeWalk stopped before the end of the list.
const (
	CutLimit  = "limit"  // the caller's limit was reached
	CutBound  = "bound"  // the API's bound: offset + limit must stay below 10,000
	CutPaging = "paging" // the server's pages advanced too little
)

// CitationsUpTo pages through GET /paper/{id}/citations, in pages of
// ReferencePageSize (1,000), following next until it is absent (empty
// pages included) and fetching at most limit citing papers (limit ≤ 0: no
// limit but the API's, which cannot page past offset + limit = 9,999). The
// walk says whether and why it stopped early. Every page is cached like any
// answer, so a walk interrupted midway resumes where it stopped.
func (c *Client) CitationsUpTo(ctx context.Context, id string, limit int) (*EdgeWalk, error) {
	return c.edges(ctx, EndpointCitations, id, "citingPaper", limit)
}

func (c *Client) edges(ctx context.Context, endpoint, id, wrap string, most int) (*EdgeWalk, error) {
	id = canonicalID(id)
	size := c.pageSize()
	w := &EdgeWalk{Papers: []bib.Paper{}}
	offset := 0
	// next always advances (validateEdgePage), and offset+limit stays below
	// edgeOffsetBound, so the walk ends. A page that brings items is
	// progress, however few (a server may serve fewer than asked); empty
	// pages with next set are the API's filtered entries, and an honest
	// server needs at most maxEmpty of them to cross the whole bound: more
	// stops a server whose empty pages advance by a few entries at a time.
	empty, maxEmpty := 0, (edgeOffsetBound+size-1)/size+1
	for {
		limit := size
		if most > 0 {
			limit = min(limit, most-len(w.Papers))
		}
		if offset+limit >= edgeOffsetBound {
			limit = edgeOffsetBound - 1 - offset
		}
		if limit <= 0 {
			c.logger().Warn("s2 list cut at the API's paging bound", "id", id, "endpoint", endpoint, "items", len(w.Papers))
			w.Cut = CutBound
			break
		}
		r := &s2Request{
			endpoint:     endpoint,
			method:       http.MethodGet,
			path:         paperPath(id) + "/" + endpoint,
			query:        url.Values{"fields": {ReferenceFields}, "offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(limit)}},
			accept404:    true,
			keepTooLarge: true,
			validate:     validateEdgePage(offset, wrap),
		}
		e, err := c.fetch(ctx, r)
		if err != nil {
			return nil, err
		}
		if e.Status == http.StatusNotFound {
			return nil, &APIError{Request: r.describe(), StatusCode: e.Status, Message: answerMessage(e.Body), err: ErrNotFound}
		}
		if e.Status != http.StatusOK {
			// Too large (the refusal is cached, so that a rerun goes
			// straight to smaller pages): the same offset in half pages.
			if limit == 1 {
				return nil, &APIError{Request: r.describe(), StatusCode: e.Status, Message: answerMessage(e.Body), err: ErrTooLarge}
			}
			c.shrinkPage(limit)
			size = c.pageSize()
			c.logger().Info("s2 page too large; asking for smaller pages", "id", id, "endpoint", endpoint, "limit", size)
			continue
		}
		var page struct {
			Next *int                          `json:"next"`
			Data *[]map[string]json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(e.Body, &page); err != nil {
			return nil, fmt.Errorf("fetch: %s: bad answer: %w", r.describe(), err)
		}
		if page.Data == nil {
			if offset > 0 {
				return nil, fmt.Errorf("fetch: %s: the list became unavailable after %d items", r.describe(), len(w.Papers))
			}
			return &EdgeWalk{Unavailable: true}, nil // elided by the publisher
		}
		for _, item := range *page.Data {
			raw, ok := item[wrap]
			if !ok || string(raw) == "null" {
				continue
			}
			var p bib.Paper
			if err := json.Unmarshal(raw, &p); err != nil {
				return nil, fmt.Errorf("fetch: %s: bad item: %w", r.describe(), err)
			}
			w.Papers = append(w.Papers, p)
		}
		if page.Next == nil {
			break
		}
		if *page.Next < offset+max(1, len(*page.Data)) {
			return nil, fmt.Errorf("fetch: %s: next %d does not advance past offset %d", r.describe(), *page.Next, offset)
		}
		if most > 0 && len(w.Papers) >= most {
			w.Cut = CutLimit
			break
		}
		if len(*page.Data) == 0 {
			if empty++; empty >= maxEmpty {
				c.logger().Warn("s2 list cut: the server's empty pages advance too little", "id", id, "endpoint", endpoint, "pages", empty, "items", len(w.Papers))
				w.Cut = CutPaging
				break
			}
		}
		offset = *page.Next
	}
	return w, nil
}

// Answer shape checks, run before an answer is used or cached.

// validateMatch accepts {"data":[…]} whose first item has a title; an
// empty list means no match, like the 404.
func validateMatch(b []byte) error {
	var ans struct {
		Data *[]map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &ans); err != nil {
		return err
	}
	if ans.Data == nil {
		return errors.New(`no "data"`)
	}
	if len(*ans.Data) == 0 {
		return nil
	}
	if (*ans.Data)[0] == nil {
		return errors.New("null match")
	}
	if _, ok := (*ans.Data)[0]["title"]; !ok {
		return errors.New("match without a title")
	}
	var typed matchAnswer
	return json.Unmarshal(b, &typed)
}

// validateSearch accepts a search answer: "data" a list, or null or
// absent next to a "total" (the live API's answer for no results).
func validateSearch(b []byte) error {
	var ans map[string]json.RawMessage
	if err := json.Unmarshal(b, &ans); err != nil {
		return err
	}
	d, ok := ans["data"]
	if !ok || string(d) == "null" {
		if _, hasTotal := ans["total"]; hasTotal {
			return nil
		}
		return errors.New(`no "data" and no "total"`)
	}
	var items []json.RawMessage
	return json.Unmarshal(d, &items)
}

// searchQuery is the query sent for a title: spaces collapsed, hyphens
// between letters or digits turned into spaces, cut to maxQueryBytes.
func searchQuery(title string) string {
	rs := []rune(title)
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == '-' && isWordRune(rs[i-1]) && isWordRune(rs[i+1]) {
			rs[i] = ' '
		}
	}
	return cutQuery(strings.Join(strings.Fields(string(rs)), " "))
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// cutQuery cuts a query to at most maxQueryBytes, at a word boundary when
// there is one in the last quarter, never inside a UTF-8 sequence.
func cutQuery(q string) string {
	if len(q) <= maxQueryBytes {
		return q
	}
	cut := q[:maxQueryBytes]
	if i := strings.LastIndexByte(cut, ' '); i > maxQueryBytes*3/4 {
		cut = cut[:i]
	}
	return strings.ToValidUTF8(cut, "")
}

// validatePaper accepts a paper object (one with a "paperId" key) that
// decodes as a bib.Paper.
func validatePaper(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if _, ok := m["paperId"]; !ok {
		return errors.New(`no "paperId"`)
	}
	var p bib.Paper
	return json.Unmarshal(b, &p)
}

// validateEdgePage accepts a references or citations page asked at offset:
// "data" a list of items whose wrap key is null or decodes as a bib.Paper
// (or null on the first page: the list is unavailable), and "next", when
// present, an integer past every item of the page. A page that fails is
// retried and never cached, so a server whose paging does not advance
// cannot loop the client or poison the cache.
func validateEdgePage(offset int, wrap string) func([]byte) error {
	return func(b []byte) error {
		var page map[string]json.RawMessage
		if err := json.Unmarshal(b, &page); err != nil {
			return err
		}
		data, ok := page["data"]
		if !ok {
			return errors.New(`no "data"`)
		}
		if string(data) == "null" {
			if offset > 0 {
				return fmt.Errorf(`"data" is null on the page at offset %d`, offset)
			}
			return nil
		}
		var items []map[string]json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return fmt.Errorf(`"data": %w`, err)
		}
		for i, it := range items {
			if raw, ok := it[wrap]; ok && string(raw) != "null" {
				var p bib.Paper
				if err := json.Unmarshal(raw, &p); err != nil {
					return fmt.Errorf("item %d: %w", i, err)
				}
			}
		}
		rawNext, ok := page["next"]
		if !ok || string(rawNext) == "null" {
			return nil
		}
		var next int
		if err := json.Unmarshal(rawNext, &next); err != nil {
			return fmt.Errorf(`"next": %w`, err)
		}
		if next < offset+max(1, len(items)) {
			return fmt.Errorf(`"next" %d does not advance past the %d item(s) at offset %d`, next, len(items), offset)
		}
		return nil
	}
}
