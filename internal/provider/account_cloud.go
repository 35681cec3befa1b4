package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The account resources of issue 34 (whatsapp_app_subscription,
// whatsapp_qr_code, whatsapp_conversational_automation) exist on the Cloud
// API only: the On-Premises API has none of these endpoints.

// requireCloud is the plan-time error for such a resource under an
// On-Premises provider; onPremAlternative says what to do there instead.
func requireCloud(c *whatsapp.Client, resourceType, onPremAlternative string) diag.Diagnostics {
	var diags diag.Diagnostics
	if c != nil && c.Flavor() != whatsapp.Cloud {
		diags.AddError("WhatsApp "+resourceType+" Needs the Cloud API",
			"The provider is configured for the On-Premises API, which has no such setting: "+onPremAlternative)
	}
	return diags
}
