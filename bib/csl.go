package bib

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// cslItem is one CSL-JSON item, the format of citeproc processors (pandoc
// --citeproc, Zotero, Mendeley): https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html
type cslItem struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title,omitempty"`
	Author         []cslName `json:"author,omitempty"`
	Issued         *cslDate  `json:"issued,omitempty"`
	ContainerTitle string    `json:"container-title,omitempty"`
	Volume         string    `json:"volume,omitempty"`
	Issue          string    `json:"issue,omitempty"`
	Page           string    `json:"page,omitempty"`
	Publisher      string    `json:"publisher,omitempty"`
	Genre          string    `json:"genre,omitempty"`
	Number         string    `json:"number,omitempty"`
	DOI            string    `json:"DOI,omitempty"`
	URL            string    `json:"URL,omitempty"`
	Archive        string    `json:"archive,omitempty"`
	ArchiveID      string    `json:"archive_location,omitempty"`
}

type cslName struct {
	Family   string `json:"family,omitempty"`
	Given    string `json:"given,omitempty"`
	Particle string `json:"non-dropping-particle,omitempty"`
	Suffix   string `json:"suffix,omitempty"`
	Literal  string `json:"literal,omitempty"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

// WriteCSLJSON writes the entries for the given paper keys (all papers
// when nil), sorted by citation key, as a CSL-JSON array
// (references.json), the form pandoc --citeproc, Zotero and Mendeley read.
// Each item's id is its citation key, so the same keys cite it as in the
// .bib; titles are plain text with the capitals the BibTeX entry protects
// marked <span class="nocase">, so that styles that change case keep them;
// authors are split into family, given, particle and suffix as in the
// .bib (an organisation is a literal name); an arXiv preprint is an
// "article" published by arXiv with number "arXiv:ID".
func (b *Bibliography) WriteCSLJSON(w io.Writer, paperKeys []string) error {
	sel, err := b.selectEntries(paperKeys)
	if err != nil {
		return err
	}
	items := make([]cslItem, 0, len(sel))
	for _, e := range sel {
		items = append(items, cslOf(e))
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(items); err != nil {
		return fmt.Errorf("bib: csl-json: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bib: csl-json: %w", err)
	}
	return nil
}

// cslOf makes the CSL item of an entry, from the same record and choices
// as its BibTeX.
func cslOf(e *bkEntry) cslItem {
	p, pl := e.paper, e.place
	it := cslItem{ID: e.entry.CiteName, Title: cslTitle(p.Title)}
	switch e.entry.Type {
	case "inproceedings":
		it.Type, it.ContainerTitle, it.Publisher = "paper-conference", pl.name, pl.publisher
	case "article":
		if pl.kind == bkArXiv {
			it.Type, it.Publisher = "article", "arXiv"
			if pl.arXiv != "" {
				it.Number = "arXiv:" + pl.arXiv
			}
		} else {
			it.Type, it.ContainerTitle = "article-journal", pl.name
		}
	case "phdthesis", "mastersthesis":
		it.Type, it.Publisher, it.Genre = "thesis", pl.name, "PhD thesis"
		if e.entry.Type == "mastersthesis" {
			it.Genre = "Master's thesis"
		}
	default:
		it.Type = "article"
		if pl.kind == bkArXiv {
			it.Publisher = "arXiv"
			if pl.arXiv != "" {
				it.Number = "arXiv:" + pl.arXiv
			}
		} else {
			it.ContainerTitle = cslText(pl.name)
		}
	}
	it.ContainerTitle = cslText(it.ContainerTitle)
	it.Publisher = cslText(it.Publisher)
	if it.Type == "paper-conference" || it.Type == "article-journal" {
		it.Volume, it.Page = cslText(pl.volume), strings.ReplaceAll(cslText(pl.pages), "--", "-")
		if it.Type == "article-journal" {
			it.Issue = cslText(pl.number)
		}
	}
	for _, a := range p.Authors {
		if n, ok := cslAuthor(a.Name); ok {
			it.Author = append(it.Author, n)
		}
	}
	if y := bkYear(p); y > 0 {
		parts := []int{y}
		if yy, m, ok := bkDate(p.PublicationDate); ok && yy == y && m > 0 {
			parts = append(parts, m)
		}
		it.Issued = &cslDate{DateParts: [][]int{parts}}
	}
	if v := e.entry.Fields["doi"]; v != nil {
		it.DOI = v.String()
	}
	if v := e.entry.Fields["url"]; v != nil {
		it.URL = v.String()
	}
	return it
}

// cslAuthor splits a name as texSplitName does for BibTeX.
func cslAuthor(name string) (cslName, bool) {
	n := texSplitName(name)
	clean := func(s string) string { return cslText(strings.TrimSpace(s)) }
	switch {
	case n.corporate:
		if l := clean(n.last); l != "" {
			return cslName{Literal: l}, true
		}
		return cslName{}, false
	case clean(n.last) == "":
		return cslName{}, false
	}
	return cslName{Family: clean(n.last), Given: clean(n.first), Particle: clean(n.von), Suffix: clean(n.jr)}, true
}

// cslText is s with control and format characters removed and white space
// collapsed.
func cslText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || texInvisible(r) {
			return ' '
		}
		return r
	}, s)
	return texClean(s)
}

// cslMarkup escapes the characters that CSL-JSON's rich-text markup reads
// as tags or entities.
var cslMarkup = strings.NewReplacer("&", "&#38;", "<", "&#60;", ">", "&#62;")

// cslTitle writes a title as CSL-JSON rich text: the words the BibTeX
// title protects (texTitleWords) in <span class="nocase">.
func cslTitle(title string) string {
	rs := []rune(cslText(title))
	var b strings.Builder
	esc := func(rs []rune) { b.WriteString(cslMarkup.Replace(string(rs))) }
	nocase := func(rs []rune) {
		b.WriteString(`<span class="nocase">`)
		esc(rs)
		b.WriteString(`</span>`)
	}
	for i, w := range texTitleWords(rs, nil) {
		if i > 0 {
			b.WriteByte(' ')
		}
		esc(rs[w.start:w.cs])
		if w.protect {
			nocase(rs[w.cs:w.ce])
		} else {
			at := w.cs
			for _, p := range w.listed {
				esc(rs[at:p[0]])
				nocase(rs[p[0]:p[1]])
				at = p[1]
			}
			esc(rs[at:w.ce])
		}
		esc(rs[w.ce:w.end])
	}
	return b.String()
}
