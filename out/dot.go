package out

import (
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	maxOutside     = 8    // more papers of other families than this are grouped by family
	groupListMax   = 8    // papers listed by name in a group box
	groupLineMax   = 28   // runes per paper in a group box
	labelWrap      = 22   // label line width, in runes
	fullTitleWrap  = 30   // line width when the full title is shown
	legendFontSize = 10
	maxDrawn       = 40 // papers of a family drawn in its diagram: the most cited within the list
	maxPerRow      = 8  // papers of one year side by side; more take further rows
	maxGroups      = 6  // other families with a group box of their own; the rest share one box
	maxCrossLinks  = 60 // arrows to or from other families' papers (or boxes); the heaviest are kept

	maxInfluenceEdges = 24 // above this many arrows, the influence diagram keeps each family's strongest
	influenceTop      = 2  // arrows kept per family and direction in a pruned influence diagram
)

// drawnCount is how many papers the diagram of a family of n papers draws.
func drawnCount(n int) int { return min(n, maxDrawn) }

// byLocalCitations orders papers most cited within the list first (then by
// global citations, then key): the order in which a big family's papers
// are chosen to be drawn. local holds each paper's citations within the
// list (familyIndex's).
func byLocalCitations(local map[string]int) func(a, b *graph.Node) int {
	return func(a, b *graph.Node) int {
		if la, lb := local[a.Key], local[b.Key]; la != lb {
			return lb - la
		}
		if ca, cb := a.Paper.Citations(), b.Paper.Citations(); ca != cb {
			return cb - ca
		}
		return strings.Compare(a.Key, b.Key)
	}
}

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
		parts = append(parts, "family: "+namedFamilies(n.Families, "; ", identity))
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
// to and from papers of other families. Up to 8 such papers are drawn small
// and grey on their year's rank; more are grouped into one grey box per
// other family, listing its papers, on a rank of their own below the years,
// with one arrow per paper and box, thicker the more citations it stands
// for. Edges are written so that they agree with the year axis: one from a
// paper to a paper above it (a newer paper citing an older one, the usual
// case) is written reversed with dir=back, arrowhead still on the cited
// paper; graph.json and graph.graphml hold the citations as they are.
// Papers whose reference list is unavailable have a dotted border; a legend
// says what each style means.
//
// A year with more than 8 papers takes several rows, labelled once.
// Big families are capped so that the diagram stays readable: only the 40
// papers most cited within the list (then by global citations) are drawn,
// with the citations among them and to other families; at most 6 other
// families get a box of their own (those with the most citations to or
// from the drawn papers), the others share one box; and at most 60 arrows
// run to or from other families (the heaviest). The title and legend say
// what was left out; rankings.md lists every paper.
func WriteFamilyDOT(w io.Writer, g *graph.Graph, family string) error {
	return writeFamilyDOT(w, g, family, newFamilyIndex(g))
}

// familyIndex is what the diagram of every family needs from the graph,
// gathered in one pass over its papers and one over its citations: a list
// of 1,000 families would otherwise read the whole graph once per family.
type familyIndex struct {
	maxCites int                      // the most global citations of a paper
	local    map[string]int           // each paper's citations within the list
	members  map[string][]*graph.Node // each family's papers, in node order
	edges    map[string][]graph.Edge  // each family's citations (an end in it), in g.Edges order
}

func newFamilyIndex(g *graph.Graph) *familyIndex {
	x := &familyIndex{local: map[string]int{}, members: map[string][]*graph.Node{}, edges: map[string][]graph.Edge{}}
	for _, n := range g.Nodes() {
		x.maxCites = max(x.maxCites, n.Paper.Citations())
		for i, f := range n.Families {
			if !slices.Contains(n.Families[:i], f) {
				x.members[f] = append(x.members[f], n)
			}
		}
	}
	var fams []string
	for _, e := range g.Edges() {
		x.local[e.To]++
		fams = fams[:0]
		for _, k := range [2]string{e.From, e.To} {
			if n := g.Node(k); n != nil {
				fams = append(fams, n.Families...)
			}
		}
		slices.Sort(fams)
		for _, f := range slices.Compact(fams) {
			x.edges[f] = append(x.edges[f], e)
		}
	}
	return x
}

// writeFamilyDOT is WriteFamilyDOT with the graph's index.
func writeFamilyDOT(w io.Writer, g *graph.Graph, family string, x *familyIndex) error {
	maxCites := x.maxCites
	members := slices.Clone(x.members[family])
	inFamily := make(map[string]bool, len(members))
	for _, n := range members {
		inFamily[n.Key] = true
	}
	total := len(members)
	drawn := inFamily
	if total > maxDrawn {
		slices.SortFunc(members, byLocalCitations(x.local))
		members = members[:maxDrawn]
		drawn = map[string]bool{}
		for _, n := range members {
			drawn[n.Key] = true
		}
	}
	var internal, cross []graph.Edge
	left := 0 // citations touching papers of the family that are not drawn
	outside := map[string]*graph.Node{}
	for _, e := range x.edges[family] {
		fi, ti := inFamily[e.From], inFamily[e.To]
		fd, td := drawn[e.From], drawn[e.To]
		switch {
		case (fi && !fd) || (ti && !td):
			left++
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
	slices.SortFunc(members, yearOrder)
	slices.SortFunc(others, yearOrder)
	group := len(others) > maxOutside
	ranked := members // papers placed on their year's rank
	if !group {
		ranked = append(slices.Clone(members), others...)
	}

	ew := &errWriter{w: w}
	ew.printf("digraph %s {\n", dotString(family))
	title := fmt.Sprintf("%s (%s)", cleanText(family), plural(total, "paper"))
	if len(members) < total {
		title = fmt.Sprintf("%s (%d papers; the %d most cited within the list drawn)", cleanText(family), total, len(members))
	}
	ew.printf("  graph%s;\n", attrList([]dotAttr{
		{"label", dotString(title)}, {"labelloc", "t"}, {"fontsize", "18"}, {"fontname", dotFont},
		{"rankdir", "TB"}, {"nodesep", "0.25"}, {"ranksep", "0.45"}, {"tooltip", dotTooltip(title)},
	}))
	ew.printf("  node%s;\n", attrList([]dotAttr{{"fontname", dotFont}, {"shape", "box"}, {"margin", `"0.2,0.08"`}}))
	ew.printf("  edge%s;\n", attrList([]dotAttr{{"fontname", dotFont}, {"arrowsize", "0.7"}}))

	// Year axis: one plain label per year that has a paper (unknown year
	// last), then "other families" when papers of other families are
	// grouped, chained by invisible edges so that they run top to bottom.
	byYear := map[int][]*graph.Node{}
	var years []int
	for _, n := range ranked {
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
	type axisRank struct {
		id, label, tip string
		nodes          []string // node IDs on the rank, quoted
	}
	var axis []axisRank
	for _, y := range years {
		// A year with many papers takes several rows, so that the
		// diagram does not grow ever wider; only the first is labelled.
		for row, chunk := range slices.Collect(slices.Chunk(byYear[y], maxPerRow)) {
			r := axisRank{id: yearID(y), label: yearText(y), tip: yearText(y)}
			if row > 0 {
				r.id = fmt.Sprintf("%s#%d", yearID(y), row+1)
				r.label, r.tip = "", fmt.Sprintf("%s (continued)", yearText(y))
			}
			for _, n := range chunk {
				r.nodes = append(r.nodes, dotString(n.Key))
			}
			axis = append(axis, r)
		}
	}
	groupOf := map[string]string{} // outside paper key → its group node ID
	var groups []string            // other families with a box of their own, sorted
	var merged []string            // other families sharing the box mergedGroupID, sorted
	groupPapers := map[string][]*graph.Node{}
	if group {
		for _, n := range others {
			f := otherFamily(n, family)
			id := "_family:" + f
			groupOf[n.Key] = id
			if groupPapers[f] == nil {
				groups = append(groups, f)
			}
			groupPapers[f] = append(groupPapers[f], n)
		}
		slices.Sort(groups)
		if len(groups) > maxGroups {
			groups, merged = splitGroups(groups, cross, groupOf)
			for _, f := range merged {
				for _, n := range groupPapers[f] {
					groupOf[n.Key] = mergedGroupID
				}
			}
		}
		r := axisRank{id: "_year:others", label: "other\nfamilies", tip: "other families"}
		for _, f := range groups {
			r.nodes = append(r.nodes, dotString("_family:"+f))
		}
		if len(merged) > 0 {
			r.nodes = append(r.nodes, dotString(mergedGroupID))
		}
		axis = append(axis, r)
	}
	ew.printf("\n  // year axis\n")
	for _, r := range axis {
		label := dotLines(strings.Split(r.label, "\n"), `\n`)
		if r.label == "" {
			label = `" "` // Graphviz shows the node's ID for an empty label
		}
		ew.printf("  %s%s;\n", dotString(r.id), attrList([]dotAttr{
			{"label", label}, {"shape", "plaintext"}, {"fontsize", "14"},
			{"fontcolor", `"#444444"`}, {"tooltip", dotTooltip(r.tip)},
		}))
	}
	if len(axis) > 1 {
		ids := make([]string, len(axis))
		for i, r := range axis {
			ids[i] = dotString(r.id)
		}
		ew.printf("  %s [style=invis];\n", strings.Join(ids, " -> "))
	}

	lab := newLabeller(ranked)
	ew.printf("\n  // papers of the family\n")
	unavailable := false
	for _, n := range members {
		attrs := []dotAttr{
			{"id", dotString(diagramID(paperToken(n)))},
			{"label", dotLines(lab.lines(n), `\n`)},
			{"tooltip", dotTooltip(paperTooltip(n))},
			{"fontsize", fmtSize(paperFontSize(n.Paper, maxCites))},
			{"style", `"rounded,filled"`}, {"fillcolor", memberFill}, {"color", memberLine},
		}
		if !n.Paper.ReferencesAvailable() {
			unavailable = true
			attrs[4] = dotAttr{"style", `"rounded,filled,dotted"`}
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
	outsideStyle := []dotAttr{{"style", `"rounded,dashed"`}, {"color", outsideLine}, {"fontcolor", outsideText}}
	if group {
		for _, f := range groups {
			ps := groupPapers[f]
			label := []string{fmt.Sprintf("%s (%s)", cleanText(f), plural(len(ps), "linked paper"))}
			tip := []string{cleanText(f) + ":"}
			for i, n := range ps {
				tip = append(tip, paperTitle(n.Paper, n.Key)+" ("+yearText(n.Paper.Year)+")")
				if i < groupListMax || len(ps) == groupListMax+1 {
					label = append(label, truncateWords(ShortName(n.Paper.Title), groupLineMax)+" ("+yearText(n.Paper.Year)+")")
				} else if i == groupListMax {
					label = append(label, fmt.Sprintf("and %d more", len(ps)-groupListMax))
				}
			}
			attrs := append([]dotAttr{
				{"id", dotString(diagramID(paperTokens(ps)...))},
				{"label", dotLines(label, `\l`)}, {"tooltip", dotTooltip(strings.Join(tip, " · "))}, {"fontsize", "9"},
			}, outsideStyle...)
			ew.printf("  %s%s;\n", dotString("_family:"+f), attrList(attrs))
		}
		if len(merged) > 0 {
			var ps []*graph.Node
			for _, f := range merged {
				ps = append(ps, groupPapers[f]...)
			}
			n := len(ps)
			label := []string{fmt.Sprintf("%d more families (%s)", len(merged), plural(n, "paper"))}
			tip := []string{label[0] + ":"}
			for i, f := range merged {
				line := fmt.Sprintf("%s (%s)", cleanText(f), plural(len(groupPapers[f]), "paper"))
				tip = append(tip, line)
				if i < groupListMax || len(merged) == groupListMax+1 {
					label = append(label, truncateWords(cleanText(f), groupLineMax)+fmt.Sprintf(" (%d)", len(groupPapers[f])))
				} else if i == groupListMax {
					label = append(label, fmt.Sprintf("and %d more", len(merged)-groupListMax))
				}
			}
			attrs := append([]dotAttr{
				{"id", dotString(diagramID(paperTokens(ps)...))},
				{"label", dotLines(label, `\l`)}, {"tooltip", dotTooltip(strings.Join(tip, " · "))}, {"fontsize", "9"},
			}, outsideStyle...)
			ew.printf("  %s%s;\n", dotString(mergedGroupID), attrList(attrs))
		}
	} else {
		for _, n := range others {
			attrs := append([]dotAttr{
				{"id", dotString(diagramID(paperToken(n)))},
				{"label", dotLines(lab.lines(n), `\n`)},
				{"tooltip", dotTooltip(paperTooltip(n))},
				{"fontsize", "9"},
			}, outsideStyle...)
			if u := paperURL(n.Paper); u != "" {
				attrs = append(attrs, dotAttr{"URL", dotString(u)}, dotAttr{"target", `"_blank"`})
			}
			ew.printf("  %s%s;\n", dotString(n.Key), attrList(attrs))
		}
	}

	ew.printf("\n  // same rank: the axis label and its papers\n")
	for _, r := range axis {
		ew.printf("  { rank=same; %s; }\n", strings.Join(append([]string{dotString(r.id)}, r.nodes...), "; "))
	}

	// Every edge is written from the higher rank to the lower one, so that
	// it agrees with the year axis (a citation usually goes from a newer
	// paper to an older one, above it): one that runs against the axis is
	// written reversed with dir=back, which puts the arrowhead back on the
	// cited paper.
	rankOf := map[string]int{}
	for i, r := range axis {
		for _, id := range r.nodes {
			rankOf[id] = i
		}
	}
	edge := func(from, to string, cites []graph.Edge, attrs []dotAttr) {
		attrs = append([]dotAttr{{"id", dotString(citationsID(g, cites))}}, attrs...)
		f, t := dotString(from), dotString(to)
		if rankOf[f] > rankOf[t] {
			f, t = t, f
			attrs = append(attrs, dotAttr{"dir", "back"})
		}
		ew.printf("  %s -> %s%s;\n", f, t, attrList(attrs))
	}
	ew.printf("\n  // citations; the arrowhead marks the cited paper\n")
	for _, e := range internal {
		edge(e.From, e.To, []graph.Edge{e}, []dotAttr{{"color", memberLine}})
	}
	type pair struct{ from, to string }
	cites := map[pair][]graph.Edge{} // the citations each arrow stands for
	var order []pair
	for _, e := range cross {
		pr := pair{e.From, e.To}
		if id, ok := groupOf[pr.from]; ok {
			pr.from = id
		}
		if id, ok := groupOf[pr.to]; ok {
			pr.to = id
		}
		if len(cites[pr]) == 0 {
			order = append(order, pr)
		}
		cites[pr] = append(cites[pr], e)
	}
	dropped := 0 // citations to or from other families on arrows not drawn
	if len(order) > maxCrossLinks {
		slices.SortStableFunc(order, func(a, b pair) int { return len(cites[b]) - len(cites[a]) })
		for _, pr := range order[maxCrossLinks:] {
			dropped += len(cites[pr])
		}
		order = order[:maxCrossLinks]
	}
	for _, pr := range order {
		attrs := []dotAttr{{"color", outsideLine}, {"style", "dashed"}, {"arrowsize", "0.5"}}
		if n := len(cites[pr]); n > 1 {
			attrs = append(attrs, dotAttr{"penwidth", fmtSize(min(1+0.5*float64(n-1), 4))},
				dotAttr{"tooltip", dotTooltip(plural(n, "citation"))})
		}
		edge(pr.from, pr.to, cites[pr], attrs)
	}

	legend := []string{"Arrowheads point at the cited paper; years run top to bottom."}
	if len(members) > 0 {
		legend = append(legend, "Size: global citations (Semantic Scholar, log scale); unknown: default size.")
	}
	if group {
		legend = append(legend, "Grey, dashed: papers of other families, grouped by family, and citations to or from them",
			"(the more citations an arrow stands for, the thicker it is).")
	} else if len(others) > 0 {
		legend = append(legend, "Grey, dashed: papers of other families and citations to or from them.")
	}
	if unavailable {
		legend = append(legend, "Dotted border: reference list unavailable, so its citations are missing.")
	}
	if len(merged) > 0 {
		legend = append(legend, fmt.Sprintf("The %d families least linked to this one share one box.", len(merged)))
	}
	if dropped > 0 {
		legend = append(legend, fmt.Sprintf("Only the %d heaviest arrows to or from other families are drawn; %s on lighter arrows are not.",
			maxCrossLinks, plural(dropped, "citation")))
	}
	if len(members) < total {
		legend = append(legend, fmt.Sprintf("Not drawn: the %d papers of the family least cited within the list, and their %s;",
			total-len(members), plural(left, "citation")),
			"rankings.md and the family's .bib file list every paper.")
	}
	last := ""
	if len(axis) > 0 {
		last = axis[len(axis)-1].id
	}
	writeLegend(ew, legend, last)
	ew.printf("}\n")
	return ew.err
}

func yearID(y int) string { return "_year:" + yearText(y) }

// mergedGroupID is the ID of the box shared by the other families that do
// not get one of their own; no "_family:" ID can equal it.
const mergedGroupID = "_families:more"

// splitGroups keeps the maxGroups-1 other families (of groups, sorted) with
// the most citations to or from the family's papers, and returns them
// sorted, and the others, sorted, which share one box. groupOf maps an
// outside paper's key to its group's ID ("_family:" + name).
func splitGroups(groups []string, cross []graph.Edge, groupOf map[string]string) (keep, merged []string) {
	weight := map[string]int{}
	for _, e := range cross {
		if id, ok := groupOf[e.From]; ok {
			weight[id]++
		}
		if id, ok := groupOf[e.To]; ok {
			weight[id]++
		}
	}
	byWeight := slices.Clone(groups)
	slices.SortStableFunc(byWeight, func(a, b string) int { return weight["_family:"+b] - weight["_family:"+a] })
	keep = slices.Clone(byWeight[:maxGroups-1])
	merged = slices.Clone(byWeight[maxGroups-1:])
	slices.Sort(keep)
	slices.Sort(merged)
	return keep, merged
}

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
// knows, sorted) with ID "family:<name>", labelled with its name and paper
// count, and an edge A → B when papers of A cite papers of B, labelled with
// the number of such citations and drawn thicker the more there are (width
// 1 to 5 points, in proportion to the count). Citations within a family are
// written in the family's node rather than drawn as loops. Families without
// papers are left out.
//
// With more than 24 arrows (from about 6 families on, when every family
// cites every other) the diagram keeps only the strongest: an arrow is
// drawn when it is one of the 2 heaviest leaving its family or one of the 2
// heaviest entering its target; the legend says how many were left out,
// and the report's table of citations between families has every count.
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
	// A list of 1,000 families whose papers sit in all of them has a
	// million family edges: they are read twice rather than copied.
	self := map[string]int{}
	for _, e := range influenceOf(g) {
		if e.Weight > 0 && e.From == e.To {
			self[e.From] += e.Weight
		}
	}
	allFams := len(order)
	var drawn map[string]bool
	if len(order) > maxInfluenceFamilies {
		// A list of hundreds of families: draw those with the most
		// citations to and from other families (Graphviz would take
		// minutes to lay out them all); report.md counts every one.
		order = influenceFamilies(order, influenceWeights(influenceOf(g)), count)
		drawn = map[string]bool{}
		for _, f := range order {
			drawn[f] = true
		}
	}
	var edges []graph.FamilyEdge
	maxW := 0
	for _, e := range influenceOf(g) {
		if e.Weight <= 0 || e.From == e.To || drawn != nil && (!drawn[e.From] || !drawn[e.To]) {
			continue
		}
		edges = append(edges, e)
		maxW = max(maxW, e.Weight)
	}
	all := len(edges)
	if all > maxInfluenceEdges {
		edges = strongestEdges(edges, influenceTop)
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
	index := map[string]int{}
	for i, f := range order {
		index[f] = i
	}
	for _, f := range order {
		papers := plural(count[f], "paper")
		label := append(wrapWords(cleanText(f), labelWrap), papers)
		tip := fmt.Sprintf("%s: %s", cleanText(f), papers)
		if s := self[f]; s > 0 {
			within := plural(s, "citation") + " within"
			label = append(label, within)
			tip += ", " + within
		}
		ew.printf("  %s%s;\n", dotString(familyID(f)), attrList([]dotAttr{
			{"id", dotString(diagramID(familyToken(index[f])))},
			{"label", dotLines(label, `\n`)}, {"tooltip", dotTooltip(tip)},
		}))
	}
	for _, e := range edges {
		pw := 1 + 4*float64(e.Weight)/float64(maxW)
		tip := fmt.Sprintf("%s → %s: %s", cleanText(e.From), cleanText(e.To), plural(e.Weight, "citation"))
		ew.printf("  %s -> %s%s;\n", dotString(familyID(e.From)), dotString(familyID(e.To)), attrList([]dotAttr{
			{"id", dotString(diagramID(familyToken(index[e.From]) + ">" + familyToken(index[e.To])))},
			{"label", dotString(" " + strconv.Itoa(e.Weight) + " ")}, {"penwidth", fmtSize(pw)},
			{"weight", strconv.Itoa(e.Weight)}, {"tooltip", dotTooltip(tip)},
		}))
	}
	legend := []string{
		"Arrow A → B: papers of A cite papers of B;",
		"its label and width: how many citations.",
		"A paper listed in several families counts for each.",
	}
	if len(order) < allFams {
		legend = append(legend, fmt.Sprintf("Only %d of %d families are drawn: those with the most citations", len(order), allFams),
			"to and from other families; report.md counts them all.")
	}
	if len(edges) < all {
		legend = append(legend, fmt.Sprintf("Only the strongest %d of %d arrows are drawn: each family's %d heaviest", len(edges), all, influenceTop),
			"out and in; report.md counts the citations between every two families.")
	}
	writeLegend(ew, legend, "")
	ew.printf("}\n")
	return ew.err
}

// maxInfluenceFamilies is how many families the influence diagram (and the
// report's table of citations between families) shows at most: those most
// cited by and citing the others. A variable so that tests can lower it.
var maxInfluenceFamilies = 40

// influenceWeights returns each family's citations to and from other
// families: the weights of the influence edges (graph.Influence) that
// join it to another family.
func influenceWeights(edges []graph.FamilyEdge) map[string]int {
	weight := map[string]int{}
	for _, e := range edges {
		if e.From != e.To && e.Weight > 0 {
			weight[e.From] += e.Weight
			weight[e.To] += e.Weight
		}
	}
	return weight
}

// influenceFamilies returns the maxInfluenceFamilies families of order
// with the most citations to and from other families (weight, from
// influenceWeights; then the most papers, then the first listed), in the
// order given.
func influenceFamilies(order []string, weight map[string]int, papers map[string]int) []string {
	rank := slices.Clone(order)
	slices.SortStableFunc(rank, func(a, b string) int {
		if d := weight[b] - weight[a]; d != 0 {
			return d
		}
		return papers[b] - papers[a]
	})
	keep := map[string]bool{}
	for _, f := range rank[:maxInfluenceFamilies] {
		keep[f] = true
	}
	return slices.DeleteFunc(slices.Clone(order), func(f string) bool { return !keep[f] })
}

// strongestEdges returns the edges (in their order) that are among the top
// heaviest leaving their From family or among the top heaviest entering
// their To family; ties go to the edge listed first.
func strongestEdges(edges []graph.FamilyEdge, top int) []graph.FamilyEdge {
	keep := make([]bool, len(edges))
	mark := func(end func(graph.FamilyEdge) string) {
		idx := map[string][]int{}
		for i, e := range edges {
			idx[end(e)] = append(idx[end(e)], i)
		}
		for _, is := range idx {
			slices.SortStableFunc(is, func(a, b int) int { return edges[b].Weight - edges[a].Weight })
			for _, i := range is[:min(top, len(is))] {
				keep[i] = true
			}
		}
	}
	mark(func(e graph.FamilyEdge) string { return e.From })
	mark(func(e graph.FamilyEdge) string { return e.To })
	var out []graph.FamilyEdge
	for i, e := range edges {
		if keep[i] {
			out = append(out, e)
		}
	}
	return out
}

// plural is "1 paper", "2 papers"; a noun ending in "y" ends in "ies"
// ("2 paper entries").
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		noun = strings.TrimSuffix(noun, "y") + "ie"
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

// familyID is a family's node ID in the influence diagram: "family:" and its
// name, so that no name can clash with the legend's ID.
func familyID(name string) string { return "family:" + name }

// influenceOf returns g.Influence(), computed once for the last graph asked
// about: the influence diagram and the report both need it, and for a list
// whose papers sit in hundreds of families it is costly (see the README's
// notes on large lists).
func influenceOf(g *graph.Graph) []graph.FamilyEdge {
	influenceMemo.Lock()
	defer influenceMemo.Unlock()
	if influenceMemo.g != g {
		influenceMemo.g, influenceMemo.edges = g, g.Influence()
	}
	return influenceMemo.edges
}

// forgetInfluence drops the memo of g's influence edges.
func forgetInfluence(g *graph.Graph) {
	influenceMemo.Lock()
	defer influenceMemo.Unlock()
	if influenceMemo.g == g {
		influenceMemo.g, influenceMemo.edges = nil, nil
	}
}

var influenceMemo struct {
	sync.Mutex
	g     *graph.Graph
	edges []graph.FamilyEdge
}

// Diagram element ids. Every paper, family box and family of a diagram and
// every arrow gets an id attribute, which Graphviz writes as the id of its
// group in the SVG, so that index.html can tell what each element stands
// for (see inlineSVG):
//
//	cg:p12             the paper graph.json lists 13th (its node index)
//	cg:p3,p7,p9        a box of several papers (papers of other families)
//	cg:f2              the third family of the influence diagram
//	cg:p3>p5,p3>p9     an arrow standing for citations, citing > cited
//	cg:f0>f2           an arrow of the influence diagram
//
// An arrow's id names its citations in the direction they run, whichever
// way the edge is written.
const diagramIDPrefix = "cg:"

func diagramID(tokens ...string) string { return diagramIDPrefix + strings.Join(tokens, ",") }

func paperToken(n *graph.Node) string { return "p" + strconv.FormatInt(n.ID, 10) }

func familyToken(i int) string { return "f" + strconv.Itoa(i) }

func paperTokens(ns []*graph.Node) []string {
	ts := make([]string, len(ns))
	for i, n := range ns {
		ts[i] = paperToken(n)
	}
	return ts
}

// citationsID is the id of an arrow standing for the citations es.
func citationsID(g *graph.Graph, es []graph.Edge) string {
	ts := make([]string, len(es))
	for i, e := range es {
		ts[i] = paperToken(g.Node(e.From)) + ">" + paperToken(g.Node(e.To))
	}
	return diagramID(ts...)
}
