package sandbox

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"time"
)

// store is all mutable sandbox state behind one mutex. Handlers never hold the
// lock while reading a request body, so slow uploads do not block other calls.
type store struct {
	mu         sync.Mutex
	password   string
	media      map[string]*mediaRecord
	mediaOrder []string
	messages   []ReceivedMessage
	requests   []Request
	logins     int
	tokens     map[string]time.Time // On-Premises login token -> expiry
	providers  map[string]MediaProvider
	faults     []armedFault
	// elapsed moves the sandbox's clock forward (AdvanceClock), so tests can
	// reach Cloud's 30-day media expiry without waiting for it.
	elapsed time.Duration
	// statuses reported for accepted messages, and how many are still
	// being delivered (statuses.go).
	statuses          []StatusEvent
	pendingDeliveries int
}

// cloudMediaLifetime: Cloud media IDs expire 30 days after upload; On-Premises
// media stays on the business's volume until deleted.
const cloudMediaLifetime = 30 * 24 * time.Hour

type mediaRecord struct {
	StoredMedia
	uploaded time.Time
}

type armedFault struct {
	Fault
	left int
}

func newStore(password string) *store {
	return &store{
		password:  password,
		media:     map[string]*mediaRecord{},
		tokens:    map[string]time.Time{},
		providers: map[string]MediaProvider{},
	}
}

func (st *store) reset(password string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.password = password
	st.media = map[string]*mediaRecord{}
	st.mediaOrder = nil
	st.messages = nil
	st.requests = nil
	st.logins = 0
	st.providers = map[string]MediaProvider{}
	st.faults = nil
	st.elapsed = 0
	st.statuses = nil
	st.pendingDeliveries = 0
}

// --- media ---

func (st *store) addMedia(m StoredMedia) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.media[m.ID] = &mediaRecord{StoredMedia: m, uploaded: time.Now().Add(st.elapsed)} // on the sandbox's clock
	st.mediaOrder = append(st.mediaOrder, m.ID)
}

// liveMediaFor returns live media of one flavor without copying its bytes:
// handlers only read them, and stored bytes are never modified.
func (st *store) liveMediaFor(id, flavor string) (StoredMedia, time.Time, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.media[id]
	if !ok || r.Deleted || r.Flavor != flavor || st.expiredLocked(r) {
		return StoredMedia{}, time.Time{}, false
	}
	return r.StoredMedia, r.uploaded, true
}

// expiredLocked reports whether Cloud media has outlived its 30 days on the
// sandbox's clock. The caller holds st.mu.
func (st *store) expiredLocked(r *mediaRecord) bool {
	return r.Flavor == FlavorCloud && time.Now().Add(st.elapsed).Sub(r.uploaded) > cloudMediaLifetime
}

// now is the time on the sandbox's clock.
func (st *store) now() time.Time {
	st.mu.Lock()
	defer st.mu.Unlock()
	return time.Now().Add(st.elapsed)
}

// advanceClock moves the sandbox's clock forward by d.
func (st *store) advanceClock(d time.Duration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.elapsed += d
}

// deleteMedia marks media deleted and frees its bytes. flavor "" matches any
// flavor (out-of-band deletes); otherwise a flavor's API only sees its own media.
func (st *store) deleteMedia(id, flavor string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.media[id]
	if !ok || r.Deleted || (flavor != "" && r.Flavor != flavor) {
		return false
	}
	r.Deleted = true
	r.Data = nil
	return true
}

func (st *store) liveMedia() []StoredMedia {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := []StoredMedia{}
	for _, id := range st.mediaOrder {
		if r := st.media[id]; !r.Deleted && !st.expiredLocked(r) {
			out = append(out, cloneMedia(r.StoredMedia))
		}
	}
	return out
}

func (st *store) mediaByID(id string) (StoredMedia, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.media[id]
	if !ok {
		return StoredMedia{}, false
	}
	return cloneMedia(r.StoredMedia), true
}

func cloneMedia(m StoredMedia) StoredMedia {
	if m.Data != nil {
		m.Data = bytes.Clone(m.Data)
	}
	return m
}

// --- messages and requests ---

// addMessage stores an accepted message and returns it as stored.
func (st *store) addMessage(m ReceivedMessage) ReceivedMessage {
	st.mu.Lock()
	defer st.mu.Unlock()
	if m.Received.IsZero() {
		m.Received = time.Now()
	}
	st.messages = append(st.messages, m)
	return m
}

func (st *store) messageList() []ReceivedMessage {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]ReceivedMessage, len(st.messages))
	for i, m := range st.messages {
		m.Body = json.RawMessage(bytes.Clone(m.Body))
		out[i] = m
	}
	return out
}

func (st *store) record(r Request) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.requests = append(st.requests, r)
}

func (st *store) requestList() []Request {
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]Request{}, st.requests...)
}

// --- On-Premises users and tokens ---

func (st *store) checkPassword(p string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return p == st.password
}

func (st *store) setPassword(p string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.password = p
}

func (st *store) issueToken(token string, expiry time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.tokens[token] = expiry
	st.logins++
}

func (st *store) loginCount() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.logins
}

type tokenState int

const (
	tokenUnknown tokenState = iota
	tokenLive
	tokenExpired
)

func (st *store) tokenState(token string, now time.Time) tokenState {
	st.mu.Lock()
	defer st.mu.Unlock()
	exp, ok := st.tokens[token]
	switch {
	case !ok:
		return tokenUnknown
	case now.Before(exp):
		return tokenLive
	default:
		return tokenExpired
	}
}

func (st *store) revokeToken(token string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.tokens, token)
}

// expireTokens keeps the tokens but moves their expiry into the past, so the
// 401 says "Token expired" rather than "Invalid credentials".
func (st *store) expireTokens() {
	st.mu.Lock()
	defer st.mu.Unlock()
	past := time.Now().Add(-time.Second)
	for t := range st.tokens {
		st.tokens[t] = past
	}
}

// --- media providers ---

func (st *store) putProviders(ps []MediaProvider) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, p := range ps {
		st.providers[p.Name] = p
	}
}

func (st *store) removeProvider(name string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.providers[name]; !ok {
		return false
	}
	delete(st.providers, name)
	return true
}

func (st *store) hasProvider(name string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	_, ok := st.providers[name]
	return ok
}

// providerList is sorted by name so GET answers and tests are stable.
func (st *store) providerList() []MediaProvider {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]MediaProvider, 0, len(st.providers))
	for _, p := range st.providers {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// --- faults ---

func (st *store) armFault(f Fault) {
	st.mu.Lock()
	defer st.mu.Unlock()
	left := f.Times
	if left <= 0 {
		left = 1
	}
	st.faults = append(st.faults, armedFault{Fault: f, left: left})
}

// takeFault finds the first armed fault matching the request, counts one use
// and disarms it when used up. Taking under the lock makes Times exact even
// when requests arrive concurrently.
func (st *store) takeFault(method, path string) (Fault, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for i := range st.faults {
		f := &st.faults[i]
		if f.Method != "" && !strings.EqualFold(f.Method, method) {
			continue
		}
		if !strings.HasSuffix(path, f.PathSuffix) {
			continue
		}
		got := f.Fault
		f.left--
		if f.left == 0 {
			st.faults = append(st.faults[:i], st.faults[i+1:]...)
		}
		return got, true
	}
	return Fault{}, false
}

func (st *store) armedFaults() []armedFault {
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]armedFault{}, st.faults...)
}
