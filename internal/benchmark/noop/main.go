// Command terraform-provider-noop is the benchmark's yardstick: a provider on
// the same terraform-plugin-framework version as the WhatsApp provider whose
// one resource, noop_message, takes the same arguments as a link message and
// does nothing. `make bench` compares a fan-out apply against it, so the
// ratio shows what the WhatsApp provider adds per message.
package main

import (
	"context"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	// Like the WhatsApp provider (sdkLogLevels in main.go): no SDK trace logging when
	// the CLI logs nothing, so the comparison is like for like.
	if !tfLogSet() {
		for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"} {
			_ = os.Setenv(name, "off")
		}
	}
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
	return []func() resource.Resource{func() resource.Resource { return message{} }, func() resource.Resource { return campaign{} }}
}

type message struct{}

// messageModel has whatsapp_media_message's attributes (same names, types,
// optional/computed and replace-on-change, the template block included), so
// the comparison measures what the WhatsApp provider does per message, not
// the size of its schema. It imports none of the provider's code on purpose:
// it is the floor the provider is measured against.
type messageModel struct {
	ID            types.String `tfsdk:"id"`
	To            types.String `tfsdk:"to"`
	Type          types.String `tfsdk:"type"`
	MediaID       types.String `tfsdk:"media_id"`
	MediaSHA256   types.String `tfsdk:"media_sha256"`
	Link          types.String `tfsdk:"link"`
	Caption       types.String `tfsdk:"caption"`
	Filename      types.String `tfsdk:"filename"`
	LinkProvider  types.String `tfsdk:"link_provider"`
	RecipientType types.String `tfsdk:"recipient_type"`
	Triggers      types.Map    `tfsdk:"triggers"`
	Template      types.Object `tfsdk:"template"`
	WaID          types.String `tfsdk:"wa_id"`
	SentAt        types.String `tfsdk:"sent_at"`
	Outcome       types.String `tfsdk:"outcome"`
	CallbackData  types.String `tfsdk:"callback_data"`
	Delivery      types.Object `tfsdk:"delivery"`
}

// deliveryTypes are the attributes of the message's delivery object.
var deliveryTypes = map[string]attr.Type{
	"status": types.StringType, "status_at": types.StringType, "failure_code": types.Int64Type,
	"failure_title": types.StringType, "failure_details": types.StringType,
}

func (message) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message"
}

func (message) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	optional := func() rschema.StringAttribute {
		return rschema.StringAttribute{Optional: true, MarkdownDescription: "As on whatsapp_media_message.", PlanModifiers: replace}
	}
	computed := func() rschema.StringAttribute {
		return rschema.StringAttribute{Computed: true, MarkdownDescription: "As on whatsapp_media_message.", PlanModifiers: keep}
	}
	resp.Schema = rschema.Schema{
		MarkdownDescription: "Does nothing; the benchmark's yardstick.",
		Attributes: map[string]rschema.Attribute{
			"id":            computed(),
			"to":            rschema.StringAttribute{Required: true, MarkdownDescription: "Recipient.", PlanModifiers: replace},
			"type":          rschema.StringAttribute{Required: true, MarkdownDescription: "Media type.", PlanModifiers: replace},
			"media_id":      optional(),
			"media_sha256":  optional(),
			"link":          optional(),
			"caption":       optional(),
			"filename":      optional(),
			"link_provider": optional(),
			"recipient_type": rschema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "As on whatsapp_media_message.",
				Default: stringdefault.StaticString("individual"), PlanModifiers: replace},
			"triggers": rschema.MapAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: "As on whatsapp_media_message.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}},
			"template": rschema.SingleNestedAttribute{Optional: true, MarkdownDescription: "As on whatsapp_media_message.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplace()},
				Attributes: map[string]rschema.Attribute{
					"name":            rschema.StringAttribute{Required: true, MarkdownDescription: "Template name."},
					"language":        rschema.StringAttribute{Required: true, MarkdownDescription: "Template language."},
					"namespace":       rschema.StringAttribute{Optional: true, MarkdownDescription: "Template namespace."},
					"body_parameters": rschema.ListAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: "Body parameters."},
					"body_named_parameters": rschema.MapAttribute{ElementType: types.StringType, Optional: true,
						MarkdownDescription: "Named body parameters."},
					"buttons": rschema.ListNestedAttribute{Optional: true, MarkdownDescription: "Button parameters.",
						NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
							"index":     rschema.Int64Attribute{Required: true, MarkdownDescription: "Button position."},
							"sub_type":  rschema.StringAttribute{Required: true, MarkdownDescription: "Button kind."},
							"parameter": rschema.StringAttribute{Required: true, MarkdownDescription: "Button parameter."},
						}}},
				},
			},
			"wa_id":   computed(),
			"sent_at": computed(),
			"outcome": computed(),
			// Changing it sends nothing, as on whatsapp_media_message.
			"callback_data": rschema.StringAttribute{Optional: true, MarkdownDescription: "As on whatsapp_media_message."},
			"delivery": rschema.SingleNestedAttribute{Computed: true, MarkdownDescription: "As on whatsapp_media_message.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]rschema.Attribute{
					"status":          rschema.StringAttribute{Computed: true, MarkdownDescription: "Status."},
					"status_at":       rschema.StringAttribute{Computed: true, MarkdownDescription: "Status time."},
					"failure_code":    rschema.Int64Attribute{Computed: true, MarkdownDescription: "Failure code."},
					"failure_title":   rschema.StringAttribute{Computed: true, MarkdownDescription: "Failure title."},
					"failure_details": rschema.StringAttribute{Computed: true, MarkdownDescription: "Failure details."},
				}},
		},
	}
}

func (message) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m messageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID, m.WaID, m.SentAt, m.Outcome = m.To, m.To, types.StringValue("2026-01-01T00:00:00Z"), types.StringValue("accepted")
	m.Delivery = types.ObjectNull(deliveryTypes)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (message) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}
func (message) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}
func (message) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func tfLogSet() bool {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return true
		}
	}
	return false
}
