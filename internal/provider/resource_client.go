package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// resourceClient is embedded in every resource: it holds the client the
// provider's Configure handed over (its Configure method is the resource's)
// and guards the calls that need one.
type resourceClient struct {
	client    *whatsapp.Client
	sends     *sendrecord.Record  // nil when the send record is off (or before Configure)
	store     *receiverapi.Client // nil when no delivery store is configured (delivery_store.go)
	templates *templateCatalog    // nil before Configure
}

// providerData is what the provider's Configure hands every resource and data
// source: the client, the record of sends (nil when it is off) and the
// catalog of templates the plan checks template sends against.
type providerData struct {
	client    *whatsapp.Client
	sends     *sendrecord.Record
	store     *receiverapi.Client
	templates *templateCatalog // template_catalog.go: what the plan knows of templates
}

// Configure keeps the provider's client. A nil client is normal early in a
// run (validation before the provider is configured): plan logic must cope
// with it, and CRUD methods start with requireClient.
func (c *resourceClient) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := clientFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	c.client = client
	if pd, ok := req.ProviderData.(*providerData); ok {
		c.sends, c.store, c.templates = pd.sends, pd.store, pd.templates
	}
}

// requireClient reports whether a client is configured. Without one it adds
// an error with summary and a detail saying what could not be done (attempted,
// e.g. "upload the media"), and the caller returns.
func (c *resourceClient) requireClient(diags *diag.Diagnostics, summary, attempted string) bool {
	if c.client != nil {
		return true
	}
	diags.AddError(summary, notConfiguredDetail(attempted))
	return false
}

// clientFrom extracts the client the provider's Configure handed over (data
// sources call it from their own Configure). A nil ProviderData is normal
// early in a run: it returns nil without error.
func clientFrom(data any) (*whatsapp.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Resource Configure Type",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider: please report it.", data))
		return nil, diags
	}
	return pd.client, diags
}

// storeFrom is the delivery store the provider's Configure handed over (data
// sources call it from their own Configure): nil when none is configured, or
// early in a run.
func storeFrom(data any) *receiverapi.Client {
	if pd, ok := data.(*providerData); ok {
		return pd.store
	}
	return nil
}

// notConfiguredDetail explains a CRUD call of any resource kind that arrives
// without a client, which Terraform only does when the provider block itself
// failed; attempted is what could not be done, e.g. "upload the media".
func notConfiguredDetail(attempted string) string {
	return fmt.Sprintf("The WhatsApp provider was not configured, so it could not %s. "+
		"Fix the errors reported for the provider block and run again.", attempted)
}
