package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
)

func TestDefaultSnapshot(t *testing.T) {
	s := DefaultSnapshot()
	if s != DefaultSnapshot() {
		t.Error("DefaultSnapshot built twice")
	}
	if got := s.Len(); got != 97 {
		t.Errorf("Len() = %d; want 97 (data/README.md)", got)
	}
	if s.Date() != data.SnapshotDate {
		t.Errorf("Date() = %q; want %q", s.Date(), data.SnapshotDate)
	}
	all := s.All()
	if len(all) != 97 || all[0].Title != "Recent Advances in Efficient Computation of Deep Convolutional Neural Networks" {
		t.Errorf("All() = %d records, first %q", len(all), all[0].Title)
	}
	withRefs := 0
	for _, p := range all[:43] {
		if p.ReferencesAvailable() {
			withRefs++
		}
	}
	if withRefs != 30 {
		t.Errorf("%d of the 43 list records carry references; want 30 (data/README.md)", withRefs)
	}
}

func TestSnapshotPapersIDForms(t *testing.T) {
	s := DefaultSnapshot()
	tests := []struct {
		id    string
		title string // "" for unknown
	}{
		{"dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4", "MobileNetV2: Inverted Residuals and Linear Bottlenecks"},
		{"DD9CFE7124C734F5A6FC90227D541D3DBCD72BA4", "MobileNetV2: Inverted Residuals and Linear Bottlenecks"},
		{"ARXIV:1707.06342", "ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression"},
		{"arxiv:1707.06342v3", "ThiNet: A Filter Level pruning Method for Deep Neural Network Compression"},
		{"ArXiv:1707.06342", "ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression"},
		{"DOI:10.1109/ICCV.2017.541", "ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression"},
		{"doi:10.1109/iccv.2017.541", "ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression"},
		{"DOI:https://doi.org/10.1109/ICCV.2017.541", "ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression"},
		{"URL:https://arxiv.org/abs/1707.06342v1", "ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression"},
		{"URL:https://arxiv.org/pdf/1707.06342.pdf", "ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression"},
		{"URL:https://www.semanticscholar.org/paper/MobileNetV2/dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4", "MobileNetV2: Inverted Residuals and Linear Bottlenecks"},
		{"CorpusId:4555207", "MobileNetV2: Inverted Residuals and Linear Bottlenecks"},
		{"CORPUSID:4555207", "MobileNetV2: Inverted Residuals and Linear Bottlenecks"},
		{"TITLE:Variational Network Quantization", "Variational Network Quantization"},
		{"TITLE:variational network quantization", "Variational Network Quantization"},
		{"DOI:10.1109/CVPR.2018.00890", `"Learning-Compression" Algorithms for Neural Net Pruning`},
		{"ARXIV:1707.0634", ""},
		{"ARXIV:", ""},
		{"CorpusId:1", ""},
		{"0000000000000000000000000000000000000000", ""},
		{"", ""},
		{"TITLE:", ""},
		{"nonsense", ""},
	}
	ids := make([]string, len(tests))
	for i, tc := range tests {
		ids[i] = tc.id
	}
	ps, err := s.Papers(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(ids) {
		t.Fatalf("Papers returned %d records for %d ids", len(ps), len(ids))
	}
	for i, tc := range tests {
		switch {
		case tc.title == "" && ps[i] != nil:
			t.Errorf("Papers(%q) = %q; want nil", tc.id, ps[i].Title)
		case tc.title != "" && (ps[i] == nil || !strings.EqualFold(ps[i].Title, tc.title)):
			t.Errorf("Papers(%q) = %v; want %q", tc.id, ps[i], tc.title)
		}
	}
	if p := ps[14]; p != nil && p.Key() != "TITLE:variational network quantization" {
		t.Errorf("record without ids: Key() = %q", p.Key())
	}
}

func TestSnapshotReturnsCopies(t *testing.T) {
	s := DefaultSnapshot()
	ctx := context.Background()
	before, _ := json.Marshal(s.All())

	ps, _ := s.Papers(ctx, []string{"ARXIV:1801.04381"})
	p := ps[0]
	p.Title = "changed"
	p.ExternalIDs["ArXiv"] = "changed"
	p.Authors[0].Name = "changed"
	*p.References = (*p.References)[:1]
	(*p.References)[0].Title = "changed"
	p2, _, _ := s.MatchTitle(ctx, "Squeeze-and-Excitation Networks")
	p2.Authors = nil
	(*p2.References)[0].ExternalIDs = nil
	for _, q := range s.All() {
		q.Title = "changed"
	}
	found, _ := s.SearchTitle(ctx, "MobileNets", 3)
	found[0].Journal = nil

	after, _ := json.Marshal(s.All())
	if string(before) != string(after) {
		t.Error("a caller's change to a returned record changed the snapshot")
	}

	// Every pointer, slice and map in a clone is fresh memory, including any
	// field added to bib.Paper later.
	for _, orig := range s.papers {
		assertNoShared(t, reflect.ValueOf(orig).Elem(), reflect.ValueOf(snapClone(orig)).Elem(), orig.Title)
	}
}

// assertNoShared fails when a and b (equal values) share any memory.
func assertNoShared(t *testing.T, a, b reflect.Value, path string) {
	t.Helper()
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Fatalf("%s: clone shares a pointer", path)
		}
		assertNoShared(t, a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.IsNil() || a.Len() == 0 {
			return
		}
		if unsafe.Pointer(a.Pointer()) == unsafe.Pointer(b.Pointer()) {
			t.Fatalf("%s: clone shares a slice", path)
		}
		for i := 0; i < a.Len(); i++ {
			assertNoShared(t, a.Index(i), b.Index(i), path)
		}
	case reflect.Map:
		if a.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Fatalf("%s: clone shares a map", path)
		}
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			assertNoShared(t, a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name)
		}
	}
}

func TestNewSnapshotErrors(t *testing.T) {
	jsonl := "{\"paperId\":\"1111111111111111111111111111111111111111\",\"title\":\"Good\"}\n\n{not json\n{\"title\":\"Also good\"}\n{\"title\": 5}\n"
	_, err := NewSnapshot("bad.jsonl", []byte(jsonl))
	if err == nil {
		t.Fatal("NewSnapshot accepted bad lines")
	}
	for _, want := range []string{"fetch: snapshot bad.jsonl", "bad.jsonl:3", "bad.jsonl:5"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	var pe *bib.ParseError
	if !errors.As(err, &pe) || pe.Line != 3 {
		t.Errorf("error %v does not unwrap to the first *bib.ParseError", err)
	}

	s, err := NewSnapshot("empty", nil)
	if err != nil || s.Len() != 0 {
		t.Fatalf("empty snapshot: %v, %v", s, err)
	}
	if _, _, err := s.MatchTitle(context.Background(), "anything"); !errors.Is(err, ErrNotFound) {
		t.Errorf("MatchTitle on empty snapshot: %v; want ErrNotFound", err)
	}
}

func TestSnapshotMatchTitle(t *testing.T) {
	s := DefaultSnapshot()
	ctx := context.Background()
	// Every record's own title finds it.
	for _, p := range s.All() {
		got, score, err := s.MatchTitle(ctx, p.Title)
		if err != nil || got.Key() != p.Key() {
			t.Errorf("MatchTitle(%q) = %v, %v; want the record itself", p.Title, got, err)
			continue
		}
		if score <= 0 {
			t.Errorf("MatchTitle(%q) score %v; want > 0", p.Title, score)
		}
	}
	for _, q := range []string{"", "   ", "Protein folding in yeast membranes", "zebra quokka"} {
		if p, _, err := s.MatchTitle(ctx, q); !errors.Is(err, ErrNotFound) || !strings.HasPrefix(err.Error(), "fetch: ") {
			t.Errorf("MatchTitle(%q) = %v, %v; want a fetch: error wrapping ErrNotFound", q, p, err)
		}
	}
	// The pick is a ranking, not a verdict: a near title still gets a pick.
	if p, _, err := s.MatchTitle(ctx, "Cross Model Distillation for Supervision Transfer"); err != nil || !hasID(p, "ARXIV:1507.00448") {
		t.Errorf("MatchTitle(near title) = %v, %v", p, err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := s.MatchTitle(cctx, "MobileNets"); !errors.Is(err, context.Canceled) {
		t.Errorf("MatchTitle with a cancelled context: %v", err)
	}
	if _, err := s.Papers(cctx, []string{"ARXIV:1801.04381"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Papers with a cancelled context: %v", err)
	}
}

func TestSnapshotSearchTitle(t *testing.T) {
	s := loadCorpus(t)
	ctx := context.Background()
	ps, err := s.SearchTitle(ctx, "MobileNets efficient convolutional neural networks mobile vision", 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 4 {
		t.Fatalf("SearchTitle limit 4 gave %d", len(ps))
	}
	if !hasID(ps[0], "ARXIV:1704.04861") {
		t.Errorf("SearchTitle best = %q; want MobileNets", ps[0].Title)
	}
	ps, _ = s.SearchTitle(ctx, "convolutional", 0)
	if len(ps) != 10 {
		t.Errorf("SearchTitle limit 0 gave %d; want the default 10", len(ps))
	}
	ps, _ = s.SearchTitle(ctx, "qqqq zzzz", 10)
	if len(ps) != 0 {
		t.Errorf("SearchTitle of unknown words gave %d records", len(ps))
	}
	// A title fully covered by the query ranks above a longer one.
	ps, _ = s.SearchTitle(ctx, "ShuffleNet V2", 2)
	if len(ps) == 0 || !strings.HasPrefix(ps[0].Title, "ShuffleNet V2") {
		t.Errorf("SearchTitle(ShuffleNet V2) first = %v", ps)
	}
}

func TestSnapCanonID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ARXIV:1707.06342", "ARXIV:1707.06342"},
		{"arXiv:1707.06342v2", "ARXIV:1707.06342"},
		{" ARXIV: 1707.06342 ", "ARXIV:1707.06342"},
		{"ARXIV:arXiv:1707.06342", "ARXIV:1707.06342"},
		{"ARXIV:hep-th/9901001v1", "ARXIV:hep-th/9901001"},
		{"DOI:10.1109/ICCV.2017.541", "DOI:10.1109/iccv.2017.541"},
		{"doi:https://dx.doi.org/10.1109/ICCV.2017.541", "DOI:10.1109/iccv.2017.541"},
		{"DOI:10.1000/a%2Fb", "DOI:10.1000/a/b"},
		{"corpusid:123", "CorpusId:123"},
		{"TITLE:MobileNetV2: Inverted…", "TITLE:mobilenetv2 inverted"},
		{"URL:https://doi.org/10.1109/ICCV.2017.541", "DOI:10.1109/iccv.2017.541"},
		{"URL:https://example.org/x", "URL:https://example.org/x"},
		{"pmid:12345", "PMID:12345"},
		{"ABCDEF0123456789ABCDEF0123456789ABCDEF01", "abcdef0123456789abcdef0123456789abcdef01"},
		{"something", "something"},
		{"FOO:bar", "FOO:bar"},
	}
	for _, tc := range tests {
		if got := snapCanonID(tc.in); got != tc.want {
			t.Errorf("snapCanonID(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzSnapCanonID(f *testing.F) {
	for _, s := range []string{"ARXIV:1707.06342v2", "DOI:10.1109/ICCV.2017.541", "URL:https://arxiv.org/abs/1707.06342", "TITLE:Part II", "CorpusId:1", "doi:%zz", "URL:https://doi.org/a%2F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		c := snapCanonID(id)
		if cc := snapCanonID(c); cc != c {
			t.Fatalf("snapCanonID not idempotent: %q → %q → %q", id, c, cc)
		}
	})
}
