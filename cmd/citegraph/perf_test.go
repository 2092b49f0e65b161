package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/citegraph/citegraph/data"
)

// largeList returns a Markdown list of n paper entries in n/100 families,
// made of the embedded list's items (so that they resolve against the
// embedded snapshot).
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

// BenchmarkBuildLarge builds a list of $CITEGRAPH_BENCH_ENTRIES entries
// (default 100,000, in 1,000 families) against the embedded snapshot,
// every artefact included. Run it with -benchmem, -memprofile or
// -cpuprofile to see where a large build spends its time and memory.
func BenchmarkBuildLarge(b *testing.B) {
	n := 100000
	if s := os.Getenv("CITEGRAPH_BENCH_ENTRIES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	list := filepath.Join(b.TempDir(), "large.md")
	if err := os.WriteFile(list, largeList(b, n), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n), "entries")
	for b.Loop() {
		s, _, errOut := testStreams()
		out := filepath.Join(b.TempDir(), "out")
		if code := run(context.Background(), []string{"build", list, "--source", "snapshot", "--out", out, "--quiet"}, s); code != exitOK {
			b.Fatalf("exit %d: %s", code, errOut)
		}
	}
}
