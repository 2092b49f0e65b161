package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sort"
	"strings"

	"github.com/citegraph/citegraph/bib"
)

// DefaultBatchSize is the number of ids per Papers call when
// Resolver.BatchSize is zero: the API's limit for POST /paper/batch.
const DefaultBatchSize = 500

// resAmbiguityMargin is how close the confidences of two acceptable
// candidates must be for the choice between them to be called ambiguous.
const resAmbiguityMargin = 0.02

// resMaxCandidates is how many candidates a Resolution lists at most.
const resMaxCandidates = 5

// Resolver resolves reading-list entries to paper records of a Source with
// as few calls as the Source allows. The zero value is not usable: Source is
// required. A Resolver holds no state between calls and may be reused, but
// not used by two goroutines at once if Progress is not safe for that.
type Resolver struct {
	Source    Source
	Logger    *slog.Logger          // nil: discard
	Progress  func(done, total int) // optional; called as entries are looked up (see resRun.looked)
	BatchSize int                   // ids per Papers call; 0: DefaultBatchSize
}

// Resolve returns one Resolution per entry, in entry order. Callers pass
// paper entries (bib.KindPaper).
//
// Calls made:
//   - one MatchTitle per distinct normalised title among entries without an
//     id (an entry with an id is never matched by title up front), and one
//     SearchTitle for such a title when the match is doubtful (not accepted,
//     or not found);
//   - one Papers call per BatchSize distinct ids: the entries' ids and the
//     title-matched records' ids, a record listed twice being fetched once;
//   - for an entry whose id the Source does not know, a title match as above
//     (if it has a title), then one more Papers round for the new ids.
//
// Titles are sent to the Source without markup (HTML entities, LaTeX, a
// trailing ellipsis; see TitleAgreement). A title match is accepted when
// TitleAgreement(listed, record) reaches TitleAcceptThreshold and the listed
// year is within two years of the record's (or either is unknown), or, for
// an exact title of at least four content words, within ten years (a
// preprint listed with a later version's year). The Source's pick is
// trusted only when it is accepted, agrees at least 0.9 (a bare name may
// name two papers), its year is less than two years from the listed one and
// the listed title is not truncated (a cut title may hide "Part II"). Otherwise the search candidates (and the pick) are verified
// the same way: the most
// confident acceptable one wins, two acceptable ones whose confidences are
// within 0.02 make the entry ambiguous (both listed as candidates), and none
// leaves it unresolved with the closest candidates listed.
//
// Confidence is 1 for a record found by id, except when the listed title
// disagrees strongly with the record's (see resIDConfidence): the id wins,
// but the list may link the wrong paper, so the confidence is 0.5 and
// Reason warns (the title correction shows both titles). For a title match
// it is TitleAgreement × the year factor, which is 1 when the years are
// equal, 0.95 one year apart, 0.85 two years apart, 0.7 further apart (exact
// long titles only) and 0.9 when either year is unknown. Ambiguous and
// unresolved entries have confidence 0.
//
// A Source error never aborts the run: the entries that needed that call are
// unresolved, with the error as Reason. Only the cancellation of ctx stops
// early; the entries not resolved by then are unresolved with Reason
// "interrupted", and the error is ctx.Err().
func (r *Resolver) Resolve(ctx context.Context, entries []bib.Entry) ([]Resolution, error) {
	if r.Source == nil {
		return nil, errors.New("fetch: Resolver has no Source")
	}
	// A source that refuses every request (a refused API key, an address
	// that is not the API) ends the run at once: each later call would fail
	// the same way.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	run := &resRun{
		r:       r,
		ctx:     ctx,
		cancel:  cancel,
		log:     r.Logger,
		out:     make([]Resolution, len(entries)),
		final:   make([]bool, len(entries)),
		counted: make([]bool, len(entries)),
		titles:  make(map[string]*resTitleLookup),
		uses:    make(map[string]int),
		fetched: make(map[string]*resFetched),
		tokens:  make(map[string][]simToken),
	}
	if run.log == nil {
		run.log = slog.New(slog.DiscardHandler)
	}
	for i, e := range entries {
		run.out[i] = Resolution{Entry: e, Status: StatusUnresolved, ID: resEntryID(e)}
	}
	err := run.resolve()
	if err != nil {
		reason := "interrupted"
		if cause := context.Cause(ctx); isRefusal(cause) {
			reason, err = cause.Error(), cause
		}
		for i := range run.out {
			if !run.final[i] {
				run.out[i].Status = StatusUnresolved
				run.out[i].Paper = nil
				run.out[i].Reason = reason
				run.finish(i)
			}
		}
		return run.out, err
	}
	return run.out, nil
}

// resEntryID is an entry's id before resolution: its API id, else
// "TITLE:<normalised listed title>".
func resEntryID(e bib.Entry) string {
	if id := e.IDs.APIID(); id != "" {
		return snapCanonID(id)
	}
	if t := bib.NormalizeTitle(e.Title); t != "" {
		return "TITLE:" + t
	}
	return ""
}

type resRun struct {
	r       *Resolver
	ctx     context.Context
	cancel  context.CancelCauseFunc
	log     *slog.Logger
	out     []Resolution
	final   []bool
	counted []bool // counted by Progress (see looked)
	done    int

	// titles holds the Source's answers for each title looked up, until
	// the last entry that may need them (uses counts those still to come):
	// a long list of distinct titles would otherwise keep every search's
	// records to the end of the run.
	titles  map[string]*resTitleLookup // titleKey → lookups made
	uses    map[string]int             // titleKey → entries that may still look it up
	fetched map[string]*resFetched     // canonical id → Papers answer
	// tokens holds titles split into words for TitleAgreement: a record's
	// title is compared with many listed ones. At most resMaxTokenized.
	tokens map[string][]simToken
}

// resMaxTokenized is how many titles split into words a run keeps; it
// starts afresh beyond.
const resMaxTokenized = 10000

// resTitleLookup holds the Source's answers for one normalised title.
type resTitleLookup struct {
	matched   bool
	pick      *bib.Paper // nil: not found or error
	pickScore float64
	matchErr  error // other than not found

	searched  bool
	search    []*bib.Paper
	searchErr error

	// agree is the TitleAgreement of a listed title (entries sharing this
	// lookup may spell it differently) and a record's title.
	agree map[[2]string]float64
}

// resFetched is the Papers answer for one id.
type resFetched struct {
	paper *bib.Paper // nil: unknown id, or err
	err   error
}

// resPending is an entry whose title found a record, waiting for its full
// record from Papers.
type resPending struct {
	idx     int
	fetchID string
	match   *bib.Paper
	method  Method
	conf    float64
	cands   []Candidate
	reason  string // prefix for Reason (e.g. why the id was not used)
}

func (run *resRun) finish(i int) {
	run.final[i] = true
	run.looked(i)
}

// looked counts entry i as looked up for Progress (once): finished, or
// matched by title and waiting only for the batch that fetches its record.
// So a list of titles shows progress as its matches go out one a second,
// not all at once when the batch comes back.
func (run *resRun) looked(i int) {
	if run.counted[i] {
		return
	}
	run.counted[i] = true
	run.done++
	if run.r.Progress != nil {
		run.r.Progress(run.done, len(run.out))
	}
}

// interrupted reports whether err (from a Source call) is the run's
// cancellation rather than a failure of the call.
func (run *resRun) interrupted(err error) bool {
	if isRefusal(err) {
		run.cancel(err)
		return true
	}
	return run.ctx.Err() != nil && (err == nil || errors.Is(err, run.ctx.Err()) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

func (run *resRun) resolve() error {
	if err := run.ctx.Err(); err != nil {
		return err
	}
	var idEntries, titleEntries []int
	for i, res := range run.out {
		// An entry with an id and a title is matched by title when its
		// id is unknown: its title counts as a use until then.
		if bib.NormalizeTitle(res.Entry.Title) != "" {
			run.uses[titleKey(res.Entry.Title)]++
		}
		switch {
		case res.Entry.IDs.APIID() != "":
			idEntries = append(idEntries, i)
		case bib.NormalizeTitle(res.Entry.Title) != "":
			titleEntries = append(titleEntries, i)
		default:
			run.out[i].Reason = "entry has neither an id nor a title"
			run.finish(i)
		}
	}

	// 1. Title matches for entries without an id.
	pending, err := run.matchTitles(titleEntries, "")
	if err != nil {
		return err
	}

	// 2. Full records for ids and matched records.
	want := make(map[string]bool)
	var ids []string
	add := func(id string) {
		if !want[id] {
			want[id] = true
			ids = append(ids, id)
		}
	}
	for _, i := range idEntries {
		add(snapCanonID(run.out[i].Entry.IDs.APIID()))
	}
	for k := range pending {
		pending[k].fetchID = resFetchID(pending[k].match, want)
		add(pending[k].fetchID)
	}
	// On interruption, what was fetched is still used; the rest is left for
	// Resolve to mark "interrupted".
	fetchErr := run.fetch(ids)
	var fallback []int
	for _, i := range idEntries {
		id := snapCanonID(run.out[i].Entry.IDs.APIID())
		f := run.fetched[id]
		switch {
		case f == nil:
			continue
		case f.err != nil:
			run.out[i].Method = MethodID
			run.out[i].Reason = f.err.Error()
			run.out[i].Err = f.err
			run.finish(i)
		case f.paper != nil:
			conf, warning := resIDConfidence(run.out[i].Entry, f.paper)
			if warning != "" {
				run.log.Warn("fetch: listed title disagrees with the record of the listed id", "entry", run.out[i].Entry.Pos(), "id", id, "record", f.paper.Title)
			}
			run.resolved(i, f.paper, MethodID, conf, nil, "")
			run.out[i].Reason = warning
		case bib.NormalizeTitle(run.out[i].Entry.Title) != "":
			fallback = append(fallback, i)
		default:
			run.out[i].Method = MethodID
			run.out[i].Reason = "id " + id + " not found in this source"
			run.finish(i)
		}
	}
	run.settle(pending)
	if fetchErr != nil {
		return fetchErr
	}

	// 3. Entries whose id is unknown: by title.
	if len(fallback) == 0 {
		return nil
	}
	for _, i := range fallback {
		run.log.Info("fetch: id not found, matching by title", "entry", run.out[i].Entry.Pos(), "id", run.out[i].ID)
	}
	pending, err = run.matchTitles(fallback, "id %s not found in this source; ")
	if err != nil {
		return err
	}
	ids = ids[:0]
	for k := range pending {
		pending[k].fetchID = resFetchID(pending[k].match, want)
		if f := run.fetched[pending[k].fetchID]; f != nil && f.paper == nil && f.err == nil {
			// The id that just came back unknown: ask by the record's own key.
			pending[k].fetchID = snapCanonID(pending[k].match.Key())
		}
		if _, done := run.fetched[pending[k].fetchID]; !done {
			add(pending[k].fetchID)
		}
	}
	fetchErr = run.fetch(ids)
	run.settle(pending)
	return fetchErr
}

// resFetchID chooses the id under which to fetch a matched record: one of its
// ids already wanted (so a paper listed twice is fetched once), else its key.
func resFetchID(p *bib.Paper, want map[string]bool) string {
	for _, k := range snapPaperKeys(p) {
		if want[k] {
			return k
		}
	}
	return snapCanonID(p.Key())
}

// fetch calls Papers for the ids not fetched yet, BatchSize at a time.
func (run *resRun) fetch(ids []string) error {
	var todo []string
	for _, id := range ids {
		if _, ok := run.fetched[id]; !ok {
			todo = append(todo, id)
		}
	}
	size := run.r.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	for start := 0; start < len(todo); start += size {
		if err := run.ctx.Err(); err != nil {
			return err
		}
		batch := todo[start:min(start+size, len(todo))]
		run.log.Debug("fetch: papers", "ids", len(batch))
		ps, err := run.r.Source.Papers(run.ctx, batch)
		if err != nil && run.interrupted(err) {
			return run.ctx.Err()
		}
		if err == nil && len(ps) != len(batch) {
			err = fmt.Errorf("fetch: source answered %d records for %d ids", len(ps), len(batch))
		}
		if err != nil {
			run.log.Warn("fetch: papers lookup failed", "ids", len(batch), "err", err)
		}
		// A *BatchError names the ids that were lost; the other records
		// came back and are kept.
		var lost map[string]bool
		var be *BatchError
		if errors.As(err, &be) && len(ps) == len(batch) {
			lost = make(map[string]bool, len(be.IDs))
			for _, id := range be.IDs {
				lost[id] = true
			}
		}
		for k, id := range batch {
			switch {
			case lost != nil && !lost[id]:
				run.fetched[id] = &resFetched{paper: ps[k]}
			case err != nil:
				run.fetched[id] = &resFetched{err: err}
			default:
				run.fetched[id] = &resFetched{paper: ps[k]}
			}
		}
	}
	return nil
}

// settle finishes pending title matches with their full records. Those whose
// ids were not fetched (the run was interrupted) are left alone.
func (run *resRun) settle(pending []resPending) {
	for _, p := range pending {
		f := run.fetched[p.fetchID]
		switch {
		case f == nil:
			continue
		case f.err != nil:
			run.out[p.idx].Method = p.method
			run.out[p.idx].Candidates = p.cands
			run.out[p.idx].Reason = p.reason + f.err.Error()
			run.out[p.idx].Err = f.err
			run.finish(p.idx)
		case f.paper != nil:
			run.resolved(p.idx, f.paper, p.method, p.conf, p.cands, p.reason)
		default:
			run.log.Warn("fetch: matched record not found by id; keeping the match's partial record", "entry", run.out[p.idx].Entry.Pos(), "id", p.fetchID)
			run.resolved(p.idx, p.match, p.method, p.conf, p.cands, p.reason+"full record of "+p.fetchID+" not found; partial record kept")
		}
	}
}

func (run *resRun) resolved(i int, p *bib.Paper, m Method, conf float64, cands []Candidate, reason string) {
	res := &run.out[i]
	res.Status = StatusResolved
	res.Paper = p
	res.ID = p.Key()
	res.Method = m
	res.Confidence = resRound(conf)
	res.Candidates = cands
	res.Corrections = resCorrections(res.Entry, p)
	if reason = strings.TrimSuffix(strings.TrimSpace(reason), ";"); reason != "" {
		res.Reason = reason + "; resolved by title"
	}
	run.finish(i)
}

// matchTitles resolves the given entries by title. Accepted ones come back
// as pending; the others are finished. reasonFmt, if not empty, prefixes
// every Reason (with the entry's id for %s).
func (run *resRun) matchTitles(idx []int, reasonFmt string) ([]resPending, error) {
	var pending []resPending
	for _, i := range idx {
		e := run.out[i].Entry
		prefix := ""
		if reasonFmt != "" {
			prefix = fmt.Sprintf(reasonFmt, run.out[i].ID)
		}
		p, err := run.matchTitle(i, e, prefix)
		if err != nil {
			return nil, err
		}
		run.used(e.Title)
		if p != nil {
			pending = append(pending, *p)
			run.looked(i)
		}
	}
	return pending, nil
}

// titleKey is the key under which a listed title's lookups are kept: the
// normalised title sent to the Source.
func titleKey(title string) string {
	query, _ := simplifyTitle(title)
	return bib.NormalizeTitle(query)
}

// used counts one use of a listed title's lookups, and forgets them after
// the last entry that may need them.
func (run *resRun) used(title string) {
	k := titleKey(title)
	if run.uses[k]--; run.uses[k] <= 0 {
		delete(run.uses, k)
		delete(run.titles, k)
	}
}

// resScored is a candidate record verified against an entry.
type resScored struct {
	p      *bib.Paper
	agree  float64
	conf   float64
	yearOK bool
	order  int
}

func (s resScored) acceptable() bool { return s.yearOK && s.agree >= TitleAcceptThreshold }

func resScore(e bib.Entry, p *bib.Paper, order int) resScored {
	return resScoreWith(TitleAgreement(e.Title, p.Title), e, p, order)
}

// score is resScore with the agreement of each listed and record title
// computed once per title lookup (long lists repeat titles: a paper in
// several families), and each title split into words once: TitleAgreement
// is the costly part.
func (run *resRun) score(lk *resTitleLookup, e bib.Entry, p *bib.Paper, order int) resScored {
	k := [2]string{e.Title, p.Title}
	a, ok := lk.agree[k]
	if !ok {
		a = titleAgreementTokens(run.tokenize(e.Title), run.tokenize(p.Title))
		if lk.agree == nil {
			lk.agree = make(map[[2]string]float64)
		}
		lk.agree[k] = a
	}
	return resScoreWith(a, e, p, order)
}

// tokenize is simTokenize(title), kept for the titles met again.
func (run *resRun) tokenize(title string) []simToken {
	if t, ok := run.tokens[title]; ok {
		return t
	}
	if len(run.tokens) >= resMaxTokenized {
		clear(run.tokens)
	}
	t := simTokenize(title)
	run.tokens[title] = t
	return t
}

func resScoreWith(a float64, e bib.Entry, p *bib.Paper, order int) resScored {
	yf, ok := resYearFactor(e.Year, p.Year)
	if !ok && a >= 1 && simContentWords(e.Title) >= resFarYearWords && max(e.Year-p.Year, p.Year-e.Year) <= resFarYears {
		yf, ok = resFarYearFactor, true
	}
	return resScored{p: p, agree: a, conf: a * yf, yearOK: ok, order: order}
}

// The listed year may be far from the record's (more than two years) when
// the listed title is exactly the record's and has at least resFarYearWords
// content words: a long exact title is stronger evidence than a year, which
// lists often give for a later version (a 2015 preprint listed with its 2019
// journal version). Such a match is accepted, with the year correction and a
// confidence of resFarYearFactor, only after a search found no record of
// that title whose year is closer (see Resolve).
const (
	resFarYearWords  = 4
	resFarYears      = 10
	resFarYearFactor = 0.7
)

// resIDMismatchConfidence is the confidence of a record found by the listed
// id whose title has little to do with the listed one: the id wins, but the
// list may link the wrong paper.
const resIDMismatchConfidence = 0.5

// resIDConfidence is the confidence of a record found by the entry's id, and
// a warning when the listed title disagrees strongly with the record's: it
// does not agree (TitleAgreement) and fewer than half of its content words
// occur in the record's title. A listed title that is a short form of the
// record's ("Binarized Neural Networks") is no disagreement.
func resIDConfidence(e bib.Entry, p *bib.Paper) (float64, string) {
	if bib.NormalizeTitle(e.Title) == "" || p.Title == "" {
		return 1, ""
	}
	a := TitleAgreement(e.Title, p.Title)
	if a >= TitleAcceptThreshold || simCoverage(e.Title, p.Title) >= 0.5 {
		return 1, ""
	}
	return resIDMismatchConfidence, fmt.Sprintf("the listed title disagrees with the record of %s (agreement %.2f): the id was used; check the list's link", snapCanonID(e.IDs.APIID()), a)
}

// matchTitle resolves one entry by title; see Resolve.
func (run *resRun) matchTitle(i int, e bib.Entry, prefix string) (*resPending, error) {
	query, _ := simplifyTitle(e.Title)
	key := bib.NormalizeTitle(query) // titleKey(e.Title)
	lk := run.titles[key]
	if lk == nil {
		lk = &resTitleLookup{}
		run.titles[key] = lk
	}
	res := &run.out[i]
	if !lk.matched {
		if err := run.ctx.Err(); err != nil {
			return nil, err
		}
		p, score, err := run.r.Source.MatchTitle(run.ctx, query)
		if err != nil && run.interrupted(err) {
			return nil, run.ctx.Err()
		}
		lk.matched = true
		switch {
		case err == nil && p != nil:
			lk.pick, lk.pickScore = p, score
			run.log.Debug("fetch: title match", "title", e.Title, "match", p.Title, "score", score)
		case err == nil, errors.Is(err, ErrNotFound):
			run.log.Debug("fetch: title match not found", "title", e.Title)
		default:
			lk.matchErr = err
			run.log.Warn("fetch: title match failed", "title", e.Title, "err", err)
		}
	}
	if lk.matchErr != nil {
		res.Method = MethodTitleMatch
		res.Reason = prefix + lk.matchErr.Error()
		res.Err = lk.matchErr
		run.finish(i)
		return nil, nil
	}
	if lk.pick != nil {
		s := run.score(lk, e, lk.pick, 0)
		if s.acceptable() && !resDoubtful(e, lk.pick, s.agree) {
			return &resPending{idx: i, match: lk.pick, method: MethodTitleMatch, conf: s.conf,
				cands: []Candidate{resCandidate(s)}, reason: prefix}, nil
		}
	}

	// The pick is doubtful: search once per title and verify every candidate.
	if !lk.searched {
		if err := run.ctx.Err(); err != nil {
			return nil, err
		}
		ps, err := run.r.Source.SearchTitle(run.ctx, query, 10)
		if err != nil && run.interrupted(err) {
			return nil, run.ctx.Err()
		}
		lk.searched = true
		lk.search, lk.searchErr = ps, err
		if err != nil {
			run.log.Warn("fetch: title search failed", "title", e.Title, "err", err)
		} else {
			run.log.Debug("fetch: title search", "title", e.Title, "candidates", len(ps))
		}
	}
	res.Method = MethodSearch
	var pool []resScored
	seen := make(map[string]bool)
	for _, p := range append(append([]*bib.Paper(nil), lk.search...), lk.pick) {
		if p == nil {
			continue
		}
		k := snapCanonID(p.Key())
		if seen[k] {
			continue
		}
		seen[k] = true
		pool = append(pool, run.score(lk, e, p, len(pool)))
	}
	sort.SliceStable(pool, func(a, b int) bool {
		if pool[a].agree != pool[b].agree {
			return pool[a].agree > pool[b].agree
		}
		return pool[a].order < pool[b].order
	})
	var acc []resScored
	for _, s := range pool {
		if s.acceptable() {
			acc = append(acc, s)
		}
	}
	sort.SliceStable(acc, func(a, b int) bool { return acc[a].conf > acc[b].conf })

	switch {
	case lk.searchErr != nil && len(acc) == 0:
		res.Candidates = resCandidates(pool)
		res.Reason = prefix + "title search: " + lk.searchErr.Error()
		res.Err = lk.searchErr
	case len(acc) == 0:
		res.Candidates = resCandidates(pool)
		res.Reason = prefix + resWhyNot(e, pool)
	case len(acc) >= 2 && acc[0].conf-acc[1].conf < resAmbiguityMargin:
		n := 2
		for n < len(acc) && acc[0].conf-acc[n].conf < resAmbiguityMargin {
			n++
		}
		res.Status = StatusAmbiguous
		res.Candidates = resCandidates(acc[:n])
		res.Reason = prefix + fmt.Sprintf("%d records agree equally well with the listed title", n)
	default:
		cands := []resScored{acc[0]}
		for _, s := range pool {
			if s.p != acc[0].p {
				cands = append(cands, s)
			}
		}
		return &resPending{idx: i, match: acc[0].p, method: MethodSearch, conf: acc[0].conf,
			cands: resCandidates(cands), reason: prefix}, nil
	}
	run.finish(i)
	return nil, nil
}

// resSureAgreement is the TitleAgreement below which an acceptable pick is
// still checked against the search's candidates: a bare name ("TensorFlow",
// 0.85) may name two papers.
const resSureAgreement = 0.9

// resDoubtful reports whether an acceptable pick must still be checked
// against the search's candidates: when it agrees less than
// resSureAgreement, when the listed title is truncated (the cut may hide
// what tells twins apart, "… Part I" from "… Part II"), or
// when the pick's year is two or more years from the listed one (a record
// of the same title may match the year).
//
// An entry without a year is doubtful too: the pick may have a twin of the
// same title (a conference paper and its journal version, "Focal Loss for
// Dense Object Detection", ICCV 2017 and TPAMI 2020) that nothing listed
// tells apart; the search finds it and the entry is then ambiguous with
// both records as candidates.
func resDoubtful(e bib.Entry, p *bib.Paper, agree float64) bool {
	if _, truncated := simplifyTitle(e.Title); truncated || agree < resSureAgreement || e.Year == 0 {
		return true
	}
	return e.Year != 0 && p.Year != 0 && max(e.Year-p.Year, p.Year-e.Year) >= 2
}

// resWhyNot explains why no candidate was accepted.
func resWhyNot(e bib.Entry, pool []resScored) string {
	if len(pool) == 0 {
		return "no record found for the listed title"
	}
	for _, s := range pool {
		if s.agree >= TitleAcceptThreshold && !s.yearOK {
			return fmt.Sprintf("title agrees with %q but its year %d is not within 2 years of the listed %d", s.p.Title, s.p.Year, e.Year)
		}
	}
	return fmt.Sprintf("no record's title agrees closely with the listed title (closest: %q, %.2f)", pool[0].p.Title, pool[0].agree)
}

func resCandidate(s resScored) Candidate {
	return Candidate{ID: s.p.Key(), Title: s.p.Title, Year: s.p.Year, Score: resRound(s.agree)}
}

func resCandidates(ss []resScored) []Candidate {
	if len(ss) > resMaxCandidates {
		ss = ss[:resMaxCandidates]
	}
	out := make([]Candidate, len(ss))
	for i, s := range ss {
		out[i] = resCandidate(s)
	}
	return out
}

// resYearFactor is the confidence factor for a listed year against a
// record's, and whether the record's year is plausible; see Resolve.
func resYearFactor(listed, record int) (float64, bool) {
	if listed == 0 || record == 0 {
		return 0.9, true
	}
	switch d := listed - record; {
	case d == 0:
		return 1, true
	case d == 1 || d == -1:
		return 0.95, true
	case d == 2 || d == -2:
		return 0.85, true
	}
	return 0, false
}

// resCorrections lists where the entry, as listed, differs from the record.
func resCorrections(e bib.Entry, p *bib.Paper) []string {
	var cs []string
	if e.Year != 0 && p.Year != 0 && e.Year != p.Year {
		cs = append(cs, fmt.Sprintf("year: listed %d, record %d", e.Year, p.Year))
	}
	if e.Venue != "" && p.Venue != "" && !VenuesAgree(e.Venue, p.Venue) && !resDOINamesVenue(p.ExternalIDs["DOI"], e.Venue) {
		cs = append(cs, fmt.Sprintf("venue: listed %s, record %s", e.Venue, p.Venue))
	}
	if e.Title != "" && p.Title != "" && bib.NormalizeTitle(e.Title) != bib.NormalizeTitle(p.Title) {
		cs = append(cs, fmt.Sprintf("title: listed %q, record %q", e.Title, p.Title))
	}
	return cs
}

// resDOINamesVenue reports whether a DOI names the listed venue as one of
// its dot- or slash-separated parts, as IEEE and ACM DOIs name conferences
// ("10.1109/CVPR.2018.00745" is CVPR's even when the record's venue string
// names the journal version).
func resDOINamesVenue(doi, venue string) bool {
	v := strings.ToLower(strings.TrimSpace(venue))
	if doi == "" || len(v) < 3 {
		return false
	}
	for _, part := range strings.FieldsFunc(strings.ToLower(doi), func(r rune) bool { return r == '.' || r == '/' }) {
		if part == v {
			return true
		}
	}
	return false
}

func resRound(x float64) float64 { return math.Round(x*1000) / 1000 }

// isRefusal reports whether err means the source refuses every request.
func isRefusal(err error) bool {
	return err != nil && (errors.Is(err, ErrKeyRefused) || errors.Is(err, ErrNotAPI) || errors.Is(err, ErrUnreachable))
}
