package bib

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/lists/*.golden")

// goldenList is the JSON form of a parsed List kept in testdata.
type goldenList struct {
	Name     string
	Format   string
	Families []Family
	Entries  []Entry
	Problems []string
}

func dumpList(l *List) []byte {
	g := goldenList{Name: l.Name, Format: l.Format, Families: l.Families, Entries: l.Entries}
	for _, p := range l.Problems {
		g.Problems = append(g.Problems, p.Error())
	}
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// TestGoldenLists parses every list in testdata/lists and compares the result
// with its .golden dump; run with -update to rewrite the dumps.
func TestGoldenLists(t *testing.T) {
	files, err := filepath.Glob("testdata/lists/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			l, err := ParseFile(path)
			if err != nil {
				t.Fatalf("ParseFile(%q): %v", path, err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkList(t, data, l)
			got := dumpList(l)
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./bib -run TestGoldenLists -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("ParseFile(%q) differs from %s:\n%s", path, golden, firstDiff(string(got), string(want)))
			}
		})
	}
	if n < 6 {
		t.Fatalf("found %d lists in testdata/lists, want at least 6", n)
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(no line differs)"
}

// checkList asserts the invariants every parsed list keeps, whatever the
// input: entries and problems name lines that exist, titles are valid UTF-8
// on one line within the length cap, every entry's family is listed, the
// family counts add up, and family names are unique.
func checkList(t testing.TB, data []byte, l *List) {
	t.Helper()
	lines := max(bytes.Count(data, []byte("\n")), bytes.Count(data, []byte("\r"))) + 1
	fams := map[string]int{}
	for i, f := range l.Families {
		if _, dup := fams[f.Name]; dup {
			t.Errorf("family %q listed twice", f.Name)
		}
		fams[f.Name] = i
		if f.Name == "" || !utf8.ValidString(f.Name) || strings.ContainsAny(f.Name, "\n\r") {
			t.Errorf("bad family name %q", f.Name)
		}
		if f.Slug != Slug(f.Name) {
			t.Errorf("family %q: slug %q, want %q", f.Name, f.Slug, Slug(f.Name))
		}
		if f.Line < 0 || f.Line > lines {
			t.Errorf("family %q: line %d outside [0,%d]", f.Name, f.Line, lines)
		}
	}
	papers := make([]int, len(l.Families))
	links := make([]int, len(l.Families))
	for _, e := range l.Entries {
		if e.Line < 1 || e.Line > lines {
			t.Errorf("entry %q: line %d outside [1,%d]", e.Title, e.Line, lines)
		}
		if !utf8.ValidString(e.Title) || strings.ContainsAny(e.Title, "\n\r\u2028\u2029\u0085") {
			t.Errorf("line %d: bad title %q", e.Line, e.Title)
		}
		if e.Title != strings.TrimSpace(e.Title) {
			t.Errorf("line %d: title %q not trimmed", e.Line, e.Title)
		}
		if len(e.Title) > maxTitleBytes || len(e.Raw) > maxRawBytes {
			t.Errorf("line %d: title (%d bytes) or raw (%d bytes) over the cap", e.Line, len(e.Title), len(e.Raw))
		}
		if !utf8.ValidString(e.Raw) || !utf8.ValidString(e.Venue) || !utf8.ValidString(e.Family) {
			t.Errorf("line %d: invalid UTF-8 in raw, venue or family", e.Line)
		}
		if e.Kind != KindPaper && e.Kind != KindLink {
			t.Errorf("line %d: kind %q", e.Line, e.Kind)
		}
		if e.Year != 0 && (e.Year < 1800 || e.Year > 2100) {
			t.Errorf("line %d: year %d", e.Line, e.Year)
		}
		i, ok := fams[e.Family]
		if !ok {
			t.Errorf("line %d: family %q not in Families", e.Line, e.Family)
			continue
		}
		if e.Kind == KindPaper {
			papers[i]++
		} else {
			links[i]++
		}
	}
	for i, f := range l.Families {
		if f.Papers != papers[i] || f.Links != links[i] {
			t.Errorf("family %q: counts %d papers %d links, entries say %d and %d", f.Name, f.Papers, f.Links, papers[i], links[i])
		}
	}
	for _, p := range l.Problems {
		if p.Line < 1 || p.Line > lines {
			t.Errorf("problem %q: line outside [1,%d]", p.Error(), lines)
		}
		if !strings.HasPrefix(p.Error(), "bib: ") {
			t.Errorf("problem %q lacks the bib: prefix", p.Error())
		}
	}
	if len(l.Problems) > maxProblems+1 {
		t.Errorf("%d problems, cap is %d+1", len(l.Problems), maxProblems)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"list.md", "", FormatMarkdown},
		{"LIST.MARKDOWN", "", FormatMarkdown},
		{"refs.bib", "", FormatBibTeX},
		{"refs.BibTeX", "", FormatBibTeX},
		{"papers.txt", "@article{x,}", FormatText},
		{"README", "# Title\n\n- [A paper](https://arxiv.org/abs/1707.06342)\n", FormatMarkdown},
		{"refs", "% comment\n@Article{key,\n title={x}}\n", FormatBibTeX},
		{"papers", "## Family\nAttention Is All You Need\n10.1109/CVPR.2016.90\n", FormatText},
		{"notes.list", "- [x](y)", FormatText},
		{"", "", FormatText},
	}
	for _, tt := range tests {
		if got := DetectFormat(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("DetectFormat(%q, %q) = %q; want %q", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestParseFileErrors(t *testing.T) {
	if _, err := ParseFile(filepath.Join(t.TempDir(), "missing.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ParseFile(missing) error = %v; want os.ErrNotExist", err)
	} else if !strings.HasPrefix(err.Error(), "bib: ") {
		t.Errorf("ParseFile(missing) error %q lacks the bib: prefix", err)
	}
	if _, err := ParseFile(t.TempDir()); err == nil {
		t.Errorf("ParseFile(directory) succeeded")
	}
}

func TestParseDispatch(t *testing.T) {
	for _, tt := range []struct {
		name, data, format string
		entries            int
	}{
		{"a.md", "- [2017] A paper\n", FormatMarkdown, 1},
		{"a.txt", "A paper\nAnother\n", FormatText, 2},
		{"a.bib", "@article{k, title={A paper}}", FormatBibTeX, 1},
		{"a", "\x01\x02\xff\xfe garbage", FormatText, 1},
		{"b", "\x7fELF\x02\x01\x01\x00\x00 - [2017] A paper\n", FormatText, 0}, // binary: not read
		{"c.md", " \n\t\n", FormatMarkdown, 0},
	} {
		l, err := Parse(tt.name, []byte(tt.data))
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.name, err)
		}
		if l.Format != tt.format || len(l.Entries) != tt.entries || l.Name != tt.name {
			t.Errorf("Parse(%q) = format %q, %d entries, name %q; want %q, %d, %q", tt.name, l.Format, len(l.Entries), l.Name, tt.format, tt.entries, tt.name)
		}
		checkList(t, []byte(tt.data), l)
		// A list without entries says why, at line 1.
		if tt.entries == 0 && (len(l.Problems) != 1 || l.Problems[0].Line != 1 || l.Problems[0].File != tt.name) {
			t.Errorf("Parse(%q) problems %v; want one at line 1 saying why nothing was read", tt.name, l.Problems)
		}
	}
}

func TestArxivID(t *testing.T) {
	tests := map[string]string{
		"1707.06342":        "1707.06342",
		"1707.06342v3":      "1707.06342",
		"2101.00001":        "2101.00001",
		"0704.0001":         "0704.0001",
		"1713.06342":        "", // month 13
		"cs/0112017":        "cs/0112017",
		"cs/0112017v2":      "cs/0112017",
		"math.GT/0309136":   "math/0309136",
		"hep-th/9901001":    "hep-th/9901001",
		"170706342":         "",
		"1707.063":          "",
		"10.1109/CVPR.2016": "",
	}
	for in, want := range tests {
		if got := rlArxivID(in); got != want {
			t.Errorf("rlArxivID(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestCleanDOI(t *testing.T) {
	tests := map[string]string{
		"10.1109/ICCV.2017.541":                                        "10.1109/ICCV.2017.541",
		"https://doi.org/10.1109/ICCV.2017.541.":                       "10.1109/ICCV.2017.541",
		"http://dx.doi.org/10.1145/3065386":                            "10.1145/3065386",
		"doi:10.1007/978-3-319-46493-0_32":                             "10.1007/978-3-319-46493-0_32",
		"DOI: 10.1000/xyz123":                                          "10.1000/xyz123",
		"10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O": "10.1002/(SICI)1097-4571(199806)49:8",
		"10.1000%2Fabc%28x%29":                                         "10.1000/abc(x)",
		"(10.1000/abc)":                                                "",
		"10.1000/abc),":                                                "10.1000/abc",
		"11.1000/abc":                                                  "",
		"10.1000/":                                                     "",
	}
	for in, want := range tests {
		if got := rlCleanDOI(in); got != want {
			t.Errorf("rlCleanDOI(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestInspectURL(t *testing.T) {
	tests := []struct {
		url               string
		ids               IDs
		paper, blog, anch bool
	}{
		{"https://arxiv.org/abs/1707.06342", IDs{ArXiv: "1707.06342"}, true, false, false},
		{"https://arxiv.org/pdf/1707.06342v2.pdf", IDs{ArXiv: "1707.06342"}, true, false, false},
		{"http://export.arxiv.org/abs/cs/0112017v1", IDs{ArXiv: "cs/0112017"}, true, false, false},
		{"https://www.arxiv.org/abs/1707.06342v3/", IDs{ArXiv: "1707.06342"}, true, false, false},
		{"https://doi.org/10.1109/ICCV.2017.541", IDs{DOI: "10.1109/ICCV.2017.541"}, true, false, false},
		{"https://dx.doi.org/10.1000%2Fabc", IDs{DOI: "10.1000/abc"}, true, false, false},
		{"https://dl.acm.org/doi/abs/10.1145/3065386", IDs{DOI: "10.1145/3065386"}, true, false, false},
		{"https://link.springer.com/chapter/10.1007/978-3-319-46493-0_32", IDs{DOI: "10.1007/978-3-319-46493-0_32"}, true, false, false},
		{"https://www.semanticscholar.org/paper/MobileNetV2/dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4", IDs{S2: "dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4"}, true, false, false},
		{"https://www.semanticscholar.org/paper/DD9CFE7124C734F5A6FC90227D541D3DBCD72BA4", IDs{S2: "dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4"}, true, false, false},
		{"https://api.semanticscholar.org/CorpusID:4555207", IDs{CorpusID: "4555207"}, true, false, false},
		{"http://openaccess.thecvf.com/content_cvpr_2018/html/Sandler_MobileNetV2.html", IDs{}, true, false, false},
		{"https://example.edu/~me/paper.PDF", IDs{}, true, false, false},
		{"https://zhuanlan.zhihu.com/p/21574328", IDs{}, false, true, false},
		{"https://www.jiqizhixin.com/articles/2018-01-08-6", IDs{}, false, true, false},
		{"https://cloud.tencent.com/developer/article/1005738", IDs{}, false, true, false},
		{"https://someone.github.io/blog/post", IDs{}, false, true, false},
		{"https://github.com/x/y", IDs{}, false, false, false},
		{"https://arxiv.org/ftp/arxiv/papers/2311/2311.15766.pdf", IDs{ArXiv: "2311.15766"}, true, false, false},
		{"http://journal.frontiersin.org/article/10.3389/fnins.2014.00229/abstract", IDs{DOI: "10.3389/fnins.2014.00229"}, true, false, false},
		{"http://journals.plos.org/ploscompbiol/article?id=10.1371/journal.pcbi.1004845", IDs{DOI: "10.1371/journal.pcbi.1004845"}, true, false, false},
		{"https://academic.oup.com/bioinformatics/article-abstract/doi/10.1093/bioinformatics/btx196/3611270/Removal-of-Batch-Effects", IDs{DOI: "10.1093/bioinformatics/btx196"}, true, false, false},
		{"https://www.biorxiv.org/content/10.1101/2020.01.01.123456v1.full", IDs{DOI: "10.1101/2020.01.01.123456"}, true, false, false},
		{"http://delivery.acm.org/10.1145/1390000/1380586/p1.pdf", IDs{}, true, false, false},
		{"https://www.kaggle.com/datasets/a/b", IDs{}, false, true, false},
		{"https://aclanthology.org/P19-1001.pdf", IDs{ACL: "P19-1001"}, true, false, false},
		{"https://aclanthology.org/2023.findings-acl.507/", IDs{ACL: "2023.findings-acl.507"}, true, false, false},
		{"http://aclweb.org/anthology/N/N16/N16-1030.pdf", IDs{ACL: "N16-1030"}, true, false, false},
		{"https://aclanthology.org/events/acl-2019/", IDs{}, true, false, false},
		{"https://pubmed.ncbi.nlm.nih.gov/28117445/", IDs{PMID: "28117445"}, true, false, false},
		{"https://www.ncbi.nlm.nih.gov/pubmed/28117445", IDs{PMID: "28117445"}, true, false, false},
		{"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6400270/", IDs{PMCID: "PMC6400270"}, true, false, false},
		{"https://www.ncbi.nlm.nih.gov/books/NBK1234/", IDs{}, false, false, false},
		{"https://www.semanticscholar.org/arxiv/2001.08361", IDs{ArXiv: "2001.08361"}, true, false, false},
		{"https://doi.org/10.48550/arXiv.1801.04381", IDs{DOI: "10.48550/arXiv.1801.04381", ArXiv: "1801.04381"}, true, false, false},
		{"https://ieeexplore.ieee.org/document/7298594", IDs{}, true, false, false},
		{"https://openreview.net/forum?id=rJl-b3RcF7", IDs{}, true, false, false},
		{"#pruning", IDs{}, false, false, true},
		{"://bad url", IDs{}, false, false, false},
	}
	for _, tt := range tests {
		got := rlInspectURL(tt.url)
		if got.ids != tt.ids || got.paper != tt.paper || got.blog != tt.blog || got.local != tt.anch {
			t.Errorf("rlInspectURL(%q) = %+v; want ids %+v paper %v blog %v local %v", tt.url, got, tt.ids, tt.paper, tt.blog, tt.anch)
		}
	}
}

func TestYearVenue(t *testing.T) {
	tests := []struct {
		in    string
		year  int
		venue string
		ok    bool
	}{
		{"2018-CVPR", 2018, "CVPR", true},
		{"2016-ArXiv", 2016, "ArXiv", true},
		{"CVPR 2017", 2017, "CVPR", true},
		{"2018", 2018, "", true},
		{"CVPR'18", 2018, "CVPR", true},
		{"ICLR2016", 2016, "ICLR", true},
		{"2018 arXiv", 2018, "arXiv", true},
		{"NeurIPS 2019 Workshop", 2019, "NeurIPS Workshop", true},
		{"CVPR", 0, "CVPR", true},
		{"2021/07", 2021, "", true},
		{"202403", 2024, "", true},
		{"arXiv 2023.05", 2023, "arXiv", true},
		{"arXiv, Dec 2023", 2023, "arXiv", true},
		{"TKDE‘23", 2023, "TKDE", true},
		{"2006.08509", 0, "", false},
		{"Dec", 0, "", false},
		{"SENet", 0, "", false},
		{"Title of a paper", 0, "", false},
		{"x", 0, "", false},
		{"1899", 0, "", false},
		{"", 0, "", false},
	}
	for _, tt := range tests {
		y, v, ok := rlYearVenue(tt.in)
		if y != tt.year || v != tt.venue || ok != tt.ok {
			t.Errorf("rlYearVenue(%q) = %d, %q, %v; want %d, %q, %v", tt.in, y, v, ok, tt.year, tt.venue, tt.ok)
		}
	}
}

func TestSplitLinesRepairs(t *testing.T) {
	tests := []struct {
		name  string
		data  []byte
		lines []string
		probs int
	}{
		{"lf", []byte("a\nb\n"), []string{"a", "b"}, 0},
		{"crlf+bom", []byte("\xEF\xBB\xBFa\r\nb\r\n"), []string{"a", "b"}, 0},
		{"lone cr", []byte("a\rb"), []string{"a", "b"}, 0},
		{"invalid utf8", []byte("a\xffb\nok"), []string{"a\uFFFDb", "ok"}, 1},
		{"utf16le", []byte{0xFF, 0xFE, 'a', 0, '\n', 0, 'b', 0}, []string{"a", "b"}, 0},
		{"utf16be", []byte{0xFE, 0xFF, 0, 'a', 0, '\n', 0, 0xE9}, []string{"a", "é"}, 0},
		{"long", []byte(strings.Repeat("é", 40000)), []string{strings.Repeat("é", 32768)}, 1},
	}
	for _, tt := range tests {
		p := &rlProblems{file: "f"}
		got := rlSplitLines(tt.data, rlReplaceInvalid, maxLineBytes, p)
		var texts []string
		for _, l := range got {
			texts = append(texts, l.text)
		}
		if strings.Join(texts, "|") != strings.Join(tt.lines, "|") || len(p.done()) != tt.probs {
			t.Errorf("%s: lines %q, %d problems; want %q, %d", tt.name, texts, len(p.list), tt.lines, tt.probs)
		}
	}
	// Latin-1 mode keeps valid UTF-8 and reads the other bytes as Windows-1252.
	p := &rlProblems{file: "f"}
	got := rlSplitLines([]byte("M\xfcller \x93q\x94 Ünï"), rlLatin1Invalid, 0, p)
	if len(got) != 1 || got[0].text != "Müller “q” Ünï" || len(p.list) != 1 || p.list[0].Line != 1 {
		t.Errorf("latin-1: %v, problems %v", got, p.list)
	}
}

func TestProblemsCapped(t *testing.T) {
	var b bytes.Buffer
	for i := 0; i < 3*maxProblems; i++ {
		b.WriteString("- \xff\n")
	}
	l := ParseMarkdown("bad.md", b.Bytes())
	if len(l.Problems) != maxProblems+1 {
		t.Fatalf("%d problems; want %d", len(l.Problems), maxProblems+1)
	}
	if last := l.Problems[maxProblems]; !strings.Contains(last.Msg, "more problems not reported") {
		t.Errorf("last problem %q; want the overflow summary", last.Msg)
	}
}

func BenchmarkParseMarkdownSeed(b *testing.B) {
	data, err := os.ReadFile("testdata/lists/model-compression.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ParseMarkdown("model-compression.md", data)
	}
}

func BenchmarkParseMarkdownLarge(b *testing.B) {
	data, err := os.ReadFile("testdata/lists/awesome.md")
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.Repeat(data, 200) // ~1 MB, ~5000 items
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ParseMarkdown("awesome.md", data)
	}
}

func BenchmarkParseBibTeX(b *testing.B) {
	data, err := os.ReadFile("testdata/lists/reading.bib")
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.Repeat(data, 50)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ParseBibTeX("reading.bib", data)
	}
}

func BenchmarkParseText(b *testing.B) {
	data, err := os.ReadFile("testdata/lists/papers.txt")
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.Repeat(data, 200)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ParseText("papers.txt", data)
	}
}

// bigList returns a Markdown list of n lines in the corpus's shapes: a
// family heading every 50 lines, linked items with year/venue prefixes,
// authors-first items, multi-line items with a nested author line, and
// table rows.
func bigList(n int) []byte {
	var b bytes.Buffer
	for i, lines, start := 0, 0, 0; lines < n; i++ {
		lines += bytes.Count(b.Bytes()[start:], []byte("\n"))
		start = b.Len()
		switch {
		case i%50 == 0:
			fmt.Fprintf(&b, "\n## Family %d\n\n", i/50)
		case i%50 == 10:
			b.WriteString("| Title & Authors | Links |\n|:--|:--:|\n")
			for k := 0; k < 5; k++ {
				fmt.Fprintf(&b, "| [![P](https://img.shields.io/badge/Conference-ICML'23-blue)]() <br> [Table Paper %d-%d](https://github.com/a/b) <br> A. Author | [Paper](https://arxiv.org/abs/2301.%05d) |\n", i, k, (i*7+k)%99999)
			}
			b.WriteString("\n")
		case i%5 == 0:
			fmt.Fprintf(&b, "* Ann Author, Bob Writer, and Carl Coder. 2019. [Authors First Paper %d](https://aclanthology.org/P19-%04d). In *Proceedings of ACL 2019*.\n", i, i%10000)
		case i%7 == 0:
			fmt.Fprintf(&b, "- Multi-line Paper Title Number %d.\n  [[pdf]](https://arxiv.org/pdf/1909.%05d.pdf)\n  - Ann Author and Bob Writer. *NeurIPS*, 2020.\n", i, i%99999)
		default:
			fmt.Fprintf(&b, "- [2018-CVPR] Paper Title Number %d: Efficient Networks paper [[code]](https://github.com/x/y%d)\n", i, i)
		}
	}
	return b.Bytes()
}

// BenchmarkParseMarkdown100kLines parses a list of 100,000 lines (the goal:
// under a second).
func BenchmarkParseMarkdown100kLines(b *testing.B) {
	data := bigList(benchLines)
	b.SetBytes(int64(len(data)))
	b.ReportMetric(float64(bytes.Count(data, []byte("\n"))), "lines")
	// The machine may be shared: CPU time per parse (all threads) says
	// what the parse costs better than the wall time does.
	cpu := processCPU()
	for b.Loop() {
		l := ParseMarkdown("big.md", data)
		if len(l.Papers()) < benchLines/2 {
			b.Fatalf("%d papers", len(l.Papers()))
		}
	}
	if cpu > 0 {
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
	}
}

// benchLines is the size of the list BenchmarkParseMarkdown100kLines parses.
var benchLines = 100000

func init() {
	if s := os.Getenv("CITEGRAPH_BENCH_LINES"); s != "" {
		benchLines, _ = strconv.Atoi(s)
	}
}

// TestParseNULLines: a NUL byte in a text list costs its line only (a line
// a crash zeroed, a stray byte), reported with its number; a file where
// most lines hold NUL bytes is binary and not read at all.
func TestParseNULLines(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		titles     []string
		nulLines   []int
	}{
		{"one stray NUL", "MobileNetV2: Inverted Residuals\nSqueeze\x00Net\nDeep Residual Learning\n", []string{"MobileNetV2: Inverted Residuals", "Deep Residual Learning"}, []int{2}},
		{"zeroed tail", "FitNets: Hints for Thin Deep Nets\n" + strings.Repeat("\x00", 4096), []string{"FitNets: Hints for Thin Deep Nets"}, []int{2}},
		{"markdown", "# Pruning\n- [2015] Learning both Weights and Connections\n- [2016] Bro\x00ken\n", []string{"Learning both Weights and Connections"}, []int{3}},
		{"binary", "\x00\x01\x02\n\x00ab\nA Title\n\x00\x00\n", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			name := "l.txt"
			if tt.name == "markdown" {
				name = "l.md"
			}
			l, err := Parse(name, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, e := range l.Papers() {
				titles = append(titles, e.Title)
			}
			if strings.Join(titles, "|") != strings.Join(tt.titles, "|") {
				t.Errorf("titles %q; want %q", titles, tt.titles)
			}
			var nul []int
			for _, p := range l.Problems {
				if strings.Contains(p.Msg, "NUL") {
					nul = append(nul, p.Line)
				}
			}
			if tt.nulLines == nil {
				if len(l.Entries) != 0 || len(l.Problems) != 1 || !strings.Contains(l.Problems[0].Msg, "binary") {
					t.Errorf("binary file: %d entries, problems %v; want none read, one problem", len(l.Entries), l.Problems)
				}
				return
			}
			if fmt.Sprint(nul) != fmt.Sprint(tt.nulLines) {
				t.Errorf("NUL problems at lines %v; want %v", nul, tt.nulLines)
			}
		})
	}
}
