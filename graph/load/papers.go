package load

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// PaperStats counts what ReadPapers read.
type PaperStats struct {
	Records int // paper records read
	Matched int // records of a node of the graph
}

// ReadPapers reads paper metadata for g's nodes from the files (see Files
// for directories) into g.Meta: Semantic Scholar Datasets "papers" shards
// (JSON Lines, usually gzipped: corpusid, title, year, citationcount; keys
// "CorpusId:N") or CSV files with a header naming an id column ("id", or
// "corpusid" for keys "CorpusId:N") and any of "title", "year" and
// "citationcount" (or "globalcitations"), in any case. A file is CSV when
// its name ends in .csv (less ".gz"), JSON Lines otherwise. Records of
// papers outside the graph are skipped (a papers shard holds millions);
// a later record of the same paper overrides the known fields of an
// earlier one. Bad lines become Problems of g.
func ReadPapers(ctx context.Context, g *Graph, paths []string, opt Options) (PaperStats, error) {
	var st PaperStats
	files, err := Files(paths)
	if err != nil {
		return st, err
	}
	if g.Meta == nil {
		g.Meta = newMeta(g.Len())
	}
	r := &reader{ctx: ctx}
	r.problems, r.problemCount = g.Problems, g.ProblemCount
	r.progress = &progress{fn: opt.Progress, total: totalSize(files)}
	for _, f := range files {
		in, err := open(f, r.progress)
		if err != nil {
			return st, err
		}
		name := strings.TrimSuffix(strings.ToLower(f), ".gz")
		if strings.HasSuffix(name, ".csv") {
			err = r.papersCSV(f, in.br, g, &st)
		} else {
			err = r.papersJSON(f, in.br, g, &st)
		}
		in.Close()
		if err != nil {
			return st, err
		}
	}
	g.Problems, g.ProblemCount = r.problems, r.problemCount
	r.progress.done()
	return st, nil
}

// s2Paper is the part of a Semantic Scholar Datasets "papers" record that
// ReadPapers uses.
type s2Paper struct {
	CorpusID      json.RawMessage `json:"corpusid"`
	Title         *string         `json:"title"`
	Year          *int            `json:"year"`
	CitationCount *int            `json:"citationcount"`
}

func (r *reader) papersJSON(path string, br *bufio.Reader, g *Graph, st *PaperStats) error {
	var key []byte
	for line := 1; ; line++ {
		b, err := readLine(br)
		if t := bytes.TrimSpace(b); len(t) > 0 {
			if line&0xffff == 0 && r.ctx.Err() != nil {
				return r.ctx.Err()
			}
			st.Records++
			var p s2Paper
			if jerr := json.Unmarshal(t, &p); jerr != nil {
				r.problem(path, line, "not a JSON paper record: %v", jerr)
			} else if k, ok, _ := corpusKey(key[:0], p.CorpusID); !ok {
				r.problem(path, line, "corpusid %s is not a corpus id", shortJSON(p.CorpusID))
			} else {
				key = k
				if i, found := g.Index(string(k)); found {
					st.Matched++
					var m nodeMeta
					if p.Title != nil {
						m.title = strings.TrimSpace(*p.Title)
					}
					if p.Year != nil && *p.Year > 0 && *p.Year < 1<<31-1 {
						m.year = int32(*p.Year)
					}
					if p.CitationCount != nil && *p.CitationCount >= 0 && *p.CitationCount < 1<<31-1 {
						m.citations1 = int32(*p.CitationCount) + 1
					}
					g.Meta.set(i, m)
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

func (r *reader) papersCSV(path string, br *bufio.Reader, g *Graph, st *PaperStats) error {
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil
		}
		return fmt.Errorf("%s: line 1: header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	idCol, prefix := -1, ""
	if i, ok := col["id"]; ok {
		idCol = i
	} else if i, ok := col["corpusid"]; ok {
		idCol, prefix = i, "CorpusId:"
	} else {
		return fmt.Errorf("%s: line 1: no id column (want a header with \"id\" or \"corpusid\")", path)
	}
	get := func(rec []string, names ...string) (string, bool) {
		for _, n := range names {
			if i, ok := col[n]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i]), true
			}
		}
		return "", false
	}
	return r.records(path, cr, &st.Records, func(rec []string, line int) error {
		st.Records++
		if idCol >= len(rec) || strings.TrimSpace(rec[idCol]) == "" {
			r.problem(path, line, "no id")
			return nil
		}
		i, found := g.Index(prefix + strings.TrimSpace(rec[idCol]))
		if !found {
			return nil
		}
		st.Matched++
		var m nodeMeta
		if t, ok := get(rec, "title"); ok {
			m.title = t
		}
		if y, ok := get(rec, "year"); ok && y != "" {
			if v, err := strconv.ParseInt(y, 10, 32); err == nil && v > 0 {
				m.year = int32(v)
			} else {
				r.problem(path, line, "year %q is not a year", y)
			}
		}
		if c, ok := get(rec, "citationcount", "globalcitations", "citations"); ok && c != "" {
			if v, err := strconv.ParseInt(c, 10, 32); err == nil && v >= 0 && v < 1<<31-1 {
				m.citations1 = int32(v) + 1
			} else {
				r.problem(path, line, "citation count %q is not a count", c)
			}
		}
		g.Meta.set(i, m)
		return nil
	})
}
