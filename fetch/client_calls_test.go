package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// workload is what resolving a list costs at least: one title match per
// entry without an id, then one Papers call for every paper found or listed
// by id.
type workload struct {
	titles []string // entries without an id
	ids    []string // entries with an id
}

// run performs the workload and returns the keys and titles of the papers
// found, sorted, one line each ("-" for unknown ids and missed titles).
func (w workload) run(ctx context.Context, c *fetch.Client) ([]string, error) {
	ids := append([]string(nil), w.ids...)
	var out []string
	for _, title := range w.titles {
		p, _, err := c.MatchTitle(ctx, title)
		switch {
		case errors.Is(err, fetch.ErrNotFound):
			out = append(out, "- "+title)
		case err != nil:
			if ctx.Err() != nil {
				return nil, err
			}
			out = append(out, "! "+title) // unresolved: the run goes on
		default:
			ids = append(ids, p.Key())
		}
	}
	ps, err := c.Papers(ctx, ids)
	if err != nil && ctx.Err() != nil {
		return nil, err
	}
	for i, p := range ps {
		if p == nil {
			out = append(out, "- "+ids[i])
			continue
		}
		out = append(out, fmt.Sprintf("%s %q refs=%d", p.Key(), p.Title, lenRefs(p.References)))
	}
	sort.Strings(out)
	return out, err
}

// minimum returns the fewest successful calls per endpoint the workload
// needs: its distinct titles, ceil(papers/500) batches, and a references
// page for each paper whose nested list the batch cannot carry (per the rule
// documented on Client.Papers, with the default limits).
func (w workload) minimum(t *testing.T, recs []*bib.Paper) map[string]int {
	t.Helper()
	titles := map[string]bool{}
	for _, ti := range w.titles {
		titles[ti] = true
	}
	papers := len(w.ids) + len(w.titles)
	pages := 0
	byKey := map[string]*bib.Paper{}
	for _, p := range recs {
		byKey[p.Key()] = p
	}
	for _, id := range w.ids {
		if p := byKey[id]; p != nil {
			pages += refPagesNeeded(p)
		}
	}
	return map[string]int{
		fetchtest.EndpointMatch:      len(titles),
		fetchtest.EndpointBatch:      (papers + fetch.MaxBatchIDs - 1) / fetch.MaxBatchIDs,
		fetchtest.EndpointReferences: pages,
	}
}

// refPagesNeeded returns how many references pages the client must ask for
// p when the fake caps nested lists at 1000 (the default on both sides).
func refPagesNeeded(p *bib.Paper) int {
	if p.References == nil || p.ReferenceCount == nil {
		return 0
	}
	all := len(*p.References)
	n := min(all, 1000)
	if n < *p.ReferenceCount && (n == 0 || n >= 1000) {
		return max(1, (all+999)/1000)
	}
	return 0
}

// seedWorkload is seed-sized: 43 title matches and one batch, from the
// snapshot's first 43 records (the list's papers and Deep Compression).
func seedWorkload(t testing.TB) workload {
	return workload{titles: fetchtest.Titles(fetchtest.SnapshotRecords(t)[:43])}
}

// largeWorkload has 20 titles and 700 ids of the corpus: two batches, and
// some papers whose references must be paged.
func largeWorkload(t testing.TB) workload {
	var w workload
	for _, p := range addressable(records(t))[97:] {
		switch {
		case len(w.titles) < 20 && p.References != nil && refPagesNeeded(p) == 0:
			w.titles = append(w.titles, p.Title)
		case len(w.ids) < 700:
			w.ids = append(w.ids, p.Key())
		}
	}
	return w
}

// fastFaults is every fault kind but FaultSlow.
func fastFaults() []fetchtest.Fault {
	var fs []fetchtest.Fault
	for _, f := range fetchtest.AllFaults {
		if f != fetchtest.FaultSlow {
			fs = append(fs, f)
		}
	}
	return fs
}

func successes(srv *fetchtest.Server) map[string]int {
	m := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Succeeded() {
			m[r.Endpoint]++
		}
	}
	return m
}

func TestCallCounts(t *testing.T) {
	for _, tt := range []struct {
		name      string
		w         func(testing.TB) workload
		faultRate float64
	}{
		{"seed", seedWorkload, 0},
		{"seed with 10% faults", seedWorkload, 0.1},
		{"large", largeWorkload, 0},
		{"large with 10% faults", largeWorkload, 0.1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w(t)
			// The timeout leaves a loaded machine time to answer 500-paper
			// batches; slow answers, which would have to outlast it, are
			// left to the fault tests (TestEveryFaultIsRetried).
			srv := fetchtest.New(t, records(t), fetchtest.Options{FaultRate: tt.faultRate, Faults: fastFaults(), Seed: 42})
			cache := openCache(t)
			c, _ := newClient(t, srv, cache)
			c.MaxTries = 8
			c.Timeout = 3 * time.Second
			ctx := context.Background()
			cold, err := w.run(ctx, c)
			if err != nil {
				t.Fatalf("cold run: %v", err)
			}
			want := w.minimum(t, records(t))
			got := successes(srv)
			for _, ep := range []string{fetchtest.EndpointMatch, fetchtest.EndpointBatch, fetchtest.EndpointReferences, fetchtest.EndpointSearch, fetchtest.EndpointPaper} {
				if got[ep] != want[ep] {
					t.Errorf("cold run: %d successful %s calls; want %d", got[ep], ep, want[ep])
				}
			}
			if tt.name == "seed" && got[fetchtest.EndpointReferences] != 0 {
				t.Errorf("seed-sized run paged references %d times; the batch carried them all", got[fetchtest.EndpointReferences])
			}
			if d := srv.Duplicates(); len(d) > 0 {
				t.Errorf("duplicate successful requests: %v", d)
			}
			st := c.Stats()
			if st.Requests != int64(srv.Count("")) {
				t.Errorf("client counted %d requests; the server saw %d", st.Requests, srv.Count(""))
			}
			if tt.faultRate > 0 && st.Retries == 0 {
				t.Errorf("stats %+v: no retries with faults injected", st)
			}

			srv.SetStrict(true)
			c2, _ := newClient(t, srv, cache)
			warm, err := w.run(ctx, c2)
			if err != nil {
				t.Fatalf("warm run: %v", err)
			}
			if st := c2.Stats(); st.Requests != 0 || st.CacheHits == 0 {
				t.Errorf("warm run stats %+v; want no request, answers from the cache", st)
			}
			if fmt.Sprint(warm) != fmt.Sprint(cold) {
				t.Errorf("warm run found other papers than the cold run")
			}
		})
	}
}

// TestInterruptedRunResumes cancels a run after k answers, reruns it with
// the same cache and checks no successful call is ever repeated.
func TestInterruptedRunResumes(t *testing.T) {
	w := seedWorkload(t)
	for _, k := range []int{1, 17, 43} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			srv := fetchtest.New(t, records(t), fetchtest.Options{})
			cache := openCache(t)
			c, _ := newClient(t, srv, cache)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			answers := 0
			c.OnRequest = func(info fetch.RequestInfo) {
				if !info.Cached && info.Err == nil && (info.Status == http.StatusOK || info.Status == http.StatusNotFound) {
					answers++
					if answers == k {
						cancel()
					}
				}
			}
			if _, err := w.run(ctx, c); !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted run: err = %v; want context.Canceled", err)
			}
			if n := srv.Successes(""); n != k {
				t.Fatalf("%d successful calls before the interruption; want %d", n, k)
			}
			c2, _ := newClient(t, srv, cache)
			if _, err := w.run(context.Background(), c2); err != nil {
				t.Fatalf("rerun: %v", err)
			}
			if d := srv.Duplicates(); len(d) > 0 {
				t.Errorf("the rerun repeated successful calls: %v", d)
			}
			want := w.minimum(t, records(t))
			got := successes(srv)
			if got[fetchtest.EndpointMatch] != want[fetchtest.EndpointMatch] || got[fetchtest.EndpointBatch] != want[fetchtest.EndpointBatch] {
				t.Errorf("both runs together: %v successful calls; want %v", got, want)
			}
		})
	}
}

// seedEntries parses the embedded seed list.
func seedEntries(t *testing.T) []bib.Entry {
	t.Helper()
	l, err := bib.Parse(data.SeedListName, data.SeedList)
	if err != nil {
		t.Fatal(err)
	}
	return l.Papers()
}

func summarize(rs []fetch.Resolution) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%s:%d %s %s %s", r.Entry.File, r.Entry.Line, r.Status, r.ID, r.Method)
	}
	return out
}

// TestResolverLiveEqualsSnapshot resolves the seed list through the real
// Resolver with the snapshot and with the client against a fake serving the
// snapshot's records (alone, and with the corpus's near twins): same
// resolutions, with and without faults; the
// calls are the minimum, none repeated; a rerun makes none.
func TestResolverLiveEqualsSnapshot(t *testing.T) {
	entries := seedEntries(t)
	snap := fetch.DefaultSnapshot()
	want, err := (&fetch.Resolver{Source: snap}).Resolve(context.Background(), entries)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		recs []*bib.Paper
		rate float64
	}{
		{"snapshot", fetchtest.SnapshotRecords(t), 0},
		{"snapshot, 10% faults", fetchtest.SnapshotRecords(t), 0.1},
		// The corpus adds real near twins as competition for every match.
		{"snapshot+corpus", records(t), 0},
		{"snapshot+corpus, 10% faults", records(t), 0.1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := fetchtest.New(t, tt.recs, fetchtest.Options{FaultRate: tt.rate, Faults: fastFaults(), Seed: 3})
			cache := openCache(t)
			c, _ := newClient(t, srv, cache)
			c.MaxTries, c.Timeout = 8, 2*time.Second
			got, err := (&fetch.Resolver{Source: c}).Resolve(context.Background(), entries)
			if err != nil {
				t.Fatal(err)
			}
			ws, gs := summarize(want), summarize(got)
			for i := range ws {
				if ws[i] != gs[i] {
					t.Errorf("entry %d: live %q; snapshot %q", i, gs[i], ws[i])
				}
			}
			noID := map[string]bool{}
			for _, e := range entries {
				if e.IDs.Empty() {
					noID[bib.NormalizeTitle(e.Title)] = true
				}
			}
			s := successes(srv)
			if s[fetchtest.EndpointMatch] != len(noID) || s[fetchtest.EndpointBatch] < 1 || s[fetchtest.EndpointReferences] != 0 {
				t.Errorf("successful calls %v; want %d matches, batches, no reference pages", s, len(noID))
			}
			if d := srv.Duplicates(); len(d) > 0 {
				t.Errorf("duplicate successful requests: %v", d)
			}
			srv.SetStrict(true)
			c2, _ := newClient(t, srv, cache)
			again, err := (&fetch.Resolver{Source: c2}).Resolve(context.Background(), entries)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(summarize(again)) != fmt.Sprint(gs) || c2.Stats().Requests != 0 {
				t.Errorf("warm rerun: %d requests, same results %t", c2.Stats().Requests, fmt.Sprint(summarize(again)) == fmt.Sprint(gs))
			}
		})
	}
}
