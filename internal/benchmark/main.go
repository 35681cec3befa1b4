// Command benchmark is `make bench`: it measures the provider side by side
// with a peer in the same run, on loopback against the sandbox, and prints one
// table of ratios (also written as Markdown under bench-results/). Each timed
// row is repeated and its median kept. Goals live here, never in tests.
//
// It expects the provider, the no-op provider (internal/benchmark/noop) and a
// Terraform CLI; scripts/bench.sh builds the first two.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type config struct {
	terraform   string
	providerDir string // holds terraform-provider-whatsapp
	noopDir     string // holds terraform-provider-noop
	repeat      int    // runs of each fast row
	slowRepeat  int    // runs of each throttled row (about 20 s each)
	outDir      string
	only        string // comma-separated row keys; empty runs all

	// The receiver rows (receiver_rows.go).
	receiverBin      string
	receiverPostgres string // a PostgreSQL URL for the receiver's own database; "" skips that row with a NO
	receiverRate     int
	receiverDuration time.Duration

	// The campaign rows (campaign_rows.go).
	campaignSizes     []int
	campaignListSizes []int
}

func main() {
	var c config
	flag.StringVar(&c.terraform, "terraform", "terraform", "Terraform CLI")
	flag.StringVar(&c.providerDir, "provider-dir", "bin", "directory with terraform-provider-whatsapp")
	flag.StringVar(&c.noopDir, "noop-dir", "bin/bench-noop", "directory with terraform-provider-noop")
	flag.IntVar(&c.repeat, "repeat", 3, "runs of each fast row (median reported)")
	flag.IntVar(&c.slowRepeat, "slow-repeat", 1, "runs of each throttled row, about 20 s each (median reported)")
	flag.StringVar(&c.outDir, "out", "bench-results", "directory for the Markdown table")
	flag.StringVar(&c.only, "only", "", "run only these rows: fanout,script,throttled,retryafter,ceiling,upload,memory,hashing,refresh,broadcast,broadcast-vs-instances,campaign,receiver")
	flag.StringVar(&c.receiverBin, "receiver-bin", "", "the whatsapp-receiver binary, for the receiver rows")
	flag.StringVar(&c.receiverPostgres, "receiver-postgres", "", "an empty PostgreSQL database for the receiver row on PostgreSQL")
	flag.IntVar(&c.receiverRate, "receiver-rate", 1000, "statuses a second posted to the receiver")
	flag.DurationVar(&c.receiverDuration, "receiver-duration", time.Minute, "how long the receiver rows post")
	sizes := flag.String("campaign-sizes", "10000,50000,100000", "recipients of the campaign rows")
	listSizes := flag.String("campaign-list-sizes", "10000", "recipients of the list shape rows beside them")
	flag.Parse()
	var err error
	if c.campaignSizes, err = parseSizes(*sizes); err == nil {
		c.campaignListSizes, err = parseSizes(*listSizes)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	var err error
	for _, p := range []*string{&c.providerDir, &c.noopDir, &c.outDir} {
		if *p, err = filepath.Abs(*p); err != nil {
			return err
		}
	}
	b, err := newBench(c)
	if err != nil {
		return err
	}
	defer b.close()
	want := func(key string) bool {
		return c.only == "" || strings.Contains(","+c.only+",", ","+key+",")
	}
	start := time.Now()
	var rows []row
	steps := []struct {
		key string
		fn  func() ([]row, error)
	}{
		{"fanout", b.fanOut}, // also yields the script row's measurement
		{"throttled", func() ([]row, error) { return b.throttled("throttled", "") }},
		{"retryafter", func() ([]row, error) { return b.throttled("throttled, Retry-After: 1", "1") }},
		{"ceiling", b.ceiling},
		{"upload", b.upload},
		{"memory", b.uploadMemory},
		{"hashing", b.planHashing},
		{"refresh", b.refresh},
		{"broadcast", b.broadcastThrottled},
		{"broadcast-vs-instances", b.broadcastVsInstances},
		{"campaign", b.campaignRows},
		{"receiver", b.receiverRows},
	}
	for _, s := range steps {
		runs := want(s.key) || (s.key == "fanout" && want("script"))
		if !runs {
			continue
		}
		fmt.Fprintf(os.Stderr, "bench: %s ...\n", s.key)
		r, err := s.fn()
		if err != nil {
			return fmt.Errorf("%s: %w", s.key, err)
		}
		rows = append(rows, r...)
	}
	table := render(rows, c, time.Since(start))
	fmt.Print(table)
	if err := os.MkdirAll(c.outDir, 0o755); err != nil {
		return err
	}
	name := filepath.Join(c.outDir, "bench-"+time.Now().UTC().Format("20060102-150405")+".md")
	if err := os.WriteFile(name, []byte(table), 0o644); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "bench: table written to", name)
	return nil
}
