package main

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"
)

// row is one line of the table.
type row struct {
	name     string
	measured string
	peer     string
	ratio    string
	goal     string
	met      string // "yes", "NO", or "-" when the row is only reported
}

func verdict(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

func render(rows []row, c config, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n# make bench\n\n")
	fmt.Fprintf(&b, "%s, %d CPUs, %s; fast rows: median of %d runs, throttled rows: median of %d; whole run %s.\n\n",
		time.Now().UTC().Format(time.RFC3339), runtime.NumCPU(), c.terraform, c.repeat, c.slowRepeat, took.Round(time.Second))
	fmt.Fprintf(&b, "| row | measured | peer in the same run | ratio | goal | met |\n|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.name, r.measured, r.peer, r.ratio, r.goal, r.met)
	}
	return b.String()
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func secs(d float64) string { return fmt.Sprintf("%.2f s", d) }
func mib(b float64) string  { return fmt.Sprintf("%.1f MiB", b/(1<<20)) }
