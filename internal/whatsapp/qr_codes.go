package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
)

// Message QR codes (Cloud, /{phone-number-id}/message_qrdls): a code that
// opens a chat with the business with a prefilled message. Limits are Meta's
// OpenAPI spec's (CreateQrCodeRequest, UpdateQrCodeRequest).

// QRPrefilledMessageMax is the longest prefilled message, in characters.
const QRPrefilledMessageMax = 140

// QRImageFormats are the formats generate_qr_image and
// qr_image_url.format(...) take.
var QRImageFormats = []string{"PNG", "SVG"}

// QRCodePattern is the form of a code as the spec declares it. Meta's own
// examples in the same spec (ANED2T5QRU7HG1) end in a 1, outside it, so the
// client accepts any 14 upper-case letters or digits (QRCodeForm).
var QRCodePattern = regexp.MustCompile(`^[A-Z2-7]{14}$`)

// QRCodeForm is what the client takes for a code: 14 upper-case letters or digits.
var QRCodeForm = regexp.MustCompile(`^[A-Z0-9]{14}$`)

// QRCode is a message QR code.
type QRCode struct {
	Code             string `json:"code"`
	PrefilledMessage string `json:"prefilled_message"`
	DeepLinkURL      string `json:"deep_link_url"`
	QRImageURL       string `json:"qr_image_url"`
}

// maxQRImage bounds a downloaded QR image; Meta's are a few kilobytes.
const maxQRImage = 10 << 20

// CreateQRCode creates a code; format ("PNG", "SVG" or "") asks for an image URL.
func (c *Client) CreateQRCode(ctx context.Context, prefilledMessage, format string) (*QRCode, error) {
	body := map[string]string{"prefilled_message": prefilledMessage}
	if format != "" {
		body["generate_qr_image"] = format
	}
	return c.postQRCode(ctx, body, "create QR code")
}

// UpdateQRCode changes a code's prefilled message; the code, its deep link
// and its image stay.
func (c *Client) UpdateQRCode(ctx context.Context, code, prefilledMessage string) (*QRCode, error) {
	return c.postQRCode(ctx, map[string]string{"code": code, "prefilled_message": prefilledMessage}, "update QR code "+code)
}

func (c *Client) postQRCode(ctx context.Context, body map[string]string, what string) (*QRCode, error) {
	if c.cfg.Flavor != Cloud {
		return nil, fmt.Errorf("%s: message QR codes exist on the Cloud API only", what)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	// A create repeated after a lost answer would make a second code, so only
	// an update (the same body twice leaves the same code) is retried freely.
	_, isUpdate := body["code"]
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.cloudURL(c.cfg.PhoneNumberID, "message_qrdls"),
		contentType: "application/json", body: data, idempotent: isUpdate})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer resp.Body.Close()
	var q QRCode
	if err := decodeJSON(resp, &q); err != nil {
		return nil, fmt.Errorf("%s: unreadable reply: %w", what, err)
	}
	if q.Code == "" {
		return nil, fmt.Errorf("%s: the reply has no code", what)
	}
	return &q, nil
}

// GetQRCode reads a code, with an image URL in format when it is not "";
// the error wraps ErrNotFound when the code does not exist.
func (c *Client) GetQRCode(ctx context.Context, code, format string) (*QRCode, error) {
	if c.cfg.Flavor != Cloud {
		return nil, fmt.Errorf("read QR code %s: message QR codes exist on the Cloud API only", code)
	}
	fields := "code,prefilled_message,deep_link_url"
	if format != "" {
		fields += ",qr_image_url.format(" + format + ")"
	}
	u := c.cloudURL(c.cfg.PhoneNumberID, "message_qrdls", code) + "?" + url.Values{"fields": {fields}}.Encode()
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: u, idempotent: true})
	if err != nil {
		if isQRCodeGone(err) {
			return nil, fmt.Errorf("QR code %s: %w", code, ErrNotFound)
		}
		return nil, fmt.Errorf("read QR code %s: %w", code, err)
	}
	defer resp.Body.Close()
	var page struct {
		Data []QRCode `json:"data"`
	}
	if err := decodeJSON(resp, &page); err != nil {
		return nil, fmt.Errorf("read QR code %s: unreadable reply: %w", code, err)
	}
	for _, q := range page.Data {
		if q.Code == code {
			return &q, nil
		}
	}
	return nil, fmt.Errorf("QR code %s: %w", code, ErrNotFound)
}

// isQRCodeGone: the spec answers an unknown code with HTTP 404 and code 803.
func isQRCodeGone(err error) bool {
	if IsNotFound(err) {
		return true
	}
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == 803
}

// DeleteQRCode deletes a code; already gone is not an error.
func (c *Client) DeleteQRCode(ctx context.Context, code string) error {
	if c.cfg.Flavor != Cloud {
		return fmt.Errorf("delete QR code %s: message QR codes exist on the Cloud API only", code)
	}
	resp, err := c.do(ctx, &call{method: http.MethodDelete, url: c.cloudURL(c.cfg.PhoneNumberID, "message_qrdls", code), idempotent: true})
	if err != nil {
		if isQRCodeGone(err) {
			return nil
		}
		return fmt.Errorf("delete QR code %s: %w", code, err)
	}
	drainClose(resp)
	return nil
}

// DownloadQRImage fetches a QR image from the URL the API gave (Meta's CDN,
// which takes no token: none is sent).
func (c *Client) DownloadQRImage(ctx context.Context, imageURL string) ([]byte, error) {
	u, err := url.Parse(imageURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("download QR image: %q is not an http(s) URL", imageURL)
	}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: imageURL, idempotent: true, anonymous: true})
	if err != nil {
		return nil, fmt.Errorf("download QR image: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxQRImage+1))
	if err != nil {
		return nil, fmt.Errorf("download QR image: %w", err)
	}
	if len(data) > maxQRImage {
		return nil, fmt.Errorf("download QR image: larger than %d bytes", maxQRImage)
	}
	return data, nil
}
