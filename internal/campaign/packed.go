package campaign

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The record of who was sent what, packed: one 8-byte digest per recipient
// sent, sorted, base64 in one string with a version prefix. The first 4
// bytes are the person's (a digest of the canonical number alone), the last
// 4 the message's (the content's identity, the number and the row's
// parameters): so a lookup tells "this person has this message" (all 8
// bytes, a false match needs 64 bits to collide: about 1 in 10^14 at 100,000
// recipients) from "this person has another message" (the first 4: a changed
// parameter or content). At 100,000 recipients the string is 1.07 MB.

// packedVersion prefixes a packed set; another layout gets another prefix.
const packedVersion = "v1:"

// Digest is one recipient's entry: person (high 32 bits) and message (low 32).
type Digest uint64

// Person is the digest's person half.
func (d Digest) Person() uint32 { return uint32(d >> 32) }

// ContentID is the identity of what every recipient gets, before the row's
// own values: a digest of the content's fields, computed once per plan.
type ContentID [32]byte

// NewContentID digests the content's identity key (sendlog.Message.Key of
// the campaign's content with no recipient).
func NewContentID(key string) ContentID { return sha256.Sum256([]byte(key)) }

// DigestOf is the entry for sending the message of content c with params to
// the person canonical.
func DigestOf(c ContentID, canonical string, params []string) Digest {
	p := sha256.Sum256([]byte(canonical))
	h := sha256.New()
	h.Write(c[:])
	h.Write([]byte(canonical))
	for _, v := range params {
		h.Write([]byte{0})
		h.Write([]byte(v))
	}
	var m [sha256.Size]byte
	h.Sum(m[:0])
	return Digest(uint64(binary.BigEndian.Uint32(p[:4]))<<32 | uint64(binary.BigEndian.Uint32(m[:4])))
}

// Set is a packed set, unpacked: sorted digests.
type Set []Digest

// Has reports whether d is in the set.
func (s Set) Has(d Digest) bool {
	_, ok := slices.BinarySearch(s, d)
	return ok
}

// HasPerson reports whether the set has any message for d's person.
func (s Set) HasPerson(d Digest) bool {
	i, _ := slices.BinarySearch(s, Digest(uint64(d.Person())<<32))
	return i < len(s) && s[i].Person() == d.Person()
}

// Pack sorts the digests, drops repeats and packs them. An empty set packs
// to the version prefix alone.
func Pack(ds []Digest) string {
	slices.Sort(ds)
	ds = slices.Compact(ds)
	buf := make([]byte, 8*len(ds))
	for i, d := range ds {
		binary.BigEndian.PutUint64(buf[8*i:], uint64(d))
	}
	return packedVersion + base64.StdEncoding.EncodeToString(buf)
}

// ErrNotPacked is a string that is no packed set of this version.
var ErrNotPacked = errors.New("not a packed set of recipients")

// Unpack reads a packed set; "" is the empty set.
func Unpack(s string) (Set, error) {
	if s == "" {
		return nil, nil
	}
	body, ok := strings.CutPrefix(s, packedVersion)
	if !ok {
		return nil, fmt.Errorf("%w: it does not start with %q", ErrNotPacked, packedVersion)
	}
	buf, err := base64.StdEncoding.DecodeString(body)
	if err != nil || len(buf)%8 != 0 {
		return nil, fmt.Errorf("%w: its body is no base64 of 8-byte digests", ErrNotPacked)
	}
	out := make(Set, len(buf)/8)
	for i := range out {
		out[i] = Digest(binary.BigEndian.Uint64(buf[8*i:]))
	}
	if !slices.IsSorted(out) {
		slices.Sort(out)
	}
	return out, nil
}
