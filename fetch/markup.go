package fetch

import (
	"html"
	"strings"
	"unicode"
)

// simTextCommands are LaTeX commands that only style their argument: they
// are dropped and the argument kept ("\emph{Deep}" → "Deep").
var simTextCommands = map[string]bool{
	"emph": true, "textit": true, "textbf": true, "textsc": true, "texttt": true,
	"textrm": true, "textsf": true, "textup": true, "textmd": true, "textsl": true,
	"textnormal": true, "mathrm": true, "mathbf": true, "mathit": true,
	"mathcal": true, "mathbb": true, "mathsf": true, "mathtt": true, "mathnormal": true,
	"boldsymbol": true, "text": true, "mbox": true, "hbox": true, "em": true,
	"it": true, "bf": true, "sc": true, "rm": true, "tt": true, "sf": true,
	"sl": true, "small": true, "large": true, "underline": true, "uppercase": true,
	"lowercase": true, "ensuremath": true, "operatorname": true, "protect": true,
	"url": true, "href": true, "noopsort": true,
	// accents written with a letter: \c{c}, \v{s}, \H{o}…
	"c": true, "v": true, "u": true, "H": true, "k": true, "d": true, "b": true,
	"r": true, "t": true,
}

// simLetterCommands are LaTeX commands that stand for letters.
var simLetterCommands = map[string]string{
	"ell": "l", "i": "i", "j": "j", "o": "o", "O": "O", "l": "l", "L": "L",
	"ss": "ss", "ae": "ae", "AE": "AE", "oe": "oe", "OE": "OE", "aa": "a", "AA": "A",
	"textendash": "-", "textemdash": "-", "textquoteright": "'", "textquoteleft": "'",
	"ldots": "...", "dots": "...", "textellipsis": "...",
}

// simplifyTitle returns a listed title without the markup reading lists
// carry: HTML entities ("&amp;" → "&", "&#39;" → "'"), LaTeX ("{BERT}" →
// "BERT", "\emph{Deep}" → "Deep", "\&" → "&", "R\'{e}sum\'{e}" → "Resume",
// "$\ell_1$" → "l1"), and a trailing ellipsis ("…", "..."), which
// truncated reports. This is the form the resolver sends to a Source, and
// the form TitleAgreement compares.
func simplifyTitle(title string) (simple string, truncated bool) {
	if strings.Contains(title, "&") {
		title = html.UnescapeString(title)
	}
	if strings.ContainsAny(title, `\{}$`) {
		title = simLatex(title)
	}
	title = strings.TrimSpace(title)
	for _, ell := range []string{"...", "…", ". . ."} {
		if strings.HasSuffix(title, ell) {
			t := strings.TrimSpace(strings.TrimSuffix(title, ell))
			// "…" alone, or an ellipsis after a complete sentence, is no
			// truncation worth the name, but still not a word.
			return t, strings.ContainsFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		}
	}
	return title, false
}

// simLatex removes LaTeX markup from s, see simplifyTitle.
func simLatex(s string) string {
	rs := []rune(s)
	var b strings.Builder
	math := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '$':
			math = !math
		case r == '{' || r == '}':
		case math && (r == '_' || r == '^' || unicode.IsSpace(r)):
		case r == '~' && !math:
			b.WriteByte(' ')
		case r == '\\' && i+1 < len(rs) && isASCIILetter(rs[i+1]):
			j := i + 1
			for j < len(rs) && isASCIILetter(rs[j]) {
				j++
			}
			name := string(rs[i+1 : j])
			i = j - 1
			switch {
			case simTextCommands[name]:
			case simLetterCommands[name] != "":
				b.WriteString(simLetterCommands[name])
			case math:
				b.WriteString(name)
			default:
				b.WriteString(" " + name + " ")
			}
			// The space that ends a command name is not text.
			if i+1 < len(rs) && rs[i+1] == ' ' && !simTextCommands[name] && simLetterCommands[name] != "" {
				i++
			}
		case r == '\\' && i+1 < len(rs):
			i++
			switch c := rs[i]; c {
			case '&', '%', '_', '#', '$':
				b.WriteRune(c)
			case '\'', '`', '^', '"', '~', '=', '.':
				// an accent on the letter that follows
			default:
				b.WriteByte(' ')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
