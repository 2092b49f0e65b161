package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestLostReferencePagesAreUnavailable: a batch record whose reference list
// was left out (empty, referenceCount > 0) and whose reference pages then
// fail must say "references unavailable", not "cites nothing".
func TestLostReferencePagesAreUnavailable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/paper/batch":
			w.Write([]byte(`[{"paperId":"` + strings.Repeat("a", 40) + `","externalIds":{"ArXiv":"1802.00939"},"title":"T","referenceCount":5,"references":[]}]`))
		case strings.HasSuffix(r.URL.Path, "/references"):
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"message":"Internal Server Error"}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, MaxTries: 1, RPS: -1}
	ps, err := c.Papers(context.Background(), []string{"ARXIV:1802.00939"})
	if err != nil {
		t.Fatal(err)
	}
	if ps[0] == nil {
		t.Fatal("record lost")
	}
	if ps[0].ReferencesAvailable() {
		t.Errorf("references %v reported available after their pages failed", *ps[0].References)
	}
}
