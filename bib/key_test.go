package bib

import "testing"

func TestBaseKey(t *testing.T) {
	for _, tc := range []struct {
		author, title string
		year          int
		date          string
		want          string
	}{
		{"Mark Sandler", "MobileNetV2: Inverted Residuals and Linear Bottlenecks", 2018, "", "sandler2018mobilenetv2"},
		{"Andrew G. Howard", "MobileNets: Efficient Convolutional Neural Networks", 2017, "", "howard2017mobilenets"},
		{"Mohammad Rastegari", "XNOR-Net: ImageNet Classification Using Binary CNNs", 2016, "", "rastegari2016xnor"},
		{"Adriana Romero", "FitNets: Hints for Thin Deep Nets", 2015, "", "romero2015fitnets"},
		{"Michael Zhu", "To prune, or not to prune: exploring the efficacy", 2017, "", "zhu2017prune"},
		{"Yu Cheng", "A Survey of Model Compression", 2017, "", "cheng2017survey"},
		{"Guido Montúfar", "On the Number of Linear Regions", 2014, "", "montufar2014number"},
		{"Jimmy Ba", "Do Deep Nets Really Need to be Deep?", 2014, "", "ba2014deep"},
		{"Thomas Müller", "Über alles", 2020, "", "muller2020uber"},
		{"Patrick O'Brien", "Don't Panic", 2001, "", "obrien2001dont"},
		{"Łukasz Kaiser", "Attention", 2017, "", "kaiser2017attention"},
		{"Laurens van der Maaten", "Visualizing Data using t-SNE", 2008, "", "vandermaaten2008visualizing"},
		{"Luc Van Gool", "Speeded-Up Robust Features", 2006, "", "vangool2006speeded"},
		{"Miguel Á. Carreira-Perpiñán", "Model compression", 2017, "", "carreiraperpinan2017model"},
		{"Martin Luther King Jr.", "Letters", 1963, "", "king1963letters"},
		{"The ATLAS Collaboration", "Observation of a new particle", 2012, "", "atlas2012observation"},
		{"Gemini Team", "Gemini: A Family", 2023, "", "gemini2023gemini"},
		{"Jörg Straße", "Øresund ß", 2019, "", "strasse2019oresund"},
		{"Ada Lovelace", "100% of C# & F_1", 2020, "", "lovelace2020c"},
		{"Ada Lovelace", "3D Shapes", 2020, "", "lovelace20203d"},
		{"王小明", "Deep Learning", 2022, "", "anonymous2022deep"},
		{"", "Attention", 2018, "", "anonymous2018attention"},
		{"Ada Lovelace", "Notes", 0, "", "lovelacenotes"},
		{"Ada Lovelace", "Notes", 0, "1843-09-01", "lovelace1843notes"},
		{"Ada Lovelace", "", 1843, "", "lovelace1843"},
		{"Ada Lovelace", "中文 🚀", 1843, "", "lovelace1843"},
	} {
		p := &Paper{Title: tc.title, Year: tc.year, PublicationDate: tc.date}
		if tc.author != "" {
			p.Authors = []Author{{Name: tc.author}}
		}
		if got := bkBaseKey(p); got != tc.want {
			t.Errorf("bkBaseKey(%q, %q, %d) = %q; want %q", tc.author, tc.title, tc.year, got, tc.want)
		}
	}
}

func TestSuffix(t *testing.T) {
	for n, want := range map[int]string{0: "a", 1: "b", 25: "z", 26: "aa", 27: "ab", 51: "az", 52: "ba", 701: "zz", 702: "aaa"} {
		if got := bkSuffix(n); got != want {
			t.Errorf("bkSuffix(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestDate(t *testing.T) {
	for _, tc := range []struct {
		in          string
		year, month int
		ok          bool
	}{
		{"2018-06-18", 2018, 6, true},
		{"2018-06", 2018, 6, true},
		{"2018", 2018, 0, true},
		{"2018-13-01", 2018, 0, true},
		{"", 0, 0, false},
		{"18-06-2018", 0, 0, false},
		{"abcd-01-01", 0, 0, false},
	} {
		y, m, ok := bkDate(tc.in)
		if y != tc.year || m != tc.month || ok != tc.ok {
			t.Errorf("bkDate(%q) = %d, %d, %v; want %d, %d, %v", tc.in, y, m, ok, tc.year, tc.month, tc.ok)
		}
	}
}
