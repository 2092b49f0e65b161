package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runAsMainEnv makes the test binary run citegraph's Main instead of the
// tests, so that tests can run citegraph as a separate process (package
// initialisation included, with an environment and a user of their own)
// without building it.
const runAsMainEnv = "CITEGRAPH_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsMainEnv) == "1" {
		os.Args = append([]string{"citegraph"}, os.Args[1:]...)
		os.Exit(int(Main()))
	}
	os.Exit(m.Run())
}

// proc describes one citegraph process for runProcess.
type proc struct {
	bin  string   // executable; "" means this test binary
	env  []string // the whole environment (plus runAsMainEnv)
	pre  []string // a command that runs citegraph, e.g. setpriv ...
	dir  string   // working directory
	args []string
}

// runProcess runs citegraph as its own process and returns its exit code,
// stdout and stderr.
func runProcess(t *testing.T, p proc) (int, string, string) {
	t.Helper()
	bin := p.bin
	if bin == "" {
		var err error
		if bin, err = os.Executable(); err != nil {
			t.Fatal(err)
		}
	}
	argv := append(append(append([]string{}, p.pre...), bin), p.args...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(append([]string{}, p.env...), runAsMainEnv+"=1")
	cmd.Dir = p.dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, o.String(), e.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), o.String(), e.String()
	}
	t.Fatalf("%q: %v", argv, err)
	return 0, "", ""
}

// baseEnv is a minimal environment for a citegraph process: PATH, and HOME
// and TMPDIR as given; nothing of the test's own environment leaks in.
func baseEnv(home, tmp string) []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TMPDIR=" + tmp, "LANG=C.UTF-8"}
}

// listFiles returns the paths under dir, relative to it, directories with a
// trailing "/".
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			rel += "/"
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWritesOnlyOutAndCache runs a build, a bib and a live --offline build
// as separate processes with a private, empty TMPDIR and HOME: afterwards
// TMPDIR is still empty, and HOME holds nothing but citegraph's cache
// directory (~/.cache/citegraph: go-graphviz's compiled module and the
// answer cache).
func TestWritesOnlyOutAndCache(t *testing.T) {
	root := t.TempDir()
	home, tmp, work := filepath.Join(root, "home"), filepath.Join(root, "tmp"), filepath.Join(root, "work")
	for _, d := range []string{home, tmp, work} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	list := filepath.Join(work, "list.txt")
	if err := os.WriteFile(list, []byte("MobileNetV2: Inverted Residuals and Linear Bottlenecks\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := baseEnv(home, tmp)
	for _, args := range [][]string{
		{"build", "--out", "out"},
		{"build", "--out", "out"}, // the second run finds go-graphviz's cache
		{"bib", "-o", "refs.bib"},
		{"build", "list.txt", "--offline", "--out", "live"}, // opens (creates) the answer cache, all misses
	} {
		code, _, stderr := runProcess(t, proc{env: env, dir: work, args: args})
		if strings.Contains(stderr, "panic") {
			t.Fatalf("%q panicked:\n%s", args, stderr)
		}
		if args[1] != "list.txt" && code != 0 {
			t.Fatalf("%q: exit %d:\n%s", args, code, stderr)
		}
	}
	if got := listFiles(t, tmp); len(got) != 0 {
		t.Errorf("TMPDIR holds %q; citegraph must write nowhere but --out and its cache directory", got)
	}
	for _, f := range listFiles(t, home) {
		if !strings.HasPrefix(f, ".cache/") {
			t.Errorf("HOME holds %s, outside ~/.cache/citegraph", f)
		}
		if f != ".cache/" && !strings.HasPrefix(f, ".cache/citegraph/") {
			t.Errorf("HOME holds %s, outside ~/.cache/citegraph", f)
		}
	}
	for _, want := range []string{".cache/citegraph/go-graphviz/", ".cache/citegraph/s2.db"} {
		if _, err := os.Stat(filepath.Join(home, want)); err != nil {
			t.Errorf("expected %s in HOME: %v", want, err)
		}
	}
	if _, err := os.Stat(filepath.Join(work, "out", "influence.svg")); err != nil {
		t.Errorf("the build wrote no diagram: %v", err)
	}
}

// TestSecondUser runs citegraph as a first user and then as a second one on
// the same machine, sharing one TMPDIR (the case that used to panic in
// go-graphviz's init), and then as a user whose HOME holds a first user's
// cache it may not use: every command works, no panic. As root, the second
// user is uid 65534 (setpriv); otherwise the first user's cache is made
// unreadable with chmod, which is what a second user meets.
func TestSecondUser(t *testing.T) {
	root := t.TempDir()
	// The second user must reach root (t.TempDir makes it and its parent
	// private).
	for _, d := range []string{filepath.Dir(root), root} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	shared := filepath.Join(root, "tmp")
	homeA, homeB := filepath.Join(root, "a"), filepath.Join(root, "b")
	for _, d := range []string{shared, homeA, homeB} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(shared, 0o1777); err != nil {
		t.Fatal(err)
	}
	// The test binary must be executable by the second user: copy it.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "citegraph.test")
	copyFile(t, self, bin, 0o755)

	// The first user runs a build: go-graphviz caches its module.
	code, _, stderr := runProcess(t, proc{bin: bin, env: baseEnv(homeA, shared), dir: homeA, args: []string{"build", "--out", "out", "-q"}})
	if code != 0 {
		t.Fatalf("first user: exit %d:\n%s", code, stderr)
	}

	var pre []string
	asRoot := os.Geteuid() == 0
	if asRoot {
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Fatalf("setpriv (util-linux) not found: %v", err)
		}
		pre = []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"}
		if err := os.Chown(homeB, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	} else {
		// Not root: B is this user again, meeting a cache it cannot read.
		gv := filepath.Join(homeA, ".cache", "citegraph", "go-graphviz")
		lock(t, gv)
		homeB = homeA
	}
	commands := [][]string{
		{"version"},
		{"--help"},
		{"build", "--out", "out-b"},
		{"bib", "-o", "b.bib"},
		{"cache", "stats"},
	}
	check := func(who, home string) {
		for _, args := range commands {
			code, stdout, stderr := runProcess(t, proc{bin: bin, pre: pre, env: baseEnv(home, shared), dir: home, args: args})
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("%s: %q panicked:\n%s", who, args, stderr)
				continue
			}
			want := 0
			if args[0] == "cache" {
				want = 1 // no cache yet: said so, nothing created
			}
			if code != want {
				t.Errorf("%s: %q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", who, args, code, want, stdout, stderr)
			}
		}
	}
	check("second user", homeB)
	if asRoot {
		// The second user with the first user's HOME (sudo -E, a shared
		// account directory): its cache is not theirs to use. Outputs go
		// to a directory of their own.
		lock(t, homeA) // root's files; 65534 may read but not write
		work := filepath.Join(root, "w")
		if err := os.Mkdir(work, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(work, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"version"}, {"build", "--out", filepath.Join(work, "out")}} {
			code, _, stderr := runProcess(t, proc{bin: bin, pre: pre, env: baseEnv(homeA, shared), dir: work, args: args})
			if code != 0 || strings.Contains(stderr, "panic") {
				t.Errorf("second user with the first user's HOME: %q: exit %d:\n%s", args, code, stderr)
			}
		}
	}
	if got := listFiles(t, shared); len(got) != 0 {
		t.Errorf("the shared TMPDIR holds %q", got)
	}
}

// lock makes every directory under dir read-only and every file unreadable
// for anyone but root, and undoes it when the test ends.
func lock(t *testing.T, dir string) {
	t.Helper()
	type saved struct {
		path string
		mode fs.FileMode
	}
	var undo []saved
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		undo = append(undo, saved{path, fi.Mode().Perm()})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := len(undo) - 1; i >= 0; i-- {
		s := undo[i]
		mode := fs.FileMode(0o000)
		if fi, _ := os.Lstat(s.path); fi != nil && fi.IsDir() {
			mode = 0o555
		}
		if err := os.Chmod(s.path, mode); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, s := range undo {
			os.Chmod(s.path, s.mode|0o700)
		}
	})
}

func copyFile(t *testing.T, from, to string, mode fs.FileMode) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
