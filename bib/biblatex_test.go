package bib

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// TestBibLaTeXArXivOnce typesets the snapshot's records in the biblatex
// flavour with biber's standard numeric and authoryear styles and reads the
// PDF back with pdftotext: every arXiv id is printed exactly once per entry
// that has it (not "arXiv preprint arXiv:ID. arXiv: ID", nor again in a
// URL), and the arXiv-only records are @online entries.
func TestBibLaTeXArXivOnce(t *testing.T) {

	papers := bkSnapshot(t)
	b := NewBibliography(papers)
	var bib bytes.Buffer
	if err := b.WriteFormat(&bib, BibLaTeX, "arXiv ids", nil); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{} // arXiv id → entries that carry it
	online := 0
	for _, e := range regexp.MustCompile(`(?s)@(\w+)\{[^\n]*\n.*?\n\}\n`).FindAllStringSubmatch(bib.String(), -1) {
		m := regexp.MustCompile(`(?m)^  eprint\s+= \{([^}]*)\}`).FindStringSubmatch(e[0])
		if m == nil {
			continue
		}
		ids[m[1]]++
		if strings.Contains(e[0], "journaltitle") && strings.Contains(strings.ToLower(e[0]), "arxiv preprint") {
			t.Errorf("an arXiv preprint keeps an arXiv journaltitle:\n%s", e[0])
		}
		if e[1] == "online" {
			online++
		}
	}
	if len(ids) < 20 || online < 10 {
		t.Fatalf("the snapshot gives %d entries with an arXiv eprint, %d @online; want the snapshot's many preprints", len(ids), online)
	}
	for _, style := range []string{"numeric", "authoryear"} {
		t.Run(style, func(t *testing.T) {
			txt := bkTypeset(t, bib.Bytes(), style)
			// Line breaks can fall inside an id or a URL.
			flat := strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, txt)
			for id, n := range ids {
				if got := strings.Count(flat, id); got != n {
					t.Errorf("arXiv id %s printed %d times; want %d (once per entry)", id, got, n)
				}
			}
		})
	}
}

// TestBibLaTeXQuotedTitle: a title that quotes a phrase is typeset by
// biblatex's numeric style (which quotes article titles) with the phrase's
// quotes nested, “‘Learning-Compression’ Algorithms …”, not doubled; the
// BibTeX flavour keeps TeX quotes, which BibTeX styles print as they are.
func TestBibLaTeXQuotedTitle(t *testing.T) {

	p := &Paper{PaperID: "q1", Title: `"Learning-Compression" Algorithms for Neural Net Pruning`, Year: 2018,
		Venue: "Journal of Tests", Authors: []Author{{Name: "Jane Doe"}}, PublicationTypes: []string{"JournalArticle"}}
	b := NewBibliography([]*Paper{p})
	var bt, bl bytes.Buffer
	if err := b.WriteFormat(&bt, BibTeX, "", nil); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteFormat(&bl, BibLaTeX, "", nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(bt.String(), "``") || strings.Contains(bt.String(), `\mkbibquote`) {
		t.Errorf("BibTeX flavour: want TeX quotes:\n%s", bt.String())
	}
	if !strings.Contains(bl.String(), `\mkbibquote{`) {
		t.Errorf("biblatex flavour: want \\mkbibquote:\n%s", bl.String())
	}
	txt := bkTypeset(t, bl.Bytes(), "numeric")
	if !strings.Contains(txt, "“‘Learning-Compression’ Algorithms") || strings.Contains(txt, "““") {
		t.Errorf("typeset title: want nested quotes “‘Learning-Compression’ Algorithms …”; got:\n%s", txt)
	}
}

// bkTypeset typesets every entry of a biblatex-flavoured .bib with biber
// and biblatex's style, failing the test on any biber warning or LaTeX
// error, and returns the PDF's text (pdftotext). OT1 and Computer Modern:
// Type 1 fonts that every TeX Live has, so no font is built on the fly.
func bkTypeset(t *testing.T, bib []byte, style string) string {
	t.Helper()
	biber := bkNeedTool(t, "biber", bkBiberPackages)
	pdflatex := bkNeedTool(t, "pdflatex", bkTeXPackages)
	pdftotext := bkNeedTool(t, "pdftotext", "poppler-utils")
	bkNeedTeXFile(t, "biblatex.sty", bkBiberPackages)
	dir := t.TempDir()
	bkWriteFile(t, filepath.Join(dir, "refs.bib"), bib)
	bkWriteFile(t, filepath.Join(dir, "doc.tex"), []byte(`\documentclass{article}
\usepackage[backend=biber,style=`+style+`]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
`))
	if out, code := bkRun(t, dir, pdflatex, "-draftmode", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"); code != 0 {
		t.Fatalf("pdflatex (first pass) exit %d:\n%s", code, bkTail(out, 3000))
	}
	if out, code := bkRun(t, dir, biber, "--validate-datamodel", "doc"); code != 0 || bkBiberWarn.MatchString(out) {
		t.Fatalf("biber: exit %d:\n%s", code, strings.Join(bkBiberWarn.FindAllString(out, -1), "\n"))
	}
	out, code := bkRun(t, dir, pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
	logText, _ := os.ReadFile(filepath.Join(dir, "doc.log"))
	if probs := bkLaTeXError.FindAllString(string(logText), -1); len(probs) > 0 || code != 0 {
		t.Fatalf("pdflatex: exit %d:\n%s\n%s", code, strings.Join(probs, "\n"), bkTail(out, 2000))
	}
	if out, code := bkRun(t, dir, pdftotext, "-enc", "UTF-8", "doc.pdf", "doc.txt"); code != 0 {
		t.Fatalf("pdftotext: exit %d: %s", code, out)
	}
	txt, err := os.ReadFile(filepath.Join(dir, "doc.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(txt)
}
