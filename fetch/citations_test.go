package fetch_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

var citedPapers = map[int][]*bib.Paper{}

// citedPaper returns a fake's records: target and n papers citing it (made
// once per n, so that the fake prepares them once).
func citedPaper(n int) (*bib.Paper, []*bib.Paper) {
	if recs, ok := citedPapers[n]; ok {
		return recs[0], recs
	}
	target := &bib.Paper{PaperID: strings.Repeat("cd", 20), Title: "A Much Cited Paper"}
	recs := []*bib.Paper{target}
	for i := range n {
		refs := []bib.Paper{{PaperID: target.PaperID, Title: target.Title}}
		recs = append(recs, &bib.Paper{PaperID: fmt.Sprintf("%040x", i+1), Title: fmt.Sprintf("Citing paper %d", i), References: &refs})
	}
	citedPapers[n] = recs
	return target, recs
}

func TestCitationsUpTo(t *testing.T) {
	for _, tt := range []struct {
		name      string
		citers    int
		pageSize  int
		limit     int
		wantN     int
		wantCut   string
		wantPages int
	}{
		{"whole list", 7, 3, 0, 7, "", 3},
		{"limit", 7, 3, 4, 4, fetch.CutLimit, 2},     // limits 3, then 1
		{"limit equals the list", 7, 3, 7, 7, "", 3}, // the last page has no next
		{"past the API's bound", 10050, 0, 0, 9999, fetch.CutBound, 10},
		{"limit beyond the bound", 10050, 0, 20000, 9999, fetch.CutBound, 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			target, recs := citedPaper(tt.citers)
			srv := fetchtest.New(t, recs, fetchtest.Options{})
			c, _ := newClient(t, srv, nil)
			c.ReferencePageSize = tt.pageSize
			w, err := c.CitationsUpTo(context.Background(), target.PaperID, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(w.Papers) != tt.wantN || w.Cut != tt.wantCut || w.Unavailable {
				t.Errorf("got %d citing papers, cut %q, unavailable %t; want %d, cut %q", len(w.Papers), w.Cut, w.Unavailable, tt.wantN, tt.wantCut)
			}
			seen := map[string]bool{}
			for _, p := range w.Papers {
				if seen[p.PaperID] || !strings.HasPrefix(p.Title, "Citing paper") {
					t.Errorf("citing paper %s %q repeated or foreign", p.PaperID, p.Title)
				}
				seen[p.PaperID] = true
			}
			pages := 0
			srv.Wait()
			for _, r := range srv.Requests() {
				if r.Status != 200 {
					t.Errorf("%s answered %d", r.Key(), r.Status)
				}
				q, _ := url.ParseQuery(r.Query)
				var off, lim int
				fmt.Sscan(q.Get("offset"), &off)
				fmt.Sscan(q.Get("limit"), &lim)
				if off+lim >= 10000 {
					t.Errorf("asked offset %d + limit %d; the API refuses ≥ 10000", off, lim)
				}
				pages++
			}
			if pages != tt.wantPages {
				t.Errorf("%d pages; want %d", pages, tt.wantPages)
			}
		})
	}
}
