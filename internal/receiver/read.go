package receiver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// The read API (receiverapi holds its JSON and a client):
//
//	GET /api/v1/statuses?message_id=A&message_id=B      what is known of these messages
//	GET /api/v1/statuses?label=L | label_prefix=P       messages whose callback data is L or starts with P,
//	                                                     paged: limit (default 500, at most 5000), after=<next>
//	GET /api/v1/inbound?since=<RFC 3339 or Unix seconds>[&wa_id=...]  messages customers sent, paged the same way
//
// Every request needs "Authorization: Bearer <read token>".

func (s *Server) readRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+receiverapi.PathStatuses, s.authorized(false, s.readStatuses))
	mux.HandleFunc("GET "+receiverapi.PathInbound, s.authorized(false, s.readInbound))
	mux.HandleFunc("GET "+PathPage+"{$}", s.authorized(true, s.page))
}

// authorized takes the read token as a bearer token, and for the page also
// as the password of HTTP Basic, which a browser asks for.
func (s *Server) authorized(basic bool, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok && basic {
			_, token, ok = r.BasicAuth()
		}
		if !ok || !equalSecret(token, s.cfg.ReadToken) {
			s.m.readRefused.Inc()
			if basic {
				w.Header().Set("WWW-Authenticate", `Basic realm="whatsapp-receiver", charset="UTF-8"`)
			} else {
				w.Header().Set("WWW-Authenticate", `Bearer realm="whatsapp-receiver"`)
			}
			writeError(w, http.StatusUnauthorized, "send the receiver's read token: Authorization: Bearer <token>")
			return
		}
		next(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(receiverapi.Error{Error: msg})
}

func pageLimit(r *http.Request) (int, bool) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return receiverapi.DefaultLimit, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n > 0 && n <= receiverapi.MaxLimit
}

func (s *Server) readStatuses(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ids, label, prefix := q["message_id"], q.Get("label"), q.Get("label_prefix")
	chosen := 0
	for _, set := range []bool{len(ids) > 0, q.Has("label"), q.Has("label_prefix")} {
		if set {
			chosen++
		}
	}
	if chosen != 1 {
		writeError(w, http.StatusBadRequest, "name exactly one of message_id (repeatable), label or label_prefix")
		return
	}
	if len(ids) > 0 {
		if len(ids) > receiverapi.MaxMessageIDs {
			writeError(w, http.StatusBadRequest, "at most "+strconv.Itoa(receiverapi.MaxMessageIDs)+" message_id values per request")
			return
		}
		msgs, err := s.store.MessagesByID(r.Context(), ids)
		if err != nil {
			writeError(w, http.StatusServiceUnavailable, "reading the store failed: "+err.Error())
			return
		}
		writeJSON(w, receiverapi.StatusesPage{Messages: msgs})
		return
	}
	limit, ok := pageLimit(r)
	if !ok {
		writeError(w, http.StatusBadRequest, "limit must be 1 to "+strconv.Itoa(receiverapi.MaxLimit))
		return
	}
	isPrefix := q.Has("label_prefix")
	if isPrefix {
		label = prefix
	}
	msgs, err := s.store.MessagesByLabel(r.Context(), label, isPrefix, q.Get("after"), limit)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "reading the store failed: "+err.Error())
		return
	}
	page := receiverapi.StatusesPage{Messages: msgs}
	if len(msgs) == limit {
		page.Next = msgs[len(msgs)-1].MessageID
	}
	writeJSON(w, page)
}

func parseSince(v string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, true
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

func (s *Server) readInbound(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	since, ok := parseSince(q.Get("since"))
	if !ok {
		writeError(w, http.StatusBadRequest, "since is required: an RFC 3339 time or Unix seconds")
		return
	}
	limit, ok := pageLimit(r)
	if !ok {
		writeError(w, http.StatusBadRequest, "limit must be 1 to "+strconv.Itoa(receiverapi.MaxLimit))
		return
	}
	var after int64
	if v := q.Get("after"); v != "" {
		var err error
		if after, err = strconv.ParseInt(v, 10, 64); err != nil {
			writeError(w, http.StatusBadRequest, "after must be the next value of the previous page")
			return
		}
	}
	if len(q["wa_id"]) > receiverapi.MaxMessageIDs {
		writeError(w, http.StatusBadRequest, "at most "+strconv.Itoa(receiverapi.MaxMessageIDs)+" wa_id values per request")
		return
	}
	in, last, err := s.store.InboundSince(r.Context(), since, q["wa_id"], after, limit)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "reading the store failed: "+err.Error())
		return
	}
	page := receiverapi.InboundPage{Inbound: in}
	if len(in) == limit {
		page.Next = strconv.FormatInt(last, 10)
	}
	writeJSON(w, page)
}
