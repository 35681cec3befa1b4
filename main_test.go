package main

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/lifecycle"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider"
)

// main wraps the framework's server in lifecycle.Server, which keeps its
// list resources and actions visible: the framework's server must have both.
func TestTheFrameworkServerHasWhatLifecycleWraps(t *testing.T) {
	if _, ok := providerserver.NewProtocol6(provider.New("test")())().(lifecycle.ProviderServer); !ok {
		t.Fatal("the framework's protocol 6 server does not implement lifecycle.ProviderServer; main.go would panic")
	}
}
