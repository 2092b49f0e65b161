package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// checkOutput runs "citegraph check args..." and returns its exit code,
// stdout and stderr.
func checkOutput(t *testing.T, args ...string) (exitCode, string, string) {
	t.Helper()
	s, out, errOut := testStreams()
	code := run(context.Background(), append([]string{"check"}, args...), s)
	return code, out.String(), errOut.String()
}

// TestCheckGolden compares check's text and JSON output on the embedded
// list and on the shapes fixture with their golden files (-update rewrites
// them).
func TestCheckGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"seed.txt", nil},
		{"seed.json", []string{"--json"}},
		{"shapes.txt", []string{"../../bib/testdata/lists/shapes.md"}},
		{"shapes.json", []string{"../../bib/testdata/lists/shapes.md", "--json"}},
	} {
		code, out, errOut := checkOutput(t, tt.args...)
		if code != exitOK || errOut != "" {
			t.Errorf("check %v: exit %d, stderr %q", tt.args, code, errOut)
		}
		path := filepath.Join("testdata", "check", tt.golden+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./cmd/citegraph -run TestCheckGolden -update)", err)
		}
		if out != string(want) {
			t.Errorf("check %v differs from %s:\n%s", tt.args, path, diffLine(out, string(want)))
		}
	}
}

// diffLine shows the first line where got and want differ.
func diffLine(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

// TestCheckJSONSchema checks the --json schema the README documents.
func TestCheckJSONSchema(t *testing.T) {
	_, out, _ := checkOutput(t, "--json")
	var v struct {
		File, Format, Summary string
		Families              []map[string]any
		Entries               []map[string]any
		Problems              []map[string]any
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("check --json: %v", err)
	}
	if v.Format != "markdown" || len(v.Entries) != 51 || len(v.Families) != 10 || len(v.Problems) != 1 {
		t.Errorf("check --json: format %q, %d entries, %d families, %d problems; want markdown, 51, 10, 1", v.Format, len(v.Entries), len(v.Families), len(v.Problems))
	}
	keys := func(m map[string]any) string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return strings.Join(ks, ",")
	}
	for _, e := range v.Entries {
		if got := keys(e); got != "family,ids,kind,line,title,urls,venue,year" {
			t.Fatalf("entry keys %s", got)
		}
	}
	if got := keys(v.Problems[0]); got != "line,message" {
		t.Errorf("problem keys %s", got)
	}
	if got := keys(v.Families[0]); got != "line,links,name,papers,slug" {
		t.Errorf("family keys %s", got)
	}
}

// TestCheckNoPaper: a list in which no paper entry is found fails (exit 1)
// with a message saying what the file looked like, and nothing else.
func TestCheckNoPaper(t *testing.T) {
	dir := t.TempDir()
	prose := filepath.Join(dir, "prose.md")
	if err := os.WriteFile(prose, []byte("# Notes\n\nSome prose.\n\nMore prose, with [a link](https://example.org).\n\n- a phrase\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := checkOutput(t, prose)
	if code != exitError {
		t.Errorf("exit %d; want %d", code, exitError)
	}
	want := "prose.md: markdown list, 1 heading, 1 list item, 2 paragraphs: no paper entry found"
	if !strings.Contains(errOut, want) || !strings.Contains(out, "no paper entry found") {
		t.Errorf("stderr %q, stdout %q; want %q", errOut, out, want)
	}
	if code, _, errOut := checkOutput(t, filepath.Join(dir, "missing.md")); code != exitError || !strings.Contains(errOut, "missing.md") {
		t.Errorf("missing list: exit %d, stderr %q", code, errOut)
	}
}

// TestCheckCorpus runs check on every list of the shared reading-list
// corpus (shared/lists beside the repository; CI has it): it succeeds, and
// reads as many paper entries as the list's truth file names.
func TestCheckCorpus(t *testing.T) {
	dir := os.Getenv("CITEGRAPH_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "lists")
	}
	truths, _ := filepath.Glob(filepath.Join(dir, "truth-*.json"))
	if len(truths) == 0 {
		t.Fatalf("cannot run: no truth-*.json in %s: the reading-list corpus lives in shared/lists beside the "+
			"repository (CI has it); set CITEGRAPH_CORPUS to another directory of lists and truth files", dir)
	}
	for _, tf := range truths {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(tf), "truth-"), ".json")
		lists, _ := filepath.Glob(filepath.Join(dir, name+".*"))
		if len(lists) != 1 {
			t.Errorf("%s: want one list, found %v", name, lists)
			continue
		}
		b, err := os.ReadFile(tf)
		if err != nil {
			t.Fatal(err)
		}
		var truth []struct {
			NotPaper bool `json:"not_paper"`
		}
		if err := json.Unmarshal(b, &truth); err != nil {
			t.Fatal(err)
		}
		papers := 0
		for _, o := range truth {
			if !o.NotPaper {
				papers++
			}
		}
		code, out, errOut := checkOutput(t, lists[0], "--json")
		if code != exitOK {
			t.Errorf("check %s: exit %d: %s", lists[0], code, errOut)
			continue
		}
		var v struct {
			Entries []struct {
				Kind string `json:"kind"`
			} `json:"entries"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("check %s --json: %v", lists[0], err)
		}
		got := 0
		for _, e := range v.Entries {
			if e.Kind == "paper" {
				got++
			}
		}
		if got != papers {
			t.Errorf("check %s: %d paper entries; the truth has %d", lists[0], got, papers)
		}
		if code, text, _ := checkOutput(t, lists[0]); code != exitOK || !bytes.Contains([]byte(text), []byte(filepath.Base(lists[0]))) {
			t.Errorf("check %s (text): exit %d", lists[0], code)
		}
	}
}
