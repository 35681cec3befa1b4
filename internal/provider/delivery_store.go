package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// The delivery store is a webhook receiver's read API (cmd/whatsapp-receiver,
// internal/receiver): what WhatsApp reported of each message, read by the
// provider to show delivery, settle sends whose answer was lost, adopt sends
// a lost state and a lost record of sends both forgot, and tell who wrote in
// the last 24 hours (customer_window.go). Its two
// provider arguments are rows of providerArguments; newDeliveryStore reads
// them. The token is a sensitive argument: it reaches the receiver as a
// bearer header and nothing else (receiverapi.Client names it in no error).

const deliveryStoreURLDescription = "The base URL of a webhook receiver that stores WhatsApp's statuses " +
	"(the project's `whatsapp-receiver`, guide \"Running the webhook receiver\"), e.g. `https://receiver.example.com`. " +
	"With it, messages and broadcasts show on refresh what WhatsApp reported of each send (sent, delivered, read, " +
	"failed with its code), Cloud sends carry a label in `biz_opaque_callback_data` by which a run that lost its " +
	"state and its record of sends finds them, and a plan that sends free-form messages names the recipients who " +
	"have not written in the last 24 hours (from the customer messages the receiver stored). Unset, the provider " +
	"reads no statuses."

const deliveryStoreTokenDescription = "The receiver's read token (`-read-token` / `WHATSAPP_RECEIVER_READ_TOKEN` of " +
	"`whatsapp-receiver`), sent as a bearer token. Required with `delivery_store_url`. Surrounding whitespace is removed."

// newDeliveryStore is the store's client, or nil when no URL is set.
func newDeliveryStore(m providerModel, env lookupEnv) (*receiverapi.Client, diag.Diagnostics) {
	s := &settings{env: env}
	url := s.str(argDeliveryStoreURL, m.DeliveryStoreURL)
	token := s.credential(argDeliveryStoreToken, m.DeliveryStoreToken)
	switch {
	case url == "" && token != "":
		s.missing(argDeliveryStoreURL, "delivery_store_token is set, so a delivery store is meant, but no URL says where it is.")
	case url != "" && token == "":
		s.missing(argDeliveryStoreToken, fmt.Sprintf("The delivery store at %s needs its read token.", url))
	}
	if url == "" || s.diags.HasError() {
		return nil, s.diags
	}
	return &receiverapi.Client{BaseURL: url, Token: token}, s.diags
}
