// Command terraform-provider-noop is the benchmark's yardstick: a provider on
// the same terraform-plugin-framework version as the WhatsApp provider whose
// one resource, noop_message, takes the same arguments as a link message and
// does nothing. `make bench` compares a fan-out apply against it, so the
// ratio shows what the WhatsApp provider adds per message.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noopProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/bench/noop"})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "noop"
}
func (noopProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return message{} }}
}

type message struct{}

type messageModel struct {
	ID   types.String `tfsdk:"id"`
	To   types.String `tfsdk:"to"`
	Type types.String `tfsdk:"type"`
	Link types.String `tfsdk:"link"`
}

func (message) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message"
}

func (message) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = rschema.Schema{
		MarkdownDescription: "Does nothing; the benchmark's yardstick.",
		Attributes: map[string]rschema.Attribute{
			"id":   rschema.StringAttribute{Computed: true, MarkdownDescription: "The recipient.", PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"to":   rschema.StringAttribute{Required: true, MarkdownDescription: "Recipient.", PlanModifiers: replace},
			"type": rschema.StringAttribute{Required: true, MarkdownDescription: "Media type.", PlanModifiers: replace},
			"link": rschema.StringAttribute{Required: true, MarkdownDescription: "Media link.", PlanModifiers: replace},
		},
	}
}

func (message) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m messageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = m.To
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (message) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}
func (message) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}
func (message) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
