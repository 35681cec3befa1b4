package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// campaign is noop_campaign: whatsapp_media_campaign's shape (a file path
// and a few arguments in; the file's digest, counts and one packed string of
// 8 bytes per recipient out) doing nothing else: it reads the file at plan
// time for its SHA-256 and its rows, as the campaign does, and sends
// nothing. It is the floor of the campaign rows: what Terraform and the
// framework cost for one instance carrying that state.
type campaign struct{}

type campaignModel struct {
	ID                   types.String `tfsdk:"id"`
	RecipientsFile       types.String `tfsdk:"recipients_file"`
	PhoneColumn          types.String `tfsdk:"phone_column"`
	BodyParameterColumns types.List   `tfsdk:"body_parameter_columns"`
	Type                 types.String `tfsdk:"type"`
	Link                 types.String `tfsdk:"link"`
	Template             types.Object `tfsdk:"template"`
	RecipientsSHA256     types.String `tfsdk:"recipients_sha256"`
	RecipientCount       types.Int64  `tfsdk:"recipient_count"`
	SentCount            types.Int64  `tfsdk:"sent_count"`
	FailedCount          types.Int64  `tfsdk:"failed_count"`
	SentRecipients       types.String `tfsdk:"sent_recipients"`
}

func (campaign) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_campaign"
}

func (campaign) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	str := func(optional bool) rschema.StringAttribute {
		return rschema.StringAttribute{Optional: optional, Required: !optional, MarkdownDescription: "As on whatsapp_media_campaign."}
	}
	resp.Schema = rschema.Schema{
		MarkdownDescription: "Does nothing; the campaign rows' yardstick.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{Computed: true, MarkdownDescription: "Identifier.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"recipients_file":        str(false),
			"phone_column":           str(true),
			"body_parameter_columns": rschema.ListAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: "Columns."},
			"type":                   str(false),
			"link":                   str(true),
			"template": rschema.SingleNestedAttribute{Optional: true, MarkdownDescription: "As on whatsapp_media_campaign.",
				Attributes: map[string]rschema.Attribute{
					"name":     rschema.StringAttribute{Required: true, MarkdownDescription: "Template name."},
					"language": rschema.StringAttribute{Required: true, MarkdownDescription: "Template language."},
				}},
			"recipients_sha256": rschema.StringAttribute{Computed: true, MarkdownDescription: "Digest."},
			"recipient_count":   rschema.Int64Attribute{Computed: true, MarkdownDescription: "Count."},
			"sent_count":        rschema.Int64Attribute{Computed: true, MarkdownDescription: "Count."},
			"failed_count":      rschema.Int64Attribute{Computed: true, MarkdownDescription: "Count."},
			"sent_recipients":   rschema.StringAttribute{Computed: true, MarkdownDescription: "Packed."},
		},
	}
}

// outcome is what the campaign would record for the file at path: its
// digest, its rows (lines after the header) and a packed string of 8 bytes
// per row.
func outcome(path string) (sha string, rows int64, packed string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", 0, "", err
	}
	sum := sha256.Sum256(data)
	rows = int64(bytes.Count(data, []byte("\n")) - 1)
	return hex.EncodeToString(sum[:]), rows, "v1:" + base64.StdEncoding.EncodeToString(make([]byte, 8*rows)), nil
}

func (campaign) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var m campaignModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.RecipientsFile.IsUnknown() {
		return
	}
	sha, rows, packed, err := outcome(m.RecipientsFile.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unreadable file", err.Error())
		return
	}
	m.RecipientsSHA256, m.RecipientCount = types.StringValue(sha), types.Int64Value(rows)
	m.SentCount, m.FailedCount, m.SentRecipients = types.Int64Value(rows), types.Int64Value(0), types.StringValue(packed)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &m)...)
}

func (campaign) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m campaignModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue("noop")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (campaign) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}
func (campaign) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}
func (campaign) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
