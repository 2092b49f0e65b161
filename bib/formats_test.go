package bib

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCSLJSONPandoc renders a document citing every entry of the
// snapshot's and the hostile records' CSL-JSON with pandoc --citeproc
// (Debian's pandoc): no warning, and every entry is in the bibliography.
func TestCSLJSONPandoc(t *testing.T) {
	pandoc := bkNeedTool(t, "pandoc", "pandoc")
	papers := bkCompilePapers(t)
	b := NewBibliography(papers)
	var js bytes.Buffer
	if err := b.WriteCSLJSON(&js, nil); err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(js.Bytes(), &items); err != nil {
		t.Fatalf("references.json is not JSON: %v", err)
	}
	if len(items) != len(papers) {
		t.Fatalf("%d CSL items for %d papers", len(items), len(papers))
	}
	out := bkPandoc(t, pandoc, js.Bytes(), items)
	for _, it := range items {
		id := it["id"].(string)
		if !strings.Contains(out, `id="ref-`+id+`"`) {
			t.Errorf("pandoc's bibliography has no entry for %s", id)
		}
	}
	// Protected words reach pandoc as nocase spans.
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, `<span class="nocase">MobileNetV2</span>: Inverted Residuals`) {
		t.Errorf("pandoc's bibliography lacks MobileNetV2's title:\n%s", bkTail(out, 2000))
	}
}

// bkPandoc runs pandoc --citeproc over a Markdown document citing every
// item and returns its HTML, failing on any message on stderr.
func bkPandoc(t *testing.T, pandoc string, cslJSON []byte, items []map[string]any) string {
	t.Helper()
	dir := t.TempDir()
	bkWriteFile(t, filepath.Join(dir, "references.json"), cslJSON)
	var doc strings.Builder
	doc.WriteString("# Every entry\n\n")
	for _, it := range items {
		doc.WriteString("See [@" + it["id"].(string) + "].\n")
	}
	bkWriteFile(t, filepath.Join(dir, "doc.md"), []byte(doc.String()))
	cmd := exec.Command(pandoc, "--citeproc", "--bibliography=references.json", "-t", "html", "doc.md")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("pandoc --citeproc: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

// TestRISBibutils reads the RIS of the snapshot's records back with
// Debian's bibutils (ris2xml | xml2bib) and the .bib reader: the same keys,
// titles, years and DOIs. (bibutils' own LaTeX writer garbles some of the
// hostile records' titles, braces and backslashes in them, which is its
// limit: TestRISShape checks those records' RIS.)
func TestRISBibutils(t *testing.T) {
	ris2xml := bkNeedTool(t, "ris2xml", "bibutils")
	xml2bib := bkNeedTool(t, "xml2bib", "bibutils")
	papers := bkSnapshot(t)
	b := NewBibliography(papers)
	var ris bytes.Buffer
	if err := b.WriteRIS(&ris, nil); err != nil {
		t.Fatal(err)
	}
	back := bkRISBack(t, ris2xml, xml2bib, ris.Bytes())
	if len(back) != len(papers) {
		t.Errorf("bibutils read %d records; wrote %d", len(back), len(papers))
	}
	for _, p := range papers {
		key := b.CiteKey(p.Key())
		e, ok := back[key]
		if !ok {
			t.Errorf("%s: lost", key)
			continue
		}
		if NormalizeTitle(e.Title) != NormalizeTitle(cslText(p.Title)) {
			t.Errorf("%s: title %q came back as %q", key, p.Title, e.Title)
		}
		if y := bkYear(p); e.Year != y {
			t.Errorf("%s: year %d came back as %d", key, y, e.Year)
		}
		if v := b.lookup(p.Key()).entry.Fields["doi"]; v != nil && !strings.EqualFold(e.IDs.DOI, v.String()) {
			t.Errorf("%s: doi %q came back as %q", key, v.String(), e.IDs.DOI)
		}
	}
}

// bkRISBack runs ris2xml | xml2bib and reads the result with ParseBibTeX,
// returning the entries by citation key.
func bkRISBack(t *testing.T, ris2xml, xml2bib string, ris []byte) map[string]Entry {
	t.Helper()
	dir := t.TempDir()
	bkWriteFile(t, filepath.Join(dir, "references.ris"), ris)
	xml, code := bkRun(t, dir, ris2xml, "-i", "utf8", "references.ris")
	if code != 0 {
		t.Fatalf("ris2xml: exit %d", code)
	}
	bkWriteFile(t, filepath.Join(dir, "refs.xml"), []byte(xml[strings.Index(xml, "<"):]))
	cmd := exec.Command(xml2bib, "-nb", "-o", "utf8", "refs.xml")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("xml2bib: %v\n%s", err, stderr.String())
	}
	l := ParseBibTeX("back.bib", stdout.Bytes())
	for _, p := range l.Problems {
		t.Errorf("bibutils' .bib: %v", p)
	}
	m := map[string]Entry{}
	for _, e := range l.Entries {
		m[e.Key] = e
	}
	if len(m) == 0 {
		t.Fatalf("bibutils gave no entries:\n%s", bkTail(stdout.String(), 2000))
	}
	return m
}

// TestRISShape checks the RIS of every record, hostile ones included: each
// record runs from TY to ER, every line is "XY  - value" with a known tag
// and no line break or control character in the value, and the title,
// year and DOI are there as written.
func TestRISShape(t *testing.T) {
	papers := bkCompilePapers(t)
	b := NewBibliography(papers)
	var ris bytes.Buffer
	if err := b.WriteRIS(&ris, nil); err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{"TY": true, "ID": true, "AU": true, "TI": true, "T2": true, "PY": true, "DA": true,
		"VL": true, "IS": true, "SP": true, "EP": true, "PB": true, "M3": true, "DO": true, "UR": true, "ER": true}
	records := strings.Split(strings.TrimSuffix(ris.String(), "\r\n"), "\r\n\r\n")
	if len(records) != len(papers) {
		t.Fatalf("%d RIS records for %d papers", len(records), len(papers))
	}
	byID := map[string]map[string][]string{}
	for _, r := range records {
		lines := strings.Split(r, "\r\n")
		if !strings.HasPrefix(lines[0], "TY  - ") || lines[len(lines)-1] != "ER  - " {
			t.Errorf("record does not run from TY to ER:\n%s", r)
		}
		rec := map[string][]string{}
		for _, l := range lines {
			if len(l) < 6 || l[2:6] != "  - " || !tags[l[:2]] {
				t.Errorf("bad RIS line %q", l)
				continue
			}
			if strings.ContainsFunc(l, func(r rune) bool { return r < ' ' || r == 0x7f }) {
				t.Errorf("control character in %q", l)
			}
			rec[l[:2]] = append(rec[l[:2]], l[6:])
		}
		if len(rec["ID"]) == 1 {
			byID[rec["ID"][0]] = rec
		}
	}
	for _, p := range papers {
		key := b.CiteKey(p.Key())
		rec := byID[key]
		if rec == nil {
			t.Errorf("%s: no RIS record", key)
			continue
		}
		if want := cslText(p.Title); want != "" && (len(rec["TI"]) != 1 || rec["TI"][0] != want) {
			t.Errorf("%s: TI %q; want %q", key, rec["TI"], want)
		}
		if y := bkYear(p); y > 0 && (len(rec["PY"]) != 1 || rec["PY"][0] != strconv.Itoa(y)) {
			t.Errorf("%s: PY %q; want %d", key, rec["PY"], y)
		}
		if v := b.lookup(p.Key()).entry.Fields["doi"]; v != nil && (len(rec["DO"]) != 1 || rec["DO"][0] != v.String()) {
			t.Errorf("%s: DO %q; want %q", key, rec["DO"], v.String())
		}
	}
}
