package provider

// PLACEHOLDER: replaced by the real resource implementation.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

func NewMediaMessageResource() resource.Resource { return placeholderNewMediaMessageResource{} }

type placeholderNewMediaMessageResource struct{}

func (placeholderNewMediaMessageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media_message"
}
func (placeholderNewMediaMessageResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}}
}
func (placeholderNewMediaMessageResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {
}
func (placeholderNewMediaMessageResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}
func (placeholderNewMediaMessageResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {
}
func (placeholderNewMediaMessageResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
