package whatsapp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
)

// Conversational automation (Cloud): the welcome message, ice breakers
// (prompts) and commands a phone number offers. Set with POST
// /{phone-number-id}/conversational_automation; read with GET
// /{phone-number-id}?fields=conversational_automation. Limits are Meta's
// OpenAPI spec's (ConversationalAutomationRequest, BotCommand).
const (
	AutomationPromptsMax        = 3
	AutomationPromptMaxLen      = 80
	AutomationCommandsMax       = 30
	AutomationCommandNameMax    = 30
	AutomationCommandDescMaxLen = 256
)

// AutomationCommandNamePattern is BotCommand.command_name's pattern (no leading slash).
var AutomationCommandNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

// BotCommand is one command customers can type after "/".
type BotCommand struct {
	Name        string `json:"command_name"`
	Description string `json:"command_description"`
}

// ConversationalAutomation is the whole setting.
type ConversationalAutomation struct {
	EnableWelcomeMessage bool         `json:"enable_welcome_message"`
	Prompts              []string     `json:"prompts"`
	Commands             []BotCommand `json:"commands"`
}

// GetConversationalAutomation reads the phone number's setting; a number that
// never had one reads as all off and empty.
func (c *Client) GetConversationalAutomation(ctx context.Context) (*ConversationalAutomation, error) {
	if c.cfg.Flavor != Cloud {
		return nil, fmt.Errorf("conversational automation exists on the Cloud API only")
	}
	u := c.cloudURL(c.cfg.PhoneNumberID) + "?" + url.Values{"fields": {"conversational_automation"}}.Encode()
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: u, idempotent: true})
	if err != nil {
		return nil, fmt.Errorf("read conversational automation: %w", err)
	}
	defer resp.Body.Close()
	var reply struct {
		CA *ConversationalAutomation `json:"conversational_automation"`
	}
	if err := decodeJSON(resp, &reply); err != nil {
		return nil, fmt.Errorf("read conversational automation: unreadable reply: %w", err)
	}
	ca := reply.CA
	if ca == nil {
		ca = &ConversationalAutomation{}
	}
	if ca.Prompts == nil {
		ca.Prompts = []string{}
	}
	if ca.Commands == nil {
		ca.Commands = []BotCommand{}
	}
	return ca, nil
}

// SetConversationalAutomation replaces the whole setting: prompts and
// commands left out are removed (the body always carries both lists).
func (c *Client) SetConversationalAutomation(ctx context.Context, ca ConversationalAutomation) error {
	if c.cfg.Flavor != Cloud {
		return fmt.Errorf("conversational automation exists on the Cloud API only")
	}
	if ca.Prompts == nil {
		ca.Prompts = []string{}
	}
	if ca.Commands == nil {
		ca.Commands = []BotCommand{}
	}
	data, err := json.Marshal(ca)
	if err != nil {
		return err
	}
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.cloudURL(c.cfg.PhoneNumberID, "conversational_automation"),
		contentType: "application/json", body: data, idempotent: true})
	if err != nil {
		return fmt.Errorf("set conversational automation: %w", err)
	}
	drainClose(resp)
	return nil
}
