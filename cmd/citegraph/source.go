package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
	"github.com/citegraph/citegraph/fetch"
)

// fetchOptions are the flags that choose and configure the paper source.
type fetchOptions struct {
	Source    string // "snapshot", "s2" or "" (default for the list)
	APIKey    string
	APIURL    string
	RPS       float64
	Timeout   time.Duration
	MaxTries  int
	CachePath string
	NoCache   bool
	Refresh   bool
	MaxAge    time.Duration
	Offline   bool
	Quiet     bool
	Verbose   bool

	// clientHook, when set, adjusts the live client before use (tests set
	// millisecond backoffs).
	clientHook func(*fetch.Client)
}

func (o *fetchOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.Source, "source", "", `where paper records come from: "snapshot" (the embedded Semantic Scholar snapshot) or "s2" (the live API); default snapshot for the embedded list, s2 otherwise`)
	f.StringVar(&o.APIKey, "api-key", "", "Semantic Scholar API key (default $S2_API_KEY); sent as x-api-key, never printed")
	f.StringVar(&o.APIURL, "api-url", "", "Semantic Scholar Graph API base URL (default $S2_API_URL or "+fetch.DefaultBaseURL+")")
	f.Float64Var(&o.RPS, "rps", 1, "maximum requests per second to the API (the keyed limit is 1)")
	f.DurationVar(&o.Timeout, "timeout", 30*time.Second, "timeout of one API request")
	f.IntVar(&o.MaxTries, "max-tries", 6, "tries per API request before the affected papers are reported unresolved")
	f.StringVar(&o.CachePath, "cache", "", "cache file (default "+defaultCacheHint()+")")
	f.BoolVar(&o.NoCache, "no-cache", false, "neither read nor write the cache")
	f.BoolVar(&o.Refresh, "refresh", false, "ignore cached answers and fetch again (the cache is updated)")
	f.DurationVar(&o.MaxAge, "max-age", 0, "treat cached answers older than this as missing (0: never expire)")
	f.BoolVar(&o.Offline, "offline", false, "never touch the network: answer from the cache only and report each miss")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print only errors")
	f.BoolVarP(&o.Verbose, "verbose", "v", false, "log every request and decision")
}

func defaultCacheHint() string {
	p, err := fetch.DefaultCachePath()
	if err != nil {
		return "the user cache directory"
	}
	return p
}

// validate checks the flags and fills defaults from the environment.
func (o *fetchOptions) validate(embedded bool) error {
	o.Source = strings.ToLower(o.Source)
	switch o.Source {
	case "":
		if embedded {
			o.Source = "snapshot"
		} else {
			o.Source = "s2"
		}
	case "snapshot", "s2":
	default:
		return usageErrorf("--source: want snapshot or s2, got %q", o.Source)
	}
	if !(o.RPS > 0) || math.IsInf(o.RPS, 1) {
		return usageErrorf("--rps must be positive, got %v", o.RPS)
	}
	if o.MaxTries < 1 {
		return usageErrorf("--max-tries must be at least 1, got %d", o.MaxTries)
	}
	if o.Timeout <= 0 {
		return usageErrorf("--timeout must be positive, got %v", o.Timeout)
	}
	if o.MaxAge < 0 {
		return usageErrorf("--max-age must not be negative")
	}
	if o.NoCache && o.Offline {
		return usageErrorf("--offline answers from the cache only: it cannot be combined with --no-cache")
	}
	if o.Quiet && o.Verbose {
		return usageErrorf("--quiet and --verbose exclude each other")
	}
	o.APIKey = strings.TrimSpace(o.APIKey)
	if o.APIKey == "" {
		o.APIKey = strings.TrimSpace(os.Getenv("S2_API_KEY"))
	}
	for _, r := range o.APIKey {
		if r < 0x21 || r > 0x7e {
			// Never echo the key: say only what is wrong with it.
			return usageErrorf("the API key (--api-key or S2_API_KEY) holds a space, control or non-ASCII character")
		}
	}
	switch {
	case o.APIURL != "":
		if err := checkAPIURL(o.APIURL); err != nil {
			return usageErrorf("--api-url %v", err)
		}
	case o.Source == "s2":
		// The environment's URL matters only to a run that asks the API.
		if o.APIURL = os.Getenv("S2_API_URL"); o.APIURL != "" {
			if err := checkAPIURL(o.APIURL); err != nil {
				return usageErrorf("S2_API_URL %v", err)
			}
		}
	}
	return nil
}

// checkAPIURL reports whether raw is an absolute http or https URL with a
// host and no user name or password, as the API's base URL must be. The
// error quotes raw only when it cannot hold a password.
func checkAPIURL(raw string) error {
	u, err := url.Parse(raw)
	if err == nil && u.User != nil {
		return errors.New("must not hold a user name or password: give the API key with --api-key or S2_API_KEY")
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		msg := "must be an http or https URL such as " + fetch.DefaultBaseURL
		if !strings.Contains(raw, "@") {
			msg += fmt.Sprintf(", got %q", raw)
		}
		return errors.New(msg)
	}
	return nil
}

// openedSource is a paper source ready for the resolver, with what the
// outputs say about it.
type openedSource struct {
	fetch.Source
	Extra    []*bib.Paper // records that enrich suggestions (the snapshot's)
	Desc     string
	Credit   string
	DataYear int

	client *fetch.Client
	cache  *fetch.DiskCache
	hook   atomic.Pointer[func()] // called after every request, see onRequest
	close  func() error
}

// Close releases the cache.
func (s *openedSource) Close() error {
	if s.close != nil {
		return s.close()
	}
	return nil
}

// Stats is a one-line progress detail: calls made and retries.
func (s *openedSource) Stats() string {
	if s.client == nil {
		return ""
	}
	st := s.client.Stats()
	return fmt.Sprintf("%d calls, %d cached, %d retries", st.Requests, st.CacheHits, st.Retries)
}

// StatsLine is the closing summary of network use, or "".
func (s *openedSource) StatsLine() string {
	if s.client == nil {
		return ""
	}
	line := "Semantic Scholar: " + s.Stats()
	if s.cache != nil {
		line += "; cache " + s.cache.Path()
	}
	return line
}

// onRequest makes f run after every request of the live client (nil: none).
func (s *openedSource) onRequest(f func()) {
	if s.client == nil {
		return
	}
	s.hook.Store(&f)
}

// Refused returns why the source refuses every request (a refused API key,
// an address that is not the API), or nil.
func (s *openedSource) Refused() error {
	if s.client == nil {
		return nil
	}
	return s.client.Refused()
}

// CachePath returns the cache file in use, or "" without a cache.
func (s *openedSource) CachePath() string {
	if s.cache == nil {
		return ""
	}
	return s.cache.Path()
}

// ResumeHint tells the user how to resume an interrupted run.
func (s *openedSource) ResumeHint() string {
	if s.client == nil {
		return "the snapshot is read locally: a rerun starts over, with no network"
	}
	if s.cache == nil {
		return "nothing was cached (--no-cache): a rerun starts over"
	}
	return "every answer received is in the cache " + s.cache.Path() + ": run the same command again to resume"
}

// openSource opens the source the options name.
func openSource(ctx context.Context, o *fetchOptions, embedded bool, logger *slog.Logger, s *streams) (*openedSource, error) {
	if o.Source == "snapshot" {
		snap := fetch.DefaultSnapshot()
		return &openedSource{
			Source:   snap,
			Extra:    snap.All(),
			Desc:     "the Semantic Scholar snapshot of " + data.SnapshotDate + " (embedded)",
			Credit:   data.Credit,
			DataYear: data.SnapshotYear,
		}, nil
	}
	c := &fetch.Client{
		BaseURL:  o.APIURL,
		APIKey:   fetch.Secret(o.APIKey),
		RPS:      o.RPS,
		Timeout:  o.Timeout,
		MaxTries: o.MaxTries,
		Offline:  o.Offline,
		Refresh:  o.Refresh,
		MaxAge:   o.MaxAge,
		Logger:   logger,
	}
	if o.clientHook != nil {
		o.clientHook(c)
	}
	src := &openedSource{
		Source:   c,
		client:   c,
		Desc:     "the Semantic Scholar API",
		Credit:   "Data: Semantic Scholar (semanticscholar.org), fetched " + time.Now().UTC().Format("2006-01-02"),
		DataYear: time.Now().UTC().Year(),
	}
	prev := c.OnRequest // a clientHook's, kept
	c.OnRequest = func(info fetch.RequestInfo) {
		if prev != nil {
			prev(info)
		}
		if f := src.hook.Load(); f != nil && *f != nil {
			(*f)()
		}
	}
	if o.Offline {
		src.Desc = "the Semantic Scholar API's answers cached earlier (offline)"
	}
	if !o.NoCache {
		path := o.CachePath
		if path == "" {
			p, err := fetch.DefaultCachePath()
			if err != nil {
				return nil, fmt.Errorf("finding the cache directory (use --cache PATH or --no-cache): %w", err)
			}
			path = p
		}
		// Runs that share a cache share the rate limit too: back-to-back
		// or parallel runs keep --rps together.
		c.PaceFile = path + ".pace"
		cache, err := fetch.OpenCache(path)
		switch {
		case errors.Is(err, fetch.ErrCacheDamaged) && !o.Offline:
			// A damaged file is left as it is for the user to inspect; the
			// run goes on without a cache rather than dying.
			fmt.Fprintf(s.ErrOut, "citegraph: warning: %s; going on without a cache\n", stripPrefixes(err.Error()))
		case err != nil:
			return nil, err
		default:
			c.Cache = cache
			src.cache = cache
			src.close = cache.Close
		}
	}
	return src, nil
}

// listRunE is the RunE of a command that takes an optional LIST: it records
// the list's path, checks the fetch flags (whose defaults depend on whether
// the embedded list is used) and runs do.
func listRunE(listPath *string, fo *fetchOptions, do func(context.Context) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 1 {
			*listPath = args[0]
		}
		if err := fo.validate(*listPath == ""); err != nil {
			return err
		}
		return do(cmd.Context())
	}
}
