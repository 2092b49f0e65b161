package bib

import "io"

// STUB: replaced by the real implementation (BibTeX writer helper).

// Bibliography assigns citation keys to a set of papers and writes BibTeX.
type Bibliography struct{}

// Warning is something about a paper that could not be written faithfully.
type Warning struct {
	Key string // citation key
	Msg string
}

// NewBibliography assigns Google-Scholar-style keys to papers; the same set
// of papers always gets the same keys whatever their order.
func NewBibliography(papers []*Paper) *Bibliography { panic("unimplemented") }

// CiteKey returns the citation key of the paper with Paper.Key() == paperKey.
func (b *Bibliography) CiteKey(paperKey string) string { panic("unimplemented") }

// Write writes the entries for the given paper keys (all papers when nil),
// sorted by citation key, after a header comment (each line prefixed "% ").
func (b *Bibliography) Write(w io.Writer, header string, paperKeys []string) error {
	panic("unimplemented")
}

// Warnings returns what could not be written faithfully, sorted by key.
func (b *Bibliography) Warnings() []Warning { panic("unimplemented") }
