// Package content is what a WhatsApp media message sends, as the provider's
// message resource, broadcast and send action hold it: one type, read from a
// plan or a configuration by the framework through its tfsdk tags, turned
// into the client's request in one place (Request), and identified in the
// record of sends by one list of its fields (Identity). A new field of a
// message is one field here, plus its line in Request and in Identity.
//
// It writes no sentence a user reads: the provider words every rule.
package content

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Media is what every send of a media message carries, the send action's
// included: the media (by uploaded ID or by link), its text and, On-Premises,
// the media provider that fetches a link. A model embeds it; the framework
// reads and writes its fields by their tfsdk tags.
type Media struct {
	Type         types.String `tfsdk:"type"`
	MediaID      types.String `tfsdk:"media_id"`
	Link         types.String `tfsdk:"link"`
	Caption      types.String `tfsdk:"caption"`
	Filename     types.String `tfsdk:"filename"`
	LinkProvider types.String `tfsdk:"link_provider"`
}

// Content is what a message the provider keeps in state sends (the message
// resource's and the broadcast's): the media, the template whose header
// carries it, and what decides when it is sent again: the media's content
// hash (a new upload of the same file is the same message) and the
// triggers.
type Content struct {
	Media
	MediaSHA256 types.String `tfsdk:"media_sha256"`
	Template    types.Object `tfsdk:"template"` // template.go
	Triggers    types.Map    `tfsdk:"triggers"`
}

// Request is the client's request for sending c to `to` (empty for a
// broadcast, whose client sets it per recipient). recipientType and
// callbackData are the message resource's; a broadcast and the action leave
// callbackData empty.
func (c Content) Request(ctx context.Context, to, recipientType, callbackData string) (whatsapp.MediaMessage, diag.Diagnostics) {
	template, diags := ClientTemplate(ctx, c.Template)
	return whatsapp.MediaMessage{
		To:            to,
		RecipientType: recipientType,
		Type:          c.Type.ValueString(),
		MediaID:       c.MediaID.ValueString(),
		Link:          c.Link.ValueString(),
		Caption:       c.Caption.ValueString(),
		Filename:      c.Filename.ValueString(),
		LinkProvider:  c.LinkProvider.ValueString(),
		Template:      template,
		CallbackData:  callbackData,
	}, diags
}

// SentBy marks whose send a record entry is when it is not the message
// resource's: a broadcast's send and a whatsapp_media_message's send of the
// same content to the same person are two messages (either's state may hold
// it), so neither adopts the other's.
type SentBy string

const (
	SentByMessage   SentBy = ""
	SentByBroadcast SentBy = "whatsapp_media_broadcast"
	SentByCampaign  SentBy = "whatsapp_media_campaign"
)

// Identity is what identifies a send of c in the record of sends: who sends
// (account), to whom (the canonical recipient) and the content, as
// sendlog.Message; false when part of it is not known yet (a plan cannot tell
// then; the send is recorded at apply). This is the one list of the fields
// that make a message another message: the golden tests
// (send_identity_golden_test.go) pin what it gives, because a key that
// changes across an upgrade makes a crashed run's message be sent twice.
// callback_data is not in it: changing it sends nothing.
func (c Content) Identity(account, recipient string, recipientType types.String, by SentBy) (sendlog.Message, bool) {
	// The media is its content when media_sha256 is set: the same file uploaded
	// again (a new media ID) is the same message.
	media, mediaName := c.MediaID, "media_id"
	if !c.MediaSHA256.IsNull() {
		media, mediaName = c.MediaSHA256, "media_sha256"
		if !c.MediaSHA256.IsUnknown() {
			media = types.StringValue(strings.ToLower(c.MediaSHA256.ValueString()))
		}
	}
	content := map[string]string{}
	for _, f := range []struct {
		name string
		v    types.String
	}{
		{"type", c.Type}, {mediaName, media}, {"link", c.Link}, {"caption", c.Caption}, {"filename", c.Filename},
		{"link_provider", c.LinkProvider}, {"recipient_type", recipientType},
	} {
		if f.v.IsUnknown() {
			return sendlog.Message{}, false
		}
		if !f.v.IsNull() {
			content[f.name] = f.v.ValueString()
		}
	}
	// A template send is another message than the same media sent free-form,
	// and another template is another message.
	if !c.Template.IsNull() {
		v, err := c.Template.ToTerraformValue(context.Background())
		if err != nil || !v.IsFullyKnown() {
			return sendlog.Message{}, false
		}
		content["template"] = templateIdentity(c.Template) // keys sorted: the same template, the same text
	}
	if by != SentByMessage {
		content["sent_by"] = string(by)
	}
	triggers := map[string]string{}
	if c.Triggers.IsUnknown() {
		return sendlog.Message{}, false
	}
	for k, v := range c.Triggers.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			return sendlog.Message{}, false
		}
		if !s.IsNull() {
			triggers[k] = s.ValueString()
		}
	}
	return sendlog.Message{Account: account, Recipient: recipient, Content: content, Triggers: triggers}, true
}

// Changes names, in words for a plan, the content whose planned value
// differs from the prior one: what makes a plan send the message again. A
// value unknown until apply counts as changed, as RequiresReplace counts it.
// media_id is not content (the same file uploaded again has a new ID);
// media_sha256 is, and adding or removing it is not a change
// (ContentHashChanged says why); triggers compare as their plan modifier
// does, ignoring null values.
func Changes(prior, next Content) []string {
	var changed []string
	for _, a := range []struct {
		name        string
		prior, next attr.Value
	}{
		{"type", prior.Type, next.Type},
		{"link", prior.Link, next.Link},
		{"caption", prior.Caption, next.Caption},
		{"filename", prior.Filename, next.Filename},
		{"link_provider", prior.LinkProvider, next.LinkProvider},
		{"template", prior.Template, next.Template},
	} {
		if !a.next.Equal(a.prior) {
			changed = append(changed, a.name)
		}
	}
	if ContentHashChanged(prior.MediaSHA256, next.MediaSHA256) {
		changed = append(changed, "media_sha256 (the media's content)")
	}
	if next.Triggers.IsUnknown() || !SameNonNullValues(next.Triggers, prior.Triggers) {
		changed = append(changed, "triggers")
	}
	return changed
}

// ContentHashChanged reports whether the media's content hash went from one
// value to another (or to one unknown until apply). Null on either side is
// not a change: nothing says what the content was, or is.
func ContentHashChanged(prior, next types.String) bool {
	if prior.IsNull() || next.IsNull() {
		return false
	}
	return next.IsUnknown() || !strings.EqualFold(next.ValueString(), prior.ValueString())
}

// SameNonNullValues compares two maps ignoring null values. An unknown value
// never equals a known one, so it counts as a change.
func SameNonNullValues(a, b types.Map) bool {
	x, y := nonNullElements(a), nonNullElements(b)
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		w, ok := y[k]
		if !ok || !v.Equal(w) {
			return false
		}
	}
	return true
}

func nonNullElements(m types.Map) map[string]attr.Value {
	out := map[string]attr.Value{}
	if m.IsNull() || m.IsUnknown() {
		return out
	}
	for k, v := range m.Elements() {
		if !v.IsNull() {
			out[k] = v
		}
	}
	return out
}
