package fetch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citegraph/citegraph/fetch"
	"github.com/citegraph/citegraph/fetch/fetchtest"
)

// goodCacheBytes returns the bytes of a closed cache file holding 3000
// entries of 600 bytes (several MB, many pages).
func goodCacheBytes(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "good.db")
	d, err := fetch.OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	var es []fetch.CacheEntry
	for i := range 3000 {
		es = append(es, fetch.CacheEntry{Key: fmt.Sprintf("GET /paper/%d", i), Status: 200, Body: bytes.Repeat([]byte{'x'}, 600), Fetched: time.Unix(1700000000, 0)})
	}
	if err := d.Put(es...); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDamagedCacheFiles opens files that are not (or no longer) a citegraph
// cache: each gives an error wrapping ErrCacheDamaged that names the file
// and says what to do, never a panic, and a foreign file is left as it was.
func TestDamagedCacheFiles(t *testing.T) {
	good := goodCacheBytes(t)
	garbled := append([]byte(nil), good...)
	for i := 3 * 4096; i < len(garbled); i += 7 {
		garbled[i] ^= 0x5a
	}
	foreign := func(path string) {
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("their-settings"))
			if err != nil {
				return err
			}
			return b.Put([]byte("theme"), []byte("dark"))
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	tests := []struct {
		name  string
		write func(path string)
		// openOK: the damage may only show on use (bbolt reads pages
		// lazily); all of these show it at open (bbolt 1.4 reads the
		// freelist then), which the test pins down.
		openOK bool
	}{
		{"text file", func(p string) { os.WriteFile(p, []byte("# my notes\nnot a database\n"), 0o600) }, false},
		{"sqlite file", func(p string) { os.WriteFile(p, append([]byte("SQLite format 3\x00"), make([]byte, 4080)...), 0o600) }, false},
		{"truncated to 5000 bytes", func(p string) { os.WriteFile(p, good[:5000], 0o600) }, false},
		{"truncated to two pages", func(p string) { os.WriteFile(p, good[:8192], 0o600) }, false},
		{"truncated to half", func(p string) { os.WriteFile(p, good[:len(good)/2], 0o600) }, false},
		{"garbled pages", func(p string) { os.WriteFile(p, garbled, 0o600) }, false},
		{"another program's bbolt file", foreign, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s2.db")
			tt.write(path)
			before, _ := os.ReadFile(path)
			d, err := fetch.OpenCache(path)
			if err == nil {
				if !tt.openOK {
					d.Close()
					t.Fatalf("OpenCache accepted it")
				}
				// Damage found on use is reported, by every later call too.
				defer d.Close()
				errs := []error{d.Check()}
				_, _, gerr := d.Get("GET /paper/17")
				errs = append(errs, gerr, d.Put(fetch.CacheEntry{Key: "k", Status: 200, Body: []byte("{}")}))
				if !errors.Is(errs[0], fetch.ErrCacheDamaged) && !strings.Contains(fmt.Sprint(errs[0]), "check") {
					t.Errorf("Check() = %v; want the damage reported", errs[0])
				}
				return
			}
			if !errors.Is(err, fetch.ErrCacheDamaged) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--no-cache") {
				t.Errorf("OpenCache: %v; want ErrCacheDamaged naming the file and the way out", err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("OpenCache changed a file it refused")
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		path := t.TempDir()
		if _, err := fetch.OpenCache(path); err == nil || !strings.Contains(err.Error(), "is a directory") {
			t.Errorf("OpenCache(dir) = %v; want a clear error", err)
		}
	})
	t.Run("empty file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "s2.db")
		os.WriteFile(path, nil, 0o600)
		d, err := fetch.OpenCache(path)
		if err != nil {
			t.Fatalf("an empty file (touched) should become a cache: %v", err)
		}
		d.Close()
	})
}

// brokenCache fails every call with ErrCacheDamaged, like a DiskCache
// whose file was damaged under it.
type brokenCache struct {
	mu         sync.Mutex
	gets, puts int
}

func (b *brokenCache) Get(string) (fetch.CacheEntry, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.gets++
	return fetch.CacheEntry{}, false, fmt.Errorf("fetch: cache get: %w (invalid page type)", fetch.ErrCacheDamaged)
}

func (b *brokenCache) Put(...fetch.CacheEntry) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.puts++
	return fmt.Errorf("fetch: cache put: %w", fetch.ErrCacheDamaged)
}

// TestDamagedCacheRunGoesOn: a cache that fails mid-run costs its help,
// not the run: every answer still comes from the API, with one warning.
func TestDamagedCacheRunGoesOn(t *testing.T) {
	srv := fetchtest.New(t, records(t), fetchtest.Options{})
	bc := new(brokenCache)
	c, logs := newClient(t, srv, bc)
	want, ids := batchFixture(t)
	got, err := c.Papers(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	checkPapers(t, got, want, ids, nil)
	for _, p := range want[:3] {
		if _, _, err := c.MatchTitle(context.Background(), p.Title); err != nil {
			t.Fatal(err)
		}
	}
	if bc.gets == 0 || bc.puts == 0 {
		t.Fatalf("cache not used: %d gets, %d puts", bc.gets, bc.puts)
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 || !strings.Contains(logs.String(), "the cache file is damaged") {
		t.Errorf("%d warnings; want one saying the cache is damaged:\n%s", n, logs)
	}
}
