//go:build race

package main

// raceDetector says the tests run with the race detector, under which the
// suites of large histories are skipped: .ci/run runs them again without it.
const raceDetector = true
