package out

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/goccy/go-graphviz"

	"github.com/citegraph/citegraph/out/internal/gvcache"
)

// go-graphviz is initialised by now (this package imports it): give the
// process its own temporary directory back (see package gvcache).
func init() { gvcache.Restore() }

// GraphvizCacheDir returns the directory that holds go-graphviz's compiled
// WebAssembly module, os.UserCacheDir()/citegraph/go-graphviz, or "" when
// that directory could not be used and the module was compiled in memory.
func GraphvizCacheDir() string { return gvcache.Dir() }

// graphvizMu serialises every use of go-graphviz: all its instances share
// one WebAssembly module (Graphviz's C code, compiled when the package is
// initialised), which is not safe for concurrent use.
var graphvizMu sync.Mutex

// Renderer renders DOT sources to SVG with go-graphviz's embedded Graphviz
// (no dot binary needed). Create one per batch of diagrams and Close it. A
// Renderer may be used from several goroutines; renders run one at a time.
type Renderer struct {
	gv *graphviz.Graphviz
}

// NewRenderer returns a Renderer using the dot layout engine.
func NewRenderer(ctx context.Context) (*Renderer, error) {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("out: graphviz: %w", err)
	}
	gv.SetLayout(graphviz.DOT)
	return &Renderer{gv: gv}, nil
}

// Close releases the Renderer's Graphviz context.
func (r *Renderer) Close() error {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	if err := r.gv.Close(); err != nil {
		return fmt.Errorf("out: graphviz: %w", err)
	}
	return nil
}

// SVG lays out the DOT source with dot and renders it as SVG. The result is
// checked to be well-formed XML before it is returned; text set in Verdana
// gets the fallback fonts of verdanaFallback. The same source
// always gives the same bytes. ctx is checked before the work starts; the
// layout itself cannot be interrupted.
func (r *Renderer) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("out: render svg: %w", err)
	}
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("out: render svg: parse dot: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := r.gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("out: render svg: %w", err)
	}
	svg := bytes.ReplaceAll(buf.Bytes(), []byte(`font-family="Verdana"`), []byte(`font-family="`+verdanaFallback+`"`))
	if err := checkXML(svg); err != nil {
		return nil, fmt.Errorf("out: render svg: graphviz wrote malformed SVG: %w", err)
	}
	return svg, nil
}

// verdanaFallback is the font-family list SVG gets for fontname=Verdana.
// Graphviz sizes text with its built-in Verdana metrics, which are wider
// than those of most sans-serif fonts, so text still fits its box when a
// viewer lacks Verdana and falls back to DejaVu Sans or its default
// sans-serif; Graphviz itself writes only "Verdana", and browsers fall back
// to a serif font.
const verdanaFallback = "Verdana,DejaVu Sans,sans-serif"

// RenderSVG renders one DOT source to SVG with a Renderer of its own. To
// render several diagrams, make one Renderer and reuse it.
func RenderSVG(ctx context.Context, dot []byte) ([]byte, error) {
	r, err := NewRenderer(ctx)
	if err != nil {
		return nil, err
	}
	svg, err := r.SVG(ctx, dot)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return svg, err
}

// checkXML reports whether b is one well-formed XML document (the DTD named
// in Graphviz's DOCTYPE is not fetched; only the predefined entities are
// known).
func checkXML(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return fmt.Errorf("%d root elements", roots)
	}
	return nil
}
