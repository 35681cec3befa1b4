package sendlog

import (
	"sort"
	"time"
)

// Uploads are in the record too. A file uploaded by a run whose state was
// then lost is still on the server; the next plan can adopt its media ID
// rather than upload it again, and the messages sent by that media ID then
// match their recorded sends. And because a media ID is one upload of some
// content, the record also answers "which content is this media ID": a
// message by media ID can be identified by its content, so that a file
// uploaded again (a new media ID, the same bytes) is not a new message.
//
// Unlike a send, an upload is written once, after the API answered (an
// upload whose answer never came is at worst an unused copy on the server),
// and it is not pruned when a state holds it: UploadSeen only marks it as
// held, which stops plans from adopting it but keeps what its media ID's
// content is for as long as the record keeps anything (maxAge).

// Upload is one recorded upload.
type Upload struct {
	MediaID string    // the media ID the API returned
	Key     string    // what decides whether two uploads are the same media (the caller's digest)
	SHA256  string    // the hex SHA-256 of the bytes uploaded
	Session string    // the session that uploaded it
	At      time.Time // when the API answered
	Held    bool      // a state was seen holding it
}

func (u *Upload) event() event {
	return event{Op: opUpload, MediaID: u.MediaID, Key: u.Key, SHA256: u.SHA256, Session: u.Session, At: u.At, Held: u.Held}
}

// applyUpload folds an upload or held event into the uploads.
func (r *Record) applyUpload(ev event) {
	switch ev.Op {
	case opUpload:
		r.uploads[ev.MediaID] = &Upload{MediaID: ev.MediaID, Key: ev.Key, SHA256: ev.SHA256, Session: ev.Session,
			At: ev.At, Held: ev.Held}
	case opHeld:
		if u := r.uploads[ev.MediaID]; u != nil {
			u.Held = true
		}
	}
}

// Uploaded records, and flushes to disk, that session uploaded the bytes
// with sha256 as mediaID; key identifies the media (who uploaded what).
func (r *Record) Uploaded(session, key, mediaID, sha256 string) error {
	return r.appendSynced(event{Op: opUpload, MediaID: mediaID, Key: key, SHA256: sha256, Session: session,
		At: r.now().UTC()})
}

// Uploads returns the uploads with key made within window before now by
// sessions other than session and held by no state seen since, newest first:
// the ones a plan may adopt, once it checked that the media still exists.
func (r *Record) Uploads(session, key string, window time.Duration) ([]Upload, error) {
	var out []Upload
	err := r.lockedRead(func() error {
		since := r.now().Add(-window)
		for _, u := range r.uploads {
			if u.Key == key && u.Session != session && !u.Held && !u.At.Before(since) {
				out = append(out, *u)
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		return out[i].At.After(out[j].At) || out[i].At.Equal(out[j].At) && out[i].MediaID < out[j].MediaID
	})
	return out, err
}

// UploadedSHA256 returns the SHA-256 of the bytes uploaded as mediaID, when
// the record holds that upload (held or not).
func (r *Record) UploadedSHA256(mediaID string) (string, bool, error) {
	var sha string
	ok := false
	err := r.lockedRead(func() error {
		if u := r.uploads[mediaID]; u != nil {
			sha, ok = u.SHA256, true
		}
		return nil
	})
	return sha, ok, err
}

// UploadSeen marks the upload of mediaID as held by a state: no plan adopts
// it any more. It writes only when the record holds it unmarked, and does
// not flush (a lost mark only lets a plan check the media once more).
func (r *Record) UploadSeen(mediaID string) error {
	return r.write(false, func() (event, bool) {
		u := r.uploads[mediaID]
		return event{Op: opHeld, MediaID: mediaID, At: r.now().UTC()}, u != nil && !u.Held
	})
}
