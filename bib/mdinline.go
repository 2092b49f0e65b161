package bib

import (
	"regexp"
	"strings"
)

// ---- inline Markdown ------------------------------------------------------

// mdSeg is a piece of inline Markdown: plain text, or a link (text and
// target), or a bare URL.
type mdSeg struct {
	text string
	url  string
	link bool // a link: text is its text, url its target
	bare bool // a bare URL or <autolink>; text is empty

	boxed bool // a link in square brackets ("[[Code](url)]"): a resource of the item
	brk   bool // a line break (<br>): separates the parts of a table cell
}

// mdKnownTags are the HTML tags removed from inline text.
var mdKnownTags = map[string]bool{
	"a": true, "b": true, "i": true, "u": true, "s": true, "em": true, "strong": true, "br": true, "hr": true,
	"img": true, "sup": true, "sub": true, "span": true, "div": true, "p": true, "font": true, "code": true,
	"kbd": true, "details": true, "summary": true, "center": true, "small": true, "big": true, "del": true,
	"ins": true, "mark": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "ul": true, "ol": true, "table": true, "tr": true, "td": true, "th": true, "tbody": true,
	"thead": true, "picture": true, "source": true, "video": true, "strike": true, "tt": true, "blockquote": true,
}

var (
	mdTagRe     = regexp.MustCompile(`^<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,1000}?(/?)>`)
	mdHrefRe    = regexp.MustCompile(`(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	mdAutoRe    = regexp.MustCompile(`^<((?:https?|ftp)://[^\s<>]+)>`)
	mdBareURLRe = regexp.MustCompile(`^(?:https?|ftp|file)://[^\s<>"\x60]+`)
	mdWWWRe     = regexp.MustCompile(`^www\.[a-zA-Z0-9-]+\.[^\s<>"\x60]+`)
)

// mdEscapable are the characters a backslash escapes in Markdown.
const mdEscapable = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// mdMaxDepth bounds the recursion into link texts.
const mdMaxDepth = 2

// mdInline splits inline Markdown into text, links and bare URLs. Images are
// dropped (a badge inside a link leaves the link with empty text), HTML tags
// are dropped except <a href>, which becomes a link, and backslash escapes
// and code spans give their literal text. It runs in time linear in s (up to
// the bounded look-aheads).
func mdInline(s string, refs map[string]string, depth int) []mdSeg {
	var segs []mdSeg
	txt := mdText{s: s, from: -1}
	flush := func() {
		if t, ok := txt.take(); ok {
			segs = append(segs, mdSeg{text: t})
		}
	}
	match := mdBrackets(s)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte(mdEscapable, s[i+1]) >= 0:
			txt.run(i+1, i+2)
			i += 2
			continue
		case c == '`':
			n := 1
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			fence := s[i : i+n]
			end := -1
			window := s[i+n:]
			if len(window) > 4096 {
				window = window[:4096]
			}
			if k := strings.Index(window, fence); k >= 0 {
				end = i + n + k
			}
			if end < 0 {
				txt.run(i, i+n)
				i += n
				continue
			}
			txt.run(i+n, end)
			i = end + n
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[' && match.get(i+1) > 0:
			if _, _, end, ok := mdLinkAt(s, i+1, match, refs); ok {
				i = end // an image: dropped
				continue
			}
		case c == '[' && match.get(i) > 0:
			if text, url, end, ok := mdLinkAt(s, i, match, refs); ok {
				flush()
				segs = append(segs, mdSeg{text: mdLinkText(text, refs, depth), url: url, link: true})
				i = end
				continue
			}
		case c == '<':
			if m := mdAutoRe.FindStringSubmatch(s[i:]); m != nil {
				flush()
				segs = append(segs, mdSeg{url: m[1], bare: true})
				i += len(m[0])
				continue
			}
			if m := mdTagRe.FindStringSubmatch(s[i:]); m != nil && mdKnownTags[strings.ToLower(m[2])] {
				tag := strings.ToLower(m[2])
				if tag == "a" && m[1] == "" {
					if h := mdHrefRe.FindStringSubmatch(m[0]); h != nil {
						url := h[1] + h[2] + h[3]
						rest := s[i+len(m[0]):]
						end := strings.Index(strings.ToLower(rest), "</a>")
						if end >= 0 && end < 4096 {
							flush()
							segs = append(segs, mdSeg{text: mdLinkText(rest[:end], refs, depth), url: url, link: true})
							i += len(m[0]) + end + len("</a>")
							continue
						}
						flush()
						segs = append(segs, mdSeg{url: url, bare: true})
					}
				} else if tag == "br" {
					flush()
					segs = append(segs, mdSeg{brk: true})
				}
				txt.str(" ")
				i += len(m[0])
				continue
			}
		case (c == 'h' || c == 'f' || c == 'w') && (i == 0 || !mdWordByte(s[i-1])) && mdURLStart(s[i:]):
			loc := mdBareURLRe.FindStringIndex(s[i:])
			scheme := ""
			if loc == nil && c == 'w' {
				loc = mdWWWRe.FindStringIndex(s[i:])
				scheme = "https://"
			}
			if loc != nil {
				if u := rlTrimURLPunct(s[i : i+loc[1]]); len(u) > 8 {
					flush()
					segs = append(segs, mdSeg{url: scheme + u, bare: true})
					i += len(u)
					continue
				}
			}
		}
		// Plain text up to the next byte that may start markup.
		j := i + 1
		for j < len(s) && !mdInlineSpecial(s, j) {
			j++
		}
		txt.run(i, j)
		i = j
	}
	flush()
	return segs
}

// mdText gathers the text of a segment: a run of its source while the
// pieces are contiguous (no copy), a builder once they are not (an escape,
// a code span, a tag read as a space).
type mdText struct {
	s        string
	from, to int // the pending run s[from:to]; from < 0: none
	b        strings.Builder
	built    bool // b holds the text
}

// run adds s[i:j].
func (t *mdText) run(i, j int) {
	switch {
	case t.built:
		t.b.WriteString(t.s[i:j])
	case t.from < 0:
		t.from, t.to = i, j
	case t.to == i:
		t.to = j
	default:
		t.b.WriteString(t.s[t.from:t.to])
		t.b.WriteString(t.s[i:j])
		t.built = true
	}
}

// str adds x, which is not a run of s.
func (t *mdText) str(x string) {
	if !t.built {
		if t.from >= 0 {
			t.b.WriteString(t.s[t.from:t.to])
		}
		t.built = true
	}
	t.b.WriteString(x)
}

// take returns the text gathered (false when there is none) and starts
// anew.
func (t *mdText) take() (string, bool) {
	var r string
	switch {
	case t.built:
		r = t.b.String()
		t.b = strings.Builder{}
	case t.from >= 0:
		r = t.s[t.from:t.to]
	}
	t.from, t.built = -1, false
	return r, r != ""
}

// mdInlineSpecial reports whether the byte at i may start something
// mdInline reads: an escape, a code span, an image, a link, a tag or
// autolink, or a bare URL at the start of a word. Every such byte is
// ASCII, so plain runs end on rune boundaries.
func mdInlineSpecial(s string, i int) bool {
	switch s[i] {
	case '\\', '`', '!', '[', '<':
		return true
	case 'h', 'f', 'w':
		return !mdWordByte(s[i-1])
	}
	return false
}

func mdWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '.'
}

// mdLinkText renders a link's inner Markdown as text.
func mdLinkText(inner string, refs map[string]string, depth int) string {
	if !strings.ContainsAny(inner, "\\`![<") && !strings.Contains(inner, "://") && !strings.Contains(inner, "www.") {
		return inner // no markup: the text as written
	}
	if depth >= mdMaxDepth {
		return mdStripBrackets(inner)
	}
	var b strings.Builder
	for _, s := range mdInline(inner, refs, depth+1) {
		b.WriteString(s.text)
	}
	return b.String()
}

func mdStripBrackets(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '[' || r == ']' {
			return -1
		}
		return r
	}, s)
}

// mdPairs pairs the index of each "[" of a text with the index of the "]"
// that closes it, sorted by the "["; unmatched brackets are absent (get
// gives 0).
type mdPairs [][2]int

func (m mdPairs) get(i int) int {
	lo, hi := 0, len(m)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch {
		case m[mid][0] < i:
			lo = mid + 1
		case m[mid][0] > i:
			hi = mid
		default:
			return m[mid][1]
		}
	}
	return 0
}

// mdBrackets pairs square brackets. Backslash-escaped brackets are
// ignored.
func mdBrackets(s string) mdPairs {
	if strings.IndexByte(s, '[') < 0 {
		return nil
	}
	var match mdPairs
	var stack [16]int
	open := stack[:0]
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			open = append(open, i)
		case ']':
			if len(open) > 0 {
				match = append(match, [2]int{open[len(open)-1], i})
				open = open[:len(open)-1]
			}
		}
	}
	// Pairs close inside out ("[[a](b)]" gives the inner pair first):
	// order them by their "[" (an insertion sort: they are few, and
	// mostly in order).
	for i := 1; i < len(match); i++ {
		for j := i; j > 0 && match[j][0] < match[j-1][0]; j-- {
			match[j], match[j-1] = match[j-1], match[j]
		}
	}
	return match
}

// mdLinkAt parses a link whose text starts with the "[" at i: an inline
// link "[text](url "title")", a full reference "[text][label]", a
// collapsed "[text][]" or a shortcut "[label]" with a known definition.
// It returns the text, the target and the index after the link.
func mdLinkAt(s string, i int, match mdPairs, refs map[string]string) (text, url string, end int, ok bool) {
	j := match.get(i)
	if j <= i {
		return "", "", 0, false
	}
	text = s[i+1 : j]
	k := j + 1
	if k < len(s) && s[k] == '(' {
		if url, end, ok := mdDestination(s, k); ok {
			return text, url, end, true
		}
		return "", "", 0, false
	}
	if k < len(s) && s[k] == '[' && match.get(k) > k {
		label := s[k+1 : match.get(k)]
		if label == "" {
			label = text
		}
		if u, found := refs[mdRefLabel(label)]; found {
			return text, u, match.get(k) + 1, true
		}
		return "", "", 0, false
	}
	if u, found := refs[mdRefLabel(text)]; found && text != "" {
		return text, u, j + 1, true
	}
	return "", "", 0, false
}

// mdDestination parses "(url)" or "(url "title")" starting at the "(" at k.
func mdDestination(s string, k int) (url string, end int, ok bool) {
	i := k + 1
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	limit := min(len(s), i+4096)
	start := i
	if i < len(s) && s[i] == '<' {
		e := strings.IndexByte(s[i:limit], '>')
		if e < 0 {
			return "", 0, false
		}
		url = s[i+1 : i+e]
		i += e + 1
	} else {
		depth := 0
		for i < limit {
			c := s[i]
			if c == '\\' && i+1 < limit {
				i += 2
				continue
			}
			if c == ' ' || c == '\t' {
				break
			}
			if c == '(' {
				depth++
			} else if c == ')' {
				if depth == 0 {
					break
				}
				depth--
			}
			i++
		}
		url = s[start:i]
	}
	// Optional title.
	for i < limit && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < limit && (s[i] == '"' || s[i] == '\'' || s[i] == '(') {
		closer := s[i]
		if closer == '(' {
			closer = ')'
		}
		e := strings.IndexByte(s[i+1:limit], closer)
		if e < 0 {
			return "", 0, false
		}
		i += e + 2
		for i < limit && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	if i >= len(s) || s[i] != ')' {
		return "", 0, false
	}
	return strings.TrimSpace(url), i + 1, true
}
