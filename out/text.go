package out

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText returns s as valid UTF-8 (invalid bytes become U+FFFD) with every
// run of white space and control characters turned into one space, characters
// that XML 1.0 forbids (and other non-characters) removed, the explicit
// bidirectional embedding, override and isolate controls (U+202A–U+202E,
// U+2066–U+2069) removed, since they reverse the text that follows them in
// a viewer ("Trojan Source"; right-to-left scripts display without them),
// and ends trimmed.
// The result is safe inside XML, DOT strings and one-line table cells once
// the format's own special characters are escaped.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			r = unicode.ReplacementChar
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		case !xmlChar(r) || bidiControl(r):
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

// isClean reports whether cleanText(s) == s, cheaply, for the common case.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) || bidiControl(r) {
			return false
		}
		if r == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// bidiControl reports whether r is an explicit bidirectional embedding,
// override or isolate control (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
// The marks U+200E and U+200F, which reorder nothing, are not.
func bidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// xmlChar reports whether r may appear in an XML 1.0 document (the Char
// production), excluding the non-characters U+FFFE and U+FFFF.
func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= unicode.MaxRune:
		return true
	}
	return false
}

// Bounds for ShortName.
const (
	shortPrefixMax = 40 // a "Name: subtitle" prefix longer than this is not a name
	shortMax       = 40 // longer short names are cut at a word and end in "…"
)

// ShortName returns a short display name for a paper title: the part before
// the first ": " when it is short ("MobileNetV2: Inverted Residuals and
// Linear Bottlenecks" → "MobileNetV2"), else the title itself when short,
// else its first words ending in "…". The result is clean text (see
// package doc) and never empty unless the title is.
func ShortName(title string) string {
	t := cleanText(title)
	if i := strings.Index(t, ":"); i > 0 {
		if head := strings.TrimSpace(t[:i]); head != "" && utf8.RuneCountInString(head) <= shortPrefixMax {
			return head
		}
	}
	return truncateWords(t, shortMax)
}

// truncateWords returns s when it has at most max runes, else its longest
// prefix of whole words (or hyphen-separated parts of a word, "Smaller-Norm-")
// of at most max-1 runes, trailing punctuation removed, followed by "…"
// (cutting inside the first word if it alone is too long).
func truncateWords(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	var b strings.Builder
	n := 0
	add := func(part string, sep bool) bool {
		pn := utf8.RuneCountInString(part)
		if sep && n > 0 {
			pn++
		}
		if n+pn > max-1 {
			return false
		}
		if sep && n > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(part)
		n += pn
		return true
	}
words:
	for _, w := range strings.Fields(s) {
		if add(w, true) {
			continue
		}
		for i, part := range strings.SplitAfter(w, "-") {
			if !add(part, i == 0) {
				break words
			}
		}
		break
	}
	if n == 0 {
		r := []rune(s)
		return string(r[:max-1]) + "…"
	}
	return strings.TrimRight(b.String(), ",;:.-– ") + "…"
}

// wrapWords splits clean text into lines of at most width runes, breaking at
// spaces (a longer word gets a line of its own).
func wrapWords(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		wn := utf8.RuneCountInString(w)
		if n > 0 && n+1+wn > width {
			lines = append(lines, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(w)
		n += wn
	}
	if n > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// mdCell escapes text for one cell of a Markdown (GFM) table: clean text with
// "|" and "\" backslash-escaped, and "<", ">", "&", "*", "_", "`", "[", "]"
// written so that they show as themselves.
func mdCell(s string) string {
	s = cleanText(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '|', '\\', '*', '_', '`', '[', ']':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdText escapes text for running Markdown (list items, paragraphs): like
// mdCell, plus "#" so a line never turns into a heading.
func mdText(s string) string {
	return strings.ReplaceAll(mdCell(s), "#", `\#`)
}

// xmlSafe returns s as valid UTF-8 (invalid bytes become U+FFFD) without the
// characters XML 1.0 forbids; everything else, white space included, is
// kept. For identifiers, which must survive as they are where possible.
func xmlSafe(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			r = unicode.ReplacementChar
		}
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
