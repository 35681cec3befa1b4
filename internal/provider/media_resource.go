package provider

// PLACEHOLDER: replaced by the real resource implementation.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

func NewMediaResource() resource.Resource { return placeholderNewMediaResource{} }

type placeholderNewMediaResource struct{}

func (placeholderNewMediaResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media"
}
func (placeholderNewMediaResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}}
}
func (placeholderNewMediaResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {
}
func (placeholderNewMediaResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}
func (placeholderNewMediaResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {
}
func (placeholderNewMediaResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
