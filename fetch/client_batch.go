package fetch

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/citegraph/citegraph/bib"
)

// A /paper/batch answer is an array in request order, null for unknown ids.
// A server that breaks that promise (elements reordered, missing, repeated,
// or an element that is an error object) must not make the client cache
// one paper under another's id. alignBatch checks each element against the
// ids asked for and realigns the answer by id when its order cannot be
// trusted.

// unansweredMarker stands, in an aligned batch answer, for an id the
// answer did not (verifiably) answer; it is never cached, and the id is
// asked again.
const unansweredMarker = `{"citegraph:unanswered":true}`

// unreadableKey marks, in an aligned batch answer, a record the client
// cannot decode: {"citegraph:unreadable":"<why>"}. It is never cached, and
// the id is not asked again.
const unreadableKey = "citegraph:unreadable"

// unreadable returns why an aligned batch element is a record the client
// cannot decode, if it is one.
func unreadable(it json.RawMessage) (string, bool) {
	var m map[string]string
	if len(it) == 0 || it[0] != '{' || json.Unmarshal(it, &m) != nil {
		return "", false
	}
	why, ok := m[unreadableKey]
	return why, ok
}

// batchItem is one element of a batch answer, as alignBatch sees it.
type batchItem struct {
	raw   json.RawMessage
	null  bool
	isErr bool            // an error object, e.g. {"error":"…"}
	ids   map[string]bool // lower-cased canonical ids the record is known by
}

// parseBatchItem reads one element. An element that is neither null, nor
// an error object, nor a paper object (one with a "paperId" key) makes the
// whole answer invalid.
func parseBatchItem(raw json.RawMessage) (batchItem, error) {
	it := batchItem{raw: raw}
	if string(raw) == "null" {
		it.null = true
		return it, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return it, fmt.Errorf("element is not an object or null: %.60s", raw)
	}
	if _, ok := m["paperId"]; !ok {
		_, e1 := m["error"]
		_, e2 := m["message"]
		if e1 || e2 {
			it.isErr = true
			return it, nil
		}
		return it, fmt.Errorf(`element without "paperId": %.60s`, raw)
	}
	var rec struct {
		PaperID     *string        `json:"paperId"`
		CorpusID    any            `json:"corpusId"`
		ExternalIDs map[string]any `json:"externalIds"`
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		return it, fmt.Errorf("element: %w", err)
	}
	if err := json.Unmarshal(raw, new(bib.Paper)); err != nil {
		// A record the client cannot read is that id's failure, not a
		// reason to distrust (and ask again for) the whole answer; asked
		// again, the server would send the same record.
		it.isErr = true
		it.raw, _ = json.Marshal(map[string]string{unreadableKey: err.Error()})
		return it, nil
	}
	it.ids = make(map[string]bool)
	add := func(pre string, v any) {
		s := strings.TrimSpace(fmt.Sprint(v))
		if v == nil || s == "" {
			return
		}
		it.ids[strings.ToLower(canonicalID(pre+s))] = true
	}
	if rec.PaperID != nil && *rec.PaperID != "" {
		add("", *rec.PaperID)
	}
	if rec.CorpusID != nil {
		add("CorpusId:", jsonNumberString(rec.CorpusID))
	}
	prefixes := map[string]string{
		"ArXiv": "ARXIV:", "DOI": "DOI:", "CorpusId": "CorpusId:", "MAG": "MAG:",
		"ACL": "ACL:", "PubMed": "PMID:", "PubMedCentral": "PMCID:",
	}
	for k, v := range rec.ExternalIDs {
		if pre, ok := prefixes[k]; ok && v != nil {
			add(pre, jsonNumberString(v))
		}
	}
	return it, nil
}

// jsonNumberString prints integral float64s (corpus ids decoded into any)
// without an exponent.
func jsonNumberString(v any) any {
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return int64(f)
	}
	return v
}

// verifiable reports whether a requested id can be checked against a
// record's ids (a URL: id cannot).
func verifiable(id string) bool { return !strings.HasPrefix(id, "URL:") }

// answers reports whether the item is the record of the requested id.
func (it batchItem) answers(id string) bool { return it.ids[strings.ToLower(id)] }

// alignBatch returns the answer to the ids of chunk as an array of
// len(chunk) elements in request order: the record, null (unknown id), an
// error object (the API failed on that id), or unansweredMarker (the
// answer said nothing trustworthy about that id). An answer in request
// order is kept as it is. Otherwise, when it is reordered (an element is
// the record of another requested id and not of its own) or has the wrong
// length, its records are placed by id; ids no record answers are then
// unknown when the nulls account for them exactly (every other element
// placed, as many nulls as such ids), and unanswered if not.
// An answer that is not an array, holds an element of another kind, or
// gives one id two different records is an error.
func alignBatch(chunk []string, body []byte) ([]json.RawMessage, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(body, &raws); err != nil {
		return nil, fmt.Errorf("batch answer is not an array: %w", err)
	}
	items := make([]batchItem, len(raws))
	for i, raw := range raws {
		it, err := parseBatchItem(raw)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		items[i] = it
	}
	asked := make(map[string]int, len(chunk))
	for j, id := range chunk {
		if _, dup := asked[strings.ToLower(id)]; !dup {
			asked[strings.ToLower(id)] = j
		}
	}
	// otherID reports whether a record answers a requested id other than
	// chunk[i] and not chunk[i] itself: the sign of a reordered answer.
	otherID := func(it batchItem, i int) bool {
		if it.null || it.isErr || !verifiable(chunk[i]) || it.answers(chunk[i]) {
			return false
		}
		for id := range it.ids {
			if j, ok := asked[id]; ok && j != i {
				return true
			}
		}
		return false
	}
	inOrder := len(items) == len(chunk)
	for i := 0; inOrder && i < len(items); i++ {
		inOrder = !otherID(items[i], i)
	}
	out := make([]json.RawMessage, len(chunk))
	if inOrder {
		for i, it := range items {
			out[i] = it.raw
		}
		return out, nil
	}

	// Place records by id.
	nulls := 0
	for _, it := range items {
		if it.null {
			nulls++
		}
	}
	placed := 0
	used := make([]bool, len(items))
	for j, id := range chunk {
		for k, it := range items {
			if it.null || it.isErr || !it.answers(id) {
				continue
			}
			if out[j] != nil && string(out[j]) != string(it.raw) {
				return nil, fmt.Errorf("two different records for %s", id)
			}
			out[j] = it.raw
			used[k] = true
		}
		if out[j] != nil {
			placed++
		}
	}
	// The nulls stand for exactly the ids no record answers when every
	// other element found its place (repeats included) and they number
	// as many as those ids.
	unplaced := 0
	for k, it := range items {
		if !it.null && !used[k] {
			unplaced++
		}
	}
	unknown := unplaced == 0 && nulls == len(chunk)-placed
	for j := range out {
		switch {
		case out[j] != nil:
		case unknown:
			out[j] = json.RawMessage("null")
		default:
			out[j] = json.RawMessage(unansweredMarker)
		}
	}
	return out, nil
}

// errBatchUnanswered is the cause recorded for ids a batch answer left
// unanswered (twice).
var errBatchUnanswered = errors.New("the batch answer did not answer these ids")
