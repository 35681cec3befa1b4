package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// The control API's view of statuses, webhooks and the world:
//
//	GET  /_sandbox/statuses  every status with its delivery, and a count per recipient
//	GET  /_sandbox/webhooks  where each flavor sends statuses
//	POST /_sandbox/webhooks  change that out of band, e.g. {"cloud_app_url":"http://127.0.0.1:9000/hook"}
//	GET  /_sandbox/world     who is not on WhatsApp, which links fail, the status schedule
//	POST /_sandbox/world     e.g. {"not_on_whatsapp":["+1 631 555 0199"],"schedule":{"read":"10s"}}

func (s *Server) statusRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_sandbox/statuses", s.controlStatuses)
	mux.HandleFunc("GET /_sandbox/webhooks", s.controlGetWebhooks)
	mux.HandleFunc("POST /_sandbox/webhooks", s.controlSetWebhooks)
	mux.HandleFunc("GET /_sandbox/world", s.controlGetWorld)
	mux.HandleFunc("POST /_sandbox/world", s.controlSetWorld)
}

type statusJSON struct {
	MessageID    string         `json:"message_id"`
	Flavor       string         `json:"flavor"`
	RecipientID  string         `json:"recipient_id"`
	Status       string         `json:"status"`
	Time         string         `json:"time"`
	Error        *failureJSON   `json:"error,omitempty"`
	CallbackData string         `json:"callback_data,omitempty"`
	Delivery     deliveryReport `json:"delivery"`
}

type failureJSON struct {
	Code    int    `json:"code"`
	Title   string `json:"title"`
	Details string `json:"details,omitempty"`
}

type deliveryReport struct {
	WebhookURL string `json:"webhook_url"`
	Attempts   int    `json:"attempts"`
	LastStatus int    `json:"last_status,omitempty"`
	Delivered  bool   `json:"delivered"`
	LastError  string `json:"last_error,omitempty"`
}

func statusToJSON(ev StatusEvent) statusJSON {
	out := statusJSON{MessageID: ev.MessageID, Flavor: ev.Flavor, RecipientID: ev.RecipientID, Status: ev.Status,
		Time: ev.Time.UTC().Format(time.RFC3339Nano), CallbackData: ev.CallbackData,
		Delivery: deliveryReport{WebhookURL: ev.WebhookURL, Attempts: ev.Attempts, LastStatus: ev.LastStatus,
			Delivered: ev.Delivered, LastError: ev.LastError}}
	if f := ev.Failure; f != nil {
		out.Error = &failureJSON{Code: f.Code, Title: f.Title, Details: f.Details}
	}
	return out
}

func (s *Server) controlStatuses(w http.ResponseWriter, _ *http.Request) {
	list := []statusJSON{}
	for _, ev := range s.Statuses() {
		list = append(list, statusToJSON(ev))
	}
	writeJSON(w, http.StatusOK, map[string]any{"statuses": list, "recipients": s.StatusCounts()})
}

func (s *Server) controlGetWebhooks(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Webhooks())
}

// controlSetWebhooks changes only the fields the body names.
func (s *Server) controlSetWebhooks(w http.ResponseWriter, r *http.Request) {
	var req struct {
		CloudAppURL   *string `json:"cloud_app_url"`
		CloudOverride *string `json:"cloud_override"`
		OnPremisesURL *string `json:"on_premises_url"`
	}
	if err := decodeControl(r, &req); err != nil {
		controlError(w, http.StatusBadRequest, `the body must be like {"cloud_app_url":"http://127.0.0.1:9000/hook","on_premises_url":""}: `+err.Error())
		return
	}
	ws := s.Webhooks()
	for _, f := range []struct {
		from *string
		to   *string
	}{{req.CloudAppURL, &ws.CloudAppURL}, {req.CloudOverride, &ws.CloudOverride}, {req.OnPremisesURL, &ws.OnPremisesURL}} {
		if f.from == nil {
			continue
		}
		if *f.from != "" && !isCallbackURL(*f.from) {
			controlError(w, http.StatusBadRequest, fmt.Sprintf("%q is not an absolute http(s) URL; use \"\" to remove one", *f.from))
			return
		}
		*f.to = *f.from
	}
	s.SetWebhooks(ws)
	writeJSON(w, http.StatusOK, ws)
}

type scheduleJSON struct {
	Sent      string `json:"sent,omitempty"`
	Delivered string `json:"delivered,omitempty"`
	Read      string `json:"read,omitempty"`
	NoRead    bool   `json:"no_read,omitempty"`
}

type worldJSON struct {
	NotOnWhatsApp    []string      `json:"not_on_whatsapp"`
	UnfetchableLinks []string      `json:"unfetchable_links"`
	Schedule         *scheduleJSON `json:"schedule,omitempty"`
}

func (s *Server) controlGetWorld(w http.ResponseWriter, _ *http.Request) {
	world, sc := s.WorldNow(), s.StatusScheduleNow()
	writeJSON(w, http.StatusOK, worldJSON{NotOnWhatsApp: world.NotOnWhatsApp, UnfetchableLinks: world.UnfetchableLinks,
		Schedule: &scheduleJSON{Sent: sc.Sent.String(), Delivered: sc.Delivered.String(), Read: sc.Read.String(), NoRead: sc.NoRead}})
}

// controlSetWorld replaces the world's lists that the body names and, with
// "schedule", the status schedule (a duration left out keeps its value).
func (s *Server) controlSetWorld(w http.ResponseWriter, r *http.Request) {
	var req struct {
		NotOnWhatsApp    *[]string     `json:"not_on_whatsapp"`
		UnfetchableLinks *[]string     `json:"unfetchable_links"`
		Schedule         *scheduleJSON `json:"schedule"`
	}
	if err := decodeControl(r, &req); err != nil {
		controlError(w, http.StatusBadRequest, `the body must be like {"not_on_whatsapp":["+16315550199"],"unfetchable_links":["https://example.com/gone.pdf"],"schedule":{"sent":"0s","delivered":"1s","read":"3s"}}: `+err.Error())
		return
	}
	world := s.WorldNow()
	if req.NotOnWhatsApp != nil {
		world.NotOnWhatsApp = *req.NotOnWhatsApp
	}
	if req.UnfetchableLinks != nil {
		world.UnfetchableLinks = *req.UnfetchableLinks
	}
	if req.Schedule != nil {
		sc := s.StatusScheduleNow()
		for _, f := range []struct {
			name, raw string
			to        *time.Duration
		}{{"sent", req.Schedule.Sent, &sc.Sent}, {"delivered", req.Schedule.Delivered, &sc.Delivered}, {"read", req.Schedule.Read, &sc.Read}} {
			if f.raw == "" {
				continue
			}
			d, err := time.ParseDuration(f.raw)
			if err != nil || d < 0 {
				controlError(w, http.StatusBadRequest, fmt.Sprintf("schedule.%s %q is not a duration like \"500ms\" or \"2s\"", f.name, f.raw))
				return
			}
			*f.to = d
		}
		sc.NoRead = req.Schedule.NoRead
		s.SetStatusSchedule(sc)
	}
	s.SetWorld(world)
	s.controlGetWorld(w, r)
}

func decodeControl(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
