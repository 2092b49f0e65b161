package bib

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// bsUser is a user's .bib with every kind of block: a JabRef header,
// @preamble, @string, a section marker, a malformed entry in the middle,
// a title-less @book, a crossref'd @proceedings, an entry not closed, a
// field written twice, @comment blocks (JabRef groups), text outside
// entries.
const bsUser = `% This file was created with JabRef 2.10.
% Encoding: UTF-8

@preamble{ "\providecommand{\noopsort}[1]{}" }
@string{nips = {Advances in Neural Information Processing Systems}}
@STRING{ jmlr = "Journal of Machine Learning Research" }

% == Distillation ==

@inproceedings{hinton2015,
  title     = {Distilling the Knowledge in a Neural Network},
  author    = {Hinton, Geoffrey and Vinyals, Oriol and Dean, Jeff},
  booktitle = nips # { Deep Learning Workshop},
  year      = 2015,
  note      = {first},
  note      = "written " # nips
}

@article{broken,
  title = {A Broken Entry}
  year  = {2017}
}
junk outside entries is ignored by BibTeX
@book{goodfellow2016,
  author    = {Goodfellow, Ian},
  publisher = {MIT Press},
  year      = {2016}
}

@inproceedings{chen2016, title = {Net2Net}, author = {Chen, Tianqi}, crossref = {iclr2016}}
@proceedings{iclr2016, title = {ICLR 2016}, year = {2016}, editor = {Bengio, Yoshua}}

@article{maaten2008, title = {Visualizing Data using t-SNE}, journal = jmlr, year = 2008, month = nov}

@misc{open, title = {Not closed
@misc{after, title = {After the Open One}, year = 2020}

@comment{jabref-meta: grouping:
0 AllEntriesGroup:;
1 StaticGroup:Distillation\;0\;1\;\;\;\;;
}
`

func TestBibSourceBlocks(t *testing.T) {
	l := ParseBibTeX("user.bib", []byte(bsUser))
	src := l.Source
	if src == nil {
		t.Fatal("no Source")
	}
	if src.Text != bsUser || src.Encoding != EncodingUTF8 || src.BOM || src.CRLF {
		t.Errorf("Text/encoding: %q %v %v; want the input, UTF-8, no BOM, LF", src.Encoding, src.BOM, src.CRLF)
	}
	type blk struct {
		kind, key string
		entry     bool
		why       string // a part of Why
	}
	want := []blk{
		{"preamble", "", false, ""},
		{"string", "", false, ""},
		{"string", "", false, ""},
		{"inproceedings", "hinton2015", true, ""},
		{"article", "broken", false, `malformed @article (problem at line 21): missing comma after field "title"`},
		{"book", "goodfellow2016", false, `@book "goodfellow2016" has neither a title nor an identifier`},
		{"inproceedings", "chen2016", true, ""},
		{"proceedings", "iclr2016", false, `@proceedings "iclr2016" is a volume of proceedings that entries cross-reference`},
		{"article", "maaten2008", true, ""},
		{"misc", "open", false, `@misc "open" is not closed (unbalanced braces?) before the entry at line 36`},
		{"misc", "after", true, ""},
		{"comment", "", false, ""},
	}
	if len(src.Blocks) != len(want) {
		t.Fatalf("%d blocks; want %d: %+v", len(src.Blocks), len(want), src.Blocks)
	}
	next := 0
	for i, b := range src.Blocks {
		w := want[i]
		text := src.BlockText(b)
		if b.Kind != w.kind || !strings.HasPrefix(text, "@") || w.key != "" && !strings.Contains(text, "{"+w.key+",") {
			t.Errorf("block %d: %s %q; want %s %s", i, b.Kind, text, w.kind, w.key)
		}
		if !strings.Contains(b.Why, w.why) || (w.why == "") != (b.Why == "") {
			t.Errorf("block %d (%s): Why %q; want %q", i, w.key, b.Why, w.why)
		}
		if w.entry {
			if b.Entry != next || l.Entries[b.Entry].Key != w.key {
				t.Errorf("block %d: entry %d; want %d (%s)", i, b.Entry, next, w.key)
			}
			next++
		} else if b.Entry != -1 {
			t.Errorf("block %d (%s): entry %d; want none", i, w.kind, b.Entry)
		}
		if got := strings.Count(bsUser[:b.Start], "\n") + 1; got != b.Line {
			t.Errorf("block %d: Line %d; its text starts on line %d", i, b.Line, got)
		}
	}
	if next != len(l.Entries) {
		t.Errorf("%d entries, %d blocks hold one", len(l.Entries), next)
	}
	// A closed block ends at its closing brace; the open one where the next starts.
	if b := src.Blocks[9]; !strings.HasSuffix(src.BlockText(b), "Not closed\n") || src.Blocks[10].Start != b.End {
		t.Errorf("the open block: %q", src.BlockText(b))
	}
}

func TestBibSourceEncoding(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range "@misc{k, title = {Caf\u00e9}}\r\n" {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	for _, tc := range []struct {
		name      string
		data      string
		enc       string
		bom, crlf bool
		text      string
	}{
		{"utf-8", "@misc{k, title = {Caf\u00e9}}\n", EncodingUTF8, false, false, "@misc{k, title = {Caf\u00e9}}\n"},
		{"no final newline", "@misc{k, title = {x}}", EncodingUTF8, false, false, "@misc{k, title = {x}}"},
		{"ascii crlf", "@misc{k,\r\n title = {x}}\r\n", EncodingUTF8, false, true, "@misc{k,\n title = {x}}\n"},
		{"bom", "\xEF\xBB\xBF@misc{k, title = {x}}\n", EncodingUTF8, true, false, "@misc{k, title = {x}}\n"},
		{"cp1252", "% Encoding: Cp1252\n@misc{k, title = {Caf\xe9 \x93q\x94 \x81}}\n", EncodingCP1252, false, false,
			"% Encoding: Cp1252\n@misc{k, title = {Caf\u00e9 \u201cq\u201d \u0081}}\n"},
		{"mixed", "@misc{k, title = {Caf\xe9}}\n@misc{j, title = {Caf\u00e9}}\n", EncodingMixed, false, false,
			"@misc{k, title = {Caf\u00e9}}\n@misc{j, title = {Caf\u00e9}}\n"},
		{"utf-16", string(utf16le), EncodingUTF16, true, true, "@misc{k, title = {Caf\u00e9}}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ParseBibTeX("e.bib", []byte(tc.data)).Source
			if s.Encoding != tc.enc || s.BOM != tc.bom || s.CRLF != tc.crlf || s.Text != tc.text {
				t.Errorf("got %s bom=%v crlf=%v %q; want %s bom=%v crlf=%v %q", s.Encoding, s.BOM, s.CRLF, s.Text,
					tc.enc, tc.bom, tc.crlf, tc.text)
			}
		})
	}
	// The Windows-1252 writer is the reader's decoding inverted: every byte
	// comes back.
	for c := 0x80; c <= 0xFF; c++ {
		r := []rune(rlLatin1Fix([]byte{byte(c)}))
		if b, ok := bkCP1252(r[0]); len(r) != 1 || !ok || int(b) != c {
			t.Errorf("byte %#x read as %q, written as %#x (%v)", c, string(r), b, ok)
		}
	}
	if _, ok := bkCP1252('ł'); ok {
		t.Error("Windows-1252 has no ł")
	}
}

// bsHeader is a header in the form citegraph writes (see bkHeaderForms).
const bsHeader = "Generated by citegraph from user.bib: a test.\nSource: a test\nSemantic Scholar data is provided for non-commercial research use."

// bsWrite merges items with the source and writes them back.
func bsWrite(t testing.TB, items []MergeItem, opts MergeOptions, header string) (*Merged, []byte) {
	t.Helper()
	m := Merge(items, opts)
	var buf bytes.Buffer
	if err := m.Write(&buf, header); err != nil {
		t.Fatal(err)
	}
	return m, buf.Bytes()
}

// bsAsRead merges every entry of l with no record.
func bsAsRead(l *List) []MergeItem {
	items := make([]MergeItem, len(l.Entries))
	for i, e := range l.Entries {
		items[i] = MergeItem{Entry: e, Reason: "no record in this test"}
	}
	return items
}

var bsLineNumbers = regexp.MustCompile(`\b(?:line|lines) \d+|:\d+:`)

// bsProblems returns the problems' messages without line numbers.
func bsProblems(l *List) []string {
	var ps []string
	for _, p := range l.Problems {
		if strings.HasPrefix(p.Msg, "invalid UTF-8") {
			continue // one per line that holds such bytes: the entries written have other lines
		}
		ps = append(ps, bsLineNumbers.ReplaceAllString(p.Error(), "line N"))
	}
	return ps
}

// bsOutside returns the text of a source outside its entries, as the
// user wrote it: each entry block becomes a NUL, and what citegraph writes
// afresh (its header, its comment lines above blocks) is dropped, and a
// JabRef encoding line says only that it is one.
func bsOutside(src *BibSource) string {
	var b strings.Builder
	pos := 0
	gap := func(from, to int, block bool) {
		head, indent, _ := bkSplitGap(src.Text, from, to, block)
		g := head + indent
		if from == 0 {
			g = bkDropHeader(g)
		}
		for _, line := range strings.SplitAfter(g, "\n") {
			if bare := strings.TrimSuffix(line, "\n"); bkEncodingLine.MatchString(bare) {
				b.WriteString("% Encoding: *" + line[len(bare):])
			} else {
				b.WriteString(line)
			}
		}
	}
	for _, bl := range src.Blocks {
		gap(pos, bl.Start, true)
		if bl.Entry >= 0 {
			b.WriteByte(0)
		} else {
			b.WriteString(src.BlockText(bl))
		}
		pos = bl.End
	}
	gap(pos, len(src.Text), false)
	return b.String()
}

// bsSurvives reports whether every byte of in is in out, in order, with
// nothing else in out but line ends (written to put a comment on a line
// of its own), and else the offset in in of the first byte lost.
func bsSurvives(in, out string) (int, bool) {
	j := 0
	for i := 0; i < len(in); {
		switch {
		case j < len(out) && in[i] == out[j]:
			i++
			j++
		case j < len(out) && out[j] == '\n':
			j++
		default:
			return i, false
		}
	}
	return len(in), strings.Trim(out[j:], "\n") == ""
}

// bsCheckOutside checks that every byte of a .bib outside its entries
// survives in the file written back from it.
func bsCheckOutside(t testing.TB, name string, in, out *BibSource) {
	t.Helper()
	a, b := bsOutside(in), bsOutside(out)
	if i, ok := bsSurvives(a, b); !ok {
		t.Errorf("%s: text outside entries lost at byte %d of it: %q", name, i, a[max(0, i-40):min(len(a), i+80)])
	}
}

func TestBibSourceSurvives(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		ok      bool
	}{
		{"a\x00b", "a\x00b", true},
		{"junk\x00", "junk\n\x00\n", true}, // line ends added
		{"ab", "a", false},                 // lost
		{"ab", "axb", false},               // changed
		{"ab", "ab\nx", false},             // added
	} {
		if _, ok := bsSurvives(tc.in, tc.out); ok != tc.ok {
			t.Errorf("bsSurvives(%q, %q) = %v; want %v", tc.in, tc.out, ok, tc.ok)
		}
	}
}

// bsPatch applies a unified diff to old as patch(1) does, checking every
// context and deleted line against old.
func bsPatch(old, diff string) (string, error) {
	if diff == "" {
		return old, nil
	}
	ls := strings.SplitAfter(diff, "\n")
	if len(ls) < 3 || !strings.HasPrefix(ls[0], "--- ") || !strings.HasPrefix(ls[1], "+++ ") {
		return "", fmt.Errorf("no diff header: %q", diff)
	}
	src := strings.SplitAfter(old, "\n")
	if src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	var out []string
	next := 0 // index in src of the next line not yet copied
	kind := byte(0)
	hunk := regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@\n$`)
	for _, l := range ls[2:] {
		if l == "" {
			continue
		}
		switch l[0] {
		case '@':
			h := hunk.FindStringSubmatch(l)
			if h == nil {
				return "", fmt.Errorf("bad hunk header %q", l)
			}
			start, _ := strconv.Atoi(h[1])
			if h[2] != "0" {
				start-- // the first line of the hunk, 1-based
			}
			if start < next || start > len(src) {
				return "", fmt.Errorf("hunk %q out of order", l)
			}
			out = append(out, src[next:start]...)
			next = start
		case ' ', '-':
			if next >= len(src) || src[next] != l[1:] && src[next] != strings.TrimSuffix(l[1:], "\n") {
				return "", fmt.Errorf("line %d of the original is not %q", next+1, l)
			}
			if l[0] == ' ' {
				out = append(out, src[next])
			}
			next++
		case '+':
			out = append(out, l[1:])
		case '\\':
			// The line before has no line end.
			if kind != '-' && len(out) > 0 {
				out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], "\n")
			}
		default:
			return "", fmt.Errorf("bad diff line %q", l)
		}
		kind = l[0]
	}
	return strings.Join(append(out, src[next:]...), ""), nil
}

// bsCheckDiff checks that m's diff from in, applied to in's text, gives
// out's (out is what m wrote with header).
func bsCheckDiff(t testing.TB, name string, m *Merged, in, out []byte, header string) {
	t.Helper()
	var diff bytes.Buffer
	if err := m.WriteDiff(&diff, header, "a/"+name, "b/"+name); err != nil {
		t.Fatal(err)
	}
	want := ParseBibTeX(name, out).Source.Text
	got, err := bsPatch(ParseBibTeX(name, in).Source.Text, diff.String())
	if err != nil || got != want {
		t.Errorf("%s: the diff applied to the file read does not give the file written (%v) at %s:\n%s", name, err, firstDiffLine(got, want), diff.String())
	}
}

// bsCheckWriteBack checks that out, the written-back form of in by m, keeps
// every block: the blocks not merged byte for byte (in the written
// encoding), in order; the same entries when read again (key, type,
// fields); the same problems; that m's diff applied to in gives out; and
// that writing out back gives out again, with no diff.
func bsCheckWriteBack(t *testing.T, name string, m *Merged, in, out []byte, opts MergeOptions, header string) {
	t.Helper()
	bsCheckDiff(t, name, m, in, out, header)
	l := ParseBibTeX(name, in)
	back := ParseBibTeX(name, out)
	if len(back.Source.Blocks) != len(l.Source.Blocks) {
		t.Fatalf("%s: %d blocks read, %d written", name, len(l.Source.Blocks), len(back.Source.Blocks))
	}
	for i, b := range l.Source.Blocks {
		g := back.Source.Blocks[i]
		if b.Entry < 0 {
			if g.Entry >= 0 || back.Source.BlockText(g) != l.Source.BlockText(b) {
				t.Errorf("%s:%d: block not written verbatim:\n%s\ncame back as\n%s", name, b.Line, l.Source.BlockText(b), back.Source.BlockText(g))
			}
			enc := l.Source.BlockText(b)
			if opts.Source.Encoding == EncodingCP1252 {
				var e strings.Builder
				for _, r := range enc {
					c, _ := bkCP1252(r)
					e.WriteByte(c)
				}
				enc = e.String()
			}
			if opts.Source.Encoding != EncodingMixed && opts.Source.Encoding != EncodingUTF16 && !opts.Source.CRLF &&
				(!bytes.Contains(in, []byte(enc)) || !bytes.Contains(out, []byte(enc))) {
				t.Errorf("%s:%d: the block's bytes are not in both files", name, b.Line)
			}
		} else if g.Entry < 0 {
			t.Errorf("%s:%d: entry %s came back as no entry: %s", name, b.Line, l.Entries[b.Entry].Key, g.Why)
		}
	}
	bsCheckOutside(t, name, l.Source, back.Source)
	if len(back.Entries) != len(l.Entries) {
		t.Fatalf("%s: %d entries read, %d written", name, len(l.Entries), len(back.Entries))
	}
	for i, e := range l.Entries {
		g := back.Entries[i]
		if g.Key != e.Key || g.Type != e.Type || g.Title != e.Title || g.IDs != e.IDs || g.Family != e.Family {
			t.Errorf("%s:%d: %s came back as %s (%q %v %q)", name, e.Line, e.Key, g.Key, g.Title, g.IDs, g.Family)
		}
		for _, f := range e.Fields {
			v, ok := g.Field(f.Name)
			if !ok || v != f.Value && !(f.Name == "month" && bkMonthNumber(v) == bkMonthNumber(f.Value)) {
				t.Errorf("%s:%d: %s: %s = %q came back as %q", name, e.Line, e.Key, f.Name, f.Value, v)
			}
		}
	}
	if a, b := strings.Join(bsProblems(l), "\n"), strings.Join(bsProblems(back), "\n"); a != b {
		t.Errorf("%s: problems differ:\nread:\n%s\nwritten back:\n%s", name, a, b)
	}
	again := opts
	again.Source = back.Source
	m2, out2 := bsWrite(t, bsAsRead(back), again, header)
	if !bytes.Equal(out, out2) {
		t.Errorf("%s: written back twice, the file changed at %s", name, firstDiffLine(string(out), string(out2)))
	}
	var diff bytes.Buffer
	if err := m2.WriteDiff(&diff, header, "a", "b"); err != nil || diff.Len() > 0 {
		t.Errorf("%s: written back twice, a diff (%v):\n%s", name, err, diff.String())
	}
}

// TestMergeSourceAsRead writes a user's .bib back with no record: every
// block comes back, in order, the blocks not merged and the entries not
// resolved verbatim (in either flavour) under a comment, and the file is a
// fixed point.
func TestMergeSourceAsRead(t *testing.T) {
	l := ParseBibTeX("user.bib", []byte(bsUser))
	for _, f := range []Format{BibTeX, BibLaTeX} {
		opts := MergeOptions{Format: f, Source: l.Source}
		m, out := bsWrite(t, bsAsRead(l), opts, bsHeader)
		bsCheckWriteBack(t, "user.bib", m, []byte(bsUser), out, opts, bsHeader)
		text := string(out)
		for _, want := range []string{
			// JabRef's header stays first; citegraph's comes after it.
			"% This file was created with JabRef 2.10.\n% Encoding: UTF-8\n% Generated by citegraph from user.bib: a test.\n% Source: a test\n% Semantic Scholar data is provided for non-commercial research use.\n\n\n% citegraph: a preamble",
			"% citegraph: string macros, not papers; kept verbatim\n@string{nips",
			"}}\n@STRING{ jmlr", // one comment for the run of @string blocks
			"\n% == Distillation ==\n",
			"% citegraph: malformed article (problem at line 3 of the entry): missing comma after field \"title\"; kept verbatim\n@article{broken,",
			"}\njunk outside entries is ignored by BibTeX\n% citegraph: book \"goodfellow2016\" has neither a title nor an identifier; kept verbatim\n@book{goodfellow2016,",
			"% citegraph: misc \"open\" is not closed (unbalanced braces?) before the next entry; kept verbatim\n@misc{open, title = {Not closed\n",
			"% citegraph: a comment block, not a paper; kept verbatim\n@comment{jabref-meta: grouping:\n",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: no %q in\n%s", f, want, text)
			}
		}
		// Each entry: its block's own text, under the comment.
		for _, b := range l.Source.Blocks {
			if b.Entry < 0 {
				continue
			}
			want := "% citegraph: not resolved: no record in this test; written as read\n" + l.Source.BlockText(b)
			if !strings.Contains(text, want) {
				t.Errorf("%s: entry %s not written verbatim: no %q in\n%s", f, l.Entries[b.Entry].Key, want, text)
			}
		}
	}
}

// bsCitegraphHeader is the header that "citegraph bib" wrote in an
// earlier run, as it wrote it.
const bsCitegraphHeader = `% Generated by citegraph from old.bib: every entry, merged with its Semantic Scholar record.
% The record fills what an entry lacks and corrects what is plainly wrong; every other field is kept.
% Source: the Semantic Scholar snapshot of 2022-07-23 (embedded)
% Data: Semantic Scholar (semanticscholar.org), snapshot of 2022-07-23
% Semantic Scholar data is provided for non-commercial research use.
`

// TestMergeSourceUserComments: the lines citegraph wrote (its header at
// the top of the file, its comments directly above a block) are written
// afresh; a user's line, wherever it is and whatever it looks like,
// survives.
func TestMergeSourceUserComments(t *testing.T) {
	const entry = "@misc{k, title = {A Paper Nobody Knows}}\n"
	for _, tc := range []struct {
		name    string
		in      string
		keep    []string // lines of the user's that must be written
		headers int      // "% Generated by citegraph" lines written
	}{
		{"note under the header", bsCitegraphHeader + "% MY OWN NOTE grant 1234\n\n" + entry,
			[]string{"% MY OWN NOTE grant 1234"}, 1},
		{"note after the header's blank line", bsCitegraphHeader + "\n% MY OWN NOTE grant 1234\n" + entry,
			[]string{"% MY OWN NOTE grant 1234"}, 1},
		{"a header line alone", "% Generated by citegraph from old.bib\n% MY OWN NOTE grant 1234\n\n" + entry,
			[]string{"% Generated by citegraph from old.bib", "% MY OWN NOTE grant 1234"}, 2},
		{"a note inside the header", strings.Replace(bsCitegraphHeader, "% Source:", "% MY OWN NOTE\n% Source:", 1) + "\n" + entry,
			strings.Split(strings.TrimSpace(strings.Replace(bsCitegraphHeader, "% Source:", "% MY OWN NOTE\n% Source:", 1)), "\n"), 2},
		{"the header not at the top", "% my notes\n" + bsCitegraphHeader + "\n" + entry,
			append([]string{"% my notes"}, strings.Split(strings.TrimSpace(bsCitegraphHeader), "\n")...), 2},
		{"after JabRef's lines", "% This file was created with JabRef 2.10.\n% Encoding: UTF-8\n" + bsCitegraphHeader + "% MY OWN NOTE\n" + entry,
			[]string{"% This file was created with JabRef 2.10.", "% Encoding: UTF-8", "% MY OWN NOTE"}, 1},
		{"a citegraph: line of the user's", "% citegraph: TODO check the year\n" + entry,
			[]string{"% citegraph: TODO check the year"}, 1},
		{"our form, not above a block", "% citegraph: not resolved; written as read\n\n" + entry + "% citegraph: string macros, not papers; kept verbatim\n",
			[]string{"% citegraph: not resolved; written as read", "% citegraph: string macros, not papers; kept verbatim"}, 1},
		{"our form above a user's line", "% citegraph: not resolved; written as read\n% my line\n" + entry,
			[]string{"% citegraph: not resolved; written as read", "% my line"}, 1},
		{"our comment, written afresh", "% citegraph: not resolved: timed out; written as read\n" + entry, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := ParseBibTeX("u.bib", []byte(tc.in))
			opts := MergeOptions{Source: l.Source}
			m, out := bsWrite(t, bsAsRead(l), opts, bsHeader)
			text := string(out)
			lines := strings.Split(text, "\n")
			for _, k := range tc.keep {
				if !slices.Contains(lines, k) {
					t.Errorf("%q lost:\n%s", k, text)
				}
			}
			if n := strings.Count(text, "% Generated by citegraph"); n != tc.headers {
				t.Errorf("%d headers written; want %d:\n%s", n, tc.headers, text)
			}
			if n := strings.Count(text, "% citegraph: not resolved: no record in this test; written as read\n@misc{k,"); n != 1 {
				t.Errorf("the entry's comment written %d times:\n%s", n, text)
			}
			bsCheckWriteBack(t, "u.bib", m, []byte(tc.in), out, opts, bsHeader)
		})
	}
}

func TestRekeyed(t *testing.T) {
	for _, tc := range []struct {
		block, old, key, want string
		ok                    bool
	}{
		{"@misc{k, title = {x}}", "k", "k", "@misc{k, title = {x}}", true},
		{"@misc{k, title = {x}}", "k", "k-2", "@misc{k-2, title = {x}}", true},
		{"@Article( k ,\n title = {x})", "k", "k-2", "@Article( k-2 ,\n title = {x})", true},
		{"@misc {\n\tk\n, title = {x}}", "k", "k-2", "@misc {\n\tk-2\n, title = {x}}", true},
		{"@misc{, title = {x}}", "", "line3", "@misc{line3, title = {x}}", true},
		{"@misc{key}", "key", "key-2", "@misc{key-2}", true},
		{"@misc{k, title = {x}}", "j", "j-2", "", false},
		{"@misc", "k", "k-2", "", false},
	} {
		got, ok := bkRekeyed(tc.block, tc.old, tc.key)
		if got != tc.want || ok != tc.ok {
			t.Errorf("bkRekeyed(%q, %q, %q) = %q, %v; want %q, %v", tc.block, tc.old, tc.key, got, ok, tc.want, tc.ok)
		}
	}
}

// TestMergeSourceAsReadKeys: an entry written as read keeps its text but
// for a key BibTeX could not use: one another entry has (up to case), or
// none.
func TestMergeSourceAsReadKeys(t *testing.T) {
	in := "@misc{dup, title = {One}}\n@Misc( DUP ,\n  Title = \"Two\", YEAR = 2001)\n@misc{, title = {Three}}\n"
	l := ParseBibTeX("k.bib", []byte(in))
	if len(l.Entries) != 3 {
		t.Fatalf("%d entries read: %v", len(l.Entries), l.Problems)
	}
	opts := MergeOptions{Source: l.Source}
	m, out := bsWrite(t, bsAsRead(l), opts, bsHeader)
	for _, want := range []string{"\n@misc{dup, title = {One}}\n", "\n@Misc( DUP-2 ,\n  Title = \"Two\", YEAR = 2001)\n",
		"\n@misc{line4, title = {Three}}\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	var keys []string
	for _, c := range m.Changes() {
		keys = append(keys, c.Old+"→"+c.New)
	}
	if want := []string{"DUP→DUP-2"}; !slices.Equal(keys, want) {
		t.Errorf("changes %q; want %q", keys, want)
	}
	bsCheckDiff(t, "k.bib", m, []byte(in), out, bsHeader)
}

// TestMergeSourceLayout: a merged entry is written in citegraph's layout
// with what the user wrote kept as written: a field written twice (after
// the others; BibTeX reads the first), a concatenation with a macro, a
// macro, a crossref.
func TestMergeSourceLayout(t *testing.T) {
	recs := map[string]*Paper{}
	for _, p := range bkSnapshot(t) {
		switch NormalizeTitle(p.Title) {
		case NormalizeTitle("Distilling the Knowledge in a Neural Network"):
			recs["hinton2015"] = p
		case NormalizeTitle("Net2Net: Accelerating Learning via Knowledge Transfer"):
			recs["chen2016"] = p
		}
	}
	if len(recs) != 2 {
		t.Fatalf("snapshot records: %v", recs)
	}
	l := ParseBibTeX("user.bib", []byte(bsUser))
	items := bsAsRead(l)
	for i := range items {
		items[i].Paper = recs[items[i].Entry.Key]
	}
	for _, f := range []Format{BibTeX, BibLaTeX} {
		_, out := bsWrite(t, items, MergeOptions{Format: f, Source: l.Source}, bsHeader)
		text := string(out)
		for _, want := range []string{
			"  booktitle = nips # { Deep Learning Workshop},\n",
			// BibTeX reads the first of a field written twice. The entry
			// merges with no change: in the BibTeX flavour it is written
			// verbatim, in biblatex's it is converted.
			map[Format]string{
				BibTeX:   "  note      = {first},\n  note      = \"written \" # nips\n}",
				BibLaTeX: "  note      = {first},\n  note      = {written } # nips\n}",
			}[f],
			map[Format]string{
				BibTeX:   "@inproceedings{chen2016,\n  title         = {Net2Net},\n  author        = {Chen, Tianqi},\n  crossref      = {iclr2016},\n",
				BibLaTeX: "@inproceedings{chen2016,\n  title      = {Net2Net},\n  author     = {Chen, Tianqi},\n  crossref   = {iclr2016},\n",
			}[f],
			// not resolved: as written
			"% citegraph: not resolved: no record in this test; written as read\n" +
				"@article{maaten2008, title = {Visualizing Data using t-SNE}, journal = jmlr, year = 2008, month = nov}",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: no %q in\n%s", f, want, text)
			}
		}
	}
}

// TestMergeSourceMacros: a field the merge keeps is written with the
// user's macros; a field it changes is written out.
func TestMergeSourceMacros(t *testing.T) {
	in := `@string{iclr = {International Conference on Learning Representations}}
@string{prep = {arXiv preprint}}
@inproceedings{fitnets, title = {Fitnets: Hints for thin deep nets}, booktitle = iclr, year = 2015}
@article{mobilenets, title = {{MobileNets}: Efficient Convolutional Neural Networks for Mobile Vision Applications}, journal = prep, year = 2017}
`
	recs := map[string]*Paper{}
	for _, p := range bkSnapshot(t) {
		switch p.ExternalIDs["ArXiv"] {
		case "1412.6550":
			recs["fitnets"] = p
		case "1704.04861":
			recs["mobilenets"] = p
		}
	}
	l := ParseBibTeX("m.bib", []byte(in))
	var items []MergeItem
	for _, e := range l.Entries {
		if recs[e.Key] == nil {
			t.Fatalf("no snapshot record for %s", e.Key)
		}
		items = append(items, MergeItem{Entry: e, Paper: recs[e.Key]})
	}
	m, out := bsWrite(t, items, MergeOptions{Source: l.Source}, "")
	text := string(out)
	for _, want := range []string{`booktitle += iclr,`, `title += \{\{FitNets\}: Hints for Thin Deep Nets\}`,
		`journal += \{arXiv preprint arXiv:1704.04861\}`} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("no %s in\n%s", want, text)
		}
	}
	var diff bytes.Buffer
	if err := m.WriteDiff(&diff, "", "m.bib", "out.bib"); err != nil {
		t.Fatal(err)
	}
	// The old side is the file as written, the new side the file written.
	if d := diff.String(); !strings.Contains(d, "\n-@article{mobilenets, title = {{MobileNets}: Efficient Convolutional Neural Networks for Mobile Vision Applications}, journal = prep, year = 2017}\n") ||
		!strings.Contains(d, "\n+  booktitle     = iclr,\n") || !strings.Contains(d, "\n @string{prep = {arXiv preprint}}\n") {
		t.Errorf("diff:\n%s", d)
	}
	bsCheckDiff(t, "m.bib", m, []byte(in), out, "")
	// Without the source, the entries alone are written, macros resolved.
	_, out = bsWrite(t, items, MergeOptions{}, "")
	if !strings.Contains(string(out), "booktitle     = {International Conference on Learning Representations}") || strings.Contains(string(out), "@string") {
		t.Errorf("without Source:\n%s", out)
	}
}

// bsLineRefs checks the notes that name another entry by its line in a
// .bib written (same-paper): each names the line where that entry (or the
// note left in its place) is, and names it by its key.
func bsLineRefs(t testing.TB, name, text string) {
	t.Helper()
	lines := strings.Split(text, "\n")
	ref := regexp.MustCompile(`^% citegraph: (?:also cited as (\S+) \(line (\d+)\)|the same paper as (\S+) \(line (\d+)\)|a second entry with this key \(line (\d+)|a second entry with key \S+ was here, the same paper as the entry \(line (\d+)\))`)
	for i, l := range lines {
		m := ref.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		key, at := m[1]+m[3], m[2]+m[4]+m[5]+m[6]
		n, _ := strconv.Atoi(at)
		if n < 1 || n > len(lines) {
			t.Errorf("%s:%d: %q names line %d, not in the file", name, i+1, l, n)
			continue
		}
		target := lines[n-1]
		switch {
		case m[5] != "":
			if !strings.HasPrefix(target, "% citegraph: a second entry with key ") {
				t.Errorf("%s:%d: %q names line %d, which is %q, not the note of the entry written once", name, i+1, l, n, target)
			}
		case !regexp.MustCompile(`^@\w+\{`+regexp.QuoteMeta(key)+`,`).MatchString(target) && !(m[6] != "" && strings.HasPrefix(target, "@")):
			t.Errorf("%s:%d: %q names line %d, which is %q", name, i+1, l, n, target)
		}
	}
}

// TestMergeSourceSamePaper: two entries of one paper under two keys are
// both written, each merged with the record under its own key (nothing of
// the second lost), each under a note naming the other by key and line,
// and no biblatex ids (biber refuses an alias that is another entry's
// key); under one key (BibTeX ignores case), written once, under a note
// that is not about itself. Wherever the second entry is (the next line,
// the same line, the end of the file), the notes name the right lines, the
// diff applies, and the file written is a fixed point.
func TestMergeSourceSamePaper(t *testing.T) {
	var rec *Paper
	for _, p := range bkSnapshot(t) {
		if p.Title == "Distilling the Knowledge in a Neural Network" {
			rec = p
		}
	}
	if rec == nil {
		t.Fatal("no snapshot record for Distilling the Knowledge in a Neural Network")
	}
	const first = "@online{hinton2015, title = {Distilling the Knowledge in a Neural Network}, eprint = {1503.02531}, eprinttype = {arxiv}, note = {My reading notes}}\n"
	for _, tc := range []struct {
		name, key string // the second entry's key
		after     string
		once      bool     // written once
		notes     []string // notes written (the lines named cut off)
	}{
		{"two keys/blank line", "hintonNIPSW2015", "\n@book{knuth, title = {The {\\TeX}book}}\n", false, []string{
			"% citegraph: also cited as hintonNIPSW2015 (line ",
			"% citegraph: the same paper as hinton2015 (line "}},
		{"two keys/next line", "hintonNIPSW2015", "@book{knuth, title = {The {\\TeX}book}}\n", false, nil},
		{"two keys/same line", "hintonNIPSW2015", " junk @book{knuth, title = {The {\\TeX}book}}", false, nil},
		{"two keys/end of file", "hintonNIPSW2015", "", false, nil},
		{"one key", "hinton2015", "\n@book{knuth, title = {The {\\TeX}book}}\n", true, []string{
			"% citegraph: a second entry with this key (line ",
			"% citegraph: a second entry with key hinton2015 was here, the same paper as the entry (line "}},
		{"one key/end of file", "hinton2015", "", true, nil},
		{"one key in other case", "Hinton2015", "@book{knuth, title = {The {\\TeX}book}}\n", true, []string{
			", written Hinton2015: BibTeX ignores case), the same paper: written once; BibTeX reads only the first\n@online{hinton2015,"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := first + "@inproceedings{" + tc.key + ", title = {Distilling the Knowledge in a Neural Network}, booktitle = {NIPS 2014 Deep Learning Workshop}, " +
				"year = {2014}, note = {Workshop version}, keywords = {workshop}}" + tc.after
			l := ParseBibTeX("s.bib", []byte(in))
			items := bsAsRead(l)
			items[0].Paper, items[1].Paper = rec, rec
			for _, f := range []Format{BibTeX, BibLaTeX} {
				opts := MergeOptions{Format: f, Source: l.Source}
				m, out := bsWrite(t, items, opts, bsHeader)
				text := string(out)
				for _, want := range tc.notes {
					if !strings.Contains(text, want) {
						t.Errorf("%s: no %q in\n%s", f, want, text)
					}
				}
				if strings.Contains(text, "also cited as hinton2015") || strings.Contains(text, "ids ") {
					t.Errorf("%s: a note about itself, or ids:\n%s", f, text)
				}
				bsLineRefs(t, f.String(), text)
				sp := m.SamePapers()
				if len(sp) != 1 || sp[0].Key != tc.key || sp[0].Line != 2 || sp[0].FirstKey != "hinton2015" || sp[0].FirstLine != 1 || sp[0].Once != tc.once {
					t.Errorf("%s: SamePapers() = %+v", f, sp)
				}
				back := ParseBibTeX("s.bib", out)
				if tc.once {
					if len(back.Entries) != len(l.Entries)-1 || !strings.Contains(sp[0].String(), "written once; BibTeX reads only the first") {
						t.Fatalf("%s: %d entries written back; want %d:\n%s", f, len(back.Entries), len(l.Entries)-1, text)
					}
				} else {
					// Both written, each merged, nothing of either lost.
					if len(back.Entries) != len(l.Entries) || back.Entries[1].Key != tc.key {
						t.Fatalf("%s: %d entries written back; want %d:\n%s", f, len(back.Entries), len(l.Entries), text)
					}
					for i, e := range l.Entries[:2] {
						g := back.Entries[i]
						for _, fl := range []string{"note", "booktitle", "keywords", "eprint"} {
							if v, ok := e.Field(fl); ok {
								if w, _ := g.Field(fl); w != v {
									t.Errorf("%s: %s: %s = %q written %q", f, e.Key, fl, v, w)
								}
							}
						}
						if a, _ := g.Field("author"); !strings.Contains(a, "Hinton") {
							t.Errorf("%s: %s not merged with the record (author %q)", f, e.Key, a)
						}
					}
					if y := back.Entries[1].Year; y != 2014 {
						t.Errorf("%s: the workshop version's year came back as %d", f, y)
					}
				}
				// Nothing outside the entries is lost; the note left in
				// place of an entry written once is the only text added.
				read := bsOutside(l.Source)
				written := bsOutside(back.Source)
				if tc.once {
					read = strings.Replace(read, "\x00", "", 2)
					// The note and the entry's text after it, as comment lines.
					copied := regexp.MustCompile(`(?m)^% citegraph: a second entry with key .*\n((?:%.*\n?)*)`).FindStringSubmatch(written)
					if copied == nil || !strings.Contains(copied[1], "at inproceedings{") {
						t.Errorf("%s: the entry written once is not kept as comment lines:\n%q", f, written)
					}
					written = regexp.MustCompile(`(?m)(^% citegraph: a second entry with key .*\n)(?:%.*\n)*`).ReplaceAllString(written, "$1")
					written = regexp.MustCompile(`(?m)^% citegraph: a second entry with .*$`).ReplaceAllString(strings.Replace(written, "\x00", "", 1), "")
				}
				if i, ok := bsSurvives(read, written); !ok {
					t.Errorf("%s: lost at %d: %q\n%q", f, i, read, written)
				}
				bsCheckDiff(t, "s.bib", m, []byte(in), out, bsHeader)
				// Written back, nothing changes.
				again := bsAsRead(back)
				for i := range again {
					if again[i].Entry.Title == rec.Title {
						again[i].Paper = rec
					}
				}
				opts.Source = back.Source
				m2, out2 := bsWrite(t, again, opts, bsHeader)
				if !bytes.Equal(out, out2) {
					t.Errorf("%s: written back, the file changed at %s", f, firstDiffLine(text, string(out2)))
				}
				var diff bytes.Buffer
				if err := m2.WriteDiff(&diff, bsHeader, "a", "b"); err != nil || diff.Len() > 0 || len(m2.Changes()) > 0 {
					t.Errorf("%s: written back, a diff (%v) or changes %v:\n%s", f, err, m2.Changes(), diff.String())
				}
			}
		})
	}
}

// TestMergeSourceEncoding: a Windows-1252 file with CR LF line ends comes
// back in Windows-1252 with CR LF, its blocks byte for byte; a file that
// mixes UTF-8 and Windows-1252 lines comes back in UTF-8, its JabRef
// encoding line saying so.
func TestMergeSourceEncoding(t *testing.T) {
	cp := "% This file was created with JabRef 2.8.1.\r\n% Encoding: Cp1252\r\n\r\n" +
		"@string{tum = {Technische Universit\xe4t M\xfcnchen}}\r\n\r\n" +
		"@article{k, author = {M\xfcller, J\xfcrgen}, title = {\x93Quoted\x94 Title}, journal = tum, year = 2011}\r\n\r\n" +
		"@comment{jabref-meta: groupsversion:3;}\r\n"
	l := ParseBibTeX("cp.bib", []byte(cp))
	opts := MergeOptions{Source: l.Source}
	m, out := bsWrite(t, bsAsRead(l), opts, bsHeader)
	if m.Encoding() != EncodingCP1252 {
		t.Errorf("written in %s", m.Encoding())
	}
	for _, want := range []string{
		"% This file was created with JabRef 2.8.1.\r\n% Encoding: Cp1252\r\n% Generated by citegraph from user.bib: a test.\r\n% Source: a test\r\n% Semantic Scholar data is provided for non-commercial research use.\r\n\r\n\r\n",
		"@string{tum = {Technische Universit\xe4t M\xfcnchen}}\r\n",
		"% citegraph: not resolved: no record in this test; written as read\r\n" +
			"@article{k, author = {M\xfcller, J\xfcrgen}, title = {\x93Quoted\x94 Title}, journal = tum, year = 2011}\r\n",
		"@comment{jabref-meta: groupsversion:3;}\r\n",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("no %q in\n%q", want, out)
		}
	}
	if utf8.Valid(out) || bytes.Contains(bytes.ReplaceAll(out, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("not Windows-1252 with CR LF:\n%q", out)
	}
	bsCheckWriteBack(t, "cp.bib", m, []byte(cp), out, opts, bsHeader)

	mixed := strings.Replace(cp, "Universit\xe4t M\xfcnchen", "Universit\u00e4t M\u00fcnchen", 1)
	l = ParseBibTeX("mixed.bib", []byte(mixed))
	m, out = bsWrite(t, bsAsRead(l), MergeOptions{Source: l.Source}, "")
	if m.Encoding() != EncodingUTF8 || !utf8.Valid(out) ||
		!bytes.Contains(out, []byte("% Encoding: UTF-8\r\n")) || !bytes.Contains(out, []byte("{M\u00fcller, J\u00fcrgen}")) {
		t.Errorf("mixed: written in %s:\n%q", m.Encoding(), out)
	}
	back := ParseBibTeX("back.bib", out)
	if back.Source.Encoding != EncodingUTF8 || back.Entries[0].Fields[0].Value != l.Entries[0].Fields[0].Value {
		t.Errorf("mixed, read back: %s %q", back.Source.Encoding, back.Entries[0].Fields[0].Value)
	}
}

// TestMergeSourceLists writes every .bib of testdata/lists back with no
// record: nothing is lost, and the result is a fixed point.
func TestMergeSourceLists(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "lists", "*.bib"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .bib in testdata/lists: %v", err)
	}
	for _, file := range files {
		in, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		l := ParseBibTeX(file, in)
		opts := MergeOptions{Source: l.Source}
		m, out := bsWrite(t, bsAsRead(l), opts, bsHeader)
		bsCheckWriteBack(t, file, m, in, out, opts, bsHeader)
	}
}

// TestMergeSourceCorpus writes the real .bib files of the corpus
// (../shared/lists; sumo-jabref.bib is JabRef's Windows-1252) back with no
// record: every block comes back, in order, and the file is a fixed point.
func TestMergeSourceCorpus(t *testing.T) {
	dir, err := corpusDir()
	if err != nil {
		t.Fatalf("cannot run: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.bib"))
	if len(files) < 2 {
		t.Fatalf("cannot run: %d .bib files in %s: the corpus lives in shared/lists beside the repository (CI has it)", len(files), dir)
	}
	for _, file := range files {
		in, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		l := ParseBibTeX(filepath.Base(file), in)
		opts := MergeOptions{Source: l.Source}
		m, out := bsWrite(t, bsAsRead(l), opts, bsHeader)
		bsCheckWriteBack(t, filepath.Base(file), m, in, out, opts, bsHeader)
		if l.Source.Encoding == EncodingCP1252 && m.Encoding() != EncodingCP1252 {
			t.Errorf("%s: read as Windows-1252, written in %s", file, m.Encoding())
		}
	}
}

// FuzzMergeSource writes fuzzed .bib files back with no record: every
// block comes back in order, the blocks not merged and the entries
// verbatim, every line outside them but citegraph's own (its header, its
// comments directly above a block) survives, the diff applied to the file
// gives the file written, and writing the result back changes nothing.
// Merged with a record, every other entry's block survives verbatim and
// the diff still applies.
func FuzzMergeSource(f *testing.F) {
	for _, s := range []string{
		bsUser,
		"@string{a = \"A\"}\n@misc{k, title = a # {b} # \"c\", booktitle = undefinedmacro}",
		"@misc(k, title = \"q ) {x}\")\n% == F ==\n@comment{G}\n@preamble{\"x\"}",
		"@misc{k, title = {unbalanced}\n@misc{j, title = {x @ y}, comment = {c}}",
		"\xEF\xBB\xBF@misc{k,\r\n title = {Caf\xe9}\r\n}",
		"% Generated by citegraph\n%\n\n% citegraph: x\n@misc{k, title = {T}}junk@misc{j, title = {U}}",
		bsCitegraphHeader + "% MY OWN NOTE grant 1234\n\n% citegraph: not resolved; written as read\n% citegraph: mine\n@misc{k, title = {T}}\n",
		"@misc{k, title = {T}}\n@MISC{K, Title = \"U\"}\n@misc{, title = {V}}",
	} {
		f.Add([]byte(s))
	}
	rec := &Paper{PaperID: "fuzz", Title: "A Fuzzed Paper", Year: 2020, Authors: []Author{{Name: "Ada Lovelace"}},
		ExternalIDs: ExternalIDs{"ArXiv": "2001.00001"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := ParseBibTeX("fuzz.bib", data)
		if len(l.Entries) == 0 {
			return
		}
		opts := MergeOptions{Source: l.Source}
		m, out := bsWrite(t, bsAsRead(l), opts, bsHeader)
		back := ParseBibTeX("fuzz.bib", out)
		if len(back.Source.Blocks) != len(l.Source.Blocks) || len(back.Entries) != len(l.Entries) {
			t.Fatalf("%d blocks and %d entries read, %d and %d written:\n%q\n%q", len(l.Source.Blocks), len(l.Entries),
				len(back.Source.Blocks), len(back.Entries), data, out)
		}
		for i, b := range l.Source.Blocks {
			if g := back.Source.BlockText(back.Source.Blocks[i]); g != l.Source.BlockText(b) && (b.Entry < 0 || l.Entries[b.Entry].Key != "" && !bsDupKey(l, b.Entry)) {
				t.Fatalf("block %d not verbatim:\n%q\n%q", i, l.Source.BlockText(b), g)
			}
		}
		bsCheckOutside(t, "fuzz.bib", l.Source, back.Source)
		bsCheckDiff(t, "fuzz.bib", m, data, out, bsHeader)
		again := opts
		again.Source = back.Source
		if _, out2 := bsWrite(t, bsAsRead(back), again, bsHeader); !bytes.Equal(out, out2) {
			t.Fatalf("not a fixed point:\n%q\n%q", out, out2)
		}

		// The first entry merged with a record.
		items := bsAsRead(l)
		items[0].Paper = rec
		m, out = bsWrite(t, items, opts, bsHeader)
		back = ParseBibTeX("fuzz.bib", out)
		if len(back.Source.Blocks) != len(l.Source.Blocks) {
			t.Fatalf("merged: %d blocks read, %d written:\n%q\n%q", len(l.Source.Blocks), len(back.Source.Blocks), data, out)
		}
		for i, b := range l.Source.Blocks {
			if g := back.Source.BlockText(back.Source.Blocks[i]); b.Entry != 0 && g != l.Source.BlockText(b) && (b.Entry < 0 || l.Entries[b.Entry].Key != "" && !bsDupKey(l, b.Entry)) {
				t.Fatalf("merged: block %d not verbatim:\n%q\n%q", i, l.Source.BlockText(b), g)
			}
		}
		bsCheckDiff(t, "fuzz.bib", m, data, out, bsHeader)
	})
}

// bsDupKey reports whether an entry of l has the key of an earlier one
// (up to case), so that Merge writes it with another.
func bsDupKey(l *List, i int) bool {
	for _, e := range l.Entries[:i] {
		if strings.EqualFold(strings.TrimSpace(e.Key), strings.TrimSpace(l.Entries[i].Key)) {
			return true
		}
	}
	return false
}

// TestMergeSourceUnchangedVerbatim: an entry the merge leaves unchanged is
// written as the user laid it out (indent, alignment, type case), so a .bib
// kept in version control sees no churn; an entry that changes, or the
// biblatex flavour, is written in citegraph's layout.
func TestMergeSourceUnchangedVerbatim(t *testing.T) {
	var rec *Paper
	for _, p := range bkSnapshot(t) {
		if NormalizeTitle(p.Title) == NormalizeTitle("Distilling the Knowledge in a Neural Network") {
			rec = p
		}
	}
	if rec == nil {
		t.Fatal("no snapshot record")
	}
	merge := func(src string, f Format) (*Merged, string) {
		l := ParseBibTeX("user.bib", []byte(src))
		items := bsAsRead(l)
		for i := range items {
			items[i].Paper = rec
		}
		m, out := bsWrite(t, items, MergeOptions{Format: f, Source: l.Source}, bsHeader)
		return m, string(out)
	}
	const minimal = "@misc{hinton2015,\n  title = {Distilling the Knowledge in a Neural Network}\n}\n"
	m, first := merge(minimal, BibTeX)
	if len(m.Changes()) == 0 {
		t.Fatal("the minimal entry merged with no change: the test tests nothing")
	}
	// The merged entry, laid out by hand: type in capitals, fields
	// indented by four spaces, no alignment.
	block := regexp.MustCompile(`(?s)@\w+\{hinton2015,\n.*?\n\}`).FindString(first)
	if block == "" {
		t.Fatalf("no merged entry in\n%s", first)
	}
	mine := regexp.MustCompile(`(?m)^  (\w+)\s+= `).ReplaceAllString(block, "    $1 = ")
	typ := regexp.MustCompile(`^@(\w+)\{`).FindStringSubmatch(mine)
	mine = "@" + strings.ToUpper(typ[1]) + strings.TrimPrefix(mine, "@"+typ[1])
	m, again := merge(mine+"\n", BibTeX)
	if len(m.Changes()) != 0 {
		t.Fatalf("re-merging the merged entry changes %v", m.Changes())
	}
	if !strings.Contains(again, mine) {
		t.Errorf("an unchanged entry is not written as laid out:\n%s\nwant it to hold\n%s", again, mine)
	}
	if _, bl := merge(mine+"\n", BibLaTeX); strings.Contains(bl, mine) {
		t.Errorf("biblatex flavour: the entry is not converted:\n%s", bl)
	}
}
