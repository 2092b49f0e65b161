package contracttest

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"unicode"
)

// Record is one paper as the server keeps it: the API's paper object
// (decoded with json.Number for numbers), its references in the API's
// nested shape, and whether the publisher withholds them.
type Record map[string]any

// LoadJSONL reads records, one JSON paper object a line, in the shape of
// the API's answers (fetch/testdata/s2-sample-corpus.jsonl,
// data/model-compression.s2.jsonl).
func LoadJSONL(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var recs []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		var r Record
		if err := d.Decode(&r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return recs, nil
}

// Listed is a paper as a reading list names it, for Synthesize.
type Listed struct {
	Title string
	Year  int
	Venue string
	IDs   []string // API id forms: "ARXIV:1606.04460", "DOI:10.…"
}

// LoadTruth reads the papers of a reading list's truth file (the shared
// corpus's truth-<name>.json: items with title, year, venue and ids; items
// marked not_paper are skipped).
func LoadTruth(path string) ([]Listed, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var truth []struct {
		NotPaper bool     `json:"not_paper"`
		Title    string   `json:"title"`
		Year     int      `json:"year"`
		Venue    string   `json:"venue"`
		IDs      []string `json:"ids"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var ls []Listed
	for _, e := range truth {
		if !e.NotPaper {
			ls = append(ls, Listed{Title: e.Title, Year: e.Year, Venue: e.Venue, IDs: e.IDs})
		}
	}
	return ls, nil
}

// Synthesize returns made-up records for the papers of a reading list (one
// per distinct title), so that any list can be run against the server: each
// paper gets a paperId and corpus id derived from its title, the listed
// ids, year and venue, two authors, and references chosen by a hash among
// the papers listed before it, among a dozen "classic" papers outside the
// list, and two items the API could not resolve (paperId null). Ten
// "derivative" papers outside the list cite several list papers each, so
// that citation lists have something to page through. name seeds the
// choice and names the outside papers. A listed paper that one of known
// already is (same title, arXiv id or DOI) is not made again: the list's
// references point at the known record.
func Synthesize(name string, papers []Listed, known ...Record) []Record {
	var recs []Record
	seen := map[string]bool{}
	var list []Record
	var reused []bool // list[i] is one of known
	old := map[string]Record{}
	for _, r := range known {
		old["title:"+normTitle(str(r["title"]))] = r
		ext, _ := r["externalIds"].(map[string]any)
		for _, kind := range []string{"ArXiv", "DOI"} {
			if v := str(ext[kind]); v != "" {
				old[strings.ToLower(kind+":"+v)] = r
			}
		}
	}
	knownAs := func(p Listed) Record {
		if r, ok := old["title:"+normTitle(p.Title)]; ok && normTitle(p.Title) != "" {
			return r
		}
		for _, id := range p.IDs {
			pre, val, _ := strings.Cut(id, ":")
			kind := map[string]string{"ARXIV": "ArXiv", "DOI": "DOI"}[strings.ToUpper(pre)]
			if r, ok := old[strings.ToLower(kind+":"+val)]; ok && kind != "" {
				return r
			}
		}
		return nil
	}
	mk := func(title string, year int, venue string, ids []string) Record {
		r := Record{
			"paperId": hashID("contracttest/" + normTitle(title)),
			"title":   title,
			"venue":   venue,
			"authors": []any{
				map[string]any{"authorId": fmt.Sprint(hashInt(title, 1) % 1e7), "name": "Ada " + titleWord(title, 0)},
				map[string]any{"authorId": nil, "name": "Bo " + titleWord(title, 1)},
			},
		}
		if year > 0 {
			r["year"] = json.Number(fmt.Sprint(year))
		} else {
			r["year"] = nil
		}
		ext := map[string]any{}
		for _, id := range ids {
			pre, val, ok := strings.Cut(id, ":")
			if !ok || val == "" {
				continue
			}
			switch strings.ToUpper(pre) {
			case "ARXIV":
				ext["ArXiv"] = val
			case "DOI":
				ext["DOI"] = val
			}
		}
		r["externalIds"] = ext
		return r
	}
	maxYear := 0
	for _, p := range papers {
		title := strings.TrimSpace(p.Title)
		if title == "" && len(p.IDs) > 0 {
			title = "Untitled paper " + p.IDs[0]
		}
		if title == "" || seen[normTitle(title)] {
			continue
		}
		seen[normTitle(title)] = true
		if r := knownAs(p); r != nil {
			list = append(list, r)
			reused = append(reused, true)
			continue
		}
		list = append(list, mk(title, p.Year, p.Venue, p.IDs))
		reused = append(reused, false)
		maxYear = max(maxYear, p.Year)
	}
	if maxYear == 0 {
		maxYear = 2020
	}
	var classics []Record
	for k := range 12 {
		classics = append(classics, mk(fmt.Sprintf("Classic %s paper number %d on foundations", name, k+1), 1990+k, "Journal of Foundations", nil))
	}
	ref := func(r Record) map[string]any {
		return map[string]any{"paperId": r["paperId"], "title": r["title"], "year": r["year"], "externalIds": r["externalIds"], "authors": r["authors"], "venue": r["venue"]}
	}
	for i, r := range list {
		if reused[i] {
			continue // keeps its own references
		}
		refs := []any{}
		for j := range i {
			if hashInt(name, i, j)%5 == 0 && len(refs) < 8 {
				refs = append(refs, ref(list[j]))
			}
		}
		for k, c := range classics {
			if hashInt(name, i, 100+k)%3 == 0 {
				refs = append(refs, ref(c))
			}
		}
		for k := range 2 {
			refs = append(refs, map[string]any{"paperId": nil, "title": fmt.Sprintf("Unindexed reference %d of %s", k+1, r["title"]), "year": nil, "externalIds": map[string]any{}, "authors": []any{}, "venue": ""})
		}
		r["references"] = refs
	}
	for _, c := range classics {
		c["references"] = []any{}
	}
	var derived []Record
	for k := range 10 {
		d := mk(fmt.Sprintf("Derivative %s study number %d building on the list", name, k+1), maxYear+1, "Workshop on Follow-ups", nil)
		refs := []any{}
		for i, r := range list {
			if hashInt(name, 1000+k, i)%4 == 0 {
				refs = append(refs, ref(r))
			}
		}
		d["references"] = refs
		derived = append(derived, d)
	}
	for i, r := range list {
		if !reused[i] {
			recs = append(recs, r)
		}
	}
	recs = append(recs, classics...)
	recs = append(recs, derived...)
	return recs
}

func titleWord(title string, i int) string {
	ws := strings.Fields(normTitle(title))
	if len(ws) == 0 {
		return "X"
	}
	w := ws[i%len(ws)]
	return strings.ToUpper(w[:1]) + w[1:]
}

// hashID is a 40-hex paperId derived from s.
func hashID(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

// hashInt is a non-negative integer derived from its arguments.
func hashInt(parts ...any) uint64 {
	h := sha1.Sum([]byte(fmt.Sprint(parts...)))
	return binary.BigEndian.Uint64(h[:8]) >> 1
}

// normTitle lower-cases a title and keeps its letters and digits, words
// separated by single spaces.
func normTitle(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// paper is a record as the server indexes it.
type paper struct {
	id        string // paperId, 40 hex
	corpusID  int64
	raw       Record
	refs      []map[string]any // nested reference items (a known paper's point at it by ref)
	refKnown  []int            // index of the known paper each ref item is, or -1
	withheld  bool             // references null: withheld by the publisher
	citers    []int            // papers citing this one, in index order
	normTitle string
	words     map[string]bool
}

// corpus is the server's data: papers and their indexes.
type corpus struct {
	papers []*paper
	byID   map[string]int // lower-cased id forms → index
}

// newCorpus indexes records: every record gets a paperId (derived from its
// ids when it has none: the live API always has one) and a corpus id;
// nested reference items that name a known record by any id point at it;
// citations are the inverted references.
func newCorpus(recs []Record) *corpus {
	c := &corpus{byID: map[string]int{}}
	for _, r := range recs {
		p := &paper{raw: r}
		id, _ := r["paperId"].(string)
		if !isHex40(id) {
			id = hashID("contracttest/" + fmt.Sprint(r["externalIds"]) + normTitle(str(r["title"])))
		}
		p.id = strings.ToLower(id)
		if _, dup := c.byID[p.id]; dup {
			continue
		}
		p.corpusID = int64(hashInt("corpus", p.id) % 1e9)
		if n, ok := r["corpusId"].(json.Number); ok {
			if v, err := n.Int64(); err == nil {
				p.corpusID = v
			}
		}
		p.normTitle = normTitle(str(r["title"]))
		p.words = wordSet(p.normTitle)
		idx := len(c.papers)
		c.papers = append(c.papers, p)
		for _, k := range idForms(p.id, p.corpusID, r) {
			if _, taken := c.byID[k]; !taken {
				c.byID[k] = idx
			}
		}
	}
	for i, p := range c.papers {
		refs, ok := p.raw["references"].([]any)
		if !ok {
			p.withheld = true
			continue
		}
		seen := map[int]bool{}
		for _, it := range refs {
			m, _ := it.(map[string]any)
			if m == nil {
				continue
			}
			k := c.find(m)
			if k >= 0 {
				if seen[k] || k == i {
					continue
				}
				seen[k] = true
				c.papers[k].citers = append(c.papers[k].citers, i)
			}
			p.refs = append(p.refs, m)
			p.refKnown = append(p.refKnown, k)
		}
	}
	return c
}

// find returns the index of the known paper a nested item names, or -1.
func (c *corpus) find(m map[string]any) int {
	if id, _ := m["paperId"].(string); id != "" {
		if k, ok := c.byID[strings.ToLower(id)]; ok {
			return k
		}
	}
	ext, _ := m["externalIds"].(map[string]any)
	for _, kind := range []string{"ArXiv", "DOI"} {
		if v := str(ext[kind]); v != "" {
			if k, ok := c.byID[strings.ToLower(kindPrefix[kind]+v)]; ok {
				return k
			}
		}
	}
	return -1
}

var kindPrefix = map[string]string{
	"ArXiv": "ARXIV:", "DOI": "DOI:", "MAG": "MAG:", "ACL": "ACL:", "PubMed": "PMID:",
	"PubMedCentral": "PMCID:", "CorpusId": "CorpusId:",
}

// idForms are the lower-cased id forms a record answers to.
func idForms(id string, corpusID int64, r Record) []string {
	ks := []string{id, fmt.Sprintf("corpusid:%d", corpusID)}
	ext, _ := r["externalIds"].(map[string]any)
	for kind, pre := range kindPrefix {
		if v := str(ext[kind]); v != "" {
			ks = append(ks, strings.ToLower(pre+v))
		}
	}
	return ks
}

// lookup finds a paper by an id as a client sends it (after path
// unescaping).
func (c *corpus) lookup(id string) (int, bool) {
	id = strings.TrimSpace(id)
	if pre, val, ok := strings.Cut(id, ":"); ok && strings.EqualFold(pre, "URL") {
		id = urlID(val)
	}
	k, ok := c.byID[strings.ToLower(id)]
	return k, ok
}

// urlID turns the URLs the API accepts into another id form.
func urlID(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	path := strings.Trim(u.Path, "/")
	switch host := strings.TrimPrefix(strings.ToLower(u.Host), "www."); {
	case host == "arxiv.org":
		for _, pre := range []string{"abs/", "pdf/"} {
			if v, ok := strings.CutPrefix(path, pre); ok {
				v = strings.TrimSuffix(v, ".pdf")
				if i := strings.LastIndex(v, "v"); i > 0 && allDigits(v[i+1:]) {
					v = v[:i]
				}
				return "ARXIV:" + v
			}
		}
	case host == "doi.org" || host == "dx.doi.org":
		return "DOI:" + path
	case strings.HasSuffix(host, "semanticscholar.org"):
		parts := strings.Split(path, "/")
		return parts[len(parts)-1]
	}
	return ""
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func isHex40(s string) bool {
	if len(s) != 40 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func wordSet(norm string) map[string]bool {
	ws := map[string]bool{}
	for _, w := range strings.Fields(norm) {
		ws[w] = true
	}
	return ws
}

// similarity is the Dice coefficient of two word sets.
func similarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

// ranked returns the papers whose titles share words with the query, best
// first (ties by index), with their similarity.
func (c *corpus) ranked(query string, least float64) ([]int, []float64) {
	q := normTitle(query)
	qw := wordSet(q)
	type hit struct {
		i int
		s float64
	}
	var hits []hit
	for i, p := range c.papers {
		s := similarity(qw, p.words)
		if p.normTitle == q {
			s = 2 // an exact title beats any overlap
		}
		if s >= least {
			hits = append(hits, hit{i, s})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].s > hits[b].s })
	is := make([]int, len(hits))
	ss := make([]float64, len(hits))
	for k, h := range hits {
		is[k], ss[k] = h.i, h.s
	}
	return is, ss
}
