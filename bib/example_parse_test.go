package bib_test

import (
	"fmt"

	"github.com/citegraph/citegraph/bib"
)

func ExampleParseMarkdown() {
	list := bib.ParseMarkdown("compression.md", []byte(`# Model Compression

## 🌟 Compact Network Design

- [2018-CVPR] MobileNetV2: Inverted Residuals and Linear Bottlenecks papercode
- [Searching for MobileNetV3](https://arxiv.org/abs/1905.02244v5) (ICCV 2019)

## Blogs

- [纵览轻量化卷积神经网络](https://www.jiqizhixin.com/articles/2018-01-08-6)

## Low Rank Approximation
`))
	for _, e := range list.Entries {
		fmt.Printf("%d %s %q %d %s %q\n", e.Line, e.Kind, e.Title, e.Year, e.Venue, e.IDs.APIID())
	}
	for _, f := range list.Families {
		fmt.Printf("%s: %d papers, %d links\n", f.Name, f.Papers, f.Links)
	}
	// Output:
	// 5 paper "MobileNetV2: Inverted Residuals and Linear Bottlenecks" 2018 CVPR ""
	// 6 paper "Searching for MobileNetV3" 2019 ICCV "ARXIV:1905.02244"
	// 10 link "纵览轻量化卷积神经网络" 0  ""
	// Compact Network Design: 2 papers, 0 links
	// Blogs: 0 papers, 1 links
	// Low Rank Approximation: 0 papers, 0 links
}

func ExampleParseBibTeX() {
	list := bib.ParseBibTeX("refs.bib", []byte(`@string{cvpr = "CVPR"}
@inproceedings{sandler2018mobilenetv2,
  title = {{MobileNetV2}: Inverted Residuals and Linear Bottlenecks},
  booktitle = cvpr, year = 2018, doi = {10.1109/CVPR.2018.00474}}
@article{broken, title = {Missing brace}
@misc{m, title = {M{\"u}ller's Net}, booktitle = eccv, eprint = {1707.06342}, archivePrefix = {arXiv}}
`))
	for _, e := range list.Entries {
		fmt.Printf("%d %q %s %q\n", e.Line, e.Title, e.Venue, e.IDs.APIID())
	}
	for _, p := range list.Problems {
		fmt.Println(p)
	}
	// Output:
	// 2 "MobileNetV2: Inverted Residuals and Linear Bottlenecks" CVPR "DOI:10.1109/CVPR.2018.00474"
	// 6 "Müller's Net" eccv "ARXIV:1707.06342"
	// bib: refs.bib:5: @article "broken" is not closed (unbalanced braces?) before the entry at line 6: skipped
	// bib: refs.bib:6: undefined @string macro "eccv": read as its name
}
