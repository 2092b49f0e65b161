//go:build unix

package bib

import "syscall"

// processCPU returns the CPU time (user and system) the process has used,
// in nanoseconds: all its threads, the garbage collector's included.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
