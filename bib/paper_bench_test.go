package bib

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/data"
)

// BenchmarkDecodePaper decodes paper records as the cache and the API give
// them: the embedded snapshot's lines, and one record with 500 references.
func BenchmarkDecodePaper(b *testing.B) {
	lines := bytes.Split(bytes.TrimSpace(data.Snapshot), []byte("\n"))
	var refs []string
	for i := range 500 {
		refs = append(refs, fmt.Sprintf(`{"paperId":"%040x","externalIds":{"DOI":"10.1/%d","CorpusId":%d},"title":"Reference number %d","year":%d,"venue":"Venue","citationCount":%d,"authors":[{"authorId":"%d","name":"A. Author"}]}`, i, i, i, i, 1990+i%30, i, i))
	}
	big := []byte(`{"paperId":"` + strings.Repeat("a", 40) + `","title":"Big","year":2020,"citationCount":3,"references":[` + strings.Join(refs, ",") + `]}`)
	b.Run("snapshot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, l := range lines {
				var p Paper
				if err := json.Unmarshal(l, &p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("snapshot-DecodePaper", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, l := range lines {
				if _, err := DecodePaper(l); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("500refs-DecodePaper", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if p, err := DecodePaper(big); err != nil || p.References == nil || len(*p.References) != 500 {
				b.Fatal(err)
			}
		}
	})
	b.Run("500refs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p Paper
			if err := json.Unmarshal(big, &p); err != nil || p.References == nil || len(*p.References) != 500 {
				b.Fatal(err)
			}
		}
	})
}
