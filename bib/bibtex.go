package bib

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nickng/bibtex"
)

// Bibliography assigns citation keys to a set of papers and writes their
// BibTeX entries. Keys follow Google Scholar's style (see key.go): first
// author's last name, year, first significant title word, in ASCII lower
// case, with a, b, c suffixes on clashes assigned in a stable order, so the
// same set of papers always gets the same keys whatever their order.
//
// Entries read like a careful author's (and DBLP's): the type comes from the
// venue (@inproceedings with a readable booktitle, @article with journal,
// volume, number and pages, arXiv preprints as @article with journal =
// {arXiv preprint arXiv:ID} and eprint fields, @phdthesis, @misc when
// nothing is known); authors are all written "von Last, Jr, First" and
// joined with "and"; capitals in titles are protected word by word; LaTeX
// specials are escaped and accents written for 8-bit BibTeX. Fields come in
// a fixed order with values in braces (month as an unbraced macro). An
// entry that a standard style would warn about (no author or no year for
// @inproceedings or @article) is written as @misc instead, and said so in
// Warnings. Everything that could not be written faithfully is in Warnings.
//
// A Bibliography is immutable once made and safe for concurrent use.
type Bibliography struct {
	entries  map[string]*bkEntry // by Paper.Key()
	alias    map[string]string   // alias key → Paper.Key()
	warnings []Warning
}

// Warning is something about a paper that could not be written faithfully.
type Warning struct {
	Key string // citation key
	Msg string
}

func (w Warning) String() string { return w.Key + ": " + w.Msg }

// bkEntry is one paper's entry, kept as a nickng/bibtex entry plus the
// order its fields are written in (BibEntry.Fields is a map).
type bkEntry struct {
	paperKey string
	entry    *bibtex.BibEntry
	order    []string
	paper    *Paper  // the record, authors respelled (see authorSpeller)
	place    bkPlace // its venue, as bkClassify reads it
}

// bkFieldOrder is the order fields are written in.
var bkFieldOrder = []string{
	"author", "title", "booktitle", "journal", "school", "howpublished",
	"volume", "number", "pages", "year", "month", "publisher",
	"doi", "url", "eprint", "archivePrefix", "primaryClass", "key",
}

var bkMonths = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// NewBibliography assigns Google-Scholar-style keys to papers; the same set
// of papers always gets the same keys whatever their order. Nil papers are
// skipped; of papers with the same Paper.Key() only the first is kept.
func NewBibliography(papers []*Paper) *Bibliography {
	return NewBibliographyKeys(papers, nil)
}

// NewBibliographyKeys is NewBibliography with citation keys chosen by the
// caller: keys maps a Paper.Key() to the key its entry must have (a user's
// own key, read from their .bib). A wanted key that is empty, not a valid
// BibTeX key, or already taken (BibTeX compares keys without case) by a
// paper earlier in the order of papers is not used; every other paper gets
// its generated key, never one of the wanted keys.
func NewBibliographyKeys(papers []*Paper, keys map[string]string) *Bibliography {
	b := &Bibliography{entries: map[string]*bkEntry{}, alias: map[string]string{}}
	var uniq []*Paper
	for _, p := range papers {
		if p == nil {
			continue
		}
		if _, dup := b.entries[p.Key()]; dup {
			continue
		}
		b.entries[p.Key()] = nil
		uniq = append(uniq, p)
	}

	// Wanted keys first, in the order of papers.
	cite := map[*Paper]string{}
	used := map[string]bool{} // keys taken, in lower case
	for _, p := range uniq {
		k := keys[p.Key()]
		if k == "" || !ValidCiteKey(k) || used[strings.ToLower(k)] {
			continue
		}
		cite[p] = k
		used[strings.ToLower(k)] = true
	}
	// Group the others by base key; clashing papers get suffixes in
	// Paper.Key() order.
	groups := map[string][]*Paper{}
	for _, p := range uniq {
		if _, ok := cite[p]; ok {
			continue
		}
		k := bkBaseKey(p)
		groups[k] = append(groups[k], p)
	}
	for k, g := range groups {
		if len(g) == 1 && !used[strings.ToLower(k)] {
			used[strings.ToLower(k)] = true
			cite[g[0]] = k
		}
	}
	for _, k := range SortedKeys(groups) {
		g := groups[k]
		if len(g) == 1 && cite[g[0]] == k {
			continue
		}
		sort.Slice(g, func(i, j int) bool {
			if ki, kj := g[i].Key(), g[j].Key(); ki != kj {
				return ki < kj
			}
			return g[i].Title < g[j].Title
		})
		n := 0
		for _, p := range g {
			for used[strings.ToLower(k+bkSuffix(n))] {
				n++
			}
			cite[p] = k + bkSuffix(n)
			used[strings.ToLower(cite[p])] = true
			n++
		}
	}

	spell := newAuthorSpeller(uniq)
	for _, p := range uniq {
		e, warns := bkBuild(spell.paper(p), cite[p])
		b.entries[p.Key()] = e
		for _, m := range warns {
			b.warnings = append(b.warnings, Warning{Key: cite[p], Msg: m})
		}
	}
	// Aliases (arXiv id, DOI, …) lead to the paper too, unless two papers
	// share one; then it leads to the first by citation key.
	byCite := make([]*Paper, len(uniq))
	copy(byCite, uniq)
	sort.Slice(byCite, func(i, j int) bool { return cite[byCite[i]] < cite[byCite[j]] })
	for _, p := range byCite {
		for _, a := range p.AliasKeys() {
			if _, ok := b.alias[a]; !ok {
				b.alias[a] = p.Key()
			}
		}
	}
	sort.SliceStable(b.warnings, func(i, j int) bool { return b.warnings[i].Key < b.warnings[j].Key })
	return b
}

// bkWarnArXivNoID is the warning for an entry whose venue is arXiv with no
// arXiv id.
const bkWarnArXivNoID = "arXiv preprint without an arXiv id: the journal field names no paper"

// ValidCiteKey reports whether k can be written as a citation key that
// BibTeX and biber read back as the same key: printable, with no white
// space and none of the characters that end a key or a field.
func ValidCiteKey(k string) bool {
	if k == "" || len(k) > 200 {
		return false
	}
	for _, r := range k {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || !unicode.IsPrint(r) || strings.ContainsRune(",{}()\"#%'=~\\", r) {
			return false
		}
	}
	return true
}

// lookup finds a paper's entry by Paper.Key() or one of its AliasKeys.
func (b *Bibliography) lookup(paperKey string) *bkEntry {
	if e := b.entries[paperKey]; e != nil {
		return e
	}
	if pk, ok := b.alias[paperKey]; ok {
		return b.entries[pk]
	}
	return nil
}

// CiteKey returns the citation key of the paper with Paper.Key() == paperKey
// (or any of its AliasKeys), or "" when the Bibliography does not hold it.
func (b *Bibliography) CiteKey(paperKey string) string {
	if e := b.lookup(paperKey); e != nil {
		return e.entry.CiteName
	}
	return ""
}

// Write writes the entries for the given paper keys (all papers when nil)
// as BibTeX; see WriteFormat.
func (b *Bibliography) Write(w io.Writer, header string, paperKeys []string) error {
	return b.WriteFormat(w, BibTeX, header, paperKeys)
}

// WriteFormat writes the entries for the given paper keys (all papers when
// nil) in format f, sorted by citation key, after a header comment (each
// line prefixed "% "). BibTeX takes an "@" anywhere outside an entry for
// the start of one, so an "@" in the header is written as " at ", and
// control characters as spaces. An unknown paper key is an error and
// nothing is written.
func (b *Bibliography) WriteFormat(w io.Writer, f Format, header string, paperKeys []string) error {
	sel, err := b.selectEntries(paperKeys)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bkWriteHeader(bw, header)
	for i, e := range sel {
		if i > 0 || header != "" {
			bw.WriteByte('\n')
		}
		o := bkOutOf(e)
		if f == BibLaTeX {
			o = bkToBibLaTeX(o)
		}
		bw.WriteString(o.render())
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bib: write: %w", err)
	}
	return nil
}

// selectEntries returns the entries of the given paper keys (all when
// nil), each once, sorted by citation key.
func (b *Bibliography) selectEntries(paperKeys []string) ([]*bkEntry, error) {
	var sel []*bkEntry
	if paperKeys == nil {
		for _, e := range b.entries {
			sel = append(sel, e)
		}
	} else {
		seen := map[*bkEntry]bool{}
		for _, k := range paperKeys {
			e := b.lookup(k)
			if e == nil {
				return nil, fmt.Errorf("bib: write: unknown paper key %q", k)
			}
			if !seen[e] {
				seen[e] = true
				sel = append(sel, e)
			}
		}
	}
	sort.Slice(sel, func(i, j int) bool { return sel[i].entry.CiteName < sel[j].entry.CiteName })
	return sel, nil
}

// bkWriteHeader writes header as "% " comment lines.
func bkWriteHeader(bw *bufio.Writer, header string) {
	if header == "" {
		return
	}
	for _, line := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
		line = strings.TrimRight(bkCommentLine(line), " ")
		if line == "" {
			bw.WriteString("%\n")
		} else {
			bw.WriteString("% " + line + "\n")
		}
	}
}

// Warnings returns what could not be written faithfully, sorted by key.
func (b *Bibliography) Warnings() []Warning {
	return append([]Warning(nil), b.warnings...)
}

// bkBalanced reports whether s's braces balance the way BibTeX counts them
// (a backslash does not escape a brace).
func bkBalanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

var bkOldArXiv = regexp.MustCompile(`^([a-z\-]+(?:\.[A-Z]{2})?)/\d{7}$`)

// bkURLEscape percent-encodes what may not stand in a URL path.
func bkURLEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/:;()", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// bkDOI cleans a DOI for the doi field: no URL prefix, no white space, and
// braces and backslashes (which would upset BibTeX's brace count), "@",
// control characters and non-ASCII bytes percent-encoded, which doi.org
// resolves the same.
func bkDOI(doi string) string {
	doi = strings.TrimSpace(doi)
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:", "DOI:"} {
		doi = strings.TrimPrefix(doi, p)
	}
	doi = strings.Join(strings.Fields(doi), "")
	var b strings.Builder
	for i := 0; i < len(doi); i++ {
		c := doi[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("{}\\@", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// bkBuild makes the entry of one paper and says what it could not write.
func bkBuild(p *Paper, citeKey string) (*bkEntry, []string) {
	var warns []string
	e := bibtex.NewBibEntry("misc", citeKey)
	set := func(field, value string) {
		if value == "" {
			return
		}
		if !bkBalanced(value) { // cannot happen; never write a broken file
			value = strings.NewReplacer("{", "", "}", "").Replace(value)
			warns = append(warns, field+": unbalanced braces removed")
		}
		e.AddField(field, bibtex.NewBibConst(value))
	}
	text := func(field, s string) string {
		t, dropped := texText(s)
		if len(dropped) > 0 {
			warns = append(warns, texDroppedMsg(field, dropped))
		}
		return t
	}

	var authors []string
	for i, a := range p.Authors {
		t, dropped := texAuthor(a.Name)
		if len(dropped) > 0 {
			warns = append(warns, texDroppedMsg(fmt.Sprintf("author %d", i+1), dropped))
		}
		if t == "" {
			if strings.TrimSpace(a.Name) != "" {
				warns = append(warns, fmt.Sprintf("author %d %q has no LaTeX form: left out", i+1, a.Name))
			}
			continue
		}
		authors = append(authors, t)
	}
	author := strings.Join(authors, " and ")
	title, dropped := texTitle(p.Title)
	if len(dropped) > 0 {
		warns = append(warns, texDroppedMsg("title", dropped))
	}
	year := bkYear(p)
	pl := bkClassify(p)

	// Type and venue fields.
	typ, venueField, venue := "misc", "howpublished", ""
	switch pl.kind {
	case bkConference, bkWorkshop:
		typ, venueField, venue = "inproceedings", "booktitle", pl.name
	case bkJournal:
		typ, venueField, venue = "article", "journal", pl.name
	case bkArXiv:
		typ, venueField, venue = "article", "journal", "arXiv preprint"
		if pl.arXiv != "" {
			venue += " arXiv:" + pl.arXiv
		} else {
			warns = append(warns, bkWarnArXivNoID)
		}
	case bkPhDThesis, bkMastersThesis:
		typ, venueField, venue = "phdthesis", "school", pl.name
		if pl.kind == bkMastersThesis {
			typ = "mastersthesis"
		}
		if venue == "" {
			typ, venueField, venue = "misc", "howpublished", "PhD thesis"
			if pl.kind == bkMastersThesis {
				venue = "Master's thesis"
			}
			warns = append(warns, "thesis without a school: written as @misc")
		}
	default:
		venue = pl.name
	}
	if venue == "" && typ != "misc" {
		typ, venueField = "misc", "howpublished"
	}
	var missing []string
	if title == "" {
		missing = append(missing, "no title")
	}
	if author == "" {
		missing = append(missing, "no author")
	}
	if year == 0 {
		missing = append(missing, "no year")
	}
	if len(missing) > 0 && typ == "misc" {
		warns = append(warns, strings.Join(missing, " and "))
	}
	if len(missing) > 0 && typ != "misc" {
		// Standard styles warn about these entries; @misc needs neither.
		warns = append(warns, fmt.Sprintf("%s: written as @misc, not @%s", strings.Join(missing, " and "), typ))
		if typ == "article" || typ == "inproceedings" {
			if pl.volume != "" {
				venue += ", " + pl.volume
				if pl.number != "" {
					venue += "(" + pl.number + ")"
				}
			}
			if pl.pages != "" {
				venue += ", pages " + pl.pages
			}
		}
		if typ == "phdthesis" {
			venue = "PhD thesis, " + venue
		} else if typ == "mastersthesis" {
			venue = "Master's thesis, " + venue
		}
		typ, venueField = "misc", "howpublished"
	}
	e.Type = typ

	set("author", author)
	set("title", title)
	set(venueField, text(venueField, venue))
	if typ == "article" || typ == "inproceedings" {
		set("volume", text("volume", pl.volume))
		if typ == "article" {
			set("number", text("number", pl.number))
		}
		set("pages", text("pages", pl.pages))
	}
	if year > 0 {
		set("year", strconv.Itoa(year))
		if y, m, ok := bkDate(p.PublicationDate); ok && m > 0 && y == year {
			e.AddField("month", &bibtex.BibVar{Key: bkMonths[m-1], Value: bibtex.NewBibConst(time.Month(m).String())})
		}
	}
	if typ == "inproceedings" {
		set("publisher", text("publisher", pl.publisher))
	}

	doi := bkDOI(p.ExternalIDs["DOI"])
	if pl.arXivDOI && pl.kind != bkArXiv {
		doi = "" // arXiv's DOI is the preprint's, not this version's
	}
	set("doi", doi)
	switch {
	case doi != "" && !pl.arXivDOI:
		set("url", "https://doi.org/"+bkURLEscape(doi))
	case pl.arXiv != "":
		set("url", "https://arxiv.org/abs/"+bkURLEscape(pl.arXiv))
	case doi != "":
		set("url", "https://doi.org/"+bkURLEscape(doi))
	}
	if pl.arXiv != "" && (pl.kind == bkArXiv || doi == "" || pl.arXivDOI) {
		set("eprint", bkURLEscape(pl.arXiv))
		set("archivePrefix", "arXiv")
		if m := bkOldArXiv.FindStringSubmatch(pl.arXiv); m != nil {
			set("primaryClass", m[1])
		}
	}
	if author == "" {
		// Styles sort and label an entry without author by its key field.
		k, _ := texText(p.Title) // what it drops, the title's warning says
		if k == "" {
			k = citeKey
		}
		set("key", k)
	}

	var order []string
	for _, f := range bkFieldOrder {
		if _, ok := e.Fields[f]; ok {
			order = append(order, f)
		}
	}
	return &bkEntry{paperKey: p.Key(), entry: e, order: order, paper: p, place: pl}, warns
}
