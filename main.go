// Command terraform-provider-whatsapp is the Terraform provider for the WhatsApp
// Business API (Cloud and On-Premises).
package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/lifecycle"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider"
)

// version is set by the release build (internal/release, as .goreleaser.yml
// declares: -ldflags "-X main.version=..."); the provider logs it when configured.
var version = "dev"

func main() {
	var debugger bool
	flag.BoolVar(&debugger, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietUnlessTerraformLogs()
	collectGarbageLess()

	inner, ok := providerserver.NewProtocol6(provider.New(version)())().(lifecycle.ProviderServer)
	if !ok {
		log.Fatal("the framework's protocol server lacks list resources or actions; this build of the provider is broken")
	}
	server := lifecycle.NewServer(inner, provider.StoppingDiagnostic())
	var opts []tf6server.ServeOpt
	if debugger {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		// A debugged provider is started by the user, not by Terraform.
		go lifecycle.EndWhenOrphaned(server, lifecycle.Orphaned(os.Getppid(), orphanPoll), orphanDrainLimit,
			func() { os.Exit(1) })
	}
	err := tf6server.Serve(provider.Address, func() tfprotov6.ProviderServer { return server }, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}

// How the plugin ends when its Terraform is gone (internal/lifecycle): it
// looks for that every orphanPoll, and waits at most orphanDrainLimit for the
// sends already on the wire (each is bounded by request_timeout already; the
// limit only guards against a call that never returns).
const (
	orphanPoll       = 200 * time.Millisecond
	orphanDrainLimit = 15 * time.Minute
)

// sdkLogLevels are the provider-side log levels terraform-plugin-go and
// terraform-plugin-framework read at start-up; TF_LOG_PROVIDER_WHATSAPP is
// the level of the provider's own entries (tflog).
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_WHATSAPP"}

// quietUnlessTerraformLogs turns the provider's logging off when the Terraform
// CLI that started it logs nothing: no TF_LOG* variable is set, and the
// provider inherits the CLI's environment. The SDKs otherwise log every RPC,
// validator and plan modifier at trace level, encoded as JSON onto stderr,
// only for the CLI to drop each line; in a profile of a 500-message apply
// that was a quarter of the provider's CPU time. Any TF_LOG* variable
// (TF_LOG, TF_LOG_PROVIDER, TF_LOG_PATH, ...) leaves logging exactly as the
// SDKs set it up.
func quietUnlessTerraformLogs() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return
		}
	}
	for _, name := range sdkLogLevels {
		_ = os.Setenv(name, "off") // cannot fail for these names; logging stays on if it did
	}
}

// The garbage collector's targets for a process that lives one Terraform
// command. gcPercent lets the heap grow to five times what is live before a
// collection (Go's default is twice): a fan-out allocates short-lived values
// for every RPC, and in a profile of a 500-message apply collecting them at
// the default target was about a sixth of the provider's CPU time. memoryLimit
// caps what that costs: near it the collector runs as often as it must, so an
// upload, which streams, still peaks at the same memory (the upload memory row
// of `make bench` checks it). It is 128 MiB, not less, because a campaign of
// 100,000 keeps about 80 MiB live until its apply ends (each row, its send's
// record entry and its answer): under a limit below that, the collector ran
// without pause, took most of the provider's CPU and slowed the sends to 0.8
// of the API's rate (the campaign rows of `make bench`).
const (
	gcPercent   = 400
	memoryLimit = 128 << 20
)

// collectGarbageLess sets those targets unless GOGC or GOMEMLIMIT is set: a
// user who tunes the runtime keeps the last word.
func collectGarbageLess() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
}
