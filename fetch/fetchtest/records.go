package fetchtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
)

// CorpusFile is the sample corpus's path relative to the fetch package
// directory: 766 real Semantic Scholar records in API shape, with real near
// twins of the list's papers (see data/README.md).
const CorpusFile = "testdata/s2-sample-corpus.jsonl"

// SnapshotRecords returns the embedded snapshot's records (data.Snapshot).
func SnapshotRecords(t testing.TB) []*bib.Paper {
	t.Helper()
	ps, errs := bib.DecodeJSONL("model-compression.s2.jsonl", data.Snapshot)
	for _, err := range errs {
		t.Fatalf("fetchtest: snapshot: %v", err)
	}
	return ps
}

// CorpusPath returns the absolute path of the sample corpus file, located
// from this source file so that it works from any package's tests.
func CorpusPath() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("fetch", CorpusFile)
	}
	return filepath.Join(filepath.Dir(file), "..", filepath.FromSlash(CorpusFile))
}

// CorpusRecords returns the sample corpus's records.
func CorpusRecords(t testing.TB) []*bib.Paper {
	t.Helper()
	b, err := os.ReadFile(CorpusPath())
	if err != nil {
		t.Fatalf("fetchtest: corpus: %v", err)
	}
	ps, errs := bib.DecodeJSONL(CorpusFile, b)
	for _, err := range errs {
		t.Fatalf("fetchtest: corpus: %v", err)
	}
	return ps
}

// Records returns the snapshot's records followed by the corpus records that
// are not the same paper as a snapshot record (same paperId, arXiv id, DOI or
// normalised title). So the snapshot's paperId-null records replace the
// corpus's placeholder-id copies of them; see the package documentation.
func Records(t testing.TB) []*bib.Paper {
	t.Helper()
	return Merge(SnapshotRecords(t), CorpusRecords(t))
}

// Merge returns primary followed by the records of secondary that share no
// paperId, arXiv id, DOI or normalised title with a record of primary.
func Merge(primary, secondary []*bib.Paper) []*bib.Paper {
	seen := make(map[string]bool)
	for _, p := range primary {
		for _, k := range fakeIdentity(p) {
			seen[k] = true
		}
	}
	out := append([]*bib.Paper(nil), primary...)
	for _, p := range secondary {
		dup := false
		for _, k := range fakeIdentity(p) {
			if seen[k] {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

func fakeIdentity(p *bib.Paper) []string {
	ids := p.IDs()
	var ks []string
	if ids.S2 != "" {
		ks = append(ks, "S2:"+strings.ToLower(ids.S2))
	}
	if ids.ArXiv != "" {
		ks = append(ks, "ARXIV:"+ids.ArXiv)
	}
	if ids.DOI != "" {
		ks = append(ks, "DOI:"+strings.ToLower(ids.DOI))
	}
	if t := bib.NormalizeTitle(p.Title); t != "" {
		ks = append(ks, "TITLE:"+t)
	}
	return ks
}

// Titles returns the titles of ps, in order. Handy for building workloads.
func Titles(ps []*bib.Paper) []string {
	ts := make([]string, len(ps))
	for i, p := range ps {
		ts[i] = p.Title
	}
	return ts
}

// APIIDs returns the id the API accepts for each of ps (paperId, else
// ARXIV:…, else DOI:…); it fails the test for a record with none.
func APIIDs(t testing.TB, ps []*bib.Paper) []string {
	t.Helper()
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.IDs().APIID()
		if ids[i] == "" {
			t.Fatalf("fetchtest: record %q has no id", p.Title)
		}
	}
	return ids
}

func fakeErrorf(format string, args ...any) error {
	return fmt.Errorf("fetchtest: "+format, args...)
}

// Replicate returns k disjoint copies of records, for benchmarks at scale:
// copy 0 is records itself; in copy c > 0 every paperId, arXiv id, DOI,
// corpus id and title, of the records and of their reference items alike,
// is rewritten the same way, so that each copy cites only itself and no id
// or title of one copy matches another's.
func Replicate(records []*bib.Paper, k int) []*bib.Paper {
	out := append([]*bib.Paper(nil), records...)
	for c := 1; c < k; c++ {
		for _, p := range records {
			q := replica(p, c)
			if p.References != nil {
				refs := make([]bib.Paper, len(*p.References))
				for i := range *p.References {
					refs[i] = *replica(&(*p.References)[i], c)
				}
				q.References = &refs
			}
			out = append(out, q)
		}
	}
	return out
}

// replica is p's copy c (references not copied).
func replica(p *bib.Paper, c int) *bib.Paper {
	q := *p
	q.References = nil
	suffix := fmt.Sprintf("-copy%d", c)
	if p.PaperID != "" {
		h := sha256.Sum256([]byte(strings.ToLower(p.PaperID) + suffix))
		q.PaperID = hex.EncodeToString(h[:20])
	}
	if p.CorpusID != "" {
		q.CorpusID = bib.FlexString(fmt.Sprintf("%d%s", c, p.CorpusID))
	}
	if len(p.ExternalIDs) > 0 {
		q.ExternalIDs = bib.ExternalIDs{}
		for kind, v := range p.ExternalIDs {
			switch kind {
			case "CorpusId":
				v = fmt.Sprintf("%d%s", c, v)
			default:
				v += suffix
			}
			q.ExternalIDs[kind] = v
		}
	}
	if p.Title != "" {
		q.Title = fmt.Sprintf("%s (copy %d)", p.Title, c)
	}
	return &q
}
