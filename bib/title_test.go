package bib

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"Knowledge Distillation", "knowledge-distillation"},
		{"  Low-Rank / Tensor  Decomposition!! ", "low-rank-tensor-decomposition"},
		{"Pruning 🔥 (2019)", "pruning-2019"},
		{"Économie", "economie"},
		{"../../etc/passwd", "etc-passwd"},
		{"CON", "family-con"},
		{"nul", "family-nul"},
		{"COM1", "family-com1"},
		{"LPT9", "family-lpt9"},
		{"COM0", "com0"},
		{"Console", "console"},
		{"con family", "con-family"},
	}
	for _, tt := range tests {
		if got := Slug(tt.name); got != tt.want {
			t.Errorf("Slug(%q) = %q; want %q", tt.name, got, tt.want)
		}
	}
	// Names with no ASCII letter or digit get a stable hash, distinct for
	// distinct names.
	a, b := Slug("知乎"), Slug("日本語 セクション")
	if !strings.HasPrefix(a, "family-") || len(a) != len("family-")+8 || a == b || a != Slug("知乎") {
		t.Errorf("Slug of non-ASCII names: %q, %q", a, b)
	}
	if got := Slug(strings.Repeat("a", 100)); len(got) > 60 {
		t.Errorf("Slug of a long name is %d bytes; want at most 60", len(got))
	}
}
