package main

import (
	"context"
	"fmt"
)

func runSchedule(ctx context.Context, a *App, args []string) int {
	fmt.Fprintln(a.Stderr, "tiepdan: schedule is not built yet")
	return exitUsage
}
