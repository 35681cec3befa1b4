package sendlog

import "strings"

// A label names a send in WhatsApp's own record: the Cloud API echoes a
// message's biz_opaque_callback_data in every status of it, so a send whose
// answer was lost (a crash, a lost state, a runner thrown away) can be found
// among the statuses a webhook receiver stored, by a run that knows only the
// configuration. The label is computed from the send's Message, never stored:
//
//	wa1.<group>.<send>[|<the user's callback data>]
//
// group is 12 hex digits of the digest of the Message without its recipient
// (every recipient of one broadcast, one content, shares it: a receiver
// groups and counts by it), send 32 hex digits of Key (128 bits: no two sends
// of one account meet). The user's own callback data follows a "|", so a
// label takes LabelLength characters of the API's 512 and the user keeps the rest.
const (
	labelVersion = "wa1"
	groupDigits  = 12
	sendDigits   = 32
	// LabelLength is the length of a label without the user's data and its "|".
	LabelLength = len(labelVersion) + 1 + groupDigits + 1 + sendDigits
	labelSep    = "|"
)

// Group is the label prefix shared by every send of m's content to any
// recipient, ending in "." so that it matches no other group as a prefix.
func (m Message) Group() string {
	g := m
	g.Recipient, g.Parameters = "", ""
	return labelVersion + "." + g.Key()[:groupDigits] + "."
}

// Label is m's label, followed by the user's callback data when there is any.
func (m Message) Label(userData string) string {
	l := m.Group() + m.Key()[:sendDigits]
	if userData != "" {
		l += labelSep + userData
	}
	return l
}

// ParseLabel splits a label into the send part (Group()+send digits) and the
// user's data; ok is false for callback data that is not a label.
func ParseLabel(s string) (send, userData string, ok bool) {
	send, userData, _ = strings.Cut(s, labelSep)
	parts := strings.Split(send, ".")
	if len(parts) != 3 || parts[0] != labelVersion || len(parts[1]) != groupDigits || len(parts[2]) != sendDigits ||
		!isHex(parts[1]) || !isHex(parts[2]) {
		return "", "", false
	}
	return send, userData, true
}

// SendLabel is the send part of m's label (what ParseLabel returns as send).
func (m Message) SendLabel() string { return m.Group() + m.Key()[:sendDigits] }

func isHex(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

// LabelIn is m's label in another send's group: a campaign's rows differ in
// their parameters, part of their Message, yet share the campaign's group.
func (m Message) LabelIn(group string) string { return group + m.Key()[:sendDigits] }
