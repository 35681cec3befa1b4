package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestSendRecordTellsATemplateSendApart: the record of sends identifies a
// message by what the recipient gets, so the same media sent free-form, as
// one template or as another are three messages, and a template not known
// yet leaves the send to be recorded at apply.
func TestSendRecordTellsATemplateSendApart(t *testing.T) {
	r := &sendRecord{sender: "cloud https://graph.example 1"}
	template := func(name attr.Value) types.Object {
		return types.ObjectValueMust(map[string]attr.Type{"name": types.StringType}, map[string]attr.Value{"name": name})
	}
	model := func(tmpl types.Object) mediaMessageModel {
		return mediaMessageModel{
			To: types.StringValue("+16315551003"), Type: types.StringValue("image"), MediaID: types.StringNull(),
			MediaSHA256: types.StringNull(), Link: types.StringValue("https://cdn.example.com/kit.png"),
			Caption: types.StringNull(), Filename: types.StringNull(), LinkProvider: types.StringNull(),
			RecipientType: types.StringValue("individual"), Triggers: types.MapNull(types.StringType), Template: tmpl,
		}
	}
	freeForm, ok1 := r.messageOf(model(types.ObjectNull(map[string]attr.Type{"name": types.StringType})))
	welcome, ok2 := r.messageOf(model(template(types.StringValue("welcome_kit"))))
	again, ok3 := r.messageOf(model(template(types.StringValue("welcome_kit"))))
	other, ok4 := r.messageOf(model(template(types.StringValue("order_update"))))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		t.Fatalf("known messages not identified: %v %v %v %v", ok1, ok2, ok3, ok4)
	}
	if reflect.DeepEqual(freeForm, welcome) || reflect.DeepEqual(welcome, other) || !reflect.DeepEqual(welcome, again) {
		t.Fatalf("free-form %+v, welcome_kit %+v (again %+v), order_update %+v: want three messages", freeForm, welcome, again, other)
	}
	if _, ok := r.messageOf(model(template(types.StringUnknown()))); ok {
		t.Fatal("a template with an unknown name was identified; want it left to the apply")
	}
}

// A broadcast's send and a whatsapp_media_message's send of the same content
// to the same person are told apart in the record: neither adopts the other's
// (either's state may hold it, and one's plan may run before the other prunes).
func TestSendRecordTellsABroadcastApart(t *testing.T) {
	r := &sendRecord{sender: "cloud https://graph.example 1"}
	b := mediaBroadcastModel{Type: types.StringValue("image"), Link: types.StringValue("https://cdn.example.com/kit.png"),
		Triggers: types.MapNull(types.StringType)}
	msg, ok := r.messageOf(b.messageModel("16315551003"))
	keys := r.recordedKeys(b, []string{"16315551003"})
	if !ok || keys == nil || keys["16315551003"] == msg.Key() {
		t.Fatalf("the broadcast's key %q and the message's %q: want two identified, different sends", keys["16315551003"], msg.Key())
	}
	b.Link = types.StringUnknown()
	if keys := r.recordedKeys(b, []string{"16315551003"}); keys != nil {
		t.Fatal("a broadcast with an unknown link was identified; want it left unidentified")
	}
}
