package out

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// svgKeptElements are the SVG elements inlineSVG keeps: those Graphviz's SVG
// renderer writes for the diagrams (shapes, text, groups, links). Any
// other element is dropped with everything inside it.
var svgKeptElements = map[string]bool{
	"svg": true, "g": true, "a": true, "title": true, "path": true, "polygon": true,
	"polyline": true, "ellipse": true, "circle": true, "rect": true, "line": true, "text": true,
}

// svgKeptAttrs are the attributes inlineSVG keeps (geometry and presentation);
// every other one is dropped: event handlers, style, hrefs (links are made
// anew), ids (replaced by data attributes), anything namespaced.
var svgKeptAttrs = map[string]bool{
	"d": true, "points": true, "cx": true, "cy": true, "r": true, "rx": true, "ry": true,
	"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true,
	"width": true, "height": true, "viewBox": true, "transform": true, "preserveAspectRatio": true,
	"fill": true, "fill-opacity": true, "stroke": true, "stroke-width": true, "stroke-dasharray": true,
	"stroke-opacity": true, "stroke-linecap": true, "stroke-linejoin": true, "stroke-miterlimit": true,
	"opacity": true, "font-family": true, "font-size": true, "font-weight": true, "font-style": true,
	"text-anchor": true, "text-decoration": true,
}

// svgGeometry are the attributes whose numbers inlineSVG rounds to one
// decimal place (a tenth of a point: nothing a reader sees), which makes
// the page markedly smaller.
var svgGeometry = map[string]bool{
	"d": true, "points": true, "cx": true, "cy": true, "r": true, "rx": true, "ry": true,
	"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true, "transform": true,
}

var svgNumber = regexp.MustCompile(`-?[0-9]+\.[0-9]{2,}`)

// roundNumbers rounds every decimal number in s with more than one decimal
// place to one ("-370.38" → "-370.4", "12.00" → "12").
func roundNumbers(s string) string {
	return svgNumber.ReplaceAllStringFunc(s, func(n string) string {
		x, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return n
		}
		r := strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
		if r == "-0" {
			r = "0"
		}
		return r
	})
}

// svgKeptClasses are the class names of Graphviz's groups that inlineSVG keeps.
var svgKeptClasses = map[string]bool{"graph": true, "node": true, "edge": true, "cluster": true}

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// svgInline says how inlineSVG links a diagram into the page.
type svgInline struct {
	label string // the diagram's accessible name
	// href returns the in-page link of a node that stands for the tokens
	// of its id (see diagramID), or "" for none.
	href func(tokens []string) string
}

// inlineSVG rewrites an SVG document that Graphviz wrote into markup that is
// safe inside an HTML page and tells the page's script what each element
// stands for. It is rebuilt from its tokens, keeping only the elements in
// svgKeptElements and the attributes in svgKeptAttrs (a value that refers to
// anything with url(…) is dropped), so that nothing in it can run script or
// fetch anything, whatever a title held: every text and attribute value is
// escaped anew, comments, processing instructions and the DOCTYPE are
// dropped.
//
// Graphviz's ids are dropped; an id that citegraph gave a node or arrow
// (see diagramID) becomes data-n="p3 p7" on a node's group and
// data-c="p3>p5 p4>p5" on an arrow's. A link (Graphviz's <a>) keeps only
// its tooltip, as a <title>, and gets the href opt.href gives for its node
// ("" leaves it a plain group); a node without a link is focusable with
// tabindex. The root gets role="group", aria-label and class "dia", and
// keeps its width, height and viewBox.
func inlineSVG(svg []byte, opt svgInline) (template.HTML, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	var b strings.Builder
	type frame struct {
		name   string // element written, "" when dropped
		tokens []string
	}
	var stack []frame
	skip := 0 // depth inside a dropped element
	// nodeTokens are the tokens of the node being written, if any.
	nodeTokens := func() []string {
		for i := len(stack) - 1; i >= 0; i-- {
			if toks := stack[i].tokens; toks != nil {
				if strings.Contains(toks[0], ">") {
					return nil // an arrow
				}
				return toks
			}
		}
		return nil
	}
	inText := func() bool {
		return len(stack) > 0 && (stack[len(stack)-1].name == "text" || stack[len(stack)-1].name == "title")
	}
	roots := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("out: inline svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			name := t.Name.Local
			foreign := t.Name.Space != "" && t.Name.Space != svgNS
			if len(stack) == 0 {
				if name != "svg" || foreign || roots > 0 {
					return "", fmt.Errorf("out: inline svg: root element <%s>", name)
				}
				roots++
			}
			if foreign || !svgKeptElements[name] {
				skip = 1
				continue
			}
			// Graphviz's own <title>s name nodes and edges by their DOT
			// ids (paper keys): noise for a reader.
			if name == "title" {
				skip = 1
				continue
			}
			f := frame{name: name}
			var attrs []xml.Attr
			var tip, href string
			classes := ""
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == xlinkNS && a.Name.Local == "title":
					tip = cleanText(a.Value)
				case a.Name.Space != "":
				case a.Name.Local == "id" && strings.HasPrefix(a.Value, diagramIDPrefix):
					f.tokens = strings.Split(strings.TrimPrefix(a.Value, diagramIDPrefix), ",")
				case a.Name.Local == "class":
					for _, c := range strings.Fields(a.Value) {
						if svgKeptClasses[c] {
							classes = strings.TrimSpace(classes + " " + c)
						}
					}
				case a.Name.Local == "font-family" && a.Value == verdanaFallback:
					// the page's style sets it for every diagram text
				case svgKeptAttrs[a.Name.Local] && !strings.Contains(strings.ToLower(a.Value), "url"):
					if svgGeometry[a.Name.Local] {
						a.Value = roundNumbers(a.Value)
					}
					attrs = append(attrs, a)
				}
			}
			if name == "svg" {
				classes = "dia"
			}
			if name == "a" {
				if toks := nodeTokens(); opt.href != nil && toks != nil {
					href = opt.href(toks)
				}
				if href == "" {
					name, f.name = "g", "g"
				}
			}
			focusable := f.name == "g" && t.Name.Local == "a" && nodeTokens() != nil && href == ""
			if name == "g" && classes == "" && f.tokens == nil && len(attrs) == 0 && tip == "" && !focusable {
				// A group that says nothing (Graphviz wraps links in
				// them): its children are written in its place.
				stack = append(stack, frame{})
				continue
			}
			b.WriteString("<" + name)
			if classes != "" {
				writeAttr(&b, "class", classes)
			}
			if f.tokens != nil {
				key := "data-n"
				if strings.Contains(f.tokens[0], ">") {
					key = "data-c"
				}
				writeAttr(&b, key, strings.Join(f.tokens, " "))
			}
			for _, a := range attrs {
				writeAttr(&b, a.Name.Local, a.Value)
			}
			switch {
			case name == "svg":
				writeAttr(&b, "role", "group")
				writeAttr(&b, "aria-label", cleanText(opt.label))
			case href != "":
				writeAttr(&b, "href", href)
			case focusable:
				writeAttr(&b, "tabindex", "0")
			}
			b.WriteString(">")
			if tip != "" {
				b.WriteString("<title>" + xmlText(tip) + "</title>")
			}
			stack = append(stack, f)
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.name == "" {
				continue
			}
			b.WriteString("</" + f.name + ">")
			if f.name == "g" || f.name == "svg" {
				b.WriteByte('\n')
			}
		case xml.CharData:
			if len(stack) == 0 && len(bytes.TrimSpace(t)) > 0 {
				return "", errors.New("out: inline svg: text outside the <svg> element")
			}
			if skip == 0 && inText() {
				b.WriteString(xmlText(xmlSafe(string(t))))
			}
		}
	}
	if roots != 1 {
		return "", errors.New("out: inline svg: no <svg> element")
	}
	// The rebuilt markup holds only the elements and attributes above,
	// every value escaped: safe to put into the page as it is.
	return template.HTML(b.String()), nil //nolint:gosec // see above
}

// writeAttr writes ` key="value"` with the value escaped for XML and HTML.
func writeAttr(b *strings.Builder, key, value string) {
	b.WriteString(" " + key + `="` + xmlText(xmlSafe(value)) + `"`)
}
