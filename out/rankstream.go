package out

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/citegraph/citegraph/graph"
)

// RankingsStream writes rankings.json and rankings.csv one score at a time,
// for rankings too big to hold as a []graph.Score (citegraph rank on a
// million papers). For the same scores the bytes are those of
// WriteRankingsJSON and WriteRankingsCSV. Call Close once the last score is
// written.
type RankingsStream struct {
	fams map[string]int // papers of each family written so far
	js   *jsonArray     // nil: no rankings.json
	cw   *csv.Writer
	err  error
}

// NewRankingsStream returns a stream writing rankings.json to jsonW and
// rankings.csv to csvW; either may be nil.
func NewRankingsStream(jsonW, csvW io.Writer) *RankingsStream {
	s := &RankingsStream{fams: map[string]int{}}
	if jsonW != nil {
		s.js = newJSONArray(jsonW, "rankings.json")
	}
	if csvW != nil {
		s.cw = csv.NewWriter(csvW)
		if err := s.cw.Write(rankingColumns); err != nil {
			s.err = fmt.Errorf("out: rankings.csv: %w", err)
		}
	}
	return s
}

// Write writes one score, the next in rank order.
func (s *RankingsStream) Write(sc *graph.Score) error {
	if s.err != nil {
		return s.err
	}
	// Scores come in rank order, so a paper's rank within a family is the
	// number of the family's papers written so far, as graph.FamilyRanking
	// counts it.
	var fr familyRank
	if len(sc.Families) > 0 {
		fr = familyRank{}
		for _, f := range sc.Families {
			if _, seen := fr[f]; !seen {
				s.fams[f]++
				fr[f] = s.fams[f]
			}
		}
	}
	rec := newRankingRecord(sc, fr)
	if s.js != nil {
		if s.err = s.js.add(rec); s.err != nil {
			return s.err
		}
	}
	if s.cw != nil {
		if err := s.cw.Write(rankingRow(rec)); err != nil {
			s.err = fmt.Errorf("out: rankings.csv: %w", err)
			return s.err
		}
	}
	return nil
}

// Close ends the JSON array and flushes the CSV.
func (s *RankingsStream) Close() error {
	if s.err != nil {
		return s.err
	}
	if s.js != nil {
		if s.err = s.js.close(); s.err != nil {
			return s.err
		}
	}
	if s.cw != nil {
		s.cw.Flush()
		if err := s.cw.Error(); err != nil {
			s.err = fmt.Errorf("out: rankings.csv: %w", err)
		}
	}
	return s.err
}

// WriteTopRankings writes the Markdown table of citegraph rank's top papers
// (scores in rank order): a heading, intro as a paragraph, then one row per
// score with rank, title (or id), year, citations within the graph, global
// citations, PageRank, authority, hub and betweenness ("–" when not
// computed, NaN).
func WriteTopRankings(w io.Writer, heading, intro string, scores []graph.Score) error {
	ew := &errWriter{w: w}
	ew.printf("# %s\n\n%s\n\n", mdText(heading), intro)
	ew.printf("| Rank | Paper | Year | Cit. in graph | Global cit. | PageRank | Authority | Hub | Betweenness |\n")
	ew.printf("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for i := range scores {
		s := &scores[i]
		title, year := "", 0
		if s.Paper != nil {
			title, year = s.Paper.Title, s.Paper.Year
		}
		paper := mdCell(s.Key)
		if title != "" {
			paper = mdCell(title) + " (" + mdCell(s.Key) + ")"
		}
		ew.printf("| %d | %s | %s | %d | %s | %s | %s | %s | %s |\n", s.Rank, paper, mdYear(year),
			s.LocalCitations, mdOptInt(s.GlobalCitations), mdSci(s.PageRank), mdSci(s.Authority),
			mdSci(s.Hub), mdSci(s.Betweenness))
	}
	return ew.err
}

// mdSci formats a score with 4 significant digits, or "–" for NaN.
func mdSci(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}
