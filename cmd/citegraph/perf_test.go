package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
	"github.com/citegraph/citegraph/fetch"
)

// largeList returns a Markdown list of n paper entries in n/100 families,
// made of the embedded list's items (so that they resolve against the
// embedded snapshot): with n = 100,000, every paper of the list sits in
// all 1,000 families.
func largeList(tb testing.TB, n int) []byte {
	items := regexp.MustCompile(`(?m)^- \[20\d\d-.*$`).FindAll(data.SeedList, -1)
	if len(items) < 40 {
		tb.Fatalf("%d items in the embedded list", len(items))
	}
	var b bytes.Buffer
	b.WriteString("# A large list\n")
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			fmt.Fprintf(&b, "\n## Family %d\n\n", i/100)
		}
		b.Write(items[i%len(items)])
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// distinctList returns a Markdown list of n distinct paper entries,
// "- [YEAR] Title", in n/100 families ("## Topic N"): every 50th entry is
// the title and year of a record of the embedded snapshot (so that it
// resolves), the others are titles of 6 to 11 words drawn from the
// snapshot's titles, numbered to be distinct, which no record matches. It
// is the shape of a big list that the snapshot mostly does not know: long
// tables of unresolved entries, few papers, many families.
func distinctList(tb testing.TB, n int) []byte {
	records := fetch.DefaultSnapshot().All()
	var words []string
	seen := map[string]bool{}
	for _, p := range records {
		for _, w := range strings.Fields(bib.NormalizeTitle(p.Title)) {
			if len(w) > 2 && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	if len(records) < 50 || len(words) < 100 {
		tb.Fatalf("%d records, %d words in the embedded snapshot", len(records), len(words))
	}
	r := rand.New(rand.NewPCG(uint64(n), 8))
	var b bytes.Buffer
	b.WriteString("# A large list of distinct papers\n")
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			fmt.Fprintf(&b, "\n## Topic %d\n\n", i/100)
		}
		if i%50 == 0 {
			p := records[(i/50)%len(records)]
			fmt.Fprintf(&b, "- [%d] %s\n", p.Year, p.Title)
			continue
		}
		t := make([]string, 6+r.IntN(6))
		for j := range t {
			t[j] = words[r.IntN(len(words))]
		}
		t[0] = strings.ToUpper(t[0][:1]) + t[0][1:]
		fmt.Fprintf(&b, "- [%d] %s %d\n", 2010+r.IntN(13), strings.Join(t, " "), i)
	}
	return b.Bytes()
}

// benchEntries is $CITEGRAPH_BENCH_ENTRIES, 100,000 by default.
func benchEntries(tb testing.TB) int {
	s := os.Getenv("CITEGRAPH_BENCH_ENTRIES")
	if s == "" {
		return 100000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		tb.Fatalf("CITEGRAPH_BENCH_ENTRIES=%q: want a positive number", s)
	}
	return n
}

// benchBuild builds list against the embedded snapshot, every artefact
// included, once per benchmark iteration. With $CITEGRAPH_BENCH_LISTS set
// to a directory, the list is kept there as name (to measure the binary on
// the same input: citegraph build DIR/name --source snapshot).
func benchBuild(b *testing.B, name string, list []byte, n int) {
	path := filepath.Join(b.TempDir(), name)
	if dir := os.Getenv("CITEGRAPH_BENCH_LISTS"); dir != "" {
		path = filepath.Join(dir, name)
	}
	if err := os.WriteFile(path, list, 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n), "entries")
	for b.Loop() {
		s, _, errOut := testStreams()
		out := filepath.Join(b.TempDir(), "out")
		if code := run(context.Background(), []string{"build", path, "--source", "snapshot", "--out", out, "--quiet"}, s); code != exitOK {
			b.Fatalf("exit %d: %s", code, errOut)
		}
	}
}

// BenchmarkBuildLarge builds a list of $CITEGRAPH_BENCH_ENTRIES entries
// (default 100,000, in 1,000 families) made of the embedded list's papers
// repeated (largeList) against the embedded snapshot, every artefact
// included. Run it with -benchmem, -memprofile or -cpuprofile to see where
// a large build spends its time and memory.
func BenchmarkBuildLarge(b *testing.B) {
	n := benchEntries(b)
	benchBuild(b, fmt.Sprintf("large-repeated-%d.md", n), largeList(b, n), n)
}

// BenchmarkBuildLargeDistinct is BenchmarkBuildLarge on a list of distinct
// entries, most of them unknown to the snapshot (distinctList).
func BenchmarkBuildLargeDistinct(b *testing.B) {
	n := benchEntries(b)
	benchBuild(b, fmt.Sprintf("large-distinct-%d.md", n), distinctList(b, n), n)
}

// TestBuildLongListCapped builds a list of 2,000 distinct entries
// (distinctList: 1,960 unknown to the snapshot, 20 families) and checks
// that report.md, index.html and stderr list the first unresolved entries
// and say how many more there are and where they all are, while
// resolution.csv and resolution.json hold every entry.
func TestBuildLongListCapped(t *testing.T) {
	const n = 2000
	dir := t.TempDir()
	list := filepath.Join(dir, "long.md")
	if err := os.WriteFile(list, distinctList(t, n), 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	s, _, errOut := testStreams()
	if code := run(context.Background(), []string{"build", list, "--source", "snapshot", "--out", outDir}, s); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(outDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var res []map[string]any
	if err := json.Unmarshal([]byte(read("resolution.json")), &res); err != nil {
		t.Fatal(err)
	}
	unresolved := 0
	for _, r := range res {
		if r["status"] != "resolved" {
			unresolved++
		}
	}
	if len(res) != n || unresolved < n*9/10 {
		t.Fatalf("resolution.json: %d entries, %d not resolved; want %d, most of them not resolved", len(res), unresolved, n)
	}
	rows, err := csv.NewReader(strings.NewReader(read("resolution.csv"))).ReadAll()
	if err != nil || len(rows) != n+1 {
		t.Errorf("resolution.csv: %d rows (%v); want a header and %d entries", len(rows), err, n)
	}
	more := unresolved - 100
	report := read("report.md")
	_, doubt, _ := strings.Cut(report, "## Unresolved and ambiguous entries\n")
	doubt, _, _ = strings.Cut(doubt, "\n## ")
	if got := strings.Count(doubt, "\n- "+list+":"); got != 100 {
		t.Errorf("report.md lists %d unresolved entries; want 100", got)
	}
	if want := fmt.Sprintf("- … and %d more, listed with their candidates in `resolution.csv` and `resolution.json`", more); !strings.Contains(doubt, want) {
		t.Errorf("report.md lacks %q", want)
	}
	page := read("index.html")
	if want := fmt.Sprintf(`… and %d more: <a href="resolution.csv">resolution.csv</a>`, more); !strings.Contains(page, want) {
		t.Errorf("index.html lacks %q", want)
	}
	if got := strings.Count(page, `<li><span class="pos">`); got != 100 {
		t.Errorf("index.html lists %d unresolved entries; want 100", got)
	}
	if want := fmt.Sprintf("... and %d more (see report.md or resolution.json)", unresolved-50); !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr lacks %q", want)
	}
}
