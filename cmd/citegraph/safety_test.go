package main

import (
	"bytes"
	"context"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// fastBackoff makes the live client's retries wait a millisecond.
func fastBackoff(c *fetch.Client) { c.Backoff = func(int) time.Duration { return time.Millisecond } }

// runCLI runs a citegraph command line like run does (exit code and
// stderr as the user sees them), with hook applied to the live client of
// build and bib.
func runCLI(ctx context.Context, hook func(*fetch.Client), args ...string) (exitCode, string) {
	s, _, errOut := testStreams()
	root := newCmdRoot(s)
	if hook != nil {
		for _, c := range root.Commands() {
			if c.Name() == "build" || c.Name() == "bib" {
				root.RemoveCommand(c)
			}
		}
		root.AddCommand(
			newCmdBuild(s, func(ctx context.Context, o *buildOptions) error { o.Fetch.clientHook = hook; return buildRun(ctx, o) }),
			newCmdBib(s, func(ctx context.Context, o *bibOptions) error { o.Fetch.clientHook = hook; return bibRun(ctx, o) }),
		)
	}
	code := execute(ctx, root, args, s)
	return code, errOut.String()
}

// writeList writes a reading list into a new temporary directory.
func writeList(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const twoPapers = "MobileNetV2: Inverted Residuals and Linear Bottlenecks\nhttps://arxiv.org/abs/1412.6550\n"

// snapshotOf returns every file under dir with its content.
func snapshotOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameTree(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Errorf("%s: %d files before, %d after", what, len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %s changed", what, k)
		}
	}
}

// TestOutputsCheckedBeforeAnyRequest: outputs in the way are found before
// the network is touched (the fake server sees no call): a hand-written
// references.bib in --out, build -o x.bib, bib -o DIR, bib -o onto a file
// citegraph did not write. Each exits 2 with a message naming the file and
// the way out, and leaves everything as it was.
func TestOutputsCheckedBeforeAnyRequest(t *testing.T) {
	srv := fetchtest.New(t, liveRecords(t), fetchtest.Options{})
	list := writeList(t, "l.txt", twoPapers)
	paper := t.TempDir()
	mine := filepath.Join(paper, "references.bib")
	if err := os.WriteFile(mine, []byte("% written by hand\n@misc{mine, title={Mine}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dirOut := t.TempDir()
	live := []string{list, "--api-url", srv.URL(), "--no-cache", "--rps", "1000"}
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"foreign file in --out", append([]string{"build", "--out", paper}, live...), []string{mine, "not written by citegraph", "--force"}},
		{"build -o x.bib", append([]string{"build", "-o", filepath.Join(t.TempDir(), "refs.bib")}, live...), []string{"refs.bib", "looks like a file", "citegraph bib"}},
		{"bib -o an existing directory", append([]string{"bib", "-o", dirOut}, live...), []string{dirOut, "is a directory"}},
		{"bib -o DIR/", append([]string{"bib", "-o", "newdir/"}, live...), []string{"newdir/", "is a directory"}},
		{"bib -o a file of the user's", append([]string{"bib", "-o", mine}, live...), []string{mine, "not written by citegraph", "--force"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshotOf(t, paper)
			code, stderr := runCLI(context.Background(), nil, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not mention %q:\n%s", w, stderr)
				}
			}
			if n := srv.Count(""); n != 0 {
				t.Errorf("the fake server saw %d requests; outputs must be checked before any", n)
			}
			sameTree(t, tt.name, before, snapshotOf(t, paper))
			if ents, _ := os.ReadDir(dirOut); len(ents) != 0 {
				t.Errorf("something was written into %s", dirOut)
			}
		})
	}
	if _, err := os.Stat("newdir"); !os.IsNotExist(err) {
		t.Errorf("bib -o newdir/ created it (%v)", err)
	}
}

// TestForceCleanAndEdits: --force overwrites a foreign file; a rerun
// overwrites citegraph's own files; an artefact edited since counts as the
// user's; stale files of a renamed family are listed, kept, and removed by
// --clean (only the manifest's, not the user's own file beside them).
func TestForceCleanAndEdits(t *testing.T) {
	out := t.TempDir()
	mine := filepath.Join(out, "references.bib")
	if err := os.WriteFile(mine, []byte("% mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	listA := writeList(t, "a.md", "## Pruning\n- [2015] Learning both Weights and Connections for Efficient Neural Network\n## Distillation\n- [2015] Distilling the Knowledge in a Neural Network\n")
	listB := writeList(t, "b.md", "## Pruning\n- [2015] Learning both Weights and Connections for Efficient Neural Network\n## Knowledge Distillation\n- [2015] Distilling the Knowledge in a Neural Network\n")
	snap := []string{"--source", "snapshot", "--out", out}

	if code, stderr := runCLI(context.Background(), nil, append([]string{"build", listA}, snap...)...); code != exitUsage {
		t.Fatalf("without --force: exit %d; stderr:\n%s", code, stderr)
	}
	if code, stderr := runCLI(context.Background(), nil, append([]string{"build", listA, "--force"}, snap...)...); code != exitOK {
		t.Fatalf("--force: exit %d; stderr:\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(mine); bytes.Contains(b, []byte("% mine")) {
		t.Error("--force did not overwrite references.bib")
	}
	if code, stderr := runCLI(context.Background(), nil, append([]string{"build", listA}, snap...)...); code != exitOK {
		t.Fatalf("rerun over citegraph's own files: exit %d; stderr:\n%s", code, stderr)
	}

	// The user edits an artefact: it is theirs now.
	report := filepath.Join(out, "report.md")
	if err := os.WriteFile(report, []byte("# my notes on the run\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stderr := runCLI(context.Background(), nil, append([]string{"build", listA}, snap...)...)
	if code != exitUsage || !strings.Contains(stderr, report) || !strings.Contains(stderr, "changed since citegraph wrote it") {
		t.Fatalf("edited report.md: exit %d; stderr:\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(report); string(b) != "# my notes on the run\n" {
		t.Error("the edited report.md was overwritten")
	}
	os.Remove(report)

	// The family "Distillation" is renamed: its files are stale.
	userFile := filepath.Join(out, "bib", "my-notes.bib")
	if err := os.WriteFile(userFile, []byte("% mine too\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := []string{"bib/distillation.bib", "families/distillation.dot", "families/distillation.svg"}
	code, stderr = runCLI(context.Background(), nil, append([]string{"build", listB}, snap...)...)
	if code != exitOK {
		t.Fatalf("renamed family: exit %d; stderr:\n%s", code, stderr)
	}
	for _, f := range stale {
		p := filepath.Join(out, filepath.FromSlash(f))
		if _, err := os.Stat(p); err != nil {
			t.Errorf("stale %s was removed without --clean", f)
		}
		if !strings.Contains(stderr, p) {
			t.Errorf("the summary does not list stale %s:\n%s", p, stderr)
		}
	}
	before := snapshotOf(t, out)
	code, stderr = runCLI(context.Background(), nil, append([]string{"build", listB, "--clean"}, snap...)...)
	if code != exitOK {
		t.Fatalf("--clean: exit %d; stderr:\n%s", code, stderr)
	}
	after := snapshotOf(t, out)
	var gone []string
	for f := range before {
		if _, ok := after[f]; !ok {
			gone = append(gone, f)
		}
	}
	if strings.Join(sortedStrings(gone), " ") != strings.Join(stale, " ") {
		t.Errorf("--clean removed %q; want exactly %q", gone, stale)
	}
	if _, err := os.Stat(userFile); err != nil {
		t.Errorf("--clean removed the user's own %s", userFile)
	}
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestEmptyOrBinaryListWritesNothing: a list with no paper entry (empty,
// binary, links only) is an error, exit 1, and the artefacts of an earlier
// run stay as they were, for build and for bib.
func TestEmptyOrBinaryListWritesNothing(t *testing.T) {
	out := t.TempDir()
	if code, stderr := runCLI(context.Background(), nil, "build", "--out", out, "-q"); code != exitOK {
		t.Fatalf("first build: exit %d:\n%s", code, stderr)
	}
	good := filepath.Join(t.TempDir(), "good.bib")
	if code, stderr := runCLI(context.Background(), nil, "bib", "-o", good, "-q"); code != exitOK {
		t.Fatalf("first bib: exit %d:\n%s", code, stderr)
	}
	before, goodBefore := snapshotOf(t, out), snapshotOf(t, filepath.Dir(good))
	for _, l := range []struct{ name, content string }{
		{"empty.txt", ""},
		{"binary.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\n\x00\x00\x00\x00\n"},
		{"links.md", "## Blogs\n- [A blog post](https://example.com/post)\n- [Another](https://example.org/x)\n"},
	} {
		list := writeList(t, l.name, l.content)
		for _, args := range [][]string{
			{"build", list, "--source", "snapshot", "--out", out},
			{"bib", list, "--source", "snapshot", "-o", good},
		} {
			code, stderr := runCLI(context.Background(), nil, args...)
			if code != exitError || !strings.Contains(stderr, "no paper entry") || !strings.Contains(stderr, "nothing was written") {
				t.Errorf("%s %s: exit %d; stderr:\n%s", args[0], l.name, code, stderr)
			}
		}
	}
	sameTree(t, "build output", before, snapshotOf(t, out))
	sameTree(t, "bib output", goodBefore, snapshotOf(t, filepath.Dir(good)))
}

// TestCacheStatsMissingPath: stats and clear on a cache that does not exist
// say so, exit 1, and create nothing.
func TestCacheStatsMissingPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "typo", "s2.db")
	for _, sub := range []string{"stats", "clear"} {
		code, stderr := runCLI(context.Background(), nil, "cache", sub, "--cache", path)
		if code != exitError || !strings.Contains(stderr, "no cache at "+path) {
			t.Errorf("cache %s: exit %d; stderr:\n%s", sub, code, stderr)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("cache stats created %v", ents)
	}
}

// TestPartialRunExit3: entries lost to server errors (--max-tries spent on
// 503s) leave a run that writes the rest, says how many were lost and how
// to retry, and exits 3; the same command again asks only for what was
// lost and exits 0.
func TestPartialRunExit3(t *testing.T) {
	srv := fetchtest.New(t, liveRecords(t), fetchtest.Options{})
	srv.Inject(fetchtest.EndpointMatch, fetchtest.Fault503, fetchtest.Fault503)
	list := writeList(t, "l.txt", twoPapers)
	cache := filepath.Join(t.TempDir(), "s2.db")
	out := t.TempDir()
	args := []string{"build", list, "--api-url", srv.URL(), "--cache", cache, "--rps", "1000", "--max-tries", "2", "--out", out}
	code, stderr := runCLI(context.Background(), fastBackoff, args...)
	if code != exitPartial {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitPartial, stderr)
	}
	for _, w := range []string{"1 of 2 paper entries were lost to server errors", "Run the same command again", cache, "l.txt:1: unresolved", "lost to server errors (2 tries"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "references.bib")); err != nil {
		t.Errorf("the partial run wrote no references.bib: %v", err)
	}
	srv.Reset()
	code, stderr = runCLI(context.Background(), fastBackoff, args...)
	if code != exitOK {
		t.Fatalf("rerun: exit %d; stderr:\n%s", code, stderr)
	}
	for _, r := range srv.Requests() {
		if strings.Contains(strings.Join(r.BatchIDs, " ")+r.Path, "1412.6550") {
			t.Errorf("the rerun asked again for the paper the cache holds: %s %s %q", r.Method, r.Path, r.BatchIDs)
		}
	}
	if n := srv.Count(fetchtest.EndpointMatch); n != 1 {
		t.Errorf("the rerun made %d title matches; want 1 (the lost entry's)", n)
	}
}

// TestRefusedConnectionFailsFast: an --api-url where nothing listens fails
// the run at once (well under 2 s, with the client's real backoff) with
// the message an unknown host gets, exit 1, nothing written.
func TestRefusedConnectionFailsFast(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	list := writeList(t, "l.txt", twoPapers)
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	code, stderr := runCLI(ctx, nil, "build", list, "--api-url", "http://"+addr+"/graph/v1", "--no-cache", "--out", out)
	took := time.Since(start)
	if code != exitError || took > 2*time.Second {
		t.Errorf("exit %d after %v; want 1 within 2s; stderr:\n%s", code, took, stderr)
	}
	for _, w := range []string{"cannot reach the Semantic Scholar API", addr + " refused the connection", "nothing was written"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the failed run created %s", out)
	}
}

// TestCacheUsableDuringBuild: while a build fetches (its answers slowed
// down), cache stats and an --offline run use the same cache, and a second
// build started at the same time finishes too.
func TestCacheUsableDuringBuild(t *testing.T) {
	srv := fetchtest.New(t, liveRecords(t), fetchtest.Options{SlowDelay: 300 * time.Millisecond})
	list := writeList(t, "l.txt", twoPapers)
	cache := filepath.Join(t.TempDir(), "s2.db")
	// Every answer of the first requests is slow (within the timeout), so
	// the builds are still running while the others use the cache.
	srv.Inject("", fetchtest.FaultSlow, fetchtest.FaultSlow, fetchtest.FaultSlow, fetchtest.FaultSlow)
	var wg sync.WaitGroup
	codes := make([]exitCode, 2)
	logs := make([]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], logs[i] = runCLI(context.Background(), fastBackoff, "build", list, "--api-url", srv.URL(),
				"--cache", cache, "--rps", "1000", "--timeout", "5s", "--out", filepath.Join(t.TempDir(), "out"), "-q")
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for srv.Count("") == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if code, stderr := runCLI(context.Background(), nil, "cache", "stats", "--cache", cache); code != exitOK {
		t.Errorf("cache stats during a build: exit %d:\n%s", code, stderr)
	}
	code, stderr := runCLI(context.Background(), nil, "build", list, "--offline", "--cache", cache, "--out", filepath.Join(t.TempDir(), "off"))
	if strings.Contains(stderr, "locked") || (code != exitOK && !strings.Contains(stderr, "not in the cache (--offline)")) {
		t.Errorf("--offline during a build: exit %d:\n%s", code, stderr)
	}
	wg.Wait()
	for i := range 2 {
		if codes[i] != exitOK {
			t.Errorf("build %d: exit %d:\n%s", i, codes[i], logs[i])
		}
	}
}
