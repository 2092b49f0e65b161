package out

import (
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
	FamilyRanks      familyRank `json:"familyRanks"`
	Year             *int       `json:"year"`
	LocalCitations   int        `json:"localCitations"`
	GlobalCitations  *int       `json:"globalCitations"`
	PageRank         jsonFloat  `json:"pagerank"`
	Authority        jsonFloat  `json:"authority"`
	Hub              jsonFloat  `json:"hub"`
	Betweenness      jsonFloat  `json:"betweenness"`
	CitationsPerYear *jsonFloat `json:"citationsPerYear"`
}

// familyRank maps a family to a paper's rank within it.
type familyRank map[string]int

func newRankingRecord(s *graph.Score, fr familyRank) rankingRecord {
	if fr == nil {
		fr = familyRank{}
	}
	rec := rankingRecord{
		Rank:            s.Rank,
		ID:              s.Key,
		Families:        append([]string{}, s.Families...),
		FamilyRanks:     fr,
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
// order given (sorted by rank), in the schema of design.md §Output schemas,
// plus "familyRanks": the paper's rank within each of its families, as
// rankings.md shows it ({"Pruning": 3}). Unknown values (paperId, year,
// globalCitations, citationsPerYear) are null.
func WriteRankingsJSON(w io.Writer, scores []graph.Score) error {
	return writeRankings(NewRankingsStream(w, nil), scores)
}

// writeRankings writes scores (in rank order) to s and closes it.
func writeRankings(s *RankingsStream, scores []graph.Score) error {
	for i := range scores {
		if err := s.Write(&scores[i]); err != nil {
			return err
		}
	}
	return s.Close()
}

// rankingColumns are rankings.csv's columns: rankings.json's fields.
var rankingColumns = []string{
	"rank", "id", "paperId", "title", "families", "familyRanks", "year", "localCitations",
	"globalCitations", "pagerank", "authority", "hub", "betweenness", "citationsPerYear",
}

// WriteRankingsCSV writes rankings.csv: a header row, then one row per score
// with rankings.json's fields as columns; families are joined by "; ", and
// familyRanks holds the paper's rank in each of them, in the same order
// ("3; 12"); unknown values are empty cells, and a text cell that a spreadsheet would
// run as a formula (beginning with "=", "+", "-" or "@") starts with "'"
// (see csvText); rankings.json keeps every text as it is.
func WriteRankingsCSV(w io.Writer, scores []graph.Score) error {
	return writeRankings(NewRankingsStream(nil, w), scores)
}

// rankingRow is rec as a row of rankings.csv.
func rankingRow(rec rankingRecord) []string {
	ranks := make([]string, len(rec.Families))
	for j, f := range rec.Families {
		ranks[j] = strconv.Itoa(rec.FamilyRanks[f])
	}
	var cpy *float64
	if rec.CitationsPerYear != nil {
		x := float64(*rec.CitationsPerYear)
		cpy = &x
	}
	return []string{
		strconv.Itoa(rec.Rank), csvText(rec.ID), csvString(rec.PaperID), csvString(rec.Title),
		csvText(joinClean(rec.Families, "; ")), strings.Join(ranks, "; "), csvInt(rec.Year), strconv.Itoa(rec.LocalCitations),
		csvInt(rec.GlobalCitations), formatFloat(float64(rec.PageRank)),
		formatFloat(float64(rec.Authority)), formatFloat(float64(rec.Hub)),
		formatFloat(float64(rec.Betweenness)), csvFloat(cpy),
	}
}

// WriteRankingsMarkdown writes rankings.md: a legend of the columns, the
// overall ranking as a table, then one table per family with papers (in
// run.Families order), each re-ranked with graph.FamilyRanking; families
// without a paper in the graph are named at the end with what they hold
// (links, unresolved paper entries, or nothing).
func WriteRankingsMarkdown(w io.Writer, run *Run) error {
	ew := &errWriter{w: w}
	ew.printf("# Rankings\n\n")
	ew.printf("Papers of the list ranked by PageRank over the citations among them: a paper ranks high when " +
		"papers that rank high cite it (for plain counts, sort rankings.csv by localCitations).\n\n")
	ew.printf("%s\n\n", rankingLegend(run.DataYear))
	ew.printf("## Overall\n\n")
	if len(run.Scores) == 0 {
		ew.printf("No paper was resolved.\n")
	} else {
		writeRankingTable(ew, run.Scores, -1, 0)
	}
	ranked := graph.FamilyRankings(run.Scores)
	var fs []graph.Score
	for _, f := range run.Families() {
		fs = familyScores(fs[:0], run.Scores, ranked[f.Name])
		ew.printf("\n## %s\n\n", mdText(f.Name))
		if len(fs) == 0 {
			ew.printf("No paper of this family was ranked.\n")
			continue
		}
		ew.printf("%s, ranked within the family.\n\n", plural(len(fs), "paper"))
		writeRankingTable(ew, fs, 0, 0)
	}
	if pl := run.PaperlessFamilies(); len(pl) > 0 {
		ew.printf("\n## Families without ranked papers\n\n")
		for _, f := range pl {
			ew.printf("- %s: %s\n", mdText(f.Name), paperlessWhat(f))
		}
	}
	return ew.err
}

// paperlessWhat says what a family without papers holds.
func paperlessWhat(f PaperlessFamily) string {
	switch {
	case f.Empty():
		return "empty (a heading with no items)"
	case f.LinksOnly():
		return plural(f.Links, "link") + ", no papers"
	}
	s := plural(f.PaperEntries, "paper entry") + ", none resolved"
	if f.Links > 0 {
		s += "; " + plural(f.Links, "link")
	}
	return s
}

// rankingLegend explains the columns of the ranking tables in Markdown;
// dataYear is the year citations per year count to (0: unknown).
func rankingLegend(dataYear int) string {
	var parts []string
	for _, t := range rankingTerms(dataYear) {
		parts = append(parts, "*"+strings.Join(strings.Split(t.Term, ", "), "*, *")+"*: "+t.Def+".")
	}
	return strings.Join(parts, " ")
}

// legendTerm is a column (or several, comma-separated) of the ranking
// tables and what it means.
type legendTerm struct{ Term, Def string }

// rankingTerms are the columns of the ranking tables and what they mean,
// for rankingLegend and index.html.
func rankingTerms(dataYear int) []legendTerm {
	perYear := "global citations ÷ (year of the data − publication year + 1)"
	if dataYear > 0 {
		perYear = fmt.Sprintf("global citations ÷ (%d − publication year + 1), %d being the year of the data", dataYear, dataYear)
	}
	return []legendTerm{
		{"Local cit.", "citations from other papers of this list"},
		{"Global cit.", "all citations Semantic Scholar counts"},
		{"Global cit./year", perYear},
		{"PageRank, Authority, Hub, Betweenness", "computed on the citations among the list's papers only " +
			"(PageRank, authorities and hubs each sum to 1 over the list; betweenness is normalised to 0–1)"},
		{"unknown", "the source does not give the value"},
	}
}

// familyScores appends to dst the scores of a family's ranking (indices into
// scores, from graph.FamilyRankings), re-ranked 1..n as graph.FamilyRanking
// ranks them; the copies share their Families with scores.
func familyScores(dst, scores []graph.Score, idx []int) []graph.Score {
	for i, si := range idx {
		s := scores[si]
		s.Rank = i + 1
		dst = append(dst, s)
	}
	return dst
}

// writeRankingTable writes scores as a Markdown table; limit > 0 keeps the
// first limit rows. families is how many of a paper's families its row
// names (then "and N more"): 0 for no Families column, -1 for all of them.
func writeRankingTable(ew *errWriter, scores []graph.Score, families, limit int) {
	withFamilies := families != 0
	if withFamilies {
		ew.printf("| Rank | Paper | Year | Families | Local cit. | Global cit. | PageRank | Authority | Hub | Betweenness | Global cit./year |\n")
		ew.printf("| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	} else {
		ew.printf("| Rank | Paper | Year | Local cit. | Global cit. | PageRank | Authority | Hub | Betweenness | Global cit./year |\n")
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
		switch {
		case !withFamilies:
		case families < 0 || len(s.Families) <= families:
			ew.printf(" %s |", mdCell(strings.Join(s.Families, "; ")))
		default:
			ew.printf(" %s |", mdCell(strings.Join(s.Families[:families], "; ")+"; "+moreFamilies(len(s.Families)-families)))
		}
		ew.printf(" %d | %s | %.4f | %.4f | %.4f | %.4f | %s |\n",
			s.LocalCitations, mdOptInt(s.GlobalCitations), s.PageRank, s.Authority, s.Hub, s.Betweenness,
			mdOptFloat(s.CitationsPerYear, 1))
	}
}

// unknown is what tables and lists say for a value the source does not
// give.
const unknown = "unknown"

func mdYear(y int) string {
	if y == 0 {
		return unknown
	}
	return strconv.Itoa(y)
}

func mdOptInt(n *int) string {
	if n == nil {
		return unknown
	}
	return strconv.Itoa(*n)
}

func mdOptFloat(x *float64, prec int) string {
	if x == nil {
		return unknown
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
