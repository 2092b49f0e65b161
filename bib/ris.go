package bib

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteRIS writes the entries for the given paper keys (all papers when
// nil), sorted by citation key, as RIS (references.ris), the tagged format
// that EndNote, Mendeley, Zotero and bibutils import. Each record is built
// from the same record and choices as its BibTeX entry: TY is CONF for
// @inproceedings, JOUR for @article (an arXiv preprint is a JOUR whose T2
// is "arXiv preprint arXiv:ID", as in the .bib), THES for a thesis and GEN
// otherwise; ID is the citation key; one AU per author ("Last, First,
// Suffix", an organisation whole); TI the title as plain text; T2 the
// journal or proceedings; PY the year, DA year/month; VL, IS, SP, EP, PB,
// DO, UR as known. Lines are UTF-8 and end with CRLF, as the RIS
// specification asks; a value never spans lines.
func (b *Bibliography) WriteRIS(w io.Writer, paperKeys []string) error {
	sel, err := b.selectEntries(paperKeys)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for i, e := range sel {
		if i > 0 {
			bw.WriteString("\r\n")
		}
		for _, l := range risLines(e) {
			bw.WriteString(l[0] + "  - " + l[1] + "\r\n")
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bib: ris: %w", err)
	}
	return nil
}

// risLines returns the tag-value pairs of an entry's RIS record, TY first
// and ER last.
func risLines(e *bkEntry) [][2]string {
	p, pl := e.paper, e.place
	var ls [][2]string
	add := func(tag, v string) {
		if v = cslText(v); v != "" {
			ls = append(ls, [2]string{tag, v})
		}
	}
	typ, venue := "GEN", cslText(pl.name)
	switch e.entry.Type {
	case "inproceedings":
		typ = "CONF"
	case "article":
		typ = "JOUR"
		if pl.kind == bkArXiv {
			venue = "arXiv preprint"
			if pl.arXiv != "" {
				venue += " arXiv:" + pl.arXiv
			}
		}
	case "phdthesis", "mastersthesis":
		typ, venue = "THES", ""
	}
	ls = append(ls, [2]string{"TY", typ})
	add("ID", e.entry.CiteName)
	for _, a := range p.Authors {
		n, ok := cslAuthor(a.Name)
		if !ok {
			continue
		}
		if n.Literal != "" {
			add("AU", n.Literal)
			continue
		}
		name := strings.TrimSpace(n.Particle + " " + n.Family)
		if n.Given != "" {
			name += ", " + n.Given
		}
		if n.Suffix != "" {
			name += ", " + n.Suffix
		}
		add("AU", name)
	}
	add("TI", p.Title)
	add("T2", venue)
	if y := bkYear(p); y > 0 {
		add("PY", strconv.Itoa(y))
		if yy, m, ok := bkDate(p.PublicationDate); ok && yy == y && m > 0 {
			add("DA", fmt.Sprintf("%d/%02d//", y, m))
		}
	}
	if typ == "CONF" || typ == "JOUR" && pl.kind != bkArXiv {
		add("VL", pl.volume)
		if typ == "JOUR" {
			add("IS", pl.number)
		}
		if first, last, ok := strings.Cut(pl.pages, "--"); ok {
			add("SP", first)
			add("EP", last)
		} else {
			add("SP", pl.pages)
		}
	}
	switch typ {
	case "CONF":
		add("PB", pl.publisher)
	case "THES":
		add("PB", pl.name)
		if e.entry.Type == "mastersthesis" {
			add("M3", "Master's thesis")
		} else {
			add("M3", "PhD thesis")
		}
	}
	if v := e.entry.Fields["doi"]; v != nil {
		add("DO", v.String())
	}
	if v := e.entry.Fields["url"]; v != nil {
		add("UR", v.String())
	}
	return append(ls, [2]string{"ER", ""})
}
