//go:build !unix

package bib

// processCPU is not measured where getrusage is missing.
func processCPU() int64 { return 0 }
