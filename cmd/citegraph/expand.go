package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
	"github.com/citegraph/citegraph/out"
)

// expandOptions are the flags of the expansion beyond the list.
type expandOptions struct {
	// Expand fetches every resolved list paper's citation list (one
	// paged walk each) and the metadata of the suggested papers.
	Expand bool
	// Limit caps the citing papers fetched per list paper (0: none but
	// the API's).
	Limit int
}

// neighbourhood gathers what the papers around the list say: with
// --expand against the live API, each resolved list paper's citation list
// (one paged walk each, cached) and then the metadata of the suggested
// papers (batches of ≤ 500, cached); otherwise references only. It returns
// the neighbourhood and what the report says about how it was gathered. A
// list paper whose citations cannot be fetched is reported and the run
// goes on; an interrupted run says how to resume.
func neighbourhood(ctx context.Context, p *pipeline, src *openedSource, eo expandOptions, minLinks int, logger *slog.Logger, s *streams, quiet bool) (*graph.Neighbourhood, out.ExpandInfo, error) {
	info := out.ExpandInfo{Asked: eo.Expand, Limit: eo.Limit}
	exp := &graph.Expansion{MinLinks: minLinks, Records: src.Extra}
	compute := func(f func()) {
		start := time.Now()
		f()
		p.NeighbourhoodTime += time.Since(start)
	}
	var nb *graph.Neighbourhood
	switch {
	case !eo.Expand:
		compute(func() { nb = p.Graph.Neighbourhood(exp) })
		return nb, info, nil
	case src.client == nil:
		info.Unavailable = "the embedded snapshot holds no citation lists"
		if !quiet {
			fmt.Fprintf(s.ErrOut, "citegraph: --expand: %s; the suggestions and similarities use references only\n", info.Unavailable)
		}
		compute(func() { nb = p.Graph.Neighbourhood(exp) })
		return nb, info, nil
	}

	c := src.client
	nodes := p.Graph.Nodes()
	prog := newProgress(ctx, s, quiet, "expanding", src.Stats)
	prog.start(len(nodes))
	src.onRequest(prog.tick)
	exp.Citations = map[string]*graph.CitationList{}
	for i, n := range nodes {
		if strings.HasPrefix(n.Key, "TITLE:") {
			info.Failed = append(info.Failed, out.ExpandFailure{Key: n.Key, Reason: "no id the API accepts"})
			prog.update(i+1, len(nodes))
			continue
		}
		w, err := c.CitationsUpTo(ctx, n.Key, eo.Limit)
		prog.update(i+1, len(nodes))
		switch {
		case ctx.Err() != nil:
			prog.finish()
			src.onRequest(nil)
			return nil, info, &interruptedError{hint: src.ResumeHint(), err: ctx.Err()}
		case err != nil:
			logger.Warn("citations not fetched", "paper", n.Key, "err", err)
			info.Failed = append(info.Failed, out.ExpandFailure{Key: n.Key, Reason: shorten(err.Error(), 300), Transient: fetch.Transient(err)})
		case w.Unavailable:
			info.Failed = append(info.Failed, out.ExpandFailure{Key: n.Key, Reason: "the API withholds the citation list"})
		default:
			exp.Citations[n.Key] = &graph.CitationList{Citing: w.Papers, Cut: w.Cut}
		}
	}
	prog.finish()

	// The records of the prior and derivative works known only from
	// reference and citation items: their metadata, and their references
	// for the similarities (batches of ≤ 500, cached).
	asked := map[string]bool{}
	var ids []string
	var direct []graph.Suggestion
	compute(func() { direct = p.Graph.Suggest(exp) })
	for _, sg := range direct {
		if !sg.Record && !strings.HasPrefix(sg.Key, "TITLE:") {
			ids = append(ids, sg.Key)
			asked[sg.Key] = true
		}
	}
	recs, err := suggestedRecords(ctx, c, ids, &info, logger, src, s, quiet)
	if err != nil {
		return nil, info, err
	}
	fetched := make([]*bib.Paper, 0, len(recs))
	for _, id := range bib.SortedKeys(recs) {
		fetched = append(fetched, recs[id])
	}
	exp.Records = append(slices.Clone(exp.Records), fetched...)
	compute(func() { nb = p.Graph.Neighbourhood(exp) })

	// The records of the similar works (and of any suggestion the records
	// made new): their metadata only, so that the similarities rest on the
	// same citations whatever these records say.
	ids = nil
	for _, sg := range nb.Suggestions {
		if !sg.Record && !asked[sg.Key] && !strings.HasPrefix(sg.Key, "TITLE:") {
			ids = append(ids, sg.Key)
		}
	}
	recs, err = suggestedRecords(ctx, c, ids, &info, logger, src, s, quiet)
	if err != nil {
		return nil, info, err
	}
	compute(func() { nb.AddRecords(recs) })
	logger.Debug("neighbourhood", "citations", nb.Citations, "suggestions", len(nb.Suggestions), "computed in", p.NeighbourhoodTime)
	return nb, info, nil
}

// suggestedRecords fetches the records of suggested papers by key (one
// Papers call: batches of ≤ 500, cached), keyed by the id asked. Papers it
// cannot fetch are counted in info and keep their items; only an
// interruption is an error.
func suggestedRecords(ctx context.Context, c *fetch.Client, ids []string, info *out.ExpandInfo, logger *slog.Logger, src *openedSource, s *streams, quiet bool) (map[string]*bib.Paper, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	mp := newProgress(ctx, s, quiet, "fetching suggested papers", src.Stats)
	mp.start(len(ids))
	src.onRequest(mp.tick)
	recs, err := c.Papers(ctx, ids)
	mp.finish()
	src.onRequest(nil)
	if ctx.Err() != nil {
		return nil, &interruptedError{hint: src.ResumeHint(), err: ctx.Err()}
	}
	var be *fetch.BatchError
	switch {
	case errors.As(err, &be):
		info.MetadataFailed += len(be.IDs)
		if fetch.Transient(be.Err) {
			info.MetadataLost += len(be.IDs)
		}
		logger.Warn("records of suggested papers not fetched", "papers", len(be.IDs), "err", be.Err)
	case err != nil:
		info.MetadataFailed += len(ids)
		if fetch.Transient(err) {
			info.MetadataLost += len(ids)
		}
		logger.Warn("records of suggested papers not fetched", "err", err)
		recs = nil
	}
	out := map[string]*bib.Paper{}
	for i, r := range recs {
		if r != nil {
			out[ids[i]] = r
		}
	}
	return out, nil
}

// outsideListNeighbourhood drops from nb the suggestions that the list
// names in entries that were not resolved (see outsideList), with their
// similarity edges.
func outsideListNeighbourhood(nb *graph.Neighbourhood, list *bib.List) {
	kept := outsideList(nb.Suggestions, list)
	if len(kept) == len(nb.Suggestions) {
		return
	}
	keep := map[string]bool{}
	for _, sg := range kept {
		keep[sg.Key] = true
	}
	dropped := map[string]bool{}
	for _, sg := range nb.Suggestions {
		if !keep[sg.Key] {
			dropped[sg.Key] = true
		}
	}
	nb.Suggestions = kept
	var es []graph.SimilarityEdge
	for _, e := range nb.Neighbours {
		if !dropped[e.A] && !dropped[e.B] {
			es = append(es, e)
		}
	}
	nb.Neighbours = es
}

// summarizeExpansion prints what --expand found on stderr.
func summarizeExpansion(s *streams, nb *graph.Neighbourhood, info out.ExpandInfo) {
	lists, citing, cut := 0, 0, 0
	for _, pc := range nb.Completeness {
		if pc.CitationsFetched >= 0 {
			lists++
			citing += pc.CitationsFetched
		}
		if pc.CitationsCut != "" {
			cut++
		}
	}
	kinds := map[graph.SuggestionKind]int{}
	for _, sg := range nb.Suggestions {
		kinds[sg.Kind]++
	}
	fmt.Fprintf(s.ErrOut, "citegraph: expanded: %d citation lists (%d citing papers", lists, citing)
	if cut > 0 {
		fmt.Fprintf(s.ErrOut, "; %d cut short", cut)
	}
	if n := len(info.Failed); n > 0 {
		fmt.Fprintf(s.ErrOut, "; %d not fetched", n)
	}
	fmt.Fprintf(s.ErrOut, "); %d suggestions (%d prior, %d derivative, %d similar)\n",
		len(nb.Suggestions), kinds[graph.KindPrior], kinds[graph.KindDerivative], kinds[graph.KindSimilar])
}
