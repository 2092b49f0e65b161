package bib

import (
	"bytes"
	"encoding/json"
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

// UnmarshalJSON accepts string and number values; nulls are dropped.
func (x *ExternalIDs) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw == nil {
		*x = nil
		return nil
	}
	m := make(ExternalIDs, len(raw))
	for k, v := range raw {
		var s FlexString
		if err := s.UnmarshalJSON(v); err != nil {
			return fmt.Errorf("externalIds.%s: %w", k, err)
		}
		if s != "" {
			m[k] = string(s)
		}
	}
	*x = m
	return nil
}

// FlexString decodes a JSON string or number (or null, as "").
type FlexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = FlexString(v)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want string or number, got %s", b)
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
		p := new(Paper)
		if err := json.Unmarshal(line, p); err != nil {
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
