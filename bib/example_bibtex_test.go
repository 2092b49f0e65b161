package bib_test

import (
	"fmt"
	"os"

	"github.com/citegraph/citegraph/bib"
)

func mobileNetV2() *bib.Paper {
	return &bib.Paper{
		PaperID:          "dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4",
		ExternalIDs:      bib.ExternalIDs{"ArXiv": "1801.04381", "DOI": "10.1109/CVPR.2018.00474"},
		Title:            "MobileNetV2: Inverted Residuals and Linear Bottlenecks",
		Year:             2018,
		Venue:            "2018 IEEE/CVF Conference on Computer Vision and Pattern Recognition",
		PublicationTypes: []string{"Conference"},
		Journal:          &bib.Journal{Name: "2018 IEEE/CVF Conference on Computer Vision and Pattern Recognition", Pages: "4510-4520"},
		Authors: []bib.Author{{Name: "Mark Sandler"}, {Name: "Andrew Howard"}, {Name: "Menglong Zhu"},
			{Name: "Andrey Zhmoginov"}, {Name: "Liang-Chieh Chen"}},
	}
}

func ExampleNewBibliography() {
	mobileNets := &bib.Paper{
		ExternalIDs: bib.ExternalIDs{"ArXiv": "1704.04861"},
		Title:       "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications",
		Year:        2017,
		Venue:       "ArXiv",
		Authors:     []bib.Author{{Name: "Andrew G. Howard"}},
	}
	b := bib.NewBibliography([]*bib.Paper{mobileNetV2(), mobileNets})
	fmt.Println(b.CiteKey("dd9cfe7124c734f5a6fc90227d541d3dbcd72ba4"))
	fmt.Println(b.CiteKey("ARXIV:1704.04861"))
	// Output:
	// sandler2018mobilenetv2
	// howard2017mobilenets
}

func ExampleBibliography() {
	b := bib.NewBibliography([]*bib.Paper{mobileNetV2()})
	if err := b.Write(os.Stdout, "Data: Semantic Scholar (semanticscholar.org)", nil); err != nil {
		fmt.Println(err)
	}
	// Output:
	// % Data: Semantic Scholar (semanticscholar.org)
	//
	// @inproceedings{sandler2018mobilenetv2,
	//   author    = {Sandler, Mark and Howard, Andrew and Zhu, Menglong and Zhmoginov, Andrey and Chen, Liang-Chieh},
	//   title     = {{MobileNetV2}: Inverted Residuals and Linear Bottlenecks},
	//   booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)},
	//   pages     = {4510--4520},
	//   year      = {2018},
	//   publisher = {IEEE},
	//   doi       = {10.1109/CVPR.2018.00474},
	//   url       = {https://doi.org/10.1109/CVPR.2018.00474}
	// }
}

func ExampleBibliography_Warnings() {
	p := &bib.Paper{PaperID: "x", Title: "Deep Learning 🚀 at Scale", Year: 2024, Venue: "NeurIPS",
		Authors: []bib.Author{{Name: "Ana Silva"}}}
	for _, w := range bib.NewBibliography([]*bib.Paper{p}).Warnings() {
		fmt.Println(w.Key, "—", w.Msg)
	}
	// Output:
	// silva2024deep — title: dropped 1 character(s) with no LaTeX form: '🚀' (U+1F680)
}
