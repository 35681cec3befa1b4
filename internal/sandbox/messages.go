package sandbox

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxCaption is the documented caption limit, counted in characters.
const maxCaption = 1024

// maxCallbackData is the documented limit of biz_opaque_callback_data (Cloud).
const maxCallbackData = 512

// mediaTypes are the media message types this sandbox takes; it also takes
// template messages (template_messages.go). Text, location, contacts and
// interactive exist in the API but are out of scope.
var mediaTypes = map[string]bool{"audio": true, "document": true, "image": true, "sticker": true, "video": true}

// toRE: a phone number or wa_id, digits with an optional leading +, spaces,
// dashes, dots and parentheses ("+1 (631) 555-1001"). Dots are taken leniently:
// the documentation shows spaces and dashes but says nothing against dots.
var toRE = regexp.MustCompile(`^\+?[0-9 ().-]+$`)

// onPremToRE is how strictly an On-Premises gateway may read "to": digits
// with an optional leading +, 7 to 15 of them, and no formatting at all. One
// such gateway answers "+49 170 1223003" with HTTP 400 (internal/whatsapp/API.md,
// "The message body"), so this side of the sandbox does the same: a client
// that sends a recipient as written, not canonical, fails here as it would there.
var onPremToRE = regexp.MustCompile(`^\+?[0-9]{6,14}[0-9]$`)

// checkMessage applies internal/whatsapp/API.md's message rules for one flavor and
// returns the message to store. Its order (body, product, recipient, type,
// parameters, media) puts the most basic mistake first in the answer.
func (s *Server) checkMessage(body []byte, flavor string) (ReceivedMessage, *checkError) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return ReceivedMessage{}, &checkError{kind: checkBadRequest,
			details: "the body must be a JSON object like {\"to\":\"...\",\"type\":\"image\",\"image\":{\"id\":\"...\"}}"}
	}
	cloud := flavor == FlavorCloud

	if cloud {
		mp, present, cerr := stringField(top, "messaging_product", "")
		switch {
		case cerr != nil:
			return ReceivedMessage{}, cerr
		case !present:
			return ReceivedMessage{}, missing(`messaging_product is required; send "messaging_product": "whatsapp"`)
		case mp != "whatsapp":
			return ReceivedMessage{}, invalid(`messaging_product must be "whatsapp", got ` + strconv.Quote(mp))
		}
	}

	if rt, present, cerr := stringField(top, "recipient_type", ""); cerr != nil {
		return ReceivedMessage{}, cerr
	} else if present && rt != "individual" && (cloud || rt != "group") {
		allowed := `"individual" or "group"`
		if cloud {
			allowed = `"individual"`
		}
		return ReceivedMessage{}, invalid("recipient_type must be " + allowed + ", got " + strconv.Quote(rt))
	}

	to, present, cerr := stringField(top, "to", "")
	switch {
	case cerr != nil:
		return ReceivedMessage{}, cerr
	case !present || strings.TrimSpace(to) == "":
		return ReceivedMessage{}, missing("to is required: the recipient's phone number or wa_id")
	case !toRE.MatchString(to) || waID(to) == "":
		return ReceivedMessage{}, invalid("to " + strconv.Quote(to) + " is not a phone number; use digits with an optional leading +, spaces, dashes or parentheses")
	case !cloud && !onPremToRE.MatchString(to):
		return ReceivedMessage{}, invalid("invalid Message.To " + strconv.Quote(to) + ": this gateway takes 7 to 15 digits with an " +
			"optional leading + and no spaces, dashes, dots or parentheses, e.g. \"491701223003\"")
	}

	typ, present, cerr := stringField(top, "type", "")
	switch {
	case cerr != nil:
		return ReceivedMessage{}, cerr
	case !present || typ == "":
		return ReceivedMessage{}, missing("type is required: one of audio, document, image, sticker, video, template")
	case !mediaTypes[typ] && typ != "template":
		return ReceivedMessage{}, invalid("type " + strconv.Quote(typ) + " is not supported by this sandbox; use audio, document, image, sticker, video or template")
	}

	if cerr := checkTopKeys(top, typ, cloud); cerr != nil {
		return ReceivedMessage{}, cerr
	}
	if typ == "template" {
		if cerr := s.checkTemplateMessage(top, flavor); cerr != nil {
			return ReceivedMessage{}, cerr
		}
		return ReceivedMessage{Flavor: flavor, Body: json.RawMessage(bytes.Clone(body)), To: to, Type: typ}, nil
	}

	rawMedia, ok := top[typ]
	if !ok || bytes.Equal(bytes.TrimSpace(rawMedia), []byte("null")) {
		return ReceivedMessage{}, missing("type is " + typ + " but the body has no " + strconv.Quote(typ) +
			` object; send "` + typ + `": {"id": "..."} or {"link": "https://..."}`)
	}
	var media map[string]json.RawMessage
	if err := json.Unmarshal(rawMedia, &media); err != nil {
		return ReceivedMessage{}, invalid(typ + ` must be an object like {"id": "..."} or {"link": "https://..."}`)
	}
	if cerr := s.checkMedia(media, typ, flavor); cerr != nil {
		return ReceivedMessage{}, cerr
	}
	return ReceivedMessage{Flavor: flavor, Body: json.RawMessage(bytes.Clone(body)), To: to, Type: typ}, nil
}

// checkTopKeys rejects parameters the flavor does not take, so a client that
// sends Cloud fields to On-Premises (or the reverse) hears about it.
func checkTopKeys(top map[string]json.RawMessage, typ string, cloud bool) *checkError {
	allowed := map[string]bool{"recipient_type": true, "to": true, "type": true, typ: true}
	if cloud {
		allowed["messaging_product"] = true
		allowed["biz_opaque_callback_data"] = true
	}
	for _, k := range sortedKeys(top) {
		if !allowed[k] {
			if mediaTypes[k] {
				return invalid("the body has a " + strconv.Quote(k) + " object but type is " + strconv.Quote(typ) + "; send only the object named by type")
			}
			return unknown("unknown parameter " + strconv.Quote(k) + " for a " + typ + " message on " + flavorName(cloud))
		}
	}
	if cloud {
		data, _, cerr := stringField(top, "biz_opaque_callback_data", "")
		if cerr != nil {
			return cerr
		}
		if n := utf8.RuneCountInString(data); n > maxCallbackData {
			return invalid("biz_opaque_callback_data is " + strconv.Itoa(n) + " characters; the limit is " + strconv.Itoa(maxCallbackData))
		}
	}
	return nil
}

// checkMedia applies the field table to the media object.
func (s *Server) checkMedia(media map[string]json.RawMessage, typ, flavor string) *checkError {
	cloud := flavor == FlavorCloud
	for _, k := range sortedKeys(media) {
		switch k {
		case "id", "link":
		case "caption":
			if typ == "audio" || typ == "sticker" {
				return invalid(typ + ".caption is not allowed: " + typ + " messages never take a caption (only image, video and document do)")
			}
		case "filename":
			if typ != "document" {
				return invalid(typ + ".filename is not allowed: only document messages take a filename")
			}
		case "provider":
			if cloud {
				return unknown(typ + ".provider is an On-Premises parameter; the Cloud API does not take media providers")
			}
		case "voice":
			if !cloud || typ != "audio" {
				return unknown(typ + ".voice is only taken by Cloud audio messages")
			}
		default:
			extra := "provider"
			if cloud {
				extra = "voice"
			}
			return unknown("unknown parameter " + typ + "." + k + "; the media object takes id or link, and caption, filename or " +
				extra + " where the type allows")
		}
	}

	id, hasID, cerr := stringField(media, "id", typ)
	if cerr != nil {
		return cerr
	}
	link, hasLink, cerr := stringField(media, "link", typ)
	if cerr != nil {
		return cerr
	}
	switch {
	case hasID && hasLink:
		return invalid(typ + " takes exactly one of id or link, not both")
	case !hasID && !hasLink:
		return missing(typ + " needs one of id (an uploaded media ID) or link (an http:// or https:// URL)")
	case hasID && id == "":
		return invalid(typ + ".id is empty; send the ID the media upload returned")
	case hasLink && !isHTTPURL(link):
		return invalid(typ + ".link " + strconv.Quote(link) + " must be an http:// or https:// URL")
	}

	if caption, present, cerr := stringField(media, "caption", typ); cerr != nil {
		return cerr
	} else if n := utf8.RuneCountInString(caption); present && n > maxCaption {
		return invalid(typ + ".caption is " + strconv.Itoa(n) + " characters; the limit is " + strconv.Itoa(maxCaption))
	}
	if fn, present, cerr := stringField(media, "filename", typ); cerr != nil {
		return cerr
	} else if present && fn == "" {
		return invalid(typ + ".filename is empty; leave it out or name the file, e.g. \"catalogue.pdf\"")
	}
	if raw, ok := media["voice"]; ok {
		var v bool
		if err := json.Unmarshal(raw, &v); err != nil {
			return invalid(typ + ".voice must be true or false")
		}
	}
	if raw, ok := media["provider"]; ok {
		if cerr := s.checkProviderRef(raw, typ, hasLink); cerr != nil {
			return cerr
		}
	}
	if hasID {
		if _, _, ok := s.st.liveMediaFor(id, flavor); !ok {
			return &checkError{kind: checkMediaMissing, details: typ + ".id " + strconv.Quote(id) + " names no media on this " +
				flavorName(cloud) + " server (unknown or deleted); upload the media first and send the ID it returns"}
		}
	}
	return nil
}

// checkProviderRef checks On-Premises "provider":{"name":...}: an object, only
// with link, naming a provider that exists.
func (s *Server) checkProviderRef(raw json.RawMessage, typ string, hasLink bool) *checkError {
	var ref map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ref); err != nil || ref == nil {
		return invalid(typ + `.provider must be an object like {"name": "cdn"}, not a string`)
	}
	name, present, cerr := stringField(ref, "name", typ+".provider")
	switch {
	case cerr != nil:
		return cerr
	case !present || name == "":
		return missing(typ + ".provider.name is required")
	case !hasLink:
		return invalid(typ + ".provider is only allowed with link, not with id")
	case !s.st.hasProvider(name):
		return invalid("media provider " + strconv.Quote(name) + " is unknown; create it with POST /v1/settings/application/media/providers first")
	}
	return nil
}

// stringField reads an optional string parameter; a non-string value is an
// invalid-parameter error naming the field.
func stringField(obj map[string]json.RawMessage, key, parent string) (string, bool, *checkError) {
	raw, ok := obj[key]
	if !ok {
		return "", false, nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		field := key
		if parent != "" {
			field = parent + "." + key
		}
		return "", true, invalid(field + " must be a string")
	}
	return v, true, nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}

// waID is the recipient's digits, how both flavors echo "wa_id".
func waID(to string) string {
	var b strings.Builder
	for _, r := range to {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func flavorName(cloud bool) string {
	if cloud {
		return "Cloud API"
	}
	return "On-Premises API"
}

// sortedKeys makes the first reported problem the same on every run.
func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
