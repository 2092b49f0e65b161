package out

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/citegraph/citegraph/fetch"
)

// resolutionRecord is one element of resolution.json, fields in the order
// design.md lists them. Pointers are null when the value is unknown.
type resolutionRecord struct {
	Line                int               `json:"line"`
	Family              *string           `json:"family"`
	ListedTitle         *string           `json:"listedTitle"`
	ListedYear          *int              `json:"listedYear"`
	ListedVenue         *string           `json:"listedVenue"`
	Status              fetch.Status      `json:"status"`
	ID                  *string           `json:"id"`
	PaperID             *string           `json:"paperId"`
	Title               *string           `json:"title"`
	Year                *int              `json:"year"`
	Venue               *string           `json:"venue"`
	Method              *string           `json:"method"`
	Confidence          jsonFloat         `json:"confidence"`
	Candidates          []candidateRecord `json:"candidates"`
	Corrections         []string          `json:"corrections"`
	ReferencesAvailable *bool             `json:"referencesAvailable"`
	// Reason says why an entry is not resolved, or warns about a resolved
	// one (e.g. a link whose record disagrees with the listed title).
	Reason *string `json:"reason"`
}

type candidateRecord struct {
	ID    string    `json:"id"`
	Title string    `json:"title"`
	Score jsonFloat `json:"score"`
}

func newResolutionRecord(r *fetch.Resolution) resolutionRecord {
	rec := resolutionRecord{
		Line:        r.Entry.Line,
		Family:      optString(r.Entry.Family),
		ListedTitle: optString(r.Entry.Title),
		ListedYear:  optInt(r.Entry.Year),
		ListedVenue: optString(r.Entry.Venue),
		Status:      r.Status,
		ID:          optString(r.ID),
		Method:      optString(string(r.Method)),
		Confidence:  jsonFloat(r.Confidence),
		Candidates:  []candidateRecord{},
		Corrections: []string{},
	}
	if p := r.Paper; p != nil {
		rec.PaperID = optString(p.PaperID)
		rec.Title = optString(p.Title)
		rec.Year = optInt(p.Year)
		rec.Venue = optString(p.Venue)
		avail := p.ReferencesAvailable()
		rec.ReferencesAvailable = &avail
	}
	for _, c := range r.Candidates {
		rec.Candidates = append(rec.Candidates, candidateRecord{ID: c.ID, Title: c.Title, Score: jsonFloat(c.Score)})
	}
	rec.Corrections = append(rec.Corrections, r.Corrections...)
	rec.Reason = optString(r.Reason)
	return rec
}

// WriteResolutionJSON writes resolution.json: an array with one object per
// resolution, in the order given (list order), in the schema of design.md
// §Output schemas. Unknown values are null, never 0 or "".
func WriteResolutionJSON(w io.Writer, rs []fetch.Resolution) error {
	return writeJSONArray(w, "resolution.json", len(rs), func(i int) resolutionRecord { return newResolutionRecord(&rs[i]) })
}

// resolutionColumns are resolution.csv's columns: resolution.json's fields.
var resolutionColumns = []string{
	"line", "family", "listedTitle", "listedYear", "listedVenue", "status",
	"id", "paperId", "title", "year", "venue", "method", "confidence",
	"candidates", "corrections", "referencesAvailable", "reason",
}

// WriteResolutionCSV writes resolution.csv: a header row, then one row per
// resolution with resolution.json's fields as columns. Unknown values are
// empty cells; text cells that a spreadsheet would run as a formula start
// with "'" (see csvText). Candidates are flattened into one cell as
// "ID (score): title" items joined by " | "; corrections are joined by "; ".
func WriteResolutionCSV(w io.Writer, rs []fetch.Resolution) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(resolutionColumns); err != nil {
		return fmt.Errorf("out: resolution.csv: %w", err)
	}
	for i := range rs {
		rec := newResolutionRecord(&rs[i])
		cands := make([]string, len(rec.Candidates))
		for j, c := range rec.Candidates {
			cands[j] = fmt.Sprintf("%s (%s): %s", cleanText(c.ID), formatFloat(float64(c.Score)), cleanText(c.Title))
		}
		corr := make([]string, len(rec.Corrections))
		for j, c := range rec.Corrections {
			corr[j] = cleanText(c)
		}
		row := []string{
			strconv.Itoa(rec.Line), csvString(rec.Family), csvString(rec.ListedTitle),
			csvInt(rec.ListedYear), csvString(rec.ListedVenue), string(rec.Status),
			csvString(rec.ID), csvString(rec.PaperID), csvString(rec.Title), csvInt(rec.Year),
			csvString(rec.Venue), csvString(rec.Method), formatFloat(float64(rec.Confidence)),
			csvText(strings.Join(cands, " | ")), csvText(strings.Join(corr, "; ")), csvBool(rec.ReferencesAvailable), csvString(rec.Reason),
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("out: resolution.csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("out: resolution.csv: %w", err)
	}
	return nil
}

// writeJSON writes v as indented JSON with "<", ">" and "&" left as they
// are, and without bidirectional control characters (U+202A-U+202E,
// U+2066-U+2069), which every artefact strips: a title carrying one would
// otherwise reorder what a reader of the file sees. They can only occur
// inside strings, so they are dropped from the encoded bytes: every JSON
// artefact written through here is covered, whatever its fields.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("out: json: %w", err)
	}
	b := buf.Bytes()
	if bytes.ContainsFunc(b, bidiControl) {
		b = dropBidi(b)
	}
	_, err := w.Write(b)
	return err
}

// dropBidi returns b without bidirectional control characters.
func dropBidi(b []byte) []byte {
	return bytes.Map(func(r rune) rune {
		if bidiControl(r) {
			return -1
		}
		return r
	}, b)
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// csvString is a CSV text cell (see csvText), empty when nil.
func csvString(s *string) string {
	if s == nil {
		return ""
	}
	return csvText(*s)
}

// csvText is a CSV text cell: clean text (one line), with a "'" put before
// a cell that begins with "=", "+", "-" or "@", so that a spreadsheet
// shows it as text rather than running it as a formula (OWASP's advice
// against CSV injection; tabs and carriage returns, its other triggers,
// are already gone). A title such as "-1 Bit Networks" reads
// "'-1 Bit Networks" in the CSV files; the JSON, GraphML and Markdown
// artefacts keep the text as it is. Number cells are never prefixed.
func csvText(s string) string {
	s = cleanText(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func csvBool(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

func csvFloat(x *float64) string {
	if x == nil {
		return ""
	}
	return formatFloat(*x)
}
