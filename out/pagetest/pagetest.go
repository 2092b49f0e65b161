// Package pagetest opens citegraph's index.html in a real browser for tests:
// Debian's chromium, headless, driven with github.com/chromedp/chromedp. A
// Page records what a page must never do: console errors, uncaught
// exceptions, dialogs (an alert that a hostile title ran), and requests to
// anything but file://.
//
// A test that uses it fails, never skips, when Chromium is missing: .ci/deps
// installs it (Debian package chromium). CHROMIUM names another executable.
package pagetest

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Flags are the command-line flags Chromium runs with: headless, no
// sandbox (tests run as root in CI), no GPU, and none of the background
// traffic (component updates, sync, QUIC probes, safe-browsing lists) a
// fresh profile starts, which a machine without internet refuses.
var Flags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
	"--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
}

// Executable returns the Chromium executable: $CHROMIUM, else chromium,
// chromium-browser or google-chrome on $PATH.
func Executable() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		exe, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("$CHROMIUM: %w", err)
		}
		return exe, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no chromium on $PATH (install Debian's chromium: bash .ci/deps, or set CHROMIUM)")
}

// Browser is a headless Chromium with a fresh profile, closed when the test
// ends.
type Browser struct {
	ctx context.Context
}

// Start starts Chromium. The test fails when it cannot.
func Start(t testing.TB) *Browser {
	t.Helper()
	exe, err := Executable()
	if err != nil {
		t.Fatalf("pagetest: %v", err)
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir())}
	for _, f := range Flags {
		name, val, ok := strings.Cut(strings.TrimPrefix(f, "--"), "=")
		if ok {
			opts = append(opts, chromedp.Flag(name, val))
		} else {
			opts = append(opts, chromedp.Flag(name, true))
		}
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		acancel()
	})
	// Start the browser now, so that a failure to start names itself.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("pagetest: cannot start %s: %v", exe, err)
	}
	return &Browser{ctx: ctx}
}

// Page is a browser tab and what the page in it did.
type Page struct {
	t   testing.TB
	ctx context.Context

	mu       sync.Mutex
	errors   []string // console errors, exceptions, log entries of level error
	warnings []string
	dialogs  []string
	requests []string
}

// Viewport is the size of the tab and the colour scheme it prefers.
type Viewport struct {
	Width, Height int64
	Mobile        bool // a phone: touch, meta viewport honoured
	Dark          bool // prefers-color-scheme: dark
	NoScript      bool // the page's scripts do not run (set when the tab opens)
}

// Desktop is a laptop's window; Phone a phone's screen.
var (
	Desktop = Viewport{Width: 1280, Height: 900}
	Phone   = Viewport{Width: 390, Height: 844, Mobile: true}
)

// Open opens a new tab of the size given and loads the file at path in it,
// waiting for the load event. Dialogs are dismissed and recorded.
func (b *Browser) Open(t testing.TB, path string, vp Viewport) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	p := &Page{t: t, ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			msg := string(ev.Type) + ": " + consoleText(ev.Args)
			switch ev.Type {
			case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert:
				p.errors = append(p.errors, "console."+msg)
			case runtime.ConsoleAPICalledTypeWarning:
				p.warnings = append(p.warnings, "console."+msg)
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text += " " + d.Exception.Description
			}
			p.errors = append(p.errors, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
		case *cdplog.EventEntryAdded:
			e := ev.Entry
			msg := fmt.Sprintf("log %s (%s): %s %s", e.Level, e.Source, e.Text, e.URL)
			switch e.Level {
			case cdplog.EntryLevelError:
				p.errors = append(p.errors, msg)
			case cdplog.EntryLevelWarning:
				p.warnings = append(p.warnings, msg)
			}
		case *page.EventJavascriptDialogOpening:
			p.dialogs = append(p.dialogs, string(ev.Type)+": "+ev.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		case *network.EventRequestWillBeSent:
			p.requests = append(p.requests, ev.Request.URL)
		}
	})
	if err != nil {
		t.Fatalf("pagetest: %v", err)
	}
	p.SetViewport(vp)
	if vp.NoScript {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("pagetest: %v", err)
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("pagetest: open %s: %v", u, err)
	}
	return p
}

func consoleText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// SetViewport sets the tab's size and colour scheme.
func (p *Page) SetViewport(vp Viewport) {
	p.t.Helper()
	scheme := "light"
	if vp.Dark {
		scheme = "dark"
	}
	var opts []chromedp.EmulateViewportOption
	if vp.Mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
	}
	err := chromedp.Do(p.ctx,
		chromedp.EmulateViewport(vp.Width, vp.Height, opts...),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}),
	)
	if err != nil {
		p.t.Fatalf("pagetest: viewport: %v", err)
	}
}

// Errors returns the console errors, uncaught exceptions and browser log
// errors (a refused request, a Content-Security-Policy violation) so far.
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// Warnings returns the console and browser log warnings so far.
func (p *Page) Warnings() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.warnings...)
}

// Dialogs returns the dialogs (alert, confirm, prompt) the page opened.
func (p *Page) Dialogs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.dialogs...)
}

// Requests returns the URL of every request the page made, the page's own
// included.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Do runs actions in the tab.
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("pagetest: %v", err)
	}
}

// Eval evaluates a JavaScript expression in the page (a promise is
// awaited) and decodes its JSON value into a T.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("pagetest: eval %.200s: %v", expr, err)
	}
	return v
}

// Hover moves the mouse onto the middle of the first element selector
// matches, scrolled into view, as a user's mouse would.
func (p *Page) Hover(selector string) {
	p.t.Helper()
	pt := Eval[[2]float64](p, fmt.Sprintf(`new Promise(resolve => {
		const el = document.querySelector(%q);
		el.scrollIntoView({block: 'center', inline: 'center'});
		// Let the scroll events pass before the mouse moves.
		requestAnimationFrame(() => requestAnimationFrame(() => {
			const r = el.getBoundingClientRect();
			resolve([r.left + r.width / 2, r.top + r.height / 2]);
		}));
	})`, selector))
	p.Do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, math.Round(pt[0]), math.Round(pt[1])))
	// Sections laid out as they come into view can move the element
	// after the scroll: follow it until the mouse is on it.
	for try := 0; ; try++ {
		at := Eval[[3]float64](p, fmt.Sprintf(`new Promise(resolve => requestAnimationFrame(() => {
			const el = document.querySelector(%q);
			const r = el.getBoundingClientRect();
			const x = r.left + r.width / 2, y = r.top + r.height / 2;
			resolve([el.contains(document.elementFromPoint(%g, %g)) ? 1 : 0, x, y]);
		}))`, selector, math.Round(pt[0]), math.Round(pt[1])))
		if at[0] == 1 {
			return
		}
		if try == 10 {
			p.t.Fatalf("pagetest: cannot move the mouse onto %s", selector)
		}
		pt = [2]float64{at[1], at[2]}
		p.Do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, math.Round(pt[0]), math.Round(pt[1])))
	}
}

// Key sends key presses to the focused element.
func (p *Page) Key(keys string) {
	p.t.Helper()
	p.Do(chromedp.KeyEvent(keys))
}

// Timing is how long the page took to open, from the start of navigation,
// as the browser's performance timing measures it.
type Timing struct {
	Load    time.Duration // the load event's end
	Painted time.Duration // the first frame drawn after the load event
	Bytes   int64         // size of the document as transferred
}

// Timing returns the page's load timing. Call it right after Open.
func (p *Page) Timing() Timing {
	p.t.Helper()
	v := Eval[[3]float64](p, `new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => {
		const nav = performance.getEntriesByType('navigation')[0];
		resolve([nav.loadEventEnd, performance.now(), nav.decodedBodySize]);
	})))`)
	ms := func(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }
	return Timing{Load: ms(v[0]), Painted: ms(v[1]), Bytes: int64(v[2])}
}

// Screenshot writes a PNG of the whole page to path.
func (p *Page) Screenshot(path string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("pagetest: screenshot: %v", err)
	}
	if len(png) > 0 && png[0] != 0x89 { // JPEG at quality < 100; keep PNG only
		p.t.Fatalf("pagetest: screenshot is not PNG")
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// ScreenshotElement writes a PNG of the first element selector matches,
// whole, however long. The element is scrolled into view first, so that
// the browser lays out what it skips off screen (content-visibility). On
// a very long page (600 papers) the capture beyond the screen comes out
// blank: use ScreenshotScreens there.
func (p *Page) ScreenshotElement(selector, path string) {
	p.t.Helper()
	// Sections laid out as they come into view move what follows them:
	// scroll again until the element stays at the top.
	Eval[bool](p, fmt.Sprintf(`new Promise(resolve => {
		const el = document.querySelector(%q);
		let tries = 0;
		const settle = () => {
			el.scrollIntoView();
			requestAnimationFrame(() => requestAnimationFrame(() => {
				if (Math.abs(el.getBoundingClientRect().top) < 1 || ++tries === 10) resolve(true);
				else settle();
			}));
		};
		settle();
	})`, selector))
	png, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS(selector)))
	if err != nil {
		p.t.Fatalf("pagetest: screenshot of %s: %v", selector, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// ScreenshotScreens writes PNGs of what the viewport shows from the top
// of the first element selector matches on, one screen at a time, at most
// screens of them: path-1.png, path-2.png, … (path without ".png"). On a
// phone's viewport this is what the reader sees; an element screenshot
// there leaves what lies beyond the screen blank.
func (p *Page) ScreenshotScreens(selector, path string, screens int) {
	p.t.Helper()
	for i := range screens {
		more := Eval[bool](p, fmt.Sprintf(`new Promise(resolve => {
			const el = document.querySelector(%q);
			if (%d === 0) el.scrollIntoView(); else window.scrollBy(0, window.innerHeight);
			requestAnimationFrame(() => requestAnimationFrame(() =>
				resolve(el.getBoundingClientRect().bottom > 0)));
		})`, selector, i))
		if !more {
			return
		}
		p.ScreenshotViewport(fmt.Sprintf("%s-%d.png", path, i+1))
	}
}

// ScreenshotViewport writes a PNG of what the viewport shows.
func (p *Page) ScreenshotViewport(path string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("pagetest: screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}
