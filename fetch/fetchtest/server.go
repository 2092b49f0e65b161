package fetchtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/bib"
)

// BasePath is where the fake mounts the API, as the live service does.
const BasePath = "/graph/v1"

// MovedBasePath also serves the API; the redirect faults point there.
const MovedBasePath = "/moved" + BasePath

// Endpoint names used in the request log.
const (
	EndpointMatch      = "match"      // GET /paper/search/match
	EndpointSearch     = "search"     // GET /paper/search
	EndpointPaper      = "paper"      // GET /paper/{id}
	EndpointBatch      = "batch"      // POST /paper/batch
	EndpointReferences = "references" // GET /paper/{id}/references
	EndpointCitations  = "citations"  // GET /paper/{id}/citations
	EndpointOther      = "other"      // anything else (answered 404)
)

// Fault is a kind of misbehaviour the fake can inject.
type Fault string

// The faults the fake injects.
const (
	FaultNone      Fault = ""
	Fault429       Fault = "429"        // 429 {"message":"Too Many Requests…","code":"429"}, no Retry-After unless Options.RetryAfter
	Fault500       Fault = "500"        // 500 {"message":"Internal Server Error"}
	Fault502       Fault = "502"        // 502 {"message":"Bad Gateway"}
	Fault503       Fault = "503"        // 503 {"message":"Service Unavailable"}
	Fault504       Fault = "504"        // 504 {"message":"Endpoint request timed out"}
	FaultSlow      Fault = "slow"       // the answer waits Options.SlowDelay (beyond the client's timeout)
	FaultCut       Fault = "cut"        // half the body is written, then the connection is closed
	FaultReset     Fault = "reset"      // the connection is reset before any answer
	FaultErrorBody Fault = "error-body" // 200 {"error":"…"}
)

// AllFaults lists the transient fault kinds a retry cures, the default mix
// for Options.FaultRate. The misbehaviours in misbehave.go (HTML pages,
// malformed answers, redirects, …) are scripted with Server.Inject.
var AllFaults = []Fault{Fault429, Fault500, Fault502, Fault503, Fault504, FaultSlow, FaultCut, FaultReset, FaultErrorBody}

// Options configure a fake server. The zero value serves the records
// faithfully, with no key check and no faults.
type Options struct {
	// APIKey, when set, is the only x-api-key accepted; anything else is 403.
	APIKey string
	// Strict fails the test on any request (see Server.SetStrict).
	Strict bool
	// FaultRate is the fraction of API requests that get a fault drawn from
	// Faults (default AllFaults), using an RNG seeded with Seed.
	FaultRate float64
	Faults    []Fault
	Seed      uint64
	// SlowDelay is how long a FaultSlow answer waits (default 5s); the wait
	// ends early when the client goes away.
	SlowDelay time.Duration
	// RetryAfter, when set, is sent as the Retry-After header of 429 faults.
	RetryAfter string
	// MaxResponseBytes, when > 0, makes a /paper/batch or /paper/{id} answer
	// larger than this a 400 "Response would exceed maximum size".
	MaxResponseBytes int
	// NestedReferenceLimit caps nested references/citations lists in paper
	// and batch answers (default 1000; < 0 for no cap).
	NestedReferenceLimit int
	// EmptyReferenceSlots puts this many slots that the server filters out at
	// the head of every reference and citation list, so that the first pages
	// of a small page size come back empty with next still set.
	EmptyReferenceSlots int
	// MaxBatchIDs is the most ids /paper/batch accepts (default 500).
	MaxBatchIDs int
	// MatchThreshold is the least token agreement (Dice coefficient over
	// normalised title words) for /paper/search/match to answer (default 0.5).
	MatchThreshold float64
	// MaxURIBytes, when > 0, answers a request whose request URI (path and
	// query) is longer with 414 and an HTML page, as a proxy does.
	MaxURIBytes int
	// StallDelay is how long a FaultStall answer hangs mid-body (default
	// 10s); the wait ends early when the client goes away.
	StallDelay time.Duration
	// MinInterval, when > 0, is the server's rate limit, enforced
	// strictly as the keyed API's 1 request per second: a request that
	// arrives less than MinInterval after the last request let through is
	// refused with 429 (no Retry-After unless RetryAfter is set), and does
	// not count as let through.
	MinInterval time.Duration
	// Now is the clock of MinInterval (default time.Now): a test with a
	// fake clock shares it with the client.
	Now func() time.Time
}

// Request is one logged request.
type Request struct {
	Seq      int
	Method   string
	Endpoint string
	Path     string   // escaped path under BasePath, e.g. /paper/DOI:10.1%2Fx
	Query    string   // canonical query: sorted, escaped (url.ParseQuery reads it back)
	BodySHA  string   // hex SHA-256 of the body, "" when empty
	BatchIDs []string // the ids of a /paper/batch body
	APIKey   bool     // whether an x-api-key header was sent
	Status   int      // status written (0 when the client went away first)
	Fault    Fault
	// Delivered reports that a complete, genuine answer was written.
	Delivered bool
}

// Key identifies the request's content: method, path, query and body.
func (r Request) Key() string {
	return r.Method + " " + r.Path + "?" + r.Query + " " + r.BodySHA
}

// Succeeded reports whether the request got a genuine final answer (200, or
// a 404 such as "Title match not found"), as opposed to a fault or error.
func (r Request) Succeeded() bool {
	return r.Delivered && (r.Status == http.StatusOK || r.Status == http.StatusNotFound)
}

// Server is a fake Semantic Scholar API server. Its methods are safe for
// concurrent use.
type Server struct {
	t    testing.TB
	ts   *httptest.Server
	opts Options

	recs []*fakeRecord
	byID map[string]*fakeRecord

	mu       sync.Mutex
	rng      *rand.Rand
	strict   bool
	rate     float64
	script   map[string][]Fault
	log      []Request
	logBase  int        // requests logged before the last Reset
	lastPass time.Time  // arrival of the last request MinInterval let through
	busy     int        // requests being answered (see Wait)
	idle     *sync.Cond // signalled when busy drops to 0
	citingBy map[*fakeRecord][]*fakeRecord
}

type fakeRecord struct {
	p      *bib.Paper
	raw    map[string]any
	tokens map[string]bool
	cites  int
}

// New starts a fake server serving records; it is closed when the test ends.
// The records must not be changed afterwards: their served forms are
// prepared once and shared between servers.
func New(t testing.TB, records []*bib.Paper, opts Options) *Server {
	t.Helper()
	if opts.SlowDelay <= 0 {
		opts.SlowDelay = 5 * time.Second
	}
	if opts.StallDelay <= 0 {
		opts.StallDelay = 10 * time.Second
	}
	if opts.NestedReferenceLimit == 0 {
		opts.NestedReferenceLimit = 1000
	}
	if opts.MaxBatchIDs <= 0 {
		opts.MaxBatchIDs = 500
	}
	if opts.MatchThreshold <= 0 {
		opts.MatchThreshold = 0.5
	}
	if len(opts.Faults) == 0 {
		opts.Faults = AllFaults
	}
	s := &Server{
		t:      t,
		opts:   opts,
		byID:   make(map[string]*fakeRecord),
		rng:    rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		strict: opts.Strict,
		rate:   opts.FaultRate,
		script: make(map[string][]Fault),
	}
	for _, p := range records {
		r, err := prepared(p)
		if err != nil {
			t.Fatalf("%v", err)
		}
		s.recs = append(s.recs, r)
		for _, id := range recordIDs(p) {
			if _, ok := s.byID[id]; !ok {
				s.byID[id] = r
			}
		}
	}
	s.ts = httptest.NewServer(s)
	t.Cleanup(s.ts.Close)
	return s
}

// preparedRecords memoizes newFakeRecord per record: servers share the
// (read-only) prepared forms, so that tests can start many servers cheaply.
var preparedRecords sync.Map // *bib.Paper → *fakeRecord

func prepared(p *bib.Paper) (*fakeRecord, error) {
	if r, ok := preparedRecords.Load(p); ok {
		return r.(*fakeRecord), nil
	}
	r, err := newFakeRecord(p)
	if err != nil {
		return nil, err
	}
	actual, _ := preparedRecords.LoadOrStore(p, r)
	return actual.(*fakeRecord), nil
}

func newFakeRecord(p *bib.Paper) (*fakeRecord, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fakeErrorf("record %q: %v", p.Title, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fakeErrorf("record %q: %v", p.Title, err)
	}
	fixPaperIDs(raw)
	// The live API sends corpus ids as integers at top level and as strings
	// in nested objects.
	if c, ok := raw["corpusId"].(string); ok && isDigits(c) {
		raw["corpusId"] = json.Number(c)
	}
	if x, ok := raw["externalIds"].(map[string]any); ok {
		if c, ok := x["CorpusId"].(string); ok && isDigits(c) {
			x["CorpusId"] = json.Number(c)
		}
	}
	if refs, ok := raw["references"].([]any); ok {
		for _, it := range refs {
			if m, ok := it.(map[string]any); ok {
				fixPaperIDs(m)
			}
		}
	}
	toks := map[string]bool{}
	for _, w := range strings.Fields(bib.NormalizeTitle(p.Title)) {
		toks[w] = true
	}
	return &fakeRecord{p: p, raw: raw, tokens: toks, cites: p.Citations()}, nil
}

// fixPaperIDs turns the empty paperId bib.Paper marshals into the API's null.
func fixPaperIDs(m map[string]any) {
	if s, ok := m["paperId"].(string); !ok || s == "" {
		m["paperId"] = nil
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// recordIDs returns the canonical lookup keys of a record.
func recordIDs(p *bib.Paper) []string {
	var ids []string
	if p.PaperID != "" {
		ids = append(ids, strings.ToLower(p.PaperID))
	}
	if p.CorpusID != "" {
		ids = append(ids, "CORPUSID:"+string(p.CorpusID))
	}
	prefixes := map[string]string{
		"ArXiv": "ARXIV:", "DOI": "DOI:", "CorpusId": "CORPUSID:", "MAG": "MAG:",
		"ACL": "ACL:", "PubMed": "PMID:", "PubMedCentral": "PMCID:",
	}
	for _, k := range bib.SortedKeys(p.ExternalIDs) {
		if pre, ok := prefixes[k]; ok {
			v := p.ExternalIDs[k]
			if k == "DOI" || k == "ArXiv" {
				v = strings.ToLower(v)
			}
			ids = append(ids, pre+v)
		}
	}
	return ids
}

var (
	hex40       = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
	arxivURL    = regexp.MustCompile(`^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:v\d+)?(?:\.pdf)?$`)
	doiURL      = regexp.MustCompile(`^https?://(?:dx\.)?doi\.org/(10\..+)$`)
	s2URL       = regexp.MustCompile(`^https?://(?:www\.)?semanticscholar\.org/paper/(?:[^/]+/)?([0-9a-fA-F]{40})/?$`)
	idPrefixFix = map[string]string{"ARXIV": "ARXIV:", "DOI": "DOI:", "CORPUSID": "CORPUSID:", "MAG": "MAG:", "ACL": "ACL:", "PMID": "PMID:", "PMCID": "PMCID:"}
)

// lookup finds a record by any id form the API accepts.
func (s *Server) lookup(id string) *fakeRecord {
	id = strings.TrimSpace(id)
	if hex40.MatchString(id) {
		return s.byID[strings.ToLower(id)]
	}
	pre, val, ok := strings.Cut(id, ":")
	if !ok {
		return nil
	}
	pre = strings.ToUpper(pre)
	if pre == "URL" {
		switch {
		case s2URL.MatchString(val):
			return s.byID[strings.ToLower(s2URL.FindStringSubmatch(val)[1])]
		case arxivURL.MatchString(val):
			return s.byID["ARXIV:"+strings.ToLower(arxivURL.FindStringSubmatch(val)[1])]
		case doiURL.MatchString(val):
			return s.byID["DOI:"+strings.ToLower(doiURL.FindStringSubmatch(val)[1])]
		}
		return nil
	}
	p, ok := idPrefixFix[pre]
	if !ok {
		return nil
	}
	if pre == "DOI" || pre == "ARXIV" {
		val = strings.ToLower(val)
	}
	return s.byID[p+val]
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// URL returns the API's base URL on the fake, e.g. http://127.0.0.1:PORT/graph/v1.
func (s *Server) URL() string { return s.ts.URL + BasePath }

// Client returns an *http.Client configured for the fake server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down (also done when the test ends).
func (s *Server) Close() { s.ts.Close() }

// SetStrict turns strict mode on or off: in strict mode every request fails
// the test (and is answered 500).
func (s *Server) SetStrict(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.strict = on
}

// SetFaultRate changes the fraction of requests that get a random fault.
func (s *Server) SetFaultRate(rate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rate = rate
}

// Inject queues faults for the next requests to endpoint ("" or "*" for any
// endpoint), one per request, before any random fault. FaultNone entries
// let a request through.
func (s *Server) Inject(endpoint string, faults ...Fault) {
	if endpoint == "" {
		endpoint = "*"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script[endpoint] = append(s.script[endpoint], faults...)
}

// Wait waits until every request received so far is answered and logged:
// a client has the answer a moment before the log says it was delivered,
// so a test that counts requests once its client is done calls Wait first.
func (s *Server) Wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.busy > 0 {
		s.idleCond().Wait()
	}
}

// idleCond returns the condition Wait waits on (s.mu held).
func (s *Server) idleCond() *sync.Cond {
	if s.idle == nil {
		s.idle = sync.NewCond(&s.mu)
	}
	return s.idle
}

// Requests returns a copy of the request log, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Reset clears the request log.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logBase += len(s.log)
	s.log = nil
}

// Count returns how many requests reached endpoint ("" for all).
func (s *Server) Count(endpoint string) int {
	n := 0
	for _, r := range s.Requests() {
		if endpoint == "" || r.Endpoint == endpoint {
			n++
		}
	}
	return n
}

// Successes returns how many requests to endpoint ("" for all) got a
// genuine final answer.
func (s *Server) Successes(endpoint string) int {
	n := 0
	for _, r := range s.Requests() {
		if (endpoint == "" || r.Endpoint == endpoint) && r.Succeeded() {
			n++
		}
	}
	return n
}

// Duplicates returns the keys of requests that succeeded more than once,
// sorted: a client with a working cache and dedupe makes none.
func (s *Server) Duplicates() []string {
	n := map[string]int{}
	for _, r := range s.Requests() {
		if r.Succeeded() {
			n[r.Key()]++
		}
	}
	var d []string
	for k, c := range n {
		if c > 1 {
			d = append(d, fmt.Sprintf("%s (x%d)", k, c))
		}
	}
	sort.Strings(d)
	return d
}

// nextFault returns the scripted or random fault for a request (s.mu held).
func (s *Server) nextFault(endpoint string) Fault {
	if endpoint == EndpointOther {
		return FaultNone
	}
	for _, k := range []string{endpoint, "*"} {
		if q := s.script[k]; len(q) > 0 {
			s.script[k] = q[1:]
			return q[0]
		}
	}
	if s.rate > 0 && s.rng.Float64() < s.rate {
		return s.opts.Faults[s.rng.IntN(len(s.opts.Faults))]
	}
	return FaultNone
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	arrived := s.now() // before the body is read: when a gateway counts it
	s.mu.Lock()
	s.busy++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.busy--; s.busy == 0 {
			s.idleCond().Broadcast()
		}
		s.mu.Unlock()
	}()
	path := r.URL.EscapedPath()
	if strings.HasPrefix(path, MovedBasePath+"/") {
		path = strings.TrimPrefix(path, MovedBasePath)
	} else {
		path = strings.TrimPrefix(path, BasePath)
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	endpoint, id := route(r.Method, path)
	req := Request{
		Method:   r.Method,
		Endpoint: endpoint,
		Path:     path,
		Query:    sortedQuery(r.URL.Query()),
		APIKey:   r.Header.Get("x-api-key") != "",
	}
	if len(body) > 0 {
		h := sha256.Sum256(body)
		req.BodySHA = hex.EncodeToString(h[:])
	}
	if endpoint == EndpointBatch {
		var b struct {
			IDs []string `json:"ids"`
		}
		if json.Unmarshal(body, &b) == nil {
			req.BatchIDs = b.IDs
		}
	}
	s.mu.Lock()
	req.Seq = s.logBase + len(s.log) + 1
	strict := s.strict
	fault := FaultNone
	if !strict && s.opts.MinInterval > 0 {
		if !s.lastPass.IsZero() && arrived.Sub(s.lastPass) < s.opts.MinInterval {
			fault = Fault429
		} else {
			s.lastPass = arrived
		}
	}
	if !strict && fault == FaultNone {
		fault = s.nextFault(endpoint)
	}
	req.Fault = fault
	// Logged on arrival (so counts include requests still being answered),
	// completed when the handler returns.
	s.log = append(s.log, req)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if i := req.Seq - s.logBase - 1; i >= 0 && i < len(s.log) && s.log[i].Seq == req.Seq {
			s.log[i] = req
		}
		s.mu.Unlock()
	}()

	if strict {
		s.t.Errorf("fetchtest: request in strict mode: %s %s?%s", r.Method, path, req.Query)
		req.Status = writeJSON(w, http.StatusInternalServerError, []byte(`{"message":"strict mode: no request expected"}`), nil)
		return
	}
	if s.opts.APIKey != "" && r.Header.Get("x-api-key") != s.opts.APIKey {
		req.Status = writeJSON(w, http.StatusForbidden, []byte(`{"message":"Forbidden"}`), nil)
		return
	}
	if s.opts.MaxURIBytes > 0 && len(r.RequestURI) > s.opts.MaxURIBytes {
		req.Status = writeHTML(w, http.StatusRequestURITooLong)
		return
	}
	if status, ok := s.misbehaveBefore(w, r, fault); ok {
		req.Status = status
		return
	}
	switch fault {
	case Fault429:
		var h http.Header
		if s.opts.RetryAfter != "" {
			h = http.Header{"Retry-After": {s.opts.RetryAfter}}
		}
		req.Status = writeJSON(w, http.StatusTooManyRequests, []byte(`{"message":"Too Many Requests. Please wait and try again or apply for a key for higher rate limits. https://www.semanticscholar.org/product/api#api-key-form","code":"429"}`), h)
		return
	case Fault500, Fault502, Fault503, Fault504:
		code, _ := strconv.Atoi(string(fault))
		msg := map[int]string{500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Endpoint request timed out"}[code]
		req.Status = writeJSON(w, code, []byte(`{"message":"`+msg+`"}`), nil)
		return
	case FaultReset:
		resetConn(w)
		return
	case FaultErrorBody:
		req.Status = writeJSON(w, http.StatusOK, []byte(`{"error":"An internal error occurred. Please try again."}`), nil)
		return
	case FaultSlow:
		select {
		case <-time.After(s.opts.SlowDelay):
		case <-r.Context().Done():
			return // the client gave up: Status stays 0
		}
	}

	status, out := s.serve(r, endpoint, id, body)
	switch fault {
	case FaultCut:
		req.Status = status
		cutBody(w, status, out)
		return
	case FaultStall:
		req.Status = status
		s.stallBody(w, r, status, out)
		return
	case FaultGzip:
		req.Status = writeGzip(w, status, out)
		req.Delivered = req.Status != 0
		return
	}
	if changed, ok := misbehaveAfter(fault, r, status, out); ok {
		req.Status = writeJSON(w, status, changed, nil)
		return
	}
	req.Status = writeJSON(w, status, out, nil)
	req.Delivered = req.Status != 0
}

// writeJSON writes a JSON answer and returns the status, or 0 when the
// write failed.
func writeJSON(w http.ResponseWriter, status int, body []byte, h http.Header) int {
	for k, vs := range h {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if _, err := w.Write(body); err != nil {
		return 0
	}
	return status
}

// cutBody announces the full length, writes half the body, then closes the
// connection under the client.
func cutBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body[:len(body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	_ = conn.Close()
}

// resetConn closes the connection with a TCP reset, before any answer.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // close sends RST instead of FIN
	}
	_ = conn.Close()
}

// route classifies an escaped path; id is the unescaped paper id, if any.
func route(method, path string) (endpoint, id string) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(segs) == 0 || segs[0] != "paper" {
		return EndpointOther, ""
	}
	switch {
	case len(segs) == 3 && segs[1] == "search" && segs[2] == "match" && method == http.MethodGet:
		return EndpointMatch, ""
	case len(segs) == 2 && segs[1] == "search" && method == http.MethodGet:
		return EndpointSearch, ""
	case len(segs) == 2 && segs[1] == "batch" && method == http.MethodPost:
		return EndpointBatch, ""
	}
	if method != http.MethodGet || len(segs) < 2 || len(segs) > 3 || segs[1] == "" {
		return EndpointOther, ""
	}
	id, err := url.PathUnescape(segs[1])
	if err != nil {
		return EndpointOther, ""
	}
	if len(segs) == 2 {
		return EndpointPaper, id
	}
	switch segs[2] {
	case "references":
		return EndpointReferences, id
	case "citations":
		return EndpointCitations, id
	}
	return EndpointOther, ""
}

func errBody(msg string) []byte {
	b, _ := json.Marshal(map[string]string{"error": msg})
	return b
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

const tooLarge = "Response would exceed maximum size. Please try breaking the request into smaller batches, or make use of the limit and offset features."

// serve answers a request that got no fault.
func (s *Server) serve(r *http.Request, endpoint, id string, body []byte) (int, []byte) {
	q := r.URL.Query()
	scope := scopePaper
	switch endpoint {
	case EndpointMatch, EndpointSearch:
		scope = scopeSearch
	case EndpointReferences, EndpointCitations:
		scope = scopeEdge
	case EndpointOther:
		return http.StatusNotFound, []byte(`{"message":"Not Found"}`)
	}
	fs, bad := parseFields(q.Get("fields"), scope)
	if len(bad) > 0 {
		return http.StatusBadRequest, errBody("Unrecognized or unsupported fields: [" + strings.Join(bad, ", ") + "]")
	}
	switch endpoint {
	case EndpointMatch:
		return s.serveMatch(q, fs)
	case EndpointSearch:
		return s.serveSearch(q, fs)
	case EndpointPaper:
		rec := s.lookup(id)
		if rec == nil {
			return http.StatusNotFound, errBody("Paper with id " + id + " not found")
		}
		return s.sized(s.encoded(rec, q.Get("fields"), fs))
	case EndpointBatch:
		var req struct {
			IDs []string `json:"ids"`
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		if err := dec.Decode(&req); err != nil || req.IDs == nil {
			return http.StatusBadRequest, errBody(`Unacceptable request body: expected {"ids": [...]}`)
		}
		if len(req.IDs) > s.opts.MaxBatchIDs {
			return http.StatusBadRequest, errBody(fmt.Sprintf("Cannot process more than %d ids per request", s.opts.MaxBatchIDs))
		}
		var out bytes.Buffer
		out.WriteByte('[')
		for i, id := range req.IDs {
			if i > 0 {
				out.WriteByte(',')
			}
			if rec := s.lookup(id); rec != nil {
				out.Write(s.encoded(rec, q.Get("fields"), fs))
			} else {
				out.WriteString("null")
			}
		}
		out.WriteByte(']')
		return s.sized(out.Bytes())
	default: // references, citations
		return s.serveEdges(endpoint, id, q, fs)
	}
}

// encodedKey identifies a record's encoding for a fields parameter.
type encodedKey struct {
	rec    *fakeRecord
	fields string
	nested int
}

// encodedRecords memoizes record encodings (records are read-only), so
// that retried and repeated batches cost the fake little.
var encodedRecords sync.Map // encodedKey → []byte

// encoded returns the JSON of a record's requested fields.
func (s *Server) encoded(rec *fakeRecord, fields string, fs fieldSet) []byte {
	k := encodedKey{rec, fields, s.opts.NestedReferenceLimit}
	if b, ok := encodedRecords.Load(k); ok {
		return b.([]byte)
	}
	b := mustJSON(selectFields(rec.raw, fs, s.opts.NestedReferenceLimit))
	encodedRecords.Store(k, b)
	return b
}

func (s *Server) sized(b []byte) (int, []byte) {
	if s.opts.MaxResponseBytes > 0 && len(b) > s.opts.MaxResponseBytes {
		return http.StatusBadRequest, errBody(tooLarge)
	}
	return http.StatusOK, b
}

func intParam(q url.Values, name string, def int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

// dice is the Dice coefficient of two word sets, with the shared count.
func dice(a, b map[string]bool) (float64, int) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	common := 0
	for w := range a {
		if b[w] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b)), common
}

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(bib.NormalizeTitle(s)) {
		m[w] = true
	}
	return m
}

type scored struct {
	rec    *fakeRecord
	d      float64
	common int
	order  int
}

// rank scores every record against the query, best first; ties go to the
// more cited record, then to the earlier one.
func (s *Server) rank(query string, minDice float64) []scored {
	qw := words(query)
	var hits []scored
	for i, rec := range s.recs {
		d, c := dice(qw, rec.tokens)
		if c > 0 && d >= minDice {
			hits = append(hits, scored{rec, d, c, i})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.d != b.d {
			return a.d > b.d
		}
		if a.rec.cites != b.rec.cites {
			return a.rec.cites > b.rec.cites
		}
		return a.order < b.order
	})
	return hits
}

func (s *Server) serveMatch(q url.Values, fs fieldSet) (int, []byte) {
	query := strings.TrimSpace(q.Get("query"))
	if query == "" {
		return http.StatusBadRequest, errBody("Missing required parameter: 'query'")
	}
	hits := s.rank(query, s.opts.MatchThreshold)
	if len(hits) == 0 {
		return http.StatusNotFound, errBody("Title match not found")
	}
	best := hits[0]
	m := selectFields(best.rec.raw, fs, 0)
	// matchScore is unbounded, ~130-180 for exact titles on the live API.
	m["matchScore"] = math.Round((100*best.d+5*float64(best.common))*100) / 100
	return http.StatusOK, mustJSON(map[string]any{"data": []any{m}})
}

func (s *Server) serveSearch(q url.Values, fs fieldSet) (int, []byte) {
	query := strings.TrimSpace(q.Get("query"))
	if query == "" {
		return http.StatusBadRequest, errBody("Missing required parameter: 'query'")
	}
	offset, ok1 := intParam(q, "offset", 0)
	limit, ok2 := intParam(q, "limit", 100)
	if !ok1 || !ok2 || limit > 100 {
		return http.StatusBadRequest, errBody(fmt.Sprintf("Unacceptable query params: [offset=%s, limit=%s]", q.Get("offset"), q.Get("limit")))
	}
	if offset+limit >= 1000 {
		return http.StatusBadRequest, errBody("offset + limit must be < 1000")
	}
	// The live API documents that hyphenated query terms yield no matches,
	// and answers no matches without "data" at all.
	var hits []scored
	if !hyphenated(query) {
		hits = s.rank(query, 0.2)
	}
	out := map[string]any{"total": len(hits), "offset": offset}
	if len(hits) == 0 {
		return http.StatusOK, mustJSON(out)
	}
	data := []any{}
	for i := offset; i < len(hits) && i < offset+limit; i++ {
		data = append(data, selectFields(hits[i].rec.raw, fs, 0))
	}
	if offset+limit < len(hits) {
		out["next"] = offset + limit
	}
	out["data"] = data
	return http.StatusOK, mustJSON(out)
}

func (s *Server) serveEdges(endpoint, id string, q url.Values, fs fieldSet) (int, []byte) {
	offset, ok1 := intParam(q, "offset", 0)
	limit, ok2 := intParam(q, "limit", 100)
	if !ok1 || !ok2 || limit > 1000 {
		return http.StatusBadRequest, errBody(fmt.Sprintf("Unacceptable query params: [offset=%s, limit=%s]", q.Get("offset"), q.Get("limit")))
	}
	if offset+limit >= 10000 {
		return http.StatusBadRequest, errBody("offset + limit must be < 10000")
	}
	rec := s.lookup(id)
	if rec == nil {
		return http.StatusNotFound, errBody("Paper with id " + id + " not found")
	}
	var items []map[string]any
	wrap := "citedPaper"
	if endpoint == EndpointReferences {
		refs, ok := rec.raw["references"].([]any)
		if !ok {
			// Elided by the publisher (or unknown): the live API answers 200
			// with data null and a disclaimer in citingPaperInfo.
			return http.StatusOK, mustJSON(map[string]any{
				"offset": offset,
				"data":   nil,
				"citingPaperInfo": map[string]any{
					"paperId": rec.raw["paperId"],
					"openAccessPdf": map[string]any{"url": "", "status": nil,
						"disclaimer": "Notice: The following paper fields have been elided by the publisher: {'references'}."},
				},
			})
		}
		for _, it := range refs {
			m, _ := it.(map[string]any)
			items = append(items, m)
		}
	} else {
		wrap = "citingPaper"
		for _, c := range s.citing(rec) {
			items = append(items, c.raw)
		}
	}
	sub := fieldSet{top: fs.top}
	if len(sub.top) == 0 {
		sub.top = []string{"title"}
	}
	slots := s.opts.EmptyReferenceSlots + len(items)
	data := []any{}
	for i := offset; i < slots && i < offset+limit; i++ {
		j := i - s.opts.EmptyReferenceSlots
		if j < 0 {
			continue // a slot the server filters out
		}
		edge := map[string]any{wrap: selectFields(items[j], sub, 0)}
		for _, f := range fs.edge {
			edge[f] = nil
		}
		data = append(data, edge)
	}
	out := map[string]any{"offset": offset, "data": data}
	if offset+limit < slots {
		out["next"] = offset + limit
	}
	return http.StatusOK, mustJSON(out)
}

// citing returns the records whose references point at rec (by paperId,
// arXiv id or DOI), in record order.
func (s *Server) citing(rec *fakeRecord) []*fakeRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.citingBy == nil {
		s.citingBy = make(map[*fakeRecord][]*fakeRecord)
		for _, r := range s.recs {
			if r.p.References == nil {
				continue
			}
			seen := map[*fakeRecord]bool{}
			for i := range *r.p.References {
				ref := &(*r.p.References)[i]
				for _, id := range recordIDs(ref) {
					if t := s.byID[id]; t != nil && !seen[t] {
						seen[t] = true
						s.citingBy[t] = append(s.citingBy[t], r)
						break
					}
				}
			}
		}
	}
	return s.citingBy[rec]
}
