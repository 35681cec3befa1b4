package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/phone"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// A US shop's customer export of 300 rows, as such files are: national
// numbers in several styles, international ones with +, 00 and 011, the
// same person in two formats, and five rows that name nobody, each wrong in
// its own way. The formats of a person are listed so that the same export
// can be written a second time with every row in another format.
var (
	usFormats = []string{"(631) 555-%04d", "631.555.%04d", "1-631-555-%04d", "+1 (631) 555-%04d", "+1 631 555 %04d", "011 1 631 555 %04d"}
	deFormats = []string{"011 49 151 2345 %04d", "0049 151 2345%04d", "+49 151 2345 %04d", "+49.151.2345.%04d"}
	gbFormats = []string{"00 44 7911 12%04d", "011 44 7911 12%04d", "+44 7911 12%04d"}
)

// csvPerson is one customer of the export: their formats and canonical number.
type csvPerson struct {
	formats   []string // with one %04d each
	n         int
	canonical string
}

func (p csvPerson) written(format int) string {
	return fmt.Sprintf(p.formats[format%len(p.formats)], p.n)
}

// csvInvalidRow is a row that names nobody, written two ways, and the words
// that must say why.
type csvInvalidRow struct {
	row     int // from 1, among the data rows
	written [2]string
	reason  string
}

var csvInvalidRows = []csvInvalidRow{
	{row: 17, written: [2]string{"", "  "}, reason: "it is empty"},
	{row: 60, written: [2]string{"call me", "n/a"}, reason: "it holds characters that are neither digits nor formatting"},
	{row: 123, written: [2]string{"555-01", "555.01"}, reason: "it has 5 digits"},
	{row: 200, written: [2]string{"0151 2345 6789", "0151-2345-6789"}, reason: "it is too long for a phone number of US"},
	{row: 288, written: [2]string{"4722334455", "472-233-4455"}, reason: "with country US it reads as 2 different numbers, " +
		"14722334455 (+1 472-233-4455 in US, a national number of US) or 4722334455 (+47 22 33 44 55 in NO, the digits as an international number"},
}

// customerExport writes the 300-row export in variant 0 or 1 (every row in
// another format than in the other variant) and returns its path and the
// canonical numbers of its people, sorted.
func customerExport(t *testing.T, dir string, variant int) (string, []string) {
	t.Helper()
	var people []csvPerson
	for i := range 140 {
		people = append(people, csvPerson{usFormats, 1000 + i, fmt.Sprintf("1631555%04d", 1000+i)})
	}
	for i := range 40 {
		people = append(people, csvPerson{deFormats, 6000 + i, fmt.Sprintf("491512345%04d", 6000+i)})
	}
	for i := range 20 {
		people = append(people, csvPerson{gbFormats, 3000 + i, fmt.Sprintf("44791112%04d", 3000+i)})
	}
	// 295 valid rows: every person once, then 95 of them again in another format.
	type row struct {
		person csvPerson
		format int
	}
	var valid []row
	for i, p := range people {
		valid = append(valid, row{p, i})
	}
	for i := range 95 {
		valid = append(valid, row{people[i*2], i*2 + 1})
	}
	var b strings.Builder
	b.WriteString("name,phone\n")
	next := 0
	for r := 1; r <= 300; r++ {
		if bad := csvInvalid(r); bad != nil {
			fmt.Fprintf(&b, "Invalid %d,%q\n", r, bad.written[variant])
			continue
		}
		v := valid[next]
		next++
		written := v.person.written(v.format + variant)
		if got, err := phone.Canonical(written, "US"); err != nil || got != v.person.canonical {
			t.Fatalf("test data: %q reads as %q, %v; want %q", written, got, err, v.person.canonical)
		}
		fmt.Fprintf(&b, "Customer %d,%q\n", r, written)
	}
	path := filepath.Join(dir, fmt.Sprintf("customers-%d.csv", variant))
	writeFile(t, path, []byte(b.String()))
	var canonical []string
	for _, p := range people {
		canonical = append(canonical, p.canonical)
	}
	sort.Strings(canonical)
	return path, canonical
}

func csvInvalid(row int) *csvInvalidRow {
	for i := range csvInvalidRows {
		if csvInvalidRows[i].row == row {
			return &csvInvalidRows[i]
		}
	}
	return nil
}

// customerCSVConfig sends a document to the valid people of the export at
// path, read as written in the US, and outputs the invalid rows' reasons.
func customerCSVConfig(s *sandbox.Server, path string) string {
	return cloudProviderConfig(s) + fmt.Sprintf(`
locals {
  customers = provider::whatsapp::split_recipients([for row in csvdecode(file(%q)) : row.phone], "US")
}

resource "whatsapp_media_broadcast" "catalogue" {
  recipients = local.customers.valid
  type       = "document"
  link       = "https://example.com/catalogue.pdf"
  filename   = "catalogue.pdf"
  template = {
    name            = "catalogue_2027"
    language        = "en_US"
    body_parameters = ["there"]
  }
}

output "invalid" {
  value = { for e in local.customers.invalid : tostring(e.row) => e.reason }
}

output "people" {
  value = length(local.customers.valid)
}
`, path)
}

// TestAccSplitRecipients_customerCSV300: a 300-row export in mixed formats
// with the country it was written in. Exactly the valid people are sent to,
// once each, as the sandbox counts; the 5 invalid rows are named with their
// reasons; the export written again with every row in another format plans
// nothing.
func TestAccSplitRecipients_customerCSV300(t *testing.T) {
	s := startSandbox(t)
	putCatalogueTemplate(s)
	dir := t.TempDir()
	first, people := customerExport(t, dir, 0)
	second, _ := customerExport(t, dir, 1)

	wantInvalid := map[string]knownvalue.Check{}
	for _, bad := range csvInvalidRows {
		wantInvalid[fmt.Sprint(bad.row)] = knownvalue.StringRegexp(regexp.MustCompile("^" + regexp.QuoteMeta(bad.reason)))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: customerCSVConfig(s, first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("invalid", knownvalue.MapExact(wantInvalid)),
					statecheck.ExpectKnownOutputValue("people", knownvalue.Int64Exact(int64(len(people)))),
				},
				Check: func(*terraform.State) error {
					if got := sentRecipients(s); fmt.Sprint(got) != fmt.Sprint(people) {
						return fmt.Errorf("the sandbox saw %d sends, want one to each of the %d people:\ngot  %v\nwant %v",
							len(got), len(people), got, people)
					}
					for _, m := range s.Messages() {
						if m.Failure != nil {
							return fmt.Errorf("the send to %s failed: %+v", m.To, *m.Failure)
						}
					}
					return nil
				},
			},
			{
				Config: customerCSVConfig(s, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	if n := sendRequests(s); n != len(people) {
		t.Errorf("the sandbox saw %d send requests in all, want %d: the reformatted export sent again", n, len(people))
	}
}

// putCatalogueTemplate gives the sandbox's account the approved template
// with a DOCUMENT header the catalogue sends use.
func putCatalogueTemplate(s *sandbox.Server) {
	s.PutTemplate(sandbox.MessageTemplate{Name: "catalogue_2027", Language: "en_US", Category: "MARKETING",
		Components: []sandbox.TemplateComponent{{Type: "HEADER", Format: "DOCUMENT"},
			{Type: "BODY", Text: "Hi {{1}}, here is our new catalogue."}}})
}

// TestAccExamples_csvCatalogue applies examples/csv_catalogue, the recipe of
// the guide "Send the catalogue to a CSV of customers", as a user would: the
// plan warns about each invalid row by name and reason, the apply sends the
// catalogue to each valid person once, the outputs list the invalid and
// duplicate rows and the delivery counts, the CSV written again in other
// formats plans nothing, destroy sends nothing.
// Not parallel: it sets environment variables and the working directory.
func TestAccExamples_csvCatalogue(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	putCatalogueTemplate(s)
	useSandboxEnv(t, apiCloud, s)
	_, thisFile, _, _ := runtime.Caller(0)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(filepath.Dir(thisFile), "..", "..", "examples", "csv_catalogue"))); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	tf := newTerraformCLI(t, dir).run
	tf("init", "-input=false")

	planOut, planErr := tf("plan", "-input=false")
	plan := oneLine(planOut + planErr)
	for _, want := range []string{
		"3 rows of customers.csv are not sent to",
		`row 12 (Edsger Maier, ""): it is empty; fill in the phone number, or remove the entry.`,
		`row 13 (Frances Allen, "call back"): it holds characters that are neither digits nor formatting`,
		`row 14 (Tim Berners, "4722334455"): with country DE it reads as 2 different numbers, 4722334455 (+47 22 33 44 55 in NO`,
		`494722334455 (+49 4722 334455 in DE, a national number of DE)`,
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan does not say %q:\n%s", want, planOut+planErr)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the plan made %d requests", n)
	}

	tf("apply", "-auto-approve", "-input=false")
	people := []string{"16315551001", "16315551002", "447911123456", "4915123456701", "4915123456702", "4915123456703",
		"4915123456704", "4915123456705", "4930901820"}
	if got := sentRecipients(s); fmt.Sprint(got) != fmt.Sprint(people) {
		t.Errorf("the sandbox saw sends to %q, want one to each person: %q", got, people)
	}
	outputs := map[string]string{
		"deliveries":     `{"accepted":9}`,
		"duplicate_rows": `{"4":"same person as row 1 (4915123456701)","8":"same person as row 7 (447911123456)"}`,
	}
	for name, want := range outputs {
		got, _ := tf("output", "-json", name)
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(got)); err != nil || compact.String() != want {
			t.Errorf("output %s = %s, want %s", name, got, want)
		}
	}
	invalid, _ := tf("output", "-json", "invalid_rows")
	for _, want := range []string{`"row":12`, `"row":13`, `"row":14`, `"fix":"fill in the phone number, or remove the entry."`} {
		if !strings.Contains(invalid, want) {
			t.Errorf("output invalid_rows does not hold %s:\n%s", want, invalid)
		}
	}

	// The same customers, every valid row in another format: nothing to do.
	rewritten := strings.NewReplacer(
		"0151 2345 6701", "+49 151 2345 6701", "+49 151 23456702", "0151-2345-6702", "0049 151 23456703", "(0151) 23456703",
		"+49 (151) 2345-6701", "0049.151.2345.6701", "0151.2345.6704", "+49 151 2345 6704", "030 901820", "+49 30 901820",
		"+44 7911 123456", "0044 7911 123 456", "0044 7911 123456", "+44 (7911) 123456", "001 631 555 1001", "+1 631-555-1001",
		"(0151) 2345 6705", "0151 23456705", "+1 (631) 555-1002", "001 (631) 555 1002")
	original, err := os.ReadFile("customers.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("customers.csv", []byte(rewritten.Replace(string(original))), 0o600); err != nil {
		t.Fatal(err)
	}
	tf("plan", "-detailed-exitcode", "-input=false") // 0: no changes; tf fails the test on any other code
	tf("destroy", "-auto-approve", "-input=false")
	if n := sendRequests(s); n != len(people) {
		t.Errorf("the sandbox saw %d send requests in all, want %d", n, len(people))
	}
}
