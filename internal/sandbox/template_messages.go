package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Template sends (internal/whatsapp/API.md, "Template messages"): the shape
// Meta's spec gives TemplateObject and its components, then the business's
// stored template (templates.go), with the error codes WhatsApp documents.

// Template send failures: Cloud code, On-Premises code, title.
type templateFault struct {
	cloud, onPrem int
	title         string
}

var (
	faultParamCount   = templateFault{132000, 2000, "Number of parameters does not match the expected number of params"}
	faultMissing      = templateFault{132001, 2001, "Template name does not exist in the translation"}
	faultParamFormat  = templateFault{132012, 2012, "Parameter format does not match format in the created template"}
	faultPaused       = templateFault{132015, 2001, "Template is paused"}
	faultDisabled     = templateFault{132016, 2001, "Template is disabled"}
	faultParamTooLong = templateFault{131009, 2004, "Parameter value is not valid"}
)

func (f templateFault) with(details string) *checkError {
	return &checkError{kind: checkTemplate, details: details, template: f}
}

// specButtonIndexRE: the spec documents the button index as a position 0-9
// (its own pattern for it is broken, so this one follows its description).
var specButtonIndexRE = regexp.MustCompile(`^[0-9]$`)

// templateSend is what checkTemplateMessage read from a send.
type templateSend struct {
	name, language, namespace string
	headerType                string // image, video or document; "" without a header parameter
	header                    map[string]json.RawMessage
	body                      []string
	bodyNames                 []string // each body parameter's parameter_name, "" without one
	buttons                   []buttonParam
}

type buttonParam struct {
	subType string
	index   int
	value   string
}

// checkTemplateMessage checks the "template" object of a send. The checks
// on shape come first, so a malformed body is told so before any lookup.
func (s *Server) checkTemplateMessage(top map[string]json.RawMessage, flavor string) *checkError {
	cloud := flavor == FlavorCloud
	raw, ok := top["template"]
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return missing(`type is template but the body has no "template" object; send "template": {"name": "...", "language": {"code": "en_US"}}`)
	}
	var tmpl map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tmpl); err != nil || tmpl == nil {
		return invalid(`template must be an object like {"name": "...", "language": {"code": "en_US"}, "components": [...]}`)
	}
	send, cerr := readTemplateSend(tmpl, cloud)
	if cerr != nil {
		return cerr
	}
	if send.headerType != "" {
		if cerr := s.checkMedia(send.header, send.headerType, flavor); cerr != nil {
			return cerr
		}
	}
	return s.checkAgainstStored(send, cloud)
}

func readTemplateSend(tmpl map[string]json.RawMessage, cloud bool) (templateSend, *checkError) {
	var send templateSend
	for _, k := range sortedKeys(tmpl) {
		switch k {
		case "name", "language", "components":
		case "namespace":
			if cloud {
				return send, unknown("template.namespace is an On-Premises parameter; the Cloud API finds a template by name in the business account")
			}
		default:
			return send, unknown("unknown parameter template." + k + "; a template takes name, language and components")
		}
	}
	name, present, cerr := stringField(tmpl, "name", "template")
	switch {
	case cerr != nil:
		return send, cerr
	case !present || name == "":
		return send, missing("template.name is required: the name of an approved template")
	}
	send.name = name
	if !cloud {
		ns, present, cerr := stringField(tmpl, "namespace", "template")
		switch {
		case cerr != nil:
			return send, cerr
		case !present || ns == "":
			return send, missing("template.namespace is required on the On-Premises API: the business account's template namespace")
		}
		send.namespace = ns
	}
	var lang map[string]json.RawMessage
	if err := json.Unmarshal(tmpl["language"], &lang); err != nil || lang == nil {
		return send, missing(`template.language is required: an object like {"policy": "deterministic", "code": "en_US"}`)
	}
	code, present, cerr := stringField(lang, "code", "template.language")
	switch {
	case cerr != nil:
		return send, cerr
	case !present || code == "":
		return send, missing("template.language.code is required, e.g. \"en_US\"")
	}
	send.language = code
	policy, present, cerr := stringField(lang, "policy", "template.language")
	switch {
	case cerr != nil:
		return send, cerr
	case present && policy != "deterministic":
		return send, invalid(`template.language.policy must be "deterministic", got ` + strconv.Quote(policy))
	case !present && !cloud:
		return send, missing(`template.language.policy is required on the On-Premises API: send "policy": "deterministic"`)
	}
	for _, k := range sortedKeys(lang) {
		if k != "code" && k != "policy" {
			return send, unknown("unknown parameter template.language." + k + "; the language object takes policy and code")
		}
	}
	if rawComps, ok := tmpl["components"]; ok {
		var comps []map[string]json.RawMessage
		if err := json.Unmarshal(rawComps, &comps); err != nil {
			return send, invalid("template.components must be an array of component objects")
		}
		for i, c := range comps {
			if cerr := send.readComponent(c, "template.components["+strconv.Itoa(i)+"]"); cerr != nil {
				return send, cerr
			}
		}
	}
	return send, nil
}

func (send *templateSend) readComponent(c map[string]json.RawMessage, where string) *checkError {
	typ, _, cerr := stringField(c, "type", where)
	if cerr != nil {
		return cerr
	}
	var params []map[string]json.RawMessage
	if raw, ok := c["parameters"]; ok {
		if err := json.Unmarshal(raw, &params); err != nil {
			return invalid(where + ".parameters must be an array of parameter objects")
		}
	}
	for _, k := range sortedKeys(c) {
		switch {
		case k == "type" || k == "parameters":
		case (k == "sub_type" || k == "index") && typ == "button":
		default:
			return unknown("unknown parameter " + where + "." + k + " for a " + strconv.Quote(typ) + " component")
		}
	}
	switch typ {
	case "header":
		if len(params) != 1 {
			return invalid(where + " (header) takes exactly one parameter: the image, video or document")
		}
		p := params[0]
		pt, _, cerr := stringField(p, "type", where+".parameters[0]")
		if cerr != nil {
			return cerr
		}
		if pt != "image" && pt != "video" && pt != "document" && pt != "text" {
			return invalid(where + ".parameters[0].type must be image, video, document or text, got " + strconv.Quote(pt))
		}
		if pt == "text" {
			return nil // a text header's variable: this sandbox's templates have none to fill
		}
		var media map[string]json.RawMessage
		if err := json.Unmarshal(p[pt], &media); err != nil || media == nil {
			return missing(where + ".parameters[0] has type " + pt + " but no " + strconv.Quote(pt) + ` object; send {"type": "` + pt + `", "` + pt + `": {"id": "..."}}`)
		}
		if _, ok := media["caption"]; ok {
			return invalid(pt + ".caption is not allowed in a template header: the template's body is its text")
		}
		send.headerType, send.header = pt, media
	case "body":
		for i, p := range params {
			at := where + ".parameters[" + strconv.Itoa(i) + "]"
			pt, _, cerr := stringField(p, "type", at)
			if cerr != nil {
				return cerr
			}
			// A NAMED template's parameter says which {{name}} it fills.
			pname, _, cerr := stringField(p, "parameter_name", at)
			if cerr != nil {
				return cerr
			}
			send.bodyNames = append(send.bodyNames, pname)
			switch pt {
			case "text":
				text, present, cerr := stringField(p, "text", at)
				switch {
				case cerr != nil:
					return cerr
				case !present:
					return missing(at + ".text is required for a text parameter")
				case utf8.RuneCountInString(text) > 32768:
					return faultParamTooLong.with(at + ".text is longer than 32768 characters")
				}
				send.body = append(send.body, text)
			case "currency", "date_time":
				send.body = append(send.body, "("+pt+")")
			default:
				return invalid(at + ".type must be text, currency or date_time, got " + strconv.Quote(pt))
			}
		}
	case "button":
		sub, _, cerr := stringField(c, "sub_type", where)
		if cerr != nil {
			return cerr
		}
		if sub != "quick_reply" && sub != "url" && sub != "catalog" {
			return invalid(where + ".sub_type must be quick_reply, url or catalog, got " + strconv.Quote(sub))
		}
		index, present, cerr := stringField(c, "index", where)
		switch {
		case cerr != nil:
			return cerr
		case !present:
			return missing(where + ".index is required for a button: its position, \"0\" to \"9\"")
		case !specButtonIndexRE.MatchString(index):
			return invalid(where + ".index " + strconv.Quote(index) + " must be a position from \"0\" to \"9\"")
		}
		if len(params) < 1 {
			return missing(where + ".parameters needs at least one parameter (payload for quick_reply, text for url)")
		}
		want := map[string]string{"quick_reply": "payload", "url": "text", "catalog": "action"}[sub]
		pt, _, cerr := stringField(params[0], "type", where+".parameters[0]")
		if cerr != nil {
			return cerr
		}
		// A quick reply takes a payload; some integrations send its text instead.
		if pt != want && (sub != "quick_reply" || pt != "text") {
			return invalid(where + ".parameters[0].type must be " + want + " for a " + sub + " button, got " + strconv.Quote(pt))
		}
		value, _, cerr := stringField(params[0], pt, where+".parameters[0]")
		if cerr != nil {
			return cerr
		}
		n, _ := strconv.Atoi(index)
		send.buttons = append(send.buttons, buttonParam{subType: sub, index: n, value: value})
	default:
		return invalid(where + ".type must be header, body or button, got " + strconv.Quote(typ))
	}
	return nil
}

// checkAgainstStored compares a send with the business's template.
func (s *Server) checkAgainstStored(send templateSend, cloud bool) *checkError {
	now := s.st.now()
	if !cloud && send.namespace != s.opts.TemplateNamespace {
		return faultMissing.with("template namespace " + strconv.Quote(send.namespace) + " is not this business account's (" +
			s.opts.TemplateNamespace + "); copy it from the WhatsApp Manager")
	}
	t, ok := s.templates.find(send.name, send.language, now)
	switch {
	case !ok && s.templates.hasName(send.name, now):
		return faultMissing.with("template name (" + send.name + ") does not exist in " + send.language +
			"; send a language the template has")
	case !ok:
		return faultMissing.with("template name (" + send.name + ") does not exist in " + send.language +
			"; create it (whatsapp_message_template) and wait for approval")
	case t.Status == TemplatePaused:
		return faultPaused.with("template " + send.name + " (" + send.language + ") is paused")
	case t.Status == TemplateDisabled:
		return faultDisabled.with("template " + send.name + " (" + send.language + ") is disabled")
	case t.Status != TemplateApproved:
		return faultMissing.with("template " + send.name + " (" + send.language + ") is " + t.Status +
			", not APPROVED: only approved templates can be sent")
	}
	format := t.headerFormat()
	switch {
	case format == "IMAGE" || format == "VIDEO" || format == "DOCUMENT":
		if send.headerType == "" {
			return faultParamFormat.with("template " + send.name + " has a " + format + " header, and the send has no header parameter")
		}
		if strings.ToUpper(send.headerType) != format {
			return faultParamFormat.with("template " + send.name + " has a " + format + " header, and the send's header is " + send.headerType)
		}
	case send.headerType != "":
		head := "no header"
		if format != "" {
			head = "a " + format + " header"
		}
		return faultParamFormat.with("template " + send.name + " has " + head + ", and the send's header is " + send.headerType)
	}
	body := t.component("BODY")
	if cerr := checkBodyFormat(send, t); cerr != nil {
		return cerr
	}
	if t.named() {
		if cerr := checkNamedParams(send, placeholderNames(body.Text)); cerr != nil {
			return cerr
		}
	} else if want := placeholders(body.Text); len(send.body) != want {
		return faultParamCount.with("body: number of localizable_params (" + strconv.Itoa(len(send.body)) +
			") does not match the expected number of params (" + strconv.Itoa(want) + ")")
	}
	buttons := t.buttons()
	for _, b := range send.buttons {
		if b.index >= len(buttons) {
			return faultParamFormat.with("button at index " + strconv.Itoa(b.index) + ": template " + send.name + " has " +
				strconv.Itoa(len(buttons)) + " buttons")
		}
		if want := strings.ToLower(buttons[b.index].Type); want != b.subType {
			return faultParamFormat.with("button at index " + strconv.Itoa(b.index) + " is " + buttons[b.index].Type +
				" in template " + send.name + ", and the send fills it as " + b.subType)
		}
	}
	for i, def := range buttons {
		if def.Type == "URL" && placeholders(def.URL) > 0 && !hasButton(send.buttons, i) {
			return faultParamCount.with("button at index " + strconv.Itoa(i) + " has a dynamic URL, and the send gives no parameter for it")
		}
	}
	return nil
}

func hasButton(bs []buttonParam, index int) bool {
	for _, b := range bs {
		if b.index == index {
			return true
		}
	}
	return false
}

// writeTemplate answers a template failure in the flavor's error body.
func (e *checkError) writeTemplate(w http.ResponseWriter, cloud bool) {
	f := e.template
	if cloud {
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: f.cloud, Message: cloudMessage(f.cloud, f.title), Details: e.details})
		return
	}
	writeOnPremError(w, http.StatusBadRequest, f.onPrem, f.title, e.details)
}

// checkBodyFormat: a NAMED template's body parameters each carry a
// parameter_name, a POSITIONAL one's none.
func checkBodyFormat(send templateSend, t MessageTemplate) *checkError {
	for i, name := range send.bodyNames {
		switch {
		case t.named() && name == "":
			return faultParamFormat.with("template " + send.name + " has named parameters; body parameter " + strconv.Itoa(i) +
				" has no parameter_name")
		case !t.named() && name != "":
			return faultParamFormat.with("template " + send.name + " has positional parameters; body parameter " + strconv.Itoa(i) +
				" has parameter_name " + strconv.Quote(name))
		}
	}
	return nil
}

// checkNamedParams: one parameter per {{name}} of the body, each name once.
func checkNamedParams(send templateSend, want []string) *checkError {
	given := map[string]bool{}
	for _, name := range send.bodyNames {
		if given[name] {
			return faultParamCount.with("body: parameter_name " + strconv.Quote(name) + " is given twice")
		}
		given[name] = true
	}
	for _, name := range want {
		if !given[name] {
			return faultParamCount.with("body: no parameter for {{" + name + "}}; expected parameter_name " +
				strings.Join(want, ", "))
		}
	}
	if len(given) != len(want) {
		return faultParamCount.with("body: number of localizable_params (" + strconv.Itoa(len(given)) +
			") does not match the expected number of params (" + strconv.Itoa(len(want)) + ")")
	}
	return nil
}
