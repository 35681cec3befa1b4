package main

import (
	"math"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/lifecycle"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider"
)

// clearTFLog unsets every TF_LOG* variable for the test.
func clearTFLog(t *testing.T) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") {
			t.Setenv(name, "") // registers restoration
			_ = os.Unsetenv(name)
		}
	}
	for _, name := range sdkLogLevels {
		t.Setenv(name, "")
		_ = os.Unsetenv(name)
	}
}

func TestQuietWhenTerraformLogsNothing(t *testing.T) {
	clearTFLog(t)
	quietUnlessTerraformLogs()
	for _, name := range sdkLogLevels {
		if got := os.Getenv(name); got != "off" {
			t.Errorf("%s = %q, want off when the CLI logs nothing", name, got)
		}
	}
}

func TestLoggingKeptWhenTerraformLogs(t *testing.T) {
	for _, set := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH"} {
		t.Run(set, func(t *testing.T) {
			clearTFLog(t)
			t.Setenv(set, "trace")
			quietUnlessTerraformLogs()
			for _, name := range sdkLogLevels {
				if name != set && os.Getenv(name) != "" {
					t.Errorf("%s set to %q although %s asks for logs", name, os.Getenv(name), set)
				}
			}
		})
	}
}

func TestGarbageCollectorTargets(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	_ = os.Unsetenv("GOGC")
	_ = os.Unsetenv("GOMEMLIMIT")
	prevPercent, prevLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(prevPercent); debug.SetMemoryLimit(prevLimit) })

	collectGarbageLess()
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GC percent = %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != memoryLimit {
		t.Errorf("memory limit = %d, want %d", got, memoryLimit)
	}

	// A user's GOGC and GOMEMLIMIT win.
	t.Setenv("GOGC", "100")
	t.Setenv("GOMEMLIMIT", "1GiB")
	collectGarbageLess()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent with GOGC set = %d, want it left at 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit with GOMEMLIMIT set = %d, want it left alone", got)
	}
}

// main wraps the framework's server in lifecycle.Server, which keeps its
// list resources and actions visible: the framework's server must have both.
func TestTheFrameworkServerHasWhatLifecycleWraps(t *testing.T) {
	if _, ok := providerserver.NewProtocol6(provider.New("test")())().(lifecycle.ProviderServer); !ok {
		t.Fatal("the framework's protocol 6 server does not implement lifecycle.ProviderServer; main.go would panic")
	}
}
