package bib

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/data"
	"github.com/nickng/bibtex"
)

// bkUpdate reports whether -update was given. The flag is declared once for
// the package (parse_test.go); it rewrites testdata/bibtex/*.golden too.
func bkUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// bkGolden compares got with testdata/bibtex/name, or rewrites it with -update.
func bkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "bibtex", name)
	if bkUpdate() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bib -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(run with -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

func bkSnapshot(t testing.TB) []*Paper {
	t.Helper()
	ps, errs := DecodeJSONL("snapshot", data.Snapshot)
	if len(errs) > 0 {
		t.Fatalf("snapshot: %v", errs)
	}
	return ps
}

func bkWrite(t testing.TB, b *Bibliography, header string, keys []string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := b.Write(&buf, header, keys); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func bkWarningsText(b *Bibliography) []byte {
	var s strings.Builder
	for _, w := range b.Warnings() {
		s.WriteString(w.String() + "\n")
	}
	return []byte(s.String())
}

// TestGolden writes the hostile records and the whole snapshot, and their
// warnings, against testdata/bibtex/*.golden.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		papers func(testing.TB) []*Paper
	}{
		{"hostile", bkHostile},
		{"snapshot", bkSnapshot},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBibliography(tc.papers(t))
			bkGolden(t, tc.name+".bib.golden", []byte(bkWrite(t, b, "golden test: "+tc.name, nil)))
			bkGolden(t, tc.name+".warnings.golden", bkWarningsText(b))
		})
	}
}

// bkEntryOf returns the text of the entry with the given citation key.
func bkEntryOf(t *testing.T, bib, key string) string {
	t.Helper()
	i := strings.Index(bib, "{"+key+",\n")
	if i < 0 {
		t.Fatalf("no entry %s in:\n%s", key, bib)
	}
	start := strings.LastIndex(bib[:i], "@")
	end := strings.Index(bib[i:], "\n}\n")
	return bib[start : i+end+3]
}

// TestSeedEntries checks the seed papers a careful author would write by
// hand (compare DBLP's entries for them).
func TestSeedEntries(t *testing.T) {
	b := NewBibliography(bkSnapshot(t))
	bib := bkWrite(t, b, "", nil)
	for _, tc := range []struct {
		key  string
		want []string // lines the entry must hold
		not  []string // substrings it must not hold
	}{
		{"sandler2018mobilenetv2", []string{
			"@inproceedings{sandler2018mobilenetv2,",
			"  author    = {Sandler, Mark and Howard, Andrew and Zhu, Menglong and Zhmoginov, Andrey and Chen, Liang-Chieh},",
			"  title     = {{MobileNetV2}: Inverted Residuals and Linear Bottlenecks},",
			"  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)},",
			"  pages     = {4510--4520},",
			"  year      = {2018},",
			"  doi       = {10.1109/CVPR.2018.00474},",
			"  url       = {https://doi.org/10.1109/CVPR.2018.00474}",
		}, []string{"2018 IEEE/CVF", "eprint"}},
		{"howard2017mobilenets", []string{
			"@article{howard2017mobilenets,",
			"  title         = {{MobileNets}: Efficient Convolutional Neural Networks for Mobile Vision Applications},",
			"  journal       = {arXiv preprint arXiv:1704.04861},",
			"  url           = {https://arxiv.org/abs/1704.04861},",
			"  eprint        = {1704.04861},",
			"  archivePrefix = {arXiv}",
		}, []string{"booktitle", "doi"}},
		{"rastegari2016xnor", []string{
			"@inproceedings{rastegari2016xnor,",
			"  author    = {Rastegari, Mohammad and Ordonez, Vicente and Redmon, Joseph and Farhadi, Ali},",
			"  title     = {{XNOR-Net}: {ImageNet} Classification Using Binary Convolutional Neural Networks},",
			"  booktitle = {European Conference on Computer Vision (ECCV)},",
			"  pages     = {525--542},",
			"  publisher = {Springer},",
			"  doi       = {10.1007/978-3-319-46493-0_32},",
		}, nil},
		{"romero2015fitnets", []string{
			"@inproceedings{romero2015fitnets,",
			"  title         = {{FitNets}: Hints for Thin Deep Nets},",
			"  booktitle     = {International Conference on Learning Representations (ICLR)},",
			"  year          = {2015},",
			"  eprint        = {1412.6550},",
		}, []string{"10.48550", "ICLR2015"}}, // arXiv's DOI is not the ICLR paper's
		{"hu2018squeeze", []string{ // S2 says TPAMI; the DOI and type say CVPR 2018
			"@inproceedings{hu2018squeeze,",
			"  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)},",
			"  title     = {Squeeze-and-Excitation Networks},",
		}, nil},
		{"gholami2018squeezenext", []string{
			"  booktitle     = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)},",
		}, nil},
		{"cheng2018recent", []string{
			"@article{cheng2018recent,",
			"  journal = {Frontiers of Information Technology \\& Electronic Engineering},",
			"  volume  = {19},",
			"  number  = {1},",
			"  pages   = {64--77},",
		}, nil},
		{"carreiraperpinan2017modela", []string{
			"  author        = {Carreira-Perpi{\\~n}{\\'a}n, Miguel {\\'A}.},",
			"  title         = {Model compression as constrained optimization, with application to neural nets. Part {I}: general framework},",
		}, nil},
		{"carreiraperpinan2017modelb", []string{
			"  title         = {Model compression as constrained optimization, with application to neural nets. Part {II}: quantization},",
		}, nil},
		{"chen2018darkrank", []string{
			"  booktitle = {Proceedings of the AAAI Conference on Artificial Intelligence},",
		}, nil},
		{"polino2018model", []string{
			"  booktitle     = {International Conference on Learning Representations (ICLR)},",
		}, nil},
		{"sun2018igcv3", []string{
			"  booktitle     = {British Machine Vision Conference (BMVC)},",
		}, nil},
	} {
		t.Run(tc.key, func(t *testing.T) {
			e := bkEntryOf(t, bib, tc.key)
			lines := map[string]bool{}
			for _, l := range strings.Split(e, "\n") {
				lines[l] = true
			}
			for _, w := range tc.want {
				if !lines[w] {
					t.Errorf("entry lacks line\n%s\nentry:\n%s", w, e)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(e, n) {
					t.Errorf("entry holds %q:\n%s", n, e)
				}
			}
		})
	}
}

// TestCiteKeyStable checks that keys do not depend on input order, that
// clashes get suffixes in Paper.Key() order, and that aliases find papers.
func TestCiteKeyStable(t *testing.T) {
	ps := append(bkSnapshot(t), bkHostile(t)...)
	want := NewBibliography(ps)
	rev := make([]*Paper, len(ps))
	for i, p := range ps {
		rev[len(ps)-1-i] = p
	}
	// A rotation as well as the reversal.
	rot := append(append([]*Paper(nil), ps[len(ps)/3:]...), ps[:len(ps)/3]...)
	for name, order := range map[string][]*Paper{"reversed": rev, "rotated": rot} {
		got := NewBibliography(order)
		for _, p := range ps {
			if g, w := got.CiteKey(p.Key()), want.CiteKey(p.Key()); g != w {
				t.Errorf("%s: CiteKey(%s) = %q; want %q", name, p.Key(), g, w)
			}
		}
		if g, w := bkWrite(t, got, "h", nil), bkWrite(t, want, "h", nil); g != w {
			t.Errorf("%s: output differs with input order", name)
		}
	}
	seen := map[string]string{}
	for _, p := range ps {
		k := want.CiteKey(p.Key())
		if !regexp.MustCompile(`^[a-z0-9]+$`).MatchString(k) {
			t.Errorf("CiteKey(%s) = %q; want ASCII lower case letters and digits", p.Key(), k)
		}
		if other, dup := seen[k]; dup {
			t.Errorf("key %s given to both %s and %s", k, other, p.Key())
		}
		seen[k] = p.Key()
	}
	// The three Smith 2020 papers: "Deep Residual…" and "Deep Features"
	// clash on smith2020deep; "DeepA" already holds smith2020deepa.
	for id, k := range map[string]string{
		"hostile-clash-1": "smith2020deepb", "hostile-clash-2": "smith2020deepc", "hostile-clash-3": "smith2020deepa",
		"hostile-names": "vandermaaten2008names", "hostile-emoji": "anonymous2022deep",
		"hostile-no-year": "fisherpaper", "hostile-title-only": "anonymousonly",
		"hostile-corporate-first": "gemini2023gemini", "hostile-accents": "muller2021echec",
	} {
		if got := want.CiteKey(id); got != k {
			t.Errorf("CiteKey(%s) = %q; want %q", id, got, k)
		}
	}
	// Aliases: the arXiv id and the DOI lead to the paper as well.
	for alias, k := range map[string]string{
		"ARXIV:1801.04381": "sandler2018mobilenetv2", "DOI:10.1109/cvpr.2018.00474": "sandler2018mobilenetv2",
		"TITLE:" + NormalizeTitle("Variational Network Quantization"): "achterhold2018variational",
		"no-such-paper": "",
	} {
		if got := want.CiteKey(alias); got != k {
			t.Errorf("CiteKey(%q) = %q; want %q", alias, got, k)
		}
	}
}

// TestNewBibliographyKeys: wanted keys are used when they are valid and
// free (BibTeX compares keys without case); every other paper keeps a
// generated key that never takes a wanted one.
func TestNewBibliographyKeys(t *testing.T) {
	ps := append(bkSnapshot(t), bkHostile(t)...)
	gen := NewBibliography(ps)
	mobile := "ARXIV:1801.04381"
	if gen.CiteKey(mobile) != "sandler2018mobilenetv2" {
		t.Fatalf("fixture: MobileNetV2 is %q", gen.CiteKey(mobile))
	}
	tests := []struct {
		name string
		keys map[string]string // by the paper's generated key, for legibility
		want map[string]string // generated key → key written
	}{
		{"none", nil, map[string]string{"sandler2018mobilenetv2": "sandler2018mobilenetv2"}},
		{"kept", map[string]string{"sandler2018mobilenetv2": "MobileNetV2", "smith2020deepa": "res:net"},
			map[string]string{"sandler2018mobilenetv2": "MobileNetV2", "smith2020deepa": "res:net", "smith2020deepb": "smith2020deepa"}}, // the key res:net frees is generated again
		{"a wanted key another paper would generate", map[string]string{"sandler2018mobilenetv2": "smith2020deepb"},
			map[string]string{"sandler2018mobilenetv2": "smith2020deepb", "smith2020deepa": "smith2020deepa", "smith2020deepb": "smith2020deepc", "smith2020deepc": "smith2020deepd"}},
		{"a wanted key a singleton would generate, in other case", map[string]string{"smith2020deepa": "Muller2021Echec"},
			map[string]string{"smith2020deepa": "Muller2021Echec", "muller2021echec": "muller2021echeca"}},
		{"invalid keys are not used", map[string]string{"sandler2018mobilenetv2": "has space", "smith2020deepa": "a,b", "muller2021echec": ""},
			map[string]string{"sandler2018mobilenetv2": "sandler2018mobilenetv2", "smith2020deepa": "smith2020deepa", "muller2021echec": "muller2021echec"}},
	}
	byGen := map[string]string{} // generated key → Paper.Key()
	for _, p := range ps {
		byGen[gen.CiteKey(p.Key())] = p.Key()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := map[string]string{}
			for g, k := range tt.keys {
				keys[byGen[g]] = k
			}
			b := NewBibliographyKeys(ps, keys)
			for g, w := range tt.want {
				if got := b.CiteKey(byGen[g]); got != w {
					t.Errorf("CiteKey(%s) = %q; want %q", g, got, w)
				}
			}
			seen := map[string]bool{}
			for _, p := range ps {
				k := strings.ToLower(b.CiteKey(p.Key()))
				if seen[k] {
					t.Errorf("key %q written twice", k)
				}
				seen[k] = true
			}
		})
	}
	// Two papers wanting one key (in any case): the first in order gets it.
	a, c := ps[0], ps[1]
	b := NewBibliographyKeys(ps, map[string]string{a.Key(): "dup", c.Key(): "DUP"})
	if b.CiteKey(a.Key()) != "dup" || b.CiteKey(c.Key()) != gen.CiteKey(c.Key()) {
		t.Errorf("two papers wanting one key: %q, %q", b.CiteKey(a.Key()), b.CiteKey(c.Key()))
	}
}

func TestNewBibliographyDuplicatesAndNil(t *testing.T) {
	p := &Paper{PaperID: "p1", Title: "Same Paper", Year: 2020, Authors: []Author{{Name: "Ann Lee"}}, Venue: "ICML"}
	q := &Paper{PaperID: "p1", Title: "Same Paper, other copy", Year: 2021, Venue: "ICLR"}
	b := NewBibliography([]*Paper{nil, p, q, nil})
	out := bkWrite(t, b, "", nil)
	if n := strings.Count(out, "\n@") + strings.Count(out[:1], "@"); n != 1 {
		t.Fatalf("wrote %d entries for one paper:\n%s", n, out)
	}
	if got := b.CiteKey("p1"); got != "lee2020same" {
		t.Errorf("CiteKey(p1) = %q; want the first copy's key lee2020same", got)
	}
}

func TestWrite(t *testing.T) {
	b := NewBibliography(bkSnapshot(t))
	t.Run("header", func(t *testing.T) {
		out := bkWrite(t, b, "Data: x@y.org\n\nline 3\n", []string{"ARXIV:1704.04861"})
		wantHead := "% Data: x at y.org\n%\n% line 3\n\n@article{howard2017mobilenets,\n"
		if !strings.HasPrefix(out, wantHead) {
			t.Errorf("Write starts\n%q\nwant\n%q", out[:min(len(out), len(wantHead))], wantHead)
		}
		if i := strings.Index(out, "@article"); strings.Contains(out[:i], "@") {
			t.Errorf("header holds an @, which BibTeX takes for an entry: %q", out[:i])
		}
	})
	t.Run("selection sorted by key, duplicates once", func(t *testing.T) {
		out := bkWrite(t, b, "", []string{"ARXIV:1704.04861", "dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4", "ARXIV:1603.05279", "ARXIV:1801.04381"})
		keys := regexp.MustCompile(`(?m)^@\w+\{([^,]+),$`).FindAllStringSubmatch(out, -1)
		var got []string
		for _, k := range keys {
			got = append(got, k[1])
		}
		want := []string{"howard2017mobilenets", "rastegari2016xnor", "sandler2018mobilenetv2"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("entries %v; want %v", got, want)
		}
	})
	t.Run("unknown key", func(t *testing.T) {
		var buf bytes.Buffer
		err := b.Write(&buf, "h", []string{"ARXIV:1704.04861", "nope"})
		if err == nil || !strings.Contains(err.Error(), `bib: write: unknown paper key "nope"`) {
			t.Errorf("Write with an unknown key: err = %v", err)
		}
		if buf.Len() != 0 {
			t.Errorf("Write wrote %d bytes before failing", buf.Len())
		}
	})
	t.Run("empty selection", func(t *testing.T) {
		if out := bkWrite(t, b, "", []string{}); out != "" {
			t.Errorf("Write(nothing) = %q", out)
		}
	})
	t.Run("writer error", func(t *testing.T) {
		err := b.Write(bkFailWriter{}, "h", nil)
		if !errors.Is(err, errBkDisk) || !strings.HasPrefix(err.Error(), "bib: write: ") {
			t.Errorf("Write to a failing writer: err = %v", err)
		}
	})
}

var errBkDisk = errors.New("disk full")

type bkFailWriter struct{}

func (bkFailWriter) Write([]byte) (int, error) { return 0, errBkDisk }

// TestWarnings checks that what cannot be written is reported, per key,
// sorted by key, and never silently dropped.
func TestWarnings(t *testing.T) {
	b := NewBibliography(bkHostile(t))
	ws := b.Warnings()
	for i := 1; i < len(ws); i++ {
		if ws[i-1].Key > ws[i].Key {
			t.Fatalf("warnings not sorted by key: %v before %v", ws[i-1], ws[i])
		}
	}
	text := string(bkWarningsText(b))
	for _, want := range []string{
		`anonymous2022deep: title: dropped 4 character(s) with no LaTeX form: '🚀' (U+1F680), '中' (U+4E2D), '文' (U+6587), '😀' (U+1F600)`,
		`anonymous2022deep: author 1 "王小明" has no LaTeX form: left out`,
		`anonymous2018attention: no author: written as @misc, not @inproceedings`,
		`fisherpaper: no year: written as @misc, not @article`,
		`curie2012: no title: written as @misc, not @article`,
		`anonymousonly: no author and no year`,
		`out2013tabs: title: dropped 1 character(s) with no LaTeX form: '\a' (U+0007)`,
		`student2010unplaced: thesis without a school: written as @misc`,
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("warnings lack %q; got:\n%s", want, text)
		}
	}
	// Returned slices are copies.
	if len(ws) > 0 {
		ws[0].Msg = "changed"
		if b.Warnings()[0].Msg == "changed" {
			t.Error("Warnings returns the Bibliography's own slice")
		}
	}
}

// bkParseAll parses a whole .bib with nickng/bibtex, failing the test on an
// error (the parser panics or log.Fatals on some inputs; ours must never
// produce those).
func bkParseAll(t testing.TB, bib string) *bibtex.BibTex {
	t.Helper()
	parsed, err := bibtex.Parse(strings.NewReader(bib))
	if err != nil {
		t.Fatalf("nickng/bibtex cannot parse the output: %v\n%s", err, bib)
	}
	return parsed
}

// TestRoundTrip parses the output back with nickng/bibtex and checks that
// every entry, key and field survives.
func TestRoundTrip(t *testing.T) {
	ps := append(bkSnapshot(t), bkHostile(t)...)
	b := NewBibliography(ps)
	out := bkWrite(t, b, "round trip", nil)
	parsed := bkParseAll(t, out)
	if len(parsed.Entries) != len(ps) {
		t.Fatalf("parsed %d entries; wrote %d", len(parsed.Entries), len(ps))
	}
	byKey := map[string]*bibtex.BibEntry{}
	for _, e := range parsed.Entries {
		byKey[e.CiteName] = e
	}
	for _, p := range ps {
		k := b.CiteKey(p.Key())
		pe, ok := byKey[k]
		if !ok {
			t.Errorf("entry %s lost in the round trip", k)
			continue
		}
		orig := b.lookup(p.Key()).entry
		if pe.Type != orig.Type {
			t.Errorf("%s: type %q came back as %q", k, orig.Type, pe.Type)
		}
		for f, v := range orig.Fields {
			if got := pe.Fields[f]; got == nil || got.RawString() != v.RawString() || got.String() != v.String() {
				t.Errorf("%s: field %s = %q came back as %v", k, f, v.RawString(), got)
			}
		}
		if doi := p.ExternalIDs["DOI"]; doi != "" && !bkArXivDOI.MatchString(doi) {
			if got := pe.Fields["doi"]; got == nil || got.String() != doi {
				t.Errorf("%s: doi %q came back as %v", k, doi, got)
			}
		}
	}
}

// FuzzWriteParse writes a paper built from fuzzed text and checks the
// output's invariants: braces balance in every field, the entry parses
// back with nickng/bibtex with the same key and title, and no "@" appears
// outside the entry line.
func FuzzWriteParse(f *testing.F) {
	f.Add("MobileNetV2: Inverted Residuals and Linear Bottlenecks", "Mark Sandler", "CVPR", "10.1109/CVPR.2018.00474", 2018)
	f.Add("100% of C# & F_1 {x} ~50$", "Ada Lovelace", "ICML", "", 2020)
	f.Add("Unbalanced {brace and } another} and {{{", "Jo}hn Sm{ith", "", "", 0)
	f.Add("Échec à Łódź: α-β ≤ 2× 🚀 中文", "Łukasz Kaiser", "Künstliche Intell.", "10.1/x_y", 2021)
	f.Add(`\"quoted\" \\ back\slash @ home ^ | <>`, "Laurens van der Maaten", "WMT@ACL", "10.1002/(SICI)1097{}<>", 1999)
	f.Add("XNOR-Net: ImageNet Classification", "The ATLAS Collaboration", "arXiv", "", -5)
	f.Fuzz(func(t *testing.T, title, author, venue, doi string, year int) {
		p := &Paper{PaperID: "fuzz", Title: title, Venue: venue, Year: year,
			Authors: []Author{{Name: author}, {Name: "Second Author"}}, ExternalIDs: ExternalIDs{"DOI": doi}}
		b := NewBibliography([]*Paper{p})
		out := bkWrite(t, b, "fuzz "+title, nil)
		e := b.lookup("fuzz")
		for name, v := range e.entry.Fields {
			if s := v.String(); !bkBalanced(s) {
				t.Fatalf("field %s = %q: braces do not balance", name, s)
			}
		}
		body := out[strings.Index(out, "\n@")+2:]
		if strings.Contains(body, "@") {
			t.Fatalf("an @ inside the entry:\n%s", out)
		}
		parsed := bkParseAll(t, out)
		if len(parsed.Entries) != 1 || parsed.Entries[0].CiteName != b.CiteKey("fuzz") {
			t.Fatalf("parsed %d entries from:\n%s", len(parsed.Entries), out)
		}
		if got, want := parsed.Entries[0].Fields["title"], e.entry.Fields["title"]; (got == nil) != (want == nil) ||
			got != nil && got.String() != want.String() {
			t.Fatalf("title came back as %v; want %v", got, want)
		}
	})
}

// BenchmarkBibliography measures key assignment and writing over the
// snapshot's records.
func BenchmarkBibliography(b *testing.B) {
	ps := bkSnapshot(b)
	for b.Loop() {
		bib := NewBibliography(ps)
		if err := bib.Write(io.Discard, "bench", nil); err != nil {
			b.Fatal(err)
		}
	}
}
