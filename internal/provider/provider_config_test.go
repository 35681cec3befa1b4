package provider

import (
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// nullModel is a provider block with every argument left out.
func nullModel() providerModel {
	return providerModel{
		API: types.StringNull(), BaseURL: types.StringNull(), APIVersion: types.StringNull(),
		PhoneNumberID: types.StringNull(), AccessToken: types.StringNull(), Username: types.StringNull(),
		Password: types.StringNull(), AuthHeader: types.StringNull(), CACertPEM: types.StringNull(),
		InsecureSkipVerify: types.BoolNull(), RequestTimeout: types.StringNull(), MaxRetries: types.Int64Null(),
	}
}

func mapEnv(m map[string]string) lookupEnv {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestNewClientResolvesFlavorAndEnvironment(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*providerModel)
		env    map[string]string
		flavor whatsapp.Flavor
	}{
		{
			name: "phone number id implies cloud",
			edit: func(m *providerModel) {
				m.PhoneNumberID = types.StringValue("1")
				m.AccessToken = types.StringValue("t")
			},
			flavor: whatsapp.Cloud,
		},
		{
			name: "no phone number id implies on-premises",
			edit: func(m *providerModel) {
				m.BaseURL = types.StringValue("https://wa.example.com:9090")
				m.Username = types.StringValue("admin")
				m.Password = types.StringValue("pw")
			},
			flavor: whatsapp.OnPremises,
		},
		{
			name: "everything from the environment",
			env: map[string]string{envAPI: "on_premises", envBaseURL: "https://wa.example.com", envAccessToken: "k",
				envAuthHeader: "D360-API-KEY", envRequestTimeout: "5s", envMaxRetries: "2", envInsecureSkipVerify: "true"},
			flavor: whatsapp.OnPremises,
		},
		{
			name:   "configuration wins over the environment",
			edit:   func(m *providerModel) { m.API = types.StringValue("cloud") },
			env:    map[string]string{envAPI: "on_premises", envPhoneNumberID: "1", envAccessToken: "t"},
			flavor: whatsapp.Cloud,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			if tc.edit != nil {
				tc.edit(&m)
			}
			client, diags := newClient(m, mapEnv(tc.env), "test")
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if client.Flavor() != tc.flavor {
				t.Fatalf("flavor = %q, want %q", client.Flavor(), tc.flavor)
			}
		})
	}
}

func TestNewClientReportsContradictionsOnTheAttribute(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(*providerModel)
		env       map[string]string
		attribute string
		mention   string
	}{
		{"cloud without phone number id", func(m *providerModel) { m.API = types.StringValue("cloud"); m.AccessToken = types.StringValue("t") }, nil, "phone_number_id", envPhoneNumberID},
		{"cloud without token", func(m *providerModel) { m.PhoneNumberID = types.StringValue("1") }, nil, "access_token", envAccessToken},
		{"on-premises without base url", func(m *providerModel) {
			m.API = types.StringValue("on_premises")
			m.AccessToken = types.StringValue("t")
		}, nil, "base_url", envBaseURL},
		{"neither token nor login", func(m *providerModel) { m.BaseURL = types.StringValue("https://wa.example.com") }, nil, "access_token", "username"},
		{"username without password", func(m *providerModel) {
			m.BaseURL = types.StringValue("https://wa.example.com")
			m.Username = types.StringValue("admin")
		}, nil, "password", envPassword},
		{"auth header without token", func(m *providerModel) {
			m.BaseURL = types.StringValue("https://wa.example.com")
			m.Username = types.StringValue("admin")
			m.Password = types.StringValue("pw")
			m.AuthHeader = types.StringValue("D360-API-KEY")
		}, nil, "access_token", "auth_header"},
		{"unknown base url names the env var", func(m *providerModel) { m.BaseURL = types.StringUnknown() }, nil, "base_url", envBaseURL},
		{"bad api from the environment", nil, map[string]string{envAPI: "graph"}, "api", envAPI},
		{"bad timeout from the environment", func(m *providerModel) {
			m.PhoneNumberID = types.StringValue("1")
			m.AccessToken = types.StringValue("t")
		}, map[string]string{envRequestTimeout: "soon"}, "request_timeout", envRequestTimeout},
		{"bad retries from the environment", func(m *providerModel) {
			m.PhoneNumberID = types.StringValue("1")
			m.AccessToken = types.StringValue("t")
		}, map[string]string{envMaxRetries: "-1"}, "max_retries", envMaxRetries},
		{"certificate that is not PEM", func(m *providerModel) {
			m.PhoneNumberID = types.StringValue("1")
			m.AccessToken = types.StringValue("t")
			m.CACertPEM = types.StringValue("not a certificate")
		}, nil, "ca_cert_pem", "PEM"},
		{"token alone means Cloud, which needs phone_number_id; On-Premises users learn base_url picks their API",
			func(m *providerModel) { m.AccessToken = types.StringValue("t") }, nil, "phone_number_id", "set base_url to its address"},
		{"login without base_url: the same", func(m *providerModel) {
			m.Username, m.Password = types.StringValue("admin"), types.StringValue("secret")
		}, nil, "phone_number_id", "On-Premises host or a BSP gateway"},
		{"graph.facebook.com without phone_number_id is Cloud, not a guess", func(m *providerModel) {
			m.BaseURL, m.AccessToken = types.StringValue("https://graph.facebook.com"), types.StringValue("t")
		}, nil, "phone_number_id", "base_url is Meta's graph.facebook.com"},
		{"another host without phone_number_id is On-Premises, and says how Cloud is chosen", func(m *providerModel) {
			m.BaseURL = types.StringValue("https://wa.example.com:9090")
		}, nil, "access_token", "for the Cloud API set phone_number_id"},
		{"a version in a Cloud base_url points at api_version", func(m *providerModel) {
			m.BaseURL, m.AccessToken = types.StringValue("https://graph.facebook.com/v23.0"), types.StringValue("t")
			m.PhoneNumberID = types.StringValue("106540352242922")
		}, nil, "base_url", `the version "v23.0" goes in api_version`},
		{"/v1 in an On-Premises base_url", func(m *providerModel) {
			m.BaseURL, m.AccessToken = types.StringValue("https://wa.example.com:9090/v1/"), types.StringValue("t")
		}, nil, "base_url", `remove "/v1"`},
		{"bad base url from the environment", func(m *providerModel) { m.AccessToken = types.StringValue("t") }, map[string]string{envBaseURL: "ftp://x"}, "base_url", "https://"},
		{"the phone number instead of its ID, from the environment", func(m *providerModel) { m.AccessToken = types.StringValue("t") },
			map[string]string{envPhoneNumberID: "+49 170 1223002"}, "phone_number_id", "not the phone number itself"},
		{"a token of whitespace only is no token", func(m *providerModel) {
			m.PhoneNumberID = types.StringValue("1")
			m.AccessToken = types.StringValue(" \n")
		}, nil, "access_token", envAccessToken},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			if tc.edit != nil {
				tc.edit(&m)
			}
			client, diags := newClient(m, mapEnv(tc.env), "test")
			if !diags.HasError() || client != nil {
				t.Fatalf("expected an error, got client=%v diags=%v", client, diags)
			}
			var found bool
			for _, d := range diags.Errors() {
				withPath, ok := d.(interface{ Path() path.Path })
				if ok && withPath.Path().Equal(path.Root(tc.attribute)) && strings.Contains(d.Detail(), tc.mention) {
					found = true
				}
			}
			if !found {
				t.Fatalf("no error on %q mentioning %q in %v", tc.attribute, tc.mention, diags)
			}
		})
	}
}

// A token, username or password read with file() ends in a newline; the
// provider uses it without, from the configuration and the environment alike.
func TestNewClientTrimsCredentials(t *testing.T) {
	m := nullModel()
	m.BaseURL = types.StringValue("https://wa.example.com")
	m.Username = types.StringValue("admin\n")
	env := map[string]string{envPassword: "secret\r\n"}
	if _, diags := newClient(m, mapEnv(env), "test"); diags.HasError() {
		t.Fatalf("login from file(): %v", diags)
	}
	m = nullModel()
	m.PhoneNumberID = types.StringValue("1")
	m.AccessToken = types.StringValue("EAAG-token\n")
	if _, diags := newClient(m, mapEnv(nil), "test"); diags.HasError() {
		t.Fatalf("token from file(): %v", diags)
	}
}

// The header the provider sends matches Meta's spec pattern in every build:
// the "dev" of a local build, the "test" of these tests, a release, a
// pre-release, and whatever Terraform or OpenTofu version runs it.
func TestUserAgent_matchesTheSpecPattern(t *testing.T) {
	cases := []struct{ provider, terraform, want string }{
		{"dev", "1.11.0", "terraform-provider-whatsapp/0.0.0;dev Terraform/1.11.0"},
		{"test", "", "terraform-provider-whatsapp/0.0.0;test"},
		{"1.4.0", "1.15.0-beta1", "terraform-provider-whatsapp/1.4.0 Terraform/1.15.0"},
		{"1.4.0-rc1", "1.12.6", "terraform-provider-whatsapp/1.4.0;rc1 Terraform/1.12.6"},
		{"1.4.0", "1.10.0-dev", "terraform-provider-whatsapp/1.4.0 Terraform/1.10.0"},
	}
	for _, c := range cases {
		got := userAgent(c.provider, c.terraform)
		if got != c.want || !regexp.MustCompile(whatsapp.UserAgentPattern).MatchString(got) {
			t.Errorf("userAgent(%q, %q) = %q (valid %v), want %q", c.provider, c.terraform, got, regexp.MustCompile(whatsapp.UserAgentPattern).MatchString(got), c.want)
		}
	}
}

func TestMaxMessagesPerSecondFromEnvironment(t *testing.T) {
	cases := []struct {
		config types.Float64
		env    string
		want   float64
		bad    bool
	}{
		{types.Float64Null(), "", 0, false},
		{types.Float64Null(), "20", 20, false},
		{types.Float64Null(), " 0.5 ", 0.5, false},
		{types.Float64Value(7), "20", 7, false}, // configuration wins
		{types.Float64Null(), "0", 0, true},
		{types.Float64Null(), "-3", 0, true},
		{types.Float64Null(), "fast", 0, true},
		{types.Float64Null(), "+Inf", 0, true},
	}
	for _, c := range cases {
		s := &settings{env: func(string) (string, bool) { return c.env, c.env != "" }}
		got := s.maxMessagesPerSecond(c.config)
		if got != c.want || s.diags.HasError() != c.bad {
			t.Errorf("config %v env %q: got %v (error %v), want %v (error %v)", c.config, c.env, got, s.diags, c.want, c.bad)
		}
	}
}

// rateMessages is n messages to distinct recipients.
func rateMessages(n int) string {
	return fmt.Sprintf(`
resource "whatsapp_media_message" "m" {
  count = %d
  to    = format("+1631555%%04d", count.index)
  type  = "image"
  link  = "https://example.com/a.png"
}
`, n)
}

// expectOncePerRecipient: n messages stored, no recipient twice.
func expectOncePerRecipient(s *sandbox.Server, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		seen := map[string]bool{}
		for _, m := range s.Messages() {
			if seen[m.To] {
				return fmt.Errorf("recipient %s got the message twice", m.To)
			}
			seen[m.To] = true
		}
		if len(seen) != n {
			return fmt.Errorf("sandbox holds messages for %d recipients, want %d", len(seen), n)
		}
		return nil
	}
}

// With a ceiling under the API's limit, parallel sends never see a 429.
// Without it, Terraform's parallel creates would hit the burst of 1 at once.
func TestAccProvider_maxMessagesPerSecondStaysUnderTheLimit(t *testing.T) {
	s := startSandbox(t)
	if err := s.SetRateLimit(sandbox.RateLimit{Rate: 10, Burst: 1}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cloudProviderConfig(s)[:len(cloudProviderConfig(s))-2] + "  max_messages_per_second = 5\n}\n" +
				rateMessages(4),
			Check: resource.ComposeTestCheckFunc(
				expectOncePerRecipient(s, 4),
				func(*terraform.State) error {
					if st := s.RateLimitStats(); st.Rejected != 0 || st.Accepted != 4 {
						return fmt.Errorf("sandbox accepted %d and rejected %d sends, want 4 and 0", st.Accepted, st.Rejected)
					}
					return nil
				},
			),
		}},
	})
}

// Throttled parallel sends all arrive, once each.
func TestAccProvider_throttledSendsArriveOnce(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			if err := s.SetRateLimit(sandbox.RateLimit{Rate: 4, Burst: 2}); err != nil {
				t.Fatal(err)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerConfigFor(flavor, s) + rateMessages(8),
					Check: resource.ComposeTestCheckFunc(
						expectOncePerRecipient(s, 8),
						func(*terraform.State) error {
							if st := s.RateLimitStats(); st.Accepted != 8 || st.Rejected == 0 {
								return fmt.Errorf("sandbox accepted %d and rejected %d sends; want 8 and some throttling", st.Accepted, st.Rejected)
							}
							return nil
						},
					),
				}},
			})
		})
	}
}

func TestAccProvider_maxMessagesPerSecondMustBePositive(t *testing.T) {
	s := startSandbox(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      cloudProviderConfig(s)[:len(cloudProviderConfig(s))-2] + "  max_messages_per_second = 0\n}\n" + linkMessageConfig,
			ExpectError: regexp.MustCompile(`must be a number of messages per second more\s+than 0`),
		}},
	})
}

func TestSendRecordSettings(t *testing.T) {
	client := newTestClient(t, apiCloud, startSandbox(t))
	dataDir := t.TempDir()
	writeFile(t, filepath.Join(dataDir, "environment"), []byte("staging\n"))
	for name, tc := range map[string]struct {
		model    providerModel
		env      map[string]string
		wantPath string // "" means the record is off
		wantErr  string
	}{
		"default":         {wantPath: filepath.Join(".terraform", sendRecordFile)},
		"data dir":        {env: map[string]string{"TF_DATA_DIR": "/d"}, wantPath: "/d/" + sendRecordFile},
		"workspace":       {env: map[string]string{"TF_WORKSPACE": "prod"}, wantPath: filepath.Join(".terraform", "whatsapp-send-record.prod.log")},
		"workspace file":  {env: map[string]string{"TF_DATA_DIR": dataDir}, wantPath: filepath.Join(dataDir, "whatsapp-send-record.staging.log")},
		"configured":      {model: providerModel{SendRecordPath: types.StringValue("/records/sends.log")}, env: map[string]string{envSendRecordPath: "/env.log"}, wantPath: "/records/sends.log"},
		"environment":     {env: map[string]string{envSendRecordPath: "/env.log"}, wantPath: "/env.log"},
		"off":             {model: providerModel{SendRecordWindow: types.StringValue("0s")}},
		"off by env":      {env: map[string]string{envSendRecordWindow: "0"}},
		"bad window":      {env: map[string]string{envSendRecordWindow: "a week"}, wantErr: "WHATSAPP_SEND_RECORD_WINDOW"},
		"negative window": {model: providerModel{SendRecordWindow: types.StringValue("-1h")}, wantErr: "must not be negative"},
	} {
		t.Run(name, func(t *testing.T) {
			env := func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }
			r, diags := newSendRecord(tc.model, env, client) // a zero types.String is null
			if tc.wantErr != "" {
				if !diags.HasError() || !strings.Contains(diags[0].Detail(), tc.wantErr) {
					t.Fatalf("diags = %v, want an error naming %q", diags, tc.wantErr)
				}
				return
			}
			if diags.HasError() {
				t.Fatal(diags)
			}
			if tc.wantPath == "" {
				if r != nil {
					t.Fatalf("the record is on at %s, want it off", r.Path())
				}
				return
			}
			want, _ := filepath.Abs(tc.wantPath)
			if r == nil || r.Path() != want || r.Window() != defaultSendRecordWindow && tc.model.SendRecordWindow.IsNull() {
				t.Fatalf("record = %+v, want it at %s", r, want)
			}
		})
	}
}

// TestProviderArgumentsTable: the table the schema, newClient and the tests
// read covers every field of the provider block, once, with a validator of
// the attribute's type and its environment variable in the docs.
func TestProviderArgumentsTable(t *testing.T) {
	fields := map[string]bool{}
	typ := reflect.TypeOf(providerModel{})
	for i := range typ.NumField() {
		fields[typ.Field(i).Tag.Get("tfsdk")] = true
	}
	envs := map[string]bool{}
	for _, a := range providerArguments {
		if !fields[a.name] {
			t.Errorf("%s is in providerArguments but not in providerModel", a.name)
		}
		delete(fields, a.name)
		if envs[a.env] || !strings.HasPrefix(a.env, "WHATSAPP_") {
			t.Errorf("%s: environment variable %q is repeated or not WHATSAPP_*", a.name, a.env)
		}
		envs[a.env] = true
		if a.validator != nil {
			ok := false
			switch a.kind {
			case kindString:
				_, ok = a.validator.(validator.String)
			case kindInt64:
				_, ok = a.validator.(validator.Int64)
			case kindFloat64:
				_, ok = a.validator.(validator.Float64)
			}
			if !ok {
				t.Errorf("%s: validator %T does not fit its attribute type", a.name, a.validator)
			}
		}
		if !strings.HasSuffix(a.markdown(), "Environment: `"+a.env+"`.") {
			t.Errorf("%s: documentation does not end with its environment variable", a.name)
		}
	}
	for name := range fields {
		t.Errorf("providerModel has %s, which providerArguments lacks", name)
	}
}
