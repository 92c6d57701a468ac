package main

import (
	"context"
	"fmt"
)

func runUser(ctx context.Context, a *App, args []string) int {
	fmt.Fprintln(a.Stderr, "tiepdan: user is not built yet")
	return exitUsage
}
