package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// newLogger returns the logger for diagnostics. With --verbose every record
// goes to stderr; otherwise no record is printed (the run says what went
// wrong in its own words: unresolved entries with file and line, lost
// entries, BibTeX warnings), and warnings and errors are only counted
// (runLog.Warnings), so the summary can point at -v.
func newLogger(s *streams, quiet, verbose bool) *runLog {
	l := &runLog{}
	if verbose && !quiet {
		l.Logger = slog.New(slog.NewTextHandler(s.ErrOut, &slog.HandlerOptions{
			Level: slog.LevelDebug,
			ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey && len(groups) == 0 {
					return slog.Attr{} // keep log lines diffable
				}
				return a
			},
		}))
		l.verbose = true
		return l
	}
	l.Logger = slog.New(&countHandler{n: &l.warnings})
	return l
}

// runLog is a run's logger and what it counted.
type runLog struct {
	*slog.Logger
	verbose  bool
	warnings atomic.Int64
}

// Warnings returns how many warning or error records were not printed.
func (l *runLog) Warnings() int64 { return l.warnings.Load() }

// countHandler counts warning and error records and drops every record.
type countHandler struct{ n *atomic.Int64 }

func (h *countHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (h *countHandler) Handle(context.Context, slog.Record) error {
	h.n.Add(1)
	return nil
}
func (h *countHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countHandler) WithGroup(string) slog.Handler      { return h }

// progress reports resolution progress: a bar on a terminal, a plain line
// every few seconds on a pipe, nothing with --quiet.
type progress struct {
	w      io.Writer
	tty    bool
	quiet  bool
	desc   string
	stats  func() string // extra detail (calls, retries), may be nil
	mu     sync.Mutex
	bar    *progressbar.ProgressBar
	done   int
	total  int
	last   time.Time
	shown  int // done in the last line printed on a pipe, -1 before the first
	closed bool
	ctx    context.Context // updates stop when it is done (an interrupted run)
}

func newProgress(ctx context.Context, s *streams, quiet bool, desc string, stats func() string) *progress {
	return &progress{ctx: ctx, w: s.ErrOut, tty: s.ErrTTY, quiet: quiet, desc: desc, stats: stats, shown: -1}
}

func (p *progress) start(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = total
	p.last = time.Now()
	if p.quiet || !p.tty || total == 0 {
		return
	}
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(p.desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
	)
}

// update records that done of the total entries are resolved. It is safe
// for concurrent use.
func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(done, total)
}

// tick redraws with fresh detail (calls, retries) between entries: the
// client calls it on every request, so a long title-matching phase shows
// life. It is safe for concurrent use.
func (p *progress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(p.done, p.total)
}

func (p *progress) draw(done, total int) {
	if p.quiet || p.closed || (p.ctx != nil && p.ctx.Err() != nil) {
		return
	}
	p.done = done
	detail := ""
	if p.stats != nil {
		detail = p.stats()
	}
	if p.bar != nil {
		if total != p.total {
			p.total = total
			p.bar.ChangeMax(total)
		}
		if detail != "" {
			p.bar.Describe(p.desc + " (" + detail + ")")
		}
		_ = p.bar.Set(done)
		return
	}
	p.total = total
	final := done == total && total > 0
	if time.Since(p.last) >= 5*time.Second || (final && p.shown != done) {
		p.last, p.shown = time.Now(), done
		line := fmt.Sprintf("citegraph: %s %d/%d", p.desc, done, total)
		if detail != "" {
			line += " (" + detail + ")"
		}
		fmt.Fprintln(p.w, line)
	}
}

// finish clears the bar.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
		p.bar = nil
	}
}
