package provider

import (
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Labels on sends (internal/sendlog/label.go). With a delivery store and the
// Cloud API, every send of a message or a broadcast carries its label in
// biz_opaque_callback_data, the one value WhatsApp echoes in each status of
// the message, followed by the user's callback_data:
//
//	wa1.<group>.<send>|<callback_data>
//
// A plan finds in the store, by label, a send whose answer was lost
// (delivery_store_sends.go). The label is computed from the send's identity
// (content.Content.Identity) over the content as configured, not renamed by
// the record of sends' uploads (namedByContent): a run on a new machine has
// no record, and must compute the label the crashed run sent. So a send a new
// runner can find names its media by link or media_sha256, both known at plan
// time; a media ID uploaded again is another label.
//
// On-Premises has no biz_opaque_callback_data: its sends carry no label and
// nothing is settled from its statuses (see the delivery guide).

// maxLabelledCallbackData is the longest callback_data a labelled send
// leaves the user: the API's 512 characters less the label and its "|".
const maxLabelledCallbackData = whatsapp.MaxCallbackDataLength - sendlog.LabelLength - 1

// labelsOn reports whether sends carry labels: a delivery store is
// configured and the API is Cloud.
func (c *resourceClient) labelsOn() bool {
	return c.store != nil && c.client != nil && c.client.Flavor() == whatsapp.Cloud
}

// messageLabel is the identity m's send is labelled by, and false when part
// of it is not known yet.
func messageLabel(account string, m mediaMessageModel) (sendlog.Message, bool) {
	recipient, err := whatsapp.CanonicalRecipient(m.To.ValueString())
	if err != nil || m.To.IsUnknown() {
		return sendlog.Message{}, false
	}
	return m.Identity(account, recipient, m.RecipientType, content.SentByMessage)
}

// broadcastLabels is the identity of each recipient's send of c, with its
// own template values (personal), nil when part of it is not known yet. A
// recipient's values change its label's send part, not its group.
func broadcastLabels(account string, c content.Content, personal personalSet, recipients []string) map[string]sendlog.Message {
	out := make(map[string]sendlog.Message, len(recipients))
	for _, to := range recipients {
		msg, ok := broadcastIdentity(account, c, personal, to)
		if !ok {
			return nil
		}
		out[to] = msg
	}
	return out
}

// checkLabelledCallbackData refuses a callback_data that leaves no room for
// the label (labelled sends only; an unknown or unset value passes).
func checkLabelledCallbackData(callbackData types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if !isSet(callbackData) {
		return diags
	}
	if n := utf8.RuneCountInString(callbackData.ValueString()); n > maxLabelledCallbackData {
		diags.AddAttributeError(path.Root("callback_data"), "WhatsApp Callback Data Too Long for a Labelled Send",
			fmt.Sprintf("callback_data has %d characters; with delivery_store_url set, at most %d. WhatsApp takes %d "+
				"characters of biz_opaque_callback_data, and each send carries its label first (%d characters and "+
				"a \"|\"), by which a plan finds in the delivery store a send whose answer was lost. Shorten "+
				"callback_data (for example to a key your own system looks up), or unset delivery_store_url.",
				n, maxLabelledCallbackData, whatsapp.MaxCallbackDataLength, sendlog.LabelLength))
	}
	return diags
}
