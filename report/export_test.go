package report

import "testing"

// FoldInParallel makes an area's view of more than one petition fold them on
// every processor, a few at a time, until tb ends: the histories of the
// tests are too small to reach the thresholds a report uses.
func FoldInParallel(tb testing.TB) {
	n, chunk := parallelFolds, foldChunk
	parallelFolds, foldChunk = 2, 7
	tb.Cleanup(func() { parallelFolds, foldChunk = n, chunk })
}
