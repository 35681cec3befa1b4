package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// A broadcast's personalised template sends (issue 33): three maps keyed by
// recipient, recipient_body_parameters, recipient_body_named_parameters and
// recipient_button_parameters, give some recipients their own values of the
// template's body and buttons in place of the template block's, as a
// campaign's body_parameter_columns gives each row of its file its own. Maps
// of plain values, not one map of nested objects: the plugin framework walks
// a nested attribute value by value on every request (measured at 2,000
// recipients: 1.7 times the provider's CPU for a create and an unchanged
// plan), and stops at a map of lists. A recipient's values are part of its
// send's identity (sendlog.Message.Parameters): a changed value sends that
// recipient the new message, and a recipient without an entry keeps the
// identity it had before this attribute existed.

// personalParams are one recipient's own template values; a part left out
// is the template block's.
type personalParams struct {
	Body    []string          `json:"body,omitempty"`
	Named   map[string]string `json:"body_named,omitempty"`
	Buttons map[string]string `json:"buttons,omitempty"` // by button index, "0"
}

// identity is the values as the send's identity holds them: JSON, whose map
// keys are sorted, so the same values written in another order are the same.
func (p personalParams) identity() string {
	if p.Body == nil && p.Named == nil && len(p.Buttons) == 0 {
		return "" // an entry that replaces nothing: the template block's message
	}
	data, _ := json.Marshal(p) // strings, lists and maps of strings: cannot fail
	return string(data)
}

// shape is what the template check depends on: how many body values, which
// names and which buttons. Recipients of one shape are checked once.
func (p personalParams) shape() string {
	named := slices.Sorted(maps.Keys(p.Named))
	buttons := slices.Sorted(maps.Keys(p.Buttons))
	return fmt.Sprintf("%d|%d:%s|%d:%s", len(p.Body), len(p.Named), strings.Join(named, ","), len(p.Buttons), strings.Join(buttons, ","))
}

// personalSet is the three recipient_*_parameters by canonical recipient, merged.
type personalSet struct {
	byRecipient map[string]personalParams
	written     map[string]string // canonical -> the key as written
	unknown     map[string]bool   // canonical recipients whose values are known only at apply
	all         bool              // the whole attribute is unknown until apply
}

// identityOf is recipient to's values in its send's identity ("" without an
// entry), and false while they are unknown.
func (s personalSet) identityOf(to string) (string, bool) {
	if s.all || s.unknown[to] {
		return "", false
	}
	p, ok := s.byRecipient[to]
	if !ok {
		return "", true
	}
	return p.identity(), true
}

// The attributes, by the part of a recipient's values each gives.
const (
	attrRecipientBody    = "recipient_body_parameters"
	attrRecipientNamed   = "recipient_body_named_parameters"
	attrRecipientButtons = "recipient_button_parameters"
)

var recipientParameterAttrs = []string{attrRecipientBody, attrRecipientNamed, attrRecipientButtons}

// personalProblem is an entry of one of the attributes refused before any
// send, on the entry's key as written.
type personalProblem struct {
	attribute, key, summary, detail string
}

// readPersonal reads the three attributes into one set. Keys are
// canonicalised as recipients are; problems lists the keys that name nobody
// and two keys of one attribute for one person. It reads the values
// directly, as readDeliveries does: a broadcast may have thousands.
func readPersonal(m mediaBroadcastModel) (personalSet, []personalProblem) {
	s := personalSet{byRecipient: map[string]personalParams{}, written: map[string]string{}, unknown: map[string]bool{}}
	var problems []personalProblem
	for _, attribute := range recipientParameterAttrs {
		v := m.recipientParameters(attribute)
		if v.IsUnknown() {
			s.all = true
			continue
		}
		elems := v.Elements() // a copy on each call: once, not per entry
		seen := map[string]string{}
		for _, key := range slices.Sorted(maps.Keys(elems)) {
			canon, err := whatsapp.CanonicalRecipient(key)
			var re *whatsapp.RecipientError
			if errors.As(err, &re) {
				problems = append(problems, personalProblem{attribute, key, "Invalid WhatsApp Recipient",
					fmt.Sprintf("%s has an entry for %q, which is no recipient: %s. Write the key as the recipient is "+
						"written in recipients.", attribute, key, recipientErrorDetail(re))})
				continue
			}
			if first, twice := seen[canon]; twice {
				problems = append(problems, personalProblem{attribute, key, "One Recipient With Two Entries",
					fmt.Sprintf("%s has entries for %q and %q, which are one recipient (%s). Keep one.",
						attribute, first, key, canon)})
				continue
			}
			seen[canon] = key
			if _, ok := s.written[canon]; !ok {
				s.written[canon] = key
			}
			list, named, given, known := personalValues(elems[key])
			if !known {
				s.unknown[canon] = true
				continue
			}
			if !given {
				continue // null: nothing replaced
			}
			p := s.byRecipient[canon]
			switch attribute {
			case attrRecipientBody:
				p.Body = list
			case attrRecipientNamed:
				p.Named = named
			default:
				p.Buttons = named
			}
			s.byRecipient[canon] = p
		}
	}
	return s, problems
}

// recipientParameters is the attribute of that name.
func (m mediaBroadcastModel) recipientParameters(attribute string) types.Map {
	switch attribute {
	case attrRecipientBody:
		return m.RecipientBodyParameters
	case attrRecipientNamed:
		return m.RecipientBodyNamedParameters
	}
	return m.RecipientButtonParameters
}

// personalValues reads one entry: a list of strings (list) or a map of
// strings (named); given is false when it is null, known when a value is
// unknown until apply.
func personalValues(v attr.Value) (list []string, named map[string]string, given, known bool) {
	str := func(e attr.Value) (string, bool) {
		s, ok := e.(types.String)
		return s.ValueString(), ok && !s.IsUnknown()
	}
	switch v := v.(type) {
	case types.List:
		if v.IsNull() || v.IsUnknown() {
			return nil, nil, false, !v.IsUnknown()
		}
		list = []string{}
		for _, e := range v.Elements() {
			s, ok := str(e)
			if !ok {
				return nil, nil, false, false
			}
			list = append(list, s)
		}
		return list, nil, true, true
	case types.Map:
		if v.IsNull() || v.IsUnknown() {
			return nil, nil, false, !v.IsUnknown()
		}
		named = map[string]string{}
		for k, e := range v.Elements() {
			s, ok := str(e)
			if !ok {
				return nil, nil, false, false
			}
			named[k] = s
		}
		return nil, named, true, true
	}
	return nil, nil, false, false
}

// recipientParameterAttributes are the three attributes' schemas.
func recipientParameterAttributes() map[string]schema.Attribute {
	common := "The key is a recipient as `recipients` lists it (in any format: it is the same person by its digits); " +
		"a recipient without an entry gets `template`'s values. A recipient's values are part of its message: " +
		"changing them **sends that recipient the message again** (the plan counts them among \"recipients' " +
		"messages changed\"), and writing the key in another format or the entries in another order sends " +
		"nothing. Needs `template`."
	return map[string]schema.Attribute{
		attrRecipientBody: schema.MapAttribute{
			MarkdownDescription: "Per recipient, its own values of the body's `{{1}}`, `{{2}}`, ... in place of " +
				"`template.body_parameters`: `{ \"+1 631 555 1001\" = [\"Ana\"] }`. " + common,
			ElementType: types.ListType{ElemType: types.StringType},
			Optional:    true,
		},
		attrRecipientNamed: schema.MapAttribute{
			MarkdownDescription: "Per recipient, for a template with named variables, its own values by name in " +
				"place of `template.body_named_parameters`: `{ \"+1 631 555 1001\" = { first_name = \"Ana\" } }`. " + common,
			ElementType: types.MapType{ElemType: types.StringType},
			Optional:    true,
		},
		attrRecipientButtons: schema.MapAttribute{
			MarkdownDescription: "Per recipient, per button index (`\"0\"`), its own parameter of that button in " +
				"place of the one `template.buttons` gives it (a URL button's suffix, a quick reply's payload): " +
				"`{ \"+1 631 555 1001\" = { \"0\" = \"ANA-10\" } }`. The button must be in `template.buttons`. " + common,
			ElementType: types.MapType{ElemType: types.StringType},
			Optional:    true,
			Validators: []validator.Map{mapvalidator.ValueMapsAre(mapvalidator.KeysAre(stringvalidator.RegexMatches(
				buttonIndexKey, fmt.Sprintf("must be a button index, 0 to %d", whatsapp.MaxTemplateButtonIndex))))},
		},
	}
}

// checkPersonal refuses, before anything is sent, an entry that names no
// recipient of the broadcast, an empty value (naming the recipient), a value
// too long, a button template.buttons does not fill, positional and named
// values for one recipient, and entries without a template.
func checkPersonal(ctx context.Context, m mediaBroadcastModel, recipients recipientSet) diag.Diagnostics {
	var diags diag.Diagnostics
	var given []string
	for _, a := range recipientParameterAttrs {
		if v := m.recipientParameters(a); !v.IsNull() && !v.IsUnknown() && len(v.Elements()) > 0 {
			given = append(given, a)
		}
	}
	if len(given) == 0 {
		return diags
	}
	if m.Template.IsNull() {
		diags.AddAttributeError(path.Root(given[0]), "Recipient Parameters Without a Template",
			fmt.Sprintf("%s gives recipients their own values of a template's variables, and this broadcast sends "+
				"no template. Set template, or remove %s.", strings.Join(given, " and "), strings.Join(given, " and ")))
		return diags
	}
	s, problems := readPersonal(m)
	for _, p := range problems {
		diags.AddAttributeError(path.Root(p.attribute).AtMapKey(p.key), p.summary, p.detail)
	}
	var buttons map[string]bool
	if t, ok, d := content.TemplateOf(ctx, m.Template); ok && !t.Buttons.IsUnknown() {
		diags.Append(d...)
		var list []content.TemplateButton
		if !t.Buttons.IsNull() {
			diags.Append(t.Buttons.ElementsAs(ctx, &list, false)...)
		}
		buttons = map[string]bool{}
		for _, b := range list {
			buttons[strconv.FormatInt(b.Index.ValueInt64(), 10)] = true
		}
	}
	configured := map[string]bool{}
	for _, c := range recipients.canonical {
		configured[c] = true
	}
	for _, attribute := range recipientParameterAttrs {
		v := m.recipientParameters(attribute)
		if v.IsNull() || v.IsUnknown() {
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(v.Elements())) {
			canon, err := whatsapp.CanonicalRecipient(key)
			if err != nil || recipients.unknown || configured[canon] {
				continue
			}
			diags.AddAttributeError(path.Root(attribute).AtMapKey(key), "Recipient Parameters for Someone Not in Recipients",
				fmt.Sprintf("%s has an entry for %q (%s), who is not in recipients, so nothing would be sent with "+
					"these values. Add the recipient to recipients, or remove the entry. Nothing was sent.", attribute, key, canon))
		}
	}
	for _, canon := range slices.Sorted(maps.Keys(s.byRecipient)) {
		if configured[canon] || recipients.unknown {
			diags.Append(checkPersonalValues(s.written[canon], s.byRecipient[canon], buttons)...)
		}
	}
	return diags
}

// checkPersonalValues: every value 1 to the API's length, positional or
// named values but not both, every button one template.buttons fills
// (buttons is nil while unknown). key is the recipient as written.
func checkPersonalValues(key string, p personalParams, buttons map[string]bool) diag.Diagnostics {
	var diags diag.Diagnostics
	bad := func(attribute, name, v string) {
		if n := len([]rune(v)); n == 0 || n > whatsapp.MaxTemplateParameterLength {
			what := "is empty"
			if n > 0 {
				what = fmt.Sprintf("has %d characters", n)
			}
			diags.AddAttributeError(path.Root(attribute).AtMapKey(key), "Invalid Recipient Parameter",
				fmt.Sprintf("The recipient %s's value %s in %s %s; WhatsApp takes 1 to %d characters (an empty value "+
					"would send the template with a blank where the customer's value should be). Give the recipient "+
					"its value, or remove the entry to send it the template's. Nothing was sent.",
					key, name, attribute, what, whatsapp.MaxTemplateParameterLength))
		}
	}
	for i, v := range p.Body {
		bad(attrRecipientBody, fmt.Sprintf("{{%d}}", i+1), v)
	}
	for _, k := range slices.Sorted(maps.Keys(p.Named)) {
		bad(attrRecipientNamed, "{{"+k+"}}", p.Named[k])
	}
	if p.Body != nil && p.Named != nil {
		diags.AddAttributeError(path.Root(attrRecipientNamed).AtMapKey(key), "Two Kinds of Body Values",
			fmt.Sprintf("The recipient %s has values in both %s and %s; a template takes either positional or named "+
				"variables. Keep the one its template takes. Nothing was sent.", key, attrRecipientBody, attrRecipientNamed))
	}
	for _, k := range slices.Sorted(maps.Keys(p.Buttons)) {
		bad(attrRecipientButtons, "for button "+k, p.Buttons[k])
		if buttons != nil && !buttons[k] {
			diags.AddAttributeError(path.Root(attrRecipientButtons).AtMapKey(key), "No Such Template Button",
				fmt.Sprintf("%s for %s fills the button at index %s, which template.buttons does not list. Add it to "+
					"template.buttons (index, sub_type, and a parameter each recipient's value replaces). Nothing was "+
					"sent.", attrRecipientButtons, key, k))
		}
	}
	return diags
}

// personalMessage is base with recipient to's own values, if it has any.
func personalMessage(base whatsapp.MediaMessage, to string, s personalSet) whatsapp.MediaMessage {
	return content.ForRecipient(base, to, s.byRecipient[to].values())
}

// values is p as content.ForRecipient takes it. Button indexes are digits:
// the plan refused any other key.
func (p personalParams) values() content.Personal {
	v := content.Personal{Body: p.Body, Named: p.Named}
	if len(p.Buttons) > 0 {
		v.Buttons = make(map[int]string, len(p.Buttons))
		for k, b := range p.Buttons {
			if i, err := strconv.Atoi(k); err == nil {
				v.Buttons[i] = b
			}
		}
	}
	return v
}

// personalChanges lists the recipients, of those planned to keep their
// message, whose values differ between the state and the plan (an entry
// added, changed or removed); one whose values are unknown until apply
// counts as changed, and the apply decides again.
func personalChanges(state, plan personalSet, kept map[string]delivery) []string {
	var out []string
	for c := range kept {
		before, _ := state.identityOf(c)
		after, known := plan.identityOf(c)
		if !known || before != after {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// samePersonal reports whether two configurations give every recipient the
// same values (keys written differently, entries in another order).
func samePersonal(a, b personalSet) bool {
	if a.all || b.all || len(a.unknown)+len(b.unknown) > 0 {
		return false
	}
	for _, s := range []personalSet{a, b} {
		for c := range s.byRecipient {
			x, _ := a.identityOf(c)
			y, _ := b.identityOf(c)
			if x != y {
				return false
			}
		}
	}
	return true
}

// checkPersonalAtPlan checks each distinct shape of the recipients' own values
// (how many body values, which names and buttons) against the template, as
// checkTemplateAtPlan checks the template block: once per shape, not per
// recipient, naming the first recipient of the shape and how many share it.
// Only what the values decide is reported here (the body's and the buttons'
// fit); the rest is the template block's check.
func checkPersonalAtPlan(ctx context.Context, catalog *templateCatalog, m mediaBroadcastModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if catalog == nil || m.Template.IsNull() || m.Template.IsUnknown() {
		return diags
	}
	s, _ := readPersonal(m)
	type group struct {
		first string
		n     int
		p     personalParams
	}
	groups := map[string]*group{}
	var order []string
	for _, c := range slices.Sorted(maps.Keys(s.byRecipient)) {
		p := s.byRecipient[c]
		g, ok := groups[p.shape()]
		if !ok {
			g = &group{first: s.written[c], p: p}
			groups[p.shape()] = g
			order = append(order, p.shape())
		}
		g.n++
	}
	for _, shape := range order {
		g := groups[shape]
		merged, ok := withPersonal(ctx, m.Template, g.p)
		if !ok {
			continue
		}
		for _, d := range checkTemplateAtPlan(ctx, catalog, m.Type, merged) {
			pd, ok := d.(diag.DiagnosticWithPath)
			if !ok || d.Severity() != diag.SeverityError {
				continue
			}
			p := pd.Path().String()
			if !strings.HasPrefix(p, "template.body") && !strings.HasPrefix(p, "template.buttons") {
				continue
			}
			who := fmt.Sprintf("For the recipient %s", g.first)
			if g.n > 1 {
				who = fmt.Sprintf("For the recipient %s and %d more whose values have the same parts", g.first, g.n-1)
			}
			detail := strings.NewReplacer(
				"template.body_named_parameters", attrRecipientNamed,
				"template.body_parameters", attrRecipientBody,
				"template.buttons", "template.buttons with "+attrRecipientButtons,
			).Replace(d.Detail())
			at := attrRecipientButtons
			switch {
			case strings.HasPrefix(p, "template.body_named"):
				at = attrRecipientNamed
			case strings.HasPrefix(p, "template.body"):
				at = attrRecipientBody
			}
			if _, ok := m.recipientParameters(at).Elements()[g.first]; !ok {
				at = firstAttributeWith(m, g.first)
			}
			diags.AddAttributeError(path.Root(at).AtMapKey(g.first), d.Summary(), who+": "+detail)
		}
	}
	return diags
}

// firstAttributeWith is the first of the attributes with an entry written
// as key.
func firstAttributeWith(m mediaBroadcastModel, key string) string {
	for _, a := range recipientParameterAttrs {
		if _, ok := m.recipientParameters(a).Elements()[key]; ok {
			return a
		}
	}
	return attrRecipientBody
}

// withPersonal is the template attribute with p's parts in place of its own,
// as the recipient's send carries it; false when it cannot be built.
func withPersonal(ctx context.Context, template types.Object, p personalParams) (types.Object, bool) {
	attrs := maps.Clone(template.Attributes())
	attrTypes := template.AttributeTypes(ctx)
	if p.Body != nil {
		attrs["body_parameters"] = stringList(p.Body)
		attrs["body_named_parameters"] = types.MapNull(types.StringType)
	}
	if p.Named != nil {
		attrs["body_named_parameters"] = stringMap(p.Named)
		attrs["body_parameters"] = types.ListNull(types.StringType)
	}
	if len(p.Buttons) > 0 {
		list, ok := attrs["buttons"].(types.List)
		if !ok || list.IsNull() || list.IsUnknown() {
			return template, false // checkPersonal refuses the buttons
		}
		elems := slices.Clone(list.Elements())
		for i, e := range elems {
			obj, ok := e.(types.Object)
			if !ok || obj.IsNull() || obj.IsUnknown() {
				continue
			}
			ba := maps.Clone(obj.Attributes())
			index, _ := ba["index"].(types.Int64)
			if v, ok := p.Buttons[strconv.FormatInt(index.ValueInt64(), 10)]; ok {
				ba["parameter"] = types.StringValue(v)
				elems[i] = types.ObjectValueMust(obj.AttributeTypes(ctx), ba)
			}
		}
		attrs["buttons"] = types.ListValueMust(list.ElementType(ctx), elems)
	}
	v, d := types.ObjectValue(attrTypes, attrs)
	return v, !d.HasError()
}

func stringList(values []string) types.List {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

func stringMap(values map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(values))
	for k, v := range values {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}
