package bib

import (
	"testing"
)

func TestTitle(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		dropped  int
	}{
		{"MobileNetV2: Inverted Residuals and Linear Bottlenecks", "{MobileNetV2}: Inverted Residuals and Linear Bottlenecks", 0},
		{"XNOR-Net: ImageNet Classification Using Binary Convolutional Neural Networks",
			"{XNOR-Net}: {ImageNet} Classification Using Binary Convolutional Neural Networks", 0},
		{"Squeeze-and-Excitation Networks", "Squeeze-and-Excitation Networks", 0},
		{"Rectified Linear Units (ReLU) in CNNs", "Rectified Linear Units ({ReLU}) in {CNNs}", 0},
		{"NISP: Pruning Networks", "{NISP}: Pruning Networks", 0},
		{"Part I: general framework", "Part {I}: general framework", 0},
		{"A Survey: A Review", "A Survey: A Review", 0},
		{"IGCV3 and 3D convolutions", "{IGCV3} and {3D} convolutions", 0},
		{"cuDNN: Efficient Primitives", "{cuDNN}: Efficient Primitives", 0},
		{"Patrick O'Brien's k-Means", "Patrick {O'Brien's} k-Means", 0},
		{"100% of C# & F_1 {x} ~50$", `100\% of {C}\# \& {F\_1} \{x\} \textasciitilde{}50\$`, 0},
		{"Unbalanced {brace and } another} and {{{ open",
			`Unbalanced \{brace and \} another\textbraceright{} and \textbraceleft{}\textbraceleft{}\textbraceleft{} open`, 0},
		{"}{", `\textbraceright{}\textbraceleft{}`, 0},
		{`back\slash ^hat^ <1MB> | pipe @ home`, `back\textbackslash{}slash \textasciicircum{}hat\textasciicircum{} \textless{}{1MB}\textgreater{} \textbar{} pipe \symbol{64} home`, 0},
		{`"Learning-Compression" Algorithms`, "``{Learning-Compression}'' Algorithms", 0},
		{`A “Quoted Name” and "lower case" quotes`, "A ``{Quoted} {Name}'' and ``lower case'' quotes", 0},
		{`An "unclosed quote Here`, "An ``unclosed quote Here", 0},
		{"Bayesian Markov-Chain non-Euclidean Newton's Gaussians Part I, Part II and Part IV", "{Bayesian} {Markov}-Chain non-{Euclidean} {Newton's} {Gaussians} Part {I}, Part {II} and Part {IV}", 0},
		{"Hidden Markov Models in English (Windows)", "Hidden {Markov} Models in {English} (Windows)", 0},
		{"“curly” ‘single’ em—dash en–dash…", "``curly'' `single' em---dash en--dash\\ldots{}", 0},
		{"Échec à Łódź café naïve Straße", "{\\'E}chec {\\`a} {\\L}{\\'o}d{\\'z} caf{\\'e} na{\\\"i}ve Stra{\\ss}e", 0},
		{"ÜberNet", `{{\"U}berNet}`, 0},
		{"α-β Pruning ≤ 2× Γ", `{$\alpha$}-{$\beta$} Pruning {$\leq$} 2{$\times$} {$\Gamma$}`, 0},
		{"Deep 🚀 Learning 中文", "Deep Learning", 3},
		{"  Tabs\tand\nnewlines  ", "Tabs and newlines", 0},
		{"ﬁne ligature", "fine ligature", 0},
		{"ệ Nguyễn", `{\^{\d{e}}} Nguy{\~{\^e}}n`, 0},
		{"Ưu", "Uu", 1},
		{"", "", 0},
	} {
		got, dropped := texTitle(tc.in)
		if got != tc.want || len(dropped) != tc.dropped {
			t.Errorf("texTitle(%q) = %q, %d dropped; want %q, %d dropped", tc.in, got, len(dropped), tc.want, tc.dropped)
		}
		if !bkBalanced(got) {
			t.Errorf("texTitle(%q) = %q: braces do not balance", tc.in, got)
		}
	}
}

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Frontiers of Information Technology & Electronic Engineering", `Frontiers of Information Technology \& Electronic Engineering`},
		{"Künstliche Intell.", `K{\"u}nstliche Intell.`},
		{"Šťastný Dvořák", `{\v{S}}{\v{t}}astn{\'y} Dvo{\v{r}}{\'a}k`},
		{"Çağlar Gülçehre", `{\c{C}}a{\u{g}}lar G{\"u}l{\c{c}}ehre`},
		{"Ørsted Ångström Đorđe", `{\O}rsted {\AA}ngstr{\"o}m {\DJ}or{\dj}e`},
		{"Martín", `Mart{\'i}n`},
		{"Ąę Őő", `{\k{A}}{\k{e}} {\H{O}}{\H{o}}`},
		{"μ-law ±1 ∞", `{$\mu$}-law {$\pm$}1 {$\infty$}`},
		{"x₁ x²", `x{$_1$} x{$^2$}`},
	} {
		got, dropped := texText(tc.in)
		if got != tc.want || len(dropped) != 0 {
			t.Errorf("texText(%q) = %q, dropped %q; want %q", tc.in, got, dropped, tc.want)
		}
	}
}

func TestSplitName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want texName
	}{
		{"Mark Sandler", texName{first: "Mark", last: "Sandler"}},
		{"Andrew G. Howard", texName{first: "Andrew G.", last: "Howard"}},
		{"Laurens van der Maaten", texName{first: "Laurens", von: "van der", last: "Maaten"}},
		{"Jean de la Fontaine", texName{first: "Jean", von: "de la", last: "Fontaine"}},
		{"Ludwig von Mises", texName{first: "Ludwig", von: "von", last: "Mises"}},
		{"Luc Van Gool", texName{first: "Luc", last: "Van Gool"}},
		{"Martin Luther King Jr.", texName{first: "Martin Luther", last: "King", jr: "Jr."}},
		{"Vincent van Gogh III", texName{first: "Vincent", von: "van", last: "Gogh", jr: "III"}},
		{"Smith, John", texName{first: "John", last: "Smith"}},
		{"John Smith, Jr.", texName{first: "John", last: "Smith", jr: "Jr."}},
		{"King, Jr., Martin", texName{first: "Martin", last: "King", jr: "Jr."}},
		{"Maaten, Laurens van der", texName{first: "Laurens van der", last: "Maaten"}},
		{"A.D. Brébisson", texName{first: "A. D.", last: "Brébisson"}},
		{"Quoc V. Le", texName{first: "Quoc V.", last: "Le"}},
		{"Madonna", texName{last: "Madonna"}},
		{"Google Brain Team", texName{last: "Google Brain Team", corporate: true}},
		{"The ATLAS Collaboration", texName{last: "The ATLAS Collaboration", corporate: true}},
		{"Barnes & Noble", texName{last: "Barnes & Noble", corporate: true}},
		{"  Spaced   Out  ", texName{first: "Spaced", last: "Out"}},
		{"", texName{}},
	} {
		if got := texSplitName(tc.in); got != tc.want {
			t.Errorf("texSplitName(%q) = %+v; want %+v", tc.in, got, tc.want)
		}
	}
}

func TestAuthor(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		dropped  int
	}{
		{"Laurens van der Maaten", "van der Maaten, Laurens", 0},
		{"Martin Luther King Jr.", "King, Jr., Martin Luther", 0},
		{"Google Brain Team", "{Google Brain Team}", 0},
		{"The ATLAS Collaboration", "{The ATLAS Collaboration}", 0},
		{"Barnes and Noble Inc", "{Barnes and Noble Inc}", 0},
		{"Raj And Kumar", "Kumar, Raj {And}", 0},
		{"Thomas Müller", `M{\"u}ller, Thomas`, 0},
		{"Łukasz Kaiser", `Kaiser, {\L}ukasz`, 0},
		{"François Chollet", `Chollet, Fran{\c{c}}ois`, 0},
		{"José Álvarez", `{\'A}lvarez, Jos{\'e}`, 0},
		{"Jo}hn Sm{ith", `Sm\textbraceleft{}ith, Jo\textbraceright{}hn`, 0},
		{"Madonna", "Madonna", 0},
		{"王小明", "", 3},
		{"Ana 王", "{Ana}", 1},
	} {
		got, dropped := texAuthor(tc.in)
		if got != tc.want || len(dropped) != tc.dropped {
			t.Errorf("texAuthor(%q) = %q, %d dropped; want %q, %d", tc.in, got, len(dropped), tc.want, tc.dropped)
		}
		if !bkBalanced(got) {
			t.Errorf("texAuthor(%q) = %q: braces do not balance", tc.in, got)
		}
	}
}

func TestNeedsProtect(t *testing.T) {
	for _, tc := range []struct {
		word  string
		first bool
		want  bool
	}{
		{"MobileNetV2", true, true}, {"ImageNet", false, true}, {"CNN", true, true}, {"ReLU", false, true},
		{"XNOR-Net", true, true}, {"Squeeze-and-Excitation", true, false}, {"Networks", false, false},
		{"I", false, true}, {"I", true, false}, {"A", false, false}, {"N-D", false, true}, {"k-Means", false, false},
		{"3D", false, true}, {"Low-Rank", false, false}, {"AlexNet-level", false, true}, {"eBay", true, true},
	} {
		if got := texNeedsProtect([]rune(tc.word), tc.first); got != tc.want {
			t.Errorf("texNeedsProtect(%q, first=%v) = %v; want %v", tc.word, tc.first, got, tc.want)
		}
	}
}
