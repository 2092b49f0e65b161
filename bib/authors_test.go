package bib

import (
	"slices"
	"strings"
	"testing"
)

func TestAuthorSpeller(t *testing.T) {
	paper := func(id string, names ...string) *Paper {
		p := &Paper{PaperID: id}
		for _, n := range names {
			a := Author{Name: n}
			if name, id, ok := strings.Cut(n, " #"); ok { // "Name #7": authorId 7
				a = Author{Name: name, AuthorID: id}
			}
			p.Authors = append(p.Authors, a)
		}
		return p
	}
	for _, tc := range []struct {
		name   string
		papers []*Paper
		want   [][]string // authors of each paper as written
	}{
		{"accents kept, whatever the order",
			[]*Paper{paper("1", "Miguel A. Carreira-Perpiñán"), paper("2", "Miguel Á. Carreira-Perpiñán"), paper("3", "Miguel A. Carreira-Perpinan")},
			[][]string{{"Miguel Á. Carreira-Perpiñán"}, {"Miguel Á. Carreira-Perpiñán"}, {"Miguel Á. Carreira-Perpiñán"}}},
		{"one authorId: the fullest form",
			[]*Paper{paper("1", "G. Hinton #7"), paper("2", "Geoffrey E. Hinton #7"), paper("3", "Geoffrey Hinton #7")},
			[][]string{{"Geoffrey E. Hinton"}, {"Geoffrey E. Hinton"}, {"Geoffrey E. Hinton"}}},
		{"initials without authorId are not assumed to be the same person",
			[]*Paper{paper("1", "J. Wang"), paper("2", "Jian Wang"), paper("3", "Jun Wang")},
			[][]string{{"J. Wang"}, {"Jian Wang"}, {"Jun Wang"}}},
		{"a name without authorId joins the one authorId spelled alike",
			[]*Paper{paper("1", "Jurgen Schmidhuber"), paper("2", "Jürgen Schmidhuber #9")},
			[][]string{{"Jürgen Schmidhuber"}, {"Jürgen Schmidhuber"}}},
		{"two authorIds spelled alike stay two people",
			[]*Paper{paper("1", "Li Zhang #1"), paper("2", "Li Zhang #2"), paper("3", "Li Zhang")},
			[][]string{{"Li Zhang"}, {"Li Zhang"}, {"Li Zhang"}}},
		{"one authorId, two last names: not exchanged",
			[]*Paper{paper("1", "Anna Smith #4"), paper("2", "Anna Smith-Jones #4")},
			[][]string{{"Anna Smith"}, {"Anna Smith-Jones"}}},
		{"names with no ASCII form are not merged",
			[]*Paper{paper("1", "王小明", "อนิรุธ สืบสิงห์")},
			[][]string{{"王小明", "อนิรุธ สืบสิงห์"}}},
	} {
		for _, order := range [][]int{nil, {2, 1, 0}} {
			ps := slices.Clone(tc.papers)
			if order != nil && len(ps) == 3 {
				ps = []*Paper{ps[order[0]], ps[order[1]], ps[order[2]]}
			}
			sp := newAuthorSpeller(ps)
			for i, p := range tc.papers {
				q := sp.paper(p)
				var got []string
				for _, a := range q.Authors {
					got = append(got, a.Name)
				}
				if !slices.Equal(got, tc.want[i]) {
					t.Errorf("%s: paper %d: %q; want %q", tc.name, i+1, got, tc.want[i])
				}
				if q != p && &q.Authors[0] == &p.Authors[0] {
					t.Errorf("%s: the record's authors were changed in place", tc.name)
				}
			}
		}
	}
}
