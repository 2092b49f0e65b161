package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citegraph/citegraph/data"
	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// TestAPIKeyNeverLeaks runs a verbose live build with faults and then with
// a refused key, and greps everything the run left behind for the key:
// stdout, stderr, every artefact and the cache file.
func TestAPIKeyNeverLeaks(t *testing.T) {
	const key = "sk-TEST-8c1f0e55d2a94b7c"
	srv := fetchtest.New(t, liveRecords(t), fetchtest.Options{APIKey: key, FaultRate: 0.2, Seed: 3,
		Faults: []fetchtest.Fault{fetchtest.Fault429, fetchtest.Fault500, fetchtest.FaultCut, fetchtest.FaultErrorBody}})
	list := filepath.Join(t.TempDir(), "list.md")
	if err := os.WriteFile(list, data.SeedList, 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(t.TempDir(), "s2.db")
	outDir := t.TempDir()

	var logs bytes.Buffer
	for _, tc := range []struct {
		key  string
		want exitCode
	}{{key, exitOK}, {"wrong-" + key, exitError}} {
		s, stdout, stderr := testStreams()
		root := newCmdRoot(s)
		for _, c := range root.Commands() {
			if c.Name() == "build" {
				root.RemoveCommand(c)
			}
		}
		root.AddCommand(newCmdBuild(s, func(ctx context.Context, o *buildOptions) error {
			o.Fetch.clientHook = func(c *fetch.Client) { c.Backoff = func(int) time.Duration { return time.Millisecond } }
			return buildRun(ctx, o)
		}))
		t.Setenv("S2_API_KEY", tc.key)
		root.SetArgs([]string{"build", list, "--api-url", srv.URL(), "--cache", cache, "--rps", "1000",
			"--max-tries", "10", "--verbose", "--out", outDir, "--refresh"})
		root.SetOut(s.Out)
		root.SetErr(s.ErrOut)
		err := root.ExecuteContext(context.Background())
		if got := map[bool]exitCode{true: exitError, false: exitOK}[err != nil]; got != tc.want {
			t.Errorf("key %d: exit %d, want %d (%v)", len(tc.key), got, tc.want, err)
		}
		if err != nil {
			stderr.WriteString(err.Error())
		}
		logs.Write(stdout.Bytes())
		logs.Write(stderr.Bytes())
	}
	// The refused run stops without overwriting the good run's artefacts.
	if b, err := os.ReadFile(filepath.Join(outDir, "resolution.json")); err != nil || !bytes.Contains(b, []byte(`"status": "resolved"`)) {
		t.Errorf("the refused run overwrote the artefacts of the good one (%v)", err)
	}
	if !strings.Contains(logs.String(), "refused") {
		t.Errorf("a wrong key does not say the key was refused:\n%s", tail(logs.String(), 2000))
	}
	if strings.Contains(logs.String(), key) {
		t.Errorf("the API key appears in the command's output")
	}
	for _, dir := range []string{outDir, filepath.Dir(cache)} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if bytes.Contains(b, []byte(key)) {
				t.Errorf("the API key appears in %s", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
