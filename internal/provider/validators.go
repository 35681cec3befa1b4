package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var apiVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

func apiVersionValidator() validator.String {
	return stringvalidator.RegexMatches(apiVersionPattern, `must look like "v23.0"`)
}

// checkHTTPURL returns what is wrong with raw as an http(s) URL, or "".
func checkHTTPURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "it is not a URL: " + err.Error()
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "it must start with https:// (or http://)."
	}
	if u.Host == "" {
		return "it has no host name."
	}
	return ""
}

// httpURLValidator accepts absolute http(s) URLs with a host.
type httpURLValidator struct{}

func (httpURLValidator) Description(context.Context) string {
	return "must be an http:// or https:// URL with a host"
}
func (v httpURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (httpURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := checkHTTPURL(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%q: %s", req.ConfigValue.ValueString(), problem))
	}
}

// durationValidator accepts positive Go durations.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return `must be a positive Go duration such as "60s"`
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, problem := parseTimeout(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%q: %s", req.ConfigValue.ValueString(), problem))
	}
}
