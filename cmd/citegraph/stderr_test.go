package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/fetch/fetchtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestStderrGolden is what a user reads at default verbosity after an
// --offline run of a list with problems: parse problems, an entry the cache
// does not hold, a section of links. No log-record syntax reaches stderr,
// and every detail line names file and line. Temporary paths and the
// duration are replaced by placeholders; -update rewrites the golden file.
func TestStderrGolden(t *testing.T) {
	srv := fetchtest.New(t, liveRecords(t), fetchtest.Options{})
	cache := filepath.Join(t.TempDir(), "s2.db")
	// A live run fills the cache with three of the list's papers.
	if code, stderr := runCLI(context.Background(), nil, "build", "testdata/stderr/cached.txt", "--api-url", srv.URL(),
		"--cache", cache, "--rps", "1000", "--out", filepath.Join(t.TempDir(), "live"), "-q"); code != exitOK {
		t.Fatalf("filling the cache: exit %d:\n%s", code, stderr)
	}
	srv.SetStrict(true) // --offline: any request fails the test
	out := filepath.Join(t.TempDir(), "out")
	code, stderr := runCLI(context.Background(), nil, "build", "testdata/stderr/problems.md", "--offline",
		"--api-url", srv.URL(), "--cache", cache, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	got := strings.NewReplacer(cache, "$CACHE", out, "$OUT", srv.URL(), "$API").Replace(stderr)
	got = regexp.MustCompile(`done in [0-9.]+[µmn]?s`).ReplaceAllString(got, "done in $$TIME")

	for _, bad := range []string{"level=", "msg=", "fetch: ", "bib: ", "out: "} {
		if strings.Contains(got, bad) {
			t.Errorf("stderr holds %q (log-record syntax or a package prefix):\n%s", bad, got)
		}
	}
	detail := regexp.MustCompile(`^  testdata/stderr/problems\.md:\d+: `)
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		if strings.HasPrefix(line, "  ") && !detail.MatchString(line) {
			t.Errorf("detail line without file and line: %q", line)
		}
	}

	golden := filepath.Join("testdata", "stderr", "offline-problems.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestStderrGolden -update)", err)
	}
	if got != string(want) {
		t.Errorf("stderr differs from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
	}

	// -v shows the records themselves.
	_, verbose := runCLI(context.Background(), nil, "build", "testdata/stderr/problems.md", "--offline",
		"--api-url", srv.URL(), "--cache", cache, "--out", out, "-v")
	if !strings.Contains(verbose, "level=WARN") || strings.Contains(verbose, "run again with -v") {
		t.Errorf("-v does not show the log records:\n%s", verbose)
	}
}

// TestHelpListsExitCodes: citegraph --help documents every exit code the
// command uses.
func TestHelpListsExitCodes(t *testing.T) {
	s, stdout, _ := testStreams()
	if code := run(context.Background(), []string{"--help"}, s); code != exitOK {
		t.Fatalf("--help: exit %d", code)
	}
	for _, c := range []exitCode{exitOK, exitError, exitUsage, exitPartial, exitInterrupted} {
		if !regexp.MustCompile(`(?m)^  ` + strconv.Itoa(int(c)) + ` +\S`).MatchString(stdout.String()) {
			t.Errorf("--help does not list exit code %d:\n%s", c, stdout)
		}
	}
}
