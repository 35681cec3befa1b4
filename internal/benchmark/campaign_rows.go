package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// The campaign rows (issue 33): one whatsapp_media_campaign sending a
// personalised template to 10,000, 50,000 and 100,000 customers of a CSV at
// 1,000 sends/s (Meta's throughput for large senders), each beside its floor
// measured in the same run: noop_campaign (internal/benchmark/noop), a
// framework resource of the same shape that sends nothing. The goals are the
// issue's: the whole apply within 1.2x N/rate, an unchanged plan under 5 s,
// state under 2 MB, the provider's peak RSS under 256 MiB. The list shape
// (whatsapp_media_broadcast, recipients as a list, deliveries as a map) is
// measured beside them at the sizes -campaign-list-sizes names: its plan
// grows faster than N, so by default only at 10,000.

const campaignRate = 1000 // sends per second the sandbox allows

// campaignCSV writes n customers (phone, name, city) into dir/customers.csv.
func campaignCSV(dir string, n int) (string, error) {
	var b strings.Builder
	b.WriteString("phone,name,city\n")
	for i := range n {
		fmt.Fprintf(&b, "+1 555 %07d,Customer%d,Lisbon\n", i, i)
	}
	p := filepath.Join(dir, "customers.csv")
	return p, os.WriteFile(p, []byte(b.String()), 0o644)
}

// campaignDir is a working directory with one campaign (kind
// whatsapp_media_campaign or noop_campaign) over n customers.
func (b *bench) campaignDir(kind string, n int) (string, error) {
	head := b.cloudProvider("")
	if kind == "noop_campaign" {
		head = "terraform {\n  required_providers {\n    noop = { source = \"bench/noop\" }\n  }\n}\n"
	}
	d, err := b.dir(kind, head+fmt.Sprintf(`
resource %q "c" {
  recipients_file        = "${path.module}/customers.csv"
  body_parameter_columns = ["name"]
  type                   = "image"
  link                   = "https://example.com/a.png"
  template = {
    name     = "welcome_kit"
    language = "en_US"
  }
}
`, kind))
	if err != nil {
		return "", err
	}
	_, err = campaignCSV(d, n)
	return d, err
}

// rssWrapped is a CLI configuration whose whatsapp provider runs under GNU
// time, which appends each process's peak RSS (KiB) to the file returned.
func (b *bench) rssWrapped() (rc, rssFile string, err error) {
	wrapDir := filepath.Join(b.work, "rss-campaign")
	if err := os.MkdirAll(wrapDir, 0o755); err != nil {
		return "", "", err
	}
	rssFile = filepath.Join(b.work, "rss-campaign.txt")
	wrapper := fmt.Sprintf("#!/bin/sh\nexec /usr/bin/time -f %%M -a -o %q %q \"$@\"\n", rssFile, filepath.Join(b.c.providerDir, "terraform-provider-whatsapp"))
	if err := os.WriteFile(filepath.Join(wrapDir, "terraform-provider-whatsapp"), []byte(wrapper), 0o755); err != nil {
		return "", "", err
	}
	rc = filepath.Join(b.work, "terraformrc-rss-campaign")
	return rc, rssFile, os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"sandeshlive/whatsapp\" = %q\n    \"bench/noop\" = %q\n  }\n  direct {}\n}\n", wrapDir, b.c.noopDir)), 0o644)
}

// peakRSS reads the largest peak GNU time recorded, in bytes.
func peakRSS(rssFile string) (float64, error) {
	raw, err := os.ReadFile(rssFile)
	if err != nil {
		return 0, fmt.Errorf("no peak RSS recorded (is GNU time at /usr/bin/time?): %w", err)
	}
	most := 0.0
	for _, line := range strings.Fields(string(raw)) {
		if kb, err := strconv.ParseFloat(line, 64); err == nil && kb*1024 > most {
			most = kb * 1024
		}
	}
	return most, nil
}

// campaignMeasure is one shape's numbers at one size.
type campaignMeasure struct {
	apply, plan, state, rss float64
	span, rejected          float64 // first to last accepted send (s); share of sends the sandbox throttled
}

// measureCampaign applies a fresh directory of kind for n recipients, then
// plans it unchanged (which must plan nothing), and reads its state's size
// and, for the provider, its peak RSS over both commands.
func (b *bench) measureCampaign(kind string, n int, dirFor func(int) (string, error)) (campaignMeasure, error) {
	var m campaignMeasure
	b.sb.Reset()
	if err := b.sb.SetRateLimit(sandbox.RateLimit{Rate: campaignRate, Burst: campaignRate}); err != nil {
		return m, err
	}
	p := sandbox.DefaultPhoneNumber
	p.MessagingLimitTier, p.Throughput = "TIER_UNLIMITED", "HIGH"
	b.sb.SetPhoneNumber(p)
	d, err := dirFor(n)
	if err != nil {
		return m, err
	}
	rc, rssFile, err := b.rssWrapped()
	if err != nil {
		return m, err
	}
	_ = os.Remove(rssFile)
	env := []string{"TF_CLI_CONFIG_FILE=" + rc}
	if m.apply, err = b.tf(d, env, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return m, err
	}
	if !strings.HasPrefix(kind, "noop") {
		if err := b.checkOnce(n); err != nil {
			return m, err
		}
		st := b.sb.RateLimitStats()
		m.span = st.LastAccepted.Sub(st.FirstAccepted).Seconds()
		m.rejected = float64(st.Rejected) / float64(max(1, st.Accepted+st.Rejected))
	}
	if m.plan, err = b.tf(d, env, "plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		return m, fmt.Errorf("the plan of the unchanged %s is not empty (or failed): %w", kind, err)
	}
	st, err := os.Stat(filepath.Join(d, "terraform.tfstate"))
	if err != nil {
		return m, err
	}
	m.state = float64(st.Size())
	if !strings.HasPrefix(kind, "noop") {
		if m.rss, err = peakRSS(rssFile); err != nil {
			return m, err
		}
	}
	return m, os.RemoveAll(d)
}

// listDir is the broadcast (list shape) over n recipients, with the
// campaign's template, the same for every recipient.
func (b *bench) listDir(n int) (string, error) {
	d, err := b.broadcastDir(n)
	if err != nil {
		return "", err
	}
	hcl := b.cloudProvider("") + `
variable "recipients" {
  type = list(string)
}
resource "whatsapp_media_broadcast" "b" {
  recipients = var.recipients
  type       = "image"
  link       = "https://example.com/a.png"
  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["Customer"]
  }
}
`
	if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(hcl), 0o644); err != nil {
		return "", err
	}
	list := make([]string, n)
	for i := range list {
		list[i] = fmt.Sprintf("+1 555 %07d", i)
	}
	vars, err := json.Marshal(map[string]any{"recipients": list})
	if err != nil {
		return "", err
	}
	return d, os.WriteFile(filepath.Join(d, "terraform.tfvars.json"), vars, 0o644)
}

func (b *bench) campaignRows() ([]row, error) {
	var rows []row
	for _, n := range b.c.campaignSizes {
		fmt.Fprintf(os.Stderr, "bench: campaign %d ...\n", n)
		c, err := b.measureCampaign("whatsapp_media_campaign", n, func(n int) (string, error) {
			return b.campaignDir("whatsapp_media_campaign", n)
		})
		if err != nil {
			return nil, err
		}
		floor, err := b.measureCampaign("noop_campaign", n, func(n int) (string, error) { return b.campaignDir("noop_campaign", n) })
		if err != nil {
			return nil, err
		}
		ideal := float64(n) / campaignRate
		rows = append(rows, row{
			name: fmt.Sprintf("campaign %d", n),
			measured: fmt.Sprintf("whatsapp_media_campaign, %d personalised sends at %d/s: the whole apply %s (first to last "+
				"accepted %s, %.1f%% throttled), unchanged plan %s, state %.2f MB, provider peak RSS %s", n, campaignRate,
				secs(c.apply), secs(c.span), 100*c.rejected, secs(c.plan), c.state/1e6, mib(c.rss)),
			peer: fmt.Sprintf("floor (noop_campaign, same shape, no sends): apply %s, plan %s, state %.2f MB; N/rate %s",
				secs(floor.apply), secs(floor.plan), floor.state/1e6, secs(ideal)),
			ratio: fmt.Sprintf("apply %.2fx N/rate (the sends %.2fx); plan %.1fx the floor's", c.apply/ideal, c.span/ideal, c.plan/floor.plan),
			goal:  "apply <= 1.2x N/rate, plan < 5 s, state < 2 MB, RSS < 256 MiB",
			met:   verdict(c.apply/ideal <= 1.2 && c.plan < 5 && c.state < 2e6 && c.rss < 256<<20),
		})
	}
	for _, n := range b.c.campaignListSizes {
		fmt.Fprintf(os.Stderr, "bench: list shape %d ...\n", n)
		l, err := b.measureCampaign("whatsapp_media_broadcast", n, b.listDir)
		if err != nil {
			return nil, err
		}
		ideal := float64(n) / campaignRate
		rows = append(rows, row{
			name: fmt.Sprintf("list shape %d", n),
			measured: fmt.Sprintf("whatsapp_media_broadcast, %d recipients as a list at %d/s: the whole apply %s, unchanged "+
				"plan %s, state %.2f MB, provider peak RSS %s", n, campaignRate, secs(l.apply), secs(l.plan), l.state/1e6, mib(l.rss)),
			peer:  fmt.Sprintf("N/rate %s", secs(ideal)),
			ratio: fmt.Sprintf("apply %.2fx N/rate", l.apply/ideal),
			goal:  "reported, for comparison",
			met:   "-",
		})
	}
	return rows, nil
}

// parseSizes reads "10000,50000" into numbers.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("size %q: want a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}
