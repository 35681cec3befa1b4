package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

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
