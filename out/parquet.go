package out

import (
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/citegraph/citegraph/graph"
)

// EdgeRow is a row of edges.parquet: one citation, src cites dst, in the
// column names Apache Spark's GraphFrames expects.
type EdgeRow struct {
	Src string `parquet:"src,dict"`
	Dst string `parquet:"dst,dict"`
}

// VertexRow is a row of vertices.parquet: a paper, keyed by id as in the
// edges, with what is known of it (null when unknown).
type VertexRow struct {
	ID            string  `parquet:"id"`
	Title         *string `parquet:"title,optional"`
	Year          *int32  `parquet:"year,optional"`
	CitationCount *int32  `parquet:"citationCount,optional"`
}

// parquetRowGroup is the number of rows per row group: it bounds the
// memory a writer buffers (a row group is held until it is complete).
const parquetRowGroup = 1 << 20

// EdgesParquetWriter writes edges.parquet one edge at a time (Snappy
// compression, dictionary-encoded columns, row groups of 2^20 rows), so an
// edge list of any length streams through bounded memory. Call Close after
// the last edge.
type EdgesParquetWriter struct {
	pw      *parquet.GenericWriter[EdgeRow]
	rows    []EdgeRow
	inGroup int
	err     error
}

// NewEdgesParquetWriter returns a writer of edges.parquet to w.
func NewEdgesParquetWriter(w io.Writer) *EdgesParquetWriter {
	return &EdgesParquetWriter{
		pw:   parquet.NewGenericWriter[EdgeRow](w, parquet.Compression(&parquet.Snappy)),
		rows: make([]EdgeRow, 0, 1<<14),
	}
}

// Add writes the edge src → dst.
func (e *EdgesParquetWriter) Add(src, dst string) error {
	if e.err != nil {
		return e.err
	}
	e.rows = append(e.rows, EdgeRow{Src: src, Dst: dst})
	if len(e.rows) == cap(e.rows) {
		e.flush()
	}
	return e.err
}

func (e *EdgesParquetWriter) flush() {
	if e.err != nil || len(e.rows) == 0 {
		return
	}
	if _, err := e.pw.Write(e.rows); err != nil {
		e.err = fmt.Errorf("out: edges.parquet: %w", err)
		return
	}
	e.inGroup += len(e.rows)
	e.rows = e.rows[:0]
	if e.inGroup >= parquetRowGroup {
		e.inGroup = 0
		if err := e.pw.Flush(); err != nil {
			e.err = fmt.Errorf("out: edges.parquet: %w", err)
		}
	}
}

// Close writes what is buffered and the file's footer.
func (e *EdgesParquetWriter) Close() error {
	e.flush()
	if e.err != nil {
		return e.err
	}
	if err := e.pw.Close(); err != nil {
		e.err = fmt.Errorf("out: edges.parquet: %w", err)
	}
	return e.err
}

// WriteEdgesParquet writes c's edges as edges.parquet, rows by citing node
// then cited node, in key order.
func WriteEdgesParquet(w io.Writer, c *graph.Compact) error {
	ew := NewEdgesParquetWriter(w)
	for u := range c.Len() {
		src := c.Key(u)
		for _, v := range c.Succ(u) {
			if err := ew.Add(src, c.Key(int(v))); err != nil {
				return err
			}
		}
	}
	return ew.Close()
}

// VertexInfo tells what is known of node i: its title ("" unknown), year
// (0 unknown) and global citation count (negative: unknown).
type VertexInfo func(i int) (title string, year, citations int)

// WriteVerticesParquet writes c's nodes as Parquet, in key order, with
// what info knows of them (info may be nil).
func WriteVerticesParquet(w io.Writer, c *graph.Compact, info VertexInfo) error {
	pw := parquet.NewGenericWriter[VertexRow](w, parquet.Compression(&parquet.Snappy))
	rows := make([]VertexRow, 0, 1<<14)
	for i := range c.Len() {
		r := VertexRow{ID: c.Key(i)}
		if info != nil {
			t, y, cit := info(i)
			if t = cleanText(t); t != "" {
				r.Title = &t
			}
			if y != 0 {
				y32 := int32(y)
				r.Year = &y32
			}
			if cit >= 0 {
				c32 := int32(cit)
				r.CitationCount = &c32
			}
		}
		rows = append(rows, r)
		if len(rows) == cap(rows) || i == c.Len()-1 {
			if _, err := pw.Write(rows); err != nil {
				return fmt.Errorf("out: vertices.parquet: %w", err)
			}
			rows = rows[:0]
			if (i+1)%parquetRowGroup == 0 {
				if err := pw.Flush(); err != nil {
					return fmt.Errorf("out: vertices.parquet: %w", err)
				}
			}
		}
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("out: vertices.parquet: %w", err)
	}
	return nil
}
