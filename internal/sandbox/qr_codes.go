package sandbox

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	qrcode "github.com/skip2/go-qrcode"
)

// Message QR codes (Meta's OpenAPI spec, /{Version}/{Phone-Number-ID}/message_qrdls):
// POST without code creates one (CreateQrCodeRequest), with code changes its
// prefilled message (UpdateQrCodeRequest); GET lists them or reads one with
// ?fields=, where qr_image_url.format(PNG|SVG) adds an image URL; DELETE
// removes one. Images are served like Meta's CDN serves them: a plain URL
// that takes no token, here under qrImagePrefix. They are real QR codes of
// the deep link.

const (
	qrPrefilledMax = 140 // CreateQrCodeRequest.prefilled_message.maxLength
	qrImagePrefix  = controlPrefix + "qr/"
	qrCodeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
)

// specQRCodeRE is the spec's pattern for a code.
var specQRCodeRE = regexp.MustCompile(`^[A-Z2-7]{14}$`)

// qrFieldRE is one field of ?fields=.
var qrFieldRE = regexp.MustCompile(`^(code|prefilled_message|deep_link_url|creation_time|qr_image_url\.format\((PNG|SVG)\))$`)

type qrCode struct {
	Code, PrefilledMessage string
	Created                time.Time
}

// QRCode is a message QR code as the sandbox keeps it.
type QRCode struct {
	Code             string `json:"code"`
	PrefilledMessage string `json:"prefilled_message"`
	DeepLinkURL      string `json:"deep_link_url"`
}

func deepLink(code string) string { return "https://wa.me/message/" + code }

// QRCodes lists the codes, oldest first.
func (s *Server) QRCodes() []QRCode {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	out := make([]QRCode, 0, len(s.account.qrOrder))
	for _, c := range s.account.qrOrder {
		q := s.account.qrCodes[c]
		out = append(out, QRCode{Code: q.Code, PrefilledMessage: q.PrefilledMessage, DeepLinkURL: deepLink(q.Code)})
	}
	return out
}

// PutQRCode creates a code out of band, as someone using the WhatsApp
// Manager would, and returns it.
func (s *Server) PutQRCode(message string) QRCode {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	q := &qrCode{Code: newQRCode(), PrefilledMessage: message, Created: s.st.now()}
	s.account.qrCodes[q.Code] = q
	s.account.qrOrder = append(s.account.qrOrder, q.Code)
	return QRCode{Code: q.Code, PrefilledMessage: message, DeepLinkURL: deepLink(q.Code)}
}

// SetQRCodeMessage changes a code's message out of band (the WhatsApp
// Manager); false when there is no such code.
func (s *Server) SetQRCodeMessage(code, message string) bool {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	q, ok := s.account.qrCodes[code]
	if ok {
		q.PrefilledMessage = message
	}
	return ok
}

// DeleteQRCode deletes a code out of band; false when there is none.
func (s *Server) DeleteQRCode(code string) bool {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	if _, ok := s.account.qrCodes[code]; !ok {
		return false
	}
	delete(s.account.qrCodes, code)
	s.account.qrOrder = slices.DeleteFunc(s.account.qrOrder, func(c string) bool { return c == code })
	return true
}

func newQRCode() string {
	b := make([]byte, 14)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = qrCodeAlphabet[int(b[i])%len(qrCodeAlphabet)]
	}
	return string(b)
}

func qrNotFound(code string) cloudError {
	return cloudError{Status: http.StatusNotFound, Code: 803, Type: "GraphMethodException",
		Message: "QR code not found", Details: "no QR code " + code + " on this phone number (deleted, or never created)"}
}

func qrBadCode(code string) cloudError {
	return templateParamError("(#100) Invalid QR code ID format. Expected 14-character alphanumeric string: " +
		fmt.Sprintf("%q does not match %s", code, specQRCodeRE))
}

// qrJSON is a code as the API answers it, with an image URL in format when it is not "".
func qrJSON(r *http.Request, q *qrCode, fields []string) map[string]any {
	out := map[string]any{"code": q.Code, "prefilled_message": q.PrefilledMessage, "deep_link_url": deepLink(q.Code)}
	for _, f := range fields {
		switch {
		case f == "creation_time":
			out["creation_time"] = q.Created.Unix()
		case strings.HasPrefix(f, "qr_image_url.format("):
			format := strings.TrimSuffix(strings.TrimPrefix(f, "qr_image_url.format("), ")")
			out["qr_image_url"] = baseURL(r) + qrImagePrefix + q.Code + "." + strings.ToLower(format)
		}
	}
	return out
}

// qrFields parses ?fields=; false (answered) when one is unknown.
func qrFields(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	var fields []string
	for _, f := range strings.Split(r.URL.Query().Get("fields"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !qrFieldRE.MatchString(f) {
			writeCloudError(w, templateParamError("(#100) Invalid fields parameter. Check field names and format specifications: "+
				fmt.Sprintf("%q; available: code, prefilled_message, deep_link_url, creation_time, qr_image_url.format(PNG|SVG)", f)))
			return nil, false
		}
		fields = append(fields, f)
	}
	return fields, true
}

func (s *Server) cloudListQRCodes(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	fields, ok := qrFields(w, r)
	if !ok {
		return
	}
	only := r.URL.Query().Get("code")
	s.account.mu.Lock()
	data := []map[string]any{}
	for i := len(s.account.qrOrder) - 1; i >= 0; i-- { // newest first
		if c := s.account.qrOrder[i]; only == "" || c == only {
			data = append(data, qrJSON(r, s.account.qrCodes[c], fields))
		}
	}
	s.account.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

func (s *Server) cloudGetQRCode(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	code := r.PathValue("code")
	if !specQRCodeRE.MatchString(code) {
		writeCloudError(w, qrBadCode(code))
		return
	}
	fields, ok := qrFields(w, r)
	if !ok {
		return
	}
	s.account.mu.Lock()
	q, found := s.account.qrCodes[code]
	var out map[string]any
	if found {
		out = qrJSON(r, q, fields)
	}
	s.account.mu.Unlock()
	if !found {
		writeCloudError(w, qrNotFound(code))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []map[string]any{out}})
}

func (s *Server) cloudPostQRCode(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	var req struct {
		Code             *string `json:"code"`
		PrefilledMessage *string `json:"prefilled_message"`
		GenerateQRImage  *string `json:"generate_qr_image"`
	}
	if !decodeCloudJSON(w, r, &req, `{"prefilled_message":"...","generate_qr_image":"PNG"} or {"code":"...","prefilled_message":"..."}`) {
		return
	}
	switch {
	case req.PrefilledMessage == nil || *req.PrefilledMessage == "":
		writeCloudError(w, templateParamError("(#100) The parameter prefilled_message is required."))
		return
	case utf8.RuneCountInString(*req.PrefilledMessage) > qrPrefilledMax:
		writeCloudError(w, templateParamError(fmt.Sprintf("(#100) Invalid prefilled_message length. Maximum %d characters allowed (got %d)",
			qrPrefilledMax, utf8.RuneCountInString(*req.PrefilledMessage))))
		return
	case req.GenerateQRImage != nil && *req.GenerateQRImage != "PNG" && *req.GenerateQRImage != "SVG":
		writeCloudError(w, templateParamError(fmt.Sprintf("(#100) Param generate_qr_image must be one of {PNG, SVG}, got %q", *req.GenerateQRImage)))
		return
	case req.Code != nil && !specQRCodeRE.MatchString(*req.Code):
		writeCloudError(w, qrBadCode(*req.Code))
		return
	}
	var fields []string
	if req.GenerateQRImage != nil {
		fields = []string{"qr_image_url.format(" + *req.GenerateQRImage + ")"}
	}
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	var q *qrCode
	if req.Code != nil {
		var ok bool
		if q, ok = s.account.qrCodes[*req.Code]; !ok {
			writeCloudError(w, qrNotFound(*req.Code))
			return
		}
		q.PrefilledMessage = *req.PrefilledMessage
	} else {
		q = &qrCode{Code: newQRCode(), PrefilledMessage: *req.PrefilledMessage, Created: s.st.now()}
		s.account.qrCodes[q.Code] = q
		s.account.qrOrder = append(s.account.qrOrder, q.Code)
	}
	writeJSON(w, http.StatusOK, qrJSON(r, q, fields))
}

func (s *Server) cloudDeleteQRCode(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	code := r.PathValue("code")
	if !specQRCodeRE.MatchString(code) {
		writeCloudError(w, qrBadCode(code))
		return
	}
	if !s.DeleteQRCode(code) {
		writeCloudError(w, qrNotFound(code))
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// serveQRImage serves /_sandbox/qr/{code}.png or .svg: the deep link as a QR code.
func (s *Server) serveQRImage(w http.ResponseWriter, r *http.Request) {
	code, ext, _ := strings.Cut(r.PathValue("file"), ".")
	s.account.mu.Lock()
	_, ok := s.account.qrCodes[code]
	s.account.mu.Unlock()
	if !ok || (ext != "png" && ext != "svg") {
		http.NotFound(w, r)
		return
	}
	qr, err := qrcode.New(deepLink(code), qrcode.Medium)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if ext == "png" {
		png, err := qr.PNG(256)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(png)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write([]byte(qrSVG(qr.Bitmap())))
}

// qrSVG draws a QR bitmap as SVG, one square per dark module.
func qrSVG(bits [][]bool) string {
	var b strings.Builder
	n := len(bits)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}
