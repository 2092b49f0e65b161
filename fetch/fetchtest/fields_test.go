package fetchtest

import (
	"strings"
	"testing"
)

func TestParseFields(t *testing.T) {
	tests := []struct {
		in    string
		scope fieldScope
		top   string
		bad   string
	}{
		{"", scopePaper, "title", ""},
		{"title,year,title", scopePaper, "title,year", ""},
		{"references.paperId,references.title,references.authors", scopePaper, "references", ""},
		{"authors.name,authors.authorId", scopePaper, "authors", ""},
		{"title,matchScore", scopeSearch, "title", "matchScore"},
		{"references", scopeSearch, "", "references"},
		{"references.references", scopePaper, "", "references.references"},
		{"contexts,title,isInfluential", scopeEdge, "title", ""},
		{"contexts", scopePaper, "", "contexts"},
		{"title.x", scopePaper, "", "title.x"},
	}
	for _, tt := range tests {
		fs, bad := parseFields(tt.in, tt.scope)
		if got := strings.Join(fs.top, ","); got != tt.top || strings.Join(bad, ",") != tt.bad {
			t.Errorf("parseFields(%q) = %q, bad %q; want %q, bad %q", tt.in, got, bad, tt.top, tt.bad)
		}
	}
}

func FuzzParseFields(f *testing.F) {
	for _, s := range []string{"", "title", "references.title,authors.name", "a.b.c,,", "matchScore", "references.authors.name"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, scope := range []fieldScope{scopePaper, scopeSearch, scopeEdge} {
			fs, _ := parseFields(s, scope)
			for _, f := range fs.top {
				if !paperFields[f] {
					t.Fatalf("parseFields(%q) accepted unknown field %q", s, f)
				}
				if nestedListFields[f] && scope != scopePaper {
					t.Fatalf("parseFields(%q) accepted nested %q in scope %d", s, f, scope)
				}
			}
		}
	})
}

func FuzzRoute(f *testing.F) {
	for _, s := range []string{"/paper/search/match", "/paper/DOI:10.1%2Fx/references", "/paper/%zz", "/paper//citations", "/x"} {
		f.Add("GET", s)
	}
	srv := &Server{byID: map[string]*fakeRecord{}}
	f.Fuzz(func(t *testing.T, method, path string) {
		ep, id := route(method, path)
		if ep == EndpointPaper || ep == EndpointReferences || ep == EndpointCitations {
			if id == "" {
				t.Fatalf("route(%q) = %s with an empty id", path, ep)
			}
			_ = srv.lookup(id)
		}
	})
}
