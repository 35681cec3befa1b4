package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// TestSendRecordTellsATemplateSendApart: the record of sends identifies a
// message by what the recipient gets, so the same media sent free-form, as
// one template or as another are three messages, and a template not known
// yet leaves the send to be recorded at apply.
func TestSendRecordTellsATemplateSendApart(t *testing.T) {
	const account = "cloud https://graph.example 1"
	template := func(name attr.Value) types.Object {
		return types.ObjectValueMust(map[string]attr.Type{"name": types.StringType}, map[string]attr.Value{"name": name})
	}
	messageOf := func(tmpl types.Object) (sendlog.Message, bool) {
		c := content.Content{Media: content.Media{Type: types.StringValue("image"), MediaID: types.StringNull(),
			Link: types.StringValue("https://cdn.example.com/kit.png"), Caption: types.StringNull(),
			Filename: types.StringNull(), LinkProvider: types.StringNull()},
			MediaSHA256: types.StringNull(), Triggers: types.MapNull(types.StringType), Template: tmpl}
		return c.Identity(account, "16315551003", types.StringValue("individual"), content.SentByMessage)
	}
	freeForm, ok1 := messageOf(types.ObjectNull(map[string]attr.Type{"name": types.StringType}))
	welcome, ok2 := messageOf(template(types.StringValue("welcome_kit")))
	again, ok3 := messageOf(template(types.StringValue("welcome_kit")))
	other, ok4 := messageOf(template(types.StringValue("order_update")))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		t.Fatalf("known messages not identified: %v %v %v %v", ok1, ok2, ok3, ok4)
	}
	if reflect.DeepEqual(freeForm, welcome) || reflect.DeepEqual(welcome, other) || !reflect.DeepEqual(welcome, again) {
		t.Fatalf("free-form %+v, welcome_kit %+v (again %+v), order_update %+v: want three messages", freeForm, welcome, again, other)
	}
	if _, ok := messageOf(template(types.StringUnknown())); ok {
		t.Fatal("a template with an unknown name was identified; want it left to the apply")
	}
}

// A broadcast's send and a whatsapp_media_message's send of the same content
// to the same person are told apart in the record: neither adopts the other's
// (either's state may hold it, and one's plan may run before the other prunes).
func TestSendRecordTellsABroadcastApart(t *testing.T) {
	const account = "cloud https://graph.example 1"
	var c content.Content
	c.Type, c.Link, c.Triggers = types.StringValue("image"), types.StringValue("https://cdn.example.com/kit.png"), types.MapNull(types.StringType)
	msg, ok := c.Identity(account, "16315551003", types.StringValue(whatsapp.RecipientIndividual), content.SentByMessage)
	keys := broadcastRecordKeys(account, c, []string{"16315551003"})
	if !ok || keys == nil || keys["16315551003"] == msg.Key() {
		t.Fatalf("the broadcast's key %q and the message's %q: want two identified, different sends", keys["16315551003"], msg.Key())
	}
	c.Link = types.StringUnknown()
	if keys := broadcastRecordKeys(account, c, []string{"16315551003"}); keys != nil {
		t.Fatal("a broadcast with an unknown link was identified; want it left unidentified")
	}
}
