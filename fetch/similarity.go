package fetch

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/citegraph/citegraph/bib"
)

// TitleAcceptThreshold is the TitleAgreement at or above which two titles are
// taken to name the same paper. A veto (see TitleAgreement) halves the score,
// so a vetoed pair is always below it.
const TitleAcceptThreshold = 0.8

// titleNameOnlyScore is the agreement given when one title is exactly the
// other's leading label ("XNOR-Net" vs "XNOR-Net: ImageNet Classification…").
const titleNameOnlyScore = 0.85

// TitlesAgree reports whether TitleAgreement(a, b) ≥ TitleAcceptThreshold.
func TitlesAgree(a, b string) bool { return TitleAgreement(a, b) >= TitleAcceptThreshold }

// TitleAgreement scores in [0,1] how surely two titles, as written (not
// normalised: case and colons are evidence), name the same paper. It is
// symmetric, 1 for titles with the same words, 0 when no word agrees. It is
// built for listed titles, which are approximate, against record titles, and
// for near twins, which must never agree.
//
// Titles are first stripped of markup: HTML entities ("&amp;"), LaTeX
// ("{BERT}", "\emph{…}", "\'{e}", "$\ell_1$") and a trailing ellipsis,
// which marks the title truncated. Titles are then split into words
// (letters and digits; "0.5" and trailing "+"
// stay in a word; accents folded; lower-cased). Words are aligned in order
// (a weighted longest common subsequence) where two words agree when they are
// equal (1), equal after dropping a plural "s" or a "v1" suffix
// ("MobileNetsV1" ~ "MobileNets", 0.95), split differently ("IGCV 2" ~
// "IGCV2", "Sparse-Winograd" ~ "SparseWinograd"), or, for ordinary words of
// four letters or more, within a small edit distance ("Model" ~ "Modal":
// 1 - distance/length, at least 0.75, at most two edits). Names (words with a digit or a capital
// after the first letter: "SqueezeNet", "ResNeXt", "IGCV3") and version words
// never agree fuzzily, so SqueezeNet ≠ SqueezeNext; "net" and "network"
// agree (0.95). Stop words ("of", "the",
// "for"…) weigh 0.3, other words 1.
//
// An acronym of two to six capitals ("CNNs", "LSTM") agrees with a run of
// content words of the other title whose initials spell it ("Convolutional
// Neural Networks", "Long Short-Term Memory"), unless that title spells the
// run out as well. Edit distances count a transposition of two letters as
// one edit ("Desing" ~ "Design").
//
// The score is the Dice coefficient of the aligned weight: 2·M / (Wa + Wb),
// where M sums agreement × mean weight over aligned pairs and Wa, Wb are the
// titles' total weights. A short leading label present on one side only
// ("Google:", "Uber SBNet:", "SENet:", "IGCV2:") weighs a quarter. It is a
// label when it is at most three words that end the title's first colon
// segment (itself at most three words), or at most two name words, or only
// stop words, and at least three content words agree after it.
//
// Vetoes halve the score (so a vetoed pair never reaches
// TitleAcceptThreshold):
//   - a discriminator word left unaligned outside a label: a word with a
//     digit that is not a quantity ("v2", "igcv3", "2d", a bare "1" of
//     "+1 or -1"; but not "50x" or "0.5mb"), a roman numeral ("II", or "I"
//     after "Part"), an ordinal ("Second"), "lite", "plus" or a word ending
//     in "+"; so "Part I" ≠
//     "Part II" and "ShuffleNet" ≠ "ShuffleNet V2"; likewise an unaligned
//     name word ("NARX", "GPU"), which names a thing;
//   - different leading words on both sides (not only stop words):
//     "BinaryNet: Training…" ≠ "Binarized Neural Networks: Training…";
//   - an extra leading content word on one side that is not a label:
//     "Sparse Convolutional Neural Networks" ≠ "Efficient Sparse-Winograd…";
//   - more unaligned content words on one side (outside a label) than 0.4 ×
//     (aligned content words − 1): "Deep Networks" ≠ "Deep Residual
//     Networks", "Probabilistic Matrix Factorization" ≠ "Probabilistic
//     Sparse Matrix Factorization", while "On the Universal Approximability
//     of Quantized ReLU Neural Networks" agrees with "…Approximability and
//     Complexity Bounds of…";
//   - any unaligned content word beside a label: a label leaves no room for
//     other differences ("Deep Rewiring: Training very sparse deep
//     networks" ≠ "Training Very Deep Networks");
//   - a word inserted inside the head of a title (its first run of content
//     words) between aligned words: "Deep Session Interest Network…" ≠
//     "Deep Interest Network…", "Do Deep Convolutional Nets Really Need…" ≠
//     "Do Deep Nets Really Need…";
//   - a word replaced by another: unaligned content words on both sides
//     between the same two aligned words, or after the last one (numbers
//     with units excepted: "< 0.5MB" ~ "<1MB"): "Neural Architecture Search
//     with Reinforcement Learning" ≠ "Neural Optimizer Search with…";
//     or anywhere, outside labels, when they are not the same words moved
//     ("Deep but Lightweight" ~ "Lightweight Deep").
//
// A bracketed group that opens a title ("[Oral]", "(ResNet)") is a label
// like "Google:"; one that ends it ("… (ResNet)") weighs a quarter and
// leaves no room for other differences when the other title has nothing
// unaligned after its last aligned word; a group holding a discriminator
// ("(V2)") is neither.
//
// A truncated title ("Learning Both Weights and Connections for Effic…")
// is compared with the other title cut where their alignment ends, its last
// word agreeing with any word it begins (0.9), when at least four content
// words agree; the score is then at most 0.95.
//
// One exception raises the score to 0.85: one title is exactly the other's
// first colon segment and that segment is a short name, with a name word on
// both sides ("ShuffleNet V2" ~ "ShuffleNet V2: Practical Guidelines…");
// segments of ordinary words do not count ("Binarized Neural Networks" ≠
// "Binarized Neural Networks: Training…", "Fast" ≠ "FAST: Facilitated…").
//
// The result is the smaller of the scores computed each way round, which
// makes it symmetric, rounded to six decimals. At most 128 words of each
// title are considered.
func TitleAgreement(a, b string) float64 {
	return titleAgreementTokens(simTokenize(a), simTokenize(b))
}

// titleAgreementTokens is TitleAgreement of two titles split into words
// (simTokenize), which it does not change.
func titleAgreementTokens(ta0, tb0 []simToken) float64 {
	if len(ta0) == 0 || len(tb0) == 0 {
		return 0
	}
	ta, tb := simMergeSplits(ta0, tb0), simMergeSplits(tb0, ta0)
	var buf [simSmall * simSmall]float64
	agree := simFloats(buf[:], len(ta)*len(tb)) // agree[i*len(tb)+j]: word i of a with word j of b
	for i := range ta {
		for j := range tb {
			agree[i*len(tb)+j] = simWordAgreement(ta[i], tb[j])
		}
	}
	s1 := simScore(ta, tb, func(i, j int) float64 { return agree[i*len(tb)+j] })
	s2 := simScore(tb, ta, func(i, j int) float64 { return agree[j*len(tb)+i] })
	if s2 < s1 {
		s1 = s2
	}
	return min(1, max(0, math.Round(s1*1e6)/1e6))
}

const (
	// simTruncatedScore is the most a match of a truncated title can score
	// when the truncation hid words of the other.
	simTruncatedScore = 0.95

	simMaxEdits    = 2 // a typo, a spelling: "Representing" ≠ "Preventing"
	simMaxTokens   = 128
	simMaxTokenLen = 64
	simStopWeight  = 0.3
	simLabelFactor = 0.25
	simMaxGapRatio = 0.4
)

// simToken is one word of a title.
type simToken struct {
	norm string // lower-case, folded
	n    int    // runes in norm
	name bool   // has a digit, or a capital after the first letter
	seg1 bool   // lies in the first colon segment of a title that has a colon
	stop bool
	disc bool // discriminator: must be aligned, see TitleAgreement

	acro    string // letters of an acronym ("CNNs" → "cnn"), "" if none
	brk     bool   // inside a bracketed group that opens the title: "[Oral]"
	brkEnd  bool   // inside a bracketed group that ends the title: "(ResNet)"
	partial bool   // last word of a truncated title: may be cut short
}

func (t simToken) weight() float64 {
	if t.stop {
		return simStopWeight
	}
	return 1
}

var simStopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "for": true, "and": true,
	"or": true, "in": true, "on": true, "with": true, "to": true, "by": true,
	"via": true, "from": true, "at": true, "as": true, "is": true, "are": true,
	"its": true, "into": true, "using": true, "toward": true, "towards": true,
	"through": true, "without": true, "under": true, "over": true, "about": true,
	"between": true, "across": true, "within": true, "among": true, "vs": true,
	"versus": true, "than": true, "but": true, "not": true, "be": true,
	"can": true, "do": true, "does": true, "how": true, "what": true, "why": true,
	"when": true, "where": true, "which": true, "that": true, "this": true,
	"we": true, "our": true, "it": true,
}

var simRomanAlways = map[string]bool{
	"ii": true, "iii": true, "iv": true, "vi": true, "vii": true, "viii": true,
	"ix": true, "xi": true, "xii": true, "xiii": true,
}

var simOrdinals = map[string]bool{
	"first": true, "second": true, "third": true, "fourth": true, "fifth": true,
	"sixth": true, "seventh": true, "eighth": true, "ninth": true, "tenth": true,
}

var simRomanAfter = map[string]bool{
	"part": true, "vol": true, "volume": true, "chapter": true, "book": true,
	"section": true, "phase": true, "stage": true, "level": true, "type": true,
}

// simQuantityUnits are suffixes that make a number a quantity ("50x",
// "0.5mb"), which may differ between versions of one title.
var simQuantityUnits = map[string]bool{
	"x": true, "mb": true, "kb": true, "gb": true, "k": true, "m": true,
	"fps": true, "ms": true, "times": true,
}

// simTokenize splits a title into words, see TitleAgreement. The title is
// simplified first (see simplifyTitle); the last word of a truncated title
// is marked partial.
func simTokenize(title string) []simToken {
	title, truncated := simplifyTitle(title)
	title = bib.Fold(title)
	var upper, lower int
	for _, r := range title {
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	shouting := upper > 0 && float64(upper) >= 0.8*float64(upper+lower)
	rs := []rune(title)
	lead, trail := simBracketGroups(rs)

	var (
		toks    []simToken
		word    []rune
		start   int  // rune index of word's first rune
		colon   bool // a colon has been seen
		segDone bool
	)
	flush := func() {
		if len(word) == 0 || len(toks) >= simMaxTokens {
			word = word[:0]
			return
		}
		if len(word) > simMaxTokenLen {
			word = word[:simMaxTokenLen]
		}
		t := simToken{seg1: !colon, brk: start < lead, brkEnd: trail >= 0 && start > trail}
		var b strings.Builder
		digit := false
		caps := 0
		for i, r := range word {
			if unicode.IsDigit(r) {
				digit = true
			}
			if unicode.IsUpper(r) {
				caps++
			}
			if i > 0 && unicode.IsUpper(r) && !shouting {
				t.name = true
			}
			b.WriteRune(unicode.ToLower(r))
		}
		t.norm = b.String()
		t.n = len(word)
		if digit {
			t.name = true
		}
		// An acronym: two to six capitals, perhaps a plural "s".
		if !shouting && !digit && caps >= 2 && caps <= 6 && (caps == len(word) || caps == len(word)-1 && word[len(word)-1] == 's') {
			t.acro = t.norm[:caps]
		}
		t.stop = simStopWords[t.norm]
		prev := ""
		if len(toks) > 0 {
			prev = toks[len(toks)-1].norm
		}
		t.disc = simIsDiscriminator(t.norm, prev)
		toks = append(toks, t)
		word = word[:0]
	}
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if len(word) == 0 {
				start = i
			}
			word = append(word, r)
		case r == '.' && len(word) > 0 && unicode.IsDigit(word[len(word)-1]) && i+1 < len(rs) && unicode.IsDigit(rs[i+1]):
			word = append(word, r)
		case r == '+' && len(word) > 0:
			word = append(word, r)
		default:
			flush()
			if r == ':' && len(toks) > 0 && !segDone {
				colon, segDone = true, true
			}
		}
	}
	flush()
	if !colon {
		for i := range toks {
			toks[i].seg1 = false
		}
	}
	if truncated && len(toks) > 0 {
		toks[len(toks)-1].partial = true
	}
	return toks
}

// simBrackets are the bracket pairs that set off a list author's annotation.
var simBrackets = map[rune]rune{'[': ']', '(': ')', '【': '】', '（': '）', '〔': '〕'}

// simBracketGroups finds a bracketed group that opens the title ("[Oral]
// …", "(ResNet) …") and one that ends it ("… (ResNet)"), unless the group is
// the whole title: lead is the rune index just past the opening group's
// closing bracket (0 if none) and trail the index of the closing group's
// opening bracket (-1 if none).
func simBracketGroups(rs []rune) (lead, trail int) {
	trail = -1
	first, last := 0, len(rs)-1
	for first < len(rs) && unicode.IsSpace(rs[first]) {
		first++
	}
	for last >= 0 && unicode.IsSpace(rs[last]) {
		last--
	}
	if first >= last {
		return 0, -1
	}
	if closer, ok := simBrackets[rs[first]]; ok {
		for i := first + 1; i < last; i++ {
			if rs[i] == closer {
				lead = i + 1
				break
			}
		}
	}
	for open, closer := range simBrackets {
		if rs[last] != closer {
			continue
		}
		for i := last - 1; i > first && i >= lead; i-- {
			if rs[i] == open {
				trail = i
				break
			}
		}
	}
	return lead, trail
}

// simIsDiscriminator reports whether a word tells versions or parts apart.
func simIsDiscriminator(w, prev string) bool {
	if strings.HasSuffix(w, "+") {
		return true
	}
	if w == "lite" || w == "plus" {
		return true
	}
	if simRomanAlways[w] || simOrdinals[w] {
		return true
	}
	if (w == "i" || w == "v" || w == "x") && simRomanAfter[prev] {
		return true
	}
	if !strings.ContainsFunc(w, unicode.IsDigit) {
		return false
	}
	return !simIsQuantity(w)
}

// simIsQuantity reports whether w is a number with a unit ("50x", "0.5mb").
func simIsQuantity(w string) bool {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || w[i] == '.') {
		i++
	}
	return i > 0 && i < len(w) && simQuantityUnits[w[i:]]
}

// simMergeSplits joins two adjacent words of a when their concatenation is a
// word of other and neither of them is ("IGCV 2" against "IGCV2"), and the
// words of a whose initials spell an acronym of other that a lacks
// ("Convolutional Neural Networks" against "CNNs").
func simMergeSplits(a, other []simToken) []simToken {
	if len(a) < 2 || len(other) == 0 {
		return a
	}
	// Titles are short: other's words are searched in place rather than
	// put in a set, which would cost more than the search.
	has := func(norm string) bool {
		for _, t := range other {
			if t.norm == norm {
				return true
			}
		}
		return false
	}
	var acros []simToken
	longest := 0 // a join longer than other's longest word is none of them
	for _, t := range other {
		longest = max(longest, len(t.norm))
		if t.acro != "" {
			acros = append(acros, t)
		}
	}
	if len(acros) > 0 {
		set := make(map[string]bool, len(other))
		for _, t := range other {
			set[t.norm] = true
		}
		own := make(map[string]bool, len(a))
		for _, t := range a {
			own[t.norm] = true
		}
		for _, x := range acros {
			if !own[x.norm] && !own[x.acro] {
				a = simMergeAcronym(a, x, set)
			}
		}
	}
	var out []simToken
	for i := 0; i < len(a); i++ {
		if i+1 < len(a) && len(a[i].norm)+len(a[i+1].norm) <= longest {
			j := a[i].norm + a[i+1].norm
			if has(j) && !has(a[i].norm) && !has(a[i+1].norm) {
				if out == nil {
					out = append(make([]simToken, 0, len(a)), a[:i]...)
				}
				out = append(out, simJoin(a[i:i+2], j, out))
				i++
				continue
			}
		}
		if out != nil {
			out = append(out, a[i])
		}
	}
	if out == nil {
		return a // nothing joined
	}
	return out
}

// simJoin makes one word, spelled norm, of the words ts, which follow out.
func simJoin(ts []simToken, norm string, out []simToken) simToken {
	m := simToken{norm: norm, seg1: ts[0].seg1, partial: ts[len(ts)-1].partial, brk: true, brkEnd: true}
	for _, t := range ts {
		m.n += t.n
		m.name = m.name || t.name
		m.brk = m.brk && t.brk
		m.brkEnd = m.brkEnd && t.brkEnd
	}
	m.stop = simStopWords[norm]
	prev := ""
	if len(out) > 0 {
		prev = out[len(out)-1].norm
	}
	m.disc = simIsDiscriminator(norm, prev)
	return m
}

// simMergeAcronym replaces the first run of content words of a whose
// initials spell the acronym x by one word equal to x, unless the other
// title (whose words are in other) spells the run out too ("VQA: Visual
// Question Answering").
func simMergeAcronym(a []simToken, x simToken, other map[string]bool) []simToken {
	k := len(x.acro)
	for i := 0; i+k <= len(a); i++ {
		ok, spelled := true, true
		for j := range k {
			t := a[i+j]
			if t.stop || t.name || t.disc || t.norm[0] != x.acro[j] {
				ok = false
				break
			}
			spelled = spelled && other[t.norm]
		}
		if !ok || spelled {
			continue
		}
		m := simJoin(a[i:i+k], x.norm, a[:i])
		m.name, m.disc = true, false
		out := make([]simToken, 0, len(a)-k+1)
		out = append(append(append(out, a[:i]...), m), a[i+k:]...)
		return out
	}
	return a
}

// simCanon drops a "v1" suffix and then a plural "s" from a word of four
// letters or more, and spells "net" as "network".
func simCanon(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "v1") {
		w = w[:len(w)-2]
	}
	if len(w) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		w = w[:len(w)-1]
	}
	if w == "net" {
		w = "network"
	}
	return w
}

var simVersionWords = []string{"next", "lite", "plus", "pro", "mini", "tiny"}

// simWordAgreement is how well two words agree, in [0,1]; 0 means they may
// not be aligned.
func simWordAgreement(a, b simToken) float64 {
	if a.norm == b.norm {
		return 1
	}
	if ca, cb := simCanon(a.norm), simCanon(b.norm); ca == cb && len(ca) >= 3 {
		return 0.95
	}
	// The last word of a truncated title may be cut short ("Recogni…").
	if a.partial && a.n >= 3 && !b.disc && strings.HasPrefix(b.norm, a.norm) ||
		b.partial && b.n >= 3 && !a.disc && strings.HasPrefix(a.norm, b.norm) {
		return 0.9
	}
	if a.name || b.name || a.disc || b.disc || a.stop || b.stop {
		return 0
	}
	if a.n < 4 || b.n < 4 {
		return 0
	}
	// The distance is at least the difference in length.
	n := max(a.n, b.n)
	if float64(n-min(a.n, b.n)) > 0.25*float64(n) {
		return 0
	}
	if simBagDistance(a.norm, b.norm) > simMaxEdits {
		return 0 // the edit distance is at least that
	}
	d := simLevenshteinWithin(a.norm, b.norm, simMaxEdits)
	s := 1 - float64(d)/float64(n)
	if d > simMaxEdits || s < 0.75 {
		return 0
	}
	for _, v := range simVersionWords {
		if strings.Contains(a.norm, v) != strings.Contains(b.norm, v) {
			return 0
		}
	}
	return s
}

// simLevenshtein is the edit distance between two words, a transposition
// of adjacent letters counting as one edit ("Desing" ~ "Design"; the
// optimal string alignment distance).
func simLevenshtein(a, b string) int { return simLevenshteinWithin(a, b, math.MaxInt-1) }

// simBagDistance is a lower bound of the edit distance of two words, cheap
// to compute: the letters of the longer that the other lacks, counted with
// their multiplicity (an edit changes at most one letter of each word, and
// a transposition none). It is 0, which bounds nothing, for words that are
// not ASCII.
func simBagDistance(a, b string) int {
	var count [128]uint8
	for i := 0; i < len(a); i++ {
		if a[i] >= 128 {
			return 0
		}
		count[a[i]]++
	}
	common := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 128 {
			return 0
		}
		if count[c] > 0 {
			count[c]--
			common++
		}
	}
	return max(len(a), len(b)) - common
}

// simLevenshteinWithin is simLevenshtein when that is at most k, else k+1
// (or more): the computation stops at the first row whose every cell is
// beyond k, since no later row can come back under it. Words of up to
// simLevMax runes (all of a title's words but merged ones) are compared
// without allocating.
func simLevenshteinWithin(a, b string, k int) int {
	var ra, rb [simLevMax]rune
	var rows [3][simLevMax + 1]int
	ar, br := simRunes(a, ra[:0]), simRunes(b, rb[:0])
	if len(br) > simLevMax {
		return simLevenshteinRows(ar, br, k, make([]int, len(br)+1), make([]int, len(br)+1), make([]int, len(br)+1))
	}
	return simLevenshteinRows(ar, br, k, rows[0][:len(br)+1], rows[1][:len(br)+1], rows[2][:len(br)+1])
}

// simLevMax is the longest word simLevenshtein compares without allocating.
const simLevMax = 2 * simMaxTokenLen

// simRunes appends the runes of s to buf.
func simRunes(s string, buf []rune) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// simLevenshteinRows is simLevenshteinWithin on runes, with three rows of
// len(b)+1 cells to work in.
func simLevenshteinRows(a, b []rune, k int, prev2, prev, cur []int) int {
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		// A row's least cell grows by at most one from the row before, so
		// a row beyond k with the row before at least k (a transposition
		// reads two rows up, adding one) ends the search.
		if i > 1 && slices.Min(prev) > k {
			return k + 1
		}
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// simSmall is the number of words of a title up to which TitleAgreement
// works in arrays on the stack (most titles have fewer than 16 words).
const simSmall = 24

// simFloats returns n zeros: buf's first n when it is long enough, else a
// new slice.
func simFloats(buf []float64, n int) []float64 {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]float64, n)
}

// simScore scores a against b, given word agreements wordAgree(i, j) of a[i]
// and b[j] (not symmetric by itself: ties in the alignment are broken
// towards a's order).
func simScore(a, b []simToken, wordAgree func(i, j int) float64) float64 {
	n, m := len(a), len(b)
	w := m + 1
	var dpBuf [(simSmall + 1) * (simSmall + 1)]float64
	var agreeBuf [simSmall * simSmall]float64
	dp := simFloats(dpBuf[:], (n+1)*(m+1))
	agree := simFloats(agreeBuf[:], n*m)
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best := max(dp[(i-1)*w+j], dp[i*w+j-1])
			if s := wordAgree(i-1, j-1); s > 0 {
				agree[(i-1)*m+j-1] = s
				v := dp[(i-1)*w+j-1] + s*(a[i-1].weight()+b[j-1].weight())/2
				if v > best {
					best = v
				}
			}
			dp[i*w+j] = best
		}
	}
	var matchedBuf [2 * simSmall]bool
	var matchedA, matchedB []bool
	if n+m <= len(matchedBuf) {
		matchedA, matchedB = matchedBuf[:n:n], matchedBuf[n:n+m:n+m]
	} else {
		matchedA, matchedB = make([]bool, n), make([]bool, m)
	}
	var pairsBuf [simSmall][2]int
	pairs := pairsBuf[:0]
	for i, j := n, m; i > 0 && j > 0; {
		s := agree[(i-1)*m+j-1]
		if s > 0 && dp[i*w+j] == dp[(i-1)*w+j-1]+s*(a[i-1].weight()+b[j-1].weight())/2 {
			matchedA[i-1], matchedB[j-1] = true, true
			pairs = append(pairs, [2]int{i - 1, j - 1})
			i, j = i-1, j-1
			continue
		}
		if dp[i*w+j] == dp[(i-1)*w+j] {
			i--
		} else {
			j--
		}
	}
	if len(pairs) == 0 {
		return 0
	}
	// pairs are in reverse order.
	firstA, firstB := pairs[len(pairs)-1][0], pairs[len(pairs)-1][1]

	var matchW float64
	content := 0
	for _, p := range pairs {
		ta, tb := a[p[0]], b[p[1]]
		matchW += agree[p[0]*m+p[1]] * (ta.weight() + tb.weight()) / 2
		if !ta.stop && !tb.stop {
			content++
		}
	}

	veto := false
	labelA, labelB := 0, 0 // length of an accepted leading label
	switch {
	case firstA > 0 && firstB > 0:
		if !simAllStop(a[:firstA]) || !simAllStop(b[:firstB]) {
			veto = true
		}
	case firstA > 0:
		if simIsLabel(a, firstA, content) {
			labelA = firstA
		} else if !simAllStop(a[:firstA]) {
			veto = true
		}
	case firstB > 0:
		if simIsLabel(b, firstB, content) {
			labelB = firstB
		} else if !simAllStop(b[:firstB]) {
			veto = true
		}
	}

	// The end of a title: cut off by a truncation, or a list author's
	// bracketed annotation.
	endA, endB, factorA, factorB := len(a), len(b), 1.0, 1.0
	lastA, lastB := pairs[0][0], pairs[0][1]
	cut := false
	if a[len(a)-1].partial && content >= 4 {
		endB, factorB, cut = lastB+1, 0, lastB+1 < len(b)
		if !matchedA[len(a)-1] {
			endA, factorA = len(a)-1, 0
		}
	} else if b[len(b)-1].partial && content >= 4 {
		endA, factorA, cut = lastA+1, 0, lastA+1 < len(a)
		if !matchedB[len(b)-1] {
			endB, factorB = len(b)-1, 0
		}
	}
	annotated := false
	if endA == len(a) && simIsAnnotation(a[lastA+1:]) && simAllStopUnmatched(b[lastB+1:endB], matchedB[lastB+1:endB]) {
		endA, factorA, annotated = lastA+1, simLabelFactor, true
	} else if endB == len(b) && simIsAnnotation(b[lastB+1:]) && simAllStopUnmatched(a[lastA+1:endA], matchedA[lastA+1:endA]) {
		endB, factorB, annotated = lastB+1, simLabelFactor, true
	}

	wa, gapA, discA := simSideTotals(a, matchedA, labelA, endA, factorA)
	wb, gapB, discB := simSideTotals(b, matchedB, labelB, endB, factorB)
	if discA || discB {
		veto = true
	}
	limit := simMaxGapRatio * float64(max(0, content-1))
	if float64(gapA) > limit || float64(gapB) > limit {
		veto = true
	}
	if (labelA > 0 || labelB > 0 || annotated) && (gapA > 0 || gapB > 0) {
		veto = true
	}
	if simSubstituted(a[:endA], matchedA, b[:endB], matchedB, pairs) || simHeadInsertion(a, matchedA) || simHeadInsertion(b, matchedB) {
		veto = true
	}
	if simReplaced(a[labelA:endA], matchedA[labelA:endA], b[labelB:endB], matchedB[labelB:endB]) {
		veto = true
	}
	score := 2 * matchW / (wa + wb)
	if veto {
		score *= 0.5
	}
	if cut {
		score = min(score, simTruncatedScore)
	}
	if simNameOnly(a, matchedA, b, matchedB) || simNameOnly(b, matchedB, a, matchedA) {
		score = max(score, titleNameOnlyScore)
	}
	return score
}

// simIsAnnotation reports whether ts, the unaligned end of a title, is a
// bracketed annotation of the list's author ("(ResNet)"): a bracketed group
// ending the title, holding no discriminator.
func simIsAnnotation(ts []simToken) bool {
	if len(ts) == 0 {
		return false
	}
	for _, t := range ts {
		if !t.brkEnd || t.disc {
			return false
		}
	}
	return true
}

// simAllStopUnmatched reports whether every token of ts that is not
// matched is a stop word.
func simAllStopUnmatched(ts []simToken, matched []bool) bool {
	for i, t := range ts {
		if !matched[i] && !t.stop {
			return false
		}
	}
	return true
}

// simSideTotals returns a title's total weight (a label at a quarter, the
// words from end on at endFactor), how many content words are unaligned
// outside the label and before end, and whether an unaligned discriminator
// or name word lies there.
func simSideTotals(t []simToken, matched []bool, label, end int, endFactor float64) (weight float64, gap int, disc bool) {
	for i, tok := range t {
		wt := tok.weight()
		if i < label {
			weight += wt * simLabelFactor
			continue
		}
		if i >= end {
			weight += wt * endFactor
			continue
		}
		weight += wt
		if matched[i] {
			continue
		}
		if tok.disc || tok.name && !simIsQuantity(tok.norm) {
			disc = true
		}
		if !tok.stop {
			gap++
		}
	}
	return weight, gap, disc
}

// simSubstituted reports whether, between two aligned pairs (or after the
// last one), both titles hold unaligned content words other than quantities:
// a word replaced by another ("Neural Architecture Search" vs "Neural
// Optimizer Search"), not one left out. pairs are in reverse order.
func simSubstituted(a []simToken, matchedA []bool, b []simToken, matchedB []bool, pairs [][2]int) bool {
	content := func(t []simToken, matched []bool, from, to int) bool {
		for i := from; i < to; i++ {
			if !matched[i] && !t[i].stop && !simIsQuantity(t[i].norm) {
				return true
			}
		}
		return false
	}
	for k := len(pairs) - 1; k >= 0; k-- {
		endA, endB := len(a), len(b)
		if k > 0 {
			endA, endB = pairs[k-1][0], pairs[k-1][1]
		}
		if content(a, matchedA, pairs[k][0]+1, endA) && content(b, matchedB, pairs[k][1]+1, endB) {
			return true
		}
	}
	return false
}

// simReplaced reports whether both titles hold an unaligned content word
// (other than a quantity) that agrees with no unaligned word of the other:
// a word replaced by another elsewhere in the title ("UNITER: [Spice]
// Universal Image-Text Representations" vs "UNITER: Universal Image-Text
// Representation [Learning]"). Words that only moved ("Deep but
// Lightweight" vs "Lightweight Deep") are no replacement.
func simReplaced(a []simToken, matchedA []bool, b []simToken, matchedB []bool) bool {
	// lone reports whether an unaligned content word of ts agrees with no
	// unaligned word of others.
	lone := func(ts []simToken, matched []bool, others []simToken, othersMatched []bool) bool {
		for i, t := range ts {
			if matched[i] || t.stop || simIsQuantity(t.norm) {
				continue
			}
			moved := false
			for j, o := range others {
				if !othersMatched[j] && simWordAgreement(t, o) > 0 {
					moved = true
					break
				}
			}
			if !moved {
				return true
			}
		}
		return false
	}
	return lone(a, matchedA, b, matchedB) && lone(b, matchedB, a, matchedA)
}

// simHeadInsertion reports whether an unaligned content word lies inside the
// title's head (its first run of content words, within the first colon
// segment) between aligned words: "Deep [Session] Interest Network" names
// another method than "Deep Interest Network".
func simHeadInsertion(t []simToken, matched []bool) bool {
	start := 0
	for start < len(t) && t[start].stop {
		start++
	}
	end := start
	for end < len(t) && !t[end].stop && t[end].seg1 == t[start].seg1 {
		end++
	}
	first, last := -1, -1
	for i, ok := range matched {
		if ok {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for i := max(start, first+1); i < end && i < last; i++ {
		if !matched[i] {
			return true
		}
	}
	return false
}

func simAllStop(ts []simToken) bool {
	for _, t := range ts {
		if !t.stop {
			return false
		}
	}
	return true
}

// simIsLabel reports whether the first k words of t, unaligned while the other
// title has no unaligned leading word, are a label (see TitleAgreement).
func simIsLabel(t []simToken, k, content int) bool {
	if content < 3 {
		return false
	}
	if simAllStop(t[:k]) {
		return true
	}
	if t[k-1].brk && (k == len(t) || !t[k].brk) {
		// exactly a bracketed group that opens the title: "[Oral]"
		for _, tok := range t[:k] {
			if !tok.brk || tok.disc {
				return false
			}
		}
		return true
	}
	seg := 0
	for seg < len(t) && t[seg].seg1 {
		seg++
	}
	if k <= 3 && seg >= k && seg <= 3 && seg < len(t) {
		return true
	}
	if k <= 2 {
		for _, tok := range t[:k] {
			if !tok.name {
				return false
			}
		}
		return true
	}
	return false
}

// simNameOnly reports whether every word of short is aligned and long's
// aligned words are exactly its first colon segment, a short name (a name
// word on both sides).
func simNameOnly(short []simToken, shortMatched []bool, long []simToken, longMatched []bool) bool {
	shortName := false
	for i, ok := range shortMatched {
		if !ok {
			return false
		}
		shortName = shortName || short[i].name
	}
	if !shortName {
		return false
	}
	seg := 0
	for seg < len(long) && long[seg].seg1 {
		seg++
	}
	if seg == 0 || seg > 3 || seg == len(long) {
		return false
	}
	name := false
	for i, tok := range long {
		if longMatched[i] != (i < seg) {
			return false
		}
		if i < seg && tok.name {
			name = true
		}
	}
	return name
}

// simContentWords returns the number of words of a title that are not stop
// words.
func simContentWords(title string) int {
	n := 0
	for _, t := range simTokenize(title) {
		if !t.stop {
			n++
		}
	}
	return n
}

// simCoverage returns the share of listed's content words that agree with
// some word of record, in any order (1 when listed has no content word).
func simCoverage(listed, record string) float64 {
	l0, r0 := simTokenize(listed), simTokenize(record)
	l, r := simMergeSplits(l0, r0), simMergeSplits(r0, l0)
	total, covered := 0, 0
	for _, a := range l {
		if a.stop {
			continue
		}
		total++
		for _, b := range r {
			if simWordAgreement(a, b) > 0 {
				covered++
				break
			}
		}
	}
	if total == 0 {
		return 1
	}
	return float64(covered) / float64(total)
}
