package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

const fanOutN = 500

// messagesHCL is n link messages to distinct recipients, for resource type kind.
func messagesHCL(kind string, n int) string {
	switch kind {
	case "terraform_data":
		return fmt.Sprintf(`resource "terraform_data" "m" {
  count = %d
  input = { to = format("+1555%%07d", count.index), type = "image", link = "https://example.com/a.png" }
}
`, n)
	case "noop_message":
		return fmt.Sprintf(`terraform {
  required_providers {
    noop = { source = "bench/noop" }
  }
}
resource "noop_message" "m" {
  count = %d
  to    = format("+1555%%07d", count.index)
  type  = "image"
  link  = "https://example.com/a.png"
}
`, n)
	}
	return fmt.Sprintf(`resource "whatsapp_media_message" "m" {
  count = %d
  to    = format("+1555%%07d", count.index)
  type  = "image"
  link  = "https://example.com/a.png"
}
`, n)
}

// fanOut: 500 messages against a no-op resource and terraform_data, then the
// same 500 sends by a shell script.
func (b *bench) fanOut() ([]row, error) {
	if err := b.sb.SetRateLimit(sandbox.RateLimit{}); err != nil {
		return nil, err
	}
	kinds := []string{"whatsapp_media_message", "noop_message", "terraform_data"}
	times, cpu := map[string][]float64{}, map[string][]float64{}
	for i := 0; i < b.c.repeat; i++ {
		for _, k := range kinds { // interleaved, so drift hits all alike
			hcl := messagesHCL(k, fanOutN)
			if k == "whatsapp_media_message" {
				hcl = b.cloudProvider("") + hcl
				b.sb.Reset()
			}
			d, err := b.dir(k, hcl)
			if err != nil {
				return nil, err
			}
			t, err := b.apply(d)
			if err != nil {
				return nil, err
			}
			if k == "whatsapp_media_message" {
				if n := len(b.sb.Messages()); n != fanOutN {
					return nil, fmt.Errorf("the sandbox got %d messages, want %d", n, fanOutN)
				}
			}
			times[k] = append(times[k], t)
			cpu[k] = append(cpu[k], b.lastCPU)
		}
	}
	wa, noop, data := median(times[kinds[0]]), median(times[kinds[1]]), median(times[kinds[2]])
	waCPU, noopCPU := median(cpu[kinds[0]]), median(cpu[kinds[1]])
	rows := []row{{
		name:     "fan-out",
		measured: fmt.Sprintf("apply of %d messages, -parallelism=10: %s", fanOutN, secs(wa)),
		peer:     fmt.Sprintf("no-op resource x%d: %s; terraform_data x%d: %s", fanOutN, secs(noop), fanOutN, secs(data)),
		ratio: fmt.Sprintf("%.2fx no-op, %.2fx terraform_data (CPU of CLI + provider: %.1f s vs %.1f s no-op, %.2fx)",
			wa/noop, wa/data, waCPU, noopCPU, waCPU/noopCPU),
		goal: "<= 1.10x the no-op resource",
		met:  verdict(wa/noop <= 1.10),
	}}

	script, err := b.scriptSends()
	if err != nil {
		return nil, err
	}
	rows = append(rows, row{
		name:     "vs a script",
		measured: fmt.Sprintf("the same %d sends by the provider: %s", fanOutN, secs(wa)),
		peer:     fmt.Sprintf("`xargs -P10 curl` of the same bodies: %s", secs(script)),
		ratio:    fmt.Sprintf("%.2fx the script", wa/script),
		goal:     "reported",
		met:      "-",
	})
	return rows, nil
}

// scriptSends posts the same bodies with curl, ten at a time.
func (b *bench) scriptSends() (float64, error) {
	d, err := os.MkdirTemp(b.work, "script-")
	if err != nil {
		return 0, err
	}
	var list strings.Builder
	for i := 0; i < fanOutN; i++ {
		body := fmt.Sprintf(`{"messaging_product":"whatsapp","recipient_type":"individual","to":"+1555%07d","type":"image","image":{"link":"https://example.com/a.png"}}`, i)
		name := filepath.Join(d, fmt.Sprintf("m%03d.json", i))
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			return 0, err
		}
		list.WriteString(name + "\n")
	}
	if err := os.WriteFile(filepath.Join(d, "list"), []byte(list.String()), 0o644); err != nil {
		return 0, err
	}
	url := fmt.Sprintf("%s/%s/%s/messages", b.url, whatsapp.DefaultAPIVersion, sandbox.DefaultPhoneNumberID)
	script := fmt.Sprintf(`xargs -P10 -I{} curl -sS -f -o /dev/null -X POST %q -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' --data-binary @{} < list`,
		url, sandbox.DefaultAccessToken)
	var ts []float64
	for i := 0; i < b.c.repeat; i++ {
		b.sb.Reset()
		t, err := timeCmd(d, script)
		if err != nil {
			return 0, err
		}
		if n := len(b.sb.Messages()); n != fanOutN {
			return 0, fmt.Errorf("the script's run left %d messages, want %d", n, fanOutN)
		}
		ts = append(ts, t)
	}
	return median(ts), nil
}

type throttleRun struct {
	ratio, rejected float64
	dups            int
	span            float64
}

// throttledApply sends n messages against a sandbox allowing 20/s, burst 20.
func (b *bench) throttledApply(n int, retryAfter, providerExtra string, ideal float64) (throttleRun, error) {
	if err := b.sb.SetRateLimit(sandbox.RateLimit{Rate: 20, Burst: 20, RetryAfter: retryAfter}); err != nil {
		return throttleRun{}, err
	}
	b.sb.Reset()
	d, err := b.dir("throttled", b.cloudProvider(providerExtra)+messagesHCL("whatsapp_media_message", n))
	if err != nil {
		return throttleRun{}, err
	}
	if _, err := b.apply(d); err != nil {
		return throttleRun{}, err
	}
	st := b.sb.RateLimitStats()
	msgs := b.sb.Messages()
	seen := map[string]bool{}
	for _, m := range msgs {
		seen[m.To] = true
	}
	if len(seen) != n {
		return throttleRun{}, fmt.Errorf("%d recipients got a message, want %d", len(seen), n)
	}
	span := st.LastAccepted.Sub(st.FirstAccepted).Seconds()
	return throttleRun{
		ratio:    ideal / span,
		rejected: float64(st.Rejected) / float64(st.Accepted+st.Rejected),
		dups:     len(msgs) - len(seen),
		span:     span,
	}, nil
}

func (b *bench) throttledRuns(n int, retryAfter, extra string, ideal float64) (ratio, rejected, span float64, dups int, err error) {
	var rs, js, ss []float64
	for i := 0; i < b.c.slowRepeat; i++ {
		r, err := b.throttledApply(n, retryAfter, extra, ideal)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		rs, js, ss = append(rs, r.ratio), append(js, r.rejected), append(ss, r.span)
		dups += r.dups
	}
	return median(rs), median(js), median(ss), dups, nil
}

func (b *bench) throttled(name, retryAfter string) ([]row, error) {
	const n = 400
	ideal := float64(n-20) / 20
	ratio, rejected, span, dups, err := b.throttledRuns(n, retryAfter, "", ideal)
	if err != nil {
		return nil, err
	}
	goal, ok := ">= 95% of the allowed rate, 0 duplicates", ratio >= 0.95 && dups == 0
	if retryAfter == "" {
		goal, ok = ">= 95% of the allowed rate, <= 5% of sends rejected, 0 duplicates", ok && rejected <= 0.05
	}
	return []row{{
		name:     name,
		measured: fmt.Sprintf("%d sends, sandbox at 20/s burst 20: first to last accepted %s, %.1f%% of sends rejected, %d duplicates", n, secs(span), 100*rejected, dups),
		peer:     fmt.Sprintf("(%d-20)/20 = %s", n, secs(ideal)),
		ratio:    fmt.Sprintf("%.1f%% of the allowed rate", 100*ratio),
		goal:     goal,
		met:      verdict(ok),
	}}, nil
}

func (b *bench) ceiling() ([]row, error) {
	const n = 400
	ideal := float64(n-1) / 20
	ratio, rejected, span, dups, err := b.throttledRuns(n, "", "  max_messages_per_second = 20\n", ideal)
	if err != nil {
		return nil, err
	}
	return []row{{
		name:     "ceiling",
		measured: fmt.Sprintf("%d sends with max_messages_per_second = 20 (sandbox at 20/s): %s, %.1f%% rejected, %d duplicates", n, secs(span), 100*rejected, dups),
		peer:     fmt.Sprintf("(%d-1)/20 = %s", n, secs(ideal)),
		ratio:    fmt.Sprintf("%.1f%% of the ceiling", 100*ratio),
		goal:     "0 rejected, >= 95%",
		met:      verdict(rejected == 0 && ratio >= 0.95 && dups == 0),
	}}, nil
}

// upload: 64 MB through the client against curl --data-binary, both to the
// On-Premises media endpoint (one raw body, as curl sends it).
func (b *bench) upload() ([]row, error) {
	const size = 64 << 20
	file := filepath.Join(b.work, "upload.pdf")
	if err := writeFile(file, size, 1); err != nil {
		return nil, err
	}
	defer func() { _ = os.Remove(file) }()
	c, err := whatsapp.New(whatsapp.Config{Flavor: whatsapp.OnPremises, BaseURL: b.url, AccessToken: sandbox.DefaultAccessToken})
	if err != nil {
		return nil, err
	}
	script := fmt.Sprintf(`curl -sS -f -o /dev/null -X POST %q -H 'Authorization: Bearer %s' -H 'Content-Type: application/pdf' --data-binary @%s`,
		b.url+"/v1/media", sandbox.DefaultAccessToken, file)
	var cs, ps []float64
	for i := 0; i < b.c.repeat; i++ {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		_, err = c.UploadMedia(context.Background(), whatsapp.Upload{Body: f, Size: size, ContentType: "application/pdf"})
		cs = append(cs, time.Since(start).Seconds())
		_ = f.Close()
		if err != nil {
			return nil, err
		}
		t, err := timeCmd(b.work, script)
		if err != nil {
			return nil, err
		}
		ps = append(ps, t)
	}
	cl, cu := median(cs), median(ps)
	return []row{{
		name:     "upload",
		measured: fmt.Sprintf("64 MB through the client: %s (%.0f MB/s)", secs(cl), size/1e6/cl),
		peer:     fmt.Sprintf("`curl --data-binary`, same file and endpoint: %s (%.0f MB/s)", secs(cu), size/1e6/cu),
		ratio:    fmt.Sprintf("%.2fx curl's throughput", cu/cl),
		goal:     ">= 0.9x curl",
		met:      verdict(cu/cl >= 0.9),
	}}, nil
}
