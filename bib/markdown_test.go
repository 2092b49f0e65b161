package bib

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestSeedList(t *testing.T) {
	data, err := os.ReadFile("testdata/lists/model-compression.md")
	if err != nil {
		t.Fatal(err)
	}
	l := ParseMarkdown("model-compression.md", data)
	checkList(t, data, l)

	if got := len(l.Papers()); got != 43 {
		t.Errorf("%d papers; want 43", got)
	}
	type fam struct {
		name          string
		papers, links int
	}
	want := []fam{
		{"Introduction", 0, 1},
		{"知乎", 0, 7},
		{"Overview", 5, 0},
		{"Compact Network Design", 12, 0},
		{"Distillation", 8, 0},
		{"Pruning", 8, 0},
		{"Binarization", 2, 0},
		{"Quantization", 6, 0},
		{"Low Rank Approximation", 0, 0},
		{"Accelerating / Fast Algorithms", 2, 0},
	}
	var got []fam
	for _, f := range l.Families {
		got = append(got, fam{f.Name, f.Papers, f.Links})
	}
	if len(got) != len(want) {
		t.Fatalf("families %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("family %d = %+v; want %+v", i, got[i], want[i])
		}
	}

	byTitle := map[string]Entry{}
	for _, e := range l.Entries {
		byTitle[e.Title] = e
		if e.Kind == KindLink && e.Family != "知乎" && e.Family != "Introduction" {
			t.Errorf("line %d: link %q in family %q", e.Line, e.Title, e.Family)
		}
		if e.Kind == KindPaper && (e.Year == 0 || e.Venue == "") {
			t.Errorf("line %d: paper %q without year or venue", e.Line, e.Title)
		}
		for _, w := range []string{"paper", "code", "[", "]"} {
			if e.Kind == KindPaper && strings.HasSuffix(e.Title, w) && !strings.HasSuffix(e.Title, "whitepaper") {
				t.Errorf("line %d: title %q ends in %q", e.Line, e.Title, w)
			}
		}
	}
	for _, tt := range []struct {
		title, family string
		line, year    int
		venue         string
	}{
		{"Recent Advances in Efficient Computation of Deep Convolutional Neural Networks", "Overview", 26, 2018, "arXiv"},
		{"Model compression as constrained optimization, with application to neural nets. Part I: general framework", "Overview", 30, 2017, "arXiv"},
		{"Model compression as constrained optimization, with application to neural nets. Part II: quantization", "Overview", 31, 2017, "arXiv"},
		{"MobileNetV2: Inverted Residuals and Linear Bottlenecks", "Compact Network Design", 38, 2018, "CVPR"},
		{"SqueezeNext: Hardware-Aware Neural Network Design", "Compact Network Design", 36, 2018, "arXiv"},
		{"SENet: Squeeze-and-Excitation Networks", "Compact Network Design", 39, 2017, "CVPR"},
		{"SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and < 0.5MB model size", "Compact Network Design", 47, 2016, "ICLR"},
		{"Apprentice: Using Knowledge Distillation Techniques To Improve Low-Precision Network Accuracy", "Distillation", 51, 2018, "ICLR"},
		{"A Gift from Knowledge Distillation:Fast Optimization, Network Minimization and Transfer Learning", "Distillation", 56, 2017, "CVPR"},
		{"Net2net: Accelerating learning via knowledge transfer", "Distillation", 59, 2016, "ICLR"},
		{"“Learning-Compression” Algorithms for Neural Net Pruning", "Pruning", 67, 2018, "CVPR"},
		{"Rethinking the Smaller-Norm-Less-Informative Assumption in Channel Pruning of Convolution Layers", "Pruning", 68, 2018, "ICLR"},
		{"Binarized Neural Networks: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", "Binarization", 78, 2016, "ArXiv"},
		{"Google: Quantizing deep convolutional networks for efficient inference: A whitepaper", "Quantization", 86, 2018, "ArXiv"},
		{"Uber SBNet: Sparse Blocks Network for Fast Inference", "Accelerating / Fast Algorithms", 97, 2018, "arXiv"},
	} {
		e, ok := byTitle[tt.title]
		if !ok {
			t.Errorf("no entry titled %q", tt.title)
			continue
		}
		if e.Family != tt.family || e.Line != tt.line || e.Year != tt.year || e.Venue != tt.venue || e.Kind != KindPaper {
			t.Errorf("%q: family %q line %d year %d venue %q kind %s; want %q %d %d %q paper",
				tt.title, e.Family, e.Line, e.Year, e.Venue, e.Kind, tt.family, tt.line, tt.year, tt.venue)
		}
	}
	intro := byTitle["Introduction"]
	if intro.Kind != KindLink || intro.Line != 4 || len(intro.URLs) != 1 || intro.URLs[0] != "https://cloud.tencent.com/developer/article/1005738" {
		t.Errorf("Introduction entry = %+v; want a link at line 4", intro)
	}
	if e := byTitle["Deep Compression （ICLR2016 Best Paper）"]; e.Kind != KindLink || e.Family != "知乎" || e.Year != 0 {
		t.Errorf("zhihu link read as %+v", e)
	}
	// The bare "- Acceleration and Model Compression" under REFERENCE is reported, not an entry.
	found := false
	for _, p := range l.Problems {
		if p.Line == 22 && strings.Contains(p.Msg, "Acceleration and Model Compression") {
			found = true
		}
	}
	if !found || len(l.Problems) != 1 {
		t.Errorf("problems %v; want exactly the note about line 22", l.Problems)
	}
}

func TestMarkdownItems(t *testing.T) {
	tests := []struct {
		item  string
		title string
		year  int
		venue string
		ids   IDs
		kind  Kind // "" means: not an entry
	}{
		// References with their authors first, and bracketed years before authors.
		{"Han, S., Pool, J., & Dally, W. (2015). Learning both weights and connections. In NeurIPS (pp. 1135-1143).", "Learning both weights and connections", 2015, "NeurIPS", IDs{}, KindPaper},
		{"Courbariaux M, Bengio Y, David JP. BinaryConnect: Training deep neural networks. NeurIPS 2015.", "BinaryConnect: Training deep neural networks", 2015, "NeurIPS", IDs{}, KindPaper},
		{"A character-level decoder for translation (2016), J. Chung et al. [[pdf]](https://arxiv.org/pdf/1603.06147)", "A character-level decoder for translation", 2016, "", IDs{ArXiv: "1603.06147"}, KindPaper},
		{"Faster, Better, Cheaper. A Study of Trade-offs [[pdf]](https://x.org/a.pdf)", "Faster, Better, Cheaper. A Study of Trade-offs", 0, "", IDs{}, KindPaper},
		{"**2016** :  +60 citations or \"More than Top 100\" in 2016", "", 0, "", IDs{}, ""},
		{"[Deep learning for healthcare](https://pubmed.ncbi.nlm.nih.gov/28481991/) (Brief Bioinform 2018)", "Deep learning for healthcare", 2018, "", IDs{PMID: "28481991"}, KindPaper},
		// Flattened markers.
		{"[2018-arXiv] Recent Advances in Networkspaper", "Recent Advances in Networks", 2018, "arXiv", IDs{}, KindPaper},
		{"[2018-CVPR] MobileNetV2: Linear Bottlenecks papercode", "MobileNetV2: Linear Bottlenecks", 2018, "CVPR", IDs{}, KindPaper},
		{"[2017-CVPR] SENet: Squeeze-and-Excitation Networkspaper code", "SENet: Squeeze-and-Excitation Networks", 2017, "CVPR", IDs{}, KindPaper},
		{"[2018-arXiv] SqueezeNext: Design  paper code", "SqueezeNext: Design", 2018, "arXiv", IDs{}, KindPaper},
		{"[2018-ArXiv] Google: A whitepaperpaper", "Google: A whitepaper", 2018, "ArXiv", IDs{}, KindPaper},
		{"[2018] A Whitepaper", "A Whitepaper", 2018, "", IDs{}, KindPaper},
		{"[2018] Newspaper Headlines as a Corpus [pdf]", "Newspaper Headlines as a Corpus", 2018, "", IDs{}, KindPaper},
		{"[2018] Tuning Networks project github", "Tuning Networks", 2018, "", IDs{}, KindPaper},
		{"[2018] A Position Paper", "A Position Paper", 2018, "", IDs{}, KindPaper},
		{"[2018] White-paper", "White-paper", 2018, "", IDs{}, KindPaper},
		{"[2018] paper", "paper", 2018, "", IDs{}, KindPaper},
		{"Some Title paper", "Some Title", 0, "", IDs{}, KindPaper},
		// Prefix forms.
		{"**[CVPR 2017]** Bold Prefixed Title", "Bold Prefixed Title", 2017, "CVPR", IDs{}, KindPaper},
		{"(2019) Paren Prefixed", "Paren Prefixed", 2019, "", IDs{}, KindPaper},
		{"[2018-ICLR]Glued Prefix", "Glued Prefix", 2018, "ICLR", IDs{}, KindPaper},
		{"CVPR 2019: Colon Prefixed", "Colon Prefixed", 2019, "CVPR", IDs{}, KindPaper},
		{"2016 - Dash Prefixed", "Dash Prefixed", 2016, "", IDs{}, KindPaper},
		{"[ECCV'16] Apostrophe Year", "Apostrophe Year", 2016, "ECCV", IDs{}, KindPaper},
		{"NISP: Not a Prefix (CVPR 2018)", "NISP: Not a Prefix", 2018, "CVPR", IDs{}, KindPaper},
		// Suffix forms.
		{"Suffix in Parens (2017)", "Suffix in Parens", 2017, "", IDs{}, KindPaper},
		{"Venue Suffix CVPR 2017", "Venue Suffix", 2017, "CVPR", IDs{}, KindPaper},
		{"Results on ImageNet 2012", "", 0, "", IDs{}, ""},
		{"Comma Year Suffix, 2015.", "Comma Year Suffix", 2015, "", IDs{}, KindPaper},
		{"2015-NIPS-[Learning both Weights](http://papers.nips.cc/paper/5784) [[Code](https://github.com/a/b)]", "Learning both Weights", 2015, "NIPS", IDs{}, KindPaper},
		{"Distilling the Knowledge in a Neural Network, Hinton, Geoffrey and Vinyals, Oriol and Dean, Jeff, 2015", "Distilling the Knowledge in a Neural Network", 2015, "", IDs{}, KindPaper},
		{"YOLO9000: Better, Faster, Stronger, Harder (CVPR 2017)", "YOLO9000: Better, Faster, Stronger, Harder", 2017, "CVPR", IDs{}, KindPaper},
		{"A Survey of Pruning, Quantization, Distillation, Sparsity and Low Rank (2020)", "A Survey of Pruning, Quantization, Distillation, Sparsity and Low Rank", 2020, "", IDs{}, KindPaper},
		{"Dropout: A Simple Way, Srivastava, N., Hinton, G., et al., 2014", "Dropout: A Simple Way", 2014, "", IDs{}, KindPaper},
		{"Neural Network Ensembles, L.K. Hansen, P. Salamon, 1990", "Neural Network Ensembles", 1990, "", IDs{}, KindPaper},
		{"Dark knowledge, Geoffrey Hinton, Oriol Vinyals, Jeff Dean, 2014", "Dark knowledge", 2014, "", IDs{}, KindPaper},
		{"Model Compression, Rich Caruana, 2006", "Model Compression, Rich Caruana", 2006, "", IDs{}, KindPaper},
		{"Deep Learning, Big Data, 2016", "Deep Learning, Big Data", 2016, "", IDs{}, KindPaper},
		{"**FitNets: Hints for Thin Deep Nets.** Adriana Romero, Nicolas Ballas, et al. *ICLR 2015*. [[PDF](https://arxiv.org/pdf/1412.6550)]", "FitNets: Hints for Thin Deep Nets", 2015, "ICLR", IDs{ArXiv: "1412.6550"}, KindPaper},
		// Links and identifiers.
		{"[Title Link](https://arxiv.org/abs/1707.06342v2) (ICLR 2017)", "Title Link", 2017, "ICLR", IDs{ArXiv: "1707.06342"}, KindPaper},
		{"Text Title [[paper]](https://arxiv.org/pdf/1707.06342.pdf) [[code]](https://github.com/a/b)", "Text Title", 0, "", IDs{ArXiv: "1707.06342"}, KindPaper},
		{"**Bold Title**, A. Author, B. Author. CVPR 2018. [paper](https://doi.org/10.1109/CVPR.2018.00474)", "Bold Title", 2018, "CVPR", IDs{DOI: "10.1109/CVPR.2018.00474"}, KindPaper},
		{"Plain Title. Alice Smith, Bob Jones. ICML 2018.", "Plain Title", 2018, "ICML", IDs{}, KindPaper},
		{"Han et al. \"Deep Compression: Pruning and Coding.\" ICLR 2016.", "Deep Compression: Pruning and Coding", 2016, "ICLR", IDs{}, KindPaper},
		{"Title then bare URL https://arxiv.org/abs/1602.07360.", "Title then bare URL", 0, "", IDs{ArXiv: "1602.07360"}, KindPaper},
		{"Identifier in text arXiv:1602.07360v4", "Identifier in text", 0, "", IDs{ArXiv: "1602.07360"}, KindPaper},
		{"Old DOI doi:10.5555/109230.109298 (1990)", "Old DOI", 1990, "", IDs{DOI: "10.5555/109230.109298"}, KindPaper},
		{"[S2 Link](https://www.semanticscholar.org/paper/x/0123456789abcdef0123456789abcdef01234567)", "S2 Link", 0, "", IDs{S2: "0123456789abcdef0123456789abcdef01234567"}, KindPaper},
		{"[Corpus](https://api.semanticscholar.org/CorpusID:123456)", "Corpus", 0, "", IDs{CorpusID: "123456"}, KindPaper},
		{`<a href="https://arxiv.org/abs/1512.03385">Deep Residual Learning</a> (CVPR 2016)`, "Deep Residual Learning", 2016, "CVPR", IDs{ArXiv: "1512.03385"}, KindPaper},
		{"[![badge](https://img.shields.io/x.svg)](https://github.com/a/b) Badge Then Title (2019)", "Badge Then Title", 2019, "", IDs{}, KindPaper},
		{"[Escaped \\[brackets\\] title](https://arxiv.org/abs/1707.06342)", "Escaped [brackets] title", 0, "", IDs{ArXiv: "1707.06342"}, KindPaper},
		{"[Paren (URL)](https://en.wikipedia.org/wiki/A_(b))", "Paren (URL)", 0, "", IDs{}, KindLink},
		// Kinds.
		{"[A blog post](https://medium.com/@a/b)", "A blog post", 0, "", IDs{}, KindLink},
		{"[CVPR 2018 高效小网络探密](https://zhuanlan.zhihu.com/p/37074222)", "CVPR 2018 高效小网络探密", 0, "", IDs{}, KindLink},
		{"Acceleration and Model Compression", "", 0, "", IDs{}, ""},
		{"[Contents](#contents)", "", 0, "", IDs{}, ""},
		{"[Tool](https://github.com/a/b)", "Tool", 0, "", IDs{}, KindLink},
		{"[Proceedings Paper](https://proceedings.neurips.cc/paper/2020/hash/x.html)", "Proceedings Paper", 0, "", IDs{}, KindPaper},
	}
	for _, tt := range tests {
		l := ParseMarkdown("t.md", []byte("- "+tt.item+"\n"))
		if tt.kind == "" {
			if len(l.Entries) != 0 {
				t.Errorf("item %q: entry %+v; want none", tt.item, l.Entries[0])
			}
			continue
		}
		if len(l.Entries) != 1 {
			t.Errorf("item %q: %d entries; want 1 (problems %v)", tt.item, len(l.Entries), l.Problems)
			continue
		}
		e := l.Entries[0]
		if e.Title != tt.title || e.Year != tt.year || e.Venue != tt.venue || e.IDs != tt.ids || e.Kind != tt.kind {
			t.Errorf("item %q:\n got %q %d %q %+v %s\nwant %q %d %q %+v %s", tt.item, e.Title, e.Year, e.Venue, e.IDs, e.Kind, tt.title, tt.year, tt.venue, tt.ids, tt.kind)
		}
	}
}

func TestMarkdownStructure(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		fams string // "name:papers/links" joined by "; "
		ents string // "line family title" joined by "; "
	}{
		{"no headings", "- [2017] A\n- [2018] B\n", "t:2/0", "1 t A; 2 t B"},
		{"title only", "# Awesome\nIntro text.\n- [2017] A\n", "Awesome:1/0", "3 Awesome A"},
		{"grouping heading is not a family",
			"# T\n## Papers & Code\n## Group\n### X\n- [2017] A\n### Empty\n\n### Prose\nSome text.\n",
			"X:1/0; Empty:0/0", "5 X A"},
		{"setext and numbered headings",
			"Pruning\n=======\n- [2017] A\n\n2.1 Quantization\n---\n1. [2018] B\n",
			"Pruning:1/0; Quantization:1/0", "3 Pruning A; 7 Quantization B"},
		{"duplicate names qualified",
			"# T\n## CNN\n### Papers\n- [2017] A\n## RNN\n### Papers\n- [2018] B\n",
			"CNN / Papers:1/0; RNN / Papers:1/0", "4 CNN / Papers A; 7 RNN / Papers B"},
		{"links-only sub-item attaches",
			"## F\n- Title Alone\n  - [paper](https://arxiv.org/abs/1707.06342) [code](https://github.com/a/b)\n",
			"F:1/0", "2 F Title Alone"},
		{"continuation line attaches",
			"## F\n- **Title Two**\n  [[pdf]](https://doi.org/10.1000/x)\n",
			"F:1/0", "2 F Title Two"},
		{"unknown links follow the family",
			"## F\n- [2017] A\n- [B](https://example.org/b)\n## G\n- [C](https://example.org/c)\n",
			"F:2/0; G:0/1", "2 F A; 3 F B; 5 G C"},
		{"fenced code and comments are skipped",
			"## F\n```\n- [2017] Not\n```\n<!--\n- [2017] Not\n-->\n- [2017] Yes <!-- hidden --> Title\n",
			"F:1/0", "8 F Yes Title"},
		{"html heading", "<h2 align=\"center\">Pruning</h2>\n- [2017] A\n", "Pruning:1/0", "2 Pruning A"},
		{"block quote", "## F\n> - [2017] Quoted Item\n", "F:1/0", "2 F Quoted Item"},
		{"label over sub-items is not reported", "## F\n- Structured pruning\n  - [2017] A\n## G\n- Lonely phrase\n", "F:1/0", "3 F A"},
		{"bare title among papers is a paper", "## F\n- [2017] A\n- Bare Title of a Paper\n", "F:2/0", "2 F A; 3 F Bare Title of a Paper"},
		{"duplicate paper kept twice", "## F\n- [2017] A\n## G\n- [2017] A\n", "F:1/0; G:1/0", "2 F A; 4 G A"},
	}
	for _, tt := range tests {
		l := ParseMarkdown("dir/t.md", []byte(tt.doc))
		checkList(t, []byte(tt.doc), l)
		var fams, ents []string
		for _, f := range l.Families {
			fams = append(fams, f.Name+":"+itoa(f.Papers)+"/"+itoa(f.Links))
		}
		for _, e := range l.Entries {
			ents = append(ents, itoa(e.Line)+" "+e.Family+" "+e.Title)
		}
		if g := strings.Join(fams, "; "); g != tt.fams {
			t.Errorf("%s: families %q; want %q", tt.name, g, tt.fams)
		}
		if g := strings.Join(ents, "; "); g != tt.ents {
			t.Errorf("%s: entries %q; want %q", tt.name, g, tt.ents)
		}
		for _, p := range l.Problems {
			if strings.Contains(p.Msg, "Structured pruning") {
				t.Errorf("%s: label reported: %v", tt.name, p)
			}
		}
		if tt.name == "label over sub-items is not reported" && (len(l.Problems) != 1 || l.Problems[0].Line != 5) {
			t.Errorf("%s: problems %v; want one for line 5", tt.name, l.Problems)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestMarkdownHostile(t *testing.T) {
	big := bytes.Repeat([]byte("Very Long Title "), 10<<20/16) // a 10 MB line
	tests := []struct {
		name    string
		data    []byte
		entries int
		problem string // substring of some problem, "" for none
	}{
		{"empty", nil, 0, ""},
		{"blank lines", []byte("\n\n\r\n  \n"), 0, ""},
		{"10 MB line", append(append([]byte("# F\n- [2017] "), big...), "\n- [2018] After\n"...), 2, "bytes long"},
		{"invalid utf-8", []byte("## F\xff\n- [2017] Bad \xc3\x28 Bytes paper\n"), 1, "invalid UTF-8"},
		{"crlf and bom", []byte("\xEF\xBB\xBF## F\r\n- [2017] Windows Line paper\r\n"), 1, ""},
		{"nul and controls", []byte("- [2017] A\x00B\x1bC\x7fD\u2028E\n"), 1, ""},
		{"only markers", []byte("- [[paper]](x) [[code]](y)\n"), 0, "no title"},
		{"deep brackets", append(append([]byte("- "), bytes.Repeat([]byte("["), 30000)...), "](https://arxiv.org/abs/1707.06342)\n"...), 1, ""},
		{"many links", append([]byte("- "), bytes.Repeat([]byte("[a](b) "), 9000)...), 1, ""},
		{"long line cut", append([]byte("- "), bytes.Repeat([]byte("[a](b) "), 20000)...), 1, "bytes long"},
		{"200k empty headings", bytes.Repeat([]byte("## H\n### \n"), 100000), 0, ""},
		{"50k families", bytes.Repeat([]byte("## F\n- [2017] A paper\n### F\n"), 50000), 50000, ""},
		{"sentence dots", append([]byte("- [2017] "), bytes.Repeat([]byte("a. B, C. "), 7000)...), 1, ""},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), 0, ""},
	}
	for _, tt := range tests {
		l := ParseMarkdown("h.md", tt.data)
		checkList(t, tt.data, l)
		if len(l.Entries) != tt.entries {
			t.Errorf("%s: %d entries; want %d", tt.name, len(l.Entries), tt.entries)
		}
		if tt.problem != "" {
			found := false
			for _, p := range l.Problems {
				found = found || strings.Contains(p.Error(), tt.problem)
			}
			if !found {
				t.Errorf("%s: problems %v; want one containing %q", tt.name, l.Problems, tt.problem)
			}
		}
	}
	// The 10 MB line's title is capped, and the line after it keeps its number.
	l := ParseMarkdown("h.md", append(append([]byte("# F\n- [2017] "), big...), "\n- [2018] After\n"...))
	if len(l.Entries) == 2 && (len(l.Entries[0].Title) > maxTitleBytes || l.Entries[1].Line != 3 || l.Entries[1].Title != "After") {
		t.Errorf("10 MB line: titles %d bytes, next entry %+v", len(l.Entries[0].Title), l.Entries[1])
	}
	l = ParseMarkdown("h.md", []byte("- [2017] A\x00B\x1bC\x7fD\u2028E\n"))
	if len(l.Entries) == 1 && l.Entries[0].Title != "A B C D E" {
		t.Errorf("controls: title %q; want %q", l.Entries[0].Title, "A B C D E")
	}
}

func FuzzParseMarkdown(f *testing.F) {
	seed, err := os.ReadFile("testdata/lists/model-compression.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, s := range []string{
		"",
		"# T\n## A\n- [2017-CVPR] SENet: Squeeze-and-Excitation Networkspaper code\n",
		"- [2018-ArXiv] Google: A whitepaperpaper\n- [2018] A Whitepaper\n",
		"## [Introduction](https://cloud.tencent.com/x)\n- [x](https://zhuanlan.zhihu.com/p/1)\n",
		"- **[CVPR 2017]** [T](https://arxiv.org/abs/1707.06342v2) [[code]](https://github.com/a)\n",
		"Title\n===\n- <a href=\"https://doi.org/10.1/x\">T</a> (ICCV 2017)\n",
		"- [a][r]\n[r]: https://arxiv.org/abs/cs/0112017\n",
		"```\n- x\n```\n<!-- - y -->\n> - [2017] z\n",
		"- [[[[x](y)](z)](w)\n- `a [b](c)`\n- \\[2017\\] e\n",
		"- “Quoted” {braces} <tags> & C# F_1 ~50$ paper\r\n",
		"[[CVPR_2020](https://arxiv.org/abs/2003.03488)] [__`BNN`__] Title [[PyTorch](https://github.com/a)]\n\n<details><summary>B</summary><pre><code>@x{y,\n}</code></pre></details>\n",
		"| Title & Authors | Links |\n|:--|:--:|\n| [![P](https://img.shields.io/badge/Conference-ICML'23-blue)]() <br> [T](https://github.com/a) <br> A. B | [Paper](https://arxiv.org/abs/2301.00774) |\n",
		"<h2 id=\"x\">Must</h2>\n* A. Author and B. Author. 2002. [T\nU](http://aclweb.org/anthology/P02-1040). In *Proc. ACL 2002*.\n",
		"## 2014\n- **[R-CNN]** Rich | **[CVPR' 14]** |[`[pdf]`](https://arxiv.org/pdf/1311.2524.pdf)\n- T.\n  [[pdf]](x)\n  - A. B, and C. D. *V*, 2020.\n",
		"- [2018] Attack \"]; node [label=\"x\n",
		"[10] Burton H. Bloom. 1970. Space/Time Trade-offs. Commun. ACM 13, 7 (July 1970), 422–426.\n\n[12] A B, and C D. 2017. The Case. In X (Y '17). Z.\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := ParseMarkdown("fuzz.md", data)
		checkList(t, data, l)
	})
}

// TestMarkdownHeadingContext checks what headings give their items: counts
// are not part of a family's name, a year or venue heading dates the items
// that list none, and a phrase under an item is a note, not a problem.
func TestMarkdownHeadingContext(t *testing.T) {
	src := `# List

## Quantization (2)
- [GPTQ](https://arxiv.org/abs/2210.17323)
  - 📝 Note: layer-wise quantization
- [Old](https://arxiv.org/abs/1510.00149) (ICLR 2016)

## CVPR 2021
- [Network Pruning via Performance Maximization](https://openaccess.thecvf.com/x.pdf)

## 2020
### NeurIPS
- [Movement Pruning](https://arxiv.org/abs/2005.07683)

## Surveys [0]
`
	l := ParseMarkdown("h.md", []byte(src))
	checkList(t, []byte(src), l)
	var got []string
	for _, e := range l.Entries {
		got = append(got, fmt.Sprintf("%s|%s|%d|%s", e.Family, e.Title, e.Year, e.Venue))
	}
	want := []string{
		"Quantization|GPTQ|0|",
		"Quantization|Old|2016|ICLR",
		"CVPR 2021|Network Pruning via Performance Maximization|2021|CVPR",
		"NeurIPS|Movement Pruning|2020|NeurIPS",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var fams []string
	for _, f := range l.Families {
		fams = append(fams, f.Name)
	}
	if want := "Quantization|CVPR 2021|NeurIPS|Surveys"; strings.Join(fams, "|") != want {
		t.Errorf("families %q; want %q", strings.Join(fams, "|"), want)
	}
	if len(l.Problems) != 0 {
		t.Errorf("problems: %v", l.Problems)
	}
}

// TestMarkdownACMReferences checks the ACM Reference Format rule: the
// authors, then the year between full stops, then the title and venue.
func TestMarkdownACMReferences(t *testing.T) {
	for _, c := range []struct {
		src, title string
		year       int
		venue      string
	}{
		{"[10] Burton H. Bloom. 1970. Space/Time Trade-offs in Hash Coding with Allowable Errors. Commun. ACM 13, 7 (July 1970), 422–426. https://doi.org/10.1145/362686.362692\n",
			"Space/Time Trade-offs in Hash Coding with Allowable Errors", 1970, "Commun. ACM"},
		{"- Niv Dayan, Manos Athanassoulis, and Stratos Idreos. 2017. Monkey: Optimal Navigable Key-Value Store. In Proceedings of the 2017 ACM International Conference on Management of Data (SIGMOD '17). ACM, 79–94.\n",
			"Monkey: Optimal Navigable Key-Value Store", 2017, "Proceedings of the 2017 ACM International Conference on Management of Data (SIGMOD '17)"},
		{"[8] Siying Dong and Mark Callaghan. 2017. Optimizing Space Amplification in RocksDB. In CIDR 2017. www.cidrdb.org.\n",
			"Optimizing Space Amplification in RocksDB", 2017, "CIDR 2017"},
		{"[12] Tim Kraska, Alex Beutel, and Ed H. Chi. 2017. The Case for Learned Index Structures. arXiv:1712.01208 [cs.DB]\n",
			"The Case for Learned Index Structures", 2017, "arXiv"},
	} {
		l := ParseMarkdown("acm.md", []byte(c.src))
		checkList(t, []byte(c.src), l)
		if len(l.Entries) != 1 {
			t.Errorf("%q: %d entries; want 1", c.src, len(l.Entries))
			continue
		}
		if e := l.Entries[0]; e.Title != c.title || e.Year != c.year || e.Venue != c.venue {
			t.Errorf("%q:\n got %q %d %q\nwant %q %d %q", c.src, e.Title, e.Year, e.Venue, c.title, c.year, c.venue)
		}
	}
}
