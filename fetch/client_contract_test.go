package fetch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/contracttest"
)

// Regression tests found by black-box runs against fetch/contracttest, a
// server written from the API contract alone.

var (
	contractOnce sync.Once
	contractRecs []contracttest.Record
	contractErr  error
)

// contractRecords is the sample corpus as contracttest serves it.
func contractRecords(t testing.TB) []contracttest.Record {
	t.Helper()
	contractOnce.Do(func() {
		contractRecs, contractErr = contracttest.LoadJSONL(filepath.Join("testdata", "s2-sample-corpus.jsonl"))
	})
	if contractErr != nil {
		t.Fatal(contractErr)
	}
	return contractRecs
}

// contractClient is a client of srv paced at rps on clk.
func contractClient(srv *contracttest.Server, clk *contracttest.Clock, rps float64) *fetch.Client {
	return &fetch.Client{BaseURL: srv.URL, RPS: rps, MaxTries: 6, Timeout: 5 * time.Second, Now: clk.Now, Sleep: clk.Sleep}
}

// contractCache is a new cache file for the test.
func contractCache(t *testing.T) *fetch.DiskCache {
	t.Helper()
	cache, err := fetch.OpenCache(filepath.Join(t.TempDir(), "s2.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cache.Close() })
	return cache
}

func refusedByLimit(c contracttest.Call) bool { return c.Fault == "rate" }

// TestResendAfterLostConnectionIsPaced: when a reused connection is reset
// after the server took the request, net/http sends the request again by
// itself; that resend waits its turn at the pacer, so a server that
// enforces exactly 1 request/s never refuses it.
func TestResendAfterLostConnectionIsPaced(t *testing.T) {
	clk := contracttest.NewClock()
	srv := contracttest.New(t, contractRecords(t), contracttest.Behaviour{
		MinInterval: time.Second, CountRefused: true, Now: clk.Now,
		PReset: 1, MaxFaultsInARow: 1, // each request is reset once, then answered
	})
	c := contractClient(srv, clk, 1)
	titles := []string{
		"MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications",
		"ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices",
		"Aggregated Residual Transformations for Deep Neural Networks",
		"Xception: Deep Learning with Depthwise Separable Convolutions",
	}
	for _, title := range titles {
		if _, _, err := c.MatchTitle(context.Background(), title); err != nil {
			t.Fatalf("%s: %v", title, err)
		}
	}
	resets := srv.Count(func(c contracttest.Call) bool { return c.Fault == "reset" })
	if resets < len(titles) {
		t.Fatalf("%d resets; want one per request (%d): the test does not test the resend", resets, len(titles))
	}
	if n := srv.Count(refusedByLimit); n > 0 {
		t.Errorf("%d requests refused by the rate limit; want none", n)
	}
	calls := srv.Calls()
	for i := 1; i < len(calls); i++ {
		if gap := calls[i].Time.Sub(calls[i-1].Time); gap < time.Second {
			t.Errorf("request %d (%s) came %s after the previous one", i+1, calls[i].Fault, gap)
		}
	}
}

// TestInterruptKeepsTheAnswerUnderWay: an answer that is on its way when
// the run is interrupted is still read and cached, so the rerun does not
// ask for it again.
func TestInterruptKeepsTheAnswerUnderWay(t *testing.T) {
	clk := contracttest.NewClock()
	srv := contracttest.New(t, contractRecords(t), contracttest.Behaviour{
		Now: clk.Now, PSlow: 1, SlowDelay: 300 * time.Millisecond, MaxFaultsInARow: -1,
	})
	cache := contractCache(t)
	c := contractClient(srv, clk, 1)
	c.Cache = cache
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel) // while the answer is slow in coming
	const title = "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications"
	c.MatchTitle(ctx, title)

	rerun := contractClient(srv, clk, 1)
	rerun.Cache = cache
	if _, _, err := rerun.MatchTitle(context.Background(), title); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Calls()); n != 1 {
		t.Errorf("%d requests; want 1: the answer under way at the interrupt was not kept", n)
	}
}

// citedRecords is a paper cited by n others, as contracttest records.
func citedRecords(n int) (string, []contracttest.Record) {
	target := strings.Repeat("cd", 20)
	recs := []contracttest.Record{{"paperId": target, "title": "A Much Cited Paper", "references": []any{}}}
	for i := range n {
		recs = append(recs, contracttest.Record{
			"paperId": fmt.Sprintf("%040x", i+1), "title": fmt.Sprintf("Citing paper %d", i),
			"authors":    []any{map[string]any{"authorId": fmt.Sprint(i), "name": strings.Repeat("Author Name ", 20)}},
			"references": []any{map[string]any{"paperId": target, "title": "A Much Cited Paper"}},
		})
	}
	return target, recs
}

// TestEdgeWalksAgainstOddPages: a citation walk fetches the whole list
// from a server whose pages hold fewer items than asked, whose first pages
// are empty while next is set, or that refuses a page as too large (then
// in smaller pages; a rerun goes straight to them, from the cache). Only a
// server whose empty pages advance by a few entries at a time is cut short.
func TestEdgeWalksAgainstOddPages(t *testing.T) {
	const citers = 60
	target, recs := citedRecords(citers)
	for _, tt := range []struct {
		name    string
		b       contracttest.Behaviour
		wantN   int
		wantCut string
	}{
		{"short pages", contracttest.Behaviour{PageCap: 3}, citers, ""},
		{"empty pages with next", contracttest.Behaviour{LeadingHoles: 2500}, citers, ""},
		{"page too large", contracttest.Behaviour{MaxResponseBytes: 4000}, citers, ""},
		{"empty pages that advance a little", contracttest.Behaviour{LeadingHoles: 100, PageCap: 5}, 0, fetch.CutPaging},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clk := contracttest.NewClock()
			tt.b.Now = clk.Now
			srv := contracttest.New(t, recs, tt.b)
			cache := contractCache(t)
			c := contractClient(srv, clk, -1)
			c.Cache = cache
			w, err := c.CitationsUpTo(context.Background(), target, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(w.Papers) != tt.wantN || w.Cut != tt.wantCut {
				t.Errorf("%d citing papers, cut %q; want %d, cut %q", len(w.Papers), w.Cut, tt.wantN, tt.wantCut)
			}
			for k, n := range srv.Repeats() {
				t.Errorf("asked %d times: %s", n, k)
			}
			srv.ResetLog()
			rerun := contractClient(srv, clk, -1)
			rerun.Cache = cache
			w2, err := rerun.CitationsUpTo(context.Background(), target, 0)
			if err != nil || len(w2.Papers) != len(w.Papers) {
				t.Errorf("rerun: %d citing papers, %v", len(w2.Papers), err)
			}
			if n := len(srv.Calls()); n > 0 {
				t.Errorf("rerun made %d calls; want none", n)
			}
		})
	}
}

// TestPapersAgainstOddRecords: Papers gets every record and its whole
// reference list from a server whose batch answers leave "references" out
// (then paged), or refuse one paper as too large with its nested
// references (then asked without them, and paged); a record it cannot
// read is reported once, not asked for again. A rerun makes no call.
func TestPapersAgainstOddRecords(t *testing.T) {
	a, b := strings.Repeat("a", 40), strings.Repeat("b", 40)
	var refs []any
	for i := range 40 {
		refs = append(refs, map[string]any{"paperId": fmt.Sprintf("%040x", i+1), "title": fmt.Sprintf("Reference %d %s", i, strings.Repeat("with a long title ", 10))})
	}
	recs := []contracttest.Record{
		{"paperId": a, "title": "Paper With Many References", "externalIds": map[string]any{"ArXiv": "2001.00001"}, "referenceCount": json.Number("40"), "references": refs},
		{"paperId": b, "title": "Paper Citing Nothing", "externalIds": map[string]any{"ArXiv": "2001.00002"}, "references": []any{}},
		{"paperId": strings.Repeat("c", 40), "title": map[string]any{"text": "Unreadable: a title that is not a string"}, "externalIds": map[string]any{"ArXiv": "2001.00003"},
			"references": []any{}},
		// An odd field (a number for an authorId) costs only that field.
		{"paperId": strings.Repeat("d", 40), "title": "Readable", "externalIds": map[string]any{"ArXiv": "2001.00004"},
			"authors": []any{map[string]any{"authorId": json.Number("5"), "name": "A number for an id"}}, "references": []any{}},
	}
	ids := []string{"ARXIV:2001.00001", "ARXIV:2001.00002"}
	for _, tt := range []struct {
		name      string
		b         contracttest.Behaviour
		ids       []string
		wantRefs  []int // per id; -1: unavailable; -2: lost
		wantCalls int   // 0: not counted
		rerun     int   // calls of the rerun
	}{
		// A batch and a references page each.
		{"references left out", contracttest.Behaviour{Omit: []string{"references"}}, ids, []int{40, 0}, 3, 0},
		// The references pages shrink until they fit too.
		{"record too large with its references", contracttest.Behaviour{MaxResponseBytes: 6000}, ids, []int{40, 0}, 0, 0},
		// Nothing of the unreadable record is cached: the rerun asks for it;
		// the record with an odd field is kept.
		{"unreadable record", contracttest.Behaviour{}, append(ids, "ARXIV:2001.00003", "ARXIV:2001.00004"), []int{40, 0, -2, 0}, 1, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clk := contracttest.NewClock()
			tt.b.Now = clk.Now
			srv := contracttest.New(t, recs, tt.b)
			cache := contractCache(t)
			for run := range 2 {
				srv.ResetLog()
				c := contractClient(srv, clk, -1)
				c.Cache = cache
				ps, err := c.Papers(context.Background(), tt.ids)
				var be *fetch.BatchError
				if err != nil && !errors.As(err, &be) {
					t.Fatal(err)
				}
				for i, want := range tt.wantRefs {
					switch got := ps[i]; {
					case want == -2:
						if got != nil || be == nil || !slices.Contains(be.IDs, tt.ids[i]) {
							t.Errorf("run %d: %s: got %v, err %v; want it reported lost", run, tt.ids[i], got, err)
						}
					case got == nil:
						t.Errorf("run %d: %s: no record", run, tt.ids[i])
					case want == -1 && got.References != nil,
						want >= 0 && (got.References == nil || len(*got.References) != want):
						t.Errorf("run %d: %s: references %v; want %d", run, tt.ids[i], got.References, want)
					}
				}
				calls := len(srv.Calls())
				switch {
				case run == 0 && tt.wantCalls > 0 && calls != tt.wantCalls:
					t.Errorf("%d calls; want %d", calls, tt.wantCalls)
				case run == 1 && calls != tt.rerun:
					t.Errorf("the rerun made %d calls; want %d", calls, tt.rerun)
				}
				for k, n := range srv.Repeats() {
					t.Errorf("run %d: asked %d times: %.200s", run, n, k)
				}
			}
		})
	}
}
