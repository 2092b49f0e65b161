package bib

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseText(t *testing.T) {
	doc := strings.Join([]string{
		"# comment line",                         // 1
		"Attention Is All You Need",              // 2
		"",                                       // 3
		"10.1109/CVPR.2016.90",                   // 4
		"doi:10.1145/3065386",                    // 5
		"DOI: 10.1000/abc.",                      // 6
		"arXiv:1707.06342v2",                     // 7
		"1602.07360",                             // 8
		"cs/0112017",                             // 9
		"https://arxiv.org/pdf/1608.06993v5.pdf", // 10
		"https://www.semanticscholar.org/paper/dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4", // 11
		"dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4",                                       // 12
		"## Compact Networks ##",                                                         // 13
		"MobileNetV2: Inverted Residuals and Linear Bottlenecks (2018)",                  // 14
		"C# Networks: #1 in the Zoo",                                                     // 15
		"#not-a-family",                                                                  // 16
		"- [2017-CVPR] Xception: Depthwise Separable Convolutions",                       // 17
		"Deep Residual Learning https://doi.org/10.1109/CVPR.2016.90",                    // 18
		"CorpusID:4555207",                                                               // 19
		"##",                                                                             // 20
		"## Blogs",                                                                       // 21
		"https://zhuanlan.zhihu.com/p/21574328",                                          // 22
		"[A post](https://medium.com/@a/b)",                                              // 23
	}, "\n")
	l := ParseText("lists/reading.txt", []byte(doc))
	checkList(t, []byte(doc), l)
	want := []struct {
		line   int
		family string
		title  string
		year   int
		ids    IDs
		kind   Kind
	}{
		{2, "reading", "Attention Is All You Need", 0, IDs{}, KindPaper},
		{4, "reading", "", 0, IDs{DOI: "10.1109/CVPR.2016.90"}, KindPaper},
		{5, "reading", "", 0, IDs{DOI: "10.1145/3065386"}, KindPaper},
		{6, "reading", "", 0, IDs{DOI: "10.1000/abc"}, KindPaper},
		{7, "reading", "", 0, IDs{ArXiv: "1707.06342"}, KindPaper},
		{8, "reading", "", 0, IDs{ArXiv: "1602.07360"}, KindPaper},
		{9, "reading", "", 0, IDs{ArXiv: "cs/0112017"}, KindPaper},
		{10, "reading", "", 0, IDs{ArXiv: "1608.06993"}, KindPaper},
		{11, "reading", "", 0, IDs{S2: "dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4"}, KindPaper},
		{12, "reading", "", 0, IDs{S2: "dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4"}, KindPaper},
		{14, "Compact Networks", "MobileNetV2: Inverted Residuals and Linear Bottlenecks", 2018, IDs{}, KindPaper},
		{15, "Compact Networks", "C# Networks: #1 in the Zoo", 0, IDs{}, KindPaper},
		{17, "Compact Networks", "Xception: Depthwise Separable Convolutions", 2017, IDs{}, KindPaper},
		{18, "Compact Networks", "Deep Residual Learning", 0, IDs{DOI: "10.1109/CVPR.2016.90"}, KindPaper},
		{19, "Compact Networks", "", 0, IDs{CorpusID: "4555207"}, KindPaper},
		{22, "Blogs", "https://zhuanlan.zhihu.com/p/21574328", 0, IDs{}, KindLink},
		{23, "Blogs", "A post", 0, IDs{}, KindLink},
	}
	if len(l.Entries) != len(want) {
		for _, e := range l.Entries {
			t.Logf("%d %q %+v", e.Line, e.Title, e.IDs)
		}
		t.Fatalf("%d entries; want %d", len(l.Entries), len(want))
	}
	for i, w := range want {
		e := l.Entries[i]
		if e.Line != w.line || e.Family != w.family || e.Title != w.title || e.Year != w.year || e.IDs != w.ids || e.Kind != w.kind {
			t.Errorf("entry %d = line %d %q %q %d %+v %s;\nwant line %d %q %q %d %+v %s", i,
				e.Line, e.Family, e.Title, e.Year, e.IDs, e.Kind, w.line, w.family, w.title, w.year, w.ids, w.kind)
		}
	}
	var names []string
	for _, f := range l.Families {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, "|"); got != "reading|Compact Networks|Blogs" {
		t.Errorf("families %q", got)
	}
	if len(l.Problems) != 1 || l.Problems[0].Line != 20 {
		t.Errorf("problems %v; want one for the nameless family line 20", l.Problems)
	}
}

func TestParseTextHostile(t *testing.T) {
	big := bytes.Repeat([]byte("word "), 10<<20/5)
	for _, tt := range []struct {
		name    string
		data    []byte
		entries int
	}{
		{"empty", nil, 0},
		{"10 MB line", append(big, "\nNext Title\n"...), 2},
		{"invalid utf-8", []byte("Bad \xff Title\n"), 1},
		{"crlf bom", []byte("\xEF\xBB\xBFTitle One\r\nTitle Two\r\n"), 2},
		{"100k families", bytes.Repeat([]byte("## Family\nTitle\n## Other\n"), 50000), 50000},
		{"quotes braces", []byte("\"Quoted\" {Braces} <Angles> & 100%\n"), 1},
	} {
		l := ParseText("h.txt", tt.data)
		checkList(t, tt.data, l)
		if len(l.Entries) != tt.entries {
			t.Errorf("%s: %d entries; want %d", tt.name, len(l.Entries), tt.entries)
		}
	}
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{
		"",
		"Attention Is All You Need\n10.1109/CVPR.2016.90\narXiv:1707.06342v2\n",
		"## Family\n# comment\nC# for All (2017)\ncs/0112017\n",
		"https://www.semanticscholar.org/paper/x/dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4\nCorpusID:1\n",
		"doi: 10.1000/x)\n- [2017-CVPR] T https://zhuanlan.zhihu.com/p/1\r\n",
		"[1]  arXiv:hep-th/9711200 [pdf, ps, other]\nTitle: T\nAuthors: A\nJournal-ref: Phys.Lett. B428 (1998) 105-114\nDOI: 10.1/x\nTitle:\n\nComments: c\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := ParseText("fuzz.txt", data)
		checkList(t, data, l)
	})
}

// TestParseTextArxivListing checks the arXiv listing record rule: the
// Title:, Authors:, Journal-ref: … lines under an id line belong to its
// entry and are not items of their own.
func TestParseTextArxivListing(t *testing.T) {
	type want struct {
		line  int
		title string
		year  int
		venue string
		ids   IDs
	}
	for _, c := range []struct {
		name, src string
		want      []want
	}{
		{"listing record", "[1]  arXiv:hep-th/9711200 [pdf, ps, other]\nTitle: The Large N Limit\nAuthors: Juan M. Maldacena\nComments: v3: agrees with hep-th/9802109\nJournal-ref: Adv.Theor.Math.Phys. 2 (1998) 231-252\nSubjects: High Energy Physics - Theory (hep-th)\n",
			[]want{{1, "The Large N Limit", 1998, "Adv.Theor.Math.Phys.", IDs{ArXiv: "hep-th/9711200"}}}},
		{"journal-ref without spaces", "arXiv:hep-th/0603001 [pdf]\nTitle: T\nJournal-ref: Phys.Rev.Lett.96:181602,2006\n",
			[]want{{1, "T", 2006, "Phys.Rev.Lett.", IDs{ArXiv: "hep-th/0603001"}}}},
		{"no journal-ref: no year from the id", "[5] arXiv:1005.3035 [pdf, ps, other]\nTitle: Building up spacetime\nComments: 2010 essay prize\n",
			[]want{{1, "Building up spacetime", 0, "", IDs{ArXiv: "1005.3035"}}}},
		{"DOI line in a record", "arXiv:2006.06872\nTitle: T\nDOI: 10.1103/RevModPhys.93.035002\n",
			[]want{{1, "T", 0, "", IDs{ArXiv: "2006.06872", DOI: "10.1103/RevModPhys.93.035002"}}}},
		{"blank line closes the record", "arXiv:2006.06872\n\nTitle: Not Part\n",
			[]want{{1, "", 0, "", IDs{ArXiv: "2006.06872"}}, {3, "Title: Not Part", 0, "", IDs{}}}},
		{"DOI line after an id line is an item", "PMC6286148\nDOI: 10.1016/j.cell.2013.08.021\n",
			[]want{{1, "", 0, "", IDs{PMCID: "PMC6286148"}}, {2, "", 0, "", IDs{DOI: "10.1016/j.cell.2013.08.021"}}}},
	} {
		l := ParseText("a.txt", []byte(c.src))
		checkList(t, []byte(c.src), l)
		if len(l.Entries) != len(c.want) {
			t.Errorf("%s: %d entries %+v; want %d", c.name, len(l.Entries), l.Entries, len(c.want))
			continue
		}
		for i, w := range c.want {
			e := l.Entries[i]
			if e.Line != w.line || e.Title != w.title || e.Year != w.year || e.Venue != w.venue || e.IDs != w.ids {
				t.Errorf("%s: entry %d = %d %q %d %q %+v; want %+v", c.name, i, e.Line, e.Title, e.Year, e.Venue, e.IDs, w)
			}
		}
	}
}
