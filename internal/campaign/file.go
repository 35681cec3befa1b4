// Package campaign is a campaign's recipients file and its compact record of
// sends: it reads a CSV of customers once (one column the phone, others
// free), hashing its bytes as it goes, and packs who was sent which message
// into one string of fixed-size digests, so that Terraform carries one value
// however many recipients there are.
//
// It returns facts and errors; the provider words them and decides (the
// whatsapp_media_campaign resource).
package campaign

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Row is one recipient of the file: the first data row naming a person.
type Row struct {
	Line      int      // the row's line in the file (the header is line 1)
	Written   string   // the phone as written
	Canonical string   // the phone read by the caller's rule
	Params    []string // the values of the parameter columns, in the order asked for
}

// Problem is a row that cannot be sent to, and why.
type Problem struct {
	Line   int
	Column string // the column at fault
	Value  string // what it holds
	Empty  bool   // the value is empty (or only spaces)
	Err    error  // the phone rule's refusal, when the phone is at fault and not empty
}

// File is what reading a recipients file gives.
type File struct {
	SHA256     string // of the file's bytes, hex
	Rows       []Row  // one per person, in file order
	Duplicates int    // data rows naming a person an earlier row names
	// Conflicts are duplicate rows whose parameters differ from the first
	// row's for that person (the first row's are sent).
	Conflicts []Duplicate
	Problems  []Problem
	DataRows  int // data rows read, blank lines not counted
}

// Duplicate is a row naming a person an earlier row named.
type Duplicate struct {
	Line, FirstLine int
	Canonical       string
}

// MissingColumnsError is a header without a column the configuration names.
type MissingColumnsError struct {
	Missing []string
	Header  []string
}

func (e *MissingColumnsError) Error() string {
	return fmt.Sprintf("the header has no column %s (it has %s)", strings.Join(e.Missing, ", "), strings.Join(e.Header, ", "))
}

// ErrNoRows is a file with a header and no data rows.
var ErrNoRows = errors.New("the file has a header and no data rows")

// Read reads the CSV at path: a header row, then one row per recipient.
// phoneColumn names the phone's column; params the columns whose values
// each row's message carries, in order. canonical is the phone rule: it
// returns the person's canonical number or why the written phone is none.
// The file's SHA-256 is of its bytes as read, so a plan and an apply that
// read the same bytes agree on it.
func Read(path, phoneColumn string, params []string, canonical func(string) (string, error)) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read only: a close error loses nothing
	h := sha256.New()
	r := csv.NewReader(io.TeeReader(f, h))
	r.FieldsPerRecord = -1 // a short row is a missing value, named per row below
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, ErrNoRows
	}
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	var names []string
	for i, name := range header {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")) // a spreadsheet's byte-order mark
		names = append(names, name)
		if _, seen := index[name]; !seen {
			index[name] = i
		}
	}
	var missing []string
	cols := make([]int, len(params))
	for i, p := range append([]string{phoneColumn}, params...) {
		c, ok := index[p]
		if !ok {
			missing = append(missing, p)
			continue
		}
		if i > 0 {
			cols[i-1] = c
		}
	}
	if len(missing) > 0 {
		return nil, &MissingColumnsError{Missing: missing, Header: names}
	}
	phoneCol := index[phoneColumn]
	out := &File{}
	first := map[string]int{} // canonical -> index in out.Rows
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		out.DataRows++
		value := func(c int) string {
			if c < len(rec) {
				return strings.TrimSpace(rec[c])
			}
			return ""
		}
		row := Row{Line: line, Written: value(phoneCol)}
		bad := false
		if row.Written == "" {
			out.Problems = append(out.Problems, Problem{Line: line, Column: phoneColumn, Empty: true})
			bad = true
		} else if row.Canonical, err = canonical(row.Written); err != nil {
			out.Problems = append(out.Problems, Problem{Line: line, Column: phoneColumn, Value: row.Written, Err: err})
			bad = true
		}
		row.Params = make([]string, len(params))
		for i, c := range cols {
			row.Params[i] = value(c)
			if row.Params[i] == "" {
				out.Problems = append(out.Problems, Problem{Line: line, Column: params[i], Empty: true})
				bad = true
			}
		}
		if bad {
			continue
		}
		if at, seen := first[row.Canonical]; seen {
			out.Duplicates++
			if !equal(out.Rows[at].Params, row.Params) {
				out.Conflicts = append(out.Conflicts, Duplicate{Line: line, FirstLine: out.Rows[at].Line, Canonical: row.Canonical})
			}
			continue
		}
		first[row.Canonical] = len(out.Rows)
		out.Rows = append(out.Rows, row)
	}
	if _, err := io.Copy(h, f); err != nil { // the reader may stop before the end (a trailing blank line)
		return nil, err
	}
	if out.DataRows == 0 {
		return nil, ErrNoRows
	}
	out.SHA256 = hex.EncodeToString(h.Sum(nil))
	return out, nil
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
