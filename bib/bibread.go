package bib

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nickng/bibtex"
	"golang.org/x/text/unicode/norm"
)

// ParseBibTeX reads a .bib file as a reading list: every @article,
// @inproceedings, ... entry is a paper (an @online/@misc entry that only
// links to blog or article sites is a link).
//
// The file is split into top-level items by citegraph itself, tracking line
// numbers, braces, parentheses and quotes: @comment, @preamble and @string
// items are handled here, and each entry is parsed on its own with
// github.com/nickng/bibtex after being normalised (see bibinCanonical), so
// that one malformed entry is reported with its file and line and skipped
// while the rest proceed. Lines whose first non-blank character is "%" are
// comments outside entries.
//
// Field values: "#" concatenation, @string macros (case-insensitive, as in
// BibTeX; undefined ones are reported with file:line and read as their own
// name) and the month macros jan..dec are resolved; the title is turned from
// LaTeX into plain text ("{MobileNetV2}" → "MobileNetV2", {\"u} → ü, \& →
// &). Year comes from year (or date), venue from booktitle, journal,
// journaltitle or eventtitle ("arXiv" for arXiv preprints).
//
// Identifiers come from doi (URL prefixes stripped), eprint with
// archiveprefix/eprinttype arXiv (or an eprint that is an arXiv id), the
// arxiv/arxivid fields, url/pdf/link fields (arXiv, DOI and Semantic Scholar
// links), and "arXiv:ID" in journal, note or howpublished.
//
// The family of an entry is, in order of preference: its first group
// (JabRef/Mendeley "groups" / "mendeley-groups" fields, or the JabRef 2
// ExplicitGroup lists in "@comment{jabref-meta: ...}"), the current section
// marker, a keyword ("keywords") it shares with other entries without
// group or marker (see keywordFamilies), or else the file's base name. A
// section marker is a comment line outside entries such as "% == Pruning =="
// or "% --- Pruning ---" (a name between runs of at least two "=", "-", "#"
// or "*"), or an @comment whose body is such a decorated name or a short name
// (at most five words, no sentence punctuation), e.g. "@comment{Pruning}";
// markers that no entry follows are reported as empty families.
//
// Input repairs are reported in List.Problems: a byte order mark is dropped,
// CRLF is accepted, and bytes that are not UTF-8 are read as Latin-1
// (Windows-1252).
//
// List.Source keeps the text as read, cut into its @-blocks, each with the
// entry read from it or the reason none was (see BibSource).
//
// ParseBibTeX is safe for concurrent use: its calls into nickng/bibtex,
// whose parser keeps state in package variables, are serialised.
func ParseBibTeX(name string, data []byte) *List {
	r := &bibinReader{
		probs:  &rlProblems{file: name},
		list:   &List{Name: name, Format: FormatBibTeX},
		base:   rlBase(name),
		macros: map[string]string{},
		groups: map[string]string{},
		keys:   map[string]int{},
	}
	r.fams.l = r.list
	lines := rlSplitLines(data, rlLatin1Invalid, 0, r.probs)
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	items := bibinSplit(b.String(), r.probs)
	r.list.Shape.Lines = len(lines)
	for _, it := range items {
		if it.kind != "marker" {
			r.list.Shape.BibItems++
		}
	}
	// JabRef 2 lists group members in a comment, usually at the end; JabRef
	// 3+ keeps a tree of group names there.
	var tree []bibinGroupNode
	for _, it := range items {
		if it.kind == "comment" {
			bibinJabRefGroups(it.body, r.groups)
			tree = append(tree, bibinJabRefTree(it.body)...)
		}
	}
	r.xref, r.xrefUsed = bibinCrossrefs(items)
	src := bibinNewSource(b.String(), data)
	for _, it := range items {
		entries, probs := len(r.list.Entries), len(r.probs.list)
		r.item(it)
		src.addItem(it, entries, len(r.list.Entries) > entries, r.probs.list[probs:])
	}
	r.list.Source = src
	r.keywordFamilies()
	for _, st := range r.famSeq {
		if st.entry >= 0 {
			r.fams.add(r.list.Entries[st.entry].Family, 0)
		} else {
			r.fams.add(st.name, st.line)
		}
	}
	// Leaf groups of the JabRef group tree that hold no entry are empty
	// families; groups with sub-groups only organise them.
	for i, g := range tree {
		if i+1 < len(tree) && tree[i+1].level > g.level {
			continue
		}
		r.fams.add(g.name, 0)
	}
	r.fams.count()
	r.list.Problems = r.probs.done()
	return r.list
}

type bibinReader struct {
	probs  *rlProblems
	list   *List
	base   string
	macros map[string]string // @string macros, lower-case names
	groups map[string]string // citation key → JabRef explicit group
	keys   map[string]int    // citation key → line of first use
	marker string            // current section marker
	fams   rlFamilySet

	xref     map[string]map[string]string // lower-case key → fields of an entry that a crossref names
	xrefUsed map[string]bool              // lower-case keys that some crossref names

	famSeq   []bibinFamStep      // section markers and entries, in file order, for the family list
	keywords []bibinKeywordEntry // the entries whose keywords may name their family
}

// bibinFamStep is a section marker (entry -1) or the entry whose family
// comes next in the file.
type bibinFamStep struct {
	name  string
	line  int
	entry int
}

// bibinKeywordEntry is an entry whose keywords may name its family.
type bibinKeywordEntry struct {
	entry int
	words []string
}

// bibinGroupNode is a static group of a JabRef group tree.
type bibinGroupNode struct {
	level int
	name  string
}

var bibinTreeRe = regexp.MustCompile(`(?m)^\s*(\d{1,3})\s+(?:StaticGroup|ExplicitGroup):((?:[^\\;\n]|\\[^;])*)\\;`)

// bibinJabRefTree reads the static groups of a JabRef "grouping:" or
// "groupstree:" comment, in order, with their depth.
func bibinJabRefTree(body string) []bibinGroupNode {
	if !strings.Contains(body, "jabref-meta") || !(strings.Contains(body, "grouping:") || strings.Contains(body, "groupstree:")) {
		return nil
	}
	var nodes []bibinGroupNode
	body = bibinUnwrapTree(body)
	for _, m := range bibinTreeRe.FindAllStringSubmatch(body, -1) {
		level := 0
		for _, c := range m[1] {
			level = level*10 + int(c-'0')
		}
		name := bibinGroupName(m[2])
		if name != "" {
			nodes = append(nodes, bibinGroupNode{level: level, name: name})
		}
	}
	return nodes
}

// bibinInherited are the fields an entry takes from the entry its crossref
// names when it has none of its own (the paper's own url, doi and title
// are never inherited).
var bibinInherited = []string{"booktitle", "year", "date", "journal", "journaltitle", "eventtitle", "series", "publisher"}

// bibinCrossrefs returns the fields of the entries that crossref fields
// name (by lower-case key), and the set of named keys. Macros are resolved
// as at the target's place; problems are reported when the entries are
// read for themselves.
func bibinCrossrefs(items []bibinItem) (map[string]map[string]string, map[string]bool) {
	used := map[string]bool{}
	for _, it := range items {
		if !it.closed || !strings.Contains(strings.ToLower(it.body), "crossref") {
			continue
		}
		_, fields, _ := bibinParseBody(it.body, it.line, false)
		for _, f := range fields {
			if f.name == "crossref" && len(f.parts) == 1 && !f.parts[0].macro {
				used[strings.ToLower(strings.TrimSpace(f.parts[0].text))] = true
			}
		}
	}
	if len(used) == 0 {
		return nil, nil
	}
	shadow := &bibinReader{probs: &rlProblems{}, macros: map[string]string{}}
	xref := map[string]map[string]string{}
	for _, it := range items {
		if !it.closed {
			continue
		}
		switch it.kind {
		case "string":
			shadow.defineString(it)
			continue
		case "comment", "preamble", "marker":
			continue
		}
		key, fields, err := bibinParseBody(it.body, it.line, false)
		k := strings.ToLower(key)
		if err != nil || !used[k] || xref[k] != nil {
			continue
		}
		vals := map[string]string{}
		for _, f := range fields {
			if _, dup := vals[f.name]; !dup {
				vals[f.name] = shadow.resolve(f.parts)
			}
		}
		xref[k] = vals
	}
	return xref, used
}

// bibinItem is a top-level item of a .bib file.
type bibinItem struct {
	kind   string // lower-cased type: "article", "string", "comment", "preamble", "marker", ...
	line   int    // line of the "@" (or of the marker comment)
	body   string // text between the delimiters (the name, for a marker)
	raw    string // the item's source text
	closed bool   // the closing delimiter was found
	open   byte   // '{' or '('

	start, end int    // byte span of raw in the text split (none for a marker)
	why        string // for an item not closed, the problem reported
}

var (
	bibinTypeRe    = regexp.MustCompile(`^@[ \t]*([A-Za-z][A-Za-z0-9_:.+-]*)[ \t\n]*`)
	bibinMarkerRe  = regexp.MustCompile(`^(?:={2,}|-{2,}|#{2,}|\*{2,})[ \t]*([^=\-#*\n][^\n]*?)[ \t]*(?:={2,}|-{2,}|#{2,}|\*{2,})?[ \t]*$`)
	bibinEntryAtRe = regexp.MustCompile(`^[ \t]*@[ \t]*[A-Za-z][A-Za-z0-9_:.+-]*[ \t]*[{(]`)
)

// bibinSplit splits a .bib text into top-level items. Text outside items is
// ignored, as BibTeX does, except "%" comment lines, which may be section
// markers. An item that is not closed before a line starting a new entry
// ("@type{" at the start of a line) is cut there and reported.
func bibinSplit(s string, probs *rlProblems) []bibinItem {
	var items []bibinItem
	line := 1
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			line++
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '%' && lineStart:
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			// "%-------  Genes  -------%": a section marker, closing "%" and all.
			text := strings.TrimSpace(strings.Trim(strings.TrimSpace(s[i:i+end]), "%"))
			if m := bibinMarkerRe.FindStringSubmatch(text); m != nil {
				if name := bibinMarkerName(m[1]); name != "" {
					items = append(items, bibinItem{kind: "marker", line: line, body: name})
				}
			}
			i += end
			continue
		case c != '@':
			// Junk outside entries: skip to the next "@".
			lineStart = false
			j := strings.IndexAny(s[i:], "@\n")
			if j < 0 {
				return items
			}
			i += j
			continue
		}
		lineStart = false
		m := bibinTypeRe.FindStringSubmatch(s[i:])
		if m == nil {
			probs.addf(line, "stray \"@\" outside an entry")
			i++
			continue
		}
		kind := strings.ToLower(m[1])
		start, startLine := i, line
		j := i + len(m[0])
		line += strings.Count(m[0], "\n")
		if j >= len(s) || s[j] != '{' && s[j] != '(' {
			probs.addf(startLine, "@%s without an opening brace or parenthesis: skipped", m[1])
			i = j
			continue
		}
		open := s[j]
		end, endLine, closed, cut := bibinMatch(s, j, line)
		it := bibinItem{kind: kind, line: startLine, open: open, closed: closed, start: start}
		if closed {
			it.body = s[j+1 : end]
			it.raw = s[start : end+1]
			i = end + 1
		} else {
			it.body = s[j+1 : end]
			it.raw = s[start:end]
			i = end
			name := m[1]
			if k := bibinLeadKey(it.body); k != "" {
				name += fmt.Sprintf(" %q", k)
			}
			if cut {
				it.why = fmt.Sprintf("@%s is not closed (unbalanced braces?) before the entry at line %d", name, endLine)
			} else {
				it.why = fmt.Sprintf("@%s is not closed (unbalanced braces?) before the end of the file", name)
			}
			probs.addf(startLine, "%s: skipped", it.why)
		}
		it.end = i
		line = endLine
		items = append(items, it)
	}
	return items
}

// bibinLeadKey returns the citation key at the start of an entry's body
// (for messages), or "".
func bibinLeadKey(body string) string {
	i := strings.IndexAny(body, ",\n=")
	if i < 0 || body[i] != ',' {
		return ""
	}
	k := strings.TrimSpace(body[:i])
	if k == "" || len(k) > 100 {
		return ""
	}
	return k
}

// bibinMatch finds the delimiter closing the one at s[j] ('{' or '('),
// counting braces (and, in a parenthesised item, skipping quoted text at
// brace depth 0). It returns the index of the closer (or where scanning
// stopped), the line there, whether the closer was found and, if not,
// whether a line starting a new entry (or a "% citegraph: " line, which
// citegraph writes above a block) cut the item short.
func bibinMatch(s string, j, line int) (end, endLine int, closed, cut bool) {
	open := s[j]
	depth := 0
	quote := false
	for k := j + 1; k < len(s); k++ {
		switch c := s[k]; c {
		case '\n':
			line++
			if bibinEntryAtRe.MatchString(s[k+1:min(len(s), k+1+64)]) || strings.HasPrefix(s[k+1:], bkOwnComment) {
				// A new entry (or a comment citegraph wrote above one)
				// starts while this one is still open.
				return k + 1, line, false, true
			}
		case '{':
			depth++
		case '}':
			if depth == 0 && open == '{' {
				return k, line, true, false
			}
			if depth > 0 {
				depth--
			}
		case '"':
			if open == '(' && depth == 0 {
				quote = !quote
			}
		case ')':
			if open == '(' && depth == 0 && !quote {
				return k, line, true, false
			}
		}
	}
	return len(s), line, false, false
}

// bibinMarkerName cleans a section-marker name, returning "" when it is not one.
func bibinMarkerName(s string) string {
	s = rlCleanSpace(s)
	if s == "" || len(s) > 100 || strings.ContainsAny(s, "{}@=%") {
		return ""
	}
	return s
}

// bibinCommentMarker reads an @comment body as a section marker: a
// decorated name ("== Pruning ==") or a short name ("Pruning").
func bibinCommentMarker(body string) string {
	body = strings.TrimSpace(body)
	if body == "" || strings.Contains(body, "\n") {
		return ""
	}
	if m := bibinMarkerRe.FindStringSubmatch(body); m != nil {
		return bibinMarkerName(m[1])
	}
	low := strings.ToLower(body)
	if len(strings.Fields(body)) > 5 || strings.ContainsAny(body, ".:;,{}@=%\\") {
		return ""
	}
	for _, w := range []string{"jabref", "zotero", "mendeley", "generated", "created", "exported", "encoding"} {
		if strings.Contains(low, w) {
			return ""
		}
	}
	return bibinMarkerName(body)
}

// bibinJabRefGroups reads JabRef 2 explicit groups ("ExplicitGroup:Name\;0\;key1\;key2\;;")
// from a jabref-meta comment into groups (key → group name; the first group wins).
func bibinJabRefGroups(body string, groups map[string]string) {
	if !strings.Contains(body, "jabref-meta") {
		return
	}
	body = bibinUnwrapTree(body)
	for rest := body; ; {
		i := strings.Index(rest, "ExplicitGroup:")
		if i < 0 {
			return
		}
		rest = rest[i+len("ExplicitGroup:"):]
		// The group ends at the first ";" not escaped by a backslash.
		end := 0
		for end < len(rest) && !(rest[end] == ';' && (end == 0 || rest[end-1] != '\\')) {
			end++
		}
		fields := strings.Split(rest[:end], "\\;")
		if len(fields) >= 2 {
			name := bibinGroupName(fields[0])
			for _, k := range fields[2:] {
				k = strings.TrimSpace(k)
				if k != "" && name != "" {
					if _, ok := groups[k]; !ok {
						groups[k] = name
					}
				}
			}
		}
		rest = rest[end:]
	}
}

// bibinTreeLineRe matches the start of a group line of a JabRef groups
// tree ("2 ExplicitGroup:", "1 StaticGroup:").
var bibinTreeLineRe = regexp.MustCompile(`^\d{1,3} [A-Za-z]*Group:`)

// bibinUnwrapTree undoes JabRef 2's wrapping of the groups tree at 70
// columns, which cuts lines in the middle of citation keys ("Behrisch20" /
// "08"): a line that does not start a group continues the line before it.
func bibinUnwrapTree(body string) string {
	lines := strings.Split(body, "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 && !bibinTreeLineRe.MatchString(l) {
			b.WriteString(l)
			continue
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// bibinGroupName reads a JabRef group name: JabRef doubles its backslashes
// on every save ("Universit\\\\\"at"), so a run of them is one, and the
// LaTeX is decoded ("Universität").
func bibinGroupName(s string) string {
	s = bibinBackslashRunRe.ReplaceAllString(s, `\`)
	return rlCleanSpace(bibinLatexText(s))
}

var bibinBackslashRunRe = regexp.MustCompile(`\\{2,}`)

// item processes one top-level item.
func (r *bibinReader) item(it bibinItem) {
	switch it.kind {
	case "marker":
		r.setMarker(it.body, it.line)
		return
	case "comment":
		if name := bibinCommentMarker(it.body); name != "" {
			r.setMarker(name, it.line)
		}
		return
	case "preamble":
		return
	}
	if !it.closed {
		return // already reported by bibinSplit
	}
	if it.kind == "string" {
		r.defineString(it)
		return
	}
	r.entry(it)
}

func (r *bibinReader) setMarker(name string, line int) {
	r.marker = name
	r.famSeq = append(r.famSeq, bibinFamStep{name: name, line: line, entry: -1})
}

// bibinPart is one operand of a field value: braced or quoted text, a
// number, or a macro name.
type bibinPart struct {
	text  string
	macro bool
	line  int
}

// bibinField is a field as written: name and value parts.
type bibinField struct {
	name  string // lower case
	parts []bibinPart
	line  int
}

// bibinSyntaxError is a malformed item; Line is where the problem was seen.
type bibinSyntaxError struct {
	Line int
	Msg  string
}

func (e *bibinSyntaxError) Error() string { return e.Msg }

// bibinScanner reads the body of an entry.
type bibinScanner struct {
	s    string
	i    int
	line int
}

func (sc *bibinScanner) skipSpace() {
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		if c == '\n' {
			sc.line++
		} else if c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v' {
			return
		}
		sc.i++
	}
}

func (sc *bibinScanner) errorf(format string, args ...any) error {
	return &bibinSyntaxError{Line: sc.line, Msg: fmt.Sprintf(format, args...)}
}

// bibinNameChar reports whether c may appear in a field or macro name.
func bibinNameChar(c byte) bool {
	return c > ' ' && !strings.ContainsRune("\"#%'(),={}", rune(c)) && c != 0x7f
}

func (sc *bibinScanner) name() string {
	start := sc.i
	for sc.i < len(sc.s) && bibinNameChar(sc.s[sc.i]) {
		sc.i++
	}
	return sc.s[start:sc.i]
}

// value reads "part # part # ...".
func (sc *bibinScanner) value() ([]bibinPart, error) {
	var parts []bibinPart
	for {
		sc.skipSpace()
		if sc.i >= len(sc.s) {
			return nil, sc.errorf("missing value")
		}
		line := sc.line
		switch c := sc.s[sc.i]; {
		case c == '{':
			depth := 0
			start := sc.i + 1
			for ; sc.i < len(sc.s); sc.i++ {
				switch sc.s[sc.i] {
				case '{':
					depth++
				case '}':
					depth--
				case '\n':
					sc.line++
				}
				if depth == 0 {
					break
				}
			}
			if depth != 0 {
				return nil, &bibinSyntaxError{Line: line, Msg: "unbalanced braces in a value"}
			}
			parts = append(parts, bibinPart{text: sc.s[start:sc.i], line: line})
			sc.i++
		case c == '"':
			depth := 0
			start := sc.i + 1
			sc.i++
			for ; sc.i < len(sc.s); sc.i++ {
				ch := sc.s[sc.i]
				if ch == '\n' {
					sc.line++
				}
				if ch == '{' {
					depth++
				} else if ch == '}' {
					depth--
					if depth < 0 {
						return nil, &bibinSyntaxError{Line: line, Msg: "unbalanced braces in a quoted value"}
					}
				} else if ch == '"' && depth == 0 {
					break
				}
			}
			if sc.i >= len(sc.s) {
				return nil, &bibinSyntaxError{Line: line, Msg: "unterminated quoted value"}
			}
			parts = append(parts, bibinPart{text: sc.s[start:sc.i], line: line})
			sc.i++
		case c >= '0' && c <= '9':
			start := sc.i
			for sc.i < len(sc.s) && sc.s[sc.i] >= '0' && sc.s[sc.i] <= '9' {
				sc.i++
			}
			if sc.i < len(sc.s) && bibinNameChar(sc.s[sc.i]) {
				// "2017a": a macro-like word starting with a digit.
				sc.i = start
				n := sc.name()
				parts = append(parts, bibinPart{text: n, macro: true, line: line})
			} else {
				parts = append(parts, bibinPart{text: sc.s[start:sc.i], line: line})
			}
		case bibinNameChar(c):
			parts = append(parts, bibinPart{text: sc.name(), macro: true, line: line})
		default:
			return nil, sc.errorf("unexpected %q in a value", c)
		}
		sc.skipSpace()
		if sc.i < len(sc.s) && sc.s[sc.i] == '#' {
			sc.i++
			continue
		}
		return parts, nil
	}
}

// bibinParseBody reads "key, field = value, ..." (or, for @string,
// "name = value"). An entry's key may be empty.
func bibinParseBody(body string, line int, isString bool) (key string, fields []bibinField, err error) {
	sc := &bibinScanner{s: body, line: line}
	sc.skipSpace()
	if !isString {
		// The key runs to the first comma; BibTeX allows almost anything in it.
		k := strings.IndexByte(body[sc.i:], ',')
		eq := strings.IndexByte(body[sc.i:], '=')
		switch {
		case k < 0 && eq < 0:
			return strings.TrimSpace(body[sc.i:]), nil, nil // "@misc{key}"
		case k < 0 || eq >= 0 && eq < k:
			return "", nil, sc.errorf("missing citation key")
		}
		key = strings.TrimSpace(body[sc.i : sc.i+k])
		sc.line += strings.Count(body[sc.i:sc.i+k], "\n")
		sc.i += k + 1
	}
	for {
		sc.skipSpace()
		for sc.i < len(sc.s) && sc.s[sc.i] == ',' {
			sc.i++
			sc.skipSpace()
		}
		if sc.i >= len(sc.s) {
			return key, fields, nil
		}
		fline := sc.line
		n := sc.name()
		if n == "" {
			return key, fields, sc.errorf("unexpected %q where a field name should be", sc.s[sc.i])
		}
		sc.skipSpace()
		if sc.i >= len(sc.s) || sc.s[sc.i] != '=' {
			return key, fields, sc.errorf("field %q has no \"=\"", n)
		}
		sc.i++
		parts, err := sc.value()
		if err != nil {
			return key, fields, err
		}
		fields = append(fields, bibinField{name: strings.ToLower(n), parts: parts, line: fline})
		sc.skipSpace()
		if sc.i < len(sc.s) && sc.s[sc.i] != ',' {
			return key, fields, sc.errorf("missing comma after field %q", n)
		}
		if isString {
			sc.i++ // only one definition
			sc.skipSpace()
			if sc.i < len(sc.s) {
				return key, fields, sc.errorf("more than one definition in @string")
			}
			return key, fields, nil
		}
	}
}

// bibinMonths are BibTeX's predefined month macros.
var bibinMonths = map[string]string{
	"jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
	"jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}

// resolve joins a value's parts, expanding macros; an undefined macro is
// reported and read as its own name.
func (r *bibinReader) resolve(parts []bibinPart) string {
	var b strings.Builder
	for _, p := range parts {
		if !p.macro {
			b.WriteString(p.text)
			continue
		}
		low := strings.ToLower(p.text)
		if v, ok := r.macros[low]; ok {
			b.WriteString(v)
		} else if v, ok := bibinMonths[low]; ok {
			b.WriteString(v)
		} else {
			r.probs.addf(p.line, "undefined @string macro %q: read as its name", p.text)
			b.WriteString(p.text)
		}
	}
	return b.String()
}

func (r *bibinReader) defineString(it bibinItem) {
	_, fields, err := bibinParseBody(it.body, it.line, true)
	if err == nil && len(fields) != 1 {
		err = &bibinSyntaxError{Line: it.line, Msg: "empty @string"}
	}
	if err != nil {
		r.reportSyntax(it, err)
		return
	}
	v := r.resolve(fields[0].parts)
	if _, dup := r.macros[fields[0].name]; dup {
		r.probs.addf(it.line, "@string %q redefined", fields[0].name)
	}
	r.macros[fields[0].name] = v
}

func (r *bibinReader) reportSyntax(it bibinItem, err error) {
	var se *bibinSyntaxError
	if errors.As(err, &se) {
		r.probs.add(it.line, fmt.Sprintf("malformed @%s (problem at line %d): skipped", it.kind, se.Line), errors.New(se.Msg))
		return
	}
	r.probs.add(it.line, fmt.Sprintf("malformed @%s: skipped", it.kind), err)
}

// entry reads one bibliography entry.
func (r *bibinReader) entry(it bibinItem) {
	key, fields, err := bibinParseBody(it.body, it.line, false)
	if err != nil {
		r.reportSyntax(it, err)
		return
	}
	if key != "" {
		if first, dup := r.keys[key]; dup {
			r.probs.addf(it.line, "duplicate citation key %q (first at line %d)", key, first)
		} else {
			r.keys[key] = it.line
		}
	}
	vals := make(map[string]string, len(fields))
	var order []string
	for _, f := range fields {
		if _, dup := vals[f.name]; dup {
			r.probs.addf(f.line, "duplicate field %q: the first is used", f.name)
			continue
		}
		vals[f.name] = r.resolve(f.parts)
		order = append(order, f.name)
	}
	switch it.kind {
	case "proceedings", "mvproceedings":
		// A volume of proceedings is where papers appeared, not a paper.
		if !r.xrefUsed[strings.ToLower(key)] {
			r.probs.addf(it.line, "@%s %q is a volume of proceedings, not a paper: skipped", it.kind, key)
		}
		return
	}
	if x := vals["crossref"]; x != "" {
		target, ok := r.xref[strings.ToLower(strings.TrimSpace(x))]
		if !ok {
			r.probs.addf(it.line, "@%s %q: crossref %q names no entry of the file: its booktitle and year are not inherited", it.kind, key, x)
		}
		for _, k := range bibinInherited {
			if _, has := vals[k]; !has && target[k] != "" {
				vals[k] = target[k]
				order = append(order, k)
			}
		}
		// BibLaTeX: the title of the proceedings is the paper's booktitle.
		if _, has := vals["booktitle"]; !has && target["title"] != "" && vals["journal"] == "" {
			vals["booktitle"] = target["title"]
			order = append(order, "booktitle")
		}
	}
	parsed, err := bibinViaLibrary(it.kind, order, vals)
	if err != nil {
		r.probs.add(it.line, fmt.Sprintf("@%s %q rejected by the BibTeX parser: skipped", it.kind, key), err)
		return
	}
	e, keywords, ok := r.toEntry(it, key, parsed)
	if !ok {
		r.probs.addf(it.line, "@%s %q has neither a title nor an identifier: skipped", it.kind, key)
		return
	}
	e.Key, e.Type = key, it.kind
	for _, n := range order {
		e.Fields = append(e.Fields, Field{Name: n, Value: vals[n]})
	}
	r.list.Entries = append(r.list.Entries, e)
	r.famSeq = append(r.famSeq, bibinFamStep{entry: len(r.list.Entries) - 1})
	if len(keywords) > 0 {
		r.keywords = append(r.keywords, bibinKeywordEntry{len(r.list.Entries) - 1, keywords})
	}
}

// keywordFamilies names the family of the entries that no group or
// section marker names, by their keywords. A keyword names a family only
// if at least two of these entries share it and at least two get it
// (Zotero tags every entry with keywords of its own: one family per entry
// would be no grouping at all). An entry gets, of its keywords that name a
// family, the one the file names first (so that entries sharing several
// keywords share one family), or else the file's base name, as an entry
// without keywords does. Keywords are compared without case; a family is
// spelt as the file first spells it.
func (r *bibinReader) keywordFamilies() {
	if len(r.keywords) == 0 {
		return
	}
	type kw struct {
		rank, entries int    // order of first use in the file; entries that have it
		name          string // as first spelt
		named         bool   // may name a family
	}
	kws := map[string]*kw{}
	for _, k := range r.keywords {
		for _, w := range k.words {
			low := strings.ToLower(w)
			if kws[low] == nil {
				kws[low] = &kw{rank: len(kws), name: w}
			}
		}
		for _, low := range bibinFold(k.words) {
			kws[low].entries++
		}
	}
	for _, k := range kws {
		k.named = k.entries >= 2
	}
	picks := make([]*kw, len(r.keywords))
	for {
		got := map[*kw]int{}
		for i, k := range r.keywords {
			picks[i] = nil
			for _, w := range k.words {
				if c := kws[strings.ToLower(w)]; c.named && (picks[i] == nil || c.rank < picks[i].rank) {
					picks[i] = c
				}
			}
			if picks[i] != nil {
				got[picks[i]]++
			}
		}
		// A keyword that one entry only gets names no family; that entry
		// takes its next keyword.
		dropped := false
		for c, n := range got {
			if n < 2 {
				c.named, dropped = false, true
			}
		}
		if !dropped {
			break
		}
	}
	for i, k := range r.keywords {
		fam := r.base
		if picks[i] != nil {
			fam = picks[i].name
		}
		r.list.Entries[k.entry].Family = fam
	}
}

// bibinFold returns the distinct keywords of words, in lower case.
func bibinFold(words []string) []string {
	var out []string
	for _, w := range words {
		if low := strings.ToLower(w); !slices.Contains(out, low) {
			out = append(out, low)
		}
	}
	return out
}

// bibinLibMu serialises calls into github.com/nickng/bibtex, whose parser
// keeps its state in package variables.
var bibinLibMu sync.Mutex

// bibinAt stands in for "@" in values handed to nickng/bibtex, which
// rejects "@" inside braces.
const bibinAt = '\uE040'

// bibinLibValue hides from nickng/bibtex the characters it cannot take in a
// braced value: "@" (an error) and NUL (its end-of-input marker).
var bibinLibValue = strings.NewReplacer("@", string(bibinAt), "\x00", " ")

// bibinLibFieldRe is what nickng/bibtex accepts as a field name.
var bibinLibFieldRe = regexp.MustCompile(`^[A-Za-z0-9_:./+-]+$`)

// bibinViaLibrary parses a normalised entry with github.com/nickng/bibtex
// and returns its field values by (lower-case) name.
//
// The normal form avoids the library's pitfalls: values are already
// resolved and concatenated (its "#" keeps only the first operand, and it
// calls log.Fatalf on an undefined macro); "@" is replaced while parsing (it
// fails on "@" inside braces); the key is a fixed safe word and field names
// are restricted to its identifier characters, renaming the keywords it
// cannot take as field names ("comment", "__markedentry"). Its
// package-level parser state is reset before each use, because a failed
// parse leaves it set and breaks the next one.
func bibinViaLibrary(kind string, order []string, vals map[string]string) (map[string]string, error) {
	var b strings.Builder
	b.WriteString("@")
	b.WriteString(bibinLibName(kind, "misc"))
	b.WriteString("{citegraphkey,\n")
	names := map[string]string{}
	for i, f := range order {
		// Fields go in as "f0", "f1", ...: the library refuses some names
		// a .bib may hold ("__markedentry", "comment").
		n := fmt.Sprintf("f%d", i)
		names[n] = f
		b.WriteString("  ")
		b.WriteString(n)
		b.WriteString(" = {")
		b.WriteString(bibinLibValue.Replace(vals[f]))
		b.WriteString("}")
		if i < len(order)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")

	bib, err := bibinLibParse(b.String())
	if err != nil {
		return nil, err
	}
	if len(bib.Entries) != 1 {
		return nil, fmt.Errorf("bib: parser returned %d entries for one", len(bib.Entries))
	}
	out := make(map[string]string, len(order))
	for n, v := range bib.Entries[0].Fields {
		orig, ok := names[n]
		if !ok || v == nil {
			continue
		}
		out[orig] = strings.ReplaceAll(v.String(), string(bibinAt), "@")
	}
	return out, nil
}

func bibinLibParse(src string) (bib *bibtex.BibTex, err error) {
	bibinLibMu.Lock()
	defer bibinLibMu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			bib, err = nil, fmt.Errorf("bib: BibTeX parser panicked: %v", p)
		}
	}()
	// Reset the parser's package state: scanning "," clears the flag that
	// a failed parse can leave set.
	_, _ = bibtex.Parse(strings.NewReader("@,"))
	return bibtex.Parse(strings.NewReader(src))
}

// bibinLibName lower-cases s and keeps only characters nickng/bibtex
// accepts in identifiers.
func bibinLibName(s, fallback string) string {
	s = strings.ToLower(s)
	if bibinLibFieldRe.MatchString(s) {
		return s
	}
	s = strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && bibinLibFieldRe.MatchString(string(r)) {
			return r
		}
		return '_'
	}, s)
	if strings.Trim(s, "_") == "" {
		return fallback
	}
	return s
}

var (
	bibinYearRe   = regexp.MustCompile(`(?:^|\D)((?:1[89]|20)\d\d)(?:\D|$)`)
	bibinSplitRe  = regexp.MustCompile(`\s*[,;]\s*`)
	bibinArxivJRe = regexp.MustCompile(`(?i)^\s*(?:arxiv|corr)\b`)
)

// toEntry builds the Entry of a parsed entry, and returns the keywords
// that may name its family (when no group or marker does; its Family is
// then "").
func (r *bibinReader) toEntry(it bibinItem, key string, f map[string]string) (Entry, []string, bool) {
	e := Entry{File: r.list.Name, Line: it.line, Kind: KindPaper, Raw: rlRaw(it.raw)}
	e.Title = rlFinishTitle(bibinTitleHTML(bibinLatexText(f["title"])), it.line, r.probs)

	// Year.
	for _, k := range []string{"year", "date", "issued"} {
		if m := bibinYearRe.FindStringSubmatch(f[k]); m != nil {
			e.Year, _ = strconv.Atoi(m[1]) // 1800-2099: a .bib cites old papers too ("year = {1925}")
			break
		}
	}

	// Identifiers.
	if d := f["doi"]; d != "" {
		for _, part := range strings.Fields(strings.ReplaceAll(d, ",", " ")) {
			part = bibinLatexText(part)
			if c := rlCleanDOI(part); c != "" {
				e.IDs.DOI = c
				break
			}
			// "http://doi.ieeecomputersociety.org/10.1109/…": a URL whose path is the DOI.
			if k := strings.Index(part, "/10."); k >= 0 && strings.Contains(part[:k], "://") {
				if c := rlCleanDOI(part[k+1:]); c != "" {
					e.IDs.DOI = c
					break
				}
			}
		}
		if e.IDs.DOI == "" {
			r.probs.addf(it.line, "doi %q is not a DOI", mdQuoteShort(d))
		}
	}
	prefix := strings.ToLower(f["archiveprefix"] + f["eprinttype"])
	if ep := strings.TrimSpace(f["eprint"]); ep != "" {
		ep = strings.TrimPrefix(strings.TrimPrefix(ep, "arXiv:"), "arxiv:")
		if id := rlArxivID(ep); id != "" && (prefix == "" || strings.Contains(prefix, "arxiv")) {
			e.IDs.ArXiv = id
		} else if strings.Contains(prefix, "arxiv") {
			info := rlInspectURL(ep)
			rlMergeIDs(&e.IDs, info.ids)
		}
	}
	for _, k := range []string{"arxiv", "arxivid", "arxiv_id", "arxiv-id"} {
		if e.IDs.ArXiv == "" && f[k] != "" {
			v := strings.TrimSpace(f[k])
			v = strings.TrimPrefix(strings.TrimPrefix(v, "arXiv:"), "arxiv:")
			if id := rlArxivID(v); id != "" {
				e.IDs.ArXiv = id
			} else {
				rlMergeIDs(&e.IDs, rlInspectURL(v).ids)
			}
		}
	}
	var urls []string
	for _, k := range []string{"url", "pdf", "link", "howpublished", "note", "file"} {
		v := f[k]
		if v == "" {
			continue
		}
		// DBLP and Mendeley escape URLs: "content\_cvpr", "content{\_}cvpr", "http\://".
		v = bibinURLUnescape.Replace(v)
		for _, u := range bibinURLRe.FindAllString(v, -1) {
			u = rlTrimURLPunct(strings.TrimRight(u, "}"))
			urls = append(urls, u)
			rlMergeIDs(&e.IDs, rlInspectURL(u).ids)
		}
	}
	for _, k := range []string{"journal", "journaltitle", "note", "howpublished", "booktitle", "eprint", "url"} {
		ids, _ := rlTextIDs(f[k])
		rlMergeIDs(&e.IDs, ids)
	}
	bibinMoreIDs(&e.IDs, key, f)
	e.URLs = urls

	// Venue. The booktitle comes first, also for an @article that has both
	// (JabRef's TRB papers, Semantic Scholar's export): the shared corpus
	// reads the conference there.
	for _, k := range []string{"booktitle", "journal", "journaltitle", "eventtitle", "series"} {
		if v := rlCleanSpace(bibinLatexText(f[k])); v != "" {
			if bibinArxivJRe.MatchString(v) || strings.HasPrefix(strings.ToLower(v), "arxiv preprint") {
				v = "arXiv"
			}
			e.Venue, _ = rlCap(v, maxTitleBytes)
			break
		}
	}
	if e.Venue == "" && (strings.Contains(prefix, "arxiv") || strings.EqualFold(strings.TrimSpace(f["publisher"]), "arxiv") ||
		strings.HasPrefix(strings.ToLower(e.IDs.DOI), "10.48550/arxiv.")) {
		e.Venue = "arXiv"
	}

	// Family.
	fam := ""
	for _, k := range []string{"groups", "mendeley-groups"} {
		if g := bibinFirst(f[k]); g != "" {
			fam = g
			break
		}
	}
	if fam == "" {
		fam = r.groups[key]
	}
	if fam == "" {
		fam = r.marker
	}
	var keywords []string
	if fam == "" {
		// Named once every entry is read (see keywordFamilies).
		if keywords = bibinKeywords(f["keywords"]); len(keywords) == 0 {
			fam = r.base
		}
	}
	e.Family = fam

	// An @online entry that only links to blogs is a link.
	switch it.kind {
	case "online", "www", "webpage", "electronic", "misc":
		if e.IDs.Empty() && len(urls) > 0 {
			blog := true
			for _, u := range urls {
				if !rlInspectURL(u).blog {
					blog = false
				}
			}
			if blog {
				e.Kind = KindLink
			}
		}
	}
	if e.Title == "" && e.IDs.Empty() {
		if e.Venue == "" || f["author"] == "" && f["editor"] == "" {
			return e, nil, false
		}
		// A citation of a whole book or handbook ("@incollection{brooks11,
		// author, booktitle, year}"): a paper entry without a title, which
		// resolution reports as unresolved.
		r.probs.addf(it.line, "@%s %q has no title: kept as an entry that cannot be resolved", it.kind, key)
	}
	return e, keywords, true
}

var (
	// bibinCoRRVolumeRe matches the volume DBLP and Semantic Scholar give a
	// CoRR (arXiv) paper: "abs/1412.6980", "abs/cs/0112017".
	bibinCoRRVolumeRe = regexp.MustCompile(`^\s*abs/(\S+)\s*$`)
	// bibinHTMLTagRe matches the inline formatting tags that Mendeley,
	// Zotero and Crossref leave in titles ("The <i>Streptococcus</i> …",
	// "H<sub>2</sub>O"; Mendeley writes them {\textless}i{\textgreater}).
	bibinHTMLTagRe = regexp.MustCompile(`(?i)</?(?:i|b|em|strong|sub|sup|scp|u|span)(?:\s[^<>]*)?>`)
)

// bibinMoreIDs adds the identifiers an entry gives outside its doi, eprint
// and URL fields, each a rule of a common exporter:
//   - PubMed ids in "pmid" and "pmcid" fields (Mendeley, Zotero, PubMed's
//     own export), and biblatex's eprinttype = {pubmed};
//   - a CoRR entry's volume "abs/ID" is its arXiv id (DBLP, Semantic
//     Scholar), when no eprint says it;
//   - a citation key that is a whole DOI is the DOI (the ACM DL and
//     SpringerLink key their exports by DOI), when no doi field gives one.
func bibinMoreIDs(ids *IDs, key string, f map[string]string) {
	if ids.PMID == "" {
		if v := strings.TrimSpace(f["pmid"]); v != "" && len(v) <= 9 && rlDigits(v) {
			ids.PMID = v
		} else if strings.EqualFold(strings.TrimSpace(f["eprinttype"]), "pubmed") {
			if v := strings.TrimSpace(f["eprint"]); v != "" && len(v) <= 9 && rlDigits(v) {
				ids.PMID = v
			}
		}
	}
	if ids.PMCID == "" {
		if m := rlPMCIDTextRe.FindStringSubmatch(f["pmcid"]); m != nil {
			ids.PMCID = "PMC" + m[1]
		}
	}
	if ids.ArXiv == "" && bibinArxivJRe.MatchString(f["journal"]) {
		if m := bibinCoRRVolumeRe.FindStringSubmatch(f["volume"]); m != nil {
			ids.ArXiv = rlArxivID(m[1])
		}
	}
	if ids.DOI == "" && strings.HasPrefix(key, "10.") {
		if d := rlCleanDOI(key); d == key {
			ids.DOI = d
		}
	}
}

// bibinTitleHTML reads a title's HTML as typeset: inline formatting tags
// are dropped and character references decoded ("Too Big? &#x1f99c;",
// which the ACM DL writes as \&\#x1f99c;).
func bibinTitleHTML(s string) string {
	if !strings.Contains(s, "<") && !strings.Contains(s, "&") {
		return s
	}
	s = bibinHTMLTagRe.ReplaceAllString(s, "")
	if strings.Contains(s, "&") && strings.Contains(s, ";") {
		s = html.UnescapeString(s)
	}
	return s
}

var bibinURLUnescape = strings.NewReplacer(`{\_}`, "_", `\_`, "_", `{\%}`, "%", `\%`, "%", `{\&}`, "&", `\&`, "&",
	`\#`, "#", `{\~}`, "~", `\~{}`, "~", `\textasciitilde{}`, "~", `\:`, ":", `$\sim$`, "~")

var bibinURLRe = regexp.MustCompile(`(?:https?|ftp)://[^\s{}"<>\\]+`)

// bibinSubjectRe matches the arXiv subject classes that Zotero and JabRef
// store as keywords ("Computer Science - Machine Learning", "cs.LG",
// "I.2.6"): they are archive categories, not technique families.
var bibinSubjectRe = regexp.MustCompile(`^(?:(?:Computer Science|Statistics|Mathematics|Physics|Electrical Engineering and Systems Science|Quantitative Biology|Quantitative Finance|Economics|Condensed Matter|High Energy Physics|Astrophysics|Nonlinear Sciences|General Relativity and Quantum Cosmology|Quantum Physics|Mathematical Physics|Nuclear Theory|Nuclear Experiment) - .+|(?:cs|stat|math|eess|q-bio|q-fin|econ|physics|astro-ph|cond-mat|hep-[a-z]+|nlin|quant-ph|gr-qc)\.[A-Za-z-]{2,}|[A-K]\.\d+(?:\.\d+)?)$`)

// bibinKeywords returns the keywords that are not arXiv subject classes,
// as plain text.
func bibinKeywords(v string) []string {
	var ws []string
	for _, p := range bibinSplitRe.Split(strings.TrimSpace(v), -1) {
		p = rlCleanSpace(bibinLatexText(p))
		if p == "" || bibinSubjectRe.MatchString(p) {
			continue
		}
		p, _ = rlCap(p, maxTitleBytes)
		ws = append(ws, p)
	}
	return ws
}

// bibinFirst returns the first item of a comma- or semicolon-separated
// list, as plain text.
func bibinFirst(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	for _, p := range bibinSplitRe.Split(v, -1) {
		if p = rlCleanSpace(bibinLatexText(p)); p != "" {
			p, _ = rlCap(p, maxTitleBytes)
			return p
		}
	}
	return ""
}

// ---- LaTeX to text ---------------------------------------------------------

// bibinAccents maps accent commands to combining marks.
var bibinAccents = map[string]rune{
	"'": 0x301, "`": 0x300, "^": 0x302, "\"": 0x308, "~": 0x303, "=": 0x304, ".": 0x307,
	"u": 0x306, "v": 0x30C, "H": 0x30B, "c": 0x327, "k": 0x328, "r": 0x30A, "d": 0x323, "b": 0x331, "t": 0x361,
}

// bibinGlued are the two-letter commands read as their letter when a word
// is glued to them ("\\ssball" is "ßball").
var bibinGlued = map[string]bool{"ss": true, "ae": true, "AE": true, "oe": true, "OE": true, "aa": true, "AA": true}

// bibinSymbols maps argument-less commands to text.
var bibinSymbols = map[string]string{
	"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
	"l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
	"dj": "đ", "DJ": "Đ", "SS": "SS",
	"textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘",
	"textquotedblleft": "“", "textquotedblright": "”", "textquotesingle": "'", "textquotedbl": "\"", "ldots": "…", "dots": "…", "textellipsis": "…",
	"textregistered": "®", "texttrademark": "™", "copyright": "©", "textcopyright": "©", "S": "§", "P": "¶",
	"dag": "†", "ddag": "‡", "pounds": "£", "euro": "€", "texteuro": "€", "textasciitilde": "~",
	"textbackslash": "\\", "textasciicircum": "^", "textunderscore": "_", "textbar": "|", "textless": "<",
	"textgreater": ">", "textdegree": "°", "degree": "°", "textbullet": "•", "textperiodcentered": "·",
	"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
	"eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
	"xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
	"upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
	"Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
	"Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"ell": "ℓ", "infty": "∞", "times": "×", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
	"approx": "≈", "cdot": "·", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
	"sim": "∼", "neq": "≠", "ne": "≠", "circ": "∘", "partial": "∂", "nabla": "∇", "in": "∈", "sum": "∑",
	"prod": "∏", "int": "∫", "forall": "∀", "exists": "∃", "emptyset": "∅", "cup": "∪", "cap": "∩",
	"star": "⋆", "ast": "∗", "div": "÷", "propto": "∝", "equiv": "≡", "mid": "|", "vert": "|",
	"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", "\\": " ",
	",": " ", ";": " ", ":": " ", "!": "", " ": " ", "-": "", "/": "", "@": "", "quad": " ", "qquad": " ",
	"newline": " ", "par": " ", "relax": "", "protect": "", "nobreak": "", "noindent": "", "xspace": "",
}

// bibinSwitches are font switches and other commands dropped with no trace.
var bibinSwitches = map[string]bool{
	"em": true, "bf": true, "it": true, "sc": true, "rm": true, "sl": true, "tt": true, "sf": true, "up": true,
	"bfseries": true, "itshape": true, "scshape": true, "rmfamily": true, "sffamily": true, "ttfamily": true,
	"normalfont": true, "upshape": true, "mdseries": true, "slshape": true, "small": true, "large": true,
	"Large": true, "LARGE": true, "huge": true, "Huge": true, "tiny": true, "footnotesize": true,
	"scriptsize": true, "normalsize": true, "displaystyle": true, "textstyle": true, "scriptstyle": true,
	"left": true, "right": true, "big": true, "Big": true, "bigg": true, "Bigg": true, "limits": true,
}

// bibinFormat are commands that format their argument.
var bibinFormat = map[string]bool{
	"textbf": true, "textit": true, "emph": true, "texttt": true, "textsc": true, "textrm": true, "textsf": true,
	"textsl": true, "textup": true, "textnormal": true, "mathrm": true, "mathbf": true, "mathit": true,
	"mathcal": true, "mathbb": true, "mathsf": true, "mathtt": true, "mathfrak": true, "mathscr": true,
	"text": true, "mbox": true, "hbox": true, "url": true, "uppercase": true, "MakeUppercase": true,
	"lowercase": true, "MakeLowercase": true, "NoCaseChange": true, "ensuremath": true, "boldsymbol": true,
	"bm": true, "operatorname": true, "underline": true, "textsuperscript": true, "textsubscript": true,
	"sqrt": true, "hat": true, "tilde": true, "bar": true, "vec": true, "dot": true, "ddot": true, "widehat": true,
	"widetilde": true, "overline": true, "mathnormal": true, "noopsort": true, "textmd": true, "nolinkurl": true,
}

// bibinArgDrop are commands whose argument is dropped entirely.
var bibinArgDrop = map[string]bool{
	"cite": true, "citep": true, "citet": true, "label": true, "ref": true, "footnote": true, "thanks": true,
	"index": true, "hspace": true, "vspace": true, "vphantom": true, "hphantom": true, "phantom": true,
}

// bibinLatexText turns a BibTeX field value (LaTeX) into plain text:
// braces removed, accents and special letters composed ({\"u} → ü, \ss →
// ß), escaped specials unescaped (\& → &), formatting commands replaced by
// their argument (\emph{x} → x), Greek and common math symbols mapped,
// "~" to a space, "--"/"---" to dashes, and white space collapsed.
func bibinLatexText(s string) string {
	if !strings.ContainsAny(s, "\\{}$~-`'") {
		return rlCleanSpace(s)
	}
	var b strings.Builder
	bibinLatexWrite(&b, s, 0)
	return rlCleanSpace(b.String())
}

const bibinMaxDepth = 32

func bibinLatexWrite(b *strings.Builder, s string, depth int) {
	math := false
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '{', '}':
			i++
			continue
		case '$':
			math = !math
			i++
			continue
		case '_', '^':
			if math {
				i++
				continue
			}
		case '~':
			b.WriteByte(' ')
			i++
			continue
		case '-':
			switch {
			case strings.HasPrefix(s[i:], "---"):
				b.WriteString("—")
				i += 3
			case strings.HasPrefix(s[i:], "--"):
				b.WriteString("–")
				i += 2
			default:
				b.WriteByte('-')
				i++
			}
			continue
		case '`':
			if strings.HasPrefix(s[i:], "``") {
				b.WriteString("“")
				i += 2
				continue
			}
		case '\'':
			if strings.HasPrefix(s[i:], "''") {
				b.WriteString("”")
				i += 2
				continue
			}
		case '\\':
			i = bibinCommand(b, s, i, depth)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += size
	}
}

// bibinCommand writes the text of the command at s[i] ("\") and returns the
// index after it.
func bibinCommand(b *strings.Builder, s string, i, depth int) int {
	j := i + 1
	if j >= len(s) || depth > bibinMaxDepth {
		return j
	}
	var name string
	if isASCIILetter(s[j]) {
		for j < len(s) && isASCIILetter(s[j]) {
			j++
		}
		name = s[i+1 : j]
	} else {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
		name = s[i+1 : j]
	}
	// Accents: \"u, \"{u}, \'{\i}, \c c, \v{c}.
	if mark, ok := bibinAccents[name]; ok && !(len(name) == 1 && isASCIILetter(name[0]) && j < len(s) && isASCIILetter(s[j])) {
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') && isASCIILetter(name[0]) {
			k++
		}
		var base string
		switch {
		case k < len(s) && s[k] == '{':
			end := bibinGroupEnd(s, k)
			var inner strings.Builder
			if depth < bibinMaxDepth {
				bibinLatexWrite(&inner, s[k+1:end], depth+1)
			}
			base = inner.String()
			k = min(end+1, len(s))
		case k < len(s) && s[k] == '\\':
			var inner strings.Builder
			k = bibinCommand(&inner, s, k, depth+1)
			base = inner.String()
		case k < len(s):
			_, size := utf8.DecodeRuneInString(s[k:])
			base = s[k : k+size]
			k += size
		}
		if base == "" {
			return k
		}
		r, size := utf8.DecodeRuneInString(base)
		b.WriteString(bibinCompose(r, mark))
		b.WriteString(base[size:])
		return k
	}
	if v, ok := bibinSymbols[name]; ok {
		b.WriteString(v)
		if isASCIILetter(name[0]) {
			j = bibinSkipEmptyGroup(s, j)
		}
		return j
	}
	if len(name) > 2 && bibinGlued[name[:2]] && !bibinSwitches[name] && !bibinFormat[name] && !bibinArgDrop[name] {
		// "Fu\ssball": a letter command glued to the word after it.
		b.WriteString(bibinSymbols[name[:2]])
		b.WriteString(name[2:])
		return j
	}
	if bibinSwitches[name] {
		return j
	}
	// A command with an argument: its text (or nothing); \href{url}{text}
	// keeps the text.
	k := j
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k < len(s) && s[k] == '{' {
		end := bibinGroupEnd(s, k)
		arg := s[k+1 : end]
		next := min(end+1, len(s))
		if name == "href" {
			if next < len(s) && s[next] == '{' {
				end2 := bibinGroupEnd(s, next)
				arg = s[next+1 : end2]
				next = min(end2+1, len(s))
			}
		}
		if strings.TrimSpace(arg) == "" && !bibinFormat[name] && !bibinArgDrop[name] && name != "href" {
			b.WriteString(name) // "\ours{}": a macro used as a word
			return next
		}
		if !bibinArgDrop[name] && depth < bibinMaxDepth {
			if name == "url" {
				b.WriteString(arg)
			} else {
				bibinLatexWrite(b, arg, depth+1)
			}
		}
		return next
	}
	// An unknown command without argument keeps its name (\ours → ours).
	if isASCIILetter(name[0]) {
		b.WriteString(name)
	}
	return j
}

// bibinGroupEnd returns the index of the "}" closing the "{" at s[k], or
// len(s) when it is not closed.
func bibinGroupEnd(s string, k int) int {
	depth := 0
	for i := k; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(s)
}

// bibinSkipEmptyGroup skips a "{}" after a command ("\ss{}").
func bibinSkipEmptyGroup(s string, j int) int {
	if strings.HasPrefix(s[j:], "{}") {
		return j + 2
	}
	return j
}

// bibinCompose returns r with the combining mark, precomposed where Unicode has the form.
func bibinCompose(r, mark rune) string {
	switch r {
	case 'ı':
		r = 'i'
	case 'ȷ':
		r = 'j'
	}
	if !unicode.IsLetter(r) && r != ' ' {
		return string(r) + string(mark)
	}
	return bibinNFC(string(r) + string(mark))
}

func bibinNFC(s string) string { return norm.NFC.String(s) }

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
