package sandbox

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"unicode/utf8"
)

// Conversational automation (Meta's OpenAPI spec,
// /{Version}/{Phone-Number-ID}/conversational_automation): POST replaces the
// welcome message switch, the prompts (ice breakers) and the commands, within
// the spec's limits (ConversationalAutomationRequest, BotCommand). It is read
// back as the phone number's conversational_automation field (GET
// /{phone-number-id}?fields=conversational_automation, phone_numbers.go).

const (
	automationPromptsMax  = 3   // prompts.maxItems
	automationPromptMax   = 80  // prompts.items.maxLength
	automationCommandsMax = 30  // commands.maxItems
	automationNameMax     = 30  // BotCommand.command_name.maxLength
	automationDescMax     = 256 // BotCommand.command_description.maxLength
	automationExampleBody = `{"enable_welcome_message":true,"prompts":["..."],"commands":[{"command_name":"help","command_description":"..."}]}`
)

var specCommandNameRE = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

// AutomationCommand is a command customers type after "/".
type AutomationCommand struct {
	Name        string `json:"command_name"`
	Description string `json:"command_description"`
}

// Automation is a phone number's conversational automation.
type Automation struct {
	EnableWelcomeMessage bool                `json:"enable_welcome_message"`
	Prompts              []string            `json:"prompts"`
	Commands             []AutomationCommand `json:"commands"`
}

// Automation returns the phone number's conversational automation.
func (s *Server) Automation() Automation {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	a := s.account.automation
	a.Prompts, a.Commands = slices.Clone(a.Prompts), slices.Clone(a.Commands)
	return a
}

// SetAutomation changes it out of band (the WhatsApp Manager).
func (s *Server) SetAutomation(a Automation) {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	s.account.automation = a
}

// automationField is the conversational_automation field as GET answers it.
func (s *Server) automationField() map[string]any {
	a := s.Automation()
	out := map[string]any{"enable_welcome_message": a.EnableWelcomeMessage}
	if len(a.Prompts) > 0 {
		out["prompts"] = a.Prompts
	}
	if len(a.Commands) > 0 {
		out["commands"] = a.Commands
	}
	return out
}

// automationProblem is what the spec refuses in a request, or "".
func automationProblem(a Automation) string {
	if len(a.Prompts) > automationPromptsMax {
		return fmt.Sprintf("(#100) Too many prompts: at most %d are allowed, got %d", automationPromptsMax, len(a.Prompts))
	}
	for i, p := range a.Prompts {
		if n := utf8.RuneCountInString(p); n > automationPromptMax || n == 0 {
			return fmt.Sprintf("(#100) prompts[%d] must be 1 to %d characters, got %d", i, automationPromptMax, n)
		}
	}
	if len(a.Commands) > automationCommandsMax {
		return fmt.Sprintf("(#100) Too many commands: at most %d are allowed, got %d", automationCommandsMax, len(a.Commands))
	}
	seen := map[string]bool{}
	for i, c := range a.Commands {
		switch {
		case c.Name == "" || c.Description == "":
			return fmt.Sprintf("(#100) commands[%d] needs command_name and command_description", i)
		case utf8.RuneCountInString(c.Name) > automationNameMax || !specCommandNameRE.MatchString(c.Name):
			return fmt.Sprintf("(#100) Invalid command name format. Command names must contain only alphanumeric characters "+
				"and underscores, at most %d: %q", automationNameMax, c.Name)
		case utf8.RuneCountInString(c.Description) > automationDescMax:
			return fmt.Sprintf("(#100) commands[%d].command_description is longer than %d characters", i, automationDescMax)
		case seen[c.Name]:
			return fmt.Sprintf("(#100) Command names must be unique within the same phone number: %q is there twice", c.Name)
		}
		seen[c.Name] = true
	}
	return ""
}

func (s *Server) cloudSetAutomation(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	var req Automation
	if !decodeCloudJSON(w, r, &req, automationExampleBody) {
		return
	}
	if problem := automationProblem(req); problem != "" {
		writeCloudError(w, templateParamError(problem))
		return
	}
	s.SetAutomation(req)
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}
