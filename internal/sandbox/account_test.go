package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// challengeAnswerer is a callback URL that answers Meta's verification
// challenge when hub.verify_token is token.
func challengeAnswerer(t *testing.T, token string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("hub.verify_token") != token {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		_, _ = io.WriteString(w, r.URL.Query().Get("hub.challenge"))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/hook"
}

// expectRefused checks a 4xx Graph error whose message contains want, and
// that the sandbox's state did not change (checked by the caller).
func expectRefused(t *testing.T, r reply, status, code int, want string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	e := cloudErr(t, r)
	if e.Code != code || !strings.Contains(e.Message+" "+e.ErrorData.Details, want) {
		t.Fatalf("error %d %q (%s), want code %d with %q", e.Code, e.Message, e.ErrorData.Details, code, want)
	}
}

func TestSubscribedApps(t *testing.T) {
	s := start(t, Options{})
	path := "/v23.0/" + DefaultBusinessAccountID + "/subscribed_apps"
	list := func() []any { return cloudJSON(t, s, http.MethodGet, path, "", nil).json(t)["data"].([]any) }
	if got := list(); len(got) != 0 {
		t.Fatalf("a new sandbox has subscribed apps: %v", got)
	}
	if r := cloudJSON(t, s, http.MethodPost, path, "", nil); r.status != http.StatusOK || !s.AppSubscribed() {
		t.Fatalf("subscribe with no body: %d %s", r.status, r.body)
	}
	got := list()
	app := got[0].(map[string]any)["whatsapp_business_api_data"].(map[string]any)
	if len(got) != 1 || app["id"] != DefaultAppID {
		t.Fatalf("subscribed apps = %v", got)
	}
	hook := challengeAnswerer(t, "tok")
	if r := cloudJSON(t, s, http.MethodPost, path, `{"override_callback_uri":"`+hook+`","verify_token":"tok"}`, nil); r.status != http.StatusOK {
		t.Fatalf("subscribe with an override: %d %s", r.status, r.body)
	}
	if o := list()[0].(map[string]any)["override_callback_uri"]; o != hook || s.Webhooks().CloudAccountOverride != hook {
		t.Fatalf("override = %v, settings %+v", o, s.Webhooks())
	}
	if got := s.webhookConfigurationField()["whatsapp_business_account"]; got != hook {
		t.Fatalf("webhook_configuration.whatsapp_business_account = %q", got)
	}

	t.Run("refusals", func(t *testing.T) {
		for _, c := range []struct{ name, body, want string }{
			{"override without verify token", `{"override_callback_uri":"` + hook + `"}`, "verify_token is required"},
			{"override not a URL", `{"override_callback_uri":"not a url","verify_token":"tok"}`, "must be a valid URL"},
			{"unknown field", `{"callback_url":"` + hook + `"}`, "unknown field"},
		} {
			expectRefused(t, cloudJSON(t, s, http.MethodPost, path, c.body, nil), http.StatusBadRequest, 100, c.want)
		}
		// The callback does not recognise the token: Meta's 2200, and the override stays.
		expectRefused(t, cloudJSON(t, s, http.MethodPost, path, `{"override_callback_uri":"`+hook+`","verify_token":"wrong"}`, nil),
			http.StatusBadRequest, codeCallbackVerificationFailed, "Callback verification failed")
		expectRefused(t, cloudJSON(t, s, http.MethodGet, "/v23.0/999/subscribed_apps", "", nil), http.StatusBadRequest, 100, "does not exist")
		if s.Webhooks().CloudAccountOverride != hook {
			t.Fatalf("a refused request changed the override: %+v", s.Webhooks())
		}
	})

	if r := cloudJSON(t, s, http.MethodDelete, path, "", nil); r.status != http.StatusOK || s.AppSubscribed() || s.Webhooks().CloudAccountOverride != "" {
		t.Fatalf("unsubscribe: %d %s, settings %+v", r.status, r.body, s.Webhooks())
	}
	expectRefused(t, cloudJSON(t, s, http.MethodDelete, path, "", nil), http.StatusNotFound, 803, "not subscribed")
}

func TestAppSubscriptions(t *testing.T) {
	s := start(t, Options{})
	path := "/v23.0/" + DefaultAppID + "/subscriptions"
	app := bearer(DefaultAppID + "|" + DefaultAppSecret)
	hook := challengeAnswerer(t, "tok")
	post := func(body string, h map[string]string) reply { return cloudJSON(t, s, http.MethodPost, path, body, h) }

	t.Run("refusals", func(t *testing.T) {
		ok := `{"object":"whatsapp_business_account","callback_url":"` + hook + `","verify_token":"tok","fields":["messages"]}`
		expectRefused(t, post(ok, nil), http.StatusBadRequest, 15, "app access_token")
		expectRefused(t, post(ok, bearer(DefaultAppID+"|wrong")), http.StatusUnauthorized, 190, "Invalid OAuth access token")
		for _, c := range []struct{ name, body, want string }{
			{"other object", strings.Replace(ok, "whatsapp_business_account", "page", 1), "Param object must be one of"},
			{"no callback", strings.Replace(ok, hook, "", 1), "callback_url must be a valid URL"},
			{"no verify token", strings.Replace(ok, `"tok"`, `""`, 1), "verify_token is required"},
			{"no fields", strings.Replace(ok, `["messages"]`, `[]`, 1), "fields is required"},
			{"unknown field", strings.Replace(ok, `["messages"]`, `["feed"]`, 1), "is not a valid whatsapp_business_account field"},
		} {
			expectRefused(t, post(c.body, app), http.StatusBadRequest, 100, c.want)
		}
		expectRefused(t, post(strings.Replace(ok, `"tok"`, `"wrong"`, 1), app), http.StatusBadRequest, codeCallbackVerificationFailed, "Callback verification failed")
		if s.Webhooks().CloudAppURL != "" || len(s.AppWebhookFields()) != 0 {
			t.Fatalf("a refused request changed the app's webhook: %+v %v", s.Webhooks(), s.AppWebhookFields())
		}
	})

	if r := post(`{"object":"whatsapp_business_account","callback_url":"`+hook+`","verify_token":"tok","fields":"messages,account_update"}`, app); r.status != http.StatusOK {
		t.Fatalf("subscribe: %d %s", r.status, r.body)
	}
	if s.Webhooks().CloudAppURL != hook || !slices.Equal(s.AppWebhookFields(), []string{"account_update", "messages"}) {
		t.Fatalf("after POST: %+v %v", s.Webhooks(), s.AppWebhookFields())
	}
	got := cloudJSON(t, s, http.MethodGet, path, "", app).json(t)["data"].([]any)[0].(map[string]any)
	if got["callback_url"] != hook || len(got["fields"].([]any)) != 2 {
		t.Fatalf("GET = %v", got)
	}
	if r := cloudJSON(t, s, http.MethodDelete, path+"?object=whatsapp_business_account&fields=account_update", "", app); r.status != http.StatusOK ||
		!slices.Equal(s.AppWebhookFields(), []string{"messages"}) {
		t.Fatalf("delete one field: %d %s %v", r.status, r.body, s.AppWebhookFields())
	}
	if r := cloudJSON(t, s, http.MethodDelete, path+"?object=whatsapp_business_account", "", app); r.status != http.StatusOK ||
		len(s.AppWebhookFields()) != 0 || s.Webhooks().CloudAppURL != "" {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
}

func TestQRCodes(t *testing.T) {
	s := start(t, Options{})
	path := "/v23.0/" + testPhone + "/message_qrdls"
	r := cloudJSON(t, s, http.MethodPost, path, `{"prefilled_message":"Hi! Show me the menu","generate_qr_image":"SVG"}`, nil)
	created := r.json(t)
	code, _ := created["code"].(string)
	if r.status != http.StatusOK || !specQRCodeRE.MatchString(code) || created["deep_link_url"] != "https://wa.me/message/"+code {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	img := do(t, http.MethodGet, created["qr_image_url"].(string), nil, nil)
	if img.status != http.StatusOK || !bytes.HasPrefix(img.body, []byte("<svg")) {
		t.Fatalf("SVG image: %d %.40s", img.status, img.body)
	}
	got := cloudJSON(t, s, http.MethodGet, path+"/"+code+"?fields=code,prefilled_message,qr_image_url.format(PNG)", "", nil).json(t)
	png := do(t, http.MethodGet, got["data"].([]any)[0].(map[string]any)["qr_image_url"].(string), nil, nil)
	if !bytes.HasPrefix(png.body, []byte("\x89PNG")) {
		t.Fatalf("PNG image: %d %.20q", png.status, png.body)
	}
	if r := cloudJSON(t, s, http.MethodPost, path, `{"code":"`+code+`","prefilled_message":"Hello again"}`, nil); r.status != http.StatusOK || s.QRCodes()[0].PrefilledMessage != "Hello again" {
		t.Fatalf("update: %d %s", r.status, r.body)
	}

	t.Run("refusals", func(t *testing.T) {
		for _, c := range []struct{ name, body, want string }{
			{"no message", `{"generate_qr_image":"PNG"}`, "prefilled_message is required"},
			{"message too long", `{"prefilled_message":"` + strings.Repeat("é", 141) + `"}`, "Maximum 140 characters"},
			{"bad format", `{"prefilled_message":"hi","generate_qr_image":"JPG"}`, "must be one of {PNG, SVG}"},
			{"bad code", `{"code":"abc","prefilled_message":"hi"}`, "Invalid QR code ID format"},
			{"unknown field", `{"prefilled_message":"hi","color":"red"}`, "unknown field"},
		} {
			expectRefused(t, cloudJSON(t, s, http.MethodPost, path, c.body, nil), http.StatusBadRequest, 100, c.want)
		}
		expectRefused(t, cloudJSON(t, s, http.MethodPost, path, `{"code":"AAAAAAAAAAAAAA","prefilled_message":"hi"}`, nil), http.StatusNotFound, 803, "QR code not found")
		expectRefused(t, cloudJSON(t, s, http.MethodGet, path+"/"+code+"?fields=color", "", nil), http.StatusBadRequest, 100, "Invalid fields parameter")
		expectRefused(t, cloudJSON(t, s, http.MethodGet, path+"/lower", "", nil), http.StatusBadRequest, 100, "Invalid QR code ID format")
		if n := len(s.QRCodes()); n != 1 {
			t.Fatalf("refused requests left %d codes", n)
		}
	})

	if r := cloudJSON(t, s, http.MethodDelete, path+"/"+code, "", nil); r.status != http.StatusOK || len(s.QRCodes()) != 0 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	expectRefused(t, cloudJSON(t, s, http.MethodGet, path+"/"+code, "", nil), http.StatusNotFound, 803, "QR code not found")
	if img := do(t, http.MethodGet, created["qr_image_url"].(string), nil, nil); img.status != http.StatusNotFound {
		t.Fatalf("the image of a deleted code: %d", img.status)
	}
}

func TestConversationalAutomation(t *testing.T) {
	s := start(t, Options{})
	path := "/v23.0/" + testPhone + "/conversational_automation"
	read := func() map[string]any {
		return cloudJSON(t, s, http.MethodGet, "/v23.0/"+testPhone+"?fields=conversational_automation", "", nil).json(t)["conversational_automation"].(map[string]any)
	}
	if got := read(); got["enable_welcome_message"] != false || got["prompts"] != nil {
		t.Fatalf("a new number's automation: %v", got)
	}
	ok := `{"enable_welcome_message":true,"prompts":["Opening hours?"],"commands":[{"command_name":"help","command_description":"Get help"}]}`
	if r := cloudJSON(t, s, http.MethodPost, path, ok, nil); r.status != http.StatusOK {
		t.Fatalf("set: %d %s", r.status, r.body)
	}
	if got := read(); got["enable_welcome_message"] != true || len(got["prompts"].([]any)) != 1 || len(got["commands"].([]any)) != 1 {
		t.Fatalf("read back: %v", got)
	}
	cmds := func(n int, name string) string {
		var parts []string
		for i := range n {
			parts = append(parts, `{"command_name":"`+name+strings.Repeat("x", i)+`","command_description":"d"}`)
		}
		return `{"commands":[` + strings.Join(parts, ",") + `]}`
	}
	for _, c := range []struct{ name, body, want string }{
		{"four prompts", `{"prompts":["a","b","c","d"]}`, "Too many prompts"},
		{"long prompt", `{"prompts":["` + strings.Repeat("a", 81) + `"]}`, "1 to 80 characters"},
		{"31 commands", cmds(31, "c"), "Too many commands"},
		{"slash in a name", `{"commands":[{"command_name":"/help","command_description":"d"}]}`, "Invalid command name format"},
		{"long name", `{"commands":[{"command_name":"` + strings.Repeat("a", 31) + `","command_description":"d"}]}`, "Invalid command name format"},
		{"long description", `{"commands":[{"command_name":"a","command_description":"` + strings.Repeat("d", 257) + `"}]}`, "longer than 256"},
		{"no description", `{"commands":[{"command_name":"a"}]}`, "needs command_name and command_description"},
		{"twice", `{"commands":[{"command_name":"a","command_description":"d"},{"command_name":"a","command_description":"e"}]}`, "must be unique"},
		{"unknown field", `{"welcome":true}`, "unknown field"},
	} {
		t.Run(c.name, func(t *testing.T) {
			expectRefused(t, cloudJSON(t, s, http.MethodPost, path, c.body, nil), http.StatusBadRequest, 100, c.want)
		})
	}
	if got := s.Automation(); !got.EnableWelcomeMessage || len(got.Commands) != 1 {
		t.Fatalf("refused requests changed the automation: %+v", got)
	}
	if r := cloudJSON(t, s, http.MethodPost, path, `{"enable_welcome_message":false,"prompts":[],"commands":[]}`, nil); r.status != http.StatusOK || s.Automation().EnableWelcomeMessage {
		t.Fatalf("disable: %d %s", r.status, r.body)
	}
}
