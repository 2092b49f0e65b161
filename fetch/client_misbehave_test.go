package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// Tests of a server that misbehaves in ways the contract allows: see the
// misbehaviours in fetchtest/misbehave.go.

const unknownID = "ARXIV:9999.99999"

// batchFixture returns a few addressable records and their ids, with an
// unknown id in the middle.
func batchFixture(t *testing.T) ([]*bib.Paper, []string) {
	recs := addressable(records(t))[:6]
	ids := fetchtest.APIIDs(t, recs)
	ids = append(ids[:3:3], append([]string{unknownID}, ids[3:]...)...)
	recs = append(recs[:3:3], append([]*bib.Paper{nil}, recs[3:]...)...)
	return recs, ids
}

// checkPapers compares Papers' result with the records expected per id.
func checkPapers(t *testing.T, got []*bib.Paper, want []*bib.Paper, ids []string, lost map[string]bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d results for %d ids", len(got), len(want))
	}
	for i, w := range want {
		switch {
		case lost[ids[i]]:
			if got[i] != nil {
				t.Errorf("%s: lost id has a record %q", ids[i], got[i].Title)
			}
		case w == nil && got[i] != nil:
			t.Errorf("%s: got %q; want nil (unknown id)", ids[i], got[i].Title)
		case w != nil && (got[i] == nil || got[i].Title != w.Title || got[i].Key() != w.Key()):
			t.Errorf("%s: got %v; want %q", ids[i], got[i], w.Title)
		}
	}
}

// TestMisbehavingBatch: reordered, short, padded and error-carrying batch
// answers never put one paper under another's id, in the result or in the
// cache; the ids an answer leaves out are asked again once.
func TestMisbehavingBatch(t *testing.T) {
	tests := []struct {
		faults   []fetchtest.Fault
		requests int    // batch requests sent
		lost     []int  // indexes of ids reported lost (in a *BatchError)
		cause    string // in the *BatchError
	}{
		{faults: []fetchtest.Fault{fetchtest.FaultShuffle}, requests: 1},
		{faults: []fetchtest.Fault{fetchtest.FaultShuffle, fetchtest.FaultShuffle}, requests: 1},
		{faults: []fetchtest.Fault{fetchtest.FaultExtra}, requests: 1},
		// The last id goes missing: it is asked again on its own.
		{faults: []fetchtest.Fault{fetchtest.FaultShort}, requests: 2},
		// Twice: the unknown id's null cannot be told from the missing
		// element, so both are lost rather than guessed.
		{faults: []fetchtest.Fault{fetchtest.FaultShort, fetchtest.FaultShort}, requests: 2, lost: []int{3, 6}, cause: "no answer for"},
		{faults: []fetchtest.Fault{fetchtest.FaultItemError}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.FaultItemError, fetchtest.FaultItemError}, requests: 2, lost: []int{0}, cause: "Internal error while fetching this paper"},
		// Not an array at all: the whole answer is retried.
		{faults: []fetchtest.Fault{fetchtest.FaultNotArray}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.FaultNotArray, fetchtest.FaultNotArray, fetchtest.FaultNotArray, fetchtest.FaultNotArray}, requests: 4, lost: []int{0, 1, 2, 3, 4, 5, 6}, cause: "not an array"},
		{faults: []fetchtest.Fault{fetchtest.FaultHTML200}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.FaultEmpty}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.FaultGzip}, requests: 1},
		{faults: []fetchtest.Fault{fetchtest.FaultRedirect307}, requests: 2}, // the 307 and the moved request
	}
	for _, tt := range tests {
		name := string(tt.faults[0]) + "x" + string(rune('0'+len(tt.faults)))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, ids := batchFixture(t)
			srv := fetchtest.New(t, records(t), fetchtest.Options{})
			srv.Inject(fetchtest.EndpointBatch, tt.faults...)
			cache := openCache(t)
			c, _ := newClient(t, srv, cache)
			got, err := c.Papers(context.Background(), ids)
			lost := map[string]bool{}
			for _, i := range tt.lost {
				lost[ids[i]] = true
			}
			var be *fetch.BatchError
			switch {
			case len(lost) == 0 && err != nil:
				t.Fatalf("Papers: %v", err)
			case len(lost) > 0 && (!errors.As(err, &be) || len(be.IDs) != len(lost) || !strings.Contains(err.Error(), tt.cause)):
				t.Fatalf("Papers: err = %v; want a *BatchError naming %d id(s), saying %q", err, len(lost), tt.cause)
			}
			if be != nil {
				for _, id := range be.IDs {
					if !lost[id] {
						t.Errorf("BatchError names %s; want only %v", id, tt.lost)
					}
				}
			}
			checkPapers(t, got, want, ids, lost)
			if n := srv.Count(fetchtest.EndpointBatch); n != tt.requests {
				t.Errorf("%d batch requests; want %d", n, tt.requests)
			}

			// The cache holds exactly the answered ids, each under its own.
			srv.SetStrict(len(lost) == 0)
			c2, _ := newClient(t, srv, cache)
			got2, err := c2.Papers(context.Background(), ids)
			if err != nil {
				t.Fatalf("rerun: %v", err)
			}
			checkPapers(t, got2, want, ids, nil)
		})
	}
}

// TestBatchSplitsOn413: a proxy's 413 (body too large) splits the batch
// like the API's "Response would exceed maximum size".
func TestBatchSplitsOn413(t *testing.T) {
	want, ids := batchFixture(t)
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	srv.Inject(fetchtest.EndpointBatch, fetchtest.Fault413)
	c, _ := newClient(t, srv, nil)
	got, err := c.Papers(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	checkPapers(t, got, want, ids, nil)
	reqs := srv.Requests()
	if len(reqs) != 3 || len(reqs[1].BatchIDs)+len(reqs[2].BatchIDs) != len(ids) || len(reqs[1].BatchIDs) == 0 {
		t.Errorf("requests = %d; want the 413, then two halves", len(reqs))
	}
}

// TestMisbehavingPages: reference pages whose next does not advance, goes
// back, overlaps, or whose data is missing or turns null are retried and
// never cached; a server that keeps doing it fails the call in bounded
// requests, and a later good server gives the full list.
func TestMisbehavingPages(t *testing.T) {
	rec := pick(t, func(p *bib.Paper) bool { return p.PaperID != "" && p.References != nil && len(*p.References) >= 7 })
	for _, fault := range []fetchtest.Fault{fetchtest.FaultNextStuck, fetchtest.FaultNextBack, fetchtest.FaultNextShort, fetchtest.FaultDataMissing, fetchtest.FaultDataNull} {
		t.Run(string(fault), func(t *testing.T) {
			t.Parallel()
			srv := fetchtest.New(t, records(t), fetchtest.Options{})
			cache := openCache(t)
			c, _ := newClient(t, srv, cache)
			c.ReferencePageSize = 3
			// Once, on the second page: retried.
			srv.Inject(fetchtest.EndpointReferences, fetchtest.FaultNone, fault)
			refs, err := c.References(context.Background(), rec.PaperID)
			if err != nil || refs == nil || len(*refs) != len(*rec.References) {
				t.Fatalf("after one %s page: %d refs, %v; want %d", fault, lenRefs(refs), err, len(*rec.References))
			}
			if st := c.Stats(); st.Retries != 1 {
				t.Errorf("stats %+v; want 1 retry", st)
			}

			// Always, on a fresh client and cache: fails, in bounded requests.
			srv2 := fetchtest.New(t, records(t), fetchtest.Options{})
			faults := make([]fetchtest.Fault, 100)
			for i := range faults {
				faults[i] = fault
			}
			srv2.Inject(fetchtest.EndpointReferences, append([]fetchtest.Fault{fetchtest.FaultNone}, faults...)...)
			cache2 := openCache(t)
			c2, _ := newClient(t, srv2, cache2)
			c2.ReferencePageSize = 3
			refs, err = c2.References(context.Background(), rec.PaperID)
			var re *fetch.RetryError
			if !errors.As(err, &re) || refs != nil {
				t.Fatalf("always %s: %d refs, err %v; want a *RetryError", fault, lenRefs(refs), err)
			}
			if n := srv2.Count(""); n != 1+c2.MaxTries {
				t.Errorf("%d requests; want %d", n, 1+c2.MaxTries)
			}
			// Nothing bad was cached: a good server now gives the full list,
			// asking only for what was not cached.
			srv3 := fetchtest.New(t, records(t), fetchtest.Options{})
			c3, _ := newClient(t, srv3, cache2)
			// Same base URL as the run that filled the cache (answers are
			// cached per base URL), served by the good server.
			c3.BaseURL, c3.HTTPClient, c3.ReferencePageSize = srv2.URL(), redirectTo(srv3), 3
			refs, err = c3.References(context.Background(), rec.PaperID)
			if err != nil || lenRefs(refs) != len(*rec.References) {
				t.Fatalf("rerun: %d refs, %v; want %d", lenRefs(refs), err, len(*rec.References))
			}
			if srv3.Requests()[0].Query == srv2.Requests()[0].Query {
				t.Error("rerun asked again for the first page, which was answered and cached")
			}
		})
	}
}

// TestMatchAndSearchShapes: a match list that is empty is "not found" (and
// cached), several matches give the first, a match without matchScore
// scores 0; a search answer without data (the live API's "no results",
// whatever "total" says) is an empty list, not a failure.
func TestMatchAndSearchShapes(t *testing.T) {
	want := pick(t, func(p *bib.Paper) bool { return strings.HasPrefix(p.Title, "MobileNetV2") })
	ctx := context.Background()
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	c, _ := newClient(t, srv, nil)

	srv.Inject(fetchtest.EndpointMatch, fetchtest.FaultMatchEmpty)
	if _, _, err := c.MatchTitle(ctx, want.Title); !errors.Is(err, fetch.ErrNotFound) {
		t.Errorf("empty match list: err = %v; want ErrNotFound", err)
	}
	if _, _, err := c.MatchTitle(ctx, want.Title); !errors.Is(err, fetch.ErrNotFound) || srv.Count("") != 1 {
		t.Errorf("empty match list asked again: %v, %d requests; want the cached answer", err, srv.Count(""))
	}

	for _, tt := range []struct {
		fault    fetchtest.Fault
		positive bool
	}{{fetchtest.FaultMatchMany, true}, {fetchtest.FaultNoScore, false}} {
		srv.Reset()
		c, _ := newClient(t, srv, nil)
		srv.Inject(fetchtest.EndpointMatch, tt.fault)
		p, score, err := c.MatchTitle(ctx, want.Title)
		if err != nil || p.Title != want.Title || (score > 0) != tt.positive {
			t.Errorf("%s: %v, score %v, %v; want %q, positive score %t", tt.fault, p, score, err, want.Title, tt.positive)
		}
		if c.Stats().Retries != 0 {
			t.Errorf("%s: retried", tt.fault)
		}
	}

	srv.Reset()
	srv.Inject(fetchtest.EndpointSearch, fetchtest.FaultNoData)
	ps, err := c.SearchTitle(ctx, want.Title, 5)
	if err != nil || len(ps) != 0 || srv.Count("") != 1 {
		t.Errorf("search without data: %d results, %v, %d requests; want none, no error, 1 request", len(ps), err, srv.Count(""))
	}
	// No results at all: the fake answers {"total":0,"offset":0}.
	ps, err = c.SearchTitle(ctx, "zzyzx qwfp glorbnik", 5)
	if err != nil || len(ps) != 0 {
		t.Errorf("search without results: %d results, %v", len(ps), err)
	}
}

// TestSearchHyphens: the API's search matches nothing for hyphenated terms;
// the client sends them as separate words and finds the paper.
func TestSearchHyphens(t *testing.T) {
	want := pick(t, func(p *bib.Paper) bool { return strings.Contains(p.Title, "-") && len(p.Title) > 20 })
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	c, _ := newClient(t, srv, nil)
	ps, err := c.SearchTitle(context.Background(), want.Title, 5)
	if err != nil || len(ps) == 0 {
		t.Fatalf("SearchTitle(%q) = %d results, %v", want.Title, len(ps), err)
	}
	found := false
	for _, p := range ps {
		found = found || p.Key() == want.Key()
	}
	if !found {
		t.Errorf("SearchTitle(%q): %q not among %d results", want.Title, want.Title, len(ps))
	}
	q, _ := url.ParseQuery(srv.Requests()[0].Query)
	if strings.Contains(q.Get("query"), "-") {
		t.Errorf("query sent %q; want no hyphens between words", q.Get("query"))
	}
}

// TestQueryEncoding: titles with non-ASCII letters and URL syntax reach the
// server exactly, and an overlong title is cut to a valid query that fits
// a proxy's URI limit.
func TestQueryEncoding(t *testing.T) {
	titles := []string{
		"Ünïcödé Façade: 深度学习 für Ελληνικά — a “study”",
		"Cats & Dogs #1? a+b=100% of /paths\\ and ;semis; =eq",
		"Emoji 🚀 in titles, and \u00a0non-breaking spaces",
	}
	srv := fetchtest.New(t, records(t), fetchtest.Options{MaxURIBytes: 4096})
	c, _ := newClient(t, srv, nil)
	for i, title := range titles {
		_, _, err := c.MatchTitle(context.Background(), title)
		if !errors.Is(err, fetch.ErrNotFound) {
			t.Errorf("MatchTitle(%q): %v; want the fake's not-found", title, err)
		}
		q, err := url.ParseQuery(srv.Requests()[i].Query)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := q.Get("query"), strings.Join(strings.Fields(title), " "); got != want {
			t.Errorf("server saw query %q; want %q", got, want)
		}
	}
	srv.Reset()
	long := strings.Repeat("深度学习 ", 2000)
	if _, _, err := c.MatchTitle(context.Background(), long); !errors.Is(err, fetch.ErrNotFound) {
		t.Errorf("long title: %v; want the fake's not-found (no 414)", err)
	}
	q, _ := url.ParseQuery(srv.Requests()[0].Query)
	if got := q.Get("query"); len(got) > 500 || !utf8.ValidString(got) || got == "" || strings.HasSuffix(got, " ") {
		t.Errorf("long title sent as %d bytes (valid UTF-8 %t); want a non-empty valid prefix ≤ 500 bytes", len(got), utf8.ValidString(got))
	}
}

// TestProxyAnswers: HTML pages, empty and gzip bodies, redirects and
// unusual statuses from whatever stands between the client and the API.
func TestProxyAnswers(t *testing.T) {
	title := pick(t, func(p *bib.Paper) bool { return strings.HasPrefix(p.Title, "MobileNetV2") }).Title
	tests := []struct {
		faults   []fetchtest.Fault
		requests int
		sentinel error  // nil: the call succeeds
		msg      string // in the error (or in the last retry's cause)
		sticky   bool   // later requests are not sent
	}{
		{faults: []fetchtest.Fault{fetchtest.FaultHTML502}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.FaultHTML502, fetchtest.FaultHTML502, fetchtest.FaultHTML502, fetchtest.FaultHTML502}, requests: 4,
			msg: `502 Bad Gateway: an HTML page: "502 Bad Gateway"`},
		{faults: []fetchtest.Fault{fetchtest.FaultHTML200, fetchtest.FaultHTML200, fetchtest.FaultHTML200, fetchtest.FaultHTML200}, requests: 4,
			msg: `200 answer is an HTML page: "Sign in to the network", not JSON`},
		{faults: []fetchtest.Fault{fetchtest.FaultEmpty, fetchtest.FaultEmpty, fetchtest.FaultEmpty, fetchtest.FaultEmpty}, requests: 4, msg: "200 answer is empty"},
		{faults: []fetchtest.Fault{fetchtest.FaultEmpty}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.Fault408}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.FaultGzip}, requests: 1},
		{faults: []fetchtest.Fault{fetchtest.FaultRedirect307}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.FaultRedirect301}, requests: 2},
		{faults: []fetchtest.Fault{fetchtest.Fault401}, requests: 1, sentinel: fetch.ErrKeyRefused, msg: "401 Unauthorized: the server refused the request (no API key was sent", sticky: true},
		{faults: []fetchtest.Fault{fetchtest.FaultGateway}, requests: 1, sentinel: fetch.ErrNotAPI, msg: "Missing Authentication Token\"): check --api-url", sticky: true},
		{faults: []fetchtest.Fault{fetchtest.Fault404HTML}, requests: 1, sentinel: fetch.ErrNotAPI, msg: `404 Not Found: not an answer of the API (an HTML page: "404 Not Found")`, sticky: true},
		{faults: []fetchtest.Fault{fetchtest.Fault400}, requests: 1, sentinel: errAny, msg: "400 Bad Request: Query parameter 'quux' is not what we expected today"},
		{faults: []fetchtest.Fault{fetchtest.Fault414}, requests: 1, sentinel: errAny, msg: "414 Request URI Too Long: the request's address is too long for the server"},
	}
	for _, tt := range tests {
		name := string(tt.faults[0]) + "x" + string(rune('0'+len(tt.faults)))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := fetchtest.New(t, records(t), fetchtest.Options{})
			srv.Inject(fetchtest.EndpointMatch, tt.faults...)
			c, _ := newClient(t, srv, openCache(t))
			p, _, err := c.MatchTitle(context.Background(), title)
			switch {
			case tt.sentinel == nil && tt.msg == "":
				if err != nil || p.Title != title {
					t.Fatalf("MatchTitle: %v, %v; want %q", p, err, title)
				}
			case tt.sentinel == nil:
				var re *fetch.RetryError
				if !errors.As(err, &re) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("err = %v; want a *RetryError saying %q", err, tt.msg)
				}
			case tt.sentinel == errAny:
				var ae *fetch.APIError
				if !errors.As(err, &ae) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("err = %v; want an *APIError saying %q", err, tt.msg)
				}
			default:
				if !errors.Is(err, tt.sentinel) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("err = %v; want %v saying %q", err, tt.sentinel, tt.msg)
				}
			}
			if n := srv.Count(""); n != tt.requests {
				t.Errorf("%d requests; want %d", n, tt.requests)
			}
			// Another request: sent unless the answer ended the client's requests.
			before := srv.Count("")
			_, err = c.Papers(context.Background(), []string{unknownID})
			sent := srv.Count("") - before
			if tt.sticky && (sent != 0 || !errors.Is(err, tt.sentinel) || !strings.Contains(err.Error(), "not sent")) {
				t.Errorf("after %s: %d more requests, err %v; want none sent, the same refusal", tt.faults[0], sent, err)
			}
			if !tt.sticky && (sent != 1 || err != nil) {
				t.Errorf("after %s: %d more requests, err %v; want 1, no error", tt.faults[0], sent, err)
			}
		})
	}
}

var errAny = errors.New("any *APIError")

// TestRedirects: a 307 of a batch POST is followed with its body; a 301
// (which would turn the POST into a GET and lose the body) is reported,
// not followed; the API key follows a redirect on the same host only.
func TestRedirects(t *testing.T) {
	want, ids := batchFixture(t)
	const key = "s2-redirect-KEY-31c9"
	srv := fetchtest.New(t, records(t), fetchtest.Options{APIKey: key})
	c, _ := newClient(t, srv, nil)
	c.APIKey = key
	srv.Inject(fetchtest.EndpointBatch, fetchtest.FaultRedirect307)
	got, err := c.Papers(context.Background(), ids)
	if err != nil {
		t.Fatalf("307: %v", err)
	}
	checkPapers(t, got, want, ids, nil)
	for _, r := range srv.Requests() {
		if !r.APIKey {
			t.Errorf("same-host redirect: %s sent without the key", r.Key())
		}
	}

	srv.Reset()
	c2, _ := newClient(t, srv, nil)
	c2.APIKey = key
	srv.Inject(fetchtest.EndpointBatch, fetchtest.FaultRedirect301)
	_, err = c2.Papers(context.Background(), ids)
	if !errors.Is(err, fetch.ErrNotAPI) || !strings.Contains(err.Error(), "redirected to "+fetchtest.MovedBasePath+"/paper/batch") || srv.Count("") != 1 {
		t.Errorf("301 of a POST: err = %v, %d requests; want ErrNotAPI naming the new address, 1 request", err, srv.Count(""))
	}

	// Another host: the key is not sent there.
	var mu sync.Mutex
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		leaked = append(leaked, r.Header.Get("x-api-key"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":[{"paperId":"` + strings.Repeat("a", 40) + `","title":"Elsewhere"}]}`))
	}))
	defer other.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	c3 := &fetch.Client{BaseURL: redirector.URL, APIKey: key, RPS: -1, Timeout: 2 * time.Second, MaxTries: 1}
	p, _, err := c3.MatchTitle(context.Background(), "Elsewhere")
	if err != nil || p.Title != "Elsewhere" {
		t.Fatalf("cross-host redirect: %v, %v", p, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(leaked) != 1 || leaked[0] != "" {
		t.Errorf("the other host got x-api-key %q; want none", leaked)
	}
}

// TestStalledBodyTimesOut: a server that sends half an answer and then
// nothing (slowloris) is cut off by the per-request timeout, which covers
// reading the body, and the request is retried.
func TestStalledBodyTimesOut(t *testing.T) {
	title := records(t)[0].Title
	srv := fetchtest.New(t, records(t), fetchtest.Options{StallDelay: 30 * time.Second})
	srv.Inject(fetchtest.EndpointMatch, fetchtest.FaultStall)
	c, _ := newClient(t, srv, nil)
	c.Timeout = 200 * time.Millisecond
	var mu sync.Mutex
	var infos []fetch.RequestInfo
	c.OnRequest = func(i fetch.RequestInfo) {
		mu.Lock()
		infos = append(infos, i)
		mu.Unlock()
	}
	p, _, err := c.MatchTitle(context.Background(), title)
	if err != nil || p.Title != title {
		t.Fatalf("MatchTitle: %v, %v", p, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(infos) < 2 || infos[0].Err == nil || !strings.Contains(infos[0].Err.Error(), "cut off") || !strings.Contains(infos[0].Err.Error(), "timed out after 200ms") {
		t.Fatalf("attempts = %+v; want the first cut off by the timeout, then an answer", infos)
	}
}

// TestCancelDuringPaging: Ctrl-C while paging references returns ctx's
// error; the pages answered are in the cache and a rerun does not ask for
// them again.
func TestCancelDuringPaging(t *testing.T) {
	rec := pick(t, func(p *bib.Paper) bool { return p.PaperID != "" && p.References != nil && len(*p.References) >= 10 })
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	cache := openCache(t)
	c, _ := newClient(t, srv, cache)
	c.ReferencePageSize = 3
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pages := 0
	c.OnRequest = func(i fetch.RequestInfo) {
		if i.Err == nil {
			if pages++; pages == 2 {
				cancel()
			}
		}
	}
	refs, err := c.References(ctx, rec.PaperID)
	if !errors.Is(err, context.Canceled) || refs != nil {
		t.Fatalf("cancelled paging: %d refs, %v; want context.Canceled", lenRefs(refs), err)
	}
	first := srv.Requests()
	srv.Reset()
	c2, _ := newClient(t, srv, cache)
	c2.ReferencePageSize = 3
	refs, err = c2.References(context.Background(), rec.PaperID)
	if err != nil || lenRefs(refs) != len(*rec.References) {
		t.Fatalf("rerun: %d refs, %v", lenRefs(refs), err)
	}
	for _, r := range srv.Requests() {
		for _, f := range first[:2] {
			if r.Key() == f.Key() {
				t.Errorf("rerun asked again for %s", r.Query)
			}
		}
	}
	if n := srv.Count(""); n == 0 || n+2 != (len(*rec.References)+2)/3 {
		t.Errorf("rerun sent %d requests; want the %d pages not answered before", n, (len(*rec.References)+2)/3-2)
	}
}

// redirectTo returns an HTTP client that sends every request to srv,
// whatever host the URL names.
func redirectTo(srv *fetchtest.Server) *http.Client {
	base := srv.Client().Transport
	return &http.Client{Transport: rewriteHost{host: strings.TrimPrefix(strings.Split(srv.URL(), "/graph")[0], "http://"), next: base}}
}

type rewriteHost struct {
	host string
	next http.RoundTripper
}

func (r rewriteHost) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Host = r.host
	req.Host = r.host
	return r.next.RoundTrip(req)
}

// TestCachePerBaseURL: answers of another server (a mirror, a proxy, a test
// server) never pass for the API's own in a shared cache.
func TestCachePerBaseURL(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	cache := openCache(t)
	c, _ := newClient(t, srv, cache)
	title := records(t)[7].Title
	if _, _, err := c.MatchTitle(context.Background(), title); err != nil {
		t.Fatalf("MatchTitle: %v", err)
	}
	live := &fetch.Client{Cache: cache, Offline: true}
	if _, _, err := live.MatchTitle(context.Background(), title); !errors.Is(err, fetch.ErrOffline) {
		t.Errorf("default-URL client answered from another server's cache entry: %v", err)
	}
	again := &fetch.Client{BaseURL: srv.URL(), Cache: cache, Offline: true}
	if _, _, err := again.MatchTitle(context.Background(), title); err != nil {
		t.Errorf("same-URL client missed the cached answer: %v", err)
	}
}
