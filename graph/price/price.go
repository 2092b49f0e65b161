// Package price generates citation graphs by Price's model, for tests and
// benchmarks: papers arrive one at a time and each cites m distinct earlier
// papers (all of them while there are fewer than m), chosen with
// probability proportional to the citations they have plus one
// (cumulative advantage with k0 = 1, as in Price 1976).
package price

import "math/rand/v2"

// Edges calls emit(citing, cited) for every citation of the graph of n
// papers (0..n-1, in order of arrival) with m citations per paper, drawn from
// a PCG stream seeded with seed: the same arguments give the same graph.
// Papers emit their citations in arrival order.
func Edges(n, m int, seed uint64, emit func(citing, cited int)) {
	r := rand.New(rand.NewPCG(seed, 0x7072696365)) // "price"
	// pool holds every paper once plus once per citation it has received:
	// a uniform draw from it picks a paper with probability ∝ citations + 1.
	pool := make([]int32, 0, n*(m+1))
	chosen := make([]int32, 0, m)
	for i := range n {
		k := min(m, i)
		chosen = chosen[:0]
		for len(chosen) < k {
			v := pool[r.IntN(len(pool))]
			dup := false
			for _, c := range chosen {
				if c == v {
					dup = true
					break
				}
			}
			if !dup {
				chosen = append(chosen, v)
			}
		}
		for _, v := range chosen {
			emit(i, int(v))
			pool = append(pool, v)
		}
		pool = append(pool, int32(i))
	}
}
