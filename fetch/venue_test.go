package fetch

import "testing"

func TestVenuesAgree(t *testing.T) {
	tests := []struct {
		listed, record string
		want           bool
	}{
		{"CVPR", "2018 IEEE/CVF Conference on Computer Vision and Pattern Recognition", true},
		{"CVPR", "2017 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", true},
		{"CVPR", "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", true},
		{"CVPR", "CVPR Workshops 2018", true},
		{"CVPR", "CVPR 2018", true},
		{"ICLR", "6th International Conference on Learning Representations", true},
		{"ICLR", "International Conference on Learning Representations", true},
		{"AAAI", "AAAI-18", true},
		{"AAAI", "Proceedings of the AAAI Conference on Artificial Intelligence", true},
		{"ICCV", "2017 IEEE International Conference on Computer Vision (ICCV)", true},
		{"ECCV", "European Conference on Computer Vision", true},
		{"WACV", "2018 IEEE Winter Conference on Applications of Computer Vision (WACV)", true},
		{"WACV", "Winter Conference on Applications of Computer Vision", true},
		{"ICML", "International Conference on Machine Learning", true},
		{"NIPS", "Advances in Neural Information Processing Systems", true},
		{"NeurIPS", "NIPS", true},
		{"arXiv", "ArXiv", true},
		{"ArXiv", "CoRR", true},
		{"arXiv", "arXiv.org", true},
		{"TPAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence", true},
		{"ICLR 2018", "ICLR", true},
		{"International Conference on Learning Representations", "ICLR", true},
		{"", "CVPR", true},
		{"CVPR", "", true},

		{"CVPR", "IEEE Transactions on Pattern Analysis and Machine Intelligence", false},
		{"arXiv", "CVPR Workshops 2018", false},
		{"ICLR", "ArXiv", false},
		{"CVPR", "ICCV", false},
		{"ICCV", "2018 IEEE/CVF Conference on Computer Vision and Pattern Recognition", false},
		{"ECCV", "2017 IEEE International Conference on Computer Vision (ICCV)", false},
		{"AAAI", "International Conference on Learning Representations", false},
		{"arXiv", "Frontiers of Information Technology & Electronic Engineering", false},
		{"ICML", "ICLR", false},
		{"NIPS", "ICML", false},
	}
	for _, tc := range tests {
		if got := VenuesAgree(tc.listed, tc.record); got != tc.want {
			t.Errorf("VenuesAgree(%q, %q) = %v; want %v", tc.listed, tc.record, got, tc.want)
		}
	}
}
