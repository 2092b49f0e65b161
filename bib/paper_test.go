package bib

import (
	"encoding/json"
	"testing"
)

// TestPaperDecodesLeniently: a field of an unexpected type costs that
// field, never the record; only a paperId or title of the wrong type, or
// a value that is not an object, is an error.
func TestPaperDecodesLeniently(t *testing.T) {
	const odd = `{"paperId":"abc","corpusId":{"x":1},"externalIds":{"DOI":"10.1/x","ArXiv":["1"],"CorpusId":42},
		"title":"T","year":"2017","venue":7,"authors":[{"authorId":5,"name":"Ada"}],"citationCount":"12",
		"journal":{"name":"J","volume":3},"references":[{"paperId":"r","title":"R","year":"x"}]}`
	var p Paper
	if err := json.Unmarshal([]byte(odd), &p); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if p.PaperID != "abc" || p.Title != "T" || p.ExternalIDs["DOI"] != "10.1/x" || p.ExternalIDs["CorpusId"] != "42" {
		t.Errorf("ids or title lost: %+v", p)
	}
	if _, ok := p.ExternalIDs["ArXiv"]; ok || p.CorpusID != "" || p.Year != 0 || p.Venue != "" || p.CitationCount != nil {
		t.Errorf("odd fields kept: %+v", p)
	}
	if len(p.Authors) != 1 || p.Authors[0].Name != "Ada" || p.Authors[0].AuthorID != "" {
		t.Errorf("authors = %+v; want Ada without an id", p.Authors)
	}
	if p.Journal == nil || p.Journal.Name != "J" {
		t.Errorf("journal = %+v", p.Journal)
	}
	if p.References == nil || len(*p.References) != 1 || (*p.References)[0].Title != "R" {
		t.Errorf("references = %+v", p.References)
	}
	for _, bad := range []string{`{"paperId":7,"title":"T"}`, `{"paperId":"a","title":["T"]}`, `["a"]`, `"a"`} {
		if err := json.Unmarshal([]byte(bad), new(Paper)); err == nil {
			t.Errorf("Unmarshal(%s) = nil; want an error", bad)
		}
	}
}
