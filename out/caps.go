package out

import (
	"slices"
	"strconv"
	"strings"
)

// What people read stays readable whatever the size of the list: report.md
// and index.html list the first items of each long list, say how many more
// there are and which artefact holds them all. The machine-readable
// artefacts (JSON, CSV, .bib, GraphML) and rankings.md are complete.
//
// Each cap is far above what a reading list of a few hundred papers in a
// dozen families needs, so that such a list is shown whole. They are
// variables so that tests can lower them.
var (
	// maxListedEntries is how many unresolved or ambiguous entries, and
	// how many corrected entries, are listed one by one (in list order);
	// resolution.csv and resolution.json hold every entry.
	maxListedEntries = 100
	// maxFamilySections is how many families get a section of their own
	// (the report's top papers and suggestions per family, index.html's
	// family sections with diagram and ranking): the largest, in list
	// order. The others are counted (report.md) or listed in one table
	// (index.html); rankings.md ranks the papers of every family.
	maxFamilySections = 100
	// maxFamilyRows is how many papers a family's ranking in index.html
	// lists: its best ranked; rankings.md ranks them all.
	maxFamilyRows = 200
	// maxNamedFamilies is how many families one cell or line names (a
	// paper's families, a cluster's) before "and N more": a paper listed
	// in hundreds of families would fill a page. rankings.csv and
	// clusters.csv name them all.
	maxNamedFamilies = 10
	// maxListedSplits is how many families split across clusters are
	// listed; clusters.csv has every paper's cluster and families.
	maxListedSplits = 100
)

// largestFamilies returns the names of the n families of fams with the
// most papers (the first listed on ties), or of all of them when they are
// no more than n.
func largestFamilies(fams []FamilyFile, n int) map[string]bool {
	keep := make(map[string]bool, min(n, len(fams)))
	if len(fams) <= n {
		for _, f := range fams {
			keep[f.Name] = true
		}
		return keep
	}
	order := slices.Clone(fams)
	slices.SortStableFunc(order, func(a, b FamilyFile) int { return len(b.Papers) - len(a.Papers) })
	for _, f := range order[:n] {
		keep[f.Name] = true
	}
	return keep
}

// namedFamilies joins the first maxNamedFamilies of names, each cleaned and
// passed through esc, with sep, and says how many more there are: "A; B;
// and 998 more families".
func namedFamilies(names []string, sep string, esc func(string) string) string {
	shown := names[:min(len(names), maxNamedFamilies)]
	parts := make([]string, len(shown), len(shown)+1)
	for i, n := range shown {
		parts[i] = esc(cleanText(n))
	}
	if more := len(names) - len(shown); more > 0 {
		parts = append(parts, moreFamilies(more))
	}
	return strings.Join(parts, sep)
}

// moreFamilies is "and 1 more family", "and 998 more families".
func moreFamilies(n int) string {
	if n == 1 {
		return "and 1 more family"
	}
	return "and " + strconv.Itoa(n) + " more families"
}

func identity(s string) string { return s }
