package load

// Meta holds what is known of a graph's nodes, by node index: Title[i] is ""
// when unknown, Year[i] 0, Citations[i] -1.
type Meta struct {
	Title     []string
	Year      []int32
	Citations []int32 // citation counts of the whole corpus (Semantic Scholar's citationCount)
}

// nodeMeta is one node's metadata; zero fields are unknown (citations is
// the count plus one).
type nodeMeta struct {
	title      string
	year       int32
	citations1 int32
}

func newMeta(n int) *Meta {
	m := &Meta{Title: make([]string, n), Year: make([]int32, n), Citations: make([]int32, n)}
	for i := range m.Citations {
		m.Citations[i] = -1
	}
	return m
}

func (m *Meta) set(i int, nm nodeMeta) {
	if nm.title != "" {
		m.Title[i] = nm.title
	}
	if nm.year != 0 {
		m.Year[i] = nm.year
	}
	if nm.citations1 != 0 {
		m.Citations[i] = nm.citations1 - 1
	}
}

// Known returns how many nodes have a title, a year and a citation count.
func (m *Meta) Known() (titles, years, citations int) {
	if m == nil {
		return 0, 0, 0
	}
	for i := range m.Title {
		if m.Title[i] != "" {
			titles++
		}
		if m.Year[i] != 0 {
			years++
		}
		if m.Citations[i] >= 0 {
			citations++
		}
	}
	return titles, years, citations
}
