package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
)

// needTool returns the path of a program, failing the test (never
// skipping) with the Debian package to install when it is missing.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: run `make deps` (apt-get install -y %s)", name, pkg)
	}
	return p
}

// runIn runs a program in dir and returns stdout, failing the test on an
// error or on anything written to stderr.
func runIn(t *testing.T, dir, prog string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(prog), strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// TestSeedReferencesOtherFormats checks the main job's references.json and
// references.ris with the tools that read them: pandoc --citeproc renders a
// document citing every entry with no warning, and bibutils (ris2xml |
// xml2bib) reads the RIS back to the same keys, titles, years and DOIs as
// references.bib.
func TestSeedReferencesOtherFormats(t *testing.T) {
	pandoc := needTool(t, "pandoc", "pandoc")
	ris2xml := needTool(t, "ris2xml", "bibutils")
	xml2bib := needTool(t, "xml2bib", "bibutils")
	dir := t.TempDir()
	runBuild(t, nil, exitOK, "--out", dir, "-q")
	refsBib, err := os.ReadFile(filepath.Join(dir, "references.bib"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bib.Entry{}
	for _, e := range bib.ParseBibTeX("references.bib", refsBib).Entries {
		want[e.Key] = e
	}
	if len(want) != 42 {
		t.Fatalf("references.bib holds %d entries; want 42", len(want))
	}

	t.Run("pandoc", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join(dir, "references.json"))
		if err != nil {
			t.Fatal(err)
		}
		var items []struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &items); err != nil {
			t.Fatal(err)
		}
		var doc strings.Builder
		for _, it := range items {
			if _, ok := want[it.ID]; !ok {
				t.Errorf("references.json: id %q is no key of references.bib", it.ID)
			}
			doc.WriteString("See [@" + it.ID + "].\n")
		}
		if len(items) != len(want) {
			t.Errorf("references.json holds %d items; references.bib %d", len(items), len(want))
		}
		if err := os.WriteFile(filepath.Join(dir, "doc.md"), []byte(doc.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		html := string(runIn(t, dir, pandoc, "--citeproc", "--bibliography=references.json", "-t", "html", "doc.md"))
		for _, it := range items {
			if !strings.Contains(html, `id="ref-`+it.ID+`"`) {
				t.Errorf("pandoc's bibliography has no entry for %s", it.ID)
			}
		}
	})

	t.Run("bibutils", func(t *testing.T) {
		// bibutils reports its count on stderr: "ris2xml: Processed 42 references."
		cmd := exec.Command(ris2xml, "-i", "utf8", "references.ris")
		cmd.Dir = dir
		xml, err := cmd.Output()
		if err != nil {
			t.Fatalf("ris2xml: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, "refs.xml"), xml, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd = exec.Command(xml2bib, "-nb", "-o", "utf8", "refs.xml")
		cmd.Dir = dir
		back, err := cmd.Output()
		if err != nil {
			t.Fatalf("xml2bib: %v", err)
		}
		got := bib.ParseBibTeX("bibutils.bib", back)
		if len(got.Entries) != len(want) {
			t.Errorf("bibutils read %d entries back; references.bib holds %d", len(got.Entries), len(want))
		}
		for _, e := range got.Entries {
			w, ok := want[e.Key]
			switch {
			case !ok:
				t.Errorf("bibutils: key %q is no key of references.bib", e.Key)
			case bib.NormalizeTitle(e.Title) != bib.NormalizeTitle(w.Title):
				t.Errorf("%s: title %q came back as %q", e.Key, w.Title, e.Title)
			case e.Year != w.Year:
				t.Errorf("%s: year %d came back as %d", e.Key, w.Year, e.Year)
			case !strings.EqualFold(e.IDs.DOI, w.IDs.DOI):
				t.Errorf("%s: doi %q came back as %q", e.Key, w.IDs.DOI, e.IDs.DOI)
			}
		}
	})
}

// biberClean compiles a document citing every entry of bibPath with
// pdflatex, biber and biblatex's style, and fails on any biber warning
// (datamodel validated) or LaTeX error.
func biberClean(t *testing.T, bibPath, style string) {
	t.Helper()
	pdflatex := needTool(t, "pdflatex", "texlive-latex-base")
	biber := needTool(t, "biber", "biber")
	dir := t.TempDir()
	src, err := os.ReadFile(bibPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "refs.bib"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	tex := `\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[backend=biber,style=` + style + `]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
`
	if err := os.WriteFile(filepath.Join(dir, "doc.tex"), []byte(tex), 0o644); err != nil {
		t.Fatal(err)
	}
	latex := func() {
		cmd := exec.Command(pdflatex, "-draftmode", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdflatex: %v\n%s", err, out[max(0, len(out)-2000):])
		}
	}
	latex()
	cmd := exec.Command(biber, "--validate-datamodel", "doc")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if warn := regexp.MustCompile(`(?m)^.*(WARN|ERROR) - .*$`).FindAll(out, -1); err != nil || len(warn) > 0 {
		t.Fatalf("biber (%s): %v\n%s", filepath.Base(bibPath), err, bytes.Join(warn, []byte("\n")))
	}
	latex()
	logText, _ := os.ReadFile(filepath.Join(dir, "doc.log"))
	if probs := regexp.MustCompile(`(?m)^(!.*|.*LaTeX Error.*|.*Unicode character.*)$`).FindAll(logText, -1); len(probs) > 0 {
		t.Fatalf("pdflatex over biber's .bbl:\n%s", bytes.Join(probs, []byte("\n")))
	}
}

// TestBibLaTeXFlavourCompiles builds the main job with --format biblatex
// and writes the user's .bib of testdata/merge back in that flavour: biber
// and biblatex read both with no warning.
func TestBibLaTeXFlavourCompiles(t *testing.T) {
	dir := t.TempDir()
	runBuild(t, nil, exitOK, "--out", dir, "-q", "--format", "biblatex")
	refs := filepath.Join(dir, "references.bib")
	if b, _ := os.ReadFile(refs); !bytes.Contains(b, []byte("eprinttype = {arxiv}")) || bytes.Contains(b, []byte("journal ")) {
		t.Fatalf("build --format biblatex wrote no biblatex:\n%s", b)
	}
	merged := filepath.Join(dir, "mine.bib")
	runBib(t, exitOK, filepath.Join("testdata", "merge", "mine.bib"), "--source", "snapshot", "--format", "biblatex", "-o", merged, "-q")
	// bib's TestBibLaTeXArXivOnce typesets the snapshot under both styles.
	biberClean(t, refs, "numeric")
	biberClean(t, merged, "authoryear")
}
