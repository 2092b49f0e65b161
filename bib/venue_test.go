package bib

import "testing"

func TestLookupVenue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2018 IEEE/CVF Conference on Computer Vision and Pattern Recognition", "CVPR"},
		{"CVPR", "CVPR"},
		{"CVPR 2011", "CVPR"},
		{"2006 IEEE Computer Society Conference on Computer Vision and Pattern Recognition (CVPR'06)", "CVPR"},
		{"Proceedings of the 2018 IEEE Conference on Computer Vision and Pattern Recognition, {CVPR}", "CVPR"},
		{"CVPR Workshops 2018", "CVPR"},
		{"2017 IEEE International Conference on Computer Vision (ICCV)", "ICCV"},
		{"Proceedings Eighth IEEE International Conference on Computer Vision. ICCV 2001", "ICCV"},
		{"International Conference on Computer Vision Theory and Applications", ""},
		{"ECCV", "ECCV"}, {"eccv 2004", "ECCV"}, {"European Conference on Computer Vision", "ECCV"},
		{"ICLR", "ICLR"}, {"6th International Conference on Learning Representations", "ICLR"},
		{"3rd International Conference on Learning Representations ICLR2015", "ICLR"},
		{"NIPS", "NeurIPS"}, {"NeurIPS", "NeurIPS"}, {"NIPS 2011", "NeurIPS"},
		{"ICML", "ICML"}, {"ICML '08", "ICML"}, {"International Conference on Machine Learning and Applications", ""},
		{"AAAI-18", "AAAI"}, {"AAAI Conference on Artificial Intelligence", "AAAI"},
		{"International Joint Conference on Artificial Intelligence", "IJCAI"},
		{"BMVC 2018", "BMVC"}, {"WACV", "WACV"}, {"IEEE Workshop on Applications of Computer Vision", "WACV"},
		{"2016 ACM/IEEE 43rd Annual International Symposium on Computer Architecture (ISCA)", "ISCA"},
		{"ACM Multimedia", "MM"}, {"IEEE Transactions on Multimedia", "TMM"},
		{"AISTATS", "AISTATS"}, {"KDD", "KDD"}, {"PAKDD", ""}, {"SIGMOD Conference", "SIGMOD"},
		{"J. Mach. Learn. Res.", "JMLR"}, {"Journal of Machine Learning Research", "JMLR"},
		{"IEEE Trans. Pattern Anal. Mach. Intell.", "TPAMI"},
		{"IEEE Transactions on Pattern Analysis and Machine Intelligence", "TPAMI"},
		{"IEEE transactions on image processing : a publication of the IEEE Signal Processing Society", "TIP"},
		{"IEEE Transactions on Neural Networks and Learning Systems", "TNNLS"},
		{"IEEE Trans. Neural Networks", "TNN"},
		{"Found. Trends Mach. Learn.", "FTML"}, {"ACM Trans. Graph.", "TOG"}, {"Proceedings of the IEEE", "ProcIEEE"},
		{"Frontiers of Information Technology & Electronic Engineering", "FITEE"},
		{"Neural Computation", "NECO"}, {"Neural Networks", "NN"}, {"Pattern Recognit.", "PR"},
		{"Nature", "Nature"}, {"Nature Communications", ""},
		{"TACL", "TACL"}, {"Trans. Assoc. Comput. Linguistics", "TACL"}, {"ACL", "ACL"}, {"NAACL", "NAACL"},
		{"EMNLP", "EMNLP"}, {"INTERSPEECH", "Interspeech"},
		{"2013 IEEE International Conference on Acoustics, Speech and Signal Processing", "ICASSP"},
		{"ArXiv", ""}, {"", ""}, {"Springer London", ""},
	} {
		got := ""
		if v := bkLookupVenue(tc.in); v != nil {
			got = v.short
		}
		if got != tc.want {
			t.Errorf("bkLookupVenue(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanVenue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2017 14th IAPR International Conference on Document Analysis", "IAPR International Conference on Document Analysis"},
		{"LION 2012", "LION"},
		{"SSW", "SSW"},
		{"WMT@ACL", "WMT Workshop at ACL"},
		{"Rep4NLP@ACL", "Rep4NLP Workshop at ACL"},
		{"Proceedings of the {Foo} Workshop, 2019.", "Proceedings of the Foo Workshop"},
		{"Künstliche Intell.", "Künstliche Intell."},
		{"Proceedings of the Bar Symposium, 2019.", "Proceedings of the Bar Symposium"},
		{"AAAI-18", "AAAI"},
	} {
		if got := bkCleanVenue(tc.in); got != tc.want {
			t.Errorf("bkCleanVenue(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestGuessKind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bkKind
	}{
		{"PhD thesis, Stanford University", bkPhDThesis},
		{"Ph.D. Dissertation", bkPhDThesis},
		{"Master's thesis, MIT", bkMastersThesis},
		{"WMT@ACL", bkWorkshop},
		{"Proceedings IEEE Workshop on Stereo and Multi-Baseline Vision (SMBV 2001)", bkWorkshop},
		{"International Symposium on Code Generation", bkConference},
		{"OSDI", bkConference},
		{"J. Electronic Imaging", bkJournal},
		{"IEEE Internet Comput.", bkJournal},
		{"Inf. Syst.", bkJournal},
		{"Proc. ACM Program. Lang.", bkJournal},
		{"Proc. IEEE Int. Conf. on Things", bkConference},
		{"Proceedings of the Third Thing", bkConference},
		{"Technometrics", bkUnknown},
		{"", bkUnknown},
	} {
		if got := bkGuessKind(tc.in); got != tc.want {
			t.Errorf("bkGuessKind(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     Paper
		kind  bkKind
		venue string
		vol   string
		num   string
		pages string
		arXiv string
	}{
		{"DOI outranks a journal venue", Paper{Venue: "IEEE Transactions on Pattern Analysis and Machine Intelligence",
			PublicationTypes: []string{"Conference"}, ExternalIDs: ExternalIDs{"DOI": "10.1109/CVPR.2018.00745"},
			Journal: &Journal{Name: "Proceedings of the IEEE conference on computer vision and pattern recognition", Pages: "7132-7141"}},
			bkConference, "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", "", "", "7132--7141", ""},
		{"publication type picks the conference", Paper{Venue: "IEEE Transactions on Pattern Analysis and Machine Intelligence",
			PublicationTypes: []string{"Conference"}, Journal: &Journal{Name: "Proceedings of the IEEE conference on computer vision and pattern recognition"}},
			bkConference, "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", "", "", "", ""},
		{"workshop", Paper{Venue: "CVPR Workshops 2018"}, bkWorkshop,
			"Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)", "", "", "", ""},
		{"workshop by DOI", Paper{Venue: "CVPR", ExternalIDs: ExternalIDs{"DOI": "10.1109/CVPRW.2019.00001"}}, bkWorkshop,
			"Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)", "", "", "", ""},
		{"journal issue in the name", Paper{Venue: "Frontiers of Information Technology & Electronic Engineering",
			Journal: &Journal{Name: "Frontiers of Information Technology & Electronic Engineering, 19(1)", Pages: "64-77"}},
			bkJournal, "Frontiers of Information Technology & Electronic Engineering", "19", "1", "64--77", ""},
		{"volume with issue", Paper{Venue: "Some Journal of Things", Journal: &Journal{Name: "Some Journal of Things", Volume: "12 (3)", Pages: "1 - 9"}},
			bkJournal, "Some Journal of Things", "12", "3", "1--9", ""},
		{"arXiv only", Paper{Venue: "ArXiv", ExternalIDs: ExternalIDs{"ArXiv": "1704.04861"}, Journal: &Journal{Name: "arXiv preprint arXiv:1704.04861"}},
			bkArXiv, "", "", "", "", "1704.04861"},
		{"arXiv id from CoRR volume", Paper{Venue: "CoRR", Journal: &Journal{Name: "ArXiv", Volume: "abs/1611.05431v2"}},
			bkArXiv, "", "", "", "", "1611.05431"},
		{"arXiv id from its DOI", Paper{ExternalIDs: ExternalIDs{"DOI": "10.48550/arXiv.1412.6550"}},
			bkArXiv, "", "", "", "", "1412.6550"},
		{"arXiv venue, no id", Paper{Venue: "arXiv"}, bkArXiv, "", "", "", "", ""},
		{"conference despite an arXiv journal", Paper{Venue: "ICLR", Journal: &Journal{Name: "arXiv preprint arXiv:1511.05641"}},
			bkConference, "International Conference on Learning Representations (ICLR)", "", "", "", "1511.05641"},
		{"publicationVenue", Paper{PublicationVenue: &Venue{Name: "Journal of Obscure Results", Type: "journal"}},
			bkJournal, "Journal of Obscure Results", "", "", "", ""},
		{"unknown conference", Paper{Venue: "2019 7th International Conference on Robot Intelligence Technology"},
			bkConference, "International Conference on Robot Intelligence Technology", "", "", "", ""},
		{"ACL anthology DOI", Paper{ExternalIDs: ExternalIDs{"DOI": "10.18653/v1/P17-1001"}}, bkConference,
			"Proceedings of the Annual Meeting of the Association for Computational Linguistics (ACL)", "", "", "", ""},
		{"named workshop", Paper{Venue: "WMT@ACL"}, bkWorkshop, "WMT Workshop at ACL", "", "", "", ""},
		{"thesis", Paper{Venue: "PhD thesis, University of Toronto"}, bkPhDThesis, "University of Toronto", "", "", "", ""},
		{"old arXiv id", Paper{ExternalIDs: ExternalIDs{"ArXiv": "hep-th/9901001v2"}}, bkArXiv, "", "", "", "", "hep-th/9901001"},
		{"nothing", Paper{Title: "x"}, bkUnknown, "", "", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := bkClassify(&tc.p)
			if pl.kind != tc.kind || pl.name != tc.venue || pl.volume != tc.vol || pl.number != tc.num || pl.pages != tc.pages || pl.arXiv != tc.arXiv {
				t.Errorf("bkClassify = {kind %v, %q, vol %q, num %q, pages %q, arXiv %q}; want {kind %v, %q, vol %q, num %q, pages %q, arXiv %q}",
					pl.kind, pl.name, pl.volume, pl.number, pl.pages, pl.arXiv, tc.kind, tc.venue, tc.vol, tc.num, tc.pages, tc.arXiv)
			}
		})
	}
}
