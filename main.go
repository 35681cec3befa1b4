// Command terraform-provider-whatsapp is the Terraform provider for the WhatsApp
// Business API (Cloud and On-Premises).
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider"
)

// version is set by the release build (goreleaser ldflags: -X main.version=...).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietUnlessTerraformLogs()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

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
