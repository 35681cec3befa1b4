package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// MediaMessage is one audio, document, image, sticker or video message.
// Empty optional fields are left out of the request body.
type MediaMessage struct {
	To            string // phone number (with or without +, maybe formatted) or wa_id; sent canonical
	RecipientType string // "individual" when empty
	Type          string // audio | document | image | sticker | video
	MediaID       string // exactly one of MediaID and Link
	Link          string
	Caption       string
	Filename      string
	LinkProvider  string // On-Premises only, with Link: the media provider that fetches it, sent as "provider":{"name":...}
	// Template, when set, sends a template message whose header carries the
	// media (template_message.go) instead of a free-form media message.
	Template *Template
	// CallbackData is sent as biz_opaque_callback_data (Cloud only): WhatsApp
	// echoes it in every status of the message, so a webhook receiver can
	// tell which message a status is about without a lookup.
	CallbackData string
}

// SentMessage is the API's answer to an accepted send. Accepted is not delivered.
type SentMessage struct {
	ID     string // messages[0].id
	WaID   string // contacts[0].wa_id when the API returns it
	Status string // Cloud messages[0].message_status when present
}

type mediaObject struct {
	ID       string            `json:"id,omitempty"`
	Link     string            `json:"link,omitempty"`
	Caption  string            `json:"caption,omitempty"`
	Filename string            `json:"filename,omitempty"`
	Provider *mediaProviderRef `json:"provider,omitempty"`
}

type mediaProviderRef struct {
	Name string `json:"name"`
}

// messageBody builds the send request. It checks only what would make the
// body wrong for the API shape; the field rules per type are the caller's
// (the provider checks them at plan time, the API checks them again).
// The recipient goes on the wire in its canonical form (CanonicalRecipient):
// spaces, dashes and the like are formatting to people, but a strict gateway
// refuses them as an invalid number (API.md, "The message body").
func (c *Client) messageBody(m MediaMessage) ([]byte, error) {
	to, err := CanonicalRecipient(m.To)
	if err != nil {
		return nil, fmt.Errorf("send media message: %w", err)
	}
	switch {
	case !IsMediaMessageType(m.Type):
		return nil, fmt.Errorf("send media message: type %q is not one of %s", m.Type, strings.Join(MediaMessageTypes(), ", "))
	case (m.MediaID == "") == (m.Link == ""):
		return nil, errors.New("send media message: set exactly one of media ID and link")
	case m.LinkProvider != "" && c.cfg.Flavor != OnPremises:
		return nil, errors.New("send media message: a media provider can be named only on the On-Premises API")
	case m.LinkProvider != "" && m.Link == "":
		return nil, errors.New("send media message: a media provider applies only to a link")
	case m.CallbackData != "" && c.cfg.Flavor != Cloud:
		return nil, errors.New("send media message: callback data (biz_opaque_callback_data) exists only on the Cloud API")
	}
	obj := mediaObject{ID: m.MediaID, Link: m.Link, Caption: m.Caption, Filename: m.Filename}
	if m.LinkProvider != "" {
		obj.Provider = &mediaProviderRef{Name: m.LinkProvider}
	}
	rt := m.RecipientType
	if rt == "" {
		rt = RecipientIndividual
	}
	body := map[string]any{
		"recipient_type": rt,
		"to":             to,
		"type":           m.Type,
		m.Type:           obj,
	}
	if m.Template != nil {
		tmpl, err := c.templateBody(m, obj)
		if err != nil {
			return nil, err
		}
		body = map[string]any{"recipient_type": rt, "to": to, "type": TypeTemplate, TypeTemplate: tmpl}
	}
	if c.cfg.Flavor == Cloud {
		body["messaging_product"] = "whatsapp"
	}
	if m.CallbackData != "" {
		body["biz_opaque_callback_data"] = m.CallbackData
	}
	return json.Marshal(body)
}

// sendReply covers both flavors' send replies.
type sendReply struct {
	Contacts []struct {
		Input string `json:"input"`
		WaID  string `json:"wa_id"`
	} `json:"contacts"`
	Messages []struct {
		ID            string `json:"id"`
		MessageStatus string `json:"message_status"`
	} `json:"messages"`
}

// SendMediaMessage sends one media message. It is retried only when the API
// proved it did not take the request (throttling answers, connection refused,
// 401 answered by a fresh login). When the outcome is unknown it returns an
// error for which IsOutcomeUnknown is true: the message may have been sent.
// Canceling ctx stops a send that has not been written yet (and any retry);
// a request already written runs to its answer within the request timeout.
func (c *Client) SendMediaMessage(ctx context.Context, m MediaMessage) (*SentMessage, error) {
	return c.SendMediaMessageWith(ctx, m, SendHooks{})
}

// SendHooks let a caller keep a record of a send that is true at every
// moment, such as the provider's record of sends: a send that waits for the
// pace or for a retry has not reached the API, and a crash then must not
// leave it looking as if it might have.
type SendHooks struct {
	// BeforeAttempt runs after the send's wait for the pace, just before each
	// attempt is written. An error stops the send, which is then not
	// attempted: the error returned wraps ErrNotAttempted and this one.
	BeforeAttempt func() error
	// NotTaken runs after an attempt the API proved it did not take (a
	// throttling answer, a refused login token), before the wait for the next.
	NotTaken func()
}

func (h SendHooks) notTaken() {
	if h.NotTaken != nil {
		h.NotTaken()
	}
}

// SendMediaMessageWith is SendMediaMessage with hooks around each attempt.
func (c *Client) SendMediaMessageWith(ctx context.Context, m MediaMessage, hooks SendHooks) (*SentMessage, error) {
	body, err := c.messageBody(m)
	if err != nil {
		return nil, err
	}
	u := c.onPremURL("messages")
	if c.cfg.Flavor == Cloud {
		u = c.cloudURL(c.cfg.PhoneNumberID, "messages")
	}
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: u, contentType: "application/json", body: body, paced: true, finishOnStop: true, hooks: hooks})
	if err != nil {
		return nil, fmt.Errorf("send %s message to %s: %w", m.Type, m.To, err)
	}
	defer resp.Body.Close()
	// From here on the API has accepted the message: any failure to read
	// its ID leaves the outcome unknown, never a plain error that invites
	// sending again.
	var reply sendReply
	if err := decodeJSON(resp, &reply); err != nil {
		return nil, &OutcomeUnknownError{Err: fmt.Errorf("send %s message to %s: HTTP %d with an unreadable reply: %w", m.Type, m.To, resp.StatusCode, err)}
	}
	if len(reply.Messages) == 0 || reply.Messages[0].ID == "" {
		return nil, &OutcomeUnknownError{Err: fmt.Errorf("send %s message to %s: HTTP %d reply holds no message ID", m.Type, m.To, resp.StatusCode)}
	}
	sent := &SentMessage{ID: reply.Messages[0].ID, Status: reply.Messages[0].MessageStatus}
	if len(reply.Contacts) > 0 {
		sent.WaID = reply.Contacts[0].WaID
	}
	return sent, nil
}
