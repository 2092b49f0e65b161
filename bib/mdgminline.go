package bib

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdInlineParser parses inline Markdown with goldmark: every line a
// paragraph line, CommonMark's inline parsers and GFM's bare-URL linkify.
var mdInlineParser = parser.NewParser(
	parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 1000)),
	parser.WithInlineParsers(append(parser.DefaultInlineParsers(),
		util.Prioritized(extension.NewLinkifyParser(), 999))...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// mdInlineGM splits inline Markdown into the segments mdInline gives,
// reading goldmark's inline syntax tree: text, links (their text
// rendered), autolinks and bare URLs, <a href> links and <br> breaks from
// raw HTML; images dropped, emphasis kept as its markers.
func mdInlineGM(s string, refs map[string]string) []mdSeg {
	src := []byte(s)
	ctx := parser.NewContext()
	for label, dest := range refs {
		ctx.AddReference(parser.NewReference([]byte(label), []byte(dest), nil))
	}
	root := mdInlineParser.Parse(text.NewReader(src), parser.WithContext(ctx))
	w := gmWriter{src: src}
	first := true
	for p := root.FirstChild(); p != nil; p = p.NextSibling() {
		if !first {
			w.txt.WriteByte('\n')
		}
		first = false
		w.children(p)
	}
	w.flush()
	return w.segs
}

type gmWriter struct {
	src  []byte
	segs []mdSeg
	txt  strings.Builder
}

func (w *gmWriter) flush() {
	if w.txt.Len() > 0 {
		w.segs = append(w.segs, mdSeg{text: w.txt.String()})
		w.txt.Reset()
	}
}

func (w *gmWriter) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		c = w.node(c)
	}
}

// node writes n and returns the node to write next (an <a href> raw
// tag takes the nodes up to its </a>).
func (w *gmWriter) node(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(w.src)
		if !n.IsRaw() {
			v = util.UnescapePunctuations(v)
		}
		w.txt.Write(v)
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.txt.WriteByte('\n')
		}
	case *ast.String:
		w.txt.Write(n.Value)
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				w.txt.Write(t.Segment.Value(w.src))
			} else if s, ok := c.(*ast.String); ok {
				w.txt.Write(s.Value)
			}
		}
	case *ast.Emphasis:
		mark := strings.Repeat("*", n.Level)
		w.txt.WriteString(mark)
		w.children(n)
		w.txt.WriteString(mark)
	case *ast.Image:
		// dropped: a badge inside a link leaves the link its other text
	case *ast.Link:
		w.flush()
		w.segs = append(w.segs, mdSeg{text: w.plain(n), url: string(n.Destination), link: true})
	case *ast.AutoLink:
		if n.AutoLinkType != ast.AutoLinkURL {
			w.txt.Write(n.Label(w.src))
			break
		}
		u := string(n.URL(w.src))
		if n.Protocol == nil && strings.HasPrefix(u, "www.") {
			u = "https://" + u
		}
		w.flush()
		w.segs = append(w.segs, mdSeg{url: u, bare: true})
	case *ast.RawHTML:
		var raw []byte
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			raw = append(raw, seg.Value(w.src)...)
		}
		m := mdTagRe.FindSubmatch(raw)
		if m == nil || !mdKnownTags[strings.ToLower(string(m[2]))] {
			w.txt.Write(raw) // not a tag mdInline knows: its text
			break
		}
		switch tag := strings.ToLower(string(m[2])); {
		case tag == "a" && len(m[1]) == 0:
			h := mdHrefRe.FindSubmatch(raw)
			if h == nil {
				break
			}
			url := string(h[1]) + string(h[2]) + string(h[3])
			// The link's text runs to the next </a>.
			var inner gmWriter
			inner.src = w.src
			next := n.NextSibling()
			for ; next != nil; next = next.NextSibling() {
				if r, ok := next.(*ast.RawHTML); ok && bytes.HasPrefix(bytes.ToLower(r.Segments.Value(w.src)), []byte("</a")) {
					break
				}
				inner.node(next)
			}
			if next == nil {
				w.flush()
				w.segs = append(w.segs, mdSeg{url: url, bare: true})
				w.txt.WriteByte(' ')
				return n.NextSibling()
			}
			inner.flush()
			var b strings.Builder
			for _, s := range inner.segs {
				b.WriteString(s.text)
			}
			w.flush()
			w.segs = append(w.segs, mdSeg{text: b.String(), url: url, link: true})
			return next.NextSibling()
		case tag == "br":
			w.flush()
			w.segs = append(w.segs, mdSeg{brk: true})
		}
		w.txt.WriteByte(' ')
	default:
		w.children(n)
	}
	return n.NextSibling()
}

// plain renders a link's text: its text and emphasis markers, without
// images.
func (w *gmWriter) plain(n ast.Node) string {
	inner := gmWriter{src: w.src}
	inner.children(n)
	inner.flush()
	var b strings.Builder
	for _, s := range inner.segs {
		b.WriteString(s.text)
	}
	return b.String()
}
