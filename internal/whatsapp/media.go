package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Upload describes one media file to upload. Body is read once, streamed, and
// never held whole in memory.
type Upload struct {
	Body        io.Reader
	Size        int64  // bytes in Body, or -1 if unknown
	ContentType string // MIME type sent as the body's (On-Premises) or file part's (Cloud) Content-Type
	Filename    string // Cloud: the file part's filename; On-Premises ignores it
}

// MediaInfo is what the API tells about stored media without sending its bytes.
type MediaInfo struct {
	ID       string
	MimeType string // Cloud: mime_type; On-Premises: the Content-Type header
	SHA256   string // Cloud only (hex); empty on On-Premises
	FileSize int64  // Cloud: file_size (string or number); On-Premises: Content-Length, -1 if absent
	URL      string // Cloud only: download URL
}

// maxJSONReply bounds a JSON success body; the API's replies are tiny.
const maxJSONReply = 4 << 20

// UploadMedia uploads the file and returns its media ID.
// On-Premises: POST /v1/media with the raw bytes. Cloud: POST /{phone-number-id}/media,
// multipart with messaging_product, type and file parts.
// An upload is repeated only when the API proved it did not take it, and only
// if Body is an io.Seeker (it is rewound) or not a byte of it was read yet.
func (c *Client) UploadMedia(ctx context.Context, u Upload) (string, error) {
	if err := checkUpload(u); err != nil {
		return "", err
	}
	cl := &call{method: http.MethodPost}
	if c.cfg.Flavor == Cloud {
		filename := u.Filename
		if filename == "" {
			filename = "file"
		}
		prefix, suffix, formType, merr := cloudMultipart(u.ContentType, filename)
		if merr != nil {
			return "", fmt.Errorf("upload media: build the multipart body: %w", merr)
		}
		cl.url = c.cloudURL(c.cfg.PhoneNumberID, "media")
		cl.contentType = formType
		cl.upload = newUploadBody(u, prefix, suffix)
	} else {
		cl.url = c.onPremURL("media")
		cl.contentType = u.ContentType
		cl.upload = newUploadBody(u, nil, nil)
	}

	resp, err := c.do(ctx, cl)
	if err != nil {
		return "", fmt.Errorf("upload media: %w", err)
	}
	defer resp.Body.Close()
	var reply struct {
		ID    string `json:"id"` // Cloud
		Media []struct {
			ID string `json:"id"`
		} `json:"media"` // On-Premises
	}
	if err := decodeJSON(resp, &reply); err != nil {
		// The file is stored but we cannot name it: an orphan at worst.
		return "", &OutcomeUnknownError{Err: fmt.Errorf("upload media: unreadable reply: %w", err)}
	}
	id := reply.ID
	if id == "" && len(reply.Media) > 0 {
		id = reply.Media[0].ID
	}
	if id == "" {
		return "", &OutcomeUnknownError{Err: fmt.Errorf("upload media: HTTP %d reply holds no media ID", resp.StatusCode)}
	}
	return id, nil
}

// cloudMediaReply is GET /{version}/{media-id}.
type cloudMediaReply struct {
	MessagingProduct string  `json:"messaging_product"`
	URL              string  `json:"url"`
	MimeType         string  `json:"mime_type"`
	SHA256           string  `json:"sha256"`
	FileSize         flexInt `json:"file_size"`
	ID               string  `json:"id"`
}

// GetMedia checks that media exists and returns what the API tells about it,
// without downloading the bytes. Media that does not exist returns an error for
// which IsNotFound is true.
func (c *Client) GetMedia(ctx context.Context, id string) (*MediaInfo, error) {
	if err := checkID("media ID", id); err != nil {
		return nil, err
	}
	if c.cfg.Flavor == Cloud {
		info, err := c.cloudMediaInfo(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("get media %s: %w", id, err)
		}
		return info, nil
	}
	// On-Premises has no metadata call: GET answers with the bytes. Look at
	// status and headers and hang up without reading them.
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.onPremURL("media", id), idempotent: true, streamResp: true})
	if err != nil {
		return nil, fmt.Errorf("get media %s: %w", id, err)
	}
	_ = resp.Body.Close()
	return onPremMediaInfo(id, resp), nil
}

func onPremMediaInfo(id string, resp *http.Response) *MediaInfo {
	info := &MediaInfo{ID: id, MimeType: resp.Header.Get("Content-Type"), FileSize: -1}
	if cl := resp.Header.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n >= 0 {
			info.FileSize = n
		}
	} else if resp.ContentLength >= 0 {
		info.FileSize = resp.ContentLength
	}
	return info
}

func (c *Client) cloudMediaInfo(ctx context.Context, id string) (*MediaInfo, error) {
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.cloudURL(id), idempotent: true})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var reply cloudMediaReply
	if err := decodeJSON(resp, &reply); err != nil {
		return nil, fmt.Errorf("unreadable media metadata: %w", err)
	}
	info := &MediaInfo{ID: reply.ID, MimeType: reply.MimeType, SHA256: reply.SHA256, FileSize: int64(reply.FileSize), URL: reply.URL}
	if info.ID == "" {
		info.ID = id
	}
	return info, nil
}

// OpenMedia downloads the media's bytes (On-Premises: GET /v1/media/{id};
// Cloud: the metadata's url, with the same auth). The caller closes the reader.
func (c *Client) OpenMedia(ctx context.Context, id string) (io.ReadCloser, *MediaInfo, error) {
	if err := checkID("media ID", id); err != nil {
		return nil, nil, err
	}
	if c.cfg.Flavor == OnPremises {
		resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.onPremURL("media", id), idempotent: true, streamResp: true})
		if err != nil {
			return nil, nil, fmt.Errorf("download media %s: %w", id, err)
		}
		return resp.Body, onPremMediaInfo(id, resp), nil
	}
	info, err := c.cloudMediaInfo(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("download media %s: %w", id, err)
	}
	if info.URL == "" {
		return nil, nil, fmt.Errorf("download media %s: the metadata holds no download url", id)
	}
	if _, err := parseBaseURL(stripQueryKeep(info.URL)); err != nil {
		return nil, nil, fmt.Errorf("download media %s: unusable download url: %w", id, err)
	}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: info.URL, idempotent: true, streamResp: true, foreignHost: true})
	if err != nil {
		return nil, nil, fmt.Errorf("download media %s: %w", id, err)
	}
	if info.FileSize == 0 && resp.ContentLength > 0 {
		info.FileSize = resp.ContentLength
	}
	return resp.Body, info, nil
}

// stripQueryKeep drops query and fragment so parseBaseURL can check the
// scheme and host of a signed download URL.
func stripQueryKeep(raw string) string {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return raw[:i]
	}
	return raw
}

// DeleteMedia deletes media. Media that does not exist returns an error for
// which IsNotFound is true; callers that treat that as success check it.
func (c *Client) DeleteMedia(ctx context.Context, id string) error {
	if err := checkID("media ID", id); err != nil {
		return err
	}
	u := c.onPremURL("media", id)
	if c.cfg.Flavor == Cloud {
		u = c.cloudURL(id)
	}
	resp, err := c.do(ctx, &call{method: http.MethodDelete, url: u, idempotent: true})
	if err != nil {
		return fmt.Errorf("delete media %s: %w", id, err)
	}
	defer drainClose(resp)
	if c.cfg.Flavor == Cloud {
		var reply struct {
			Success *bool `json:"success"`
		}
		// Only an explicit "success": false is a failure; the body is small
		// and its absence is not worth failing a destroy over.
		if err := decodeJSON(resp, &reply); err == nil && reply.Success != nil && !*reply.Success {
			return fmt.Errorf("delete media %s: the API answered success=false", id)
		}
	}
	return nil
}

// decodeJSON reads a bounded JSON success body into v; an empty body or
// "null" leaves v untouched.
func decodeJSON(resp *http.Response, v any) error {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJSONReply))
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	return json.Unmarshal(body, v)
}

// drainClose reads what is left of a small reply so the connection can be
// reused, then closes it.
func drainClose(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// checkID rejects IDs that cannot name anything; path escaping handles the rest.
func checkID(what, id string) error {
	if strings.TrimSpace(id) == "" {
		return errors.New(what + " is empty")
	}
	return nil
}
