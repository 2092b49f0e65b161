package bib

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bkMergeBack writes papers with a Bibliography, reads the .bib back and
// merges every entry with the paper it was written from, returning the
// merged .bib, the changes and the first written text.
func bkMergeBack(t testing.TB, papers []*Paper, f Format) (first, again string, changes []Change) {
	t.Helper()
	b := NewBibliography(papers)
	var buf bytes.Buffer
	if err := b.WriteFormat(&buf, f, "", nil); err != nil {
		t.Fatal(err)
	}
	first = buf.String()
	l := ParseBibTeX("refs.bib", buf.Bytes())
	byKey := map[string]*Paper{}
	for _, p := range papers {
		byKey[b.CiteKey(p.Key())] = p
	}
	var items []MergeItem
	for _, e := range l.Entries {
		items = append(items, MergeItem{Entry: e, Paper: byKey[e.Key]})
	}
	m := Merge(items, MergeOptions{Format: f})
	buf.Reset()
	if err := m.Write(&buf, ""); err != nil {
		t.Fatal(err)
	}
	return first, buf.String(), m.Changes()
}

// TestMergeFixedPoint: every entry citegraph writes, read back and merged
// with its own record, comes back unchanged: the snapshot's records and
// the hostile ones, in both flavours.
func TestMergeFixedPoint(t *testing.T) {
	var papers []*Paper
	for _, p := range append(bkSnapshot(t), bkHostile(t)...) {
		if strings.TrimSpace(p.Title) != "" { // else the reader may skip the entry (no title, no id), and says so
			papers = append(papers, p)
		}
	}
	for _, f := range []Format{BibTeX, BibLaTeX} {
		first, again, changes := bkMergeBack(t, papers, f)
		if len(changes) > 0 {
			t.Errorf("%s: %d changes, first: %v", f, len(changes), changes[0])
		}
		if first != again {
			t.Errorf("%s: merged back, the .bib changed at %s", f, firstDiffLine(first, again))
		}
	}
}

func firstDiffLine(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "\n  " + al[i] + "\n  " + bl[i]
		}
	}
	return "the end"
}

// FuzzMergeFixedPoint checks the fixed point for fuzzed records.
func FuzzMergeFixedPoint(f *testing.F) {
	f.Add("MobileNetV2: Inverted Residuals and Linear Bottlenecks", "Mark Sandler", "CVPR", "1801.04381", 2018)
	f.Add(`"Learning-Compression" Algorithms, Part II`, "Miguel Á. Carreira-Perpiñán", "arXiv", "1707.01209", 2017)
	f.Add("Bayesian {Unbalanced} Markov & 100% C# ~50$", "Laurens van der Maaten", "Journal of Machine Learning Research", "", 2008)
	f.Add("Échec à Łódź: α-β ≤ 2×", "The ATLAS Collaboration", "", "", 0)
	f.Fuzz(func(t *testing.T, title, author, venue, arxiv string, year int) {
		p := &Paper{PaperID: "fuzz", Title: title, Venue: venue, Year: year,
			Authors: []Author{{Name: author}}, ExternalIDs: ExternalIDs{"ArXiv": arxiv}}
		for _, fm := range []Format{BibTeX, BibLaTeX} {
			first, again, changes := bkMergeBack(t, []*Paper{p}, fm)
			if strings.Count(first, "\n@") != 1 || strings.Count(again, "\n@")+strings.Count(again[:1], "@") == 0 {
				return // the reader skipped the entry (no title, no id): reported, not merged
			}
			if len(changes) > 0 || first != again {
				t.Fatalf("%s: not a fixed point: %v\nwritten:\n%s\nmerged:\n%s", fm, changes, first, again)
			}
		}
	})
}

func TestLowerStyle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Distilling the Knowledge", "Distilling the knowledge"},
		{"{MobileNetV2}: Inverted Residuals", "{MobileNetV2}: Inverted residuals"},
		{"Model compression: Part {I}: A Survey", "Model compression: Part {I}: A survey"},
		{"``{Quoted}'' Words", "``{Quoted}'' words"},
		{"Caf{\\'E} {\\'E}chec", "Caf{\\'e} {\\'e}chec"},
		{"{\\'E}chec Now", "{\\'E}chec now"},
		{"A {B {C}} D", "A {B {C}} d"},
	} {
		if got := bkLowerStyle(tc.in); got != tc.want {
			t.Errorf("bkLowerStyle(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestBetterTitle(t *testing.T) {
	for _, tc := range []struct {
		user, record, want string // want "" when the entry's title is kept
	}{
		{"Fitnets: Hints for thin deep nets", "FitNets: Hints for Thin Deep Nets", "{FitNets}: Hints for Thin Deep Nets"},
		{"{FitNets}: Hints for thin deep nets", "FitNets: Hints for Thin Deep Nets", ""}, // sentence case is not wrong
		{"Distilling the knowledge in a neural network", "Distilling the Knowledge in a Neural Network", ""},
		{"Practical Bayesian optimization", "Practical Bayesian Optimization", "Practical {Bayesian} Optimization"},
		{"Practical {Bayesian} optimization of {GPs}", "Practical Bayesian Optimization of GPs", ""},
		// Words the user protected stay protected.
		{"Efficient {Transformer} models for {mobilenets}", "Efficient Transformer Models for MobileNets", "Efficient {Transformer} Models for {MobileNets}"},
		// Other words: another title, kept.
		{"MobileNets v2", "MobileNetV2: Inverted Residuals", ""},
	} {
		got, ok := bkBetterTitle(tc.user, tc.record)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("bkBetterTitle(%q, %q) = %q; want %q", tc.user, tc.record, got, tc.want)
		}
	}
}

// TestMergeAsRead writes every .bib of testdata/lists back with no record
// (every entry unresolved): each entry comes back, read again, with the
// same key, type, fields, title and ids.
func TestMergeAsRead(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "lists", "*.bib"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .bib in testdata/lists: %v", err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		l := ParseBibTeX(file, src)
		var items []MergeItem
		for _, e := range l.Entries {
			items = append(items, MergeItem{Entry: e, Reason: "no record in this test"})
		}
		var buf bytes.Buffer
		if err := Merge(items, MergeOptions{}).Write(&buf, "as read"); err != nil {
			t.Fatal(err)
		}
		back := ParseBibTeX("back.bib", buf.Bytes())
		for _, p := range back.Problems {
			t.Errorf("%s written back: %v", file, p)
		}
		if len(back.Entries) != len(l.Entries) {
			t.Fatalf("%s: %d entries read, %d written back", file, len(l.Entries), len(back.Entries))
		}
		for i, e := range l.Entries {
			g := back.Entries[i]
			if g.Key != e.Key || g.Type != e.Type || g.Title != e.Title || g.IDs != e.IDs || g.Year != e.Year {
				t.Errorf("%s:%d: %s came back as %s (%q %v %d)", file, e.Line, e.Key, g.Key, g.Title, g.IDs, g.Year)
			}
			for _, f := range e.Fields {
				if f.Name == "crossref" {
					continue // inherited fields are written out instead
				}
				v, ok := g.Field(f.Name)
				if !ok || v != f.Value && !(f.Name == "month" && bkMonthNumber(v) == bkMonthNumber(f.Value)) {
					t.Errorf("%s:%d: %s: %s = %q came back as %q", file, e.Line, e.Key, f.Name, f.Value, v)
				}
			}
		}
	}
}

// TestMergeArXivVenue: the arxiv-id rule writes the record's id into
// Google Scholar's "arXiv preprint" with its id missing, and nothing else:
// a venue that is arXiv's name (DBLP's CoRR with the id in its volume,
// arXiv with an eprint, ADS's arXiv e-prints) already names the venue and
// carries the id, and stays as written.
func TestMergeArXivVenue(t *testing.T) {
	var rec *Paper
	for _, p := range bkSnapshot(t) {
		if p.Title == "Distilling the Knowledge in a Neural Network" {
			rec = p
		}
	}
	if rec == nil {
		t.Fatal("no snapshot record for Distilling the Knowledge in a Neural Network")
	}
	// The record carries no arXiv id: the entry's (its url, its eprint)
	// counts as the record's.
	const title = "  title = {Distilling the Knowledge in a Neural Network},\n  url = {https://arxiv.org/abs/1503.02531},\n"
	for _, tc := range []struct {
		name, entry string
		field, want string // the venue field and its value written
	}{
		{"Google Scholar, id missing", "@article{k,\n" + title + "  journal = {arXiv preprint},\n  year = {2015}\n}",
			"journal", "arXiv preprint arXiv:1503.02531"},
		{"Google Scholar, id missing, braced", "@article{k,\n" + title + "  journal = {{arXiv} Preprint},\n  eprint = {1503.02531}\n}",
			"journal", "arXiv preprint arXiv:1503.02531"},
		{"howpublished, id missing", "@misc{k,\n" + title + "  howpublished = {arXiv preprint}\n}",
			"howpublished", "arXiv preprint arXiv:1503.02531"},
		{"Google Scholar, with its id", "@article{k,\n" + title + "  journal = {arXiv preprint arXiv:1503.02531},\n  year = {2015}\n}",
			"journal", "arXiv preprint arXiv:1503.02531"},
		// DBLP's entry, as dblp.org serves it.
		{"DBLP CoRR", `@article{DBLP:journals/corr/HintonVD15,
  author    = {Geoffrey E. Hinton and
               Oriol Vinyals and
               Jeffrey Dean},
  title     = {Distilling the Knowledge in a Neural Network},
  journal   = {CoRR},
  volume    = {abs/1503.02531},
  year      = {2015},
  url       = {http://arxiv.org/abs/1503.02531},
  eprinttype = {arXiv},
  eprint    = {1503.02531},
  timestamp = {Mon, 13 Aug 2018 16:48:36 +0200},
  biburl    = {https://dblp.org/rec/journals/corr/HintonVD15.bib},
  bibsource = {dblp computer science bibliography, https://dblp.org}
}`, "journal", "CoRR"},
		{"arXiv and an eprint", "@article{k,\n" + title + "  journal = {arXiv},\n  eprint = {1503.02531},\n  archivePrefix = {arXiv}\n}",
			"journal", "arXiv"},
		{"ADS arXiv e-prints", "@article{k,\n" + title + "  journal = {arXiv e-prints},\n  pages = {arXiv:1503.02531},\n  eid = {arXiv:1503.02531}\n}",
			"journal", "arXiv e-prints"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := ParseBibTeX("v.bib", []byte(tc.entry))
			if len(l.Entries) != 1 {
				t.Fatalf("read %d entries: %v", len(l.Entries), l.Problems)
			}
			m := Merge([]MergeItem{{Entry: l.Entries[0], Paper: rec}}, MergeOptions{Source: l.Source})
			var buf bytes.Buffer
			if err := m.Write(&buf, "h"); err != nil {
				t.Fatal(err)
			}
			back := ParseBibTeX("back.bib", buf.Bytes())
			if len(back.Entries) != 1 {
				t.Fatalf("wrote %d entries:\n%s", len(back.Entries), buf.String())
			}
			if got, _ := back.Entries[0].Field(tc.field); got != tc.want {
				t.Errorf("%s = %q; want %q", tc.field, got, tc.want)
			}
			rewritten := false
			for _, c := range m.Changes() {
				rewritten = rewritten || c.Rule == "arxiv-id"
			}
			orig, _ := l.Entries[0].Field(tc.field)
			if rewritten != (orig != tc.want) {
				t.Errorf("arxiv-id change listed: %v; the venue was %q", rewritten, orig)
			}
			// What carried the id still does.
			for _, f := range []string{"volume", "pages", "eprint"} {
				if v, ok := l.Entries[0].Field(f); ok {
					if w, _ := back.Entries[0].Field(f); w != v {
						t.Errorf("%s = %q written %q", f, v, w)
					}
				}
			}
		})
	}
}

// TestMergeNoArXivVenueWithoutID: a record known only as an arXiv preprint
// without an arXiv id (and an entry that gives none) gets no venue: a bare
// "arXiv preprint" names no paper, and the writer would warn about it.
func TestMergeNoArXivVenueWithoutID(t *testing.T) {
	var rec *Paper
	for _, p := range bkSnapshot(t) {
		if p.Title == "Distilling the Knowledge in a Neural Network" {
			rec = p
		}
	}
	if rec == nil || rec.IDs().ArXiv != "" {
		t.Fatalf("fixture: want the snapshot's record without an arXiv id, got %+v", rec)
	}
	l := ParseBibTeX("v.bib", []byte("@misc{k,\n  title = {Distilling the Knowledge in a Neural Network}\n}\n"))
	m := Merge([]MergeItem{{Entry: l.Entries[0], Paper: rec}}, MergeOptions{Source: l.Source})
	var buf bytes.Buffer
	if err := m.Write(&buf, "h"); err != nil {
		t.Fatal(err)
	}
	back := ParseBibTeX("back.bib", buf.Bytes())
	if j, ok := back.Entries[0].Field("journal"); ok {
		t.Errorf("journal = %q written; want none:\n%s", j, buf.String())
	}
	for _, w := range m.Warnings() {
		if strings.Contains(w.Msg, "arXiv") {
			t.Errorf("warning %q about a venue the merge added", w)
		}
	}
	if a, _ := back.Entries[0].Field("author"); !strings.Contains(a, "Hinton") {
		t.Errorf("the record did not fill the entry: author %q", a)
	}
}
