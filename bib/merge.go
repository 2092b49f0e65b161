package bib

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"

	udiff "github.com/aymanbagabas/go-udiff"
)

// Merging a user's .bib with the records it resolved to, in the manner of
// betterbib's sync and Zotero Better BibTeX: the record fills what the entry
// lacks and corrects what is plainly wrong, and the user's pins stay. The
// rules, each named in the Change it produces:
//
//   - keep: every field the entry has is kept as written, unless a rule
//     below corrects it; a field the record does not know (note, isbn,
//     abstract, groups, a second url, ...) is always kept, and so are the
//     entry's identifiers (doi, eprint, url) and its author list.
//   - ids: an arXiv id or DOI that the entry carries (in any field the
//     reader takes ids from) and the record lacks counts as the record's.
//   - fill: a field the entry lacks is added from the record: author, title,
//     year and the arXiv eprint (with archivePrefix and primaryClass)
//     always; doi, url, month, volume, number, pages and publisher only when
//     the entry is the record's version (see "venue"), so that a preprint's
//     entry never gets the journal version's DOI or pages.
//   - venue: an entry that names no venue (no journal, booktitle, school,
//     institution or howpublished) gets the record's entry type and venue.
//     An entry names the record's venue when both are arXiv, when both are
//     the same well-known venue (the table of venue.go), or when the names
//     are equal up to case and punctuation; an entry that names another
//     venue cites another version of the paper and keeps its type, venue
//     and year.
//   - arxiv-id: Google Scholar's "arXiv preprint" with its id missing is
//     written as the record's "arXiv preprint arXiv:ID". A venue that is
//     arXiv's name (arXiv, CoRR, arXiv e-prints) is kept: it names the
//     venue, and the entry carries the id elsewhere (DBLP's volume
//     "abs/ID", ADS's pages, an eprint, which fill adds if missing).
//   - year: a year that differs from the record's is replaced when the
//     entry names the record's venue and the record's year is reliable (it
//     agrees with the record's publication date, when that is known).
//   - title-case: a title with the same words as the record's (equal after
//     NormalizeTitle) whose capitals a lower-casing style would lose (BibTeX's
//     change.case$ "t") while the record's written title keeps them is
//     replaced by the record's, with every word the entry protected still
//     protected.
//   - same-paper: an entry that resolves to the paper an earlier entry
//     resolved to is written under its own key, merged with the record
//     like any other, so that nothing of it is lost and \cite of either key
//     works; a comment above each names the other (see bkPeerNote), and
//     SamePapers reports the pair. Only an entry with the earlier one's
//     key (BibTeX compares keys without case: Google Scholar's entry
//     pasted twice) is written once, as the first: BibTeX reads only the
//     first of two entries with one key.
//   - unresolved: an entry that was not resolved (or is a link, not a
//     paper) is written back as read, under a comment that says why: with
//     MergeOptions.Source, its block's own text, in either Format.
//
// Values are compared as written (LaTeX); a written-back .bib that
// citegraph wrote itself is a fixed point.

// KeyPolicy says which citation keys Merge writes.
type KeyPolicy int

const (
	// KeepKeys keeps the keys of the input .bib (an entry with no key gets
	// a generated one).
	KeepKeys KeyPolicy = iota
	// GenerateKeys writes citegraph's Google-Scholar-style keys for the
	// resolved entries (unresolved ones keep theirs).
	GenerateKeys
)

// ParseKeyPolicy reads "keep" or "generate".
func ParseKeyPolicy(s string) (KeyPolicy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "keep":
		return KeepKeys, nil
	case "generate":
		return GenerateKeys, nil
	}
	return KeepKeys, fmt.Errorf("bib: unknown key policy %q: want keep or generate", s)
}

// MergeItem is one entry of a .bib and the record it resolved to.
type MergeItem struct {
	Entry  Entry  // as read by ParseBibTeX (Key, Type and Fields set)
	Paper  *Paper // nil when the entry was not resolved
	Reason string // why it was not resolved, for the comment
}

// MergeOptions configure Merge.
type MergeOptions struct {
	Keys   KeyPolicy
	Format Format
	// Source is the .bib the items were read from (List.Source), the items
	// being its List.Entries in order. With it, Write writes the whole file
	// back: each entry in its block's place, and every other block (a
	// malformed entry, an entry that is not a paper, @string, @preamble,
	// @comment) and all the text between blocks as read, in the file's
	// encoding; an entry not resolved is written as read, its block's own
	// text; and a field the merge keeps is written as the user wrote it,
	// @string macros and "#" included. Without it, Write writes the entries
	// alone, macros resolved.
	Source *BibSource
}

// Change is one field that Merge changed in an entry.
type Change struct {
	Key   string // citation key written
	Field string // field name, or "type", "key", "entry"
	Old   string // value as read, "" when the field was added
	New   string // value written, "" when the field was removed
	Rule  string // the rule that made the change (see Merge)
}

func (c Change) String() string {
	// On one line: a value may run over lines (DBLP wraps long titles).
	c.Old, c.New = strings.Join(strings.Fields(c.Old), " "), strings.Join(strings.Fields(c.New), " ")
	switch {
	case c.Field == "entry":
		return fmt.Sprintf("%s: %s", c.Key, c.New)
	case c.Old == "":
		return fmt.Sprintf("%s: %s added: %s (%s)", c.Key, c.Field, c.New, c.Rule)
	case c.New == "":
		return fmt.Sprintf("%s: %s removed: %s (%s)", c.Key, c.Field, c.Old, c.Rule)
	}
	return fmt.Sprintf("%s: %s: %s → %s (%s)", c.Key, c.Field, c.Old, c.New, c.Rule)
}

// Merged is a user's .bib merged with its records, ready to write.
type Merged struct {
	entries  []mergedEntry
	changes  []Change
	warnings []Warning
	same     []SamePaper
	counts   [2]int // resolved and written, unresolved (written as read)

	src      *BibSource // nil: the entries alone
	encoding string     // the encoding Write writes (EncodingUTF8 or EncodingCP1252)
}

type mergedEntry struct {
	before *bkOut // the entry as read, in citegraph's layout
	after  *bkOut // as written; nil when written once, as copyOf
	asRead bool   // not resolved: with MergeOptions.Source, its block is written verbatim under after's comments
	// unchanged: merged with no change, under its own key, in the BibTeX
	// flavour: with MergeOptions.Source, its block is written verbatim too,
	// so that a .bib kept in version control sees no churn.
	unchanged bool
	// same-paper: the entries of its paper, by index. An entry with the
	// key of an earlier entry of its paper is written once, as it
	// (copyOf, and the earlier one's copies); an entry with another key is
	// written beside the first entry of its paper (first, and that one's
	// peers).
	copyOf, first int // -1: none
	copies, peers []int
}

// SamePaper is an entry that resolved to the paper an earlier entry
// resolved to (see the same-paper rule of Merge).
type SamePaper struct {
	Key       string // the entry's key as written (as read when it is written once)
	Line      int    // the entry's line as read
	FirstKey  string // the earlier entry's key as written
	FirstLine int    // its line as read
	// Once: the entry has the earlier entry's key (BibTeX compares keys
	// without case), and is written once, as the earlier entry.
	Once bool
	// OwnKey: written beside the earlier entry under the key it was read
	// with (not renamed, nor generated), so that \cite of it works.
	OwnKey bool
}

func (s SamePaper) String() string {
	return fmt.Sprintf("%s (line %d): %s", s.Key, s.Line, s.Note())
}

// Note says what the entry is and how it is written, without its key
// and line.
func (s SamePaper) Note() string {
	if s.Once {
		with := "this key"
		if s.Key != s.FirstKey {
			with = "key " + s.FirstKey + " (BibTeX ignores case)"
		}
		return fmt.Sprintf("a second entry with %s, the same paper as line %d: written once; BibTeX reads only the first", with, s.FirstLine)
	}
	return fmt.Sprintf("the same paper as %s (line %d); %s", s.FirstKey, s.FirstLine, bkKeptAs(s.Key, s.OwnKey))
}

// bkKeptAs says how an entry of a paper an earlier entry has is written.
func bkKeptAs(key string, own bool) string {
	if own {
		return `kept under its own key so \cite{` + key + `} keeps working`
	}
	return "kept as an entry of its own"
}

// bkCaseNote is a parenthesis holding pre, if any, and, when key is not
// written as first, how it is written and that BibTeX ignores the
// difference; "" when it would be empty.
func bkCaseNote(key, first, pre string) string {
	var parts []string
	if pre != "" {
		parts = append(parts, pre)
	}
	if key != first {
		parts = append(parts, "written "+key+": BibTeX ignores case")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// bkLineRef is " (line n)", or "" when n is not known (0).
func bkLineRef(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d)", n)
}

// Merge merges each resolved entry with its record and keeps every other
// entry as read, in the order of items; see the rules at the top of this
// file.
func Merge(items []MergeItem, opts MergeOptions) *Merged {
	m := &Merged{src: opts.Source, encoding: EncodingUTF8}
	written := make([]*bibinWritten, len(items)) // what each item's block holds
	if src := opts.Source; src != nil {
		for _, b := range src.Blocks {
			if b.Entry >= 0 && b.Entry < len(items) {
				written[b.Entry] = bibinBlockFields(src.BlockText(b), b.Line)
			}
		}
	}
	// same-paper: the first entry of each paper, and the entries with the
	// key of an earlier entry of their paper.
	var papers []*Paper
	primary := map[string]int{}    // Paper.Key() → index of its first entry
	withKey := map[[2]string]int{} // Paper.Key(), lower-case key as read → index of the first such entry
	copyOf := make([]int, len(items))
	for i, it := range items {
		copyOf[i] = -1
		if it.Paper == nil {
			continue
		}
		pk := it.Paper.Key()
		if k := strings.ToLower(strings.TrimSpace(it.Entry.Key)); k != "" {
			if j, ok := withKey[[2]string{pk, k}]; ok {
				copyOf[i] = j
				continue
			}
			withKey[[2]string{pk, k}] = i
		}
		if _, ok := primary[pk]; !ok {
			primary[pk] = i
			papers = append(papers, bkWithEntryIDs(it.Paper, it.Entry.IDs))
		}
	}
	b := NewBibliography(papers)

	// Keys, unique among the entries written (BibTeX compares them without
	// case).
	keys := make([]string, len(items))
	used := map[string]bool{}
	for i, it := range items {
		k := strings.TrimSpace(it.Entry.Key)
		if copyOf[i] >= 0 {
			keys[i] = k // not written
			continue
		}
		if it.Paper != nil && (opts.Keys == GenerateKeys || k == "") {
			k = b.CiteKey(it.Paper.Key())
		}
		if k == "" {
			k = fmt.Sprintf("line%d", it.Entry.Line)
		}
		if used[strings.ToLower(k)] {
			base := k
			for n := 2; used[strings.ToLower(k)]; n++ {
				k = fmt.Sprintf("%s-%d", base, n)
			}
			m.changes = append(m.changes, Change{Key: k, Field: "key", Old: base, New: k,
				Rule: "another entry has that key; BibTeX keeps only one"})
		}
		used[strings.ToLower(k)] = true
		keys[i] = k
	}

	// Warnings name the keys written.
	for _, w := range b.Warnings() {
		for i, it := range items {
			if it.Paper != nil && primary[it.Paper.Key()] == i && b.CiteKey(it.Paper.Key()) == w.Key {
				w.Key = keys[i]
				break
			}
		}
		m.warnings = append(m.warnings, w)
	}

	for i, it := range items {
		before := bkFromEntry(it.Entry, written[i])
		me := mergedEntry{before: before, copyOf: -1, first: -1}
		switch {
		case it.Paper == nil:
			after := before.clone()
			after.key = keys[i]
			why := "not resolved"
			if it.Entry.Kind == KindLink {
				why = "a link, not a paper"
			}
			if r := strings.TrimSpace(it.Reason); r != "" {
				why += ": " + r
			}
			after.comments = append(after.comments, "citegraph: "+why+"; written as read")
			me.after, me.asRead = after, true
			m.counts[1]++
		case copyOf[i] >= 0:
			j := copyOf[i]
			me.copyOf = j
			m.entries[j].copies = append(m.entries[j].copies, i)
			m.same = append(m.same, SamePaper{Key: keys[i], Line: it.Entry.Line, FirstKey: keys[j],
				FirstLine: items[j].Entry.Line, Once: true})
		default:
			rec := b.lookup(it.Paper.Key())
			after, changes := mergeEntry(before, rec)
			after.key = keys[i]
			if keys[i] != before.key && before.key != "" && opts.Keys == GenerateKeys {
				changes = append([]Change{{Field: "key", Old: before.key, New: keys[i], Rule: "--keys generate"}}, changes...)
			}
			for _, c := range changes {
				c.Key = keys[i]
				m.changes = append(m.changes, c)
			}
			if p := primary[it.Paper.Key()]; p != i {
				me.first = p
				m.entries[p].peers = append(m.entries[p].peers, i)
				m.same = append(m.same, SamePaper{Key: keys[i], Line: it.Entry.Line, FirstKey: keys[p],
					FirstLine: items[p].Entry.Line, OwnKey: keys[i] == strings.TrimSpace(it.Entry.Key)})
			}
			me.after = after
			me.unchanged = len(changes) == 0 && opts.Format != BibLaTeX && keys[i] == strings.TrimSpace(it.Entry.Key)
			m.counts[0]++
		}
		m.entries = append(m.entries, me)
	}
	// A warning about the record's entry holds for the entry written only
	// when that took what it warns about: an arXiv venue with no id.
	m.warnings = slices.DeleteFunc(m.warnings, func(w Warning) bool {
		if w.Msg != bkWarnArXivNoID {
			return false
		}
		for _, e := range m.entries {
			if e.after != nil && e.after.key == w.Key {
				return !bkIsArXivVenue(bibinLatexText(e.after.get("journal")))
			}
		}
		return false
	})
	if opts.Format == BibLaTeX {
		for i := range m.entries {
			if a := m.entries[i].after; a != nil {
				m.entries[i].after = bkToBibLaTeX(a)
			}
		}
	}
	m.chooseEncoding()
	return m
}

// notes returns the comments written above entry i (see bkPeerNote), or,
// for an entry written once as an earlier one, the note written in its
// place; line gives the line where an entry (or its note) is written in
// the file written, 0 when it is not known.
func (m *Merged) notes(i int, line func(int) int) []string {
	e := m.entries[i]
	if e.after == nil {
		if e.copyOf < 0 {
			return nil
		}
		return []string{fmt.Sprintf("citegraph: a second entry with key %s was here, the same paper as the entry%s: written once; BibTeX reads only the first. Its text follows as comment lines, so nothing of it is lost",
			e.before.key, bkLineRef(line(e.copyOf)))}
	}
	var out []string
	for _, c := range e.copies {
		var at string
		if n := line(c); n > 0 {
			at = fmt.Sprintf("line %d", n)
		}
		out = append(out, "citegraph: a second entry with this key"+bkCaseNote(m.entries[c].before.key, e.before.key, at)+
			", the same paper: written once; BibTeX reads only the first")
	}
	out = append(out, e.after.comments...)
	for _, p := range e.peers {
		out = append(out, "citegraph: also cited as "+m.entries[p].after.key+bkLineRef(line(p))+", the same paper")
	}
	if e.first >= 0 {
		own := e.after.key == strings.TrimSpace(e.before.key)
		out = append(out, "citegraph: the same paper as "+m.entries[e.first].after.key+bkLineRef(line(e.first))+"; "+bkKeptAs(e.after.key, own))
	}
	return out
}

// noteLines returns notes(i, line) as "% " lines (without line ends).
func (m *Merged) noteLines(i int, line func(int) int) []string {
	notes := m.notes(i, line)
	lines := make([]string, len(notes))
	for k, c := range notes {
		lines[k] = bkCommentText(c)
	}
	return lines
}

// placed returns the text render writes, with the notes that name another
// entry by its line (same-paper) naming the line it is written on. render
// calls at(i, n) when it writes entry i (or the note left in its place) on
// line n, and takes the lines of the entries the notes name from line (0
// when not known). A note is one line whatever its numbers, so a second
// rendering, with the lines the first found, holds.
func (m *Merged) placed(render func(line func(int) int, at func(i, n int)) string) string {
	var known map[int]int
	for pass := 0; ; pass++ {
		found := map[int]int{}
		s := render(func(j int) int { return known[j] }, func(i, n int) { found[i] = n })
		if len(m.same) == 0 || maps.Equal(found, known) || pass == 3 {
			return s
		}
		known = found
	}
}

// Changes returns every change Merge made, in the order of the entries.
func (m *Merged) Changes() []Change { return append([]Change(nil), m.changes...) }

// Warnings returns what could not be written faithfully from the records.
func (m *Merged) Warnings() []Warning { return append([]Warning(nil), m.warnings...) }

// SamePapers returns the entries that resolved to a paper an earlier entry
// resolved to, in the order of the entries.
func (m *Merged) SamePapers() []SamePaper { return append([]SamePaper(nil), m.same...) }

// Counts returns how many entries were merged with their record and
// written (an entry of a paper an earlier entry has, under its own key,
// among them), how many were written as read (not resolved, or links),
// and how many resolved to a paper an earlier entry resolved to (see
// SamePapers).
func (m *Merged) Counts() (merged, asRead, samePaper int) {
	return m.counts[0], m.counts[1], len(m.same)
}

// Write writes the merged .bib: the header as "% " lines, then every
// entry in the order read, each under its comments; with
// MergeOptions.Source, the whole file, every block in its place, and the
// header only if the file changes (see mergesource.go).
func (m *Merged) Write(w io.Writer, header string) error {
	if m.src != nil {
		return m.writeSource(w, header)
	}
	if _, err := io.WriteString(w, m.entriesText(header, false)); err != nil {
		return fmt.Errorf("bib: write: %w", err)
	}
	return nil
}

// entriesText returns the entries written (without MergeOptions.Source),
// each under its comments: after header, a blank line before each entry;
// for the diff, a blank line after each.
func (m *Merged) entriesText(header string, diff bool) string {
	return m.placed(func(line func(int) int, at func(int, int)) string {
		var b strings.Builder
		lines := 0
		put := func(s string) {
			b.WriteString(s)
			lines += strings.Count(s, "\n")
		}
		if header != "" {
			var h strings.Builder
			hw := bufio.NewWriter(&h)
			bkWriteHeader(hw, header)
			hw.Flush()
			put(h.String())
		}
		n := 0
		for i, e := range m.entries {
			if e.after == nil {
				continue
			}
			if !diff && (n > 0 || header != "") {
				put("\n")
			}
			for _, c := range m.noteLines(i, line) {
				put(c + "\n")
			}
			at(i, lines+1)
			put(e.after.renderBody())
			if diff {
				put("\n")
			}
			n++
		}
		return b.String()
	})
}

// WriteDiff writes what Merge changed as a unified diff. With
// MergeOptions.Source, it is the diff from the file as read (its text,
// every byte of it) to the file as Write writes it with header, both in
// UTF-8 with LF line ends: applied to the file (patch -p0), it gives the
// file Write writes. Without it, it is from the entries as read to the
// entries as written, both in citegraph's layout (fields in the entry's
// order, aligned), so that it shows changed fields and not changed
// spacing. It writes nothing when nothing changed.
func (m *Merged) WriteDiff(w io.Writer, header, oldName, newName string) error {
	var before, after string
	if m.src != nil {
		before, after = m.src.Text, m.sourceText(header)
	} else {
		var b strings.Builder
		for _, e := range m.entries {
			b.WriteString(e.before.render() + "\n")
		}
		before, after = b.String(), m.entriesText("", true)
	}
	d := udiff.Unified(oldName, newName, before, after)
	if _, err := io.WriteString(w, d); err != nil {
		return fmt.Errorf("bib: diff: %w", err)
	}
	return nil
}

// bkWithEntryIDs returns p with the arXiv id and DOI that the entry
// carries and the record lacks (the record was often found by them), or p
// itself when there are none. p is not modified.
func bkWithEntryIDs(p *Paper, ids IDs) *Paper {
	add := map[string]string{}
	if ids.ArXiv != "" && p.ExternalIDs["ArXiv"] == "" {
		add["ArXiv"] = ids.ArXiv
	}
	if ids.DOI != "" && p.ExternalIDs["DOI"] == "" {
		add["DOI"] = ids.DOI
	}
	if len(add) == 0 {
		return p
	}
	c := *p
	c.ExternalIDs = make(ExternalIDs, len(p.ExternalIDs)+len(add))
	for k, v := range p.ExternalIDs {
		c.ExternalIDs[k] = v
	}
	for k, v := range add {
		c.ExternalIDs[k] = v
	}
	return &c
}

// bkFromEntry returns an entry read from a .bib in its written form:
// names in lower case (archivePrefix and primaryClass as arXiv writes
// them), month names as BibTeX's month macros, crossref dropped (the
// inherited fields are in the entry) unless w, what its block holds, is
// known; then the fields written with macros are written so again (see
// bibinBlockFields).
func bkFromEntry(e Entry, w *bibinWritten) *bkOut {
	o := &bkOut{typ: strings.ToLower(e.Type), key: e.Key}
	if o.typ == "" {
		o.typ = "misc"
	}
	// With its block at hand (w), an entry keeps its crossref: the
	// cross-referenced entry is written too. The fields it inherits are
	// merged as the entry's, but written only if the merge changes them.
	xref := w != nil && w.own["crossref"]
	for _, f := range e.Fields {
		name := strings.ToLower(f.Name)
		if name == "crossref" && !xref {
			continue
		}
		if c, ok := bkCanonicalNames[name]; ok {
			name = c
		}
		fl := bkField{name: name, value: f.Value}
		if name == "month" {
			v := strings.ToLower(strings.TrimSpace(f.Value))
			if m, ok := bkMonthNames[v]; ok {
				fl = bkField{name: name, value: bkMonths[m-1], macro: true}
			}
		}
		if o.has(name) {
			continue
		}
		if w != nil {
			fl.raw = w.raw[strings.ToLower(f.Name)]
			fl.inherited = xref && !w.own[strings.ToLower(f.Name)]
		}
		o.fields = append(o.fields, fl)
	}
	if w != nil {
		o.extra = w.dups
	}
	return o
}

// bkVenueFields are the fields that name where a paper appeared.
var bkVenueFields = []string{"journal", "journaltitle", "booktitle", "school", "institution", "howpublished"}

// bkTypesWithoutVenue are the entry types that take the record's type when
// they name no venue.
var bkTypesWithoutVenue = map[string]bool{"misc": true, "online": true, "electronic": true, "www": true,
	"unpublished": true, "article": true, "inproceedings": true, "conference": true}

var bkURLOnly = regexp.MustCompile(`^\s*(?:\\url\{[^}]*\}|https?://\S+)\s*$`)

// bkVenueOf returns the entry's venue field and value ("" when it names
// none); a howpublished that is only a URL names no venue, and an arXiv
// eprint with no venue field (biblatex's @online) names arXiv.
func bkVenueOf(o *bkOut) (field, value string) {
	for _, f := range bkVenueFields {
		v := strings.TrimSpace(o.get(f))
		if v == "" || f == "howpublished" && bkURLOnly.MatchString(v) {
			continue
		}
		return f, v
	}
	if o.has("eprint") && strings.EqualFold(o.get("eprinttype")+o.get("archivePrefix"), "arxiv") {
		return "eprinttype", "arXiv"
	}
	return "", ""
}

// bkArXivName reports whether a venue (LaTeX) names arXiv.
func bkArXivName(v string) bool {
	plain := bibinLatexText(v)
	return bkIsArXivVenue(plain) || strings.HasPrefix(strings.ToLower(plain), "arxiv")
}

// bkSameVenue reports whether a venue (LaTeX) names the record's venue.
func bkSameVenue(v string, rec *bkEntry) bool {
	pl, p := rec.place, rec.paper
	if bkArXivName(v) {
		return pl.kind == bkArXiv
	}
	if pl.kind == bkArXiv || pl.name == "" {
		return false
	}
	plain := bibinLatexText(v)
	if a := bkLookupVenue(plain); a != nil && a == bkLookupVenue(pl.name) {
		return true
	}
	n := NormalizeTitle(plain)
	names := []string{pl.name, p.Venue}
	if p.Journal != nil {
		names = append(names, p.Journal.Name)
	}
	if p.PublicationVenue != nil {
		names = append(names, p.PublicationVenue.Name)
	}
	for _, c := range names {
		if n != "" && n == NormalizeTitle(c) {
			return true
		}
	}
	return false
}

// bkArXivPlaceholder matches a venue (as bkNormVenue writes it) that is
// Google Scholar's "arXiv preprint" with its id missing; not a name of
// arXiv as a venue (arXiv, CoRR, arXiv e-prints), which the arxiv-id rule
// keeps.
var bkArXivPlaceholder = regexp.MustCompile(`^arxiv pre ?prints?$`)

// mergeEntry merges an entry as read with its record's entry; see the
// rules at the top of this file. The Changes it returns have no Key.
func mergeEntry(user *bkOut, rec *bkEntry) (*bkOut, []Change) {
	o := user.clone()
	r := bkOutOf(rec)
	var ch []Change
	add := func(name, rule string) {
		i := r.index(name)
		if i < 0 || o.has(name) {
			return
		}
		o.set(r.fields[i])
		ch = append(ch, Change{Field: r.fields[i].name, New: r.fields[i].value, Rule: rule})
	}
	replace := func(name string, f bkField, rule string) {
		old := o.get(name)
		if i := o.index(name); i >= 0 {
			o.fields[i].value, o.fields[i].macro, o.fields[i].raw, o.fields[i].inherited = f.value, f.macro, "", false
		} else {
			o.set(f)
		}
		ch = append(ch, Change{Field: name, Old: old, New: f.value, Rule: rule})
	}

	// venue
	_, venue := bkVenueOf(o)
	rField, _ := bkVenueOf(r)
	same := venue != "" && bkSameVenue(venue, rec)
	// A record known only as an arXiv preprint without an arXiv id names
	// no paper by its venue ("arXiv preprint"): it gives none.
	noID := rec.place.kind == bkArXiv && rec.place.arXiv == ""
	if venue == "" && rField != "" && bkTypesWithoutVenue[o.typ] && !noID {
		if o.typ != r.typ {
			ch = append(ch, Change{Field: "type", Old: o.typ, New: r.typ, Rule: "venue"})
			o.typ = r.typ
		}
		add(rField, "venue")
		same = true
	}
	// arxiv-id
	if same && rec.place.kind == bkArXiv && rec.place.arXiv != "" && r.has("journal") {
		for _, f := range []string{"journal", "journaltitle", "howpublished"} {
			if v := o.get(f); v != "" && bkArXivPlaceholder.MatchString(bkNormVenue(bibinLatexText(v))) {
				replace(f, bkField{name: f, value: r.get("journal")}, "arxiv-id")
			}
		}
	}

	// fill, always
	add("author", "fill")
	add("title", "fill")
	if !o.has("date") {
		add("year", "fill")
	}
	if !o.has("eprint") && r.has("eprint") {
		add("eprint", "fill")
		if !o.has("eprinttype") {
			add("archivePrefix", "fill")
		}
		if !o.has("eprintclass") {
			add("primaryClass", "fill")
		}
	}
	// year
	if uy, ry := strings.TrimSpace(o.get("year")), r.get("year"); same && ry != "" && uy != ry &&
		bkYearOnly.MatchString(uy) && bkYearReliable(rec.paper) {
		replace("year", bkField{name: "year", value: ry}, "year")
	}
	// fill, the record's version only
	if same {
		for _, f := range []string{"volume", "number", "pages", "publisher", "doi"} {
			add(f, "fill")
		}
		if !o.has("url") {
			add("url", "fill")
		}
		if !o.has("date") && o.get("year") == r.get("year") {
			add("month", "fill")
		}
	}
	if !o.has("author") && !o.has("key") && !o.has("sortkey") {
		add("key", "fill")
	}
	// title-case
	if t := o.get("title"); t != "" && !strings.EqualFold(t, r.get("title")) {
		if nt, ok := bkBetterTitle(t, rec.paper.Title); ok {
			replace("title", bkField{name: "title", value: nt}, "title-case")
		}
	}
	return o, ch
}

// bkYearReliable reports whether a record's year agrees with its
// publication date (or the date is unknown).
func bkYearReliable(p *Paper) bool {
	if p.Year <= 0 {
		return false
	}
	y, _, ok := bkDate(p.PublicationDate)
	return !ok || y == p.Year
}

// bkBetterTitle returns the record's title, written with citegraph's case
// protection plus every word that the entry's title protects, when the
// entry's title (LaTeX) has the same words as the record's and a
// lower-casing style would print it with a capital less than the record's
// written title.
func bkBetterTitle(user, record string) (string, bool) {
	if NormalizeTitle(bibinLatexText(user)) != NormalizeTitle(record) {
		return "", false
	}
	ours, _ := texTitle(record)
	a, b := bkStyledLetters(user), bkStyledLetters(ours)
	if len(a) != len(b) {
		return "", false
	}
	lost := false
	for i := range a {
		if unicode.IsUpper(b[i]) && !unicode.IsUpper(a[i]) {
			lost = true
			break
		}
	}
	if !lost {
		return "", false
	}
	t, _ := texTitleKeep(record, bkProtectedWords(user))
	return t, true
}

// bkStyledLetters returns the letters and digits (accents folded) of a
// title as a lower-casing style prints it.
func bkStyledLetters(latex string) []rune {
	var out []rune
	for _, r := range Fold(bibinLatexText(bkLowerStyle(latex))) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

// bkProtectedWords returns the words of a title (LaTeX) that keep a capital
// under a lower-casing style other than by their place (the first word,
// the first after a colon): the words its author protected.
func bkProtectedWords(latex string) map[string]bool {
	keep := map[string]bool{}
	words := strings.Fields(bibinLatexText(bkLowerStyle(latex)))
	for i, w := range words {
		if i == 0 || strings.HasSuffix(words[i-1], ":") {
			continue
		}
		core := strings.TrimFunc(w, func(r rune) bool { return !texAlnum(r) })
		if strings.ContainsFunc(core, unicode.IsUpper) {
			keep[core] = true
		}
	}
	return keep
}

// bkLowerStyle applies BibTeX's change.case$ "t" to a title (LaTeX): every
// letter at brace depth 0 is lowered except the first character and the
// first after a colon and white space; a group that starts with a
// backslash at depth 0 ({\'E}) is a special character whose letters are
// lowered but whose command names are kept; other braced groups are kept.
func bkLowerStyle(s string) string {
	rs := []rune(s)
	var b strings.Builder
	depth := 0
	colon := 0 // 1 after ':', 2 after ':' and white space
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		keep := i == 0 || colon == 2
		if !unicode.IsSpace(r) && r != ':' {
			colon = 0
		}
		switch {
		case r == ':' && depth == 0:
			colon = 1
		case unicode.IsSpace(r) && colon >= 1:
			colon = 2
		}
		if depth == 0 && r == '{' && i+1 < len(rs) && rs[i+1] == '\\' {
			j, d := i, 0
			for ; j < len(rs); j++ {
				if rs[j] == '{' {
					d++
				} else if rs[j] == '}' {
					d--
					if d == 0 {
						break
					}
				}
			}
			if j >= len(rs) {
				j = len(rs) - 1
			}
			for k := i; k <= j; k++ {
				c := rs[k]
				if c == '\\' {
					b.WriteRune(c)
					for k+1 <= j && unicode.IsLetter(rs[k+1]) {
						k++
						b.WriteRune(rs[k])
					}
					continue
				}
				if !keep {
					c = unicode.ToLower(c)
				}
				b.WriteRune(c)
			}
			i = j
			continue
		}
		switch r {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		}
		if depth == 0 && !keep {
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
