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
			r.stats.Records++
			r.problem(path, pe.Line, "%v", pe.Err)
			continue
		}
		if err != nil {
			return readError(path, line, err)
		}
		if n&0xffff == 0 && r.ctx.Err() != nil {
			return r.ctx.Err()
		}
		if len(rec) < 2 {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			r.stats.Records++
			r.problem(path, line, "want two ids, citing and cited, separated by a comma")
			continue
		}
		from, to := []byte(strings.TrimSpace(rec[0])), []byte(strings.TrimSpace(rec[1]))
		if first {
			first = false
			if isHeader(from, to) {
				continue
			}
		}
		if err := r.edge(path, line, from, to); err != nil {
			return err
		}
	}
}
