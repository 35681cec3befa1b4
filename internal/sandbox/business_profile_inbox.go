package sandbox

import (
	"fmt"
	"strconv"
	"strings"
)

// inboxProfile is the business profile as the inbox shows it: what a customer
// sees on opening the business's chat.
type inboxProfile struct {
	About, Address, Description, Email, Vertical string
	Websites                                     []string
	PhotoURL                                     string // this sandbox's copy; empty without a photo
}

// inboxProfile is nil while the profile is empty, so the page shows nothing.
func (s *Server) inboxProfile() *inboxProfile {
	p := s.BusinessProfile()
	if p.About == "" && p.Address == "" && p.Description == "" && p.Email == "" && p.Vertical == "" &&
		len(p.Websites) == 0 && p.Photo == nil {
		return nil
	}
	v := &inboxProfile{About: p.About, Address: p.Address, Description: p.Description, Email: p.Email,
		Vertical: p.Vertical, Websites: p.Websites}
	if p.Photo != nil {
		v.PhotoURL = "/_sandbox/profile-photo/" + strconv.Itoa(p.PhotoVersion)
	}
	return v
}

// profileFingerprint changes with the profile, so an open inbox reloads.
func (s *Server) profileFingerprint() string {
	p := s.BusinessProfile()
	return fmt.Sprintln(p.About, p.Address, p.Description, p.Email, p.Vertical, strings.Join(p.Websites, " "), p.PhotoVersion)
}
