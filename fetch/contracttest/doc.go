// Package contracttest serves the Semantic Scholar Academic Graph API the
// way design.md's contract describes it, and misbehaves in every way that
// contract (and the API's public documentation) allows, each way switched
// on by a field of Behaviour. It is a black-box harness for citegraph's
// live client: it was written from the contract alone, apart from
// fetchtest (the fake the client's authors wrote), so that it does not
// share their assumptions.
//
// What it serves follows the contract to the letter:
//
//   - GET /paper/search/match: the best title match ({"data":[{…,
//     "matchScore":N}]}), or 404 {"error":"Title match not found"};
//   - GET /paper/search: ranked candidates {total, offset, next, data};
//   - GET /paper/{id}: one record, or 404; ids as 40-hex paperIds,
//     CorpusId:, DOI:, ARXIV:, MAG:, ACL:, PMID:, PMCID: and URL: forms;
//   - POST /paper/batch: at most 500 ids, an array in request order with
//     null for unknown ids;
//   - GET /paper/{id}/references and /citations: {offset, next, data},
//     next absent on the last page, offset+limit < 10000 or 400, data null
//     when the publisher withholds the references;
//   - any answer over Behaviour.MaxResponseBytes is a 400 "Response would
//     exceed maximum size";
//   - fields outside the contract's list are a 400 "Unrecognized or
//     unsupported fields"; top-level corpusId values are integers, nested
//     ones strings; 429 bodies carry "message" and never a Retry-After.
//
// The misbehaviours: a strict rate limit across all endpoints (optionally
// counting refused requests, as some gateways do), random 429s, 5xx
// answers with "message" bodies, connection resets, bodies cut off
// mid-JSON, a slow first byte, a 200 carrying only {"error":…}, and data
// traits (records missing fields, withheld reference lists, reference items
// with paperId null, batch answers whose nested references are left empty,
// short and empty pages with next set). Random faults are drawn from a
// seeded generator and capped per request (Behaviour.MaxFaultsInARow), so
// a client that retries as the contract asks always gets through.
//
// Every request is logged (Server.Log), so a test can count calls, 429s,
// and successful answers given twice for the same request (Server.Repeats).
package contracttest
