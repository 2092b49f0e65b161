package contracttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BasePath is the path of the Graph API under the server's URL.
const BasePath = "/graph/v1"

// Behaviour switches the server's misbehaviours on. The zero value is a
// well-behaved server: no rate limit, no faults, no data traits.
type Behaviour struct {
	// APIKey, when set, is required in x-api-key; other requests get 403.
	APIKey string

	// MinInterval is a strict rate limit across all endpoints: a request
	// arriving less than MinInterval after the previous admitted one gets
	// 429 {"message":"Too Many Requests. …","code":"429"} with no
	// Retry-After. With CountRefused a refused request restarts the
	// interval too, as some gateways count every arrival.
	MinInterval  time.Duration
	CountRefused bool

	// Random faults: the probability that a request gets each one, drawn
	// from a generator seeded with Seed. At most MaxFaultsInARow (default
	// 2) of them hit the same request in a row; then it is answered.
	Seed      uint64
	P429      float64 // 429 with the API's body, no Retry-After
	P5xx      float64 // 500, 502, 503 or 504 with a "message" body
	PReset    float64 // the connection is reset before any answer
	PCut      float64 // a 200 whose body stops mid-JSON (Content-Length says more)
	PSlow     float64 // the first byte comes after SlowDelay (real time)
	PError200 float64 // a 200 whose body is only {"error":…}
	SlowDelay time.Duration
	// MaxFaultsInARow caps the random faults per request; < 0: no cap.
	MaxFaultsInARow int
	// Fail, when set, answers 500 to every request it reports, whatever
	// the count: a request the server never serves.
	Fail func(Call) bool

	// Data traits, the same on every request.
	//
	// SparseFields leaves keys out of paper and batch records (by a hash
	// of the paperId): year and venue; authors, externalIds, journal and
	// publicationVenue; title; references; citationCount and
	// referenceCount.
	SparseFields bool
	// Omit leaves these keys out of every paper and batch record.
	Omit []string
	// WithholdEvery withholds the references of every n-th paper
	// (references null; data null from /references).
	WithholdEvery int
	// NullRefIDs gives every third nested reference item of a known
	// paper a null paperId and no corpus id, as the API sends references
	// it could not resolve (the title, arXiv id and DOI stay).
	NullRefIDs bool
	// EmptyNestedEvery leaves the nested references of every n-th paper
	// empty in paper and batch answers (referenceCount says more), so that
	// a client must page /references for them.
	EmptyNestedEvery int
	// PageCap serves at most this many items per references or citations
	// page; next advances by what was served.
	PageCap int
	// LeadingHoles starts every references and citations list with this
	// many filtered entries: pages that are empty while next is set.
	LeadingHoles int
	// MaxResponseBytes refuses larger answers with 400 "Response would
	// exceed maximum size" (default 10 MB, the API's).
	MaxResponseBytes int
	// NestedLimit cuts nested reference lists in paper and batch answers
	// (default 1000).
	NestedLimit int

	// Now is the clock the rate limit reads arrivals on (default
	// time.Now); a test shares it with the client's.
	Now func() time.Time
	// OnCall, when set, is called after each request is answered.
	OnCall func(Call)
}

// Call is one request as the server saw and answered it.
type Call struct {
	Time     time.Time // arrival, on Behaviour.Now
	Endpoint string    // match, search, paper, batch, references, citations, other
	Method   string
	Path     string // unescaped path under BasePath
	Query    url.Values
	IDs      []string // batch ids
	Key      string   // method, escaped path, sorted query, body
	Status   int      // 0: no answer (reset, or the client left)
	Fault    string   // "" or the misbehaviour: rate, 429, 5xx, reset, cut, slow, error200, fail
	// Final reports a complete answer the client can keep: a 200 or an
	// API 404 (unknown paper, no title match) or 400, with no fault.
	Final bool
	// KeySent is whether an x-api-key header came (its value is never kept).
	KeySent bool
}

// Server is a running contract server.
type Server struct {
	URL string // base URL of the API, ending in BasePath

	ts     *httptest.Server
	corpus *corpus

	mu      sync.Mutex
	b       Behaviour
	rng     *rand.Rand
	calls   []Call
	inARow  map[string]int
	last    time.Time
	limited bool
}

// New starts a server on recs for the test; it stops at the test's end.
func New(t testing.TB, recs []Record, b Behaviour) *Server {
	t.Helper()
	s := Start(recs, b)
	t.Cleanup(s.Close)
	return s
}

// Start starts a server on recs; Close stops it.
func Start(recs []Record, b Behaviour) *Server { return start(nil, recs, b) }

// StartAt is Start on a given listener (e.g. a fixed port).
func StartAt(l net.Listener, recs []Record, b Behaviour) *Server { return start(l, recs, b) }

func start(l net.Listener, recs []Record, b Behaviour) *Server {
	s := &Server{corpus: newCorpus(recs), inARow: map[string]int{}}
	s.SetBehaviour(b)
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if l != nil {
		s.ts.Listener.Close()
		s.ts.Listener = l
	}
	s.ts.Start()
	s.URL = s.ts.URL + BasePath
	return s
}

// Close stops the server, dropping open connections.
func (s *Server) Close() {
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// SetBehaviour changes the behaviour from the next request on (e.g. a
// server that heals); the random generator restarts from b.Seed.
func (s *Server) SetBehaviour(b Behaviour) {
	if b.MaxFaultsInARow == 0 {
		b.MaxFaultsInARow = 2
	}
	if b.MaxResponseBytes <= 0 {
		b.MaxResponseBytes = 10 << 20
	}
	if b.NestedLimit <= 0 {
		b.NestedLimit = 1000
	}
	if b.Now == nil {
		b.Now = time.Now
	}
	s.mu.Lock()
	s.b = b
	s.rng = rand.New(rand.NewPCG(b.Seed, 0x5eed))
	s.mu.Unlock()
}

// Calls returns the requests so far, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// ResetLog forgets the requests so far.
func (s *Server) ResetLog() {
	s.mu.Lock()
	s.calls = nil
	s.mu.Unlock()
}

// Count returns how many requests so far f reports.
func (s *Server) Count(f func(Call) bool) int {
	n := 0
	for _, c := range s.Calls() {
		if f(c) {
			n++
		}
	}
	return n
}

// Repeats returns the requests that got a final answer more than once,
// with how many times: a client that caches answers never asks twice.
func (s *Server) Repeats() map[string]int {
	n := map[string]int{}
	for _, c := range s.Calls() {
		if c.Final {
			n[c.Key]++
		}
	}
	for k, v := range n {
		if v < 2 {
			delete(n, k)
		}
	}
	return n
}

func (s *Server) withheld(b Behaviour, i int) bool {
	return s.corpus.papers[i].withheld || (b.WithholdEvery > 0 && i%b.WithholdEvery == b.WithholdEvery-1)
}

const tooMany = `{"message":"Too Many Requests. Please wait and try again or apply for a key for higher rate limits. https://www.semanticscholar.org/product/api#api-key-form","code":"429"}`

// answer is what the server would send, before any fault.
type answer struct {
	status int
	body   []byte
}

func jsonAnswer(status int, v any) answer {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // as the API: "<" stays "<"
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return answer{status, bytes.TrimSuffix(b.Bytes(), []byte("\n"))}
}

func errorAnswer(status int, msg string) answer {
	return jsonAnswer(status, map[string]string{"error": msg})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	s.mu.Lock()
	b := s.b
	now := b.Now()
	s.mu.Unlock()

	call := Call{Time: now, Method: r.Method, Query: r.URL.Query(), KeySent: r.Header.Get("x-api-key") != ""}
	escaped := strings.TrimPrefix(r.URL.EscapedPath(), BasePath)
	call.Path, _ = url.PathUnescape(escaped)
	call.Endpoint, call.IDs = classify(r.Method, escaped, body)
	call.Key = r.Method + " " + escaped + "?" + call.Query.Encode() // sorted by key
	if len(body) > 0 {
		call.Key += " " + string(body)
	}

	// Admission: the key, then the rate limit, as a gateway does.
	var ans answer
	s.mu.Lock()
	switch {
	case b.APIKey != "" && r.Header.Get("x-api-key") != b.APIKey:
		ans = jsonAnswer(http.StatusForbidden, map[string]string{"message": "Forbidden"})
	case b.MinInterval > 0 && s.limited && now.Sub(s.last) < b.MinInterval:
		if b.CountRefused {
			s.last = now
		}
		call.Fault = "rate"
		ans = answer{http.StatusTooManyRequests, []byte(tooMany)}
	default:
		s.last, s.limited = now, true
	}
	// Random faults, capped per request.
	var fault string
	if ans.status == 0 {
		switch {
		case b.Fail != nil && b.Fail(call):
			fault = "fail"
		case b.MaxFaultsInARow < 0 || s.inARow[call.Key] < b.MaxFaultsInARow:
			x := s.rng.Float64()
			for _, f := range []struct {
				name string
				p    float64
			}{{"429", b.P429}, {"5xx", b.P5xx}, {"reset", b.PReset}, {"cut", b.PCut}, {"slow", b.PSlow}, {"error200", b.PError200}} {
				if x < f.p {
					fault = f.name
					break
				}
				x -= f.p
			}
		}
		if fault != "" && fault != "fail" {
			s.inARow[call.Key]++
		} else if fault == "" {
			s.inARow[call.Key] = 0
		}
	}
	pick := s.rng.IntN(4)
	s.mu.Unlock()

	if ans.status == 0 {
		ans = s.route(b, r.Method, escaped, call.Query, body)
	}
	call.Fault = firstNonEmpty(call.Fault, fault)
	final := func(status int) bool {
		return (call.Fault == "" || call.Fault == "slow") &&
			(status == http.StatusOK || status == http.StatusNotFound || status == http.StatusBadRequest)
	}
	// Each call is logged before its answer leaves, so that a client that
	// has its answer finds it in the log.
	switch fault {
	case "":
		call.Status = ans.status
		call.Final = final(ans.status)
		s.logCall(b, call)
		write(w, ans)
	case "fail":
		call.Status = http.StatusInternalServerError
		s.logCall(b, call)
		write(w, jsonAnswer(call.Status, map[string]string{"message": "Internal Server Error"}))
	case "429":
		call.Status = http.StatusTooManyRequests
		s.logCall(b, call)
		write(w, answer{call.Status, []byte(tooMany)})
	case "5xx":
		codes := []int{500, 502, 503, 504}
		msgs := []string{"Internal Server Error", "Bad Gateway", "Service Unavailable", "Endpoint request timed out"}
		call.Status = codes[pick]
		s.logCall(b, call)
		write(w, jsonAnswer(call.Status, map[string]string{"message": msgs[pick]}))
	case "error200":
		call.Status = http.StatusOK
		s.logCall(b, call)
		write(w, errorAnswer(http.StatusOK, "Internal error while processing the request"))
	case "reset":
		s.logCall(b, call)
		reset(w)
	case "cut":
		call.Status = ans.status
		s.logCall(b, call)
		cut(w, ans)
	case "slow":
		t := time.NewTimer(b.SlowDelay)
		select {
		case <-t.C:
			call.Status = ans.status
			call.Final = final(ans.status)
			s.logCall(b, call)
			write(w, ans)
		case <-r.Context().Done():
			t.Stop() // the client gave up: no answer
			s.logCall(b, call)
		}
	}
}

// logCall records a call and reports it to OnCall.
func (s *Server) logCall(b Behaviour, c Call) {
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.mu.Unlock()
	if b.OnCall != nil {
		b.OnCall(c)
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func write(w http.ResponseWriter, a answer) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	w.Write(a.body)
}

// reset drops the connection without an answer (RST where the platform
// allows).
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// cut sends the answer's head and the first half of its body, then drops
// the connection.
func cut(w http.ResponseWriter, a answer) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", a.status, http.StatusText(a.status), len(a.body))
	buf.Write(a.body[:len(a.body)/2])
	buf.Flush()
	conn.Close()
}

// classify names a request's endpoint (and a batch's ids).
func classify(method, escaped string, body []byte) (string, []string) {
	switch {
	case escaped == "/paper/search/match":
		return "match", nil
	case escaped == "/paper/search":
		return "search", nil
	case escaped == "/paper/batch":
		var req struct {
			IDs []string `json:"ids"`
		}
		json.Unmarshal(body, &req)
		return "batch", req.IDs
	case strings.HasPrefix(escaped, "/paper/"):
		parts := strings.Split(strings.TrimPrefix(escaped, "/paper/"), "/")
		switch {
		case len(parts) == 1:
			return "paper", nil
		case len(parts) == 2 && (parts[1] == "references" || parts[1] == "citations"):
			return parts[1], nil
		}
	}
	return "other", nil
}

// route answers a request as the contract says.
func (s *Server) route(b Behaviour, method, escaped string, q url.Values, body []byte) answer {
	endpoint, _ := classify(method, escaped, body)
	scope := scopePaper
	switch endpoint {
	case "match", "search":
		scope = scopeSearch
	case "references", "citations":
		scope = scopeEdge
	}
	fs, bad := parseFields(q.Get("fields"), scope)
	if len(bad) > 0 {
		return errorAnswer(http.StatusBadRequest, "Unrecognized or unsupported fields: ["+strings.Join(bad, ", ")+"]")
	}
	a := s.answer(b, endpoint, method, escaped, q, body, fs)
	if a.status == http.StatusOK && len(a.body) > b.MaxResponseBytes {
		return errorAnswer(http.StatusBadRequest, fmt.Sprintf("Response would exceed maximum size of %d bytes: ask for fewer ids, fewer fields or a smaller limit", b.MaxResponseBytes))
	}
	return a
}

func (s *Server) answer(b Behaviour, endpoint, method, escaped string, q url.Values, body []byte, fs fieldSet) answer {
	switch endpoint {
	case "match":
		if method != http.MethodGet {
			break
		}
		return s.match(q.Get("query"), fs)
	case "search":
		if method != http.MethodGet {
			break
		}
		return s.search(q, fs)
	case "batch":
		if method != http.MethodPost {
			break
		}
		return s.batch(b, body, fs)
	case "paper":
		if method != http.MethodGet {
			break
		}
		id, _ := url.PathUnescape(strings.TrimPrefix(escaped, "/paper/"))
		i, ok := s.corpus.lookup(id)
		if !ok {
			return errorAnswer(http.StatusNotFound, "Paper with id "+id+" not found")
		}
		return jsonAnswer(http.StatusOK, s.project(b, i, fs, false, true))
	case "references", "citations":
		if method != http.MethodGet {
			break
		}
		parts := strings.Split(strings.TrimPrefix(escaped, "/paper/"), "/")
		id, _ := url.PathUnescape(parts[0])
		i, ok := s.corpus.lookup(id)
		if !ok {
			return errorAnswer(http.StatusNotFound, "Paper with id "+id+" not found")
		}
		return s.edges(b, endpoint, i, q, fs)
	default:
		return jsonAnswer(http.StatusForbidden, map[string]string{"message": "Missing Authentication Token"})
	}
	return errorAnswer(http.StatusMethodNotAllowed, "Method not allowed")
}

func (s *Server) match(query string, fs fieldSet) answer {
	if strings.TrimSpace(query) == "" {
		return errorAnswer(http.StatusBadRequest, "Missing required parameter: query")
	}
	is, ss := s.corpus.ranked(query, 0.5)
	if len(is) == 0 {
		return errorAnswer(http.StatusNotFound, "Title match not found")
	}
	item := s.project(Behaviour{}, is[0], fs, false, false)
	item["matchScore"] = 60 + 50*ss[0]
	return jsonAnswer(http.StatusOK, map[string]any{"data": []any{item}})
}

func (s *Server) search(q url.Values, fs fieldSet) answer {
	offset, limit, msg := pageParams(q, 100, 100)
	if msg != "" {
		return errorAnswer(http.StatusBadRequest, msg)
	}
	if strings.TrimSpace(q.Get("query")) == "" {
		return errorAnswer(http.StatusBadRequest, "Missing required parameter: query")
	}
	is, _ := s.corpus.ranked(q.Get("query"), 0.3)
	out := map[string]any{"total": len(is), "offset": offset}
	data := []any{}
	for k := offset; k < len(is) && k < offset+limit; k++ {
		data = append(data, s.project(Behaviour{}, is[k], fs, false, false))
	}
	if offset+limit < len(is) {
		out["next"] = offset + limit
	}
	out["data"] = data
	return jsonAnswer(http.StatusOK, out)
}

func (s *Server) batch(b Behaviour, body []byte, fs fieldSet) answer {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.IDs == nil {
		return errorAnswer(http.StatusBadRequest, `Body must be a JSON object {"ids":[...]}`)
	}
	if len(req.IDs) > 500 {
		return errorAnswer(http.StatusBadRequest, "Cannot process more than 500 ids at once")
	}
	out := make([]any, len(req.IDs))
	for k, id := range req.IDs {
		if i, ok := s.corpus.lookup(id); ok {
			out[k] = s.project(b, i, fs, false, true)
		}
	}
	return jsonAnswer(http.StatusOK, out)
}

// pageParams reads offset and limit (default def, at most most).
func pageParams(q url.Values, def, most int) (offset, limit int, msg string) {
	offset, limit = 0, def
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, "offset must be a non-negative integer"
		}
		offset = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, "limit must be a non-negative integer"
		}
		limit = n
	}
	if limit > most {
		return 0, 0, fmt.Sprintf("limit must be <= %d", most)
	}
	return offset, limit, ""
}

func (s *Server) edges(b Behaviour, endpoint string, i int, q url.Values, fs fieldSet) answer {
	offset, limit, msg := pageParams(q, 100, 1000)
	if msg != "" {
		return errorAnswer(http.StatusBadRequest, msg)
	}
	if offset+limit >= 10000 {
		return errorAnswer(http.StatusBadRequest, "offset + limit must be < 10000")
	}
	out := map[string]any{"offset": offset}
	wrap := "citedPaper"
	var items []any
	p := s.corpus.papers[i]
	if endpoint == "references" {
		if s.withheld(b, i) {
			out["data"] = nil
			return jsonAnswer(http.StatusOK, out)
		}
		for k := range p.refs {
			items = append(items, s.refItem(b, p, k, fs.top))
		}
	} else {
		wrap = "citingPaper"
		for _, k := range p.citers {
			items = append(items, s.project(b, k, fs, true, false))
		}
	}
	// The list in the API's offset space: LeadingHoles filtered entries,
	// then the items.
	total := b.LeadingHoles + len(items)
	served := limit
	if b.PageCap > 0 {
		served = min(served, b.PageCap)
	}
	served = max(0, min(served, total-offset))
	data := []any{}
	for k := offset; k < offset+served; k++ {
		if k >= b.LeadingHoles {
			data = append(data, map[string]any{wrap: items[k-b.LeadingHoles]})
		}
	}
	if offset+served < total {
		out["next"] = offset + served
	}
	out["data"] = data
	return jsonAnswer(http.StatusOK, out)
}

// sparse reports whether the trait leaves field f out of paper i's record.
func sparse(id, f string) bool {
	switch hashInt("sparse", id) % 6 {
	case 0:
		return f == "year" || f == "venue"
	case 1:
		return f == "authors" || f == "externalIds" || f == "journal" || f == "publicationVenue"
	case 2:
		return f == "title"
	case 3:
		return f == "references"
	case 4:
		return f == "citationCount" || f == "referenceCount"
	}
	return false
}

// project is paper i with the fields fs asks for, missing values null; a
// nested item's corpusId (and externalIds.CorpusId) is a string, a
// top-level one an integer. record marks a paper or batch answer, where
// the data traits apply.
func (s *Server) project(b Behaviour, i int, fs fieldSet, nested, record bool) map[string]any {
	p := s.corpus.papers[i]
	out := map[string]any{"paperId": p.id}
	for _, f := range fs.top {
		if record && (b.SparseFields && sparse(p.id, f) || slices.Contains(b.Omit, f)) {
			continue
		}
		switch f {
		case "paperId":
		case "corpusId":
			if nested {
				out[f] = strconv.FormatInt(p.corpusID, 10)
			} else {
				out[f] = p.corpusID
			}
		case "externalIds":
			ext := map[string]any{}
			if m, ok := p.raw["externalIds"].(map[string]any); ok {
				for k, v := range m {
					ext[k] = v
				}
			}
			if nested {
				ext["CorpusId"] = strconv.FormatInt(p.corpusID, 10)
			} else {
				ext["CorpusId"] = p.corpusID
			}
			out[f] = ext
		case "references":
			switch {
			case s.withheld(b, i):
				out[f] = nil
			case b.EmptyNestedEvery > 0 && i%b.EmptyNestedEvery == b.EmptyNestedEvery-1 && len(p.refs) > 0:
				out[f] = []any{}
			default:
				refs := []any{}
				for k := range p.refs {
					if len(refs) == b.NestedLimit {
						break
					}
					refs = append(refs, s.refItem(b, p, k, fs.nested["references"]))
				}
				out[f] = refs
			}
		case "citations":
			cites := []any{}
			for _, k := range p.citers {
				cites = append(cites, s.project(b, k, fieldSet{top: orTitle(fs.nested["citations"])}, true, false))
			}
			out[f] = cites
		case "referenceCount":
			if v, ok := p.raw[f]; ok && v != nil {
				out[f] = v
			} else {
				out[f] = len(p.refs)
			}
		case "citationCount":
			if v, ok := p.raw[f]; ok && v != nil {
				out[f] = v
			} else {
				out[f] = len(p.citers)
			}
		default:
			out[f] = p.raw[f]
		}
	}
	return out
}

func orTitle(fs []string) []string {
	if len(fs) == 0 {
		return []string{"title"}
	}
	return fs
}

// refItem is the k-th reference of p with the fields asked: the known
// paper's record (paperId null for every third with NullRefIDs), or the
// item as the data has it.
func (s *Server) refItem(b Behaviour, p *paper, k int, fields []string) map[string]any {
	fields = orTitle(fields)
	var out map[string]any
	if j := p.refKnown[k]; j >= 0 {
		out = s.project(b, j, fieldSet{top: fields}, true, false)
		if b.NullRefIDs && k%3 == 1 {
			// What the API sends for a reference it could not resolve
			// to a record: no paperId, no corpus id.
			out["paperId"] = nil
			delete(out, "corpusId")
			if ext, ok := out["externalIds"].(map[string]any); ok {
				delete(ext, "CorpusId")
			}
		}
		return out
	}
	m := p.refs[k]
	out = map[string]any{"paperId": m["paperId"]}
	for _, f := range fields {
		if f == "corpusId" && m[f] != nil {
			out[f] = str(m[f])
			continue
		}
		out[f] = m[f]
	}
	return out
}

// Fields of the contract (design.md): what a client may ask for.
var contractFields = map[string]bool{
	"paperId": true, "corpusId": true, "externalIds": true, "title": true, "year": true,
	"venue": true, "publicationVenue": true, "publicationTypes": true, "journal": true,
	"publicationDate": true, "authors": true, "citationCount": true, "referenceCount": true,
}

// Fields of a reference or citation edge, beside the paper's.
var edgeFields = map[string]bool{"contexts": true, "intents": true, "isInfluential": true}

type fieldScope int

const (
	scopePaper  fieldScope = iota // paper and batch: nested lists allowed
	scopeSearch                   // match and search
	scopeEdge                     // references and citations pages
)

type fieldSet struct {
	top    []string
	nested map[string][]string
}

// parseFields reads a fields parameter; an unknown field is bad.
func parseFields(s string, scope fieldScope) (fieldSet, []string) {
	fs := fieldSet{nested: map[string][]string{}}
	if strings.TrimSpace(s) == "" {
		fs.top = []string{"title"}
		return fs, nil
	}
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			fs.top = append(fs.top, f)
		}
	}
	var bad []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		head, sub, dotted := strings.Cut(f, ".")
		switch {
		case f == "":
		case scope == scopeEdge && edgeFields[f]:
		case head == "authors" && dotted:
			if sub != "name" && sub != "authorId" {
				bad = append(bad, f)
			} else {
				add("authors")
			}
		case (head == "references" || head == "citations") && scope == scopePaper:
			if dotted {
				subHead, _, _ := strings.Cut(sub, ".")
				if !contractFields[subHead] || (subHead != sub && subHead != "authors") {
					bad = append(bad, f)
					continue
				}
				if !seen[head+"."+subHead] {
					seen[head+"."+subHead] = true
					fs.nested[head] = append(fs.nested[head], subHead)
				}
			}
			add(head)
		case dotted || !contractFields[f]:
			bad = append(bad, f)
		default:
			add(f)
		}
	}
	return fs, bad
}

// Body returns the server's answer to a request path (under BasePath) with
// no fault and no rate limit: what a well-behaved server says, for tests
// of the server itself.
func (s *Server) Body(method, pathAndQuery string, body []byte) (int, []byte) {
	u, err := url.Parse(pathAndQuery)
	if err != nil {
		return 0, nil
	}
	s.mu.Lock()
	b := s.b
	s.mu.Unlock()
	a := s.route(b, method, u.EscapedPath(), u.Query(), body)
	return a.status, bytes.Clone(a.body)
}
