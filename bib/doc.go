// Package bib reads reading lists (awesome-list Markdown, plain text, BibTeX)
// into Entries, holds the paper model shared by the other packages (Paper, in
// the shape of a Semantic Scholar paper object), and writes the records as
// BibTeX or biblatex (Bibliography), CSL-JSON and RIS, or merges them into a
// user's own .bib (Merge).
//
// Parse problems are *ParseError values that name the file and line; they are
// collected per entry and never sink a whole list.
package bib
