package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
)

// The Resumable Upload API: a session, its bytes, and the handle a media
// header's example takes.

type uploadSession struct {
	name, fileType string
	length, offset int64
	hash           string
	data           []byte
}

var uploadFileTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/jpg": true, "image/png": true, "video/mp4": true}

// cloudStartUpload serves POST /{version}/{app}/uploads?file_name&file_length&file_type.
func (s *Server) cloudStartUpload(w http.ResponseWriter, r *http.Request) {
	app := r.PathValue("app")
	if !specPhoneNumberIDRE.MatchString(app) || app != s.opts.AppID {
		writeCloudError(w, cloudNoObject(r.Method, app))
		return
	}
	q := r.URL.Query()
	length, err := strconv.ParseInt(q.Get("file_length"), 10, 64)
	switch {
	case q.Get("file_name") == "":
		writeCloudError(w, templateParamError("file_name is required"))
		return
	case err != nil || length <= 0 || length > 100*mib:
		writeCloudError(w, templateParamError("file_length must be the file's size in bytes, at most 100 MB"))
		return
	case !uploadFileTypes[q.Get("file_type")]:
		writeCloudError(w, templateParamError("file_type "+quoteOrMissing(q.Get("file_type"))+" must be application/pdf, image/jpeg, image/jpg, image/png or video/mp4"))
		return
	}
	id := "upload:" + base64.RawURLEncoding.EncodeToString(randomBytes(12))
	s.templates.mu.Lock()
	if s.templates.uploads == nil {
		s.templates.uploads = map[string]*uploadSession{}
	}
	s.templates.uploads[id] = &uploadSession{name: q.Get("file_name"), fileType: q.Get("file_type"), length: length}
	s.templates.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}

// cloudUploadBytes serves POST /{version}/upload:<id> with file_offset and
// the bytes from there; once all arrived it answers with the handle.
func (s *Server) cloudUploadBytes(w http.ResponseWriter, r *http.Request, id string) {
	offset, err := strconv.ParseInt(r.Header.Get("file_offset"), 10, 64)
	if err != nil {
		writeCloudError(w, templateParamError("the file_offset header is required: 0, or the offset GET "+id+" answers"))
		return
	}
	ts := &s.templates
	ts.mu.Lock()
	sess := ts.uploads[id]
	ts.mu.Unlock()
	if offset != sess.offset {
		writeCloudError(w, templateParamError("file_offset is "+strconv.FormatInt(offset, 10)+"; resume from "+strconv.FormatInt(sess.offset, 10)))
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, sess.length-offset+1))
	if err != nil || int64(len(data)) != sess.length-offset {
		writeCloudError(w, templateParamError("the body must hold the rest of the file: "+strconv.FormatInt(sess.length-offset, 10)+" bytes"))
		return
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	sess.data = append(sess.data, data...)
	sess.offset = sess.length
	sum := sha256.Sum256(sess.data)
	sess.hash = hex.EncodeToString(sum[:])
	handle := "4::" + base64.RawStdEncoding.EncodeToString([]byte(sess.fileType)) + ":" + base64.RawURLEncoding.EncodeToString(randomBytes(18))
	if ts.handles == nil {
		ts.handles = map[string]*uploadSession{}
	}
	ts.handles[handle] = sess
	writeJSON(w, http.StatusOK, map[string]string{"h": handle})
}

// cloudUploadStatus serves GET /{version}/upload:<id>: where to resume.
func (s *Server) cloudUploadStatus(w http.ResponseWriter, id string) {
	s.templates.mu.Lock()
	sess := s.templates.uploads[id]
	s.templates.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "file_offset": sess.offset})
}

func (ts *templates) hasUpload(id string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	_, ok := ts.uploads[id]
	return ok
}

func (ts *templates) hasHandle(h string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	_, ok := ts.handles[h]
	return ok
}

// HeaderExample is what the sandbox received under a header handle.
func (s *Server) HeaderExample(handle string) (fileType string, sha string, ok bool) {
	s.templates.mu.Lock()
	defer s.templates.mu.Unlock()
	sess, ok := s.templates.handles[handle]
	if !ok {
		return "", "", false
	}
	return sess.fileType, sess.hash, true
}
