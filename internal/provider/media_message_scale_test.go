package provider

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// Scale and soak tests of whatsapp_media_message: many recipients, faults
// and token expiry under load, driven through cliRunner with TRACE logs.

const envScaleRecipients = "WHATSAPP_SCALE_RECIPIENTS"

const defaultScaleRecipients = 40

func scaleRecipients(t *testing.T) []string {
	t.Helper()
	n := defaultScaleRecipients
	if v := os.Getenv(envScaleRecipients); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("%s=%q: use a positive number of recipients", envScaleRecipients, v)
		}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("+1631555%04d", i)
	}
	return out
}

// scaleConfig sends one image by link to each recipient; the provider block
// comes from WHATSAPP_* variables so no secret is in the configuration.
const scaleConfig = `
variable "recipients" {
  type = set(string)
}

resource "whatsapp_media_message" "m" {
  for_each = var.recipients
  to       = each.value
  type     = "image"
  link     = "https://example.com/catalogue.png"
}
`

func (c *cliRunner) setRecipients(recipients []string) {
	c.t.Helper()
	vars, err := json.Marshal(map[string]any{"recipients": recipients})
	if err != nil {
		c.t.Fatal(err)
	}
	c.write("terraform.tfvars.json", string(vars))
}

// messagesByRecipient is the sandbox's messages grouped by "to".
func messagesByRecipient(s *sandbox.Server) map[string][]string {
	out := map[string][]string{}
	for _, m := range s.Messages() {
		out[m.To] = append(out[m.To], m.ID)
	}
	return out
}

// scaleFigures are what one scale run did, for the log and the report.
type scaleFigures struct {
	applies, sends, accepted, duplicates, unknown, logins, secrets int
}

// TestAccMediaMessage_faultsAtScale applies for_each over many recipients at
// -parallelism=10 while the sandbox throttles 20% of sends (429 and Cloud codes
// 130429, 131056, 4), answers 10% with 500 after taking them and drops 10% of
// connections after taking the request. Applies repeat until one succeeds.
// Per recipient and apply it checks:
//   - at most one message is taken;
//   - a taken message whose answer arrived is in state with its ID;
//   - a taken message whose answer was lost is reported as an unknown outcome
//     (unknownOutcomeReported; the place to also check a state trace);
//   - a recipient whose ID is in state is never sent to again.
//
// It runs at TF_LOG=TRACE and ends by looking for the secrets in every log,
// the state and the output.
func TestAccMediaMessage_faultsAtScale(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) { faultsAtScale(t, flavor) })
	}
}

func faultsAtScale(t *testing.T, flavor string) {
	const (
		token    = "tok-scale-3b9e1d-never-in-logs"
		password = "pw-scale-77ac02-never-in-logs"
	)
	s := startSandboxWith(t, sandbox.Options{AccessToken: token, Password: password})
	if err := s.SetChaos(sandbox.Chaos{Seed: 20251125, ThrottleShare: 0.2, ErrorAfterShare: 0.1, DropAfterShare: 0.1}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{envAPI: flavor, envBaseURL: s.URL()}
	if flavor == apiCloud {
		env[envPhoneNumberID], env[envAccessToken] = sandbox.DefaultPhoneNumberID, token
	} else {
		env[envUsername], env[envPassword] = sandbox.DefaultUsername, password
	}
	c := newCLIScenario(t, env, scaleConfig,
		[]string{token, password, base64.StdEncoding.EncodeToString([]byte(sandbox.DefaultUsername + ":" + password))})
	recipients := scaleRecipients(t)
	c.setRecipients(recipients)

	fig := scaleFigures{}
	const maxApplies = 12
	converged := false
	for fig.applies < maxApplies && !converged {
		fig.applies++
		before, stateBefore := messagesByRecipient(s), c.messageIDs()
		unansweredBefore := len(s.ChaosStats().Unanswered)
		out, err := c.apply()
		after, traces := messagesByRecipient(s), c.messageTraces()
		state := map[string]string{}
		for r, tr := range traces {
			state[r] = tr.ID
		}
		unanswered := map[string]bool{}
		for _, id := range s.ChaosStats().Unanswered[unansweredBefore:] {
			unanswered[id] = true
		}
		errs := errorsByKey(out)
		for _, r := range recipients {
			taken := after[r][len(before[r]):]
			switch {
			case len(taken) > 1:
				t.Errorf("apply %d: %s got %d messages in one apply: %v", fig.applies, r, len(taken), taken)
			case len(taken) == 1 && stateBefore[r] != "":
				fig.duplicates++
				t.Errorf("apply %d: %s was sent %s although state already held its message %s", fig.applies, r, taken[0], stateBefore[r])
			case len(taken) == 1 && unanswered[taken[0]]:
				fig.unknown++
				if state[r] == taken[0] {
					t.Errorf("apply %d: %s: state holds %s, whose answer never arrived", fig.applies, r, taken[0])
				}
				unknownOutcomeReported(t, fig.applies, r, errs[r], traces[r])
			case len(taken) == 1 && state[r] != taken[0]:
				t.Errorf("apply %d: %s: the sandbox answered message %s, state holds %q (errors: %v)", fig.applies, r, taken[0], state[r], errs[r])
			case len(taken) == 0 && stateBefore[r] == "" && len(errs[r]) == 0:
				t.Errorf("apply %d: %s: nothing sent, nothing reported, state %q", fig.applies, r, state[r])
			}
			for _, summary := range errs[r] {
				if summary == mayHaveBeenSentSummary && (len(taken) != 1 || !unanswered[taken[0]]) {
					t.Errorf("apply %d: %s reported %q but no taken message went unanswered", fig.applies, r, summary)
				}
			}
		}
		if t.Failed() {
			t.Fatalf("apply %d output:\n%.4000s", fig.applies, out)
		}
		converged = err == nil
	}
	if !converged {
		t.Fatalf("no clean apply after %d applies", fig.applies)
	}

	// Converged: every recipient has exactly the message in state plus one per
	// unknown outcome, a plan is empty and another apply sends nothing.
	state, all := c.messageIDs(), messagesByRecipient(s)
	for _, r := range recipients {
		if state[r] == "" || all[r][len(all[r])-1] != state[r] {
			t.Errorf("%s: state %q, the sandbox's last message %v", r, state[r], all[r])
		}
	}
	if out, err := c.try("plan", "-detailed-exitcode", "-input=false"); err != nil {
		t.Fatalf("plan after convergence is not empty (%v):\n%.4000s", err, out)
	}
	taken := len(s.Messages())
	if out, err := c.apply(); err != nil || len(s.Messages()) != taken {
		t.Fatalf("a clean re-apply sent %d messages (%v):\n%.4000s", len(s.Messages())-taken, err, out)
	}
	fig.sends, fig.accepted, fig.logins = s.ChaosStats().Sends, len(s.Messages()), s.Logins()
	if fig.accepted != len(recipients)+fig.unknown {
		t.Errorf("the sandbox took %d messages for %d recipients and %d unknown outcomes", fig.accepted, len(recipients), fig.unknown)
	}
	fig.secrets = c.checkSecrets()
	logScaleFigures(t, len(recipients), fig)
	st := s.ChaosStats()
	t.Logf("sandbox answers: throttled=%d taken_then_500=%d taken_then_dropped=%d", st.Throttled, st.ErrorsAfterTaking, st.DropsAfterTaking)
	if st.ErrorsAfterTaking+st.DropsAfterTaking != fig.unknown {
		t.Errorf("the sandbox left %d taken messages unanswered, the applies reported %d unknown outcomes",
			st.ErrorsAfterTaking+st.DropsAfterTaking, fig.unknown)
	}
}

// mayHaveBeenSentSummary is the error a send with an unknown outcome reports.
const mayHaveBeenSentSummary = "WhatsApp Message May Have Been Sent"

// unknownOutcomeReported checks that a message taken without its answer
// reaching the provider is reported in the apply's output, and traced in
// state: no ID, outcome "unknown", tainted (so the next plan shows the send).
func unknownOutcomeReported(t *testing.T, apply int, recipient string, errs []string, trace messageTrace) {
	t.Helper()
	if trace != (messageTrace{Outcome: outcomeUnknown, Tainted: true}) {
		t.Errorf("apply %d: %s: a message was taken but its answer lost, and state holds %+v, not the trace of an "+
			"unknown outcome", apply, recipient, trace)
	}
	for _, e := range errs {
		if e == mayHaveBeenSentSummary {
			return
		}
	}
	t.Errorf("apply %d: %s: a message was taken but its answer lost, and the output does not say %q (errors: %v)",
		apply, recipient, mayHaveBeenSentSummary, errs)
}

func logScaleFigures(t *testing.T, recipients int, f scaleFigures) {
	t.Helper()
	t.Logf("scale figures: recipients=%d applies=%d sends_attempted=%d accepted=%d duplicates=%d unknown_outcomes_reported=%d logins=%d secrets_found=%d",
		recipients, f.applies, f.sends, f.accepted, f.duplicates, f.unknown, f.logins, f.secrets)
}

// TestAccMediaMessage_tokenExpiresUnderLoad: an On-Premises login token runs
// out in the middle of an apply with 10 sends in flight. Every send that gets
// the 401 shares one new login, then goes through: exactly one login after
// the expiry, no failed send, no message twice.
func TestAccMediaMessage_tokenExpiresUnderLoad(t *testing.T) {
	const password = "pw-expiry-8c41f0-never-in-logs"
	s := startSandboxWith(t, sandbox.Options{Password: password})
	recipients := scaleRecipients(t)
	// -parallelism=10 lets ten sends be in flight at once: the sandbox holds
	// them until all ten wait, then expires the token under every one.
	const inFlight = 10
	if err := s.SetChaos(sandbox.Chaos{ExpireTokensWhenInFlight: inFlight}); err != nil {
		t.Fatal(err)
	}
	c := newCLIScenario(t, map[string]string{
		envAPI: apiOnPremises, envBaseURL: s.URL(), envUsername: sandbox.DefaultUsername, envPassword: password,
	}, scaleConfig, []string{password, base64.StdEncoding.EncodeToString([]byte(sandbox.DefaultUsername + ":" + password))})
	c.setRecipients(recipients)

	if out, err := c.apply(); err != nil {
		t.Fatalf("apply failed: %v\n%.4000s", err, out)
	}
	st := s.ChaosStats()
	if st.LoginsAtExpiry < 1 {
		t.Fatalf("the tokens never expired (logins at expiry %d): the scenario tested nothing", st.LoginsAtExpiry)
	}
	if after := s.Logins() - st.LoginsAtExpiry; after != 1 {
		t.Errorf("%d logins after the token expired, want exactly 1", after)
	}
	expired := 0
	for _, r := range s.Requests() {
		if r.Path == "/v1/messages" && r.Status == 401 {
			expired++
		}
	}
	if st.HeldAtExpiry != inFlight || expired < inFlight {
		t.Errorf("%d sends were in flight when the token expired and %d met it, want %d", st.HeldAtExpiry, expired, inFlight)
	}
	state, byRecipient := c.messageIDs(), messagesByRecipient(s)
	for _, r := range recipients {
		if len(byRecipient[r]) != 1 || state[r] != byRecipient[r][0] {
			t.Errorf("%s: sandbox messages %v, state %q; want one, in state", r, byRecipient[r], state[r])
		}
	}
	secrets := c.checkSecrets()
	t.Logf("token expiry figures: recipients=%d sends_met_expired_token=%d logins_before_expiry=%d logins_after_expiry=%d messages=%d secrets_found=%d",
		len(recipients), expired, st.LoginsAtExpiry, s.Logins()-st.LoginsAtExpiry, len(s.Messages()), secrets)
}

// diagnosticRE finds each error Terraform printed against a message instance.
var diagnosticRE = regexp.MustCompile(`Error: ([^\n]+)\n\n\s+with whatsapp_media_message\.[a-z_]+(?:\["([^"]+)"\])?,`)

// errorsByKey maps each for_each key to the summaries of the errors reported on it.
func errorsByKey(output string) map[string][]string {
	out := map[string][]string{}
	for _, m := range diagnosticRE.FindAllStringSubmatch(output, -1) {
		out[m[2]] = append(out[m[2]], m[1])
	}
	return out
}
