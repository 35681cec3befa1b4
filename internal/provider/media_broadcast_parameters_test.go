package provider

import (
	"fmt"
	"strings"
	"testing"
)

// personalConfig is the template block and recipient_body_parameters for names,
// keyed by the recipient as written (key(i)); an empty name gets no entry.
func personalConfig(names []string, key func(i int) string, order []int) string {
	var b strings.Builder
	b.WriteString(`  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["friend"]
  }
  recipient_body_parameters = {
`)
	for _, i := range order {
		if names[i] != "" {
			fmt.Fprintf(&b, "    %q = [%q]\n", key(i), names[i])
		}
	}
	b.WriteString("  }\n")
	return b.String()
}

// TestAccMediaBroadcast_recipientParameters: a template broadcast of 20
// recipients, 19 with their own name: each received body carries its own
// name, and the one without an entry the template block's. Changing one
// recipient's value sends exactly that one again, and the plan says so;
// rewriting the keys in another format and order sends nothing and plans
// nothing. Both flavors (On-Premises with the provider's template namespace).
func TestAccMediaBroadcast_recipientParameters(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s, b := templateBroadcastRun(t, flavor)
			const n = 20
			recipients := make([]string, n)
			canonical := make([]string, n)
			names := make([]string, n)
			inOrder := make([]int, n)
			reversed := make([]int, n)
			for i := range n {
				recipients[i] = fmt.Sprintf("+1 631 555 %04d", 5000+i)
				canonical[i] = fmt.Sprintf("1631555%04d", 5000+i)
				names[i] = fmt.Sprintf("Ana%02d", i)
				inOrder[i], reversed[i] = i, n-1-i
			}
			names[n-1] = "" // no entry: the template block's "friend"
			written := func(i int) string { return recipients[i] }

			b.config(recipients, personalConfig(names, written, inOrder))
			out, _ := b.plan()
			expectContains(t, "create plan", out, fmt.Sprintf("WhatsApp Broadcast Will Send %d Message(s)", n))
			b.mustApply()
			b.expectSentTo("create", 0, canonical...)
			b.expectAccepted("create", canonical...)
			want := map[string]string{}
			for i := range n {
				want[canonical[i]] = names[i]
			}
			want[canonical[n-1]] = "friend"
			for _, m := range s.Messages() {
				if !strings.Contains(string(m.Body), `"text":"`+want[m.To]+`"`) {
					t.Fatalf("create: the body sent to %s lacks its own %q: %s", m.To, want[m.To], m.Body)
				}
			}

			// One recipient's value changes: that one only, in the plan's words.
			names[3] = "Ana Maria"
			b.config(recipients, personalConfig(names, written, inOrder))
			out, _ = b.plan()
			expectContains(t, "one changed", out, "WhatsApp Broadcast Will Send 1 Message(s)",
				"to 1 of the broadcast's 20 recipient(s)", "1 recipients' messages changed", canonical[3])
			b.mustApply()
			b.expectSentTo("one changed", n, canonical[3])
			b.expectAccepted("one changed", canonical...)
			if last := s.Messages()[n]; !strings.Contains(string(last.Body), `"text":"Ana Maria"`) {
				t.Fatalf("one changed: the new send's body lacks the new name: %s", last.Body)
			}

			// The same values, keys written as digits, entries reversed.
			b.config(recipients, personalConfig(names, func(i int) string { return canonical[i] }, reversed))
			if out, changes := b.plan(); changes {
				t.Fatalf("reformat: the plan has changes:\n%s", out)
			}
			b.mustApply()
			b.expectSentTo("reformat", n+1)
			if got := sendRequests(s); got != n+1 {
				t.Fatalf("the sandbox saw %d send requests, want %d", got, n+1)
			}
		})
	}
}

// TestAccMediaBroadcast_recipientParametersRefused: an entry for someone not
// in recipients, an empty value and (Cloud, which can look the template up)
// a count that does not fit the template are refused at plan, naming the
// recipient, with nothing sent.
func TestAccMediaBroadcast_recipientParametersRefused(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	b := newBroadcastRun(t, apiCloud, s)
	b.provider = templateAccountConfig(s) // with the business account: the plan looks the template up
	b.cli.run("init", "-input=false")
	recipients := []string{"+1 631 555 6001", "+1 631 555 6002", "+1 631 555 6003"}
	block := `  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["friend"]
  }
`
	for _, c := range []struct {
		name, entries string
		want          []string
	}{
		{"stranger", `"+1 631 555 6999" = ["Zoe"]`,
			[]string{"Recipient Parameters for Someone Not in Recipients", "+1 631 555 6999", "16315556999"}},
		{"empty", `"+1 631 555 6002" = [""]`,
			[]string{"Invalid Recipient Parameter", "The recipient +1 631 555 6002's value {{1}} in recipient_body_parameters is empty"}},
		{"count", `"1 631 555 6001" = ["Ana"]
    "16315556003" = ["Ben", "Extra"]
    "+16315556002" = ["Cleo", "Extra"]`,
			[]string{"Template Body Parameters Do Not Match", "For the recipient +16315556002 and 1 more whose values have the same parts:",
				"recipient_body_parameters gives 2 value(s)"}},
		{"no template", "", []string{"Recipient Parameters Without a Template"}},
	} {
		config := block + "  recipient_body_parameters = {\n    " + c.entries + "\n  }\n"
		if c.name == "no template" {
			config = `  recipient_body_parameters = { "16315556001" = ["Ana"] }` + "\n"
		}
		b.config(recipients, config)
		stdout, stderr := b.cli.fail("plan", "-input=false")
		expectContains(t, c.name, oneLine(stdout+stderr), c.want...)
		if n := sendRequests(s); n != 0 {
			t.Fatalf("%s: a refused plan made %d send requests", c.name, n)
		}
	}
}
