package fetch

import "time"

// SetCacheLockTimeout changes how long OpenCache waits for another
// process's lock and returns a function restoring it (tests only).
func SetCacheLockTimeout(d time.Duration) (restore func()) {
	old := cacheLockTimeout
	cacheLockTimeout = d
	return func() { cacheLockTimeout = old }
}
