// Package fetchtest provides an in-process fake of the Semantic Scholar
// Academic Graph API (graph/v1) for tests, built on net/http/httptest.
//
// The fake follows the contract in design.md and the behaviour seen on the
// live service: a 404 {"error":"Title match not found"} for a title miss,
// matchScore values in the live range (~100-200) returned unasked by
// /paper/search/match, null entries in /paper/batch answers, 400 for more than
// 500 ids, for unknown fields (matchScore included) and for a response over a
// size limit, reference paging with offset/next (empty pages with next set
// included) and the offset+limit < 10000 rule, and elided reference lists.
// With Options.APIKey set, a missing or wrong x-api-key header gets 403.
//
// Faults are injected with a seeded RNG (Options.FaultRate) or scripted per
// endpoint (Server.Inject): 429 without Retry-After, 500/502/503/504 with a
// message, answers slower than the client's timeout, bodies cut off mid-way
// (the connection is hijacked and closed) and 200 answers carrying only
// {"error":…}. Strict mode fails the test on any request, which proves that a
// rerun is served from the cache alone. Every request is logged, with counts
// per endpoint and detection of duplicate successful requests.
//
// # Records without a paperId
//
// The embedded snapshot knows 25 papers only by arXiv id or DOI
// (paperId: null); the sample corpus carries placeholder ids for the same
// papers. The live API always has a paperId, but a fake id would give those
// papers different ids in live and snapshot runs. The fake therefore serves
// such records as the snapshot has them, with "paperId": null, addressable by
// their ARXIV:/DOI: ids (and by title through the search endpoints), so that
// bib.Paper.Key gives the same id both ways. Records merges the two sources
// that way: snapshot first, corpus records that duplicate one dropped.
//
// # Elided reference lists
//
// A record whose references are null (withheld by the publisher, or not
// recorded) is served as the live API serves such a paper: nested
// "references": null in paper and batch answers, and a 200 from
// /paper/{id}/references with "data": null and a citingPaperInfo whose
// openAccessPdf.disclaimer says the fields "have been elided by the
// publisher: {'references'}" (the shape public clients of the API, such
// as JabRef's fetcher, handle).
//
// # Strict paths
//
// Path ids must be URL-escaped as the contract asks (a DOI's "/" as %2F): the
// fake routes on the escaped path, so an unescaped DOI is a 404 here, which
// catches a client that forgets to escape.
package fetchtest
