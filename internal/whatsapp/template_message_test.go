package whatsapp_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// A template message with a media header goes out in each flavor's shape,
// and the sandbox (which checks it against its welcome_kit template) takes it.
func TestSendTemplateMessage(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	for _, flavor := range []whatsapp.Flavor{whatsapp.Cloud, whatsapp.OnPremises} {
		cfg := fastConfig(flavor, sb.URL())
		cfg.TemplateNamespace = sandbox.DefaultTemplateNamespace
		c := mustNew(t, cfg)
		id := uploadPNG(t, c, pngBytes(64))
		sent, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{
			To: "+1 631-555-1003", Type: "image", MediaID: id,
			Template: &whatsapp.Template{Name: "welcome_kit", Language: "en_US", BodyParameters: []string{"Ana"},
				Buttons: []whatsapp.TemplateButton{{SubType: whatsapp.ButtonQuickReply, Index: 0, Parameter: "STOP"}}},
		})
		if err != nil {
			t.Fatalf("%s: send: %v", flavor, err)
		}
		msgs := sb.Messages()
		last := msgs[len(msgs)-1]
		if last.ID != sent.ID || last.Type != "template" {
			t.Fatalf("%s: stored %+v", flavor, last)
		}
		var body map[string]any
		if err := json.Unmarshal(last.Body, &body); err != nil {
			t.Fatal(err)
		}
		tmpl := body["template"].(map[string]any)
		want := map[string]any{
			"name":     "welcome_kit",
			"language": map[string]any{"policy": "deterministic", "code": "en_US"},
			"components": []any{
				map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "image", "image": map[string]any{"id": id}}}},
				map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "text", "text": "Ana"}}},
				map[string]any{"type": "button", "sub_type": "quick_reply", "index": "0",
					"parameters": []any{map[string]any{"type": "payload", "payload": "STOP"}}},
			},
		}
		if flavor == whatsapp.OnPremises {
			want["namespace"] = sandbox.DefaultTemplateNamespace
		}
		if !reflect.DeepEqual(tmpl, want) {
			t.Errorf("%s: template object\n got %v\nwant %v", flavor, tmpl, want)
		}
		if _, ok := body["image"]; ok {
			t.Errorf("%s: a template send also carries a top-level image: %v", flavor, body)
		}
	}
}

// What would make a template body wrong is refused before anything is sent.
func TestTemplateMessageRefusedBeforeSending(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	onPrem := mustNew(t, fastConfig(whatsapp.OnPremises, sb.URL()))
	cloud := mustNew(t, fastConfig(whatsapp.Cloud, sb.URL()))
	tmpl := &whatsapp.Template{Name: "welcome_kit", Language: "en_US"}
	for name, c := range map[string]struct {
		client *whatsapp.Client
		msg    whatsapp.MediaMessage
	}{
		"audio header":        {cloud, whatsapp.MediaMessage{To: "16315551003", Type: "audio", MediaID: "1", Template: tmpl}},
		"caption":             {cloud, whatsapp.MediaMessage{To: "16315551003", Type: "image", MediaID: "1", Caption: "c", Template: tmpl}},
		"no namespace":        {onPrem, whatsapp.MediaMessage{To: "16315551003", Type: "image", MediaID: "1", Template: tmpl}},
		"no language":         {cloud, whatsapp.MediaMessage{To: "16315551003", Type: "image", MediaID: "1", Template: &whatsapp.Template{Name: "x"}}},
		"unknown button kind": {cloud, whatsapp.MediaMessage{To: "16315551003", Type: "image", MediaID: "1", Template: &whatsapp.Template{Name: "x", Language: "en", Buttons: []whatsapp.TemplateButton{{SubType: "call"}}}}},
	} {
		if _, err := c.client.SendMediaMessage(context.Background(), c.msg); err == nil {
			t.Errorf("%s: sent", name)
		}
	}
	if n := countRequests(sb, "POST", "/messages"); n != 0 {
		t.Errorf("%d send requests reached the sandbox, want 0", n)
	}
}
