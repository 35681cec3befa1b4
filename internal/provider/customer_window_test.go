package provider

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// The customer service window at plan time (customer_window.go), with the
// real receiver binary as the delivery store and the sandbox posting to it
// the messages its customers write: a free-form plan (a broadcast, a message,
// a campaign) names those who did not write in the last 24 hours, and the
// sandbox, which fails a free-form message outside the window as WhatsApp
// does, fails exactly those.
func TestAccCustomerWindow_planNamesWhoWillNotGetIt(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			d := startDeliveryStore(t, "")
			s := startSandboxWith(t, sandbox.Options{})
			hooks := sandbox.WebhookSettings{CloudAppURL: d.CloudWebhook()}
			if flavor == apiOnPremises {
				hooks = sandbox.WebhookSettings{OnPremisesURL: d.OnPremisesWebhook()}
			}
			s.SetWebhooks(hooks)
			s.CustomerReplies("16315551001")
			s.CustomerReplies("16315551003")
			waitForInbound(t, d, "16315551001", "16315551003")

			b := newBroadcastRun(t, flavor, s)
			b.provider = withStore(b.provider, d)
			writeFile(t, filepath.Join(b.dir, "main.tf"), []byte(cliProviderBlock()+b.provider+`
resource "whatsapp_media_broadcast" "b" {
  recipients = ["+1 631 555 1001", "16315551002", "+1 (631) 555-1003", "16315551004"]
  type       = "image"
  link       = "https://cdn.example.com/brochure.png"
}

resource "whatsapp_media_message" "wrote" {
  to   = "+1 631 555 1001"
  type = "image"
  link = "https://cdn.example.com/brochure.png"
}

resource "whatsapp_media_message" "silent" {
  to   = "+1 631 555 1002"
  type = "image"
  link = "https://cdn.example.com/brochure.png"
}

resource "whatsapp_media_campaign" "c" {
  recipients_file = "`+filepath.Join(b.dir, "customers.csv")+`"
  type            = "image"
  link            = "https://cdn.example.com/brochure.png"
}
`))
			writeFile(t, filepath.Join(b.dir, "customers.csv"),
				[]byte("phone,name\n+1 631 555 1001,Ana\n16315551002,Bo\n+1 (631) 555-1003,Cy\n16315551004,Di\n"))
			b.cli.run("init", "-input=false")
			out, changes := b.plan()
			if !changes {
				t.Fatalf("the plan sends nothing:\n%s", out)
			}
			// The broadcast's and the campaign's words, and the message's.
			for want, n := range map[string]int{
				"Per the delivery store, 2 of the 4 recipient(s) sent have not written in the last 24 hours and will not get it: 16315551002, 16315551004.": 2,
				"+1 631 555 1002 has not written to the business in the last 24 hours":                                                                      1,
				// Each says why the store may be wrong, which a user met first.
				"The store knows only the customer messages that reached its webhook": 3,
			} {
				if got := strings.Count(out, want); got != n {
					t.Errorf("the plan says %q %d time(s), want %d:\n%s", want, got, n, out)
				}
			}
			if n := strings.Count(out, "WhatsApp Recipient Outside the 24-Hour Window"); n != 1 {
				t.Errorf("%d messages warned of the window, want 1 (to 1002, not to 1001 who wrote):\n%s", n, out)
			}
			if n := sendRequests(s); n != 0 {
				t.Fatalf("the plan made %d send requests", n)
			}

			b.mustApply()
			var failed []string
			for _, m := range s.Messages() {
				if m.Failure != nil {
					failed = append(failed, fmt.Sprintf("%s %d", m.To, m.Failure.Code))
				}
			}
			sort.Strings(failed)
			code := 131047
			if flavor == apiOnPremises {
				code = 470
			}
			want := strings.Repeat(fmt.Sprintf("16315551002 %d ", code), 3) + strings.TrimSpace(strings.Repeat(fmt.Sprintf("16315551004 %d ", code), 2))
			want = "[" + want + "]"
			if got := fmt.Sprint(failed); got != want {
				t.Errorf("the sandbox failed %s, want %s: the plan's warnings named who WhatsApp fails", got, want)
			}
		})
	}
}

// waitForInbound waits until the store holds a message from each customer.
func waitForInbound(t *testing.T, d *deliveryStore, customers ...string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		in, err := d.Client().InboundSince(context.Background(), time.Now().Add(-time.Hour), customers)
		if err == nil && len(in) == len(customers) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store holds %d of the %d customers' messages after 30 s (%v)", len(in), len(customers), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A store that cannot be read warns, on the message and in the broadcast's
// words, and never stops the plan.
func TestWindowWarningsWhenTheStoreFails(t *testing.T) {
	f := windowFacts{asked: true, err: errors.New("connection refused")}
	diags := messageWindowWarning(f, "+1 631 555 1002")
	if len(diags) != 1 || diags.HasError() || diags[0].Summary() != "WhatsApp Customer Service Window Not Checked" {
		t.Fatalf("a store that failed gave %v, want one warning", diags)
	}
	if note := windowNote(f, 4); !strings.Contains(note, "could not be read") {
		t.Fatalf("the broadcast's note is %q", note)
	}
	if d := messageWindowWarning(windowFacts{}, "16315551002"); len(d) != 0 {
		t.Fatalf("no store asked, yet %v", d)
	}
}
