package fetch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
)

// Snapshot is a Source over a fixed set of paper records held in memory,
// such as the embedded Semantic Scholar snapshot of the model-compression
// list. It answers like the API would: by id (every id form the API
// accepts), by best title match and by ranked title search. It never changes
// after construction, is safe for concurrent use, and returns copies, so
// callers cannot alter its records.
type Snapshot struct {
	name   string
	date   string
	papers []*bib.Paper
	byID   map[string]int // canonical id (see snapCanonID) → index in papers

	// title index for MatchTitle and SearchTitle
	docs     []snapDoc
	postings map[string][]snapPosting
	avgLen   float64
}

type snapDoc struct {
	length   int // words in the normalised title
	distinct int // distinct words
}

type snapPosting struct {
	doc int
	tf  int
}

// NewSnapshot builds a Snapshot from JSON Lines holding one API paper object
// per line (see bib.DecodeJSONL). name is used in messages. A snapshot is
// data that is vouched for, so any undecodable line is an error naming
// name:line; blank lines are skipped. When two records share an id, the first
// one answers for it.
func NewSnapshot(name string, jsonl []byte) (*Snapshot, error) {
	ps, problems := bib.DecodeJSONL(name, jsonl)
	if len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, p := range problems {
			errs[i] = p
		}
		return nil, fmt.Errorf("fetch: snapshot %s: %w", name, errors.Join(errs...))
	}
	s := &Snapshot{name: name, papers: ps, byID: make(map[string]int), postings: make(map[string][]snapPosting)}
	total := 0
	for i, p := range ps {
		for _, k := range snapPaperKeys(p) {
			if _, dup := s.byID[k]; !dup {
				s.byID[k] = i
			}
		}
		words := strings.Fields(bib.NormalizeTitle(p.Title))
		tf := make(map[string]int, len(words))
		for _, w := range words {
			tf[w]++
		}
		s.docs = append(s.docs, snapDoc{length: len(words), distinct: len(tf)})
		total += len(words)
		for _, w := range bib.SortedKeys(tf) {
			s.postings[w] = append(s.postings[w], snapPosting{doc: i, tf: tf[w]})
		}
	}
	if len(ps) > 0 {
		s.avgLen = float64(total) / float64(len(ps))
	}
	return s, nil
}

var (
	defaultSnapshot     *Snapshot
	defaultSnapshotOnce sync.Once
)

// DefaultSnapshot returns the Snapshot over the embedded Semantic Scholar
// snapshot (package data), built once and shared. It panics if the embedded
// data is corrupt, which the tests rule out.
func DefaultSnapshot() *Snapshot {
	defaultSnapshotOnce.Do(func() {
		s, err := NewSnapshot("model-compression.s2.jsonl", data.Snapshot)
		if err != nil {
			panic(err)
		}
		s.date = data.SnapshotDate
		defaultSnapshot = s
	})
	return defaultSnapshot
}

// Name returns the name the snapshot was built with.
func (s *Snapshot) Name() string { return s.name }

// Date returns the day the snapshot's records were read (YYYY-MM-DD), or ""
// when unknown (a snapshot from NewSnapshot).
func (s *Snapshot) Date() string { return s.date }

// Len returns the number of records.
func (s *Snapshot) Len() int { return len(s.papers) }

// All returns a copy of every record, in file order.
func (s *Snapshot) All() []*bib.Paper {
	out := make([]*bib.Paper, len(s.papers))
	for i, p := range s.papers {
		out[i] = snapClone(p)
	}
	return out
}

// Papers implements Source. Every id form of the API is accepted: a 40-hex
// paperId, "ARXIV:1707.06342" (prefix in any case, version suffix ignored),
// "DOI:10.…" (any case), "CorpusId:N", "MAG:", "ACL:", "PMID:", "URL:" of an
// arXiv, doi.org or semanticscholar.org page, and "TITLE:<title>" for records
// without any identifier. Unknown ids give nil.
func (s *Snapshot) Papers(ctx context.Context, ids []string) ([]*bib.Paper, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("fetch: snapshot %s: %w", s.name, err)
	}
	out := make([]*bib.Paper, len(ids))
	for i, id := range ids {
		if j, ok := s.byID[snapCanonID(id)]; ok {
			out[i] = snapClone(s.papers[j])
		}
	}
	return out, nil
}

// MatchTitle implements Source like GET /paper/search/match: the record with
// the highest ranking score (see SearchTitle) if the words it shares with the
// query carry at least half the query's weight (inverse document frequency;
// words the snapshot has never seen weigh most), else an error wrapping
// ErrNotFound. The pick is the source's opinion, not a verified match.
func (s *Snapshot) MatchTitle(ctx context.Context, title string) (*bib.Paper, float64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, fmt.Errorf("fetch: snapshot %s: %w", s.name, err)
	}
	hits, qWeight := s.rank(title)
	if len(hits) == 0 || hits[0].shared < 0.5*qWeight {
		return nil, 0, fmt.Errorf("fetch: snapshot %s: title match %q: %w", s.name, title, ErrNotFound)
	}
	return snapClone(s.papers[hits[0].doc]), hits[0].score, nil
}

// SearchTitle implements Source like GET /paper/search: up to limit records
// (10 when limit ≤ 0, at most 100) sharing a word with the query, best first.
// The score is BM25 (k1 = 1.2, b = 0.75) over normalised title words,
// multiplied by (1 + c)/2 where c is the fraction of the record's distinct
// words found in the query, so that a title fully covered by the query ranks
// above a longer one; ties go to file order.
func (s *Snapshot) SearchTitle(ctx context.Context, query string, limit int) ([]*bib.Paper, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("fetch: snapshot %s: %w", s.name, err)
	}
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, 100)
	hits, _ := s.rank(query)
	if len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]*bib.Paper, len(hits))
	for i, h := range hits {
		out[i] = snapClone(s.papers[h.doc])
	}
	return out, nil
}

type snapHit struct {
	doc    int
	score  float64
	shared float64 // idf weight of the query words the record holds
}

// rank scores every record sharing a word with query, best first, and
// returns the query's total idf weight.
func (s *Snapshot) rank(query string) ([]snapHit, float64) {
	const k1, b = 1.2, 0.75
	words := strings.Fields(bib.NormalizeTitle(query))
	if len(words) > 256 {
		words = words[:256]
	}
	n := float64(len(s.papers))
	seen := make(map[string]bool, len(words))
	acc := make(map[int]*snapHit)
	covered := make(map[int]int)
	var qWeight float64
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		ps := s.postings[w]
		df := float64(len(ps))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		qWeight += idf
		for _, p := range ps {
			d := s.docs[p.doc]
			tf := float64(p.tf)
			norm := 1 - b
			if s.avgLen > 0 {
				norm += b * float64(d.length) / s.avgLen
			}
			h := acc[p.doc]
			if h == nil {
				h = &snapHit{doc: p.doc}
				acc[p.doc] = h
			}
			h.score += idf * tf * (k1 + 1) / (tf + k1*norm)
			h.shared += idf
			covered[p.doc]++
		}
	}
	hits := make([]snapHit, 0, len(acc))
	for doc, h := range acc {
		c := float64(covered[doc]) / float64(max(1, s.docs[doc].distinct))
		h.score *= (1 + c) / 2
		hits = append(hits, *h)
	}
	slices.SortFunc(hits, func(a, b snapHit) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.doc, b.doc))
	})
	return hits, qWeight
}

// snapPaperKeys returns the canonical ids under which p is found.
func snapPaperKeys(p *bib.Paper) []string {
	var ks []string
	for _, k := range p.AliasKeys() {
		ks = append(ks, snapCanonID(k))
	}
	for _, x := range [...][2]string{{"MAG", "MAG:"}, {"ACL", "ACL:"}, {"PubMed", "PMID:"}, {"PubMedCentral", "PMCID:"}} {
		if v := p.ExternalIDs[x[0]]; v != "" {
			ks = append(ks, snapCanonID(x[1]+v))
		}
	}
	return ks
}

var (
	snapHexID      = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
	snapArxivVer   = regexp.MustCompile(`v[0-9]+$`)
	snapArxivURL   = regexp.MustCompile(`(?i)^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$`)
	snapDOIURL     = regexp.MustCompile(`(?i)^(?:https?://)?(?:dx\.)?doi\.org/(.+)$`)
	snapS2URL      = regexp.MustCompile(`(?i)^(?:https?://)?(?:www\.)?semanticscholar\.org/paper/(?:.*/)?([0-9a-f]{40})/?$`)
	snapCorpusURL  = regexp.MustCompile(`(?i)^(?:https?://)?api\.semanticscholar\.org/corpusid:([0-9]+)$`)
	snapIDPrefixes = map[string]string{
		"ARXIV": "ARXIV", "DOI": "DOI", "CORPUSID": "CorpusId", "TITLE": "TITLE",
		"MAG": "MAG", "ACL": "ACL", "PMID": "PMID", "PMCID": "PMCID", "URL": "URL",
	}
)

// snapCanonID returns the canonical form of an API id, so that equal ids
// compare equal: a paperId in lower case; "ARXIV:" + the id in lower case
// without version; "DOI:" + the DOI in lower case (a doi.org URL or "doi:"
// prefix removed); "CorpusId:" + digits; "TITLE:" + the normalised title;
// "URL:…" of arXiv, doi.org and Semantic Scholar pages turned into the id
// they name. Other forms are returned trimmed, the prefix in canonical case.
func snapCanonID(id string) string {
	id = strings.TrimSpace(id)
	if snapHexID.MatchString(id) {
		return strings.ToLower(id)
	}
	prefix, val, ok := strings.Cut(id, ":")
	if !ok {
		return id
	}
	canon, known := snapIDPrefixes[strings.ToUpper(strings.TrimSpace(prefix))]
	if !known {
		return id
	}
	val = strings.TrimSpace(val)
	switch canon {
	case "ARXIV":
		return "ARXIV:" + snapFixpoint(val, func(v string) string {
			v = strings.ToLower(v)
			if m := snapArxivURL.FindStringSubmatch(v); m != nil {
				v = m[1]
			}
			v = strings.TrimSpace(strings.TrimPrefix(v, "arxiv:"))
			return strings.TrimSpace(snapArxivVer.ReplaceAllString(v, ""))
		})
	case "DOI":
		return "DOI:" + snapFixpoint(val, func(v string) string {
			v = strings.ToLower(v)
			if m := snapDOIURL.FindStringSubmatch(v); m != nil {
				v = m[1]
			}
			v = strings.TrimSpace(strings.TrimPrefix(v, "doi:"))
			// An escaped DOI ("10.1000%2fabc") is unescaped when that leaves
			// no escape behind, which keeps the result stable.
			if u, err := url.PathUnescape(v); err == nil && u != v && !strings.Contains(u, "%") {
				v = strings.TrimSpace(u)
			}
			return v
		})
	case "TITLE":
		return "TITLE:" + bib.NormalizeTitle(val)
	case "URL":
		if m := snapArxivURL.FindStringSubmatch(val); m != nil {
			return snapCanonID("ARXIV:" + m[1])
		}
		if m := snapDOIURL.FindStringSubmatch(val); m != nil {
			return snapCanonID("DOI:" + m[1])
		}
		if m := snapS2URL.FindStringSubmatch(val); m != nil {
			return strings.ToLower(m[1])
		}
		if m := snapCorpusURL.FindStringSubmatch(val); m != nil {
			return "CorpusId:" + m[1]
		}
		return "URL:" + val
	}
	return canon + ":" + val
}

// snapFixpoint applies f until the value no longer changes (at most 8 times),
// so that canonical ids are stable under a second canonicalisation.
func snapFixpoint(v string, f func(string) string) string {
	for range 8 {
		w := f(v)
		if w == v {
			break
		}
		v = w
	}
	return v
}

// snapClone returns a deep copy of p.
func snapClone(p *bib.Paper) *bib.Paper {
	if p == nil {
		return nil
	}
	c := *p
	if p.ExternalIDs != nil {
		c.ExternalIDs = make(bib.ExternalIDs, len(p.ExternalIDs))
		for k, v := range p.ExternalIDs {
			c.ExternalIDs[k] = v
		}
	}
	if p.PublicationVenue != nil {
		v := *p.PublicationVenue
		v.AlternateNames = snapCloneSlice(v.AlternateNames)
		c.PublicationVenue = &v
	}
	c.PublicationTypes = snapCloneSlice(p.PublicationTypes)
	if p.Journal != nil {
		j := *p.Journal
		c.Journal = &j
	}
	c.Authors = snapCloneSlice(p.Authors)
	if p.CitationCount != nil {
		n := *p.CitationCount
		c.CitationCount = &n
	}
	if p.ReferenceCount != nil {
		n := *p.ReferenceCount
		c.ReferenceCount = &n
	}
	if p.References != nil {
		refs := make([]bib.Paper, len(*p.References))
		for i := range *p.References {
			refs[i] = *snapClone(&(*p.References)[i])
		}
		c.References = &refs
	}
	return &c
}

func snapCloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}
