package bib

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
	p.collectRefs()
	p.walk()
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

	heads []*mdHeading
	stack [7]*mdHeading
	cur   *mdHeading // heading whose section we are in; nil before the first
	items []*mdItem
	last  *mdItem // last item seen in the current section, for continuation lines
}

// mdHeading is a heading and what its own section holds.
type mdHeading struct {
	level   int
	line    int
	name    string
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
		if m := mdRefDefRe.FindStringSubmatch(l.text); m != nil {
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
	if m := mdFenceRe.FindStringSubmatch(line); m != nil {
		if m[1][0] == '`' && strings.Contains(line[len(m[0]):], "`") {
			return false // an inline code span, not a fence
		}
		*fence = m[1]
		return true
	}
	return false
}

// walk reads the lines into headings and items.
func (p *mdParser) walk() {
	fence := ""
	comment := false
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		text := l.text
		if mdFence(text, &fence) {
			p.markContent()
			p.last = nil
			continue
		}
		text, comment = mdStripComments(text, comment)
		for mdQuoteRe.MatchString(text) {
			text = mdQuoteRe.ReplaceAllString(text, "")
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if m := mdATXRe.FindStringSubmatch(text); m != nil {
			h := mdATXCloseRe.ReplaceAllString(m[2], "")
			p.heading(len(m[1]), l.num, h)
			continue
		}
		if m := mdHTMLHRe.FindStringSubmatch(text); m != nil {
			p.heading(int(m[1][0]-'0'), l.num, m[2])
			continue
		}
		if mdBreakRe.MatchString(text) {
			continue
		}
		if mdRefDefRe.MatchString(text) {
			continue
		}
		// A table: a row of cells over a "---|---" separator row.
		if strings.Contains(text, "|") && i+1 < len(p.lines) && strings.Contains(p.lines[i+1].text, "|") &&
			mdTableSepRe.MatchString(p.lines[i+1].text) {
			p.markContent()
			p.last = nil
			roles := mdTableRoles(mdCells(text))
			j := i + 2
			for ; j < len(p.lines); j++ {
				row := p.lines[j]
				if strings.TrimSpace(row.text) == "" || !strings.Contains(row.text, "|") {
					break
				}
				p.tableRow(row.num, row.text, roles)
			}
			i = j - 1
			continue
		}
		m := mdItemRe.FindStringSubmatch(text)
		// A paragraph line underlined with === or --- is a setext heading.
		if m == nil && i+1 < len(p.lines) && mdSetextRe.MatchString(p.lines[i+1].text) &&
			!strings.HasPrefix(strings.TrimSpace(text), "|") && !strings.HasPrefix(strings.TrimSpace(text), "<") {
			level := 1
			if strings.Contains(p.lines[i+1].text, "-") {
				level = 2
			}
			p.heading(level, l.num, text)
			i++
			continue
		}
		if m == nil {
			p.continuation(l.num, text)
			continue
		}
		body := mdCheckRe.ReplaceAllString(strings.TrimSpace(m[2]), "")
		p.item(l.num, mdIndent(m[1]), text, body)
	}
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

func mdIndent(s string) int {
	n := 0
	for _, r := range s {
		if r == '\t' {
			n += 4 - n%4
		} else {
			n++
		}
	}
	return n
}

func (p *mdParser) markContent() {
	if p.cur != nil {
		p.cur.content = true
	}
}

// heading opens a new section.
func (p *mdParser) heading(level, line int, text string) {
	p.last = nil
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
	h.name = mdHeadingName(name.String())
	if h.name == "" {
		h.name = rlFinishTitle(mdStripEmphasis(name.String()), line, p.probs)
	}
	if y, v, ok := rlYearVenue(h.name); ok {
		h.year, h.venue = y, v
	}

	// A heading that is a link is an entry of its own family (or, for a
	// paper link, of its parent's).
	hasURL := false
	for _, s := range segs {
		if s.url != "" && !strings.HasPrefix(s.url, "#") {
			hasURL = true
		}
	}
	if !hasURL {
		return
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
	s = mdShortcodeRe.ReplaceAllString(s, " ")
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

// continuation handles a line that is neither heading nor item: links-only
// lines add their links to the item above; other lines are section content.
func (p *mdParser) continuation(line int, text string) {
	if p.last != nil {
		res := mdAnalyze(text, p.refs)
		if res.titleless() && (len(res.links) > 0 || !res.ids.Empty()) {
			p.last.attach(res)
			return
		}
	}
	p.markContent()
	p.last = nil
}

// item records a list item.
func (p *mdParser) item(line, indent int, raw, body string) {
	p.markContent()
	res := mdAnalyze(body, p.refs)
	if p.last != nil && indent > p.last.indent && res.titleless() && (len(res.links) > 0 || !res.ids.Empty()) {
		p.last.attach(res)
		return
	}
	if p.last != nil && indent > p.last.indent && !p.last.bare() && len(res.links) == 0 && res.ids.Empty() &&
		res.year == 0 && !res.marker {
		return // a note on the item above ("- Note: uses 4-bit weights")
	}
	it := &mdItem{line: line, indent: indent, raw: rlRaw(raw), head: p.cur, res: res}
	p.items = append(p.items, it)
	p.last = it
}

// mdTable says which columns of a table hold the title, year and venue
// (-1: none).
type mdTable struct{ title, year, venue int }

// mdCells splits a table row into cells, honouring backslash-escaped bars
// and bars inside code spans.
func mdCells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, "\\|") {
		row = row[:len(row)-1]
	}
	var cells []string
	var b strings.Builder
	code := false
	for i := 0; i < len(row); i++ {
		c := row[i]
		switch {
		case c == '\\' && i+1 < len(row) && row[i+1] == '|':
			b.WriteByte('|')
			i++
			continue
		case c == '`':
			code = !code
		case c == '|' && !code:
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
			continue
		}
		b.WriteByte(c)
	}
	return append(cells, strings.TrimSpace(b.String()))
}

// mdTableRoles reads a table's header row.
func mdTableRoles(header []string) mdTable {
	t := mdTable{title: -1, year: -1, venue: -1}
	rank := 0
	for i, h := range header {
		k := mdMarkerKey(h)
		switch {
		case strings.Contains(k, "title") && rank < 3:
			t.title, rank = i, 3
		case (k == "paper" || k == "papers" || strings.HasPrefix(k, "paper ") || k == "论文") && rank < 2:
			t.title, rank = i, 2
		case (k == "name" || k == "method" || k == "model") && rank < 1:
			t.title, rank = i, 1
		case t.year < 0 && (k == "year" || k == "date" || k == "time" || k == "年份"):
			t.year = i
		case t.venue < 0 && (strings.Contains(k, "venue") || strings.Contains(k, "conf") || k == "journal" ||
			strings.HasPrefix(k, "publi") || k == "source" || k == "where" || k == "会议"):
			t.venue = i
		}
	}
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

// tableRow records a table row as an item: the title cell read as an item,
// year and venue from their columns, and the links of the other cells.
func (p *mdParser) tableRow(line int, row string, t mdTable) {
	cells := mdCells(row)
	if t.title < 0 || t.title >= len(cells) {
		return
	}
	res := mdAnalyze(cells[t.title], p.refs)
	for i, c := range cells {
		if i == t.title || c == "" {
			continue
		}
		plain := mdTrimTitle(mdStripEmphasis(mdPlain(c, p.refs)))
		switch i {
		case t.year:
			if y, v, ok := rlYearVenue(plain); ok && y != 0 {
				res.year = y
				if res.venue == "" {
					res.venue = v
				}
			} else if m := mdDescYearRe.FindStringSubmatch(plain); m != nil {
				res.year = rlYear(m[1]) // a date: "2020-06-08", "Jun 2020"
			}
		case t.venue:
			if y, v, ok := mdCellYearVenue(plain); ok {
				res.venue = v
				if res.year == 0 {
					res.year = y
				}
			} else if plain != "" {
				res.venue, _ = rlCap(plain, 120)
			}
		}
		r := mdAnalyze(c, p.refs)
		rlMergeIDs(&res.ids, r.ids)
		for _, l := range r.links {
			if !l.info.local {
				res.links = append(res.links, l)
			}
		}
		res.paperURL = res.paperURL || r.paperURL
		res.marker = res.marker || r.marker
	}
	p.items = append(p.items, &mdItem{line: line, raw: rlRaw(row), head: p.cur, res: res})
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
	switch {
	case r.paperURL || !r.ids.Empty():
		it.kind = KindPaper
	case r.allBlog():
		it.kind = KindLink
	case r.year != 0 || r.marker:
		it.kind = KindPaper
	case r.allLocal():
		it.skip = true // a table of contents
	case len(r.links) > 0 && it.isHead:
		it.kind = KindLink // a heading linking to some page
	case len(r.links) > 0:
		it.kind = "" // decided by the family's majority
	default:
		it.skip = true
		it.note = r.title != "" // reported unless it labels sub-items (see finish)
	}
	if !it.skip && r.title == "" && r.ids.Empty() && len(r.absURLs()) == 0 {
		it.skip = true
		p.probs.addf(it.line, "item has no title and no usable link")
	}
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

	for _, it := range p.items {
		p.classify(it)
	}
	// A bare phrase is reported, unless it labels the sub-items under it
	// ("- Structured pruning" over indented papers).
	for i, it := range p.items {
		if !it.note {
			continue
		}
		if i+1 < len(p.items) && p.items[i+1].head == it.head && p.items[i+1].indent > it.indent && !p.items[i+1].isHead {
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
		if t := votes[it.famHead()]; t != nil && t.papers > t.links {
			it.kind = KindPaper
		} else {
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

// ---- inline Markdown ------------------------------------------------------

// mdSeg is a piece of inline Markdown: plain text, or a link (text and
// target), or a bare URL.
type mdSeg struct {
	text string
	url  string
	link bool // a link: text is its text, url its target
	bare bool // a bare URL or <autolink>; text is empty
}

// mdKnownTags are the HTML tags removed from inline text.
var mdKnownTags = map[string]bool{
	"a": true, "b": true, "i": true, "u": true, "s": true, "em": true, "strong": true, "br": true, "hr": true,
	"img": true, "sup": true, "sub": true, "span": true, "div": true, "p": true, "font": true, "code": true,
	"kbd": true, "details": true, "summary": true, "center": true, "small": true, "big": true, "del": true,
	"ins": true, "mark": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "ul": true, "ol": true, "table": true, "tr": true, "td": true, "th": true, "tbody": true,
	"thead": true, "picture": true, "source": true, "video": true, "strike": true, "tt": true, "blockquote": true,
}

var (
	mdTagRe     = regexp.MustCompile(`^<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,1000}?(/?)>`)
	mdHrefRe    = regexp.MustCompile(`(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	mdAutoRe    = regexp.MustCompile(`^<((?:https?|ftp)://[^\s<>]+)>`)
	mdBareURLRe = regexp.MustCompile(`^(?:https?|ftp)://[^\s<>"\x60]+`)
	mdWWWRe     = regexp.MustCompile(`^www\.[a-zA-Z0-9-]+\.[^\s<>"\x60]+`)
)

// mdEscapable are the characters a backslash escapes in Markdown.
const mdEscapable = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// mdMaxDepth bounds the recursion into link texts.
const mdMaxDepth = 2

// mdInline splits inline Markdown into text, links and bare URLs. Images are
// dropped (a badge inside a link leaves the link with empty text), HTML tags
// are dropped except <a href>, which becomes a link, and backslash escapes
// and code spans give their literal text. It runs in time linear in s (up to
// the bounded look-aheads).
func mdInline(s string, refs map[string]string, depth int) []mdSeg {
	var segs []mdSeg
	var txt strings.Builder
	flush := func() {
		if txt.Len() > 0 {
			segs = append(segs, mdSeg{text: txt.String()})
			txt.Reset()
		}
	}
	match := mdBrackets(s)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte(mdEscapable, s[i+1]) >= 0:
			txt.WriteByte(s[i+1])
			i += 2
			continue
		case c == '`':
			n := 1
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			fence := s[i : i+n]
			end := -1
			window := s[i+n:]
			if len(window) > 4096 {
				window = window[:4096]
			}
			if k := strings.Index(window, fence); k >= 0 {
				end = i + n + k
			}
			if end < 0 {
				txt.WriteString(fence)
				i += n
				continue
			}
			txt.WriteString(s[i+n : end])
			i = end + n
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[' && match[i+1] > 0:
			if _, _, end, ok := mdLinkAt(s, i+1, match, refs); ok {
				i = end // an image: dropped
				continue
			}
		case c == '[' && match[i] > 0:
			if text, url, end, ok := mdLinkAt(s, i, match, refs); ok {
				flush()
				segs = append(segs, mdSeg{text: mdLinkText(text, refs, depth), url: url, link: true})
				i = end
				continue
			}
		case c == '<':
			if m := mdAutoRe.FindStringSubmatch(s[i:]); m != nil {
				flush()
				segs = append(segs, mdSeg{url: m[1], bare: true})
				i += len(m[0])
				continue
			}
			if m := mdTagRe.FindStringSubmatch(s[i:]); m != nil && mdKnownTags[strings.ToLower(m[2])] {
				tag := strings.ToLower(m[2])
				if tag == "a" && m[1] == "" {
					if h := mdHrefRe.FindStringSubmatch(m[0]); h != nil {
						url := h[1] + h[2] + h[3]
						rest := s[i+len(m[0]):]
						end := strings.Index(strings.ToLower(rest), "</a>")
						if end >= 0 && end < 4096 {
							flush()
							segs = append(segs, mdSeg{text: mdLinkText(rest[:end], refs, depth), url: url, link: true})
							i += len(m[0]) + end + len("</a>")
							continue
						}
						flush()
						segs = append(segs, mdSeg{url: url, bare: true})
					}
				} else if tag == "img" {
					// dropped
				}
				txt.WriteByte(' ')
				i += len(m[0])
				continue
			}
		case (c == 'h' || c == 'f' || c == 'w') && (i == 0 || !mdWordByte(s[i-1])):
			loc := mdBareURLRe.FindStringIndex(s[i:])
			scheme := ""
			if loc == nil && c == 'w' {
				loc = mdWWWRe.FindStringIndex(s[i:])
				scheme = "https://"
			}
			if loc != nil {
				if u := rlTrimURLPunct(s[i : i+loc[1]]); len(u) > 8 {
					flush()
					segs = append(segs, mdSeg{url: scheme + u, bare: true})
					i += len(u)
					continue
				}
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		txt.WriteRune(r)
		i += size
	}
	flush()
	return segs
}

func mdWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '.'
}

// mdLinkText renders a link's inner Markdown as text.
func mdLinkText(inner string, refs map[string]string, depth int) string {
	if depth >= mdMaxDepth {
		return mdStripBrackets(inner)
	}
	var b strings.Builder
	for _, s := range mdInline(inner, refs, depth+1) {
		b.WriteString(s.text)
	}
	return b.String()
}

func mdStripBrackets(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '[' || r == ']' {
			return -1
		}
		return r
	}, s)
}

// mdBrackets pairs square brackets: match[i] is the index of the "]" that
// closes the "[" at i (0 when unmatched). Backslash-escaped brackets and
// brackets in code spans are ignored.
func mdBrackets(s string) []int {
	var match []int
	var stack []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			stack = append(stack, i)
		case ']':
			if len(stack) > 0 {
				if match == nil {
					match = make([]int, len(s))
				}
				match[stack[len(stack)-1]] = i
				stack = stack[:len(stack)-1]
			}
		}
	}
	if match == nil {
		match = make([]int, len(s))
	}
	return match
}

// mdLinkAt parses a link whose text starts with the "[" at i: an inline
// link "[text](url "title")", a full reference "[text][label]", a
// collapsed "[text][]" or a shortcut "[label]" with a known definition.
// It returns the text, the target and the index after the link.
func mdLinkAt(s string, i int, match []int, refs map[string]string) (text, url string, end int, ok bool) {
	j := match[i]
	if j <= i {
		return "", "", 0, false
	}
	text = s[i+1 : j]
	k := j + 1
	if k < len(s) && s[k] == '(' {
		if url, end, ok := mdDestination(s, k); ok {
			return text, url, end, true
		}
		return "", "", 0, false
	}
	if k < len(s) && s[k] == '[' && match[k] > k {
		label := s[k+1 : match[k]]
		if label == "" {
			label = text
		}
		if u, found := refs[mdRefLabel(label)]; found {
			return text, u, match[k] + 1, true
		}
		return "", "", 0, false
	}
	if u, found := refs[mdRefLabel(text)]; found && text != "" {
		return text, u, j + 1, true
	}
	return "", "", 0, false
}

// mdDestination parses "(url)" or "(url "title")" starting at the "(" at k.
func mdDestination(s string, k int) (url string, end int, ok bool) {
	i := k + 1
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	limit := min(len(s), i+4096)
	start := i
	if i < len(s) && s[i] == '<' {
		e := strings.IndexByte(s[i:limit], '>')
		if e < 0 {
			return "", 0, false
		}
		url = s[i+1 : i+e]
		i += e + 1
	} else {
		depth := 0
		for i < limit {
			c := s[i]
			if c == '\\' && i+1 < limit {
				i += 2
				continue
			}
			if c == ' ' || c == '\t' {
				break
			}
			if c == '(' {
				depth++
			} else if c == ')' {
				if depth == 0 {
					break
				}
				depth--
			}
			i++
		}
		url = s[start:i]
	}
	// Optional title.
	for i < limit && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < limit && (s[i] == '"' || s[i] == '\'' || s[i] == '(') {
		closer := s[i]
		if closer == '(' {
			closer = ')'
		}
		e := strings.IndexByte(s[i+1:limit], closer)
		if e < 0 {
			return "", 0, false
		}
		i += e + 2
		for i < limit && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	if i >= len(s) || s[i] != ')' {
		return "", 0, false
	}
	return strings.TrimSpace(url), i + 1, true
}

// ---- item analysis ---------------------------------------------------------

// mdLink is a link found in an item.
type mdLink struct {
	url    string
	text   string
	info   rlURLInfo
	marker bool // the text is a marker such as "paper", "[code]" or "pdf"
}

// mdResult is what an item (or a links-only line) says.
type mdResult struct {
	title    string
	year     int
	venue    string
	ids      IDs
	links    []mdLink
	paperURL bool   // some link points at a paper
	marker   bool   // a "paper"/"pdf" marker (link text or flattened word)
	hasTitle bool   // a title came from text or a non-marker link
	linkText string // text of the first non-marker link, as written
}

func (r *mdResult) titleless() bool { return !r.hasTitle && r.year == 0 }

func (r *mdResult) allLocal() bool {
	for _, l := range r.links {
		if !l.info.local {
			return false
		}
	}
	return len(r.links) > 0
}

func (r *mdResult) allBlog() bool {
	n := 0
	for _, l := range r.links {
		if l.info.local {
			continue
		}
		if !l.info.blog {
			return false
		}
		n++
	}
	return n > 0
}

func (r *mdResult) absURLs() []string {
	var us []string
	seen := map[string]bool{}
	for _, l := range r.links {
		low := strings.ToLower(l.url)
		if (strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "ftp://")) && !seen[l.url] {
			seen[l.url] = true
			us = append(us, l.url)
		}
	}
	return us
}

// mdMarkerWords are link texts that name a resource of the item (its paper,
// code, slides, ...) rather than the item itself; mdPaperMarkers are those
// that say the item is a paper.
var (
	mdMarkerWords = map[string]bool{
		"paper": true, "papers": true, "pdf": true, "arxiv": true, "doi": true, "openreview": true, "code": true,
		"github": true, "gitlab": true, "project": true, "project page": true, "page": true, "website": true,
		"homepage": true, "home page": true, "web": true, "slides": true, "slide": true, "video": true, "talk": true,
		"blog": true, "post": true, "poster": true, "demo": true, "supp": true, "supplementary": true,
		"supplemental": true, "bibtex": true, "bib": true, "official": true, "unofficial": true, "pytorch": true,
		"tensorflow": true, "tf": true, "caffe": true, "keras": true, "mxnet": true, "jax": true, "torch": true,
		"paddle": true, "model": true, "models": true, "data": true, "dataset": true, "link": true, "url": true,
		"abs": true, "abstract": true, "html": true, "zhihu": true, "知乎": true, "论文": true, "代码": true,
		"colab": true, "notebook": true, "weights": true, "checkpoint": true, "note": true, "notes": true,
		"review": true, "reviews": true, "summary": true, "ppt": true, "youtube": true, "bilibili": true,
		"presentation": true, "openaccess": true, "cvf": true, "ieee": true, "acm": true, "springer": true,
		"proceedings": true, "paper & code": true, "paper&code": true, "paper code": true, "papercode": true,
		"star": true, "stars": true, "repo": true, "repository": true, "implementation": true, "here": true,
		"reproduce": true, "reproduction": true, "docs": true, "documentation": true, "chinese": true,
		"english": true, "中文": true, "解读": true, "论文解读": true, "tutorial": true, "ieeexplore": true,
		"semantic scholar": true, "google scholar": true, "scholar": true, "cite": true, "citation": true,
	}
	mdPaperMarkers = map[string]bool{
		"paper": true, "papers": true, "pdf": true, "arxiv": true, "doi": true, "openreview": true, "abs": true,
		"abstract": true, "论文": true, "openaccess": true, "cvf": true, "ieee": true, "acm": true, "springer": true,
		"proceedings": true, "paper & code": true, "paper&code": true, "paper code": true, "papercode": true,
		"ieeexplore": true, "semantic scholar": true,
	}
)

// mdMarkerKey reduces a link text to the form looked up in mdMarkerWords:
// lower case, without brackets, emoji, punctuation and surrounding space.
func mdMarkerKey(text string) string {
	t := strings.ToLower(rlCleanSpace(mdStripSymbols(mdStripEmphasis(text))))
	t = strings.Trim(t, " []()【】（）{}<>:：,.;|\"'`-_/")
	t = rlCleanSpace(t)
	return t
}

// mdIsMarker reports whether a link text is a marker (or carries no words:
// "", "⭐ 1.2k", "1").
func mdIsMarker(text string) bool {
	k := mdMarkerKey(text)
	if mdMarkerWords[k] {
		return true
	}
	for _, r := range k {
		if unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

var (
	mdPrefixBracketRe  = regexp.MustCompile(`^[\[(（【]\s*([^\[\]()（）【】]{1,48}?)\s*[\])）】]`)
	mdPrefixColonRe    = regexp.MustCompile(`^([^:：\[\]()]{1,30})\s*[:：|–—]\s+`)
	mdPrefixGluedRe    = regexp.MustCompile(`^((?:19|20)\d\d[-_][A-Za-z][A-Za-z0-9]{1,15})[-_:]\s*`)
	mdPrefixDashRe     = regexp.MustCompile(`^((?:19|20)\d\d(?:[ -]+[A-Za-z][\w-]{0,15})?)\s+[-–—]\s+`)
	mdSuffixBracketRe  = regexp.MustCompile(`\s*[\[(（【]\s*([^\[\]()（）【】]{1,48}?)\s*[\])）】]\s*\.?$`)
	mdSuffixVenueRe    = regexp.MustCompile(`[\s,;.]+((?:[A-Za-z][\w&-]{0,15}[\s,]*(?:'|’)?\d{2}|[A-Za-z][\w&-]{0,15}[\s,]*(?:19|20)\d\d))\s*\.?$`)
	mdSuffixYearRe     = regexp.MustCompile(`,\s*((?:19|20)\d\d)\s*\.?$`)
	mdDescVenueRe      = regexp.MustCompile(`(?:^|[\s(\[,;])([A-Za-z][A-Za-z0-9&-]{1,15})[\s,]*(?:'|’)?((?:19|20)\d\d)\b`)
	mdDescYearRe       = regexp.MustCompile(`(?:^|[^\w.])((?:19[5-9]|20[0-4])\d)(?:[^\w.]|$)`)
	mdBracketAuthorsRe = regexp.MustCompile(`\s*[(\[]\s*([^()\[\]]{1,48}?)\s*[)\]]\s*[,.:]\s+(.+)$`)
	mdQuotedRe         = regexp.MustCompile(`["“”]([^"“”]{8,}?)["“”]`)
)

// mdAnalyze reads one item (the text after its list marker).
func mdAnalyze(text string, refs map[string]string) mdResult {
	return mdAnalyzeMode(text, refs, false)
}

// mdAnalyzeMode reads one item; in plain mode (a line of a text list) the
// title is taken as written: no flattened-marker stripping and no bold span
// taken for the title.
func mdAnalyzeMode(text string, refs map[string]string, plain bool) mdResult {
	var r mdResult
	segs := mdInline(text, refs, 0)

	// Year/venue prefix, possibly a link ("[2018-CVPR](url)").
	i := 0
	for ; i < len(segs); i++ {
		s := &segs[i]
		if s.bare {
			break
		}
		if s.link {
			if y, v, ok := rlYearVenue(mdStripEmphasis(s.text)); ok && r.year == 0 && r.venue == "" {
				r.year, r.venue = y, v
				s.text, s.link, s.bare = "", false, true
				continue
			}
			break
		}
		t := mdTrimLead(s.text)
		for k := 0; k < 2; k++ {
			u := strings.TrimLeft(t, "*_")
			if m := mdPrefixBracketRe.FindStringSubmatch(u); m != nil {
				if y, v, ok := rlYearVenue(m[1]); ok && r.year == 0 && r.venue == "" {
					r.year, r.venue = y, v
					t = mdTrimLead(u[len(m[0]):])
					continue
				}
			}
			if m := mdPrefixGluedRe.FindStringSubmatch(t); m != nil && r.year == 0 {
				if y, v, ok := rlYearVenue(m[1]); ok && y != 0 && v != "" {
					r.year, r.venue = y, v
					t = mdTrimLead(t[len(m[0]):])
					continue
				}
			}
			if m := mdPrefixDashRe.FindStringSubmatch(t); m != nil && r.year == 0 {
				if y, v, ok := rlYearVenue(m[1]); ok && y != 0 {
					r.year, r.venue = y, v
					t = mdTrimLead(t[len(m[0]):])
					continue
				}
			}
			if m := mdPrefixColonRe.FindStringSubmatch(t); m != nil && r.year == 0 {
				if y, v, ok := rlYearVenue(m[1]); ok && y != 0 {
					r.year, r.venue = y, v
					t = mdTrimLead(t[len(m[0]):])
					continue
				}
			}
			break
		}
		s.text = t
		if strings.TrimSpace(mdStripEmphasis(t)) != "" {
			break
		}
	}

	// Links: identifiers, classes, markers.
	for _, s := range segs {
		if !s.link && !s.bare {
			continue
		}
		l := mdLink{url: s.url, text: s.text, info: rlInspectURL(s.url)}
		if s.bare {
			l.marker = true
		} else {
			l.marker = mdIsMarker(s.text)
		}
		if s.link && l.marker && mdPaperMarkers[mdMarkerKey(s.text)] {
			r.marker = true
		}
		rlMergeIDs(&r.ids, l.info.ids)
		if l.info.paper {
			r.paperURL = true
		}
		if s.url != "" {
			r.links = append(r.links, l)
		}
		if !l.marker && r.linkText == "" {
			r.linkText = rlCleanSpace(s.text)
		}
	}

	// Identifiers written in the text.
	for k := range segs {
		if segs[k].link || segs[k].bare {
			continue
		}
		ids, spans := rlTextIDs(segs[k].text)
		if ids.Empty() {
			continue
		}
		rlMergeIDs(&r.ids, ids)
		t := segs[k].text
		for n := len(spans) - 1; n >= 0; n-- {
			sp := spans[n]
			if sp[0] <= sp[1] && sp[1] <= len(t) {
				t = t[:sp[0]] + " " + t[sp[1]:]
			}
		}
		segs[k].text = t
	}

	// The title: a leading non-marker link's text, else the text (and
	// non-marker link texts) before the first marker link or URL.
	var title, desc strings.Builder
	fromText := false
	first := -1
	for k, s := range segs {
		if s.link || s.bare || strings.TrimSpace(mdStripEmphasis(mdStripSymbols(s.text))) != "" {
			first = k
			break
		}
	}
	if first >= 0 && segs[first].link && !mdIsMarker(segs[first].text) {
		title.WriteString(segs[first].text)
		r.hasTitle = true
		for _, s := range segs[first+1:] {
			if !s.bare {
				desc.WriteString(s.text)
				desc.WriteByte(' ')
			}
		}
	} else if first >= 0 {
		k := first
		for k < len(segs) && (segs[k].bare || segs[k].link && mdIsMarker(segs[k].text)) {
			k++ // leading badges and marker links
		}
		for ; k < len(segs); k++ {
			s := segs[k]
			if s.bare || s.link && mdIsMarker(s.text) {
				break
			}
			title.WriteString(s.text)
		}
		for _, s := range segs[k:] {
			if !s.bare {
				desc.WriteString(s.text)
				desc.WriteByte(' ')
			}
		}
		fromText = true
	}
	t := title.String()
	d := desc.String()

	if fromText && !plain {
		// A bold or italic span at the start is the title.
		m := mdLeadEmphRe.FindStringSubmatch(strings.TrimSpace(t))
		if m == nil {
			m = mdLeadEmphPunctRe.FindStringSubmatch(strings.TrimSpace(t))
		}
		if m != nil {
			inner := m[1] + m[2] + m[3] + m[4]
			if strings.TrimSpace(inner) != "" {
				d = strings.TrimSpace(t)[len(m[0]):] + " " + d
				t = inner
			}
		}
	}
	if fromText {
		// "Authors. “Title.” Venue": a quoted title after text.
		if m := mdQuotedRe.FindStringSubmatchIndex(t); m != nil && m[0] > 0 {
			before := t[:m[0]]
			if strings.IndexFunc(before, unicode.IsLetter) >= 0 && len(strings.Fields(t[m[2]:m[3]])) >= 3 {
				d = before + " " + t[m[1]:] + " " + d
				t = t[m[2]:m[3]]
			}
		}
	}
	t = mdStripEmphasis(t)
	if fromText {
		// "Han, S., & Dally, W. (2016). Title. Venue" (APA) and "Han S,
		// Dally WJ. Title. Venue" (Vancouver): authors before the title.
		if title, year, rest, ok := mdSplitLeadAuthors(rlCleanSpace(t)); ok {
			t, d = title, rest+" "+d
			if r.year == 0 {
				r.year = year
			}
		}
	}
	if fromText && !plain {
		var mk bool
		t, mk = mdStripMarkers(t)
		r.marker = r.marker || mk
	}
	t = strings.TrimRight(rlCleanSpace(t), " ,;|–—")

	// Year/venue suffix.
	if r.year == 0 {
		if m := mdSuffixBracketRe.FindStringSubmatchIndex(t); m != nil {
			if y, v, ok := rlYearVenue(t[m[2]:m[3]]); ok {
				r.year, r.venue = y, v
				t = t[:m[0]]
			}
		}
	}
	if r.year == 0 {
		if m := mdSuffixVenueRe.FindStringSubmatchIndex(t); m != nil {
			if y, v, ok := rlYearVenue(t[m[2]:m[3]]); ok && y != 0 && v != "" && mdVenueStrict(v) {
				r.year, r.venue = y, v
				t = t[:m[0]]
			}
		}
	}
	if r.year == 0 {
		// "Title (2016), J. Chung et al.": a bracketed year before authors.
		if m := mdBracketAuthorsRe.FindStringSubmatchIndex(t); m != nil && m[0] > 0 {
			rest := t[m[4]:m[5]]
			if y, v, ok := rlYearVenue(t[m[2]:m[3]]); ok && y != 0 && (mdAuthorList(rest) || mdNameLike(rest)) {
				r.year, r.venue = y, v
				d = rest + " " + d
				t = t[:m[0]]
			}
		}
	}
	commaYear := false // "Title, Authors, 2015"
	if r.year == 0 {
		if m := mdSuffixYearRe.FindStringSubmatchIndex(t); m != nil {
			r.year = rlYear(t[m[2]:m[3]])
			t = t[:m[0]]
			commaYear = true
		}
	}
	if fromText {
		if !plain {
			var mk bool
			t, mk = mdStripMarkers(t)
			r.marker = r.marker || mk
		}
		var rest string
		t, rest = mdSplitAuthors(t)
		d = rest + " " + d
		t = mdSplitCommaAuthors(t, commaYear)
	}
	t = mdTrimTitle(t)
	if t != "" && (r.hasTitle || fromText) {
		r.hasTitle = true
	} else if t == "" {
		r.hasTitle = false
	}
	if t == "" && r.linkText != "" && !r.hasTitle {
		// No text before the links: the first non-marker link names the item.
		t = mdTrimTitle(mdStripEmphasis(r.linkText))
		r.hasTitle = t != ""
	}

	// Year in the rest of the line.
	if r.year == 0 {
		dd := mdStripEmphasis(d)
		if m := mdDescVenueRe.FindStringSubmatch(dd); m != nil && rlVenueLike(m[1]) {
			r.year, r.venue = rlYear(m[2]), m[1]
		} else if m := mdDescYearRe.FindStringSubmatch(dd); m != nil {
			r.year = rlYear(m[1])
		}
	}
	r.title = t
	return r
}

// mdLeadEmphRe matches a bold or italic span at the start of an item that
// is followed by a separator ("**Title**, Authors", "*Title*. Venue").
// mdLeadEmphPunctRe matches a bold span that ends with its own punctuation
// ("**FitNets: Hints for Thin Deep Nets.** Romero et al.").
var mdLeadEmphPunctRe = regexp.MustCompile(`^(?:\*\*([^*]+[.,:;])\*\*|__([^_]+[.,:;])__|\*([^*]+[.,:;])\*|_([^_]+[.,:;])_)\s`)

var mdLeadEmphRe = regexp.MustCompile(`^(?:\*\*([^*]+)\*\*|__([^_]+)__|\*([^*]+)\*|_([^_]+)_)(?:\s*[.,:;(\[|–—-]|\s+(?:by|in|from)\s|\s*$)`)

// mdTrimLead trims leading white space and emoji, and emphasis markers
// that close a span ("** Title" after "**[CVPR 2017]").
func mdTrimLead(s string) string {
	for {
		t := strings.TrimLeftFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.Is(unicode.So, r) || r == 0xFE0F || r == 0x200D
		})
		u := strings.TrimLeft(t, "*_~")
		if u != t && (u == "" || u[0] == ' ' || u[0] == '\t') {
			t = u
		}
		if t == s {
			return s
		}
		s = t
	}
}

// mdVenueStrict accepts a venue written after a title without brackets:
// a known venue or an all-capitals acronym ("CVPR", "TPAMI"), so that a
// title ending in "ImageNet 2012" keeps its words.
func mdVenueStrict(v string) bool {
	for _, w := range strings.Fields(v) {
		w = strings.Trim(w, "-_.,:;'’")
		if rlKnownVenues[strings.ToLower(w)] {
			continue
		}
		letters := 0
		for _, r := range w {
			if r >= 'a' && r <= 'z' {
				return false
			}
			if r >= 'A' && r <= 'Z' {
				letters++
			}
		}
		if letters < 2 {
			return false
		}
	}
	return true
}

// mdStripEmphasis removes Markdown emphasis: "**", "__", "~~" everywhere,
// "*" except between spaces, and "_" at word boundaries (so "F_1" keeps it).
func mdStripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_~") {
		return s
	}
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "__", "")
	s = strings.ReplaceAll(s, "~~", "")
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == '*' || r == '_' {
			prevWord := i > 0 && (unicode.IsLetter(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextWord := i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1]))
			prevSpace := i == 0 || unicode.IsSpace(rs[i-1])
			nextSpace := i+1 == len(rs) || unicode.IsSpace(rs[i+1])
			if r == '*' && !(prevSpace && nextSpace) {
				continue
			}
			if r == '_' && !(prevWord && nextWord) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdFlatMarkers are the words a flattened list leaves after a title where
// its links were ("paper", "code", "papercode", "pdf", "project", "github");
// they are removed only in lower case (a title's own "Paper" is capitalised)
// or in brackets ("[PDF]").
var mdFlatMarkers = map[string]bool{
	"paper": true, "code": true, "papercode": true, "pdf": true, "project": true, "github": true,
}

// mdGlued are the markers that can be glued to the title's last word
// ("Networkspaper"), and mdGluedKeep the words that legitimately end so.
var (
	mdGlued     = []string{"papercode", "paper", "pdf", "PaperCode", "Paper", "PDF"}
	mdGluedKeep = map[string]bool{
		"whitepaper": true, "newspaper": true, "wallpaper": true, "sandpaper": true, "notepaper": true,
		"flypaper": true, "wastepaper": true, "paper": true, "papercode": true, "pdf": true, "greypaper": true,
		"graypaper": true, "bluepaper": true, "yellowpaper": true, "toiletpaper": true, "rpdf": true, "epdf": true,
	}
)

// mdStripMarkers removes a trailing marker sequence from a title whose
// links were flattened into words, and reports whether a paper marker
// ("paper", "pdf") was among them. A title that would become empty is
// returned unchanged.
func mdStripMarkers(t string) (string, bool) {
	orig := t
	words := strings.Fields(t)
	paper := false
	n := len(words)
	for n > 0 {
		w := words[n-1]
		w = strings.TrimRight(w, ",;|/")
		if w == "" || w == "-" || w == "–" || w == "|" || w == "/" || w == "·" {
			n--
			continue
		}
		bracketed := len(w) > 2 && (w[0] == '[' && w[len(w)-1] == ']' || w[0] == '(' && w[len(w)-1] == ')')
		key := w
		if bracketed {
			key = strings.ToLower(w[1 : len(w)-1])
		}
		if mdFlatMarkers[key] {
			if key == "paper" || key == "pdf" || key == "papercode" {
				paper = true
			}
			n--
			continue
		}
		// Glued to the last title word: "Networkspaper", "Accuracypaper".
		for _, g := range mdGlued {
			if !strings.HasSuffix(w, g) || len(w) == len(g) || mdGluedKeep[strings.ToLower(w)] {
				continue
			}
			prev, _ := utf8.DecodeLastRuneInString(w[:len(w)-len(g)])
			if prev == '-' || prev == '/' || prev == '_' {
				continue
			}
			if g[0] >= 'A' && g[0] <= 'Z' && !unicode.IsLower(prev) {
				continue // "QRPaper": not a camel hump
			}
			words[n-1] = strings.TrimSuffix(words[n-1], g)
			paper = true
			break
		}
		break
	}
	if n == 0 {
		return orig, false
	}
	if n == len(words) && !paper {
		return orig, false
	}
	return strings.Join(words[:n], " "), paper
}

var (
	mdAPARe        = regexp.MustCompile(`^(.{2,400}?)\s*\(((?:19|20)\d\d)[a-z]?(?:,\s*[A-Za-z]+\.?(?:\s+\d{1,2})?)?\)\.?\s+(.+)$`)
	mdVancouverRe  = regexp.MustCompile(`^\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|van|von|de|der|den|da|di|le|la|del))*\s+\p{Lu}{1,3}$`)
	mdLeadInitRe   = regexp.MustCompile(`(?:^|[\s,])\p{Lu}\.`)
	mdSentenceEnds = []string{". ", "? ", "! "}
)

// mdSplitLeadAuthors reads a reference that starts with its authors: APA
// "Authors (2016). Title. Rest" (authors with initials, "&" or "et al.")
// or Vancouver "Surname AB, Surname C. Title. Rest". It returns the title,
// the year (0 if none) and the rest.
func mdSplitLeadAuthors(t string) (title string, year int, rest string, ok bool) {
	if m := mdAPARe.FindStringSubmatch(t); m != nil {
		low := strings.ToLower(m[1])
		if mdLeadInitRe.MatchString(m[1]) || strings.Contains(low, "et al") || strings.Contains(m[1], "&") {
			title, rest = mdFirstSentence(m[3])
			if len(strings.Fields(title)) >= 2 {
				return title, rlYear(m[2]), rest, true
			}
		}
	}
	i := strings.Index(t, ". ")
	if i <= 0 || i > 300 {
		return "", 0, "", false
	}
	authors := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t[:i]), "et al"))
	authors = strings.TrimRight(authors, ", ")
	for _, a := range strings.Split(authors, ",") {
		if !mdVancouverRe.MatchString(strings.TrimSpace(a)) {
			return "", 0, "", false
		}
	}
	title, rest = mdFirstSentence(t[i+2:])
	if len(strings.Fields(title)) < 2 {
		return "", 0, "", false
	}
	return title, 0, rest, true
}

// mdFirstSentence cuts s after its first sentence: at a ". ", "? " or "! "
// that does not follow an initial or a one-letter word.
func mdFirstSentence(s string) (string, string) {
	for off := 0; off < len(s); {
		best := -1
		for _, e := range mdSentenceEnds {
			if i := strings.Index(s[off:], e); i >= 0 && (best < 0 || i < best) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		i := off + best
		word := s[strings.LastIndexByte(s[:i], ' ')+1 : i]
		if s[i] != '.' || utf8.RuneCountInString(word) > 1 && !strings.Contains(word, ".") {
			end := i
			if s[i] != '.' {
				end++ // keep "?" and "!"
			}
			return s[:end], s[i+2:]
		}
		off = i + 2
	}
	return s, ""
}

// mdSplitAuthors cuts "Title. A. Author, B. Author. Venue" after the title
// when a sentence after a ". " is an author list, returning the title and
// the rest.
func mdSplitAuthors(t string) (string, string) {
	for off, tries := 0, 0; off < len(t) && tries < 8; tries++ {
		i := strings.Index(t[off:], ". ")
		if i < 0 {
			break
		}
		i += off
		// Not after an initial ("J. Smith", "L.K. Hansen").
		word := t[strings.LastIndexByte(t[:i], ' ')+1 : i]
		if utf8.RuneCountInString(word) > 1 && !strings.Contains(word, ".") && mdAuthorList(t[i+2:]) {
			return t[:i], t[i+2:]
		}
		off = i + 2
	}
	return t, ""
}

// mdSplitCommaAuthors cuts "Title, Hinton, Geoffrey and Vinyals, Oriol"
// after the title: the title is kept up to a tail of at least three
// comma-separated name-like parts joined by at least two "and"s (or with
// "et al."). Two-author tails are left alone: they cannot be told from a
// title's list of capitalised topics.
func mdSplitCommaAuthors(t string, beforeYear bool) string {
	parts := strings.Split(t, ", ")
	if beforeYear && len(parts) >= 2 {
		// "Title, Geoffrey Hinton, Oriol Vinyals, 2015": full names (two to
		// four capitalised words or initials) between the title and a year.
		k, initial := len(parts), false
		for k > 1 && mdPersonLike(parts[k-1]) {
			initial = initial || mdInitialRe.MatchString(parts[k-1])
			k--
		}
		if n := len(parts) - k; n >= 2 || n == 1 && initial {
			return strings.Join(parts[:k], ", ")
		}
	}
	if len(parts) < 4 {
		return t
	}
	k := len(parts)
	ands, etal := 0, false
	for k > 1 && mdNameLike(parts[k-1]) {
		p := strings.ToLower(parts[k-1])
		ands += strings.Count(p, " and ") + strings.Count(p, " & ")
		etal = etal || strings.Contains(p, "et al")
		k--
	}
	// Two "and"s ("A, B and C, D and E, F") or "et al.": a list of topics
	// ("Pruning, Quantization, Distillation and Sparsity") has one.
	if len(parts)-k < 3 || ands < 2 && !etal {
		return t
	}
	return strings.Join(parts[:k], ", ")
}

var mdInitialRe = regexp.MustCompile(`(?:^|[\s.-])\p{Lu}\.`)

// mdPersonLike reports whether s looks like one person's full name: two to
// four words, each capitalised, an initial or a particle, at least one of
// them a word of two letters or more; "et al." may follow.
func mdPersonLike(s string) bool {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "et al."))
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 4 {
		return false
	}
	long := false
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !mdParticles[w] || strings.ContainsAny(w, ":0123456789()[]&") {
			return false
		}
		if utf8.RuneCountInString(strings.Trim(w, ".")) >= 2 && !strings.Contains(strings.Trim(w, "."), ".") {
			long = true
		}
	}
	return long
}

// mdNameLike reports whether s looks like a person's name or names joined
// by "and": capitalised words and initials, at most four words each.
func mdNameLike(s string) bool {
	for _, n := range mdNameSepRe.Split(strings.TrimSpace(s), -1) {
		n = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n), "et al."))
		n = strings.TrimSpace(strings.TrimSuffix(n, "et al"))
		if n == "" {
			continue
		}
		ws := strings.Fields(n)
		if len(ws) > 4 {
			return false
		}
		for _, w := range ws {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) && !mdParticles[w] || strings.ContainsAny(w, ":0123456789()[]") {
				return false
			}
		}
	}
	return true
}

var mdNameSepRe = regexp.MustCompile(`\s*(?:,|;|\band\b|&)\s*`)

var mdParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true, "le": true, "la": true, "du": true, "del": true, "dos": true, "das": true, "y": true, "bin": true}

// mdAuthorList reports whether s starts with an author list: "et al.", or at
// least two comma/and-separated names of capitalised words and initials.
func mdAuthorList(s string) bool {
	s, _ = rlCap(s, 400)
	// The sentence: up to a ". " that follows a word of two letters or more.
	end := len(s)
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], ". ")
		if i < 0 {
			break
		}
		i += off
		word := s[strings.LastIndexByte(s[:i], ' ')+1 : i]
		if utf8.RuneCountInString(word) > 1 && !strings.Contains(word, ".") {
			end = i
			break
		}
		off = i + 2
	}
	sent := s[:end]
	if strings.Contains(strings.ToLower(sent), "et al") {
		return true
	}
	parts := mdNameSepRe.Split(sent, -1)
	names := 0
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		ws := strings.Fields(p)
		if len(ws) > 5 {
			return false
		}
		for _, w := range ws {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) && !mdParticles[w] {
				return false
			}
		}
		names++
	}
	return names >= 2
}

// mdTrimTitle removes leading and trailing decoration from a title.
func mdTrimTitle(t string) string {
	t = rlCleanSpace(mdStripSymbols(t))
	t = strings.TrimLeftFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("-–—:：|·•,;.>*", r)
	})
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("-–—:：|·•,;/([{", r)
	})
	if strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "..") {
		t = strings.TrimSuffix(t, ".")
	}
	return strings.TrimSpace(t)
}
