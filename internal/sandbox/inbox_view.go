package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// inboxPage is what inbox.html renders: one conversation per recipient, in
// the order each recipient first got a message.
type inboxPage struct {
	Profile       *inboxProfile // business_profile_inbox.go; nil while empty
	Conversations []conversation
	Messages      int
	Version       string
}

type conversation struct {
	To      string // as the first message wrote it, e.g. "+16315551001"
	WaID    string // digits only: what groups "+1 631..." and "1631..." together
	Bubbles []bubble
	// Window says, in words, whether the customer service window is open
	// (window.go); WindowOpen styles it.
	Window     string
	WindowOpen bool
}

// bubble is one message as the recipient sees it, plus what a developer wants
// to know about it (message ID, time, API flavor).
type bubble struct {
	ID       string
	Flavor   string
	Type     string // audio, document, image, sticker, video
	Time     string // "15:04:05"
	TimeFull string // RFC 3339, for the tooltip

	Caption  string
	Filename string // the document name the recipient sees
	Voice    bool   // Cloud audio sent as a voice note
	Provider string // On-Premises media provider named for a link

	Link string // media sent by link: shown, never fetched

	MediaID     string
	MediaURL    string // this sandbox's copy of the bytes; empty when there are none to show
	ContentType string
	Size        string
	Missing     string // why the media cannot be shown, in words

	// What the sandbox reported about the message (statuses.go): its last
	// status, "" while none was reported yet, and the failure if it failed.
	Status       string
	FailCode     int
	FailTitle    string
	CallbackData string

	// A template message: its name and language, its body with the
	// parameters filled in, footer and buttons; Type is its header's.
	Template        string
	TemplateText    string
	TemplateFooter  string
	TemplateButtons []string
}

// sentMedia is the media object of a message body.
type sentMedia struct {
	ID       string `json:"id"`
	Link     string `json:"link"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	Voice    bool   `json:"voice"`
	Provider *struct {
		Name string `json:"name"`
	} `json:"provider"`
}

// templateLookup finds the stored template a template message names, to show
// its text; it must not take the store's lock.
type templateLookup func(name, language string) (MessageTemplate, bool)

// inboxView snapshots the store without copying media bytes.
func (st *store) inboxView(lookup templateLookup) inboxPage {
	st.mu.Lock()
	defer st.mu.Unlock()
	page := inboxPage{Messages: len(st.messages), Version: st.versionLocked()}
	index := map[string]int{}
	latest := st.latestStatusLocked()
	for _, m := range st.messages {
		key := waID(m.To)
		i, ok := index[key]
		if !ok {
			i = len(page.Conversations)
			index[key] = i
			page.Conversations = append(page.Conversations, conversation{To: m.To, WaID: key})
		}
		c := &page.Conversations[i]
		b := st.bubbleLocked(m, lookup)
		if ev, ok := latest[m.ID]; ok {
			b.Status, b.CallbackData = ev.Status, ev.CallbackData
			if ev.Failure != nil {
				b.FailCode, b.FailTitle = ev.Failure.Code, ev.Failure.Title
			}
		}
		c.Bubbles = append(c.Bubbles, b)
	}
	return page
}

func (st *store) bubbleLocked(m ReceivedMessage, lookup templateLookup) bubble {
	b := bubble{ID: m.ID, Flavor: m.Flavor, Type: m.Type,
		Time: m.Received.Format("15:04:05"), TimeFull: m.Received.Format(time.RFC3339)}
	var top map[string]json.RawMessage
	var sent sentMedia
	// The body passed checkMessage, so both decode; a failure would only
	// leave fields empty, which the page shows as such.
	_ = json.Unmarshal(m.Body, &top)
	_ = json.Unmarshal(top[m.Type], &sent)
	if m.Type == "template" {
		sent = b.fillTemplate(top["template"], lookup)
	}
	b.Caption, b.Filename, b.Voice, b.Link = sent.Caption, sent.Filename, sent.Voice, sent.Link
	if sent.Provider != nil {
		b.Provider = sent.Provider.Name
	}
	if sent.ID == "" {
		return b
	}
	b.MediaID = sent.ID
	r, ok := st.media[sent.ID]
	switch {
	case !ok:
		b.Missing = "media " + sent.ID + " is not in this sandbox (it was reset)"
		return b
	case r.Deleted:
		b.Missing = "media deleted from the server after sending (terraform destroy deletes uploads; the message stays)"
	case r.Data == nil:
		b.Missing = "the sandbox runs with -discard-media-bytes, so it kept no bytes to show"
	default:
		b.MediaURL = inboxMediaPrefix + r.ID
	}
	b.ContentType, b.Size = r.ContentType, formatSize(r.Size)
	if b.Filename == "" && m.Type == "document" {
		// WhatsApp names an unnamed document after the upload; so do we.
		b.Filename = r.Filename
	}
	return b
}

// fillTemplate reads a template message for the page and returns its header
// media, which the bubble shows like a media message's.
func (b *bubble) fillTemplate(raw json.RawMessage, lookup templateLookup) sentMedia {
	var tmpl struct {
		Name     string `json:"name"`
		Language struct {
			Code string `json:"code"`
		} `json:"language"`
		Components []struct {
			Type       string                       `json:"type"`
			Parameters []map[string]json.RawMessage `json:"parameters"`
		} `json:"components"`
	}
	_ = json.Unmarshal(raw, &tmpl) // it passed checkTemplateMessage
	b.Template = tmpl.Name + " (" + tmpl.Language.Code + ")"
	b.Type = "text"
	var header sentMedia
	var params []string
	named := map[string]string{}
	for _, c := range tmpl.Components {
		for _, p := range c.Parameters {
			var typ, text string
			_ = json.Unmarshal(p["type"], &typ)
			switch {
			case c.Type == "header" && typ != "text":
				b.Type = typ
				_ = json.Unmarshal(p[typ], &header)
			case c.Type == "body":
				var name string
				_ = json.Unmarshal(p["text"], &text)
				_ = json.Unmarshal(p["parameter_name"], &name)
				params = append(params, text)
				if name != "" {
					named[name] = text
				}
			}
		}
	}
	if t, ok := lookup(tmpl.Name, tmpl.Language.Code); ok {
		body, footer := t.component("BODY"), t.component("FOOTER")
		b.TemplateText, b.TemplateFooter = hydrate(body.Text, params), footer.Text
		if t.named() {
			b.TemplateText = hydrateNamed(body.Text, named)
		}
		for _, btn := range t.buttons() {
			b.TemplateButtons = append(b.TemplateButtons, btn.Text)
		}
	}
	return header
}

// addWindows says for each conversation whether the customer's service
// window is open, and adds a conversation for a customer who wrote but got
// no message yet.
func (p *inboxPage) addWindows(windows []CustomerWindow) {
	byID := map[string]CustomerWindow{}
	for _, w := range windows {
		byID[w.WaID] = w
		if !p.has(w.WaID) {
			p.Conversations = append(p.Conversations, conversation{To: "+" + w.WaID, WaID: w.WaID})
		}
	}
	for i := range p.Conversations {
		c := &p.Conversations[i]
		w, wrote := byID[c.WaID]
		switch {
		case wrote && w.Open:
			c.WindowOpen = true
			c.Window = "The customer wrote at " + w.LastWrote.Format("15:04:05") + ": free-form messages are delivered until " +
				w.OpenUntil.Format("Jan 2 15:04") + "."
		case wrote:
			c.Window = "The customer last wrote more than 24 hours ago: free-form messages fail (re-engagement); templates are delivered."
		default:
			c.Window = "The customer has not written: free-form messages fail (re-engagement); templates are delivered."
		}
	}
}

func (p *inboxPage) has(waID string) bool {
	for _, c := range p.Conversations {
		if c.WaID == waID {
			return true
		}
	}
	return false
}

// inboxVersion changes whenever a message arrives or media comes or goes.
// inboxVersion changes whenever a message arrives, a status is reported or
// media comes or goes.
func (st *store) inboxVersion() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.versionLocked()
}

func (st *store) versionLocked() string {
	h := sha256.New()
	for _, m := range st.messages {
		fmt.Fprintln(h, "m", m.ID)
	}
	for _, id := range st.mediaOrder {
		fmt.Fprintln(h, "u", id, st.media[id].Deleted)
	}
	fmt.Fprintln(h, "s", len(st.statuses))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// mediaForInbox finds media of either flavor, deleted or not, without
// copying its bytes (handlers only read them).
func (st *store) mediaForInbox(id string) (StoredMedia, time.Time, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.media[id]
	if !ok {
		return StoredMedia{}, time.Time{}, false
	}
	return r.StoredMedia, r.uploaded, true
}

func formatSize(n int64) string {
	switch {
	case n >= mib:
		return fmt.Sprintf("%.1f MB", float64(n)/mib)
	case n >= 1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
