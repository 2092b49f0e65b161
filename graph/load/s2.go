package load

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strconv"
)

// s2Citation is the part of a Semantic Scholar Datasets "citations" record
// that Read uses. The ids are integers in the datasets; strings of digits
// are accepted too.
type s2Citation struct {
	Citing json.RawMessage `json:"citingcorpusid"`
	Cited  json.RawMessage `json:"citedcorpusid"`
}

// s2 reads Semantic Scholar citation records, one JSON object per line.
func (r *reader) s2(path string, br *bufio.Reader) error {
	var rec s2Citation
	var from, to []byte
	for line := 1; ; line++ {
		b, err := readLine(br)
		if t := bytes.TrimSpace(b); len(t) > 0 {
			if line&0xffff == 0 && r.ctx.Err() != nil {
				return r.ctx.Err()
			}
			rec = s2Citation{}
			if jerr := json.Unmarshal(t, &rec); jerr != nil {
				r.stats.Records++
				r.problem(path, line, "not a JSON citation record: %v", jerr)
			} else if rec.Citing == nil && rec.Cited == nil {
				r.stats.Records++
				r.problem(path, line, "no citingcorpusid or citedcorpusid: not a Semantic Scholar citations record")
			} else {
				var okFrom, okTo, null bool
				from, okFrom, null = corpusKey(from[:0], rec.Citing)
				if null {
					r.stats.Records++
					r.stats.UnknownEnds++
				} else {
					var nullTo bool
					to, okTo, nullTo = corpusKey(to[:0], rec.Cited)
					switch {
					case nullTo:
						r.stats.Records++
						r.stats.UnknownEnds++
					case !okFrom:
						r.stats.Records++
						r.problem(path, line, "citingcorpusid %s is not a corpus id", shortJSON(rec.Citing))
					case !okTo:
						r.stats.Records++
						r.problem(path, line, "citedcorpusid %s is not a corpus id", shortJSON(rec.Cited))
					default:
						if err := r.edge(path, line, from, to); err != nil {
							return err
						}
					}
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return readError(path, line, err)
		}
	}
}

// corpusKey appends "CorpusId:N" for a corpus id given as a JSON integer or
// string of digits. null (or a missing field) reports null; anything else
// reports !ok.
func corpusKey(dst []byte, v json.RawMessage) (key []byte, ok, null bool) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return dst, false, true
	}
	if v[0] == '"' {
		s, err := strconv.Unquote(string(v))
		if err != nil {
			return dst, false, false
		}
		v = []byte(s)
	}
	if len(v) == 0 || len(v) > 19 {
		return dst, false, false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return dst, false, false
		}
	}
	return append(append(dst, "CorpusId:"...), v...), true, false
}

// shortJSON returns v for an error message, cut to 40 bytes.
func shortJSON(v json.RawMessage) string {
	if len(v) > 40 {
		return string(v[:40]) + "…"
	}
	return string(v)
}
