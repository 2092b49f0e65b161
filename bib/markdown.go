package bib

import (
	"github.com/yuin/goldmark/ast"
	"regexp"
	"strings"
	"unicode"
)

// ParseMarkdown reads an awesome-list in Markdown.
//
// Headings (ATX "#".."######", setext "===" / "---" underlines and HTML
// <h1>..<h6>) define technique families. A heading's name is its text with
// decoration removed: emoji, link syntax ("[Introduction](url)" gives
// "Introduction"), emphasis, closing "#"s and section numbers such as "2.1".
// A heading is a Family of the List when
//   - entries sit directly under it (before the next heading), or
//   - it is an empty leaf: no sub-headings, nothing but blank lines in its
//     section, and a sibling heading (same level, same parent) that holds
//     papers. So "Low Rank Approximation" among technique headings is an
//     empty family, while a heading that only groups sub-headings ("Papers &
//     Code"), the document's title ("# Awesome X" over the other headings)
//     and a section of prose are not families.
//
// Two family headings with the same name under different parents are told
// apart as "Parent / Name". Items before the first heading, or in a file
// without headings, belong to a family named after the file (its base name
// without extension).
//
// Items are list lines ("-", "*", "+", "1.", "1)", any indentation, also in
// block quotes) and the rows of tables (the title from a "Title", "Paper" or
// "Name" column, else the first column; year and venue from "Year" and
// "Venue"/"Conference"/"Journal" columns). An item may carry a year/venue prefix ("[2018-CVPR]",
// "[2018]", "**[CVPR 2017]**", "(2018)", "CVPR 2017:") or suffix ("(CVPR
// 2017)", "(2017)", "CVPR 2017", ", 2017"); its title is the first link's
// text ("[Title](url)"), a bold/italic span, a quoted title after authors,
// or the text before its links, with marker words that a flattened list
// left behind ("Networkspaper", "... paper code", "papercode", "[pdf]",
// "project", "github") removed without eating title words ("A whitepaper"
// stays). Sub-items and continuation lines that only carry links (e.g.
// "[[paper]](url) [[code]](url)") add their links to the item above.
//
// Identifiers come from links and text: arXiv (abs, pdf, html, with or
// without version, old style such as cs/0112017, "arXiv:1707.06342"), DOIs
// (doi.org, dx.doi.org, publisher /doi/ paths, "doi:10…"), Semantic Scholar
// paper URLs and CorpusID. Every absolute URL is kept in Entry.URLs.
//
// An item is a paper (KindPaper) when it has a paper link (an identifier, a
// known paper site or a .pdf), a year, or a "paper"/"pdf" marker; it is a
// link (KindLink) when all its links go to blog, article, video or social
// sites. An item whose links are all of unknown sites follows the majority
// of its family's other items (link when there is none). A heading that is
// itself a link (other than the document's title) is kept as an entry of its
// family. An item with no link, year or marker (a bare phrase such as
// "- Acceleration and Model Compression") is not an entry: it is reported
// in List.Problems. Table-of-contents items (links to "#anchors" only) are
// skipped silently.
//
// ParseMarkdown never fails: repaired and skipped lines (bytes that are not
// UTF-8, read as Latin-1/Windows-1252; over-long lines and titles) are
// reported in List.Problems.
func ParseMarkdown(name string, data []byte) *List {
	p := &mdParser{
		probs: &rlProblems{file: name},
		list:  &List{Name: name, Format: FormatMarkdown},
		base:  rlBase(name),
	}
	p.lines = rlSplitLines(data, rlLatin1Invalid, maxLineBytes, p.probs)
	p.list.Shape.Lines = len(p.lines)
	p.collectRefs()
	p.walkTree(mdSource(p.lines))
	p.finish()
	p.list.Problems = p.probs.done()
	return p.list
}

type mdParser struct {
	lines []rlLine
	refs  map[string]string
	probs *rlProblems
	list  *List
	base  string

	doc *mdDoc
	// Item analyses computed ahead (see prefetch): the list item node's
	// index into preBody (its text, as item reads it) and preRes.
	preIdx  map[ast.Node]int32
	preBody []string
	preRes  []mdResult

	heads []*mdHeading
	stack [7]*mdHeading
	cur   *mdHeading // heading whose section we are in; nil before the first
	items []*mdItem

	anchors map[string]bool // anchors of the document's headings, for tables of contents
}

// mdHeading is a heading and what its own section holds.
type mdHeading struct {
	level   int
	line    int
	name    string
	raw     string // the heading's text with links and emphasis rendered
	parent  *mdHeading
	child   bool // has sub-headings
	content bool // its section has a non-blank line (items, prose, ...)
	title   bool // the document's title
	paper   bool // the heading is a paper link: not a family, its items go to the parent
	papers  int
	entries int
	family  string // final family name
	year    int    // year the heading names ("2021", "CVPR 2021"), 0 if none
	venue   string // venue the heading names ("CVPR", "CVPR 2021"), "" if none
}

// yearVenue returns the year and venue that the nearest headings above h
// (h included) name, for items that list none.
func (h *mdHeading) yearVenue() (year int, venue string) {
	for ; h != nil; h = h.parent {
		if year == 0 {
			year = h.year
		}
		if venue == "" {
			venue = h.venue
		}
	}
	return year, venue
}

// mdItem is a list item (or a linked heading) and its analysis.
type mdItem struct {
	line   int
	indent int
	raw    string
	head   *mdHeading
	res    mdResult
	kind   Kind // "" while undecided
	skip   bool
	isHead bool // the entry of a linked heading
	note   bool // a bare phrase: not an entry
	legend bool // a note that is only a year or venue ("- **2016**: +60 citations")

	bareTitle bool    // a title with no link, year or marker: a paper when its family's items are
	parent    *mdItem // the list item this one is nested in, nil at the top level
	children  int     // entries nested in this item
	para      bool    // a paragraph, not a list item: an entry only when it names a paper
	row       bool    // a table row
	titled    bool    // a row of a table whose title column is headed "Title" or "Paper"
}

// bare reports whether the item has no link, identifier or year: a phrase.
func (it *mdItem) bare() bool {
	return len(it.res.links) == 0 && it.res.ids.Empty() && it.res.year == 0 && !it.res.marker
}

// famHead returns the heading whose family the item belongs to: the nearest
// heading that is not a paper heading.
func (it *mdItem) famHead() *mdHeading {
	h := it.head
	for h != nil && h.paper {
		h = h.parent
	}
	return h
}

var (
	mdRefDefRe   = regexp.MustCompile(`^ {0,3}\[([^\]]{1,500})\]:\s*<?([^\s>]+)>?`)
	mdATXRe      = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	mdATXCloseRe = regexp.MustCompile(`(?:^|[ \t]+)#+[ \t]*$`)
	mdSetextRe   = regexp.MustCompile(`^ {0,3}(={2,}|-{2,})[ \t]*$`)
	mdHTMLHRe    = regexp.MustCompile(`(?i)^\s*<h([1-6])\b[^>]*>(.*?)(?:</h[1-6]\s*>.*)?$`)
	mdBreakRe    = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	mdItemRe     = regexp.MustCompile(`^([ \t]*)(?:[-*+•]|\d{1,9}[.)])(?:[ \t]+(.*))?$`)
	mdQuoteRe    = regexp.MustCompile(`^[ \t]{0,3}>[ \t]?`)
	mdFenceRe    = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	mdCheckRe    = regexp.MustCompile(`^\[[ xX]\][ \t]+`)
	mdSecNumRe   = regexp.MustCompile(`^(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)])[ \t]+`)
	mdTableSepRe = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)
)

// mdRefLabel normalises a link reference label.
func mdRefLabel(s string) string { return strings.ToLower(rlCleanSpace(s)) }

// collectRefs gathers reference-style link definitions ("[label]: url").
func (p *mdParser) collectRefs() {
	fence := ""
	for _, l := range p.lines {
		if f := mdFence(l.text, &fence); f {
			continue
		}
		if !strings.HasPrefix(strings.TrimLeft(l.text, " "), "[") {
			continue
		}
		if m := mdRefDefRe.FindStringSubmatch(l.text); m != nil && mdRefDefEnd(l.text[len(m[0]):]) {
			if p.refs == nil {
				p.refs = make(map[string]string)
			}
			label := mdRefLabel(m[1])
			if _, dup := p.refs[label]; !dup {
				p.refs[label] = m[2]
			}
		}
	}
}

// mdRefDefEnd reports whether what follows a link reference definition's
// destination on its line may end the definition: nothing, or a title in
// quotes or brackets (CommonMark). "[1]: Keynes, J. M. (1936). …" is a
// numbered reference, not a definition of "1".
func mdRefDefEnd(rest string) bool {
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return true
	}
	switch rest[0] {
	case '"':
		return strings.HasSuffix(rest, `"`) && len(rest) > 1
	case '\'':
		return strings.HasSuffix(rest, "'") && len(rest) > 1
	case '(':
		return strings.HasSuffix(rest, ")")
	}
	return false
}

// mdFence tracks fenced code blocks: it reports whether line is inside (or
// opens or closes) a fence, updating *fence (the open fence's marker).
func mdFence(line string, fence *string) bool {
	if *fence != "" {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, *fence) && strings.Trim(t, (*fence)[:1]) == "" {
			*fence = ""
		}
		return true
	}
	if t := strings.TrimLeft(line, " "); t == "" || t[0] != '`' && t[0] != '~' {
		return false
	}
	if m := mdFenceRe.FindStringSubmatch(line); m != nil {
		if m[1][0] == '`' && strings.Contains(line[len(m[0]):], "`") {
			return false // an inline code span, not a fence
		}
		*fence = m[1]
		return true
	}
	return false
}

// mdStripComments removes HTML comments from a line; inComment says whether
// the line starts inside a comment, and the result whether the next does.
func mdStripComments(s string, inComment bool) (string, bool) {
	var b strings.Builder
	for {
		if inComment {
			i := strings.Index(s, "-->")
			if i < 0 {
				return b.String(), true
			}
			s = s[i+3:]
			inComment = false
		}
		i := strings.Index(s, "<!--")
		if i < 0 {
			b.WriteString(s)
			return b.String(), false
		}
		b.WriteString(s[:i])
		s = s[i+4:]
		inComment = true
	}
}

func (p *mdParser) markContent() {
	if p.cur != nil {
		p.cur.content = true
	}
}

// heading opens a new section.
func (p *mdParser) heading(level, line int, text string) {
	h := &mdHeading{level: level, line: line}
	for k := level - 1; k >= 1; k-- {
		if p.stack[k] != nil {
			h.parent = p.stack[k]
			break
		}
	}
	if h.parent != nil {
		h.parent.child = true
	}
	p.stack[level] = h
	for k := level + 1; k < len(p.stack); k++ {
		p.stack[k] = nil
	}
	p.heads = append(p.heads, h)
	p.cur = h

	segs := mdInline(text, p.refs, 0)
	var name strings.Builder
	for _, s := range segs {
		if !s.bare {
			name.WriteString(s.text)
		}
	}
	h.raw = rlCleanSpace(mdStripEmphasis(name.String()))
	h.name = mdHeadingName(name.String())
	if h.name == "" {
		h.name = rlFinishTitle(mdStripEmphasis(name.String()), line, p.probs)
	}
	if y, v, ok := rlYearVenue(h.name); ok {
		h.year, h.venue = y, v
	} else {
		h.year = mdOneYear(h.name)
	}

	// A heading that is a link is an entry of its own family (or, for a
	// paper link, of its parent's).
	hasURL := false
	linkWords := 0
	for _, s := range segs {
		if s.url != "" && !strings.HasPrefix(s.url, "#") {
			hasURL = true
			linkWords += mdWords(s.text)
		}
	}
	if !hasURL || 2*linkWords < mdWords(h.raw) {
		return // a sentence that links somewhere ("Send me [pull requests](…) to add papers"): prose
	}
	res := mdAnalyze(text, p.refs)
	if res.linkText == "" && res.ids.Empty() {
		return // a badge or a marker link: decoration
	}
	it := &mdItem{line: line, raw: rlRaw(text), head: h, res: res, isHead: true}
	if res.title == "" {
		it.res.title = h.name
	}
	if res.paperURL {
		h.paper = true
	}
	p.items = append(p.items, it)
}

// mdOneYear returns the year a text names when it names exactly one
// ("剪枝 2017", "Papers of 2019"), else 0 ("2015 & 2016 & 2017").
func mdOneYear(s string) int {
	if mdDateRe.MatchString(s) {
		return 0 // "2025-06-19 Session notes": a date, not a year the items share
	}
	year := 0
	for _, m := range mdYearsRe.FindAllStringSubmatch(s, 8) {
		y := rlYear(m[1])
		if y == 0 || year != 0 && y != year {
			return 0
		}
		year = y
	}
	return year
}

// mdDateRe matches a full date: "2025-06-19", "2025/6/19", "2025.06.19".
var mdDateRe = regexp.MustCompile(`\b(?:19|20)\d\d([-/.])[01]?\d([-/.])[0-3]?\d\b`)

var mdYearsRe = regexp.MustCompile(`(?:^|[^0-9.])((?:19|20)\d\d)(?:[^0-9.]|$)`)

// mdHeadingName strips decoration from heading text.
func mdHeadingName(s string) string {
	s = mdStripEmphasis(mdStripSymbols(s))
	s = rlCleanSpace(s)
	s = mdSecNumRe.ReplaceAllString(s, "")
	if t := mdHeadCountRe.ReplaceAllString(s, ""); strings.TrimSpace(t) != "" {
		s = t
	}
	s = strings.TrimRight(s, ":：")
	s = strings.Trim(s, " \t-–—|·•")
	s, _ = rlCap(s, maxTitleBytes)
	return strings.TrimSpace(s)
}

// mdStripSymbols removes emoji and other pictographs (Unicode So, keycap and
// variation marks, skin tones) and GitHub ":shortcode:" emoji.
func mdStripSymbols(s string) string {
	if mdPlainASCII(s) {
		return s
	}
	if strings.IndexByte(s, ':') >= 0 && mdShortcodeRe.MatchString(s) {
		s = mdShortcodeRe.ReplaceAllString(s, " ")
	}
	if rlASCII(s) {
		return s // no pictograph is ASCII
	}
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.So, r), unicode.Is(unicode.Me, r), r >= 0x1F3FB && r <= 0x1F3FF,
			r == 0xFE0F, r == 0xFE0E, r == 0x200D, r >= 0xE0020 && r <= 0xE007F:
			return ' '
		}
		return r
	}, s)
}

// mdHeadCountRe matches a count after a heading's name: "(12)", "[12]",
// "(12 papers)".
var mdHeadCountRe = regexp.MustCompile(`(?i)\s*[(\[（]\s*\d{1,5}\+?(?:\s+(?:papers?|items?|entries|works))?\s*[)\]）]\s*$`)

var mdShortcodeRe = regexp.MustCompile(`:[a-z0-9_+-]{2,30}:`)

// mdTable says which columns of a table hold the title, year and venue
// (-1: none).
type mdTable struct {
	title, year, venue int
	titled             bool // the title column is headed "Title" or "Paper"
}

// mdTableRoles reads a table's header row.
func mdTableRoles(header []string) mdTable {
	t := mdTable{title: -1, year: -1, venue: -1}
	rank := 0
	for i, h := range header {
		k := mdMarkerKey(h)
		switch {
		case (strings.Contains(k, "title") || mdHeaderTitle[k]) && rank < 3:
			t.title, rank = i, 3
		case (k == "paper" || k == "papers" || strings.HasPrefix(k, "paper ") || mdHeaderPaper[k]) && rank < 2:
			t.title, rank = i, 2
		case (k == "name" || k == "method" || k == "model") && rank < 1:
			t.title, rank = i, 1
		case t.year < 0 && (k == "year" || k == "date" || k == "time" || mdHeaderYear[k]):
			t.year = i
		case t.venue < 0 && (strings.Contains(k, "venue") || strings.Contains(k, "conf") || k == "journal" ||
			strings.HasPrefix(k, "publi") || k == "source" || k == "where" || mdHeaderVenue[k]):
			t.venue = i
		}
	}
	t.titled = rank >= 2
	if t.title < 0 {
		for i, h := range header {
			if i != t.year && i != t.venue && !mdMarkerWords[mdMarkerKey(h)] {
				t.title = i
				break
			}
		}
	}
	return t
}

// Table headers in other languages (Chinese, Japanese, Korean, French,
// German, Spanish, Portuguese) that name the title, paper, year and venue
// columns; a header naming venue and year together ("会議・年") is the venue
// column, whose cells give both.
var (
	mdHeaderTitle = map[string]bool{"标题": true, "題目": true, "题目": true, "タイトル": true, "題名": true, "제목": true,
		"titre": true, "titel": true, "título": true, "titulo": true, "论文标题": true, "論文タイトル": true}
	mdHeaderPaper = map[string]bool{"论文": true, "論文": true, "文献": true, "논문": true, "article": true, "artikel": true,
		"artículo": true, "artigo": true, "publication": true, "reference": true, "references": true}
	mdHeaderYear  = map[string]bool{"年份": true, "年": true, "年度": true, "发表年份": true, "発表年": true, "연도": true, "année": true, "jahr": true, "año": true, "ano": true}
	mdHeaderVenue = map[string]bool{"会议": true, "期刊": true, "会议/期刊": true, "出处": true, "来源": true, "发表": true,
		"会議": true, "学会": true, "会議・年": true, "発表": true, "出典": true, "掲載": true, "학회": true, "revue": true}
)

// tableRow reads a table row as an item: the title cell read as an item,
// year and venue from their columns, and the links of the other cells.
// It returns nil for a row without a title cell.
func (p *mdParser) tableRow(line int, cells []string, t mdTable) *mdItem {
	res, ok := mdRowResult(cells, t, p.refs)
	if !ok {
		return nil
	}
	return &mdItem{line: line, raw: rlRaw(strings.Join(cells, " | ")), head: p.cur, res: res, row: true, titled: t.titled}
}

// mdRowResult reads a table row: what its title cell says, with the year
// and venue of its columns and the links of its other cells. ok is false
// for a row without a title cell. It depends on the row alone (prefetch
// computes it ahead).
func mdRowResult(cells []string, t mdTable, refs map[string]string) (res mdResult, ok bool) {
	if t.title < 0 || t.title >= len(cells) {
		return res, false
	}
	res = mdAnalyzeCell(cells[t.title], refs)
	for i, c := range cells {
		if i == t.title || c == "" {
			continue
		}
		switch i {
		case t.year:
			plain := mdTrimTitle(mdStripEmphasis(mdPlain(c, refs)))
			if y, v, ok := rlYearVenue(plain); ok && y != 0 {
				res.year = y
				if res.venue == "" {
					res.venue = v
				}
			} else if m := mdDescYearRe.FindStringSubmatch(plain); m != nil {
				res.year = rlYear(m[1]) // a date: "2020-06-08", "Jun 2020"
			}
		case t.venue:
			plain := mdTrimTitle(mdStripEmphasis(mdPlain(c, refs)))
			if y, v, ok := mdCellYearVenue(plain); ok {
				res.venue = v
				if res.year == 0 {
					res.year = y
				}
			} else if plain != "" && plain != "-" {
				res.venue, _ = rlCap(plain, 120)
			}
		}
		r := mdAnalyze(c, refs)
		rlMergeIDs(&res.ids, r.ids)
		for _, l := range r.links {
			if !l.info.local {
				res.links = append(res.links, l)
			}
		}
		res.paperURL = res.paperURL || r.paperURL
		res.marker = res.marker || r.marker
	}
	return res, true
}

// mdCellYearVenue reads a venue cell: a year/venue marker, possibly with a
// qualifier in brackets that is dropped ("CVPR (Oral)", "ICLR (Best)").
func mdCellYearVenue(s string) (int, string, bool) {
	if y, v, ok := rlYearVenue(s); ok {
		return y, v, true
	}
	if m := mdSuffixBracketRe.FindStringIndex(s); m != nil && m[0] > 0 {
		return rlYearVenue(s[:m[0]])
	}
	return 0, "", false
}

// mdPlain returns the text of inline Markdown, links replaced by their text.
func mdPlain(s string, refs map[string]string) string {
	var b strings.Builder
	for _, seg := range mdInline(s, refs, 0) {
		b.WriteString(seg.text)
	}
	return b.String()
}

// attach merges a links-only line into the item.
func (it *mdItem) attach(r mdResult) {
	rlMergeIDs(&it.res.ids, r.ids)
	for _, l := range r.links {
		if !l.info.local {
			it.res.links = append(it.res.links, l)
		}
	}
	it.res.paperURL = it.res.paperURL || r.paperURL
	it.res.marker = it.res.marker || r.marker
	it.res.paperLnk = it.res.paperLnk || r.paperLnk
	if it.res.year == 0 {
		it.res.year, it.res.venue = r.year, r.venue
	}
}

// classify decides an item's kind from its own evidence; "" means
// undecided (links of unknown sites only), and skip marks items that are
// not entries.
func (p *mdParser) classify(it *mdItem) {
	r := &it.res
	if len(r.links) == 0 && r.ids.Empty() {
		if _, _, ok := rlYearVenue(r.title); ok {
			// "- **2016**: +60 citations": a legend, not a paper.
			it.skip, it.note, it.legend = true, true, true
			return
		}
	}
	if it.para {
		// A paragraph is an entry only when it names a paper.
		if r.title == "" || !(r.paperURL || !r.ids.Empty() || r.year != 0 || r.paperLnk) || p.toc(r) {
			it.skip = true
			return
		}
		it.kind = KindPaper
		if r.talk || r.allBlog() && r.ids.Empty() && !r.paperURL {
			it.kind = KindLink // slides, a talk, a data set page
		}
		return
	}
	switch {
	case p.toc(r):
		it.skip = true // a table of contents
	case r.talk && (len(r.links) > 0 || r.venue != ""):
		it.kind = KindLink // tutorial slides, a talk
	case r.paperURL || !r.ids.Empty():
		it.kind = KindPaper
	case r.allBlog():
		it.kind = KindLink
	case r.allCode() && r.year == 0 && r.venue == "" && !r.marker:
		it.kind = KindLink // a code repository

	case r.year != 0 || r.marker:
		it.kind = KindPaper
	case len(r.links) > 0 && it.isHead:
		it.kind = KindLink // a heading linking to some page
	case len(r.links) > 0:
		it.kind = "" // decided by the family's majority
	case it.row && it.titled && r.title != "":
		it.kind = KindPaper // a bare title in a table of titles
	case r.title != "" && it.children == 0 && !it.isHead && !mdMarkerWords[mdMarkerKey(r.title)] && mdWords(r.title) >= 2:
		it.kind, it.bareTitle = "", true // a paper if its family's items are papers
	default:
		it.skip = true
		it.note = r.title != "" && it.children == 0 // a label over sub-items is not reported
	}
	if !it.skip && r.title == "" && r.ids.Empty() && len(r.absURLs()) == 0 {
		it.skip = true
		p.probs.addf(it.line, "item has no title and no usable link")
	}
}

// toc reports whether all of an item's links point into the document
// itself: "#anchors", or URLs whose "#fragment" names one of its headings
// (a table of contents written with absolute links).
func (p *mdParser) toc(r *mdResult) bool {
	n := 0
	for _, l := range r.links {
		if l.info.local {
			n++
			continue
		}
		i := strings.LastIndexByte(l.url, '#')
		if i < 0 || !p.anchors[strings.ToLower(l.url[i+1:])] {
			return false
		}
		n++
	}
	return n > 0
}

// mdAnchor returns the anchor GitHub gives a heading: lower case, spaces
// as "-", other punctuation dropped.
func mdAnchor(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func mdQuoteShort(s string) string {
	if t, cut := rlCap(s, 80); cut {
		return t + "…"
	}
	return s
}

// finish classifies items, names families and fills the List.
func (p *mdParser) finish() {
	if len(p.heads) > 0 {
		// The document's title: the first heading, when it is a level-1
		// heading or alone at the top level.
		first := p.heads[0]
		alone := true
		for _, h := range p.heads[1:] {
			if h.level <= first.level {
				alone = false
				break
			}
		}
		if first.level == 1 || alone {
			first.title = true
		}
	}
	// A link in the document's title is decoration, not an entry.
	kept := p.items[:0]
	for _, it := range p.items {
		if it.head != nil && it.head.title && it.line == it.head.line {
			it.head.paper = false
			continue
		}
		kept = append(kept, it)
	}
	p.items = kept

	p.anchors = map[string]bool{}
	for _, h := range p.heads {
		p.anchors[mdAnchor(h.raw)] = true
		p.anchors[mdAnchor(h.name)] = true
	}
	for _, it := range p.items {
		if it.parent != nil {
			it.parent.children++
		}
	}
	for _, it := range p.items {
		p.classify(it)
	}
	// A bare phrase is reported, unless it labels the sub-items under it
	// ("- Structured pruning" over indented papers).
	for _, it := range p.items {
		if !it.note {
			continue
		}
		if it.legend {
			p.probs.addf(it.line, "item %q names only a year or venue and links nowhere: not read as a paper", mdQuoteShort(it.res.title))
			continue
		}
		p.probs.addf(it.line, "item %q has no link, year or paper marker: not read as a paper", mdQuoteShort(it.res.title))
	}
	// Undecided items follow their family's majority.
	type tally struct{ papers, links int }
	votes := map[*mdHeading]*tally{}
	for _, it := range p.items {
		if it.skip || it.kind == "" {
			continue
		}
		h := it.famHead()
		if votes[h] == nil {
			votes[h] = &tally{}
		}
		if it.kind == KindPaper {
			votes[h].papers++
		} else {
			votes[h].links++
		}
	}
	for _, it := range p.items {
		if it.skip || it.kind != "" {
			continue
		}
		t := votes[it.famHead()]
		switch {
		case t != nil && t.papers > t.links:
			it.kind = KindPaper
		case it.bareTitle:
			// A bare phrase among no papers: a note, reported.
			it.skip = true
			p.probs.addf(it.line, "item %q has no link, year or paper marker: not read as a paper", mdQuoteShort(it.res.title))
		default:
			it.kind = KindLink
		}
	}
	for _, it := range p.items {
		if it.skip {
			continue
		}
		if h := it.famHead(); h != nil {
			h.entries++
			if it.kind == KindPaper {
				h.papers++
			}
		}
	}

	// Which headings are families. An empty leaf is one when a sibling
	// heading (same parent, same level) holds papers.
	type mdSibKey struct {
		parent *mdHeading
		level  int
	}
	sibPapers := map[mdSibKey]bool{}
	for _, h := range p.heads {
		if !h.paper && h.papers > 0 {
			sibPapers[mdSibKey{h.parent, h.level}] = true
		}
	}
	isFam := map[*mdHeading]bool{}
	for _, h := range p.heads {
		if h.paper {
			continue
		}
		if h.entries > 0 {
			isFam[h] = true
			continue
		}
		if h.child || h.content || h.title {
			continue
		}
		if sibPapers[mdSibKey{h.parent, h.level}] {
			isFam[h] = true
		}
	}
	// Names: qualify duplicates with the parent heading's name.
	count := map[string]int{}
	for _, h := range p.heads {
		if isFam[h] {
			h.family = h.name
			if h.family == "" {
				h.family = p.base
			}
			count[h.family]++
		}
	}
	for _, h := range p.heads {
		if isFam[h] && count[h.name] > 1 && h.parent != nil && !h.parent.title && h.parent.name != "" {
			h.family = h.parent.name + " / " + h.family
		}
	}

	l := p.list
	fams := rlFamilySet{l: l}
	for _, it := range p.items {
		if it.skip {
			continue
		}
		if it.famHead() == nil {
			fams.add(p.base, 0)
			break
		}
	}
	for _, h := range p.heads {
		if isFam[h] {
			fams.add(h.family, h.line)
		}
	}
	n := 0
	for _, it := range p.items {
		if !it.skip {
			n++
		}
	}
	if n > 0 {
		l.Entries = make([]Entry, 0, n)
	}
	for _, it := range p.items {
		if it.skip {
			continue
		}
		fam := p.base
		if h := it.famHead(); h != nil {
			fam = h.family
		}
		r := it.res
		e := Entry{
			File:   l.Name,
			Line:   it.line,
			Family: fam,
			Kind:   it.kind,
			Title:  rlFinishTitle(r.title, it.line, p.probs),
			IDs:    r.ids,
			URLs:   r.absURLs(),
			Raw:    it.raw,
		}
		if it.kind == KindPaper {
			e.Year, e.Venue = r.year, r.venue
			// A heading such as "2021" or "CVPR 2021" dates the items under it.
			if y, v := it.head.yearVenue(); e.Year == 0 || e.Year == y {
				if e.Year == 0 {
					e.Year = y
				}
				if e.Venue == "" {
					e.Venue = v
				}
			}
		} else if r.linkText != "" {
			// A link keeps its text as written, year and all.
			e.Title = rlFinishTitle(r.linkText, it.line, p.probs)
		}
		if e.Title == "" && e.Kind == KindLink && len(e.URLs) > 0 {
			e.Title, _ = rlCap(e.URLs[0], maxTitleBytes)
		}
		l.Entries = append(l.Entries, e)
	}
	fams.count()
}
