package out

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
)

// hostileSVG is an SVG with everything inlineSVG must drop or escape.
const hostileSVG = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Title: <script>alert(0)</script> -->
<svg width="100pt" height="50pt" viewBox="0 0 100 50" onload="alert(1)" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<script>alert(2)</script>
<style>* { background: url(https://evil.example/x) }</style>
<g id="graph0" class="graph evil" transform="scale(1 1)" style="fill:red">
<title>graph title</title>
<g id="cg:p0" class="node">
<title>ARXIV:1</title>
<g id="a_node1"><a xlink:href="javascript:alert(3)" xlink:title="&lt;img src=x onerror=alert(4)&gt; &amp; &quot;q&quot;" target="_blank">
<path fill="#dbe9f6" stroke="#1f4e79" d="M0,0 L10,10" onclick="alert(5)"/>
<text x="1" y="2" font-size="12.00">&lt;img src=x onerror=alert(6)&gt;</text>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(7)"/></div></foreignObject>
<image xlink:href="https://evil.example/i.png"/>
<set attributeName="onmouseover" to="alert(8)"/>
<animate attributeName="href" to="javascript:alert(9)"/>
</a></g>
</g>
<g id="cg:p0&gt;p1" class="edge"><path fill="url(https://evil.example/#g)" stroke="black" d="M1,1"/></g>
<g id="cg:p1,p2" class="node"><g id="a_node2"><a xlink:title="box"><text>box</text></a></g></g>
</g>
</svg>
`

func TestInlineSVG(t *testing.T) {
	got, err := inlineSVG([]byte(hostileSVG), svgInline{label: `Diagram "<b>"`, href: func(toks []string) string {
		if len(toks) == 1 && toks[0] == "p0" {
			return "#p-paper0"
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	// The titles' text stays, escaped; nothing else of the hostile parts.
	rest := strings.ReplaceAll(strings.ReplaceAll(s, "&lt;img src=x onerror=alert(4)&gt;", ""), "&lt;img src=x onerror=alert(6)&gt;", "")
	for _, bad := range []string{"alert", "<script", "<style", "evil", "onload", "onclick", "onerror", "<img", "foreignObject",
		"<image", "<set", "<animate", "javascript", "url(", "<!", "<?", "_blank", "xlink", `id="`, "ARXIV:1", "graph title", "style="} {
		if strings.Contains(rest, bad) {
			t.Errorf("inlined SVG holds %q:\n%s", bad, s)
		}
	}
	for _, want := range []string{
		`<svg class="dia" width="100pt" height="50pt" viewBox="0 0 100 50" role="group" aria-label="Diagram &#34;&lt;b&gt;&#34;">`,
		`<g class="graph" transform="scale(1 1)">`,
		`<g class="node" data-n="p0">`,
		`<a href="#p-paper0"><title>&lt;img src=x onerror=alert(4)&gt; &amp; &#34;q&#34;</title>`,
		`<text x="1" y="2" font-size="12.00">&lt;img src=x onerror=alert(6)&gt;</text>`,
		`<g class="edge" data-c="p0&gt;p1"><path stroke="black" d="M1,1"></path></g>`,
		`<g class="node" data-n="p1 p2"><g tabindex="0"><title>box</title><text>box</text></g>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("inlined SVG lacks %s:\n%s", want, s)
		}
	}
	checkInlined(t, []byte(got))
}

func TestRoundNumbers(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"M530.23,-370.38C530.23,-370.38 410.55,-370.38", "M530.2,-370.4C530.2,-370.4 410.6,-370.4"},
		{"12.00", "12"},
		{"-0.04 0.05 7 7.5 7.25", "0 0.1 7 7.5 7.3"},
		{"scale(1 1) rotate(0) translate(4 417.48)", "scale(1 1) rotate(0) translate(4 417.5)"},
	} {
		if got := roundNumbers(c.in); got != c.want {
			t.Errorf("roundNumbers(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestInlineSVGRejects(t *testing.T) {
	for _, in := range []string{"", "<svg>", "<html></html>", "<svg></svg><svg></svg>", "<svg><g></svg>"} {
		if _, err := inlineSVG([]byte(in), svgInline{}); err == nil {
			t.Errorf("inlineSVG(%q): no error", in)
		}
	}
}

// inlinedAttrs are the attributes inlineSVG may write beside svgKeptAttrs.
var inlinedAttrs = map[string]bool{"class": true, "data-n": true, "data-c": true, "role": true, "aria-label": true, "href": true, "tabindex": true}

// checkInlined checks the invariants of inlineSVG's output: one well-formed
// <svg> element holding only kept elements and attributes, no link but an
// in-page one, no url() reference.
func checkInlined(t *testing.T, out []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(out))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("inlined SVG is not well-formed: %v\n%s", err, out)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if tok.Name.Local != "svg" {
					t.Errorf("root <%s>", tok.Name.Local)
				}
			}
			depth++
			if !svgKeptElements[tok.Name.Local] || tok.Name.Space != "" {
				t.Errorf("element <%s:%s>", tok.Name.Space, tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if a.Name.Space != "" || (!svgKeptAttrs[a.Name.Local] && !inlinedAttrs[a.Name.Local]) {
					t.Errorf("attribute %s:%s=%q", a.Name.Space, a.Name.Local, a.Value)
				}
				if a.Name.Local == "href" && !strings.HasPrefix(a.Value, "#") {
					t.Errorf("link %q", a.Value)
				}
				if strings.Contains(strings.ToLower(a.Value), "url(") {
					t.Errorf("attribute %s=%q refers to a URL", a.Name.Local, a.Value)
				}
			}
		case xml.EndElement:
			depth--
		case xml.Comment, xml.ProcInst, xml.Directive:
			t.Errorf("inlined SVG holds %T", tok)
		}
	}
	if roots != 1 {
		t.Errorf("%d root elements", roots)
	}
}

// FuzzInlineSVG feeds inlineSVG arbitrary documents: whatever it accepts,
// its output keeps the invariants checkInlined checks.
func FuzzInlineSVG(f *testing.F) {
	f.Add([]byte(hostileSVG))
	f.Add([]byte(`<svg><g id="cg:p1,p2"><a xlink:title="t" xmlns:xlink="http://www.w3.org/1999/xlink"><text>&amp;&lt;</text></a></g></svg>`))
	f.Add([]byte(`<svg xmlns:x="urn:x"><x:script/><g x:onload="1"/><text><![CDATA[<b>]]></text></svg>`))
	f.Add([]byte(`<svg width="62pt" height="116pt" viewBox="0.00 0.00 62.00 116.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 112)">
<g id="cg:p1" class="node"><title>k</title><g id="a_cg:p1"><a xlink:href="https://x.example/" xlink:title="t &amp; u" target="_blank">
<ellipse fill="none" stroke="black" cx="27" cy="-90" rx="27" ry="18"/><text text-anchor="middle" x="27" y="-86.3">hi</text></a></g></g>
<g id="cg:p1&gt;p2" class="edge"><title>k&#45;&gt;l</title><path fill="none" stroke="black" d="M27,-61.67C27,-53.05 27,-43.79 27,-36.1"/></g>
</g></svg>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := inlineSVG(in, svgInline{label: string(in[:min(len(in), 20)]), href: func(toks []string) string { return "#x-" + strings.Join(toks, "-") }})
		if err != nil {
			return
		}
		checkInlined(t, []byte(out))
	})
}

var preRE = regexp.MustCompile(`(?s)<pre id="bib-([^"]+)">(.*?)</pre>`)

// TestWriteHTML checks index.html of the fixture run against the other
// artefacts: every paper's BibTeX entry is the one references.bib holds,
// every suggestion's the one suggested.bib holds; the data for the script
// is JSON; the Content-Security-Policy's hashes are those of the inline
// script and style; each family diagram is inlined with one node per
// paper drawn; nothing is loaded from anywhere.
func TestWriteHTML(t *testing.T) {
	run := fixtureRun(t)
	dir := writeAll(t, run)
	page := string(readFile(t, dir, "index.html"))
	refs := string(readFile(t, dir, "references.bib"))
	sug := string(readFile(t, dir, "suggested.bib"))

	entries := preRE.FindAllStringSubmatch(page, -1)
	if want := run.Graph.Len() + strings.Count(sug, "\n@"); len(entries) != want {
		t.Errorf("%d BibTeX entries on the page; want %d (papers and citable suggestions)", len(entries), want)
	}
	for _, m := range entries {
		entry := html.UnescapeString(m[2])
		if !strings.HasPrefix(entry, "@") || !strings.Contains(entry, "{"+m[1]+",") {
			t.Errorf("entry %s: %q", m[1], entry)
		}
		if !strings.Contains(refs, entry+"\n") && !strings.Contains(sug, entry+"\n") {
			t.Errorf("entry %s is neither in references.bib nor in suggested.bib:\n%s", m[1], entry)
		}
	}

	data := between(t, page, `<script type="application/json" id="page-data">`, `</script>`)
	var pd pageData
	if err := json.Unmarshal([]byte(data), &pd); err != nil {
		t.Fatalf("page data: %v\n%s", err, data)
	}
	if len(pd.Papers) != run.Graph.Len() || len(pd.Families) != len(run.Families()) {
		t.Errorf("page data: %d papers, %d families; want %d, %d", len(pd.Papers), len(pd.Families), run.Graph.Len(), len(run.Families()))
	}
	for _, n := range run.Graph.Nodes() {
		if got, want := pd.Papers[n.ID].Title, cleanText(n.Paper.Title); got != want {
			t.Errorf("page data: paper %d is %q; want %q", n.ID, got, want)
		}
	}

	csp := between(t, page, `<meta http-equiv="Content-Security-Policy" content="`, `">`)
	script := between(t, page, "<script>", "</script>")
	style := between(t, page, "<style>", "</style>")
	if script != pageScript || style != pageStyle {
		t.Errorf("the inline script or style differs from the embedded file")
	}
	for _, want := range []string{"default-src 'none'", "script-src " + cspHash(script) + ";", "style-src " + cspHash(style) + ";"} {
		if !strings.Contains(html.UnescapeString(csp), want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	for _, bad := range []string{" src=", "http://", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	for _, f := range run.Families() {
		sec := between(t, page, `<section class="family" id="family-`+f.Slug+`"`, "</section>")
		if got, want := strings.Count(sec, `<g class="node" data-n="p`), drawnCount(len(f.Papers)); got < want {
			t.Errorf("%s: %d paper nodes inlined; want at least %d", f.Name, got, want)
		}
		for _, k := range f.Papers {
			n := run.Graph.Node(k)
			if !strings.Contains(sec, `data-n="`+paperToken(n)+`"`) {
				t.Errorf("%s: paper %s not in the inlined diagram", f.Name, k)
			}
		}
	}
}

func between(t *testing.T, s, start, end string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s, start)
	if !ok {
		t.Fatalf("page lacks %q", start)
	}
	in, _, ok := strings.Cut(rest, end)
	if !ok {
		t.Fatalf("page lacks %q after %q", end, start)
	}
	return in
}

// TestWriteHTMLHostile writes the page of a run whose titles, authors,
// venues and family names are markup, and checks that none of it is left
// unescaped anywhere: in text, attributes, the script's data or the
// inlined diagrams.
func TestWriteHTMLHostile(t *testing.T) {
	const (
		title  = `<img src=x onerror=alert(1)> & "Quotes" </script><script>alert(2)</script>`
		author = `<b onmouseover=alert(3)>Eve</b>`
		venue  = `</title><svg onload=alert(4)>`
		family = `<script>alert(5)</script> ]]> --> "fam"`
	)
	p1 := &bib.Paper{PaperID: "p1", Title: title, Year: 2020, Venue: venue, Authors: []bib.Author{{Name: author}}, References: &[]bib.Paper{}}
	p2 := &bib.Paper{PaperID: "p2", Title: "Plain", Year: 2021, References: &[]bib.Paper{{PaperID: "p1"}}}
	g := graph.Build([]graph.Member{{Paper: p1, Families: []string{family}}, {Paper: p2, Families: []string{family}}}, nil)
	run := &Run{
		List:  &bib.List{Name: `<i>list</i>.md`, Families: []bib.Family{{Name: family}}},
		Graph: g, Scores: g.Rank(2022), Credit: `Data: <u>credit</u>`,
	}
	dir := writeAll(t, run)
	page := string(readFile(t, dir, "index.html"))
	for _, raw := range []string{"<img", "<b ", "<b>", "<svg onload", "<script>alert", "</script><script", "<i>", "<u>", "onerror=alert(1)>", "]]>", "-->"} {
		if strings.Contains(page, raw) {
			i := strings.Index(page, raw)
			t.Errorf("page holds %q unescaped: …%s…", raw, page[max(0, i-80):min(len(page), i+80)])
		}
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Quotes&#34;", "&lt;script&gt;alert(5)&lt;/script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks the escaped text %q", want)
		}
	}
}

// TestWriteHTMLNeighbourhood checks the page's sections on the list's
// neighbourhood for the fixture run (expanded, one citation list failed,
// one cut by --expand-limit) against report.md and the Neighbourhood: the
// completeness estimate is the report's, each paper's row says what its
// citation list is (fetched, cut and why, failed and why), every cluster
// has its row and every paper its similar papers, strongest first.
func TestWriteHTMLNeighbourhood(t *testing.T) {
	run := fixtureRun(t)
	dir := writeAll(t, run)
	page := string(readFile(t, dir, "index.html"))
	report := string(readFile(t, dir, "report.md"))
	nb := run.Neighbourhood

	estimate := between(t, report, "as Local Citation Network estimates it: ", ".\n")
	_, want, _ := strings.Cut(estimate, "= **")
	want = strings.TrimSuffix(want, "**")
	if got := between(t, page, `<strong class="estimate">`, "</strong>"); got != want {
		t.Errorf("the page estimates completeness at %s; report.md at %s", got, want)
	}

	compl := between(t, page, `<table class="compl sortable small" id="completeness-table">`, "</table>")
	rows := strings.Split(compl, "<tr ")[1:]
	if len(rows) != len(nb.Completeness) {
		t.Fatalf("the completeness table has %d rows; want %d", len(rows), len(nb.Completeness))
	}
	for _, c := range []struct{ key, cell string }{
		{"ARXIV:1506.02626", "<td><i>failed</i><small>fetch: GET /paper/x/citations: giving up after 6 attempts: 504</small></td>"},
		{"ARXIV:1412.6550", "<td>2<small>at least; --expand-limit</small></td>"},
		{"ARXIV:1801.04381", `<td>2</td>
<td>9000</td>
<td data-v="0.000222222">0.022%</td>`},
	} {
		anchor := `href="#p-` + run.bibliographies().refs.CiteKey(c.key) + `"`
		i := slices.IndexFunc(rows, func(r string) bool { return strings.Contains(r, anchor) })
		if i < 0 {
			t.Errorf("no row of the completeness table links to %s (%s)", c.key, anchor)
			continue
		}
		if !strings.Contains(rows[i], c.cell) {
			t.Errorf("the completeness row of %s lacks %s:\n%s", c.key, c.cell, rows[i])
		}
	}
	for _, h := range []string{">Citations fetched</th>", ">Citation count</th>", ">Share fetched</th>"} {
		if !strings.Contains(compl, h) {
			t.Errorf("the completeness table of an expanded run has no column %s", h)
		}
	}

	for _, cl := range nb.Clusters.Clusters {
		row := between(t, page, fmt.Sprintf(`<tr id="cluster-%d"`, cl.ID), "</tr>")
		if got := strings.Count(between(t, row, `<details class="members">`, "</details>"), "<li>"); got != len(cl.Papers) {
			t.Errorf("cluster %d lists %d papers; it has %d", cl.ID, got, len(cl.Papers))
		}
	}

	bibs := run.bibliographies()
	for _, n := range run.Graph.Nodes() {
		row := between(t, page, `<tr id="p-`+bibs.refs.CiteKey(n.Key)+`"`, "</tr>")
		sim := nb.Similar[n.Key]
		got := strings.Count(row, "<li")
		if got != len(sim) {
			t.Errorf("%s lists %d similar papers; the neighbourhood has %d", n.Key, got, len(sim))
			continue
		}
		for _, sp := range sim {
			want := fmt.Sprintf("<b>%.2f</b> <small>%d co-citing, %d shared", sp.Edge.Strength, sp.Edge.CoCitation, sp.Edge.Coupling)
			if !strings.Contains(row, want) {
				t.Errorf("%s: similar paper %s not listed as %q:\n%s", n.Key, sp.Key, want, row)
			}
		}
	}
}
