package bib

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Citation keys follow Google Scholar: the first author's last name, the
// year, and the first significant word of the title, in ASCII lower case
// (sandler2018mobilenetv2, howard2017mobilenets, rastegari2016xnor).
//
//   - The last name includes its particles, run together: "Laurens van der
//     Maaten" → vandermaaten. Accents are folded (Müller → muller, Łukasz →
//     lukasz), and everything but ASCII letters and digits is dropped
//     (O'Brien → obrien, Carreira-Perpiñán → carreiraperpinan).
//   - With no author, or none whose name has an ASCII form, the name part is
//     "anonymous". An organisation contributes its first significant word
//     ("The ATLAS Collaboration" → atlas).
//   - With no year there is no year part (anonymousattention, not
//     anonymousndattention).
//   - Title words are split at anything that is not a letter or digit, after
//     dropping apostrophes, so "XNOR-Net" gives xnor and "Don't" gives dont;
//     stop words (bkStopWords) and words with no letter ("100") are skipped.
//   - Papers whose keys clash all get a suffix a, b, c, … in the order of
//     Paper.Key() (then title), never in input order, so the same set of
//     papers always gets the same keys.

// bkStopWords are the title words a key skips.
var bkStopWords = map[string]bool{
	"a": true, "an": true, "the": true, "on": true, "of": true, "in": true, "for": true, "to": true,
	"and": true, "with": true, "at": true, "by": true, "from": true, "as": true, "or": true, "is": true,
	"are": true, "do": true, "does": true, "into": true, "via": true, "its": true, "be": true, "about": true,
}

// bkFold maps letters that Unicode does not decompose to their usual ASCII
// spelling.
var bkFold = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE", 'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L",
	'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "TH", 'ı': "i", 'ȷ': "j", 'ŋ': "ng", 'Ŋ': "NG",
	'’': "'", '‘': "'",
}

// bkASCII folds s to ASCII: accents removed (NFKD), bkFold applied, other
// non-ASCII runes dropped.
func bkASCII(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r < 128:
			b.WriteRune(r)
		case bkFold[r] != "":
			b.WriteString(bkFold[r])
		}
	}
	return b.String()
}

// bkKeyWord returns the lower-case ASCII letters and digits of s.
func bkKeyWord(s string) string {
	var b strings.Builder
	for _, r := range bkASCII(s) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		}
	}
	return b.String()
}

// bkWords splits s into key words: apostrophes dropped, then runs of ASCII
// letters and digits, lower case.
func bkWords(s string) []string {
	s = strings.NewReplacer("'", "", "’", "", "‘", "").Replace(s)
	return strings.FieldsFunc(strings.ToLower(bkASCII(s)), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	})
}

// bkFirstWord returns the first significant word of s: not a stop word and
// holding a letter. "" if there is none.
func bkFirstWord(s string) string {
	for _, w := range bkWords(s) {
		if bkStopWords[w] || !strings.ContainsFunc(w, unicode.IsLetter) {
			continue
		}
		return w
	}
	return ""
}

// bkAuthorKey returns the name part of a key for the first author.
func bkAuthorKey(p *Paper) string {
	if len(p.Authors) == 0 {
		return "anonymous"
	}
	n := texSplitName(p.Authors[0].Name)
	var k string
	if n.corporate {
		k = bkFirstWord(n.last)
	} else {
		k = bkKeyWord(n.von + n.last)
		if k == "" {
			k = bkKeyWord(n.first)
		}
	}
	if k == "" {
		return "anonymous"
	}
	return k
}

// bkYear returns the paper's year: Year, else the year of its
// publicationDate, else 0.
func bkYear(p *Paper) int {
	if p.Year > 0 {
		return p.Year
	}
	if y, _, ok := bkDate(p.PublicationDate); ok {
		return y
	}
	return 0
}

// bkDate parses "2018-06-18" or "2018-06" into year and month (0 when the
// month is missing or out of range).
func bkDate(s string) (year, month int, ok bool) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	if len(parts) == 0 || len(parts[0]) != 4 {
		return 0, 0, false
	}
	y, err := strconv.Atoi(parts[0])
	if err != nil || y <= 0 {
		return 0, 0, false
	}
	if len(parts) > 1 {
		if m, err := strconv.Atoi(parts[1]); err == nil && m >= 1 && m <= 12 {
			month = m
		}
	}
	return y, month, true
}

// bkBaseKey returns the key of a paper before clashes are resolved.
func bkBaseKey(p *Paper) string {
	k := bkAuthorKey(p)
	if y := bkYear(p); y > 0 {
		k += strconv.Itoa(y)
	}
	return k + bkFirstWord(p.Title)
}

// bkSuffix returns the n-th clash suffix: a … z, aa, ab, ….
func bkSuffix(n int) string {
	s := ""
	for n++; n > 0; n = (n - 1) / 26 {
		s = string(rune('a'+(n-1)%26)) + s
	}
	return s
}
