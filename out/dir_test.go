package out

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// text is a File writer of fixed content.
func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func put(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeDir(t *testing.T, dir string, force bool, files ...File) (*Dir, error) {
	t.Helper()
	d, err := OpenDir(dir, "build", force)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Write(context.Background(), files, nil)
	return d, err
}

func TestDirNeverOverwritesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "references.bib", "% my own references\n")
	_, err := writeDir(t, dir, false, File{"a.txt", text("a")}, File{"references.bib", text("generated")})
	var fe *ForeignFilesError
	if !errors.As(err, &fe) || len(fe.Files) != 1 || fe.Files[0].Rel != "references.bib" || !fe.Forceable {
		t.Fatalf("err = %v; want a ForeignFilesError naming references.bib", err)
	}
	if !strings.Contains(err.Error(), filepath.Join(dir, "references.bib")) || !strings.Contains(err.Error(), "not written by citegraph") {
		t.Errorf("message %q does not name the file and why", err)
	}
	assertFile(t, filepath.Join(dir, "references.bib"), "% my own references\n")
	assertOnly(t, dir, "references.bib") // nothing else written, no manifest

	// --force overwrites, and the file is citegraph's from then on.
	if _, err := writeDir(t, dir, true, File{"a.txt", text("a")}, File{"references.bib", text("generated")}); err != nil {
		t.Fatal(err)
	}
	assertFile(t, filepath.Join(dir, "references.bib"), "generated")
	if _, err := writeDir(t, dir, false, File{"a.txt", text("a2")}, File{"references.bib", text("generated 2")}); err != nil {
		t.Fatalf("rewriting citegraph's own files: %v", err)
	}
	assertFile(t, filepath.Join(dir, "references.bib"), "generated 2")

	// An artefact the user edited is the user's.
	put(t, dir, "a.txt", "a2, with my notes")
	_, err = writeDir(t, dir, false, File{"a.txt", text("a3")})
	if !errors.As(err, &fe) || fe.Files[0].Reason != "changed since citegraph wrote it" {
		t.Fatalf("err = %v; want the edited file refused", err)
	}
	assertFile(t, filepath.Join(dir, "a.txt"), "a2, with my notes")

	// A directory where a file goes cannot be forced away.
	if err := os.Mkdir(filepath.Join(dir, "b.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = writeDir(t, dir, true, File{"b.txt", text("b")})
	if !errors.As(err, &fe) || fe.Forceable || fe.Files[0].Reason != "is a directory" {
		t.Errorf("err = %v; want a directory in the way, not forceable", err)
	}
}

func TestDirCleanRemovesOnlyStaleManifestFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := writeDir(t, dir, false,
		File{"keep.txt", text("k")}, File{"bib/old.bib", text("old")}, File{"bib/edited.bib", text("e")}, File{"families/old.dot", text("o")}); err != nil {
		t.Fatal(err)
	}
	put(t, dir, "bib/edited.bib", "e, edited by the user")
	put(t, dir, "bib/mine.bib", "the user's own")
	d, err := writeDir(t, dir, false, File{"keep.txt", text("k2")}, File{"bib/new.bib", text("new")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Stale(), []string{"bib/old.bib", "families/old.dot"}; !slices.Equal(got, want) {
		t.Errorf("Stale() = %q; want %q (not the edited file, not the user's)", got, want)
	}
	removed, kept, err := d.Clean()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"bib/old.bib", "families/old.dot"}; !slices.Equal(removed, want) {
		t.Errorf("Clean removed %q; want %q", removed, want)
	}
	if want := []string{"bib/edited.bib"}; !slices.Equal(kept, want) {
		t.Errorf("Clean kept %q; want %q", kept, want)
	}
	assertFile(t, filepath.Join(dir, "bib", "edited.bib"), "e, edited by the user")
	assertFile(t, filepath.Join(dir, "bib", "mine.bib"), "the user's own")
	if _, err := os.Stat(filepath.Join(dir, "families")); !os.IsNotExist(err) {
		t.Errorf("the emptied families/ directory is still there (%v)", err)
	}
	var m manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range m.Files {
		paths = append(paths, e.Path)
	}
	if want := []string{"bib/new.bib", "keep.txt"}; !slices.Equal(paths, want) {
		t.Errorf("manifest lists %q; want %q", paths, want)
	}
}

// TestDirRemovesKilledRunsTemps: temporary files a killed run left beside
// citegraph's files are removed by the next write; other dot files stay.
func TestDirRemovesKilledRunsTemps(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, ".a.txt.tmp-123456", "half")
	put(t, dir, "bib/.x.bib.tmp-99", "half")
	put(t, dir, ".notes.txt.tmp-1", "the user's")
	put(t, dir, ".a.txt.tmp-backup", "the user's")
	if _, err := writeDir(t, dir, false, File{"a.txt", text("a")}, File{"bib/x.bib", text("x")}); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, ".a.txt.tmp-backup", ManifestName, ".notes.txt.tmp-1", "a.txt", "bib")
	assertOnly(t, filepath.Join(dir, "bib"), "x.bib")
}

// TestDirKilledAmongRenames: the manifest is written with both the old and
// the new hash before the renames, so a run killed between them leaves
// every file citegraph's, old or new content.
func TestDirKilledAmongRenames(t *testing.T) {
	dir := t.TempDir()
	if _, err := writeDir(t, dir, false, File{"a.txt", text("old")}); err != nil {
		t.Fatal(err)
	}
	d, err := OpenDir(dir, "build", false)
	if err != nil {
		t.Fatal(err)
	}
	e := d.man.entry("a.txt")
	e.Prev, e.SHA256 = e.SHA256, strings.Repeat("0", 64) // as the first manifest save leaves it
	if err := d.saveManifest(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := writeDir(t, dir, false, File{"a.txt", text("new")}); err != nil {
		t.Errorf("the old content, recorded as prev, counts as foreign: %v", err)
	}
}

// TestDirFailedFileKeepsOldContent: a file whose writer fails keeps its old
// content, the others are written, and the error names the failure.
func TestDirFailedFileKeepsOldContent(t *testing.T) {
	dir := t.TempDir()
	if _, err := writeDir(t, dir, false, File{"a.txt", text("a1")}, File{"b.txt", text("b1")}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	_, err := writeDir(t, dir, false, File{"a.txt", func(w io.Writer) error { io.WriteString(w, "half"); return boom }}, File{"b.txt", text("b2")})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v; want boom", err)
	}
	assertFile(t, filepath.Join(dir, "a.txt"), "a1")
	assertFile(t, filepath.Join(dir, "b.txt"), "b2")
	if _, err := writeDir(t, dir, false, File{"a.txt", text("a3")}); err != nil {
		t.Errorf("after a failed write the old file is no longer citegraph's: %v", err)
	}
}

// TestDirInterruptedWritesNothing: a cancelled context renames nothing.
func TestDirInterruptedWritesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	d, err := OpenDir(dir, "build", false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Write(ctx, []File{{"a.txt", func(w io.Writer) error { cancel(); return nil }}, {"b.txt", text("b")}}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want context.Canceled", err)
	}
	assertOnly(t, dir)
}

func TestBuildFilesCoversWriteAll(t *testing.T) {
	run := fixtureRun(t)
	want := BuildFiles(run.List)
	dir := writeAll(t, run)
	for _, f := range listFiles(t, dir) {
		if !slices.Contains(want, f) {
			t.Errorf("WriteAll wrote %s, which BuildFiles does not list", f)
		}
	}
}
