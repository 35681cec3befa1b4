// Package mediafile inspects a file before it becomes WhatsApp media: its
// SHA-256 and size (in one streamed pass, so a 100 MB file is never held in
// memory), its content type sniffed from the bytes, and the message type the
// WhatsApp API would accept it as. It knows nothing of Terraform or HTTP.
package mediafile

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"mime"
	"os"
	"path/filepath"
	"strings"

	"github.com/gabriel-vasile/mimetype"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// sniffLen is how many leading bytes content sniffing looks at; it matches
// mimetype's default read limit, so detection sees what it would on its own.
const sniffLen = 4096

// Info is what inspection found out about a file's bytes.
type Info struct {
	SHA256      string // lowercase hex
	Size        int64  // bytes
	ContentType string // sniffed, without parameters, e.g. "image/png"
	// AnimatedWebP is true for a WebP whose VP8X header has the animation flag;
	// WhatsApp gives animated stickers a larger size limit.
	AnimatedWebP bool
}

// Inspect reads r to its end once, hashing every byte and sniffing the content
// type from the first ones. name (a file name or "") is only used to guess the
// type from its extension when the bytes say nothing more specific.
func Inspect(r io.Reader, name string) (Info, error) {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return Info{}, err
	}
	head = head[:n]
	d := NewDigest()
	_, _ = d.Write(head)
	if n == sniffLen {
		if _, err := io.Copy(d, r); err != nil {
			return Info{}, err
		}
	}
	return Info{
		SHA256:       d.Sum(),
		Size:         d.Size(),
		ContentType:  DetectContentType(head, name),
		AnimatedWebP: IsAnimatedWebP(head),
	}, nil
}

// InspectFile inspects the regular file at path. A file over MaxUploadSize is
// reported as a *RefusedError from its size alone, without reading it.
func InspectFile(path string) (Info, error) {
	// Stat (following symlinks) before opening: opening a named pipe would
	// block the plan until something writes to it.
	st, err := os.Stat(path)
	if err != nil {
		return Info{}, fileError(path, err)
	}
	if !st.Mode().IsRegular() {
		return Info{}, notRegular(path, st.Mode())
	}
	f, err := os.Open(path)
	if err != nil {
		return Info{}, fileError(path, err)
	}
	defer func() { _ = f.Close() }() // read-only: a close error loses nothing
	st, err = f.Stat()
	if err != nil {
		return Info{}, fileError(path, err)
	}
	if !st.Mode().IsRegular() { // replaced between the two looks
		return Info{}, notRegular(path, st.Mode())
	}
	if st.Size() > whatsapp.MaxUploadSize {
		return Info{Size: st.Size()}, tooLarge(path, st.Size())
	}
	info, err := Inspect(f, path)
	if err != nil {
		return Info{}, fileError(path, err)
	}
	return info, nil
}

// InspectBase64 inspects base64 content (standard encoding, as Terraform's
// filebase64 and base64encode produce) without decoding it all into memory.
// Content that is not valid base64 is a *Base64Error.
func InspectBase64(content, name string) (Info, error) {
	info, err := Inspect(Base64Reader(content), name)
	if err != nil {
		return Info{}, &Base64Error{Err: err}
	}
	return info, nil
}

// Base64Error says that content is not valid standard base64, and why.
type Base64Error struct{ Err error }

func (e *Base64Error) Error() string {
	return fmt.Sprintf("the content is not valid base64 (%v)", e.Err)
}

func (e *Base64Error) Unwrap() error { return e.Err }

// Base64Reader streams the bytes that content encodes.
func Base64Reader(content string) io.Reader {
	return strictBase64{base64.NewDecoder(base64.StdEncoding, strings.NewReader(content))} // base64_strict.go
}

// FileProblem is why a file cannot be inspected.
type FileProblem int

const (
	FileMissing    FileProblem = iota + 1 // the path names nothing
	FileForbidden                         // permission denied
	FileNotRegular                        // a directory, pipe, device...
	FileUnreadable                        // any other error; Err says which
)

// FileError says why the file at Path cannot be inspected. It states the
// fact; what to do about it is the caller's to say.
type FileError struct {
	Path    string
	Problem FileProblem
	Mode    fs.FileMode // with FileNotRegular
	Err     error       // the underlying error, if any
}

func (e *FileError) Error() string {
	switch e.Problem {
	case FileMissing:
		return e.Path + " does not exist"
	case FileForbidden:
		return e.Path + " cannot be read (permission denied)"
	case FileNotRegular:
		return fmt.Sprintf("%s is not a regular file (mode %s)", e.Path, e.Mode)
	}
	return fmt.Sprintf("%s cannot be read: %v", e.Path, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

func notRegular(path string, mode fs.FileMode) error {
	return &FileError{Path: path, Problem: FileNotRegular, Mode: mode}
}

func fileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &FileError{Path: path, Problem: FileMissing, Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &FileError{Path: path, Problem: FileForbidden, Err: err}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is already in our message
	}
	return &FileError{Path: path, Problem: FileUnreadable, Err: err}
}

// DetectContentType sniffs the MIME type of head (a file's first bytes),
// dropping parameters such as "; charset=utf-8". When the bytes are not
// recognised it falls back to the extension of name.
func DetectContentType(head []byte, name string) string {
	ct := BaseType(mimetype.Detect(head).String())
	if ct == "application/octet-stream" && name != "" {
		if byExt := BaseType(mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))); byExt != "" {
			ct = byExt
		}
	}
	if alias, ok := canonicalTypes[ct]; ok {
		ct = alias
	}
	return ct
}

// canonicalTypes maps sniffed names to the names WhatsApp lists for the same
// format, so an .m4a voice memo is sent as the audio/mp4 the API accepts.
var canonicalTypes = map[string]string{
	"audio/x-m4a": "audio/mp4",
	"audio/mp3":   "audio/mpeg",
}

// BaseType returns the media type of a Content-Type value in lower case,
// without parameters: "Text/Plain; charset=utf-8" gives "text/plain".
func BaseType(contentType string) string {
	t, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// Digest hashes and counts bytes written to it: Inspect feeds it a file once,
// and HashingReader feeds it an upload while it streams, so what was sent can
// be checked against what was planned.
type Digest struct {
	h hash.Hash
	n int64
}

// NewDigest returns an empty SHA-256 digest.
func NewDigest() *Digest { return &Digest{h: sha256.New()} }

func (d *Digest) Write(p []byte) (int, error) {
	d.n += int64(len(p))
	return d.h.Write(p)
}

// Sum is the lowercase hex SHA-256 of everything written so far.
func (d *Digest) Sum() string { return hex.EncodeToString(d.h.Sum(nil)) }

// Size is the number of bytes written so far.
func (d *Digest) Size() int64 { return d.n }
