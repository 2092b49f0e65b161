package bib

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nickng/bibtex"
)

// Format is a flavour of .bib file.
type Format int

const (
	// BibTeX is classic BibTeX, as plain, natbib and most journals' styles
	// read it (and biber too).
	BibTeX Format = iota
	// BibLaTeX is the biblatex data model that biber reads: journaltitle,
	// date, eprinttype/eprintclass, @online for arXiv preprints.
	BibLaTeX
)

// ParseFormat reads "bibtex" or "biblatex".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "bibtex":
		return BibTeX, nil
	case "biblatex":
		return BibLaTeX, nil
	}
	return BibTeX, fmt.Errorf("bib: unknown format %q: want bibtex or biblatex", s)
}

func (f Format) String() string {
	if f == BibLaTeX {
		return "biblatex"
	}
	return "bibtex"
}

// bkOut is an entry as it is written: type, key, fields in order, and
// comment lines written above it. extra are fields the user wrote twice
// (BibTeX reads the first), written after the others as written and
// never merged.
type bkOut struct {
	typ, key string
	fields   []bkField
	extra    []bkField
	comments []string
}

// bkField is one field as written; a macro (month = jun) is not braced.
// raw, when set, is the value as the user wrote it with @string macros or
// "#" (booktitle = nips), written instead of value, which holds it
// resolved. An inherited field comes through the entry's crossref and is
// not written. Whatever changes the value clears both.
type bkField struct {
	name, value string
	macro       bool
	raw         string
	inherited   bool
}

// bkOutOf returns the written form of a generated entry.
func bkOutOf(e *bkEntry) *bkOut {
	o := &bkOut{typ: e.entry.Type, key: e.entry.CiteName}
	for _, f := range e.order {
		switch v := e.entry.Fields[f].(type) {
		case *bibtex.BibVar:
			o.fields = append(o.fields, bkField{name: f, value: v.Key, macro: true})
		default:
			o.fields = append(o.fields, bkField{name: f, value: v.String()})
		}
	}
	return o
}

func (o *bkOut) clone() *bkOut {
	c := *o
	c.fields = slices.Clone(o.fields)
	c.extra = slices.Clone(o.extra)
	c.comments = slices.Clone(o.comments)
	return &c
}

// index returns the position of the field named name (any case), or -1.
func (o *bkOut) index(name string) int {
	for i, f := range o.fields {
		if strings.EqualFold(f.name, name) {
			return i
		}
	}
	return -1
}

// get returns the value of the field named name (any case).
func (o *bkOut) get(name string) string {
	if i := o.index(name); i >= 0 {
		return o.fields[i].value
	}
	return ""
}

func (o *bkOut) has(name string) bool { return o.index(name) >= 0 }

// del removes the field named name.
func (o *bkOut) del(name string) {
	if i := o.index(name); i >= 0 {
		o.fields = slices.Delete(o.fields, i, i+1)
	}
}

// set replaces the value of a field, or adds the field where bkFieldOrder
// puts it: after the last field that comes before it there (at the end for
// a field the order does not know).
func (o *bkOut) set(f bkField) {
	if i := o.index(f.name); i >= 0 {
		o.fields[i] = f
		return
	}
	rank := bkFieldRank(f.name)
	at := len(o.fields)
	if rank >= 0 {
		at = 0
		for i, g := range o.fields {
			if r := bkFieldRank(g.name); r >= 0 && r < rank {
				at = i + 1
			}
		}
	}
	o.fields = slices.Insert(o.fields, at, f)
}

// rename gives a field a new name in place, unless one of that name exists.
func (o *bkOut) rename(from, to string) {
	if i := o.index(from); i >= 0 && !o.has(to) {
		o.fields[i].name = to
	}
}

// bkFieldRank is a field's place in the order citegraph writes fields in,
// or -1.
func bkFieldRank(name string) int {
	for i, f := range bkWriteOrder {
		if strings.EqualFold(f, name) {
			return i
		}
	}
	return -1
}

// bkWriteOrder is bkFieldOrder with the biblatex fields where they belong.
var bkWriteOrder = []string{
	"author", "title", "booktitle", "journal", "journaltitle", "school", "institution", "howpublished",
	"volume", "number", "pages", "year", "month", "date", "publisher",
	"doi", "url", "eprint", "archivePrefix", "eprinttype", "primaryClass", "eprintclass", "key", "ids", "options",
}

// bkCanonicalNames are field names written with capitals, as arXiv's own
// BibTeX export has them.
var bkCanonicalNames = map[string]string{"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}

// render writes the entry: comments ("% " lines), then fields in order,
// names aligned, values braced except macros, no comma after the last.
func (o *bkOut) render() string {
	var s strings.Builder
	for _, c := range o.commentLines() {
		s.WriteString(c + "\n")
	}
	s.WriteString(o.renderBody())
	return s.String()
}

// commentLines returns the entry's comments as "% " lines, without line ends.
func (o *bkOut) commentLines() []string {
	lines := make([]string, len(o.comments))
	for i, c := range o.comments {
		lines[i] = bkCommentText(c)
	}
	return lines
}

// renderBody writes the entry without its comments.
func (o *bkOut) renderBody() string {
	var s strings.Builder
	width := 0
	fields := make([]bkField, 0, len(o.fields)+len(o.extra))
	for _, f := range append(o.fields[:len(o.fields):len(o.fields)], o.extra...) {
		if !f.inherited {
			width = max(width, len(f.name))
			fields = append(fields, f)
		}
	}
	s.WriteString("@" + o.typ + "{" + o.key + ",\n")
	for i, f := range fields {
		s.WriteString("  " + f.name + strings.Repeat(" ", width-len(f.name)) + " = ")
		switch {
		case f.raw != "":
			s.WriteString(f.raw)
		case f.macro:
			s.WriteString(f.value)
		default:
			s.WriteString("{" + f.value + "}")
		}
		if i < len(fields)-1 {
			s.WriteByte(',')
		}
		s.WriteByte('\n')
	}
	s.WriteString("}\n")
	return s.String()
}

// bkCommentLine makes text safe on a "%" line outside entries: BibTeX takes
// an "@" anywhere outside an entry for the start of one, so "@" becomes
// " at ", and control characters become spaces.
func bkCommentLine(text string) string {
	text = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, text)
	return strings.ReplaceAll(text, "@", " at ")
}

var (
	bkMonthNames = map[string]int{}
	bkYearOnly   = regexp.MustCompile(`^\d{4}$`)
	bkArXivAbs   = regexp.MustCompile(`(?i)^https?://(?:www\.)?arxiv\.org/abs/(.+?)(?:v\d+)?$`)
)

func init() {
	for i, m := range bkMonths {
		bkMonthNames[m] = i + 1
		full := strings.ToLower(time.Month(i + 1).String())
		bkMonthNames[full] = i + 1
	}
}

// bkMonthNumber reads a month field (a macro, an English name or 1-12), 0
// when it is none of those.
func bkMonthNumber(v string) int {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), "{}."))
	if m, ok := bkMonthNames[v]; ok {
		return m
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 12 {
		return n
	}
	return 0
}

// bkQuoted is a phrase in TeX quotes (two backquotes, two apostrophes)
// holding no quote and no brace that would leave \mkbibquote's argument
// unbalanced.
var bkQuoted = regexp.MustCompile("``([^`'{}]*(?:\\{[^`'{}]*\\}[^`'{}]*)*)''")

// bkToBibLaTeX converts an entry written for BibTeX into biblatex's data
// model, the way biber's default source map reads BibTeX names, so nothing
// is lost and nothing is printed twice:
//
//   - journal → journaltitle, address → location, school → institution,
//     archivePrefix → eprinttype (arXiv → arxiv), primaryClass →
//     eprintclass; year and month → date (2018-06) when the year is a plain
//     year and the month is known; the BibTeX "key" field → sortkey.
//   - An arXiv preprint (@article or @misc whose venue is only arXiv's
//     name, with an arXiv eprint or "arXiv:ID" in that name) becomes
//     @online with eprint = ID and eprinttype = arxiv: its journal ("arXiv
//     preprint arXiv:ID") is dropped.
//   - So that an arXiv id is printed once, in the eprint field, the url and
//     doi of an entry with an arXiv eprint that merely repeat the id
//     (https://arxiv.org/abs/ID, 10.48550/arXiv.ID) are kept but not
//     printed (options = {url=false} / {doi=false}).
//   - A phrase the title quotes in TeX quotes is marked \mkbibquote.
func bkToBibLaTeX(o *bkOut) *bkOut {
	o = o.clone()
	if !o.has("eprint") {
		// "arXiv preprint arXiv:ID" names the eprint.
		for _, f := range []string{"journal", "journaltitle", "howpublished"} {
			if v := o.get(f); v != "" && bkIsArXivVenue(bibinLatexText(v)) {
				if m := bkArXivInName.FindStringSubmatch(v); m != nil {
					o.set(bkField{name: "eprint", value: m[1]})
					o.set(bkField{name: "archivePrefix", value: "arXiv"})
					break
				}
			}
		}
	}
	eprint := o.get("eprint")
	isArXiv := strings.Contains(strings.ToLower(o.get("archivePrefix")+o.get("eprinttype")), "arxiv") ||
		eprint != "" && !o.has("archivePrefix") && !o.has("eprinttype") && rlArxivID(eprint) != ""
	if isArXiv && eprint != "" && (o.typ == "article" || o.typ == "misc" || o.typ == "online") {
		venue := o.get("journal") + o.get("journaltitle") + o.get("howpublished")
		if venue == "" || bkIsArXivVenue(bibinLatexText(venue)) || strings.HasPrefix(strings.ToLower(venue), "arxiv") {
			o.typ = "online"
			o.del("journal")
			o.del("journaltitle")
			if h := o.get("howpublished"); h != "" && (bkIsArXivVenue(bibinLatexText(h)) || strings.HasPrefix(strings.ToLower(h), "arxiv")) {
				o.del("howpublished")
			}
			if v := o.get("volume"); bkArXivInVol.MatchString(v) { // DBLP's volume = {abs/1707.01209}
				o.del("volume")
			}
		}
	}
	// A phrase the title quotes (``Learning-Compression'' Algorithms) is
	// marked \mkbibquote: styles that quote titles then nest its quotes
	// instead of doubling them.
	if i := o.index("title"); i >= 0 && !o.fields[i].macro && o.fields[i].raw == "" && !o.fields[i].inherited {
		o.fields[i].value = bkQuoted.ReplaceAllString(o.fields[i].value, `\mkbibquote{$1}`)
	}
	o.rename("journal", "journaltitle")
	o.rename("address", "location")
	o.rename("school", "institution")
	o.rename("key", "sortkey")
	if i := o.index("archivePrefix"); i >= 0 && !o.has("eprinttype") {
		o.fields[i].name = "eprinttype"
		if strings.EqualFold(o.fields[i].value, "arxiv") {
			o.fields[i].value, o.fields[i].raw, o.fields[i].inherited = "arxiv", "", false
		}
	}
	o.rename("primaryClass", "eprintclass")
	if isArXiv && eprint != "" && !o.has("eprinttype") {
		o.set(bkField{name: "eprinttype", value: "arxiv"})
	}
	if y := strings.TrimSpace(o.get("year")); bkYearOnly.MatchString(y) && !o.has("date") {
		date := y
		if m := o.get("month"); m != "" {
			n := bkMonthNumber(m)
			if n == 0 {
				date = "" // a month such as "Spring" stays as it is
			} else {
				date += fmt.Sprintf("-%02d", n)
			}
		}
		if date != "" {
			i := o.index("year")
			// A year inherited through crossref stays so, with no month of its own.
			inherited := o.fields[i].inherited && (!o.has("month") || o.fields[o.index("month")].inherited)
			o.fields[i] = bkField{name: "date", value: date, inherited: inherited}
			o.del("month")
		}
	}
	if isArXiv && eprint != "" {
		var off []string
		if m := bkArXivAbs.FindStringSubmatch(o.get("url")); m != nil && strings.EqualFold(m[1], eprint) {
			off = append(off, "url=false")
		}
		if m := bkArXivDOI.FindStringSubmatch(o.get("doi")); m != nil && strings.EqualFold(m[1], eprint) {
			off = append(off, "doi=false")
		}
		if len(off) > 0 {
			opts := o.get("options")
			for _, x := range off {
				if !strings.Contains(opts, strings.SplitN(x, "=", 2)[0]+"=") {
					if opts != "" {
						opts += ","
					}
					opts += x
				}
			}
			o.set(bkField{name: "options", value: opts})
		}
	}
	return o
}
