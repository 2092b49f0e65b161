package out

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ManifestName is the file in an output directory that lists the files
// citegraph wrote there, with their SHA-256.
const ManifestName = ".citegraph-manifest.json"

// File is one file to write: its path relative to the output directory
// (slash-separated) and the function that writes its content.
type File struct {
	Rel   string
	Write func(io.Writer) error
}

// Dir is an output directory. It never overwrites or removes a file that
// citegraph did not write: it knows what it wrote from the manifest
// (ManifestName) in the directory, which records each file's SHA-256, so a
// file that the user edited since counts as the user's too. Force lifts the
// rule for the files a run writes; nothing ever lifts it for removal.
//
// Every writer of a citegraph command goes through Dir.Write (WriteAll does
// for a build), so a new artefact is checked, written atomically and
// recorded without code of its own.
type Dir struct {
	path    string
	command string // whose earlier files Stale and Clean consider
	force   bool
	man     manifest
	// manErr is why an existing manifest could not be read (every file
	// then counts as the user's).
	manErr  error
	written map[string]bool // this run's files
}

// OpenDir returns the output directory at path (which need not exist yet)
// for the named command ("build", "bib"), reading its manifest. With force,
// Write overwrites files that citegraph did not write.
func OpenDir(path, command string, force bool) (*Dir, error) {
	d := &Dir{path: path, command: command, force: force, written: map[string]bool{}}
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("out: %s is a file, not a directory", path)
	}
	b, err := os.ReadFile(filepath.Join(path, ManifestName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("out: %w", err)
	default:
		if err := json.Unmarshal(b, &d.man); err != nil {
			d.manErr = fmt.Errorf("%s is unreadable (%v)", ManifestName, err)
			d.man = manifest{}
		}
	}
	return d, nil
}

// Path returns the directory's path.
func (d *Dir) Path() string { return d.path }

// manifest is the content of ManifestName.
type manifest struct {
	About string          `json:"about"`
	Files []manifestEntry `json:"files"`
}

type manifestEntry struct {
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
	Command string `json:"command"`
	// Prev is the hash of the content the file had before a write in
	// progress: a run stopped between the manifest and the renames leaves
	// either content, both recorded.
	Prev string `json:"prev,omitempty"`
}

const manifestAbout = "Files citegraph wrote in this directory, with their SHA-256. citegraph overwrites " +
	"(and, with --clean, removes) only these, and only while their content is unchanged; " +
	"any other file, or one edited since, is left alone unless --force is given."

func (m *manifest) entry(rel string) *manifestEntry {
	for i := range m.Files {
		if m.Files[i].Path == rel {
			return &m.Files[i]
		}
	}
	return nil
}

// ForeignFile is a file in the way of a write.
type ForeignFile struct {
	Rel    string
	Reason string // "not written by citegraph", "changed since citegraph wrote it", "is a directory"
}

// ForeignFilesError reports files that a write would replace although
// citegraph did not write them (or they changed since). Nothing was written.
type ForeignFilesError struct {
	Dir   string
	Files []ForeignFile
	// Forceable is false when a file cannot be replaced even with force
	// (a directory in the way).
	Forceable bool
	Manifest  error // why the manifest could not be read, if that is why
}

func (e *ForeignFilesError) Error() string {
	var b strings.Builder
	names := make([]string, 0, len(e.Files))
	for i, f := range e.Files {
		if i == 8 {
			names = append(names, fmt.Sprintf("and %d more", len(e.Files)-i))
			break
		}
		names = append(names, filepath.Join(e.Dir, filepath.FromSlash(f.Rel))+" ("+f.Reason+")")
	}
	fmt.Fprintf(&b, "out: refusing to overwrite %s", strings.Join(names, ", "))
	if e.Manifest != nil {
		fmt.Fprintf(&b, "; %v", e.Manifest)
	}
	return b.String()
}

// hashFile returns the SHA-256 of a file's content, hex.
func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// owned reports whether the file at rel exists and whether citegraph wrote
// it as it is now; reason says why not.
func (d *Dir) owned(rel string) (exists, ours bool, reason string) {
	p := filepath.Join(d.path, filepath.FromSlash(rel))
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, false, ""
	}
	if err != nil {
		return true, false, err.Error()
	}
	if fi.IsDir() {
		return true, false, "is a directory"
	}
	if !fi.Mode().IsRegular() {
		return true, false, "not a regular file"
	}
	e := d.man.entry(rel)
	if e == nil {
		return true, false, "not written by citegraph"
	}
	h, err := hashFile(p)
	if err != nil {
		return true, false, err.Error()
	}
	if h == e.SHA256 || (e.Prev != "" && h == e.Prev) {
		return true, true, ""
	}
	return true, false, "changed since citegraph wrote it"
}

// Check returns a *ForeignFilesError naming those of rels that exist and
// that citegraph did not write as they are now, or nil. With force, only a
// directory in the way of a file is an error.
func (d *Dir) Check(rels []string) error {
	e := &ForeignFilesError{Dir: d.path, Forceable: true, Manifest: d.manErr}
	for _, rel := range rels {
		exists, ours, reason := d.owned(rel)
		if !exists || ours {
			continue
		}
		if reason == "is a directory" || reason == "not a regular file" {
			e.Forceable = false
		} else if d.force {
			continue
		}
		e.Files = append(e.Files, ForeignFile{Rel: rel, Reason: reason})
	}
	if len(e.Files) == 0 {
		return nil
	}
	return e
}

// staged is a file written to its temporary name, not yet renamed.
type staged struct {
	rel, tmp, hash string
}

// Write writes files into the directory (created if missing): first it
// checks them all (Check: a foreign file stops the write before anything is
// written), removes temporary files that an earlier run left when it was
// killed, writes each file to a temporary file beside its destination,
// records the new hashes in the manifest, and then renames them all into
// place and writes the final manifest. A file whose writer fails is logged
// and left out (its old content stays); the others are written, and the
// error returned joins every failure. written lists the paths written (the
// directory joined with each Rel), in the order given.
func (d *Dir) Write(ctx context.Context, files []File, log *slog.Logger) (written []string, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	rels := make([]string, len(files))
	for i, f := range files {
		if !fs.ValidPath(f.Rel) || f.Rel == "." || f.Rel == ManifestName {
			return nil, fmt.Errorf("out: %q is not a file name for an output directory", f.Rel)
		}
		rels[i] = f.Rel
	}
	if err := d.Check(rels); err != nil {
		return nil, err
	}
	dirs := map[string]bool{}
	for _, rel := range rels {
		dirs[path.Dir(rel)] = true
	}
	for _, sub := range sortedKeys(dirs) {
		if err := os.MkdirAll(filepath.Join(d.path, filepath.FromSlash(sub)), 0o755); err != nil {
			return nil, fmt.Errorf("out: %w", err)
		}
	}
	d.removeTemps(rels)

	var errs []error
	var stage []staged
	defer func() {
		for _, s := range stage {
			if s.tmp != "" {
				os.Remove(s.tmp)
			}
		}
	}()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("out: %s: %w", f.Rel, err))
			break
		}
		tmp, hash, err := writeTemp(filepath.Join(d.path, filepath.FromSlash(f.Rel)), f.Write)
		if err != nil {
			log.Debug("cannot write artefact", "file", f.Rel, "err", err)
			errs = append(errs, err)
			continue
		}
		stage = append(stage, staged{rel: f.Rel, tmp: tmp, hash: hash})
	}
	if ctx.Err() != nil {
		// Interrupted: nothing is renamed, the old files stay as they were.
		return nil, errors.Join(errs...)
	}

	// The manifest first learns both contents of every file about to be
	// replaced, so that a run killed among the renames leaves no file that
	// counts as foreign.
	for _, s := range stage {
		e := d.man.entry(s.rel)
		if e == nil {
			d.man.Files = append(d.man.Files, manifestEntry{Path: s.rel})
			e = &d.man.Files[len(d.man.Files)-1]
		}
		prev := ""
		if exists, ours, _ := d.owned(s.rel); exists && ours {
			prev, _ = hashFile(filepath.Join(d.path, filepath.FromSlash(s.rel)))
		}
		e.SHA256, e.Prev, e.Command = s.hash, prev, d.command
	}
	if len(stage) > 0 {
		pending := map[string]bool{}
		for _, st := range stage {
			pending[st.rel] = true
		}
		if err := d.saveManifest(pending); err != nil {
			return nil, errors.Join(append(errs, err)...)
		}
	}
	synced := map[string]bool{}
	for i := range stage {
		s := &stage[i]
		dst := filepath.Join(d.path, filepath.FromSlash(s.rel))
		if err := os.Rename(s.tmp, dst); err != nil {
			errs = append(errs, fmt.Errorf("out: write %s: %w", dst, err))
			continue
		}
		s.tmp = ""
		d.written[s.rel] = true
		written = append(written, dst)
		if dir := filepath.Dir(dst); !synced[dir] {
			synced[dir] = true
			defer syncDir(dir)
		}
	}
	for i := range d.man.Files {
		d.man.Files[i].Prev = ""
	}
	if err := d.saveManifest(nil); err != nil {
		errs = append(errs, err)
	}
	return written, errors.Join(errs...)
}

// writeTemp writes a file's content to a temporary file beside path,
// flushed, synced and given mode 0644, and returns its name and the
// content's SHA-256. On error nothing is left behind.
func writeTemp(path string, write func(io.Writer) error) (tmp, hash string, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", "", fmt.Errorf("out: write %s: %w", path, err)
	}
	tmp = f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)
	if err := write(bw); err != nil {
		return "", "", fmt.Errorf("out: write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return "", "", fmt.Errorf("out: write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return "", "", fmt.Errorf("out: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return "", "", fmt.Errorf("out: write %s: sync: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", "", fmt.Errorf("out: write %s: close: %w", path, err)
	}
	return tmp, hex.EncodeToString(h.Sum(nil)), nil
}

// saveManifest writes the manifest atomically, sorted by path, dropping
// entries whose file is gone, except those of pending (about to be
// renamed into place).
func (d *Dir) saveManifest(pending map[string]bool) error {
	kept := d.man.Files[:0]
	for _, e := range d.man.Files {
		if _, err := os.Lstat(filepath.Join(d.path, filepath.FromSlash(e.Path))); err == nil || pending[e.Path] {
			kept = append(kept, e)
		}
	}
	d.man.Files = kept
	slices.SortFunc(d.man.Files, func(a, b manifestEntry) int { return strings.Compare(a.Path, b.Path) })
	d.man.About = manifestAbout
	return WriteFileAtomic(filepath.Join(d.path, ManifestName), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(&d.man)
	})
}

// tempName matches the temporary files of WriteFileAtomic and Write:
// ".<name>.tmp-<digits>".
var tempName = regexp.MustCompile(`^\.(.+)\.tmp-[0-9]+$`)

// removeTemps removes the temporary files that a killed run left beside
// the files it was writing: in each directory of rels, every
// ".<name>.tmp-<digits>" whose <name> is a file of rels, of the manifest, or
// the manifest itself.
func (d *Dir) removeTemps(rels []string) {
	known := map[string]bool{ManifestName: true}
	for _, r := range rels {
		known[r] = true
	}
	for _, e := range d.man.Files {
		known[e.Path] = true
	}
	dirs := map[string]bool{".": true}
	for r := range known {
		dirs[path.Dir(r)] = true
	}
	for sub := range dirs {
		ents, err := os.ReadDir(filepath.Join(d.path, filepath.FromSlash(sub)))
		if err != nil {
			continue
		}
		for _, ent := range ents {
			m := tempName.FindStringSubmatch(ent.Name())
			if m == nil || !ent.Type().IsRegular() || !known[path.Join(sub, m[1])] {
				continue
			}
			os.Remove(filepath.Join(d.path, filepath.FromSlash(sub), ent.Name()))
		}
	}
}

// Stale returns the files that an earlier run of the same command wrote
// and this one did not (a family since renamed), that are still there as
// citegraph wrote them, sorted. Call it after Write.
func (d *Dir) Stale() []string {
	var out []string
	for _, e := range d.man.Files {
		if e.Command != d.command || d.written[e.Path] {
			continue
		}
		if exists, ours, _ := d.owned(e.Path); exists && ours {
			out = append(out, e.Path)
		}
	}
	return out
}

// Clean removes the stale files (see Stale) and drops them from the
// manifest, and removes the directories that this leaves empty. A file of
// the manifest that was changed since citegraph wrote it is the user's: it
// stays, is dropped from the manifest and is returned in kept. Nothing that
// the manifest does not list is ever removed.
func (d *Dir) Clean() (removed, kept []string, err error) {
	var errs []error
	drop := map[string]bool{}
	for _, e := range d.man.Files {
		if e.Command != d.command || d.written[e.Path] {
			continue
		}
		exists, ours, _ := d.owned(e.Path)
		switch {
		case !exists:
			drop[e.Path] = true
		case !ours:
			kept = append(kept, e.Path)
			drop[e.Path] = true
		default:
			p := filepath.Join(d.path, filepath.FromSlash(e.Path))
			if err := os.Remove(p); err != nil {
				errs = append(errs, fmt.Errorf("out: %w", err))
				continue
			}
			removed = append(removed, e.Path)
			drop[e.Path] = true
			if sub := path.Dir(e.Path); sub != "." {
				os.Remove(filepath.Join(d.path, filepath.FromSlash(sub))) // only if empty
			}
		}
	}
	if len(drop) > 0 {
		d.man.Files = slices.DeleteFunc(d.man.Files, func(e manifestEntry) bool { return drop[e.Path] })
		if err := d.saveManifest(nil); err != nil {
			errs = append(errs, err)
		}
	}
	return removed, kept, errors.Join(errs...)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
