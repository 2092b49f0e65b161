package fetch

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// CacheEntry is one cached answer of the API: the validated body of a
// request's final answer (status 200, or 404 for "not found" answers) and
// when it was fetched. Key identifies the request (see Client); it never
// holds the API key.
type CacheEntry struct {
	Key     string
	Status  int
	Body    []byte
	Fetched time.Time
}

// Cache stores API answers by request key. Implementations must be safe for
// concurrent use. Put writes all its entries atomically: either all are
// stored or none.
type Cache interface {
	Get(key string) (CacheEntry, bool, error)
	Put(entries ...CacheEntry) error
}

// ErrCacheLocked is returned (wrapped) when another process held the cache
// file for longer than the cache waits for it (a few seconds): the other
// process holds it only while it reads or writes one answer, so this means
// it is stuck.
var ErrCacheLocked = errors.New("cache is locked by another process")

// ErrCacheDamaged is returned (wrapped) when the cache file is not a
// readable citegraph cache: truncated, corrupted, or another program's file.
// OpenCache reports it before a run starts; a DiskCache that finds damage
// later returns it from every call (the client then carries on without the
// cache, with a warning).
var ErrCacheDamaged = errors.New("cache file is damaged or not a citegraph cache")

// DiskCache is the on-disk Cache: one bbolt database file.
//
// bbolt (go.etcd.io/bbolt) is used because it is a single file, pure Go (no
// cgo, so the binary stays static and cross-compiles), and ACID: every Put
// is one transaction, committed with a copy-on-write B+tree and fsync, so a
// process killed at any instant (SIGKILL included) leaves the file at the
// last committed transaction, never torn. SQLite would bring cgo or a large
// transpiled driver for no gain here.
//
// Sharing: bbolt locks the file for as long as it is open (a shared lock
// for reading, an exclusive one for writing). A DiskCache therefore keeps
// the file open only for the duration of one call: each Get, Stats or
// Check opens it read-only, each Put or Clear opens it for writing, and
// each closes it again. So while one citegraph run fetches for minutes,
// "citegraph cache stats", "cache clear", an --offline run or a second run
// use the same file between its writes; a call waits for another process's
// call to finish (a few milliseconds) and gives up after a few seconds
// with an error wrapping ErrCacheLocked. Within a process, calls on one
// DiskCache run one at a time.
//
// Each answer is written as it arrives, so a run that dies loses nothing it
// had already been answered, and a rerun repeats no successful call.
//
// A damaged file never crashes the process: bbolt panics (or faults on its
// memory map) on some corruptions, and every DiskCache call turns that
// into an error wrapping ErrCacheDamaged; after the first, the DiskCache
// refuses further calls.
type DiskCache struct {
	path    string
	mu      sync.Mutex // one open handle at a time: file locks are per handle
	damaged atomic.Pointer[error]
}

// CacheStats describes a DiskCache.
type CacheStats struct {
	Path    string
	Entries int
	Bytes   int64     // size of the file on disk
	Oldest  time.Time // fetch time of the oldest entry (zero if empty)
	Newest  time.Time // fetch time of the newest entry (zero if empty)
}

var cacheBucket = []byte("answers")

// cacheLockTimeout is how long a DiskCache call waits for another process's
// call on the same file.
var cacheLockTimeout = 5 * time.Second

// DefaultCachePath returns the default cache file,
// os.UserCacheDir()/citegraph/s2.db.
func DefaultCachePath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("fetch: default cache path: %w", err)
	}
	return filepath.Join(dir, "citegraph", "s2.db"), nil
}

// OpenCache opens (creating if needed) the cache file at path, creating its
// directory too, and checks that it is a citegraph cache. The file is not
// held open (see DiskCache).
//
// A file that is not a citegraph cache (damaged, truncated, or another
// program's, bbolt or not) gives an error wrapping ErrCacheDamaged, and the
// file is left as it was. A new or empty file becomes a cache.
func OpenCache(path string) (*DiskCache, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("fetch: open cache: %w (use --cache PATH or --no-cache)", err)
		}
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("fetch: open cache %s: is a directory (use --cache PATH or --no-cache)", path)
	}
	d := &DiskCache{path: path}
	err := d.open(true, func(db *bolt.DB) error {
		return db.Update(func(tx *bolt.Tx) error {
			if tx.Bucket(cacheBucket) == nil {
				foreign := false
				_ = tx.ForEach(func([]byte, *bolt.Bucket) error { foreign = true; return nil })
				if foreign {
					return fmt.Errorf("%w: a bbolt database of another program", ErrCacheDamaged)
				}
			}
			_, err := tx.CreateBucketIfNotExists(cacheBucket)
			return err
		})
	})
	if err != nil {
		return nil, openError(path, err)
	}
	return d, nil
}

// OpenExistingCache opens the cache file at path like OpenCache, but never
// creates anything: a missing file gives an error wrapping fs.ErrNotExist.
// It is for reading and clearing a cache ("citegraph cache stats").
func OpenExistingCache(path string) (*DiskCache, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, fmt.Errorf("fetch: open cache: %w", err)
	case fi.IsDir():
		return nil, fmt.Errorf("fetch: open cache %s: is a directory", path)
	}
	d := &DiskCache{path: path}
	err = d.open(false, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			if tx.Bucket(cacheBucket) == nil {
				return fmt.Errorf("%w: no citegraph answers in this bbolt database", ErrCacheDamaged)
			}
			return nil
		})
	})
	if err != nil {
		return nil, openError(path, err)
	}
	return d, nil
}

// openError words a failure to open the cache for the user.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, ErrCacheLocked):
		return fmt.Errorf("fetch: open cache %s: %w (another citegraph has held it for %s: wait for it, or use --cache PATH or --no-cache)", path, ErrCacheLocked, cacheLockTimeout)
	case errors.Is(err, ErrCacheDamaged):
		return fmt.Errorf("fetch: open cache %s: %w: move the file away or delete it, or use --cache PATH or --no-cache", path, err)
	}
	return fmt.Errorf("fetch: open cache %s: %w (use --cache PATH or --no-cache)", path, err)
}

// open opens the file (for writing, or read-only), runs f under guard and
// closes the file, releasing its lock. bbolt's errors for a file that is
// not a database become ErrCacheDamaged, a lock held too long
// ErrCacheLocked.
func (d *DiskCache) open(write bool, f func(*bolt.DB) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var db *bolt.DB
	err := guard(func() error {
		var err error
		db, err = bolt.Open(d.path, 0o600, &bolt.Options{Timeout: cacheLockTimeout, ReadOnly: !write})
		if err != nil {
			return err
		}
		return f(db)
	})
	if db != nil {
		if cerr := guard(db.Close); err == nil {
			err = cerr
		}
	}
	switch {
	case err == nil, errors.Is(err, ErrCacheDamaged):
	case errors.Is(err, berrors.ErrTimeout):
		err = fmt.Errorf("%w (waited %s)", ErrCacheLocked, cacheLockTimeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch),
		errors.Is(err, berrors.ErrChecksum), strings.Contains(err.Error(), "file size too small"):
		err = fmt.Errorf("%w (%v)", ErrCacheDamaged, err)
	}
	return err
}

// guard runs f, turning a panic or a memory fault (bbolt's reaction to
// some damaged files) into an error wrapping ErrCacheDamaged.
func guard(f func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%v)", ErrCacheDamaged, r)
		}
	}()
	return f()
}

// do runs a database operation; damage found once is reported by every
// later call without touching the file again.
func (d *DiskCache) do(write bool, f func(*bolt.DB) error) error {
	if p := d.damaged.Load(); p != nil {
		return *p
	}
	err := d.open(write, f)
	if errors.Is(err, ErrCacheDamaged) {
		d.damaged.CompareAndSwap(nil, &err)
	}
	return err
}

func (d *DiskCache) view(fn func(*bolt.Tx) error) error {
	return d.do(false, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			if tx.Bucket(cacheBucket) == nil {
				return fmt.Errorf("%w: its answers are gone", ErrCacheDamaged)
			}
			return fn(tx)
		})
	})
}

func (d *DiskCache) update(fn func(*bolt.Tx) error) error {
	return d.do(true, func(db *bolt.DB) error {
		return db.Update(func(tx *bolt.Tx) error {
			if _, err := tx.CreateBucketIfNotExists(cacheBucket); err != nil {
				return err
			}
			return fn(tx)
		})
	})
}

// Path returns the cache file's path.
func (d *DiskCache) Path() string { return d.path }

// Get returns the entry stored under key.
func (d *DiskCache) Get(key string) (CacheEntry, bool, error) {
	var e CacheEntry
	var found bool
	err := d.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(cacheBucket).Get([]byte(key))
		if v == nil {
			return nil
		}
		var err error
		e, err = decodeCacheValue(key, v)
		found = err == nil
		return err
	})
	if err != nil {
		return CacheEntry{}, false, fmt.Errorf("fetch: cache get: %w", err)
	}
	return e, found, nil
}

// Put stores entries in one transaction, replacing earlier ones.
func (d *DiskCache) Put(entries ...CacheEntry) error {
	if len(entries) == 0 {
		return nil
	}
	err := d.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(cacheBucket)
		for _, e := range entries {
			if e.Key == "" {
				return errors.New("empty key")
			}
			if err := b.Put([]byte(e.Key), encodeCacheValue(e)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("fetch: cache put: %w", err)
	}
	return nil
}

// Stats counts the entries and reports the file size and date range.
func (d *DiskCache) Stats() (CacheStats, error) {
	st := CacheStats{Path: d.path}
	err := d.view(func(tx *bolt.Tx) error {
		st.Bytes = tx.Size()
		return tx.Bucket(cacheBucket).ForEach(func(k, v []byte) error {
			e, err := decodeCacheValue(string(k), v)
			if err != nil {
				return err
			}
			st.Entries++
			if st.Oldest.IsZero() || e.Fetched.Before(st.Oldest) {
				st.Oldest = e.Fetched
			}
			if e.Fetched.After(st.Newest) {
				st.Newest = e.Fetched
			}
			return nil
		})
	})
	if err != nil {
		return st, fmt.Errorf("fetch: cache stats: %w", err)
	}
	return st, nil
}

// Clear removes every entry. The file keeps its size; bbolt reuses the
// freed pages.
func (d *DiskCache) Clear() error {
	err := d.update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(cacheBucket); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return err
		}
		_, err := tx.CreateBucket(cacheBucket)
		return err
	})
	if err != nil {
		return fmt.Errorf("fetch: cache clear: %w", err)
	}
	return nil
}

// Check verifies the file's page structure and decodes every entry,
// returning the first problem found.
func (d *DiskCache) Check() error {
	err := d.view(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() { // drain: the checker runs until done
			if first == nil {
				first = err
			}
		}
		if first != nil {
			return first
		}
		return tx.Bucket(cacheBucket).ForEach(func(k, v []byte) error {
			_, err := decodeCacheValue(string(k), v)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("fetch: cache check %s: %w", d.path, err)
	}
	return nil
}

// Close ends the use of the cache. The file is never held open between
// calls, so there is nothing to release; Close is there for callers that
// treat a cache as a resource, and calls after it still work.
func (d *DiskCache) Close() error { return nil }

// Stored value layout: version byte, fetch time (unix ns, big endian),
// status (uint16), body.
const (
	cacheValueVersion = 1
	cacheHeaderLen    = 1 + 8 + 2
)

func encodeCacheValue(e CacheEntry) []byte {
	v := make([]byte, cacheHeaderLen, cacheHeaderLen+len(e.Body))
	v[0] = cacheValueVersion
	binary.BigEndian.PutUint64(v[1:9], uint64(e.Fetched.UnixNano()))
	binary.BigEndian.PutUint16(v[9:11], uint16(e.Status))
	return append(v, e.Body...)
}

func decodeCacheValue(key string, v []byte) (CacheEntry, error) {
	if len(v) < cacheHeaderLen || v[0] != cacheValueVersion {
		return CacheEntry{}, fmt.Errorf("corrupt entry %.80q", key)
	}
	return CacheEntry{
		Key:     key,
		Status:  int(binary.BigEndian.Uint16(v[9:11])),
		Fetched: time.Unix(0, int64(binary.BigEndian.Uint64(v[1:9]))),
		Body:    append([]byte(nil), v[cacheHeaderLen:]...),
	}, nil
}
