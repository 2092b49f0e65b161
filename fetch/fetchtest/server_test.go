package fetchtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/bib"
)

// get sends one raw request to the fake and decodes the JSON answer.
func get(t *testing.T, s *Server, method, path, body string, hdr map[string]string) (int, map[string]any, []any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	var obj map[string]any
	var arr []any
	if len(b) > 0 && b[0] == '[' {
		err = json.Unmarshal(b, &arr)
	} else {
		err = json.Unmarshal(b, &obj)
	}
	if err != nil {
		t.Fatalf("%s %s: bad JSON %q: %v", method, path, b, err)
	}
	return resp.StatusCode, obj, arr
}

var (
	testRecordsOnce sync.Once
	testRecordsAll  []*bib.Paper
)

// testRecords returns Records, decoded once for the whole test binary.
func testRecords(t *testing.T) []*bib.Paper {
	t.Helper()
	testRecordsOnce.Do(func() { testRecordsAll = Records(t) })
	return testRecordsAll
}

func findRecord(t *testing.T, recs []*bib.Paper, f func(*bib.Paper) bool) *bib.Paper {
	t.Helper()
	for _, p := range recs {
		if f(p) {
			return p
		}
	}
	t.Fatal("no record fits")
	return nil
}

func TestRecordsMergeKeepsSnapshotNullIDs(t *testing.T) {
	snap := SnapshotRecords(t)
	corpus := CorpusRecords(t)
	all := Records(t)
	if len(all) >= len(snap)+len(corpus) || len(all) <= len(corpus)-len(snap) {
		t.Fatalf("Records: %d records from %d snapshot + %d corpus; want the duplicates dropped", len(all), len(snap), len(corpus))
	}
	titles := map[string]int{}
	nullIDs := 0
	for _, p := range all[:len(snap)] {
		titles[bib.NormalizeTitle(p.Title)]++
		if p.PaperID == "" {
			nullIDs++
		}
	}
	if nullIDs == 0 {
		t.Fatal("snapshot has no paperId-null record; the test data changed")
	}
	for _, p := range all[len(snap):] {
		if titles[bib.NormalizeTitle(p.Title)] > 0 {
			t.Errorf("corpus record %q duplicates a snapshot record", p.Title)
		}
	}
}

func TestPaperIDForms(t *testing.T) {
	recs := testRecords(t)
	s := New(t, recs, Options{})
	withDOI := findRecord(t, recs, func(p *bib.Paper) bool { return p.PaperID != "" && strings.Contains(p.ExternalIDs["DOI"], "/") })
	nullID := findRecord(t, recs, func(p *bib.Paper) bool { return p.PaperID == "" && p.ExternalIDs["ArXiv"] != "" })
	tests := []struct {
		name, path string
		status     int
		title      string
	}{
		{"paperId", "/paper/" + withDOI.PaperID, 200, withDOI.Title},
		{"paperId upper", "/paper/" + strings.ToUpper(withDOI.PaperID), 200, withDOI.Title},
		{"escaped DOI", "/paper/DOI:" + url.PathEscape(withDOI.ExternalIDs["DOI"]), 200, withDOI.Title},
		{"lower-case prefix", "/paper/doi:" + url.PathEscape(strings.ToUpper(withDOI.ExternalIDs["DOI"])), 200, withDOI.Title},
		{"unescaped DOI", "/paper/DOI:" + withDOI.ExternalIDs["DOI"], 404, ""},
		{"arXiv of a null-id record", "/paper/ARXIV:" + nullID.ExternalIDs["ArXiv"], 200, nullID.Title},
		{"arXiv URL", "/paper/URL:" + url.PathEscape("https://arxiv.org/abs/"+nullID.ExternalIDs["ArXiv"]+"v2"), 200, nullID.Title},
		{"unknown", "/paper/ARXIV:0000.00000", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, obj, _ := get(t, s, "GET", tt.path+"?fields=title,year", "", nil)
			if status != tt.status {
				t.Fatalf("GET %s = %d %v; want %d", tt.path, status, obj, tt.status)
			}
			if tt.status == 200 && obj["title"] != tt.title {
				t.Errorf("GET %s: title %q; want %q", tt.path, obj["title"], tt.title)
			}
		})
	}
	status, obj, _ := get(t, s, "GET", "/paper/ARXIV:"+nullID.ExternalIDs["ArXiv"]+"?fields=title", "", nil)
	if id, ok := obj["paperId"]; status != 200 || !ok || id != nil {
		t.Errorf("null-id record: paperId = %v (present %t); want null", id, ok)
	}
}

func TestFieldsAreChecked(t *testing.T) {
	recs := testRecords(t)
	s := New(t, recs, Options{})
	id := findRecord(t, recs, func(p *bib.Paper) bool { return p.PaperID != "" && p.References != nil && len(*p.References) > 0 }).PaperID
	tests := []struct {
		path   string
		status int
		bad    string
	}{
		{"/paper/search/match?query=mobilenets&fields=title,matchScore", 400, "matchScore"},
		{"/paper/" + id + "?fields=title,garbage", 400, "garbage"},
		{"/paper/" + id + "?fields=references.garbage", 400, "references.garbage"},
		{"/paper/search?query=mobilenets&fields=references", 400, "references"},
		{"/paper/" + id + "?fields=title,references.title,authors.name", 200, ""},
	}
	for _, tt := range tests {
		status, obj, _ := get(t, s, "GET", tt.path, "", nil)
		if status != tt.status {
			t.Errorf("GET %s = %d; want %d", tt.path, status, tt.status)
			continue
		}
		if tt.bad != "" {
			msg, _ := obj["error"].(string)
			if !strings.HasPrefix(msg, "Unrecognized or unsupported fields") || !strings.Contains(msg, tt.bad) {
				t.Errorf("GET %s: error %q; want it to name %q", tt.path, msg, tt.bad)
			}
		}
	}
	_, obj, _ := get(t, s, "GET", "/paper/"+id+"?fields=title", "", nil)
	if _, ok := obj["references"]; ok {
		t.Errorf("references returned unasked: %v", obj)
	}
	_, obj, _ = get(t, s, "GET", "/paper/"+id+"?fields=references.year", "", nil)
	refs, _ := obj["references"].([]any)
	if len(refs) == 0 {
		t.Fatalf("references.year: no references in %v", obj)
	}
	first := refs[0].(map[string]any)
	if _, ok := first["year"]; !ok || len(first) != 2 {
		t.Errorf("references.year item = %v; want paperId and year only", first)
	}
}

func TestMatch(t *testing.T) {
	recs := testRecords(t)
	s := New(t, recs, Options{})
	for _, p := range recs[:20] {
		status, obj, _ := get(t, s, "GET", "/paper/search/match?fields=title&query="+url.QueryEscape(p.Title), "", nil)
		if status != 200 {
			t.Errorf("match %q = %d", p.Title, status)
			continue
		}
		d := obj["data"].([]any)[0].(map[string]any)
		score, _ := d["matchScore"].(float64)
		if bib.NormalizeTitle(d["title"].(string)) != bib.NormalizeTitle(p.Title) || score < 100 || score > 250 {
			t.Errorf("match %q = %q score %v; want the same title, score in the live range", p.Title, d["title"], score)
		}
	}
	status, obj, _ := get(t, s, "GET", "/paper/search/match?query="+url.QueryEscape("Quantum chromodynamics of lattice gluons"), "", nil)
	if status != 404 || obj["error"] != "Title match not found" {
		t.Errorf("title miss = %d %v; want 404 Title match not found", status, obj)
	}
}

func TestSearchPaging(t *testing.T) {
	s := New(t, testRecords(t), Options{})
	status, obj, _ := get(t, s, "GET", "/paper/search?query=neural+networks&limit=5&fields=title", "", nil)
	if status != 200 {
		t.Fatalf("search = %d %v", status, obj)
	}
	total := int(obj["total"].(float64))
	if total <= 5 || len(obj["data"].([]any)) != 5 || obj["next"].(float64) != 5 {
		t.Errorf("search page: total %d, %d items, next %v; want >5, 5, 5", total, len(obj["data"].([]any)), obj["next"])
	}
	if status, _, _ := get(t, s, "GET", "/paper/search?query=x&limit=101", "", nil); status != 400 {
		t.Errorf("limit 101 = %d; want 400", status)
	}
}

func TestBatch(t *testing.T) {
	recs := testRecords(t)
	s := New(t, recs, Options{})
	ids := []string{recs[0].IDs().APIID(), "ARXIV:0000.00000", recs[1].IDs().APIID()}
	body, _ := json.Marshal(map[string]any{"ids": ids})
	status, _, arr := get(t, s, "POST", "/paper/batch?fields=title,references", string(body), nil)
	if status != 200 || len(arr) != 3 || arr[1] != nil || arr[0] == nil || arr[2] == nil {
		t.Fatalf("batch = %d %v; want 3 answers, null for the unknown id", status, arr)
	}
	if arr[0].(map[string]any)["title"] != recs[0].Title {
		t.Errorf("batch[0] = %v; want %q", arr[0], recs[0].Title)
	}
	many := make([]string, 501)
	for i := range many {
		many[i] = "ARXIV:0000.00000"
	}
	body, _ = json.Marshal(map[string]any{"ids": many})
	if status, _, _ := get(t, s, "POST", "/paper/batch", string(body), nil); status != 400 {
		t.Errorf("501 ids = %d; want 400", status)
	}
	small := New(t, recs, Options{MaxResponseBytes: 2000})
	body, _ = json.Marshal(map[string]any{"ids": ids})
	status, obj, _ := get(t, small, "POST", "/paper/batch?fields=title,references", string(body), nil)
	if msg, _ := obj["error"].(string); status != 400 || !strings.HasPrefix(msg, "Response would exceed maximum size") {
		t.Errorf("oversized batch = %d %v; want 400 Response would exceed maximum size", status, obj)
	}
}

func TestReferencesPaging(t *testing.T) {
	recs := testRecords(t)
	s := New(t, recs, Options{EmptyReferenceSlots: 4})
	p := findRecord(t, recs, func(p *bib.Paper) bool { return p.PaperID != "" && p.References != nil && len(*p.References) > 10 })
	var titles []string
	pages, empty := 0, 0
	offset := "0"
	for {
		status, obj, _ := get(t, s, "GET", "/paper/"+p.PaperID+"/references?fields=title&limit=3&offset="+offset, "", nil)
		if status != 200 {
			t.Fatalf("page at %s = %d %v", offset, status, obj)
		}
		pages++
		data := obj["data"].([]any)
		if len(data) == 0 {
			empty++
		}
		for _, d := range data {
			titles = append(titles, d.(map[string]any)["citedPaper"].(map[string]any)["title"].(string))
		}
		next, ok := obj["next"].(float64)
		if !ok {
			break
		}
		offset = strconv.Itoa(int(next))
	}
	if len(titles) != len(*p.References) || empty == 0 {
		t.Errorf("paged %d titles in %d pages (%d empty); want %d, some empty pages", len(titles), pages, empty, len(*p.References))
	}
	if status, obj, _ := get(t, s, "GET", "/paper/"+p.PaperID+"/references?offset=9000&limit=1000", "", nil); status != 400 {
		t.Errorf("offset+limit = 10000: %d %v; want 400", status, obj)
	}
	elided := findRecord(t, recs, func(p *bib.Paper) bool { return p.PaperID != "" && p.References == nil })
	status, obj, _ := get(t, s, "GET", "/paper/"+elided.PaperID+"/references", "", nil)
	if d, ok := obj["data"]; status != 200 || !ok || d != nil {
		t.Errorf("elided references = %d %v; want 200 with data null", status, obj)
	}
}

func TestAPIKey(t *testing.T) {
	s := New(t, testRecords(t), Options{APIKey: "right"})
	for _, tt := range []struct {
		key    string
		status int
	}{{"", 403}, {"wrong", 403}, {"right", 200}} {
		status, _, _ := get(t, s, "GET", "/paper/search/match?query=MobileNetV2+Inverted+Residuals+and+Linear+Bottlenecks", "", map[string]string{"x-api-key": tt.key})
		if status != tt.status {
			t.Errorf("key %q = %d; want %d", tt.key, status, tt.status)
		}
	}
}

func TestFaultsAndLog(t *testing.T) {
	s := New(t, testRecords(t), Options{})
	s.Inject(EndpointMatch, Fault429, Fault503, FaultErrorBody)
	want := []int{429, 503, 200, 200, 200}
	for i, w := range want {
		status, obj, _ := get(t, s, "GET", "/paper/search/match?query=MobileNetV2+Inverted+Residuals+and+Linear+Bottlenecks", "", nil)
		if status != w {
			t.Errorf("request %d = %d %v; want %d", i, status, obj, w)
		}
		if status == 429 && (obj["code"] != "429" || !strings.HasPrefix(obj["message"].(string), "Too Many Requests")) {
			t.Errorf("429 body = %v", obj)
		}
	}
	if n, ok := s.Count(EndpointMatch), s.Successes(EndpointMatch); n != 5 || ok != 2 {
		t.Errorf("count %d, successes %d; want 5, 2", n, ok)
	}
	if d := s.Duplicates(); len(d) != 1 || !strings.Contains(d[0], "x2") {
		t.Errorf("duplicates = %v; want the match twice", d)
	}
	s.Inject(EndpointMatch, FaultCut)
	resp, err := s.Client().Get(s.URL() + "/paper/search/match?query=MobileNetV2+Inverted+Residuals+and+Linear+Bottlenecks")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Error("cut body read without error")
	}
}

// TestMinInterval: the strict rate mode lets one request through per
// MinInterval of its clock and refuses the others with 429 and no
// Retry-After; refused requests do not count as let through.
func TestMinInterval(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s := New(t, testRecords(t), Options{MinInterval: time.Second, Now: clock})
	path := "/paper/ARXIV:1801.04381?fields=title"
	var got []int
	for _, step := range []time.Duration{0, 999 * time.Millisecond, time.Millisecond, 500 * time.Millisecond, 700 * time.Millisecond} {
		advance(step)
		code, obj, _ := get(t, s, http.MethodGet, path, "", nil)
		got = append(got, code)
		if code == http.StatusTooManyRequests && obj["code"] != "429" {
			t.Errorf("429 body %v lacks the API's code", obj)
		}
	}
	// 0: through; 999 ms later: refused; 1 ms after that (1 s after the
	// first): through; 500 ms: refused; 700 ms (1.2 s): through.
	want := []int{200, 429, 200, 429, 200}
	if fmtInts(got) != fmtInts(want) {
		t.Errorf("statuses %v; want %v", got, want)
	}
	for _, r := range s.Requests() {
		if r.Status == http.StatusTooManyRequests && r.Fault != Fault429 {
			t.Errorf("refused request logged with fault %q", r.Fault)
		}
	}
}

func fmtInts(xs []int) string {
	var b strings.Builder
	for _, x := range xs {
		b.WriteString(strconv.Itoa(x) + " ")
	}
	return b.String()
}
