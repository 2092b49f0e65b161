package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citegraph/citegraph/data"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// reference is the output of testdata/neighbourhood_reference.py.
type reference struct {
	List          []string       `json:"list"`
	CitationPages map[string]int `json:"citationPages"`
	Citations     map[string]int `json:"citations"`
	Batches       int            `json:"batches"`
	Fetch         []string       `json:"fetch"`
	Suggestions   []struct {
		Aliases []string `json:"aliases"`
		CitedBy []string `json:"citedBy"`
		Cites   []string `json:"cites"`
	} `json:"suggestions"`
	Similar []struct {
		Aliases   []string `json:"aliases"`
		SimilarTo []string `json:"similarTo"`
	} `json:"similar"`
	Pairs []struct {
		A, B       string
		Cocitation int     `json:"cocitation"`
		Coupling   int     `json:"coupling"`
		Strength   float64 `json:"strength"`
	} `json:"pairs"`
	OutsidePairs []struct {
		List       string   `json:"list"`
		Aliases    []string `json:"aliases"`
		Cocitation int      `json:"cocitation"`
		Coupling   int      `json:"coupling"`
		Strength   float64  `json:"strength"`
	} `json:"outsidePairs"`
}

// runReference runs the independent reference script over the corpus and
// a build's resolution.json.
func runReference(t *testing.T, resolution string) *reference {
	t.Helper()
	const python = "/usr/bin/python3"
	out, err := exec.Command(python, filepath.Join("testdata", "neighbourhood_reference.py"),
		fetchtest.CorpusPath(), resolution, "2").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("reference script: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("reference script (%s is needed): %v", python, err)
	}
	var ref reference
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatal(err)
	}
	return &ref
}

// suggestionRow is an element of suggestions.json.
type suggestionRow struct {
	Kind      string   `json:"kind"`
	ID        string   `json:"id"`
	PaperID   *string  `json:"paperId"`
	ArXiv     *string  `json:"arxiv"`
	DOI       *string  `json:"doi"`
	Title     *string  `json:"title"`
	Links     int      `json:"links"`
	CitedBy   []string `json:"citedBy"`
	Cites     []string `json:"cites"`
	SimilarTo []string `json:"similarTo"`
	BibKey    *string  `json:"bibKey"`
}

// aliasesOf returns the ids a suggestion is known by.
func (r suggestionRow) aliases() []string {
	as := []string{r.ID}
	if r.PaperID != nil {
		as = append(as, *r.PaperID)
	}
	if r.ArXiv != nil {
		as = append(as, "ARXIV:"+*r.ArXiv)
	}
	if r.DOI != nil {
		as = append(as, "DOI:"+strings.ToLower(*r.DOI))
	}
	return as
}

// similarityEdges reads similarity.graphml's edges as "a|b" (a < b) →
// [cocitation, coupling] and weights.
func similarityEdges(t *testing.T, path string) (map[string][2]int, map[string]float64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Graph struct {
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Data   []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	counts, weights := map[string][2]int{}, map[string]float64{}
	for _, e := range doc.Graph.Edges {
		a, z := e.Source, e.Target
		if a > z {
			a, z = z, a
		}
		var c [2]int
		var w float64
		for _, d := range e.Data {
			switch d.Key {
			case "d_cocitation":
				fmt.Sscan(d.Value, &c[0])
			case "d_coupling":
				fmt.Sscan(d.Value, &c[1])
			case "d_weight":
				fmt.Sscan(d.Value, &w)
			}
		}
		counts[a+"|"+z], weights[a+"|"+z] = c, w
	}
	return counts, weights
}

func sortedCopy(ss []string) []string {
	c := slices.Clone(ss)
	sort.Strings(c)
	return c
}

// TestExpandSeedAgainstCorpus runs the seed list with --source s2 --expand
// against the fake serving the sample corpus (citations are its references
// inverted) and checks, against the independent reference script:
// prior and derivative works with the list papers each connects to,
// co-citation and coupling counts and strengths of every list pair and of
// every list paper and suggested work; the calls: exactly one citations
// walk per resolved list paper (one page each here) and the suggested
// papers' records in batches of ≤ 500, none repeated; then that a second
// run makes no call, and that every suggestion is in suggestions.csv.
func TestExpandSeedAgainstCorpus(t *testing.T) {
	list := filepath.Join(t.TempDir(), "model-compression.md")
	if err := os.WriteFile(list, data.SeedList, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := fetchtest.New(t, fetchtest.CorpusRecords(t), fetchtest.Options{})
	cache := filepath.Join(t.TempDir(), "s2.db")
	fast := func(c *fetch.Client) { c.Backoff = func(int) time.Duration { return time.Millisecond } }
	common := []string{list, "--source", "s2", "--api-url", srv.URL(), "--cache", cache, "--rps", "1000", "-q"}

	// Resolution first, so that the expansion's calls stand alone.
	runBuild(t, fast, exitOK, append(common, "--out", t.TempDir())...)
	srv.Wait()
	srv.Reset()
	dir := t.TempDir()
	runBuild(t, fast, exitOK, append(common, "--expand", "--out", dir)...)
	srv.Wait()
	ref := runReference(t, filepath.Join(dir, "resolution.json"))
	if keep := os.Getenv("CITEGRAPH_EXPAND_OUT"); keep != "" {
		_ = os.CopyFS(keep, os.DirFS(dir))
	}
	if len(ref.List) < 40 {
		t.Fatalf("only %d list papers resolved against the corpus", len(ref.List))
	}

	// Calls: one walk per list paper, the records in batches, no repeat.
	pages := 0
	for _, n := range ref.CitationPages {
		pages += n
	}
	got := map[string]int{}
	var batchIDs []string
	for _, r := range srv.Requests() {
		if !r.Succeeded() {
			t.Errorf("request %s failed: %d", r.Key(), r.Status)
			continue
		}
		got[r.Endpoint]++
		batchIDs = append(batchIDs, r.BatchIDs...)
		if len(r.BatchIDs) > 500 {
			t.Errorf("a batch of %d ids", len(r.BatchIDs))
		}
	}
	want := map[string]int{fetchtest.EndpointCitations: pages, fetchtest.EndpointBatch: ref.Batches}
	if !mapsEqual(got, want) {
		t.Errorf("expansion calls %v; want %v (one citations walk per list paper, records in batches of ≤ 500)", got, want)
	}
	if pages != len(ref.List) {
		t.Errorf("%d citation pages for %d list papers", pages, len(ref.List))
	}
	wantIDs := map[string]bool{}
	for _, id := range ref.Fetch {
		wantIDs[strings.ToLower(id)] = true
	}
	gotIDs := map[string]bool{}
	for _, id := range batchIDs {
		if gotIDs[strings.ToLower(id)] {
			t.Errorf("record %s fetched twice", id)
		}
		gotIDs[strings.ToLower(id)] = true
	}
	if !mapsEqual(gotIDs, wantIDs) {
		t.Errorf("records fetched: %d ids; the reference fetches %d:\nonly fetched: %v\nonly in the reference: %v",
			len(gotIDs), len(wantIDs), onlyIn(gotIDs, wantIDs), onlyIn(wantIDs, gotIDs))
	}
	if d := srv.Duplicates(); len(d) > 0 {
		t.Errorf("duplicate requests: %v", d)
	}

	// Prior and derivative works.
	var rows []suggestionRow
	readJSON(t, filepath.Join(dir, "suggestions.json"), &rows)
	byAlias := map[string]int{}
	kinds := map[string]int{}
	for i, r := range rows {
		kinds[r.Kind]++
		for _, a := range r.aliases() {
			byAlias[a] = i
		}
	}
	t.Logf("%d list papers, %d citing papers, %d records fetched in %d batches; suggestions %v; reference: %d prior and derivative, %d similar, %d list pairs, %d list-suggestion pairs",
		len(ref.List), sumValues(ref.Citations), len(ref.Fetch), ref.Batches, kinds, len(ref.Suggestions), len(ref.Similar), len(ref.Pairs), len(ref.OutsidePairs))
	if kinds["prior"] == 0 || kinds["derivative"] == 0 {
		t.Errorf("suggestion kinds %v; want prior and derivative works", kinds)
	}
	matched := map[int]bool{}
	for _, s := range ref.Suggestions {
		i, ok := -1, false
		for _, a := range s.Aliases {
			if i, ok = byAlias[a]; ok {
				break
			}
		}
		if !ok {
			t.Errorf("reference suggestion %v (cited by %d, cites %d) is not in suggestions.json", s.Aliases, len(s.CitedBy), len(s.Cites))
			continue
		}
		matched[i] = true
		r := rows[i]
		if !slices.Equal(sortedCopy(r.CitedBy), s.CitedBy) || !slices.Equal(sortedCopy(r.Cites), s.Cites) {
			t.Errorf("%s: cited by %d, cites %d list papers; the reference says %d, %d", r.ID, len(r.CitedBy), len(r.Cites), len(s.CitedBy), len(s.Cites))
		}
	}
	for _, s := range ref.Similar {
		i, ok := -1, false
		for _, a := range s.Aliases {
			if i, ok = byAlias[a]; ok {
				break
			}
		}
		if !ok {
			t.Errorf("reference similar work %v (similar to %d) is not in suggestions.json", s.Aliases, len(s.SimilarTo))
			continue
		}
		matched[i] = true
		if r := rows[i]; r.Kind != "similar" || !slices.Equal(sortedCopy(r.SimilarTo), s.SimilarTo) {
			t.Errorf("%s: %s, similar to %d list papers; the reference says similar to %d", r.ID, r.Kind, len(r.SimilarTo), len(s.SimilarTo))
		}
	}
	for i, r := range rows {
		if !matched[i] {
			t.Errorf("suggestions.json has %s %s (%d links), which the reference does not suggest", r.Kind, r.ID, r.Links)
		}
	}

	// Co-citation and coupling among the list's papers.
	var g struct {
		Similarity []struct {
			Source, Target string
			Cocitation     int     `json:"cocitation"`
			Coupling       int     `json:"coupling"`
			Strength       float64 `json:"strength"`
		} `json:"similarity"`
	}
	readJSON(t, filepath.Join(dir, "graph.json"), &g)
	type counts struct {
		cc, cp int
		st     float64
	}
	gotPairs := map[string]counts{}
	for _, e := range g.Similarity {
		gotPairs[e.Source+"|"+e.Target] = counts{e.Cocitation, e.Coupling, e.Strength}
	}
	if len(gotPairs) != len(ref.Pairs) {
		t.Errorf("graph.json has %d similarity edges; the reference %d", len(gotPairs), len(ref.Pairs))
	}
	withCocitation := 0
	for _, p := range ref.Pairs {
		got, ok := gotPairs[p.A+"|"+p.B]
		if !ok || got.cc != p.Cocitation || got.cp != p.Coupling || math.Abs(got.st-p.Strength) > 1e-12 {
			t.Errorf("%s – %s: %+v; the reference says co-citation %d, coupling %d, strength %v", p.A, p.B, got, p.Cocitation, p.Coupling, p.Strength)
		}
		if p.Cocitation > 0 {
			withCocitation++
		}
	}
	if withCocitation == 0 {
		t.Error("no list pair is co-cited: the citation lists were not used")
	}

	// ... and between list papers and suggested works.
	simCounts, simWeights := similarityEdges(t, filepath.Join(dir, "similarity.graphml"))
	for _, p := range ref.OutsidePairs {
		i, ok := -1, false
		for _, a := range p.Aliases {
			if i, ok = byAlias[a]; ok {
				break
			}
		}
		if !ok {
			continue // reported above
		}
		a, z := p.List, rows[i].ID
		if a > z {
			a, z = z, a
		}
		got, ok := simCounts[a+"|"+z]
		if !ok || got != [2]int{p.Cocitation, p.Coupling} || math.Abs(simWeights[a+"|"+z]-p.Strength) > 1e-12 {
			t.Errorf("%s – %s: co-citation and coupling %v (present %t), strength %v; the reference says %d, %d, %v",
				p.List, rows[i].ID, got, ok, simWeights[a+"|"+z], p.Cocitation, p.Coupling, p.Strength)
		}
	}

	// Every suggestion is in suggestions.csv; those with an id in
	// suggested.bib.
	csvRows := readCSV(t, filepath.Join(dir, "suggestions.csv"))
	if len(csvRows) != len(rows)+1 {
		t.Errorf("suggestions.csv has %d rows; want %d and a header", len(csvRows)-1, len(rows))
	}
	bibText, err := os.ReadFile(filepath.Join(dir, "suggested.bib"))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if i+1 < len(csvRows) && csvRows[i+1][2] != r.ID {
			t.Errorf("suggestions.csv row %d is %s; suggestions.json says %s", i+1, csvRows[i+1][2], r.ID)
		}
		hasID := !strings.HasPrefix(r.ID, "TITLE:")
		if (r.BibKey != nil) != hasID || (hasID && !strings.Contains(string(bibText), "{"+*r.BibKey+",")) {
			t.Errorf("%s: bibKey %v; want one in suggested.bib exactly when it has an id", r.ID, r.BibKey)
		}
	}

	// A second run answers from the cache alone, with the same artefacts.
	srv.SetStrict(true)
	again := t.TempDir()
	runBuild(t, fast, exitOK, append(common, "--expand", "--out", again)...)
	for _, f := range []string{"suggestions.json", "graph.json", "similarity.graphml", "clusters.csv", "suggested.bib"} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(again, f))
		if string(a) != string(b) {
			t.Errorf("%s differs on the cached rerun", f)
		}
	}
}

func mapsEqual[V comparable](a, b map[string]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func onlyIn(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// TestExpandInterruptedResumes interrupts a build during the expansion
// after k answers (of the citation walks, of the records' batch), reruns
// it and checks that no call is ever repeated and that the resumed run
// writes what an uninterrupted one does.
func TestExpandInterruptedResumes(t *testing.T) {
	list := filepath.Join(t.TempDir(), "model-compression.md")
	if err := os.WriteFile(list, data.SeedList, 0o644); err != nil {
		t.Fatal(err)
	}
	records := fetchtest.CorpusRecords(t)
	// An uninterrupted run, for its artefacts.
	whole := t.TempDir()
	{
		srv := fetchtest.New(t, records, fetchtest.Options{})
		runBuild(t, nil, exitOK, list, "--source", "s2", "--api-url", srv.URL(), "--no-cache", "--rps", "1000", "-q", "--expand", "--out", whole)
	}
	for _, k := range []int{1, 20, 43, 44} { // 43, 44: the two batches of records, after 42 walks
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			srv := fetchtest.New(t, records, fetchtest.Options{})
			cache := filepath.Join(t.TempDir(), "s2.db")
			common := []string{list, "--source", "s2", "--api-url", srv.URL(), "--cache", cache, "--rps", "1000", "-q", "--expand"}
			runBuild(t, nil, exitOK, append(slices.Clone(common[:len(common)-1]), "--out", t.TempDir())...) // resolution only
			srv.Wait()
			srv.Reset()

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var answers atomic.Int64
			hook := func(c *fetch.Client) {
				c.OnRequest = func(info fetch.RequestInfo) {
					if !info.Cached && info.Err == nil && info.Status == http.StatusOK &&
						(info.Endpoint == fetch.EndpointCitations || info.Endpoint == fetch.EndpointBatch) {
						if answers.Add(1) == int64(k) {
							cancel()
						}
					}
				}
			}
			code := runBuildCtx(t, ctx, hook, append(common, "--out", t.TempDir())...)
			if code != exitInterrupted {
				t.Fatalf("interrupted run: exit %d; want %d", code, exitInterrupted)
			}
			srv.Wait()
			if n := srv.Successes(""); n != k {
				t.Fatalf("%d successful calls before the interruption; want %d", n, k)
			}
			dir := t.TempDir()
			runBuild(t, nil, exitOK, append(common, "--out", dir)...)
			srv.Wait()
			if d := srv.Duplicates(); len(d) > 0 {
				t.Errorf("the resumed run repeated calls: %v", d)
			}
			for _, f := range []string{"suggestions.json", "graph.json", "similarity.graphml", "clusters.csv", "report.md"} {
				a, _ := os.ReadFile(filepath.Join(whole, f))
				b, _ := os.ReadFile(filepath.Join(dir, f))
				if string(a) != string(b) {
					t.Errorf("%s of the resumed run differs from an uninterrupted run's", f)
				}
			}
		})
	}
}

// runBuildCtx runs "citegraph build" under ctx through run (as main does)
// and returns its exit code.
func runBuildCtx(t *testing.T, ctx context.Context, hook func(*fetch.Client), args ...string) exitCode {
	t.Helper()
	s, _, _ := testStreams()
	root := newCmdRoot(s)
	for _, c := range root.Commands() {
		if c.Name() == "build" {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(newCmdBuild(s, func(ctx context.Context, o *buildOptions) error {
		o.Fetch.clientHook = hook
		return buildRun(ctx, o)
	}))
	root.SetArgs(append([]string{"build"}, args...))
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	default:
		t.Logf("build: %v", err)
		return exitError
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestExpandOffline: the embedded snapshot has no citation lists, so a
// build uses references only and says so, with or without --expand; with
// it, the artefacts are those of a run without it.
func TestExpandOffline(t *testing.T) {
	plain, expanded := t.TempDir(), t.TempDir()
	runBuild(t, nil, exitOK, "--out", plain, "-q")
	stderr := runBuild(t, nil, exitOK, "--out", expanded, "--expand")
	if !strings.Contains(stderr, "--expand: the embedded snapshot holds no citation lists") {
		t.Errorf("stderr does not say --expand has nothing to expand:\n%s", stderr)
	}
	for dir, want := range map[string]string{
		plain:    "Gathered from the list papers' reference lists only (offline, or `--expand` not given)",
		expanded: "`--expand` was given, but the embedded snapshot holds no citation lists",
	} {
		rep, err := os.ReadFile(filepath.Join(dir, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{want, "Citations: not fetched (references only).", "## Clusters and families", "| Cluster | Papers |"} {
			if !strings.Contains(string(rep), s) {
				t.Errorf("%s/report.md lacks %q", dir, s)
			}
		}
	}
	for _, f := range []string{"suggestions.json", "suggested.bib", "graph.json", "similarity.graphml", "clusters.csv"} {
		a, _ := os.ReadFile(filepath.Join(plain, f))
		b, _ := os.ReadFile(filepath.Join(expanded, f))
		if string(a) != string(b) || len(a) == 0 {
			t.Errorf("%s differs with --expand offline (or is empty)", f)
		}
	}
}
