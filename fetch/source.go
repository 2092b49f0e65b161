package fetch

import (
	"context"
	"errors"

	"github.com/citegraph/citegraph/bib"
)

// ErrNotFound is returned (wrapped) by a Source when a lookup finds nothing,
// e.g. the API's 404 "Title match not found".
var ErrNotFound = errors.New("not found")

// Source is where paper records come from. Both the embedded snapshot and the
// live Semantic Scholar client implement it; the resolver is written against
// it alone.
type Source interface {
	// Papers looks up records by API id ("<40-hex>", "ARXIV:…", "DOI:…",
	// "CorpusId:…"), like POST /paper/batch: the result has len(ids) elements
	// in the same order, nil for an unknown id. Records carry references when
	// the source knows them. An error means the whole lookup failed, except
	// a *BatchError, which names the ids that failed while the records of
	// the others are returned.
	Papers(ctx context.Context, ids []string) ([]*bib.Paper, error)

	// MatchTitle returns the source's single best match for a title, like
	// GET /paper/search/match, or an error wrapping ErrNotFound. The record
	// may be partial (id, title, year); the resolver fetches full records
	// with Papers. Score is the source's own ranking signal (unbounded).
	MatchTitle(ctx context.Context, title string) (p *bib.Paper, score float64, err error)

	// SearchTitle returns up to limit ranked candidates for a free-text query,
	// like GET /paper/search, for when the match is doubtful.
	SearchTitle(ctx context.Context, query string, limit int) ([]*bib.Paper, error)
}

// Status is the outcome of resolving one entry.
type Status string

// The statuses of a Resolution, as resolution.json writes them.
const (
	StatusResolved   Status = "resolved"
	StatusAmbiguous  Status = "ambiguous"
	StatusUnresolved Status = "unresolved"
)

// Method is how an entry was resolved.
type Method string

// How an entry was resolved: by its id, by the API's title match, or by
// verifying the title search's candidates.
const (
	MethodID         Method = "id"
	MethodTitleMatch Method = "title-match"
	MethodSearch     Method = "search"
)

// Candidate is a record considered for an entry.
type Candidate struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Year  int     `json:"year,omitempty"`
	Score float64 `json:"score"` // title agreement in [0,1]
}

// Resolution is the outcome for one entry. Paper is the full record when
// Status is StatusResolved, nil otherwise.
type Resolution struct {
	Entry       bib.Entry
	Status      Status
	Paper       *bib.Paper
	ID          string // Paper.Key() when resolved; else the entry's API id or "TITLE:<normalised listed title>"
	Method      Method
	Confidence  float64     // in [0,1]
	Candidates  []Candidate // best first; empty when resolved by id
	Corrections []string    // e.g. "year: listed 2017, record 2018"
	Reason      string      // why unresolved or ambiguous (never contains the API key)
	// Err is the Source error that left the entry unresolved, if one did
	// (see Transient); nil otherwise.
	Err error
}

// Transient reports whether err is a failure that says nothing about the
// paper: the source kept failing (429s, 5xx answers, timeouts, cut-off
// bodies) until it gave up (*RetryError). A later run may well succeed, and
// with a cache it repeats only the failed calls.
func Transient(err error) bool {
	var re *RetryError
	return errors.As(err, &re)
}

// ReferencePager is implemented by sources that can page through a paper's
// references separately (GET /paper/{id}/references), for papers whose
// reference list a batch answer could not carry in full. The result is nil
// when the reference list is unavailable.
type ReferencePager interface {
	References(ctx context.Context, id string) (*[]bib.Paper, error)
}
