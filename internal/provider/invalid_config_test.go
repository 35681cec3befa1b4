package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The inputs users get wrong, across the provider block and every resource
// and data source: each one fails at plan time, with an error on the
// attribute to change, and the sandbox receives nothing.

// invalidConfig is one wrong configuration.
type invalidConfig struct {
	name   string
	config string // the whole configuration: a provider block and what it serves
	addr   string // the block the error is on: "provider", "whatsapp_media.m", "data.whatsapp_media.m"
	attr   string // the attribute the error is on
	phrase string // a short part of the error, spaces matching any line wrapping
}

// The blocks the cases are made of. Each case changes one thing in them.
const (
	probeMessage = `
resource "whatsapp_media_message" "m" {
  to   = "+16315551001"
  type = "image"
  link = "https://cdn.example.com/a.jpg"
}
`
	providerAddr = "provider"
)

// invalidConfigs lists the cases. cloud and onPrem are working provider
// blocks for the sandbox; files holds the paths of a valid PNG (png), a PDF
// (pdf), an image over the size limit (big), a directory (dir) and a file
// that does not exist (missing).
func invalidConfigs(cloud, onPrem string, files map[string]string, sandboxURL string) []invalidConfig {
	// provider builds a Cloud provider block (the sandbox's, valid) with
	// its arguments replaced or added by args, written `name = value`
	// lines; a value "-" removes the argument.
	provider := func(args ...string) string {
		set := map[string]string{
			"base_url":        fmt.Sprintf("%q", sandboxURL),
			"phone_number_id": fmt.Sprintf("%q", sandbox.DefaultPhoneNumberID),
			"access_token":    fmt.Sprintf("%q", sandbox.DefaultAccessToken),
		}
		order := []string{"base_url", "phone_number_id", "access_token"}
		for _, a := range args {
			name, value, _ := strings.Cut(a, "=")
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if _, ok := set[name]; !ok {
				order = append(order, name)
			}
			set[name] = value
		}
		var b strings.Builder
		b.WriteString("provider \"whatsapp\" {\n")
		for _, name := range order {
			if set[name] != "-" {
				fmt.Fprintf(&b, "  %s = %s\n", name, set[name])
			}
		}
		b.WriteString("}\n")
		return b.String() + probeMessage
	}
	// onPremProvider is provider for On-Premises: no phone number ID, a login.
	onPremProvider := func(args ...string) string {
		return provider(append([]string{`api = "on_premises"`, "phone_number_id = -", "access_token = -",
			fmt.Sprintf("username = %q", sandbox.DefaultUsername), fmt.Sprintf("password = %q", sandbox.DefaultPassword)}, args...)...)
	}
	media := func(body string) string { return cloud + "resource \"whatsapp_media\" \"m\" {\n" + body + "\n}\n" }
	onPremMedia := func(body string) string { return onPrem + "resource \"whatsapp_media\" \"m\" {\n" + body + "\n}\n" }
	png := fmt.Sprintf("source = %q", files["png"])
	message := func(body string) string {
		return cloud + "resource \"whatsapp_media_message\" \"m\" {\n" + body + "\n}\n"
	}
	onPremMessage := func(body string) string {
		return onPrem + "resource \"whatsapp_media_message\" \"m\" {\n" + body + "\n}\n"
	}
	to := `to = "+16315551001"` + "\n"
	link := `link = "https://cdn.example.com/a.jpg"` + "\n"
	mediaProvider := func(body string) string {
		return onPrem + "resource \"whatsapp_media_provider\" \"m\" {\n" + body + "\n}\n"
	}
	mediaData := func(body string) string { return cloud + "data \"whatsapp_media\" \"m\" {\n" + body + "\n}\n" }
	phoneData := func(body string) string { return cloud + "data \"whatsapp_phone_number\" \"m\" {\n" + body + "\n}\n" }
	const (
		mediaAddr       = "whatsapp_media.m"
		messageAddr     = "whatsapp_media_message.m"
		mediaProvAddr   = "whatsapp_media_provider.m"
		mediaDataAddr   = "data.whatsapp_media.m"
		phoneNumberAddr = "data.whatsapp_phone_number.m"
		sha256OfNothing = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	)

	return []invalidConfig{
		// The provider block: its own checks, then how the arguments fit together.
		{"api unknown", provider(`api = "graph"`), providerAddr, "api", "value must be one of"},
		{"api in capitals", provider(`api = "Cloud"`), providerAddr, "api", "value must be one of"},
		{"base_url without scheme", provider(`base_url = "wa.example.com"`), providerAddr, "base_url", "must start with https://"},
		{"base_url ftp", provider(`base_url = "ftp://wa.example.com"`), providerAddr, "base_url", "must start with https://"},
		{"base_url without host", provider(`base_url = "https://"`), providerAddr, "base_url", "no host"},
		{"base_url empty", provider(`base_url = ""`), providerAddr, "base_url", "must start with https://"},
		{"base_url with a query", provider(`base_url = "https://wa.example.com/?key=1"`), providerAddr, "base_url", "query"},
		{"base_url with user info", provider(`base_url = "https://me:pw@wa.example.com"`), providerAddr, "base_url", "user info"},
		{"base_url with the Cloud version", provider(`base_url = "https://graph.facebook.com/v23.0"`), providerAddr, "base_url", "goes in api_version"},
		{"base_url with /v1 On-Premises", onPremProvider(`base_url = "https://wa.example.com/v1"`), providerAddr, "base_url", `remove "/v1"`},
		{"api_version without v", provider(`api_version = "23.0"`), providerAddr, "api_version", `must look like "v23.0"`},
		{"api_version without minor", provider(`api_version = "v23"`), providerAddr, "api_version", `must look like "v23.0"`},
		{"api_version with a path", provider(`api_version = "v23.0/../x"`), providerAddr, "api_version", `must look like "v23.0"`},
		{"phone_number_id is the phone number", provider(`phone_number_id = "+49 170 1223002"`), providerAddr, "phone_number_id", "not the phone number itself"},
		{"phone_number_id with letters", provider(`phone_number_id = "my-phone"`), providerAddr, "phone_number_id", "digits only"},
		{"phone_number_id empty", provider(`phone_number_id = ""`), providerAddr, "phone_number_id", "digits only"},
		{"phone_number_id missing on Cloud", provider(`api = "cloud"`, "phone_number_id = -"), providerAddr, "phone_number_id", "Set \"phone_number_id\" in the provider block"},
		{"access_token missing on Cloud", provider("access_token = -"), providerAddr, "access_token", "Set \"access_token\" in the provider block"},
		{"access_token only whitespace", provider(`access_token = " \n"`), providerAddr, "access_token", "needs an access token"},
		{"access_token with a line break inside", provider(`access_token = "EAAG\nEAAG"`), providerAddr, "access_token", "holds a control character"},
		{"auth_header on Cloud", provider(`auth_header = "D360-API-KEY"`), providerAddr, "auth_header", "auth_header only applies to On-Premises"},
		{"auth_header not a header name", onPremProvider(`access_token = "t"`, `auth_header = "D360 API KEY"`), providerAddr, "auth_header", "not a valid HTTP header name"},
		{"base_url missing On-Premises", onPremProvider("base_url = -"), providerAddr, "base_url", `its address must be given, e.g. https://wa.example.com:9090. Set "base_url"`},
		{"neither token nor login On-Premises", onPremProvider("username = -", "password = -"), providerAddr, "access_token", `neither is set. Set "access_token"`},
		{"username without password", onPremProvider("password = -"), providerAddr, "password", `no password to log in with. Set "password"`},
		{"username with a colon", onPremProvider(`username = "wa:admin"`), providerAddr, "username", "holds a colon"},
		{"password without username", onPremProvider("username = -"), providerAddr, "username", `no username to log in with. Set "username"`},
		{"auth_header without access_token", onPremProvider(`auth_header = "D360-API-KEY"`), providerAddr, "access_token", `no access_token is set. Set "access_token"`},
		{"ca_cert_pem not PEM", provider(`ca_cert_pem = "not a certificate"`), providerAddr, "ca_cert_pem", "holds no PEM certificate"},
		{"request_timeout not a duration", provider(`request_timeout = "soon"`), providerAddr, "request_timeout", "must be a Go duration such as"},
		{"request_timeout without unit", provider(`request_timeout = "60"`), providerAddr, "request_timeout", "must be a Go duration such as"},
		{"request_timeout zero", provider(`request_timeout = "0s"`), providerAddr, "request_timeout", "longer than zero"},
		{"request_timeout negative", provider(`request_timeout = "-5s"`), providerAddr, "request_timeout", "longer than zero"},
		{"send_record_window not a duration", provider(`send_record_window = "a week"`), providerAddr, "send_record_window", "must be a Go duration such as"},
		{"send_record_window negative", provider(`send_record_window = "-1h"`), providerAddr, "send_record_window", "must not be negative"},
		{"send_record_path empty", provider(`send_record_path = ""`), providerAddr, "send_record_path", "string length must be at least 1"},
		{"max_retries negative", provider("max_retries = -1"), providerAddr, "max_retries", "value must be between 0 and"},
		{"max_retries too many", provider(fmt.Sprintf("max_retries = %d", whatsapp.MaxRetriesLimit+1)), providerAddr, "max_retries", "value must be between 0 and"},

		// whatsapp_media
		{"media without source or content", media(`filename = "a.png"`), mediaAddr, "source", "source"},
		{"media with source and content", media(png + "\n" + `content_base64 = "aGk="`), mediaAddr, "source", "Exactly one of these attributes must be configured"},
		{"media source empty", media(`source = ""`), mediaAddr, "source", "at least 1"},
		{"media source missing file", media(fmt.Sprintf("source = %q", files["missing"])), mediaAddr, "source", "does not exist: check the path"},
		{"media source a directory", media(fmt.Sprintf("source = %q", files["dir"])), mediaAddr, "source", "is not a regular file"},
		{"media content_base64 empty", media(`content_base64 = ""`), mediaAddr, "content_base64", "at least 1"},
		{"media content_base64 not base64", media(`content_base64 = "not base64!"`), mediaAddr, "content_base64", "is not valid base64"},
		{"media image too large", media(fmt.Sprintf("source = %q", files["big"])), mediaAddr, "source", "5 MB"},
		{"media content_type not a MIME type", media(png + "\n" + `content_type = "png"`), mediaAddr, "content_type", "is not a MIME type"},
		{"media content_type image/jpg", media(png + "\n" + `content_type = "image/jpg"`), mediaAddr, "content_type", `did you mean "image/jpeg"`},
		{"media content_type audio/mp3", media(png + "\n" + `content_type = "audio/mp3"`), mediaAddr, "content_type", `did you mean "audio/mpeg"`},
		{"media content_type video/mov", media(png + "\n" + `content_type = "video/mov"`), mediaAddr, "content_type", `did you mean "video/quicktime"`},
		{"media content_type image/jpg On-Premises", onPremMedia(png + "\n" + `content_type = "image/jpg"`), mediaAddr, "content_type", `did you mean "image/jpeg"`},
		{"media content_type Cloud refuses", media(fmt.Sprintf("source = %q\ncontent_type = \"application/zip\"", files["pdf"])), mediaAddr, "content_type", "Correct content_type, or leave it out"},
		{"media filename empty", media(png + "\n" + `filename = ""`), mediaAddr, "filename", "at least 1"},

		// whatsapp_media_message
		{"message to a name", message(`to = "alice"` + "\n" + `type = "image"` + "\n" + link), messageAddr, "to", "is not a phone number"},
		{"message to empty", message(`to = ""` + "\n" + `type = "image"` + "\n" + link), messageAddr, "to", "is not a phone number"},
		{"message to too short", message(`to = "+1 234"` + "\n" + `type = "image"` + "\n" + link), messageAddr, "to", "digits"},
		{"message to too long", message(`to = "+1234567890123456"` + "\n" + `type = "image"` + "\n" + link), messageAddr, "to", "digits"},
		{"message to a national number", message(`to = "0170 1223002"` + "\n" + `type = "image"` + "\n" + link), messageAddr, "to", "country code"},
		{"message type text", message(to + `type = "text"` + "\n" + link), messageAddr, "type", "value must be one of"},
		{"message type in capitals", message(to + `type = "Image"` + "\n" + link), messageAddr, "type", "value must be one of"},
		{"message without media_id or link", message(to + `type = "image"`), messageAddr, "media_id", "media_id,link"},
		{"message with media_id and link", message(to + `type = "image"` + "\n" + `media_id = "123"` + "\n" + link), messageAddr, "media_id", "Exactly one of these attributes must be configured"},
		{"message media_id empty", message(to + `type = "image"` + "\n" + `media_id = ""`), messageAddr, "media_id", "it is empty"},
		{"message link ftp", message(to + `type = "image"` + "\n" + `link = "ftp://cdn.example.com/a.jpg"`), messageAddr, "link", "must start with https://"},
		{"message link without host", message(to + `type = "image"` + "\n" + `link = "https:///a.jpg"`), messageAddr, "link", "no host"},
		{"message link without scheme", message(to + `type = "image"` + "\n" + `link = "cdn.example.com/a.jpg"`), messageAddr, "link", "must start with https://"},
		{"message caption on audio", message(to + `type = "audio"` + "\n" + `caption = "hi"` + "\n" + link), messageAddr, "caption", "takes no caption"},
		{"message caption on sticker", message(to + `type = "sticker"` + "\n" + `caption = "hi"` + "\n" + link), messageAddr, "caption", "takes no caption"},
		{"message caption too long", message(to + `type = "image"` + "\n" + fmt.Sprintf("caption = %q", strings.Repeat("é", whatsapp.MaxCaptionLength+1)) + "\n" + link), messageAddr, "caption", "character count must be at most 1024"},
		{"message filename on image", message(to + `type = "image"` + "\n" + `filename = "a.jpg"` + "\n" + link), messageAddr, "filename", "takes no filename"},
		{"message filename on video", message(to + `type = "video"` + "\n" + `filename = "a.mp4"` + "\n" + link), messageAddr, "filename", "takes no filename"},
		{"message link_provider without link", onPremMessage(to + `type = "image"` + "\n" + `media_id = "123"` + "\n" + `link_provider = "cdn"`), messageAddr, "link_provider", `Attribute "link" must be specified when "link_provider" is specified`},
		{"message link_provider on Cloud", message(to + `type = "image"` + "\n" + `link_provider = "cdn"` + "\n" + link), messageAddr, "link_provider", "configured for the Cloud API, which has no media providers"},
		{"message link_provider not a provider name", onPremMessage(to + `type = "image"` + "\n" + `link_provider = "my cdn"` + "\n" + link), messageAddr, "link_provider", "letters, digits"},
		{"message recipient_type broadcast", message(to + `type = "image"` + "\n" + `recipient_type = "broadcast"` + "\n" + link), messageAddr, "recipient_type", "value must be one of"},
		{"message media_sha256 not a hash", message(to + `type = "image"` + "\n" + `media_id = "123"` + "\n" + `media_sha256 = "abc"`), messageAddr, "media_sha256", "SHA-256 in hex"},
		{"message media_sha256 with link", message(to + `type = "image"` + "\n" + fmt.Sprintf("media_sha256 = %q", sha256OfNothing) + "\n" + link), messageAddr, "media_sha256", `Attribute "media_id" must be specified when "media_sha256" is specified`},

		// whatsapp_media_provider (On-Premises)
		{"media provider name empty", mediaProvider(`name = ""` + "\n" + `bearer_token = "t"`), mediaProvAddr, "name", "length must be between"},
		{"media provider name with a space", mediaProvider(`name = "my cdn"` + "\n" + `bearer_token = "t"`), mediaProvAddr, "name", "letters, digits"},
		{"media provider name too long", mediaProvider(fmt.Sprintf("name = %q\nbearer_token = \"t\"", strings.Repeat("n", whatsapp.MaxMediaProviderNameLength+1))), mediaProvAddr, "name", "length must be between"},
		{"media provider without credentials", mediaProvider(`name = "cdn"`), mediaProvAddr, "bearer_token", "bearer_token"},
		{"media provider with both credentials", mediaProvider(`name = "cdn"` + "\n" + `bearer_token = "t"` + "\n" + `basic_username = "u"` + "\n" + `basic_password = "p"`), mediaProvAddr, "bearer_token", "2 attributes specified when one (and only one) of"},
		{"media provider bearer_token empty", mediaProvider(`name = "cdn"` + "\n" + `bearer_token = ""`), mediaProvAddr, "bearer_token", "at least 1"},
		{"media provider basic_username without password", mediaProvider(`name = "cdn"` + "\n" + `basic_username = "u"`), mediaProvAddr, "basic_username", `Attribute "basic_password" or "basic_password_wo" must be specified when "basic_username" is specified`},
		{"media provider basic_password without username", mediaProvider(`name = "cdn"` + "\n" + `basic_password = "p"`), mediaProvAddr, "basic_password", `Attribute "basic_username" must be specified when "basic_password" is specified`},
		{"media provider basic_username empty", mediaProvider(`name = "cdn"` + "\n" + `basic_username = ""` + "\n" + `basic_password = "p"`), mediaProvAddr, "basic_username", "at least 1"},

		// data sources
		{"data media id empty", mediaData(`id = ""`), mediaDataAddr, "id", "it is empty"},
		{"data media id with a space", mediaData(`id = "123 456"`), mediaDataAddr, "id", "without spaces, slashes"},
		{"data media id with a slash", mediaData(`id = "../123"`), mediaDataAddr, "id", "without spaces, slashes"},
		{"data phone number id the phone number", phoneData(`id = "+49 170 1223002"`), phoneNumberAddr, "id", "not the phone number itself"},
		{"data phone number id with letters", phoneData(`id = "abc"`), phoneNumberAddr, "id", "digits only"},
		{"data phone number id empty", phoneData(`id = ""`), phoneNumberAddr, "id", "digits only"},
	}
}

// onItsAttribute is what a case's error must look like: on the block of the
// case, quoting the line of its attribute when the configuration has one
// (otherwise naming it in the message), with the phrase.
func (c invalidConfig) onItsAttribute() *regexp.Regexp {
	addr := regexp.QuoteMeta(c.addr)
	if c.addr == providerAddr {
		addr = `provider\["[^"]+/whatsapp"\]`
	}
	sep := `[\s│]+`
	phrase := strings.Join(strings.Fields(regexp.QuoteMeta(c.phrase)), sep)
	var blockLine string
	switch {
	case c.attributeInConfig():
		// The quoted line of the attribute itself.
		blockLine = `\d+:` + sep + regexp.QuoteMeta(c.attr) + `\s*=`
	default:
		// Not in the configuration: the block's first line is quoted, and
		// the phrase (which must name the attribute, as TestAccInvalidConfigurations checks) follows.
		blockLine = `\d+:[^\n]*\{`
	}
	return regexp.MustCompile(`(?s)with ` + addr + `,` + sep + `on [^\n]+:` + sep + blockLine + `.*?` + phrase)
}

// attributeInConfig reports whether the case's configuration sets its
// attribute, so that Terraform quotes that line.
func (c invalidConfig) attributeInConfig() bool {
	attrLine := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(c.attr) + `\s*=`)
	if c.addr == providerAddr {
		return attrLine.MatchString(strings.SplitN(c.config, "}", 2)[0])
	}
	return attrLine.MatchString(c.config[strings.Index(c.config, blockHeader(c.addr)):])
}

// blockHeader is how a configuration opens the block at addr.
func blockHeader(addr string) string {
	if rest, ok := strings.CutPrefix(addr, "data."); ok {
		typ, name, _ := strings.Cut(rest, ".")
		return fmt.Sprintf("data %q %q", typ, name)
	}
	typ, name, _ := strings.Cut(addr, ".")
	return fmt.Sprintf("resource %q %q", typ, name)
}

func TestAccInvalidConfigurations(t *testing.T) {
	s := startSandbox(t)
	dir := t.TempDir()
	files := map[string]string{
		"png":     filepath.Join(dir, "logo.png"),
		"pdf":     filepath.Join(dir, "brochure.pdf"),
		"big":     filepath.Join(dir, "huge.png"),
		"dir":     filepath.Join(dir, "folder"),
		"missing": filepath.Join(dir, "nothing-here.png"),
	}
	writeFile(t, files["png"], mediafiletest.PNG(8, 8, 1))
	writeFile(t, files["pdf"], mediafiletest.PDF(1))
	// A PNG just over the image limit: its header makes it an image.
	big := append(mediafiletest.PNG(8, 8, 2), make([]byte, whatsapp.ImageMedia.MaxSize)...)
	writeFile(t, files["big"], big)
	if err := os.Mkdir(files["dir"], 0o700); err != nil {
		t.Fatal(err)
	}

	cases := invalidConfigs(cloudProviderConfig(s), onPremProviderConfig(s), files, s.URL())
	if len(cases) < 60 {
		t.Fatalf("%d invalid configurations; the suite promises at least 60", len(cases))
	}
	var steps []resource.TestStep
	for _, c := range cases {
		if !c.attributeInConfig() && !strings.Contains(c.phrase, c.attr) {
			t.Fatalf("case %q: %s is not in its configuration, so its phrase must name it", c.name, c.attr)
		}
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: c.onItsAttribute()})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
		CheckDestroy: func(*terraform.State) error {
			if n := len(s.Requests()); n != 0 {
				return fmt.Errorf("invalid configurations sent %d requests to the sandbox; want none", n)
			}
			return nil
		},
	})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("invalid configurations sent %d requests to the sandbox; want none", n)
	}
}

// invalidEnvironment is a provider argument set wrong in its environment variable.
type invalidEnvironment struct {
	env, value string
	attr       string // the argument the error is on
	problem    string // the start of what the error says is wrong
}

// TestAccInvalidEnvironment: the environment gets the checks the provider
// block gets, at plan time, on the argument it stands for. It sets
// environment variables, so it does not run in parallel.
func TestAccInvalidEnvironment(t *testing.T) {
	s := startSandbox(t)
	valid := map[string]string{
		envBaseURL: s.URL(), envPhoneNumberID: sandbox.DefaultPhoneNumberID, envAccessToken: sandbox.DefaultAccessToken,
	}
	cases := []invalidEnvironment{
		{envPhoneNumberID, "+49 170 1223002", "phone_number_id", "it must be the phone number's ID"},
		{envPhoneNumberID, "my-phone", "phone_number_id", "it must be digits only"},
		{envAPI, "graph", "api", `it must be "cloud" or "on_premises"`},
		{envBaseURL, "ftp://wa.example.com", "base_url", "it must start with https://"},
		{envAPIVersion, "23.0", "api_version", "it must look like v23.0"},
		{envRequestTimeout, "soon", "request_timeout", "it must be a Go duration"},
		{envMaxRetries, "many", "max_retries", "it must be a whole number"},
		{envSendRecordWindow, "a week", "send_record_window", "it must be a Go duration"},
		{envInsecureSkipVerify, "yes please", "insecure_skip_verify", "it must be true or false"},
		{envMaxMessagesPerSecond, "fast", "max_messages_per_second", "it must be a number of messages per second more than 0"},
		{envMaxMessagesPerSecond, "0", "max_messages_per_second", "it must be a number of messages per second more than 0"},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		expect := invalidConfig{
			config: `provider "whatsapp" {}` + "\n" + probeMessage, addr: providerAddr, attr: c.attr,
			phrase: fmt.Sprintf(`%q (or the %s environment variable) is %q: %s`, c.attr, c.env, c.value, c.problem),
		}
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				// Every WHATSAPP_* variable is cleared (undone when the test ends), then set.
				setProviderEnv(t, valid)
				t.Setenv(c.env, c.value)
			},
			Config: expect.config, PlanOnly: true, ExpectError: expect.onItsAttribute(),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("invalid environment variables sent %d requests to the sandbox; want none", n)
	}
}
