package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// mediaHCL is one whatsapp_media per file.
func (b *bench) mediaHCL(files []string) string {
	var s strings.Builder
	s.WriteString(b.cloudProvider(""))
	for i, f := range files {
		fmt.Fprintf(&s, "resource \"whatsapp_media\" \"m%d\" {\n  source = %q\n}\n", i, f)
	}
	return s.String()
}

func (b *bench) makeFiles(prefix string, n int, size int64) ([]string, error) {
	var files []string
	for i := 0; i < n; i++ {
		f := filepath.Join(b.work, fmt.Sprintf("%s-%d.pdf", prefix, i))
		if err := writeFile(f, size, byte(i)); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

func removeAll(files []string) {
	for _, f := range files {
		_ = os.Remove(f)
	}
}

// uploadMemory: peak RSS of the provider processes of an apply uploading one
// file, for 1 KB (idle), 10 MB and 100 MB. GNU time wraps the provider
// binary and records each process's peak.
func (b *bench) uploadMemory() ([]row, error) {
	wrapDir := filepath.Join(b.work, "rss-provider")
	if err := os.MkdirAll(wrapDir, 0o755); err != nil {
		return nil, err
	}
	rssFile := filepath.Join(b.work, "rss.txt")
	wrapper := fmt.Sprintf("#!/bin/sh\nexec /usr/bin/time -f %%M -a -o %q %q \"$@\"\n", rssFile, filepath.Join(b.c.providerDir, "terraform-provider-whatsapp"))
	if err := os.WriteFile(filepath.Join(wrapDir, "terraform-provider-whatsapp"), []byte(wrapper), 0o755); err != nil {
		return nil, err
	}
	rc := filepath.Join(b.work, "terraformrc-rss")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"sandeshlive/whatsapp\" = %q\n  }\n  direct {}\n}\n", wrapDir)), 0o644); err != nil {
		return nil, err
	}
	peak := func(size int64) (float64, error) {
		files, err := b.makeFiles(fmt.Sprintf("rss%d", size), 1, size)
		if err != nil {
			return 0, err
		}
		defer removeAll(files)
		_ = os.Remove(rssFile)
		d, err := b.dir("rss", b.mediaHCL(files))
		if err != nil {
			return 0, err
		}
		if _, err := b.tf(d, []string{"TF_CLI_CONFIG_FILE=" + rc}, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
			return 0, err
		}
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
	idle, err := peak(1 << 10)
	if err != nil {
		return nil, err
	}
	small, err := peak(10 << 20)
	if err != nil {
		return nil, err
	}
	large, err := peak(100 << 20)
	if err != nil {
		return nil, err
	}
	const limit = 32 << 20
	return []row{{
		name:     "upload memory",
		measured: fmt.Sprintf("peak RSS of the provider: 100 MB upload %s, 10 MB upload %s", mib(large), mib(small)),
		peer:     fmt.Sprintf("each other; idle (1 KB upload) %s", mib(idle)),
		ratio:    fmt.Sprintf("100 MB: %+.1f MiB, 10 MB: %+.1f MiB against idle", (large-idle)/(1<<20), (small-idle)/(1<<20)),
		goal:     "flat: < 32 MiB above idle for both",
		met:      verdict(large-idle < limit && small-idle < limit),
	}}, nil
}

// planHashing: a plan of 10 x 50 MB media (their bytes are hashed at plan
// time) against sha256sum of the same files.
func (b *bench) planHashing() ([]row, error) {
	files, err := b.makeFiles("hash", 10, 50<<20)
	if err != nil {
		return nil, err
	}
	defer removeAll(files)
	d, err := b.dir("hashing", b.mediaHCL(files))
	if err != nil {
		return nil, err
	}
	script := "sha256sum " + strings.Join(files, " ") + " >/dev/null"
	var ps, ss []float64
	for i := 0; i < b.c.repeat; i++ {
		t, err := b.tf(d, nil, "plan", "-input=false", "-no-color", "-parallelism=10")
		if err != nil {
			return nil, err
		}
		s, err := timeCmd(b.work, script)
		if err != nil {
			return nil, err
		}
		ps, ss = append(ps, t), append(ss, s)
	}
	p, s := median(ps), median(ss)
	return []row{{
		name:     "plan hashing",
		measured: fmt.Sprintf("`terraform plan` of 10 x 50 MB media: %s", secs(p)),
		peer:     fmt.Sprintf("`sha256sum` of the same files: %s", secs(s)),
		ratio:    fmt.Sprintf("%.2fx sha256sum", p/s),
		goal:     "<= 1.3x",
		met:      verdict(p/s <= 1.3),
	}}, nil
}

// refresh: bytes the sandbox sends while Terraform refreshes 20 x 5 MB media.
func (b *bench) refresh() ([]row, error) {
	const n, size = 20, 5 << 20
	files, err := b.makeFiles("refresh", n, size)
	if err != nil {
		return nil, err
	}
	defer removeAll(files)
	b.sb.Reset()
	d, err := b.dir("refresh", b.mediaHCL(files))
	if err != nil {
		return nil, err
	}
	if _, err := b.apply(d); err != nil {
		return nil, err
	}
	before := b.sent.Load()
	if _, err := b.tf(d, nil, "plan", "-refresh-only", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	per := float64(b.sent.Load()-before) / n
	return []row{{
		name:     "refresh",
		measured: fmt.Sprintf("bytes the sandbox sent refreshing %d x 5 MB media: %.0f B per media", n, per),
		peer:     "media size 5 MiB",
		ratio:    fmt.Sprintf("%.5f of the media size", per/size),
		goal:     "<= 4 KiB per media, independent of size",
		met:      verdict(per <= 4096),
	}}, nil
}
