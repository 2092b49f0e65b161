package bib

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCaseWords checks the maintained case list: every word is protected
// in a title (alone, plural, possessive, in a hyphenated word), and BibTeX's
// plain style, which lower-cases article titles, prints each with its
// capital.
func TestCaseWords(t *testing.T) {
	words := CaseWords()
	if len(words) < 100 {
		t.Fatalf("casewords.txt holds %d words; want the maintained list", len(words))
	}
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			t.Errorf("casewords.txt lists %q twice", w)
		}
		seen[w] = true
		if strings.ContainsAny(w, " -/") || w == strings.ToLower(w) {
			t.Errorf("casewords.txt: %q is not one capitalised word", w)
		}
		tw, _ := texText(w)
		for _, title := range []string{
			"Learning with " + w + " Models",
			"Learning " + w + "s",
			"On the " + w + "'s Method",
			"A Non-" + w + " View",
		} {
			got, _ := texTitle(title)
			if !regexp.MustCompile(`\{` + regexp.QuoteMeta(tw) + `(?:s|'s)?\}`).MatchString(got) {
				t.Errorf("texTitle(%q) = %q: %q is not protected", title, got, w)
			}
		}
		// Not protected as the part of a longer word.
		if got, _ := texTitle("The " + w + "ian-like Method"); strings.Contains(got, "{"+tw+"}") && !strings.Contains(got, "{"+tw+"ian-like}") {
			t.Errorf("texTitle(%q) = %q: a longer word is protected as %q", "The "+w+"ian-like Method", got, w)
		}
	}

	// plain.bst lower-cases article titles with change.case$ "t".
	bibtex := bkNeedTool(t, "bibtex", bkTeXPackages)
	dir := t.TempDir()
	var papers []*Paper
	for i, w := range words {
		papers = append(papers, &Paper{
			PaperID: fmt.Sprintf("%040x", i+1),
			Title:   "Learning with " + w + " Models",
			Year:    2020,
			Authors: []Author{{Name: "Ada Lovelace"}},
			Journal: &Journal{Name: "Journal of Machine Learning Research"},
		})
	}
	b := NewBibliography(papers)
	var buf strings.Builder
	if err := b.Write(&buf, "case words", nil); err != nil {
		t.Fatal(err)
	}
	bkWriteFile(t, filepath.Join(dir, "refs.bib"), []byte(buf.String()))
	bkWriteFile(t, filepath.Join(dir, "doc.aux"), []byte("\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n"))
	out, code := bkRun(t, dir, bibtex, "doc")
	if code != 0 || bkBlgProblem.MatchString(out) {
		t.Fatalf("bibtex: exit %d:\n%s", code, out)
	}
	bbl, err := os.ReadFile(filepath.Join(dir, "doc.bbl"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(bbl)), " ")
	for _, w := range words {
		tw, _ := texText(w)
		if want := "Learning with {" + tw + "} models"; !strings.Contains(text, want) {
			t.Errorf("plain.bst lost the capital of %q: no %q in the .bbl", w, want)
		}
	}
}
