package bib

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Format names, as reported in List.Format.
const (
	FormatMarkdown = "markdown"
	FormatText     = "text"
	FormatBibTeX   = "bibtex"
)

// MaxListSize is the largest reading list Parse accepts, in bytes. Larger
// input is refused with ErrTooLarge rather than read partially.
const MaxListSize = 256 << 20

// ErrTooLarge is returned (wrapped) by Parse and ParseFile for input larger
// than MaxListSize.
var ErrTooLarge = errors.New("reading list too large")

// Limits applied while reading a list. A longer line or title is cut and the
// cut is reported as a *ParseError; it never fails the whole list.
const (
	maxLineBytes  = 64 << 10 // bytes of one line that are read
	maxRawBytes   = 2 << 10  // bytes kept in Entry.Raw
	maxTitleBytes = 1 << 10  // bytes kept in Entry.Title
	maxProblems   = 1000     // problems reported per list; the rest are counted
)

// Parse reads a reading list, choosing the format from name's extension:
// ".md" and ".markdown" are Markdown (ParseMarkdown), ".bib" is BibTeX
// (ParseBibTeX), ".txt" is plain text (ParseText); for any other extension
// the content decides (see DetectFormat).
//
// Parse never fails on content: lines it cannot read become *ParseError
// values in List.Problems, so even binary garbage gives a (possibly empty)
// List. A file that looks binary (NUL bytes in its first 8 KB, without a
// UTF-16 byte order mark) is not read: its List has no entries and one
// problem saying so. A list without entries (an empty file, prose only)
// gets a problem at line 1 saying that none were found. Parse returns an
// error only when the input cannot be read at all, that is when it is
// larger than MaxListSize (ErrTooLarge).
func Parse(name string, data []byte) (*List, error) {
	if len(data) > MaxListSize {
		return nil, fmt.Errorf("bib: %s: %w (%d bytes, limit %d)", name, ErrTooLarge, len(data), MaxListSize)
	}
	format := DetectFormat(name, data)
	var nulLines []*ParseError
	if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) && bytes.IndexByte(data, 0) >= 0 {
		if rlLooksBinary(data[:min(len(data), 8<<10)]) {
			return &List{Name: name, Format: format, Shape: Shape{Binary: true}, Problems: []*ParseError{{File: name, Line: 1,
				Msg: "file looks binary (NUL bytes, and control characters on most of its lines), not a reading list: nothing read"}}}, nil
		}
		data, nulLines = rlBlankNULLines(name, data)
	}
	var l *List
	switch format {
	case FormatMarkdown:
		l = ParseMarkdown(name, data)
	case FormatBibTeX:
		l = ParseBibTeX(name, data)
	default:
		l = ParseText(name, data)
	}
	l.Problems = append(nulLines, l.Problems...)
	if len(l.Entries) == 0 {
		msg := "no entries found in " + l.Shape.String() + ": no list item, table row or paragraph names a paper or a page"
		switch {
		case len(bytes.TrimSpace(rlDecodeBOM(data, &rlProblems{}))) == 0:
			msg = "file is empty: no entries"
		case format == FormatBibTeX:
			msg = "no entries found: no readable @article, @inproceedings, ... entry"
		case format == FormatText:
			msg = "no entries found: no line holds a title or an identifier"
		}
		l.Problems = append(l.Problems, &ParseError{File: name, Line: 1, Msg: msg})
	}
	return l, nil
}

// rlLooksBinary reports whether most non-empty lines of head hold a NUL
// byte or another C0 control character (tab, CR, VT, FF and ESC aside): a
// binary file (an image, an archive, UTF-16 without a byte order mark)
// rather than a text list with a stray NUL (a line a crash zeroed).
func rlLooksBinary(head []byte) bool {
	lines, odd := 0, 0
	for line := range bytes.SplitSeq(head, []byte{'\n'}) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		lines++
		if bytes.ContainsFunc(line, func(r rune) bool {
			return r < 0x20 && r != '\t' && r != '\r' && r != '\v' && r != '\f' && r != 0x1b
		}) {
			odd++
		}
	}
	return odd*2 > lines
}

// rlBlankNULLines empties every line of data that holds a NUL byte (its
// newline stays, so line numbers hold) and reports each one.
func rlBlankNULLines(name string, data []byte) ([]byte, []*ParseError) {
	var problems []*ParseError
	out := make([]byte, 0, len(data))
	n := 0
	for line := range bytes.SplitAfterSeq(data, []byte{'\n'}) {
		n++
		if bytes.IndexByte(line, 0) < 0 {
			out = append(out, line...)
			continue
		}
		if bytes.HasSuffix(line, []byte{'\n'}) {
			out = append(out, '\n')
		}
		if len(problems) < maxProblems {
			problems = append(problems, &ParseError{File: name, Line: n, Msg: "line holds a NUL byte (a damaged line?): skipped"})
		}
	}
	return out, problems
}

// ParseFile reads the file at path and parses it with Parse; entries and
// problems name the file as path was given.
func ParseFile(path string) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bib: read list: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("bib: read list %s: is a directory; give a Markdown, .bib or text file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxListSize+1))
	if err != nil {
		return nil, fmt.Errorf("bib: read list %s: %w", path, err)
	}
	return Parse(path, data)
}

// DetectFormat returns the format Parse uses for a list named name:
// FormatMarkdown for .md/.markdown/.mdown/.mkd, FormatBibTeX for
// .bib/.bibtex, FormatText for .txt/.text/.list. For other extensions it
// sniffs data: a line starting with "@type{" makes it BibTeX, Markdown list
// items or links make it Markdown, and anything else is plain text.
func DetectFormat(name string, data []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return FormatMarkdown
	case ".bib", ".bibtex":
		return FormatBibTeX
	case ".txt", ".text", ".list":
		return FormatText
	}
	if len(data) > 1<<20 {
		data = data[:1<<20]
	}
	if rlSniffBib.Match(data) {
		return FormatBibTeX
	}
	if rlSniffMdItem.Match(data) || rlSniffMdLink.Match(data) {
		return FormatMarkdown
	}
	return FormatText
}

var (
	rlSniffBib    = regexp.MustCompile(`(?mi)^[ \t]*@(article|inproceedings|incollection|book|misc|online|techreport|phdthesis|mastersthesis|conference|inbook|unpublished|string|preamble|comment|manual|proceedings|report|thesis)[ \t]*[{(]`)
	rlSniffMdItem = regexp.MustCompile(`(?m)^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S.*\]\(`)
	rlSniffMdLink = regexp.MustCompile(`\[[^\]\n]+\]\([^)\s]+\)`)
)

// rlBase returns the default family for a list named name: its base name
// without extension ("lists/compression.md" → "compression").
func rlBase(name string) string {
	b := filepath.Base(filepath.ToSlash(name))
	if i := strings.LastIndexByte(b, '/'); i >= 0 {
		b = b[i+1:]
	}
	if ext := filepath.Ext(b); ext != "" && ext != b {
		b = strings.TrimSuffix(b, ext)
	}
	b = rlCleanSpace(strings.ToValidUTF8(b, "\uFFFD"))
	if b == "" || b == "." || b == "/" {
		return "list"
	}
	return b
}

// rlProblems collects per-line problems, at most maxProblems of them; the
// overflow is summarised by one final problem (see done).
type rlProblems struct {
	file    string
	list    []*ParseError
	dropped int
	last    int // line of the last dropped problem
}

func (p *rlProblems) add(line int, msg string, err error) {
	if len(p.list) >= maxProblems {
		p.dropped++
		p.last = line
		return
	}
	p.list = append(p.list, &ParseError{File: p.file, Line: line, Msg: msg, Err: err})
}

func (p *rlProblems) addf(line int, format string, args ...any) {
	p.add(line, fmt.Sprintf(format, args...), nil)
}

func (p *rlProblems) done() []*ParseError {
	if p.dropped > 0 {
		p.list = append(p.list, &ParseError{File: p.file, Line: p.last,
			Msg: fmt.Sprintf("%d more problems not reported", p.dropped)})
		p.dropped = 0
	}
	return p.list
}

// rlLine is one line of input, decoded to valid UTF-8, without its line ending.
type rlLine struct {
	num  int
	text string
}

// rlDecodeMode says how invalid UTF-8 is decoded.
type rlDecodeMode int

const (
	rlReplaceInvalid rlDecodeMode = iota // invalid bytes become U+FFFD
	rlLatin1Invalid                      // invalid bytes are read as Windows-1252 (Latin-1)
)

// rlSplitLines splits data into lines: it drops a byte order mark (decoding
// UTF-16 when the mark says so), accepts LF, CRLF and lone-CR line endings,
// cuts lines longer than maxLine and fixes invalid UTF-8 according to
// mode (maxLine 0: no limit). Every repair is reported to probs with the line's number.
func rlSplitLines(data []byte, mode rlDecodeMode, maxLine int, probs *rlProblems) []rlLine {
	data = rlDecodeBOM(data, probs)
	sep := []byte{'\n'}
	if bytes.IndexByte(data, '\n') < 0 && bytes.IndexByte(data, '\r') >= 0 {
		sep = []byte{'\r'}
	}
	// One string for the whole file: each line is a slice of it, copied only
	// when it must change (a repair).
	all := string(data)
	lines := make([]rlLine, 0, bytes.Count(data, sep)+1)
	for n := 1; len(all) > 0; n++ {
		var text string
		if i := strings.IndexByte(all, sep[0]); i >= 0 {
			text, all = all[:i], all[i+1:]
		} else {
			text, all = all, ""
		}
		text = strings.TrimSuffix(text, "\r")
		if maxLine > 0 && len(text) > maxLine {
			probs.addf(n, "line is %d bytes long; only the first %d are read", len(text), maxLine)
			text = text[:maxLine]
			// Do not leave half a UTF-8 sequence at the cut.
			for j := len(text) - 1; j >= 0 && j >= len(text)-utf8.UTFMax; j-- {
				if utf8.RuneStart(text[j]) {
					if !utf8.FullRuneInString(text[j:]) {
						text = text[:j]
					}
					break
				}
			}
		}
		if !utf8.ValidString(text) {
			if mode == rlLatin1Invalid {
				text = rlLatin1Fix([]byte(text))
				probs.addf(n, "invalid UTF-8 read as Latin-1 (Windows-1252)")
			} else {
				text = strings.ToValidUTF8(text, "\uFFFD")
				probs.addf(n, "invalid UTF-8 replaced with U+FFFD")
			}
		}
		lines = append(lines, rlLine{num: n, text: text})
	}
	return lines
}

// rlDecodeBOM strips a UTF-8 byte order mark, or decodes UTF-16 input that
// starts with a UTF-16 byte order mark.
func rlDecodeBOM(data []byte, probs *rlProblems) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		le := data[0] == 0xFF
		data = data[2:]
		if len(data)%2 == 1 {
			probs.addf(1, "UTF-16 input has an odd number of bytes; the last byte is dropped")
			data = data[:len(data)-1]
		}
		u := make([]uint16, len(data)/2)
		for i := range u {
			if le {
				u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
			} else {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			}
		}
		return []byte(string(utf16.Decode(u)))
	}
	return data
}

// rlCP1252 maps the bytes 0x80-0x9F of Windows-1252; the other bytes ≥ 0xA0
// are the Latin-1 code points of the same value.
var rlCP1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// rlLatin1Fix keeps the valid UTF-8 sequences of b and reads every other byte
// as Windows-1252.
func rlLatin1Fix(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			c := b[0]
			switch {
			case c >= 0x80 && c < 0xA0:
				sb.WriteRune(rlCP1252[c-0x80])
			default:
				sb.WriteRune(rune(c))
			}
			b = b[1:]
			continue
		}
		sb.Write(b[:size])
		b = b[size:]
	}
	return sb.String()
}

// rlCleanSpace turns every run of white space or control characters
// (including U+2028, U+0085 and the like) into one space, drops zero-width
// characters and a stray U+FEFF, and trims the result.
func rlCleanSpace(s string) string {
	clean := true // ASCII, printable, single inner spaces only
	for i := 0; i < len(s) && clean; i++ {
		c := s[i]
		clean = c > ' ' && c < 0x7f || c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' '
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			space = true
			continue
		case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\uFEFF' || r == '\u2060':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// rlCap cuts s to at most n bytes at a rune boundary and reports whether it did.
func rlCap(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i], true
}

// rlFinishTitle cleans white space in a title and caps its length,
// reporting a cut.
func rlFinishTitle(title string, line int, probs *rlProblems) string {
	title = rlCleanSpace(title)
	if t, cut := rlCap(title, maxTitleBytes); cut {
		probs.addf(line, "title is %d bytes long; cut to %d", len(title), len(t))
		title = strings.TrimSpace(t)
	}
	return title
}

// rlRaw returns the trimmed source text of an item, capped for Entry.Raw.
func rlRaw(s string) string {
	s, _ = rlCap(strings.TrimSpace(s), maxRawBytes)
	return s
}

// rlFamilySet adds families to a List, in order of first appearance, and
// finds them by name in constant time.
type rlFamilySet struct {
	l   *List
	idx map[string]int
}

// add appends a family unless one with that name exists.
func (s *rlFamilySet) add(name string, line int) {
	if s.idx == nil {
		s.idx = make(map[string]int)
	}
	if _, ok := s.idx[name]; ok {
		return
	}
	s.idx[name] = len(s.l.Families)
	s.l.Families = append(s.l.Families, Family{Name: name, Slug: Slug(name), Line: line})
}

// count fills the Papers and Links counts of the families from the
// entries, adding any family an entry names that is not listed yet.
func (s *rlFamilySet) count() {
	for i := range s.l.Families {
		s.l.Families[i].Papers, s.l.Families[i].Links = 0, 0
	}
	for _, e := range s.l.Entries {
		s.add(e.Family, 0)
		f := &s.l.Families[s.idx[e.Family]]
		if e.Kind == KindPaper {
			f.Papers++
		} else {
			f.Links++
		}
	}
}

// ---- identifiers -----------------------------------------------------------

var (
	rlArxivNewRe = regexp.MustCompile(`^(\d{4}\.\d{4,5})(?:v\d+)?$`)
	rlArxivOldRe = regexp.MustCompile(`^([a-z][a-z-]*)(?:\.[A-Za-z-]{2,})?/(\d{7})(?:v\d+)?$`)
	rlDOIRe      = regexp.MustCompile(`^10\.\d{4,9}/\S+$`)
	rlHex40Re    = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
	rlCorpusRe   = regexp.MustCompile(`(?i)corpus_?id:?\s*(\d{1,12})\b`)
	rlDOIPathRe  = regexp.MustCompile(`/doi/(?:(?:abs|pdf|full|epdf|fullhtml|pdfplus|book|reader)/)?(10\.\d{4,9}/.+)$`)
	rlDOISegRe   = regexp.MustCompile(`/(?:article|articles|content|chapter|abs|full|pdf)/(10\.\d{4,9}/.+)$`)

	// In free text: "arXiv:1707.06342v2", "arXiv 1707.06342", "arXiv:cs/0112017".
	rlArxivTextRe = regexp.MustCompile(`(?i)\barxiv\s*[:.]?\s*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[a-z-]{2,})?/\d{7}(?:v\d+)?)`)
	// In free text: "doi:10.1109/x", "DOI: 10.1109/x".
	rlDOITextRe = regexp.MustCompile(`(?i)\bdoi\s*:?\s*(10\.\d{4,9}/[^\s"<>{}]+)`)
)

// rlArxivID returns the arXiv id in s (new style "1707.06342" or old style
// "cs/0112017", with or without a version) without its version, or "".
func rlArxivID(s string) string {
	s = strings.TrimSpace(s)
	if m := rlArxivNewRe.FindStringSubmatch(s); m != nil {
		if mm := s[2:4]; mm < "01" || mm > "12" {
			return ""
		}
		// Since 2015 (1501.xxxxx) the number has five digits, before four:
		// "2405.2097" is a truncated id, not an id.
		if five := len(m[1]) == 10; five != (s[:4] >= "1501") {
			return ""
		}
		return m[1]
	}
	if m := rlArxivOldRe.FindStringSubmatch(s); m != nil {
		return m[1] + "/" + m[2]
	}
	return ""
}

// rlCleanDOI returns the DOI in s (a raw DOI, "doi:…" or a DOI path,
// possibly URL-escaped) with trailing punctuation removed, or "".
func rlCleanDOI(s string) string {
	s = strings.TrimSpace(s)
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	low := strings.ToLower(s)
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:", "doi"} {
		if strings.HasPrefix(low, p) && len(s) > len(p) && strings.HasPrefix(strings.TrimSpace(s[len(p):]), "10.") {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	if i := strings.IndexAny(s, " \t\"<>{}"); i >= 0 {
		s = s[:i]
	}
	s = rlTrimURLPunct(s)
	if !rlDOIRe.MatchString(s) {
		return ""
	}
	return s
}

// rlTrimURLPunct removes trailing punctuation that belongs to the sentence
// around a URL or DOI rather than to it: .,;:!?'"* and closing brackets that
// are not balanced inside s.
func rlTrimURLPunct(s string) string {
	for len(s) > 0 {
		c := s[len(s)-1]
		switch c {
		case '.', ',', ';', ':', '!', '?', '\'', '"', '*', '>':
			s = s[:len(s)-1]
			continue
		case ')', ']':
			open := byte('(')
			if c == ']' {
				open = '['
			}
			if strings.Count(s, string(open)) < strings.Count(s, string(c)) {
				s = s[:len(s)-1]
				continue
			}
		}
		break
	}
	return s
}

// rlURLInfo is what a URL tells about the item that links to it.
type rlURLInfo struct {
	ids   IDs  // identifiers found in the URL
	paper bool // the URL points at a paper (id, paper host or a .pdf)
	blog  bool // the URL points at a blog, article, video or social site
	local bool // an in-page anchor ("#section"): table-of-contents links
}

// rlPaperHosts are sites whose pages are papers (or their landing pages).
var rlPaperHosts = []string{
	"arxiv.org", "ar5iv.org", "ar5iv.labs.arxiv.org", "export.arxiv.org", "arxiv-vanity.com", "alphaxiv.org",
	"doi.org", "dx.doi.org", "semanticscholar.org", "api.semanticscholar.org",
	"openaccess.thecvf.com", "thecvf.com", "papers.nips.cc", "proceedings.neurips.cc", "papers.neurips.cc",
	"openreview.net", "proceedings.mlr.press", "jmlr.org", "aclanthology.org", "aclweb.org",
	"dl.acm.org", "ieeexplore.ieee.org", "link.springer.com", "sciencedirect.com", "nature.com",
	"ojs.aaai.org", "aaai.org", "ijcai.org", "ecva.net", "bmva.org", "bmvc2019.org", "researchgate.net",
	"biorxiv.org", "medrxiv.org", "ssrn.com", "onlinelibrary.wiley.com", "tandfonline.com", "science.org",
	"pnas.org", "mitpressjournals.org", "direct.mit.edu", "usenix.org", "vldb.org", "isca-speech.org",
	"openaccess.thecvf.com", "paperswithcode.com", "dblp.org", "citeseerx.ist.psu.edu", "scholar.google.com",
	"huggingface.co/papers", "mlsys.org", "proceedings.mlsys.org", "iclr.cc", "icml.cc", "neurips.cc", "nips.cc",
}

// rlBlogHosts are sites whose pages are blog posts, articles, videos or
// social posts rather than papers.
var rlBlogHosts = []string{
	"zhihu.com", "zhuanlan.zhihu.com", "jiqizhixin.com", "medium.com", "towardsdatascience.com",
	"cloud.tencent.com", "csdn.net", "blog.csdn.net", "cnblogs.com", "jianshu.com", "mp.weixin.qq.com",
	"weixin.qq.com", "juejin.cn", "segmentfault.com", "infoq.com", "infoq.cn", "oschina.net", "36kr.com",
	"leiphone.com", "sohu.com", "163.com", "sina.com.cn", "qq.com", "bilibili.com", "youtube.com", "youtu.be",
	"vimeo.com", "twitter.com", "x.com", "reddit.com", "news.ycombinator.com", "quora.com", "wikipedia.org",
	"substack.com", "linkedin.com", "facebook.com", "slideshare.net", "speakerdeck.com", "kdnuggets.com",
	"analyticsvidhya.com", "machinelearningmastery.com", "wordpress.com", "blogspot.com", "ghost.io",
	"hackernoon.com", "dev.to", "hashnode.dev", "towardsai.net", "syncedreview.com", "venturebeat.com",
	"techcrunch.com", "wired.com", "theverge.com", "distill.pub", "lilianweng.github.io", "colah.github.io",
	"jalammar.github.io", "thegradient.pub", "paperweekly.site", "tech.sina.com.cn", "aiera.com.cn", "leiphone.com",
	// data sets and demos: resources, not papers
	"kaggle.com", "huggingface.co/datasets", "huggingface.co/spaces", "paperswithcode.com/dataset",
}

func rlHostMatch(host, path string, idx map[string][]string) bool {
	for h := host; h != ""; {
		for _, p := range idx[h] {
			if strings.HasPrefix(path, p) {
				return true
			}
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return false
}

// Host lists indexed by host: each host ("huggingface.co/papers") maps to
// its path prefixes.
var (
	rlPaperHostIdx = rlHostIndex(rlPaperHosts)
	rlBlogHostIdx  = rlHostIndex(rlBlogHosts)
)

func rlHostIndex(list []string) map[string][]string {
	m := map[string][]string{}
	for _, h := range list {
		hp, p := h, ""
		if i := strings.IndexByte(h, '/'); i >= 0 {
			hp, p = h[:i], h[i:]
		}
		m[hp] = append(m[hp], p)
	}
	return m
}

// rlContainsFold reports whether s contains the lower-case ASCII word sub,
// in any case.
func rlContainsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	lo, up := sub[0], sub[0]
	if 'a' <= lo && lo <= 'z' {
		up = lo - ('a' - 'A')
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		// Skip to the next place the first letter occurs, in either case.
		k := strings.IndexByte(s[i:], lo)
		if up != lo {
			if k2 := strings.IndexByte(s[i:], up); k2 >= 0 && (k < 0 || k2 < k) {
				k = k2
			}
		}
		if k < 0 {
			return false
		}
		i += k
		if i+len(sub) > len(s) {
			return false
		}
		j := 0
		for ; j < len(sub); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// rlMayHoldID reports whether text may hold an identifier rlTextIDs finds:
// it names arXiv, a DOI, a corpus id or a PubMed id.
func rlMayHoldID(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] | 0x20 { // lower case for letters
		case 'a':
			if rlHasFoldAt(s, i, "arxiv") {
				return true
			}
		case 'd':
			if rlHasFoldAt(s, i, "doi") {
				return true
			}
		case 'c':
			if rlHasFoldAt(s, i, "corpus") {
				return true
			}
		case 'p':
			if strings.HasPrefix(s[i:], "PMID") || strings.HasPrefix(s[i:], "PMC") {
				return true
			}
		}
	}
	return false
}

// rlASCII reports whether s is ASCII.
func rlASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// rlHasFoldAt reports whether s holds the lower-case ASCII word sub at i,
// in any case.
func rlHasFoldAt(s string, i int, sub string) bool {
	if i+len(sub) > len(s) {
		return false
	}
	for j := 0; j < len(sub); j++ {
		c := s[i+j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != sub[j] {
			return false
		}
	}
	return true
}

// rlInspectURL classifies a link target and extracts identifiers from it.
func rlInspectURL(raw string) rlURLInfo {
	var info rlURLInfo
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "#") {
		info.local = true
		return info
	}
	if !strings.Contains(raw, "://") && rlSchemelessRe.MatchString(raw) {
		raw = "https://" + raw // "sci-hub.tw/10.1016/…": a link written without its scheme
	}
	u, err := url.Parse(raw)
	if err != nil {
		if strings.HasSuffix(strings.ToLower(raw), ".pdf") {
			info.paper = true
		}
		return info
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if t := rlRedirectTarget(host, u); t != "" {
		// "link.zhihu.com/?target=https://arxiv.org/…": the page it leads to.
		return rlInspectURL(t)
	}
	path := u.EscapedPath()
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	lowPath := strings.ToLower(path)
	if strings.HasSuffix(lowPath, ".pdf") {
		info.paper = true
	}
	switch {
	case host == "arxiv.org" || strings.HasSuffix(host, ".arxiv.org") || host == "ar5iv.org" ||
		host == "arxiv-vanity.com" || host == "alphaxiv.org" || host == "huggingface.co" && strings.HasPrefix(path, "/papers/"):
		rest := path
		for _, p := range []string{"/abs/", "/pdf/", "/html/", "/ps/", "/format/", "/papers/", "/overview/"} {
			if strings.HasPrefix(rest, p) {
				rest = strings.TrimPrefix(rest, p)
				break
			}
		}
		rest = strings.TrimSuffix(strings.TrimSuffix(rest, "/"), ".pdf")
		if id := rlArxivID(rest); id != "" {
			info.ids.ArXiv = id
		} else if i := strings.LastIndexByte(rest, '/'); i >= 0 && rlArxivNewRe.MatchString(rest[i+1:]) {
			info.ids.ArXiv = rlArxivID(rest[i+1:]) // "/ftp/arxiv/papers/2311/2311.15766.pdf"
		} else if m := rlArxivStrayRe.FindStringSubmatch(rest); m != nil {
			info.ids.ArXiv = rlArxivID(m[1]) // "2006.08509l": a stray letter typed after the id
		}
	case host == "doi.org" || host == "dx.doi.org" || host == "doi.acm.org":
		if d := rlCleanDOI(strings.TrimPrefix(path, "/")); d != "" {
			info.ids.DOI = d
		}
	case host == "semanticscholar.org" || strings.HasSuffix(host, ".semanticscholar.org") && host != "pdfs.semanticscholar.org":
		segs := strings.Split(strings.Trim(path, "/"), "/")
		for i := len(segs) - 1; i >= 0; i-- {
			if rlHex40Re.MatchString(segs[i]) {
				info.ids.S2 = strings.ToLower(segs[i])
				break
			}
		}
		if m := rlCorpusRe.FindStringSubmatch(path); m != nil {
			info.ids.CorpusID = m[1]
		}
		// semanticscholar.org/arxiv/1707.06342
		if i := strings.Index(path, "/arxiv/"); i >= 0 && info.ids.S2 == "" {
			info.ids.ArXiv = rlArxivID(strings.Trim(path[i+len("/arxiv/"):], "/"))
		}
	case host == "pdfs.semanticscholar.org":
		// pdfs.semanticscholar.org/40e7/4473cb….pdf: the paperId split 4+36.
		segs := strings.Split(strings.Trim(strings.TrimSuffix(path, ".pdf"), "/"), "/")
		if len(segs) == 2 && len(segs[0]) == 4 && rlHex40Re.MatchString(segs[0]+segs[1]) {
			info.ids.S2 = strings.ToLower(segs[0] + segs[1])
		}
	case strings.HasPrefix(host, "sci-hub.") || host == "iopscience.iop.org" && strings.HasPrefix(path, "/article/10."):
		// sci-hub.tw/10.2307/40009035, iopscience.iop.org/article/10.1088/…/pdf:
		// the path is the DOI.
		p := strings.TrimPrefix(strings.TrimPrefix(path, "/"), "article/")
		for _, suf := range []string{"/pdf", "/meta", "/fulltext"} {
			p = strings.TrimSuffix(p, suf)
		}
		if d := rlCleanDOI(p); d != "" {
			info.ids.DOI = d
		}
	case host == "aclanthology.org" || host == "aclweb.org" || host == "aclanthology.info":
		// aclanthology.org/P19-1001(.pdf), aclweb.org/anthology/N/N16/N16-1030.pdf,
		// aclanthology.org/2020.acl-main.1/
		segs := strings.Split(strings.Trim(path, "/"), "/")
		if last := segs[len(segs)-1]; last != "" {
			if id := rlACLID(strings.TrimSuffix(strings.TrimSuffix(last, ".pdf"), ".bib")); id != "" {
				info.ids.ACL = id
			}
		}
	case host == "pubmed.ncbi.nlm.nih.gov" || host == "ncbi.nlm.nih.gov" || host == "pmc.ncbi.nlm.nih.gov" ||
		host == "europepmc.org":
		if m := rlPMCPathRe.FindStringSubmatch(path); m != nil {
			info.ids.PMCID = "PMC" + m[1] + m[2]
		} else if m := rlPMIDPathRe.FindStringSubmatch(path); m != nil &&
			(host == "pubmed.ncbi.nlm.nih.gov" || strings.Contains(path, "pubmed") || strings.Contains(path, "/MED/")) {
			info.ids.PMID = m[1]
		}
	case host == "link.springer.com":
		for _, p := range []string{"/article/", "/chapter/", "/content/pdf/", "/book/", "/referenceworkentry/", "/"} {
			if p == "/" && !strings.HasPrefix(path, "/10.") {
				continue // link.springer.com/10.1007/…: the DOI alone
			}
			if strings.HasPrefix(path, p) {
				if d := rlCleanDOI(strings.TrimSuffix(strings.TrimPrefix(path, p), ".pdf")); d != "" {
					info.ids.DOI = d
				}
			}
		}
	case host == "nature.com" && strings.HasPrefix(path, "/articles/"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/articles/"), ".pdf")
		if id != "" && !strings.Contains(id, "/") {
			info.ids.DOI = "10.1038/" + id
		}
	default:
		if !strings.Contains(path, "/10.") && !strings.Contains(u.RawQuery, "10.") {
			break
		}
		if m := rlDOIPathRe.FindStringSubmatch(path); m != nil {
			if d := rlCleanDOI(rlTrimDOIPath(m[1])); d != "" {
				info.ids.DOI = d
			}
		} else if m := rlDOISegRe.FindStringSubmatch(path); m != nil {
			// frontiersin.org/article/10.3389/…/abstract,
			// biorxiv.org/content/10.1101/…: a DOI after an article path.
			if d := rlCleanDOI(rlTrimDOIPath(m[1])); d != "" {
				info.ids.DOI = d
			}
		} else if strings.Contains(u.RawQuery, "10.") {
			// journals.plos.org/…/article?id=10.1371/…: a DOI as a query value.
			for _, vs := range u.Query() {
				for _, v := range vs {
					if d := rlCleanDOI(v); d != "" && strings.HasPrefix(v, "10.") && info.ids.DOI == "" {
						info.ids.DOI = d
					}
				}
			}
		}
	}
	rlArxivFromDOI(&info.ids)
	if !info.ids.Empty() || rlHostMatch(host, path, rlPaperHostIdx) {
		info.paper = true
	}
	if !info.paper && (rlHostMatch(host, path, rlBlogHostIdx) || strings.HasPrefix(host, "blog.") ||
		strings.Contains(host, "blog") || strings.Contains(lowPath, "/blog/") || strings.HasPrefix(lowPath, "/blog")) {
		info.blog = true
	}
	return info
}

var (
	rlSchemelessRe = regexp.MustCompile(`^(?:www\.)?(?:sci-hub\.[a-z]{2,4}|arxiv\.org|doi\.org|dx\.doi\.org)/`)
	rlArxivStrayRe = regexp.MustCompile(`^(\d{4}\.\d{4,5})[a-uw-z]$`)
)

// rlRedirectTarget returns the page a redirect link leads to
// ("link.zhihu.com/?target=…", "…/url?q=…"), or "".
func rlRedirectTarget(host string, u *url.URL) string {
	if host != "link.zhihu.com" && host != "link.juejin.cn" && host != "google.com" && host != "l.facebook.com" &&
		!strings.HasPrefix(u.Path, "/url") {
		return ""
	}
	q := u.Query()
	for _, k := range []string{"target", "url", "q", "u"} {
		if t := q.Get(k); strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") {
			return t
		}
	}
	return ""
}

// rlMergeIDs fills the empty fields of dst from src.
func rlMergeIDs(dst *IDs, src IDs) {
	if dst.ArXiv == "" {
		dst.ArXiv = src.ArXiv
	}
	if dst.DOI == "" {
		dst.DOI = src.DOI
	}
	if dst.S2 == "" {
		dst.S2 = src.S2
	}
	if dst.CorpusID == "" {
		dst.CorpusID = src.CorpusID
	}
	if dst.ACL == "" {
		dst.ACL = src.ACL
	}
	if dst.PMID == "" {
		dst.PMID = src.PMID
	}
	if dst.PMCID == "" {
		dst.PMCID = src.PMCID
	}
	rlArxivFromDOI(dst)
}

// rlTrimDOIPath removes what a publisher's page path puts after a DOI: a
// view ("/abstract", "/full", "/pdf"), or an article number and a title slug
// (academic.oup.com/…/doi/10.1093/bioinformatics/btx196/3611270/Removal-of-Batch).
func rlTrimDOIPath(d string) string {
	for _, ext := range []string{".full.pdf", ".full", ".pdf", ".abstract", ".html"} {
		d = strings.TrimSuffix(d, ext)
	}
	if strings.HasPrefix(d, "10.1101/") {
		// bioRxiv and medRxiv pages add the version ("…123456v2") to the DOI.
		if m := rlVersionRe.FindStringIndex(d); m != nil {
			d = d[:m[0]]
		}
	}
	for {
		i := strings.LastIndexByte(d, '/')
		if i < 0 {
			return d
		}
		last := strings.ToLower(d[i+1:])
		switch {
		case last == "" || rlDOIViews[last]:
			d = d[:i]
		case strings.Count(last, "-") >= 2 && strings.IndexFunc(last, unicode.IsLetter) >= 0 && rlSlugBefore(d[:i]):
			// A title slug after an article number.
			d = d[:strings.LastIndexByte(d[:i], '/')]
		default:
			return d
		}
	}
}

// rlSlugBefore reports whether p ends with a path segment of digits (the
// article number a title slug follows) after the DOI's own segments.
func rlSlugBefore(p string) bool {
	i := strings.LastIndexByte(p, '/')
	return i > 0 && rlDigits(p[i+1:]) && strings.Count(p[:i], "/") >= 1
}

var rlVersionRe = regexp.MustCompile(`v\d+$`)

var rlDOIViews = map[string]bool{"abstract": true, "full": true, "pdf": true, "epdf": true, "meta": true,
	"fulltext": true, "html": true, "references": true, "figures": true, "summary": true, "full-text": true}

// rlArxivFromDOI fills the arXiv id from an arXiv DataCite DOI
// ("10.48550/arXiv.1801.04381", as Zotero exports arXiv preprints).
func rlArxivFromDOI(ids *IDs) {
	if ids.ArXiv != "" || len(ids.DOI) < len("10.48550/arxiv.") {
		return
	}
	if strings.EqualFold(ids.DOI[:len("10.48550/arxiv.")], "10.48550/arxiv.") {
		ids.ArXiv = rlArxivID(ids.DOI[len("10.48550/arxiv."):])
	}
}

var (
	rlACLOldRe   = regexp.MustCompile(`^[A-Z]\d{2}-\d{4}$`)
	rlACLNewRe   = regexp.MustCompile(`^\d{4}\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.\d{1,4}$`)
	rlPMIDPathRe = regexp.MustCompile(`(?:^|/)(\d{1,9})/?$`)
	rlPMCPathRe  = regexp.MustCompile(`(?i)/(?:pmc/)?articles/PMC(\d{1,9})(?:/|$)|/PMC/PMC(\d{1,9})`)
	rlPMIDTextRe = regexp.MustCompile(`\bPMID:?\s*(\d{1,9})\b`)
	// "PMCID: PMC5101938" (PubMed's citations end "PMID: n; PMCID: PMCn")
	// or a bare "PMC5101938".
	rlPMCIDTextRe = regexp.MustCompile(`\b(?:PMCID:?\s*)?PMC(\d{1,9})\b`)
)

// rlACLID returns s when it is an ACL Anthology id ("P19-1001",
// "2020.acl-main.1"), else "".
func rlACLID(s string) string {
	if rlACLOldRe.MatchString(s) || rlACLNewRe.MatchString(s) {
		return s
	}
	return ""
}

// rlTextIDs finds identifiers written in text ("arXiv:1707.06342",
// "doi:10.1109/…", "CorpusID:123") and returns them with the text's byte
// ranges they occupied.
func rlTextIDs(s string) (IDs, [][2]int) {
	var ids IDs
	var spans [][2]int
	if m := rlArxivTextRe.FindStringSubmatchIndex(s); m != nil {
		if id := rlArxivID(s[m[2]:m[3]]); id != "" {
			ids.ArXiv = id
			spans = append(spans, [2]int{m[0], m[1]})
		}
	}
	if m := rlDOITextRe.FindStringSubmatchIndex(s); m != nil {
		if d := rlCleanDOI(s[m[2]:m[3]]); d != "" {
			ids.DOI = d
			spans = append(spans, [2]int{m[0], m[2] + len(d)})
		}
	}
	if m := rlCorpusRe.FindStringSubmatchIndex(s); m != nil {
		ids.CorpusID = s[m[2]:m[3]]
		spans = append(spans, [2]int{m[0], m[1]})
	}
	if m := rlPMIDTextRe.FindStringSubmatchIndex(s); m != nil {
		ids.PMID = s[m[2]:m[3]]
		spans = append(spans, [2]int{m[0], m[1]})
	}
	if m := rlPMCIDTextRe.FindStringSubmatchIndex(s); m != nil {
		ids.PMCID = "PMC" + s[m[2]:m[3]]
		spans = append(spans, [2]int{m[0], m[1]})
	}
	rlArxivFromDOI(&ids)
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	return ids, spans
}

// ---- years and venues ------------------------------------------------------

// rlYear returns the year written as s ("2017", "'17", "17" after an
// apostrophe) when plausible for a paper (1950-2049), else 0.
func rlYear(s string) int {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "'") || strings.HasPrefix(s, "’") {
		s = strings.TrimLeft(s, "'’")
		if len(s) == 4 {
			return rlYear(s) // "'2019"
		}
		if len(s) == 2 && rlDigits(s) {
			y := int(s[0]-'0')*10 + int(s[1]-'0')
			if y < 50 {
				return 2000 + y
			}
			return 1900 + y
		}
		return 0
	}
	if len(s) != 4 || !rlDigits(s) {
		return 0
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	if y < 1950 || y > 2049 {
		return 0
	}
	return y
}

// rlAuthorYear returns the year written as s when it may date a reference
// whose authors are written before it (1600-2049): old books and papers
// are cited so ("Keynes, J. M. (1936)."), where a number alone would not
// be read as a year.
func rlAuthorYear(s string) int {
	s = strings.TrimSpace(s)
	if len(s) != 4 || !rlDigits(s) {
		return 0
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	if y < 1600 || y > 2049 {
		return 0
	}
	return y
}

func rlDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// rlKnownVenues are venue names recognised even when they are not written
// in capitals (lower-cased here).
var rlKnownVenues = map[string]bool{
	"arxiv": true, "corr": true, "neurips": true, "nips": true, "icml": true, "iclr": true, "cvpr": true,
	"iccv": true, "eccv": true, "aaai": true, "ijcai": true, "acl": true, "emnlp": true, "naacl": true,
	"coling": true, "kdd": true, "www": true, "sigir": true, "wsdm": true, "icra": true, "iros": true,
	"bmvc": true, "wacv": true, "tpami": true, "pami": true, "ijcv": true, "jmlr": true, "tip": true,
	"tnnls": true, "mlsys": true, "sysml": true, "isca": true, "micro": true, "hpca": true, "dac": true,
	"fpga": true, "asplos": true, "interspeech": true, "icassp": true, "siggraph": true, "uai": true,
	"aistats": true, "colt": true, "icdm": true, "cikm": true, "tmlr": true, "nature": true, "science": true,
	"openreview": true, "iclrw": true, "cvprw": true, "iccvw": true, "eccvw": true, "icip": true, "icme": true,
	"accv": true, "3dv": true, "miccai": true, "ipmi": true, "isbi": true, "tog": true, "tvcg": true, "pnas": true,
	// data and systems, security, HCI, robotics, speech, graphs, biology
	"vldb": true, "pvldb": true, "sigmod": true, "icde": true, "cidr": true, "edbt": true, "pods": true, "tkde": true,
	"osdi": true, "sosp": true, "nsdi": true, "eurosys": true, "sigcomm": true, "socc": true, "ppopp": true,
	"pldi": true, "popl": true, "oopsla": true, "icse": true, "fse": true, "issta": true,
	"ccs": true, "ndss": true, "usenix": true, "oakland": true, "raid": true, "acsac": true, "esorics": true,
	"chi": true, "uist": true, "cscw": true, "iui": true, "rss": true, "corl": true, "hri": true,
	"ijrr": true, "taslp": true, "tacl": true, "eacl": true, "conll": true, "aacl": true, "lrec": true,
	"recsys": true, "sdm": true, "tois": true, "jair": true, "aij": true, "tmm": true, "tcsvt": true, "acmmm": true,
	"ismb": true, "recomb": true, "bioinformatics": true, "elife": true,
	"neurocomputing": true, "icmlw": true, "neuripsw": true, "colm": true,
}

// rlVenueLike reports whether a word can be a venue: a known venue, or an
// acronym-like word (at least two capitals, at most 12 characters, letters,
// digits and a few marks).
func rlVenueLike(w string) bool {
	w = strings.Trim(w, "-_.,:;'’")
	if w == "" || len(w) > 16 {
		return false
	}
	low := strings.ToLower(w)
	if rlKnownVenues[low] {
		return true
	}
	for _, suf := range []string{"w", "-w", "workshop", "-workshop"} {
		if strings.HasSuffix(low, suf) && rlKnownVenues[strings.TrimSuffix(low, suf)] {
			return true
		}
	}
	upper, letters := 0, 0
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			upper++
			letters++
		case r >= 'a' && r <= 'z':
			letters++
		case r >= '0' && r <= '9', r == '-', r == '&':
		default:
			return false
		}
	}
	return upper >= 2 && letters >= 2 && len(w) <= 12
}

// rlYearVenue parses a year-and-venue marker such as "2018-CVPR", "CVPR
// 2018", "2018", "CVPR'18", "ICLR2016", "2016 ArXiv" and returns its year
// (0 if none) and venue ("" if none). ok is false when s is not such a
// marker (e.g. a title).
func rlYearVenue(s string) (year int, venue string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 48 {
		return 0, "", false
	}
	if strings.Contains(s, "‘") {
		s = strings.ReplaceAll(s, "‘", "’") // "TKDE‘23": an opening quote typed for the apostrophe
	}
	if i := strings.IndexAny(s, "'’"); i >= 0 {
		// "CVPR' 14": the apostrophe's year written apart.
		s = rlApostropheSpaceRe.ReplaceAllString(s, "'$1")
	}
	if rlHasYearMonth(s) {
		// "2021/07", "2023.05", "202403": a year and its month.
		s = rlYearMonthRe.ReplaceAllString(s, "$1")
	}
	// Split "ICLR2016" and "2016ICLR" glued forms.
	toks := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '-' || r == ',' || r == '_' || r == '/' || r == '|' || r == '·' || r == '\t' || r == '@'
	})
	var venues []string
	for _, t := range toks {
		if y := rlYear(t); y != 0 && year == 0 {
			year = y
			continue
		}
		// "CVPR'18", "CVPR’18"
		if i := strings.IndexAny(t, "'’"); i > 0 {
			if y := rlYear(t[i:]); y != 0 && year == 0 {
				year = y
				t = t[:i]
			}
		}
		// "ICLR2016", "2016ICLR"
		if year == 0 && len(t) > 4 {
			if y := rlYear(t[len(t)-4:]); y != 0 && !rlDigitByte(t[len(t)-5]) {
				year, t = y, t[:len(t)-4]
			} else if y := rlYear(t[:4]); y != 0 && !rlDigitByte(t[4]) {
				year, t = y, t[4:]
			}
		}
		if t == "" {
			continue
		}
		venues = append(venues, t)
	}
	if year != 0 && len(venues) > 0 {
		// "arXiv, Dec 2023": the month of a dated marker is no venue.
		venues = slices.DeleteFunc(venues, func(v string) bool { return rlMonths[strings.ToLower(strings.TrimRight(v, "."))] })
	}
	if len(venues) > 2 {
		return 0, "", false
	}
	for _, v := range venues {
		if !rlVenueLike(v) && !(len(venues) == 2 && rlVenueWordOK(v)) {
			return 0, "", false
		}
	}
	if year == 0 && len(venues) == 0 {
		return 0, "", false
	}
	if year == 0 {
		// A bare venue ("[CVPR]") counts only when it is a known one.
		if len(venues) != 1 || !rlKnownVenues[strings.ToLower(strings.Trim(venues[0], "-_.,:;'’"))] {
			return 0, "", false
		}
	}
	return year, strings.Join(venues, " "), true
}

var rlApostropheSpaceRe = regexp.MustCompile(`['’]\s+(\d{2}(?:\d{2})?)\b`)

// rlYearMonthRe matches a year written with its month: "2021/07",
// "2023.05", "2019-10", "202403".
var rlYearMonthRe = regexp.MustCompile(`\b((?:19|20)\d\d)(?:[./-]?(?:0[1-9]|1[0-2]))\b`)

// rlHasYearMonth reports whether s may hold a year written with its month
// (what rlYearMonthRe matches): "19" or "20", two digits, an optional
// '.', '/' or '-', then two more digits.
func rlHasYearMonth(s string) bool {
	for i := 0; i+6 <= len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && rlDigitByte(s[i+2]) && rlDigitByte(s[i+3]) {
			j := i + 4
			if s[j] == '.' || s[j] == '/' || s[j] == '-' {
				j++
			}
			if j+2 <= len(s) && rlDigitByte(s[j]) && rlDigitByte(s[j+1]) {
				return true
			}
		}
	}
	return false
}

// rlMonths are month names and their abbreviations, lower case.
var rlMonths = map[string]bool{
	"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true, "apr": true,
	"april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true, "aug": true,
	"august": true, "sep": true, "sept": true, "september": true, "oct": true, "october": true, "nov": true,
	"november": true, "dec": true, "december": true,
}

func rlDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// rlVenueWordOK accepts a second venue word such as "Workshop", "Oral" or
// "Spotlight" next to a venue acronym.
func rlVenueWordOK(w string) bool {
	switch strings.ToLower(strings.Trim(w, "-_.,:;()")) {
	case "workshop", "workshops", "oral", "spotlight", "poster", "best", "findings", "w", "main", "short", "long":
		return true
	}
	return rlVenueLike(w)
}
