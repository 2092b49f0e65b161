package out

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
)

// TestFamilyRanks checks that rankings.json and rankings.csv carry the rank
// within each family that rankings.md shows, for every paper and family.
func TestFamilyRanks(t *testing.T) {
	for name, run := range map[string]*Run{"fixture": fixtureRun(t), "seed": seedRun(t), "600": corpusRun(t, 600, 12, 120)} {
		t.Run(name, func(t *testing.T) {
			// rankings.md: "## Family" sections of "| rank | title | ..." rows.
			md := render(t, func(w io.Writer) error { return WriteRankingsMarkdown(w, run) })
			mdRank := map[string]map[string]int{} // family → table cell of the title → rank
			fam := ""
			for _, line := range strings.Split(string(md), "\n") {
				if f, ok := strings.CutPrefix(line, "## "); ok {
					fam = f
					mdRank[fam] = map[string]int{}
					continue
				}
				cells := strings.Split(line, " | ")
				if fam == "" || fam == "Overall" || len(cells) < 3 || !strings.HasPrefix(line, "| ") {
					continue
				}
				if r, err := strconv.Atoi(strings.TrimPrefix(cells[0], "| ")); err == nil {
					mdRank[fam][cells[1]] = r
				}
			}
			var recs []struct {
				ID          string         `json:"id"`
				Title       *string        `json:"title"`
				Families    []string       `json:"families"`
				FamilyRanks map[string]int `json:"familyRanks"`
			}
			if err := json.Unmarshal(render(t, func(w io.Writer) error { return WriteRankingsJSON(w, run.Scores) }), &recs); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(bytes.NewReader(render(t, func(w io.Writer) error { return WriteRankingsCSV(w, run.Scores) }))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for i, rec := range recs {
				if len(rec.FamilyRanks) != len(rec.Families) {
					t.Errorf("%s: familyRanks %v for families %v", rec.ID, rec.FamilyRanks, rec.Families)
				}
				title := rec.ID
				if rec.Title != nil && strings.TrimSpace(*rec.Title) != "" {
					title = *rec.Title
				}
				var csvRanks []string
				for _, f := range rec.Families {
					want, ok := mdRank[mdText(f)][mdCell(title)]
					if !ok {
						t.Errorf("%s: not in rankings.md's table of %q", rec.ID, f)
						continue
					}
					if rec.FamilyRanks[f] != want {
						t.Errorf("%s: familyRanks[%q] = %d; rankings.md ranks it %d", rec.ID, f, rec.FamilyRanks[f], want)
					}
					csvRanks = append(csvRanks, strconv.Itoa(want))
					checked++
				}
				if got := rows[i+1][5]; rows[0][5] != "familyRanks" || got != strings.Join(csvRanks, "; ") {
					t.Errorf("%s: rankings.csv familyRanks %q; want %q", rec.ID, got, strings.Join(csvRanks, "; "))
				}
			}
			if checked == 0 {
				t.Fatal("no family rank checked")
			}
		})
	}
}
