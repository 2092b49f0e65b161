package bib

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// BibSource is a .bib file as ParseBibTeX read it: its text and its
// top-level @-blocks in file order, so that the file can be written back
// with nothing lost (see MergeOptions.Source): the blocks that hold an
// entry are merged, and every other block, and all the text between
// blocks, is written as read.
type BibSource struct {
	// Text is the file as the reader read it: decoded to UTF-8 (a byte
	// order mark dropped, UTF-16 decoded, bytes that are not UTF-8 read as
	// Windows-1252) with LF line ends. The blocks' spans index it.
	Text   string
	Blocks []BibBlock

	// Encoding is how the file was encoded: "UTF-8"; "windows-1252" (it
	// is not UTF-8 and holds no UTF-8 sequence beyond ASCII, as JabRef's
	// "% Encoding: Cp1252" files); "mixed" (both); or "UTF-16".
	Encoding string
	BOM      bool // the file starts with a byte order mark
	CRLF     bool // the file's first line ends in CR LF
}

// The encodings BibSource.Encoding names.
const (
	EncodingUTF8   = "UTF-8"
	EncodingCP1252 = "windows-1252"
	EncodingMixed  = "mixed"
	EncodingUTF16  = "UTF-16"
)

// BibBlock is one top-level @-item of a .bib file (an entry, @string,
// @preamble or @comment), whatever the reader made of it.
type BibBlock struct {
	Start, End int    // span in BibSource.Text: from the "@" through the closing delimiter
	Line       int    // line of the "@"
	Kind       string // lower-case type: "article", "string", "preamble", "comment", ...
	Entry      int    // index in List.Entries of the entry read from the block, or -1
	// Why says why no entry was read from an entry block: the problem the
	// reader reported ("malformed @article (problem at line 12): missing
	// comma after field \"title\""). It is "" for an entry and for @string,
	// @preamble and @comment blocks read without a problem.
	Why string
}

// BlockText returns the source text of a block.
func (s *BibSource) BlockText(b BibBlock) string { return s.Text[b.Start:b.End] }

// addItem records the block of a top-level item after the reader has
// processed it: made says whether it added the entry numbered n, probs are
// the problems it reported meanwhile.
func (s *BibSource) addItem(it bibinItem, n int, made bool, probs []*ParseError) {
	if it.kind == "marker" {
		return
	}
	b := BibBlock{Start: it.start, End: it.end, Line: it.line, Kind: it.kind, Entry: -1}
	switch {
	case made:
		b.Entry = n
	case !it.closed:
		b.Why = it.why
	default:
		// The reason is the last problem that skipped the item.
		for i := len(probs) - 1; i >= 0; i-- {
			p := probs[i]
			if p.Line == it.line && strings.HasSuffix(p.Msg, ": skipped") {
				b.Why = strings.TrimSuffix(p.Msg, ": skipped")
				if p.Err != nil {
					b.Why += ": " + p.Err.Error()
				}
				break
			}
		}
		if b.Why != "" {
			break
		}
		switch it.kind {
		case "string", "preamble", "comment":
		case "proceedings", "mvproceedings":
			b.Why = fmt.Sprintf("@%s %q is a volume of proceedings that entries cross-reference, not a paper", it.kind, bibinLeadKey(it.body))
		default:
			// Its problem was not kept (too many problems).
			b.Why = fmt.Sprintf("@%s %q was not read as a paper", it.kind, bibinLeadKey(it.body))
		}
	}
	s.Blocks = append(s.Blocks, b)
}

// bibinNewSource returns the source of data, a .bib file, whose lines the
// reader joined into text (without the file's last line end).
func bibinNewSource(text string, data []byte) *BibSource {
	s := &BibSource{Text: text}
	for _, end := range []string{"\n", "\r", "\n\x00", "\r\x00"} {
		if len(text) > 0 && bytes.HasSuffix(data, []byte(end)) {
			s.Text += "\n"
			break
		}
	}
	bibinSourceEncoding(s, data)
	return s
}

// bibinSourceEncoding sets how data, a .bib file, is encoded.
func bibinSourceEncoding(s *BibSource, data []byte) {
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		s.Encoding, s.BOM = EncodingUTF16, true
		s.CRLF = bytes.Contains(data, []byte("\r\x00\n\x00"))
		return
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		s.Encoding, s.BOM = EncodingUTF16, true
		s.CRLF = bytes.Contains(data, []byte("\x00\r\x00\n"))
		return
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		s.BOM = true
		data = data[3:]
	}
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		s.CRLF = true
	}
	s.Encoding = EncodingUTF8
	if utf8.Valid(data) {
		return
	}
	wide := false // the file holds UTF-8 beyond ASCII (the reader keeps it as such, even on a line it reads as Windows-1252)
	for b := data; len(b) > 0 && !wide; {
		r, size := utf8.DecodeRune(b)
		wide = size > 1 && r != utf8.RuneError
		b = b[size:]
	}
	s.Encoding = EncodingCP1252
	if wide {
		s.Encoding = EncodingMixed
	}
}

// bibinWritten is what an entry's block holds, beyond its Entry.
type bibinWritten struct {
	own  map[string]bool   // the fields written in the block (lower-case names), not inherited through crossref
	raw  map[string]string // the values written with @string macros or "#", in citegraph's layout
	dups []bkField         // the fields written again (BibTeX reads the first), as written, in citegraph's layout
}

// bibinBlockFields returns what an entry block holds: its fields, and for
// each (the first of duplicates) whose value uses a @string macro or "#",
// the value as written in citegraph's layout: operands joined by " # ",
// macros bare, text braced ({Proc. } # nips); and the fields written a
// second time, so. It returns nil when the block does not parse.
func bibinBlockFields(text string, line int) *bibinWritten {
	m := bibinTypeRe.FindString(text)
	if m == "" || len(text) < len(m)+2 {
		return nil
	}
	body := text[len(m)+1 : len(text)-1]
	_, fields, err := bibinParseBody(body, line, false)
	if err != nil {
		return nil
	}
	raw := map[string]string{}
	seen := map[string]bool{}
	var dups []bkField
	for _, f := range fields {
		macro := false
		ops := make([]string, len(f.parts))
		for i, p := range f.parts {
			macro = macro || p.macro
			if p.macro {
				ops[i] = p.text
			} else {
				ops[i] = "{" + p.text + "}"
			}
		}
		written := strings.Join(ops, " # ")
		switch {
		case seen[f.name]:
			dups = append(dups, bkField{name: f.name, value: written, raw: written})
		case macro || len(f.parts) > 1:
			raw[f.name] = written
		}
		seen[f.name] = true
	}
	return &bibinWritten{own: seen, raw: raw, dups: dups}
}

// bkCP1252Bytes maps the runes of Windows-1252's bytes 0x80-0x9F back to
// their bytes: the inverse of the reader's rlCP1252 (which reads the five
// bytes Windows-1252 leaves undefined as the C1 controls of the same
// value, so that they too come back as they were).
var bkCP1252Bytes = func() map[rune]byte {
	m := make(map[rune]byte, len(rlCP1252))
	for i, r := range rlCP1252 {
		m[r] = byte(0x80 + i)
	}
	return m
}()

// bkCP1252 returns the Windows-1252 byte of r, as the reader decodes it.
func bkCP1252(r rune) (byte, bool) {
	if r < 0x80 || r >= 0xA0 && r <= 0xFF {
		return byte(r), true
	}
	b, ok := bkCP1252Bytes[r]
	return b, ok
}

// bkCP1252Encodable reports whether Windows-1252 holds every rune of s.
func bkCP1252Encodable(s string) bool {
	for _, r := range s {
		if _, ok := bkCP1252(r); !ok {
			return false
		}
	}
	return true
}
