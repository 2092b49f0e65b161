package out

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// jsonArray writes a JSON array one element at a time, so that an artefact
// of 100,000 records never holds them all, encoded, in memory: for the
// same elements the bytes are those writeJSON gives for the whole slice
// (indented by two spaces, "<", ">" and "&" as they are, bidirectional
// controls dropped, "[]" when empty, a final newline). Call close after
// the last element.
type jsonArray struct {
	w    io.Writer
	name string // the artefact, for errors
	n    int
	buf  bytes.Buffer
	enc  *json.Encoder
	err  error
}

func newJSONArray(w io.Writer, name string) *jsonArray {
	a := &jsonArray{w: w, name: name}
	a.enc = json.NewEncoder(&a.buf)
	a.enc.SetEscapeHTML(false)
	a.enc.SetIndent("  ", "  ")
	return a
}

// add writes one element.
func (a *jsonArray) add(v any) error {
	if a.err != nil {
		return a.err
	}
	a.buf.Reset()
	if a.n == 0 {
		a.buf.WriteString("[\n  ")
	} else {
		a.buf.WriteString(",\n  ")
	}
	if err := a.enc.Encode(v); err != nil {
		a.err = fmt.Errorf("out: %s: %w", a.name, err)
		return a.err
	}
	a.buf.Truncate(a.buf.Len() - 1) // the Encoder's newline
	b := a.buf.Bytes()
	if bytes.ContainsFunc(b, bidiControl) {
		b = dropBidi(b)
	}
	if _, err := a.w.Write(b); err != nil {
		a.err = fmt.Errorf("out: %s: %w", a.name, err)
		return a.err
	}
	a.n++
	return nil
}

// close ends the array.
func (a *jsonArray) close() error {
	if a.err != nil {
		return a.err
	}
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	if _, err := io.WriteString(a.w, end); err != nil {
		a.err = fmt.Errorf("out: %s: %w", a.name, err)
	}
	return a.err
}

// writeJSONArray writes n elements, element(i) for each i in order, as one
// JSON array (see jsonArray).
func writeJSONArray[T any](w io.Writer, name string, n int, element func(i int) T) error {
	a := newJSONArray(w, name)
	for i := range n {
		if err := a.add(element(i)); err != nil {
			return err
		}
	}
	return a.close()
}
