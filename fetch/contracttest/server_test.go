package contracttest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// records is a small data set: A cites B and an unresolved item; B cites
// nothing; W's references are withheld.
func records() []Record {
	id := func(c byte) string { return strings.Repeat(string(c), 40) }
	return []Record{
		{"paperId": id('a'), "title": "Alpha Paper On Things", "year": json.Number("2020"), "externalIds": map[string]any{"ArXiv": "2001.00001", "DOI": "10.1/A.B"},
			"references": []any{
				map[string]any{"paperId": id('b'), "title": "Beta Paper"},
				map[string]any{"paperId": nil, "title": "Some Unresolved Reference"},
			}},
		{"paperId": id('b'), "title": "Beta Paper", "year": json.Number("2018"), "references": []any{}},
		{"paperId": id('c'), "title": "Withheld Paper", "references": nil},
	}
}

func TestAnswers(t *testing.T) {
	srv := New(t, records(), Behaviour{})
	a, b := strings.Repeat("a", 40), strings.Repeat("b", 40)
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     []string // substrings of the answer
	}{
		{"match", "GET", "/paper/search/match?query=alpha+paper+on+things&fields=title", "", 200, []string{`"matchScore":`, `"title":"Alpha Paper On Things"`}},
		{"match miss", "GET", "/paper/search/match?query=nothing+like+it&fields=title", "", 404, []string{`{"error":"Title match not found"}`}},
		{"matchScore asked", "GET", "/paper/search/match?query=beta&fields=title,matchScore", "", 400, []string{`Unrecognized or unsupported fields: [matchScore]`}},
		{"unknown nested field", "POST", "/paper/batch?fields=references.abstract", `{"ids":["` + a + `"]}`, 400, []string{`[references.abstract]`}},
		{"nested in search", "GET", "/paper/search?query=beta&fields=references.title", "", 400, []string{`Unrecognized`}},
		{"search", "GET", "/paper/search?query=beta&fields=title&limit=5", "", 200, []string{`"total":1`, `"Beta Paper"`}},
		{"search limit", "GET", "/paper/search?query=beta&limit=101", "", 400, []string{`limit must be <= 100`}},
		{"paper by DOI, escaped, any case", "GET", "/paper/DOI:10.1%2Fa.b?fields=corpusId,externalIds", "", 200, []string{`"corpusId":`, `"CorpusId":`}},
		{"unknown paper", "GET", "/paper/ARXIV:9999.99999", "", 404, []string{`not found`}},
		{"batch with null", "POST", "/paper/batch?fields=title,references.corpusId", `{"ids":["ARXIV:2001.00001","ARXIV:9999.99999","` + b + `"]}`,
			200, []string{`,null,`, `"corpusId":"`}},
		{"batch withheld", "POST", "/paper/batch?fields=references.title", `{"ids":["` + strings.Repeat("c", 40) + `"]}`, 200, []string{`"references":null`}},
		{"batch too many", "POST", "/paper/batch", `{"ids":[` + strings.Repeat(`"x",`, 500) + `"x"]}`, 400, []string{`500`}},
		{"references", "GET", "/paper/" + a + "/references?fields=title&limit=10", "", 200, []string{`"citedPaper":{"paperId":"` + b, `"paperId":null`}},
		{"references withheld", "GET", "/paper/" + strings.Repeat("c", 40) + "/references", "", 200, []string{`"data":null`}},
		{"citations", "GET", "/paper/" + b + "/citations?fields=title", "", 200, []string{`"citingPaper":{"paperId":"` + a}},
		{"offset bound", "GET", "/paper/" + a + "/references?offset=9000&limit=1000", "", 400, []string{`offset + limit must be < 10000`}},
		{"page limit", "GET", "/paper/" + a + "/references?limit=1001", "", 400, []string{`limit must be <= 1000`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := srv.Body(tt.method, tt.path, []byte(tt.body))
			if status != tt.status {
				t.Errorf("status %d, want %d: %s", status, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("answer %s lacks %s", body, w)
				}
			}
		})
	}
}

// TestTraits: the data traits change what the answers carry.
func TestTraits(t *testing.T) {
	a := strings.Repeat("a", 40)
	tests := []struct {
		name string
		b    Behaviour
		path string
		want []string
		not  []string
	}{
		{"holes", Behaviour{LeadingHoles: 5}, "/paper/" + a + "/references?limit=3", []string{`"data":[]`, `"next":3`}, nil},
		{"page cap", Behaviour{PageCap: 1}, "/paper/" + a + "/references?limit=100", []string{`"next":1`}, nil},
		{"last page", Behaviour{}, "/paper/" + a + "/references?limit=100", nil, []string{`"next"`}},
		{"withhold every", Behaviour{WithholdEvery: 1}, "/paper/" + a + "/references", []string{`"data":null`}, nil},
		{"null ref ids", Behaviour{NullRefIDs: true}, "/paper/" + a + "/references?fields=corpusId,title", []string{`"paperId":null`}, nil},
		{"empty nested", Behaviour{EmptyNestedEvery: 1}, "/paper/" + a + "?fields=referenceCount,references.title", []string{`"references":[]`, `"referenceCount":2`}, nil},
		{"size", Behaviour{MaxResponseBytes: 10}, "/paper/batch?fields=title", []string{`Response would exceed maximum size`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := New(t, records(), tt.b)
			method, body := "GET", ""
			if strings.HasPrefix(tt.path, "/paper/batch") {
				method, body = "POST", `{"ids":["`+a+`"]}`
			}
			_, got := srv.Body(method, tt.path, []byte(body))
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("answer %s lacks %s", got, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(string(got), w) {
					t.Errorf("answer %s has %s", got, w)
				}
			}
		})
	}
}

// TestRateLimit: a request sooner than MinInterval after the last admitted
// one is refused with the API's 429 body and no Retry-After; with
// CountRefused the refusal restarts the interval.
func TestRateLimit(t *testing.T) {
	for _, counting := range []bool{false, true} {
		clk := NewClock()
		srv := New(t, records(), Behaviour{MinInterval: time.Second, CountRefused: counting, Now: clk.Now})
		get := func() *http.Response {
			t.Helper()
			resp, err := http.Get(srv.URL + "/paper/ARXIV:2001.00001")
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp
		}
		var statuses []int
		for _, step := range []time.Duration{0, 600 * time.Millisecond, 600 * time.Millisecond, time.Second} {
			clk.Sleep(t.Context(), step)
			resp := get()
			statuses = append(statuses, resp.StatusCode)
			if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "" {
				t.Error("429 with a Retry-After")
			}
		}
		want := []int{200, 429, 200, 200}
		if counting {
			want = []int{200, 429, 429, 200}
		}
		for i := range want {
			if statuses[i] != want[i] {
				t.Errorf("counting %t: statuses %v, want %v", counting, statuses, want)
				break
			}
		}
	}
}

// TestFaultsAreCapped: however likely a fault, no request gets more than
// MaxFaultsInARow of them in a row, and the log says which came.
func TestFaultsAreCapped(t *testing.T) {
	srv := New(t, records(), Behaviour{P5xx: 0.5, P429: 0.5, MaxFaultsInARow: 2, Seed: 1})
	for range 5 {
		n := 0
		for {
			resp, err := http.Get(srv.URL + "/paper/ARXIV:2001.00001")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
			if n++; n > 2 {
				t.Fatalf("%d faults in a row", n)
			}
		}
	}
	if srv.Count(func(c Call) bool { return c.Fault != "" }) == 0 {
		t.Error("no fault logged")
	}
	if len(srv.Repeats()) != 1 {
		t.Errorf("repeats %v; want the one request answered 5 times", srv.Repeats())
	}
}
