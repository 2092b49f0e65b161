package fetch_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citegraph/citegraph/fetch"
)

func TestDiskCacheRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "s2.db")
	d, err := fetch.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	entries := []fetch.CacheEntry{
		{Key: "GET /paper/a?fields=title", Status: 200, Body: []byte(`{"paperId":"a"}`), Fetched: t0},
		{Key: "GET /paper/search/match?query=x", Status: 404, Body: []byte(`{"error":"Title match not found"}`), Fetched: t0.Add(time.Hour)},
		{Key: "GET /paper/empty", Status: 200, Body: nil, Fetched: t0.Add(-time.Hour)},
	}
	if err := d.Put(entries...); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(fetch.CacheEntry{Status: 200}); err == nil {
		t.Error("Put with an empty key succeeded")
	}
	check := func(d *fetch.DiskCache) {
		t.Helper()
		for _, want := range entries {
			got, ok, err := d.Get(want.Key)
			if err != nil || !ok {
				t.Fatalf("Get(%q) = %v, %v", want.Key, ok, err)
			}
			if got.Key != want.Key || got.Status != want.Status || !bytes.Equal(got.Body, want.Body) || !got.Fetched.Equal(want.Fetched) {
				t.Errorf("Get(%q) = %+v; want %+v", want.Key, got, want)
			}
		}
		if _, ok, err := d.Get("GET /nothing"); ok || err != nil {
			t.Errorf("Get(missing) = %v, %v; want not found", ok, err)
		}
	}
	check(d)
	st, err := d.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Path != path || st.Entries != 3 || st.Bytes <= 0 || !st.Oldest.Equal(t0.Add(-time.Hour)) || !st.Newest.Equal(t0.Add(time.Hour)) {
		t.Errorf("Stats = %+v", st)
	}
	if err := d.Check(); err != nil {
		t.Error(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	d, err = fetch.OpenCache(path) // persisted
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	check(d)
	replaced := fetch.CacheEntry{Key: entries[0].Key, Status: 200, Body: []byte(`{"paperId":"b"}`), Fetched: t0.Add(2 * time.Hour)}
	if err := d.Put(replaced); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := d.Get(replaced.Key); string(got.Body) != `{"paperId":"b"}` {
		t.Errorf("after overwrite: %s", got.Body)
	}
	if err := d.Clear(); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Stats(); st.Entries != 0 {
		t.Errorf("after Clear: %d entries", st.Entries)
	}
	if _, ok, _ := d.Get(entries[1].Key); ok {
		t.Error("after Clear: entry still there")
	}
}

// TestDiskCacheStuckLockGivesClearError: a process that holds the file
// (here a bbolt handle kept open) for longer than the wait makes a call
// fail with ErrCacheLocked naming the file, instead of hanging.
func TestDiskCacheStuckLockGivesClearError(t *testing.T) {
	defer fetch.SetCacheLockTimeout(50 * time.Millisecond)()
	path := filepath.Join(t.TempDir(), "s2.db")
	d, err := fetch.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	stuck, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	if _, _, err := d.Get("k"); !errors.Is(err, fetch.ErrCacheLocked) {
		t.Errorf("Get under a stuck writer: err = %v; want ErrCacheLocked", err)
	}
	if _, err := fetch.OpenCache(path); !errors.Is(err, fetch.ErrCacheLocked) || !strings.Contains(err.Error(), path) {
		t.Errorf("OpenCache under a stuck writer: err = %v; want ErrCacheLocked naming the file", err)
	}
}

// TestDiskCacheTwoOpens: two DiskCaches on one file (as two processes have)
// both work, interleaved, writing and reading from several goroutines.
func TestDiskCacheTwoOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s2.db")
	a, err := fetch.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fetch.OpenCache(path)
	if err != nil {
		t.Fatalf("second open while the first is in use: %v", err)
	}
	var wg sync.WaitGroup
	for w, d := range []*fetch.DiskCache{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				key := fmt.Sprintf("w%d/%d", w, i)
				if err := d.Put(fetch.CacheEntry{Key: key, Status: 200, Body: []byte(key), Fetched: time.Now()}); err != nil {
					t.Errorf("put %s: %v", key, err)
					return
				}
				if _, err := d.Stats(); err != nil {
					t.Errorf("stats: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for w, d := range []*fetch.DiskCache{b, a} { // each reads the other's
		for i := range 50 {
			key := fmt.Sprintf("w%d/%d", 1-w, i)
			if e, ok, err := d.Get(key); err != nil || !ok || string(e.Body) != key {
				t.Errorf("get %s: %q, %t, %v", key, e.Body, ok, err)
			}
		}
	}
}

// TestDiskCacheReadWhileAnotherProcessWrites runs a child process that
// writes answers in a loop and, while it runs, opens the same file in this
// process: stats, reads of the child's answers, a write and a clear all
// work (the child holds the file only while it writes one answer).
func TestDiskCacheReadWhileAnotherProcessWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s2.db")
	if _, err := fetch.OpenCache(path); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDiskCacheSurvivesSIGKILL$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path, crashChildEnv+"_START=0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	sc := bufio.NewScanner(out)
	committed := 0
	for committed < 5 && sc.Scan() {
		if strings.HasPrefix(sc.Text(), "committed ") {
			committed++
		}
	}
	if committed < 5 {
		t.Fatalf("child committed %d answers, then stopped", committed)
	}
	go func() { // keep the pipe drained: the child goes on writing
		for sc.Scan() {
		}
	}()
	d, err := fetch.OpenExistingCache(path)
	if err != nil {
		t.Fatalf("open while another process writes: %v", err)
	}
	st, err := d.Stats()
	if err != nil || st.Entries < 5 {
		t.Errorf("stats while another process writes: %+v, %v", st, err)
	}
	if e, ok, err := d.Get("crash/0"); err != nil || !ok || !bytes.Equal(e.Body, crashBody(0)) {
		t.Errorf("get while another process writes: found %t, %v", ok, err)
	}
	if err := d.Put(fetch.CacheEntry{Key: "mine", Status: 200, Body: []byte("x"), Fetched: time.Now()}); err != nil {
		t.Errorf("put while another process writes: %v", err)
	}
	if err := d.Clear(); err != nil {
		t.Errorf("clear while another process writes: %v", err)
	}
}

// TestOpenExistingCacheCreatesNothing: a missing path is an error wrapping
// fs.ErrNotExist, and neither the file nor its directory appears.
func TestOpenExistingCacheCreatesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo", "s2.db")
	_, err := fetch.OpenExistingCache(path)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v; want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("OpenExistingCache created %s", filepath.Dir(path))
	}
}

func TestDefaultCachePath(t *testing.T) {
	dir, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	got, err := fetch.DefaultCachePath()
	if err != nil || got != filepath.Join(dir, "citegraph", "s2.db") {
		t.Errorf("DefaultCachePath() = %q, %v; want %q", got, err, filepath.Join(dir, "citegraph", "s2.db"))
	}
}

const crashChildEnv = "CITEGRAPH_TEST_CACHE_CRASH_CHILD"

// crashBody is entry i's content: 1 to 200 KB, so that a write spans many
// pages and a kill lands mid-write.
func crashBody(i int) []byte {
	h := sha256.Sum256([]byte(strconv.Itoa(i)))
	n := 1000 + (i*7919)%200_000
	return bytes.Repeat(h[:], n/len(h)+1)[:n]
}

// crashChild writes entries from start on, reporting each commit on
// stdout, until it is killed (or has written 100000 entries).
func crashChild(path string, start int) {
	d, err := fetch.OpenCache(path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	for i := start; i < start+100_000; i++ {
		e := fetch.CacheEntry{Key: fmt.Sprintf("crash/%d", i), Status: 200, Body: crashBody(i), Fetched: time.Now()}
		if err := d.Put(e); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Printf("committed %d\n", i) // unbuffered: the parent knows at once
	}
	os.Exit(0)
}

// TestDiskCacheSurvivesSIGKILL re-executes the test binary as a child that
// writes answers in a loop, kills it with SIGKILL mid-write, and checks the
// cache is consistent and holds every answer the child reported committed.
// Three rounds on the same file.
func TestDiskCacheSurvivesSIGKILL(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		start, _ := strconv.Atoi(os.Getenv(crashChildEnv + "_START"))
		crashChild(path, start)
		return
	}
	path := filepath.Join(t.TempDir(), "s2.db")
	var committed []int
	for round := range 3 {
		start := round * 1_000_000
		cmd := exec.Command(os.Args[0], "-test.run=^TestDiskCacheSurvivesSIGKILL$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path, crashChildEnv+"_START="+strconv.Itoa(start))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		want := 20 + 7*round
		n := 0
		for n < want && sc.Scan() {
			line := sc.Text()
			if s, ok := strings.CutPrefix(line, "committed "); ok {
				i, err := strconv.Atoi(s)
				if err != nil {
					t.Fatalf("child said %q", line)
				}
				committed = append(committed, i)
				n++
			} else if strings.HasPrefix(line, "error") {
				t.Fatalf("child: %s", line)
			}
		}
		if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
			t.Fatal(err)
		}
		err = cmd.Wait()
		if n < want {
			t.Fatalf("round %d: child reported %d commits, then ended (%v)", round, n, err)
		}
		if err == nil {
			t.Fatalf("round %d: child exited normally; want killed", round)
		}

		d, err := fetch.OpenCache(path)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		if err := d.Check(); err != nil {
			t.Errorf("round %d: %v", round, err)
		}
		for _, i := range committed {
			e, ok, err := d.Get(fmt.Sprintf("crash/%d", i))
			if err != nil || !ok || !bytes.Equal(e.Body, crashBody(i)) {
				t.Errorf("round %d: committed entry %d: found %t, err %v, intact %t", round, i, ok, err, bytes.Equal(e.Body, crashBody(i)))
			}
		}
		st, err := d.Stats()
		if err != nil || st.Entries < len(committed) {
			t.Errorf("round %d: stats %+v, %v; want ≥ %d entries", round, st, err, len(committed))
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
