package bib

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/citegraph/citegraph/data"
)

// These tests run the real tools over a .bib holding every record of the
// embedded snapshot plus the hostile records of testdata/bibtex: BibTeX
// under plain, ieeetr and natbib's plainnat, then pdflatex over the result;
// and biber with biblatex. They fail, never skip, when a tool is missing,
// naming the Debian packages that provide it (the Makefile installs them).

const (
	bkTeXPackages   = "texlive-binaries texlive-base texlive-latex-base"
	bkBiberPackages = "biber texlive-bibtex-extra texlive-latex-recommended"
)

// bkNeedTool returns the path of a program, failing the test with the
// install command when it is missing.
func bkNeedTool(t *testing.T, name, packages string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed; install it with: apt-get update && apt-get install -y --no-install-recommends %s", name, packages)
	}
	return path
}

// bkNeedTeXFile fails the test when kpsewhich cannot find a TeX file.
func bkNeedTeXFile(t *testing.T, file, packages string) {
	t.Helper()
	kpse := bkNeedTool(t, "kpsewhich", packages)
	out, err := exec.Command(kpse, file).Output()
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		t.Fatalf("%s is not installed; install it with: apt-get update && apt-get install -y --no-install-recommends %s", file, packages)
	}
}

// bkRun runs a program in dir and returns its combined output and exit code.
func bkRun(t *testing.T, dir, prog string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Dir = dir
	// Fonts built on the fly, if any, go to a scratch directory.
	cmd.Env = append(os.Environ(), "TEXMFVAR="+filepath.Join(dir, "texmf-var"))
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %s: %v", prog, strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return string(out), code
}

// bkCompilePapers returns the snapshot's records and the hostile records.
func bkCompilePapers(t *testing.T) []*Paper {
	t.Helper()
	snap, errs := DecodeJSONL("snapshot", data.Snapshot)
	if len(errs) > 0 {
		t.Fatalf("snapshot: %v", errs)
	}
	return append(snap, bkHostile(t)...)
}

// bkHostile reads testdata/bibtex/hostile.jsonl.
func bkHostile(t testing.TB) []*Paper {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "bibtex", "hostile.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	ps, errs := DecodeJSONL("hostile.jsonl", raw)
	if len(errs) > 0 {
		t.Fatalf("hostile.jsonl: %v", errs)
	}
	return ps
}

func bkWriteFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	bkBlgProblem = regexp.MustCompile(`(?m)^.*(Warning--|error message|I was expecting|I'm skipping|You're missing|Sorry---|illegal).*$`)
	bkLaTeXError = regexp.MustCompile(`(?m)^(!.*|Missing character:.*|.*LaTeX Error.*|.*Unicode character.*)$`)
	bkBiberWarn  = regexp.MustCompile(`(?m)^\[\d+\] [\w.]+:\d+> (?:WARN|ERROR) - (.*)$`)
)

// bkGaps returns the citation keys of the papers that lack a year and those
// that lack a title: no style can cite them without a warning, and
// Warnings must say so.
func bkGaps(t *testing.T, b *Bibliography, papers []*Paper) (noYear, noTitle map[string]bool) {
	t.Helper()
	warned := map[string]string{}
	for _, w := range b.Warnings() {
		warned[w.Key] += w.Msg + "; "
	}
	noYear, noTitle = map[string]bool{}, map[string]bool{}
	for _, p := range papers {
		k := b.CiteKey(p.Key())
		if bkYear(p) == 0 {
			noYear[k] = true
			if !strings.Contains(warned[k], "no year") {
				t.Errorf("%s has no year, but its warnings say %q", k, warned[k])
			}
		}
		if strings.TrimSpace(p.Title) == "" {
			noTitle[k] = true
			if !strings.Contains(warned[k], "no title") {
				t.Errorf("%s has no title, but its warnings say %q", k, warned[k])
			}
		}
	}
	return noYear, noTitle
}

// bkUnexpected returns the problems not in allowed, and the allowed ones
// that did not occur.
func bkUnexpected(problems []string, allowed map[string]bool) (extra, missing []string) {
	seen := map[string]bool{}
	for _, p := range problems {
		if allowed[p] {
			seen[p] = true
		} else {
			extra = append(extra, p)
		}
	}
	for _, a := range SortedKeys(allowed) {
		if !seen[a] {
			missing = append(missing, a)
		}
	}
	return extra, missing
}

func TestBibTeXCompiles(t *testing.T) {
	bibtexBin := bkNeedTool(t, "bibtex", bkTeXPackages)
	pdflatex := bkNeedTool(t, "pdflatex", bkTeXPackages)
	for _, f := range []string{"plain.bst", "ieeetr.bst", "plainnat.bst", "natbib.sty", "url.sty"} {
		bkNeedTeXFile(t, f, bkTeXPackages)
	}
	papers := bkCompilePapers(t)
	b := NewBibliography(papers)
	noYear, _ := bkGaps(t, b, papers)
	if len(noYear) != 2 {
		t.Errorf("%d papers lack a year; the hostile set has 2", len(noYear))
	}
	var bib bytes.Buffer
	if err := b.Write(&bib, "citegraph compile test\n"+data.Credit, nil); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(bib.String(), "\n@"); n != len(papers) {
		t.Fatalf("wrote %d entries for %d papers", n, len(papers))
	}

	for _, style := range []string{"plain", "ieeetr", "plainnat"} {
		t.Run(style, func(t *testing.T) {
			dir := t.TempDir()
			bkWriteFile(t, filepath.Join(dir, "refs.bib"), bib.Bytes())
			// BibTeX needs only these lines of the .aux.
			bkWriteFile(t, filepath.Join(dir, "doc.aux"),
				[]byte(fmt.Sprintf("\\relax\n\\citation{*}\n\\bibstyle{%s}\n\\bibdata{refs}\n", style)))
			out, code := bkRun(t, dir, bibtexBin, "doc")
			blg, err := os.ReadFile(filepath.Join(dir, "doc.blg"))
			if err != nil {
				t.Fatalf("bibtex wrote no .blg (exit %d): %s", code, out)
			}
			// plainnat needs a year for its author-year labels, even on
			// @misc: the papers without one are its only allowed warnings.
			allowed := map[string]bool{}
			if style == "plainnat" {
				for k := range noYear {
					allowed["Warning--empty year in "+k] = true
				}
			}
			extra, missing := bkUnexpected(bkBlgProblem.FindAllString(string(blg), -1), allowed)
			if len(extra) > 0 || len(missing) > 0 || (code != 0 && len(allowed) == 0) {
				t.Errorf("bibtex, style %s: exit %d\nunexpected:\n%s\nexpected but absent:\n%s",
					style, code, strings.Join(extra, "\n"), strings.Join(missing, "\n"))
			}
			bbl, err := os.ReadFile(filepath.Join(dir, "doc.bbl"))
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(string(bbl), `\bibitem`); n != len(papers) {
				t.Errorf("doc.bbl holds %d items; want %d", n, len(papers))
			}

			// The .bbl must also typeset: T1 fonts (for \dj, \k, guillemets)
			// and the url package (for \url and plainnat's \doi), as a
			// document that prints such references loads them.
			tex := fmt.Sprintf(`\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{url}
\usepackage[numbers]{natbib}
\tracinglostchars=1
\begin{document}
\nocite{*}
\bibliographystyle{%s}
\bibliography{refs}
\end{document}
`, style)
			bkWriteFile(t, filepath.Join(dir, "doc.tex"), []byte(tex))
			out, code = bkRun(t, dir, pdflatex, "-draftmode", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
			logText, err := os.ReadFile(filepath.Join(dir, "doc.log"))
			if err != nil {
				t.Fatalf("pdflatex wrote no log (exit %d): %s", code, out)
			}
			if probs := bkLaTeXError.FindAllString(string(logText), -1); len(probs) > 0 || code != 0 {
				t.Errorf("pdflatex over the %s .bbl: exit %d:\n%s", style, code, strings.Join(probs, "\n"))
			}
		})
	}
}

// TestBiberCompiles runs biber with --validate-datamodel, then pdflatex over
// biblatex's output, for both flavours of .bib. biblatex requires a year (or
// date) on every entry type and a title on @misc, so the papers lacking
// those are its only allowed warnings, and each of them must be reported by
// Warnings.
func TestBiberCompiles(t *testing.T) {
	for _, f := range []Format{BibTeX, BibLaTeX} {
		t.Run(f.String(), func(t *testing.T) { bkBiberCompiles(t, f) })
	}
}

func bkBiberCompiles(t *testing.T, format Format) {
	biber := bkNeedTool(t, "biber", bkBiberPackages)
	pdflatex := bkNeedTool(t, "pdflatex", bkTeXPackages)
	bkNeedTeXFile(t, "biblatex.sty", bkBiberPackages)
	bkNeedTeXFile(t, "etoolbox.sty", bkBiberPackages)

	papers := bkCompilePapers(t)
	b := NewBibliography(papers)
	noYear, noTitle := bkGaps(t, b, papers)
	var bib bytes.Buffer
	if err := b.WriteFormat(&bib, format, "citegraph biber test\n"+data.Credit, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bkWriteFile(t, filepath.Join(dir, "refs.bib"), bib.Bytes())
	bkWriteFile(t, filepath.Join(dir, "doc.tex"), []byte(`\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[backend=biber,style=numeric]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
`))
	if out, code := bkRun(t, dir, pdflatex, "-draftmode", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"); code != 0 {
		t.Fatalf("pdflatex (first pass) exit %d:\n%s", code, bkTail(out, 3000))
	}
	out, code := bkRun(t, dir, biber, "--validate-datamodel", "doc")
	blg, err := os.ReadFile(filepath.Join(dir, "doc.blg"))
	if err != nil {
		t.Fatalf("biber wrote no .blg (exit %d): %s", code, out)
	}
	var problems []string
	for _, m := range bkBiberWarn.FindAllStringSubmatch(string(blg), -1) {
		problems = append(problems, m[1])
	}
	allowed := map[string]bool{}
	for k := range noYear {
		allowed["Datamodel: Entry '"+k+"' (refs.bib): Missing mandatory field - one of 'date, year' must be defined"] = true
	}
	for k := range noTitle {
		allowed["Datamodel: Entry '"+k+"' (refs.bib): Missing mandatory field 'title'"] = true
	}
	extra, missing := bkUnexpected(problems, allowed)
	if len(extra) > 0 || len(missing) > 0 || code != 0 {
		t.Errorf("biber: exit %d\nunexpected:\n%s\nexpected but absent:\n%s", code, strings.Join(extra, "\n"), strings.Join(missing, "\n"))
	}
	// biber decodes every accent to Unicode for the .bbl, and nested ones
	// (Vietnamese "Nguy{\~{\^e}}n", "{\d{\^e}}") to characters that
	// pdfLaTeX's T1 encoding lacks, or to a combining mark before its letter,
	// whatever form the .bib uses (--output-safechars writes "\^\d{e}",
	// which breaks too). That is biber's limit, not the .bib's: XeLaTeX and
	// LuaLaTeX typeset them. So the one record with such letters is taken out
	// of the .bbl before pdfLaTeX sees it.
	bblPath := filepath.Join(dir, "doc.bbl")
	bbl, err := os.ReadFile(bblPath)
	if err != nil {
		t.Fatal(err)
	}
	nested := b.CiteKey("hostile-accents")
	cut := regexp.MustCompile(`(?s)\s*\\entry\{` + regexp.QuoteMeta(nested) + `\}.*?\\endentry`)
	if nested == "" || !cut.Match(bbl) {
		t.Fatalf("biber's .bbl has no entry for hostile-accents (%q)", nested)
	}
	bkWriteFile(t, bblPath, cut.ReplaceAll(bbl, nil))
	out, code = bkRun(t, dir, pdflatex, "-draftmode", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
	logText, _ := os.ReadFile(filepath.Join(dir, "doc.log"))
	if probs := bkLaTeXError.FindAllString(string(logText), -1); len(probs) > 0 || code != 0 {
		t.Errorf("pdflatex over biber's .bbl: exit %d:\n%s\n%s", code, strings.Join(probs, "\n"), bkTail(out, 2000))
	}
	if n := strings.Count(string(bbl), `\entry{`); n != len(papers) {
		t.Errorf("biber's doc.bbl holds %d entries; want %d", n, len(papers))
	}
}

func bkTail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
