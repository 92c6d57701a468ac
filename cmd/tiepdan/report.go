package main

import (
	"context"
	"fmt"
)

func runReport(ctx context.Context, a *App, args []string) int {
	fmt.Fprintln(a.Stderr, "tiepdan: report is not built yet")
	return exitUsage
}
