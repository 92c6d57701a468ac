package main

import (
	"context"
	"fmt"
)

func runToken(ctx context.Context, a *App, args []string) int {
	fmt.Fprintln(a.Stderr, "tiepdan: token is not built yet")
	return exitUsage
}
