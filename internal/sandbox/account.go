package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// accountState is what the business configures once per account and number
// (issue 34): the app's subscription to the business account and the app's
// webhook fields (subscribed_apps.go, app_subscriptions.go), message QR codes
// (qr_codes.go) and conversational automation (automation.go). The callback
// URLs themselves live in webhookConfig (webhooks.go), which delivers statuses.
type accountState struct {
	mu         sync.Mutex
	subscribed bool     // the app is subscribed to the business account
	appFields  []string // the app's webhook fields for whatsapp_business_account
	qrCodes    map[string]*qrCode
	qrOrder    []string // codes, oldest first
	automation Automation
}

func (a *accountState) reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.subscribed, a.appFields = false, nil
	a.qrCodes, a.qrOrder = map[string]*qrCode{}, nil
	a.automation = Automation{}
}

// decodeCloudJSON reads a small JSON body into v, refusing fields v does not
// have; it answers the error itself and reports whether the request may go
// on. example shows the body the endpoint takes.
func decodeCloudJSON(w http.ResponseWriter, r *http.Request, v any, example string) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err == nil && len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		err = dec.Decode(v)
	}
	if err != nil {
		writeCloudError(w, templateParamError("send a JSON body like "+example+": "+err.Error()))
		return false
	}
	return true
}
