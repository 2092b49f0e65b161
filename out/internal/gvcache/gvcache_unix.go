//go:build unix

package gvcache

import "syscall"

// tmpEnv is the variable os.TempDir reads.
const tmpEnv = "TMPDIR"

// noDir is a temporary directory in which no directory can be made (a path
// under a device file), so go-graphviz finds no compilation cache.
const noDir = "/dev/null"

// Access modes of access(2).
const (
	rOK = 0x4
	wOK = 0x2
	xOK = 0x1
)

func writableDir(path string) bool { return syscall.Access(path, rOK|wOK|xOK) == nil }

func readable(path string) bool { return syscall.Access(path, rOK) == nil }
