package bib

import (
	"fmt"
	"strings"
)

// Kind tells what a reading-list item is.
type Kind string

const (
	// KindPaper is an item that names a research paper.
	KindPaper Kind = "paper"
	// KindLink is an item that points at a blog post, article or other page
	// that is not a paper; it is kept and reported, never resolved.
	KindLink Kind = "link"
)

// IDs are the identifiers an entry carries in its links or fields. Empty
// strings mean unknown.
type IDs struct {
	ArXiv    string // e.g. "1707.06342" (no version suffix)
	DOI      string // e.g. "10.1109/ICCV.2017.541" (lower-cased is fine; raw, no URL)
	S2       string // Semantic Scholar 40-hex paperId
	CorpusID string // Semantic Scholar corpus id, digits only
	ACL      string // ACL Anthology id, e.g. "P19-1001" or "2020.acl-main.1"
	PMID     string // PubMed id, digits only
	PMCID    string // PubMed Central id, e.g. "PMC6400270"
}

// Empty reports whether no identifier is known.
func (ids IDs) Empty() bool { return ids == IDs{} }

// APIID returns the id form the Semantic Scholar API accepts for the best
// identifier known ("<40-hex>", "ARXIV:…", "DOI:…", "ACL:…", "PMID:…",
// "PMCID:…", "CorpusId:…"), or "" if none. The order of preference is
// paperId, arXiv, DOI, ACL Anthology, PubMed, PubMed Central, corpus id.
func (ids IDs) APIID() string {
	switch {
	case ids.S2 != "":
		return ids.S2
	case ids.ArXiv != "":
		return "ARXIV:" + ids.ArXiv
	case ids.DOI != "":
		return "DOI:" + ids.DOI
	case ids.ACL != "":
		return "ACL:" + ids.ACL
	case ids.PMID != "":
		return "PMID:" + ids.PMID
	case ids.PMCID != "":
		return "PMCID:" + ids.PMCID
	case ids.CorpusID != "":
		return "CorpusId:" + ids.CorpusID
	}
	return ""
}

// Keys returns the alias keys of the identifiers known, in the forms
// Paper.AliasKeys uses: the paperId, "ARXIV:…", "DOI:…" (lower-cased) and
// "CorpusId:…".
func (ids IDs) Keys() []string {
	var ks []string
	if ids.S2 != "" {
		ks = append(ks, ids.S2)
	}
	if ids.ArXiv != "" {
		ks = append(ks, "ARXIV:"+ids.ArXiv)
	}
	if ids.DOI != "" {
		ks = append(ks, "DOI:"+lowerASCII(ids.DOI))
	}
	if ids.CorpusID != "" {
		ks = append(ks, "CorpusId:"+ids.CorpusID)
	}
	return ks
}

// List returns every identifier known, each in the form "ARXIV:…",
// "DOI:…", "S2:<paperId>", "ACL:…", "PMID:…", "PMCID:…", "CorpusId:…", in
// that order (the form citegraph check prints).
func (ids IDs) List() []string {
	var s []string
	for _, p := range [...][2]string{{"ARXIV:", ids.ArXiv}, {"DOI:", ids.DOI}, {"S2:", ids.S2}, {"ACL:", ids.ACL},
		{"PMID:", ids.PMID}, {"PMCID:", ids.PMCID}, {"CorpusId:", ids.CorpusID}} {
		if p[1] != "" {
			s = append(s, p[0]+p[1])
		}
	}
	return s
}

// Entry is one item of a reading list, as listed: what the list's author
// wrote, not what the paper's record says.
type Entry struct {
	File   string // file the entry came from (as given by the caller)
	Line   int    // 1-based line of the item in File
	Family string // technique family: the nearest heading, the .bib group, or the file's name
	Kind   Kind

	Title string // listed title, decoration ("paper", "code", prefixes such as "[2017-CVPR]") removed
	Year  int    // listed year, 0 if none
	Venue string // listed venue ("CVPR", "arXiv"), "" if none

	IDs  IDs
	URLs []string // every URL found in the item, in order
	Raw  string   // the item's source text, trimmed (at most a few KB)

	// An entry read from a .bib file keeps its citation key, its type (lower
	// case, "article") and its fields in file order, with @string macros
	// and "#" resolved and crossref'd fields inherited; values are the
	// LaTeX as written, outer braces or quotes removed. Empty for other
	// formats. (Left out of JSON dumps of entries, which compare what the
	// reader made of an item.)
	Key    string  `json:"-"`
	Type   string  `json:"-"`
	Fields []Field `json:"-"`
}

// Field is one field of a BibTeX entry: a lower-case name and its value as
// written (LaTeX).
type Field struct {
	Name  string
	Value string
}

// Field returns the value of the field named name (lower case) and whether
// the entry has it.
func (e *Entry) Field(name string) (string, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// Pos returns "file:line" for messages.
func (e Entry) Pos() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// Family is a technique family (a heading in an awesome-list, a group in a .bib).
type Family struct {
	Name   string // display name, decoration such as emoji stripped
	Slug   string // file-name-safe slug, see Slug
	Line   int    // line of the heading (0 if the family was not a heading)
	Papers int    // number of paper entries listed under it
	Links  int    // number of link entries listed under it
}

// List is a parsed reading list.
type List struct {
	Name     string   // file name (or the embedded list's name)
	Format   string   // "markdown", "text" or "bibtex"
	Entries  []Entry  // every paper and link entry, in file order
	Families []Family // every family in order of first appearance, including empty ones
	Problems []*ParseError
	Shape    Shape // what the reader saw in the file, whatever became of it

	// Source is the text of a .bib list cut into its @-blocks (nil for
	// other formats), so that the file can be written back with nothing
	// lost; see BibSource.
	Source *BibSource
}

// Shape counts the blocks a reader saw in a list's file, entries or not,
// so that a list that yields no paper can be described ("132 paragraphs,
// 4 list items").
type Shape struct {
	Lines      int  // lines of the file
	Headings   int  // Markdown headings (ATX, setext, HTML <h1>..<h6>)
	ListItems  int  // Markdown list items, nested ones included
	Paragraphs int  // Markdown paragraphs outside list items
	TableRows  int  // Markdown table rows under a header row
	CodeBlocks int  // Markdown fenced or indented code blocks
	HTMLBlocks int  // Markdown HTML blocks (<details>, <div>, ...)
	BibItems   int  // BibTeX @-items: entries, @string, @comment, ...
	TextLines  int  // non-blank lines of a plain-text list
	Binary     bool // the file looks binary and was not read
}

// String lists the non-zero counts ("3 headings, 132 paragraphs, 4 list
// items"), or says the file is empty.
func (s Shape) String() string {
	if s.Binary {
		return "a binary file (not read)"
	}
	var parts []string
	for _, c := range []struct {
		n          int
		one, other string
	}{
		{s.Headings, "heading", "headings"}, {s.ListItems, "list item", "list items"},
		{s.Paragraphs, "paragraph", "paragraphs"}, {s.TableRows, "table row", "table rows"},
		{s.CodeBlocks, "code block", "code blocks"}, {s.HTMLBlocks, "HTML block", "HTML blocks"},
		{s.BibItems, "@-item", "@-items"}, {s.TextLines, "non-blank line", "non-blank lines"},
	} {
		switch {
		case c.n == 1:
			parts = append(parts, "1 "+c.one)
		case c.n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.other))
		}
	}
	if len(parts) == 0 {
		if s.Lines > 0 {
			return fmt.Sprintf("%d blank lines", s.Lines)
		}
		return "an empty file"
	}
	return strings.Join(parts, ", ")
}

// Describe says what the list's file looked like and what was read from
// it: "markdown list, 12 headings, 132 paragraphs, 4 list items: no paper
// entry found" or "…: 43 paper entries, 8 link entries". Commands use it to explain a
// list that yields no paper.
func (l *List) Describe() string {
	papers := len(l.Papers())
	links := len(l.Entries) - papers
	s := l.Format + " list, " + l.Shape.String() + ": "
	count := func(n int, what string) string {
		if n == 1 {
			return "1 " + what + " entry"
		}
		return fmt.Sprintf("%d %s entries", n, what)
	}
	switch {
	case papers == 0 && links == 0:
		return s + "no paper entry found"
	case papers == 0:
		return s + "no paper entry found, only " + count(links, "link")
	}
	return s + count(papers, "paper") + ", " + count(links, "link")
}

// Papers returns the entries of kind KindPaper, in file order.
func (l *List) Papers() []Entry {
	n := 0
	for i := range l.Entries {
		if l.Entries[i].Kind == KindPaper {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	ps := make([]Entry, 0, n)
	for _, e := range l.Entries {
		if e.Kind == KindPaper {
			ps = append(ps, e)
		}
	}
	return ps
}

// ParseError is a problem with one line (or entry) of a reading list. It is
// reported, and the rest of the list proceeds.
type ParseError struct {
	File string
	Line int
	Msg  string
	Err  error // underlying cause, may be nil
}

func (e *ParseError) Error() string {
	s := fmt.Sprintf("bib: %s:%d: %s", e.File, e.Line, e.Msg)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *ParseError) Unwrap() error { return e.Err }
