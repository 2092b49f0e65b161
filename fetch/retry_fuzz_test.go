package fetch

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"7", 7 * time.Second},
		{" 120 ", 2 * time.Minute},
		{"-3", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second},
		{"9227000000", (1 << 30) * time.Second}, // capped, not overflowed
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "7", "-1", "99999999999999999999", "Sun, 01 Mar 2026 12:00:30 GMT", "Monday, 02-Jan-06 15:04:05 MST"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d := parseRetryAfter(s, now)
		if d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %v < 0", s, d)
		}
		if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 1<<30 && d != time.Duration(n)*time.Second {
			t.Fatalf("parseRetryAfter(%q) = %v; want %ds", s, d, n)
		}
	})
}

func TestCheckAnswer(t *testing.T) {
	tests := []struct {
		body     string
		validate func([]byte) error
		ok       bool
	}{
		{`{"data":[{"paperId":"a","title":"T","matchScore":150.2}]}`, validateMatch, true},
		{`{"data":[]}`, validateMatch, true}, // no match: like the 404
		{`{"data":null}`, validateMatch, false},
		{`{"error":"Title match not found"}`, validateMatch, false},
		{`{"error":"An internal error occurred"}`, nil, false},
		{`{"data":[{"paperId":"a","ti`, validateMatch, false},
		{``, nil, false},
		{`[null,{"paperId":"a"}]`, alignValidator("x", "a"), true},
		{`[null,{"paperId":"a"}]`, alignValidator("x", "a", "b"), true}, // short: realigned, ids unanswered
		{`{"data":[null,{"paperId":"a"}]}`, alignValidator("x", "a"), false},
		{`[{"title":"no id"}]`, alignValidator("x"), false},
		{`[{"error":"failed"}]`, alignValidator("x"), true}, // a per-id failure, not a bad answer
		{`{"data":[{"paperId":"a","title":"T","matchScore":"high"}]}`, validateMatch, true},
		{`{"data":[{"paperId":"a","title":"T","year":"soon"}]}`, validateMatch, true}, // an odd field is dropped, not the answer
		{`{"data":[{"paperId":"a","title":{"t":"T"}}]}`, validateMatch, false},
		{`{"total":0,"offset":0}`, validateSearch, true},
		{`{"total":7,"offset":0,"data":null}`, validateSearch, true},
		{`{"offset":0}`, validateSearch, false},
		{`{"offset":0,"next":0,"data":[]}`, validateEdgePage(0, "citedPaper"), false},
		{`{"offset":100,"next":50,"data":[]}`, validateEdgePage(100, "citedPaper"), false},
		{`{"offset":0,"next":1,"data":[{"citedPaper":{"paperId":"a"}},{"citedPaper":{"paperId":"b"}}]}`, validateEdgePage(0, "citedPaper"), false},
		{`{"offset":0,"next":2,"data":[{"citedPaper":{"paperId":"a"}},{"citedPaper":null}]}`, validateEdgePage(0, "citedPaper"), true},
		{`{"offset":0,"next":"2","data":[]}`, validateEdgePage(0, "citedPaper"), false},
		{`{"offset":0,"data":null}`, validateEdgePage(0, "citedPaper"), true},
		{`{"offset":1000,"data":null}`, validateEdgePage(1000, "citedPaper"), false},
		{`{"offset":0}`, validateEdgePage(0, "citedPaper"), false},
		{`{"offset":0,"data":[{"citedPaper":{"paperId":"a","year":"x"}}]}`, validateEdgePage(0, "citedPaper"), true},
		{`{"offset":0,"data":[{"citedPaper":{"paperId":7}}]}`, validateEdgePage(0, "citedPaper"), false},
		{`{"offset":0,"data":null,"citingPaperInfo":{}}`, validateEdgePage(0, "citedPaper"), true},
		{`{"total":0,"offset":0,"data":[]}`, validateSearch, true},
		{`{"paperId":null,"title":"x"}`, validatePaper, true},
		{`{"message":"Forbidden"}`, validatePaper, false},
	}
	for _, tt := range tests {
		err := checkAnswer([]byte(tt.body), tt.validate)
		if (err == nil) != tt.ok {
			t.Errorf("checkAnswer(%q) = %v; want ok %t", tt.body, err, tt.ok)
		}
	}
}

// alignValidator checks a batch answer for ids as the client does.
func alignValidator(ids ...string) func([]byte) error {
	return func(b []byte) error {
		_, err := alignBatch(ids, b)
		return err
	}
}

func FuzzCheckAnswer(f *testing.F) {
	for _, s := range []string{`{"data":[{"paperId":"a","title":"T"}]}`, `{"error":"x"}`, `[null]`, `{"data":null}`, `{"paperId":"a","error":1}`, `[`} {
		f.Add([]byte(s))
	}
	validators := []func([]byte) error{nil, validateMatch, validateSearch, validateEdgePage(0, "citedPaper"), validateEdgePage(100, "citingPaper"), validatePaper, alignValidator("ARXIV:1801.04381")}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, v := range validators {
			if checkAnswer(body, v) == nil && !json.Valid(body) {
				t.Fatalf("checkAnswer accepted invalid JSON %q", body)
			}
		}
		_ = answerMessage(body)
	})
}

func FuzzCacheValue(f *testing.F) {
	f.Add([]byte(`{"paperId":"a"}`), 200, int64(1700000000000000000))
	f.Add([]byte{}, 404, int64(0))
	f.Add([]byte{1, 2, 3}, 0, int64(-1))
	f.Fuzz(func(t *testing.T, body []byte, status int, nanos int64) {
		status &= 0xffff
		e := CacheEntry{Key: "k", Status: status, Body: body, Fetched: time.Unix(0, nanos)}
		got, err := decodeCacheValue("k", encodeCacheValue(e))
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != e.Status || !bytes.Equal(got.Body, e.Body) || !got.Fetched.Equal(e.Fetched) {
			t.Fatalf("round trip: %+v; want %+v", got, e)
		}
		// Any stored bytes decode or fail cleanly.
		_, _ = decodeCacheValue("k", body)
	})
}

func TestCanonicalID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"649DEF34F8BE52C8B66281AF98AE884C09AEF38B", "649def34f8be52c8b66281af98ae884c09aef38b"},
		{"arxiv:1707.06342", "ARXIV:1707.06342"},
		{"DOI:10.1109/ICCV.2017.541", "DOI:10.1109/iccv.2017.541"},
		{"corpusid:123", "CorpusId:123"},
		{" pmid:42 ", "PMID:42"},
		{"URL:https://arxiv.org/abs/1707.06342", "URL:https://arxiv.org/abs/1707.06342"},
		{"TITLE:mobilenets", "TITLE:mobilenets"},
	}
	for _, tt := range tests {
		if got := canonicalID(tt.in); got != tt.want {
			t.Errorf("canonicalID(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCacheKeys(t *testing.T) {
	k1 := s2Key("POST", "/paper/batch", map[string][]string{"fields": {"title"}}, []byte(`{"ids":["a"]}`))
	k2 := s2Key("POST", "/paper/batch", map[string][]string{"fields": {"title"}}, []byte(`{"ids":["b"]}`))
	if k1 == k2 {
		t.Error("batch keys ignore the body")
	}
	q1 := map[string][]string{"query": {"a"}, "fields": {"title"}}
	if s2Key("GET", "/paper/search/match", q1, nil) != "GET /paper/search/match?fields=title&query=a" {
		t.Errorf("key = %q", s2Key("GET", "/paper/search/match", q1, nil))
	}
	long := s2Key("GET", "/paper/search/match", map[string][]string{"query": {string(bytes.Repeat([]byte("x"), 5000))}}, nil)
	long2 := s2Key("GET", "/paper/search/match", map[string][]string{"query": {string(bytes.Repeat([]byte("x"), 5001))}}, nil)
	if len(long) > maxKeyLen || long == long2 {
		t.Errorf("long keys: %d bytes, distinct %t", len(long), long != long2)
	}
}
