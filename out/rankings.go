package out

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/citegraph/citegraph/graph"
)

// rankingRecord is one element of rankings.json, fields in the order
// design.md lists them.
type rankingRecord struct {
	Rank             int        `json:"rank"`
	ID               string     `json:"id"`
	PaperID          *string    `json:"paperId"`
	Title            *string    `json:"title"`
	Families         []string   `json:"families"`
	Year             *int       `json:"year"`
	LocalCitations   int        `json:"localCitations"`
	GlobalCitations  *int       `json:"globalCitations"`
	PageRank         jsonFloat  `json:"pagerank"`
	Authority        jsonFloat  `json:"authority"`
	Hub              jsonFloat  `json:"hub"`
	Betweenness      jsonFloat  `json:"betweenness"`
	CitationsPerYear *jsonFloat `json:"citationsPerYear"`
}

func newRankingRecord(s *graph.Score) rankingRecord {
	rec := rankingRecord{
		Rank:            s.Rank,
		ID:              s.Key,
		Families:        append([]string{}, s.Families...),
		LocalCitations:  s.LocalCitations,
		GlobalCitations: s.GlobalCitations,
		PageRank:        jsonFloat(s.PageRank),
		Authority:       jsonFloat(s.Authority),
		Hub:             jsonFloat(s.Hub),
		Betweenness:     jsonFloat(s.Betweenness),
	}
	if p := s.Paper; p != nil {
		rec.PaperID = optString(p.PaperID)
		rec.Title = optString(p.Title)
		rec.Year = optInt(p.Year)
	}
	if s.CitationsPerYear != nil {
		c := jsonFloat(*s.CitationsPerYear)
		rec.CitationsPerYear = &c
	}
	return rec
}

// WriteRankingsJSON writes rankings.json: an array of the scores in the
// order given (sorted by rank), in the schema of design.md §Output schemas.
// Unknown values (paperId, year, globalCitations, citationsPerYear) are null.
func WriteRankingsJSON(w io.Writer, scores []graph.Score) error {
	recs := make([]rankingRecord, len(scores))
	for i := range scores {
		recs[i] = newRankingRecord(&scores[i])
	}
	return writeJSON(w, recs)
}

// rankingColumns are rankings.csv's columns: rankings.json's fields.
var rankingColumns = []string{
	"rank", "id", "paperId", "title", "families", "year", "localCitations",
	"globalCitations", "pagerank", "authority", "hub", "betweenness", "citationsPerYear",
}

// WriteRankingsCSV writes rankings.csv: a header row, then one row per score
// with rankings.json's fields as columns; families are joined by "; " and
// unknown values are empty cells.
func WriteRankingsCSV(w io.Writer, scores []graph.Score) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(rankingColumns); err != nil {
		return fmt.Errorf("out: rankings.csv: %w", err)
	}
	for i := range scores {
		rec := newRankingRecord(&scores[i])
		var cpy *float64
		if rec.CitationsPerYear != nil {
			x := float64(*rec.CitationsPerYear)
			cpy = &x
		}
		row := []string{
			strconv.Itoa(rec.Rank), cleanText(rec.ID), csvString(rec.PaperID), csvString(rec.Title),
			joinClean(rec.Families, "; "), csvInt(rec.Year), strconv.Itoa(rec.LocalCitations),
			csvInt(rec.GlobalCitations), formatFloat(float64(rec.PageRank)),
			formatFloat(float64(rec.Authority)), formatFloat(float64(rec.Hub)),
			formatFloat(float64(rec.Betweenness)), csvFloat(cpy),
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("out: rankings.csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("out: rankings.csv: %w", err)
	}
	return nil
}

// WriteRankingsMarkdown writes rankings.md: the overall ranking as a table,
// then one table per family (in the order given; families without papers
// are listed as empty), each re-ranked with graph.FamilyRanking.
func WriteRankingsMarkdown(w io.Writer, scores []graph.Score, families []string) error {
	ew := &errWriter{w: w}
	ew.printf("# Rankings\n\n")
	ew.printf("Papers of the list ranked by PageRank over the citations among them. ")
	ew.printf("*Local*: citations from other papers of the list; *global*: Semantic Scholar's citation count; ")
	ew.printf("*cit./year*: global citations per year since publication; n/a: unknown.\n\n")
	ew.printf("## Overall\n\n")
	writeRankingTable(ew, scores, true, 0)
	for _, f := range families {
		fs := graph.FamilyRanking(scores, f)
		ew.printf("\n## %s\n\n", mdText(f))
		if len(fs) == 0 {
			ew.printf("No paper of this family was resolved.\n")
			continue
		}
		writeRankingTable(ew, fs, false, 0)
	}
	return ew.err
}

// writeRankingTable writes scores as a Markdown table; limit > 0 keeps the
// first limit rows.
func writeRankingTable(ew *errWriter, scores []graph.Score, withFamilies bool, limit int) {
	if withFamilies {
		ew.printf("| Rank | Paper | Year | Families | Local | Global | PageRank | Authority | Hub | Betweenness | Cit./year |\n")
		ew.printf("| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	} else {
		ew.printf("| Rank | Paper | Year | Local | Global | PageRank | Authority | Hub | Betweenness | Cit./year |\n")
		ew.printf("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	}
	for i := range scores {
		if limit > 0 && i >= limit {
			break
		}
		s := &scores[i]
		title, year := "", 0
		if s.Paper != nil {
			title, year = s.Paper.Title, s.Paper.Year
		}
		if strings.TrimSpace(title) == "" {
			title = s.Key
		}
		ew.printf("| %d | %s | %s |", s.Rank, mdCell(title), mdYear(year))
		if withFamilies {
			ew.printf(" %s |", mdCell(strings.Join(s.Families, "; ")))
		}
		ew.printf(" %d | %s | %.4f | %.4f | %.4f | %.4f | %s |\n",
			s.LocalCitations, mdOptInt(s.GlobalCitations), s.PageRank, s.Authority, s.Hub, s.Betweenness,
			mdOptFloat(s.CitationsPerYear, 1))
	}
}

func mdYear(y int) string {
	if y == 0 {
		return "n/a"
	}
	return strconv.Itoa(y)
}

func mdOptInt(n *int) string {
	if n == nil {
		return "n/a"
	}
	return strconv.Itoa(*n)
}

func mdOptFloat(x *float64, prec int) string {
	if x == nil {
		return "n/a"
	}
	return strconv.FormatFloat(*x, 'f', prec, 64)
}

func joinClean(ss []string, sep string) string {
	c := make([]string, len(ss))
	for i, s := range ss {
		c[i] = cleanText(s)
	}
	return strings.Join(c, sep)
}

// errWriter remembers the first write error and skips writes after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	if _, err := fmt.Fprintf(e.w, format, args...); err != nil {
		e.err = fmt.Errorf("out: %w", err)
	}
}

func (e *errWriter) write(s string) {
	if e.err != nil {
		return
	}
	if _, err := io.WriteString(e.w, s); err != nil {
		e.err = fmt.Errorf("out: %w", err)
	}
}
