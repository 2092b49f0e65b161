package bib

import (
	"regexp"
	"strconv"
	"strings"
)

// ParseText reads a plain-text reading list: one paper per line, given as
// a title, a DOI ("10.1109/…", "doi:10.1109/…" or a doi.org URL), an arXiv
// id ("1707.06342", "arXiv:1707.06342v2", "cs/0112017" or an arXiv URL), a
// Semantic Scholar URL, a 40-hex paperId or "CorpusID:N", or a title
// followed by any of these. A title may carry a year/venue prefix
// ("[2017-CVPR]") or suffix ("(2017)", "(CVPR 2017)"); Markdown links and
// list markers ("- ", "1. ") are accepted too.
//
// A record copied from an arXiv listing ("[1]  arXiv:ID [pdf, other]"
// followed by "Title: …", "Authors: …", "Journal-ref: …" lines, no blank
// line between) is one paper: its title, year and venue come from those
// lines (see txtMeta).
//
// Blank lines are ignored. A line starting with a single "#" is a comment;
// a line starting with "##" or more names the family of
// the lines that follow ("## Pruning"); lines before the first family line
// belong to a family named after the file. A "#" elsewhere in a line is
// part of it (titles can contain "C#"). A line holding only links to blog
// or article sites is a KindLink entry; every other line is a paper.
//
// ParseText never fails: repaired and skipped lines (bytes that are not
// UTF-8 are read as Latin-1/Windows-1252) are reported in List.Problems.
func ParseText(name string, data []byte) *List {
	probs := &rlProblems{file: name}
	l := &List{Name: name, Format: FormatText}
	fams := rlFamilySet{l: l}
	fam := rlBase(name)
	famLine := 0
	record := -1      // index of the entry whose metadata lines may follow
	inRecord := false // a metadata line of that entry was read
	for _, ln := range rlSplitLines(data, rlLatin1Invalid, maxLineBytes, probs) {
		t := strings.TrimSpace(ln.text)
		l.Shape.Lines = ln.num
		if t == "" {
			record = -1
			continue
		}
		l.Shape.TextLines++
		if record >= 0 {
			// A record's metadata opens with its Title or Authors line;
			// a "DOI: …" line after an id-only line is an item of its own.
			if m := txtMetaRe.FindStringSubmatch(t); m != nil && (inRecord || m[1] == "Title" || strings.HasPrefix(m[1], "Author")) {
				txtMeta(&l.Entries[record], m[1], m[2], ln.num, probs)
				inRecord = true
				continue
			}
		}
		inRecord = false
		record = -1
		if strings.HasPrefix(t, "##") {
			name := mdHeadingName(strings.TrimLeft(mdATXCloseRe.ReplaceAllString(t, ""), "#"))
			if name == "" {
				probs.addf(ln.num, "family line without a name")
				continue
			}
			fam, famLine = name, ln.num
			fams.add(fam, ln.num)
			continue
		}
		if strings.HasPrefix(t, "#") {
			continue // a comment
		}
		if name, ok := txtSectionLine(t); ok {
			fam, famLine = name, ln.num
			fams.add(fam, ln.num)
			continue
		}
		t = txtListRe.ReplaceAllString(t, "")
		t = txtFormatLinksRe.ReplaceAllString(t, " ")
		e, ok := txtEntry(t)
		if !ok {
			probs.addf(ln.num, "line has neither a title nor an identifier")
			continue
		}
		fams.add(fam, famLine)
		e.File, e.Line, e.Family = name, ln.num, fam
		e.Title = rlFinishTitle(e.Title, ln.num, probs)
		if e.Kind == KindPaper && e.Title == "" && e.IDs.Empty() {
			probs.addf(ln.num, "link to a paper site carries no identifier and no title: kept as a paper that cannot be resolved; add its title to the line")
		}
		e.Raw = rlRaw(ln.text)
		l.Entries = append(l.Entries, e)
		record = len(l.Entries) - 1
	}
	fams.count()
	l.Problems = probs.done()
	return l
}

// txtArxivPrefixed returns the id of "arXiv:1707.06342" or "arXiv1707.06342", or "".
func txtArxivPrefixed(tok string) string {
	if len(tok) < 6 || !strings.EqualFold(tok[:5], "arxiv") {
		return ""
	}
	return rlArxivID(strings.TrimLeft(tok[5:], ":"))
}

var (
	// txtMetaRe matches a metadata line of an arXiv listing record, as a
	// listing page (arxiv.org/list/…) or the daily mailing copies it:
	// "Title: …", "Authors: …", "Journal-ref: …" under the line
	// "[1]  arXiv:2101.00001 [pdf, other]".
	txtMetaRe = regexp.MustCompile(`^(Title|Authors?|Comments|Journal-ref|Subjects|Categories|DOI|Report-no|MSC-class|ACM-class|Date|License)\s*:\s*(.*)$`)
	// txtFormatLinksRe matches an arXiv listing's format links
	// ("[pdf, ps, other]", "[pdf, html, other]"): not title text.
	txtFormatLinksRe = regexp.MustCompile(`(?i)\[\s*(?:pdf|ps|html|other|src|format)(?:\s*,\s*(?:pdf|ps|html|other|src|format))*\s*\]`)
	// txtJournalRefVenueRe takes the journal of a Journal-ref, the text
	// before its volume: "Phys.Rev.Lett.96:181602,2006", "JHEP 06 (2015) 149".
	txtJournalRefVenueRe = regexp.MustCompile(`^[^\d]*[^\d\s,]`)
)

// txtMeta applies a metadata line of an arXiv listing record to the
// record's entry, the one its id line started (the "arXiv listing record"
// rule): Title gives the title, Journal-ref the venue and the year of
// publication (the last year it names), DOI the DOI; Authors, Comments,
// Subjects and the rest belong to the record and are not items. A year
// is never read from the arXiv id.
func txtMeta(e *Entry, label, v string, line int, probs *rlProblems) {
	v = strings.TrimSpace(v)
	switch label {
	case "Title":
		if v != "" {
			e.Title = rlFinishTitle(rlCleanSpace(v), line, probs)
		}
	case "Journal-ref":
		if ys := bibinYearRe.FindAllStringSubmatch(v, -1); len(ys) > 0 {
			e.Year, _ = strconv.Atoi(ys[len(ys)-1][1])
		}
		if m := txtJournalRefVenueRe.FindString(v); m != "" {
			e.Venue, _ = rlCap(strings.TrimSpace(m), maxTitleBytes)
		}
	case "DOI":
		if d := rlCleanDOI(strings.Fields(v + " x")[0]); d != "" && e.IDs.DOI == "" {
			e.IDs.DOI = d
		}
	}
	if e.Raw != "" && len(e.Raw) < 4096 {
		e.Raw = rlRaw(e.Raw + "\n" + label + ": " + v)
	}
}

var txtListRe = regexp.MustCompile(`^(?:[-*+•]|\d{1,9}[.)]|\d{1,3}:)[ \t]+`)

// txtSectionLine reads a section line of a text list: a short line that
// ends in a colon and holds no link, identifier or list number ("Agents:",
// "Double Descent/Learning:"). It names the family of the lines after it.
func txtSectionLine(t string) (string, bool) {
	if !strings.HasSuffix(t, ":") && !strings.HasSuffix(t, "：") {
		return "", false
	}
	name := strings.TrimSpace(strings.TrimRight(t, ":："))
	if name == "" || len(name) > 60 || len(strings.Fields(name)) > 6 || txtListRe.MatchString(t) ||
		strings.Contains(name, "://") || strings.Contains(name, ":") {
		return "", false
	}
	if ids, _ := rlTextIDs(name); !ids.Empty() || rlArxivID(name) != "" || rlCleanDOI(name) != "" {
		return "", false
	}
	return mdHeadingName(name), mdHeadingName(name) != ""
}

// txtRemarkRe matches a remark in parentheses at the end of a title
// ("(PRINTED)", "(Overparametrized models = smooth)"): a note of the
// list's author, not title.
var txtRemarkRe = regexp.MustCompile(`\s*\([^()]{1,60}\)\s*[:.]?\s*$`)

// txtEntry reads one line of a text list.
func txtEntry(t string) (Entry, bool) {
	var e Entry
	// Identifiers written as whole tokens: a bare DOI, arXiv id, paperId or
	// CorpusID, anywhere on the line.
	var kept []string
	words := strings.Fields(t)
	for i := 0; i < len(words); i++ {
		w := words[i]
		tok := rlTrimURLPunct(strings.TrimLeft(w, "([<\"'"))
		low := strings.ToLower(tok)
		if (low == "doi:" || low == "arxiv:" || low == "doi" || low == "arxiv") && i+1 < len(words) {
			joined := tok + rlTrimURLPunct(words[i+1])
			if rlCleanDOI(joined) != "" || txtArxivPrefixed(joined) != "" {
				tok, low = joined, strings.ToLower(joined)
				i++
			}
		}
		switch {
		case (strings.HasPrefix(tok, "10.") || strings.HasPrefix(low, "doi")) && rlCleanDOI(tok) != "":
			if e.IDs.DOI == "" {
				e.IDs.DOI = rlCleanDOI(tok)
			}
		case rlArxivID(tok) != "":
			if e.IDs.ArXiv == "" {
				e.IDs.ArXiv = rlArxivID(tok)
			}
		case txtArxivPrefixed(tok) != "":
			if e.IDs.ArXiv == "" {
				e.IDs.ArXiv = txtArxivPrefixed(tok)
			}
		case rlHex40Re.MatchString(tok):
			if e.IDs.S2 == "" {
				e.IDs.S2 = strings.ToLower(tok)
			}
		default:
			kept = append(kept, w)
		}
	}
	r := mdAnalyzeMode(strings.Join(kept, " "), nil, true)
	rlMergeIDs(&e.IDs, r.ids)
	e.Title, e.Year, e.Venue = r.title, r.year, r.venue
	if m := txtRemarkRe.FindStringIndex(e.Title); m != nil && m[0] > 0 {
		if _, _, ok := rlYearVenue(strings.Trim(e.Title[m[0]:], " ():.")); !ok {
			e.Title = mdTrimTitle(e.Title[:m[0]])
		}
	}
	e.URLs = r.absURLs()
	e.Kind = KindPaper
	if e.IDs.Empty() && !r.paperURL && r.allBlog() {
		e.Kind = KindLink
		e.Year, e.Venue = 0, ""
		if r.linkText != "" {
			e.Title = r.linkText
		}
	}
	if e.Title == "" && e.IDs.Empty() {
		if len(e.URLs) == 0 {
			return e, false
		}
		if r.paperURL {
			// A paper site's page without an id this parser knows
			// (openreview.net/forum?id=…): a paper that has no title.
			return e, true
		}
		// A bare link to a page that is not a paper.
		e.Kind, e.Year, e.Venue = KindLink, 0, ""
		e.Title, _ = rlCap(e.URLs[0], maxTitleBytes)
	}
	return e, true
}
