// Package gvcache points go-graphviz's WebAssembly compilation cache at a
// directory of the user's own, before go-graphviz is initialised.
//
// go-graphviz v0.2.10 compiles its embedded Graphviz module with wazero in
// a package init function and keeps wazero's compilation cache in
// os.TempDir()/go-graphviz. On a machine shared by several users that
// directory belongs to whoever ran first: everyone else's process panics at
// start (the cache files are not theirs to read), and every process writes
// about 6 MB outside the user's own directories. go-graphviz offers no
// setting for it; the only input its init reads is the temporary directory.
//
// So this package, which go-graphviz's init cannot run before (see below),
// sets the temporary directory to the user's cache directory,
// os.UserCacheDir()/citegraph, for the duration of go-graphviz's init, and
// Restore puts it back. The compiled module then lives in
// os.UserCacheDir()/citegraph/go-graphviz (created 0700; about 6 MB, made
// on first use, then start-up takes milliseconds instead of about 0.7 s).
// When that directory cannot be used (no home directory, not writable, or
// holding files another user made: a shared HOME), the temporary directory
// is pointed at a path where no directory can be made, go-graphviz finds no
// cache and compiles in memory: slower to start, never a panic, nothing
// written.
//
// Order: Go initialises packages in import-path order among those whose
// imports are all initialised (the Go spec, "Package initialization").
// This package imports only standard packages that go-graphviz's init
// package also imports, and "github.com/citegraph/..." sorts before
// "github.com/goccy/...", so its init always runs first. The package out
// imports it and calls Restore from its own init, which runs after
// go-graphviz's because out imports go-graphviz.
package gvcache

import (
	"os"
	"path/filepath"
)

var (
	saved    string
	hadSaved bool
	dir      string // the cache root go-graphviz was given, "" when none
	changed  bool
)

// Dir returns the directory go-graphviz keeps its compiled module in
// (os.UserCacheDir()/citegraph/go-graphviz), or "" when it compiles in
// memory because that directory could not be used.
func Dir() string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "go-graphviz")
}

func init() {
	if tmpEnv == "" {
		return // the system's temporary directory is per-user already
	}
	saved, hadSaved = os.LookupEnv(tmpEnv)
	root := cacheRoot()
	target := root
	if root == "" {
		target = noDir
	}
	if os.Setenv(tmpEnv, target) == nil {
		changed = true
		dir = root
	}
}

// Restore gives the process back the temporary directory it started with.
// It is called once go-graphviz is initialised; later calls do nothing.
func Restore() {
	if !changed {
		return
	}
	changed = false
	if hadSaved {
		os.Setenv(tmpEnv, saved)
	} else {
		os.Unsetenv(tmpEnv)
	}
}

// cacheRoot returns os.UserCacheDir()/citegraph, created if missing, when
// go-graphviz can keep its cache in it: the directory, its go-graphviz
// directory and wazero's directories in there are writable and their files
// readable by this process. Otherwise it returns "".
func cacheRoot() string {
	base, err := os.UserCacheDir()
	if err != nil || !filepath.IsAbs(base) {
		return ""
	}
	root := filepath.Join(base, "citegraph")
	if err := os.MkdirAll(root, 0o700); err != nil {
		return ""
	}
	gv := filepath.Join(root, "go-graphviz")
	if !writableDir(root) {
		return ""
	}
	fi, err := os.Lstat(gv)
	switch {
	case os.IsNotExist(err):
		// go-graphviz makes it (mode 0755); make it private instead.
		if os.Mkdir(gv, 0o700) != nil {
			return ""
		}
		return root
	case err != nil || !fi.IsDir() || !writableDir(gv):
		return ""
	}
	subs, err := os.ReadDir(gv)
	if err != nil {
		return ""
	}
	for _, s := range subs {
		p := filepath.Join(gv, s.Name())
		if !s.IsDir() {
			continue // not wazero's; it never looks at it
		}
		if !writableDir(p) {
			return ""
		}
		files, err := os.ReadDir(p)
		if err != nil {
			return ""
		}
		for _, f := range files {
			if !readable(filepath.Join(p, f.Name())) {
				return ""
			}
		}
	}
	return root
}
