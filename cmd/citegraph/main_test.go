package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// parsedOptions runs the command newCmd makes on argv with a runF that
// only records its options, and returns them.
func parsedOptions[O any](t *testing.T, newCmd func(*streams, func(context.Context, *O) error) *cobra.Command, argv string) *O {
	t.Helper()
	s, _, _ := testStreams()
	var got *O
	cmd := newCmd(s, func(_ context.Context, o *O) error { got = o; return nil })
	cmd.SetArgs(strings.Fields(argv))
	cmd.SetOut(s.Out)
	cmd.SetErr(s.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("Execute(%q): %v", argv, err)
	}
	if got == nil {
		t.Fatalf("Execute(%q) did not call runF", argv)
	}
	return got
}

func testStreams() (*streams, *bytes.Buffer, *bytes.Buffer) {
	var o, e bytes.Buffer
	return &streams{In: strings.NewReader(""), Out: &o, ErrOut: &e}, &o, &e
}

func TestBuildFlags(t *testing.T) {
	t.Setenv("S2_API_KEY", "")
	t.Setenv("S2_API_URL", "")
	tests := []struct {
		name string
		argv string
		env  map[string]string
		want func(t *testing.T, o *buildOptions)
	}{
		{"embedded default", "", nil, func(t *testing.T, o *buildOptions) {
			if o.ListPath != "" || o.Fetch.Source != "snapshot" || o.OutDir != "citegraph-out" {
				t.Errorf("got list %q source %q out %q", o.ListPath, o.Fetch.Source, o.OutDir)
			}
		}},
		{"user list defaults to live", "list.md", nil, func(t *testing.T, o *buildOptions) {
			if o.ListPath != "list.md" || o.Fetch.Source != "s2" || o.Fetch.RPS != 1 {
				t.Errorf("got list %q source %q rps %v", o.ListPath, o.Fetch.Source, o.Fetch.RPS)
			}
		}},
		{"flags", "list.bib --out x --source snapshot --rps 5 --timeout 3s --offline --max-age 1h", nil, func(t *testing.T, o *buildOptions) {
			f := o.Fetch
			if o.OutDir != "x" || f.Source != "snapshot" || f.RPS != 5 || f.Timeout != 3*time.Second || !f.Offline || f.MaxAge != time.Hour {
				t.Errorf("got %+v", o)
			}
		}},
		{"key and url from env", "l.txt", map[string]string{"S2_API_KEY": "sekrit", "S2_API_URL": "http://127.0.0.1:1"}, func(t *testing.T, o *buildOptions) {
			if o.Fetch.APIKey != "sekrit" || o.Fetch.APIURL != "http://127.0.0.1:1" {
				t.Errorf("got key %q url %q", o.Fetch.APIKey, o.Fetch.APIURL)
			}
		}},
		{"expand", "l.txt --expand --expand-limit 200 --min-suggest 3", nil, func(t *testing.T, o *buildOptions) {
			if !o.Expand.Expand || o.Expand.Limit != 200 || o.MinSuggest != 3 {
				t.Errorf("got expand %+v, min-suggest %d", o.Expand, o.MinSuggest)
			}
		}},
		{"flag beats env", "l.txt --api-key flagkey", map[string]string{"S2_API_KEY": "envkey"}, func(t *testing.T, o *buildOptions) {
			if o.Fetch.APIKey != "flagkey" {
				t.Errorf("got key %q", o.Fetch.APIKey)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			tt.want(t, parsedOptions(t, newCmdBuild, tt.argv))
		})
	}
}

func TestExitCodes(t *testing.T) {
	file := filepath.Join(t.TempDir(), "notadir")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		argv    string
		want    exitCode
		errWant string
	}{
		{"version", exitOK, ""},
		{"build a b", exitUsage, "accepts at most 1 arg"},
		{"build --source bogus", exitUsage, "--source"},
		{"build --rps 0", exitUsage, "--rps"},
		{"build --rps NaN", exitUsage, "--rps"},
		{"build --rps +Inf", exitUsage, "--rps"},
		{"build l.md --api-key a\x01b", exitUsage, "API key"},
		{"build --no-such-flag", exitUsage, "unknown flag"},
		{"build --offline --no-cache l.md", exitUsage, "--offline"},
		{"build l.md --expand --expand-limit -1", exitUsage, "--expand-limit"},
		{"build l.md --expand-limit 10", exitUsage, "--expand"},
		{"build /nonexistent/list.md --source snapshot -o " + t.TempDir(), exitError, "/nonexistent/list.md"},
		{"nosuchcommand", exitUsage, "unknown command"},
		{"build --out=", exitUsage, "--out is empty"},
		{"build --out " + file + "/sub", exitUsage, file + " is a file"},
		{"build --min-suggest 0", exitUsage, "--min-suggest must be at least 1"},
		{"build l.md --api-url notaurl", exitUsage, `--api-url must be an http or https URL such as https://api.semanticscholar.org/graph/v1, got "notaurl"`},
		{"build l.md --api-url https://user:hunter2@h/x", exitUsage, "must not hold a user name or password"},
		{"build l.md --api-url user:hunter2@h/x", exitUsage, "--api-url must be an http or https URL"},
		{"build l.md --api-url http:user:hunter2@h", exitUsage, "--api-url must be an http or https URL"},
		{"-v build l.md", exitUsage, "unknown shorthand flag: 'v'"},
		{"--version build", exitUsage, "--version takes no command"},
		{"-- build", exitUsage, `give the command before "--"`},
		{"buidl", exitUsage, "Did you mean this?\n\tbuild"},
		{"build --source Snapshot --quiet --out " + t.TempDir(), exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.argv, func(t *testing.T) {
			if stderr := runExpect(t, tt.argv, tt.want, tt.errWant); strings.Contains(stderr, "hunter2") {
				t.Errorf("stderr shows a password in a URL: %s", stderr)
			}
		})
	}
}

// runExpect runs citegraph with argv (split at spaces) and checks its exit
// code and that stderr mentions errWant; it returns stderr.
func runExpect(t *testing.T, argv string, want exitCode, errWant string) string {
	t.Helper()
	s, _, errOut := testStreams()
	if got := run(context.Background(), strings.Fields(argv), s); got != want {
		t.Errorf("run(%q) = %d; want %d; stderr:\n%s", argv, got, want, errOut)
	}
	if !strings.Contains(errOut.String(), errWant) {
		t.Errorf("stderr %q does not mention %q", errOut, errWant)
	}
	return errOut.String()
}

// TestAPIURLFromEnvironment: S2_API_URL is checked only by a run that asks
// the API; a snapshot run ignores it.
func TestAPIURLFromEnvironment(t *testing.T) {
	t.Setenv("S2_API_URL", "api.example.org")
	s, _, errOut := testStreams()
	if got := run(context.Background(), []string{"build", "--quiet", "--out", t.TempDir()}, s); got != exitOK {
		t.Errorf("snapshot build with a bad S2_API_URL: exit %d; stderr:\n%s", got, errOut)
	}
	s, _, errOut = testStreams()
	if got := run(context.Background(), []string{"build", "l.md", "--source", "s2", "--out", t.TempDir()}, s); got != exitUsage || !strings.Contains(errOut.String(), "S2_API_URL must be an http or https URL") {
		t.Errorf("live build with a bad S2_API_URL: exit %d; stderr:\n%s", got, errOut)
	}
}
