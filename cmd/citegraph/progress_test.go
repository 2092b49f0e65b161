package main

import (
	"context"
	"strings"
	"testing"
)

// TestProgressOnPipe: on a pipe, progress is a plain line now and then, and
// the line saying all entries are done is printed once, however often the
// client ticks afterwards (fetching references).
func TestProgressOnPipe(t *testing.T) {
	s, _, errOut := testStreams()
	p := newProgress(context.Background(), s, false, "resolving", func() string { return "3 calls" })
	p.start(3)
	p.update(1, 3)
	p.update(3, 3)
	for range 5 {
		p.tick()
	}
	p.finish()
	got := strings.Count(errOut.String(), "resolving 3/3")
	if got != 1 {
		t.Errorf("the done line was printed %d times; want once:\n%s", got, errOut)
	}
	if strings.Contains(errOut.String(), "resolving 1/3") {
		t.Errorf("an intermediate line came sooner than 5 s after the start:\n%s", errOut)
	}
}
