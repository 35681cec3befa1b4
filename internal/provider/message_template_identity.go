package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// A message template's identity is its ID (Meta's hsm_id): one template in
// one language, unique across business accounts, and what every read and
// edit names. `terraform query` (message_template_list_resource.go) reports
// each template by it.

var _ resource.ResourceWithIdentity = (*messageTemplateResource)(nil)

var messageTemplateIdentity = stringIdentity{
	attribute:   "id",
	description: "The template's ID (Meta's hsm_id), as the WhatsApp Manager shows it.",
}

func (r *messageTemplateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = messageTemplateIdentity.schema()
}
