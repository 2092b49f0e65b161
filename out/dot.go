package out

import (
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/graph"
)

// dotString quotes text as a DOT string for an ID or a label: the text is
// cleaned (valid UTF-8, one line, no character XML forbids), then '\' is
// doubled and '"' backslash-escaped, which Graphviz's label processing turns
// back into '\' and '"'; '&' is written "&amp;", because Graphviz reads HTML
// entities in labels, tooltips and names ("&lt;", "&#0;") and would pass
// them into the SVG unchecked; U+FFFD (which cleaning puts for invalid
// bytes) is written "?", because gonum's DOT lexer rejects it.
//
// In an ID, the DOT language keeps "\\" as two characters, so a name with a
// backslash gets it doubled; paper keys never hold one in practice.
func dotString(s string) string {
	return dotLines([]string{s}, "")
}

// dotLines quotes several lines of text as one DOT escString, each line
// cleaned and escaped as by dotString, separated (and, for "\l", ended) by
// the Graphviz line break given: `\n` (centred) or `\l` (left-justified).
func dotLines(lines []string, brk string) string {
	return quoteDOT(lines, brk, `\\`)
}

// dotTooltip quotes text for a tooltip. Graphviz reads tooltips twice and
// turns "\\n" into a backslash and a line break whatever the escaping, so a
// backslash is written as U+29F5 (reverse solidus operator), which looks
// the same.
func dotTooltip(s string) string {
	return quoteDOT([]string{s}, "", "\u29f5")
}

func quoteDOT(lines []string, brk, backslash string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, line := range lines {
		if i > 0 {
			b.WriteString(brk)
		}
		for _, r := range cleanText(line) {
			switch r {
			case '\\':
				b.WriteString(backslash)
			case '"':
				b.WriteString(`\"`)
			case '&':
				b.WriteString("&amp;")
			case unicode.ReplacementChar:
				b.WriteByte('?')
			default:
				b.WriteRune(r)
			}
		}
	}
	if brk == `\l` && len(lines) > 0 {
		b.WriteString(brk)
	}
	b.WriteByte('"')
	return b.String()
}

// dotAttr is one attribute; Val is already in DOT syntax (quoted if needed).
type dotAttr struct{ Key, Val string }

func attrList(attrs []dotAttr) string {
	if len(attrs) == 0 {
		return ""
	}
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.Key + "=" + a.Val
	}
	return " [" + strings.Join(parts, ", ") + "]"
}

// Diagram styling shared by the family and influence diagrams.
const (
	dotFont        = "Verdana" // wide metrics: labels fit whatever sans-serif font a viewer falls back to
	memberFill     = `"#dbe9f6"`
	memberLine     = `"#1f4e79"`
	outsideLine    = `"#9a9a9a"`
	outsideText    = `"#555555"`
	fontMin        = 10.0 // font size of the least cited paper
	fontMax        = 22.0 // font size of the most cited paper
	fontUnknown    = 12.0 // font size when global citations are unknown
	maxOutside     = 30   // more papers of other families than this are grouped by family
	labelWrap      = 22   // label line width, in runes
	fullTitleWrap  = 30   // line width when the full title is shown
	legendFontSize = 10
)

// paperFontSize sizes a paper by its global citations on a log scale, from
// fontMin (0 citations) to fontMax (max citations in the graph).
func paperFontSize(p *bib.Paper, max int) float64 {
	c := p.Citations()
	if c < 0 {
		return fontUnknown
	}
	if max <= 0 {
		return fontMin
	}
	return fontMin + (fontMax-fontMin)*math.Log1p(float64(c))/math.Log1p(float64(max))
}

func fmtSize(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// paperURL links a paper to Semantic Scholar, arXiv or doi.org, or "" when
// it has no identifier.
func paperURL(p *bib.Paper) string {
	ids := p.IDs()
	switch {
	case ids.S2 != "":
		return "https://www.semanticscholar.org/paper/" + url.PathEscape(ids.S2)
	case ids.ArXiv != "":
		return "https://arxiv.org/abs/" + url.PathEscape(ids.ArXiv)
	case ids.DOI != "":
		return "https://doi.org/" + (&url.URL{Path: ids.DOI}).EscapedPath()
	}
	return ""
}

func yearText(y int) string {
	if y == 0 {
		return "n.d."
	}
	return strconv.Itoa(y)
}

// paperTooltip is a paper's full description for a diagram tooltip.
func paperTooltip(n *graph.Node) string {
	p := n.Paper
	var parts []string
	t := cleanText(p.Title)
	if t == "" {
		t = n.Key
	}
	parts = append(parts, t)
	meta := yearText(p.Year)
	if v := cleanText(p.Venue); v != "" {
		meta = v + " " + meta
	}
	parts = append(parts, meta)
	if c := p.Citations(); c >= 0 {
		parts = append(parts, fmt.Sprintf("%d citations (Semantic Scholar)", c))
	} else {
		parts = append(parts, "global citations unknown")
	}
	if len(n.Families) > 0 {
		parts = append(parts, "family: "+joinClean(n.Families, "; "))
	}
	if !p.ReferencesAvailable() {
		parts = append(parts, "reference list unavailable")
	}
	return strings.Join(parts, " · ")
}

// labeller gives each paper of a diagram its label lines: ShortName wrapped
// and "(year)", or the full title wrapped when two papers of the diagram
// would get the same short label (e.g. "Part I" and "Part II").
type labeller struct{ dup map[string]bool }

func newLabeller(nodes []*graph.Node) labeller {
	seen := map[string]int{}
	for _, n := range nodes {
		seen[shortKey(n)]++
	}
	dup := map[string]bool{}
	for k, c := range seen {
		if c > 1 {
			dup[k] = true
		}
	}
	return labeller{dup: dup}
}

func shortKey(n *graph.Node) string {
	return ShortName(n.Paper.Title) + "\x00" + yearText(n.Paper.Year)
}

func (l labeller) lines(n *graph.Node) []string {
	name := ShortName(n.Paper.Title)
	width := labelWrap
	if l.dup[shortKey(n)] {
		name, width = cleanText(n.Paper.Title), fullTitleWrap
	}
	if name == "" {
		name = n.Key
	}
	lines := wrapWords(name, width)
	return append(lines, "("+yearText(n.Paper.Year)+")")
}

// yearOrder sorts nodes by year (unknown last), then by key.
func yearOrder(a, b *graph.Node) int {
	ya, yb := a.Paper.Year, b.Paper.Year
	if ya == 0 {
		ya = math.MaxInt
	}
	if yb == 0 {
		yb = math.MaxInt
	}
	if ya != yb {
		return ya - yb
	}
	return strings.Compare(a.Key, b.Key)
}

// WriteFamilyDOT writes the Graphviz diagram of one technique family: its
// papers ranked top to bottom by year along a year axis, sized by global
// citations (log scale; unknown: a default size), labelled "ShortName
// (year)", with the full title as tooltip and a link to the paper. Arrows
// run from citing to cited paper: solid within the family, dashed and grey
// to and from papers of other families, which are drawn small and grey (or,
// when there are more than 30, grouped into one node per family). Papers
// whose reference list is unavailable have a dotted border; a legend says
// what each style means.
func WriteFamilyDOT(w io.Writer, g *graph.Graph, family string) error {
	nodes := g.Nodes()
	maxCites := 0
	var members []*graph.Node
	inFamily := map[string]bool{}
	for _, n := range nodes {
		maxCites = max(maxCites, n.Paper.Citations())
		if slices.Contains(n.Families, family) {
			members = append(members, n)
			inFamily[n.Key] = true
		}
	}
	var internal, cross []graph.Edge
	outside := map[string]*graph.Node{}
	for _, e := range g.Edges() {
		fi, ti := inFamily[e.From], inFamily[e.To]
		switch {
		case fi && ti:
			internal = append(internal, e)
		case fi:
			cross = append(cross, e)
			outside[e.To] = g.Node(e.To)
		case ti:
			cross = append(cross, e)
			outside[e.From] = g.Node(e.From)
		}
	}
	var others []*graph.Node
	for _, k := range bib.SortedKeys(outside) {
		if outside[k] != nil {
			others = append(others, outside[k])
		}
	}
	group := len(others) > maxOutside
	slices.SortFunc(members, yearOrder)
	slices.SortFunc(others, yearOrder)

	ew := &errWriter{w: w}
	ew.printf("digraph %s {\n", dotString(family))
	title := fmt.Sprintf("%s (%s)", cleanText(family), plural(len(members), "paper"))
	ew.printf("  graph%s;\n", attrList([]dotAttr{
		{"label", dotString(title)}, {"labelloc", "t"}, {"fontsize", "18"}, {"fontname", dotFont},
		{"rankdir", "TB"}, {"nodesep", "0.25"}, {"ranksep", "0.45"}, {"tooltip", dotTooltip(title)},
	}))
	ew.printf("  node%s;\n", attrList([]dotAttr{{"fontname", dotFont}, {"shape", "box"}, {"margin", `"0.2,0.08"`}}))
	ew.printf("  edge%s;\n", attrList([]dotAttr{{"fontname", dotFont}, {"arrowsize", "0.7"}}))

	// Year axis: one plain label per year that has a paper, chained by
	// invisible edges so years run top to bottom.
	all := append(append([]*graph.Node{}, members...), others...)
	if group {
		all = members
	}
	byYear := map[int][]*graph.Node{}
	var years []int
	for _, n := range all {
		y := n.Paper.Year
		if _, ok := byYear[y]; !ok {
			years = append(years, y)
		}
		byYear[y] = append(byYear[y], n)
	}
	slices.SortFunc(years, func(a, b int) int {
		if a == 0 || b == 0 {
			return b - a // unknown year last
		}
		return a - b
	})
	ew.printf("\n  // year axis\n")
	for _, y := range years {
		ew.printf("  %s%s;\n", dotString(yearID(y)), attrList([]dotAttr{
			{"label", dotString(yearText(y))}, {"shape", "plaintext"}, {"fontsize", "14"}, {"fontcolor", `"#444444"`},
		}))
	}
	if len(years) > 1 {
		ids := make([]string, len(years))
		for i, y := range years {
			ids[i] = dotString(yearID(y))
		}
		ew.printf("  %s [style=invis];\n", strings.Join(ids, " -> "))
	}

	lab := newLabeller(all)
	ew.printf("\n  // papers of the family\n")
	unavailable := false
	for _, n := range members {
		attrs := []dotAttr{
			{"label", dotLines(lab.lines(n), `\n`)},
			{"tooltip", dotTooltip(paperTooltip(n))},
			{"fontsize", fmtSize(paperFontSize(n.Paper, maxCites))},
			{"style", `"rounded,filled"`}, {"fillcolor", memberFill}, {"color", memberLine},
		}
		if !n.Paper.ReferencesAvailable() {
			unavailable = true
			attrs[3] = dotAttr{"style", `"rounded,filled,dotted"`}
			attrs = append(attrs, dotAttr{"penwidth", "2"})
		}
		if u := paperURL(n.Paper); u != "" {
			attrs = append(attrs, dotAttr{"URL", dotString(u)}, dotAttr{"target", `"_blank"`})
		}
		ew.printf("  %s%s;\n", dotString(n.Key), attrList(attrs))
	}
	if len(others) > 0 {
		ew.printf("\n  // papers of other families that papers of this family cite or are cited by\n")
	}
	groupOf := map[string]string{} // outside paper key -> group node id, when grouping
	if group {
		counts := map[string]int{}
		for _, n := range others {
			f := otherFamily(n, family)
			groupOf[n.Key] = "_family:" + f
			counts[f]++
		}
		for _, f := range bib.SortedKeys(counts) {
			label := []string{f, fmt.Sprintf("(%d papers)", counts[f])}
			ew.printf("  %s%s;\n", dotString("_family:"+f), attrList([]dotAttr{
				{"label", dotLines(label, `\n`)}, {"tooltip", dotTooltip(f)}, {"fontsize", "10"},
				{"style", `"rounded,dashed"`}, {"color", outsideLine}, {"fontcolor", outsideText},
			}))
		}
	} else {
		for _, n := range others {
			attrs := []dotAttr{
				{"label", dotLines(lab.lines(n), `\n`)},
				{"tooltip", dotTooltip(paperTooltip(n))},
				{"fontsize", "9"}, {"style", `"rounded,dashed"`}, {"color", outsideLine}, {"fontcolor", outsideText},
			}
			if u := paperURL(n.Paper); u != "" {
				attrs = append(attrs, dotAttr{"URL", dotString(u)}, dotAttr{"target", `"_blank"`})
			}
			ew.printf("  %s%s;\n", dotString(n.Key), attrList(attrs))
		}
	}

	ew.printf("\n  // same year, same rank\n")
	for _, y := range years {
		ids := []string{dotString(yearID(y))}
		for _, n := range byYear[y] {
			ids = append(ids, dotString(n.Key))
		}
		ew.printf("  { rank=same; %s; }\n", strings.Join(ids, "; "))
	}

	// Citations never constrain the layout: the year axis does.
	ew.printf("\n  // citations, citing -> cited\n")
	for _, e := range internal {
		ew.printf("  %s -> %s%s;\n", dotString(e.From), dotString(e.To), attrList([]dotAttr{
			{"color", memberLine}, {"constraint", "false"},
		}))
	}
	type groupEdge struct{ from, to string }
	grouped := map[groupEdge]int{}
	var groupedOrder []groupEdge
	for _, e := range cross {
		from, to := e.From, e.To
		if group {
			if id, ok := groupOf[from]; ok {
				from = id
			}
			if id, ok := groupOf[to]; ok {
				to = id
			}
			ge := groupEdge{from, to}
			if grouped[ge] == 0 {
				groupedOrder = append(groupedOrder, ge)
			}
			grouped[ge]++
			continue
		}
		ew.printf("  %s -> %s%s;\n", dotString(from), dotString(to), attrList([]dotAttr{
			{"color", outsideLine}, {"style", "dashed"}, {"arrowsize", "0.5"}, {"constraint", "false"},
		}))
	}
	for _, ge := range groupedOrder {
		n := grouped[ge]
		ew.printf("  %s -> %s%s;\n", dotString(ge.from), dotString(ge.to), attrList([]dotAttr{
			{"color", outsideLine}, {"style", "dashed"}, {"arrowsize", "0.5"}, {"constraint", "false"},
			{"label", dotString(strconv.Itoa(n))}, {"fontsize", "9"}, {"fontcolor", outsideText},
		}))
	}

	legend := []string{"Arrows point from the citing paper to the cited paper; years run top to bottom."}
	if len(members) > 0 {
		legend = append(legend, "Size: global citations (Semantic Scholar, log scale); unknown: default size.")
	}
	if len(others) > 0 {
		legend = append(legend, "Grey, dashed: papers of other families and citations to or from them.")
	}
	if unavailable {
		legend = append(legend, "Dotted border: reference list unavailable, so its citations are missing.")
	}
	last := ""
	if len(years) > 0 {
		last = yearID(years[len(years)-1])
	}
	writeLegend(ew, legend, last)
	ew.printf("}\n")
	return ew.err
}

func yearID(y int) string { return "_year:" + yearText(y) }

// otherFamily is the family under which an outside paper is grouped: its
// first family other than family.
func otherFamily(n *graph.Node, family string) string {
	for _, f := range n.Families {
		if f != family {
			return f
		}
	}
	return family
}

// WriteInfluenceDOT writes the Graphviz diagram of technique influence: one
// node per family (in the order given, then any other family the graph
// knows, sorted), labelled with its name and paper count, and an edge A → B
// when papers of A cite papers of B, labelled with the number of such
// citations and drawn thicker the more there are. Citations within a family
// are written in the family's node rather than drawn as loops. Families
// without papers are left out.
func WriteInfluenceDOT(w io.Writer, g *graph.Graph, families []string) error {
	count := map[string]int{}
	for _, n := range g.Nodes() {
		for _, f := range n.Families {
			count[f]++
		}
	}
	var order []string
	seen := map[string]bool{}
	for _, f := range families {
		if count[f] > 0 && !seen[f] {
			order = append(order, f)
			seen[f] = true
		}
	}
	for _, f := range bib.SortedKeys(count) {
		if !seen[f] {
			order = append(order, f)
			seen[f] = true
		}
	}
	self := map[string]int{}
	var edges []graph.FamilyEdge
	maxW := 0
	for _, e := range g.Influence() {
		if e.Weight <= 0 {
			continue
		}
		if e.From == e.To {
			self[e.From] += e.Weight
			continue
		}
		edges = append(edges, e)
		maxW = max(maxW, e.Weight)
	}

	ew := &errWriter{w: w}
	ew.printf("digraph %s {\n", dotString("influence"))
	title := "Technique influence"
	ew.printf("  graph%s;\n", attrList([]dotAttr{
		{"label", dotString(title)}, {"labelloc", "t"}, {"fontsize", "16"}, {"fontname", dotFont},
		{"rankdir", "TB"}, {"nodesep", "0.4"}, {"ranksep", "0.6"}, {"tooltip", dotTooltip(title)},
	}))
	ew.printf("  node%s;\n", attrList([]dotAttr{
		{"fontname", dotFont}, {"shape", "box"}, {"margin", `"0.2,0.1"`}, {"style", `"rounded,filled"`}, {"fillcolor", memberFill},
		{"color", memberLine}, {"fontsize", "12"},
	}))
	ew.printf("  edge%s;\n", attrList([]dotAttr{{"fontname", dotFont}, {"color", memberLine}, {"fontsize", "11"}, {"arrowsize", "0.6"}}))
	for _, f := range order {
		papers := plural(count[f], "paper")
		label := append(wrapWords(cleanText(f), labelWrap), papers)
		tip := fmt.Sprintf("%s: %s", cleanText(f), papers)
		if s := self[f]; s > 0 {
			within := plural(s, "citation") + " within"
			label = append(label, within)
			tip += ", " + within
		}
		ew.printf("  %s%s;\n", dotString(f), attrList([]dotAttr{
			{"label", dotLines(label, `\n`)}, {"tooltip", dotTooltip(tip)},
		}))
	}
	for _, e := range edges {
		pw := 1 + 3*float64(e.Weight)/float64(maxW)
		tip := fmt.Sprintf("%s → %s: %s", cleanText(e.From), cleanText(e.To), plural(e.Weight, "citation"))
		ew.printf("  %s -> %s%s;\n", dotString(e.From), dotString(e.To), attrList([]dotAttr{
			{"label", dotString(" " + strconv.Itoa(e.Weight) + " ")}, {"penwidth", fmtSize(pw)},
			{"weight", strconv.Itoa(e.Weight)}, {"tooltip", dotTooltip(tip)},
		}))
	}
	legend := []string{
		"Arrow A → B: papers of A cite papers of B;",
		"its label and width: how many citations.",
		"A paper listed in several families counts for each.",
	}
	writeLegend(ew, legend, "")
	ew.printf("}\n")
	return ew.err
}

// plural is "1 paper", "2 papers".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// writeLegend writes a legend as a plain left-justified text node on the
// last rank, below after (a node ID) when given.
func writeLegend(ew *errWriter, lines []string, after string) {
	ew.printf("\n  // legend\n")
	ew.printf("  %s%s;\n", dotString("_legend"), attrList([]dotAttr{
		{"label", dotLines(lines, `\l`)}, {"shape", "plaintext"}, {"fontsize", strconv.Itoa(legendFontSize)},
		{"fontcolor", `"#444444"`}, {"style", `""`}, {"tooltip", dotTooltip("legend")},
	}))
	ew.printf("  { rank=sink; %s; }\n", dotString("_legend"))
	if after != "" {
		ew.printf("  %s -> %s [style=invis];\n", dotString(after), dotString("_legend"))
	}
}
