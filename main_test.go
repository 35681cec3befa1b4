package main

import (
	"os"
	"strings"
	"testing"
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
