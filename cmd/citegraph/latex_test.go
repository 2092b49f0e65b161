package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestSeedReferencesCompile runs bibtex over the references.bib of the
// main job under the styles plain, ieeetr and plainnat: no error, no
// warning. bibtex comes from Debian's texlive-binaries; `make test`
// installs it (.ci/deps), and without it this test fails, never skips.
func TestSeedReferencesCompile(t *testing.T) {
	bibtex, err := exec.LookPath("bibtex")
	if err != nil {
		t.Fatal("bibtex not found: run `make deps` (apt-get install -y texlive-binaries texlive-base texlive-latex-base)")
	}
	dir := t.TempDir()
	runBuild(t, nil, exitOK, "--out", dir, "-q")
	problem := regexp.MustCompile(`(?m)^.*(Warning--|error message|I was expecting|I'm skipping|You're missing|Sorry---|illegal).*$`)
	for _, style := range []string{"plain", "ieeetr", "plainnat"} {
		t.Run(style, func(t *testing.T) {
			aux := "\\relax\n\\citation{*}\n\\bibstyle{" + style + "}\n\\bibdata{" + filepath.Join(dir, "references") + "}\n"
			work := t.TempDir()
			if err := os.WriteFile(filepath.Join(work, "doc.aux"), []byte(aux), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bibtex, "doc")
			cmd.Dir = work
			out, err := cmd.CombinedOutput()
			blg, _ := os.ReadFile(filepath.Join(work, "doc.blg"))
			if err != nil {
				t.Fatalf("bibtex: %v\n%s\n%s", err, out, blg)
			}
			if ps := problem.FindAllString(string(blg), -1); len(ps) > 0 {
				t.Errorf("bibtex %s: %d problems:\n%q", style, len(ps), ps)
			}
			bbl, err := os.ReadFile(filepath.Join(work, "doc.bbl"))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(regexp.MustCompile(`\\bibitem`).FindAll(bbl, -1)); n != 42 {
				t.Errorf("bibtex %s: %d bibitems, want 42", style, n)
			}
		})
	}
}
