package out

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"MobileNetV2", "MobileNetV2"},
		{"  two\n lines\r\n\tand tabs ", "two lines and tabs"},
		{"nul\x00byte", "nul byte"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"non\uFFFEchar\uFFFF", "nonchar"},
		{"c1\u0085control", "c1 control"},
		{`quotes "<>{}\ stay`, `quotes "<>{}\ stay`},
		{"emoji 🌟 ok", "emoji 🌟 ok"},
		{"a  b", "a b"},
		{"\u202eevil\u202c title", "evil title"},
		{"\u2067isolate\u2069 \u202aembed\u202b", "isolate embed"},
		{"עברית \u200fmark", "עברית \u200fmark"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if got := cleanText(tt.in); !isClean(got) {
			t.Errorf("isClean(cleanText(%q)) = false", tt.in)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "a\nb", "\xff", "x\u0000y", " lead", "trail ", "a  b", "\uFFFE", "\u202e \u202e", "a\u2066"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := cleanText(s)
		if !utf8.ValidString(c) {
			t.Fatalf("cleanText(%q) = %q: invalid UTF-8", s, c)
		}
		for _, r := range c {
			if !xmlChar(r) || bidiControl(r) || (r != ' ' && strings.ContainsRune("\t\n\r", r)) {
				t.Fatalf("cleanText(%q) = %q: contains %U", s, c, r)
			}
		}
		if cleanText(c) != c {
			t.Fatalf("cleanText not idempotent on %q: %q then %q", s, c, cleanText(c))
		}
		if isClean(s) != (c == s) {
			t.Fatalf("isClean(%q) = %v, but cleanText gives %q", s, isClean(s), c)
		}
	})
}

func TestShortName(t *testing.T) {
	tests := []struct{ title, want string }{
		{"MobileNetV2: Inverted Residuals and Linear Bottlenecks", "MobileNetV2"},
		{"Squeeze-and-Excitation Networks", "Squeeze-and-Excitation Networks"},
		{"Deep Compression: Compressing Deep Neural Networks with Pruning, Trained Quantization and Huffman Coding", "Deep Compression"},
		{"Distilling the Knowledge in a Neural Network", "Distilling the Knowledge in a Neural…"},
		{"Model compression as constrained optimization, with application to neural nets. Part I: general framework", "Model compression as constrained…"},
		{"Xception: Deep Learning with Depthwise Separable Convolutions", "Xception"},
		{"Supercalifragilisticexpialidociousnessification", "Supercalifragilisticexpialidociousnessi…"},
		{": leading colon", ": leading colon"},
		{"", ""},
		{"Two\nlines: here", "Two lines"},
		{"Rethinking the Smaller-Norm-Less-Informative Assumption in Channel Pruning", "Rethinking the Smaller-Norm-Less…"},
		{"A Gift from Knowledge Distillation: Fast Optimization, Network Minimization and Transfer Learning", "A Gift from Knowledge Distillation"},
		{"Quantizing deep convolutional networks for efficient inference, a whitepaper", "Quantizing deep convolutional networks…"},
	}
	for _, tt := range tests {
		if got := ShortName(tt.title); got != tt.want {
			t.Errorf("ShortName(%q) = %q; want %q", tt.title, got, tt.want)
		}
		if n := utf8.RuneCountInString(ShortName(tt.title)); n > shortMax {
			t.Errorf("ShortName(%q) has %d runes, more than %d", tt.title, n, shortMax)
		}
	}
}

func TestWrapWords(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"Squeeze-and-Excitation Networks", 22, []string{"Squeeze-and-Excitation", "Networks"}},
		{"a b c d", 3, []string{"a b", "c d"}},
		{"averyveryverylongword x", 5, []string{"averyveryverylongword", "x"}},
		{"", 10, nil},
	}
	for _, tt := range tests {
		got := wrapWords(tt.in, tt.width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrapWords(%q, %d) = %q; want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestMarkdownCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a | b", `a \| b`},
		{"line\nbreak", "line break"},
		{"<script>&", "&lt;script&gt;&amp;"},
		{`back\slash *bold* _it_ [link]`, `back\\slash \*bold\* \_it\_ \[link\]`},
	}
	for _, tt := range tests {
		if got := mdCell(tt.in); got != tt.want {
			t.Errorf("mdCell(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := mdText("# heading"); got != `\# heading` {
		t.Errorf("mdText(%q) = %q; want %q", "# heading", got, `\# heading`)
	}
}

func TestXMLSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"DOI:10.1000/a&b<c>", "DOI:10.1000/a&b<c>"},
		{"a\x00b\x01c", "abc"},
		{"keep\ttab", "keep\ttab"},
		{"\xfe", "\uFFFD"},
	}
	for _, tt := range tests {
		if got := xmlSafe(tt.in); got != tt.want {
			t.Errorf("xmlSafe(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatFloat(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {0.97, "0.97"}, {1e-7, "1e-7"}, {123456, "123456"}, {0.000123, "0.000123"}, {1e21, "1e+21"},
	}
	for _, tt := range tests {
		if got := formatFloat(tt.in); got != tt.want {
			t.Errorf("formatFloat(%v) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestNoArtefactCarriesBidiControls writes every artefact of a run whose
// titles hold bidirectional overrides (U+202E, U+202C): no file keeps one,
// the JSON files included, and the JSON still holds the rest of the title.
func TestNoArtefactCarriesBidiControls(t *testing.T) {
	dir := writeAll(t, corpusRun(t, 30, 3, 10))
	for _, rel := range listFiles(t, dir) {
		b := readFile(t, dir, rel)
		if i := bytes.IndexFunc(b, bidiControl); i >= 0 {
			t.Errorf("%s holds a bidi control at byte %d: %q", rel, i, b[max(0, i-20):min(len(b), i+20)])
		}
		// suggestions.json holds titles of papers outside the list only.
		if strings.HasSuffix(rel, ".json") && rel != "graph.json" && rel != "suggestions.json" && !bytes.Contains(b, []byte("override and ")) {
			t.Errorf("%s lacks the title with the override stripped", rel)
		}
	}
}
