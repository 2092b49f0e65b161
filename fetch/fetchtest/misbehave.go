package fetchtest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Misbehaviours: answers the contract allows a real deployment (the API
// itself, a proxy, a CDN) to give, which a robust client must survive. They
// are never drawn at random (AllFaults holds the transient faults); scripts
// inject them with Server.Inject. A fault that does not apply to the
// endpoint it is injected for (e.g. FaultShuffle on a match) serves the
// genuine answer.
const (
	// Pages of a proxy or CDN instead of the API's JSON.
	FaultHTML502 Fault = "html-502" // 502 with an nginx text/html page
	FaultHTML503 Fault = "html-503" // 503 with a CDN's text/html page and Retry-After: 1
	FaultHTML200 Fault = "html-200" // 200 with a text/html page (a captive portal)
	FaultEmpty   Fault = "empty"    // 200 with an empty body
	Fault401     Fault = "401"      // 401 {"message":"Unauthorized"}
	FaultGateway Fault = "gateway"  // 403 {"message":"Missing Authentication Token"}: an API gateway's unknown route
	Fault400     Fault = "400"      // 400 {"error":"…"} with a message the client does not know
	Fault408     Fault = "408"      // 408 Request Timeout from a proxy
	Fault413     Fault = "413"      // 413 with an nginx text/html page (body too large)
	Fault414     Fault = "414"      // 414 with an nginx text/html page (URI too long)
	Fault404HTML Fault = "404-html" // 404 with an HTML page: not the API's "not found"

	// Transport variants of a genuine answer.
	FaultGzip        Fault = "gzip"         // the genuine answer, Content-Encoding: gzip (asked for or not)
	FaultStall       Fault = "stall"        // half the body, then nothing for Options.StallDelay (slowloris)
	FaultRedirect307 Fault = "redirect-307" // 307 to the same request under MovedBasePath
	FaultRedirect301 Fault = "redirect-301" // 301 to the same request under MovedBasePath (a POST turns into a GET)

	// Malformed /paper/batch answers.
	FaultShuffle   Fault = "shuffle"    // the array in reverse order
	FaultShort     Fault = "short"      // the last element dropped
	FaultExtra     Fault = "extra"      // the last element repeated
	FaultItemError Fault = "item-error" // the first element replaced by {"error":"…"}
	FaultNotArray  Fault = "not-array"  // the array wrapped in {"data":[…]}

	// Malformed reference/citation pages.
	FaultNextStuck   Fault = "next-stuck"   // "next" equal to the page's offset
	FaultNextBack    Fault = "next-back"    // "next" before the page's offset (0 on the first page)
	FaultNextShort   Fault = "next-short"   // "next" one past the offset: pages overlap
	FaultDataMissing Fault = "data-missing" // no "data" key
	FaultDataNull    Fault = "data-null"    // "data": null on any page

	// Unusual match and search answers.
	FaultMatchEmpty Fault = "match-empty" // 200 {"data":[]}
	FaultMatchMany  Fault = "match-many"  // two elements, the genuine best first
	FaultNoScore    Fault = "no-score"    // no matchScore
	FaultNoData     Fault = "no-data"     // search: {"total":N,"offset":0} without "data" ("total" lies)
)

// htmlPage is a proxy's error page for status.
func htmlPage(status int) []byte {
	t := strconv.Itoa(status) + " " + http.StatusText(status)
	return []byte("<html>\r\n<head><title>" + t + "</title></head>\r\n<body>\r\n<center><h1>" + t +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
}

// writeHTML writes a proxy's HTML error page and returns the status, or 0
// when the write failed.
func writeHTML(w http.ResponseWriter, status int) int {
	b := htmlPage(status)
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if _, err := w.Write(b); err != nil {
		return 0
	}
	return status
}

// writeGzip writes a JSON answer gzip-encoded.
func writeGzip(w http.ResponseWriter, status int, body []byte) int {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(body)
	_ = zw.Close()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		return 0
	}
	return status
}

// stallBody announces the full length, writes half the body and then
// hangs until StallDelay passes or the client goes away.
func (s *Server) stallBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body[:len(body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	select {
	case <-time.After(s.opts.StallDelay):
		_, _ = w.Write(body[len(body)/2:])
	case <-r.Context().Done():
	}
}

// misbehaveBefore answers a request whose fault replaces the answer
// altogether; ok is false when fault is not one of those.
func (s *Server) misbehaveBefore(w http.ResponseWriter, r *http.Request, fault Fault) (status int, ok bool) {
	switch fault {
	case FaultHTML502:
		return writeHTML(w, http.StatusBadGateway), true
	case FaultHTML503:
		w.Header().Set("Retry-After", "1")
		return writeHTML(w, http.StatusServiceUnavailable), true
	case FaultHTML200:
		b := []byte("<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body>Accept the terms to continue.</body></html>")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		if _, err := w.Write(b); err != nil {
			return 0, true
		}
		return http.StatusOK, true
	case FaultEmpty:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return http.StatusOK, true
	case Fault401:
		return writeJSON(w, http.StatusUnauthorized, []byte(`{"message":"Unauthorized"}`), nil), true
	case FaultGateway:
		return writeJSON(w, http.StatusForbidden, []byte(`{"message":"Missing Authentication Token"}`), nil), true
	case Fault400:
		return writeJSON(w, http.StatusBadRequest, errBody("Query parameter 'quux' is not what we expected today"), nil), true
	case Fault408:
		return writeHTML(w, http.StatusRequestTimeout), true
	case Fault413:
		return writeHTML(w, http.StatusRequestEntityTooLarge), true
	case Fault414:
		return writeHTML(w, http.StatusRequestURITooLong), true
	case Fault404HTML:
		return writeHTML(w, http.StatusNotFound), true
	case FaultRedirect307, FaultRedirect301:
		code := http.StatusTemporaryRedirect
		if fault == FaultRedirect301 {
			code = http.StatusMovedPermanently
		}
		path := strings.TrimPrefix(r.URL.EscapedPath(), BasePath)
		loc := MovedBasePath + path
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", loc)
		w.WriteHeader(code)
		return code, true
	}
	return 0, false
}

// misbehaveAfter rewrites a genuine 200 answer for the malformed-answer
// faults; ok is false when the fault does not apply.
func misbehaveAfter(fault Fault, r *http.Request, status int, body []byte) (out []byte, ok bool) {
	if status != http.StatusOK {
		return nil, false
	}
	switch fault {
	case FaultShuffle, FaultShort, FaultExtra, FaultItemError, FaultNotArray:
		var items []json.RawMessage
		if json.Unmarshal(body, &items) != nil || len(items) == 0 {
			return nil, false
		}
		switch fault {
		case FaultShuffle:
			for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
				items[i], items[j] = items[j], items[i]
			}
		case FaultShort:
			items = items[:len(items)-1]
		case FaultExtra:
			items = append(items, items[len(items)-1])
		case FaultItemError:
			items[0] = errBody("Internal error while fetching this paper")
		case FaultNotArray:
			return mustJSON(map[string]any{"data": items}), true
		}
		return mustJSON(items), true
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return nil, false
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	switch fault {
	case FaultNextStuck, FaultNextBack, FaultNextShort:
		if _, isPage := obj["data"]; !isPage {
			return nil, false
		}
		next := map[Fault]int{FaultNextStuck: offset, FaultNextBack: max(0, offset-limit), FaultNextShort: offset + 1}[fault]
		obj["next"] = mustJSON(next)
	case FaultDataMissing:
		delete(obj, "data")
	case FaultDataNull:
		obj["data"] = json.RawMessage("null")
	case FaultMatchEmpty:
		obj["data"] = json.RawMessage("[]")
	case FaultMatchMany, FaultNoScore:
		var data []map[string]json.RawMessage
		if json.Unmarshal(obj["data"], &data) != nil || len(data) == 0 {
			return nil, false
		}
		if fault == FaultNoScore {
			for _, d := range data {
				delete(d, "matchScore")
			}
		} else {
			second := map[string]json.RawMessage{}
			for k, v := range data[0] {
				second[k] = v
			}
			second["paperId"] = json.RawMessage(`"` + strings.Repeat("f", 40) + `"`)
			second["title"] = json.RawMessage(`"A Different Paper Altogether"`)
			second["matchScore"] = json.RawMessage("12.5")
			data = append(data, second)
		}
		obj["data"] = mustJSON(data)
	case FaultNoData:
		if _, ok := obj["total"]; !ok {
			return nil, false
		}
		delete(obj, "data")
		obj["total"] = json.RawMessage("5")
	default:
		return nil, false
	}
	return mustJSON(obj), true
}

// hyphenated reports whether a search query has a hyphenated term
// ("Squeeze-and-Excitation"), which the live search never matches.
func hyphenated(q string) bool {
	rs := []rune(q)
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == '-' && unicode.IsLetter(rs[i-1]) || rs[i] == '-' && unicode.IsDigit(rs[i-1]) {
			if unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1]) {
				return true
			}
		}
	}
	return false
}
