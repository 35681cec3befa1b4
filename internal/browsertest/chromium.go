// Package browsertest runs Debian's headless Chromium for the tests that look
// at a page as a person would (make test-browser: the sandbox's inbox and the
// webhook receiver's page). Only tests import it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// flags are what Chromium needs on these machines, as root and with no
// network: without the background-networking ones it keeps trying hosts it
// cannot reach.
var flags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--hide-scrollbars",
}

// Chromium runs one headless Chromium (CHROMIUM, else /usr/bin/chromium)
// with a fresh profile and a window of width x height, and returns what it
// printed (--dump-dom) or fails the test.
func Chromium(t testing.TB, width, height int, args ...string) string {
	t.Helper()
	bin := os.Getenv("CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	all := append([]string{"--user-data-dir=" + t.TempDir(), windowSize(width, height)}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(all, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(append(all, args...), " "), err, stderr.String())
	}
	return string(out)
}

func windowSize(width, height int) string {
	return "--window-size=" + strconv.Itoa(width) + "," + strconv.Itoa(height)
}
