package fetch

import (
	"context"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
)

// fallbackSrc knows one paper by its paperId only.
type fallbackSrc struct{ calls []string }

var fallbackPID = strings.Repeat("c", 40)

func (s *fallbackSrc) Papers(ctx context.Context, ids []string) ([]*bib.Paper, error) {
	s.calls = append(s.calls, strings.Join(ids, ","))
	out := make([]*bib.Paper, len(ids))
	for i, id := range ids {
		if id == fallbackPID {
			refs := []bib.Paper{}
			out[i] = &bib.Paper{PaperID: fallbackPID, Title: "Deep Widget Networks for Things", Year: 2019,
				ExternalIDs: bib.ExternalIDs{"DOI": "10.1/x"}, References: &refs, Authors: []bib.Author{{Name: "A B"}}}
		}
	}
	return out, nil
}
func (s *fallbackSrc) MatchTitle(ctx context.Context, t string) (*bib.Paper, float64, error) {
	return &bib.Paper{PaperID: fallbackPID, Title: "Deep Widget Networks for Things", Year: 2019, ExternalIDs: bib.ExternalIDs{"DOI": "10.1/x"}}, 100, nil
}
func (s *fallbackSrc) SearchTitle(ctx context.Context, q string, n int) ([]*bib.Paper, error) {
	return nil, nil
}

// A listed DOI the source does not know, whose title matches a record that
// carries that same DOI: the full record is fetched by its paperId.
func TestResolveFallbackFetchesByPaperID(t *testing.T) {
	src := &fallbackSrc{}
	r := &Resolver{Source: src}
	res, err := r.Resolve(context.Background(), []bib.Entry{{Kind: bib.KindPaper, Title: "Deep Widget Networks for Things", Year: 2019, IDs: bib.IDs{DOI: "10.1/x"}}})
	if err != nil {
		t.Fatal(err)
	}
	r0 := res[0]
	if r0.Status != StatusResolved || r0.Paper == nil || !r0.Paper.ReferencesAvailable() || len(r0.Paper.Authors) != 1 {
		t.Fatalf("calls %q: %s %q; want resolved with the full record fetched by its paperId", src.calls, r0.Status, r0.Reason)
	}
	if len(src.calls) != 2 || src.calls[1] != fallbackPID {
		t.Errorf("Papers calls %q; want the unknown DOI, then the matched paperId", src.calls)
	}
	if r0.Reason != "id DOI:10.1/x not found in this source; resolved by title" {
		t.Errorf("reason %q", r0.Reason)
	}
}
