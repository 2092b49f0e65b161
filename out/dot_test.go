package out

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"
)

// hostileTitles are titles that break naive DOT, XML or Markdown writers.
var hostileTitles = []string{
	`Plain title`,
	`"Quoted" <angle> {braces} \backslash`,
	`trailing backslash\`,
	`\"escaped quote`,
	`\N \G \E \L \n \l \r graphviz escapes`,
	`&amp; &lt; &#0; &#x1; &foo; & entities`,
	"new\nline\r\nand\ttab",
	"invalid \xff\xfe UTF-8",
	"nul \x00 and bell \a",
	`-- comment --> <!-- end`,
	`]]> <![CDATA[ x`,
	"emoji 🌟 and 中文 and é",
	`<b>html</b>`,
	`"`,
	`\`,
	``,
}

// dotUnquote reverses dotLines: it takes a quoted DOT string as the parser
// returns it and gives back its lines.
func dotUnquote(t *testing.T, q string) []string {
	t.Helper()
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		t.Fatalf("not a quoted DOT string: %s", q)
	}
	q = q[1 : len(q)-1]
	var lines []string
	var cur strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c != '\\' {
			cur.WriteByte(c)
			continue
		}
		if i+1 == len(q) {
			t.Fatalf("dangling backslash in %q", q)
		}
		i++
		switch q[i] {
		case '\\', '"':
			cur.WriteByte(q[i])
		case 'n', 'l':
			lines = append(lines, cur.String())
			cur.Reset()
		default:
			t.Fatalf("unexpected escape \\%c in %q", q[i], q)
		}
	}
	if cur.Len() > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	for i, l := range lines {
		if strings.Contains(strings.ReplaceAll(l, "&amp;", ""), "&") {
			t.Fatalf("unescaped & in %q", l)
		}
		lines[i] = strings.ReplaceAll(l, "&amp;", "&")
	}
	return lines
}

// parseOneNode parses src with gonum's DOT parser and returns the first
// node statement.
func parseOneNode(t *testing.T, src string) *ast.NodeStmt {
	t.Helper()
	f, err := dot.ParseString(src)
	if err != nil {
		t.Fatalf("gonum cannot parse %q: %v", src, err)
	}
	for _, st := range f.Graphs[0].Stmts {
		if n, ok := st.(*ast.NodeStmt); ok {
			return n
		}
	}
	t.Fatalf("no node statement in %q", src)
	return nil
}

func attrVal(n *ast.NodeStmt, key string) string {
	for _, a := range n.Attrs {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func checkDOTRoundTrip(t *testing.T, s string) {
	id := dotString(s)
	label := dotLines([]string{s, "second " + s}, `\n`)
	left := dotLines([]string{s}, `\l`)
	src := "digraph G {\n  " + id + " [label=" + label + ", tooltip=" + left + "];\n  " + id + " -> " + id + ";\n}\n"
	n := parseOneNode(t, src)
	want := dotWant(s)
	if got := dotUnquote(t, n.Node.ID); len(got) != 1 || got[0] != want {
		t.Errorf("ID of %q: parsed back %q; want %q", s, got, want)
	}
	wantLines := []string{want, dotWant("second " + s)}
	if got := dotUnquote(t, attrVal(n, "label")); strings.Join(got, "\x00") != strings.Join(wantLines, "\x00") {
		t.Errorf("label of %q: parsed back %q; want %q", s, got, wantLines)
	}
	if got := dotUnquote(t, attrVal(n, "tooltip")); len(got) != 1 || got[0] != want {
		t.Errorf("left-justified label of %q: parsed back %q; want %q", s, got, want)
	}
}

// dotWant is what a DOT string made of s shows: s cleaned, with "?" for
// U+FFFD.
func dotWant(s string) string {
	return strings.ReplaceAll(cleanText(s), "\uFFFD", "?")
}

func TestDOTTooltip(t *testing.T) {
	for _, s := range hostileTitles {
		n := parseOneNode(t, "digraph { a [tooltip="+dotTooltip(s)+"]; }")
		want := strings.ReplaceAll(dotWant(s), `\`, "\u29f5")
		if got := dotUnquote(t, attrVal(n, "tooltip")); len(got) != 1 || got[0] != want {
			t.Errorf("tooltip of %q: parsed back %q; want %q", s, got, want)
		}
	}
}

func TestDOTStringRoundTrip(t *testing.T) {
	for _, s := range hostileTitles {
		checkDOTRoundTrip(t, s)
	}
}

func FuzzDOTString(f *testing.F) {
	for _, s := range hostileTitles {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDOTRoundTrip(t, s)
	})
}

// svgTexts returns the character data of every <text> element of an SVG,
// and fails the test if the SVG is not well-formed XML.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	var texts []string
	in := false
	var cur strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				in = true
				cur.Reset()
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				in = false
				texts = append(texts, cur.String())
			}
		case xml.CharData:
			if in {
				cur.Write(tok)
			}
		}
	}
	return texts
}

// svgAttrs returns the values of every attribute named local in the SVG.
func svgAttrs(t *testing.T, svg []byte, local string) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var vals []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == local {
					vals = append(vals, a.Value)
				}
			}
		}
	}
	return vals
}

// TestRenderHostileLabels renders every hostile title through Graphviz and
// checks that the SVG is well-formed and shows the title as written.
func TestRenderHostileLabels(t *testing.T) {
	ctx := context.Background()
	r, err := NewRenderer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, s := range hostileTitles {
		want := dotWant(s)
		if want == "" {
			continue // Graphviz draws no text for an empty label
		}
		src := "digraph G {\n  " + dotString(s) + " [shape=box, label=" + dotString(s) + ", tooltip=" + dotTooltip(s) + "];\n}\n"
		svg, err := r.SVG(ctx, []byte(src))
		if err != nil {
			t.Errorf("render %q: %v", s, err)
			continue
		}
		texts := svgTexts(t, svg)
		if len(texts) != 1 || texts[0] != want {
			t.Errorf("label %q rendered as %q; want [%q]", s, texts, want)
		}
		if tips := svgAttrs(t, svg, "title"); len(tips) != 1 || tips[0] != strings.ReplaceAll(want, `\`, "\u29f5") {
			t.Errorf("tooltip %q rendered as %q; want [%q]", s, tips, want)
		}
	}
}

func TestRenderDeterministic(t *testing.T) {
	ctx := context.Background()
	src := []byte("digraph G {\n  a -> b -> c;\n  a -> c [style=dashed];\n  { rank=same; b; d; }\n}\n")
	first, err := RenderSVG(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		again, err := RenderSVG(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("render %d differs from the first:\n%s\n---\n%s", i+2, first, again)
		}
	}
	if _, err := RenderSVG(ctx, []byte("digraph { a -> ")); err == nil {
		t.Error("RenderSVG of broken DOT: no error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := RenderSVG(cctx, src); !errors.Is(err, context.Canceled) {
		t.Errorf("RenderSVG with a cancelled context: err = %v; want context.Canceled", err)
	}
}

func BenchmarkRenderSVG(b *testing.B) {
	ctx := context.Background()
	r, err := NewRenderer(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	var src strings.Builder
	src.WriteString("digraph G {\n")
	for i := 0; i < 40; i++ {
		for j := 0; j < i; j += 7 {
			fmt.Fprintf(&src, "  n%d -> n%d;\n", i, j)
		}
	}
	src.WriteString("}\n")
	b.ResetTimer()
	for b.Loop() {
		if _, err := r.SVG(ctx, []byte(src.String())); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRenderConcurrent renders from several goroutines at once (go-graphviz
// shares one WebAssembly module): every result equals the sequential one.
func TestRenderConcurrent(t *testing.T) {
	ctx := context.Background()
	r, err := NewRenderer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	srcs := make([][]byte, 6)
	want := make([][]byte, len(srcs))
	for i := range srcs {
		srcs[i] = []byte(fmt.Sprintf("digraph G { a -> b%d; b%d -> c; a -> c [label=%d]; }", i, i, i))
		if want[i], err = r.SVG(ctx, srcs[i]); err != nil {
			t.Fatal(err)
		}
	}
	got := make([][]byte, len(srcs))
	errs := make([]error, len(srcs))
	var wg sync.WaitGroup
	for i := range srcs {
		wg.Go(func() {
			other, err := NewRenderer(ctx) // a second instance shares the module too
			if err != nil {
				errs[i] = err
				return
			}
			defer other.Close()
			got[i], errs[i] = other.SVG(ctx, srcs[i])
		})
	}
	wg.Wait()
	for i := range srcs {
		if errs[i] != nil {
			t.Errorf("render %d: %v", i, errs[i])
		} else if !bytes.Equal(got[i], want[i]) {
			t.Errorf("render %d differs when run concurrently", i)
		}
	}
}
