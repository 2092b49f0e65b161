package main

import (
	"context"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/contracttest"
)

// Black-box runs of the command against fetch/contracttest, a server
// written from the API contract alone that misbehaves in the ways the
// contract allows.

// contractList is a reading list run against the contract server.
type contractList struct {
	name, path string
}

// contractLists are the lists the runs use: the seed list (its papers are
// in the sample corpus) and three lists of the shared corpus of other
// shapes and fields (their papers are made up from their truth files).
func contractLists(t *testing.T) []contractList {
	dir := sharedListsDir(t)
	return []contractList{
		{"model-compression", filepath.Join("..", "..", "data", "model-compression.md")},
		{"deep-rl", filepath.Join(dir, "deep-rl.md")},
		{"readings", filepath.Join(dir, "readings.txt")},
		{"submodular-thesis", filepath.Join(dir, "submodular-thesis.bib")},
	}
}

// sharedListsDir is the shared reading-list corpus beside the repository
// (CI has it), or $CITEGRAPH_CORPUS.
func sharedListsDir(t *testing.T) string {
	dir := os.Getenv("CITEGRAPH_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "lists")
	}
	if _, err := os.Stat(filepath.Join(dir, "truth-deep-rl.json")); err != nil {
		t.Fatalf("cannot run: %v: the reading-list corpus lives in shared/lists beside the repository (CI has it); set CITEGRAPH_CORPUS", err)
	}
	return dir
}

var (
	contractRecsOnce sync.Once
	contractRecs     []contracttest.Record
	contractRecsErr  error
)

// contractRecords are the server's data: the sample corpus, and records
// made up for the papers of the shared lists' truth files.
func contractRecords(t *testing.T) []contracttest.Record {
	t.Helper()
	dir := sharedListsDir(t)
	contractRecsOnce.Do(func() {
		recs, err := contracttest.LoadJSONL(filepath.Join("..", "..", "fetch", "testdata", "s2-sample-corpus.jsonl"))
		if err != nil {
			contractRecsErr = err
			return
		}
		for _, name := range []string{"deep-rl", "readings", "submodular-thesis"} {
			ls, err := contracttest.LoadTruth(filepath.Join(dir, "truth-"+name+".json"))
			if err != nil {
				contractRecsErr = err
				return
			}
			recs = append(recs, contracttest.Synthesize(name, ls, recs...)...)
		}
		contractRecs = recs
	})
	if contractRecsErr != nil {
		t.Fatal(contractRecsErr)
	}
	return contractRecs
}

// contractKey is the API key the contract runs send and the server asks for.
const contractKey = "ck-7f3a9Q-never-shown"

// contractRun is one build against a contract server.
type contractRun struct {
	code   exitCode
	stderr string
	out    string // the output directory
	took   time.Duration
}

// runContract runs "citegraph build LIST --out DIR" (plus args) against
// srv, with the client on clk; cache is the cache file (shared by reruns).
func runContract(t *testing.T, ctx context.Context, srv *contracttest.Server, clk *contracttest.Clock, list, out, cache string, args ...string) contractRun {
	t.Helper()
	hook := func(c *fetch.Client) {
		c.Now, c.Sleep = clk.Now, clk.Sleep
	}
	argv := append([]string{"build", list, "--out", out, "--cache", cache, "--api-url", srv.URL, "--api-key", contractKey}, args...)
	start := clk.Now()
	code, stderr := runCLI(ctx, hook, argv...)
	return contractRun{code: code, stderr: stderr, out: out, took: clk.Now().Sub(start)}
}

// outcome is what a run found, for comparing runs: each entry's line,
// status and id, the citation edges, the lists unavailable, and with
// --expand the suggestions.
type outcome struct {
	Entries     []string
	Edges       []string
	Unavailable []string
	Suggestions []string
}

func readOutcome(t *testing.T, dir string) outcome {
	t.Helper()
	var o outcome
	var res []struct {
		Line   int    `json:"line"`
		Status string `json:"status"`
		ID     string `json:"id"`
		Avail  *bool  `json:"referencesAvailable"`
	}
	readJSON(t, filepath.Join(dir, "resolution.json"), &res)
	for _, r := range res {
		avail := "?"
		if r.Avail != nil {
			avail = fmt.Sprint(*r.Avail)
		}
		o.Entries = append(o.Entries, fmt.Sprintf("%d %s %s refs:%s", r.Line, r.Status, r.ID, avail))
	}
	var g struct {
		Edges []struct {
			Source string `json:"source"`
			Target string `json:"target"`
		} `json:"edges"`
		Unavailable []string `json:"referencesUnavailable"`
	}
	readJSON(t, filepath.Join(dir, "graph.json"), &g)
	for _, e := range g.Edges {
		o.Edges = append(o.Edges, e.Source+" -> "+e.Target)
	}
	slices.Sort(o.Edges)
	o.Unavailable = g.Unavailable
	var sugs []struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
	}
	readJSON(t, filepath.Join(dir, "suggestions.json"), &sugs)
	for _, s := range sugs {
		o.Suggestions = append(o.Suggestions, s.Kind+" "+s.ID)
	}
	slices.Sort(o.Suggestions)
	return o
}

// diffOutcome says how two outcomes differ ("" when equal).
func diffOutcome(got, want outcome) string {
	var b strings.Builder
	part := func(name string, g, w []string) {
		if slices.Equal(g, w) {
			return
		}
		gs, ws := map[string]bool{}, map[string]bool{}
		for _, x := range g {
			gs[x] = true
		}
		for _, x := range w {
			ws[x] = true
		}
		fmt.Fprintf(&b, "%s: %d, want %d;", name, len(g), len(w))
		n := 0
		for _, x := range g {
			if !ws[x] && n < 5 {
				fmt.Fprintf(&b, " +%q", x)
				n++
			}
		}
		for _, x := range w {
			if !gs[x] && n < 10 {
				fmt.Fprintf(&b, " -%q", x)
				n++
			}
		}
		b.WriteString("\n")
	}
	part("entries", got.Entries, want.Entries)
	part("edges", got.Edges, want.Edges)
	part("unavailable", got.Unavailable, want.Unavailable)
	part("suggestions", got.Suggestions, want.Suggestions)
	return b.String()
}

// checkContractRun fails the test when a run's exit code is not want, when its
// stderr shows log records or Go error chains, or when the API key shows
// in stderr, the output directory or the cache.
func checkContractRun(t *testing.T, r contractRun, want exitCode, cache string) {
	t.Helper()
	if r.code != want {
		t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, want, tail(r.stderr, 3000))
	}
	for _, bad := range []string{"level=", "fetch: ", "goroutine "} {
		if strings.Contains(r.stderr, bad) {
			t.Errorf("stderr shows %q:\n%s", bad, tail(r.stderr, 2000))
		}
	}
	leak := func(what string, b []byte) {
		if strings.Contains(string(b), contractKey) {
			t.Errorf("the API key appears in %s", what)
		}
	}
	leak("stderr", []byte(r.stderr))
	if b, err := os.ReadFile(cache); err == nil {
		leak("the cache", b)
	}
	filepath.WalkDir(r.out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			leak(p, b)
		}
		return nil
	})
}

// checkNoRepeat fails the test for every request the server answered in
// full more than once.
func checkNoRepeat(t *testing.T, srv *contracttest.Server) {
	t.Helper()
	for k, n := range srv.Repeats() {
		t.Errorf("answered %d times: %.300s", n, k)
	}
}

var (
	faultFreeMu   sync.Mutex
	faultFreeRuns = map[string]outcome{}
)

// faultFree runs the list against a server without faults (once per list
// and arguments) and returns what it found.
func faultFree(t *testing.T, recs []contracttest.Record, list string, args ...string) outcome {
	t.Helper()
	faultFreeMu.Lock()
	defer faultFreeMu.Unlock()
	key := list + " " + strings.Join(args, " ")
	if o, ok := faultFreeRuns[key]; ok {
		return o
	}
	clk := contracttest.NewClock()
	srv := contracttest.New(t, recs, contracttest.Behaviour{Now: clk.Now, APIKey: contractKey})
	dir := t.TempDir()
	r := runContract(t, context.Background(), srv, clk, list, filepath.Join(dir, "out"), filepath.Join(dir, "s2.db"), args...)
	checkContractRun(t, r, exitOK, filepath.Join(dir, "s2.db"))
	faultFreeRuns[key] = readOutcome(t, r.out)
	return faultFreeRuns[key]
}

// strictCounting is the keyed API's limit as some gateways enforce it: one
// request a second across all endpoints, refused requests counted too.
func strictCounting(clk *contracttest.Clock) contracttest.Behaviour {
	return contracttest.Behaviour{APIKey: contractKey, MinInterval: time.Second, CountRefused: true, Now: clk.Now}
}

// TestContractMisbehaviours: against each misbehaviour the contract allows
// (and all of them at once at the strict limit), a build of the seed list
// with --expand, and builds of every list, finish with the same entries,
// ids, citation edges and suggestions as against a faultless server; no
// answer is asked for twice, and a second run makes no call.
func TestContractMisbehaviours(t *testing.T) {
	recs := contractRecords(t)
	all := func(clk *contracttest.Clock) contracttest.Behaviour {
		b := strictCounting(clk)
		b.P429, b.P5xx, b.PReset, b.PCut, b.PError200 = 0.04, 0.04, 0.04, 0.04, 0.04
		b.EmptyNestedEvery, b.LeadingHoles, b.MaxResponseBytes = 5, 1000, 60000
		b.Seed = 9
		return b
	}
	type tc struct {
		name string
		list contractList
		args []string
		b    func(*contracttest.Clock) contracttest.Behaviour
		// traits says the data differ from the faultless server's: only
		// the entries (and their ids) must be the same.
		traits bool
	}
	var cases []tc
	seed := contractLists(t)[0]
	for _, m := range []struct {
		name   string
		b      contracttest.Behaviour
		args   []string
		traits bool
	}{
		{name: "strict limit", b: contracttest.Behaviour{MinInterval: time.Second}},
		{name: "strict limit counting refusals", b: contracttest.Behaviour{MinInterval: time.Second, CountRefused: true}},
		{name: "random 429", b: contracttest.Behaviour{P429: 0.2, Seed: 1}},
		{name: "5xx", b: contracttest.Behaviour{P5xx: 0.2, Seed: 2}},
		{name: "resets at the strict limit", b: contracttest.Behaviour{MinInterval: time.Second, CountRefused: true, PReset: 0.2, Seed: 3}},
		{name: "cut bodies", b: contracttest.Behaviour{PCut: 0.2, Seed: 4}},
		// Slower than --timeout, which is long enough for any other answer
		// on a loaded machine (a request timed out after its answer was
		// sent would be asked again).
		{name: "slow first byte", b: contracttest.Behaviour{PSlow: 0.02, SlowDelay: 2500 * time.Millisecond, Seed: 5}, args: []string{"--timeout", "2s"}},
		{name: "200 with an error", b: contracttest.Behaviour{PError200: 0.2, Seed: 6}},
		{name: "empty nested references", b: contracttest.Behaviour{EmptyNestedEvery: 3}},
		{name: "references left out", b: contracttest.Behaviour{Omit: []string{"references"}}},
		{name: "short pages", b: contracttest.Behaviour{PageCap: 3}},
		{name: "empty pages with next", b: contracttest.Behaviour{LeadingHoles: 1000}},
		{name: "size refusals", b: contracttest.Behaviour{MaxResponseBytes: 20000}},
		{name: "sparse records", b: contracttest.Behaviour{SparseFields: true}, traits: true},
		{name: "unresolved references", b: contracttest.Behaviour{NullRefIDs: true}, traits: true},
		{name: "withheld references", b: contracttest.Behaviour{WithholdEvery: 4}, traits: true},
	} {
		cases = append(cases, tc{name: seed.name + " --expand: " + m.name, list: seed, args: append([]string{"--expand"}, m.args...), traits: m.traits,
			b: func(clk *contracttest.Clock) contracttest.Behaviour {
				b := m.b
				b.APIKey, b.Now = contractKey, clk.Now
				return b
			}})
	}
	for _, l := range contractLists(t) {
		cases = append(cases, tc{name: l.name + ": all at once", list: l, b: all},
			tc{name: l.name + " --expand: all at once", list: l, args: []string{"--expand"}, b: all})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := faultFree(t, recs, c.list.path, c.args...)
			clk := contracttest.NewClock()
			b := c.b(clk)
			srv := contracttest.New(t, recs, b)
			dir := t.TempDir()
			cache := filepath.Join(dir, "s2.db")
			args := c.args
			r := runContract(t, context.Background(), srv, clk, c.list.path, filepath.Join(dir, "out"), cache, args...)
			checkContractRun(t, r, exitOK, cache)
			got := readOutcome(t, r.out)
			if c.traits {
				got.Edges, got.Unavailable, got.Suggestions = nil, nil, nil
				w := want
				w.Edges, w.Unavailable, w.Suggestions = nil, nil, nil
				for i := range got.Entries { // references may be unavailable
					got.Entries[i], _, _ = strings.Cut(got.Entries[i], " refs:")
					w.Entries = slices.Clone(w.Entries)
					w.Entries[i], _, _ = strings.Cut(w.Entries[i], " refs:")
				}
				if d := diffOutcome(got, w); d != "" {
					t.Errorf("differs from a faultless run:\n%s", d)
				}
			} else if d := diffOutcome(got, want); d != "" {
				t.Errorf("differs from a faultless run:\n%s", d)
			}
			checkNoRepeat(t, srv)
			faults := srv.Count(func(c contracttest.Call) bool { return c.Fault != "" && c.Fault != "rate" })
			if b.P429+b.P5xx+b.PReset+b.PCut+b.PSlow+b.PError200 > 0 && faults == 0 {
				t.Error("no fault came: the case tests nothing")
			}
			t.Logf("%d requests, %d faults, %d refused by the rate limit", len(srv.Calls()), faults, srv.Count(func(c contracttest.Call) bool { return c.Fault == "rate" }))
			srv.ResetLog()
			r2 := runContract(t, context.Background(), srv, clk, c.list.path, filepath.Join(dir, "again"), cache, args...)
			checkContractRun(t, r2, exitOK, cache)
			if n := len(srv.Calls()); n > 0 {
				t.Errorf("the second run made %d calls; want none", n)
			}
		})
	}
}

// TestContractStrictLimit: against a server that lets through exactly one
// request a second and counts refused requests too, a cold build at the
// default --rps 1 takes at most 1.1 times the floor (one second between
// successive requests) and is refused at most once, on every list, with and
// without --expand (on a fake clock shared by client and server).
func TestContractStrictLimit(t *testing.T) {
	recs := contractRecords(t)
	for _, l := range contractLists(t) {
		for _, args := range [][]string{nil, {"--expand"}} {
			t.Run(strings.TrimSpace(l.name+" "+strings.Join(args, " ")), func(t *testing.T) {
				clk := contracttest.NewClock()
				srv := contracttest.New(t, recs, strictCounting(clk))
				dir := t.TempDir()
				cache := filepath.Join(dir, "s2.db")
				r := runContract(t, context.Background(), srv, clk, l.path, filepath.Join(dir, "out"), cache, append([]string{"--rps", "1"}, args...)...)
				checkContractRun(t, r, exitOK, cache)
				calls := len(srv.Calls())
				refused := srv.Count(func(c contracttest.Call) bool { return c.Fault == "rate" })
				floor := time.Duration(calls-1) * time.Second
				ratio := r.took.Seconds() / floor.Seconds()
				t.Logf("%d requests in %s: %.3f times the floor, %d refused", calls, r.took, ratio, refused)
				if refused > 1 || ratio > 1.1 {
					t.Errorf("%d requests in %s (%.3f times the floor %s), %d refused; want at most 1.1 times and at most one refusal", calls, r.took, ratio, floor, refused)
				}
				checkNoRepeat(t, srv)
			})
		}
	}
}

// TestContractInterrupt: a build interrupted at any point (here after a
// few, some and many answers, one of them on its way), against a server at
// the strict limit that fails now and then, resumes when run again: the
// rerun asks for nothing the first run was answered, and finds what an
// uninterrupted run finds.
func TestContractInterrupt(t *testing.T) {
	recs := contractRecords(t)
	lists := contractLists(t)
	for _, tt := range []struct {
		list  contractList
		after int
	}{{lists[0], 1}, {lists[0], 30}, {lists[0], 70}, {lists[2], 40}, {lists[3], 100}} {
		t.Run(fmt.Sprintf("%s after %d", tt.list.name, tt.after), func(t *testing.T) {
			want := faultFree(t, recs, tt.list.path, "--expand")
			clk := contracttest.NewClock()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			n := 0
			b := strictCounting(clk)
			b.P5xx, b.PReset, b.Seed = 0.1, 0.05, 3
			b.OnCall = func(contracttest.Call) { // before the answer leaves
				mu.Lock()
				defer mu.Unlock()
				if n++; n == tt.after {
					cancel()
				}
			}
			srv := contracttest.New(t, recs, b)
			dir := t.TempDir()
			cache := filepath.Join(dir, "s2.db")
			r1 := runContract(t, ctx, srv, clk, tt.list.path, filepath.Join(dir, "out"), cache, "--expand")
			checkContractRun(t, r1, exitInterrupted, cache)
			if !strings.Contains(r1.stderr, "run the same command again to resume") {
				t.Errorf("the interrupted run does not say how to resume:\n%s", tail(r1.stderr, 500))
			}
			b.OnCall = nil
			rerunHealed(t, srv, b, clk, tt.list.path, dir, want)
		})
	}
}

// rerunHealed runs the build of list with --expand again, into dir's out
// and with dir's cache, against srv behaving as b now: it must succeed and
// find want, and srv must never have answered a request twice, across both
// runs.
func rerunHealed(t *testing.T, srv *contracttest.Server, b contracttest.Behaviour, clk *contracttest.Clock, list, dir string, want outcome) {
	t.Helper()
	srv.SetBehaviour(b)
	cache := filepath.Join(dir, "s2.db")
	r := runContract(t, context.Background(), srv, clk, list, filepath.Join(dir, "out"), cache, "--expand")
	checkContractRun(t, r, exitOK, cache)
	if d := diffOutcome(readOutcome(t, r.out), want); d != "" {
		t.Errorf("the rerun differs from a faultless run:\n%s", d)
	}
	checkNoRepeat(t, srv)
}

// TestContractLost: requests the server never answers (every try a 500)
// lose their entries, citation lists or records: the build writes the rest,
// says how many were lost and that running it again retries only those,
// and exits 3; when nothing at all could be resolved it writes nothing,
// says the same and exits 1. Run again against a server that has healed,
// it finds what a faultless run finds and asks for nothing twice.
func TestContractLost(t *testing.T) {
	recs := contractRecords(t)
	failSome := func(c contracttest.Call) bool {
		h := crc32.ChecksumIEEE([]byte(c.Key))
		switch c.Endpoint {
		case "match":
			return h%7 == 3
		case "citations":
			return h%5 == 2
		case "batch":
			return h%3 == 1
		}
		return false
	}
	failBatches := func(c contracttest.Call) bool { return c.Endpoint == "batch" }
	lists := contractLists(t)
	for _, tt := range []struct {
		name string
		list contractList
		fail func(contracttest.Call) bool
		code exitCode
	}{
		{"some", lists[1], failSome, exitPartial},
		{"some", lists[3], failSome, exitPartial},
		{"every batch", lists[0], failBatches, exitError},
	} {
		t.Run(tt.list.name+": "+tt.name, func(t *testing.T) {
			want := faultFree(t, recs, tt.list.path, "--expand")
			clk := contracttest.NewClock()
			b := strictCounting(clk)
			b.Fail = tt.fail
			srv := contracttest.New(t, recs, b)
			dir := t.TempDir()
			cache := filepath.Join(dir, "s2.db")
			r1 := runContract(t, context.Background(), srv, clk, tt.list.path, filepath.Join(dir, "out"), cache, "--expand", "--max-tries", "3")
			checkContractRun(t, r1, tt.code, cache)
			for _, s := range []string{"lost to server errors", "Run the same command again to retry only those: the cache " + cache} {
				if !strings.Contains(r1.stderr, s) {
					t.Errorf("stderr does not say %q:\n%s", s, tail(r1.stderr, 800))
				}
			}
			b.Fail = nil
			rerunHealed(t, srv, b, clk, tt.list.path, dir, want)
		})
	}
}
