package provider

// PLACEHOLDER: replaced by the real resource implementation.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

func NewMediaProviderResource() resource.Resource { return placeholderNewMediaProviderResource{} }

type placeholderNewMediaProviderResource struct{}

func (placeholderNewMediaProviderResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media_provider"
}
func (placeholderNewMediaProviderResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}}
}
func (placeholderNewMediaProviderResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {
}
func (placeholderNewMediaProviderResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}
func (placeholderNewMediaProviderResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {
}
func (placeholderNewMediaProviderResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
