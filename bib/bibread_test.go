package bib

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/citegraph/citegraph/data"
	"github.com/nickng/bibtex"
)

func TestParseBibTeXEntries(t *testing.T) {
	src := `@string{cvpr = "Proc. CVPR"}
@inproceedings{a,
  title = {{MobileNetV2}: Inverted Residuals},
  booktitle = CVPR, year = 2018, month = Jun,
  doi = {https://doi.org/10.1109/CVPR.2018.00474},
}
@article{b, title = "{MobileNets}: Efficient {CNNs}", journal = "arXiv preprint arXiv:" # "1704.04861", year = {2017}}
@article(c, title = {SqueezeNet}, eprint = {1602.07360v4}, archivePrefix = {arXiv})
@misc{d, title = {Via URL}, url = {https://arxiv.org/abs/1412.6550v4}}
@misc{e, title = {Via biblatex}, eprinttype = {arxiv}, eprint = {cs/0112017}, date = {2001-12-01}}
@misc{f, title = {S2}, howpublished = {\url{https://www.semanticscholar.org/paper/dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4}}}
@misc{g, title = {Note id}, note = {arXiv:1707.06342}}
`
	l := ParseBibTeX("refs.bib", []byte(src))
	checkList(t, []byte(src), l)
	want := []struct {
		line  int
		title string
		year  int
		venue string
		ids   IDs
	}{
		{2, "MobileNetV2: Inverted Residuals", 2018, "Proc. CVPR", IDs{DOI: "10.1109/CVPR.2018.00474"}},
		{7, "MobileNets: Efficient CNNs", 2017, "arXiv", IDs{ArXiv: "1704.04861"}},
		{8, "SqueezeNet", 0, "arXiv", IDs{ArXiv: "1602.07360"}},
		{9, "Via URL", 0, "", IDs{ArXiv: "1412.6550"}},
		{10, "Via biblatex", 2001, "arXiv", IDs{ArXiv: "cs/0112017"}},
		{11, "S2", 0, "", IDs{S2: "dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4"}},
		{12, "Note id", 0, "", IDs{ArXiv: "1707.06342"}},
	}
	if len(l.Entries) != len(want) {
		t.Fatalf("%d entries, problems %v; want %d", len(l.Entries), l.Problems, len(want))
	}
	for i, w := range want {
		e := l.Entries[i]
		if e.Line != w.line || e.Title != w.title || e.Year != w.year || e.Venue != w.venue || e.IDs != w.ids || e.Kind != KindPaper || e.Family != "refs" {
			t.Errorf("entry %d = %d %q %d %q %+v %s %q;\nwant %d %q %d %q %+v", i, e.Line, e.Title, e.Year, e.Venue, e.IDs, e.Kind, e.Family,
				w.line, w.title, w.year, w.venue, w.ids)
		}
	}
	if len(l.Problems) != 0 {
		t.Errorf("problems %v; want none", l.Problems)
	}
}

// TestParseBibTeXPitfalls guards against the pitfalls of
// github.com/nickng/bibtex returning: each input below breaks a naive
// bibtex.Parse of the whole file (or, for undefined macros, ends the
// process through log.Fatalf).
func TestParseBibTeXPitfalls(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		titles  []string // titles of the entries read, in order
		venue   string   // venue of the last entry, if not ""
		problem string   // substring of a problem, "" for none
		line    int      // line of that problem
	}{
		{"undefined macro (log.Fatalf)", "@inproceedings{a,\n title = {T},\n booktitle = eccv,\n}\n", []string{"T"}, "eccv", "undefined @string macro \"eccv\"", 3},
		{"one malformed entry", "@article{a, title = {Bad}} x @ y\n@misc{b, title = {A {b} c}\n@misc{c, title = {Good}}\n", []string{"Bad", "Good"}, "", "not closed", 2},
		{"@ inside braces", "@misc{a, title = {Email me@example.org}}\n@misc{b, title = {Next}}\n", []string{"Email me@example.org", "Next"}, "", "", 0},
		{"concatenation keeps every part", "@string{pre = {Proc. }}\n@misc{a, title = {T}, booktitle = pre # \"of \" # {CVPR}}\n", []string{"T"}, "Proc. of CVPR", "", 0},
		{"macro case", "@STRING{CVPR = {Computer Vision}}\n@misc{a, title = {T}, booktitle = cvpr, month = Jan}\n", []string{"T"}, "Computer Vision", "", 0},
		{"comment field", "@misc{a, title = {T}, comment = {note}, string = {x}, preamble = {y}}\n", []string{"T"}, "", "", 0},
		{"bad entry then good (global parser state)", "@misc{a, title = {x @ y}}\n@misc{b, title = {Fine}}\n", []string{"x @ y", "Fine"}, "", "", 0},
		{"nul byte", "@misc{a, title = {A\x00B}}\n", []string{"A B"}, "", "", 0},
		{"odd key", "@misc{Müller:2019/ü&ł, title = {Odd Key}}\n", []string{"Odd Key"}, "", "", 0},
		{"no fields", "@misc{lonely}\n@misc{b, title = {B}}\n", []string{"B"}, "", "neither a title nor an identifier", 1},
		{"missing key", "@misc{title = {No Key}}\n", nil, "", "missing citation key", 1},
		{"missing comma", "@misc{a,\n title = {T}\n year = 2017}\n", nil, "", "missing comma", 1},
		{"unterminated quote", "@misc{a, title = \"T}\n", nil, "", "unterminated quoted value", 1},
		{"stray @", "@ {x}\n@misc{b, title = {B}}", []string{"B"}, "", "stray", 1},
		{"parenthesised with quote", "@misc(a, title = \"A ) paren\")\n", []string{"A ) paren"}, "", "", 0},
	}
	for _, tt := range tests {
		l := ParseBibTeX("p.bib", []byte(tt.src))
		checkList(t, []byte(tt.src), l)
		var titles []string
		for _, e := range l.Entries {
			titles = append(titles, e.Title)
		}
		if strings.Join(titles, "|") != strings.Join(tt.titles, "|") {
			t.Errorf("%s: titles %q; want %q (problems %v)", tt.name, titles, tt.titles, l.Problems)
		}
		if tt.venue != "" && (len(l.Entries) == 0 || l.Entries[len(l.Entries)-1].Venue != tt.venue) {
			t.Errorf("%s: entries %+v; want venue %q", tt.name, l.Entries, tt.venue)
		}
		found := tt.problem == ""
		for _, p := range l.Problems {
			if tt.problem != "" && strings.Contains(p.Error(), tt.problem) && p.Line == tt.line && p.File == "p.bib" {
				found = true
			}
		}
		if !found || tt.problem == "" && len(l.Problems) > 0 {
			t.Errorf("%s: problems %v; want one containing %q at line %d", tt.name, l.Problems, tt.problem, tt.line)
		}
	}
}

// TestNickngPitfallsPresent documents why bibinViaLibrary normalises
// entries: github.com/nickng/bibtex v1.4.2 keeps only the first operand of
// "#", cannot take "comment" as a field name, and a failed parse breaks the
// next one. If an upgrade fixes these, the normalisation can be simplified.
func TestNickngPitfallsPresent(t *testing.T) {
	parse := func(s string) (*bibtex.BibTex, error) {
		bibinLibMu.Lock()
		defer bibinLibMu.Unlock()
		return bibtex.Parse(strings.NewReader(s))
	}
	if b, err := parse("@string{m = {M}}\n@misc{k,\n title = {a} # m # {b}\n}"); err != nil || b.Entries[0].Fields["title"].String() != "a" {
		t.Errorf("concatenation pitfall gone? %v", err)
	}
	if _, err := parse("@misc{k, comment = {x}}"); err == nil {
		t.Errorf("comment-field pitfall gone")
	}
	_, _ = parse("@misc{k, title = {x @ y}}")
	_, err := parse("@misc{k, title = {fine}}")
	_, _ = parse("@,") // leave the state clean for others
	if err == nil {
		t.Errorf("global-state pitfall gone")
	}
}

func TestParseBibTeXFamilies(t *testing.T) {
	src := `% == Compact ==
@misc{a, title = {A}}
@misc{b, title = {B}, groups = {Grouped, Other}}
@comment{Distillation}
@misc{c, title = {C}, keywords = {kw1; kw2}}
@comment{This file was created with JabRef 2.10.}
% Generated by some tool
@misc{d, title = {D}}
@comment{--- Empty ---}
@comment{jabref-meta: groupstree:
0 AllEntriesGroup:;
1 ExplicitGroup:JabRef Group\;0\;e\;;
}
@misc{e, title = {E}}
`
	l := ParseBibTeX("f.bib", []byte(src))
	checkList(t, []byte(src), l)
	var got []string
	for _, e := range l.Entries {
		got = append(got, e.Title+":"+e.Family)
	}
	if want := "A:Compact|B:Grouped|C:Distillation|D:Distillation|E:JabRef Group"; strings.Join(got, "|") != want {
		t.Errorf("families %q; want %q", strings.Join(got, "|"), want)
	}
	var fams []string
	for _, f := range l.Families {
		fams = append(fams, f.Name+"/"+itoa(f.Papers))
	}
	if want := "Compact/1|Grouped/1|Distillation/2|Empty/0|JabRef Group/1"; strings.Join(fams, "|") != want {
		t.Errorf("family list %q; want %q", strings.Join(fams, "|"), want)
	}
}

// TestParseBibTeXKeywordFamilies: keywords name a family only when
// entries without group or marker share it (Zotero tags each entry with
// keywords of its own); JabRef groups and markers are unaffected.
func TestParseBibTeXKeywordFamilies(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		entries   string // title:family of each entry
		families  string // name/papers of each family, in order
	}{
		{"one entry's keyword names no family",
			"@misc{a, title = {A}, keywords = {Pruning, Sparsity}}\n@misc{b, title = {B}}\n",
			"A:k|B:k", "k/2"},
		{"a shared keyword names one",
			"@misc{a, title = {A}, keywords = {Pruning, Sparsity}}\n@misc{b, title = {B}}\n@misc{c, title = {C}, keywords = {Sparsity; pruning}}\n",
			"A:Pruning|B:k|C:Pruning", "Pruning/2|k/1"},
		{"the first keyword shared, not the first keyword",
			"@misc{a, title = {A}, keywords = {aaa, Quantization}}\n@misc{b, title = {B}, keywords = {bbb, Quantization}}\n@misc{c, title = {C}, keywords = {ccc}}\n",
			"A:Quantization|B:Quantization|C:k", "Quantization/2|k/1"},
		{"shared, but one entry only gets it",
			// x is shared by a and b, but a takes p (shared with c): x would
			// hold b alone, so b falls back.
			"@misc{a, title = {A}, keywords = {p, x}}\n@misc{b, title = {B}, keywords = {x}}\n@misc{c, title = {C}, keywords = {p}}\n",
			"A:p|B:k|C:p", "p/2|k/1"},
		{"Zotero's subject classes name none",
			"@misc{a, title = {A}, keywords = {Computer Science - Machine Learning, cs.LG}}\n@misc{b, title = {B}, keywords = {Computer Science - Machine Learning}}\n",
			"A:k|B:k", "k/2"},
		{"entries under a group or marker do not share",
			"@misc{a, title = {A}, groups = {G}, keywords = {kw}}\n@misc{b, title = {B}, keywords = {kw}}\n% == M ==\n@misc{c, title = {C}, keywords = {kw}}\n",
			"A:G|B:k|C:M", "G/1|k/1|M/1"},
		{"JabRef groups of one entry still name families",
			"@misc{a, title = {A}, groups = {Only}}\n@misc{b, title = {B}, keywords = {x}}\n@misc{c, title = {C}, keywords = {x}}\n" +
				"@comment{jabref-meta: groupstree:\n0 AllEntriesGroup:;\n1 ExplicitGroup:Lone\\;0\\;d\\;;\n}\n@misc{d, title = {D}, keywords = {x}}\n",
			"A:Only|B:x|C:x|D:Lone", "Only/1|x/2|Lone/1"},
		{"family order is the file's",
			"@misc{a, title = {A}, keywords = {late}}\n% == Marker ==\n@misc{b, title = {B}}\n",
			"A:k|B:Marker", "k/1|Marker/1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := ParseBibTeX("k.bib", []byte(tc.src))
			checkList(t, []byte(tc.src), l)
			var got, fams []string
			for _, e := range l.Entries {
				got = append(got, e.Title+":"+e.Family)
			}
			for _, f := range l.Families {
				fams = append(fams, f.Name+"/"+itoa(f.Papers))
			}
			if strings.Join(got, "|") != tc.entries || strings.Join(fams, "|") != tc.families {
				t.Errorf("entries %q, families %q; want %q, %q", strings.Join(got, "|"), strings.Join(fams, "|"), tc.entries, tc.families)
			}
		})
	}
}

func TestParseBibTeXEncodings(t *testing.T) {
	src := "\xEF\xBB\xBF@misc{a,\r\n  title = {M\xfcller's {\\\"U}bung},\r\n  year = {2019}\r\n}\r\n@misc{b, title = {Caf\xc3\xa9}}\n"
	l := ParseBibTeX("enc.bib", []byte(src))
	checkList(t, []byte(src), l)
	if len(l.Entries) != 2 || l.Entries[0].Title != "Müller's Übung" || l.Entries[0].Year != 2019 || l.Entries[1].Title != "Café" || l.Entries[1].Line != 5 {
		t.Errorf("entries %+v", l.Entries)
	}
	if len(l.Problems) != 1 || l.Problems[0].Line != 2 || !strings.Contains(l.Problems[0].Msg, "Latin-1") {
		t.Errorf("problems %v; want the Latin-1 line 2", l.Problems)
	}
}

func TestLatexText(t *testing.T) {
	tests := map[string]string{
		`{MobileNetV2}: Inverted Residuals`:     "MobileNetV2: Inverted Residuals",
		`{\"u}ber {\"U}ber \"{o} \'{e}\'e`:      "über Über ö éé",
		`\ss{} \o \AA{} \l \i \c{c} \v{C} \H o`: "ß ø Å ł ı ç Č ő",
		`na\"{\i}ve \^{\i}`:                     "naïve î",
		`A \& B \% C \$ D \# E \_ F \{ \}`:      "A & B % C $ D # E _ F { }",
		`\textbf{Bold} \emph{it} {\em Em}`:      "Bold it Em",
		`$\ell_1$-norm and $O(n^2)$`:            "ℓ1-norm and O(n2)",
		`$\alpha$-Blending \textendash{} x`:     "α-Blending – x",
		`pages 1--10 --- done`:                  "pages 1–10 — done",
		"``quoted''":                            "“quoted”",
		`\href{http://x}{Text} \url{http://y}`:  "Text http://y",
		`Custom \ours{} macro`:                  "Custom ours macro",
		`Trailing backslash \`:                  "Trailing backslash",
		`Unclosed {brace \textbf{x`:             "Unclosed brace x",
		`Line~break\\ here`:                     "Line break here",
		"plain":                                 "plain",
	}
	for in, want := range tests {
		if got := bibinLatexText(in); got != want {
			t.Errorf("bibinLatexText(%q) = %q; want %q", in, got, want)
		}
	}
	// Deeply nested accents and groups end (bounded recursion) with valid text.
	for _, deep := range []string{strings.Repeat(`\"`, 100000) + "u", strings.Repeat(`\emph{`, 100000) + "x"} {
		if got := bibinLatexText(deep); !utf8.ValidString(got) || len(got) > len(deep) {
			t.Errorf("bibinLatexText(deep input of %d bytes) gave %d bytes of invalid or grown text", len(deep), len(got))
		}
	}
}

func FuzzParseBibTeX(f *testing.F) {
	for _, s := range []string{
		"",
		"@article{k, title = {{MobileNetV2}: x}, year = 2018, doi = {10.1109/CVPR.2018.00474}}",
		"@string{a = \"A\"}\n@misc{k, title = a # {b} # \"c\", booktitle = undefinedmacro}",
		"@misc(k, title = \"q ) {x}\")\n% == F ==\n@comment{G}\n@preamble{\"x\"}",
		"@misc{k, title = {\\\"u \\ss $\\alpha$ \\textbf{b}}, eprint = {1707.06342}, archivePrefix = {arXiv}}",
		"@misc{k, title = {unbalanced}\n@misc{j, title = {x @ y}, comment = {c}}",
		"\xEF\xBB\xBF@misc{k,\r\n title = {Caf\xe9}\r\n}",
		"@comment{jabref-meta: groupstree:\n1 ExplicitGroup:G\\;0\\;k\\;;\n}\n@misc{k, title={T}, groups={A,B}, keywords={c;d}}",
		"@Article{10.1007/x_1, journal = {CoRR}, volume = {abs/1412.6980}, pmid = {123}, pmcid = {PMC9}, title = {<i>a</i> &#x1f99c; &amp;}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := ParseBibTeX("fuzz.bib", data)
		checkList(t, data, l)
	})
}

// TestBibTeXRoundTrip feeds citegraph's own BibTeX for the snapshot's
// papers back to the reader: every entry must come back with the record's
// title and year, and with an identifier (so no title match is needed)
// whenever the record has a DOI or an arXiv id.
func TestBibTeXRoundTrip(t *testing.T) {
	papers, errs := DecodeJSONL("snapshot.jsonl", data.Snapshot)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	bibl := NewBibliography(papers)
	var buf bytes.Buffer
	if err := bibl.Write(&buf, "round trip", nil); err != nil {
		t.Fatal(err)
	}
	l := ParseBibTeX("references.bib", buf.Bytes())
	checkList(t, buf.Bytes(), l)
	if len(l.Problems) > 0 {
		t.Errorf("problems reading our own BibTeX: %v", l.Problems)
	}
	keyRe := regexp.MustCompile(`^@\w+\{([^,\s]+),`)
	byKey := map[string]Entry{}
	for _, e := range l.Entries {
		if m := keyRe.FindStringSubmatch(e.Raw); m != nil {
			byKey[m[1]] = e
		}
	}
	if len(byKey) != len(papers) {
		t.Errorf("%d entries with keys read back; want %d", len(byKey), len(papers))
	}
	for _, p := range papers {
		key := bibl.CiteKey(p.Key())
		e, ok := byKey[key]
		if !ok {
			t.Errorf("%s (%q): not read back", key, p.Title)
			continue
		}
		rec := p.IDs()
		if NormalizeTitle(e.Title) != NormalizeTitle(p.Title) {
			t.Errorf("%s: title %q read back as %q", key, p.Title, e.Title)
		}
		if p.Year != 0 && e.Year != p.Year {
			t.Errorf("%s: year %d read back as %d", key, p.Year, e.Year)
		}
		if (rec.DOI != "" || rec.ArXiv != "") && e.IDs.DOI == "" && e.IDs.ArXiv == "" {
			t.Errorf("%s: record has DOI %q / arXiv %q, entry read back without either", key, rec.DOI, rec.ArXiv)
		}
		if e.IDs.DOI != "" && !strings.EqualFold(e.IDs.DOI, rec.DOI) {
			t.Errorf("%s: DOI %q read back as %q", key, rec.DOI, e.IDs.DOI)
		}
		if e.IDs.ArXiv != "" && e.IDs.ArXiv != rec.ArXiv {
			t.Errorf("%s: arXiv %q read back as %q", key, rec.ArXiv, e.IDs.ArXiv)
		}
	}
}

// TestParseBibTeXConcurrent parses the same file from several goroutines:
// nickng/bibtex keeps its parser state in package variables, so unguarded
// concurrent use would mix entries up.
func TestParseBibTeXConcurrent(t *testing.T) {
	data, err := os.ReadFile("testdata/lists/reading.bib")
	if err != nil {
		t.Fatal(err)
	}
	want := dumpList(ParseBibTeX("reading.bib", data))
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got[i] = dumpList(ParseBibTeX("reading.bib", data))
			}
		}()
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, want) {
			t.Errorf("goroutine %d: result differs from a sequential parse:\n%s", i, firstDiff(string(g), string(want)))
		}
	}
}

// TestParseBibTeXCrossref checks that an entry takes the booktitle and year
// of the entry its crossref names (before or after it, keys compared
// without case), never its url or doi, and that @proceedings volumes are
// not papers: skipped silently when named by a crossref, reported otherwise.
func TestParseBibTeXCrossref(t *testing.T) {
	src := `@string{cvpr = {{CVPR} 2018}}
@inproceedings{p1, title = {Paper One}, crossref = {conf/2018}, doi = {10.1000/one}}
@inproceedings{p2, title = {Paper Two}, crossref = {CONF/2018}, year = {2019}}
@inproceedings{p3, title = {Paper Three}, crossref = {conf/missing}}
@proceedings{conf/2018, title = {Proceedings of } # cvpr, year = {2018}, doi = {10.1000/volume}, url = {https://example.org/vol}}
@proceedings{lonely, title = {Some Volume}, year = {2016}}
@incollection{c1, title = {Chapter}, crossref = {book1}}
@book{book1, title = {A Book}, booktitle = {A Book Series}, year = {2010}}
`
	l := ParseBibTeX("x.bib", []byte(src))
	checkList(t, []byte(src), l)
	var got []string
	for _, e := range l.Entries {
		got = append(got, fmt.Sprintf("%d|%s|%d|%s|%s|%v", e.Line, e.Title, e.Year, e.Venue, e.IDs.DOI, e.URLs))
	}
	want := []string{
		"2|Paper One|2018|Proceedings of CVPR 2018|10.1000/one|[]",
		"3|Paper Two|2019|Proceedings of CVPR 2018||[]",
		"4|Paper Three|0|||[]",
		"7|Chapter|2010|A Book Series||[]",
		"8|A Book|2010|A Book Series||[]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var probs []string
	for _, p := range l.Problems {
		probs = append(probs, p.Error())
	}
	wantProbs := []string{
		`bib: x.bib:4: @inproceedings "p3": crossref "conf/missing" names no entry of the file: its booktitle and year are not inherited`,
		`bib: x.bib:6: @proceedings "lonely" is a volume of proceedings, not a paper: skipped`,
	}
	if strings.Join(probs, "\n") != strings.Join(wantProbs, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(probs, "\n"), strings.Join(wantProbs, "\n"))
	}
}

// TestParseBibTeXExporters checks details of real exporters: Zotero's arXiv
// DOIs and subject-class keywords, escaped URLs (DBLP, Mendeley), and the
// empty leaf groups of a JabRef 5 group tree.
func TestParseBibTeXExporters(t *testing.T) {
	src := `@misc{z, title = {Z}, doi = {10.48550/arXiv.2103.13630}, publisher = {arXiv},
  keywords = {Computer Science - Machine Learning, cs.LG, Quantization}}
@misc{s, title = {S}, keywords = {Statistics - Machine Learning}}
@inproceedings{d, title = {D}, url = {http://openaccess.thecvf.com/content\_cvpr\_2018/html/A\_B.html}}
@article{m, title = {M}, url = {https://x.org/content{\_}cvpr{\_}2018/a{\%}20b.pdf}, groups = {Pruning}}
@Comment{jabref-meta: grouping:
0 AllEntriesGroup:;
1 StaticGroup:Compression\;0\;1\;0x8a8a8aff\;\;\;;
2 StaticGroup:Pruning\;0\;1\;0x8a8a8aff\;\;\;;
2 StaticGroup:Low-rank\;0\;1\;0x8a8a8aff\;\;\;;
1 KeywordGroup:Classics\;0\;keywords\;classic\;0\;0\;1\;0x8a8a8aff\;\;\;;
}
`
	l := ParseBibTeX("e.bib", []byte(src))
	checkList(t, []byte(src), l)
	if len(l.Entries) != 4 {
		t.Fatalf("%d entries; want 4: %+v", len(l.Entries), l.Entries)
	}
	z := l.Entries[0]
	if z.IDs.ArXiv != "2103.13630" || z.Venue != "arXiv" || z.Family != "e" {
		t.Errorf("Zotero arXiv entry: ids %+v venue %q family %q; want arXiv 2103.13630, arXiv, e (no other entry has its keyword)", z.IDs, z.Venue, z.Family)
	}
	if f := l.Entries[1].Family; f != "e" {
		t.Errorf("subject-class keyword gave family %q; want the file's name", f)
	}
	if u := l.Entries[2].URLs; len(u) != 1 || u[0] != "http://openaccess.thecvf.com/content_cvpr_2018/html/A_B.html" {
		t.Errorf("DBLP url: %q", u)
	}
	if u := l.Entries[3].URLs; len(u) != 1 || u[0] != "https://x.org/content_cvpr_2018/a%20b.pdf" {
		t.Errorf("Mendeley url: %q", u)
	}
	var fams []string
	for _, f := range l.Families {
		fams = append(fams, fmt.Sprintf("%s/%d", f.Name, f.Papers))
	}
	if want := "e/3|Pruning/1|Low-rank/0"; strings.Join(fams, "|") != want {
		t.Errorf("families %q; want %q", strings.Join(fams, "|"), want)
	}
}

// TestParseBibTeXExporterRules checks the rules for identifiers and titles
// that common exporters write outside the doi/eprint/url fields.
func TestParseBibTeXExporterRules(t *testing.T) {
	for _, c := range []struct {
		name, src string
		title     string
		venue     string
		ids       IDs
	}{
		{"Mendeley pmid", `@article{a, title = {{T}}, journal = {Science}, doi = {10.1126/science.1225829}, pmid = {22745249}}`,
			"T", "Science", IDs{DOI: "10.1126/science.1225829", PMID: "22745249"}},
		{"pmcid field", `@article{a, title = {T}, pmcid = {PMC6286148}}`, "T", "", IDs{PMCID: "PMC6286148"}},
		{"pmid that is not one", `@article{a, title = {T}, pmid = {see note}}`, "T", "", IDs{}},
		{"biblatex pubmed eprint", `@article{a, title = {T}, eprinttype = {pubmed}, eprint = {11237011}}`, "T", "", IDs{PMID: "11237011"}},
		{"Mendeley arxivId that is a PMID", `@article{a, title = {T}, arxivId = {15334406}, eprint = {15334406}, archivePrefix = {arXiv}, pmid = {27096365}}`,
			"T", "arXiv", IDs{PMID: "27096365"}},
		{"CoRR volume", `@Article{a, journal = {CoRR}, booktitle = {International Conference on Learning Representations}, title = {Adam}, volume = {abs/1412.6980}}`,
			"Adam", "International Conference on Learning Representations", IDs{ArXiv: "1412.6980"}},
		{"old-style CoRR volume", `@article{a, journal = {CoRR}, title = {T}, volume = {abs/cs/0112017}}`, "T", "arXiv", IDs{ArXiv: "cs/0112017"}},
		{"volume of another journal", `@article{a, journal = {JMLR}, title = {T}, volume = {abs/1412.6980}}`, "T", "JMLR", IDs{}},
		{"booktitle before journal", `@article{a, journal = {Transportation Research Records}, booktitle = {TRB 2005}, title = {T}}`, "T", "TRB 2005", IDs{}},
		{"DOI key (Springer)", "@InProceedings{10.1007/978-3-319-24574-4_28,\ntitle=\"U-Net\",\nbooktitle=\"MICCAI\"}", "U-Net", "MICCAI", IDs{DOI: "10.1007/978-3-319-24574-4_28"}},
		{"DOI key, doi field wins", `@inproceedings{10.1145/1.2, title = {T}, doi = {10.1145/3.4}}`, "T", "", IDs{DOI: "10.1145/3.4"}},
		{"key that only starts like a DOI", `@misc{10.5, title = {T}}`, "T", "", IDs{}},
		{"Mendeley italics", `@article{a, title = {{The {\textless}i{\textgreater}Streptococcus{\textless}/i{\textgreater} system}}}`, "The Streptococcus system", "", IDs{}},
		{"sub and sup", `@article{a, title = {H<sub>2</sub>O and x<sup>2</sup>}}`, "H2O and x2", "", IDs{}},
		{"ACM DL character reference", `@inproceedings{a, title = {Too Big? \&\#x1f99c;}}`, "Too Big? 🦜", "", IDs{}},
		{"a less-than sign stays", `@article{a, title = {Bounds for n < m and a > b}}`, "Bounds for n < m and a > b", "", IDs{}},
	} {
		l := ParseBibTeX("x.bib", []byte(c.src))
		checkList(t, []byte(c.src), l)
		if len(l.Entries) != 1 {
			t.Errorf("%s: %d entries; want 1 (problems %v)", c.name, len(l.Entries), l.Problems)
			continue
		}
		e := l.Entries[0]
		if e.Title != c.title || e.Venue != c.venue || e.IDs != c.ids {
			t.Errorf("%s: %q %q %+v; want %q %q %+v", c.name, e.Title, e.Venue, e.IDs, c.title, c.venue, c.ids)
		}
	}
}
