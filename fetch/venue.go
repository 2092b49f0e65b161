package fetch

import (
	"strings"
	"unicode"

	"github.com/citegraph/citegraph/bib"
)

// VenuesAgree reports whether a listed venue ("CVPR", "arXiv", "ICLR 2018")
// and a record's venue ("2018 IEEE/CVF Conference on Computer Vision and
// Pattern Recognition", "ArXiv", "AAAI-18") may name the same venue. A blank
// venue agrees with anything (there is nothing to correct).
//
// Years, ordinals ("6th") and punctuation are ignored. Two venues agree when
// their remaining words are equal, when one's words all appear in the other
// ("CVPR" in "CVPR Workshops 2018"), when a few well-known aliases match
// (arXiv = CoRR, NIPS = NeurIPS, TPAMI = PAMI, …), or when an acronym of three
// letters or more written on one side spells the initials of consecutive
// capitalised words on the other, generic words such as "Conference" or
// "International" being skippable inside the run and publishers ("IEEE",
// "CVF", "ACM") never spelling a letter:
// "ICLR" = "International Conference on Learning Representations", "CVPR" =
// "IEEE/CVF Conference on Computer Vision and Pattern Recognition", "WACV" =
// "Winter Conference on Applications of Computer Vision".
func VenuesAgree(listed, record string) bool {
	lw, rw := venWords(listed), venWords(record)
	if len(lw) == 0 || len(rw) == 0 {
		return true
	}
	if venSubset(lw, rw) || venSubset(rw, lw) {
		return true
	}
	for _, w := range lw {
		if venAcronymOf(w, record) {
			return true
		}
	}
	for _, w := range rw {
		if venAcronymOf(w, listed) {
			return true
		}
	}
	return false
}

// venAliases maps venue words to one canonical spelling.
var venAliases = map[string]string{
	"corr":    "arxiv",
	"neurips": "nips",
	"pami":    "tpami",
}

// venGeneric are words that an acronym may skip (or spell).
var venGeneric = map[string]bool{
	"conference": true, "international": true, "symposium": true,
	"workshop": true, "workshops": true, "journal": true, "transactions": true,
	"meeting": true, "association": true,
}

// venSkipOnly are words that an acronym may skip but never spells: publishers
// and decoration ("IEEE/CVF Conference on Computer Vision…" is not "ICCV").
var venSkipOnly = map[string]bool{
	"ieee": true, "cvf": true, "acm": true, "proceedings": true, "annual": true,
	"joint": true, "the": true,
}

// venWords returns the venue's lower-case words, aliases applied, without
// years, other numbers and ordinals.
func venWords(v string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(bib.Fold(v)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if venNumeric(w) || simStopWords[w] {
			continue
		}
		if a, ok := venAliases[w]; ok {
			w = a
		}
		out = append(out, w)
	}
	return out
}

// venNumeric reports numbers and ordinals ("2018", "18", "6th", "32nd").
func venNumeric(w string) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	switch w[i:] {
	case "", "st", "nd", "rd", "th":
		return true
	}
	return false
}

// venSubset reports whether every word of a is in b.
func venSubset(a, b []string) bool {
	set := make(map[string]bool, len(b))
	for _, w := range b {
		set[w] = true
	}
	for _, w := range a {
		if !set[w] {
			return false
		}
	}
	return true
}

// venAcronymOf reports whether acr (a lower-case word of 3 to 10 letters)
// spells the initials of consecutive capitalised words of venue, generic
// words being skippable after the first letter.
func venAcronymOf(acr, venue string) bool {
	if len(acr) < 3 || len(acr) > 10 {
		return false
	}
	type word struct {
		initial  byte
		generic  bool
		skipOnly bool
	}
	var words []word
	for _, w := range strings.FieldsFunc(bib.Fold(venue), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		r := rune(w[0])
		if !unicode.IsUpper(r) || r > unicode.MaxASCII {
			continue
		}
		lw := strings.ToLower(w)
		words = append(words, word{initial: byte(unicode.ToLower(r)), generic: venGeneric[lw] || venSkipOnly[lw], skipOnly: venSkipOnly[lw]})
	}
	var match func(k, i int) bool
	match = func(k, i int) bool {
		if k == len(acr) {
			return true
		}
		if i == len(words) {
			return false
		}
		if !words[i].skipOnly && words[i].initial == acr[k] && match(k+1, i+1) {
			return true
		}
		return k > 0 && words[i].generic && match(k, i+1)
	}
	for i := range words {
		if !words[i].skipOnly && words[i].initial == acr[0] && match(0, i) {
			return true
		}
	}
	return false
}
