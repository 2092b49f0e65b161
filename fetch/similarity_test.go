package fetch

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// titlePairs are listed-vs-record title pairs. agree says whether they must
// agree (TitleAgreement ≥ TitleAcceptThreshold) or must not.
var titlePairs = []struct {
	a, b  string
	agree bool
}{
	// Same paper, approximate listing.
	{"SENet: Squeeze-and-Excitation Networks", "Squeeze-and-Excitation Networks", true},
	{"Google: Quantization and Training of Neural Networks for Efficient Integer-Arithmetic-Only Inference", "Quantization and Training of Neural Networks for Efficient Integer-Arithmetic-Only Inference", true},
	{"Google: Quantizing deep convolutional networks for efficient inference: A whitepaper", "Quantizing deep convolutional networks for efficient inference: A whitepaper", true},
	{"Uber SBNet: Sparse Blocks Network for Fast Inference", "SBNet: Sparse Blocks Network for Fast Inference", true},
	{"MobileNetsV1: Efficient Convolutional Neural Networks for Mobile Vision Applications", "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications", true},
	{"MobileNetV1: Efficient Convolutional Neural Networks for Mobile Vision Applications", "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications", true},
	{"ResNeXt: Aggregated Residual Transformations for Deep Neural Networks", "Aggregated Residual Transformations for Deep Neural Networks", true},
	{"Cross Model Distillation for Supervision Transfer", "Cross Modal Distillation for Supervision Transfer", true},
	{"On the Universal Approximability of Quantized ReLU Neural Networks", "On the Universal Approximability and Complexity Bounds of Quantized ReLU Neural Networks", true},
	{"A Gift from Knowledge Distillation:Fast Optimization, Network Minimization and Transfer Learning", "A Gift from Knowledge Distillation: Fast Optimization, Network Minimization and Transfer Learning", true},
	{"SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and < 0.5MB model size", "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <1MB model size", true},
	{"Net2net: Accelerating learning via knowledge transfer", "Net2Net: Accelerating Learning via Knowledge Transfer", true},
	{"“Learning-Compression” Algorithms for Neural Net Pruning", "\"Learning-Compression\" Algorithms for Neural Net Pruning", true},
	{"IGCV$2$: Interleaved Structured Sparse Convolutional Neural Networks", "IGCV2: Interleaved Structured Sparse Convolutional Neural Networks", true},
	{"Interleaved Structured Sparse Convolutional Neural Networks", "IGCV2: Interleaved Structured Sparse Convolutional Neural Networks", true},
	{"Efficient SparseWinograd Convolutional Neural Networks", "Efficient Sparse-Winograd Convolutional Neural Networks", true},
	{"Model compression as constrained optimization, with application to neural nets. Part I", "Model compression as constrained optimization, with application to neural nets. Part I: general framework", true},
	{"Binarized Neural Networks: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", "Binarized Neural Networks: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", true},
	{"XNOR-Net", "XNOR-Net: ImageNet Classification Using Binary Convolutional Neural Networks", true},
	{"ShuffleNet V2", "ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design", true},
	{"Xcepton: Deep Learning with Depthwise Separable Convolutions", "Xception: Deep Learning with Depthwise Separable Convolutions", true},
	{"DEEP COMPRESSION: COMPRESSING DEEP NEURAL NETWORKS WITH PRUNING, TRAINED QUANTIZATION AND HUFFMAN CODING", "Deep Compression: Compressing Deep Neural Network with Pruning, Trained Quantization and Huffman Coding", true},
	{"Müller nets for résumé parsing", "Muller Nets for Resume Parsing", true},

	// Near twins: never the same.
	{"MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications", "MobileNetV2: Inverted Residuals and Linear Bottlenecks", false},
	{"MobileNetV2", "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications", false},
	{"MobileNetV3", "Searching for MobileNetV3", false},
	{"MobileNetV2: Inverted Residuals and Linear Bottlenecks", "MobileNetV3: Inverted Residuals and Linear Bottlenecks", false},
	{"SqueezeNet: Hardware-Aware Neural Network Design", "SqueezeNext: Hardware-Aware Neural Network Design", false},
	{"SqueezeNet", "SqueezeNext: Hardware-Aware Neural Network Design", false},
	{"squeezenet hardware aware neural network design", "squeezenext hardware aware neural network design", false},
	{"resnet aggregated residual transformations", "resnext aggregated residual transformations", false},
	{"IGCV2: Interleaved Structured Sparse Convolutional Neural Networks", "IGCV3: Interleaved Low-Rank Group Convolutions for Efficient Deep Neural Networks", false},
	{"IGCV3: Interleaved Structured Sparse Convolutional Neural Networks", "IGCV2: Interleaved Structured Sparse Convolutional Neural Networks", false},
	{"Interleaved Group Convolutions", "IGCV3: Interleaved Low-Rank Group Convolutions for Efficient Deep Neural Networks", false},
	{"Interleaved Group Convolutions for Deep Neural Networks", "IGCV3: Interleaved Low-Rank Group Convolutions for Efficient Deep Neural Networks", false},
	{"Model compression as constrained optimization, with application to neural nets. Part I: general framework", "Model compression as constrained optimization, with application to neural nets. Part II: quantization", false},
	{"Model compression as constrained optimization, with application to neural nets. Part I", "Model compression as constrained optimization, with application to neural nets. Part II", false},
	{"Binarized Neural Networks", "Binarized Neural Networks: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", false},
	{"Binarized Neural Networks: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", "BinaryNet: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", false},
	{"BinaryNet", "Binarized Neural Networks: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", false},
	{"BinaryConnect: Training Deep Neural Networks with binary weights during propagations", "BinaryNet: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", false},
	{"ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices", "ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design", false},
	{"ShuffleNet", "ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design", false},
	{"ShuffleNet V2", "ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices", false},
	{"Sparse Convolutional Neural Networks", "Efficient Sparse-Winograd Convolutional Neural Networks", false},
	{"Sparse Convolutional Neural Networks", "Spatially-sparse convolutional neural networks", false},
	{"Deep Networks", "Deep Residual Networks", false},
	{"A Survey on Acceleration of Deep Convolutional Neural Networks", "Recent Advances in Efficient Computation of Deep Convolutional Neural Networks", false},
	{"A Survey on Acceleration of Deep Convolutional Neural Networks", "A Survey of Model Compression and Acceleration for Deep Neural Networks", false},
	{"Inception-v4, Inception-ResNet and the Impact of Residual Connections on Learning", "Inception-v3, Inception-ResNet and the Impact of Residual Connections on Learning", false},
	{"Realtime Multi-person 2D Pose Estimation", "Realtime Multi-person 3D Pose Estimation", false},
	{"XNOR-Net++: Improved Binary Neural Networks", "XNOR-Net: Improved Binary Neural Networks", false},
	{"Quantized Neural Networks", "Binarized Neural Networks", false},
	{"Distilling the Knowledge in a Neural Network", "Variational Network Quantization", false},
	// Seen among the titles of the sample corpus and its reference lists.
	{"The Second PASCAL Recognising Textual Entailment Challenge", "The Third PASCAL Recognizing Textual Entailment Challenge", false},
	{"The PASCAL Recognising Textual Entailment Challenge", "The Seventh PASCAL Recognizing Textual Entailment Challenge", false},
	{"Neural Architecture Search with Reinforcement Learning", "Neural Optimizer Search with Reinforcement Learning", false},
	{"Spatiotemporal Multiplier Networks for Video Action Recognition", "Spatiotemporal Residual Networks for Video Action Recognition", false},
	{"Multi-column deep neural network for traffic sign classification", "Multi-column deep neural networks for image classification", false},
	{"Towards End-To-End Speech Recognition with Recurrent Neural Networks", "Towards End-to-End Speech Recognition with Deep Convolutional Neural Networks", false},
	{"Probabilistic Matrix Factorization", "Probabilistic Sparse Matrix Factorization", false},
	{"Relational Deep Reinforcement Learning", "Relational Reinforcement Learning", false},
	{"Semi-Supervised Learning", "Semi-supervised Sequence Learning", false},
	{"Introduction to Information Retrieval", "Introduction to Modern Information Retrieval", false},
	{"Training v-Support Vector Classifiers: Theory and Algorithms", "Training v-Support Vector Regression: Theory and Algorithms", false},
	{"Pruning Convolutional Neural Networks for Resource Efficient Inference", "Pruning Convolutional Neural Networks for Resource Efficient Transfer Learning", false},
	{"Deep Interest Evolution Network for Click-Through Rate Prediction", "Deep Interest Network for Click-Through Rate Prediction", false},
	{"Deep Session Interest Network for Click-Through Rate Prediction", "Deep Interest Network for Click-Through Rate Prediction", false},
	{"Do Deep Convolutional Nets Really Need to be Deep and Convolutional?", "Do Deep Nets Really Need to be Deep?", false},
	{"Frustratingly Easy Domain Adaptation", "Frustratingly Easy Neural Domain Adaptation", false},
	{"Learning long-term dependencies in NARX recurrent neural networks", "Learning long-term dependencies with recurrent neural networks", false},
	{"Fast Human Detection with Cascaded Ensembles", "Fast human detection with cascaded ensembles on the GPU", false},
	{"Deep Rewiring: Training very sparse deep networks", "Training Very Deep Networks", false},
	{"DEEP NEUROEVOLUTION: GENETIC ALGORITHMS", "Genetic Algorithms", false},
	{"FAST: Facilitated and Accurate Scene Text Proposals through FCN Guided Pruning", "Fast", false},
	{"An Efficient Learning Procedure for Deep Boltzmann Machines", "Efficient Learning of Deep Boltzmann Machines", false},
	{"A robust approach for text detection from natural scene images", "Robust Text Detection in Natural Scene Images", false},
	{"The Second PASCAL Recognising Textual Entailment Challenge", "The PASCAL Recognising Textual Entailment Challenge", false},
	{"Discriminative Unsupervised Feature Learning with Convolutional Neural Networks", "Discriminative Unsupervised Feature Learning with Exemplar Convolutional Neural Networks", true},
	{"Eigenfaces vs. Fisherfaces: Recognition Using Class Specific Linear Projection", "Recognition using class specific linear projection", true},
	{"PVANET: Deep but Lightweight Neural Networks for Real-time Object Detection", "PVANet: Lightweight Deep Neural Networks for Real-time Object Detection", true},
	{"Learning representations by back-propagating errors", "Learning representations by backpropagating errors", true},
	{"Structured Probabilistic Pruning for Convolutional Neural Network Acceleration", "Structured Probabilistic Pruning for Deep Convolutional Neural Network Acceleration", true},
	// The same paper, but a word inserted in the head is taken for another
	// method (the price of keeping DIN, DIEN and DSIN apart).
	{"Laplacian Pyramid Reconstruction and Refinement for Semantic Segmentation", "Laplacian Reconstruction and Refinement for Semantic Segmentation", false},
	{"Recognizing realistic actions from videos", "Recognizing realistic actions from videos “in the wild”", true},
	{"FitNets: Hints for Thin Deep Networks", "FitNets: Hints for Thin Deep Nets", true},
	{"Transforming Auto-Encoders", "Transforming Autoencoders", true},
	// Markup, annotations, acronyms, truncation and typos of real lists.
	{"[Oral] Identity Mappings in Deep Residual Networks", "Identity Mappings in Deep Residual Networks", true},
	{"Deep Residual Learning for Image Recognition (ResNet)", "Deep Residual Learning for Image Recognition", true},
	{"ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices (V2)", "ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices", false},
	{"[v2] Interleaved Structured Sparse Convolutional Neural Networks", "Interleaved Structured Sparse Convolutional Neural Networks", false},
	{"ImageNet Classification with Deep CNNs", "ImageNet Classification with Deep Convolutional Neural Networks", true},
	{"VQA: Visual Question Answering", "Visual Question Answering", true},
	{"Learning both Weights and Connections for Efficient Neural Netw...", "Learning both Weights and Connections for Efficient Neural Networks", true},
	{"ShuffleNet: An Extremely Efficient Convolutional…", "ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design", false},
	{"Inception-v4, Inception-ResNet and the Impact of…", "Inception-v3, Inception-ResNet and the Impact of Residual Connections on Learning", false},
	{"Designing Network Desing Spaces", "Designing Network Design Spaces", true},
	{"Scale &amp; Affine Invariant Interest Point Detectors", "Scale & Affine Invariant Interest Point Detectors", true},
	{`\emph{Deep} Residual Learning for {I}mage Recognition`, "Deep Residual Learning for Image Recognition", true},
	{`R\'{e}sum\'{e} Parsing with $\ell_1$ Nets`, "Résumé Parsing with ℓ1 Nets", true},
	{"", "Variational Network Quantization", false},
	{"!!!", "???", false},
}

func TestTitleAgreementPairs(t *testing.T) {
	for _, tc := range titlePairs {
		got := TitleAgreement(tc.a, tc.b)
		if (got >= TitleAcceptThreshold) != tc.agree {
			t.Errorf("TitleAgreement(%q, %q) = %.3f; want agree=%v (threshold %.2f)", tc.a, tc.b, got, tc.agree, TitleAcceptThreshold)
		}
		if TitlesAgree(tc.a, tc.b) != tc.agree {
			t.Errorf("TitlesAgree(%q, %q) = %v; want %v", tc.a, tc.b, !tc.agree, tc.agree)
		}
		if rev := TitleAgreement(tc.b, tc.a); rev != got {
			t.Errorf("TitleAgreement not symmetric: (%q, %q) = %v, reversed %v", tc.a, tc.b, got, rev)
		}
	}
}

// TestTitleAgreementOrdering checks that the scores rank closer titles higher,
// which the resolver relies on to order candidates.
func TestTitleAgreementOrdering(t *testing.T) {
	tests := []struct {
		listed, closer, farther string
	}{
		{"Squeeze-and-Excitation Networks", "Squeeze-and-Excitation Networks", "SENet: Squeeze-and-Excitation Networks"},
		{"Cross Model Distillation for Supervision Transfer", "Cross Model Distillation for Supervision Transfer", "Cross Modal Distillation for Supervision Transfer"},
		{"Binarized Neural Networks", "Binarized Neural Networks: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", "BinaryConnect: Training Deep Neural Networks with binary weights during propagations"},
	}
	for _, tc := range tests {
		c, f := TitleAgreement(tc.listed, tc.closer), TitleAgreement(tc.listed, tc.farther)
		if c <= f {
			t.Errorf("TitleAgreement(%q): %q scores %.3f, not above %q at %.3f", tc.listed, tc.closer, c, tc.farther, f)
		}
	}
}

func TestTitleAgreementExact(t *testing.T) {
	for _, tc := range titlePairs {
		for _, s := range []string{tc.a, tc.b} {
			if len(simTokenize(s)) == 0 {
				continue
			}
			if got := TitleAgreement(s, s); got != 1 {
				t.Errorf("TitleAgreement(%q, itself) = %v; want 1", s, got)
			}
		}
	}
}

func TestSimplifyTitle(t *testing.T) {
	tests := []struct {
		in, want  string
		truncated bool
	}{
		{"Scale &amp; Affine &#39;Invariant&#39;", "Scale & Affine 'Invariant'", false},
		{`{BERT}: Pre-training of {D}eep \emph{Bidirectional} Transformers`, "BERT: Pre-training of Deep Bidirectional Transformers", false},
		{`Sparse Coding with $\ell_1$ and \& R\'{e}sum\"es`, "Sparse Coding with l1 and & Resumes", false},
		{`Robust PCA via \textbf{Outlier}~Pursuit`, "Robust PCA via Outlier Pursuit", false},
		{"Learning Transferable Architectures for Scal...", "Learning Transferable Architectures for Scal", true},
		{"Learning Transferable Architectures …", "Learning Transferable Architectures", true},
		{"…", "", false},
		{"Plain title", "Plain title", false},
	}
	for _, tc := range tests {
		got, tr := simplifyTitle(tc.in)
		if got != tc.want || tr != tc.truncated {
			t.Errorf("simplifyTitle(%q) = %q, %v; want %q, %v", tc.in, got, tr, tc.want, tc.truncated)
		}
	}
}

// TestTitleAgreementTokensShared: the resolver splits each title into words
// once and compares the same words with many titles, so the comparison
// must leave them as they are.
func TestTitleAgreementTokensShared(t *testing.T) {
	for _, tc := range titlePairs {
		ta, tb := simTokenize(tc.a), simTokenize(tc.b)
		keepA, keepB := slices.Clone(ta), slices.Clone(tb)
		want := TitleAgreement(tc.a, tc.b)
		for range 2 {
			if got := titleAgreementTokens(ta, tb); got != want {
				t.Errorf("%q vs %q: %v from shared words; want %v", tc.a, tc.b, got, want)
			}
			if got := titleAgreementTokens(tb, ta); got != want {
				t.Errorf("%q vs %q: %v from shared words, swapped; want %v", tc.a, tc.b, got, want)
			}
		}
		if !slices.Equal(ta, keepA) || !slices.Equal(tb, keepB) {
			t.Errorf("%q vs %q: the comparison changed the words", tc.a, tc.b)
		}
	}
}

func TestSimLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"design", "desing", 1}, {"network", "netowrk", 1}, {"model", "modal", 1},
		{"", "abc", 3}, {"abc", "abc", 0}, {"ca", "abc", 3}, {"kitten", "sitting", 3},
		// longer than the words compared without allocating
		{strings.Repeat("ab", simLevMax), strings.Repeat("ab", simLevMax-1) + "ba", 1},
		{"ab", strings.Repeat("ab", simLevMax), 2*simLevMax - 2},
	}
	for _, tc := range tests {
		if got := simLevenshtein(tc.a, tc.b); got != tc.want {
			t.Errorf("simLevenshtein(%q, %q) = %d; want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestSimLevenshteinWithin: the bounded distance is the distance when that
// is at most k, and more than k otherwise, and the bag distance is never
// more than the distance, on random words of a small alphabet (many near
// misses, transpositions among them).
func TestSimLevenshteinWithin(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 7))
	word := func() string {
		b := make([]byte, r.IntN(9))
		for i := range b {
			b[i] = "abcd"[r.IntN(4)]
		}
		return string(b)
	}
	for range 20000 {
		a, b, k := word(), word(), r.IntN(4)
		full, within := simLevenshtein(a, b), simLevenshteinWithin(a, b, k)
		if full <= k && within != full || full > k && within <= k {
			t.Fatalf("simLevenshteinWithin(%q, %q, %d) = %d; the distance is %d", a, b, k, within, full)
		}
		if bag := simBagDistance(a, b); bag > full {
			t.Fatalf("simBagDistance(%q, %q) = %d; more than the distance %d", a, b, bag, full)
		}
	}
}

func TestSimCoverage(t *testing.T) {
	tests := []struct {
		listed, record string
		want           float64
	}{
		{"Binarized Neural Networks", "Binarized Neural Networks: Training Deep Neural Networks with Weights and Activations Constrained to +1 or -1", 1},
		{"Whatever the list says", "ThiNet: A Filter Level Pruning Method for Deep Neural Network Compression", 0},
		{"Deep Pruning of Widgets", "Deep Residual Learning", 1.0 / 3},
		{"of the", "Anything", 1},
	}
	for _, tc := range tests {
		if got := simCoverage(tc.listed, tc.record); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("simCoverage(%q, %q) = %v; want %v", tc.listed, tc.record, got, tc.want)
		}
	}
}

func TestSimTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		disc []string
	}{
		{"SqueezeNet: 50x fewer and < 0.5MB", []string{"squeezenet", "50x", "fewer", "and", "0.5mb"}, nil},
		{"Part II: Quantization v2", []string{"part", "ii", "quantization", "v2"}, []string{"ii", "v2"}},
		{"Part I", []string{"part", "i"}, []string{"i"}},
		{"I think", []string{"i", "think"}, nil},
		{"XNOR-Net++ and C++", []string{"xnor", "net++", "and", "c++"}, []string{"net++", "c++"}},
		{"Constrained to +1 or -1", []string{"constrained", "to", "1", "or", "1"}, []string{"1", "1"}},
		{"Distillation:Fast", []string{"distillation", "fast"}, nil},
	}
	for _, tc := range tests {
		toks := simTokenize(tc.in)
		var got, disc []string
		for _, tok := range toks {
			got = append(got, tok.norm)
			if tok.disc {
				disc = append(disc, tok.norm)
			}
		}
		if !equalStrings(got, tc.want) || !equalStrings(disc, tc.disc) {
			t.Errorf("simTokenize(%q) = %q (disc %q); want %q (disc %q)", tc.in, got, disc, tc.want, tc.disc)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzTitleAgreement(f *testing.F) {
	for _, tc := range titlePairs {
		f.Add(tc.a, tc.b)
	}
	f.Add("IGCV 2", "igcv2 ii II")
	f.Add("a a a a", "a")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 2000 || len(b) > 2000 {
			return
		}
		s := TitleAgreement(a, b)
		if math.IsNaN(s) || s < 0 || s > 1 {
			t.Fatalf("TitleAgreement(%q, %q) = %v; want in [0,1]", a, b, s)
		}
		if r := TitleAgreement(b, a); r != s {
			t.Fatalf("TitleAgreement(%q, %q) = %v, reversed %v", a, b, s, r)
		}
		if utf8.ValidString(a) && len(simTokenize(a)) > 0 {
			if self := TitleAgreement(a, a); self != 1 {
				t.Fatalf("TitleAgreement(%q, itself) = %v; want 1", a, self)
			}
		}
	})
}
