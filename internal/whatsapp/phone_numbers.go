package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// PhoneNumberInfo is what the Cloud API tells about a business phone number.
// Fields the API did not return are empty: throughput and messaging_limit_tier
// exist only where the account has them.
type PhoneNumberInfo struct {
	ID                     string
	DisplayPhoneNumber     string
	VerifiedName           string
	QualityRating          string // GREEN, YELLOW, RED or NA
	CodeVerificationStatus string
	NameStatus             string
	Throughput             string // the throughput level, e.g. STANDARD or HIGH
	MessagingLimitTier     string // e.g. TIER_1K
}

// ErrCloudOnly is wrapped by errors for calls the On-Premises API has no
// equivalent of.
var ErrCloudOnly = errors.New("only the Cloud API offers this")

// phoneNumberFields are asked for explicitly: without fields Graph returns a
// default set that lacks throughput and messaging_limit_tier.
var phoneNumberFields = []string{
	"id", "display_phone_number", "verified_name", "quality_rating",
	"code_verification_status", "name_status", "throughput", "messaging_limit_tier",
}

type phoneNumberReply struct {
	ID                     string          `json:"id"`
	DisplayPhoneNumber     string          `json:"display_phone_number"`
	VerifiedName           string          `json:"verified_name"`
	QualityRating          string          `json:"quality_rating"`
	CodeVerificationStatus string          `json:"code_verification_status"`
	NameStatus             string          `json:"name_status"`
	Throughput             throughputLevel `json:"throughput"`
	MessagingLimitTier     string          `json:"messaging_limit_tier"`
}

// throughputLevel decodes Graph's {"level":"STANDARD"} and, leniently, a bare
// string, since second-hand sources show both.
type throughputLevel string

func (t *throughputLevel) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = throughputLevel(s)
		return nil
	}
	var obj struct {
		Level string `json:"level"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("throughput: want an object with level or a string: %w", err)
	}
	*t = throughputLevel(obj.Level)
	return nil
}

// GetPhoneNumber reads a business phone number (Cloud: GET
// /{version}/{phone-number-id}?fields=...). An empty id means the client's own
// PhoneNumberID. On-Premises has no such call: the error wraps ErrCloudOnly and
// nothing is sent. An unknown ID returns an error for which IsNotFound is true.
func (c *Client) GetPhoneNumber(ctx context.Context, id string) (*PhoneNumberInfo, error) {
	if c.cfg.Flavor != Cloud {
		return nil, fmt.Errorf("get phone number: %w; the On-Premises API has no phone number metadata call", ErrCloudOnly)
	}
	if id == "" {
		id = c.cfg.PhoneNumberID
	}
	if err := checkID("phone number ID", id); err != nil {
		return nil, err
	}
	query := url.Values{"fields": {strings.Join(phoneNumberFields, ",")}}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.cloudURL(id) + "?" + query.Encode(), idempotent: true})
	if err != nil {
		return nil, fmt.Errorf("get phone number %s: %w", id, err)
	}
	defer resp.Body.Close()
	var reply phoneNumberReply
	if err := decodeJSON(resp, &reply); err != nil {
		return nil, fmt.Errorf("get phone number %s: unreadable reply: %w", id, err)
	}
	info := &PhoneNumberInfo{
		ID: reply.ID, DisplayPhoneNumber: reply.DisplayPhoneNumber, VerifiedName: reply.VerifiedName,
		QualityRating: reply.QualityRating, CodeVerificationStatus: reply.CodeVerificationStatus,
		NameStatus: reply.NameStatus, Throughput: string(reply.Throughput), MessagingLimitTier: reply.MessagingLimitTier,
	}
	if info.ID == "" {
		info.ID = id
	}
	return info, nil
}
