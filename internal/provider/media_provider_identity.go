package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// A media provider's identity is its name: the API keys its entries by name
// and has no other ID. `terraform query` (media_provider_list_resource.go)
// reports every entry by it.

var _ resource.ResourceWithIdentity = (*mediaProviderResource)(nil)

var mediaProviderIdentity = stringIdentity{
	attribute:   "name",
	description: "The media provider's name, its key on the On-Premises API.",
}

func (r *mediaProviderResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = mediaProviderIdentity.schema()
}
