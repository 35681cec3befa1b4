package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// A message cannot be read back, edited or unsent. So this resource refuses
// import (there is nothing to read an ID from), every argument forces a
// replacement (a replacement is a new send), Read keeps state as it is and
// Delete only forgets the message.
var (
	_ resource.Resource                   = (*mediaMessageResource)(nil)
	_ resource.ResourceWithImportState    = (*mediaMessageResource)(nil)
	_ resource.ResourceWithConfigure      = (*mediaMessageResource)(nil)
	_ resource.ResourceWithValidateConfig = (*mediaMessageResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*mediaMessageResource)(nil)
)

// NewMediaMessageResource is the whatsapp_media_message resource.
func NewMediaMessageResource() resource.Resource { return &mediaMessageResource{} }

func (r *mediaMessageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media_message"
}

func (r *mediaMessageResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// What the recipient would get forces a replacement, which is a new send;
	// bookkeeping (media_id, the form of `to`, media_sha256 added or removed,
	// null triggers) has its own plan modifiers and sends nothing.
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}

	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends one audio, document, image, sticker or video message when created, and keeps its " +
			"message ID. A message cannot be edited or unsent: a change of what the recipient would get (`to` as a " +
			"number, `type`, `link`, `caption`, `filename`, `link_provider`, `recipient_type`, the media's content " +
			"through `media_sha256`) or of a `triggers` value replaces the resource, which **sends the message " +
			"again**; a new `media_id` for the same message, or `to` written in another format, sends nothing. " +
			"Destroying it only removes it from state. " +
			"WhatsApp delivers such a free-form message only to a customer who wrote to the business in the last 24 " +
			"hours; with `template`, the media is sent as the header of an approved message template instead, which " +
			"reaches customers outside that window. " +
			"An accepted send is not a delivered message: delivery failures arrive on the webhook. With a delivery " +
			"store configured (`delivery_store_url`), a refresh shows what WhatsApp reported in `delivery`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The message ID the API returned (`wamid...` on Cloud, `gBEG...` on On-Premises).",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"to": schema.StringAttribute{
				MarkdownDescription: "The recipient: a phone number in international form, country code first, with or " +
					"without the leading `+` (spaces, dashes, dots and parentheses are allowed), or a WhatsApp ID (`wa_id`). " +
					fmt.Sprintf("It must hold %d to %d digits and must not start with 0 (a national number reaches nobody). ",
						whatsapp.MinRecipientDigits, whatsapp.MaxRecipientDigits) +
					"Formatting is not part of the recipient: rewriting `491701223002` as `+49 170 1223002` sends nothing. " +
					"The API receives the canonical form, the digits alone (what `provider::whatsapp::normalize_recipient` " +
					"returns); the state keeps `to` as written. Key `for_each` with `provider::whatsapp::normalize_recipients` " +
					"so that one person is one message.",
				Required:      true,
				PlanModifiers: []planmodifier.String{keepRecipientFormat{}, stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{recipientValidator},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The message type: `audio`, `document`, `image`, `sticker` or `video`. " +
					"`whatsapp_media.<name>.media_type` gives the type an uploaded file can be sent as.",
				Required:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.OneOf(whatsapp.MediaMessageTypes()...)},
			},
			"media_id": schema.StringAttribute{
				MarkdownDescription: "The ID of uploaded media, usually `whatsapp_media.<name>.id`. Exactly one of " +
					"`media_id` and `link` must be set. A new media ID alone sends nothing: it is what uploading the " +
					"same file again gives (Cloud media expire after 30 days), and the state keeps the ID the message " +
					"was sent with. Set `media_sha256` so that a change of the file's content sends the message again.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{keepSentMediaID{}},
				Validators:    []validator.String{mediaIDValidator},
			},
			"media_sha256": schema.StringAttribute{
				MarkdownDescription: "The SHA-256 of the media's content, usually `whatsapp_media.<name>.sha256` (known " +
					"at plan time). The message follows its media's content through it: when the file's bytes change, " +
					"the hash changes and the plan **sends the message again**; when the same file is uploaded again " +
					"(a new `media_id`), nothing is sent. Adding it to an existing message sends nothing. Only with `media_id`.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{replaceOnContentChange{}},
				Validators: []validator.String{
					stringvalidator.RegexMatches(sha256Pattern, "must be a SHA-256 in hex (64 characters), e.g. whatsapp_media.<name>.sha256"),
					stringvalidator.AlsoRequires(path.MatchRoot("media_id")),
				},
			},
			"link": schema.StringAttribute{
				MarkdownDescription: "An `http://` or `https://` URL WhatsApp fetches the media from. Exactly one of " +
					"`media_id` and `link` must be set.",
				Optional:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{httpURLValidator},
			},
			"caption": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Text shown with the media, at most %d characters. Only `image`, "+
					"`video` and `document` messages take a caption.", whatsapp.MaxCaptionLength),
				Optional:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.UTF8LengthAtMost(whatsapp.MaxCaptionLength)},
			},
			"filename": schema.StringAttribute{
				MarkdownDescription: "The file name shown for a `document` message; its extension sets the icon. " +
					"Only `document` messages take a filename.",
				Optional:      true,
				PlanModifiers: replace,
			},
			"link_provider": schema.StringAttribute{
				MarkdownDescription: "On-Premises API only, and only with `link`: the name of a media provider " +
					"(see `whatsapp_media_provider`) whose credentials WhatsApp uses to fetch the link.",
				Optional:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("link")), mediaProviderNameValidator},
			},
			"recipient_type": schema.StringAttribute{
				MarkdownDescription: "`individual` (the default) or `group`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(whatsapp.RecipientIndividual),
				PlanModifiers:       replace,
				Validators:          []validator.String{stringvalidator.OneOf(whatsapp.RecipientTypes()...)},
			},
			"template": templateAttribute(), // media_message_template.go
			"triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values that, when any of them changes (or a key with a value is added " +
					"or removed), replace the resource and so **send the message again**, for example " +
					"`{ release = var.release }`. Adding a key whose value is null changes nothing.",
				ElementType:   types.StringType,
				Optional:      true,
				PlanModifiers: triggersPlanModifiers(),
			},
			"callback_data": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Cloud API only: a string of at most %d characters sent as "+
					"`biz_opaque_callback_data`, which WhatsApp echoes in every status of this message on the webhook "+
					"(see `whatsapp_webhook`), so a receiver can tie a status to this message without a lookup, for "+
					"example the resource address or a customer key. Changing it on a sent message sends nothing: the "+
					"statuses of the message carry the value it was sent with. With `delivery_store_url` set, the send "+
					"carries its label first, `wa1.<content>.<send>|<callback_data>` (%d characters and a `|`), by which "+
					"a plan finds the send in WhatsApp's statuses after a crash: callback_data is then at most %d "+
					"characters, and your receiver sees the label before it (split at the first `|`). The state keeps "+
					"the value as written. Guide \"Sends after a crash\".",
					whatsapp.MaxCallbackDataLength, sendlog.LabelLength, maxLabelledCallbackData),
				Optional:      true,
				PlanModifiers: []planmodifier.String{keepSentCallbackData{}},
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.UTF8LengthAtMost(whatsapp.MaxCallbackDataLength),
				},
			},
			"wa_id": schema.StringAttribute{
				MarkdownDescription: "The recipient's WhatsApp ID, when the API returned it.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"sent_at": schema.StringAttribute{
				MarkdownDescription: "When the API accepted the message, or when the send whose outcome is unknown was " +
					"attempted (RFC 3339, UTC).",
				Computed:      true,
				PlanModifiers: keep,
			},
			"delivery": messageDeliveryAttribute(), // media_message_delivery.go
			"outcome": schema.StringAttribute{
				MarkdownDescription: "`accepted` when the API returned a message ID; `unknown` when the send may have " +
					"reached WhatsApp but no answer came back (a timeout after the request was written, a reset " +
					"connection, a 5xx). A message with an unknown outcome is kept in state as tainted, so the next " +
					"plan shows it will be sent again; `terraform untaint` accepts it as delivered and sends nothing.",
				Computed:      true,
				PlanModifiers: keep,
			},
		},
	}
}

func (r *mediaMessageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Send WhatsApp Media Message", "send the message") {
		return
	}
	var plan mediaMessageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Delivery = types.ObjectNull(messageDeliveryAttrTypes) // no status yet: the next refresh reads it

	// Values unknown at plan time (a type or media ID from media created in the
	// same apply) were skipped by validation; they are known now, so the same
	// rules run again before anything is sent.
	resp.Diagnostics.Append(checkBeforeSend(ctx, plan.To, plan.Content, plan.CallbackData, r.client.Flavor(), r.client.TemplateNamespace())...)
	callbackData := plan.CallbackData.ValueString()
	if r.labelsOn() {
		// The send carries its label before the user's data (send_label.go);
		// the state keeps the user's.
		resp.Diagnostics.Append(checkLabelledCallbackData(plan.CallbackData)...)
		if label, ok := messageLabel(r.client.Sender(), plan); ok {
			callbackData = label.Label(callbackData)
		}
	}
	msg, diags := plan.Request(ctx, plan.To.ValueString(), plan.RecipientType.ValueString(), callbackData)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	if isSet(plan.ID) {
		// The plan adopted a send the record of sends holds: it was sent by a
		// run whose state was lost. Record it without sending it again.
		r.adopt(ctx, &plan)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if plan.Outcome.ValueString() == outcomeUnknown {
		// The record holds a send of this message that never got its answer.
		plan.ID, plan.WaID = types.StringNull(), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(mayHaveBeenSent(fmt.Sprintf("A run whose state was lost started sending the %s "+
			"message to %q at %s and never got the answer.", plan.Type.ValueString(), plan.To.ValueString(),
			plan.SentAt.ValueString()), "Nothing was sent now: "+keptAsUnknown, nil))
		return
	}

	attempted := describeSend(msg)
	ctx = withSendFields(ctx, msg, "to", msg.To)
	tflog.Debug(ctx, "sending WhatsApp media message")

	// One call: the client retries only answers that prove the message was not
	// taken, so calling it again here could send a message twice. The record
	// of sends follows its attempts (media_message_send_record.go).
	key, _ := messageRecordKey(r.sends, plan)
	hooks, sending := r.sends.Hooks(key, whatsapp.RecipientDigits(plan.To.ValueString()))
	sent, err := r.client.SendMediaMessageWith(ctx, msg, hooks)
	if refusal := sending.Refused(); refusal != nil {
		resp.Diagnostics.Append(sendNotRecorded(fmt.Sprintf("the message to %q", plan.To.ValueString()), refusal))
		return // the record could not be written: nothing was sent
	}
	if lost := sending.Done(sent, err); lost != nil {
		resp.Diagnostics.Append(sendAnswersNotRecorded(r.sends, 1, lost))
	}
	if err != nil {
		if whatsapp.IsOutcomeUnknown(err) {
			// Keep a trace of the attempt: Terraform keeps an object whose create
			// failed as tainted, so the next plan shows a replacement (a send)
			// instead of a silent create, and `terraform untaint` can accept it.
			plan.ID, plan.WaID = types.StringNull(), types.StringNull()
			plan.SentAt = types.StringValue(timestamp(time.Now()))
			plan.Outcome = types.StringValue(outcomeUnknown)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			resp.Diagnostics.Append(mayHaveBeenSent(attempted+" failed in a way that leaves the outcome unknown.",
				"Check with the recipient, your webhook or the WhatsApp Manager before applying again: "+keptAsUnknown, err))
			return
		}
		if errors.Is(err, whatsapp.ErrInterrupted) {
			resp.Diagnostics.AddError("WhatsApp Media Message Not Sent",
				fmt.Sprintf("Not sent: the apply was interrupted (Ctrl-C) before the request was written (%s), so "+
					"WhatsApp has nothing of it. The next apply sends it.", attempted))
			return
		}
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Send WhatsApp Media Message", attempted+" failed, and WhatsApp did not take the message: nothing was sent.", err))
		return
	}

	plan.ID = types.StringValue(sent.ID)
	plan.WaID = types.StringNull()
	if sent.WaID != "" {
		plan.WaID = types.StringValue(sent.WaID)
	}
	plan.SentAt = types.StringValue(timestamp(time.Now()))
	plan.Outcome = types.StringValue(outcomeAccepted)
	// Set state first and do nothing that can fail after it: once the API has
	// a message, losing its ID here would make the next apply send it again.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	tflog.Debug(withLogFields(ctx, "message_id", sent.ID, "message_status", sent.Status), "sent WhatsApp media message")
}

// ImportState refuses every import with the reason and the way out. Without
// it the framework's generic "resource does not support import" leaves users
// guessing; and an import could not work: neither API can read a message
// back, so nothing would fill in what was sent, to whom.
func (r *mediaMessageResource) ImportState(_ context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("WhatsApp Messages Cannot Be Imported",
		fmt.Sprintf("Importing the message %q was refused: neither WhatsApp API can look a message up by its ID, so "+
			"there is nothing to fill in its recipient, type and media from, and a whatsapp_media_message only records "+
			"a message this configuration sent. Remove the import command or `import` block. To stop managing a "+
			"message, use `terraform state rm <address>`; to give one a new address, use a `moved` block. The Import "+
			"section of the whatsapp_media_message documentation says more.", req.ID))
}

// Read keeps what was sent as it is (neither API can read a sent message
// back) and shows what WhatsApp reported of it, from the delivery store when
// one is configured (media_message_delivery.go). A message the state holds
// needs no record of its send any more, so Read prunes it from the record of
// sends.
func (r *mediaMessageResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mediaMessageModel
	if diags := req.State.Get(ctx, &state); diags.HasError() {
		return
	}
	if r.sends != nil {
		recordSeen(ctx, r.sends, state)
	}
	r.readDelivery(ctx, state, resp)
}

// Update is only reached for bookkeeping: null-valued triggers keys, a
// media_sha256 or callback_data added to or removed from a message (every
// change of what the recipient would get is a replacement); there is nothing
// to send then, and delivery stays what the last refresh read.
func (r *mediaMessageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state mediaMessageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Delivery.IsUnknown() {
		plan.Delivery = state.Delivery
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete sends nothing: a WhatsApp message cannot be unsent through the API.
// It drops the message from the record of sends, so that creating the same
// message again sends it again.
func (r *mediaMessageResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.sends != nil {
		var state mediaMessageModel
		if diags := req.State.Get(ctx, &state); !diags.HasError() {
			resp.Diagnostics.Append(recordForget(r.sends, state)...)
		}
	}
	// Nothing to call: the API cannot unsend. The plan already warned per
	// message, naming it ("Stays With the Recipient"); this reminder says the
	// same for every message, so an apply shows it once however many
	// messages it forgets (firstThisRun says why the CLI would not fold it).
	if firstThisRun(r.client, "WhatsApp Message Not Unsent") {
		resp.Diagnostics.AddWarning("WhatsApp Message Not Unsent",
			"Removed from state only: WhatsApp messages cannot be unsent; recipients keep them.")
	}
}

// adopt records a send the plan adopted from the record of sends. The
// record keeps the message ID, not the recipient's wa_id. The media ID stays
// the configured one: Terraform holds a create to its configuration, and with
// media_sha256 a new upload of the same file is the same message.
func (r *mediaMessageResource) adopt(ctx context.Context, plan *mediaMessageModel) {
	plan.WaID = types.StringNull()
	tflog.Debug(withLogFields(ctx, "message_id", plan.ID.ValueString()), "adopted a recorded WhatsApp send: nothing sent")
}

// describeSend says what a send attempts, for diagnostics, e.g.
// `Sending a document message to "+16315551001" by media ID "123"`.
func describeSend(m whatsapp.MediaMessage) string {
	by := fmt.Sprintf("by media ID %q", m.MediaID)
	if m.Link != "" {
		by = fmt.Sprintf("by link %q", m.Link)
		if m.LinkProvider != "" {
			by += fmt.Sprintf(" with media provider %q", m.LinkProvider)
		}
	}
	if m.Template != nil {
		return fmt.Sprintf("Sending %s %s %s to %q%s", articleFor(m.Type), m.Type, by, m.To, describeTemplate(m.Template))
	}
	return fmt.Sprintf("Sending %s %s message to %q %s", articleFor(m.Type), m.Type, m.To, by)
}

// articleFor returns "an" before vowel-sounding message types and "a" otherwise.
func articleFor(typ string) string {
	if typ == whatsapp.TypeAudio || typ == whatsapp.TypeImage {
		return "an"
	}
	return "a"
}
