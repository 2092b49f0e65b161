package bib

import (
	"strings"
	"unicode"
)

// authorSpeller writes each person the same way in every entry of a
// Bibliography: the fullest of the spellings its records use, accents kept
// ("Miguel Á. Carreira-Perpiñán", not "Miguel A. Carreira-Perpinan" in one
// entry and the accented form in another).
//
// Two author occurrences are the same person when they share a Semantic
// Scholar authorId; an occurrence without authorId is the same person as
// the others spelled alike up to accents, case and punctuation, and joins
// the authorId of those when exactly one authorId is spelled that way.
// Within a person, only spellings with the same last name (accents folded)
// are exchanged, so a record that merged two people changes nothing.
//
// The fullest spelling has the most letters ("Miguel" over "M."), then the
// most non-ASCII letters (accents kept), then comes first in byte order, so
// the choice never depends on the order of the papers.
type authorSpeller struct {
	form map[string]string          // occurrence key (authorSpellKey) → spelling
	ids  map[string]map[string]bool // folded name → the authorIds spelled so
}

// authorSpellKey identifies an occurrence: the group it belongs to and its
// folded last name.
func authorSpellKey(group, name string) string {
	n := texSplitName(name)
	last := bkKeyWord(n.von + n.last)
	if last == "" {
		last = authorNameKey(name)
	}
	return group + "\x00" + last
}

// authorNameKey is a name with accents, case and punctuation folded away;
// a name with no ASCII form ("王小明") is its own key.
func authorNameKey(name string) string {
	if k := strings.Join(bkWords(name), " "); k != "" {
		return k
	}
	return texClean(name)
}

func newAuthorSpeller(papers []*Paper) *authorSpeller {
	// Which authorIds each folded name is spelled with.
	ids := map[string]map[string]bool{}
	for _, p := range papers {
		for _, a := range p.Authors {
			if a.AuthorID == "" {
				continue
			}
			k := authorNameKey(a.Name)
			if ids[k] == nil {
				ids[k] = map[string]bool{}
			}
			ids[k][a.AuthorID] = true
		}
	}
	s := &authorSpeller{form: map[string]string{}}
	for _, p := range papers {
		for _, a := range p.Authors {
			if strings.TrimSpace(a.Name) == "" {
				continue
			}
			k := s.key(a, ids)
			if cur, ok := s.form[k]; !ok || authorFuller(a.Name, cur) {
				s.form[k] = a.Name
			}
		}
	}
	s.ids = ids
	return s
}

// key returns the occurrence key of author a.
func (s *authorSpeller) key(a Author, ids map[string]map[string]bool) string {
	group := "id:" + a.AuthorID
	if a.AuthorID == "" {
		nk := authorNameKey(a.Name)
		group = "name:" + nk
		if m := ids[nk]; len(m) == 1 {
			for id := range m {
				group = "id:" + id
			}
		}
	}
	return authorSpellKey(group, a.Name)
}

// paper returns p with its authors respelled, or p itself when nothing
// changes. p is not modified.
func (s *authorSpeller) paper(p *Paper) *Paper {
	if s == nil || p == nil {
		return p
	}
	var authors []Author
	for i, a := range p.Authors {
		f, ok := s.form[s.key(a, s.ids)]
		if !ok || f == a.Name {
			continue
		}
		if authors == nil {
			authors = append([]Author(nil), p.Authors...)
		}
		authors[i].Name = f
	}
	if authors == nil {
		return p
	}
	c := *p
	c.Authors = authors
	return &c
}

// authorFuller reports whether spelling a is fuller than b (see
// authorSpeller).
func authorFuller(a, b string) bool {
	la, na := authorLetters(a)
	lb, nb := authorLetters(b)
	if la != lb {
		return la > lb
	}
	if na != nb {
		return na > nb
	}
	return a < b
}

// authorLetters counts the letters of s and those of them that are not
// ASCII.
func authorLetters(s string) (letters, nonASCII int) {
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if r >= 0x80 {
				nonASCII++
			}
		}
	}
	return letters, nonASCII
}
