package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
)

// checkGolden compares got with testdata/merge/name, or rewrites it with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "merge", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(run with -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

// runBib runs "citegraph bib" and returns stdout and stderr.
func runBib(t *testing.T, want exitCode, args ...string) (string, string) {
	t.Helper()
	s, out, errOut := testStreams()
	if code := run(context.Background(), append([]string{"bib"}, args...), s); code != want {
		t.Fatalf("bib %q: exit %d, want %d; stderr:\n%s", args, code, want, errOut)
	}
	return out.String(), errOut.String()
}

// TestBibMerge writes a user's .bib back merged with the embedded
// snapshot's records, in both flavours, and checks the result against
// reviewed golden files: keys kept, no identifier lost, the unresolved
// entry written back as read, every change listed on stderr and in --diff.
func TestBibMerge(t *testing.T) {
	in := filepath.Join("testdata", "merge", "mine.bib")
	src, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	list := bib.ParseBibTeX(in, src)
	dir := t.TempDir()
	for _, format := range []string{"bibtex", "biblatex"} {
		t.Run(format, func(t *testing.T) {
			outPath := filepath.Join(dir, format+".bib")
			_, stderr := runBib(t, exitOK, in, "--source", "snapshot", "--format", format, "-o", outPath)
			got, err := os.ReadFile(outPath)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "mine."+format+".golden", got)
			var changes []string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.HasPrefix(l, "  ") || strings.Contains(l, "entries merged") {
					changes = append(changes, l)
				}
			}
			checkGolden(t, "mine."+format+".changes.golden", []byte(strings.Join(changes, "\n")+"\n"))

			text := string(got)
			written := map[string]string{}
			for _, m := range regexp.MustCompile(`(?s)@\w+\{([^,\n]+),\n(.*?)\n\}`).FindAllStringSubmatch(text, -1) {
				written[m[1]] = m[2]
			}
			for _, e := range list.Entries {
				body, ok := written[e.Key]
				if !ok {
					if !strings.Contains(text, "also cited as "+e.Key+" ") {
						t.Errorf("key %s is neither written nor named as another entry's", e.Key)
					}
					continue
				}
				for _, f := range []string{"doi", "eprint", "url", "note", "isbn", "keywords"} {
					if v, ok := e.Field(f); ok && !strings.Contains(body, "{"+v+"}") {
						t.Errorf("%s: %s = {%s} lost:\n%s", e.Key, f, v, body)
					}
				}
			}
			// The unresolved entry is written as read (in biblatex's names).
			knuth := written["knuth1984"]
			e := list.Entries[len(list.Entries)-1]
			for _, f := range e.Fields {
				if format == "biblatex" && f.Name == "year" {
					f.Name = "date" // biblatex's name for it
				}
				if !regexp.MustCompile(`(?m)^  ` + f.Name + ` += \{` + regexp.QuoteMeta(f.Value) + `\},?$`).MatchString(knuth) {
					t.Errorf("unresolved entry: field %s = {%s} not written as read:\n%s", f.Name, f.Value, knuth)
				}
			}
			if !strings.Contains(text, "% citegraph: not resolved: ") {
				t.Error("the unresolved entry has no comment saying so")
			}
		})
	}

	// --diff prints the same changes as a unified diff, and writes no file.
	stdout, _ := runBib(t, exitOK, in, "--source", "snapshot", "--diff", "-q")
	checkGolden(t, "mine.diff.golden", []byte(stdout))
	if !strings.HasPrefix(stdout, "--- "+in) || !strings.Contains(stdout, "\n-  year      = {2017},\n") || !strings.Contains(stdout, "\n+  year      = {2018},\n") {
		t.Errorf("--diff does not show the year correction:\n%s", stdout)
	}
	// --keys generate gives Google-Scholar keys to the resolved entries.
	stdout, _ = runBib(t, exitOK, in, "--source", "snapshot", "--keys", "generate", "-q")
	for _, k := range []string{"@article{hinton2015distilling,", "@inproceedings{sandler2018mobilenetv2,", "@book{knuth1984,"} {
		if !strings.Contains(stdout, k) {
			t.Errorf("--keys generate: no %q in:\n%s", k, stdout)
		}
	}
}

// TestBibFixedPoint feeds the embedded run's references.bib back to
// "citegraph bib": nothing changes (--diff prints nothing, no change is
// listed), in the flavour it was written in.
func TestBibFixedPoint(t *testing.T) {
	dir := t.TempDir()
	runBuild(t, nil, exitOK, "--out", dir, "-q")
	refs := filepath.Join(dir, "references.bib")
	stdout, stderr := runBib(t, exitOK, refs, "--source", "snapshot", "--diff")
	if stdout != "" {
		t.Errorf("references.bib fed back is not a fixed point:\n%s", stdout)
	}
	if !strings.Contains(stderr, "42 entries merged with their records (0 changes), 0 written as read, 0 the same paper") {
		t.Errorf("stderr:\n%s", stderr)
	}
}
