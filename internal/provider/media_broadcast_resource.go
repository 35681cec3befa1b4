package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// One broadcast sends one message to many recipients and keeps, per
// recipient, what was sent. It exists because Terraform's own cost per
// resource instance grows with the number of instances (it rewrites the whole
// state after each one), so a whatsapp_media_message per recipient gets slow
// in the thousands while the API could take them in minutes.
//
// The per-recipient promises are the message resource's: a recipient is its
// canonical number, a content change sends to everyone again, a failure is
// kept for that recipient only and sent again by the next apply. The
// bookkeeping of who gets a message and why is in
// media_broadcast_deliveries.go; the plan in media_broadcast_plan.go; the
// sends themselves in media_broadcast_send.go.
var (
	_ resource.Resource                   = (*mediaBroadcastResource)(nil)
	_ resource.ResourceWithImportState    = (*mediaBroadcastResource)(nil)
	_ resource.ResourceWithConfigure      = (*mediaBroadcastResource)(nil)
	_ resource.ResourceWithValidateConfig = (*mediaBroadcastResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*mediaBroadcastResource)(nil)
)

// NewMediaBroadcastResource is the whatsapp_media_broadcast resource.
func NewMediaBroadcastResource() resource.Resource { return &mediaBroadcastResource{} }

func (r *mediaBroadcastResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media_broadcast"
}

func (r *mediaBroadcastResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends one audio, document, image, sticker or video message to a set of recipients, and " +
			"keeps per recipient what was sent (`deliveries`, keyed by the canonical number). For lists of hundreds " +
			"of recipients and more that all get the same content; for a few recipients, or different content each, " +
			"use `whatsapp_media_message`. Each recipient is sent the message once in the life of its content: " +
			"adding recipients sends to the new ones only, removing one forgets it (it keeps what it got), a " +
			"recipient written in another format or listed twice is one recipient, and a change of what the " +
			"recipients would get (`type`, `link`, `caption`, `filename`, `link_provider`, `template`, the media's " +
			"content through `media_sha256`, a `triggers` value) **sends to every recipient again**. WhatsApp " +
			"delivers a free-form message only to recipients who wrote to the business in the last 24 hours: the " +
			"API accepts the others and reports on the webhook that they failed (code 131047), so a broadcast to " +
			"customers who did not just write needs `template`. A failed send, or one " +
			"whose outcome is unknown, is kept for that recipient only; the next plan shows it will be sent again, " +
			"and `accept_unknown` accepts an unknown outcome as delivered. Sends go out at the provider's shared " +
			"pace (`max_messages_per_second` and the adaptive pace), " + fmt.Sprint(broadcastConcurrency) +
			" at a time at most. Destroying it only removes it from state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A random identifier of this broadcast, made when it is created.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"recipients": schema.ListAttribute{
				MarkdownDescription: "The recipients: phone numbers in international form, country code first, with or " +
					"without the leading `+` (spaces, dashes, dots and parentheses are allowed), or WhatsApp IDs. " +
					fmt.Sprintf("Each must hold %d to %d digits and must not start with 0. ", whatsapp.MinRecipientDigits,
						whatsapp.MaxRecipientDigits) +
					"A recipient is its digits: `+49 170 1223002` and `491701223002` are one recipient, sent once, and " +
					"rewriting a recipient in another format sends nothing.",
				ElementType: types.StringType,
				Required:    true,
				Validators:  []validator.List{listvalidator.SizeAtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The message type: `audio`, `document`, `image`, `sticker` or `video`. " +
					"`whatsapp_media.<name>.media_type` gives the type an uploaded file can be sent as.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(whatsapp.MediaMessageTypes()...)},
			},
			"media_id": schema.StringAttribute{
				MarkdownDescription: "The ID of uploaded media, usually `whatsapp_media.<name>.id`. Exactly one of " +
					"`media_id` and `link` must be set. A new media ID alone sends nothing (it is what uploading the " +
					"same file again gives; Cloud media expire after 30 days): later sends use the new ID. Set " +
					"`media_sha256` so that a change of the file's content sends to every recipient again.",
				Optional:   true,
				Validators: []validator.String{mediaIDValidator},
			},
			"media_sha256": schema.StringAttribute{
				MarkdownDescription: "The SHA-256 of the media's content, usually `whatsapp_media.<name>.sha256` (known " +
					"at plan time). When the file's bytes change, the hash changes and the plan **sends to every " +
					"recipient again**; adding it to an existing broadcast sends nothing. Only with `media_id`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(sha256Pattern, "must be a SHA-256 in hex (64 characters), e.g. whatsapp_media.<name>.sha256"),
					stringvalidator.AlsoRequires(path.MatchRoot("media_id")),
				},
			},
			"link": schema.StringAttribute{
				MarkdownDescription: "An `http://` or `https://` URL WhatsApp fetches the media from. Exactly one of " +
					"`media_id` and `link` must be set.",
				Optional:   true,
				Validators: []validator.String{httpURLValidator},
			},
			"caption": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Text shown with the media, at most %d characters. Only `image`, "+
					"`video` and `document` messages take a caption.", whatsapp.MaxCaptionLength),
				Optional:   true,
				Validators: []validator.String{stringvalidator.UTF8LengthAtMost(whatsapp.MaxCaptionLength)},
			},
			"filename": schema.StringAttribute{
				MarkdownDescription: "The file name shown for a `document` message; its extension sets the icon. " +
					"Only `document` messages take a filename.",
				Optional: true,
			},
			"link_provider": schema.StringAttribute{
				MarkdownDescription: "On-Premises API only, and only with `link`: the name of a media provider " +
					"(see `whatsapp_media_provider`) whose credentials WhatsApp uses to fetch the link.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("link")), mediaProviderNameValidator},
			},
			"template": broadcastTemplateAttribute(),
			"triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values that, when any of them changes (or a key with a value is added " +
					"or removed), **send the message to every recipient again**, for example `{ release = var.release }`. " +
					"Adding a key whose value is null changes nothing.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"accept_unknown": schema.ListAttribute{
				MarkdownDescription: "Recipients whose send had an unknown outcome (`deliveries[<number>].outcome = " +
					"\"unknown\"`: WhatsApp may have taken the message, but no answer came back) and that you accept as " +
					"delivered, for example after checking with them or on your webhook. The next apply sends them " +
					"nothing and records `outcome = \"unknown_accepted\"`; without it, the next apply sends them the " +
					"message again. Written like `recipients`. It only accepts outcomes that are unknown when you plan: " +
					"remove the entries once applied, so that a later unknown outcome is not accepted unseen.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"deliveries": schema.MapAttribute{
				// A map of objects, not a MapNestedAttribute: the framework
				// plans nested attributes element by element at a cost that
				// grows with the square of the map's size, minutes at 10,000.
				MarkdownDescription: "What was sent, per recipient, keyed by the recipient's canonical number (its " +
					"digits, e.g. `491701223002`). A plan shows the entries that will be sent as `(known after apply)` (a new broadcast's whole map). " +
					"Each entry has:\n" +
					"  - `message_id`: the message ID the API returned (`wamid...` on Cloud, `gBEG...` on On-Premises); " +
					"null when the send was not accepted.\n" +
					"  - `sent_at`: when the API answered the send, or when it failed (RFC 3339, UTC).\n" +
					"  - `outcome`: `accepted` (the API returned a message ID; accepted is not delivered: delivery " +
					"failures arrive on the webhook), `failed` (the API refused the message, or it was not sent; the " +
					"next apply sends it again), `unknown` (the message may have been taken but no answer came back; the " +
					"next apply sends it again unless the recipient is in `accept_unknown`) or `unknown_accepted` (an " +
					"unknown outcome accepted through `accept_unknown`).\n" +
					"  - `error`: why the send failed or has an unknown outcome, with the WhatsApp error code when the " +
					"API answered; null when accepted.\n" +
					"  - `status`: " + deliveryStatusDescription + ". A refresh asks the store only about messages " +
					"whose status is not final (`read` and `failed` are), " + fmt.Sprint(receiverapi.MaxMessageIDs) +
					" message IDs per request; a new status never plans a change.\n" +
					"  - `status_at`: when WhatsApp reported that status (RFC 3339, UTC).\n" +
					"  - `failure_code`, `failure_title`: for `status = \"failed\"`, " + deliveryFailureCodeDescription +
					" and title.",
				ElementType: deliveryObjectType,
				Computed:    true,
			},
			"delivery_counts": deliveryCountsAttribute(), // media_broadcast_delivery_status.go
			"delivery_label":  deliveryLabelAttribute(),
		},
	}
	for name, a := range recipientParameterAttributes() { // media_broadcast_parameters.go
		resp.Schema.Attributes[name] = a
	}
}

// broadcastTemplateAttribute is the message resource's template attribute,
// except that a change of it is a content change of the broadcast (sent to
// every recipient again, in place) rather than a replacement.
func broadcastTemplateAttribute() schema.SingleNestedAttribute {
	a := templateAttribute()
	a.PlanModifiers = nil
	return a
}

func (r *mediaBroadcastResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Send WhatsApp Broadcast", "send the broadcast") {
		return
	}
	var plan mediaBroadcastModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := make([]byte, 8)
	_, _ = rand.Read(id) // crypto/rand.Read never fails
	plan.ID = types.StringValue(hex.EncodeToString(id))
	r.apply(ctx, nil, &plan, &resp.State, &resp.Diagnostics)
}

func (r *mediaBroadcastResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Send WhatsApp Broadcast", "send the broadcast") {
		return
	}
	var plan, state mediaBroadcastModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, &state, &plan, &resp.State, &resp.Diagnostics)
}

// Read keeps what was sent as it is (neither API can read a sent message
// back) and reads each recipient's delivery status from the delivery store
// when one is configured (media_broadcast_delivery_status.go).
func (r *mediaBroadcastResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.readStatuses(ctx, req, resp)
}

// Delete sends nothing: a WhatsApp message cannot be unsent. The plan of the
// destroy already said so, with the count. It drops the broadcast's sends
// from the record of sends, so that creating it again sends again.
func (r *mediaBroadcastResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mediaBroadcastModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(forgetAll(r.sends, state, readDeliveries(state.Deliveries))...)
}

// ImportState refuses every import: neither API can list or read back what a
// broadcast sent, so nothing could fill in its recipients and deliveries.
func (r *mediaBroadcastResource) ImportState(_ context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("WhatsApp Broadcasts Cannot Be Imported",
		fmt.Sprintf("Importing the broadcast %q was refused: neither WhatsApp API can look up messages, so there is "+
			"nothing to fill in its recipients and what each was sent from, and a whatsapp_media_broadcast only records "+
			"sends this configuration made. Remove the import command or `import` block; to give a broadcast a new "+
			"address, use a `moved` block.", req.ID))
}
