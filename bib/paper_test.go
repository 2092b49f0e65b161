package bib

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/data"
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
	// A count that is null, missing or of another type is unknown (nil),
	// never 0; a count that is 0 is 0.
	for _, tt := range []struct {
		in   string
		want string
	}{
		{`{"paperId":"a","citationCount":null,"referenceCount":null}`, "<nil> <nil>"},
		{`{"paperId":"a"}`, "<nil> <nil>"},
		{`{"paperId":"a","citationCount":"3","referenceCount":[1]}`, "<nil> <nil>"},
		{`{"paperId":"a","citationCount":0,"referenceCount":7}`, "0 7"},
	} {
		var p Paper
		if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if got := countString(p.CitationCount) + " " + countString(p.ReferenceCount); got != tt.want {
			t.Errorf("Unmarshal(%s) counts = %s; want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{`{"paperId":7,"title":"T"}`, `{"paperId":"a","title":["T"]}`, `["a"]`, `"a"`} {
		if err := json.Unmarshal([]byte(bad), new(Paper)); err == nil {
			t.Errorf("Unmarshal(%s) = nil; want an error", bad)
		}
	}
}

func countString(n *int) string {
	if n == nil {
		return "<nil>"
	}
	return strconv.Itoa(*n)
}

// TestPaperFieldsMatchPaper: paperFields, the one-pass decoding target,
// has Paper's fields with Paper's types and tags (References aside, which
// holds paperFields), so the fast path reads every field Paper has.
func TestPaperFieldsMatchPaper(t *testing.T) {
	pt, ft := reflect.TypeFor[Paper](), reflect.TypeFor[paperFields]()
	if pt.NumField() != ft.NumField() {
		t.Fatalf("Paper has %d fields, paperFields %d", pt.NumField(), ft.NumField())
	}
	for i := range pt.NumField() {
		pf, ff := pt.Field(i), ft.Field(i)
		sameType := pf.Type == ff.Type || (pf.Name == "References" && ff.Type == reflect.TypeFor[*[]paperFields]())
		if pf.Name != ff.Name || pf.Tag != ff.Tag || !sameType {
			t.Errorf("field %d: Paper.%s %s %q; paperFields.%s %s %q", i, pf.Name, pf.Type, pf.Tag, ff.Name, ff.Type, ff.Tag)
		}
	}
}

// TestPaperDecodePathsAgree: on well-typed records (the embedded
// snapshot's) the one-pass decoding, the field-by-field one and
// json.Unmarshal give the same Paper.
func TestPaperDecodePathsAgree(t *testing.T) {
	n := 0
	for line := range bytes.Lines(data.Snapshot) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		n++
		fast, err := DecodePaper(line)
		if err != nil {
			t.Fatalf("DecodePaper: %v", err)
		}
		var slow, via Paper
		if err := slow.decodeLenient(line); err != nil {
			t.Fatalf("decodeLenient: %v", err)
		}
		if err := json.Unmarshal(line, &via); err != nil {
			t.Fatalf("json.Unmarshal: %v", err)
		}
		if !reflect.DeepEqual(*fast, slow) || !reflect.DeepEqual(*fast, via) {
			t.Errorf("record %s decodes differently:\nfast %+v\nslow %+v\nvia  %+v", fast.Key(), *fast, slow, via)
		}
	}
	if n < 40 {
		t.Fatalf("the snapshot gave %d records", n)
	}
}

// TestPaperBadReference: a reference that cannot be read (a numeric
// paperId) is left out; the citing paper and its other references stay.
func TestPaperBadReference(t *testing.T) {
	const rec = `{"paperId":"x","title":"Citing","references":[{"paperId":"a","title":"A"},{"paperId":5},{"paperId":"b","year":"soon"},"junk"]}`
	p, err := DecodePaper([]byte(rec))
	if err != nil {
		t.Fatalf("DecodePaper: %v", err)
	}
	if p.Title != "Citing" || p.References == nil {
		t.Fatalf("got %+v", p)
	}
	var ids []string
	for _, r := range *p.References {
		ids = append(ids, r.PaperID)
	}
	if strings.Join(ids, ",") != "a,b" {
		t.Errorf("references %v; want a,b (the unreadable ones left out)", ids)
	}
	var q Paper
	if err := json.Unmarshal([]byte(`{"paperId":"x","references":{"not":"a list"}}`), &q); err != nil || q.References != nil {
		t.Errorf("references of another type: %v, %v; want unknown (nil)", q.References, err)
	}
}
