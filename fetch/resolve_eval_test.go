package fetch

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/citegraph/citegraph/bib"
)

// The resolution evaluation: listed entries generated from the records of
// testdata/s2-sample-corpus.jsonl the way real reading lists distort titles
// and years, plus entries for papers that are not in the corpus but whose
// titles share most words with one that is, all resolved against a Snapshot
// of the corpus. See TestResolveEvaluation for the measures.
//
//	go test ./fetch -run TestResolveEvaluation -v               # measures, recall per distortion
//	go test ./fetch -run TestResolveEvaluation -v -eval.show    # and every loss and wrong match
//	go test ./fetch -run TestResolveEvaluation -v -eval.seed 7  # other entries
//	go test ./fetch -run '^$' -bench ResolveEvaluation

var (
	evalShow     = flag.Bool("eval.show", false, "TestResolveEvaluation: list every entry not resolved to its record")
	evalSeedFlag = flag.Uint64("eval.seed", evalSeed, "TestResolveEvaluation: seed of the generated entries")
)

// evalSeed fixes the generated entries: the evaluation is deterministic.
const evalSeed = 20220723

// evalCase is one generated reading-list entry.
type evalCase struct {
	entry bib.Entry
	want  *bib.Paper // the record the entry names; nil for a paper outside the corpus
	ops   []string   // the distortions applied, in order
}

// evalDistortion rewrites a listed title; ok is false when it does not
// apply to this title (nothing to abbreviate, no subtitle…).
type evalDistortion struct {
	name   string
	weight int
	apply  func(r *rand.Rand, title string) (string, bool)
}

var (
	evalWordRE  = regexp.MustCompile(`[\p{L}\p{N}]+`)
	evalSpaceRE = regexp.MustCompile(`\s+`)
)

// evalWords returns the byte ranges of a title's words.
func evalWords(title string) [][]int { return evalWordRE.FindAllStringIndex(title, -1) }

// evalPickWord chooses a word of title for which keep is true, or -1.
func evalPickWord(r *rand.Rand, title string, keep func(w string) bool) []int {
	var cands [][]int
	for _, loc := range evalWords(title) {
		if keep(title[loc[0]:loc[1]]) {
			cands = append(cands, loc)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return cands[r.IntN(len(cands))]
}

func evalContentWord(w string) bool {
	return utf8.RuneCountInString(w) >= 5 && !simStopWords[strings.ToLower(w)] && !strings.ContainsFunc(w, unicode.IsDigit)
}

// evalAbbreviations are phrases lists write as acronyms.
var evalAbbreviations = [][2]string{
	{"convolutional neural networks", "CNNs"}, {"convolutional neural network", "CNN"},
	{"deep neural networks", "DNNs"}, {"deep neural network", "DNN"},
	{"recurrent neural networks", "RNNs"}, {"recurrent neural network", "RNN"},
	{"generative adversarial networks", "GANs"}, {"generative adversarial network", "GAN"},
	{"neural networks", "NNs"}, {"neural network", "NN"},
	{"reinforcement learning", "RL"}, {"long short-term memory", "LSTM"},
	{"neural architecture search", "NAS"}, {"knowledge distillation", "KD"},
	{"natural language processing", "NLP"}, {"support vector machines", "SVMs"},
}

// evalSpellings are American and British spellings, either way round.
var evalSpellings = [][2]string{
	{"ization", "isation"}, {"izing", "ising"}, {"ized", "ised"}, {"ize", "ise"},
	{"yze", "yse"}, {"eling", "elling"}, {"eled", "elled"}, {"color", "colour"},
	{"behavior", "behaviour"}, {"center", "centre"}, {"neighbor", "neighbour"},
	{"favor", "favour"}, {"generaliz", "generalis"},
}

var evalPrefixes = []string{"Google:", "Facebook AI:", "DeepMind:", "Uber:", "[Oral]", "[Spotlight]", "(ResNet)", "(NAS)", "[Best Paper]", "MIT:"}

func evalCaseTitle(s string) string {
	return evalWordRE.ReplaceAllStringFunc(s, func(w string) string {
		rs := []rune(strings.ToLower(w))
		rs[0] = unicode.ToUpper(rs[0])
		return string(rs)
	})
}

// evalDistortions are the distortions of a listed title, with their
// relative frequency.
var evalDistortions = []evalDistortion{
	{"lower-case", 3, func(_ *rand.Rand, t string) (string, bool) { return strings.ToLower(t), true }},
	{"upper-case", 1, func(_ *rand.Rand, t string) (string, bool) { return strings.ToUpper(t), true }},
	{"title-case", 2, func(_ *rand.Rand, t string) (string, bool) { return evalCaseTitle(t), true }},
	{"drop-subtitle", 2, func(_ *rand.Rand, t string) (string, bool) {
		head, _, ok := strings.Cut(t, ":")
		return strings.TrimSpace(head), ok && len(evalWords(head)) > 0
	}},
	{"drop-label", 1, func(_ *rand.Rand, t string) (string, bool) {
		head, tail, ok := strings.Cut(t, ":")
		return strings.TrimSpace(tail), ok && len(evalWords(head)) <= 2 && len(evalWords(tail)) >= 3
	}},
	{"prefix", 2, func(r *rand.Rand, t string) (string, bool) {
		return evalPrefixes[r.IntN(len(evalPrefixes))] + " " + t, true
	}},
	{"typo", 3, func(r *rand.Rand, t string) (string, bool) {
		loc := evalPickWord(r, t, evalContentWord)
		if loc == nil {
			return t, false
		}
		w := []rune(t[loc[0]:loc[1]])
		i := 1 + r.IntN(len(w)-2) // never the first or last letter
		switch r.IntN(4) {
		case 0: // substitution
			c := rune('a' + r.IntN(26))
			if c == unicode.ToLower(w[i]) {
				c = 'q'
			}
			w[i] = c
		case 1: // deletion
			w = append(w[:i], w[i+1:]...)
		case 2: // insertion
			w = append(w[:i], append([]rune{rune('a' + r.IntN(26))}, w[i:]...)...)
		default: // transposition
			w[i], w[i+1] = w[i+1], w[i]
		}
		return t[:loc[0]] + string(w) + t[loc[1]:], true
	}},
	{"punctuation", 3, func(r *rand.Rand, t string) (string, bool) {
		switch r.IntN(4) {
		case 0: // no punctuation at all
			return evalSpaceRE.ReplaceAllString(strings.Map(func(c rune) rune {
				if unicode.IsPunct(c) || unicode.IsSymbol(c) {
					return ' '
				}
				return c
			}, t), " "), true
		case 1: // hyphens as spaces, colon dropped
			return strings.NewReplacer("-", " ", ":", "").Replace(t), strings.ContainsAny(t, "-:")
		case 2: // stray spaces and a missing one after the colon
			return strings.ReplaceAll(strings.ReplaceAll(t, " ", "  "), ":  ", ":") + " .", true
		default: // two words run together
			ws := evalWords(t)
			if len(ws) < 3 {
				return t, false
			}
			k := r.IntN(len(ws) - 1)
			gap := t[ws[k][1]:ws[k+1][0]]
			if gap != " " {
				return t, false
			}
			return t[:ws[k][1]] + t[ws[k+1][0]:], true
		}
	}},
	{"and-ampersand", 1, func(_ *rand.Rand, t string) (string, bool) {
		if strings.Contains(t, " & ") {
			return strings.ReplaceAll(t, " & ", " and "), true
		}
		return strings.ReplaceAll(t, " and ", " & "), strings.Contains(t, " and ")
	}},
	{"spelling", 2, func(_ *rand.Rand, t string) (string, bool) {
		for _, sp := range evalSpellings {
			for _, pair := range [][2]string{sp, {sp[1], sp[0]}} {
				if strings.Contains(t, pair[0]) {
					return strings.Replace(t, pair[0], pair[1], 1), true
				}
			}
		}
		return t, false
	}},
	{"abbreviation", 2, func(_ *rand.Rand, t string) (string, bool) {
		low := strings.ToLower(t)
		for _, ab := range evalAbbreviations {
			if i := strings.Index(low, ab[0]); i >= 0 {
				return t[:i] + ab[1] + t[i+len(ab[0]):], true
			}
		}
		return t, false
	}},
	{"truncated", 2, func(r *rand.Rand, t string) (string, bool) {
		if len(t) < 60 {
			return t, false
		}
		cut := 40 + r.IntN(len(t)-50)
		for !utf8.RuneStart(t[cut]) {
			cut--
		}
		ell := "..."
		if r.IntN(2) == 0 {
			ell = "…"
		}
		return strings.TrimRight(t[:cut], " ") + ell, true
	}},
	{"latex", 2, func(r *rand.Rand, t string) (string, bool) {
		switch r.IntN(4) {
		case 0: // protected capitals
			return evalWordRE.ReplaceAllStringFunc(t, func(w string) string {
				if strings.IndexFunc(w[1:], unicode.IsUpper) >= 0 {
					return "{" + w + "}"
				}
				return w
			}), true
		case 1: // the whole title protected, escaped ampersands, en dashes
			return "{" + strings.NewReplacer("&", `\&`, "-", "--").Replace(t) + "}", true
		case 2: // emphasis
			loc := evalPickWord(r, t, evalContentWord)
			if loc == nil {
				return t, false
			}
			return t[:loc[0]] + `\emph{` + t[loc[0]:loc[1]] + `}` + t[loc[1]:], true
		default: // accents and norms in LaTeX
			rep := strings.NewReplacer("é", `\'{e}`, "ü", `\"u`, "L1", `$\ell_1$`, "l1", `$\ell_1$`, "L2", `$\ell_2$`)
			s := rep.Replace(t)
			return s, s != t
		}
	}},
	{"html", 1, func(_ *rand.Rand, t string) (string, bool) {
		s := strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&quot;", " - ", " &ndash; ").Replace(t)
		if s == t {
			s = strings.Replace(t, " and ", " &amp; ", 1)
		}
		return s, s != t
	}},
	{"unicode", 2, func(r *rand.Rand, t string) (string, bool) {
		dash := []string{"‐", "–", "—"}[r.IntN(3)]
		s := strings.NewReplacer("-", dash, "'", "’").Replace(t)
		if s == t {
			loc := evalPickWord(r, t, evalContentWord)
			if loc == nil {
				return t, false
			}
			s = t[:loc[0]] + "“" + t[loc[0]:loc[1]] + "”" + t[loc[1]:]
		}
		return s, true
	}},
}

// evalYears are the distortions of a listed year.
var evalYears = []struct {
	name   string
	weight int
	apply  func(r *rand.Rand, p *bib.Paper, e *bib.Entry) bool
}{
	{"year-exact", 8, func(_ *rand.Rand, p *bib.Paper, e *bib.Entry) bool { e.Year = p.Year; return true }},
	{"year-none", 2, func(_ *rand.Rand, _ *bib.Paper, e *bib.Entry) bool { e.Year = 0; return true }},
	{"year-off-by-one", 2, func(r *rand.Rand, p *bib.Paper, e *bib.Entry) bool {
		e.Year = p.Year + 1 - 2*r.IntN(2)
		return true
	}},
	// The arXiv preprint listed by its venue's year, or a venue paper by
	// its preprint's year.
	{"year-arxiv-vs-venue", 2, func(r *rand.Rand, p *bib.Paper, e *bib.Entry) bool {
		if r.IntN(2) == 0 {
			e.Year, e.Venue = p.Year-1, "arXiv"
		} else {
			e.Year, e.Venue = p.Year+1, "CVPR"
		}
		return true
	}},
}

// evalFarYear is the year distortion of an exact title listed with the
// year of a much later version (a journal version, a reprint).
const evalFarYear = "year-far-exact-title"

func evalPickWeighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// evalNegative rewrites a corpus title into the title of a paper that is not
// in the corpus: one content word swapped for an unrelated one, a version or
// part changed, or a word inserted in the head.
func evalNegative(r *rand.Rand, title string, vocab []string) (string, string, bool) {
	switch k := r.IntN(10); {
	case k < 6:
		// Not inside brackets: "(Information Science and Statistics)"
		// names a book series, not the paper.
		plain := title
		if i := strings.IndexAny(title, "(["); i > 0 {
			plain = title[:i]
		}
		loc := evalPickWord(r, plain, func(w string) bool { return utf8.RuneCountInString(w) >= 4 && !simStopWords[strings.ToLower(w)] })
		if loc == nil {
			return "", "", false
		}
		old := strings.ToLower(title[loc[0]:loc[1]])
		for range 20 {
			w := vocab[r.IntN(len(vocab))]
			// A word one or two edits away is a typo, not another paper.
			if simCanon(w) == simCanon(old) || simLevenshtein(w, old) <= simMaxEdits {
				continue
			}
			if unicode.IsUpper([]rune(title[loc[0]:])[0]) {
				w = evalCaseTitle(w)
			}
			return title[:loc[0]] + w + title[loc[1]:], "swap-word", true
		}
		return "", "", false
	case k < 8:
		// A version or a part: bump a number, or add one to a name.
		// Not a quantity: "50x" or "<1MB" may differ between versions of
		// one paper's title.
		if loc := evalPickWord(r, title, func(w string) bool {
			return strings.ContainsFunc(w, unicode.IsDigit) && !simIsQuantity(strings.ToLower(w))
		}); loc != nil {
			w := []rune(title[loc[0]:loc[1]])
			for i := len(w) - 1; i >= 0; i-- {
				if unicode.IsDigit(w[i]) {
					w[i] = '0' + (w[i]-'0'+1)%10
					break
				}
			}
			return title[:loc[0]] + string(w) + title[loc[1]:], "other-version", true
		}
		head, tail, ok := strings.Cut(title, ":")
		if ok && len(evalWords(head)) <= 2 {
			return head + " V2:" + tail, "other-version", true
		}
		return title + ". Part II", "other-version", true
	default:
		// Inside the head of a title without a label: "Deep [Session]
		// Interest Network…". (After a label such as "GloVe:", the label
		// names the paper and a stray word does not make it another.)
		ws := evalWords(title)
		if len(ws) < 3 || strings.Contains(title[:ws[1][0]], ":") {
			return "", "", false
		}
		for _, loc := range ws[:2] {
			if simStopWords[strings.ToLower(title[loc[0]:loc[1]])] {
				return "", "", false
			}
		}
		w := vocab[r.IntN(len(vocab))]
		return title[:ws[1][0]] + w + " " + title[ws[1][0]:], "insert-head-word", true
	}
}

// genEvalCases generates the evaluation's entries from the corpus: perVariant
// distorted listings of every record and one listing of a paper outside the
// corpus per record (where one can be made). Titles that normalise to a
// corpus title other than the intended one are skipped.
func genEvalCases(corpus []*bib.Paper, seed uint64, perRecord int) []evalCase {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	known := make(map[string]bool, len(corpus))
	vocabSet := make(map[string]bool)
	for _, p := range corpus {
		known[bib.NormalizeTitle(p.Title)] = true
		for _, w := range strings.Fields(bib.NormalizeTitle(p.Title)) {
			if len(w) >= 5 && !simStopWords[w] && !strings.ContainsFunc(w, unicode.IsDigit) {
				vocabSet[w] = true
			}
		}
	}
	vocab := bib.SortedKeys(vocabSet)
	weights := make([]int, len(evalDistortions))
	for i, d := range evalDistortions {
		weights[i] = d.weight
	}
	yearWeights := make([]int, len(evalYears))
	for i, y := range evalYears {
		yearWeights[i] = y.weight
	}

	var cases []evalCase
	line := 0
	add := func(c evalCase) {
		line++
		c.entry.File, c.entry.Line, c.entry.Kind = "eval", line, bib.KindPaper
		cases = append(cases, c)
	}
	for _, p := range corpus {
		norm := bib.NormalizeTitle(p.Title)
		for range perRecord {
			title, ops := p.Title, []string(nil)
			other := false // a step gave another record's title
			for n := 1 + r.IntN(2); n > 0; {
				d := evalDistortions[evalPickWeighted(r, weights)]
				if t, ok := d.apply(r, title); ok && bib.NormalizeTitle(t) != "" && !slices.Contains(ops, d.name) {
					title, ops = t, append(ops, d.name)
					nt := bib.NormalizeTitle(t)
					other = other || nt != norm && known[nt]
					n--
				} else if r.IntN(4) == 0 {
					n-- // not every title admits every distortion
				}
			}
			if len(ops) == 0 {
				ops = []string{"exact"}
			}
			if other {
				continue
			}
			e := bib.Entry{Title: title}
			y := evalYears[evalPickWeighted(r, yearWeights)]
			y.apply(r, p, &e)
			add(evalCase{entry: e, want: p, ops: append(ops, y.name)})
		}
		// The exact title listed with a much later year.
		if r.IntN(8) == 0 {
			add(evalCase{entry: bib.Entry{Title: p.Title, Year: p.Year + 3 + r.IntN(3), Venue: "TPAMI"}, want: p, ops: []string{"exact", evalFarYear}})
		}
		if title, op, ok := evalNegative(r, p.Title, vocab); ok && !known[bib.NormalizeTitle(title)] {
			if r.IntN(2) == 0 {
				title = strings.ToLower(title)
			}
			add(evalCase{entry: bib.Entry{Title: title, Year: p.Year}, ops: []string{op}})
		}
	}
	return cases
}

// evalResult are the measures of one evaluation run.
type evalResult struct {
	positives, negatives int
	correct              int // positives resolved to their record (or one of the same title)
	wrong                int // positives resolved to another record, negatives resolved
	ambiguous            int // entries left ambiguous
	ambiguousHit         int // positives left ambiguous with their record among the candidates
	byOp                 map[string][2]int
	losses, mistakes     []string
}

func (m evalResult) precision() float64 {
	if m.correct+m.wrong == 0 {
		return 1
	}
	return float64(m.correct) / float64(m.correct+m.wrong)
}

func (m evalResult) recall() float64 { return float64(m.correct) / float64(max(1, m.positives)) }

func (m evalResult) String() string {
	return fmt.Sprintf("%d positives, %d negatives: precision %.4f (%d wrong of %d accepted), recall %.4f, ambiguous %.4f (%d; %d with the record among the candidates)",
		m.positives, m.negatives, m.precision(), m.wrong, m.correct+m.wrong, m.recall(),
		float64(m.ambiguous)/float64(max(1, m.positives+m.negatives)), m.ambiguous, m.ambiguousHit)
}

// evalMeasure resolves the cases against source and scores the results.
func evalMeasure(t testing.TB, source Source, cases []evalCase) evalResult {
	entries := make([]bib.Entry, len(cases))
	for i, c := range cases {
		entries[i] = c.entry
	}
	rs, err := (&Resolver{Source: source}).Resolve(context.Background(), entries)
	if err != nil {
		t.Fatal(err)
	}
	m := evalResult{byOp: make(map[string][2]int)}
	dup := evalDuplicates(t)
	for i, c := range cases {
		res := rs[i]
		if res.Status == StatusAmbiguous {
			m.ambiguous++
		}
		describe := func() string {
			got := string(res.Status)
			if res.Paper != nil {
				got = fmt.Sprintf("%q (%d)", res.Paper.Title, res.Paper.Year)
			}
			return fmt.Sprintf("%v %q (%d) → %s %s", c.ops, c.entry.Title, c.entry.Year, got, res.Reason)
		}
		if c.want == nil {
			m.negatives++
			if res.Status == StatusResolved {
				m.wrong++
				m.mistakes = append(m.mistakes, describe())
			}
			s := m.byOp[c.ops[0]]
			s[1]++
			if res.Status != StatusResolved {
				s[0]++
			}
			m.byOp[c.ops[0]] = s
			continue
		}
		m.positives++
		ok := false
		switch {
		case res.Status == StatusResolved && evalSamePaper(dup, c.entry, res.Paper, c.want):
			m.correct++
			ok = true
		case res.Status == StatusResolved:
			m.wrong++
			m.mistakes = append(m.mistakes, describe()+fmt.Sprintf(", want %q (%d)", c.want.Title, c.want.Year))
		default:
			if res.Status == StatusAmbiguous && slices.ContainsFunc(res.Candidates, func(cand Candidate) bool { return cand.ID == c.want.Key() }) {
				m.ambiguousHit++
			}
			m.losses = append(m.losses, describe())
		}
		for _, op := range c.ops {
			s := m.byOp[op]
			s[1]++
			if ok {
				s[0]++
			}
			m.byOp[op] = s
		}
	}
	return m
}

// evalDuplicates are the pairs of corpus records that are one paper
// (testdata/resolve/corpus-duplicates.txt), each key mapped to the other.
func evalDuplicates(t testing.TB) map[string]string {
	t.Helper()
	b, err := os.ReadFile("testdata/resolve/corpus-duplicates.txt")
	if err != nil {
		t.Fatal(err)
	}
	dup := make(map[string]string)
	for line := range strings.Lines(string(b)) {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			t.Fatalf("corpus-duplicates.txt: bad line %q", line)
		}
		dup[f[0]], dup[f[1]] = f[1], f[0]
	}
	return dup
}

// evalSamePaper reports whether got is want, another record of the same
// paper (dup), or a record of the same title that no listing could tell
// from want: its year is at least as close to the listed one.
func evalSamePaper(dup map[string]string, e bib.Entry, got, want *bib.Paper) bool {
	if got.Key() == want.Key() || dup[got.Key()] == want.Key() {
		return true
	}
	if bib.NormalizeTitle(got.Title) != bib.NormalizeTitle(want.Title) {
		return false
	}
	dist := func(y int) int { return max(e.Year-y, y-e.Year) }
	return e.Year == 0 || dist(got.Year) <= dist(want.Year)
}

// TestResolveEvaluation measures the resolver on generated listings of the
// sample corpus: a wrong match is worse than none, so precision must be
// (nearly) perfect, and recall must stay at what the resolver reaches.
func TestResolveEvaluation(t *testing.T) {
	src := loadCorpus(t)
	cases := genEvalCases(src.All(), *evalSeedFlag, 4)
	again := genEvalCases(src.All(), *evalSeedFlag, 4)
	if len(cases) != len(again) || !slices.EqualFunc(cases, again, func(a, b evalCase) bool { return a.entry.Title == b.entry.Title && a.entry.Year == b.entry.Year }) {
		t.Fatal("genEvalCases is not deterministic")
	}
	m := evalMeasure(t, src, cases)
	t.Log(m)
	for _, op := range bib.SortedKeys(m.byOp) {
		s := m.byOp[op]
		t.Logf("  %-22s %4d/%-4d %.3f", op, s[0], s[1], float64(s[0])/float64(s[1]))
	}
	if *evalShow {
		sort.Strings(m.losses)
		for _, l := range m.losses {
			t.Log("loss: " + l)
		}
	}
	for _, w := range m.mistakes {
		t.Error("wrong match: " + w)
	}
	if m.negatives < len(src.All())/2 || m.positives < 3*len(src.All()) {
		t.Errorf("generated %d positives and %d negatives from %d records; too few", m.positives, m.negatives, len(src.All()))
	}
	// Measured with the default seed: recall 0.9344, precision 1 (0 wrong
	// of 2949 accepted); seeds 1-16: recall 0.933-0.947, precision 1
	// (before this evaluation drove changes: recall 0.777, 3 wrong). Most
	// of what is lost is by design: subtitles of ordinary words dropped
	// ("Binarized Neural Networks"), typos in names ("SqeezeNet"), short
	// titles with a prefix.
	const minRecall = 0.93
	if m.recall() < minRecall {
		t.Errorf("recall %.4f; want at least %.2f", m.recall(), minRecall)
	}
}

func BenchmarkResolveEvaluation(b *testing.B) {
	src := loadCorpus(b)
	cases := genEvalCases(src.All(), evalSeed, 4)
	entries := make([]bib.Entry, len(cases))
	for i, c := range cases {
		entries[i] = c.entry
	}
	r := &Resolver{Source: src}
	ctx := context.Background()
	b.ReportAllocs()
	b.ReportMetric(float64(len(entries)), "entries/op")
	for b.Loop() {
		if _, err := r.Resolve(ctx, entries); err != nil {
			b.Fatal(err)
		}
	}
}
