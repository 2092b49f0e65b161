package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// TestBibRoundTrip feeds citegraph's own references.bib back in as a reading
// list, against the fake Semantic Scholar server: it resolves to the same
// papers (the same citation keys), and no entry that carries a doi or an
// eprint costs a title match.
func TestBibRoundTrip(t *testing.T) {
	dir := t.TempDir()
	runBuild(t, nil, exitOK, "--out", dir, "-q")
	refs := filepath.Join(dir, "references.bib")
	first, err := os.ReadFile(refs)
	if err != nil {
		t.Fatal(err)
	}
	entries := regexp.MustCompile(`(?m)^@\w+\{[^@]*`).FindAllString(string(first), -1)
	withoutID := 0
	for _, e := range entries {
		if !strings.Contains(e, "  doi ") && !strings.Contains(e, "  eprint ") {
			withoutID++
		}
	}
	t.Logf("%d entries, %d without doi or eprint", len(entries), withoutID)
	if len(entries) != 42 {
		t.Fatalf("references.bib holds %d entries, want 42", len(entries))
	}

	srv := fetchtest.New(t, liveRecords(t), fetchtest.Options{})
	again := filepath.Join(t.TempDir(), "again.bib")
	s, _, errOut := testStreams()
	code := run(context.Background(), []string{"bib", refs, "--api-url", srv.URL(), "--no-cache",
		"--rps", "1000", "-o", again}, s)
	if code != exitOK {
		t.Fatalf("bib: exit %d; stderr:\n%s", code, errOut)
	}
	if got := srv.Count(fetchtest.EndpointMatch) + srv.Count(fetchtest.EndpointSearch); got != withoutID {
		t.Errorf("%d title lookups; want %d (only the entries without doi or eprint)", got, withoutID)
	}
	second, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	keys := func(b []byte) string {
		return strings.Join(regexp.MustCompile(`(?m)^@\w+\{([^,]+),`).FindAllString(string(b), -1), "\n")
	}
	if keys(first) != keys(second) {
		t.Errorf("round trip changed the entries:\nfirst:\n%s\nsecond:\n%s", keys(first), keys(second))
	}
	// The entries themselves are the same, past the header comment.
	body := func(b []byte) []byte { return b[bytes.IndexByte(b, '@'):] }
	if !bytes.Equal(body(first), body(second)) {
		t.Errorf("round trip changed the BibTeX text")
	}
}
