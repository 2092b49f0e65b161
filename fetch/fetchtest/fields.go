package fetchtest

import (
	"net/url"
	"sort"
	"strings"
)

// paperFields are the paper fields the live API recognises.
var paperFields = map[string]bool{
	"paperId": true, "corpusId": true, "externalIds": true, "url": true, "title": true,
	"abstract": true, "venue": true, "publicationVenue": true, "year": true,
	"referenceCount": true, "citationCount": true, "influentialCitationCount": true,
	"isOpenAccess": true, "openAccessPdf": true, "fieldsOfStudy": true,
	"s2FieldsOfStudy": true, "publicationTypes": true, "publicationDate": true,
	"journal": true, "citationStyles": true, "authors": true, "citations": true,
	"references": true, "embedding": true, "tldr": true, "textAvailability": true,
}

// nestedListFields are the paper fields that are themselves lists of papers.
var nestedListFields = map[string]bool{"citations": true, "references": true}

// edgeFields are the fields of a reference/citation edge (not of the paper).
var edgeFields = map[string]bool{"contexts": true, "intents": true, "isInfluential": true, "contextsWithIntent": true}

var authorFields = map[string]bool{
	"authorId": true, "name": true, "url": true, "affiliations": true, "homepage": true,
	"paperCount": true, "citationCount": true, "hIndex": true, "externalIds": true,
}

// fieldScope tells which fields an endpoint accepts.
type fieldScope int

const (
	scopePaper  fieldScope = iota // /paper/{id}, /paper/batch: nested lists allowed
	scopeSearch                   // /paper/search, /paper/search/match: no nested lists
	scopeEdge                     // /paper/{id}/references|citations: edge + paper fields
)

// fieldSet is a parsed fields parameter.
type fieldSet struct {
	top    []string            // top-level paper fields, in request order, deduplicated
	nested map[string][]string // "references" → sub-fields
	edge   []string            // edge fields (scopeEdge)
}

// parseFields parses a fields parameter the way the live API does: an
// unknown field (matchScore included) is a 400 naming every bad field.
func parseFields(s string, scope fieldScope) (fieldSet, []string) {
	fs := fieldSet{nested: map[string][]string{}}
	if strings.TrimSpace(s) == "" {
		fs.top = []string{"title"}
		return fs, nil
	}
	seen := map[string]bool{}
	var bad []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		head, sub, hasSub := strings.Cut(f, ".")
		switch {
		case scope == scopeEdge && edgeFields[f]:
			fs.edge = append(fs.edge, f)
		case !paperFields[head]:
			bad = append(bad, f)
		case hasSub && head == "authors":
			if !authorFields[sub] {
				bad = append(bad, f)
			} else if !seen["authors"] {
				seen["authors"] = true
				fs.top = append(fs.top, "authors")
			}
		case nestedListFields[head]:
			if scope != scopePaper {
				bad = append(bad, f)
				continue
			}
			if hasSub {
				subHead, _, _ := strings.Cut(sub, ".")
				if !paperFields[subHead] || nestedListFields[subHead] || (subHead != sub && subHead != "authors") {
					bad = append(bad, f)
					continue
				}
				fs.nested[head] = appendNew(fs.nested[head], subHead)
			} else if _, ok := fs.nested[head]; !ok {
				fs.nested[head] = nil
			}
			if !seen[head] {
				seen[head] = true
				fs.top = append(fs.top, head)
			}
		case hasSub:
			bad = append(bad, f)
		default:
			if !seen[f] {
				seen[f] = true
				fs.top = append(fs.top, f)
			}
		}
	}
	return fs, bad
}

func appendNew(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// selectFields returns the requested fields of a record (paperId always,
// missing values as null), with nested lists cut to nestedLimit (< 0: no cut).
func selectFields(raw map[string]any, fs fieldSet, nestedLimit int) map[string]any {
	out := map[string]any{"paperId": raw["paperId"]}
	for _, f := range fs.top {
		if nestedListFields[f] {
			items, ok := raw[f].([]any)
			if !ok {
				out[f] = nil
				continue
			}
			if nestedLimit >= 0 && len(items) > nestedLimit {
				items = items[:nestedLimit]
			}
			subs := fs.nested[f]
			if len(subs) == 0 {
				subs = []string{"title"}
			}
			sel := make([]any, 0, len(items))
			for _, it := range items {
				m, _ := it.(map[string]any)
				sel = append(sel, selectFields(m, fieldSet{top: subs}, nestedLimit))
			}
			out[f] = sel
			continue
		}
		out[f] = raw[f]
	}
	return out
}

// sortedQuery returns the query's canonical encoding (sorted keys and values).
func sortedQuery(q map[string][]string) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	return b.String()
}
