package campaign

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func digits(s string) (string, error) {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if len(d) < 6 {
		return "", errors.New("too short")
	}
	return d, nil
}

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.csv")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRead: one row per person in file order, duplicates counted (and those
// with other values named), rows with an empty value or a bad phone named
// by line, the SHA-256 of the bytes as they are.
func TestRead(t *testing.T) {
	body := "\ufeffname,phone\nAna,+1 631 555 0001\nBo,+1 631 555 0002\n\nAna,16315550001\nAnna,1-631-555-0001\n,16315550003\nCy,12\n"
	f, err := Read(write(t, body), "phone", []string{"name"}, digits)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(body))
	if f.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("SHA256 = %s, want the bytes' %x", f.SHA256, sum)
	}
	if len(f.Rows) != 2 || f.Rows[0].Canonical != "16315550001" || f.Rows[0].Params[0] != "Ana" || f.Rows[1].Line != 3 {
		t.Errorf("Rows = %+v", f.Rows)
	}
	if f.Duplicates != 2 || len(f.Conflicts) != 1 || f.Conflicts[0].Line != 6 || f.Conflicts[0].FirstLine != 2 {
		t.Errorf("Duplicates = %d, Conflicts = %+v", f.Duplicates, f.Conflicts)
	}
	if len(f.Problems) != 2 || f.Problems[0].Line != 7 || !f.Problems[0].Empty || f.Problems[0].Column != "name" ||
		f.Problems[1].Line != 8 || f.Problems[1].Err == nil {
		t.Errorf("Problems = %+v", f.Problems)
	}
}

func TestReadMissingColumn(t *testing.T) {
	_, err := Read(write(t, "name,tel\nAna,1\n"), "phone", []string{"name", "city"}, digits)
	var m *MissingColumnsError
	if !errors.As(err, &m) || strings.Join(m.Missing, ",") != "phone,city" {
		t.Fatalf("err = %v", err)
	}
	if _, err := Read(write(t, "phone\n"), "phone", nil, digits); !errors.Is(err, ErrNoRows) {
		t.Fatalf("a header alone: err = %v", err)
	}
}

// TestPacked: a set survives packing in any order, tells a person's other
// message from this one, and a changed parameter or content is another
// message for the same person.
func TestPacked(t *testing.T) {
	c := NewContentID("content")
	a := DigestOf(c, "16315550001", []string{"Ana"})
	b := DigestOf(c, "16315550002", []string{"Bo"})
	s, err := Unpack(Pack([]Digest{b, a, b}))
	if err != nil || len(s) != 2 || !s.Has(a) || !s.Has(b) {
		t.Fatalf("Unpack(Pack) = %v, %v", s, err)
	}
	renamed := DigestOf(c, "16315550001", []string{"Anna"})
	if s.Has(renamed) || !s.HasPerson(renamed) || renamed.Person() != a.Person() {
		t.Errorf("a changed parameter: Has %v, HasPerson %v", s.Has(renamed), s.HasPerson(renamed))
	}
	if other := DigestOf(NewContentID("other"), "16315550001", []string{"Ana"}); s.Has(other) || !s.HasPerson(other) {
		t.Error("another content is the same message")
	}
	if s.HasPerson(DigestOf(c, "16315550003", nil)) {
		t.Error("a person never sent is in the set")
	}
	if empty, err := Unpack(Pack(nil)); err != nil || len(empty) != 0 {
		t.Errorf("the empty set: %v, %v", empty, err)
	}
	if _, err := Unpack("v2:AAAA"); !errors.Is(err, ErrNotPacked) {
		t.Errorf("another version: %v", err)
	}
	if n := len(Pack(make100k())); n > 1_100_000 {
		t.Errorf("100,000 recipients pack to %d bytes", n)
	}
}

func make100k() []Digest {
	c := NewContentID("x")
	out := make([]Digest, 100_000)
	for i := range out {
		out[i] = DigestOf(c, "1631555"+strings.Repeat("0", 4)+string(rune('0'+i%10)), []string{string(rune(i))})
	}
	return out
}
