// Command s2serve runs the contracttest server on a fixed address, for
// trying a built citegraph (or any client) against a Semantic Scholar API
// that misbehaves as the contract allows:
//
//	go run ./fetch/contracttest/s2serve -data fetch/testdata/s2-sample-corpus.jsonl -min-interval 1s -count-refused &
//	bin/citegraph build data/model-compression.md --api-url http://127.0.0.1:8765/graph/v1 --api-key k --rps 1
//
// On SIGINT or SIGTERM it prints what it served: requests, refusals by the
// rate limit, faults, and answers given twice for the same request.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/citegraph/citegraph/fetch/contracttest"
)

type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

func main() {
	var data, truths files
	var b contracttest.Behaviour
	addr := flag.String("addr", "127.0.0.1:8765", "address to listen on")
	flag.Var(&data, "data", "records, one JSON paper a line (repeatable)")
	flag.Var(&truths, "truth", "a reading list's truth-*.json whose papers are made up (repeatable)")
	flag.StringVar(&b.APIKey, "api-key", "", "require this x-api-key")
	flag.DurationVar(&b.MinInterval, "min-interval", 0, "strict rate limit: least time between admitted requests")
	flag.BoolVar(&b.CountRefused, "count-refused", false, "refused requests restart the interval too")
	flag.Uint64Var(&b.Seed, "seed", 1, "seed of the random faults")
	flag.Float64Var(&b.P429, "p429", 0, "probability of a random 429")
	flag.Float64Var(&b.P5xx, "p5xx", 0, "probability of a 5xx")
	flag.Float64Var(&b.PReset, "preset", 0, "probability of a connection reset")
	flag.Float64Var(&b.PCut, "pcut", 0, "probability of a body cut off mid-JSON")
	flag.Float64Var(&b.PSlow, "pslow", 0, "probability of a slow first byte")
	flag.DurationVar(&b.SlowDelay, "slow-delay", 40*time.Second, "delay of a slow first byte")
	flag.Float64Var(&b.PError200, "perror200", 0, `probability of a 200 carrying only {"error":…}`)
	flag.IntVar(&b.MaxResponseBytes, "max-response-bytes", 0, "refuse larger answers as too large (0: 10 MB)")
	flag.IntVar(&b.PageCap, "page-cap", 0, "at most this many items per references or citations page")
	flag.IntVar(&b.LeadingHoles, "leading-holes", 0, "empty entries at the start of every references or citations list")
	flag.Parse()

	recs, err := load(data, truths)
	if err != nil {
		fmt.Fprintln(os.Stderr, "s2serve:", err)
		os.Exit(1)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "s2serve:", err)
		os.Exit(1)
	}
	srv := contracttest.StartAt(l, recs, b)
	fmt.Fprintf(os.Stderr, "s2serve: %d records at %s\n", len(recs), srv.URL)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	srv.Close()
	summary(srv.Calls(), srv.Repeats())
}

func load(data, truths files) ([]contracttest.Record, error) {
	var recs []contracttest.Record
	for _, f := range data {
		rs, err := contracttest.LoadJSONL(f)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rs...)
	}
	for _, f := range truths {
		ls, err := contracttest.LoadTruth(f)
		if err != nil {
			return nil, err
		}
		recs = append(recs, contracttest.Synthesize(strings.TrimSuffix(f, ".json"), ls, recs...)...)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("no records: give -data or -truth")
	}
	return recs, nil
}

// summary prints what the server saw.
func summary(calls []contracttest.Call, repeats map[string]int) {
	faults := map[string]int{}
	final := 0
	for _, c := range calls {
		if c.Fault != "" {
			faults[c.Fault]++
		}
		if c.Final {
			final++
		}
	}
	span := time.Duration(0)
	if len(calls) > 1 {
		span = calls[len(calls)-1].Time.Sub(calls[0].Time)
	}
	fmt.Printf("requests %d (answered in full %d) over %s\n", len(calls), final, span.Round(time.Millisecond))
	kinds := make([]string, 0, len(faults))
	for k := range faults {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("fault %s: %d\n", k, faults[k])
	}
	fmt.Printf("answered twice or more: %d\n", len(repeats))
}
