package main

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/fetch"
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
			// Two keys of one paper: both written, the pair reported with
			// both keys and lines; one key twice: written once.
			for _, want := range []string{
				"entries name the paper of an earlier entry:\n",
				"  hinton2015distilling (line 55): the same paper as hinton (line 7); kept under its own key so \\cite{hinton2015distilling} keeps working\n",
				"  fitnets (line 64): a second entry with this key, the same paper as line 16: written once; BibTeX reads only the first\n",
			} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr has no %q:\n%s", want, stderr)
				}
			}

			text := string(got)
			if format == "biblatex" && strings.Contains(text, "ids ") {
				t.Errorf("biblatex ids for a key written as its own entry:\n%s", text)
			}
			written := map[string]string{}
			for _, m := range regexp.MustCompile(`(?s)@\w+\{([^,\n]+),\n(.*?)\n\}`).FindAllStringSubmatch(text, -1) {
				written[m[1]] = m[2]
			}
			seen := map[string]bool{}
			for _, e := range list.Entries {
				body, ok := written[e.Key]
				if seen[strings.ToLower(e.Key)] {
					// A second entry with a key: written once, a note
					// left in its place.
					if !strings.Contains(text, "% citegraph: a second entry with key "+e.Key+" was here, the same paper as the entry (line ") {
						t.Errorf("the second entry %s leaves no note", e.Key)
					}
					continue
				}
				seen[strings.ToLower(e.Key)] = true
				if !ok {
					t.Errorf("key %s is not written", e.Key)
					continue
				}
				for _, f := range []string{"doi", "eprint", "url", "note", "isbn", "keywords"} {
					if v, ok := e.Field(f); ok && !strings.Contains(body, "{"+v+"}") {
						t.Errorf("%s: %s = {%s} lost:\n%s", e.Key, f, v, body)
					}
				}
			}
			// The unresolved entry is written as read, its block's own
			// text (in either flavour), under a comment saying so.
			b := list.Source.Blocks[len(list.Source.Blocks)-1]
			if e := list.Entries[b.Entry]; e.Key != "knuth1984" {
				t.Fatalf("the last block holds %s", e.Key)
			}
			if !regexp.MustCompile(`% citegraph: not resolved: .*; written as read\n` + regexp.QuoteMeta(list.Source.BlockText(b))).MatchString(text) {
				t.Errorf("the unresolved entry is not written as read, under a comment:\n%s", list.Source.BlockText(b))
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

// TestBibMergeBlocks writes back a user's .bib with every kind of block
// (testdata/merge/blocks.bib: a JabRef header, @preamble, @string macros
// used by entries, a malformed entry, a book without a title, a crossref'd
// @proceedings, @comment groups, comment lines between blocks) and checks
// it against reviewed golden files: every block in file order, the blocks
// not merged verbatim under a comment saying why, macros kept, problems
// reported with file and line, and nothing outside the merged entries lost.
func TestBibMergeBlocks(t *testing.T) {
	in := filepath.Join("testdata", "merge", "blocks.bib")
	src, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(t.TempDir(), "clean.bib")
	_, stderr := runBib(t, exitOK, in, "--source", "snapshot", "-o", outPath)
	got, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "blocks.bibtex.golden", got)
	for _, want := range []string{
		in + ":21: malformed @article (problem at line 23): skipped: missing comma after field \"title\"",
		in + `:47: @book "goodfellow2016deep" has neither a title nor an identifier: skipped`,
		"4 entries merged with their records (13 changes), 1 written as read",
		"kept verbatim, each under a comment: 1 @preamble, 4 @string, 3 entries not read as papers, 2 @comment",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr has no %q:\n%s", want, stderr)
		}
	}
	// Every byte outside the merged entries is in the file written, in
	// order: the blocks not merged, and every line between blocks.
	read, written := bib.ParseBibTeX(in, src), bib.ParseBibTeX(outPath, got)
	text := written.Source.Text
	pos := 0
	find := func(piece, what string) {
		i := strings.Index(text[pos:], piece)
		if i < 0 {
			t.Errorf("%s not written (in order): %q", what, piece)
			return
		}
		pos += i + len(piece)
	}
	prev := 0
	for _, b := range read.Source.Blocks {
		for _, line := range strings.Split(read.Source.Text[prev:b.Start], "\n") {
			if strings.TrimSpace(line) != "" {
				find(line, "text between blocks")
			}
		}
		if b.Entry < 0 {
			find(read.Source.BlockText(b), "block")
		} else {
			find("{"+read.Entries[b.Entry].Key+",", "entry")
		}
		prev = b.End
	}
	if n := strings.Count(string(got), "\n% citegraph: "); n != 7 {
		t.Errorf("%d comments; want 7 (5 blocks and 1 run of @string kept, 1 entry not resolved)", n)
	}
	if len(written.Entries) != len(read.Entries) || len(written.Source.Blocks) != len(read.Source.Blocks) {
		t.Errorf("written back: %d entries, %d blocks; read %d, %d", len(written.Entries), len(written.Source.Blocks),
			len(read.Entries), len(read.Source.Blocks))
	}
	for _, want := range []string{"  booktitle     = iclr,\n", "  booktitle = cvpr # { (CVPR)},\n", "  publisher = aw,\n",
		"  crossref      = {iclr2016},\n", "  journal = {arXiv preprint arXiv:1704.04861},\n"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("no %q written", want)
		}
	}

	stdout, _ := runBib(t, exitOK, in, "--source", "snapshot", "--diff", "-q")
	checkGolden(t, "blocks.diff.golden", []byte(stdout))
}

// TestBibMergeFixedPoint feeds the file that "citegraph bib" wrote from a
// user's .bib back to it: nothing changes (no diff, no change listed, the
// same file but for the name in the header), in either flavour.
func TestBibMergeFixedPoint(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"mine.bib", "blocks.bib"} {
		for _, format := range []string{"bibtex", "biblatex"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				first := filepath.Join(dir, format+"-"+name)
				runBib(t, exitOK, filepath.Join("testdata", "merge", name), "--source", "snapshot", "--format", format, "-o", first)
				stdout, stderr := runBib(t, exitOK, first, "--source", "snapshot", "--format", format, "--diff")
				if stdout != "" || !strings.Contains(stderr, "(0 changes)") {
					t.Errorf("fed back, not a fixed point:\n%s\n%s", stdout, stderr)
				}
				again := filepath.Join(dir, "again-"+format+"-"+name)
				runBib(t, exitOK, first, "--source", "snapshot", "--format", format, "-o", again, "-q")
				a, _ := os.ReadFile(first)
				b, _ := os.ReadFile(again)
				named := regexp.MustCompile(`(?m)^% Generated by citegraph from .*$`)
				a1, b1 := named.ReplaceAllString(string(a), ""), named.ReplaceAllString(string(b), "")
				if a1 != b1 || !strings.Contains(a1, "@") {
					t.Errorf("written again, the file changed:\n%s", b)
				}
			})
		}
	}
}

// TestBibMergeCP1252 writes back a JabRef file in Windows-1252 with CR LF
// line ends: it comes back in Windows-1252 with CR LF, its blocks byte for
// byte, and stderr says so.
func TestBibMergeCP1252(t *testing.T) {
	in := "% This file was created with JabRef 2.8.1.\r\n% Encoding: Cp1252\r\n\r\n" +
		"@string{tum = {Technische Universit\xe4t M\xfcnchen}}\r\n\r\n" +
		"@inproceedings{romero2015fitnets,\r\n  title = {Fitnets: Hints for thin deep nets},\r\n" +
		"  author = {Romero, Adriana and Ballas, Nicolas},\r\n  year = {2015},\r\n  owner = {J\xfcrgen},\r\n  note = {\x93hints\x94}\r\n}\r\n\r\n" +
		"@techreport{sumo, author = {Kr\xe4mer, M.}, title = {Verkehrsfl\xfcsse}, institution = tum, year = 2011}\r\n\r\n" +
		"@comment{jabref-meta: groupstree:\r\n0 AllEntriesGroup:;\r\n1 ExplicitGroup:Fu\xdfball\\;0\\;sumo\\;;\r\n}\r\n"
	dir := t.TempDir()
	path := filepath.Join(dir, "jabref.bib")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(dir, "clean.bib")
	_, stderr := runBib(t, exitOK, path, "--source", "snapshot", "-o", outPath)
	got, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "read as windows-1252, written in windows-1252") {
		t.Errorf("stderr:\n%s", stderr)
	}
	for _, want := range []string{
		"% This file was created with JabRef 2.8.1.\r\n% Encoding: Cp1252\r\n% Generated by citegraph",
		"\r\n@string{tum = {Technische Universit\xe4t M\xfcnchen}}\r\n",
		"  title         = {{FitNets}: Hints for Thin Deep Nets},\r\n",
		"  owner         = {J\xfcrgen},\r\n  note          = {\x93hints\x94}\r\n",
		"; written as read\r\n@techreport{sumo, author = {Kr\xe4mer, M.}, title = {Verkehrsfl\xfcsse}, institution = tum, year = 2011}\r\n",
		"\r\n@comment{jabref-meta: groupstree:\r\n0 AllEntriesGroup:;\r\n1 ExplicitGroup:Fu\xdfball\\;0\\;sumo\\;;\r\n}\r\n",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("no %q in\n%q", want, got)
		}
	}
	if utf8.Valid(got) || strings.Contains(strings.ReplaceAll(string(got), "\r\n", ""), "\n") {
		t.Errorf("not Windows-1252 with CR LF:\n%q", got)
	}
}

// TestBibNoneResolved: a .bib none of whose entries the source knows comes
// back whole (every entry, its @string macros and its comments), with a
// warning, not an error; a list of another format has nothing to write.
func TestBibNoneResolved(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "unknown.bib")
	src := `% my notes
@string{jmlr = {Journal of Machine Learning Research}}
@article{doe2001,
  title = {A Study No Record Knows Of},
  author = {Doe, Jane},
  journal = jmlr,
  year = {2001}
}
@misc{roe2002,
  title = {Another Unknown Paper},
  year = {2002}
}
`
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(dir, "clean.bib")
	_, stderr := runBib(t, exitOK, in, "--source", "snapshot", "-o", outPath)
	if !strings.Contains(stderr, "no entry could be resolved") {
		t.Errorf("stderr does not warn that nothing resolved:\n%s", stderr)
	}
	got, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"% my notes", "@string{jmlr", "doe2001", "roe2002", "A Study No Record Knows Of", "Another Unknown Paper"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("written file lacks %q:\n%s", want, got)
		}
	}
	txt := filepath.Join(dir, "unknown.txt")
	if err := os.WriteFile(txt, []byte("A Study No Record Knows Of\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr = runBib(t, exitError, txt, "--source", "snapshot", "-o", filepath.Join(dir, "t.bib"))
	if !strings.Contains(stderr, "nothing was written") {
		t.Errorf("a text list that resolves nothing: stderr %q", stderr)
	}
}

// TestBibOutputUnwritable: an -o under a file is refused before the list
// is read or any request is made.
func TestBibOutputUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr := runBib(t, exitUsage, "/nonexistent/list.md", "-o", filepath.Join(file, "refs.bib"))
	if !strings.Contains(stderr, file+" is a file") || strings.Contains(stderr, "nonexistent") {
		t.Errorf("stderr %q; want the output refused first", stderr)
	}
}

// TestBuildKeepsBibKeys: build on a .bib list writes every artefact with
// the list's own citation keys (the first entry's for a paper listed
// twice); --keys generate writes citegraph's.
func TestBuildKeepsBibKeys(t *testing.T) {
	in := filepath.Join("testdata", "merge", "mine.bib")
	list, err := bib.ParseFile(in)
	if err != nil {
		t.Fatal(err)
	}
	userKeys := map[string]bool{}
	for _, e := range list.Entries {
		userKeys[e.Key] = true
	}
	citeKeys := func(path string) []string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var ks []string
		for _, m := range regexp.MustCompile(`(?m)^@\w+\{([^,]+),`).FindAllStringSubmatch(string(b), -1) {
			ks = append(ks, m[1])
		}
		return ks
	}
	kept, gen := t.TempDir(), t.TempDir()
	runBuild(t, nil, exitOK, in, "--source", "snapshot", "--quiet", "--out", kept)
	runBuild(t, nil, exitOK, in, "--source", "snapshot", "--quiet", "--out", gen, "--keys", "generate")
	ks := citeKeys(filepath.Join(kept, "references.bib"))
	if len(ks) == 0 {
		t.Fatal("references.bib holds no entry")
	}
	for _, k := range ks {
		if !userKeys[k] {
			t.Errorf("references.bib key %q is not one of the list's keys", k)
		}
	}
	if slices.Contains(ks, "hinton2015distilling") || !slices.Contains(ks, "hinton") {
		t.Errorf("a paper listed twice is not written under its first entry's key: %v", ks)
	}
	graphml, err := os.ReadFile(filepath.Join(kept, "graph.graphml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if !strings.Contains(string(graphml), `<data key="d_bibKey">`+k+`</data>`) {
			t.Errorf("graph.graphml has no node with bibKey %q", k)
		}
	}
	generated := regexp.MustCompile(`^[a-z]+[0-9]{4}[a-z0-9]*$`)
	for _, k := range citeKeys(filepath.Join(gen, "references.bib")) {
		if !generated.MatchString(k) {
			t.Errorf("--keys generate wrote %q, not a generated key", k)
		}
	}
}

// TestBibDiffPatch: "citegraph bib mine.bib --diff | patch -p0" turns
// mine.bib into exactly the file "citegraph bib mine.bib -o" writes: the
// diff's old side is the file itself, every byte of it (a parenthesised
// entry, "#" concatenations, field names in capitals, a trailing comma, a
// user's notes under an old citegraph header), checked with GNU patch.
func TestBibDiffPatch(t *testing.T) {
	patch := needTool(t, "patch", "patch")
	mine, err := os.ReadFile(filepath.Join("testdata", "merge", "mine.bib"))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := os.ReadFile(filepath.Join("testdata", "merge", "blocks.bib"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, in string }{
		{"mine", string(mine)},
		{"blocks", string(blocks)},
		{"user text", `% Generated by citegraph from old.bib
% MY OWN NOTE grant 1234

@string{nips = {Advances in Neural Information Processing Systems}}
% citegraph: TODO check this one
@article(paren2018, title="Distilling the knowledge in a neural network", journal = nips # " workshop", Year = 2015,
  eprint = {1503.02531},)
@MISC{Unknown2099,
    TITLE="A Paper Nobody Knows At All",
    Year = 2099,
}
% the end, no line end after it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if err := os.WriteFile("mine.bib", []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			diff, _ := runBib(t, exitOK, "mine.bib", "--source", "snapshot", "--diff", "-q")
			runBib(t, exitOK, "mine.bib", "--source", "snapshot", "-o", "clean.bib", "-q")
			want, err := os.ReadFile("clean.bib")
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(patch, "-p0", "--quiet")
			cmd.Stdin = strings.NewReader(diff)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("patch -p0: %v\n%s\ndiff:\n%s", err, out, diff)
			}
			got, err := os.ReadFile("mine.bib")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("patched, mine.bib is not the file written:\n%s\nwant:\n%s\ndiff:\n%s", got, want, diff)
			}
			for _, l := range strings.Split(tc.in, "\n") {
				if strings.HasPrefix(l, "%") && !strings.Contains(string(want), l) {
					t.Errorf("comment line lost: %q", l)
				}
			}
		})
	}
}

// TestBibHeaderReplaced: the header of every .bib citegraph writes (build's
// references.bib, family files and suggested.bib; bib's own) is
// recognised when the file comes back with a change: it is replaced by
// this run's, not kept as the user's text; the user's comment under it
// stays.
func TestBibHeaderReplaced(t *testing.T) {
	dir := t.TempDir()
	runBuild(t, nil, exitOK, "--out", dir, "-q")
	families, _ := filepath.Glob(filepath.Join(dir, "bib", "*.bib"))
	if len(families) == 0 {
		t.Fatal("build wrote no family .bib")
	}
	mergedFile := filepath.Join(dir, "merged.bib")
	runBib(t, exitOK, filepath.Join("testdata", "merge", "mine.bib"), "--source", "snapshot", "-o", mergedFile, "-q")
	for _, file := range []string{filepath.Join(dir, "references.bib"), families[0], filepath.Join(dir, "suggested.bib"), mergedFile} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(text), "% Generated by citegraph") {
				t.Fatalf("%s has no header:\n%.300s", file, text)
			}
			// A note under the header, and an entry no record knows.
			i := strings.Index(string(text), "\n\n")
			in := string(text[:i+1]) + "% MY OWN NOTE\n" + string(text[i+1:]) + "\n@misc{nobody2099, title = {A Paper Nobody Knows At All}}\n"
			path := filepath.Join(t.TempDir(), "edited.bib")
			if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
				t.Fatal(err)
			}
			out, _ := runBib(t, exitOK, path, "--source", "snapshot", "-q")
			if n := strings.Count(out, "% Generated by citegraph"); n != 1 || !strings.HasPrefix(out, "% Generated by citegraph from "+path+": ") {
				t.Errorf("%d headers written; want this run's alone:\n%.1200s", n, out)
			}
			if !strings.Contains(out, "\n% MY OWN NOTE\n") {
				t.Errorf("the note under the header is lost:\n%.1200s", out)
			}
		})
	}
}

func TestMergedSummary(t *testing.T) {
	for n, want := range map[int]string{0: "0 entries merged with their records", 1: "1 entry merged with its record", 2: "2 entries merged with their records"} {
		if got := mergedSummary(n); got != want {
			t.Errorf("mergedSummary(%d) = %q; want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0 changes", 1: "1 change", 7: "7 changes"} {
		if got := plural(n, "change", "changes"); got != want {
			t.Errorf("plural(%d) = %q; want %q", n, got, want)
		}
	}
}

// TestBuildKeyClashes: keys are settled in file order, BibTeX's way
// (without case); a key not kept is reported with its file and line.
func TestBuildKeyClashes(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "clash.bib")
	src := `@inproceedings{sandler2018,
  title = {MobileNetV2: Inverted Residuals and Linear Bottlenecks}
}
@inproceedings{SANDLER2018,
  title = {SqueezeNext: Hardware-Aware Neural Network Design}
}
`
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	stderr := runBuild(t, nil, exitOK, in, "--source", "snapshot", "--out", out)
	b, err := os.ReadFile(filepath.Join(out, "references.bib"))
	if err != nil {
		t.Fatal(err)
	}
	mobile := regexp.MustCompile(`(?m)^@\w+\{([^,]+),\n(?:  .*\n)*?  title\s*= \{\{MobileNetV2\}`).FindStringSubmatch(string(b))
	if mobile == nil || mobile[1] != "sandler2018" {
		t.Errorf("MobileNetV2, first in the file, is not written as sandler2018:\n%s", b)
	}
	if strings.Contains(string(b), "{SANDLER2018,") {
		t.Errorf("the second paper got a key BibTeX takes for the first:\n%s", b)
	}
	if !strings.Contains(stderr, in+":4: key SANDLER2018 is already used by line 1 (BibTeX ignores case): a generated key is used") {
		t.Errorf("stderr does not report the key not kept with its line:\n%s", stderr)
	}
}

// TestListCiteKeys: the keys build keeps from a .bib, and what it says of
// those it does not keep: a key another paper's entry holds (naming its
// line; "BibTeX ignores case" only when the case differs), a paper listed
// twice, worded as bib words it (under one key, a second entry written
// once; under two, written once as the first, since build writes one
// entry per paper).
func TestListCiteKeys(t *testing.T) {
	p := func(id string) *bib.Paper { return &bib.Paper{PaperID: id, Title: id} }
	a, b := p("a"), p("b")
	for _, tc := range []struct {
		name  string
		keys  []string // of the entries, on lines 1, 2, ...
		recs  []*bib.Paper
		kept  map[string]string // Paper.Key() → key
		notes []string
	}{
		{"one key each", []string{"x", "y"}, []*bib.Paper{a, b}, map[string]string{a.Key(): "x", b.Key(): "y"}, nil},
		{"a key another paper holds", []string{"x", "x"}, []*bib.Paper{a, b}, map[string]string{a.Key(): "x"},
			[]string{"l.bib:2: key x is already used by line 1: a generated key is used"}},
		{"in another case", []string{"x", "X"}, []*bib.Paper{a, b}, map[string]string{a.Key(): "x"},
			[]string{"l.bib:2: key X is already used by line 1 (BibTeX ignores case): a generated key is used"}},
		{"one paper, one key", []string{"x", "x"}, []*bib.Paper{a, a}, map[string]string{a.Key(): "x"},
			[]string{"l.bib:2: x: a second entry with this key, the same paper as line 1: written once; BibTeX reads only the first"}},
		{"one paper, one key in another case", []string{"x", "X"}, []*bib.Paper{a, a}, map[string]string{a.Key(): "x"},
			[]string{"l.bib:2: X: a second entry with key x (BibTeX ignores case), the same paper as line 1: written once; BibTeX reads only the first"}},
		{"one paper, two keys", []string{"x", "y"}, []*bib.Paper{a, a}, map[string]string{a.Key(): "x"},
			[]string{"l.bib:2: y: the same paper as x (line 1): written once, as x"}},
		{"not a BibTeX key", []string{"x y", "y"}, []*bib.Paper{a, b}, map[string]string{b.Key(): "y"},
			[]string{`l.bib:1: key "x y" cannot be written as a BibTeX key: a generated key is used`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res []fetch.Resolution
			for i, k := range tc.keys {
				res = append(res, fetch.Resolution{Entry: bib.Entry{File: "l.bib", Line: i + 1, Key: k},
					Status: fetch.StatusResolved, Paper: tc.recs[i]})
			}
			keys, notes := listCiteKeys(&bib.List{Format: bib.FormatBibTeX}, res, bib.KeepKeys)
			if !maps.Equal(keys, tc.kept) || !slices.Equal(notes, tc.notes) {
				t.Errorf("keys %v, notes %q; want %v, %q", keys, notes, tc.kept, tc.notes)
			}
		})
	}
}
