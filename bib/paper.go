package bib

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// Paper is a paper record in the shape of the Semantic Scholar Academic Graph
// API's paper object, so the same decoding serves the live API, the cache and
// the embedded snapshot. Unknown values are zero (PaperID "", Year 0) or nil
// (CitationCount, References).
type Paper struct {
	PaperID          string      `json:"paperId"`
	CorpusID         FlexString  `json:"corpusId,omitempty"`
	ExternalIDs      ExternalIDs `json:"externalIds,omitempty"`
	Title            string      `json:"title"`
	Year             int         `json:"year,omitempty"`
	Venue            string      `json:"venue,omitempty"`
	PublicationVenue *Venue      `json:"publicationVenue,omitempty"`
	PublicationTypes []string    `json:"publicationTypes,omitempty"`
	Journal          *Journal    `json:"journal,omitempty"`
	PublicationDate  string      `json:"publicationDate,omitempty"`
	Authors          []Author    `json:"authors,omitempty"`
	CitationCount    *int        `json:"citationCount"`
	ReferenceCount   *int        `json:"referenceCount"`
	// References is nil when the reference list is unavailable (the API's
	// `references: null`, e.g. withheld by the publisher), which is not the
	// same as an empty list ("cites nothing").
	References *[]Paper `json:"references,omitempty"`
}

// UnmarshalJSON decodes a paper record leniently: a field whose value has
// an unexpected type (a number where the API documents a string, say) is
// left at its zero value and the rest of the record is kept, and a
// reference that cannot be read is left out of References, so one odd
// field never costs a whole paper. Only a paperId or title of the wrong
// type, or JSON that is not an object, is an error. Like every field, a
// field the record lacks is left at its zero value.
func (p *Paper) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) == 0 || b[0] != '{' {
		return errors.New("paper record is not a JSON object")
	}
	return p.decode(b)
}

// DecodePaper decodes one paper record as Paper.UnmarshalJSON does, but
// faster when b is a whole JSON document (a cache entry, a JSON Lines
// line): encoding/json need not find the record's end first.
func DecodePaper(b []byte) (*Paper, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, errors.New("paper record is not a JSON object")
	}
	p := new(Paper)
	if err := p.decode(b); err != nil {
		return nil, err
	}
	return p, nil
}

// decode decodes the JSON object b into p.
func (p *Paper) decode(b []byte) error {
	// A well-typed record (the API's, the cache's) decodes in one pass,
	// its references with it; only a record with a field of another type
	// is read again, field by field.
	var f paperFields
	err := json.Unmarshal(b, &f)
	if err == nil {
		*p = f.paper()
		return nil
	}
	if te := (*json.UnmarshalTypeError)(nil); !errors.As(err, &te) {
		return err
	}
	return p.decodeLenient(b)
}

// decodeLenient decodes a record with at least one field of an unexpected
// type.
func (p *Paper) decodeLenient(b []byte) error {
	type plain Paper // the same fields, without UnmarshalJSON
	var v struct {
		plain
		// The fields below shadow plain's: they are read apart, the
		// identity fields strictly, the counts leniently (a count of the
		// wrong type is unknown, nil, never 0) and the references one by
		// one.
		PaperID        json.RawMessage `json:"paperId"`
		Title          json.RawMessage `json:"title"`
		CitationCount  json.RawMessage `json:"citationCount"`
		ReferenceCount json.RawMessage `json:"referenceCount"`
		References     json.RawMessage `json:"references"`
	}
	// encoding/json keeps decoding after a type mismatch among plain
	// fields and reports only the first, so every other field is filled in
	// when one is reported.
	var te *json.UnmarshalTypeError
	if err := json.Unmarshal(b, &v); err != nil && !errors.As(err, &te) {
		return err
	}
	*p = Paper(v.plain)
	var err error
	if p.PaperID, err = identityString("paperId", v.PaperID); err != nil {
		return err
	}
	if p.Title, err = identityString("title", v.Title); err != nil {
		return err
	}
	p.CitationCount = lenientCount(v.CitationCount)
	p.ReferenceCount = lenientCount(v.ReferenceCount)
	p.References = lenientReferences(v.References)
	return nil
}

// lenientReferences is a reference list with the references that cannot
// be read left out, or nil (unknown) for null, a missing value or a value
// that is not a list.
func lenientReferences(raw json.RawMessage) *[]Paper {
	var items []json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &items) != nil || items == nil {
		return nil
	}
	refs := make([]Paper, 0, len(items))
	for _, it := range items {
		var r Paper
		if r.UnmarshalJSON(it) == nil {
			refs = append(refs, r)
		}
	}
	return &refs
}

// paperFields has Paper's fields, References too, without Paper's
// UnmarshalJSON, so that encoding/json decodes a record and its references
// in one pass (TestPaperFieldsMatchPaper keeps the two in step).
type paperFields struct {
	PaperID          string         `json:"paperId"`
	CorpusID         FlexString     `json:"corpusId,omitempty"`
	ExternalIDs      ExternalIDs    `json:"externalIds,omitempty"`
	Title            string         `json:"title"`
	Year             int            `json:"year,omitempty"`
	Venue            string         `json:"venue,omitempty"`
	PublicationVenue *Venue         `json:"publicationVenue,omitempty"`
	PublicationTypes []string       `json:"publicationTypes,omitempty"`
	Journal          *Journal       `json:"journal,omitempty"`
	PublicationDate  string         `json:"publicationDate,omitempty"`
	Authors          []Author       `json:"authors,omitempty"`
	CitationCount    *int           `json:"citationCount"`
	ReferenceCount   *int           `json:"referenceCount"`
	References       *[]paperFields `json:"references,omitempty"`
}

// paper returns the Paper f holds.
func (f *paperFields) paper() Paper {
	p := Paper{
		PaperID: f.PaperID, CorpusID: f.CorpusID, ExternalIDs: f.ExternalIDs, Title: f.Title,
		Year: f.Year, Venue: f.Venue, PublicationVenue: f.PublicationVenue, PublicationTypes: f.PublicationTypes,
		Journal: f.Journal, PublicationDate: f.PublicationDate, Authors: f.Authors,
		CitationCount: f.CitationCount, ReferenceCount: f.ReferenceCount,
	}
	if f.References != nil {
		refs := make([]Paper, len(*f.References))
		for i := range *f.References {
			refs[i] = (*f.References)[i].paper()
		}
		p.References = &refs
	}
	return p
}

// identityString decodes a field that identifies a record, a JSON string
// or null; a value of another type makes the record unreadable.
func identityString(name string, raw json.RawMessage) (string, error) {
	var s *string
	if len(raw) == 0 {
		return "", nil
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s: want a string, got %.40s", name, raw)
	}
	if s == nil {
		return "", nil
	}
	return *s, nil
}

// lenientCount is a JSON integer, or nil for null, a missing value or a
// value of another type.
func lenientCount(raw json.RawMessage) *int {
	var n *int // null leaves it nil
	if len(raw) == 0 || json.Unmarshal(raw, &n) != nil {
		return nil
	}
	return n
}

// Author is a paper's author.
type Author struct {
	AuthorID string `json:"authorId,omitempty"`
	Name     string `json:"name"`
}

// Journal is the API's journal object; Name may carry volume and issue.
type Journal struct {
	Name   string `json:"name,omitempty"`
	Volume string `json:"volume,omitempty"`
	Pages  string `json:"pages,omitempty"`
}

// Venue is the API's publicationVenue object.
type Venue struct {
	ID             string   `json:"id,omitempty"`
	Name           string   `json:"name,omitempty"`
	Type           string   `json:"type,omitempty"` // "conference", "journal", ...
	AlternateNames []string `json:"alternate_names,omitempty"`
	URL            string   `json:"url,omitempty"`
}

// ExternalIDs maps an id kind ("ArXiv", "DOI", "CorpusId", "DBLP", ...) to its
// value. The API sends corpus ids as integers at top level and as strings in
// nested objects; both decode to strings.
type ExternalIDs map[string]string

// UnmarshalJSON accepts string and number values; nulls and values of
// any other type are dropped, and anything but an object decodes as no
// ids, so odd ids never cost the rest of a record.
func (x *ExternalIDs) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		*x = nil
		return nil
	}
	m := make(ExternalIDs, len(raw))
	for k, v := range raw {
		var s FlexString
		if s.UnmarshalJSON(v) == nil && s != "" {
			m[k] = string(s)
		}
	}
	*x = m
	return nil
}

// FlexString decodes a JSON string or number (null as ""). Other values
// (objects, arrays, booleans) decode as "" too: a record whose id field
// has an unexpected shape keeps its other fields.
type FlexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*s = ""
	switch {
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = FlexString(v)
	case len(b) > 0 && (b[0] == '-' || '0' <= b[0] && b[0] <= '9'):
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*s = FlexString(n.String())
	}
	return nil
}

// IDs returns the identifiers the record carries.
func (p *Paper) IDs() IDs {
	ids := IDs{S2: p.PaperID, ArXiv: p.ExternalIDs["ArXiv"], DOI: p.ExternalIDs["DOI"], CorpusID: string(p.CorpusID)}
	if ids.CorpusID == "" {
		ids.CorpusID = p.ExternalIDs["CorpusId"]
	}
	return ids
}

// Key returns the paper's stable id as the output schemas define it: the
// Semantic Scholar paperId when known, else the id form the API accepts
// ("ARXIV:1707.06342", "DOI:10.1109/ICCV.2017.541", "CorpusId:N"), else
// "TITLE:<normalised title>".
func (p *Paper) Key() string {
	if id := p.IDs().APIID(); id != "" {
		return id
	}
	return "TITLE:" + NormalizeTitle(p.Title)
}

// AliasKeys returns every key under which the paper may be referred to:
// its paperId, "ARXIV:…", "DOI:…" (DOI lower-cased), "CorpusId:…" and
// "TITLE:<normalised title>". Used to match reference items, which often lack
// a paperId, to papers of the list.
func (p *Paper) AliasKeys() []string {
	ks := p.IDs().Keys()
	if t := NormalizeTitle(p.Title); t != "" {
		ks = append(ks, "TITLE:"+t)
	}
	return ks
}

// ReferencesAvailable reports whether the record carries a reference list.
func (p *Paper) ReferencesAvailable() bool { return p.References != nil }

// Citations returns *p.CitationCount or -1 when unknown.
func (p *Paper) Citations() int {
	if p.CitationCount == nil {
		return -1
	}
	return *p.CitationCount
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// DecodeJSONL decodes one Paper per non-blank line. A bad line is reported as
// a *ParseError naming name and the line, and decoding goes on.
func DecodeJSONL(name string, data []byte) ([]*Paper, []*ParseError) {
	var ps []*Paper
	var errs []*ParseError
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		p, err := DecodePaper(line)
		if err != nil {
			errs = append(errs, &ParseError{File: name, Line: i + 1, Msg: "bad paper record", Err: err})
			continue
		}
		ps = append(ps, p)
	}
	return ps, errs
}

// SortedKeys returns m's keys in ascending order.
func SortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
