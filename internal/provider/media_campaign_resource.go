package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// A campaign is a broadcast whose recipients come from a file and whose
// state does not grow in values with them: Terraform and the framework walk
// a list or map attribute element by element on every plan, which made an
// unchanged plan of a 20,000-recipient broadcast take 44 s. Here the file is
// read by the provider, once per plan, and Terraform carries its digest and
// one packed string of who was sent which message (internal/campaign), so a
// plan costs the file's reading, not Terraform's walk.
//
// Who gets the message, and why: media_campaign_plan.go (the plan's words)
// and media_campaign_rows.go (the decision, shared by plan and apply); the
// sends, the record of sends and the report: media_campaign_send.go; the
// number's limits: media_campaign_limits.go.
var (
	_ resource.Resource                   = (*mediaCampaignResource)(nil)
	_ resource.ResourceWithImportState    = (*mediaCampaignResource)(nil)
	_ resource.ResourceWithConfigure      = (*mediaCampaignResource)(nil)
	_ resource.ResourceWithValidateConfig = (*mediaCampaignResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*mediaCampaignResource)(nil)
)

// NewMediaCampaignResource is the whatsapp_media_campaign resource.
func NewMediaCampaignResource() resource.Resource { return &mediaCampaignResource{} }

func (r *mediaCampaignResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media_campaign"
}

// buttonIndexKey is a key of button_parameter_columns: a button's index.
var buttonIndexKey = regexp.MustCompile(`^[0-9]$`)

func (r *mediaCampaignResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	b := &mediaBroadcastResource{}
	var bs resource.SchemaResponse
	b.Schema(context.Background(), resource.SchemaRequest{}, &bs)
	content := func(name string) schema.Attribute { return bs.Schema.Attributes[name] }
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends one media message, usually a template whose header carries the media, to every " +
			"customer of a CSV file, each with template parameters from their own row (`{{1}}` = the `name` column), " +
			"and keeps in state only counts, the file's SHA-256 and one packed string of who was sent which message. " +
			"For tens of thousands of recipients and more: an unchanged plan reads the file and changes nothing, " +
			"however long it is. Each person is sent the message once in the life of its content: a reordered, " +
			"reformatted file, or one that names a person twice, sends nothing; added rows are sent to; removed rows " +
			"are forgotten (they keep what they got); a changed row's parameters send that row again; a change of " +
			"what everyone gets (`type`, `link`, `caption`, `filename`, `link_provider`, `template`, the media's " +
			"content through `media_sha256`, a `triggers` value) **sends to every recipient again**; the plan says " +
			"which, with counts. The plan reads the phone number's messaging limit tier (Cloud API) and refuses a " +
			"campaign that sends to more people than the tier allows in 24 hours. A failed send is counted in " +
			"`failed_count`, reported grouped by error, and sent again by the next apply. Sends go out at the " +
			"provider's shared pace, " + fmt.Sprint(campaignConcurrency) + " at a time at most. Destroying it only " +
			"removes it from state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A random identifier of this campaign, made when it is created.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"recipients_file": schema.StringAttribute{
				MarkdownDescription: "The path of a CSV file (comma-separated, UTF-8, a header row first) with one row " +
					"per customer: one column the phone number (`phone_column`), any others free. Usually " +
					"`\"${path.module}/customers.csv\"`. Each plan reads it once and hashes it (`recipients_sha256`); " +
					"the apply reads it again and sends nothing if it changed in between. A phone is read as the " +
					"recipient functions read it (`provider::whatsapp::normalize_recipient`), with `country` when set: " +
					"`+49 170 1223002` and `00491701223002` are one person. The plan refuses a row whose phone cannot " +
					"be read or whose parameter column is empty, naming the line.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"phone_column": schema.StringAttribute{
				MarkdownDescription: "The header of the column that holds the phone numbers; `phone` when left out.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"country": schema.StringAttribute{
				MarkdownDescription: "The ISO 3166-1 alpha-2 code of the country the file's numbers were written in " +
					"(`\"DE\"`), so that national numbers (`0170 1223002`) are read as numbers of it. Without it, " +
					"every number must be in international form, country code first.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(2, 2)},
			},
			"body_parameter_columns": schema.ListAttribute{
				MarkdownDescription: "The columns whose values fill in the template body's variables, in order: " +
					"`[\"name\"]` makes `{{1}}` each row's `name`. Needs `template`, without `template.body_parameters`. " +
					"A changed value sends that row's recipient the message again (the plan counts them).",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
					listvalidator.AlsoRequires(path.MatchRoot("template"))},
			},
			"button_parameter_columns": schema.MapAttribute{
				MarkdownDescription: "Per button index (`\"0\"`), the column whose value is that button's parameter " +
					"for each row (a URL button's suffix, a quick reply's payload). The button must be in " +
					"`template.buttons` (its `parameter` is replaced by the row's value).",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Map{mapvalidator.KeysAre(stringvalidator.RegexMatches(buttonIndexKey,
					fmt.Sprintf("must be a button index, 0 to %d", whatsapp.MaxTemplateButtonIndex))),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
					mapvalidator.AlsoRequires(path.MatchRoot("template"))},
			},
			"ignore_messaging_limit": schema.BoolAttribute{
				MarkdownDescription: "Send even when the plan finds the campaign sends to more people than the phone " +
					"number's messaging limit tier allows in 24 hours. WhatsApp then refuses the sends past the limit; " +
					"they count as failed and the next apply sends them again. Leave it out unless the tier was just " +
					"raised and the API does not say so yet.",
				Optional: true,
			},
			"report_file": schema.StringAttribute{
				MarkdownDescription: "Where each apply that sends writes what became of each of its sends, as CSV: " +
					"`line` (of `recipients_file`), `phone` (canonical), `outcome` (`accepted`, `adopted` from the record " +
					"of sends, `failed` or `unknown`), `message_id` and `error`. The state keeps no per-recipient value; " +
					"this file, and the delivery statuses your webhook receives for each message ID, are where one " +
					"recipient's outcome is read. Each apply that sends replaces it; one that sends nothing leaves it.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type":          content("type"),
			"media_id":      content("media_id"),
			"media_sha256":  content("media_sha256"),
			"link":          content("link"),
			"caption":       content("caption"),
			"filename":      content("filename"),
			"link_provider": content("link_provider"),
			"template":      content("template"),
			"triggers":      content("triggers"),
			"recipients_sha256": schema.StringAttribute{
				MarkdownDescription: "The SHA-256 of `recipients_file` as the plan read it. A plan whose file changed " +
					"shows it changing, even when it sends nothing (rows reordered or reformatted).",
				Computed: true,
			},
			"recipient_count": schema.Int64Attribute{
				MarkdownDescription: "The people the file names, each once.",
				Computed:            true,
			},
			"sent_count": schema.Int64Attribute{
				MarkdownDescription: "The recipients of the file who have their message: WhatsApp accepted it (accepted " +
					"is not delivered: delivery failures arrive on the webhook).",
				Computed: true,
			},
			"failed_count": schema.Int64Attribute{
				MarkdownDescription: "The recipients whose send in the last apply failed or has an unknown outcome. The " +
					"apply's report names them, grouped by error; the next apply sends to them again.",
				Computed: true,
			},
			"delivery_label": schema.StringAttribute{
				MarkdownDescription: "With a delivery store (`delivery_store_url`) on the Cloud API: the label prefix " +
					"every send of this campaign carries in `biz_opaque_callback_data` (`wa1.<group>.`), the same for every " +
					"row of one content. Give it to the `whatsapp_message_statuses` data source's `label_prefix` for the " +
					"whole campaign's delivery counts, across applies. Null otherwise (On-Premises echoes no label).",
				Computed: true,
			},
			"sent_recipients": schema.StringAttribute{
				MarkdownDescription: "Who was sent which message, packed: `v1:` and the base64 of one 8-byte digest per " +
					"recipient sent (4 bytes of the SHA-256 of the canonical number, 4 of the SHA-256 of the content, " +
					"the number and the row's parameters), sorted. One value however many recipients: 1.07 MB at " +
					"100,000. It is what makes an apply from another machine with the same state send nothing; no " +
					"number can be read back from it.",
				Computed: true,
			},
		},
	}
}

func (r *mediaCampaignResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Send WhatsApp Campaign", "send the campaign") {
		return
	}
	var plan mediaCampaignModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := make([]byte, 8)
	_, _ = rand.Read(id) // crypto/rand.Read never fails
	plan.ID = types.StringValue(hex.EncodeToString(id))
	r.apply(ctx, nil, &plan, &resp.State, &resp.Diagnostics)
}

func (r *mediaCampaignResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Send WhatsApp Campaign", "send the campaign") {
		return
	}
	var plan, state mediaCampaignModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, &state, &plan, &resp.State, &resp.Diagnostics)
}

// Read keeps the state as it is: neither API can read a sent message back.
func (r *mediaCampaignResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Delete sends nothing: a WhatsApp message cannot be unsent. The destroy's
// plan said so. It drops the campaign's sends from the record of sends, so
// that creating it again sends again (media_campaign_send.go).
func (r *mediaCampaignResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mediaCampaignModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(forgetCampaign(ctx, r.sends, state)...)
}

// ImportState refuses every import: neither API can list what a campaign sent.
func (r *mediaCampaignResource) ImportState(_ context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("WhatsApp Campaigns Cannot Be Imported",
		fmt.Sprintf("Importing the campaign %q was refused: neither WhatsApp API can look up messages, so nothing could "+
			"fill in who was sent what. Remove the import command or `import` block; to give a campaign a new address, "+
			"use a `moved` block.", req.ID))
}
