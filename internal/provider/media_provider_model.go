package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// mediaProviderFromModel is what Create and Update send: the configured name
// and credentials, always of type "www".
func mediaProviderFromModel(m mediaProviderModel) whatsapp.MediaProvider {
	return whatsapp.MediaProvider{
		Name:          m.Name.ValueString(),
		Type:          whatsapp.MediaProviderTypeWWW,
		Bearer:        m.BearerToken.ValueString(),
		BasicUsername: m.BasicUsername.ValueString(),
		BasicPassword: m.BasicPassword.ValueString(),
	}
}

// mediaProviderToModel is the state Read records from the server's answer.
// An absent credential is null, as it is in a configuration that omits it, so
// only a real difference shows in the plan.
func mediaProviderToModel(p *whatsapp.MediaProvider) mediaProviderModel {
	typ := p.Type
	if typ == "" {
		typ = whatsapp.MediaProviderTypeWWW
	}
	return mediaProviderModel{
		ID:            types.StringValue(p.Name),
		Name:          types.StringValue(p.Name),
		Type:          types.StringValue(typ),
		BearerToken:   mediaProviderNullIfEmpty(p.Bearer),
		BasicUsername: mediaProviderNullIfEmpty(p.BasicUsername),
		BasicPassword: mediaProviderNullIfEmpty(p.BasicPassword),
	}
}

func mediaProviderNullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
