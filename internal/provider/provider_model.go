package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// providerModel mirrors the provider block; providerArguments (in
// provider_arguments.go) describes each attribute.
type providerModel struct {
	API                  types.String  `tfsdk:"api"`
	BaseURL              types.String  `tfsdk:"base_url"`
	APIVersion           types.String  `tfsdk:"api_version"`
	PhoneNumberID        types.String  `tfsdk:"phone_number_id"`
	AccessToken          types.String  `tfsdk:"access_token"`
	Username             types.String  `tfsdk:"username"`
	Password             types.String  `tfsdk:"password"`
	AuthHeader           types.String  `tfsdk:"auth_header"`
	CACertPEM            types.String  `tfsdk:"ca_cert_pem"`
	InsecureSkipVerify   types.Bool    `tfsdk:"insecure_skip_verify"`
	RequestTimeout       types.String  `tfsdk:"request_timeout"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	MaxMessagesPerSecond types.Float64 `tfsdk:"max_messages_per_second"`
	TemplateNamespace    types.String  `tfsdk:"template_namespace"`
	BusinessAccountID    types.String  `tfsdk:"business_account_id"`
	AppID                types.String  `tfsdk:"app_id"`

	// media_message_send_record.go
	SendRecordPath   types.String `tfsdk:"send_record_path"`
	SendRecordWindow types.String `tfsdk:"send_record_window"`

	// delivery_store.go
	DeliveryStoreURL   types.String `tfsdk:"delivery_store_url"`
	DeliveryStoreToken types.String `tfsdk:"delivery_store_token"`
}
