package out

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/graph"
)

// seedFamilies assigns the snapshot's first 43 records (the seed list's
// papers, in list order, then Deep Compression) to families by index range,
// as the seed list's headings do; Deep Compression goes to two families.
var seedFamilies = []struct {
	name   string
	lo, hi int
}{
	{"Overview", 0, 4},
	{"Compact Network Design", 4, 16},
	{"Distillation", 16, 24},
	{"Pruning", 24, 32},
	{"Binarization", 32, 34},
	{"Quantization", 34, 40},
	{"Accelerating / Fast Algorithms", 40, 42},
	{"Pruning", 42, 43},
	{"Quantization", 42, 43},
}

// seedRun builds a run over the embedded snapshot with the real graph.
func seedRun(t testing.TB) *Run {
	t.Helper()
	recs, errs := bib.DecodeJSONL("model-compression.s2.jsonl", data.Snapshot)
	if len(errs) > 0 || len(recs) < 43 {
		t.Fatalf("snapshot: %d records, errors %v", len(recs), errs)
	}
	list := &bib.List{Name: data.SeedListName, Format: "markdown"}
	var members []graph.Member
	var res []fetch.Resolution
	seen := map[string]bool{}
	for i, p := range recs[:43] {
		for _, f := range seedFamilies {
			if i < f.lo || i >= f.hi {
				continue
			}
			if !seen[f.name] {
				list.Families = append(list.Families, bib.Family{Name: f.name, Slug: bib.Slug(f.name)})
				seen[f.name] = true
			}
			e := bib.Entry{File: data.SeedListName, Line: 100 + len(list.Entries), Family: f.name, Kind: bib.KindPaper, Title: p.Title, Year: p.Year}
			list.Entries = append(list.Entries, e)
			res = append(res, fetch.Resolution{Entry: e, Status: fetch.StatusResolved, Paper: p, ID: p.Key(), Method: fetch.MethodID, Confidence: 1})
			members = append(members, graph.Member{Paper: p, Families: []string{f.name}})
		}
	}
	list.Families = append(list.Families, bib.Family{Name: "Low Rank Approximation", Slug: "low-rank-approximation"})
	g := graph.Build(members, recs[43:])
	return &Run{
		List: list, Resolutions: res, Graph: g, Scores: g.Rank(data.SnapshotYear), Suggestions: g.Suggestions(2),
		DataYear: data.SnapshotYear, SourceDesc: "Semantic Scholar snapshot of " + data.SnapshotDate + " (embedded)",
		Credit: data.Credit,
	}
}

// TestSeedPipeline writes every artefact for the embedded snapshot with the
// real graph and BibTeX code, and checks that every diagram shows every
// paper of its family, every family appears in the influence diagram, and
// the report and BibTeX files hold what they must. Set CITEGRAPH_SEED_OUT
// to a directory to keep the artefacts for a look.
func TestSeedPipeline(t *testing.T) {
	run := seedRun(t)
	dir := os.Getenv("CITEGRAPH_SEED_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	start := time.Now()
	written, err := WriteAll(context.Background(), dir, run, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("WriteAll: %d files in %v", len(written), time.Since(start))

	fams := run.Families()
	if len(fams) != 7 {
		t.Errorf("%d families with papers; want 7", len(fams))
	}
	for _, f := range fams {
		src := readFile(t, dir, "families/"+f.Slug+".dot")
		svg := readFile(t, dir, "families/"+f.Slug+".svg")
		checkSVGShowsDOT(t, f.Slug, src, svg)
		checkFamilyDOT(t, run, f, src)
	}
	infl := readFile(t, dir, "influence.dot")
	checkSVGShowsDOT(t, "influence", infl, readFile(t, dir, "influence.svg"))
	nodes, _ := dotGraph(t, infl)
	for _, f := range fams {
		if _, ok := nodes[familyID(f.Name)]; !ok {
			t.Errorf("influence: family %s missing", f.Name)
		}
	}

	refsBib := string(readFile(t, dir, "references.bib"))
	if got, want := strings.Count(refsBib, "\n@"), run.Graph.Len(); got != want {
		t.Errorf("references.bib: %d entries; want %d", got, want)
	}
	report := string(readFile(t, dir, "report.md"))
	for _, s := range []string{data.Credit, NonCommercial, "Low Rank Approximation", "IGCV2", "reference list is unavailable"} {
		if !strings.Contains(report, s) {
			t.Errorf("report.md lacks %q", s)
		}
	}
	if n := len(run.Graph.ReferencesUnavailable()); n == 0 || !strings.Contains(report, "| Papers whose reference list is unavailable | "+strconv.Itoa(n)+" |") {
		t.Errorf("report.md does not count the %d papers whose references are unavailable", n)
	}
	if !slices.ContainsFunc(fams, func(f FamilyFile) bool { return f.Slug == "accelerating-fast-algorithms" }) {
		t.Errorf("no slug accelerating-fast-algorithms among %v", fams)
	}
}

// BenchmarkWriteAllSeed measures writing every artefact for the embedded
// snapshot (text files and 8 diagrams laid out by Graphviz).
func BenchmarkWriteAllSeed(b *testing.B) {
	run := seedRun(b)
	dir := b.TempDir()
	for b.Loop() {
		if _, err := WriteAll(context.Background(), dir, run, nil); err != nil {
			b.Fatal(err)
		}
	}
}
