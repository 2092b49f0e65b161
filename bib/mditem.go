package bib

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ---- item analysis ---------------------------------------------------------

// mdLink is a link found in an item.
type mdLink struct {
	url    string
	text   string
	info   rlURLInfo
	marker bool // the text is a marker such as "paper", "[code]" or "pdf"
}

// mdResult is what an item (or a links-only line) says.
type mdResult struct {
	title    string
	year     int
	venue    string
	ids      IDs
	links    []mdLink
	paperURL bool   // some link points at a paper
	marker   bool   // a "paper"/"pdf" marker (link text or flattened word)
	paperLnk bool   // a link whose text says it is the paper ("[paper](…)", "[[pdf]](…)")
	hasTitle bool   // a title came from text or a non-marker link
	linkText string // text of the first non-marker link, as written
	talk     bool   // the item is tutorial slides or a talk ("*ICML 2017 Tutorial*")

	authorsFirst bool // the item starts with its authors; the link after them is the title
	yearFromDesc bool // the year was found in the text after the title, not given as the item's year
}

// mdTrimLinkMarkers removes a resource word that a link's text ends with
// in lower case ("Title github", "Title code"): the link of a flattened
// "[Title](paper) github" item.
func mdTrimLinkMarkers(t string) string {
	for _, w := range []string{" github", " code", " project"} {
		if strings.HasSuffix(strings.TrimSpace(t), w) && len(strings.TrimSpace(t)) > len(w)+8 {
			return strings.TrimSuffix(strings.TrimSpace(t), w)
		}
	}
	return t
}

// mdAuthorsLike reports whether s reads as an author list rather than a
// venue: "et al.", or several names joined by commas or "and".
func mdAuthorsLike(s string) bool {
	low := strings.ToLower(s)
	if strings.Contains(low, "et al") {
		return true
	}
	names := mdSplitNames(strings.TrimSpace(s))
	return (len(names) >= 3 || len(names) == 2 && mdInitialRe.MatchString(s)) && mdNamesOK(s)
}

// mdBracketed reports whether a link text is a short text in brackets:
// "[pdf]", "[official code]" (one to four words, no other brackets).
func mdBracketed(s string) bool {
	if len(s) < 3 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	inner := s[1 : len(s)-1]
	if strings.ContainsAny(inner, "[]") {
		return false
	}
	n, in := 0, false
	for i := 0; i < len(inner); i++ {
		sp := inner[i] == ' ' || inner[i] == '\t' || inner[i] == '\n' || inner[i] == '\r' || inner[i] == '\f' || inner[i] == '\v'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n >= 1 && n <= 4
}

// mdTalkRe matches a venue or a lead that says the item is tutorial
// slides or a talk, not a paper.
var mdTalkRe = regexp.MustCompile(`(?i)\btutorials?\b|\bslides\b|\bkeynote\b`)

// mdArxivVenueRe matches an italic arXiv id written as the venue
// ("*arXiv:1703.01619*").
var mdArxivVenueRe = regexp.MustCompile(`(?i)[*_]arxiv\s*[:.]?\s*(?:abs/)?\d{4}\.\d{4,5}(?:v\d+)?[*_]`)

// mdBlankText reports whether s is empty once emphasis marks, emoji and
// space are removed (it may still hold punctuation).
func mdBlankText(s string) bool {
	for _, r := range s {
		switch {
		case r == '*' || r == '_' || r == '~' || unicode.IsSpace(r):
		case r == ':' || r >= 0x80:
			return strings.TrimSpace(mdStripEmphasis(mdStripSymbols(s))) == ""
		default:
			return false
		}
	}
	return true
}

// mdPlainASCII reports whether s is ASCII without ':' (so holds no emoji
// and no ":shortcode:").
func mdPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == ':' {
			return false
		}
	}
	return true
}

// mdURLStart reports whether s starts like a bare URL.
func mdURLStart(s string) bool {
	return strings.HasPrefix(s, "http") || strings.HasPrefix(s, "ftp:") || strings.HasPrefix(s, "file:") || strings.HasPrefix(s, "www.")
}

// mdEndsInYear reports whether s ends with two digits, maybe followed by a
// full stop (a "CVPR 2017" or "CVPR'17" suffix).
func mdEndsInYear(s string) bool {
	s = strings.TrimRight(s, " .")
	return len(s) >= 2 && rlDigitByte(s[len(s)-1]) && rlDigitByte(s[len(s)-2])
}

// mdTalkish reports whether s may name a talk: it mentions a tutorial,
// slides or a keynote.
func mdTalkish(s string) bool {
	return rlContainsFold(s, "tutorial") || rlContainsFold(s, "slides") || rlContainsFold(s, "keynote")
}

// mdWords counts the words of s that hold a letter.
func mdWords(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			n++
		}
	}
	return n
}

// mdBlank reports whether s holds no words: only space, emphasis marks,
// emoji and punctuation.
func mdBlank(s string) bool {
	if strings.IndexByte(s, ':') >= 0 {
		s = mdStripSymbols(s) // ":star:" is an emoji
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// mdLeadAuthors reports whether s is an author list, optionally followed by
// a year ("Kishore Papineni, Salim Roukos, and Wei-Jing Zhu. 2002. ",
// "Felix Stahlberg. 2020.", "A. Author (2016)."), and returns that year.
func mdLeadAuthors(s string) (int, bool) {
	s = rlCleanSpace(mdStripEmphasis(s))
	dot := false
	trim := func() {
		for s != "" && strings.ContainsAny(s[len(s)-1:], " .,:") {
			dot = dot || s[len(s)-1] == '.'
			s = s[:len(s)-1]
		}
	}
	trim()
	year := 0
	if t := strings.TrimSuffix(s, ")"); len(t) >= 4 {
		end := len(t)
		if c := t[end-1]; c >= 'a' && c <= 'z' && end >= 5 && rlDigitByte(t[end-2]) {
			end-- // "2016a"
		}
		if y := rlAuthorYear(t[end-4 : end]); y != 0 && (end == 4 || !rlDigitByte(t[end-5])) {
			year, s = y, strings.TrimSuffix(t[:end-4], "(")
			trim()
		}
	}
	if year == 0 && !dot || len(s) < 3 || len(s) > 600 || !mdNamesOK(s) {
		return 0, false
	}
	return year, true
}

func (r *mdResult) titleless() bool { return !r.hasTitle && r.year == 0 }

func (r *mdResult) allLocal() bool {
	for _, l := range r.links {
		if !l.info.local {
			return false
		}
	}
	return len(r.links) > 0
}

// allCode reports whether every link of the item goes to a code
// repository (GitHub, GitLab, ...).
func (r *mdResult) allCode() bool {
	n := 0
	for _, l := range r.links {
		if l.info.local {
			continue
		}
		if !mdCodeURL(l.url) {
			return false
		}
		n++
	}
	return n > 0
}

func (r *mdResult) allBlog() bool {
	n := 0
	for _, l := range r.links {
		if l.info.local {
			continue
		}
		if !l.info.blog {
			return false
		}
		n++
	}
	return n > 0
}

func (r *mdResult) absURLs() []string {
	var us []string
	for _, l := range r.links {
		if mdAbsURL(l.url) && !slices.Contains(us, l.url) {
			if us == nil {
				us = make([]string, 0, len(r.links))
			}
			us = append(us, l.url)
		}
	}
	return us
}

// mdAbsURL reports whether u starts with http://, https:// or ftp://, in
// any case.
func mdAbsURL(u string) bool {
	return rlHasFoldAt(u, 0, "http://") || rlHasFoldAt(u, 0, "https://") || rlHasFoldAt(u, 0, "ftp://")
}

// mdMarkerWords are link texts that name a resource of the item (its paper,
// code, slides, ...) rather than the item itself; mdPaperMarkers are those
// that say the item is a paper.
var (
	mdMarkerWords = map[string]bool{
		"paper": true, "papers": true, "pdf": true, "arxiv": true, "doi": true, "openreview": true, "code": true,
		"github": true, "gitlab": true, "project": true, "project page": true, "page": true, "website": true,
		"homepage": true, "home page": true, "web": true, "slides": true, "slide": true, "video": true, "talk": true,
		"blog": true, "post": true, "poster": true, "demo": true, "supp": true, "supplementary": true,
		"supplemental": true, "bibtex": true, "bib": true, "official": true, "unofficial": true, "pytorch": true,
		"tensorflow": true, "tf": true, "caffe": true, "keras": true, "mxnet": true, "jax": true, "torch": true,
		"paddle": true, "model": true, "models": true, "data": true, "dataset": true, "link": true, "url": true,
		"abs": true, "abstract": true, "html": true, "zhihu": true, "知乎": true, "论文": true, "代码": true,
		"colab": true, "notebook": true, "weights": true, "checkpoint": true, "note": true, "notes": true,
		"review": true, "reviews": true, "summary": true, "ppt": true, "youtube": true, "bilibili": true,
		"presentation": true, "openaccess": true, "cvf": true, "ieee": true, "acm": true, "springer": true,
		"proceedings": true, "paper & code": true, "paper&code": true, "paper code": true, "papercode": true,
		"star": true, "stars": true, "repo": true, "repository": true, "implementation": true, "here": true,
		"reproduce": true, "reproduction": true, "docs": true, "documentation": true, "chinese": true,
		"english": true, "中文": true, "解读": true, "论文解读": true, "tutorial": true, "ieeexplore": true,
		"semantic scholar": true, "google scholar": true, "scholar": true, "cite": true, "citation": true,
	}
	mdPaperMarkers = map[string]bool{
		"paper": true, "papers": true, "pdf": true, "arxiv": true, "doi": true, "openreview": true, "abs": true,
		"abstract": true, "论文": true, "openaccess": true, "cvf": true, "ieee": true, "acm": true, "springer": true,
		"proceedings": true, "paper & code": true, "paper&code": true, "paper code": true, "papercode": true,
		"ieeexplore": true, "semantic scholar": true,
	}
)

// mdMarkerKey reduces a link text to the form looked up in mdMarkerWords:
// lower case, without brackets, emoji, punctuation and surrounding space.
func mdMarkerKey(text string) string {
	t := strings.ToLower(rlCleanSpace(mdStripSymbols(mdStripEmphasis(text))))
	t = strings.Trim(t, " []()【】（）{}<>:：,.;|\"'`-_/")
	t = rlCleanSpace(t)
	return t
}

// mdIsMarker reports whether a link text is a marker (or carries no words:
// "", "⭐ 1.2k", "1").
func mdIsMarker(text string) bool {
	if mdBracketed(strings.TrimSpace(text)) {
		return true // "[official code]", "[pdf]": a resource in brackets
	}
	k := mdMarkerKey(text)
	if mdMarkerWords[k] {
		return true
	}
	if mdMarkerPhrase(k) {
		return true // "Source Code", "GitHub Link", "blog in Chinese", "Code/Prompts"
	}
	for _, r := range k {
		if unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// mdMarkerPhrase reports whether a marker key of two to four words names
// a resource: every word a marker word or a qualifier of one ("source",
// "official", "list", "in"), one of them a marker word, and not only words
// that name the paper itself ("Proceedings Paper").
func mdMarkerPhrase(k string) bool {
	if !strings.ContainsAny(k, " -/_+&") {
		return false
	}
	words := strings.FieldsFunc(k, func(r rune) bool { return r == ' ' || r == '-' || r == '/' || r == '_' || r == '+' || r == '&' })
	if len(words) < 2 || len(words) > 4 {
		return false
	}
	marker, resource := false, false
	for _, w := range words {
		switch {
		case mdMarkerWords[w]:
			marker = true
			resource = resource || !mdPaperMarkers[w]
		case mdMarkerQualifiers[w]:
			resource = true
		default:
			return false
		}
	}
	// "Proceedings Paper" may be a title; "Source Code", "Paper List" not.
	return marker && resource
}

// mdCodeURL reports whether a URL points at a code repository host
// (GitHub, GitLab, ...): after a title, such a link is the item's code.
func mdCodeURL(u string) bool {
	u = strings.ToLower(u)
	for _, p := range []string{"https://", "http://"} {
		u = strings.TrimPrefix(u, p)
	}
	u = strings.TrimPrefix(u, "www.")
	for _, h := range []string{"github.com/", "gitlab.com/", "bitbucket.org/", "gitee.com/", "codeberg.org/", "sourceforge.net/"} {
		if strings.HasPrefix(u, h) {
			return true
		}
	}
	return false
}

// mdMarkerQualifiers are the words that qualify a marker word in a
// resource link's text.
var mdMarkerQualifiers = map[string]bool{
	"source": true, "official": true, "unofficial": true, "list": true, "lists": true, "links": true, "in": true,
	"and": true, "full": true, "text": true, "version": true, "our": true, "the": true, "prompts": true, "online": true,
	"open": true, "pdf": true, "sources": true, "repo": true, "release": true, "released": true, "more": true,
}

var (
	mdPrefixGluedRe    = regexp.MustCompile(`^((?:19|20)\d\d[-_][A-Za-z][A-Za-z0-9]{1,15})[-_:]\s*`)
	mdPrefixDashRe     = regexp.MustCompile(`^((?:19|20)\d\d(?:[ -]+[A-Za-z][\w-]{0,15})?)\s+[-–—]\s+`)
	mdSuffixBracketRe  = regexp.MustCompile(`\s*[\[(（【]\s*([^\[\]()（）【】]{1,48}?)\s*[\])）】]\s*\.?$`)
	mdSuffixYearRe     = regexp.MustCompile(`,\s*((?:19|20)\d\d)\s*\.?$`)
	mdDescVenueRe      = regexp.MustCompile(`(?:^|[\s(\[,;])([A-Za-z][A-Za-z0-9&-]{1,15})[\s,]*(?:'|’)?((?:19|20)\d\d)\b`)
	mdDescYearRe       = regexp.MustCompile(`(?:^|[^\w.])((?:19[5-9]|20[0-4])\d)(?:[^\w.]|\.(?:\s|$)|$)`)
	mdBracketAuthorsRe = regexp.MustCompile(`\s*[(\[]\s*([^()\[\]]{1,48}?)\s*[)\]]\s*[,.:]\s+(.+)$`)
	mdQuotedRe         = regexp.MustCompile(`["“”]([^"“”]{8,}?)["“”]`)
)

// mdPrefixTagRe matches a decorated tag before a title: "**[R-CNN]**",
// "[__BNN__]" (code spans are already plain text), "[**Oral**]".
var mdPrefixTagRe = regexp.MustCompile(`^(?:(?:\*\*|__)\[[^\[\]]{1,48}\](?:\*\*|__)|\[(?:\*\*|__)[^\[\]]{0,48}(?:\*\*|__)\])\s*`)

// mdUnbracketLinks reads a link in square brackets ("[[CVPR_2020](url)]",
// the bracket around it being decoration) as the link itself.
func mdUnbracketLinks(segs []mdSeg) []mdSeg {
	for k := 1; k+1 < len(segs); k++ {
		if !segs[k].link || segs[k-1].link || segs[k-1].bare || segs[k+1].link || segs[k+1].bare {
			continue
		}
		before := strings.TrimRight(segs[k-1].text, " \t")
		after := strings.TrimLeft(segs[k+1].text, " \t")
		if strings.HasSuffix(before, "[") && strings.HasPrefix(after, "]") {
			segs[k-1].text = before[:len(before)-1]
			segs[k+1].text = after[1:]
			segs[k].boxed = true
		}
	}
	return segs
}

// mdBracketYearVenue reads the text of a bracket before or after a title as
// a year/venue marker: what rlYearVenue reads ("CVPR 2017", "*NAACL'21*",
// "ICDEW, 2008"), and also a longer venue with one year ("IEEE Intelligent
// Systems 2023", "Phd@PVLDB 2018", "SIGMOD Record 2021", "CHEOPS 22"),
// with a remark after a comma or "from" dropped ("ICDE 2022, best demo
// award", "VLDB 2021 from Tim Kraska"), or a venue without a year that
// names itself one ("IEEE Transactions on Computers").
func mdBracketYearVenue(s string) (int, string, bool) {
	s = strings.TrimSpace(mdStripEmphasis(s))
	if y, v, ok := rlYearVenue(s); ok {
		return y, v, ok
	}
	if s == "" || len(s) > 60 {
		return 0, "", false
	}
	if strings.ContainsAny(s, "'’") {
		s = rlApostropheSpaceRe.ReplaceAllString(s, "'$1")
	}
	if rlHasYearMonth(s) {
		s = rlYearMonthRe.ReplaceAllString(s, "$1")
	}
	// The first comma-separated part that holds the year; the rest is a
	// remark.
	part := s
	for _, p := range strings.Split(s, ",") {
		if mdDescYearRe.MatchString(p) || strings.ContainsAny(p, "'’") {
			part = p
			break
		}
	}
	if k := strings.Index(part, " from "); k > 0 {
		part = part[:k]
	}
	year := 0
	var words []string
	for _, w := range strings.Fields(part) {
		if y := rlYear(w); y != 0 && year == 0 {
			year = y
			continue
		}
		if i := strings.IndexAny(w, "'’"); i > 0 && year == 0 {
			if y := rlYear(w[i:]); y != 0 {
				year, w = y, w[:i]
			}
		}
		words = append(words, w)
	}
	if year == 0 && len(words) >= 2 && rlVenueLike(words[len(words)-2]) {
		// "CHEOPS 22": a venue acronym and a two-digit year.
		if n := words[len(words)-1]; len(n) == 2 && rlDigits(n) {
			year, words = rlYear("'"+n), words[:len(words)-1]
		}
	}
	if len(words) == 0 || len(words) > 7 {
		return 0, "", false
	}
	venueWord := false
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		low := strings.ToLower(strings.Trim(w, ".,;:()"))
		switch {
		case mdVenueConnectives[low]:
		case unicode.IsUpper(r) || unicode.IsDigit(r) || rlKnownVenues[low] || strings.Contains(w, "@"):
			for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '@' || r == '-' }) {
				if rlVenueLike(part) || mdVenueWords[strings.ToLower(part)] {
					venueWord = true // "PVLDB" in "Phd@PVLDB", "SIGMOD" in "SIGMOD-Companion"
				}
			}
		default:
			return 0, "", false // a lower-case word: a phrase, not a venue
		}
	}
	if year == 0 && (!mdVenueWords[strings.ToLower(words[0])] || len(words) < 2) {
		return 0, "", false // "(BERT)": a method's name, not a venue
	}
	if !venueWord {
		return 0, "", false
	}
	return year, strings.Join(words, " "), true
}

// mdVenueConnectives are the small words inside a venue name.
var mdVenueConnectives = map[string]bool{"of": true, "on": true, "and": true, "for": true, "in": true, "the": true, "&": true, "de": true}

// mdVenueWords are words that make a phrase a venue name.
var mdVenueWords = map[string]bool{
	"ieee": true, "acm": true, "proceedings": true, "proc": true, "journal": true, "transactions": true,
	"conference": true, "symposium": true, "workshop": true, "letters": true, "review": true, "reviews": true,
	"research": true, "systems": true, "databases": true, "record": true, "companion": true, "computers": true,
	"computing": true, "intelligence": true, "science": true, "sciences": true, "nature": true, "storage": true,
	"magazine": true, "annals": true, "bulletin": true, "frontiers": true, "international": true,
}

// mdMarkerYearVenue reads a year/venue marker written as a link or in
// brackets before a title: what rlYearVenue reads, and also one word and a
// year ("Elec_2021", "Math 2021").
func mdMarkerYearVenue(s string) (int, string, bool) {
	if y, v, ok := rlYearVenue(s); ok {
		return y, v, ok
	}
	if m := mdWordYearRe.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		if y := rlYear(m[2]); y != 0 {
			return y, m[1], true
		}
	}
	return 0, "", false
}

var mdPrefixYearTextRe = regexp.MustCompile(`^((?:19|20)\d\d)(?:\.\d{1,2})?(?:[-_ ]+([^\[\]()]{1,40}?))?[-_:\s]*$`)

var mdWordYearRe = regexp.MustCompile(`^(\p{L}[\p{L}&.]{0,15})[ _-]+((?:19|20)\d\d)$`)

// mdBadgeRe matches a shields.io badge URL: img.shields.io/badge/LABEL-MESSAGE-COLOR.
var mdBadgeRe = regexp.MustCompile(`img\.shields\.io/badge/([^)\s"<>?]+)`)

// mdBadgeYearVenue reads the venue and year of a publication badge
// ("![Publish](https://img.shields.io/badge/Conference-ICML'23-blue)"): a
// badge labelled Conference, Journal, Venue or Publish(ed) gives its
// message as the venue, with the year it names.
func mdBadgeYearVenue(text string) (int, string) {
	if !strings.Contains(text, "img.shields.io/badge/") {
		return 0, ""
	}
	for _, m := range mdBadgeRe.FindAllStringSubmatch(text, 8) {
		p := m[1]
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		// Shields escapes: "--" is "-", "__" is "_", "_" is a space.
		p = strings.ReplaceAll(p, "--", "\x00")
		parts := strings.Split(p, "-")
		if len(parts) < 2 {
			continue
		}
		label := strings.ToLower(strings.TrimSpace(parts[0]))
		switch label {
		case "conference", "journal", "venue", "publish", "published", "publication", "accepted":
		default:
			continue
		}
		msg := parts[1]
		msg = strings.ReplaceAll(msg, "__", "\x01")
		msg = strings.ReplaceAll(msg, "_", " ")
		msg = strings.ReplaceAll(msg, "\x01", "_")
		msg = strings.ReplaceAll(msg, "\x00", "-")
		msg = rlCleanSpace(msg)
		if y, v, ok := rlYearVenue(msg); ok {
			return y, mdCleanVenue(v)
		}
		year := 0
		if m := mdVenueYearRe.FindString(msg); m != "" {
			year = rlYear(strings.ReplaceAll(strings.TrimSpace(m), " ", ""))
		}
		return year, mdCleanVenue(msg)
	}
	return 0, ""
}

// mdAnalyze reads one item (the text after its list marker).
func mdAnalyze(text string, refs map[string]string) mdResult {
	return mdAnalyzeMode(text, refs, false)
}

// mdAnalyzeMode reads one item; in plain mode (a line of a text list) the
// title is taken as written: no flattened-marker stripping and no bold span
// taken for the title.
func mdAnalyzeMode(text string, refs map[string]string, plain bool) mdResult {
	return mdAnalyzeSegs(text, refs, plain, false)
}

// mdAnalyzeCell reads the title cell of a table row, where a line break
// (<br>) separates the title from what follows it (authors, notes).
func mdAnalyzeCell(text string, refs map[string]string) mdResult {
	return mdAnalyzeSegs(text, refs, false, true)
}

func mdAnalyzeSegs(text string, refs map[string]string, plain, cell bool) mdResult {
	var r mdResult
	segs := mdUnbracketLinks(mdInline(text, refs, 0))
	if !cell {
		for k := range segs {
			if segs[k].brk {
				segs[k] = mdSeg{text: " "} // a line break inside an item's title
			}
		}
	}
	r.year, r.venue = mdBadgeYearVenue(text)
	if r.venue == "" && !plain && (rlContainsFold(text, "*arxiv") || rlContainsFold(text, "_arxiv")) && mdArxivVenueRe.MatchString(text) {
		r.venue = "arXiv"
	}

	// Year/venue prefix, possibly a link ("[2018-CVPR](url)",
	// "[[NeuCom 2021](url)]"), and the list's tags before the title
	// ("**[R-CNN]**", "[__`BNN`__]").
	i := 0
	for ; i < len(segs); i++ {
		s := &segs[i]
		if s.bare {
			break
		}
		if s.link {
			if y, v, ok := mdMarkerYearVenue(mdStripEmphasis(s.text)); ok && r.year == 0 && r.venue == "" {
				r.year, r.venue = y, v
				s.text, s.link, s.bare = "", false, true
				continue
			}
			break
		}
		t := mdTrimLead(s.text)
		if i+1 < len(segs) && segs[i+1].link && r.year == 0 {
			// "2019-ICLR-[Title](url)", "2020.2-[Title](url)", "1995-Neural
			// Computation-[Title](url)": a year and venue before the title link.
			if !mdStartsWithYear(t) {
				// no year first
			} else if m := mdPrefixYearTextRe.FindStringSubmatch(t); m != nil {
				r.year, r.venue = rlYear(m[1]), strings.TrimSpace(m[2])
				s.text = ""
				continue
			}
		}
		if i > 0 || !strings.HasPrefix(t, "[") {
			// no reference number
		} else if m := mdRefNumRe.FindStringIndex(t); m != nil && m[1] < len(t) {
			t = t[m[1]:] // "[12] Authors, …", "[3]: Authors (2004).": the reference's number
		}
		for k := 0; k < 3; k++ {
			if m := mdPrefixTagRe.FindStringIndex(t); m != nil && strings.TrimSpace(mdStripEmphasis(t[m[1]:])) != "" {
				tag := strings.Trim(mdStripEmphasis(t[:m[1]]), " []")
				if y, v, ok := rlYearVenue(tag); ok {
					if r.year != 0 || r.venue != "" {
						break
					}
					r.year, r.venue = y, v // "**[CVPR 2017]**": a year/venue marker, not a tag
				}
				t = mdTrimLead(t[m[1]:])
				continue
			}
			u := strings.TrimLeft(t, "*_")
			if r0, _ := utf8.DecodeRuneInString(u); !strings.ContainsRune("[(（【", r0) {
				// no bracketed prefix
			} else if m := mdPrefixBracket(u); m != nil {
				if y, v, ok := mdBracketYearVenue(m[1]); ok && r.year == 0 && r.venue == "" {
					r.year, r.venue = y, v
					t = mdTrimLead(u[len(m[0]):])
					continue
				}
			}
			if !mdStartsWithYear(t) || r.year != 0 {
				// neither "2018-CVPR-" nor "2019 - " first
			} else if m := mdPrefixGluedRe.FindStringSubmatch(t); m != nil {
				if y, v, ok := rlYearVenue(m[1]); ok && y != 0 && v != "" {
					r.year, r.venue = y, v
					t = mdTrimLead(t[len(m[0]):])
					continue
				}
			} else if m := mdPrefixDashRe.FindStringSubmatch(t); m != nil {
				if y, v, ok := rlYearVenue(m[1]); ok && y != 0 {
					r.year, r.venue = y, v
					t = mdTrimLead(t[len(m[0]):])
					continue
				}
			}
			// "CVPR 2017: Title": the marker before the separator holds a
			// year (the rule below takes no marker without one).
			if head := t[:min(len(t), 124)]; !strings.ContainsAny(head, ":：|–—") || !strings.ContainsAny(head, "0123456789") {
				break
			}
			if m := mdPrefixColon(t); m != nil && r.year == 0 {
				if y, v, ok := rlYearVenue(m[1]); ok && y != 0 {
					r.year, r.venue = y, v
					t = mdTrimLead(t[len(m[0]):])
					continue
				}
			}
			break
		}
		s.text = t
		if strings.TrimSpace(mdStripEmphasis(t)) != "" {
			break
		}
	}

	// Links: identifiers, classes, markers.
	for _, s := range segs {
		if !s.link && !s.bare {
			continue
		}
		l := mdLink{url: s.url, text: s.text, info: rlInspectURL(s.url)}
		if s.bare {
			l.marker = true
		} else {
			l.marker = mdIsMarker(s.text)
		}
		if s.link && l.marker && mdPaperMarkers[mdMarkerKey(s.text)] {
			r.marker, r.paperLnk = true, true
		}
		rlMergeIDs(&r.ids, l.info.ids)
		if l.info.paper {
			r.paperURL = true
		}
		if s.url != "" {
			r.links = append(r.links, l)
		}
		if !l.marker && r.linkText == "" {
			r.linkText = rlCleanSpace(s.text)
		}
	}

	// Identifiers written in the text.
	for k := range segs {
		if segs[k].link || segs[k].bare {
			continue
		}
		if !rlMayHoldID(segs[k].text) {
			continue
		}
		ids, spans := rlTextIDs(segs[k].text)
		if ids.Empty() {
			continue
		}
		rlMergeIDs(&r.ids, ids)
		t := segs[k].text
		for n := len(spans) - 1; n >= 0; n-- {
			sp := spans[n]
			if sp[0] <= sp[1] && sp[1] <= len(t) {
				t = t[:sp[0]] + " " + t[sp[1]:]
			}
		}
		segs[k].text = t
	}

	// The title: a leading non-marker link's text, else the text (and
	// non-marker link texts) before the first marker link or URL.
	var title, desc strings.Builder
	// markAt is where the description's first resource link ("[pdf]",
	// "[code]") starts: what follows the links is a remark.
	markAt := -1
	addDesc := func(s mdSeg) {
		if markAt < 0 && (s.bare || s.link && mdIsMarker(s.text)) {
			markAt = desc.Len()
		}
		if !s.bare {
			desc.WriteString(s.text)
			desc.WriteByte(' ')
		}
	}
	fromText := false
	afterQuote := "" // the text after a quoted title that follows the authors
	first := -1
	for k, s := range segs {
		if s.link || s.bare || !mdBlankText(s.text) {
			first = k
			break
		}
	}
	if first >= 0 && segs[first].link && !mdIsMarker(segs[first].text) {
		lt := mdTrimLinkMarkers(segs[first].text)
		if m := mdPrefixBracket(strings.TrimSpace(lt)); m != nil && r.year == 0 && r.venue == "" {
			// "[[2018 ICLR] Mixup: Beyond …](url)": the title link's text
			// starts with the year/venue marker.
			if y, v, ok := mdBracketYearVenue(m[1]); ok && strings.TrimSpace(strings.TrimSpace(lt)[len(m[0]):]) != "" {
				r.year, r.venue = y, v
				lt = strings.TrimSpace(lt)[len(m[0]):]
			}
		}
		title.WriteString(lt)
		r.hasTitle = true
		for _, s := range segs[first+1:] {
			addDesc(s)
		}
	} else if first >= 0 {
		k := first
		for k < len(segs) && (segs[k].bare || segs[k].brk || segs[k].link && mdIsMarker(segs[k].text) ||
			!segs[k].link && mdBlank(segs[k].text)) {
			k++ // leading badges, marker links and breaks
		}
		fromText = true
		words := false // the title so far holds a word
		for ; k < len(segs); k++ {
			s := segs[k]
			if s.bare || s.link && mdIsMarker(s.text) || words && (s.brk || s.boxed || s.link && mdCodeURL(s.url)) {
				break
			}
			if s.link && words {
				// "Authors. 2002. [Title](url). In *Venue*.": the text before
				// the link is an author list, so the link names the paper.
				if y, ok := mdLeadAuthors(title.String()); ok {
					title.Reset()
					title.WriteString(s.text)
					r.hasTitle, fromText = true, false
					if r.year == 0 {
						r.year = y
					}
					r.authorsFirst = true
					k++
					break
				}
			}
			title.WriteString(s.text)
			words = words || !mdBlank(s.text)
		}
		for _, s := range segs[k:] {
			addDesc(s)
		}
	}
	t := title.String()
	d := desc.String()
	remarkLen := 0 // the length of d's tail from the first resource link on (d only grows at its front below)
	if markAt >= 0 {
		remarkLen = len(d) - markAt
	}
	if fromText && strings.Contains(t, "|") {
		// "Title | **[CVPR' 14]** |": fields after the title that are a
		// year/venue marker or empty are not title.
		fields := strings.Split(t, "|")
		n := len(fields)
		for n > 1 {
			f := strings.Trim(mdStripEmphasis(strings.TrimSpace(fields[n-1])), "[]() ")
			if f == "" {
				n--
				continue
			}
			if y, v, ok := rlYearVenue(f); ok {
				if r.year == 0 && r.venue == "" {
					r.year, r.venue = y, v
				}
				n--
				continue
			}
			break
		}
		if n < len(fields) {
			t = strings.Join(fields[:n], "|")
		}
	}

	if fromText && !plain {
		// A bold or italic span at the start is the title, unless a quoted
		// title follows it ("**AutoRT**: \"Title\", *arXiv, 2024*": the bold
		// span is the list's name for the paper).
		lead := strings.TrimSpace(t)
		var m []string
		emph := lead != "" && (lead[0] == '*' || lead[0] == '_')
		if emph {
			m = mdLeadEmphRe.FindStringSubmatch(lead)
		}
		if m == nil && emph {
			m = mdLeadEmphPunctRe.FindStringSubmatch(lead)
		}
		if m == nil && emph {
			if sm := mdLeadStrongRe.FindStringSubmatch(lead); sm != nil && mdWords(sm[1]+sm[2]) >= 3 {
				// "**Title of Three Words** ICML 2019 workshop."
				m = []string{sm[0][:len(sm[0])-len(sm[3])], sm[1], sm[2], "", ""}
			}
		}
		if qt, rest, ok := mdLeadQuoted(lead); ok {
			t, d = qt, rest+" "+d
			m = nil
		} else if m == nil {
			// "Sokar G, Agarwal R, et al. **Title**[C]//Venue": a bold
			// span after the authors is the title.
			if !strings.Contains(lead, "**") && !strings.Contains(lead, "__") {
				// no bold span
			} else if k := mdMidStrongRe.FindStringSubmatchIndex(lead); k != nil && k[0] > 0 && mdAuthorsBefore(lead[:k[0]]) {
				inner := lead[max(k[2], k[4]):max(k[3], k[5])]
				if mdWords(inner) >= 2 {
					t, d = inner, lead[k[1]:]+" "+d
				}
			}
		}
		if m != nil {
			inner := m[1] + m[2] + m[3] + m[4]
			if strings.TrimSpace(inner) != "" {
				d = strings.TrimSpace(t)[len(m[0]):] + " " + d
				t = inner
			}
		}
	}
	if fromText {
		// "Authors. “Title.” Venue": a quoted title after text.
		if !strings.ContainsAny(t, "\"“”") {
			// no quoted title
		} else if m := mdQuotedRe.FindStringSubmatchIndex(t); m != nil && m[0] > 0 {
			// The text before the quote is the authors: it ends a sentence
			// or a list ("Han et al. “Title.”", "Han, S., “Title”",
			// "Aiyagari, S. Rao (1994): “Title,”").
			before := t[:m[0]]
			lead := strings.TrimRight(mdStripEmphasis(before), " \t")
			// A short quoted title needs the IEEE comma inside its
			// quotes ("Mask R-CNN,") or authors before it.
			q := strings.TrimSpace(t[m[2]:m[3]])
			if strings.IndexFunc(before, unicode.IsLetter) >= 0 && (strings.HasSuffix(lead, ".") || strings.HasSuffix(lead, ",") || strings.HasSuffix(lead, "):")) &&
				(mdWords(q) >= 3 || strings.HasSuffix(q, ",") || strings.HasSuffix(q, ".") || mdAuthorsBefore(before)) {
				afterQuote = t[m[1]:] + " " + d
				d = before + " " + afterQuote
				t = t[m[2]:m[3]]
			}
		}
	}
	t = mdStripEmphasis(t)
	if fromText {
		// "Han, S., & Dally, W. (2016). Title. Venue" (APA) and "Han S,
		// Dally WJ. Title. Venue" (Vancouver): authors before the title.
		if !strings.Contains(t, ". ") && !strings.Contains(t, ".\n") {
			// no authors before a full stop
		} else if title, year, rest, ok := mdSplitACM(rlCleanSpace(t)); ok {
			t, d = title, rest+" "+d
			if r.year == 0 {
				r.year = year
			}
			if r.venue == "" {
				r.venue = mdACMVenue(rest)
			}
		} else if title, year, rest, ok := mdSplitLeadAuthors(rlCleanSpace(t)); ok {
			t, d = title, rest+" "+d
			if r.year == 0 {
				r.year = year
			}
			if r.venue == "" && !mdItalicRe.MatchString(rest) {
				r.venue = mdAPAVenue(rest) // "In Proceedings of the IEEE CVPR (pp. 1-9)."
			}
		}
	}
	if fromText {
		// "Title[J]. Nature, 2024" (GB/T 7714): the document-type code ends
		// the title; the venue and year follow it.
		gbt := false
		if k := mdGBTCode(t); k != nil && k[0] > 0 {
			d = t[k[1]:] + " " + d
			t, gbt = t[:k[0]], true
		} else if k := mdGBTCode(d); k != nil && strings.TrimSpace(d[:k[0]]) == "" {
			d, gbt = d[k[1]:], true // "**Title**[J]. Venue": the code after a bold title
		}
		if gbt && r.venue == "" {
			y, v := mdGBTVenue(d)
			r.venue = v
			if r.year == 0 {
				r.year = y
			}
		}
	}
	if fromText && !plain {
		var mk bool
		t, mk = mdStripMarkers(t)
		r.marker = r.marker || mk
	}
	t = strings.TrimRight(rlCleanSpace(t), " ,;|–—")

	// Year/venue suffix.
	if r.year == 0 {
		if !mdEndsInBracket(t) {
			// no bracket at the end
		} else if m := mdSuffixBracketRe.FindStringSubmatchIndex(t); m != nil {
			if y, v, ok := mdBracketYearVenue(t[m[2]:m[3]]); ok {
				r.year, r.venue = y, v
				t = t[:m[0]]
			}
		}
	}
	if r.year == 0 {
		if !mdEndsInYear(t) {
			// no venue and year at the end
		} else if m := mdSuffixVenue(t); m != nil {
			if y, v, ok := rlYearVenue(t[m[1]:m[2]]); ok && y != 0 && v != "" && mdVenueStrict(v) {
				r.year, r.venue = y, v
				t = t[:m[0]]
			}
		}
	}
	if r.year == 0 {
		// "Title (2016), J. Chung et al.": a bracketed year before authors.
		if !strings.ContainsAny(t, "([") {
			// no bracketed year
		} else if m := mdBracketAuthorsRe.FindStringSubmatchIndex(t); m != nil && m[0] > 0 {
			rest := t[m[4]:m[5]]
			if y, v, ok := rlYearVenue(t[m[2]:m[3]]); ok && y != 0 && (mdAuthorList(rest) || mdNameLike(rest)) {
				r.year, r.venue = y, v
				d = rest + " " + d
				t = t[:m[0]]
			}
		}
	}
	commaYear := false // "Title, Authors, 2015"
	if r.year == 0 {
		if m := mdSuffixYearRe.FindStringSubmatchIndex(t); m != nil {
			r.year = rlYear(t[m[2]:m[3]])
			t = t[:m[0]]
			commaYear = true
		}
	}
	if fromText {
		if !plain {
			var mk bool
			t, mk = mdStripMarkers(t)
			r.marker = r.marker || mk
		}
		var rest string
		t, rest = mdSplitAuthors(t)
		d = rest + " " + d
		t = mdSplitCommaAuthors(t, commaYear)
	}
	t = mdUnquoteTitle(mdTrimTitle(t))
	if t != "" && (r.hasTitle || fromText) {
		r.hasTitle = true
	} else if t == "" {
		r.hasTitle = false
	}
	if t == "" && r.linkText != "" && !r.hasTitle {
		// No text before the links: the first non-marker link names the item.
		t = mdTrimTitle(mdStripEmphasis(r.linkText))
		r.hasTitle = t != ""
	}

	// An italic span after the title is the venue ("*NIPS Workshop*, 2015",
	// "In *Proceedings of ACL 2002*").
	if r.venue == "" && !plain {
		if !strings.ContainsAny(d, "*_") {
			// no italic span
		} else if m := mdItalicRe.FindStringSubmatchIndex(d); m != nil {
			span := d[max(m[2], m[4]):max(m[3], m[5])]
			// After the item's [pdf]/[code] links an italic span is a
			// remark ("*AcademiCodec*", "*code coming soon*"), unless it
			// is dated ("*IEEE Access*, 2019").
			remark := remarkLen > 0 && m[0] >= len(d)-remarkLen && !mdDescYearRe.MatchString(span) &&
				!mdYearNextRe.MatchString(d[m[1]:])
			if v := mdCleanVenue(span); !remark && v != "" && utf8.RuneCountInString(v) <= 120 && !mdBlank(v) &&
				!mdAuthorsLike(v) {
				r.venue = v
				if r.year == 0 {
					r.year = mdOneYear(span)
				}
			}
		}
	}
	// "K. He et al., “Title,” Commun. ACM, vol. 60, pp. 84–90, 2017": the
	// venue of a reference follows its quoted title.
	if r.venue == "" && afterQuote != "" {
		r.venue = mdRefVenue(afterQuote)
	}
	// "Keynes, J. M. (1936). [Title](url) Palgrave Macmillan.": after an
	// authors-first title link, the text up to its first full stop.
	if r.venue == "" && r.authorsFirst && !plain {
		r.venue = mdAPAVenue(strings.TrimSpace(d))
	}
	// Year in the rest of the line.
	if r.year == 0 {
		r.yearFromDesc = true
		dd := mdStripEmphasis(d)
		if strings.ContainsAny(dd, "0123456789") {
			dd = mdMonthYearRe.ReplaceAllString(dd, "$1") // "arXiv, Apr 2023"
		}
		if m := mdDescVenueRe.FindStringSubmatch(dd); m != nil && rlVenueLike(m[1]) {
			r.year, r.venue = rlYear(m[2]), m[1]
		} else if m := mdDescYearRe.FindStringSubmatch(dd); m != nil {
			r.year = rlYear(m[1])
		}
		r.yearFromDesc = r.year != 0
	}
	r.title = t
	if !plain && (r.venue != "" && mdTalkish(r.venue) && mdTalkRe.MatchString(r.venue) || fromText && mdTalkish(t) && mdTalkLeadRe.MatchString(t)) {
		r.talk = true
	}
	return r
}

// mdMidStrongRe matches a bold span (m[2:4] or m[4:6] is its text).
var mdMidStrongRe = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)

// mdAuthorsBefore reports whether the text before a title is an author
// list: "Sokar G, Agarwal R, Castro P S, et al.", "K. He, X. Zhang, and
// J. Sun,", "Kishore Papineni and Salim Roukos.".
func mdAuthorsBefore(s string) bool {
	s = strings.TrimSpace(mdStripEmphasis(s))
	s = strings.TrimRight(s, " ,.:;")
	if s == "" || len(s) > 600 {
		return false
	}
	if strings.HasSuffix(s, "et al") {
		return true
	}
	if mdNamesOK(s) || mdInvertedNameRe.MatchString(s) {
		return true
	}
	n := 0
	for _, a := range strings.Split(s, ",") {
		a = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(a), "and "))
		if a == "" {
			continue
		}
		if !mdVancouverRe.MatchString(a) {
			return false
		}
		n++
	}
	return n > 0
}

// mdUnquoteTitle removes the quotes around a title that is wholly quoted
// ("“Do the Rich Save More?”", "\"The General Theory.\""), with the
// punctuation inside the closing quote.
func mdUnquoteTitle(t string) string {
	if len(t) < 3 || !strings.ContainsAny(t[:1], "\"“") && !strings.HasPrefix(t, "“") {
		return t
	}
	inner := ""
	switch {
	case strings.HasPrefix(t, `"`) && strings.HasSuffix(t, `"`):
		inner = t[1 : len(t)-1]
	case strings.HasPrefix(t, "“") && strings.HasSuffix(t, "”"):
		inner = t[len("“") : len(t)-len("”")]
	default:
		return t
	}
	if strings.ContainsAny(inner, "\"“”") || mdWords(inner) == 0 {
		return t // "\"A\" and \"B\"": quotes inside the title
	}
	return mdTrimTitle(inner)
}

// mdRefNumRe matches the number before a numbered reference: "[12] ",
// "[3]: " (one to three digits: "[2018]" is a year).
var mdRefNumRe = regexp.MustCompile(`^\[\d{1,3}\]:?\s+`)

// mdInvertedNameRe matches one author written surname first: "Auclert,
// Adrien", "Blanchard, Olivier J.".
var mdInvertedNameRe = regexp.MustCompile(`^\p{Lu}[\p{L}'’-]+,\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2}$`)

// mdGBTCodeRe matches a GB/T 7714 document-type code after a title:
// "[J]" (journal), "[C]//" (in proceedings), "[M]", "[D]", "[EB/OL]".
var mdGBTCodeRe = regexp.MustCompile(`^\[(?:J|C|M|D|R|P|S|N|A|Z|G|K|EB/OL|[JMC]/OL|DB/OL)\](?://)?`)

// mdGBTCode returns the span of the first GB/T 7714 type code in s (with
// the space before it), or nil.
func mdGBTCode(s string) []int {
	for off := 0; ; {
		i := strings.IndexByte(s[off:], '[')
		if i < 0 {
			return nil
		}
		i += off
		if m := mdGBTCodeRe.FindStringIndex(s[i:]); m != nil {
			start := i
			for start > 0 && (s[start-1] == ' ' || s[start-1] == '\t') {
				start--
			}
			return []int{start, i + m[1]}
		}
		off = i + 1
	}
}

// mdGBTVenue reads what follows a GB/T 7714 type code: ". Nature, 2024,
// 632(8026): 768-774", "//International Conference on Machine Learning.
// PMLR, 2023: 32145", ". arXiv preprint arXiv:2211.10445, 2022".
func mdGBTVenue(s string) (year int, venue string) {
	s = strings.TrimLeft(mdStripEmphasis(s), " ./")
	if m := mdDescYearRe.FindStringSubmatch(s); m != nil {
		year = rlYear(m[1])
	}
	end := len(s)
	for _, sep := range []string{". ", ", ", "[", "(", ":"} {
		if i := strings.Index(s, sep); i >= 0 && i < end {
			end = i
		}
	}
	v := rlTextArxivRe.ReplaceAllString(s[:end], "")
	return year, mdCleanVenue(v)
}

// rlTextArxivRe matches an arXiv id written in text ("arXiv:2211.10445").
var rlTextArxivRe = regexp.MustCompile(`(?i)\barxiv:\s*\d{4}\.\d{4,5}(?:v\d+)?`)

// mdLeadStrongRe matches a bold span at the start followed by more text
// after a space; m[3] is the text after the space.
var mdLeadStrongRe = regexp.MustCompile(`^(?:\*\*([^*]+)\*\*|__([^_]+)__)\s+(\S.*)$`)

// mdLeadTagRe matches a short bold tag before a title: "**AutoRT**:",
// "**[LLaRP]**", "__Matcha__ -".
var mdLeadTagRe = regexp.MustCompile(`^(?:\*\*[^*]{1,40}\*\*|__[^_]{1,40}__)\s*[:：\-–—]?\s*`)

// mdLeadQuoted reads an item that starts with a quoted title, maybe after
// a short bold tag: "\"Title\", *arXiv, Dec 2023*", "**SayPlan**: \"Title\"".
// It returns the title and the text after the closing quote.
func mdLeadQuoted(t string) (title, rest string, ok bool) {
	if m := mdLeadTagRe.FindStringIndex(t); m != nil {
		t = t[m[1]:]
	}
	var closer string
	switch {
	case strings.HasPrefix(t, `"`):
		closer, t = `"`, t[1:]
	case strings.HasPrefix(t, "“"):
		closer, t = "”", t[len("“"):]
	default:
		return "", "", false
	}
	end := strings.Index(t, closer)
	if end < 0 && closer == "”" {
		end = strings.Index(t, `"`)
		closer = `"`
	}
	if end <= 0 {
		return "", "", false
	}
	inner := strings.TrimSpace(t[:end])
	rest = t[end+len(closer):]
	// The quote closes the title when punctuation ends it or follows it;
	// "\"Quoted\" Title with Braces" goes on after the quote.
	if next, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " \t")); next != utf8.RuneError &&
		!strings.ContainsRune(",.;:([*_|<-–—", next) && !strings.HasSuffix(inner, ",") && !strings.HasSuffix(inner, ".") {
		return "", "", false
	}
	title = strings.TrimRight(inner, ",.;")
	if mdWords(title) == 0 {
		return "", "", false
	}
	return title, rest, true
}

// mdRefVenue reads the venue written after a reference's quoted title:
// "in Proc. ICCV, 2017.", "Commun. ACM, vol. 60, no. 6, pp. 84–90, 2017.",
// ", Kaggle, 2021.". It is the text up to the first comma or full stop
// before volume, number, pages, a date or a link.
func mdRefVenue(s string) string {
	s = strings.TrimLeft(mdStripEmphasis(s), " ,.;:")
	if len(s) > 3 && strings.EqualFold(s[:3], "in ") {
		s = s[3:]
	}
	if k := mdRefVenueEndRe.FindStringIndex(s); k != nil {
		s = s[:k[0]]
	} else {
		return ""
	}
	v := mdCleanVenue(s)
	if v == "" || utf8.RuneCountInString(v) > 120 || mdAuthorsLike(v) || !unicode.IsUpper([]rune(v)[0]) {
		return ""
	}
	return v
}

// mdAPAVenue reads the venue after an APA or Vancouver title: "In
// Proceedings of the IEEE conference (pp. 2691-2699).", "arXiv preprint
// arXiv:1708.02862.", "Nature, 521(7553), 436-444.": the text up to the
// pages, volume, identifier or first full stop.
func mdAPAVenue(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "in ") {
		s = s[3:]
	}
	if k := mdAPAVenueEndRe.FindStringIndex(s); k != nil {
		s = s[:k[0]]
	}
	v := mdCleanVenue(s)
	if v == "" || utf8.RuneCountInString(v) > 120 || mdAuthorsLike(v) || !unicode.IsUpper([]rune(v)[0]) && !rlKnownVenues[strings.ToLower(strings.Fields(v)[0])] {
		return ""
	}
	return v
}

var mdAPAVenueEndRe = regexp.MustCompile(`(?i)\s*\((?:pp|vol|p)\b|,\s*\d|\s+arxiv:|\.(?:\s|$)|\s+doi\b|\s+https?:`)

// mdRefVenueEndRe matches where a reference's venue ends: before its
// volume, number, pages, year or link.
var mdRefVenueEndRe = regexp.MustCompile(`(?i)(?:,\s*(?:vol\.|no\.|pp\.|p\.|(?:19|20)\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s|\d)|\.\s+(?:\[|available|doi|https?:|arxiv|(?:19|20)\d\d)|\s+\((?:19|20)\d\d\))`)

// mdSuffixVenue finds a "Venue 2017", "Venue'17" or "Venue, 2017" marker
// that ends a title (after a separator, before an optional full stop): it
// returns the start of the separator and the marker's span, or nil. It
// matches what the regular expression
//
//	[\s,;.]+((?:[A-Za-z][\w&-]{0,15}[\s,]*(?:'|’)?\d{2}|[A-Za-z][\w&-]{0,15}[\s,]*(?:19|20)\d\d))\s*\.?$
//
// matches, without its backtracking.
func mdSuffixVenue(t string) []int {
	e := len(t)
	if e > 0 && t[e-1] == '.' {
		e--
	}
	for e > 0 && mdRE2Space(t[e-1]) {
		e--
	}
	try := func(ys int) []int {
		j := ys
		if j >= 1 && t[j-1] == '\'' {
			j--
		} else if j >= len("’") && t[j-len("’"):j] == "’" {
			j -= len("’")
		}
		for j > 0 && (mdRE2Space(t[j-1]) || t[j-1] == ',') {
			j--
		}
		k := j
		for k > 0 && (mdWordChar(t[k-1]) || t[k-1] == '&' || t[k-1] == '-') {
			k--
		}
		if k == j || j-k > 16 || !(t[k]|0x20 >= 'a' && t[k]|0x20 <= 'z') || k == 0 {
			return nil
		}
		s := k
		for s > 0 && (mdRE2Space(t[s-1]) || t[s-1] == ',' || t[s-1] == ';' || t[s-1] == '.') {
			s--
		}
		if s == k {
			return nil // no separator before the venue
		}
		return []int{s, k, e}
	}
	if e >= 2 && rlDigitByte(t[e-1]) && rlDigitByte(t[e-2]) {
		if m := try(e - 2); m != nil {
			return m
		}
	}
	if e >= 4 && mdStartsWithYear(t[e-4:e]) {
		return try(e - 4)
	}
	return nil
}

// mdRE2Space reports whether c is a space as RE2's \s sees it.
func mdRE2Space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// mdPrefixBracket reads a bracket that starts s: "[2018-CVPR]",
// "(NAACL'21)", "【202403】". It returns the bracket and its text, spaces
// trimmed, as [whole, text] (nil when s starts with none): what
// ^[\[(（【]\s*([^\[\]()（）【】]{1,48}?)\s*[\])）】] matches.
func mdPrefixBracket(s string) []string {
	r, n := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune("[(（【", r) || s == "" {
		return nil
	}
	for i := n; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch c {
		case '[', '(', '（', '【':
			return nil
		case ']', ')', '）', '】':
			content := s[n:i]
			inner := strings.TrimRight(strings.TrimLeft(content, " \t\n\f\r"), " \t\n\f\r")
			if inner == "" {
				if content == "" {
					return nil
				}
				inner = content[len(content)-1:] // "[ ]": one space is the text
			}
			if utf8.RuneCountInString(inner) > 48 {
				return nil
			}
			return []string{s[:i+size], inner}
		}
		i += size
	}
	return nil
}

// mdPrefixColon reads a marker before a separator that starts s: "CVPR
// 2017: Title", "2019 | Title". It returns [whole, marker] (the marker up
// to 30 characters, no colon or bracket), or nil: what
// ^([^:：\[\]()]{1,30})\s*[:：|–—]\s+ matches.
func mdPrefixColon(s string) []string {
	var ends [31]int // byte offsets after 1..30 runes of the marker
	k := 0
	for i := 0; i < len(s) && k < 30; {
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == ':' || c == '：' || c == '[' || c == ']' || c == '(' || c == ')' {
			break
		}
		i += size
		k++
		ends[k] = i
	}
	for ; k >= 1; k-- { // the longest marker first, as the greedy pattern
		j := ends[k]
		for j < len(s) && mdRE2Space(s[j]) {
			j++
		}
		c, size := utf8.DecodeRuneInString(s[j:])
		if j >= len(s) || !strings.ContainsRune(":：|–—", c) {
			continue
		}
		j += size
		if j >= len(s) || !mdRE2Space(s[j]) {
			continue
		}
		for j < len(s) && mdRE2Space(s[j]) {
			j++
		}
		return []string{s[:j], s[:ends[k]]}
	}
	return nil
}

// mdStartsWithYear reports whether s starts with "19" or "20" and two more
// digits.
func mdStartsWithYear(s string) bool {
	return len(s) >= 4 && (s[0] == '1' && s[1] == '9' || s[0] == '2' && s[1] == '0') && rlDigitByte(s[2]) && rlDigitByte(s[3])
}

// mdEndsInBracket reports whether s ends with a closing bracket, maybe
// followed by a full stop (what mdSuffixBracketRe needs).
func mdEndsInBracket(s string) bool {
	s = strings.TrimRight(s, " \t.")
	return strings.HasSuffix(s, ")") || strings.HasSuffix(s, "]") || strings.HasSuffix(s, "）") || strings.HasSuffix(s, "】")
}

// mdYearNextRe matches text that starts with a year: ", 2019".
var mdYearNextRe = regexp.MustCompile(`^[\s,.;:]*(?:19|20)\d\d\b`)

// mdTalkLeadRe matches an item that starts by saying it is a tutorial or
// slides ("Tutorial on [Multilingual NMT](…) at COLING 2020").
var mdTalkLeadRe = regexp.MustCompile(`(?i)^(?:tutorials?|slides|keynote)\b`)

// mdLeadEmphRe matches a bold or italic span at the start of an item that
// is followed by a separator ("**Title**, Authors", "*Title*. Venue").
// mdLeadEmphPunctRe matches a bold span that ends with its own punctuation
// ("**FitNets: Hints for Thin Deep Nets.** Romero et al.").
var mdLeadEmphPunctRe = regexp.MustCompile(`^(?:\*\*([^*]+[.,:;])\*\*|__([^_]+[.,:;])__|\*([^*]+[.,:;])\*|_([^_]+[.,:;])_)\s`)

var mdLeadEmphRe = regexp.MustCompile(`^(?:\*\*([^*]+)\*\*|__([^_]+)__|\*([^*]+)\*|_([^_]+)_)(?:\s*[.,:;(\[|–—-]|\s+(?:by|in|from)\s|\s*$)`)

// mdTrimLead trims leading white space and emoji, and emphasis markers
// that close a span ("** Title" after "**[CVPR 2017]").
func mdTrimLead(s string) string {
	for {
		t := strings.TrimLeftFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.Is(unicode.So, r) || r == 0xFE0F || r == 0x200D
		})
		u := strings.TrimLeft(t, "*_~")
		if u != t && (u == "" || u[0] == ' ' || u[0] == '\t') {
			t = u
		}
		if t == s {
			return s
		}
		s = t
	}
}

// mdVenueStrict accepts a venue written after a title without brackets:
// a known venue or an all-capitals acronym ("CVPR", "TPAMI"), so that a
// title ending in "ImageNet 2012" keeps its words.
func mdVenueStrict(v string) bool {
	for _, w := range strings.Fields(v) {
		w = strings.Trim(w, "-_.,:;'’")
		if rlKnownVenues[strings.ToLower(w)] {
			continue
		}
		letters := 0
		for _, r := range w {
			if r >= 'a' && r <= 'z' {
				return false
			}
			if r >= 'A' && r <= 'Z' {
				letters++
			}
		}
		if letters < 2 {
			return false
		}
	}
	return true
}

// mdStripEmphasis removes Markdown emphasis: "**", "__", "~~" everywhere,
// "*" except between spaces, and "_" at word boundaries (so "F_1" keeps it).
func mdStripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_~") {
		return s
	}
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "__", "")
	s = strings.ReplaceAll(s, "~~", "")
	rs := []rune(s)
	lone := strings.Count(s, "*") == 1 // a single "*" opens no span: a character ("Rodimus*")
	var b strings.Builder
	for i, r := range rs {
		if r == '*' && lone {
			b.WriteRune(r)
			continue
		}
		if r == '*' || r == '_' {
			prevWord := i > 0 && (unicode.IsLetter(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextWord := i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1]))
			prevSpace := i == 0 || unicode.IsSpace(rs[i-1])
			nextSpace := i+1 == len(rs) || unicode.IsSpace(rs[i+1])
			if r == '*' && !(prevSpace && nextSpace) {
				continue
			}
			if r == '_' && !(prevWord && nextWord) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdFlatMarkers are the words a flattened list leaves after a title where
// its links were ("paper", "code", "papercode", "pdf", "project", "github");
// they are removed only in lower case (a title's own "Paper" is capitalised)
// or in brackets ("[PDF]").
var mdFlatMarkers = map[string]bool{
	"paper": true, "code": true, "papercode": true, "pdf": true, "project": true, "github": true,
}

// mdGlued are the markers that can be glued to the title's last word
// ("Networkspaper"), and mdGluedKeep the words that legitimately end so.
var (
	mdGlued     = []string{"papercode", "paper", "pdf", "PaperCode", "Paper", "PDF"}
	mdGluedKeep = map[string]bool{
		"whitepaper": true, "newspaper": true, "wallpaper": true, "sandpaper": true, "notepaper": true,
		"flypaper": true, "wastepaper": true, "paper": true, "papercode": true, "pdf": true, "greypaper": true,
		"graypaper": true, "bluepaper": true, "yellowpaper": true, "toiletpaper": true, "rpdf": true, "epdf": true,
	}
)

// mdStripMarkers removes a trailing marker sequence from a title whose
// links were flattened into words, and reports whether a paper marker
// ("paper", "pdf") was among them. A title that would become empty is
// returned unchanged.
func mdStripMarkers(t string) (string, bool) {
	orig := t
	// Most titles end in a plain word: look at the last one first.
	tt := strings.TrimRight(t, " \t\n\r")
	last := strings.TrimRight(tt[strings.LastIndexAny(tt, " \t\n\r")+1:], ",;|/")
	if last != "" && last != "-" && last != "–" && last != "·" && !strings.ContainsAny(last[:1], "[(") && !mdFlatMarkers[last] {
		glued := false
		for _, g := range mdGlued {
			glued = glued || strings.HasSuffix(last, g)
		}
		if !glued {
			return orig, false
		}
	}
	words := strings.Fields(t)
	paper := false
	n := len(words)
	for n > 0 {
		w := words[n-1]
		w = strings.TrimRight(w, ",;|/")
		if w == "" || w == "-" || w == "–" || w == "|" || w == "/" || w == "·" {
			n--
			continue
		}
		bracketed := len(w) > 2 && (w[0] == '[' && w[len(w)-1] == ']' || w[0] == '(' && w[len(w)-1] == ')')
		key := w
		if bracketed {
			key = strings.ToLower(w[1 : len(w)-1])
		}
		if mdFlatMarkers[key] {
			if key == "paper" || key == "pdf" || key == "papercode" {
				paper = true
			}
			n--
			continue
		}
		// Glued to the last title word: "Networkspaper", "Accuracypaper".
		for _, g := range mdGlued {
			if !strings.HasSuffix(w, g) || len(w) == len(g) || mdGluedKeep[strings.ToLower(w)] {
				continue
			}
			prev, _ := utf8.DecodeLastRuneInString(w[:len(w)-len(g)])
			if prev == '-' || prev == '/' || prev == '_' {
				continue
			}
			if g[0] >= 'A' && g[0] <= 'Z' && !unicode.IsLower(prev) {
				continue // "QRPaper": not a camel hump
			}
			words[n-1] = strings.TrimSuffix(words[n-1], g)
			paper = true
			break
		}
		break
	}
	if n == 0 {
		return orig, false
	}
	if n == len(words) && !paper {
		return orig, false
	}
	return strings.Join(words[:n], " "), paper
}

var (
	mdAPARe        = regexp.MustCompile(`^(.{2,400}?)\s*\(((?:1[6-9]|20)\d\d)[a-z]?(?:,\s*[A-Za-z]+\.?(?:\s+\d{1,2})?)?\)\.?\s+(.+)$`)
	mdVancouverRe  = regexp.MustCompile(`^\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|van|von|de|der|den|da|di|le|la|del))*(?:\s+\p{Lu}{1,3}){1,3}$`)
	mdLeadInitRe   = regexp.MustCompile(`(?:^|[\s,])\p{Lu}\.`)
	mdSentenceEnds = []string{". ", "? ", "! "}
)

// mdSplitLeadAuthors reads a reference that starts with its authors: APA
// "Authors (2016). Title. Rest" (authors with initials, "&" or "et al.")
// or Vancouver "Surname AB, Surname C. Title. Rest". It returns the title,
// the year (0 if none) and the rest.
func mdSplitLeadAuthors(t string) (title string, year int, rest string, ok bool) {
	if !strings.Contains(t, ". ") {
		return "", 0, "", false // both forms end the authors with a full stop
	}
	if !strings.Contains(t, "(1") && !strings.Contains(t, "(20") {
		// not APA: only Vancouver is possible
	} else if m := mdAPARe.FindStringSubmatch(t); m != nil {
		low := strings.ToLower(m[1])
		if mdLeadInitRe.MatchString(m[1]) || strings.Contains(low, "et al") || strings.Contains(m[1], "&") {
			title, rest = mdFirstSentence(m[3])
			if len(strings.Fields(title)) >= 2 {
				return title, rlAuthorYear(m[2]), rest, true
			}
		}
	}
	i := strings.Index(t, ". ")
	if i <= 0 || i > 300 {
		return "", 0, "", false
	}
	authors := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t[:i]), "et al"))
	authors = strings.TrimRight(authors, ", ")
	for _, a := range strings.Split(authors, ",") {
		if !mdVancouverRe.MatchString(strings.TrimSpace(a)) {
			return "", 0, "", false
		}
	}
	title, rest = mdFirstSentence(t[i+2:])
	if len(strings.Fields(title)) < 2 {
		return "", 0, "", false
	}
	return title, 0, rest, true
}

var (
	// mdACMRe matches the ACM Reference Format: "Authors. 2017. Title.
	// Venue volume, issue (date), pages. DOI".
	mdACMRe = regexp.MustCompile(`^(.{2,400}?)\.\s+((?:1[6-9]|20)\d\d)[a-z]?\.\s+(.+)$`)
	// mdACMNameRe matches one author name of it: "Burton H. Bloom",
	// "Patrick O'Neil", "Thanumalayan Sankaranarayana Pillai", "Ł. Kaiser".
	mdACMNameRe = regexp.MustCompile(`^(?:and\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|da|di|le|la|del)){1,4}$`)
	// mdACMVolumeRe matches where a journal's name ends in it: before the
	// volume ("Commun. ACM 13, 7 (July 1970)", "Acta Informatica 33, 4").
	mdACMVolumeRe = regexp.MustCompile(`\s+\d+(?:,|\s+\()`)
	// mdArxivClassRe matches an arXiv primary class in brackets ("[cs.DB]",
	// "[hep-th]") as a citation of an arXiv paper ends.
	mdArxivClassRe = regexp.MustCompile(`^\[(?:[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z-]+)?)\]\.?$`)
)

// mdSplitACM splits a reference in the ACM Reference Format ("Leslie
// Lamport. 1978. Time, Clocks, and the Ordering of Events in a Distributed
// System. Commun. ACM 21, 7 (July 1978), 558–565.") into its title, year
// and the rest: the authors are names separated by commas and "and",
// the year stands alone between full stops.
func mdSplitACM(t string) (title string, year int, rest string, ok bool) {
	if !strings.Contains(t, ". 1") && !strings.Contains(t, ". 20") {
		return "", 0, "", false
	}
	m := mdACMRe.FindStringSubmatch(t)
	if m == nil {
		return "", 0, "", false
	}
	for _, a := range strings.Split(strings.TrimSuffix(strings.TrimSpace(m[1]), " et al"), ",") {
		if a = strings.TrimSpace(a); a != "" && !mdACMNameRe.MatchString(a) {
			for _, b := range strings.Split(a, " and ") {
				if !mdACMNameRe.MatchString(strings.TrimSpace(b)) {
					return "", 0, "", false
				}
			}
		}
	}
	title, rest = mdFirstSentence(m[3])
	if len(strings.Fields(title)) < 2 {
		return "", 0, "", false
	}
	year, _ = strconv.Atoi(m[2])
	return title, year, rest, true
}

// mdACMVenue reads the venue of an ACM reference's rest: "In Proceedings
// of … (SIGMOD '17). Publisher, …" up to the closing parenthesis or the
// first full stop, "Commun. ACM 21, 7 (…)" up to the volume, "arXiv:ID"
// as arXiv.
func mdACMVenue(rest string) string {
	s := strings.TrimSpace(rest)
	if len(s) > 5 && strings.EqualFold(s[:5], "arxiv") || mdArxivClassRe.MatchString(s) {
		return "arXiv" // "arXiv:1712.01208 [cs.DB]", or its class once the id is read
	}
	if len(s) > 3 && strings.EqualFold(s[:3], "in ") {
		s = s[3:]
		if k := strings.Index(s, "). "); k >= 0 {
			s = s[:k+1]
		} else if k := strings.Index(s, ". "); k >= 0 {
			s = s[:k]
		} else {
			s = strings.TrimSuffix(s, ".")
		}
	} else if k := mdACMVolumeRe.FindStringIndex(s); k != nil {
		s = s[:k[0]]
	} else {
		return ""
	}
	v := rlCleanSpace(s)
	if v == "" || utf8.RuneCountInString(v) > 160 || !unicode.IsUpper([]rune(v)[0]) && !unicode.IsDigit([]rune(v)[0]) {
		return ""
	}
	return v
}

// mdFirstSentence cuts s after its first sentence: at a ". ", "? " or "! "
// that does not follow an initial or a one-letter word.
func mdFirstSentence(s string) (string, string) {
	for off := 0; off < len(s); {
		best := -1
		for _, e := range mdSentenceEnds {
			if i := strings.Index(s[off:], e); i >= 0 && (best < 0 || i < best) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		i := off + best
		word := s[strings.LastIndexByte(s[:i], ' ')+1 : i]
		if s[i] != '.' || utf8.RuneCountInString(word) > 1 && !strings.Contains(word, ".") {
			end := i
			if s[i] != '.' {
				end++ // keep "?" and "!"
			}
			return s[:end], s[i+2:]
		}
		off = i + 2
	}
	return s, ""
}

// mdSplitAuthors cuts "Title. A. Author, B. Author. Venue" after the title
// when a sentence after a ". " is an author list, returning the title and
// the rest.
func mdSplitAuthors(t string) (string, string) {
	for off, tries := 0, 0; off < len(t) && tries < 8; tries++ {
		i := strings.Index(t[off:], ". ")
		if i < 0 {
			break
		}
		i += off
		// Not after an initial ("J. Smith", "L.K. Hansen").
		word := t[strings.LastIndexByte(t[:i], ' ')+1 : i]
		if utf8.RuneCountInString(word) > 1 && !strings.Contains(word, ".") && mdAuthorList(t[i+2:]) {
			return t[:i], t[i+2:]
		}
		off = i + 2
	}
	return t, ""
}

// mdSplitCommaAuthors cuts "Title, Hinton, Geoffrey and Vinyals, Oriol"
// after the title: the title is kept up to a tail of at least three
// comma-separated name-like parts joined by at least two "and"s (or with
// "et al."). Two-author tails are left alone: they cannot be told from a
// title's list of capitalised topics.
func mdSplitCommaAuthors(t string, beforeYear bool) string {
	parts := strings.Split(t, ", ")
	if beforeYear && len(parts) >= 2 {
		// "Title, Geoffrey Hinton, Oriol Vinyals, 2015": full names (two to
		// four capitalised words or initials) between the title and a year.
		k, initial := len(parts), false
		for k > 1 && mdPersonLike(parts[k-1]) {
			initial = initial || mdInitialRe.MatchString(parts[k-1])
			k--
		}
		if n := len(parts) - k; n >= 2 || n == 1 && initial {
			return strings.Join(parts[:k], ", ")
		}
	}
	if len(parts) < 4 {
		return t
	}
	k := len(parts)
	ands, etal := 0, false
	for k > 1 && mdNameLike(parts[k-1]) {
		p := strings.ToLower(parts[k-1])
		ands += strings.Count(p, " and ") + strings.Count(p, " & ")
		etal = etal || strings.Contains(p, "et al")
		k--
	}
	// Two "and"s ("A, B and C, D and E, F") or "et al.": a list of topics
	// ("Pruning, Quantization, Distillation and Sparsity") has one.
	if len(parts)-k < 3 || ands < 2 && !etal {
		return t
	}
	return strings.Join(parts[:k], ", ")
}

var mdInitialRe = regexp.MustCompile(`(?:^|[\s.-])\p{Lu}\.`)

// mdPersonLike reports whether s looks like one person's full name: two to
// four words, each capitalised, an initial or a particle, at least one of
// them a word of two letters or more; "et al." may follow.
func mdPersonLike(s string) bool {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "et al."))
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 4 {
		return false
	}
	long := false
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !mdParticles[w] || strings.ContainsAny(w, ":0123456789()[]&") {
			return false
		}
		if utf8.RuneCountInString(strings.Trim(w, ".")) >= 2 && !strings.Contains(strings.Trim(w, "."), ".") {
			long = true
		}
	}
	return long
}

// mdNameLike reports whether s looks like a person's name or names joined
// by "and": capitalised words and initials, at most four words each.
func mdNameLike(s string) bool {
	for _, n := range mdSplitNames(strings.TrimSpace(s)) {
		n = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n), "et al."))
		n = strings.TrimSpace(strings.TrimSuffix(n, "et al"))
		if n == "" {
			continue
		}
		ws := strings.Fields(n)
		if len(ws) > 4 {
			return false
		}
		for _, w := range ws {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) && !mdParticles[w] || strings.ContainsAny(w, ":0123456789()[]") {
				return false
			}
		}
	}
	return true
}

// mdSplitNames splits a list of names at ",", ";", "&" and the word
// "and", trimming the space around each separator (what splitting at
// `\s*(?:,|;|\band\b|&)\s*` gives).
func mdSplitNames(s string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); {
		n := 0
		switch {
		case s[i] == ',' || s[i] == ';' || s[i] == '&':
			n = 1
		case s[i] == 'a' && strings.HasPrefix(s[i:], "and") && (i == 0 || !mdWordChar(s[i-1])) &&
			(i+3 == len(s) || !mdWordChar(s[i+3])):
			n = 3
		}
		if n == 0 {
			i++
			continue
		}
		parts = append(parts, strings.TrimRight(s[start:i], " \t\n\f\r"))
		i += n
		for i < len(s) && strings.IndexByte(" \t\n\f\r", s[i]) >= 0 {
			i++
		}
		start = i
	}
	return append(parts, s[start:])
}

// mdWordChar reports whether c is a word byte as RE2's \b sees it:
// ASCII letters, digits and '_'.
func mdWordChar(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

var mdParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true, "le": true, "la": true, "du": true, "del": true, "dos": true, "das": true, "y": true, "bin": true}

// mdAuthorList reports whether s starts with an author list: "et al.", or at
// least two comma/and-separated names of capitalised words and initials.
func mdAuthorList(s string) bool {
	s, _ = rlCap(s, 400)
	// The sentence: up to a ". " that follows a word of two letters or more.
	end := len(s)
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], ". ")
		if i < 0 {
			break
		}
		i += off
		word := s[strings.LastIndexByte(s[:i], ' ')+1 : i]
		if utf8.RuneCountInString(word) > 1 && !strings.Contains(word, ".") {
			end = i
			break
		}
		off = i + 2
	}
	sent := s[:end]
	if strings.Contains(strings.ToLower(sent), "et al") {
		return true
	}
	parts := mdSplitNames(sent)
	names := 0
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		ws := strings.Fields(p)
		if len(ws) > 5 {
			return false
		}
		for _, w := range ws {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) && !mdParticles[w] {
				return false
			}
		}
		names++
	}
	return names >= 2
}

// mdTrimTitle removes leading and trailing decoration from a title.
func mdTrimTitle(t string) string {
	t = rlCleanSpace(mdStripSymbols(t))
	t = strings.TrimLeftFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("-–—:：|·•,;.>*", r)
	})
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("-–—:：|·•,;/([{", r)
	})
	if strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "..") {
		t = strings.TrimSuffix(t, ".")
	}
	return strings.TrimSpace(t)
}
