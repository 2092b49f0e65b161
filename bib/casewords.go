package bib

import (
	_ "embed"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// caseWordsText is the maintained list of words whose capital a title keeps
// (see the file's own header).
//
//go:embed casewords.txt
var caseWordsText string

// caseWords is casewords.txt as a set (NFC).
var caseWords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(caseWordsText, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if w := strings.TrimSpace(line); w != "" {
			m[norm.NFC.String(w)] = true
		}
	}
	return m
}()

// CaseWords returns the words of the case list, sorted as in the file.
func CaseWords() []string {
	var ws []string
	for _, line := range strings.Split(caseWordsText, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if w := strings.TrimSpace(line); w != "" {
			ws = append(ws, norm.NFC.String(w))
		}
	}
	return ws
}

// caseWord reports whether w is a word of the case list, or one followed
// by "s", "'s" or "’s" (Gaussians, Newton's).
func caseWord(w string) bool {
	if caseWords[w] {
		return true
	}
	for _, suf := range []string{"'s", "’s", "s"} {
		if b, ok := strings.CutSuffix(w, suf); ok && caseWords[b] {
			return true
		}
	}
	return false
}
