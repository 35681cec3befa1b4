package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// The broadcast rows: one whatsapp_media_broadcast sends to thousands of
// recipients at the API's speed, where one whatsapp_media_message per
// recipient pays Terraform's cost per instance (it rewrites the state after
// each one), which grows with the number of instances.

const (
	broadcastN    = 5000 // recipients of the throttled broadcast
	broadcastRate = 500  // the sandbox's limit for it, sends per second
	compareN      = 1000 // recipients of the broadcast vs instances row
)

// broadcastDir is a working directory with one broadcast to n recipients
// (listed in terraform.tfvars.json) by link.
func (b *bench) broadcastDir(n int) (string, error) {
	d, err := b.dir("broadcast", b.cloudProvider("")+`
variable "recipients" {
  type = set(string)
}
resource "whatsapp_media_broadcast" "b" {
  recipients = var.recipients
  type       = "image"
  link       = "https://example.com/a.png"
}
`)
	if err != nil {
		return "", err
	}
	list := make([]string, n)
	for i := range list {
		list[i] = fmt.Sprintf("+1555%07d", i)
	}
	vars, err := json.Marshal(map[string]any{"recipients": list})
	if err != nil {
		return "", err
	}
	return d, os.WriteFile(filepath.Join(d, "terraform.tfvars.json"), vars, 0o644)
}

// checkOnce fails unless the sandbox took exactly one message for each of n recipients.
func (b *bench) checkOnce(n int) error {
	seen := map[string]bool{}
	for _, m := range b.sb.Messages() {
		if seen[m.To] {
			return fmt.Errorf("%s got two messages", m.To)
		}
		seen[m.To] = true
	}
	if len(seen) != n {
		return fmt.Errorf("%d recipients got a message, want %d", len(seen), n)
	}
	return nil
}

// broadcastThrottled: 5,000 recipients against a sandbox allowing 500/s
// (burst 500), with the provider's adaptive pace and no ceiling set. The
// ideal is N/rate. The goal is on the whole `terraform apply` (Terraform's
// plan, the sends, each recorded in the record of sends, and the state of
// 5,000 entries), what a user waits for; the sends alone, from the first
// accepted to the last, are reported beside it, and so is the plan of the
// unchanged broadcast afterwards, which every later plan of it costs.
func (b *bench) broadcastThrottled() ([]row, error) {
	ideal := float64(broadcastN) / broadcastRate
	var walls, spans, rejected, plans []float64
	for i := 0; i < b.c.slowRepeat; i++ {
		if err := b.sb.SetRateLimit(sandbox.RateLimit{Rate: broadcastRate, Burst: broadcastRate}); err != nil {
			return nil, err
		}
		b.sb.Reset()
		d, err := b.broadcastDir(broadcastN)
		if err != nil {
			return nil, err
		}
		wall, err := b.apply(d)
		if err != nil {
			return nil, err
		}
		if err := b.checkOnce(broadcastN); err != nil {
			return nil, err
		}
		st := b.sb.RateLimitStats()
		replan, err := b.tf(d, nil, "plan", "-input=false", "-no-color", "-detailed-exitcode")
		if err != nil {
			return nil, fmt.Errorf("the plan after the broadcast is not empty (or failed): %w", err)
		}
		plans = append(plans, replan)
		walls = append(walls, wall)
		spans = append(spans, st.LastAccepted.Sub(st.FirstAccepted).Seconds())
		rejected = append(rejected, float64(st.Rejected)/float64(st.Accepted+st.Rejected))
	}
	if err := b.sb.SetRateLimit(sandbox.RateLimit{}); err != nil {
		return nil, err
	}
	wall, span := median(walls), median(spans)
	return []row{{
		name: "broadcast at the API's rate",
		measured: fmt.Sprintf("one whatsapp_media_broadcast to %d recipients, sandbox at %d/s burst %d: first to last "+
			"accepted %s, %.1f%% of sends rejected, 0 duplicates; the whole apply %s; a plan of it unchanged %s",
			broadcastN, broadcastRate, broadcastRate, secs(span), 100*median(rejected), secs(wall), secs(median(plans))),
		peer:  fmt.Sprintf("N/rate = %d/%d = %s", broadcastN, broadcastRate, secs(ideal)),
		ratio: fmt.Sprintf("the whole apply %.2fx N/rate (the sends %.2fx)", wall/ideal, span/ideal),
		goal:  "the whole apply <= 1.20x N/rate, 0 duplicates",
		met:   verdict(wall/ideal <= 1.2),
	}}, nil
}

// broadcastVsInstances: the same 1,000 recipients as one broadcast and as
// 1,000 whatsapp_media_message instances (-parallelism=10), no rate limit.
func (b *bench) broadcastVsInstances() ([]row, error) {
	if err := b.sb.SetRateLimit(sandbox.RateLimit{}); err != nil {
		return nil, err
	}
	var bs, ms []float64
	for i := 0; i < b.c.slowRepeat; i++ {
		b.sb.Reset()
		d, err := b.broadcastDir(compareN)
		if err != nil {
			return nil, err
		}
		t, err := b.apply(d)
		if err != nil {
			return nil, err
		}
		if err := b.checkOnce(compareN); err != nil {
			return nil, err
		}
		bs = append(bs, t)

		b.sb.Reset()
		if d, err = b.dir("instances", b.cloudProvider("")+messagesHCL("whatsapp_media_message", compareN)); err != nil {
			return nil, err
		}
		if t, err = b.apply(d); err != nil {
			return nil, err
		}
		if err := b.checkOnce(compareN); err != nil {
			return nil, err
		}
		ms = append(ms, t)
	}
	bt, mt := median(bs), median(ms)
	return []row{{
		name:     "broadcast vs instances",
		measured: fmt.Sprintf("%d recipients as one whatsapp_media_broadcast: apply %s", compareN, secs(bt)),
		peer:     fmt.Sprintf("the same %d as whatsapp_media_message instances, -parallelism=10: %s", compareN, secs(mt)),
		ratio:    fmt.Sprintf("%.1fx faster", mt/bt),
		goal:     "reported",
		met:      "-",
	}}, nil
}
