package provider

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/campaign"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/phone"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The one owner of "who in the file gets the message, and why": the plan
// calls decideCampaign to show it, the apply calls it again on the file it
// reads then, with every value known. A row's message is its digest
// (internal/campaign): the content's identity, the person and the row's
// parameter values.

// campaignColumns are the file's columns a campaign reads besides the phone:
// the body's, then the buttons' in index order.
type campaignColumns struct {
	body         []string
	buttonIndex  []int    // the buttons filled from a column, ascending
	buttonColumn []string // their columns, in the same order
}

func (c campaignColumns) all() []string { return append(slices.Clone(c.body), c.buttonColumn...) }

func campaignColumnsOf(ctx context.Context, m mediaCampaignModel) (campaignColumns, diag.Diagnostics) {
	var c campaignColumns
	var diags diag.Diagnostics
	if !m.BodyParameterColumns.IsNull() {
		diags.Append(m.BodyParameterColumns.ElementsAs(ctx, &c.body, false)...)
	}
	if !m.ButtonParameterColumns.IsNull() {
		var byIndex map[string]string
		diags.Append(m.ButtonParameterColumns.ElementsAs(ctx, &byIndex, false)...)
		for k := range byIndex {
			i, _ := strconv.Atoi(k) // the schema's validator keeps it a digit
			c.buttonIndex = append(c.buttonIndex, i)
		}
		sort.Ints(c.buttonIndex)
		for _, i := range c.buttonIndex {
			c.buttonColumn = append(c.buttonColumn, byIndex[strconv.Itoa(i)])
		}
	}
	return c, diags
}

// phoneColumnOf is phone_column, or its default.
func phoneColumnOf(m mediaCampaignModel) string {
	if isSet(m.PhoneColumn) {
		return m.PhoneColumn.ValueString()
	}
	return "phone"
}

// readCampaignFile reads recipients_file, and words what stops a plan: a
// file that cannot be read, a missing column, rows that cannot be sent to.
func readCampaignFile(m mediaCampaignModel, cols campaignColumns) (*campaign.File, diag.Diagnostics) {
	var diags diag.Diagnostics
	at := path.Root("recipients_file")
	name := m.RecipientsFile.ValueString()
	country := ""
	if isSet(m.Country) {
		c, err := phone.NormalizeCountry(m.Country.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("country"), "Invalid Country", countryProblem(m.Country.ValueString()))
			return nil, diags
		}
		country = c
	}
	f, err := campaign.Read(name, phoneColumnOf(m), cols.all(), func(written string) (string, error) {
		canonical, refusal := readRecipient(written, country)
		if refusal != nil {
			return "", errors.New(refusal.reason + ": " + refusal.fix)
		}
		return canonical, nil
	})
	var missing *campaign.MissingColumnsError
	switch {
	case errors.As(err, &missing):
		diags.AddAttributeError(at, "Missing Column in the Recipients File",
			fmt.Sprintf("%s has no column %s, which the campaign reads (phone_column, body_parameter_columns, "+
				"button_parameter_columns). Its header is: %s. Add the column to the file, or name an existing one. "+
				"Nothing was sent.", name, quoteAll(missing.Missing), strings.Join(missing.Header, ", ")))
		return nil, diags
	case errors.Is(err, campaign.ErrNoRows):
		diags.AddAttributeError(at, "Empty Recipients File",
			fmt.Sprintf("%s has a header and no rows: a campaign needs at least one recipient. Nothing was sent.", name))
		return nil, diags
	case errors.Is(err, fs.ErrNotExist):
		diags.AddAttributeError(at, "Recipients File Not Found",
			fmt.Sprintf("%s does not exist (a relative path is relative to where terraform runs; "+
				"\"${path.module}/customers.csv\" names one beside the configuration).", name))
		return nil, diags
	case err != nil:
		diags.AddAttributeError(at, "Unreadable Recipients File",
			fmt.Sprintf("%s could not be read as CSV (comma-separated, UTF-8, a header row first): %v.", name, err))
		return nil, diags
	}
	if len(f.Problems) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%d row(s) of %s cannot be sent to; nothing is sent until they are fixed or removed:\n", len(f.Problems), name)
		for i, p := range f.Problems {
			if i == shownPerList*2 {
				fmt.Fprintf(&b, "  ... and %d more\n", len(f.Problems)-i)
				break
			}
			switch {
			case p.Empty:
				fmt.Fprintf(&b, "  - line %d: column %q is empty\n", p.Line, p.Column)
			default:
				fmt.Fprintf(&b, "  - line %d: column %q holds %q, which is not a phone number: %v\n", p.Line, p.Column, p.Value, p.Err)
			}
		}
		diags.AddAttributeError(at, "Invalid Rows in the Recipients File", strings.TrimRight(b.String(), "\n"))
		return nil, diags
	}
	return f, diags
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// campaignIdentity is what identifies the campaign's content: the record of
// sends' message for it with no recipient yet (each row's send adds the
// number and its parameters), and its digest for the packed set. ok is false
// while part of the content is unknown.
func campaignIdentity(account string, m mediaCampaignModel) (sendlog.Message, campaign.ContentID, bool) {
	msg, ok := m.Identity(account, "", types.StringValue(whatsapp.RecipientIndividual), content.SentByCampaign)
	if !ok {
		return msg, campaign.ContentID{}, false
	}
	// The digest leaves the account out: the state says what each person
	// got, whichever number sent it.
	noAccount := msg
	noAccount.Account = ""
	return msg, campaign.NewContentID(noAccount.Key()), true
}

// rowKey is the record of sends' key of one row's send.
func rowKey(base sendlog.Message, row campaign.Row) string { return rowMessage(base, row).Key() }

// rowLabel is the label of one row's send (send_label.go): in base's group,
// which every row of the content shares, named by the row's own message.
func rowLabel(base sendlog.Message, row campaign.Row) string {
	return rowMessage(base, row).LabelIn(base.Group())
}

// rowMessage is base sent to one row: its number and its parameters.
func rowMessage(base sendlog.Message, row campaign.Row) sendlog.Message {
	m := base
	m.Recipient = row.Canonical
	m.Content = make(map[string]string, len(base.Content)+1)
	for k, v := range base.Content {
		m.Content[k] = v
	}
	if len(row.Params) > 0 {
		m.Content["row_parameters"] = strings.Join(row.Params, "\x1f")
	}
	return m
}

// campaignLabel is the campaign's delivery_label: null without labels, unknown
// while its content is.
func (r *mediaCampaignResource) campaignLabel(m mediaCampaignModel) types.String {
	if !r.labelsOn() {
		return types.StringNull()
	}
	base, _, known := campaignIdentity(r.client.Sender(), m)
	if !known {
		return types.StringUnknown()
	}
	return types.StringValue(base.Group())
}

// Why a row is sent the message.
const (
	campaignNew     = iota // its person has no message of this campaign (new, or the last send failed)
	campaignChanged        // its person has another message: the row's parameters changed
	campaignContent        // the content changed: everyone again
)

// campaignDecision is who gets the message in a plan or an apply.
type campaignDecision struct {
	digests []campaign.Digest // per row of the file
	send    [3][]int          // rows to send, by reason
	kept    []campaign.Digest // rows that have their message: the state's set keeps them
	removed int               // people the state holds that the file no longer names
}

func (d campaignDecision) toSend() []int {
	all := append(append(slices.Clone(d.send[campaignNew]), d.send[campaignChanged]...), d.send[campaignContent]...)
	sort.Ints(all)
	return all
}

// decideCampaign decides for the rows of f, given the state's set (prior)
// and what changed in the content (contentChanged, content.Changes).
func decideCampaign(f *campaign.File, cid campaign.ContentID, prior campaign.Set, contentChanged bool) campaignDecision {
	d := campaignDecision{digests: make([]campaign.Digest, len(f.Rows))}
	people := make([]uint32, len(f.Rows))
	for i, row := range f.Rows {
		dg := campaign.DigestOf(cid, row.Canonical, row.Params)
		d.digests[i], people[i] = dg, dg.Person()
		switch {
		case prior.Has(dg):
			d.kept = append(d.kept, dg)
		case contentChanged && prior.HasPerson(dg):
			d.send[campaignContent] = append(d.send[campaignContent], i)
		case prior.HasPerson(dg):
			d.send[campaignChanged] = append(d.send[campaignChanged], i)
		default:
			d.send[campaignNew] = append(d.send[campaignNew], i)
		}
	}
	slices.Sort(people)
	var last uint32
	for i, dg := range prior {
		if p := dg.Person(); i == 0 || p != last {
			if _, found := slices.BinarySearch(people, p); !found {
				d.removed++
			}
			last = p
		}
	}
	return d
}
