package fetch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// syncBuffer is a goroutine-safe buffer for captured logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newClient returns a client for the fake: no rate limit, millisecond
// backoff, a short timeout and debug logs captured in the returned buffer.
func newClient(t testing.TB, srv *fetchtest.Server, cache fetch.Cache) (*fetch.Client, *syncBuffer) {
	t.Helper()
	logs := new(syncBuffer)
	c := &fetch.Client{
		BaseURL:    srv.URL(),
		HTTPClient: srv.Client(),
		RPS:        -1,
		Timeout:    2 * time.Second,
		MaxTries:   4,
		Backoff:    func(int) time.Duration { return time.Millisecond },
		Cache:      cache,
		Logger:     slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	return c, logs
}

func openCache(t testing.TB) *fetch.DiskCache {
	t.Helper()
	d, err := fetch.OpenCache(filepath.Join(t.TempDir(), "s2.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

var (
	recordsOnce sync.Once
	allRecords  []*bib.Paper
)

// records returns the snapshot + corpus records (decoded once).
func records(t testing.TB) []*bib.Paper {
	recordsOnce.Do(func() { allRecords = fetchtest.Records(t) })
	return allRecords
}

// addressable returns the records that have an id the API accepts.
func addressable(ps []*bib.Paper) []*bib.Paper {
	var out []*bib.Paper
	for _, p := range ps {
		if p.IDs().APIID() != "" {
			out = append(out, p)
		}
	}
	return out
}

func pick(t testing.TB, f func(*bib.Paper) bool) *bib.Paper {
	t.Helper()
	for _, p := range records(t) {
		if f(p) {
			return p
		}
	}
	t.Fatal("no record fits")
	return nil
}

func TestMatchTitle(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	c, _ := newClient(t, srv, nil)
	ctx := context.Background()
	for _, want := range records(t)[:10] {
		p, score, err := c.MatchTitle(ctx, "  "+want.Title+" ")
		if err != nil {
			t.Errorf("MatchTitle(%q): %v", want.Title, err)
			continue
		}
		if p.Key() != want.Key() || p.Title != want.Title || p.Year != want.Year {
			t.Errorf("MatchTitle(%q) = %s %q %d; want %s %q %d", want.Title, p.Key(), p.Title, p.Year, want.Key(), want.Title, want.Year)
		}
		if score < 100 {
			t.Errorf("MatchTitle(%q) score %v; want the API's matchScore (≥ 100 for an exact title)", want.Title, score)
		}
	}
	_, _, err := c.MatchTitle(ctx, "Quantum chromodynamics of lattice gluons")
	if !errors.Is(err, fetch.ErrNotFound) || !strings.Contains(err.Error(), "Title match not found") {
		t.Errorf("title miss: err = %v; want ErrNotFound saying Title match not found", err)
	}
	// The miss is an answer: asked again, it is not sent again.
	before := srv.Count(fetchtest.EndpointMatch)
	if _, _, err := c.MatchTitle(ctx, "Quantum chromodynamics of lattice gluons"); !errors.Is(err, fetch.ErrNotFound) {
		t.Errorf("second miss: %v", err)
	}
	if after := srv.Count(fetchtest.EndpointMatch); after != before {
		t.Errorf("a repeated title miss sent %d more requests; want 0", after-before)
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r.Query, "matchScore") {
			t.Errorf("request asks for matchScore: %s", r.Key())
		}
	}
}

func TestSearchTitle(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	c, _ := newClient(t, srv, nil)
	want := pick(t, func(p *bib.Paper) bool { return strings.HasPrefix(p.Title, "MobileNetV2") })
	ps, err := c.SearchTitle(context.Background(), want.Title, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 || len(ps) > 5 || ps[0].Title != want.Title {
		t.Fatalf("SearchTitle(%q, 5) = %d results, first %q", want.Title, len(ps), firstTitle(ps))
	}
	if _, err := c.SearchTitle(context.Background(), want.Title, 1000); err != nil {
		t.Errorf("SearchTitle with limit 1000 (clamped to 100): %v", err)
	}
}

func firstTitle(ps []*bib.Paper) string {
	if len(ps) == 0 {
		return ""
	}
	return ps[0].Title
}

func TestPapersBatch(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	c, _ := newClient(t, srv, nil)
	byID := pick(t, func(p *bib.Paper) bool { return p.PaperID != "" && p.References != nil })
	nullID := pick(t, func(p *bib.Paper) bool { return p.PaperID == "" && p.ExternalIDs["ArXiv"] != "" })
	withDOI := pick(t, func(p *bib.Paper) bool { return p.PaperID != "" && strings.Contains(p.ExternalIDs["DOI"], "/") })
	ids := []string{
		byID.PaperID,
		"ARXIV:" + nullID.ExternalIDs["ArXiv"],
		"DOI:" + withDOI.ExternalIDs["DOI"],
		"ARXIV:0000.00000",
		"TITLE:never sent",
		strings.ToUpper(byID.PaperID),                        // same paper, other spelling
		"doi:" + strings.ToUpper(withDOI.ExternalIDs["DOI"]), // same paper, other spelling
	}
	ps, err := c.Papers(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	want := []*bib.Paper{byID, nullID, withDOI, nil, nil, byID, withDOI}
	if len(ps) != len(want) {
		t.Fatalf("Papers: %d results for %d ids", len(ps), len(ids))
	}
	for i := range want {
		switch {
		case want[i] == nil && ps[i] != nil:
			t.Errorf("Papers[%d] (%s) = %q; want nil", i, ids[i], ps[i].Title)
		case want[i] != nil && (ps[i] == nil || ps[i].Key() != want[i].Key() || ps[i].Title != want[i].Title):
			t.Errorf("Papers[%d] (%s) = %v; want %s %q", i, ids[i], ps[i], want[i].Key(), want[i].Title)
		}
	}
	if ps[1].PaperID != "" || ps[1].Key() != "ARXIV:"+nullID.ExternalIDs["ArXiv"] {
		t.Errorf("null-id record came back as %q / %s; want paperId null, keyed by its arXiv id", ps[1].PaperID, ps[1].Key())
	}
	if ps[0].References == nil || len(*ps[0].References) != len(*byID.References) {
		t.Errorf("references: got %v; want the record's %d", ps[0].References, len(*byID.References))
	}
	if n := srv.Count(""); n != 1 {
		t.Errorf("%d requests; want 1 batch", n)
	}
	if r := srv.Requests(); len(r) == 1 && len(r[0].BatchIDs) != 4 {
		t.Errorf("batch asked for %q; want the 4 distinct ids the API accepts", r[0].BatchIDs)
	}
	if len(srv.Requests()) == 1 && !strings.Contains(srv.Requests()[0].Query, "references.externalIds") {
		t.Errorf("batch fields %q lack the nested reference selection", srv.Requests()[0].Query)
	}
}

func TestPaperEscapesDOI(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	c, _ := newClient(t, srv, nil)
	want := pick(t, func(p *bib.Paper) bool { return strings.Contains(p.ExternalIDs["DOI"], "/") })
	p, err := c.Paper(context.Background(), "DOI:"+want.ExternalIDs["DOI"])
	if err != nil {
		t.Fatalf("Paper(DOI:%s): %v", want.ExternalIDs["DOI"], err)
	}
	if p.Title != want.Title {
		t.Errorf("Paper(DOI:%s) = %q; want %q", want.ExternalIDs["DOI"], p.Title, want.Title)
	}
	if path := srv.Requests()[0].Path; !strings.Contains(path, "%2F") {
		t.Errorf("path %q: the DOI's slash is not escaped", path)
	}
	if _, err := c.Paper(context.Background(), "DOI:10.9999/nothing"); !errors.Is(err, fetch.ErrNotFound) {
		t.Errorf("unknown DOI: err = %v; want ErrNotFound", err)
	}
}

func TestBatchSplitsWhenTooLarge(t *testing.T) {
	recs := addressable(records(t))[:40]
	srv := fetchtest.New(t, records(t), fetchtest.Options{MaxResponseBytes: 40_000})
	c, _ := newClient(t, srv, nil)
	ids := fetchtest.APIIDs(t, recs)
	ps, err := c.Papers(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range ps {
		if p == nil || p.Title != recs[i].Title {
			t.Fatalf("Papers[%d] = %v; want %q", i, p, recs[i].Title)
		}
	}
	var tooLarge, ok int
	for _, r := range srv.Requests() {
		switch r.Status {
		case 400:
			tooLarge++
		case 200:
			ok++
		}
	}
	if tooLarge == 0 || ok < 2 || c.Stats().Retries != 0 {
		t.Errorf("size errors %d, answers %d, retries %d; want the batch split (size errors are not retried as such)", tooLarge, ok, c.Stats().Retries)
	}
	if d := srv.Duplicates(); len(d) > 0 {
		t.Errorf("duplicate successful requests: %v", d)
	}
}

func TestBatchChunksOf500(t *testing.T) {
	recs := addressable(records(t))
	srv := fetchtest.New(t, recs, fetchtest.Options{})
	c, _ := newClient(t, srv, nil)
	ids := fetchtest.APIIDs(t, recs)
	for i := 0; len(ids) < 1100; i++ {
		ids = append(ids, fmt.Sprintf("ARXIV:9999.%05d", i)) // unknown: null answers
	}
	ps, err := c.Papers(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range ps {
		if (i < len(recs)) != (p != nil) {
			t.Fatalf("Papers[%d] (%s) = %v", i, ids[i], p)
		}
	}
	if n := srv.Count(fetchtest.EndpointBatch); n != 3 {
		t.Errorf("%d batch calls for %d ids; want 3", n, len(ids))
	}
	for _, r := range srv.Requests() {
		if r.Status != 200 && r.Endpoint == fetchtest.EndpointBatch {
			t.Errorf("batch answered %d", r.Status)
		}
	}
}

func TestReferencesPaging(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{EmptyReferenceSlots: 5})
	c, _ := newClient(t, srv, nil)
	c.ReferencePageSize = 3
	p := pick(t, func(p *bib.Paper) bool {
		if p.References == nil || len(*p.References) < 10 {
			return false
		}
		for _, r := range *p.References {
			if r.PaperID == "" {
				return true
			}
		}
		return false
	})
	refs, err := c.References(context.Background(), p.IDs().APIID())
	if err != nil {
		t.Fatal(err)
	}
	if refs == nil || len(*refs) != len(*p.References) {
		t.Fatalf("References: %v items; want %d", refs, len(*p.References))
	}
	nullIDs := 0
	for i, r := range *refs {
		want := (*p.References)[i]
		if r.Title != want.Title || r.PaperID != want.PaperID {
			t.Errorf("reference %d = %q %q; want %q %q", i, r.PaperID, r.Title, want.PaperID, want.Title)
		}
		if r.PaperID == "" {
			nullIDs++
		}
	}
	if nullIDs == 0 {
		t.Error("no paperId-null reference kept")
	}
	wantPages := (5 + len(*p.References) + 2) / 3
	if n := srv.Count(fetchtest.EndpointReferences); n != wantPages {
		t.Errorf("%d pages; want %d (empty pages with next included)", n, wantPages)
	}

	elided := pick(t, func(p *bib.Paper) bool { return p.References == nil && p.IDs().APIID() != "" })
	refs, err = c.References(context.Background(), elided.IDs().APIID())
	if err != nil || refs != nil {
		t.Errorf("References of an elided list = %v, %v; want nil (unavailable), no error", refs, err)
	}
	empty := pick(t, func(p *bib.Paper) bool { return p.References != nil && len(*p.References) == 0 && p.PaperID != "" })
	srv2 := fetchtest.New(t, records(t), fetchtest.Options{})
	c2, _ := newClient(t, srv2, nil)
	refs, err = c2.References(context.Background(), empty.PaperID)
	if err != nil || refs == nil || len(*refs) != 0 {
		t.Errorf("References of an empty list = %v, %v; want an empty non-nil list", refs, err)
	}
}

// TestReferencesOffsetBound pages a list longer than the API lets anyone
// page (offset+limit < 10000) and checks the client stops at the bound
// without asking for a page the API refuses.
func TestReferencesOffsetBound(t *testing.T) {
	refs := make([]bib.Paper, 10050)
	for i := range refs {
		refs[i] = bib.Paper{Title: fmt.Sprintf("Reference %d", i)}
	}
	n := len(refs)
	huge := &bib.Paper{PaperID: strings.Repeat("ab", 20), Title: "A Paper With Very Many References", References: &refs, ReferenceCount: &n}
	srv := fetchtest.New(t, []*bib.Paper{huge}, fetchtest.Options{})
	c, logs := newClient(t, srv, nil)
	got, err := c.References(context.Background(), huge.PaperID)
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || len(*got) != 9999 {
		t.Fatalf("References: %d items; want 9999 (all the API can page)", lenRefs(got))
	}
	for _, r := range srv.Requests() {
		if r.Status != 200 {
			t.Errorf("request %s answered %d", r.Key(), r.Status)
		}
	}
	if !strings.Contains(logs.String(), "paging bound") {
		t.Error("no warning that the list was cut at the paging bound")
	}
}

func lenRefs(p *[]bib.Paper) int {
	if p == nil {
		return -1
	}
	return len(*p)
}

func TestPapersPagesOnlyCutLists(t *testing.T) {
	const limit = 10
	srv := fetchtest.New(t, records(t), fetchtest.Options{NestedReferenceLimit: limit})
	c, _ := newClient(t, srv, nil)
	c.NestedReferenceLimit = limit
	var cut, short *bib.Paper
	for _, p := range records(t) {
		if p.References == nil || p.ReferenceCount == nil || p.PaperID == "" {
			continue
		}
		n := len(*p.References)
		if cut == nil && n > limit && *p.ReferenceCount > limit {
			cut = p
		}
		if short == nil && n < limit && n > 0 && n < *p.ReferenceCount {
			short = p
		}
	}
	if cut == nil || short == nil {
		t.Fatal("test data lacks a long list or a short incomplete one")
	}
	ps, err := c.Papers(context.Background(), []string{cut.PaperID, short.PaperID})
	if err != nil {
		t.Fatal(err)
	}
	if len(*ps[0].References) != len(*cut.References) {
		t.Errorf("cut list: %d references; want all %d, paged", len(*ps[0].References), len(*cut.References))
	}
	if len(*ps[1].References) != len(*short.References) {
		t.Errorf("short list: %d references; want %d", len(*ps[1].References), len(*short.References))
	}
	for _, r := range srv.Requests() {
		if r.Endpoint == fetchtest.EndpointReferences && !strings.HasPrefix(r.Path, "/paper/"+cut.PaperID+"/") {
			t.Errorf("paged %s; only the cut list needed pages", r.Path)
		}
	}
	if srv.Count(fetchtest.EndpointReferences) == 0 {
		t.Error("the cut list was not paged")
	}
}

func TestAPIErrorsAreNotRetried(t *testing.T) {
	tests := []struct {
		status int
		body   string
		is     error
	}{
		{400, `{"error":"Unrecognized or unsupported fields: [x]"}`, nil},
		{400, `{"error":"Response would exceed maximum size. Try smaller batches."}`, fetch.ErrTooLarge},
		{404, `{"error":"Paper with id x not found"}`, fetch.ErrNotFound},
		{403, `{"message":"Forbidden"}`, fetch.ErrKeyRefused},
		{401, `{"message":"Unauthorized"}`, fetch.ErrKeyRefused},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			var mu sync.Mutex
			n := 0
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				n++
				mu.Unlock()
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer ts.Close()
			c := &fetch.Client{BaseURL: ts.URL, RPS: -1, Backoff: func(int) time.Duration { return 0 }}
			_, err := c.SearchTitle(context.Background(), "anything", 10)
			var apiErr *fetch.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("err = %v; want an *APIError with status %d", err, tt.status)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v; want it to wrap %v", err, tt.is)
			}
			if !strings.HasPrefix(err.Error(), "fetch: GET /paper/search?") {
				t.Errorf("err = %q; want it to name the request", err)
			}
			if n != 1 {
				t.Errorf("%d requests; want 1 (no retry)", n)
			}
		})
	}
}

func TestOffline(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	cache := openCache(t)
	title := records(t)[3].Title
	off, _ := newClient(t, srv, cache)
	off.Offline = true
	_, _, err := off.MatchTitle(context.Background(), title)
	if !errors.Is(err, fetch.ErrOffline) || !strings.Contains(err.Error(), "query=") {
		t.Errorf("offline miss: err = %v; want ErrOffline naming the request", err)
	}
	ps, err := off.Papers(context.Background(), []string{records(t)[3].IDs().APIID()})
	var be *fetch.BatchError
	if !errors.As(err, &be) || !errors.Is(err, fetch.ErrOffline) || len(be.IDs) != 1 || ps[0] != nil {
		t.Errorf("offline Papers: %v, %v; want a *BatchError naming the id, wrapping ErrOffline", ps, err)
	}
	if n := srv.Count(""); n != 0 {
		t.Fatalf("offline client sent %d requests", n)
	}

	on, _ := newClient(t, srv, cache)
	if _, _, err := on.MatchTitle(context.Background(), title); err != nil {
		t.Fatal(err)
	}
	srv.SetStrict(true)
	off2, _ := newClient(t, srv, cache)
	off2.Offline = true
	off2.MaxAge = time.Nanosecond // offline uses stale answers rather than none
	off2.Refresh = true           // and cannot refresh them
	if p, _, err := off2.MatchTitle(context.Background(), title); err != nil || p.Title != title {
		t.Errorf("offline hit: %v, %v", p, err)
	}
}

func TestRefreshAndMaxAge(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	cache := openCache(t)
	title := records(t)[5].Title
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	run := func(refresh bool, maxAge time.Duration) int {
		c, _ := newClient(t, srv, cache)
		c.Now, c.Refresh, c.MaxAge = clock, refresh, maxAge
		before := srv.Count("")
		for range 2 { // the second ask is always served from memory
			if _, _, err := c.MatchTitle(context.Background(), title); err != nil {
				t.Fatal(err)
			}
		}
		return srv.Count("") - before
	}
	steps := []struct {
		name    string
		advance time.Duration
		refresh bool
		maxAge  time.Duration
		want    int
	}{
		{"cold", 0, false, 0, 1},
		{"warm", time.Hour, false, 0, 0},
		{"fresh enough", time.Hour, false, 3 * time.Hour, 0},
		{"too old", 2 * time.Hour, false, 3 * time.Hour, 1},
		{"refetched answer is fresh", time.Hour, false, 3 * time.Hour, 0},
		{"refresh", 0, true, 0, 1},
	}
	for _, s := range steps {
		now = now.Add(s.advance)
		if got := run(s.refresh, s.maxAge); got != s.want {
			t.Errorf("%s: %d requests; want %d", s.name, got, s.want)
		}
	}
}

func TestConcurrentIdenticalRequestsAreSentOnce(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{SlowDelay: 50 * time.Millisecond})
	srv.Inject(fetchtest.EndpointMatch, fetchtest.FaultSlow) // keep the first in flight a while
	c, _ := newClient(t, srv, nil)
	title := records(t)[7].Title
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = c.MatchTitle(context.Background(), title)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := srv.Count(""); n != 1 {
		t.Errorf("%d requests for 8 identical concurrent calls; want 1", n)
	}
	if st := c.Stats(); st.Requests != 1 || st.Endpoints[fetch.EndpointMatch] != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestCitations(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{EmptyReferenceSlots: 2})
	c, _ := newClient(t, srv, nil)
	c.ReferencePageSize = 4
	// A paper cited by at least 5 records (by paperId), and those records.
	citers := map[string][]string{}
	for _, p := range records(t) {
		if p.References == nil || p.PaperID == "" {
			continue
		}
		seen := map[string]bool{}
		for _, r := range *p.References {
			if r.PaperID != "" && !seen[r.PaperID] {
				seen[r.PaperID] = true
				citers[r.PaperID] = append(citers[r.PaperID], p.PaperID)
			}
		}
	}
	var target string
	for _, id := range bib.SortedKeys(citers) {
		if len(citers[id]) >= 5 && srvHas(records(t), id) {
			target = id
			break
		}
	}
	if target == "" {
		t.Fatal("no record cited five times")
	}
	got, err := c.Citations(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, p := range *got {
		if ids[p.PaperID] {
			t.Errorf("citing paper %s listed twice", p.PaperID)
		}
		ids[p.PaperID] = true
	}
	for _, want := range citers[target] {
		if !ids[want] {
			t.Errorf("Citations(%s) lacks %s, which cites it", target, want)
		}
	}
	if pages := srv.Count(fetchtest.EndpointCitations); pages != (2+len(*got)+3)/4 {
		t.Errorf("%d pages for %d citations in pages of 4 after 2 empty slots", pages, len(*got))
	}
}

func srvHas(recs []*bib.Paper, id string) bool {
	for _, p := range recs {
		if p.PaperID == id {
			return true
		}
	}
	return false
}

// TestWaiterSurvivesSenderCancel: a call waiting on an identical request in
// flight is not failed by the sender's cancellation; it asks again.
func TestWaiterSurvivesSenderCancel(t *testing.T) {
	// The sender's request outlives its cancellation (interruptGrace), so the
	// answer comes during the test: the sender still reports the cancel.
	srv := fetchtest.New(t, records(t), fetchtest.Options{SlowDelay: 300 * time.Millisecond})
	srv.Inject(fetchtest.EndpointMatch, fetchtest.FaultSlow)
	c, _ := newClient(t, srv, nil)
	c.Timeout = 10 * time.Second
	title := records(t)[2].Title
	ctx1, cancel1 := context.WithCancel(context.Background())
	defer cancel1()
	err1 := make(chan error, 1)
	go func() {
		_, _, err := c.MatchTitle(ctx1, title)
		err1 <- err
	}()
	for srv.Count(fetchtest.EndpointMatch) == 0 {
		time.Sleep(time.Millisecond) // until the sender's request is in flight
	}
	err2 := make(chan error, 1)
	go func() {
		p, _, err := c.MatchTitle(context.Background(), title)
		if err == nil && p.Title != title {
			err = fmt.Errorf("matched %q", p.Title)
		}
		err2 <- err
	}()
	time.Sleep(20 * time.Millisecond) // let the waiter join (it succeeds either way)
	cancel1()
	if err := <-err1; !errors.Is(err, context.Canceled) {
		t.Errorf("sender: err = %v; want context.Canceled", err)
	}
	if err := <-err2; err != nil {
		t.Errorf("waiter: %v", err)
	}
}
