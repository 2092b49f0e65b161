package bib

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// entryLine renders an entry as "line|kind|family|title|year|venue|ids".
func entryLine(e Entry) string {
	return fmt.Sprintf("%d|%s|%s|%s|%d|%s|%s", e.Line, e.Kind, e.Family, e.Title, e.Year, e.Venue, strings.Join(e.IDs.List(), ","))
}

// TestReaderRules checks each rule the readers follow on a small list
// written in the shape of a real one (the shapes of the shared corpus and
// more), so that the rule is tested without the corpus.
func TestReaderRules(t *testing.T) {
	tests := []struct {
		rule string
		name string // file name: its extension picks the reader
		doc  string
		want []string // entryLine of every entry, in order
	}{
		{"paragraph entries: a bracketed year/venue link, a tag, a code link; the <details> BibTeX is not an entry",
			"p.md", "# Binary\n\n## BNN\n\n" +
				"[[CVPR_2020](https://arxiv.org/abs/2003.03488)] [__`BNN, QNN`__] ReActNet: Towards Precise Binary Networks [[PyTorch](https://github.com/a/b)]\n\n" +
				"<details><summary>Bibtex</summary><pre><code>@inproceedings{x,\n  title={Other},\n  year={2019}\n}</code></pre></details>\n\n" +
				"[[Elec_2021](https://www.mdpi.com/2079-9292/10/8/886)] [__`mixed`__] Improving Model Capacity\n\n" +
				"**Keywords**: **`BNN`**: Binary Neural Networks | **`TNN`**: Ternary\n\n" +
				"A paragraph of prose that cites [a survey](https://arxiv.org/abs/1809.02165) in passing.\n",
			[]string{"5|paper|BNN|ReActNet: Towards Precise Binary Networks|2020|CVPR|ARXIV:2003.03488",
				"12|paper|BNN|Improving Model Capacity|2021|Elec|"}},
		{"table cells: a publication badge gives venue and year, <br> ends the title, the Links cell gives ids",
			"t.md", "## Pruning\n| Title & Authors | Introduction | Links |\n|:--|:--:|:--:|\n" +
				"| [![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b) [![Publish](https://img.shields.io/badge/Conference-EMNLP'24%20Findings-blue)]() <br> :star: [Sparse Title: Pruned in One-Shot](https://github.com/a/b) <br> Ann Author, Bob Writer | ![img](x.png) | [Github](https://github.com/a/b) <br> [Paper](https://arxiv.org/abs/2301.00774) |\n" +
				"| [Rodimus*: Breaking the Trade-Off](https://arxiv.org/abs/2410.06577) <br> Zhihao He | | |\n",
			[]string{"4|paper|Pruning|Sparse Title: Pruned in One-Shot|2024|EMNLP Findings|ARXIV:2301.00774",
				"5|paper|Pruning|Rodimus*: Breaking the Trade-Off|0||ARXIV:2410.06577"}},
		{"a table of bare titles headed Title is a table of papers; a results table of names and numbers is not",
			"b.md", "### 剪枝 2017\n| Title | Venue | Notion |\n| :-- | :-: | :-: |\n| HWGQ-Deep Learning With Low Precision | `CVPR` | 孙剑 |\n| [ThiNet: A Filter Level Pruning Method](https://arxiv.org/abs/1707.06342) | ICCV **(Oral)** | x |\n\n" +
				"### Performance\n| Detector | VOC07 | Published In |\n|:--:|:--:|:--:|\n| R-CNN | 58.5 | CVPR'14 |\n| SSD | 76.8 | ECCV'16 |\n\n" +
				"### 量化2015 & 2016\n| Title | Venue |\n| :-- | :-: |\n| Binaryconnect Training deep neural networks | `NeurIPS` |\n",
			[]string{"4|paper|剪枝 2017|HWGQ-Deep Learning With Low Precision|2017|CVPR|",
				"5|paper|剪枝 2017|ThiNet: A Filter Level Pruning Method|2017|ICCV|ARXIV:1707.06342",
				"16|paper|量化2015 & 2016|Binaryconnect Training deep neural networks|0|NeurIPS|"}},
		{"year headings, acronym tags, pipe fields with a venue, a venue on the next line; a table of contents of absolute anchor links is skipped",
			"o.md", "## Table of Contents\n- [Paper list](https://github.com/u/r/blob/master/README.md#paper-list)\n- Papers\n  - [2014](https://github.com/u/r/blob/master/README.md#2014)\n\n## Paper list\n\n## 2014\n\n" +
				"- **[R-CNN]** Rich feature hierarchies for detection | **[CVPR' 14]** |[`[pdf]`](https://arxiv.org/pdf/1311.2524.pdf) [`[official code - caffe]`](https://github.com/r/rcnn)\n\n" +
				"- **[C-MIL]** C-MIL: Continuation Multiple Instance Learning\n | **[CVPR' 19]** |[`[pdf]`](https://pdfs.semanticscholar.org/40e7/4473cb82231559cbaeaa44989e9bbfe7ec3f.pdf)\n\n" +
				"- **[SCAN]** Stacked Cross Refinement Network\t| **[ICCV' 19]** |[`[official code]`](https://github.com/w/SCAN) |[`[pdf]`]()\n",
			[]string{"10|paper|2014|Rich feature hierarchies for detection|2014|CVPR|ARXIV:1311.2524",
				"12|paper|2014|C-MIL: Continuation Multiple Instance Learning|2019|CVPR|S2:40e74473cb82231559cbaeaa44989e9bbfe7ec3f",
				"15|paper|2014|Stacked Cross Refinement Network|2019|ICCV|"}},
		{"authors first under HTML headings: the link after the authors is the title, the italic span the venue; tutorials are links; a remark under a paper is not a paper",
			"a.md", "<h2 id=\"must\">10 Must Reads</h2>\n\n" +
				"* Kishore Papineni, Salim Roukos, and Wei-Jing Zhu. 2002. [BLEU: a Method for Automatic Evaluation](http://aclweb.org/anthology/P02-1040). In *Proceedings of ACL 2002*. ([Citation](https://scholar.google.com/x): 8,507)\n" +
				"* Ilya Sutskever, Oriol Vinyals, and Quoc V. Le. 2014. [Sequence to Sequence Learning\nwith Neural Networks](https://papers.nips.cc/paper/5346.pdf). In *Proceedings of NIPS 2014*.\n" +
				"* Felix Stahlberg. 2020. [Neural Machine Translation: A Review](https://sci-hub.tw/10.2307/40009035). *Journal of AI Research*.\n" +
				"* Philipp Koehn. 2017. [Neural Machine Translation](https://arxiv.org/abs/1709.07809). *arxiv:1709.07809*.\n" +
				"* Oriol Vinyals and Navdeep Jaitly. 2017. [Seq2Seq ICML Tutorial](https://docs.google.com/presentation/d/1q). *ICML 2017 Tutorial*.\n" +
				"* Raj Dabre and Chenhui Chu. 2020. [A Survey of Multilingual NMT](https://doi.org/10.1145/3406095). *ACM Computing Surveys*.\n" +
				"   * Tutorial on [Multilingual NMT](https://github.com/a/tutorial) at COLING 2020.\n" +
				"* Christoph Tillmann. 2004. [A Unigram Orientation Model](https://aclanthology.info/pdf/P/P06/P06-1066.pdf). In *Proceedings of NAACL 2004*.\n",
			[]string{"3|paper|10 Must Reads|BLEU: a Method for Automatic Evaluation|2002|Proceedings of ACL|ACL:P02-1040",
				"4|paper|10 Must Reads|Sequence to Sequence Learning with Neural Networks|2014|Proceedings of NIPS|",
				"6|paper|10 Must Reads|Neural Machine Translation: A Review|2020|Journal of AI Research|DOI:10.2307/40009035",
				"7|paper|10 Must Reads|Neural Machine Translation|2017|arXiv|ARXIV:1709.07809",
				"8|link|10 Must Reads|Seq2Seq ICML Tutorial|0||",
				"9|paper|10 Must Reads|A Survey of Multilingual NMT|2020|ACM Computing Surveys|DOI:10.1145/3406095",
				"10|link|10 Must Reads|Multilingual NMT|0||",
				"11|paper|10 Must Reads|A Unigram Orientation Model|2004|Proceedings of NAACL|ACL:P06-1066"}},
		{"multi-line items: links on the lines below attach, the nested author/venue line gives venue and year; an extension link gives no id",
			"d.md", "## Survey\n- Backdoor Learning: A Survey.\n  [[pdf]](https://www.researchgate.net/publication/343006441_Backdoor)\n  - Yiming Li, Yong Jiang, and Shu-Tao Xia. *IEEE Transactions on Neural Networks and Learning Systems*, 2022.\n\n" +
				"- Invisible Backdoor Attacks via Steganography.\n  [[pdf]](https://ieeexplore.ieee.org/abstract/document/9186317/)\n  [[arXiv Version (2019)]](https://arxiv.org/pdf/1909.02742.pdf)\n  - Shaofeng Li and Minhui Xue. *IEEE Transactions on Dependable and Secure Computing*, 2020.\n\n" +
				"- A New Backdoor Attack in CNNS.\n  [[pdf]](https://arxiv.org/pdf/1902.11237.pdf)\n  - M.Barni, K.Kallas, and B.Tondi. *ICIP*, 2019.\n\n" +
				"- Rethinking the Trigger of Backdoor Attack.\n  [[pdf]](https://arxiv.org/pdf/2004.04692.pdf)\n  - Yiming Li, Tongqing Zhai, and Shu-Tao Xia. arXiv, 2020 (*IEEE Access*, 2021).\n",
			[]string{"2|paper|Survey|Backdoor Learning: A Survey|2022|IEEE Transactions on Neural Networks and Learning Systems|",
				"6|paper|Survey|Invisible Backdoor Attacks via Steganography|2020|IEEE Transactions on Dependable and Secure Computing|ARXIV:1909.02742",
				"11|paper|Survey|A New Backdoor Attack in CNNS|2019|ICIP|ARXIV:1902.11237",
				"15|paper|Survey|Rethinking the Trigger of Backdoor Attack|2020|arXiv|ARXIV:2004.04692"}},
		{"year/venue text before a title link, a stray letter after an arXiv id, a trailing 'github' in a link text, italic workshop venues",
			"z.md", "### Lottery\n- 2019-ICLR-[The Lottery Ticket Hypothesis](https://openreview.net/forum?id=rJl-b3RcF7) (best paper!)\n- 2020.2-[Calibrate and Prune](https://arxiv.org/abs/2002.03875)\n" +
				"- 1995-Neural Computation-[Bayesian Regularisation](https://www.researchgate.net/profile/x)\n- [APQ: Joint Search for Network Architecture github](https://arxiv.org/abs/2006.08509l)\n" +
				"  * [Memory-based control with recurrent networks](http://arxiv.org/abs/1512.04455), N. Heess et al., *NIPS Workshop*, 2015.\n" +
				"- [Deep RL Paper](https://link.zhihu.com/?target=https%3A//arxiv.org/abs/1312.5602) and [Springer](https://link.springer.com/10.1007/978-3-319-46493-0_32)\n",
			[]string{"2|paper|Lottery|The Lottery Ticket Hypothesis|2019|ICLR|",
				"3|paper|Lottery|Calibrate and Prune|2020||ARXIV:2002.03875",
				"4|paper|Lottery|Bayesian Regularisation|1995|Neural Computation|",
				"5|paper|Lottery|APQ: Joint Search for Network Architecture|0||ARXIV:2006.08509",
				"6|paper|Lottery|Memory-based control with recurrent networks|2015|NIPS Workshop|ARXIV:1512.04455",
				"7|paper|Lottery|Deep RL Paper|0||ARXIV:1312.5602,DOI:10.1007/978-3-319-46493-0_32"}},
		{"dated markers: a year and month in brackets, an italic venue in brackets, a long venue with one year, an opening quote for the apostrophe, 【YYYYMM】; an italic remark after the links is not a venue; an arXiv ftp path",
			"dated.md", "## Codecs\n" +
				"- [2021/07] **SoundStream: An End-to-End Neural Audio Codec** [[paper](https://arxiv.org/abs/2107.03312)][[code](https://github.com/a/b)] *AcademiCodec* :heavy_check_mark:\n" +
				"- (*NAACL'21*) Knowledge Graph Based Synthetic Corpus Generation [[paper](https://aclanthology.org/2021.naacl-main.278/)]\n" +
				"- (*arXiv 2023.05*) GPT4Graph: Can Large Language Models Understand Graphs? [[paper](https://arxiv.org/abs/2305.15066)]\n" +
				"- (*IEEE Intelligent Systems 2023*) Integrating Graphs with Large Language Models [[paper](https://arxiv.org/abs/2310.05499)]\n" +
				"- (*TKDE‘23*) AutoAlign: Fully Automatic Knowledge Graph Alignment [[paper](https://arxiv.org/abs/2307.11772)]\n" +
				"- 【202311】Knowledge Unlearning for LLMs: Tasks, Methods, and Challenges [[PDF](https://arxiv.org/ftp/arxiv/papers/2311/2311.15766.pdf)]\n",
			[]string{"2|paper|Codecs|SoundStream: An End-to-End Neural Audio Codec|2021||ARXIV:2107.03312",
				"3|paper|Codecs|Knowledge Graph Based Synthetic Corpus Generation|2021|NAACL|ACL:2021.naacl-main.278",
				"4|paper|Codecs|GPT4Graph: Can Large Language Models Understand Graphs?|2023|arXiv|ARXIV:2305.15066",
				"5|paper|Codecs|Integrating Graphs with Large Language Models|2023|IEEE Intelligent Systems|ARXIV:2310.05499",
				"6|paper|Codecs|AutoAlign: Fully Automatic Knowledge Graph Alignment|2023|TKDE|ARXIV:2307.11772",
				"7|paper|Codecs|Knowledge Unlearning for LLMs: Tasks, Methods, and Challenges|2023||ARXIV:2311.15766"}},
		{"a bracket after a bare title names venue and year: a venue of several words, remarks after a comma or 'from' dropped, a two-digit year after an acronym, a venue name without a year; a code link after the title is not title; a method's acronym stays",
			"suffix.md", "## Tuning\n" +
				"* Self-Driving: From General Purpose to Specialized DBMSs (Phd@PVLDB 2018)\n" +
				"* Farming Your ML-based Query Optimizer's Food. (ICDE 2022, **best demo award**)\n" +
				"* Towards instance-optimized data systems (VLDB 2021 from Tim Kraska)\n" +
				"* TONE: cutting tail-latency in learned indexes (CHEOPS 22)\n" +
				"* TIE: Fast Experiment-driven Configuration Tuning (IEEE Transactions on Computers)\n" +
				"* SAM: Database Generation from Query Workload (SIGMOD 2022) [Source code](https://github.com/a/sam)\n" +
				"* Bidirectional Encoder Representations from Transformers (BERT)\n",
			[]string{"2|paper|Tuning|Self-Driving: From General Purpose to Specialized DBMSs|2018|Phd@PVLDB|",
				"3|paper|Tuning|Farming Your ML-based Query Optimizer's Food|2022|ICDE|",
				"4|paper|Tuning|Towards instance-optimized data systems|2021|VLDB|",
				"5|paper|Tuning|TONE: cutting tail-latency in learned indexes|2022|CHEOPS|",
				"6|paper|Tuning|TIE: Fast Experiment-driven Configuration Tuning|0|IEEE Transactions on Computers|",
				"7|paper|Tuning|SAM: Database Generation from Query Workload|2022|SIGMOD|",
				"8|paper|Tuning|Bidirectional Encoder Representations from Transformers (BERT)|0||"}},
		{"a quoted title after a bold tag or alone; the month in 'arXiv, Jan 2024' is no venue; a quote that opens a longer title is the title's",
			"quoted.md", "## Reasoning\n" +
				"* **AutoRT**: \"Embodied Foundation Models for Large Scale Orchestration\", *arXiv, Jan 2024*. [[Paper](https://arxiv.org/abs/2401.12963)] [[Website](https://auto-rt.github.io/)]\n" +
				"* \"Grounding Large Language Models using 3D Scene Graphs\", *Conference on Robot Learning (CoRL), Nov 2023*. [[Paper](https://arxiv.org/abs/2307.06135)]\n" +
				"* **[LLaRP]** \"Large Language Models as Generalizable Policies\", *arXiv, Oct 2023*.\n[[Paper](https://arxiv.org/abs/2310.17722)] [[Code/Prompts](https://github.com/a/b)]\n" +
				"* **LLM-Brain**: \"LLM as A Robotic Brain\", arXiv, Apr 2023. [[Paper](https://arxiv.org/abs/2304.09349v1)]\n" +
				"* \"Quoted\" words open this title [[Paper](https://arxiv.org/abs/2304.09350)]\n",
			[]string{"2|paper|Reasoning|Embodied Foundation Models for Large Scale Orchestration|2024|arXiv|ARXIV:2401.12963",
				"3|paper|Reasoning|Grounding Large Language Models using 3D Scene Graphs|2023|Conference on Robot Learning (CoRL)|ARXIV:2307.06135",
				"4|paper|Reasoning|Large Language Models as Generalizable Policies|2023|arXiv|ARXIV:2310.17722",
				"6|paper|Reasoning|LLM as A Robotic Brain|2023|arXiv|ARXIV:2304.09349",
				"7|paper|Reasoning|\"Quoted\" words open this title|0||ARXIV:2304.09350"}},
		{"a bold title followed by its venue without punctuation; an italic author line after the links is not a venue",
			"bold.md", "## Defense\n" +
				"1. **Latent Adversarial Training of Graph Convolution Networks** ICML 2019 workshop. [[paper]](https://graphreason.github.io/papers/35.pdf)\n\n   *Hongwei Jin, Xinhua Zhang.*\n\n" +
				"1. **Power up! Robust Graph Convolutional Network.** arxiv 2019. [[paper]](https://arxiv.org/abs/1905.10029)\n\n   *Ming Jin, Heng Chang.*\n",
			[]string{"2|paper|Defense|Latent Adversarial Training of Graph Convolution Networks|2019|ICML|",
				"6|paper|Defense|Power up! Robust Graph Convolutional Network|2019|arxiv|ARXIV:1905.10029"}},
		{"GB/T 7714 references: authors, a bold or plain title, the [J]/[C]// type code, then venue and year (the item's year, not the heading's)",
			"gbt.md", "### 2023\n#### ICML 2023\n" +
				"- Sokar G, Agarwal R, Castro P S, et al. **The dormant neuron phenomenon in deep reinforcement learning**[C]//International Conference on Machine Learning. PMLR, 2023: 32145-32168.[[Paper]](https://proceedings.mlr.press/v202/sokar23a/sokar23a.pdf)[[Code]](https://github.com/a/redo)\n" +
				"- Lee D, Yoo M, Kim W K, et al.**Incremental learning of retrievable skills**[J]. Advances in Neural Information Processing Systems, 2024, 37: 17286-17312.[[Paper]](https://proceedings.neurips.cc/x)\n" +
				"- Yuan M, Wang Q, Ma G, et al. Plasticine: Accelerating research in plasticity[J]. arXiv preprint arXiv:2504.17490, 2025.[[Paper]](https://arxiv.org/pdf/2504.17490)\n",
			[]string{"3|paper|ICML 2023|The dormant neuron phenomenon in deep reinforcement learning|2023|International Conference on Machine Learning|",
				"4|paper|ICML 2023|Incremental learning of retrievable skills|2024|Advances in Neural Information Processing Systems|",
				"5|paper|ICML 2023|Plasticine: Accelerating research in plasticity|2025|arXiv preprint|ARXIV:2504.17490"}},
		{"labelled sub-items are fields of the item above (Publisher gives venue and year, a presentation mark dropped); a heading that is a sentence with links is prose, not an entry",
			"fields.md", "### ICML 2022\n\n" +
				"- [Planning with Diffusion for Flexible Behavior Synthesis](https://arxiv.org/abs/2205.09991)\n  - Michael Janner, Yilun Du, Joshua B. Tenenbaum, Sergey Levine\n  - Publisher:  ICML 2022 (long talk)\n  - Key: Offline RL, Model-based RL\n  - Code: [official](https://github.com/jannerm/diffuser)\n  - ExpEnv: [D4RL](https://github.com/rail-berkeley/d4rl)\n\n" +
				"- [Efficient Planning with Latent Diffusion](https://openreview.net/forum?id=btpgDo4u4j)\n  - Publisher: NeurIPS Deep RL Workshop 2022\n\n" +
				"#### Please feel free to send me [pull requests](https://github.com/a/b/pulls) or [email](mailto:x@y.z) to add papers!\n",
			[]string{"3|paper|ICML 2022|Planning with Diffusion for Flexible Behavior Synthesis|2022|ICML|ARXIV:2205.09991",
				"10|paper|ICML 2022|Efficient Planning with Latent Diffusion|2022|NeurIPS Deep RL Workshop|"}},
		{"HTML table rows whose cell links a title (the year/venue marker inside the link text read); a cell of two title links is two papers; a commented-out table is not read",
			"html.md", "### Algorithms\n\n<table>\n<tr>\n<td><strong>Method</strong></td>\n<td><strong>Paper</strong></td>\n</tr>\n<tr>\n<td rowspan=\"2\">FedAvg</td>\n<td>Mixup</td>\n<td><a href=\"https://arxiv.org/abs/1710.09412\" target=\"_blank\">[2018 ICLR] Mixup: Beyond empirical risk minimization</a></td>\n</tr>\n<tr>\n<td>SCE</td>\n<td><a href=\"https://openaccess.thecvf.com/x.pdf\">[2019 ICCV] Symmetric Cross Entropy for Robust Learning</a></td>\n</tr>\n<tr><td>Code</td><td><a href=\"https://github.com/a/b\">repo</a></td></tr>\n</table>\n\n" +
				"## Reading List 2022\n\n| Date | Title |\n| --- | --- |\n| Nov 4 | [Pragmatic Language Interpretation](https://doi.org/10.1016/j.tics.2016.08.005) <br> [Pragmatically Informative Text Generation](https://arxiv.org/pdf/1904.01301.pdf) |\n\n" +
				"<!--\n<table><tr><td><a href=\"https://arxiv.org/abs/1905.13678\">Learning Sparse Networks Using Targeted Dropout</a></td></tr></table> -->\n",
			[]string{"8|paper|Algorithms|Mixup: Beyond empirical risk minimization|2018|ICLR|ARXIV:1710.09412",
				"13|paper|Algorithms|Symmetric Cross Entropy for Robust Learning|2019|ICCV|",
				"24|paper|Reading List 2022|Pragmatic Language Interpretation|2022||DOI:10.1016/j.tics.2016.08.005",
				"24|paper|Reading List 2022|Pragmatically Informative Text Generation|2022||ARXIV:1904.01301"}},
		{"numbered references: a short quoted title with the IEEE comma, the venue after it (italic or not), APA venues; a data set page is a link",
			"refs.md", "## References\n\n" +
				"[2] J. Hu, L. Shen, and G. Sun, \"Squeeze-and-Excitation Networks,\" in *Proc. IEEE\nCVPR*, 2018. arXiv:1709.01507.\n\n" +
				"[4] K. He, G. Gkioxari, P. Dollár, and R. Girshick, \"Mask R-CNN,\" in ICCV, 2017.\n\n" +
				"[7] A. Krizhevsky, I. Sutskever, and G. E. Hinton, \"ImageNet classification with deep convolutional neural networks,\" Commun. ACM, vol. 60, no. 6, pp. 84–90, 2017.\n\n" +
				"[12] M. Nickparvar, \"Brain Tumor MRI Dataset,\" Kaggle, 2021. [Online]. Available: https://www.kaggle.com/datasets/a/brain-tumor-mri\n\n" +
				"<a id=\"4\">[4]</a> Xiao, T., Xia, T., & Wang, X. (2015). Learning from massive noisy labeled data for image classification. In Proceedings of the IEEE conference on computer vision and pattern recognition (pp. 2691-2699).\n",
			[]string{"3|paper|References|Squeeze-and-Excitation Networks|2018|CVPR|ARXIV:1709.01507",
				"6|paper|References|Mask R-CNN|2017|ICCV|",
				"8|paper|References|ImageNet classification with deep convolutional neural networks|2017|Commun. ACM|",
				"10|link|References|Brain Tumor MRI Dataset|0||",
				"12|paper|References|Learning from massive noisy labeled data for image classification|2015|Proceedings of the IEEE conference on computer vision and pattern recognition|"}},
		{"a table headed in Japanese (タイトル, 会議・年) is a table of titles; a dated document title does not date its items; a link to a code repository is a link; a one-word label is not a paper",
			"ja.md", "# 2025-06-19 MBR セッションまとめ\n\n## 3. 論文リスト\n\n| 📚 タイトル | 会議・年 | 要約 |\n|---|---|---|\n| **The Curious Case of Neural Text Degeneration** | ACL 2019 | 反復 |\n| **Low-Rank MBR Approximation** | EACL 2024 | 低ランク |\n| **Adaptive Contrastive Search** | | 上記 |\n\n" +
				"## Tools\n- [GraphGPT: Extrapolating knowledge graphs from text](https://github.com/a/GraphGPT)\n- [GraphML: Graph markup language](https://cs.example.edu/gdhandbook/graphml.pdf)\n- __FedAvg__\n",
			[]string{"7|paper|論文リスト|The Curious Case of Neural Text Degeneration|2019|ACL|",
				"8|paper|論文リスト|Low-Rank MBR Approximation|2024|EACL|",
				"9|paper|論文リスト|Adaptive Contrastive Search|0||",
				"12|link|Tools|GraphGPT: Extrapolating knowledge graphs from text|0||",
				"13|paper|Tools|GraphML: Graph markup language|0||"}},
		{"author-year reference paragraphs (Chicago with the year on a wrapped line, APA with an italic title, a book before 1950); '[3]: Authors' is a numbered reference, not a link definition",
			"econ.md", "### References\n\n" +
				"   Ahn, SeHyoun, Greg Kaplan, and\nChristian Wolf (2017): “When Inequality Matters for Macro,” NBER Macroeconomics Annual, 32.\n\n" +
				"   Auclert, Adrien (2019): “Monetary policy and the redistribution\nchannel,” American Economic Review, 109(6), 2333–67,\n<https://pubs.aeaweb.org/doi/pdfplus/10.1257/aer.20160137>.\n\n" +
				"Bacon, R. W. (1991). *Rockets and feathers: the asymmetric speed of adjustment.* Energy Economics, 13(3), 211–218. The paper that named the pattern.\n\n" +
				"[1]: Keynes, J. M. (1936). [\"The General Theory of Employment, Interest, and Money.\"](http://files.ethz.ch/isn/1366.pdf) Palgrave Macmillan.\n\n" +
				"[3]: Dynan, K. E., & Zeldes, S. P. (2004). [\"Do the Rich Save More?\"](https://www.journals.uchicago.edu/doi/abs/10.1086/381475) The Quarterly Journal of Economics, 119(2), 399-444.\n\n" +
				"Smith, J. and others (2020) wrote about this at length, see the appendix.\n",
			[]string{"3|paper|References|When Inequality Matters for Macro|2017|NBER Macroeconomics Annual|",
				"6|paper|References|Monetary policy and the redistribution channel|2019|American Economic Review|DOI:10.1257/aer.20160137",
				"10|paper|References|Rockets and feathers: the asymmetric speed of adjustment|1991|Energy Economics|",
				"12|paper|References|The General Theory of Employment, Interest, and Money|1936|Palgrave Macmillan|",
				"14|paper|References|Do the Rich Save More?|2004|The Quarterly Journal of Economics|DOI:10.1086/381475"}},
		{"bold-title paragraphs: link lines below the title belong to it; a [paper] link to an unknown site makes a reference; prose between is not an entry",
			"bio.md", "### Methylation <a name='m'></a>\n\n" +
				"**DeepCpG - Predicting DNA methylation in single cells**\n[[paper](http://dx.doi.org/10.1186/s13059-017-1189-z)]\n[[code](https://github.com/a/deepcpg)]\n\n" +
				"DeepCpG is a deep neural network for predicting DNA methylation, see [the docs](https://deepcpg.readthedocs.io/).\n\n" +
				"**Deep learning for population genetic inference** [[code](https://sourceforge.net/projects/evonet/)][[paper](http://journals.plos.org/ploscompbiol/article?id=10.1371/journal.pcbi.1004845)]\n\n" +
				"**SPINDLE: SPINtronic deep learning engine for neuromorphic computing** [[paper](http://dl.acm.org/citation.cfm?id=2627625)]\n",
			[]string{"3|paper|Methylation|DeepCpG - Predicting DNA methylation in single cells|0||DOI:10.1186/s13059-017-1189-z",
				"9|paper|Methylation|Deep learning for population genetic inference|0||DOI:10.1371/journal.pcbi.1004845",
				"11|paper|Methylation|SPINDLE: SPINtronic deep learning engine for neuromorphic computing|0||"}},
		{"quotes and brackets inside a title survive",
			"q.md", "## Attacks\n- [2018] Attack \"]; node [label=\"x\n",
			[]string{"2|paper|Attacks|Attack \"]; node [label=\"x|2018||"}},
		{"text lists: 'Name:' section lines, '13:' numbering, remarks, a truncated arXiv id, iopscience DOIs, file:// links",
			"r.txt", "Agents:\n\t1. ReAct: https://arxiv.org/pdf/2210.03629 (PRINTED)\n\t13: Surge Phenomenon in Learning Rates: https://arxiv.org/pdf/2405.14578\n\nML:\n" +
				"\t1. KAN: (Printed)\n\t6. SaySelf: Teaching LLMs: https://arxiv.org/pdf/2405.2097 (PRINTED)\n" +
				"\t2. Deep double descent: https://iopscience.iop.org/article/10.1088/1742-5468/ac3a74/pdf\n" +
				"\t4. A Universal Law of Robustness (Overparametrized models = smooth): https://dl.acm.org/doi/pdf/10.1145/3578580\n" +
				"\t12. Large language models predict results: file:///Users/me/Downloads/s41562.pdf\n",
			[]string{"2|paper|Agents|ReAct|0||ARXIV:2210.03629",
				"3|paper|Agents|Surge Phenomenon in Learning Rates|0||ARXIV:2405.14578",
				"6|paper|ML|KAN|0||", "7|paper|ML|SaySelf: Teaching LLMs|0||",
				"8|paper|ML|Deep double descent|0||DOI:10.1088/1742-5468/ac3a74",
				"9|paper|ML|A Universal Law of Robustness|0||DOI:10.1145/3578580",
				"10|paper|ML|Large language models predict results|0||"}},
		{".bib: section markers closing with %, __markedentry, an old year, a title-less book citation, a doi URL, glued \\ss",
			"s.bib", "%-------  Genes  -------%\n@article{a,\n  __markedentry = {[me:6]},\n  title = {Fu\\ssball and l{\\textquotesingle}{IH}{\\'{E}}S},\n  journal = {Genetics},\n  year = 1925,\n  doi = {http://doi.ieeecomputersociety.org/10.1109/ICICTA.2008.288}\n}\n" +
				"@incollection{brooks11,\n  author = {Steve Brooks and Andrew Gelman},\n  booktitle = {Handbook of Markov Chain Monte Carlo},\n  year = {2011}\n}\n" +
				"@misc{b,\n  title = {Congested Traffic States},\n  url = {doi:10.1103/PhysRevE.62.1805}\n}\n",
			[]string{"2|paper|Genes|Fußball and l'IHÉS|1925|Genetics|DOI:10.1109/ICICTA.2008.288",
				"9|paper|Genes||2011|Handbook of Markov Chain Monte Carlo|",
				"14|paper|Genes|Congested Traffic States|0||DOI:10.1103/PhysRevE.62.1805"}},
		{".bib: JabRef 2 groups wrapped at 70 columns inside keys, with doubled backslashes in names",
			"j.bib", "@article{Behrisch2008,\n  title = {SUMO},\n  year = {2008}\n}\n@article{Krajzewicz2002,\n  title = {SUMO 2},\n  year = {2002}\n}\n" +
				"@comment{jabref-meta: groupstree:\n0 AllEntriesGroup:;\n1 ExplicitGroup:sumo\\;0\\;;\n2 ExplicitGroup:used\\;0\\;Bajpai2011\\;Behrisch20\n08\\;;\n" +
				"2 ExplicitGroup:Universit\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"at zu K\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"oln\\;0\\;Krajzewicz2002\\\n;;\n}\n",
			[]string{"1|paper|used|SUMO|2008||", "5|paper|Universität zu Köln|SUMO 2|2002||"}},
	}
	for _, tt := range tests {
		l, err := Parse(tt.name, []byte(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		checkList(t, []byte(tt.doc), l)
		var got []string
		for _, e := range l.Entries {
			got = append(got, entryLine(e))
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n got: %s\nwant: %s\nproblems: %v", tt.rule, strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "), l.Problems)
		}
	}
}

// TestListDescribe checks the description of what a file looked like.
func TestListDescribe(t *testing.T) {
	for _, tt := range []struct{ name, doc, want string }{
		{"p.md", "# T\n\nProse.\n\nMore prose with [a link](https://example.org).\n", "markdown list, 1 heading, 2 paragraphs: no paper entry found"},
		{"e.md", "", "markdown list, an empty file: no paper entry found"},
		{"x.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\n\x00\x00\x00\x00\n", "text list, a binary file (not read): no paper entry found"},
		{"l.md", "## Blogs\n- [A post](https://medium.com/p/1)\n", "markdown list, 1 heading, 1 list item: no paper entry found, only 1 link entry"},
		{"b.bib", "@string{x = {y}}\n@article{a, title={T}}\n", "bibtex list, 2 @-items: 1 paper entry, 0 link entries"},
		{"t.txt", "Attention Is All You Need\n\n", "text list, 1 non-blank line: 1 paper entry, 0 link entries"},
	} {
		l, _ := Parse(tt.name, []byte(tt.doc))
		if got := l.Describe(); got != tt.want {
			t.Errorf("%s: Describe() = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// TestPrefetchSame: the parallel analysis of a large list's items gives the
// entries and problems the item-by-item reading gives.
func TestPrefetchSame(t *testing.T) {
	data := append(bigList(3000), []byte("\n## Dup\n- [2018-CVPR] Paper Title Number 1: Efficient Networks paper\n  - [paper](https://arxiv.org/abs/1707.06342)\n")...)
	defer func(n int) { mdPrefetchMin = n }(mdPrefetchMin)
	mdPrefetchMin = 1 << 30
	seq := dumpList(ParseMarkdown("big.md", data))
	mdPrefetchMin = 1
	par := ParseMarkdown("big.md", data)
	if par.Shape.ListItems < 1000 {
		t.Fatalf("%d list items", par.Shape.ListItems)
	}
	if got := dumpList(par); !bytes.Equal(got, seq) {
		t.Errorf("prefetched parse differs: %s", firstDiff(string(got), string(seq)))
	}
}

// TestSplitNames: mdSplitNames splits as the regular expression it
// replaces (for speed) does.
func TestSplitNames(t *testing.T) {
	re := regexp.MustCompile(`\s*(?:,|;|\band\b|&)\s*`)
	for _, s := range []string{"", "A", "Ann Author, Bob Writer, and Carl Coder", "A and B", "Anderson and Band", "a&b;c , d",
		"Jürgen and Éva", "x and", "and y", "Sandy Candy andy", ",", " , ", "A,\tB\n and C", "Hand and and Land"} {
		if got, want := mdSplitNames(s), re.Split(s, -1); !slices.Equal(got, want) {
			t.Errorf("mdSplitNames(%q) = %q; want %q", s, got, want)
		}
	}
}

// TestSuffixVenue: mdSuffixVenue finds what the regular expression it
// replaces (for speed) finds.
func TestSuffixVenue(t *testing.T) {
	mdSuffixVenueRe := regexp.MustCompile(`[\s,;.]+((?:[A-Za-z][\w&-]{0,15}[\s,]*(?:'|’)?\d{2}|[A-Za-z][\w&-]{0,15}[\s,]*(?:19|20)\d\d))\s*\.?$`)
	for _, s := range []string{"Title, CVPR 2017", "Title CVPR'17", "Title CVPR’17.", "Title (CVPR 2017)", "Paper 1234",
		"Paper Title Number 12", "Deep Nets, ICLR,2016", "x CVPR2017", "A B-C&D 19", "Title  NeurIPS 2019 .",
		"Title;ECCV 2018", "2017", "ImageNet 2012", "A really-very-long-venue-name 2017", "Title 3DV 2019", "T ab_c'17",
		"", ".", "Title CVPR 20 17", "Title\tKDD\t2018"} {
		var want []int
		if m := mdSuffixVenueRe.FindStringSubmatchIndex(s); m != nil {
			want = []int{m[0], m[2], m[3]}
		}
		if got := mdSuffixVenue(s); !slices.Equal(got, want) {
			t.Errorf("mdSuffixVenue(%q) = %v; want %v", s, got, want)
		}
	}
}

// TestPrefixMarkers: mdPrefixBracket and mdPrefixColon read what the
// regular expressions they replace (for speed) match.
func TestPrefixMarkers(t *testing.T) {
	bracketRe := regexp.MustCompile(`^[\[(（【]\s*([^\[\]()（）【】]{1,48}?)\s*[\])）】]`)
	colonRe := regexp.MustCompile(`^([^:：\[\]()]{1,30})\s*[:：|–—]\s+`)
	for _, s := range []string{"", "[2018-CVPR] Title", "(*NAACL'21*) T", "【202403】Title", "[ ] x", "[] x", "[  a  ] b", "[a [b] c]",
		"(" + strings.Repeat("x", 48) + ") t", "(" + strings.Repeat("x", 49) + ") t", "[CVPR 2017) odd", "【ICML 2024】Larimar", "（2016）",
		"CVPR 2017: Title", "CVPR 2017 : Title", "2019 | Title", "A – B: C", "NoSeparatorHere", "x:y", "a: ", "Long " + strings.Repeat("w", 40) + ": t",
		"会议 2019：标题", "CVPR 2017 —  Title", "[x]: y", "a|b c", "T\t:\tx"} {
		var want []string
		if m := bracketRe.FindStringSubmatch(s); m != nil {
			want = m
		}
		if got := mdPrefixBracket(s); !slices.Equal(got, want) {
			t.Errorf("mdPrefixBracket(%q) = %q; want %q", s, got, want)
		}
		want = nil
		if m := colonRe.FindStringSubmatch(s); m != nil {
			want = m
		}
		if got := mdPrefixColon(s); !slices.Equal(got, want) {
			t.Errorf("mdPrefixColon(%q) = %q; want %q", s, got, want)
		}
	}
}
