package sandbox

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// versionRE is the Graph API version path segment, e.g. "v23.0".
var versionRE = regexp.MustCompile(`^v\d+\.\d+$`)

// maxCloudUpload bounds the whole multipart body: the largest file type
// (documents, 100 MB) plus room for the other parts. Past it the connection
// is closed instead of draining forever.
const maxCloudUpload = 100*mib + 1*mib

// cloudBearer checks the static system-user token.
func (s *Server) cloudBearer(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := bearerToken(r)
		if !ok || !equalSecret(tok, s.opts.AccessToken) {
			writeCloudError(w, cloudInvalidToken())
			return
		}
		h(w, r)
	}
}

// cloudAuth checks the token, then that the path starts with an API version.
func (s *Server) cloudAuth(h http.HandlerFunc) http.HandlerFunc {
	return s.cloudBearer(func(w http.ResponseWriter, r *http.Request) {
		version, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if !versionRE.MatchString(version) {
			writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
				Message: "(#100) Unknown path components: " + r.URL.Path,
				Details: "the path must start with an API version such as /v23.0/"})
			return
		}
		if !s.checkCloudUserAgent(w, r) { // speccheck.go: strict mode only
			return
		}
		h(w, r)
	})
}

// cloudPhone checks the phone number ID in the path; Graph answers an unknown
// one like any object it cannot see.
func (s *Server) cloudPhone(w http.ResponseWriter, r *http.Request) bool {
	if !s.checkCloudPhoneNumberID(w, r, r.PathValue("phone")) { // speccheck.go: strict mode only
		return false
	}
	if phone := r.PathValue("phone"); phone != s.opts.PhoneNumberID {
		writeCloudError(w, cloudNoObject(r.Method, phone))
		return false
	}
	return true
}

func uploadError(code int, message, details string) cloudError {
	return cloudError{Status: http.StatusBadRequest, Code: code, Message: message, Details: details}
}

func unsupportedFileType(got string) cloudError {
	return uploadError(100, "(#100) Param file must be a file with one of the following types: "+strings.Join(cloudTypeList, ", "),
		"the file part's Content-Type is "+quoteOrMissing(got)+"; send one of the listed types")
}

// cloudUpload reads the multipart form part by part, streaming the file part
// through a hash, so a 100 MB upload is never parsed into memory twice.
func (s *Server) cloudUpload(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCloudUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		writeCloudError(w, uploadError(100, "(#100) Invalid parameter",
			"send multipart/form-data with the parts messaging_product, type and file"))
		return
	}
	var (
		product, typ        string
		hasProduct, hasType bool
		file                *received
		fileType, fileName  string
		firstErr            *cloudError
	)
	fail := func(e cloudError) {
		if firstErr == nil {
			firstErr = &e
		}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.writeUploadReadError(w, err)
			return
		}
		switch part.FormName() {
		case "messaging_product":
			product, hasProduct = readSmallPart(part), true
		case "type":
			typ, hasType = readSmallPart(part), true
		case "file":
			if file != nil {
				fail(uploadError(100, "(#100) Invalid parameter", "send exactly one file part"))
				break
			}
			if part.FileName() == "" {
				fail(uploadError(100, "(#100) Invalid parameter",
					`the file part has no filename; send it as Content-Disposition: form-data; name="file"; filename="..."`))
				break
			}
			ct := part.Header.Get("Content-Type")
			fileType, fileName = baseMediaType(ct), part.FileName()
			limit, ok := cloudMediaLimits[fileType]
			if !ok {
				fail(unsupportedFileType(ct))
				break
			}
			rec, err := receiveUpload(part, limit, !s.opts.DiscardMediaBytes)
			if err != nil {
				s.writeUploadReadError(w, err)
				return
			}
			if rec.over {
				msg := "(#131053) Media upload error: " + fileType + " files are limited to " + formatLimit(limit)
				fail(uploadError(131053, msg, "the file is at least "+itoa64(rec.size)+" bytes; "+fileType+" files may be at most "+formatLimit(limit)))
			}
			file = &rec
		}
		_ = part.Close()
	}
	switch {
	case firstErr != nil:
		writeCloudError(w, *firstErr)
		return
	case !hasProduct:
		writeCloudError(w, uploadError(100, "(#100) The parameter messaging_product is required.", `add the form part messaging_product=whatsapp`))
		return
	case product != "whatsapp":
		writeCloudError(w, uploadError(100, "(#100) Param messaging_product must be one of {WHATSAPP} - got "+strconv.Quote(product)+".",
			`send messaging_product=whatsapp`))
		return
	case file == nil:
		writeCloudError(w, uploadError(100, "(#100) The parameter file is required.", "add a file part with a filename and the media's Content-Type"))
		return
	case hasType && baseMediaType(typ) != fileType:
		writeCloudError(w, uploadError(100, "(#100) Param type must match the file's Content-Type",
			"type is "+strconv.Quote(typ)+" but the file part's Content-Type is "+strconv.Quote(fileType)))
		return
	}
	id := newNumericID()
	s.st.addMedia(StoredMedia{ID: id, Flavor: FlavorCloud, ContentType: fileType, Filename: fileName,
		Data: file.data, Size: file.size, SHA256: file.sum})
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}

func (s *Server) writeUploadReadError(w http.ResponseWriter, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeCloudError(w, uploadError(131053, "(#131053) Media upload error: uploads are limited to "+formatLimit(100*mib),
			"the request body is larger than any media type allows"))
		return
	}
	writeCloudError(w, uploadError(100, "(#100) Invalid parameter", "could not read the multipart body: "+err.Error()))
}

// readSmallPart reads a form value; 1 KB is far more than any legal value.
func readSmallPart(p *multipart.Part) string {
	b, _ := io.ReadAll(io.LimitReader(p, 1024))
	return strings.TrimSpace(string(b))
}

// cloudGetMedia answers with metadata and a download URL on this sandbox.
func (s *Server) cloudGetMedia(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	m, _, ok := s.st.liveMediaFor(id, FlavorCloud)
	if !ok {
		writeCloudError(w, cloudNoObject(r.Method, id))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"url":               baseURL(r) + downloadPrefix + m.ID,
		"mime_type":         m.ContentType,
		"sha256":            m.SHA256,
		"file_size":         m.Size,
		"id":                m.ID,
	})
}

func (s *Server) cloudDeleteMedia(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !s.st.deleteMedia(id, FlavorCloud) {
		writeCloudError(w, cloudNoObject(r.Method, id))
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// cloudDownload serves the bytes behind the URL cloudGetMedia hands out.
func (s *Server) cloudDownload(w http.ResponseWriter, r *http.Request) {
	m, mod, ok := s.st.liveMediaFor(r.PathValue("id"), FlavorCloud)
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	serveMedia(w, r, m, mod)
}

func (s *Server) cloudSend(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	if err != nil || len(body) > maxJSONBody {
		writeCloudError(w, uploadError(100, "(#100) Invalid parameter", "could not read a message body of at most 1 MB"))
		return
	}
	msg, cerr := s.checkMessage(body, FlavorCloud)
	if cerr != nil {
		cerr.writeCloud(w)
		return
	}
	msg.ID = newCloudMessageID()
	msg.Failure = s.windowFailure(msg) // window.go
	s.accepted(s.st.addMessage(msg))   // its statuses follow (statuses.go)
	writeJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []map[string]string{{"input": msg.To, "wa_id": waID(msg.To)}},
		"messages":          []map[string]string{{"id": msg.ID}},
	})
}

// baseURL is how the client reached us, so download URLs work behind any
// listener (New's, httptest's, or a custom one).
func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
