package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// clientFrom extracts the client the provider's Configure handed over. A nil
// ProviderData is normal early in a run (validation before configuration): it
// returns nil without error, and the resource must cope with a nil client there.
func clientFrom(providerData any) (*whatsapp.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if providerData == nil {
		return nil, diags
	}
	client, ok := providerData.(*whatsapp.Client)
	if !ok {
		diags.AddError("Unexpected Resource Configure Type",
			fmt.Sprintf("Expected *whatsapp.Client, got %T. This is a bug in the provider: please report it.", providerData))
		return nil, diags
	}
	return client, diags
}
