package graph

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// chunkSize is the number of nodes in one unit of parallel work of the power
// iterations. A sum over all nodes adds one partial sum per chunk, in chunk
// order; since the chunks depend on the number of nodes only, the result is
// the same bit for bit whatever the number of cores (and, below chunkSize
// nodes, the same as a plain sequential sum).
const chunkSize = 1 << 13

func numChunks(n int) int { return (n + chunkSize - 1) / chunkSize }

// forChunks calls fn(k, lo, hi) for every chunk k = [lo, hi) of [0, n), on
// up to GOMAXPROCS goroutines, and returns when all calls have returned.
func forChunks(n int, fn func(k, lo, hi int)) {
	chunks := numChunks(n)
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		for k := range chunks {
			fn(k, k*chunkSize, min(n, (k+1)*chunkSize))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= chunks {
					return
				}
				fn(k, k*chunkSize, min(n, (k+1)*chunkSize))
			}
		})
	}
	wg.Wait()
}
