package bib

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// This file turns Unicode text into LaTeX that plain 8-bit BibTeX and LaTeX
// accept: specials escaped, accents as {\"u}, Greek and symbols as math,
// capitals protected word by word in titles. Whatever has no LaTeX form
// (emoji, CJK) is dropped and returned to the caller to report.

// texSpecial is how ASCII characters with a meaning in BibTeX or LaTeX are
// written. Braces are handled apart (see texEscaper); a straight double
// quote becomes TeX's opening or closing quotes, by its position.
var texSpecial = map[rune]string{
	'&':  `\&`,
	'%':  `\%`,
	'$':  `\$`,
	'#':  `\#`,
	'_':  `\_`,
	'~':  `\textasciitilde{}`,
	'^':  `\textasciicircum{}`,
	'\\': `\textbackslash{}`,
	'<':  `\textless{}`,
	'>':  `\textgreater{}`,
	'|':  `\textbar{}`,
	// An "@" inside a field is legal BibTeX, but some readers (nickng/bibtex
	// among them) take it for the start of an entry.
	'@': `\symbol{64}`,
}

// texLetters are letters that Unicode does not decompose into a base letter
// and a combining accent.
var texLetters = map[rune]string{
	'ß': `{\ss}`, 'æ': `{\ae}`, 'Æ': `{\AE}`, 'œ': `{\oe}`, 'Œ': `{\OE}`,
	'ø': `{\o}`, 'Ø': `{\O}`, 'ł': `{\l}`, 'Ł': `{\L}`, 'å': `{\aa}`, 'Å': `{\AA}`,
	'ı': `{\i}`, 'ȷ': `{\j}`,
	// These need T1 fonts (\usepackage[T1]{fontenc}), as every document that
	// prints such names does.
	'đ': `{\dj}`, 'Đ': `{\DJ}`, 'ð': `{\dh}`, 'Ð': `{\DH}`, 'þ': `{\th}`, 'Þ': `{\TH}`,
	'ŋ': `{\ng}`, 'Ŋ': `{\NG}`,
}

// texAccents maps combining marks to LaTeX accent commands. Letter-named
// commands take a braced argument (\v{s}); symbol-named ones do not (\"u).
var texAccents = map[rune]string{
	0x0300: "`", 0x0301: "'", 0x0302: "^", 0x0303: "~", 0x0304: "=", 0x0306: "u",
	0x0307: ".", 0x0308: `"`, 0x030A: "r", 0x030B: "H", 0x030C: "v", 0x0323: "d",
	0x0326: "c", 0x0327: "c", 0x0328: "k", 0x0331: "b",
}

// texSymbols are symbols written with a text command or as math. Math is
// wrapped in braces so that BibTeX's case changes leave it alone.
var texSymbols = map[rune]string{
	// Dashes, quotes, spaces.
	'–': "--", '—': "---", '‒': "--", '―': "---", '‐': "-", '‑': "-",
	'“': "``", '”': "''", '„': ",,", '‘': "`", '’': "'", '‚': ",", '′': `{$'$}`, '″': `{$''$}`,
	'«': `{\guillemotleft}`, '»': `{\guillemotright}`, '‹': `{\guilsinglleft}`, '›': `{\guilsinglright}`,
	'…': `\ldots{}`, '•': `\textbullet{}`, '†': `\dag{}`, '‡': `\ddag{}`, '§': `\S{}`, '¶': `\P{}`,
	'©': `\copyright{}`, '®': `\textregistered{}`, '™': `\texttrademark{}`,
	'€': `\texteuro{}`, '£': `\pounds{}`, '¥': `\textyen{}`, '¢': `\textcent{}`,
	'¿': "?`", '¡': "!`", '°': `\textdegree{}`, 'ª': `\textordfeminine{}`, 'º': `\textordmasculine{}`,
	'‰': `\textperthousand{}`,
	// Greek.
	'α': `{$\alpha$}`, 'β': `{$\beta$}`, 'γ': `{$\gamma$}`, 'δ': `{$\delta$}`, 'ε': `{$\varepsilon$}`,
	'ϵ': `{$\epsilon$}`, 'ζ': `{$\zeta$}`, 'η': `{$\eta$}`, 'θ': `{$\theta$}`, 'ϑ': `{$\vartheta$}`,
	'ι': `{$\iota$}`, 'κ': `{$\kappa$}`, 'λ': `{$\lambda$}`, 'μ': `{$\mu$}`, 'µ': `{$\mu$}`,
	'ν': `{$\nu$}`, 'ξ': `{$\xi$}`, 'ο': `{$o$}`, 'π': `{$\pi$}`, 'ϖ': `{$\varpi$}`, 'ρ': `{$\rho$}`,
	'ϱ': `{$\varrho$}`, 'σ': `{$\sigma$}`, 'ς': `{$\varsigma$}`, 'τ': `{$\tau$}`, 'υ': `{$\upsilon$}`,
	'φ': `{$\varphi$}`, 'ϕ': `{$\phi$}`, 'χ': `{$\chi$}`, 'ψ': `{$\psi$}`, 'ω': `{$\omega$}`,
	'Γ': `{$\Gamma$}`, 'Δ': `{$\Delta$}`, 'Θ': `{$\Theta$}`, 'Λ': `{$\Lambda$}`, 'Ξ': `{$\Xi$}`,
	'Π': `{$\Pi$}`, 'Σ': `{$\Sigma$}`, 'Υ': `{$\Upsilon$}`, 'Φ': `{$\Phi$}`, 'Ψ': `{$\Psi$}`,
	'Ω': `{$\Omega$}`, '\u2126': `{$\Omega$}`,
	'Α': `{$\mathrm{A}$}`, 'Β': `{$\mathrm{B}$}`, 'Ε': `{$\mathrm{E}$}`, 'Ζ': `{$\mathrm{Z}$}`,
	'Η': `{$\mathrm{H}$}`, 'Ι': `{$\mathrm{I}$}`, 'Κ': `{$\mathrm{K}$}`, 'Μ': `{$\mathrm{M}$}`,
	'Ν': `{$\mathrm{N}$}`, 'Ο': `{$\mathrm{O}$}`, 'Ρ': `{$\mathrm{P}$}`, 'Τ': `{$\mathrm{T}$}`,
	'Χ': `{$\mathrm{X}$}`,
	// Mathematics.
	'×': `{$\times$}`, '÷': `{$\div$}`, '±': `{$\pm$}`, '∓': `{$\mp$}`, '·': `{$\cdot$}`, '⋅': `{$\cdot$}`,
	'−': `{$-$}`, '≤': `{$\leq$}`, '≥': `{$\geq$}`, '≠': `{$\neq$}`, '≈': `{$\approx$}`, '≡': `{$\equiv$}`,
	'∼': `{$\sim$}`, '≃': `{$\simeq$}`, '≅': `{$\cong$}`, '∝': `{$\propto$}`, '≪': `{$\ll$}`, '≫': `{$\gg$}`,
	'∞': `{$\infty$}`, '→': `{$\rightarrow$}`, '←': `{$\leftarrow$}`, '↔': `{$\leftrightarrow$}`,
	'⇒': `{$\Rightarrow$}`, '⇐': `{$\Leftarrow$}`, '⇔': `{$\Leftrightarrow$}`, '↑': `{$\uparrow$}`,
	'↓': `{$\downarrow$}`, '↦': `{$\mapsto$}`, '∑': `{$\sum$}`, '∏': `{$\prod$}`, '∫': `{$\int$}`,
	'√': `{$\surd$}`, '∂': `{$\partial$}`, '∇': `{$\nabla$}`, '∈': `{$\in$}`, '∉': `{$\notin$}`,
	'∋': `{$\ni$}`, '⊂': `{$\subset$}`, '⊃': `{$\supset$}`, '⊆': `{$\subseteq$}`, '⊇': `{$\supseteq$}`,
	'∪': `{$\cup$}`, '∩': `{$\cap$}`, '∀': `{$\forall$}`, '∃': `{$\exists$}`, '∅': `{$\emptyset$}`,
	'¬': `{$\neg$}`, '∧': `{$\wedge$}`, '∨': `{$\vee$}`, '⊕': `{$\oplus$}`, '⊗': `{$\otimes$}`,
	'⊙': `{$\odot$}`, '∘': `{$\circ$}`, '∗': `{$\ast$}`, '∣': `{$\mid$}`, '∥': `{$\parallel$}`,
	'⊥': `{$\perp$}`, 'ℓ': `{$\ell$}`, '⟨': `{$\langle$}`, '⟩': `{$\rangle$}`, '⌈': `{$\lceil$}`,
	'⌉': `{$\rceil$}`, '⌊': `{$\lfloor$}`, '⌋': `{$\rfloor$}`, '∠': `{$\angle$}`, '△': `{$\triangle$}`,
	'ℝ': `{$\mathbf{R}$}`, 'ℕ': `{$\mathbf{N}$}`, 'ℤ': `{$\mathbf{Z}$}`, 'ℚ': `{$\mathbf{Q}$}`, 'ℂ': `{$\mathbf{C}$}`,
	'½': `{$\frac{1}{2}$}`, '¼': `{$\frac{1}{4}$}`, '¾': `{$\frac{3}{4}$}`, '⅓': `{$\frac{1}{3}$}`,
	'¹': `{$^1$}`, '²': `{$^2$}`, '³': `{$^3$}`,
}

func init() {
	for i := rune(0); i <= 9; i++ {
		if i > 3 || i == 0 {
			texSymbols[0x2070+i] = fmt.Sprintf("{$^%d$}", i)
		}
		texSymbols[0x2080+i] = fmt.Sprintf("{$_%d$}", i)
	}
}

// texInvisible are format characters that carry nothing to print: soft
// hyphens, zero-width spaces and joiners, direction marks, and the explicit
// bidirectional embedding, override and isolate controls (U+202A-U+202E,
// U+2066-U+2069), which would reverse the text after them in a viewer.
func texInvisible(r rune) bool {
	switch r {
	case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F:
		return true
	}
	if (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
		return true
	}
	return unicode.Is(unicode.Variation_Selector, r)
}

// texEscaper writes text as LaTeX. Literal braces from the input are
// written as \{ and \} when they pair up (BibTeX counts them, so a pair stays
// balanced) and as \textbraceleft{} / \textbraceright{} when they do not.
type texEscaper struct {
	b       bytes.Buffer
	dropped []rune
	prev    rune // previous input rune, for the direction of '"'
}

// texUnmatched marks the braces of rs that have no partner.
func texUnmatched(rs []rune) []bool {
	un := make([]bool, len(rs))
	var open []int
	for i, r := range rs {
		switch r {
		case '{':
			open = append(open, i)
		case '}':
			if len(open) == 0 {
				un[i] = true
			} else {
				open = open[:len(open)-1]
			}
		}
	}
	for _, i := range open {
		un[i] = true
	}
	return un
}

// write escapes rs; un marks its unmatched braces.
func (e *texEscaper) write(rs []rune, un []bool) {
	for i, r := range rs {
		e.writeRune(r, un[i])
		e.prev = r
	}
}

func (e *texEscaper) writeRune(r rune, unmatched bool) {
	switch {
	case r == '{':
		if unmatched {
			e.b.WriteString(`\textbraceleft{}`)
		} else {
			e.b.WriteString(`\{`)
		}
		return
	case r == '}':
		if unmatched {
			e.b.WriteString(`\textbraceright{}`)
		} else {
			e.b.WriteString(`\}`)
		}
		return
	case r == '"':
		if e.prev == 0 || unicode.IsSpace(e.prev) || strings.ContainsRune("([{-–—/", e.prev) {
			e.b.WriteString("``")
		} else {
			e.b.WriteString("''")
		}
		return
	case r == '\t' || r == '\n' || r == '\r':
		e.b.WriteByte(' ')
		return
	case r < 128 && unicode.IsPrint(r):
		if s, ok := texSpecial[r]; ok {
			e.b.WriteString(s)
		} else {
			e.b.WriteRune(r)
		}
		return
	case texInvisible(r):
		return
	case unicode.IsSpace(r):
		e.b.WriteByte(' ')
		return
	}
	if s, ok := texLetters[r]; ok {
		e.b.WriteString(s)
		return
	}
	if s, ok := texSymbols[r]; ok {
		e.b.WriteString(s)
		return
	}
	if s, bad, ok := texAccented(r); ok {
		// Accents with no LaTeX form (Vietnamese horn, Greek tonos) are
		// left off the letter and reported.
		e.b.WriteString(s)
		e.dropped = append(e.dropped, bad...)
		return
	}
	// Compatibility forms: ligatures (ﬁ), full-width letters, and the like.
	if k := norm.NFKD.String(string(r)); k != string(r) {
		var sub texEscaper
		sub.prev = e.prev
		krs := []rune(k)
		sub.write(krs, make([]bool, len(krs)))
		if len(sub.dropped) == 0 && sub.b.Len() > 0 {
			e.b.WriteString(sub.b.String())
			return
		}
	}
	e.dropped = append(e.dropped, r)
}

// texAccented writes a letter with combining accents (é = e + U+0301) as
// {\'e}, {\v{s}}, {\'i}, or a Greek letter as math. Accents with no LaTeX
// form are left off and returned; ok is false when r is not a writable
// letter with accents.
func texAccented(r rune) (s string, bad []rune, ok bool) {
	d := []rune(norm.NFD.String(string(r)))
	if len(d) < 2 {
		return "", nil, false
	}
	base, marks := d[0], d[1:]
	var inner string
	switch {
	case base < 128 && unicode.IsLetter(base):
		inner = string(base)
	case texLetters[base] != "":
		inner = strings.Trim(texLetters[base], "{}")
	case texSymbols[base] != "":
		return texSymbols[base], marks, true
	default:
		return "", nil, false
	}
	accented := false
	for _, m := range marks {
		cmd, ok := texAccents[m]
		if !ok {
			bad = append(bad, m)
			continue
		}
		accented = true
		// {\'i}, not {\'\i}: biber decodes the latter to a dotless i and a
		// combining accent, which LaTeX cannot typeset; LaTeX drops the dot
		// itself.
		if unicode.IsLetter(rune(cmd[0])) || !texSimple(inner) {
			inner = `\` + cmd + "{" + inner + "}"
		} else {
			inner = `\` + cmd + inner
		}
	}
	if !accented && len(inner) == 1 {
		return inner, bad, true
	}
	return "{" + inner + "}", bad, true
}

// texSimple reports whether s is one letter or one control word (\i, \o),
// which an accent command such as \' takes without braces.
func texSimple(s string) bool {
	if len(s) == 1 {
		return true
	}
	if len(s) < 2 || s[0] != '\\' {
		return false
	}
	for _, c := range s[1:] {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// texText escapes s for a BibTeX field that BibTeX does not change the case
// of (names, journal, booktitle). It returns the runes it had to drop.
func texText(s string) (string, []rune) {
	rs := []rune(texClean(s))
	var e texEscaper
	e.write(rs, texUnmatched(rs))
	return e.b.String(), e.dropped
}

// texClean composes s (NFC) and collapses runs of white space.
func texClean(s string) string {
	return strings.Join(strings.FieldsFunc(norm.NFC.String(s), unicode.IsSpace), " ")
}

// texTitle escapes a title and protects, with braces, the capitals that
// BibTeX styles must not lower (see texTitleWords for the rules). The whole
// title is never double-braced.
func texTitle(title string) (string, []rune) {
	return texTitleKeep(title, nil)
}

// texTitleKeep is texTitle that also protects every word whose core is in
// keep (and holds a capital).
func texTitleKeep(title string, keep map[string]bool) (string, []rune) {
	rs := []rune(texClean(title))
	un := texUnmatched(rs)
	var e texEscaper
	for _, w := range texTitleWords(rs, keep) {
		mark := e.b.Len()
		if mark > 0 {
			e.b.WriteByte(' ')
			e.prev = ' '
		}
		wordStart := e.b.Len()
		e.write(rs[w.start:w.cs], un[w.start:w.cs])
		switch {
		case w.protect:
			e.b.WriteByte('{')
			e.write(rs[w.cs:w.ce], un[w.cs:w.ce])
			e.b.WriteByte('}')
		default:
			at := w.cs
			for _, p := range w.listed {
				e.write(rs[at:p[0]], un[at:p[0]])
				e.b.WriteByte('{')
				e.write(rs[p[0]:p[1]], un[p[0]:p[1]])
				e.b.WriteByte('}')
				at = p[1]
			}
			e.write(rs[at:w.ce], un[at:w.ce])
		}
		e.write(rs[w.ce:w.end], un[w.ce:w.end])
		if e.b.Len() == wordStart { // nothing of the word could be written
			e.b.Truncate(mark)
		}
	}
	return e.b.String(), e.dropped
}

// texWord is one space-separated word of a title: runes [start, end), its
// core [cs, ce) from first to last letter or digit, and how its capitals
// are protected: the whole core, or only the parts in listed (rune ranges
// of the core's parts that are words of the case list).
type texWord struct {
	start, end, cs, ce int
	protect            bool
	listed             [][2]int
}

// texTitleWords splits a title into words and says which to protect. A
// word's core is braced whole ({MobileNetV2}) when texNeedsProtect says so
// (capitals after the first letter, letters mixed with digits, a single
// capital that is not the title's first letter: "Part {I}", "Part {II}"),
// or when it stands between double quotes and holds a capital (a quoted
// name: “{Learning-Compression}”). Otherwise each part of it (between
// hyphens and slashes) that is a word of the case list (casewords.txt:
// Bayesian, Markov, English, ...) is braced on its own: non-{Euclidean}.
func texTitleWords(rs []rune, keep map[string]bool) []texWord {
	var ws []texWord
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] != ' ' {
			j++
		}
		w := texWord{start: i, end: j, cs: i, ce: j}
		for w.cs < j && !texAlnum(rs[w.cs]) {
			w.cs++
		}
		for w.ce > w.cs && !texAlnum(rs[w.ce-1]) {
			w.ce--
		}
		ws = append(ws, w)
		i = j + 1
	}
	quoted := texQuoted(rs, ws)
	first := true // first word, or first after a colon: kept by BibTeX
	for k := range ws {
		w := &ws[k]
		core := rs[w.cs:w.ce]
		switch {
		case w.cs == w.ce:
		case texNeedsProtect(core, first),
			(quoted[k] || keep[string(core)]) && strings.ContainsFunc(string(core), unicode.IsUpper):
			w.protect = true
		default:
			w.listed = texListedParts(rs, w.cs, w.ce)
		}
		if w.end > w.start {
			first = rs[w.end-1] == ':'
		}
	}
	return ws
}

// texQuotes pairs opening and closing double quotation marks.
var texQuotes = map[rune]rune{'"': '"', '“': '”', '„': '“', '«': '»', '»': '«'}

// texQuoted marks the words that stand between a pair of double quotation
// marks: one opening a word (after brackets) and one closing a word
// (before punctuation). A quote that is never closed marks nothing.
func texQuoted(rs []rune, ws []texWord) []bool {
	quoted := make([]bool, len(ws))
	open, closer := -1, rune(0)
	for k, w := range ws {
		lead := w.start
		for lead < w.end && strings.ContainsRune("([", rs[lead]) {
			lead++
		}
		if open < 0 && lead < w.end {
			if c, ok := texQuotes[rs[lead]]; ok {
				open, closer = k, c
			}
		}
		if open < 0 {
			continue
		}
		tail := w.end - 1
		for tail > w.start && strings.ContainsRune(",.:;!?)]", rs[tail]) {
			tail--
		}
		if rs[tail] == closer && (k > open || tail > lead) {
			for q := open; q <= k; q++ {
				quoted[q] = true
			}
			open = -1
		}
	}
	return quoted
}

// texListedParts returns the parts of the core rs[cs:ce] (split at hyphens
// and slashes) that are words of the case list.
func texListedParts(rs []rune, cs, ce int) [][2]int {
	var parts [][2]int
	for i := cs; i < ce; {
		j := i
		for j < ce && !texPartSep(rs[j]) {
			j++
		}
		ps, pe := i, j
		for ps < pe && !texAlnum(rs[ps]) {
			ps++
		}
		for pe > ps && !texAlnum(rs[pe-1]) {
			pe--
		}
		if ps < pe && caseWord(string(rs[ps:pe])) {
			parts = append(parts, [2]int{ps, pe})
		}
		i = j + 1
	}
	return parts
}

func texPartSep(r rune) bool { return r == '-' || r == '/' || r == '‐' || r == '–' }

func texAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// texNeedsProtect reports whether a title word must keep its capitals. The
// word is judged by its parts between hyphens and slashes, so that
// "Squeeze-and-Excitation" is left alone while "XNOR-Net" is protected.
func texNeedsProtect(word []rune, first bool) bool {
	part := 0
	var letters []rune
	digits := false
	check := func() bool {
		defer func() { letters, digits = letters[:0], false; part++ }()
		if len(letters) == 0 {
			return false
		}
		if digits {
			return true
		}
		for _, r := range letters[1:] {
			if unicode.IsUpper(r) {
				return true
			}
		}
		if len(letters) == 1 && unicode.IsUpper(letters[0]) {
			// "Part I", "N-D", "C#"; but not a title's first letter, nor
			// the article "A" of a title-cased title.
			return !(first && part == 0) && letters[0] != 'A'
		}
		return false
	}
	for _, r := range word {
		switch {
		case texPartSep(r):
			if check() {
				return true
			}
		case texSymbols[r] != "":
			// Greek letters are written as math, braced already.
		case unicode.IsLetter(r):
			letters = append(letters, r)
		case unicode.IsDigit(r):
			digits = true
		}
	}
	return check()
}

// texName is a person's name split the way BibTeX reads "von Last, Jr, First".
type texName struct {
	first, von, last, jr string
	corporate            bool // an organisation: written whole, in braces
}

var (
	texSuffixes  = map[string]bool{"jr": true, "jr.": true, "sr": true, "sr.": true, "ii": true, "iii": true, "iv": true}
	texParticles = map[string]bool{"van": true, "von": true, "der": true, "den": true, "de": true, "del": true,
		"della": true, "ter": true, "ten": true, "dos": true, "das": true}
	texCorporateWords = map[string]bool{"team": true, "collaboration": true, "consortium": true, "group": true,
		"inc": true, "inc.": true, "ltd": true, "ltd.": true, "llc": true, "corporation": true, "corp.": true,
		"company": true, "institute": true, "university": true, "laboratory": true, "laboratories": true,
		"lab": true, "labs": true, "organization": true, "organisation": true, "foundation": true,
		"association": true, "society": true, "committee": true, "council": true, "project": true,
		"initiative": true, "center": true, "centre": true, "department": true, "agency": true,
		"alliance": true, "community": true, "contributors": true, "developers": true, "partnership": true,
		"program": true, "programme": true, "network": true, "research": true, "authors": true}
)

// texSplitName splits an author's name as S2 gives it ("Laurens van der
// Maaten", "Martin Luther King Jr.", "Google Brain Team", or already
// "Maaten, Laurens van der").
func texSplitName(name string) texName {
	name = strings.Trim(texClean(name), " ,;")
	if name == "" {
		return texName{}
	}
	if texIsCorporate(name) {
		return texName{last: name, corporate: true}
	}
	if strings.Contains(name, ",") {
		parts := strings.Split(name, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		switch {
		case len(parts) == 2 && texSuffixes[strings.ToLower(parts[1])]:
			n := texSplitName(parts[0])
			n.jr = parts[1]
			return n
		case len(parts) == 2 && parts[0] != "" && parts[1] != "":
			von, last := texSplitVon(strings.Fields(parts[0]))
			return texName{first: texSpaceInitials(parts[1]), von: von, last: last}
		case len(parts) == 3 && parts[0] != "" && parts[2] != "":
			von, last := texSplitVon(strings.Fields(parts[0]))
			return texName{first: texSpaceInitials(parts[2]), von: von, last: last, jr: parts[1]}
		}
		return texName{last: name, corporate: true}
	}
	words := strings.Fields(name)
	var n texName
	if len(words) > 2 && texSuffixes[strings.ToLower(words[len(words)-1])] {
		n.jr = words[len(words)-1]
		words = words[:len(words)-1]
	}
	if len(words) == 1 {
		n.last = words[0]
		return n
	}
	// The von part starts at the first lower-case word after the first
	// name ("Laurens van der Maaten"); capitalised particles right before
	// the last word stay in the last name ("Luc Van Gool" → "Van Gool, Luc"),
	// which is how BibTeX sorts them.
	start := len(words) - 1
	for i := 1; i < len(words)-1; i++ {
		if texLowerInitial(words[i]) {
			start = i
			break
		}
	}
	for start > 1 && texParticles[strings.ToLower(words[start-1])] && !texLowerInitial(words[start-1]) {
		start--
	}
	n.first = texSpaceInitials(strings.Join(words[:start], " "))
	n.von, n.last = texSplitVon(words[start:])
	return n
}

// texSplitVon splits "van der Maaten" into ("van der", "Maaten").
func texSplitVon(words []string) (von, last string) {
	i := 0
	for i < len(words)-1 && texLowerInitial(words[i]) {
		i++
	}
	return strings.Join(words[:i], " "), strings.Join(words[i:], " ")
}

func texLowerInitial(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
	}
	return false
}

// texSpaceInitials writes "A.D." as "A. D." so that styles abbreviating
// first names see two names.
func texSpaceInitials(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		b.WriteRune(r)
		if r == '.' && i+1 < len(rs) && unicode.IsUpper(rs[i+1]) && i > 0 && unicode.IsLetter(rs[i-1]) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// texIsCorporate reports whether an author "name" is an organisation.
func texIsCorporate(name string) bool {
	if strings.ContainsAny(name, "&@0123456789") {
		return true
	}
	words := strings.Fields(name)
	if len(words) > 1 && strings.EqualFold(words[0], "the") {
		return true
	}
	for _, w := range words {
		if texCorporateWords[strings.ToLower(strings.Trim(w, ",;()"))] {
			return true
		}
	}
	return false
}

// texAuthor writes one author for BibTeX: "von Last, Jr, First", a single
// word as it is, an organisation in braces. It returns the runes dropped.
func texAuthor(name string) (string, []rune) {
	n := texSplitName(name)
	var dropped []rune
	esc := func(s string) string {
		var out []string
		for _, w := range strings.Fields(s) {
			t, d := texText(w)
			dropped = append(dropped, d...)
			if strings.EqualFold(w, "and") {
				t = "{" + t + "}" // not the separator between authors
			}
			if t != "" {
				out = append(out, t)
			}
		}
		return strings.Join(out, " ")
	}
	if n.corporate {
		t, d := texText(n.last)
		if t == "" {
			return "", d
		}
		return "{" + t + "}", d
	}
	last := esc(strings.TrimSpace(n.von + " " + n.last))
	first, jr := esc(n.first), esc(n.jr)
	switch {
	case last == "":
		// Nothing writable was left of the last name: keep the rest whole.
		if first == "" {
			return "", dropped
		}
		return "{" + first + "}", dropped
	case jr != "":
		return last + ", " + jr + ", " + first, dropped
	case first != "":
		return last + ", " + first, dropped
	}
	return last, dropped
}

// texDroppedMsg describes dropped runes for a Warning.
func texDroppedMsg(field string, dropped []rune) string {
	var b strings.Builder
	seen := map[rune]bool{}
	for _, r := range dropped {
		if seen[r] {
			continue
		}
		seen[r] = true
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q (U+%04X)", r, r)
	}
	return fmt.Sprintf("%s: dropped %d character(s) with no LaTeX form: %s", field, len(dropped), b.String())
}
