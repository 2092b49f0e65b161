// Command rankbench times citegraph's graph core against python-igraph and
// networkx on Price-model citation graphs (graph/price, 10 citations per
// paper, seed 1), all in one run on the same machine, and prints the times,
// the ratios and the peak memory of each. It is what `make bench` runs:
//
//	go run ./graph/rankbench -sizes 10k,100k,1m -citegraph bin/citegraph
//
// Each measurement runs in a fresh process, one at a time: citegraph's
// steps (the code `citegraph rank` runs: graph/load.Read, then the
// Compact's PageRank, HITS and exact betweenness), the same steps in
// python-igraph and networkx (graph/testdata/reference.py bench), and the
// whole `citegraph rank --betweenness off` command, which also writes the
// rankings. Peak memory is the process's VmHWM after loading and ranking
// by PageRank and HITS (before betweenness), and its maximum resident set
// overall (getrusage). networkx's exact betweenness is measured on the
// smallest size only (it takes hours on the larger ones).
//
// On a shared machine times vary from run to run: citegraph and igraph are
// run -runs times each, alternately, and each step's best (smallest) time
// is reported; networkx, which takes minutes, runs once.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/citegraph/citegraph/graph"
	"github.com/citegraph/citegraph/graph/load"
	"github.com/citegraph/citegraph/graph/price"
)

// python is Debian's interpreter, which python3-igraph and python3-networkx
// install into.
const python = "/usr/bin/python3"

// timings is what one measured process reports (reference.py bench's JSON).
type timings struct {
	Load          float64  `json:"load"`
	PageRank      float64  `json:"pagerank"`
	HITS          float64  `json:"hits"`
	Betweenness   *float64 `json:"betweenness"`
	PeakAfterHITS int64    `json:"peak_after_hits"`
	Peak          int64    `json:"peak"`
	Wall          float64  `json:"-"` // the whole process
	CPU           float64  `json:"-"` // the whole process: user + system seconds
	MaxRSS        int64    `json:"-"` // getrusage
	Err           string   `json:"-"`
}

func main() {
	child := flag.String("child", "", "internal: time citegraph's steps on this edge list")
	childBC := flag.Bool("child-betweenness", false, "internal: with -child, time exact betweenness too")
	sizes := flag.String("sizes", "10k,100k,1m", "graph sizes (papers; 10 citations each), comma-separated")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "citegraph-bench"), "where to keep the generated graphs")
	bin := flag.String("citegraph", "bin/citegraph", "the citegraph binary, for the whole-command row")
	ref := flag.String("reference", "graph/testdata/reference.py", "the igraph/networkx script")
	runs := flag.Int("runs", 2, "runs of citegraph and igraph per size (the best time of each step counts)")
	flag.Parse()
	if *child != "" {
		if err := runChild(*child, *childBC); err != nil {
			fmt.Fprintln(os.Stderr, "rankbench:", err)
			os.Exit(1)
		}
		return
	}
	if err := runBench(*sizes, *dir, *bin, *ref, max(*runs, 1)); err != nil {
		fmt.Fprintln(os.Stderr, "rankbench:", err)
		os.Exit(1)
	}
}

// runChild times citegraph's steps and prints them as JSON.
func runChild(path string, betweenness bool) error {
	var t timings
	start := time.Now()
	g, err := load.Read(context.Background(), []string{path}, load.Options{})
	if err != nil {
		return err
	}
	t.Load = time.Since(start).Seconds()
	start = time.Now()
	g.PageRank(graph.Damping, graph.PageRankTol)
	t.PageRank = time.Since(start).Seconds()
	start = time.Now()
	g.HITS(graph.HITSTol)
	t.HITS = time.Since(start).Seconds()
	t.PeakAfterHITS = vmHWM()
	if betweenness {
		start = time.Now()
		if _, err := g.Betweenness(context.Background(), graph.BetweennessOptions{}); err != nil {
			return err
		}
		s := time.Since(start).Seconds()
		t.Betweenness = &s
	}
	t.Peak = vmHWM()
	return json.NewEncoder(os.Stdout).Encode(t)
}

// vmHWM is the process's peak resident set size, in bytes.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func parseSize(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	orig := s
	mult := 1
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1000, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "m"):
		mult, s = 1000000, strings.TrimSuffix(s, "m")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n*mult < 3 {
		return 0, fmt.Errorf("bad size %q (want e.g. 10k, 100k, 1m)", orig)
	}
	return n * mult, nil
}

func runBench(sizeList, dir, bin, ref string, runs int) error {
	var sizes []int
	for _, s := range strings.Split(sizeList, ",") {
		n, err := parseSize(s)
		if err != nil {
			return err
		}
		sizes = append(sizes, n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("# citegraph vs python-igraph vs networkx on Price-model graphs\n\n")
	fmt.Printf("%s, %d cores (GOMAXPROCS %d), %s; best of %d runs for citegraph and igraph, one for networkx; load average at start: %s\n",
		runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), versions(), runs, loadAvg())
	for i, n := range sizes {
		path, err := generate(dir, n)
		if err != nil {
			return err
		}
		smallest := i == 0
		for _, m := range sizes {
			smallest = smallest && n <= m
		}
		fmt.Printf("\n## %s papers, %s citations (%s)\n\n", human(n), human(n*10-55), path)
		var cg, ig timings
		for r := range runs {
			cg = best(cg, measure(exec.Command(self, "-child", path, "-child-betweenness"), true), r == 0)
			ig = best(ig, measure(exec.Command(python, ref, "bench", "igraph", path, "--betweenness"), true), r == 0)
		}
		nxArgs := []string{ref, "bench", "networkx", path}
		if smallest {
			nxArgs = append(nxArgs, "--betweenness")
		}
		nx := measure(exec.Command(python, nxArgs...), true)
		out, err := os.MkdirTemp(dir, "rank-out-")
		if err != nil {
			return err
		}
		whole := measure(exec.Command(bin, "rank", path, "--betweenness", "off", "-q", "--out", out), false)
		os.RemoveAll(out)
		table(cg, ig, nx, whole)
	}
	fmt.Printf("\nLoad average at the end: %s\n", loadAvg())
	return nil
}

// generate writes the Price-model graph of n papers as a TSV edge list in
// dir, unless it is there already, and returns its path.
func generate(dir string, n int) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("price-%d-10-seed1.tsv", n))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	price.Edges(n, 10, 1, func(u, v int) {
		buf = strconv.AppendInt(buf[:0], int64(u), 10)
		buf = append(buf, '\t')
		buf = strconv.AppendInt(buf, int64(v), 10)
		buf = append(buf, '\n')
		w.Write(buf)
	})
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// best keeps each step's smallest time and memory of two runs (t alone
// when first); a failed run counts only when all fail.
func best(b, t timings, first bool) timings {
	switch {
	case first:
		return t
	case t.Err != "":
		return b
	case b.Err != "":
		return t
	}
	b.Load, b.PageRank, b.HITS = min(b.Load, t.Load), min(b.PageRank, t.PageRank), min(b.HITS, t.HITS)
	if b.Betweenness != nil && t.Betweenness != nil {
		v := min(*b.Betweenness, *t.Betweenness)
		b.Betweenness = &v
	}
	b.PeakAfterHITS, b.Peak, b.MaxRSS = min(b.PeakAfterHITS, t.PeakAfterHITS), min(b.Peak, t.Peak), min(b.MaxRSS, t.MaxRSS)
	b.Wall, b.CPU = min(b.Wall, t.Wall), min(b.CPU, t.CPU)
	return b
}

// measure runs one process and collects its timings (when it prints
// them), wall time and maximum resident set.
func measure(cmd *exec.Cmd, reports bool) timings {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	var t timings
	t.Wall = time.Since(start).Seconds()
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			t.MaxRSS = ru.Maxrss << 10
		}
		t.CPU = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	if err != nil {
		t.Err = fmt.Sprintf("%v: %s", err, lastLine(stderr.String()))
		return t
	}
	if reports {
		if err := json.Unmarshal(stdout.Bytes(), &t); err != nil {
			t.Err = fmt.Sprintf("output: %v", err)
		}
	}
	return t
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// table prints one size's results.
func table(cg, ig, nx, whole timings) {
	for name, t := range map[string]timings{"citegraph": cg, "igraph": ig, "networkx": nx, "citegraph rank": whole} {
		if t.Err != "" {
			fmt.Printf("%s failed: %s\n\n", name, t.Err)
		}
	}
	fmt.Println("| step | citegraph | igraph | networkx | citegraph / igraph | citegraph / networkx |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: |")
	row := func(step string, f func(timings) (float64, bool), unit func(float64) string) {
		c, okc := f(cg)
		i, oki := f(ig)
		x, okx := f(nx)
		cell := func(v float64, ok bool) string {
			if !ok {
				return "–"
			}
			return unit(v)
		}
		ratio := func(a, b float64, oka, okb bool) string {
			if !oka || !okb || b == 0 {
				return "–"
			}
			return strconv.FormatFloat(a/b, 'g', 2, 64)
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", step, cell(c, okc), cell(i, oki), cell(x, okx), ratio(c, i, okc, oki), ratio(c, x, okc, okx))
	}
	ok := func(t timings) bool { return t.Err == "" }
	secs := func(v float64) string { return fmt.Sprintf("%.2f s", v) }
	gb := func(v float64) string { return fmt.Sprintf("%.2f GB", v/1e9) }
	row("load + build the graph", func(t timings) (float64, bool) { return t.Load, ok(t) }, secs)
	row("PageRank (L1 < 1e-12)", func(t timings) (float64, bool) { return t.PageRank, ok(t) }, secs)
	row("HITS", func(t timings) (float64, bool) { return t.HITS, ok(t) }, secs)
	row("betweenness (exact)", func(t timings) (float64, bool) {
		if t.Betweenness == nil {
			return 0, false
		}
		return *t.Betweenness, ok(t)
	}, secs)
	row("peak memory, load + PageRank + HITS", func(t timings) (float64, bool) {
		return float64(t.PeakAfterHITS), ok(t) && t.PeakAfterHITS > 0
	}, gb)
	row("peak memory, all steps", func(t timings) (float64, bool) { return float64(t.MaxRSS), ok(t) }, gb)
	row("CPU time, all steps (user + system)", func(t timings) (float64, bool) { return t.CPU, ok(t) }, secs)
	if whole.Err == "" {
		fmt.Printf("\n`citegraph rank --betweenness off` (reads, ranks, writes rankings.csv/.json/.md): %.2f s, peak memory %.2f GB\n",
			whole.Wall, float64(whole.MaxRSS)/1e9)
	}
}

// versions names the reference libraries' versions.
func versions() string {
	out, err := exec.Command(python, "-c", "import igraph, networkx; print('python-igraph', igraph.__version__, '/ networkx', networkx.__version__)").Output()
	if err != nil {
		return "python-igraph and networkx: " + err.Error()
	}
	return strings.TrimSpace(string(out))
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func human(n int) string {
	switch {
	case n >= 1000000 && n%100000 == 0:
		return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64) + "M"
	case n >= 1000 && n%100 == 0:
		return strconv.FormatFloat(float64(n)/1e3, 'f', -1, 64) + "k"
	}
	return strconv.Itoa(n)
}
