package interchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"xinqing/internal/casework"
)

// Collect reads the vault's settings and every record the document
// carries into a Document (not yet in canonical order; Encode sorts).
func Collect(r Reader) (*Document, error) {
	s, err := r.Settings()
	if err != nil {
		return nil, fmt.Errorf("export: read settings: %w", err)
	}
	s.SigningKey = "" // the school's signing key never leaves the vault
	d := NewDocument(s)
	for _, k := range casework.InterchangeKinds() {
		recs, err := r.List(k)
		if err != nil {
			return nil, fmt.Errorf("export: list %s: %w", k, err)
		}
		for _, rec := range recs {
			if rec.RecordKind() != k || !d.Add(rec) {
				return nil, fmt.Errorf("export: list %s returned a %s record", k, rec.RecordKind())
			}
		}
	}
	return d, nil
}

// Export writes the whole vault to w as a canonical interchange document
// stamped with now as exported_at: the same bytes as Encode of Collect,
// written one kind at a time, so that no more than one kind's records
// and never the whole text are held in memory.
func Export(w io.Writer, r Reader, now time.Time) error {
	s, err := r.Settings()
	if err != nil {
		return fmt.Errorf("export: read settings: %w", err)
	}
	s.SigningKey = "" // the school's signing key never leaves the vault
	d := NewDocument(s)
	d.ExportedAt = casework.Stamp(now)
	// The envelope with every array empty; each "[]" is then filled in
	// where the whole document's encoding would have put its records.
	var env strings.Builder
	if err := Encode(&env, d); err != nil {
		return err
	}
	rest := env.String()
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	for _, k := range casework.InterchangeKinds() {
		marker := "\n  \"" + k.Array() + "\": []"
		i := strings.Index(rest, marker)
		if i < 0 {
			return fmt.Errorf("export: no array %s in the envelope", k.Array())
		}
		bw.WriteString(rest[:i+len(marker)-1]) // up to the "["
		rest = rest[i+len(marker)-1:]          // from the "]"
		recs, err := r.List(k)
		if err != nil {
			return fmt.Errorf("export: list %s: %w", k, err)
		}
		for _, rec := range recs {
			if rec.RecordKind() != k {
				return fmt.Errorf("export: list %s returned a %s record", k, rec.RecordKind())
			}
			if n, ok := rec.(normalizer); ok {
				n.Normalize()
			}
		}
		slices.SortStableFunc(recs, byCreated[casework.Record])
		for j, rec := range recs {
			buf.Reset()
			if err := enc.Encode(rec); err != nil {
				return fmt.Errorf("export: encode: %w", err)
			}
			sep := ",\n    "
			if j == 0 {
				sep = "\n    "
			}
			bw.WriteString(sep)
			// bufio's error sticks: a failed write ends the export here.
			if _, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))); err != nil {
				return fmt.Errorf("export: write: %w", err)
			}
		}
		if len(recs) > 0 {
			bw.WriteString("\n  ")
		}
	}
	bw.WriteString(rest)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// Encode writes d in canonical form: format and version set, every array
// present and sorted by (created_at, id), keys in struct order, two-space
// indentation, no HTML escaping, one final newline. It sorts d's arrays in
// place.
func Encode(w io.Writer, d *Document) error {
	d.Format, d.Version = Format, Version
	d.ExportedAt = casework.Stamp(d.ExportedAt)
	canonicalize(d)
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("export: encode: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// byCreated orders records by creation time, then id: the order the
// counselor wrote them in, made total by the id.
func byCreated[T casework.Record](a, b T) int {
	ma, mb := a.Base(), b.Base()
	if c := ma.CreatedAt.Compare(mb.CreatedAt); c != 0 {
		return c
	}
	return strings.Compare(ma.ID, mb.ID)
}

// normalizer is implemented by records whose sets have one canonical
// order (casework's domain order); the store keeps them that way, so the
// export does too.
type normalizer interface{ Normalize() }

func sortRecords[T casework.Record](xs *[]T) {
	if *xs == nil {
		*xs = []T{}
	}
	for _, x := range *xs {
		if n, ok := any(x).(normalizer); ok {
			n.Normalize()
		}
	}
	slices.SortStableFunc(*xs, byCreated[T])
}

func canonicalize(d *Document) {
	sortRecords(&d.Students)
	sortRecords(&d.Cases)
	sortRecords(&d.Sessions)
	sortRecords(&d.KeyStudents)
	sortRecords(&d.Crises)
	sortRecords(&d.Referrals)
	sortRecords(&d.Contacts)
	sortRecords(&d.GroupSessions)
	sortRecords(&d.CommitteeMembers)
	sortRecords(&d.ClassReports)
	sortRecords(&d.Activities)
	sortRecords(&d.DutyDays)
	sortRecords(&d.Visits)
	sortRecords(&d.Mailbox)
	sortRecords(&d.Screenings)
	sortRecords(&d.ScreeningResults)
	sortRecords(&d.Consents)
	sortRecords(&d.MonthNotes)
	sortRecords(&d.Appointments)
	if d.Settings.RiskLevels == nil {
		d.Settings.RiskLevels = []casework.RiskLevel{}
	}
}
