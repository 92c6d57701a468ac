package main

import (
	"context"
	"fmt"
)

func runServe(ctx context.Context, a *App, args []string) int {
	fmt.Fprintln(a.Stderr, "tiepdan: serve is not built yet")
	return exitUsage
}
