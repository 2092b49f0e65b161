package load

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// csv reads an edge list in CSV: the first two fields of each record.
func (r *reader) csv(path string, br *bufio.Reader) error {
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.Comment = '#'
	first := true
	return r.records(path, cr, &r.stats.Records, func(rec []string, line int) error {
		if len(rec) < 2 {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				return nil
			}
			r.stats.Records++
			r.problem(path, line, "want two ids, citing and cited, separated by a comma")
			return nil
		}
		from, to := []byte(strings.TrimSpace(rec[0])), []byte(strings.TrimSpace(rec[1]))
		if first {
			first = false
			if isHeader(from, to) {
				return nil
			}
		}
		return r.edge(path, line, from, to)
	})
}

// records calls each for every record cr reads, with the record's line. A
// record CSV cannot read is counted in *bad and reported as a problem, and
// reading goes on; a read error, each's error or the context's end stops
// it.
func (r *reader) records(path string, cr *csv.Reader, bad *int, each func(rec []string, line int) error) error {
	for n := 0; ; n++ {
		rec, err := cr.Read()
		line := 0
		if err == nil {
			line, _ = cr.FieldPos(0)
		}
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			*bad++
			r.problem(path, pe.Line, "%v", pe.Err)
			continue
		}
		if err != nil {
			return readError(path, line, err)
		}
		if n&0xffff == 0 && r.ctx.Err() != nil {
			return r.ctx.Err()
		}
		if err := each(rec, line); err != nil {
			return err
		}
	}
}
