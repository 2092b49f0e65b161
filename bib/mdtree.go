package bib

import (
	"bytes"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdBlockParser parses the block structure of a Markdown document
// (CommonMark with GFM tables). Inline content is left as source text:
// items are read from their own source by mdInline, so no inline parser is
// configured, which keeps parsing linear on hostile input.
var mdBlockParser = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithInlineParsers(),
	parser.WithParagraphTransformers(append(parser.DefaultParagraphTransformers(),
		util.Prioritized(extension.NewTableParagraphTransformer(), 200))...),
)

// mdDoc is a decoded Markdown source and its line index.
type mdDoc struct {
	src    []byte
	starts []int // byte offset of the start of each line (line base+i+1 starts at starts[i])
	base   int   // lines before src: a part of a document read on its own
}

// line returns the 1-based line holding byte offset off.
func (d *mdDoc) line(off int) int {
	return d.base + sort.Search(len(d.starts), func(i int) bool { return d.starts[i] > off })
}

// text returns the source of a block's lines, joined with newlines.
func (d *mdDoc) text(lines *text.Segments) string {
	var b strings.Builder
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		if i > 0 {
			b.WriteByte('\n')
		}
		b.Write(bytes.TrimRight(s.Value(d.src), "\r\n"))
	}
	return b.String()
}

// source returns the source lines first..last (1-based, inclusive),
// trimmed: an item's text as written, list marker included.
func (d *mdDoc) source(first, last int) string {
	i, j := first-1-d.base, last-d.base
	if i < 0 || i >= len(d.starts) || j <= i {
		return ""
	}
	end := len(d.src)
	if j < len(d.starts) {
		end = d.starts[j]
	}
	return strings.TrimSpace(string(d.src[d.starts[i]:end]))
}

// lastLine returns the line of a block's last source line, or 0.
func (d *mdDoc) lastLine(n ast.Node) int {
	if ls := n.Lines(); n.Type() == ast.TypeBlock && ls != nil && ls.Len() > 0 {
		return d.line(ls.At(ls.Len() - 1).Start)
	}
	return 0
}

// firstLine returns the line of a block's first source line, or 0.
func (d *mdDoc) firstLine(n ast.Node) int {
	if n.Type() == ast.TypeBlock {
		if ls := n.Lines(); ls != nil && ls.Len() > 0 {
			return d.line(ls.At(0).Start)
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if l := d.firstLine(c); l > 0 {
			return l
		}
	}
	if p := n.Pos(); p >= 0 {
		return d.line(p)
	}
	return 0
}

// walkTree reads the document's syntax tree into headings and items.
func (p *mdParser) walkTree(doc *mdDoc) {
	root := mdBlockParser.Parse(text.NewReader(doc.src))
	p.doc = doc
	p.prefetch(root)
	p.walkBlocks(root, nil, 0)
}

// walkBlocks reads the children of a container block. parent is the list
// item they belong to (nil at the top level), depth the list nesting.
func (p *mdParser) walkBlocks(n ast.Node, parent *mdItem, depth int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.walkBlock(c, parent, depth)
	}
}

func (p *mdParser) walkBlock(n ast.Node, parent *mdItem, depth int) {
	d := p.doc
	switch n := n.(type) {
	case *ast.Heading:
		p.list.Shape.Headings++
		p.heading(n.Level, d.firstLine(n), strings.ReplaceAll(d.text(n.Lines()), "\n", " "))
	case *ast.HTMLBlock:
		p.htmlBlock(n)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		p.list.Shape.CodeBlocks++
		p.markContent()
	case *ast.ThematicBreak:
	case *ast.Blockquote:
		p.walkBlocks(n, parent, depth)
	case *ast.List:
		for li := n.FirstChild(); li != nil; li = li.NextSibling() {
			p.listItem(li, parent, depth)
		}
	case *ast.Paragraph, *ast.TextBlock:
		p.list.Shape.Paragraphs++
		p.markContent()
		p.paragraph(d.firstLine(n), d.text(n.Lines()))
	case *east.Table:
		p.markContent()
		p.table(n)
	default:
		p.walkBlocks(n, parent, depth)
	}
}

// htmlBlock reads HTML headings (<h2 id="x">Name</h2>) from an HTML block;
// everything else in it (a <details> block of BibTeX, a <div> of badges) is
// content, never entries.
func (p *mdParser) htmlBlock(n *ast.HTMLBlock) {
	d := p.doc
	p.markContent()
	after, headings := -1, 0 // the line after the last heading line
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		line := string(bytes.TrimRight(s.Value(d.src), "\r\n"))
		if m := mdHTMLHRe.FindStringSubmatch(line); m != nil && strings.Contains(strings.ToLower(line), "</h") {
			p.heading(int(m[1][0]-'0'), d.line(s.Start), m[2])
			p.list.Shape.Headings++
			after, headings = i+1, headings+1
		}
	}
	if headings == 0 {
		p.list.Shape.HTMLBlocks++
		if ls := n.Lines(); ls.Len() > 0 {
			first, last := ls.At(0), ls.At(ls.Len()-1)
			if src := d.src[first.Start:last.Stop]; bytes.Contains(bytes.ToLower(src), []byte("<tr")) {
				p.htmlTable(first.Start, string(src))
			}
		}
	}
	// An HTML block runs to the next blank line, so Markdown written right
	// under an HTML heading ("<h2>Pruning</h2>\n- [2017] A") is inside it:
	// read those lines as Markdown.
	if after < 0 || after >= n.Lines().Len() {
		return
	}
	first := n.Lines().At(after)
	if bytes.HasPrefix(bytes.TrimSpace(first.Value(d.src)), []byte("<")) {
		return
	}
	last := n.Lines().At(n.Lines().Len() - 1)
	root := mdBlockParser.Parse(text.NewReader(d.src[first.Start:last.Stop]))
	p.doc = &mdDoc{src: d.src[first.Start:last.Stop], base: d.line(first.Start) - 1}
	for i := first.Start; i < last.Stop; i++ {
		if i == first.Start || d.src[i-1] == '\n' {
			p.doc.starts = append(p.doc.starts, i-first.Start)
		}
	}
	p.walkBlocks(root, nil, 0)
	p.doc = d
}

// htmlTable reads the rows of an HTML table (src starts at byte offset off
// of the document). A row is an entry when one of its cells holds a link
// whose text reads as a title (three words or more): that cell is its
// title; the header row (<th> cells) names the year and venue columns
// when a row has as many cells (rowspan and colspan shift the others).
// Comments are skipped.
func (p *mdParser) htmlTable(off int, src string) {
	d := p.doc
	src = mdBlankComments(src)
	header, roles := []string(nil), mdTable{title: -1, year: -1, venue: -1}
	for _, row := range mdTrRe.FindAllStringSubmatchIndex(src, -1) {
		body := src[row[2]:row[3]]
		var cells []string
		th := false
		for _, c := range mdTdRe.FindAllStringSubmatch(body, -1) {
			th = th || strings.EqualFold(c[1], "th")
			cells = append(cells, strings.TrimSpace(strings.Join(strings.Fields(c[2]), " ")))
		}
		if len(cells) == 0 {
			continue
		}
		if th && header == nil {
			header, roles = cells, mdTableRoles(cells)
			continue
		}
		title := -1
		for k, c := range cells {
			if r := mdAnalyze(c, p.refs); mdWords(r.linkText) >= 3 {
				title = k
				break
			}
		}
		if title < 0 {
			continue
		}
		r := mdTable{title: title, year: -1, venue: -1, titled: true}
		if len(cells) == len(header) {
			r.year, r.venue = roles.year, roles.venue
		}
		line := d.line(off + row[0])
		p.list.Shape.TableRows++
		if it := p.tableRow(line, cells, r); it != nil {
			it.raw = rlRaw(d.source(line, line))
			p.items = append(p.items, it)
		}
	}
}

// mdBlankComments replaces the text of HTML comments by spaces, keeping
// line breaks and offsets.
func mdBlankComments(s string) string {
	if !strings.Contains(s, "<!--") {
		return s
	}
	b := []byte(s)
	for i := 0; ; {
		k := strings.Index(s[i:], "<!--")
		if k < 0 {
			break
		}
		start := i + k
		end := strings.Index(s[start+4:], "-->")
		stop := len(s)
		if end >= 0 {
			stop = start + 4 + end + 3
		}
		for j := start; j < stop; j++ {
			if b[j] != '\n' {
				b[j] = ' '
			}
		}
		i = stop
		if i >= len(s) {
			break
		}
	}
	return string(b)
}

var (
	mdTrRe = regexp.MustCompile(`(?is)<tr\b[^>]*>(.*?)</tr\s*>`)
	mdTdRe = regexp.MustCompile(`(?is)<(td|th)\b[^>]*>(.*?)</t[dh]\s*>`)
)

// listItem reads a list item: its own text is the paragraphs before its
// first sub-list; sub-lists are read as its children.
func (p *mdParser) listItem(li ast.Node, parent *mdItem, depth int) {
	d := p.doc
	p.markContent()
	p.list.Shape.ListItems++
	var own []string
	line := d.firstLine(li)
	if li.Pos() >= 0 {
		line = d.line(li.Pos())
	}
	last := line
	k, pre := p.preIdx[li]
	c := li.FirstChild()
	for ; c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if !pre {
				own = append(own, d.text(c.Lines()))
			}
			last = max(last, d.lastLine(c))
			continue
		}
		break
	}
	var it *mdItem
	switch {
	case pre:
		res := p.preRes[k]
		res.links = slices.Clip(res.links) // attach appends: never into a shared array
		it = p.item(line, depth, p.preBody[k], &res, d.source(line, last), parent)
	case len(own) > 0:
		it = p.item(line, depth, mdItemBody(strings.Join(own, "\n")), nil, d.source(line, last), parent)
	}
	for ; c != nil; c = c.NextSibling() {
		owner := it
		if owner == nil {
			owner = parent
		}
		p.walkBlock(c, owner, depth+1)
	}
}

// table reads a GFM table: its header row names the columns, each body
// row is an item. A table whose title column is not headed "Title" or
// "Paper" and none of whose rows links anywhere (a results, statistics or
// legend table of method names and numbers) holds no entries.
func (p *mdParser) table(t *east.Table) {
	d := p.doc
	var roles mdTable
	var rows []*mdItem
	linked := false
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		cells := d.rowCells(r)
		if _, ok := r.(*east.TableHeader); ok {
			roles = mdTableRoles(cells)
			continue
		}
		p.list.Shape.TableRows++
		line := d.firstLine(r)
		if r.Pos() >= 0 {
			line = d.line(r.Pos())
		}
		// A title cell of several title links, one per line ("[A](…) <br>
		// [B](…)"), is several papers.
		titles := []string{""}
		if roles.title >= 0 && roles.title < len(cells) {
			if parts := mdCellTitles(cells[roles.title]); len(parts) > 1 {
				titles = parts
			}
		}
		for _, title := range titles {
			var res mdResult
			ok := true
			if k, pre := p.preIdx[r]; pre && title == "" {
				res = p.preRes[k]
				res.links = slices.Clip(res.links)
			} else {
				cs := cells
				if title != "" {
					cs = slices.Clone(cells)
					cs[roles.title] = title
				}
				res, ok = mdRowResult(cs, roles, p.refs)
			}
			if !ok {
				continue
			}
			it := &mdItem{line: line, raw: rlRaw(d.source(line, line)), head: p.cur, res: res, row: true, titled: roles.titled}
			if len(it.res.absURLs()) > 0 || !it.res.ids.Empty() {
				linked = true
			}
			rows = append(rows, it)
		}
	}
	if !roles.titled && !linked {
		return
	}
	p.items = append(p.items, rows...)
}

// mdCellTitles splits a table cell whose lines (separated by <br>) are
// each one link with a title ("[Title A](…) <br> [Title B](…)") into those
// lines; it returns nil for any other cell.
func mdCellTitles(cell string) []string {
	if !strings.Contains(strings.ToLower(cell), "<br") {
		return nil
	}
	var parts []string
	for _, part := range mdBrRe.Split(cell, -1) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := mdOneLinkRe.FindStringSubmatch(part)
		if m == nil || mdIsMarker(m[1]) {
			return nil
		}
		parts = append(parts, part)
	}
	return parts
}

var (
	mdBrRe      = regexp.MustCompile(`(?i)<br\s*/?>`)
	mdOneLinkRe = regexp.MustCompile(`^\[([^\[\]]+)\]\([^()\s]+\)$`)
)

// rowCells returns the text of a table row's cells ("\\|" read as "|").
func (d *mdDoc) rowCells(r ast.Node) []string {
	var cells []string
	for c := r.FirstChild(); c != nil; c = c.NextSibling() {
		t := d.text(c.Lines())
		if strings.Contains(t, "\\|") {
			t = strings.ReplaceAll(t, "\\|", "|")
		}
		cells = append(cells, t)
	}
	return cells
}

// mdSource joins decoded lines back into one LF-separated source, so that
// goldmark's byte offsets map to the lines rlSplitLines numbered.
func mdSource(lines []rlLine) *mdDoc {
	d := &mdDoc{starts: make([]int, 0, len(lines))}
	n := 0
	for _, l := range lines {
		n += len(l.text) + 1
	}
	src := make([]byte, 0, n)
	for _, l := range lines {
		d.starts = append(d.starts, len(src))
		src = append(src, l.text...)
		src = append(src, '\n')
	}
	d.src = src
	return d
}

// item records a list item (its own text, without sub-lists) and returns
// the item that owns its sub-lists: itself, or the item it was merged into.
//
// A sub-item describes its parent instead of naming a paper of its own when
//   - it has no title, only links ("- [paper](…) [code](…)"): its links and
//     identifiers are the parent's; or
//   - the parent has a title and the sub-item has no paper link or
//     identifier of its own, and it is an author/venue line ("- Authors.
//     *Venue*, 2020.", whose year and venue the parent takes when it has
//     none) or names no year ("- Note: uses 4-bit weights").
//
// body is the item's text as mdItemBody gives it; res its analysis when
// prefetch computed it (nil otherwise).
func (p *mdParser) item(line, depth int, body string, pre *mdResult, raw string, parent *mdItem) *mdItem {
	var res mdResult
	if pre != nil {
		res = *pre
	} else {
		res = mdAnalyze(body, p.refs)
	}
	if parent != nil && !parent.skip {
		if res.titleless() && (len(res.links) > 0 || !res.ids.Empty()) {
			parent.attach(res)
			return parent
		}
		if parent.res.hasTitle && res.ids.Empty() && !res.paperURL {
			if label, value, ok := mdFieldLine(body); ok {
				// "- Publisher: ICLR 2024", "- Key: offline RL": a field of
				// the item above; a publication field gives its venue.
				if mdVenueLabels[label] && (parent.res.venue == "" || parent.res.year == 0) {
					if m := mdSuffixBracketRe.FindStringIndex(value); m != nil && m[0] > 0 {
						value = value[:m[0]] // "ICML 2022 (long talk)": a presentation mark
					}
					y, v, ok := mdBracketYearVenue(value)
					if !ok {
						y, v = 0, mdCleanVenue(value)
						if m := mdDescYearRe.FindStringSubmatch(value); m != nil {
							y = rlYear(m[1])
						}
					}
					if parent.res.venue == "" {
						parent.res.venue = v
					}
					if y != 0 && (parent.res.year == 0 || parent.res.yearFromDesc) {
						parent.res.year, parent.res.yearFromDesc = y, false
					}
				}
				return parent
			}
			if y, v, ok := mdAuthorVenueLine(body); ok {
				if y != 0 && (parent.res.year == 0 || parent.res.yearFromDesc) {
					parent.res.year, parent.res.yearFromDesc = y, false
				}
				if parent.res.venue == "" && v != "" {
					parent.res.venue = v
				}
				return parent
			}
			if res.year == 0 {
				return parent // a note on the item above
			}
		}
	}
	it := &mdItem{line: line, indent: depth, raw: rlRaw(raw), head: p.cur, res: res, parent: parent}
	p.items = append(p.items, it)
	return it
}

// mdItemBody is the text of a list item that is analysed: HTML comments and
// a task list's "[x] " removed.
func mdItemBody(body string) string {
	body, _ = mdStripComments(body, false)
	body = strings.TrimSpace(body)
	if len(body) > 4 && body[0] == '[' && body[2] == ']' && (body[3] == ' ' || body[3] == '\t') &&
		strings.IndexByte(" xX", body[1]) >= 0 {
		body = strings.TrimLeft(body[3:], " \t") // a task list's "[x] "
	}
	return body
}

// mdPrefetchMin is the number of list items from which prefetch analyses
// them in parallel.
var mdPrefetchMin = 2000

// prefetch analyses the list items of a large document in parallel, one
// worker per processor, before the walk (which then only looks the results
// up): the analysis of an item depends on its text alone, and it is most of
// the time a large list takes to read.
func (p *mdParser) prefetch(root ast.Node) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 {
		return
	}
	var nodes []ast.Node
	var bodies []string
	type rowJob struct {
		cells []string
		roles mdTable
	}
	rows := map[int]rowJob{} // the table rows among nodes, by index
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == east.KindTable {
			// Table rows, read with their table's header (a row of several
			// title links is left to the walk).
			var roles mdTable
			for r := n.FirstChild(); r != nil; r = r.NextSibling() {
				cells := p.doc.rowCells(r)
				if r.Kind() == east.KindTableHeader {
					roles = mdTableRoles(cells)
					continue
				}
				if roles.title < 0 || roles.title >= len(cells) || len(mdCellTitles(cells[roles.title])) > 1 {
					continue // no title cell, or several titles
				}
				rows[len(nodes)] = rowJob{cells, roles}
				nodes = append(nodes, r)
				bodies = append(bodies, "")
			}
			return ast.WalkSkipChildren, nil
		}
		if !entering || n.Kind() != ast.KindListItem {
			return ast.WalkContinue, nil
		}
		var own []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Kind() != ast.KindParagraph && c.Kind() != ast.KindTextBlock {
				break
			}
			own = append(own, p.doc.text(c.Lines()))
		}
		if len(own) > 0 {
			nodes = append(nodes, n)
			bodies = append(bodies, mdItemBody(strings.Join(own, "\n")))
		}
		return ast.WalkContinue, nil
	})
	if len(bodies) < mdPrefetchMin {
		return
	}
	res := make([]mdResult, len(bodies))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(bodies); i += workers {
				if job, ok := rows[i]; ok {
					res[i], _ = mdRowResult(job.cells, job.roles, p.refs)
					continue
				}
				res[i] = mdAnalyze(bodies[i], p.refs)
			}
		}()
	}
	wg.Wait()
	p.preIdx = make(map[ast.Node]int32, len(nodes))
	for i, n := range nodes {
		p.preIdx[n] = int32(i)
	}
	p.preBody, p.preRes = bodies, res
}

// paragraph reads a paragraph outside lists. It is an entry only when it
// starts the way a reference does (a link, a bracketed year/venue marker or
// tag, a bold or quoted title, a reference number) and it names a paper (a
// paper link, an identifier or a year); prose, legends and badges are not.
// A paragraph whose every line starts so is one entry per line.
func (p *mdParser) paragraph(line int, raw string) {
	raw, _ = mdStripComments(raw, false)
	lines := strings.Split(raw, "\n")
	if !mdEntryStartRe.MatchString(lines[0]) {
		p.refParagraph(line, lines)
		return
	}
	each := len(lines) > 1
	for _, l := range lines[1:] {
		if !mdEntryStartRe.MatchString(l) {
			each = false
			break
		}
	}
	if !each {
		lines = []string{raw}
	}
	var last *mdItem
	for i, l := range lines {
		res := mdAnalyze(l, p.refs)
		if each && last != nil && res.titleless() && (len(res.links) > 0 || !res.ids.Empty()) {
			// "**Title**\n[[paper](…)]\n[[code](…)]": a line of links
			// belongs to the reference above it.
			last.attach(res)
			last.raw = rlRaw(p.doc.source(last.line, line+i))
			continue
		}
		src := p.doc.source(line+i, line+i)
		if !each {
			src = p.doc.source(line, line+len(strings.Split(raw, "\n"))-1)
		}
		last = &mdItem{line: line + i, raw: rlRaw(src), head: p.cur, res: res, para: true}
		p.items = append(p.items, last)
	}
}

// refParagraph reads a paragraph of author-year references ("Aiyagari, S.
// Rao (1994): “Title,” Journal, 109.", "Bacon, R. W. (1991). *Title.*
// Venue."): each line that starts with an author list and a bracketed
// year starts a reference, the lines below it continue it. A paragraph
// whose first line does not start so is prose.
func (p *mdParser) refParagraph(line int, lines []string) {
	if !mdRefStart(strings.Join(lines[:min(3, len(lines))], " ")) {
		return // the year of a wrapped reference may be on its second line
	}
	start := 0
	flush := func(end int) {
		text := strings.Join(lines[start:end], "\n")
		res := mdAnalyze(text, p.refs)
		src := p.doc.source(line+start, line+end-1)
		p.items = append(p.items, &mdItem{line: line + start, raw: rlRaw(src), head: p.cur, res: res, para: true})
	}
	for i := 1; i < len(lines); i++ {
		if mdRefStart(lines[i]) {
			flush(i)
			start = i
		}
	}
	flush(len(lines))
}

// mdRefStart reports whether a line starts an author-year reference: an
// author list ("Surname, Given", "Surname, A. B., & Other, C.") and a
// year in brackets, "(1994)", "(2017a)", "(2025, October)".
func mdRefStart(l string) bool {
	m := mdRefYearRe.FindStringSubmatchIndex(l)
	if m == nil || rlAuthorYear(l[m[2]:m[3]]) == 0 {
		return false
	}
	before := strings.TrimSpace(l[:m[2]-1])
	return strings.Contains(before, ",") && mdAuthorsBefore(before)
}

var mdRefYearRe = regexp.MustCompile(`^\s{0,3}\p{Lu}[^()\[\]]{2,300}?\s\(((?:1[6-9]|20)\d\d)[a-z]?(?:,[^()]{1,20})?\)`)

// mdEntryStartRe matches the start of a paragraph that reads as a
// reference: "[[CVPR_2020](url)]", "[2018-CVPR]", "[Title](url)",
// "**[5]**", "[5]", "**Title**", "“Title”".
var mdEntryStartRe = regexp.MustCompile(`^\s{0,3}(?:\[|\*\*|__|["“]|<a\s)`)

// mdFieldLine reads a sub-item that is a labelled field of the item above
// it: "Publisher: ICLR 2024", "Key: offline RL", "TL;DR: ...". The label
// is one of mdFieldLabels, lower-cased.
func mdFieldLine(s string) (label, value string, ok bool) {
	s = strings.TrimSpace(mdStripEmphasis(s))
	i := strings.IndexAny(s, ":：")
	if i <= 0 || i > 24 {
		return "", "", false
	}
	label = strings.ToLower(strings.TrimSpace(s[:i]))
	if !mdFieldLabels[label] && !mdVenueLabels[label] {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return label, strings.TrimSpace(s[i+size:]), true
}

// mdVenueLabels are the field labels whose value is where the paper was
// published; mdFieldLabels the other fields a list gives its items.
var (
	mdVenueLabels = map[string]bool{
		"publisher": true, "published": true, "published in": true, "publication": true, "venue": true,
		"conference": true, "journal": true, "proceedings": true, "accepted": true, "accepted by": true,
		"accepted at": true, "accepted to": true, "source": true, "in": true, "会议": true, "期刊": true, "发表": true,
	}
	mdFieldLabels = map[string]bool{
		"author": true, "authors": true, "key": true, "keys": true, "keywords": true, "key words": true, "tags": true,
		"tag": true, "tl;dr": true, "tldr": true, "note": true, "notes": true, "summary": true, "abstract": true,
		"code": true, "codes": true, "project": true, "project page": true, "dataset": true, "datasets": true,
		"data": true, "expenv": true, "environment": true, "environments": true, "benchmark": true,
		"benchmarks": true, "citation": true, "citations": true, "cite": true, "bibtex": true, "affiliation": true,
		"institution": true, "contribution": true, "contributions": true, "method": true, "task": true, "tasks": true,
		"year": true, "date": true, "comment": true, "comments": true, "remark": true, "remarks": true, "idea": true,
		"motivation": true, "highlights": true, "description": true, "作者": true, "代码": true, "摘要": true, "笔记": true,
	}
)

// mdAuthorVenueLine reads a line that gives a paper's authors, venue and
// year ("Yiming Li, Yong Jiang, and Shu-Tao Xia. *IEEE TNNLS*, 2022.",
// "Authors. arXiv, 2020."): an author list up to the first full stop, then
// the venue (the italic span when there is one) and a year.
func mdAuthorVenueLine(s string) (year int, venue string, ok bool) {
	s = rlCleanSpace(s)
	i := mdAuthorEnd(s)
	if i < 0 {
		return 0, "", false
	}
	rest := strings.TrimSpace(s[i:])
	if k := strings.Index(rest, " ("); k > 0 {
		rest = rest[:k] // "arXiv, 2017 (*IEEE Access*, 2019)": a later version
	}
	if m := mdItalicRe.FindStringSubmatch(rest); m != nil {
		venue = m[1] + m[2]
	}
	plain := mdStripEmphasis(rest)
	if m := mdDescYearRe.FindStringSubmatch(plain); m != nil {
		year = rlYear(m[1])
	}
	if venue == "" {
		venue = plain
		if k := strings.IndexAny(venue, "(["); k > 0 {
			venue = venue[:k]
		}
	}
	venue = mdCleanVenue(venue)
	if year == 0 && venue == "" {
		return 0, "", false
	}
	return year, venue, true
}

// mdAuthorEnd returns the index just after the author list that s starts
// with ("A. Author, B. Author, and C. Author. "), or -1 when s does not
// start with one. Every name has two to five words, capitalised or
// initials; one name is enough.
func mdAuthorEnd(s string) int {
	for off := 0; off < len(s) && off < 600; {
		i := strings.Index(s[off:], ". ")
		if i < 0 {
			if strings.HasSuffix(s, ".") {
				i = len(s) - 1 - off
			} else {
				return -1
			}
		}
		i += off
		word := s[strings.LastIndexByte(s[:i], ' ')+1 : i]
		word = word[strings.LastIndexByte(word, '.')+1:] // "B.Tondi" ends a sentence, "J." does not
		if utf8.RuneCountInString(word) > 1 {
			if mdNamesOK(s[:i]) {
				return min(i+2, len(s))
			}
			return -1
		}
		off = i + 2
	}
	return -1
}

// mdNamesOK reports whether s is a list of person names: comma, "and" or
// "&" separated, each of two to five capitalised words, initials or
// particles ("et al." allowed).
func mdNamesOK(s string) bool {
	n, long := 0, false
	for _, name := range mdSplitNames(strings.TrimSpace(s)) {
		name = strings.TrimSpace(name)
		etal := strings.HasSuffix(name, "et al") || strings.HasSuffix(name, "et al.")
		name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(name, "."), "et al"))
		if name == "" {
			continue
		}
		// "M.Barni": an initial glued to the name; "Lu1": an affiliation mark.
		ws := strings.Fields(strings.ReplaceAll(name, ".", ". "))
		if len(ws) > 5 {
			return false
		}
		if len(ws) >= 2 || etal {
			long = true
		}
		for k, w := range ws {
			w = strings.TrimRight(w, "0123456789*†‡")
			r, _ := utf8.DecodeRuneInString(w)
			if w == "" || strings.ContainsAny(w, ":0123456789()[]*_") {
				return false
			}
			if !unicode.IsUpper(r) && !mdParticles[w] && (k == 0 || k < len(ws)-1 || !unicode.IsLetter(r)) {
				return false // a lower-case word only as a surname ("Jun xie")
			}
		}
		n++
	}
	return n > 0 && long
}

var mdItalicRe = regexp.MustCompile(`(?:^|[^*\w])\*([^*]+)\*|(?:^|[^_\w])_([^_]+)_`)

// mdCleanVenue tidies a venue written in an item: emphasis, a leading
// "In", years, award and presentation marks and punctuation removed.
func mdCleanVenue(v string) string {
	v = mdStripEmphasis(v)
	v = strings.TrimSpace(v)
	if len(v) > 3 && strings.EqualFold(v[:3], "in ") {
		v = v[3:]
	}
	if strings.ContainsAny(v, "0123456789") {
		if mdHasMonthYear(v) {
			v = mdMonthYearRe.ReplaceAllString(v, "$1") // "arXiv, Dec 2023"
		}
		if mdVenueYearRe.MatchString(v) {
			v = mdVenueYearRe.ReplaceAllString(v, " ")
		}
	}
	v = rlCleanSpace(v)
	v = strings.Trim(v, " .,;:[]'’")
	// Brackets: only those left unbalanced ("(CVPR", "CVPR)") go.
	if strings.Count(v, "(") != strings.Count(v, ")") {
		v = strings.Trim(v, "()")
	}
	v = strings.Trim(v, " .,;:")
	if utf8.RuneCountInString(v) > 120 {
		v, _ = rlCap(v, 120)
	}
	return v
}

// mdHasMonthYear reports whether s may hold a month before a year (what
// mdMonthYearRe matches), cheaply: a word that starts a month's name.
func mdHasMonthYear(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if i > 0 && (s[i-1]|0x20 >= 'a' && s[i-1]|0x20 <= 'z') {
			continue // not a word's start
		}
		switch strings.ToLower(s[i : i+3]) {
		case "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec":
			if mdMonthYearRe.MatchString(s[i:]) {
				return true
			}
		}
	}
	return false
}

// mdMonthYearRe matches a month written before a year ("Dec 2023",
// "Sept. 2022"); the month is dropped from a venue.
var mdMonthYearRe = regexp.MustCompile(`(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?\s+((?:19|20)\d\d)\b`)

var mdVenueYearRe = regexp.MustCompile(`(?:'|’)\s?\d{2}\b|\b(?:19|20)\d\d\b`)
