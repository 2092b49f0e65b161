package bib

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// bkKind is what a venue is, which decides the BibTeX entry type.
type bkKind int

const (
	bkUnknown       bkKind = iota
	bkConference           // @inproceedings, booktitle
	bkWorkshop             // @inproceedings, booktitle naming the workshop
	bkJournal              // @article, journal
	bkArXiv                // @article, journal = {arXiv preprint arXiv:ID}
	bkPhDThesis            // @phdthesis, school
	bkMastersThesis        // @mastersthesis, school
)

// bkVenue is a well-known venue with the readable name a careful author puts
// in booktitle or journal.
type bkVenue struct {
	short     string // "CVPR"
	kind      bkKind // bkConference or bkJournal
	name      string // "Proceedings of the IEEE Conference on ..."
	workshops string // booktitle for the venue's workshops; "" means use the S2 string
	publisher string // written for conferences when known
	re        *regexp.Regexp
	not       *regexp.Regexp // matches that are some other venue
	// plainWorkshop: the venue's own name contains "workshop" (WACV was the
	// "Workshop on Applications of Computer Vision"), so the word does not
	// make a paper a workshop paper.
	plainWorkshop bool
}

func bkConf(short, name, publisher, re string) *bkVenue {
	return &bkVenue{short: short, kind: bkConference, name: name, publisher: publisher, re: regexp.MustCompile(re)}
}

func bkJour(short, name, re string) *bkVenue {
	return &bkVenue{short: short, kind: bkJournal, name: name, re: regexp.MustCompile(re)}
}

func (v *bkVenue) except(re string) *bkVenue { v.not = regexp.MustCompile(re); return v }

func (v *bkVenue) withWorkshops(name string) *bkVenue { v.workshops = name; return v }

// bkVenues is the table of well-known venues. Patterns run on bkNormVenue's
// form of a venue string (ASCII, lower case, "&" as "and", punctuation as
// single spaces); the first match wins, so more specific venues come first.
// Years, ordinals ("6th") and "Proceedings of the" need no pattern: the
// patterns look for the acronym as a word or the distinctive part of the
// long name anywhere in the string.
var bkVenues = []*bkVenue{
	// Computer vision.
	bkConf("CVPR", "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", "IEEE",
		`\bcvpr\b|\bcvprw\b|\bconference on computer vision and pattern recognition\b`).
		withWorkshops("Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)"),
	bkConf("ICCV", "Proceedings of the IEEE International Conference on Computer Vision (ICCV)", "IEEE",
		`\biccv\b|\biccvw\b|\binternational conference on computer vision\b`).
		except(`\btheory and applications\b|\bcomputer vision systems\b|\bcomputer vision and pattern\b|\bgraphics\b`).
		withWorkshops("Proceedings of the IEEE International Conference on Computer Vision Workshops (ICCVW)"),
	bkConf("ECCV", "European Conference on Computer Vision (ECCV)", "Springer",
		`\beccv\b|\beuropean conference on computer vision\b`).
		withWorkshops("European Conference on Computer Vision Workshops (ECCVW)"),
	bkConf("ACCV", "Asian Conference on Computer Vision (ACCV)", "Springer",
		`\baccv\b|\basian conference on computer vision\b`),
	&bkVenue{short: "WACV", kind: bkConference, publisher: "IEEE", plainWorkshop: true,
		name: "Proceedings of the IEEE Winter Conference on Applications of Computer Vision (WACV)",
		re:   regexp.MustCompile(`\bwacv\b|\bwinter conference on applications of computer vision\b|\bworkshop on applications of computer vision\b`)},
	bkConf("BMVC", "British Machine Vision Conference (BMVC)", "BMVA Press",
		`\bbmvc\b|\bbritish machine vision conference\b`),
	bkConf("3DV", "International Conference on 3D Vision (3DV)", "IEEE",
		`\b3dv\b|\binternational conference on 3d vision\b`),
	bkConf("ICPR", "International Conference on Pattern Recognition (ICPR)", "IEEE",
		`\bicpr\b|\binternational conference on pattern recognition\b`).except(`\bapplications and methods\b|\bicpram\b`),
	bkConf("ICDAR", "International Conference on Document Analysis and Recognition (ICDAR)", "IEEE",
		`\bicdar\b|\bconference on document analysis and recognition\b`),
	bkConf("ICIP", "Proceedings of the IEEE International Conference on Image Processing (ICIP)", "IEEE",
		`\bicip\b|\binternational conference on image processing\b`),
	bkConf("MICCAI", "Medical Image Computing and Computer Assisted Intervention (MICCAI)", "Springer",
		`\bmiccai\b|\bmedical image computing and computer assisted intervention\b`),
	bkConf("ICRA", "Proceedings of the IEEE International Conference on Robotics and Automation (ICRA)", "IEEE",
		`\bicra\b|\binternational conference on robotics and automation\b`),
	bkConf("IROS", "Proceedings of the IEEE/RSJ International Conference on Intelligent Robots and Systems (IROS)", "IEEE",
		`\biros\b|\bconference on intelligent robots and systems\b`),
	bkConf("CoRL", "Proceedings of the Conference on Robot Learning (CoRL)", "PMLR",
		`\bcorl\b|\bconference on robot learning\b`),
	bkConf("MM", "Proceedings of the ACM International Conference on Multimedia (MM)", "ACM",
		`\bacm multimedia\b|\bacm mm\b|\bacm international conference on multimedia\b|^mm( \d+)?$`),

	// Machine learning and AI.
	bkConf("NeurIPS", "Advances in Neural Information Processing Systems (NeurIPS)", "",
		`\bnips\b|\bneurips\b|\bneural information processing systems\b`),
	bkConf("ICML", "Proceedings of the International Conference on Machine Learning (ICML)", "",
		`\bicml\b|\binternational conference on machine learning\b`).except(`\bmachine learning and\b|\bicmla\b|\bicmlc\b`),
	bkConf("ICLR", "International Conference on Learning Representations (ICLR)", "",
		`\biclr\b|\binternational conference on learning representations\b`),
	bkConf("IJCAI", "Proceedings of the International Joint Conference on Artificial Intelligence (IJCAI)", "",
		`\bijcai\b|\binternational joint conference on artificial intelligence\b`),
	bkConf("AAAI", "Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI Press",
		`\baaai\b|\bnational conference on artificial intelligence\b`).except(`\bsymposium\b|\bmagazine\b`),
	bkConf("AISTATS", "Proceedings of the International Conference on Artificial Intelligence and Statistics (AISTATS)", "PMLR",
		`\baistats\b|\bartificial intelligence and statistics\b`),
	bkConf("UAI", "Proceedings of the Conference on Uncertainty in Artificial Intelligence (UAI)", "",
		`\buai\b|\buncertainty in artificial intelligence\b`),
	bkConf("COLT", "Proceedings of the Conference on Learning Theory (COLT)", "PMLR",
		`\bcolt\b|\bconference on learning theory\b|\bcomputational learning theory\b`),
	bkConf("ECML-PKDD", "Joint European Conference on Machine Learning and Knowledge Discovery in Databases (ECML PKDD)", "Springer",
		`\becml\b|\bmachine learning and knowledge discovery in databases\b`),
	bkConf("IJCNN", "International Joint Conference on Neural Networks (IJCNN)", "IEEE",
		`\bijcnn\b|\binternational joint conference on neural networks\b`),
	bkConf("MLSys", "Proceedings of Machine Learning and Systems (MLSys)", "",
		`\bmlsys\b|\bsysml\b|\bconference on machine learning and systems\b|\bproceedings of machine learning and systems\b`),

	// Data mining, web, information retrieval.
	bkConf("KDD", "Proceedings of the ACM SIGKDD International Conference on Knowledge Discovery and Data Mining (KDD)", "ACM",
		`\bkdd\b|\bknowledge discovery and data mining\b`).except(`\bpakdd\b|\bpacific\b|\bexplorations\b`),
	bkConf("WSDM", "Proceedings of the ACM International Conference on Web Search and Data Mining (WSDM)", "ACM",
		`\bwsdm\b|\bweb search and data mining\b`),
	bkConf("SDM", "Proceedings of the SIAM International Conference on Data Mining (SDM)", "SIAM",
		`^sdm( \d+)?$|\bsiam international conference on data mining\b`),
	bkConf("ICDM", "Proceedings of the IEEE International Conference on Data Mining (ICDM)", "IEEE",
		`\bicdm\b|\binternational conference on data mining\b`),
	bkConf("WWW", "Proceedings of the International World Wide Web Conference (WWW)", "ACM",
		`\bwww\b|\bworld wide web conference\b|\bthe web conference\b`),
	bkConf("SIGIR", "Proceedings of the International ACM SIGIR Conference on Research and Development in Information Retrieval (SIGIR)", "ACM",
		`\bsigir\b|\bresearch and development in information retrieval\b`).except(`\bforum\b`),
	bkConf("CIKM", "Proceedings of the ACM International Conference on Information and Knowledge Management (CIKM)", "ACM",
		`\bcikm\b|\bconference on information and knowledge management\b`),
	bkConf("RecSys", "Proceedings of the ACM Conference on Recommender Systems (RecSys)", "ACM",
		`\brecsys\b|\bconference on recommender systems\b`),
	bkJour("PVLDB", "Proceedings of the VLDB Endowment",
		`\bpvldb\b|\bproc vldb endow\b|\bproceedings of the vldb endowment\b`),
	bkConf("VLDB", "Proceedings of the International Conference on Very Large Data Bases (VLDB)", "",
		`\bvldb\b|\bvery large data bases\b`),
	bkConf("SIGMOD", "Proceedings of the ACM SIGMOD International Conference on Management of Data (SIGMOD)", "ACM",
		`\bsigmod\b|\binternational conference on management of data\b`).except(`\brecord\b`),
	bkConf("ICDE", "Proceedings of the IEEE International Conference on Data Engineering (ICDE)", "IEEE",
		`\bicde\b|\binternational conference on data engineering\b`),
	bkConf("CHI", "Proceedings of the CHI Conference on Human Factors in Computing Systems (CHI)", "ACM",
		`^chi( \d+)?$|\bchi conference\b|\bconference on human factors in computing systems\b`),

	// Natural language and speech.
	bkConf("Findings", "Findings of the Association for Computational Linguistics", "Association for Computational Linguistics",
		`\bfindings\b`),
	bkConf("NAACL", "Proceedings of the Conference of the North American Chapter of the Association for Computational Linguistics (NAACL)", "Association for Computational Linguistics",
		`\bnaacl\b|\bnorth american chapter of the association for computational linguistics\b`),
	bkConf("EACL", "Proceedings of the Conference of the European Chapter of the Association for Computational Linguistics (EACL)", "Association for Computational Linguistics",
		`\beacl\b|\beuropean chapter of the association for computational linguistics\b`),
	bkJour("TACL", "Transactions of the Association for Computational Linguistics",
		`\btacl\b|\btransactions of the association for computational linguistics\b|\btrans assoc comput linguistics\b`),
	bkConf("ACL", "Proceedings of the Annual Meeting of the Association for Computational Linguistics (ACL)", "Association for Computational Linguistics",
		`\bacl\b|\bannual meeting of the association for computational linguistics\b`),
	bkConf("EMNLP", "Proceedings of the Conference on Empirical Methods in Natural Language Processing (EMNLP)", "Association for Computational Linguistics",
		`\bemnlp\b|\bempirical methods in natural language processing\b`),
	bkConf("COLING", "Proceedings of the International Conference on Computational Linguistics (COLING)", "",
		`\bcoling\b|\binternational conference on computational linguistics\b`),
	bkConf("CoNLL", "Proceedings of the Conference on Computational Natural Language Learning (CoNLL)", "Association for Computational Linguistics",
		`\bconll\b|\bconference on computational natural language learning\b`),
	bkConf("Interspeech", "Proceedings of Interspeech", "ISCA", `\binterspeech\b`),
	bkConf("ICASSP", "Proceedings of the IEEE International Conference on Acoustics, Speech and Signal Processing (ICASSP)", "IEEE",
		`\bicassp\b|\bconference on acoustics speech and signal processing\b`),

	// Systems and architecture.
	bkConf("ISCA", "Proceedings of the ACM/IEEE International Symposium on Computer Architecture (ISCA)", "",
		`\bisca\b|\binternational symposium on computer architecture\b`),
	bkConf("MICRO", "Proceedings of the IEEE/ACM International Symposium on Microarchitecture (MICRO)", "",
		`\bsymposium on microarchitecture\b`),
	bkConf("HPCA", "Proceedings of the IEEE International Symposium on High Performance Computer Architecture (HPCA)", "IEEE",
		`\bhpca\b|\bhigh performance computer architecture\b`),
	bkConf("ASPLOS", "Proceedings of the International Conference on Architectural Support for Programming Languages and Operating Systems (ASPLOS)", "ACM",
		`\basplos\b|\barchitectural support for programming languages and operating systems\b`),
	bkConf("FPGA", "Proceedings of the ACM/SIGDA International Symposium on Field-Programmable Gate Arrays (FPGA)", "ACM",
		`^fpga( \d+)?$|\bsymposium on field programmable gate arrays\b`),
	bkConf("DAC", "Proceedings of the Design Automation Conference (DAC)", "",
		`^dac( \d+)?$|\bdesign automation conference\b`).except(`\basia\b`),
	bkConf("OSDI", "Proceedings of the USENIX Symposium on Operating Systems Design and Implementation (OSDI)", "USENIX Association",
		`\bosdi\b|\boperating systems design and implementation\b`),
	bkConf("SOSP", "Proceedings of the ACM Symposium on Operating Systems Principles (SOSP)", "ACM",
		`\bsosp\b|\bsymposium on operating systems principles\b`),
	bkConf("NSDI", "Proceedings of the USENIX Symposium on Networked Systems Design and Implementation (NSDI)", "USENIX Association",
		`\bnsdi\b|\bnetworked systems design and implementation\b`),
	bkConf("CGO", "Proceedings of the IEEE/ACM International Symposium on Code Generation and Optimization (CGO)", "",
		`^cgo( \d+)?$|\bcode generation and optimization\b`),
	bkConf("PLDI", "Proceedings of the ACM SIGPLAN Conference on Programming Language Design and Implementation (PLDI)", "ACM",
		`\bpldi\b|\bprogramming language design and implementation\b`),
	bkConf("POPL", "Proceedings of the ACM SIGPLAN Symposium on Principles of Programming Languages (POPL)", "ACM",
		`\bpopl\b|\bsymposium on principles of programming languages\b`),
	bkConf("TACAS", "Tools and Algorithms for the Construction and Analysis of Systems (TACAS)", "Springer",
		`\btacas\b|\btools and algorithms for the construction and analysis of systems\b`),

	// Journals.
	bkJour("TPAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence",
		`\btpami\b|\bpattern analysis and machine intelligence\b|\btrans pattern anal mach intell\b`),
	bkJour("IJCV", "International Journal of Computer Vision",
		`\bijcv\b|\binternational journal of computer vision\b|\bint j comput vis(ion)?\b`),
	bkJour("CVIU", "Computer Vision and Image Understanding",
		`\bcvgip\b|\bcomputer vision and image understanding\b|\bcomput vis image underst(and)?\b`),
	bkJour("JMLR", "Journal of Machine Learning Research",
		`\bjmlr\b|\bjournal of machine learning research\b|\bj mach learn res\b`).except(`\bworkshop\b|\bproceedings\b|\bw cp\b`),
	bkJour("TIP", "IEEE Transactions on Image Processing",
		`\btransactions on image processing\b|\btrans image process(ing)?\b`),
	bkJour("TNNLS", "IEEE Transactions on Neural Networks and Learning Systems",
		`\btnnls\b|\bneural networks and learning systems\b|\bneural netw learn syst\b`),
	bkJour("TNN", "IEEE Transactions on Neural Networks",
		`\btransactions on neural networks\b|\btrans neural netw(orks)?\b`),
	bkJour("TMM", "IEEE Transactions on Multimedia",
		`\btransactions on multimedia\b|\btrans multimedia\b`),
	bkJour("TKDE", "IEEE Transactions on Knowledge and Data Engineering",
		`\btkde\b|\btransactions on knowledge and data engineering\b|\btrans knowl data eng\b`),
	bkJour("TIT", "IEEE Transactions on Information Theory",
		`\btransactions on information theory\b|\btrans inf theory\b`),
	bkJour("TASLP", "IEEE Transactions on Audio, Speech, and Language Processing",
		`\baudio speech and language processing\b|\baudio speech lang process\b`),
	bkJour("TAC", "IEEE Transactions on Automatic Control",
		`\btransactions on automatic control\b|\btrans automat contr\b`),
	bkJour("TCSVT", "IEEE Transactions on Circuits and Systems for Video Technology",
		`\bcircuits and systems for video technology\b`),
	bkJour("TSP", "IEEE Transactions on Signal Processing",
		`\btransactions on signal processing\b|\btrans signal process\b`),
	bkJour("SPM", "IEEE Signal Processing Magazine", `\bsignal processing magazine\b|\bsignal process mag\b`),
	bkJour("JSSC", "IEEE Journal of Solid-State Circuits", `\bjournal of solid state circuits\b|\bj solid state circuits\b`),
	bkJour("ProcIEEE", "Proceedings of the IEEE", `^proceedings of the ieee$|^proc ieee$`),
	bkJour("TOG", "ACM Transactions on Graphics", `\bacm trans(actions on)? graph(ics)?\b|^tog$`),
	bkJour("CSUR", "ACM Computing Surveys", `\bcsur\b|\bacm computing surveys\b|\bacm comput surv\b`),
	bkJour("TIST", "ACM Transactions on Intelligent Systems and Technology",
		`\btist\b|\btransactions on intelligent systems and technology\b|\bintell syst technol\b`),
	bkJour("CACM", "Communications of the ACM", `\bcommunications of the acm\b|\bcommun acm\b|^cacm$`),
	bkJour("CL", "Computational Linguistics", `^computational linguistics$|^comput linguistics$`),
	bkJour("NECO", "Neural Computation", `^neural computation$|^neural comput$`),
	bkJour("NN", "Neural Networks", `^neural networks$|^neural netw$`),
	bkJour("Neurocomputing", "Neurocomputing", `^neurocomputing$`),
	bkJour("PRL", "Pattern Recognition Letters", `^pattern recognit(ion)? lett(ers)?$`),
	bkJour("PR", "Pattern Recognition", `^pattern recognit(ion)?$`),
	bkJour("MLJ", "Machine Learning", `^machine learning$|^mach learn$`),
	bkJour("AIJ", "Artificial Intelligence", `^artificial intelligence$|^artif intell$`),
	bkJour("JAIR", "Journal of Artificial Intelligence Research",
		`\bjournal of artificial intelligence research\b|\bj artif intell res\b|^jair$`),
	bkJour("FTML", "Foundations and Trends in Machine Learning",
		`\bfound(ations)? (and )?trends (in )?mach(ine)? learn(ing)?\b`),
	bkJour("IJRR", "International Journal of Robotics Research",
		`\binternational journal of robotics research\b|\bint j robotics res\b|\bijrr\b`),
	bkJour("Nature", "Nature", `^nature$`),
	bkJour("Science", "Science", `^science$`),
	bkJour("PNAS", "Proceedings of the National Academy of Sciences",
		`\bpnas\b|\bproceedings of the national academy of sciences\b|\bproc natl acad sci\b`),
	bkJour("FITEE", "Frontiers of Information Technology & Electronic Engineering",
		`\bfrontiers of information technology and electronic engineering\b|\bfront inform technol electron eng\b`),
}

// bkDOIVenues maps DOI prefixes (lower case) that name one venue to its
// short name in bkVenues. A DOI names the version of record, so when it names
// a venue it outranks S2's venue string (S2 gives "IEEE Transactions on
// Pattern Analysis and Machine Intelligence" for the CVPR paper with DOI
// 10.1109/CVPR.2018.00745).
var bkDOIVenues = []struct {
	prefix, short string
	workshop      bool
}{
	{"10.1109/cvprw.", "CVPR", true},
	{"10.1109/cvpr.", "CVPR", false},
	{"10.1109/iccvw.", "ICCV", true},
	{"10.1109/iccv.", "ICCV", false},
	{"10.1109/wacv", "WACV", false},
	{"10.1109/icassp.", "ICASSP", false},
	{"10.1109/icip.", "ICIP", false},
	{"10.1109/icpr.", "ICPR", false},
	{"10.1109/icdar.", "ICDAR", false},
	{"10.1109/icra.", "ICRA", false},
	{"10.1109/iros.", "IROS", false},
	{"10.1109/3dv.", "3DV", false},
	{"10.1109/isca.", "ISCA", false},
	{"10.1109/hpca.", "HPCA", false},
	{"10.1109/icde.", "ICDE", false},
	{"10.1109/icdm.", "ICDM", false},
	{"10.1109/ijcnn.", "IJCNN", false},
	{"10.1109/tpami.", "TPAMI", false},
	{"10.1109/34.", "TPAMI", false},
	{"10.1109/tip.", "TIP", false},
	{"10.1109/83.", "TIP", false},
	{"10.1109/tnnls.", "TNNLS", false},
	{"10.1109/tnn.", "TNN", false},
	{"10.1109/72.", "TNN", false},
	{"10.1109/tmm.", "TMM", false},
	{"10.1109/tkde.", "TKDE", false},
	{"10.1109/tit.", "TIT", false},
	{"10.1109/18.", "TIT", false},
	{"10.1109/tasl.", "TASLP", false},
	{"10.1109/tsp.", "TSP", false},
	{"10.1109/tcsvt.", "TCSVT", false},
	{"10.1109/msp.", "SPM", false},
	{"10.1109/jssc.", "JSSC", false},
	{"10.1109/jproc.", "ProcIEEE", false},
	{"10.1109/5.", "ProcIEEE", false},
	{"10.1609/aaai.", "AAAI", false},
	{"10.24963/ijcai.", "IJCAI", false},
	{"10.5244/c.", "BMVC", false},
	{"10.1007/s11263-", "IJCV", false},
	{"10.1016/j.cviu.", "CVIU", false},
	{"10.1016/j.patcog.", "PR", false},
	{"10.1016/j.patrec.", "PRL", false},
	{"10.1016/j.neucom.", "Neurocomputing", false},
	{"10.1016/j.neunet.", "NN", false},
	{"10.1016/j.artint.", "AIJ", false},
	{"10.1162/neco", "NECO", false},
	{"10.1162/tacl", "TACL", false},
	{"10.1162/coli", "CL", false},
	{"10.1038/nature", "Nature", false},
	{"10.1038/s41586-", "Nature", false},
	{"10.1126/science.", "Science", false},
	{"10.1073/pnas.", "PNAS", false},
	{"10.1145/3065386", "CACM", false},
	{"10.1561/2200000", "FTML", false},
	{"10.1631/fitee.", "FITEE", false},
	{"10.1613/jair.", "JAIR", false},
	{"10.1177/0278364", "IJRR", false},
	{"10.21437/interspeech.", "Interspeech", false},
}

// bkACLAnthology maps the letter of an old-style ACL Anthology id
// (10.18653/v1/P17-1001) to its venue.
var bkACLAnthology = map[byte]string{'P': "ACL", 'D': "EMNLP", 'N': "NAACL", 'E': "EACL", 'K': "CoNLL", 'C': "COLING", 'Q': "TACL", 'J': "CL"}

var (
	bkACLNewID    = regexp.MustCompile(`^10\.18653/v1/\d{4}\.([a-z]+)-(main|long|short|demo|demos|srw|industry|tutorials)\b`)
	bkACLNewFind  = regexp.MustCompile(`^10\.18653/v1/\d{4}\.findings-`)
	bkACLOldID    = regexp.MustCompile(`^10\.18653/v1/([A-Z])\d{2}-\d`)
	bkArXivVenue  = regexp.MustCompile(`^(arxiv( org)?|corr|arxiv preprint.*|corr abs.*|arxiv e prints|arxiv cornell university)$`)
	bkWorkshopRe  = regexp.MustCompile(`\bworkshops?\b|\bcvprw\b|\biccvw\b|\beccvw\b`)
	bkPhDRe       = regexp.MustCompile(`\bph ?d\b.*\b(thesis|dissertation)\b|\bdoctoral (thesis|dissertation)\b|\bdissertation\b`)
	bkMastersRe   = regexp.MustCompile(`\bmaster s? (thesis|dissertation)\b|\bm ?sc (thesis|dissertation)\b|\bmasters (thesis|dissertation)\b`)
	bkConfWordsRe = regexp.MustCompile(`\b(conference|conf|symposium|symp|congress|meeting|colloquium|summit|forum)\b`)
	bkProcWordsRe = regexp.MustCompile(`\b(proceedings|proc)\b`)
	bkJourWordsRe = regexp.MustCompile(`\b(journal|j|transactions|trans|letters|lett|review|reviews|magazine|mag|annals|bulletin|quarterly|surveys|acta|frontiers|archives|advances)\b`)
	bkAbbrevRe    = regexp.MustCompile(`\p{L}{2,}\.(\s|$)`)
	bkAcronymRe   = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(['’ -]?\d{2,4})?$`)
)

// bkNormVenue returns the matching form of a venue string: ASCII-folded,
// lower case, "&" as "and", every other run of non-letters/digits one space.
func bkNormVenue(s string) string {
	s = strings.ReplaceAll(bkASCII(s), "&", " and ")
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// bkVenueCache memoises bkLookupVenue by venue string: a list repeats a few
// dozen venues, and matching runs a hundred patterns. It holds *bkVenue
// values (nil for no match); safe for concurrent use.
var bkVenueCache sync.Map

// bkLookupVenue finds the well-known venue a venue string names, or nil.
func bkLookupVenue(s string) *bkVenue {
	if v, ok := bkVenueCache.Load(s); ok {
		return v.(*bkVenue)
	}
	var found *bkVenue
	if n := bkNormVenue(s); n != "" {
		for _, v := range bkVenues {
			if v.re.MatchString(n) && (v.not == nil || !v.not.MatchString(n)) {
				found = v
				break
			}
		}
	}
	bkVenueCache.Store(s, found)
	return found
}

func bkVenueByShort(short string) *bkVenue {
	for _, v := range bkVenues {
		if v.short == short {
			return v
		}
	}
	return nil
}

// bkDOIVenue returns the venue a DOI prefix names, if any.
func bkDOIVenue(doi string) (v *bkVenue, workshop bool) {
	d := strings.ToLower(strings.TrimSpace(doi))
	for _, e := range bkDOIVenues {
		if strings.HasPrefix(d, e.prefix) {
			return bkVenueByShort(e.short), e.workshop
		}
	}
	doi = strings.TrimSpace(doi)
	if bkACLNewFind.MatchString(strings.ToLower(doi)) {
		return bkVenueByShort("Findings"), false
	}
	if m := bkACLNewID.FindStringSubmatch(strings.ToLower(doi)); m != nil {
		switch m[1] {
		case "acl", "emnlp", "naacl", "eacl", "conll", "coling":
			return bkLookupVenue(m[1]), false
		}
		return nil, false
	}
	if m := bkACLOldID.FindStringSubmatch(doi); m != nil {
		if short, ok := bkACLAnthology[m[1][0]]; ok {
			return bkVenueByShort(short), false
		}
		if m[1] == "W" {
			return nil, true
		}
	}
	return nil, false
}

// bkIsArXivVenue reports whether a venue string names arXiv itself.
func bkIsArXivVenue(s string) bool {
	n := bkNormVenue(s)
	return n != "" && bkArXivVenue.MatchString(n)
}

var (
	bkLeadYear     = regexp.MustCompile(`^(19|20)\d{2}\s+`)
	bkTrailYear    = regexp.MustCompile(`[\s,]+(19|20)\d{2}\.?$|\s*['’]\d{2}$|-\d{2}$`)
	bkOrdinal      = regexp.MustCompile(`(?i)^(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+`)
	bkProcPrefix   = regexp.MustCompile(`(?i)^(proceedings|proc\.?)\s+(of\s+)?(the\s+)?`)
	bkAtWorkshop   = regexp.MustCompile(`^([^@\s]+)@([^@\s]+)$`)
	bkJournalIssue = regexp.MustCompile(`^(.*?)[,\s]+(\d+)\s*\(([0-9A-Za-z]+(?:[-–][0-9A-Za-z]+)?)\)\s*$`)
	bkJournalVol   = regexp.MustCompile(`^(.*?),\s*(\d+)\s*$`)
	bkVolIssue     = regexp.MustCompile(`^(\d+)\s*\(([0-9A-Za-z]+(?:[-–][0-9A-Za-z]+)?)\)$`)
	bkNumeric      = regexp.MustCompile(`^\d+$`)
)

// bkCleanVenue turns a venue string that is not in the table into a
// readable name: braces (BibTeX leftovers) removed, a leading year or
// ordinal and a trailing year dropped ("2017 14th IAPR International
// Conference on X" → "IAPR International Conference on X", "CVPR 2011" →
// "CVPR"), S2's "WMT@ACL" workshop form spelled out.
func bkCleanVenue(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '{' || r == '}' {
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if m := bkAtWorkshop.FindStringSubmatch(s); m != nil {
		host := m[2]
		if v := bkLookupVenue(host); v != nil {
			host = v.short
		}
		return m[1] + " Workshop at " + host
	}
	for {
		t := bkLeadYear.ReplaceAllString(s, "")
		t = bkOrdinal.ReplaceAllString(t, "")
		if t == s {
			break
		}
		s = t
	}
	if t := strings.TrimSpace(bkTrailYear.ReplaceAllString(s, "")); t != "" {
		s = t
	}
	s = strings.TrimRight(s, " ,;:") // a final "." may end an abbreviation ("Intell.")
	return strings.ReplaceAll(s, "@", " at ")
}

// bkGuessKind classifies a venue string that is not in the table.
func bkGuessKind(s string) bkKind {
	n := bkNormVenue(s)
	switch {
	case n == "":
		return bkUnknown
	case bkMastersRe.MatchString(n):
		return bkMastersThesis
	case bkPhDRe.MatchString(n):
		return bkPhDThesis
	case bkAtWorkshop.MatchString(strings.TrimSpace(s)), bkWorkshopRe.MatchString(n):
		return bkWorkshop
	case bkConfWordsRe.MatchString(n):
		return bkConference
	case bkJourWordsRe.MatchString(n):
		return bkJournal
	case bkAbbrevRe.MatchString(s):
		// ISO 4 abbreviations ("Inf. Syst.", "Proc. ACM Program. Lang.")
		// are how S2 names journals; its conference names carry no periods.
		return bkJournal
	case bkProcWordsRe.MatchString(n):
		return bkConference
	case bkAcronymRe.MatchString(strings.TrimSpace(s)):
		// "OSDI", "SIGMOD Conference", "LION": conference acronyms.
		return bkConference
	}
	return bkUnknown
}

// bkPlace is where a paper appeared, as its BibTeX entry needs it. Strings
// are plain text, not yet escaped for LaTeX.
type bkPlace struct {
	kind      bkKind
	name      string // booktitle, journal name or school; "" when unknown
	publisher string
	volume    string
	number    string
	pages     string // with "--" between the first and last page
	arXiv     string // arXiv id, when the paper has one
	arXivDOI  bool   // the record's DOI is arXiv's own (10.48550/arXiv.…)
}

var (
	bkArXivInName = regexp.MustCompile(`(?i)\barxiv:\s*([a-z\-]+(?:\.[a-z]{2})?/\d{7}|\d{4}\.\d{4,5})(v\d+)?\b`)
	bkArXivInVol  = regexp.MustCompile(`(?i)^abs/([a-z\-]+(?:\.[a-z]{2})?/\d{7}|\d{4}\.\d{4,5})(v\d+)?$`)
	bkArXivDOI    = regexp.MustCompile(`(?i)^10\.48550/arxiv\.(.+)$`)
	bkArXivVer    = regexp.MustCompile(`v\d+$`)
	bkPageRange   = regexp.MustCompile(`^([A-Za-z]?\d+(?::\d+)?[A-Za-z]?)\s*(?:-+|–|—|‒)\s*([A-Za-z]?\d+(?::\d+)?[A-Za-z]?)$`)
)

// bkPages writes a page range with "--".
func bkPages(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if m := bkPageRange.FindStringSubmatch(s); m != nil {
		if m[1] == m[2] {
			return m[1]
		}
		return m[1] + "--" + m[2]
	}
	return s
}

// bkArXivID returns the paper's arXiv id (no version suffix) from its
// external ids, its arXiv DOI, or S2's journal object ("arXiv preprint
// arXiv:1704.04861", volume "abs/1704.04861").
func bkArXivID(p *Paper) string {
	id := strings.TrimSpace(p.ExternalIDs["ArXiv"])
	if id == "" {
		if m := bkArXivDOI.FindStringSubmatch(strings.TrimSpace(p.ExternalIDs["DOI"])); m != nil {
			id = m[1]
		}
	}
	if id == "" && p.Journal != nil {
		if m := bkArXivInName.FindStringSubmatch(p.Journal.Name); m != nil {
			id = m[1]
		} else if m := bkArXivInVol.FindStringSubmatch(strings.TrimSpace(p.Journal.Volume)); m != nil {
			id = m[1]
		}
	}
	id = strings.TrimPrefix(strings.TrimPrefix(id, "arXiv:"), "arxiv:")
	return bkArXivVer.ReplaceAllString(id, "")
}

// bkSplitJournal separates a volume and issue that S2 appends to journal
// names: "Frontiers of …, 19(1)" → ("Frontiers of …", "19", "1").
func bkSplitJournal(name string) (n, volume, number string) {
	name = strings.TrimSpace(name)
	if m := bkJournalIssue.FindStringSubmatch(name); m != nil && strings.TrimSpace(m[1]) != "" {
		return strings.TrimSpace(m[1]), m[2], m[3]
	}
	if m := bkJournalVol.FindStringSubmatch(name); m != nil && strings.TrimSpace(m[1]) != "" {
		return strings.TrimSpace(m[1]), m[2], ""
	}
	return name, "", ""
}

func bkHasType(p *Paper, types ...string) bool {
	for _, t := range p.PublicationTypes {
		for _, want := range types {
			if strings.EqualFold(strings.TrimSpace(t), want) {
				return true
			}
		}
	}
	return false
}

// bkClassify decides where a paper appeared from every hint its record
// gives: the DOI's prefix (strongest: it names the version of record), then
// publicationVenue, venue and journal name, looked up in the venue table
// and weighed by publicationTypes; arXiv when arXiv is all there is.
func bkClassify(p *Paper) bkPlace {
	var pl bkPlace
	pl.arXiv = bkArXivID(p)
	pl.arXivDOI = bkArXivDOI.MatchString(strings.TrimSpace(p.ExternalIDs["DOI"]))
	isConf := bkHasType(p, "Conference")
	isJour := bkHasType(p, "JournalArticle", "Review")
	if pv := p.PublicationVenue; pv != nil {
		isConf = isConf || strings.EqualFold(pv.Type, "conference")
		isJour = isJour || strings.EqualFold(pv.Type, "journal")
	}

	var jName, jVolume, jNumber, jPages string
	if j := p.Journal; j != nil {
		jName, jVolume, jNumber = bkSplitJournal(j.Name)
		if v := strings.TrimSpace(j.Volume); v != "" {
			if m := bkVolIssue.FindStringSubmatch(v); m != nil {
				jVolume, jNumber = m[1], m[2]
			} else if !bkArXivInVol.MatchString(v) {
				jVolume = v
			}
		}
		jPages = bkPages(j.Pages)
	}

	// Venue strings in order of trust; arXiv is not a venue here.
	var cands []string
	sawArXiv := false
	add := func(s string) {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
		case bkIsArXivVenue(s):
			sawArXiv = true
		default:
			cands = append(cands, s)
		}
	}
	if pv := p.PublicationVenue; pv != nil {
		add(pv.Name)
	}
	add(p.Venue)
	add(jName)

	known, workshop := bkDOIVenue(p.ExternalIDs["DOI"])
	if known == nil {
		var first, conf, jour *bkVenue
		for _, c := range cands {
			v := bkLookupVenue(c)
			if v == nil {
				continue
			}
			if first == nil {
				first = v
			}
			if conf == nil && v.kind == bkConference {
				conf = v
			}
			if jour == nil && v.kind == bkJournal {
				jour = v
			}
		}
		switch {
		case isConf && conf != nil:
			known = conf
		case isJour && !isConf && jour != nil:
			known = jour
		default:
			known = first
		}
	}
	// Journal data (volume, pages) belong to the chosen venue only when the
	// journal object names it, or names nothing.
	jMatches := func() bool {
		if jName == "" {
			return true
		}
		if bkIsArXivVenue(jName) {
			return false
		}
		if known != nil {
			return bkLookupVenue(jName) == known
		}
		return len(cands) > 0 && bkCleanVenue(jName) == bkCleanVenue(cands[0])
	}

	if known != nil {
		pl.kind, pl.name, pl.publisher = known.kind, known.name, known.publisher
		var named, wsName string // "WMT Workshop at ACL"; "CVPR Workshops"
		for _, c := range cands {
			if bkLookupVenue(c) != known {
				continue
			}
			switch {
			case bkAtWorkshop.MatchString(strings.TrimSpace(c)): // S2's "WMT@ACL"
				workshop = true
				if named == "" {
					named = bkCleanVenue(c)
				}
			case !known.plainWorkshop && bkWorkshopRe.MatchString(bkNormVenue(c)):
				workshop = true
				if wsName == "" {
					wsName = bkCleanVenue(c)
				}
			}
		}
		if workshop && known.kind == bkConference {
			pl.kind = bkWorkshop
			switch {
			case named != "":
				pl.name = named
			case known.workshops != "":
				pl.name = known.workshops
			case wsName != "":
				pl.name = wsName
			default:
				pl.name = known.name + " Workshops"
			}
		}
	} else if len(cands) > 0 {
		s := cands[0]
		pl.kind = bkGuessKind(s)
		if pl.kind == bkUnknown {
			switch {
			case isConf:
				pl.kind = bkConference
			case isJour:
				pl.kind = bkJournal
			case jName != "" && !bkIsArXivVenue(jName) && (jVolume != "" || jPages != ""):
				pl.kind = bkJournal
			}
		}
		pl.name = bkCleanVenue(s)
		if pl.kind == bkPhDThesis || pl.kind == bkMastersThesis {
			pl.name = bkThesisSchool(s)
		}
	} else if pl.arXiv != "" || sawArXiv {
		pl.kind = bkArXiv
	}

	if (pl.kind == bkJournal || pl.kind == bkConference || pl.kind == bkWorkshop || pl.kind == bkUnknown) && jMatches() {
		pl.pages = jPages
		if bkNumeric.MatchString(jVolume) || pl.kind == bkJournal {
			pl.volume = jVolume
			if pl.kind == bkJournal {
				pl.number = jNumber
			}
		}
	}
	return pl
}

// bkThesisSchool returns the school named beside a thesis phrase
// ("PhD thesis, University of Toronto" → "University of Toronto"), or "".
func bkThesisSchool(s string) string {
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		n := bkNormVenue(part)
		if n == "" || bkPhDRe.MatchString(n) || bkMastersRe.MatchString(n) || bkLeadYear.MatchString(part+" ") {
			continue
		}
		return bkCleanVenue(part)
	}
	return ""
}
