package bib

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold returns s with accents removed (NFKD, combining marks dropped), e.g.
// "Müller" → "Muller". Letters without an ASCII form are kept.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// NormalizeTitle returns the comparison form of a title: accents folded,
// lower case, every run of non-letters/digits turned into one space, trimmed.
// "MobileNetV2: Inverted Residuals…" → "mobilenetv2 inverted residuals".
func NormalizeTitle(title string) string {
	title = Fold(title)
	var b strings.Builder
	space := false
	for _, r := range title {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// Slug returns a file-name-safe form of name: ASCII letters and digits in
// lower case joined by single hyphens, at most 60 bytes, never empty, never
// "." or "..", never containing a path separator. Names with no ASCII letter
// or digit (e.g. "知乎") become "family-" plus a short stable hash, and
// names Windows reserves for devices ("con", "nul", "com1", ...) get the
// "family-" prefix too, so that the files unpack on any system.
func Slug(name string) string {
	name = Fold(name)
	var b strings.Builder
	dash := false
	for _, r := range name {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		var h uint32 = 2166136261
		for i := 0; i < len(name); i++ {
			h ^= uint32(name[i])
			h *= 16777619
		}
		const hex = "0123456789abcdef"
		buf := []byte("family-")
		for i := 7; i >= 0; i-- {
			buf = append(buf, hex[(h>>(uint(i)*4))&0xf])
		}
		s = string(buf)
	}
	if windowsReserved(s) {
		s = "family-" + s
	}
	return s
}

// windowsReserved reports whether s (lower case) is a device name Windows
// reserves whatever the extension: con, prn, aux, nul, com1-9, lpt1-9.
func windowsReserved(s string) bool {
	switch s {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(s) == 4 && (s[:3] == "com" || s[:3] == "lpt") && '1' <= s[3] && s[3] <= '9'
}
