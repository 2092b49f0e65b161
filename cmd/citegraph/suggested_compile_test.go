package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSeedSuggestedCompiles runs the main job and checks its suggestions:
// every one is in suggestions.csv, and suggested.bib holds those with an
// id, which bibtex (plain, ieeetr, plainnat) and biber (with biblatex's
// data model validated) read without an error or a warning. The tools come
// from Debian's texlive-binaries, texlive-base, texlive-latex-base, biber,
// texlive-bibtex-extra and texlive-latex-recommended, which `make test`
// installs (.ci/deps); without them this test fails, never skips.
func TestSeedSuggestedCompiles(t *testing.T) {
	need := func(name string) string {
		p, err := exec.LookPath(name)
		if err != nil {
			t.Fatalf("%s not found: run `make deps` (apt-get install -y texlive-binaries texlive-base texlive-latex-base biber texlive-bibtex-extra texlive-latex-recommended)", name)
		}
		return p
	}
	bibtex, biber, pdflatex := need("bibtex"), need("biber"), need("pdflatex")
	dir := t.TempDir()
	runBuild(t, nil, exitOK, "--out", dir, "-q")

	var rows []suggestionRow
	readJSON(t, filepath.Join(dir, "suggestions.json"), &rows)
	csvRows := readCSV(t, filepath.Join(dir, "suggestions.csv"))
	withID := 0
	for i, r := range rows {
		if csvRows[i+1][2] != r.ID {
			t.Errorf("suggestions.csv row %d is %q; want %q", i+1, csvRows[i+1][2], r.ID)
		}
		if !strings.HasPrefix(r.ID, "TITLE:") {
			withID++
		}
	}
	if len(rows) != 92 || len(csvRows) != len(rows)+1 {
		t.Errorf("%d suggestions in suggestions.json, %d rows in suggestions.csv; want the seed's 92 in both", len(rows), len(csvRows)-1)
	}
	sug, err := os.ReadFile(filepath.Join(dir, "suggested.bib"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(sug), "\n@"); n != withID {
		t.Errorf("suggested.bib holds %d entries; want the %d suggestions with an id", n, withID)
	}
	if !strings.Contains(string(sug), "have no id (known by title only)") {
		t.Errorf("suggested.bib does not say how many suggestions it leaves out")
	}

	run := func(work, prog string, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, prog, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TEXMFVAR="+filepath.Join(work, "texmf-var"))
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	problem := regexp.MustCompile(`(?m)^.*(Warning--|error message|I was expecting|I'm skipping|You're missing|Sorry---|illegal).*$`)
	for _, style := range []string{"plain", "ieeetr", "plainnat"} {
		work := t.TempDir()
		aux := "\\relax\n\\citation{*}\n\\bibstyle{" + style + "}\n\\bibdata{" + filepath.Join(dir, "suggested") + "}\n"
		if err := os.WriteFile(filepath.Join(work, "doc.aux"), []byte(aux), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := run(work, bibtex, "doc")
		blg, _ := os.ReadFile(filepath.Join(work, "doc.blg"))
		if err != nil {
			t.Fatalf("bibtex %s: %v\n%s\n%s", style, err, out, blg)
		}
		if ps := problem.FindAllString(string(blg), -1); len(ps) > 0 {
			t.Errorf("bibtex %s: %d problems:\n%q", style, len(ps), ps)
		}
		bbl, _ := os.ReadFile(filepath.Join(work, "doc.bbl"))
		if n := strings.Count(string(bbl), `\bibitem`); n != withID {
			t.Errorf("bibtex %s: %d bibitems; want %d", style, n, withID)
		}
	}

	work := t.TempDir()
	tex := `\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[backend=biber,style=numeric]{biblatex}
\addbibresource{` + filepath.Join(dir, "suggested.bib") + `}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
`
	if err := os.WriteFile(filepath.Join(work, "doc.tex"), []byte(tex), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run(work, pdflatex, "-draftmode", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"); err != nil {
		t.Fatalf("pdflatex: %v\n%s", err, out)
	}
	out, err := run(work, biber, "--validate-datamodel", "doc")
	blg, _ := os.ReadFile(filepath.Join(work, "doc.blg"))
	if err != nil {
		t.Fatalf("biber: %v\n%s\n%s", err, out, blg)
	}
	if ps := regexp.MustCompile(`(?m)^.*> (WARN|ERROR) - .*$`).FindAllString(string(blg), -1); len(ps) > 0 {
		t.Errorf("biber: %d problems:\n%s", len(ps), strings.Join(ps, "\n"))
	}
	bbl, _ := os.ReadFile(filepath.Join(work, "doc.bbl"))
	if n := strings.Count(string(bbl), `\entry{`); n != withID {
		t.Errorf("biber: %d entries; want %d", n, withID)
	}
}
