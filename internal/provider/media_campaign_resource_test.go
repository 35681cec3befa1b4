package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// campaignRun drives the real Terraform CLI over one whatsapp_media_campaign
// in a directory of its own, with its recipients file and its own record of
// sends, against a sandbox.
type campaignRun struct {
	t        *testing.T
	s        *sandbox.Server
	dir      string
	cli      *cliRunner
	provider string
}

func newCampaignRun(t *testing.T, flavor string, s *sandbox.Server) *campaignRun {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	dir := t.TempDir()
	c := &campaignRun{t: t, s: s, dir: dir, cli: newTerraformCLI(t, dir)}
	c.provider = withSendRecord(templateProviderConfig(flavor, s), filepath.Join(dir, ".terraform", sendRecordFile))
	return c
}

// customer is one row of a test's recipients file.
type customer struct{ phone, name string }

// customers are n rows: +1 631 555 1000 on, named Ana0, Ana1, ...
func customers(n int) []customer {
	out := make([]customer, n)
	for i := range out {
		out[i] = customer{phone: fmt.Sprintf("+1 631 555 %04d", 1000+i), name: fmt.Sprintf("Ana%d", i)}
	}
	return out
}

func canonicalOf(c customer) string {
	return "1" + strings.NewReplacer("+", "", " ", "", "-", "", "(", "", ")", "").Replace(c.phone)[1:]
}

// writeCSV writes customers.csv: a header with a free column, then the rows.
func (c *campaignRun) writeCSV(rows []customer) {
	c.t.Helper()
	var b strings.Builder
	b.WriteString("name,phone,city\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,Lisbon\n", r.name, r.phone)
	}
	writeFile(c.t, filepath.Join(c.dir, "customers.csv"), []byte(b.String()))
}

// config writes main.tf: the campaign over customers.csv with the
// sandbox's approved welcome_kit template, {{1}} from the name column.
func (c *campaignRun) config(link, extra string) {
	c.t.Helper()
	writeFile(c.t, filepath.Join(c.dir, "main.tf"), []byte(cliProviderBlock()+c.provider+fmt.Sprintf(`
resource "whatsapp_media_campaign" "c" {
  recipients_file        = %q
  body_parameter_columns = ["name"]
  type                   = "image"
  link                   = %q
  template = {
    name     = "welcome_kit"
    language = "en_US"
  }
%s}
`, filepath.Join(c.dir, "customers.csv"), link, extra)))
}

func (c *campaignRun) plan() (string, bool) {
	c.t.Helper()
	stdout, stderr, err := c.cli.exec("plan", "-input=false", "-detailed-exitcode")
	out := oneLine(stdout + stderr)
	if err == nil {
		return out, false
	}
	if exit, ok := err.(interface{ ExitCode() int }); ok && exit.ExitCode() == 2 {
		return out, true
	}
	c.t.Fatalf("plan: %v\n%s", err, out)
	return "", false
}

func (c *campaignRun) mustApply() string {
	c.t.Helper()
	stdout, stderr, err := c.cli.exec("apply", "-auto-approve", "-input=false")
	out := oneLine(stdout + stderr)
	if err != nil {
		c.t.Fatalf("apply: %v\n%s", err, out)
	}
	return out
}

// campaignState is what the state file holds of the campaign.
type campaignState struct {
	SentCount      int64  `json:"sent_count"`
	FailedCount    int64  `json:"failed_count"`
	RecipientCount int64  `json:"recipient_count"`
	SentRecipients string `json:"sent_recipients"`
	SHA256         string `json:"recipients_sha256"`
}

func readCampaignState(t *testing.T, dir string) campaignState {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes campaignState `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Type == "whatsapp_media_campaign" && len(r.Instances) == 1 {
			return r.Instances[0].Attributes
		}
	}
	t.Fatal("no whatsapp_media_campaign in the state")
	return campaignState{}
}

// expectSent fails unless the sandbox took, since message index from,
// exactly one message for each of want, whose template body carries that
// row's name.
func (c *campaignRun) expectSent(step string, from int, want []customer) {
	c.t.Helper()
	msgs := c.s.Messages()[from:]
	got := map[string]string{}
	for _, m := range msgs {
		if _, twice := got[m.To]; twice {
			c.t.Fatalf("%s: %s got two messages", step, m.To)
		}
		got[m.To] = string(m.Body)
	}
	for _, w := range want {
		body, ok := got[canonicalOf(w)]
		if !ok {
			c.t.Fatalf("%s: %s (%s) got no message; got %d messages", step, canonicalOf(w), w.name, len(msgs))
		}
		if !strings.Contains(body, `"text":"`+w.name+`"`) {
			c.t.Fatalf("%s: the message to %s does not say %q: %s", step, w.phone, w.name, body)
		}
	}
	if len(got) != len(want) {
		var extra []string
		for to := range got {
			extra = append(extra, to)
		}
		sort.Strings(extra)
		c.t.Fatalf("%s: the sandbox took %d messages, want %d: %v", step, len(got), len(want), extra)
	}
}

// TestAccMediaCampaign_file: 1,000 customers from a CSV, each greeted by name;
// then the promises: an unchanged plan is empty; a reordered, reformatted
// file with a person named twice sends nothing; 5% removed and 2% added sends
// only to the added; one changed name sends that row again and the plan
// counts it; the same state applied from a fresh directory with no record of
// sends sends nothing; a changed media link sends to everyone again and the
// plan says why.
func TestAccMediaCampaign_file(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			c := newCampaignRun(t, flavor, s)
			c.cli.run("init", "-input=false")
			const n = 1000
			rows := customers(n)
			c.writeCSV(rows)
			c.config("https://cdn.example.com/a.png", "")
			out, _ := c.plan()
			expectContains(t, "first plan", out, "WhatsApp Campaign Will Send 1000 Message(s)", "16315551000 (line 2)")
			c.mustApply()
			c.expectSent("first apply", 0, rows)
			// What the customer sees: the sandbox's inbox fills the template in.
			expectContains(t, "inbox", fetchText(t, s.InboxURL()), "Hi Ana0, welcome aboard!", "Hi Ana999, welcome aboard!")
			st := readCampaignState(t, c.dir)
			if st.SentCount != n || st.FailedCount != 0 || st.RecipientCount != n || len(st.SentRecipients) != 3+4*((n*8+2)/3) {
				t.Fatalf("state after the first apply: %+v (sent_recipients %d bytes)", st, len(st.SentRecipients))
			}
			if out, changes := c.plan(); changes {
				t.Fatalf("the plan of the unchanged campaign is not empty:\n%s", out)
			}

			// Reordered, reformatted, one person twice: nothing to send.
			shuffled := make([]customer, 0, len(rows)+1)
			for i := len(rows) - 1; i >= 0; i-- {
				r := rows[i]
				r.phone = canonicalOf(r) // 16315551000, no + or spaces
				shuffled = append(shuffled, r)
			}
			shuffled = append(shuffled, customer{phone: "+1 (631) 555-1007", name: "Ana7"})
			c.writeCSV(shuffled)
			out, _ = c.plan()
			expectContains(t, "reordered", out, "WhatsApp Campaign Sends Nothing")
			if strings.Contains(out, "Will Send") {
				t.Fatalf("the plan of a reordered file sends:\n%s", out)
			}
			before := len(s.Messages())
			c.mustApply()
			c.expectSent("reordered", before, nil)

			// Reformatted as above, 5% removed (50), 2% added (20).
			added := customers(n + 20)[n:]
			next := append(append([]customer(nil), shuffled[50:n]...), added...)
			c.writeCSV(next)
			out, _ = c.plan()
			expectContains(t, "added", out, "WhatsApp Campaign Will Send 20 Message(s)",
				"20 without this message yet (added to the file", "50 recipient(s) the campaign sent to are no longer in")
			before = len(s.Messages())
			c.mustApply()
			c.expectSent("added", before, added)
			if st := readCampaignState(t, c.dir); st.SentCount != 970 {
				t.Fatalf("sent_count after removing 50 and adding 20 = %d, want 970", st.SentCount)
			}

			// One changed name: that row again.
			next[0].name = "Beatriz"
			c.writeCSV(next)
			out, _ = c.plan()
			expectContains(t, "changed name", out, "WhatsApp Campaign Will Send 1 Message(s)", "1 recipients' messages changed")
			before = len(s.Messages())
			c.mustApply()
			c.expectSent("changed name", before, next[:1])

			// A fresh runner: the same configuration, file and state in a new
			// directory with a record of sends of its own, which is empty.
			fresh := t.TempDir()
			for _, name := range []string{"customers.csv", "terraform.tfstate"} {
				data, err := os.ReadFile(filepath.Join(c.dir, name))
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(fresh, name), data)
			}
			f := &campaignRun{t: t, s: s, dir: fresh, cli: newTerraformCLI(t, fresh),
				provider: withSendRecord(templateProviderConfig(flavor, s), filepath.Join(fresh, ".terraform", sendRecordFile))}
			f.config("https://cdn.example.com/a.png", "")
			main, _ := os.ReadFile(filepath.Join(fresh, "main.tf"))
			writeFile(t, filepath.Join(fresh, "main.tf"), []byte(strings.ReplaceAll(string(main), filepath.Join(fresh, "customers.csv"), filepath.Join(c.dir, "customers.csv"))))
			f.cli.run("init", "-input=false")
			if out, changes := f.plan(); changes {
				t.Fatalf("a fresh runner's plan of the same state is not empty:\n%s", out)
			}
			before = len(s.Messages())
			f.mustApply()
			f.expectSent("fresh runner", before, nil)

			// A changed media link: everyone again, and the plan says why.
			c.config("https://cdn.example.com/b.png", "")
			out, _ = c.plan()
			expectContains(t, "new link", out, "WhatsApp Campaign Will Send 970 Message(s)", "970 again, because link changed")
			before = len(s.Messages())
			c.mustApply()
			c.expectSent("new link", before, next)
			if out, changes := c.plan(); changes {
				t.Fatalf("the plan after the new link is not empty:\n%s", out)
			}
		})
	}
}

// TestAccMediaCampaign_refusedAtPlan: a column the file lacks, an empty
// value, and an unreadable phone each stop the plan, naming the column or
// the line, with no request made.
func TestAccMediaCampaign_refusedAtPlan(t *testing.T) {
	s := startSandbox(t)
	c := newCampaignRun(t, apiCloud, s)
	c.cli.run("init", "-input=false")
	rows := customers(50)
	c.writeCSV(rows)
	for _, tc := range []struct {
		name, extra string
		edit        func([]customer) []customer
		want        []string
	}{
		{"missing column", `  button_parameter_columns = { "0" = "coupon" }` + "\n", nil,
			[]string{"No Such Template Button"}},
		{"empty name", "", func(r []customer) []customer { r[6].name = ""; return r },
			[]string{"Invalid Rows in the Recipients File", `line 8: column "name" is empty`}},
		{"bad phone", "", func(r []customer) []customer { r[2].phone = "0170 1223002"; return r },
			[]string{"Invalid Rows in the Recipients File", "line 4: column \"phone\" holds \"0170 1223002\""}},
	} {
		r := append([]customer(nil), rows...)
		if tc.edit != nil {
			r = tc.edit(r)
		}
		c.writeCSV(r)
		c.config("https://cdn.example.com/a.png", tc.extra)
		stdout, stderr := c.cli.fail("plan", "-input=false")
		expectContains(t, tc.name, oneLine(stdout+stderr), tc.want...)
	}
	// A body column the file does not have.
	c.writeCSV(rows)
	writeFile(t, filepath.Join(c.dir, "main.tf"), []byte(strings.Replace(mustRead(t, filepath.Join(c.dir, "main.tf")),
		`["name"]`, `["first_name"]`, 1)))
	stdout, stderr := c.cli.fail("plan", "-input=false")
	expectContains(t, "missing column", oneLine(stdout+stderr), "Missing Column in the Recipients File",
		`has no column "first_name"`, "Its header is: name, phone, city")
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("refused plans made %d request(s)", n)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAccMediaCampaign_messagingLimit: a number at TIER_250 and a campaign of
// 300: the plan refuses it before anything is sent, saying how many would be
// refused and what to do; with ignore_messaging_limit it sends, warned.
func TestAccMediaCampaign_messagingLimit(t *testing.T) {
	s := startSandbox(t)
	p := sandbox.DefaultPhoneNumber
	p.MessagingLimitTier = "TIER_250"
	s.SetPhoneNumber(p)
	c := newCampaignRun(t, apiCloud, s)
	c.cli.run("init", "-input=false")
	c.writeCSV(customers(300))
	c.config("https://cdn.example.com/a.png", "")
	stdout, stderr := c.cli.fail("plan", "-input=false")
	expectContains(t, "over the tier", oneLine(stdout+stderr), "WhatsApp Campaign Exceeds the Messaging Limit",
		"This plan sends to 300 people", "TIER_250", "at least 50 of these sends would be refused",
		"split the file into parts of at most 250 rows")
	if n := sendRequests(s); n != 0 {
		t.Fatalf("a refused plan made %d send request(s)", n)
	}
	c.config("https://cdn.example.com/a.png", "  ignore_messaging_limit = true\n")
	out := c.mustApply()
	expectContains(t, "ignored", out, "WhatsApp Campaign Exceeds the Messaging Limit", "sends anyway")
	c.expectSent("ignored", 0, customers(300))
}

// fetchText is the body of a GET of url.
func fetchText(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url) //nolint:gosec,noctx // the test's own sandbox
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// TestAccMediaCampaign_contentKnownAtApply: a trigger known only after apply
// (terraform_data's id): the plan of the new campaign still counts its sends
// and checks the tier; the apply sends to everyone once; the next plan is
// empty.
func TestAccMediaCampaign_contentKnownAtApply(t *testing.T) {
	s := startSandbox(t)
	c := newCampaignRun(t, apiCloud, s)
	c.cli.run("init", "-input=false")
	rows := customers(40)
	c.writeCSV(rows)
	c.config("https://cdn.example.com/a.png", "  triggers = { release = terraform_data.release.id }\n")
	main := mustRead(t, filepath.Join(c.dir, "main.tf"))
	writeFile(t, filepath.Join(c.dir, "main.tf"), []byte(main+"resource \"terraform_data\" \"release\" {\n  input = \"r1\"\n}\n"))
	out, _ := c.plan()
	expectContains(t, "plan", out, "WhatsApp Campaign Will Send 40 Message(s)")
	if n := countRequests(s, "GET", `/`+sandbox.DefaultPhoneNumberID+`$`); n != 1 {
		t.Fatalf("the plan read the phone number %d times, want once (the tier check)", n)
	}
	c.mustApply()
	c.expectSent("apply", 0, rows)
	if out, changes := c.plan(); changes {
		t.Fatalf("the plan after the apply is not empty:\n%s", out)
	}
}

// TestAccMediaCampaign_buttonParameters: a quick reply's payload from each
// row's column, beside the body's name.
func TestAccMediaCampaign_buttonParameters(t *testing.T) {
	s := startSandbox(t)
	c := newCampaignRun(t, apiCloud, s)
	c.cli.run("init", "-input=false")
	var b strings.Builder
	b.WriteString("name,phone,coupon\n")
	for i := range 20 {
		fmt.Fprintf(&b, "Ana%d,+1 631 555 %04d,STOP-%d\n", i, 3000+i, i)
	}
	writeFile(t, filepath.Join(c.dir, "customers.csv"), []byte(b.String()))
	c.config("https://cdn.example.com/a.png", `  button_parameter_columns = { "0" = "coupon" }
`)
	main := mustRead(t, filepath.Join(c.dir, "main.tf"))
	main = strings.Replace(main, `    language = "en_US"`, `    language = "en_US"
    buttons  = [{ index = 0, sub_type = "quick_reply", parameter = "unused" }]`, 1)
	writeFile(t, filepath.Join(c.dir, "main.tf"), []byte(main))
	c.mustApply()
	msgs := s.Messages()
	if len(msgs) != 20 {
		t.Fatalf("the sandbox took %d messages, want 20", len(msgs))
	}
	for _, m := range msgs {
		i, _ := strconv.Atoi(strings.TrimPrefix(m.To, "1631555"))
		i -= 3000
		body := string(m.Body)
		if !strings.Contains(body, fmt.Sprintf(`"payload":"STOP-%d"`, i)) || !strings.Contains(body, fmt.Sprintf(`"text":"Ana%d"`, i)) {
			t.Fatalf("the message to %s lacks its row's payload and name: %s", m.To, body)
		}
	}
}

// TestAccMediaCampaign_marketingCap: three sends refused with 131049 (the
// per-user marketing cap) are counted on their own in the apply's report
// and in failed_count; the campaign keeps the others, and the next apply
// sends only those three.
func TestAccMediaCampaign_marketingCap(t *testing.T) {
	s := startSandbox(t)
	c := newCampaignRun(t, apiCloud, s)
	c.cli.run("init", "-input=false")
	rows := customers(30)
	c.writeCSV(rows)
	report := filepath.Join(c.dir, "outcomes.csv")
	c.config("https://cdn.example.com/a.png", fmt.Sprintf("  report_file = %q\n", report))
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Times: 3,
		Status: 400, Code: 131049, Title: "This message was not delivered to maintain healthy ecosystem engagement."})
	out := c.mustApply()
	expectContains(t, "apply", out, "WhatsApp Campaign: 3 Recipient(s) Not Sent",
		"3 of the failures are WhatsApp's per-user marketing cap (131049)", "131049")
	if st := readCampaignState(t, c.dir); st.SentCount != 27 || st.FailedCount != 3 {
		t.Fatalf("state after the capped sends: %+v", st)
	}
	// report_file: one row per send, the capped ones with their error.
	lines := strings.Split(strings.TrimSpace(mustRead(t, report)), "\n")
	failed := 0
	for _, l := range lines[1:] {
		if strings.Contains(l, ",failed,,") && strings.Contains(l, "131049") {
			failed++
		}
	}
	if lines[0] != "line,phone,outcome,message_id,error" || len(lines) != 31 || failed != 3 ||
		!strings.Contains(mustRead(t, report), ",accepted,wamid.") {
		t.Fatalf("report_file has %d lines, %d failed with 131049:\n%s", len(lines), failed, mustRead(t, report))
	}
	out, _ = c.plan()
	expectContains(t, "plan", out, "WhatsApp Campaign Will Send 3 Message(s)", "3 without this message yet")
	c.mustApply()
	c.expectSent("both applies", 0, rows)
	if st := readCampaignState(t, c.dir); st.SentCount != 30 || st.FailedCount != 0 {
		t.Fatalf("state after the second apply: %+v", st)
	}
}
