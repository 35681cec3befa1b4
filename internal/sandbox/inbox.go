package sandbox

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"path"
	"strings"
)

// The inbox is for people: GET / shows what every recipient would see, and
// /_sandbox/inbox/ serves the page's media bytes and its refresh check. Like
// the control API it is neither recorded as API traffic nor faulted, so
// watching a demo never changes what the sandbox says it received.

const (
	inboxPrefix      = controlPrefix + "inbox/"
	inboxMediaPrefix = inboxPrefix + "media/"
)

//go:embed inbox.html
var inboxFiles embed.FS

var inboxTemplate = template.Must(template.New("inbox.html").Funcs(template.FuncMap{
	"flavorLabel": flavorLabel,
	"docLabel":    docLabel,
}).ParseFS(inboxFiles, "inbox.html"))

// InboxURL is the address of the inbox page, e.g. "http://127.0.0.1:8089/".
func (s *Server) InboxURL() string { return s.url + "/" }

func (s *Server) addInboxRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+inboxPrefix+"{$}", s.inboxPage)
	mux.HandleFunc("GET "+inboxPrefix+"version", s.inboxVersion)
	mux.HandleFunc("GET "+inboxMediaPrefix+"{id}", s.inboxMedia)
}

// isInboxPage: only GET and HEAD of / are the page; anything else on / stays
// an API request and gets the Cloud API's answer, as before the inbox.
func isInboxPage(r *http.Request) bool {
	return r.URL.Path == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead)
}

func (s *Server) inboxPage(w http.ResponseWriter, _ *http.Request) {
	now := s.st.now()
	page := s.st.inboxView(func(name, language string) (MessageTemplate, bool) { return s.templates.find(name, language, now) })
	page.addWindows(s.CustomerWindows())
	page.Profile = s.inboxProfile()
	page.Version = s.inboxVersionString()
	var buf bytes.Buffer
	if err := inboxTemplate.Execute(&buf, page); err != nil {
		http.Error(w, "sandbox: render the inbox: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// The page runs one inline script (the refresh check) and loads media
	// only from this sandbox: a link in a message is shown, never fetched.
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'")
	_, _ = w.Write(buf.Bytes())
}

// inboxVersion lets the open page ask "did anything change?" cheaply; the
// page reloads itself when the answer differs from the one it was built with.
func (s *Server) inboxVersion(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(s.inboxVersionString()))
}

// inboxVersionString changes when a message arrives, media comes or goes,
// a customer writes (or their window closes), or the business profile changes.
func (s *Server) inboxVersionString() string {
	h := sha256.New()
	fmt.Fprintln(h, s.st.inboxVersion())
	fmt.Fprint(h, s.profileFingerprint())
	for _, c := range s.CustomerWindows() {
		fmt.Fprintln(h, c.WaID, c.LastWrote.UnixNano(), c.Open)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// inboxMedia serves uploaded bytes to the page from the sandbox's own store,
// without the API's auth, for any flavor.
func (s *Server) inboxMedia(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	m, mod, found := s.st.mediaForInbox(id)
	switch {
	case !found:
		http.Error(w, "sandbox: no media with id "+id+" was ever uploaded here", http.StatusNotFound)
		return
	case m.Deleted:
		http.Error(w, "sandbox: media "+id+" was deleted (terraform destroy or an API DELETE); its bytes are gone", http.StatusGone)
		return
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	if !showInline(m.ContentType) {
		// An upload may claim any MIME type on On-Premises (text/html too);
		// such bytes are offered as a download, never rendered by this origin.
		h.Set("Content-Security-Policy", "sandbox")
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": downloadName(m)}))
	}
	serveMedia(w, r, m, mod)
}

// showInline lists the types a browser can show without running anything.
func showInline(contentType string) bool {
	mt := baseMediaType(contentType)
	switch {
	case strings.HasPrefix(mt, "image/") && mt != "image/svg+xml":
		return true
	case strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"):
		return true
	case mt == "application/pdf", mt == "text/plain":
		return true
	}
	return false
}

func downloadName(m StoredMedia) string {
	if m.Filename != "" {
		return m.Filename
	}
	return m.ID
}

func flavorLabel(flavor string) string {
	if flavor == FlavorOnPremises {
		return "On-Premises API"
	}
	return "Cloud API"
}

// docLabel is the short word on a document's icon, as WhatsApp shows "PDF":
// the file name's extension, else the MIME subtype.
func docLabel(filename, contentType string) string {
	label := strings.TrimPrefix(path.Ext(filename), ".")
	if label == "" {
		_, label, _ = strings.Cut(baseMediaType(contentType), "/")
	}
	if len(label) > 4 {
		label = label[:4]
	}
	return strings.ToUpper(label)
}
