package casework

import (
	"crypto/rand"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// NewID returns a random UUID (version 4) from crypto/rand.
func NewID() string {
	id, err := NewIDFrom(rand.Reader)
	if err != nil {
		// crypto/rand.Read does not fail on supported platforms (it
		// crashes the program itself if the OS source is broken).
		panic(err)
	}
	return id
}

// NewIDFrom returns a UUID v4 made from 16 bytes of r; tests and
// deterministic demo data pass their own source.
func NewIDFrom(r io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("new id: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

// ValidID reports whether s is a UUID in canonical lowercase form.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
				return false
			}
		}
	}
	return true
}

// ParseCaseNo splits a case number "2026-001" into year and sequence. The
// sequence has at least three digits (2026-1000 follows 2026-999).
func ParseCaseNo(s string) (year, seq int, ok bool) {
	y, n, found := strings.Cut(s, "-")
	if !found || len(y) != 4 || len(n) < 3 {
		return 0, 0, false
	}
	year, err1 := strconv.Atoi(y)
	seq, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil || year < 1900 || seq < 1 || strings.ContainsAny(s, "+ ") {
		return 0, 0, false
	}
	if len(n) > 3 && n[0] == '0' {
		return 0, 0, false // one canonical spelling per number
	}
	return year, seq, true
}

// FormatCaseNo formats year and sequence as a case number: 2026-001.
func FormatCaseNo(year, seq int) string { return fmt.Sprintf("%04d-%03d", year, seq) }

// NextCaseNo returns the next case number of year: one more than the
// highest sequence of that year among existing (numbers of other years
// and malformed ones are ignored), starting at 001.
func NextCaseNo(year int, existing []string) string {
	high := 0
	for _, s := range existing {
		if y, n, ok := ParseCaseNo(s); ok && y == year && n > high {
			high = n
		}
	}
	return FormatCaseNo(year, high+1)
}

// LevelAt returns the level in force on d: the level of the latest
// levels entry dated on or before d. Entries dated the same day count in
// list order (the later entry wins). ok is false when no entry is dated
// on or before d.
func (k *KeyStudent) LevelAt(d Date) (code string, ok bool) {
	var at Date
	for _, l := range k.Levels {
		if l.Date.Valid() && l.Date <= d && l.Date >= at {
			at, code, ok = l.Date, l.Level, true
		}
	}
	return code, ok
}

// OnRollAt reports whether the key student is on the register on d
// (figure F1): included on or before d and not released on or before d.
func (k *KeyStudent) OnRollAt(d Date) bool {
	return k.IncludedOn.Valid() && k.IncludedOn <= d && (k.ReleasedOn.IsZero() || k.ReleasedOn > d)
}

// LevelChangesIn returns the levels entries dated in p that are not the
// student's first entry (figure F3's 等级调整). The first entry is the
// earliest by date, ties broken by list order.
func (k *KeyStudent) LevelChangesIn(p Period) []LevelEntry {
	sorted := k.SortedLevels()
	var out []LevelEntry
	for i, l := range sorted {
		if i > 0 && p.Contains(l.Date) {
			out = append(out, l)
		}
	}
	return out
}

// SortedLevels returns the level history in date order (stable: entries
// of the same day keep their list order).
func (k *KeyStudent) SortedLevels() []LevelEntry {
	out := append([]LevelEntry(nil), k.Levels...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// HasPlan reports whether the student has a 一生一策 (figure F4): the
// plan's measures are not empty.
func (k *KeyStudent) HasPlan() bool { return strings.TrimSpace(k.Plan.Measures) != "" }

// LastFollowUp returns the date of the latest follow-up on or before d.
func (k *KeyStudent) LastFollowUp(d Date) (Date, bool) {
	var last Date
	for _, f := range k.FollowUps {
		if f.Date.Valid() && f.Date <= d && f.Date > last {
			last = f.Date
		}
	}
	return last, last != ""
}

// FollowUpDue returns the date the next follow-up is due on d, given the
// level set: the latest follow-up (or the inclusion date) plus the
// follow_up_days of the level in force. ok is false when the student is
// not on the register, has no level, or the level has no interval.
func (k *KeyStudent) FollowUpDue(d Date, levels []RiskLevel) (due Date, ok bool) {
	if !k.OnRollAt(d) {
		return "", false
	}
	code, has := k.LevelAt(d)
	if !has {
		return "", false
	}
	lv, found := LevelByCode(levels, code)
	if !found || lv.FollowUpDays <= 0 {
		return "", false
	}
	from := k.IncludedOn
	if last, ok := k.LastFollowUp(d); ok && last > from {
		from = last
	}
	return from.AddDays(lv.FollowUpDays), true
}

// LevelByCode finds a configured level by code.
func LevelByCode(levels []RiskLevel, code string) (RiskLevel, bool) {
	for _, l := range levels {
		if l.Code == code {
			return l, true
		}
	}
	return RiskLevel{}, false
}

// SortLevels returns the levels ordered by rank, most serious first.
func SortLevels(levels []RiskLevel) []RiskLevel {
	out := append([]RiskLevel(nil), levels...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	return out
}

// ActiveAt reports whether the committee member serves on d (figure L2):
// appointed on or before d and not left on or before d.
func (m *CommitteeMember) ActiveAt(d Date) bool {
	return m.AppointedOn.Valid() && m.AppointedOn <= d && (m.LeftOn.IsZero() || m.LeftOn > d)
}

// Enrolled reports whether the student is at school; an empty status
// means enrolled (a new student has no status chosen yet).
func (s *Student) Enrolled() bool { return s.Status == "" || s.Status == StudentStatusEnrolled }

// HasSpecialGroup reports whether the student has at least one special
// group flag (figure F5 counts enrolled students for whom this holds).
func (s *Student) HasSpecialGroup() bool { return len(s.SpecialGroups) > 0 }

// Client returns the case's client kind; empty means a student case.
func (c *Case) Client() ClientKind {
	if c.ClientKind == "" {
		return ClientKindStudent
	}
	return c.ClientKind
}

// ClosedAt reports whether the case was closed on or before d.
func (c *Case) ClosedAt(d Date) bool { return c.ClosedOn.Valid() && c.ClosedOn <= d }

// GuardianTold reports whether the crisis has a disclosure to the guardian.
func (x *Crisis) GuardianTold() bool {
	for _, d := range x.Disclosures {
		if d.To == DisclosureRecipientGuardian {
			return true
		}
	}
	return false
}

// WeekStartOf returns the Monday of d's week (the week_start of a class
// report); d must be valid.
func WeekStartOf(d Date) Date {
	wd, ok := d.Weekday()
	if !ok {
		return d
	}
	return d.AddDays(-((int(wd) + 6) % 7))
}

// TermAt returns the term that contains d and the school week of d in it
// (week 1 is the week of the term's start, weeks starting on Monday).
func TermAt(terms []Term, d Date) (term Term, week int, ok bool) {
	for _, t := range terms {
		if d.InRange(t.Start, t.End) {
			days, _ := WeekStartOf(t.Start).DaysUntil(d)
			return t, days/7 + 1, true
		}
	}
	return Term{}, 0, false
}

// Printable returns a copy of the session without its private note, which
// is a memory aid and never printed (docs/DOMAIN.md rule 8). The interchange document
// keeps the note; every printed or previewed output goes through this.
func (x Session) Printable() Session {
	x.PrivateNote = ""
	return x
}

// Printable returns a copy of the group session without the students to
// follow up, which group outputs never show: their ids are blanked, so the
// record still prints how many need following up (需个别跟进 n人). The
// participants are those of the attendance list when there is one.
func (x GroupSession) Printable() GroupSession {
	if len(x.FollowUpStudentIDs) > 0 {
		x.FollowUpStudentIDs = make([]string, len(x.FollowUpStudentIDs))
	}
	x.Participants = x.Attended()
	return x
}

// AgeAt returns the student's age in whole years on d; ok is false
// without a valid birth date or when d is before it.
func (s *Student) AgeAt(d Date) (int, bool) {
	b, ok1 := s.BirthDate.Time()
	t, ok2 := d.Time()
	if !ok1 || !ok2 || t.Before(b) {
		return 0, false
	}
	age := t.Year() - b.Year()
	if t.Month() < b.Month() || t.Month() == b.Month() && t.Day() < b.Day() {
		age--
	}
	return age, true
}

// InDomainOrder returns the codes of set ordered as in all (the docs/DOMAIN.md "Enums"
// order of the enum), unknown codes last in their own order. Sets are
// stored in this order so that the same choice always prints and hashes
// the same.
func InDomainOrder[T ~string](set, all []T) []T {
	if len(set) == 0 {
		return set
	}
	rank := make(map[T]int, len(all))
	for i, v := range all {
		rank[v] = i
	}
	out := append([]T(nil), set...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, ok := rank[out[i]]
		if !ok {
			ri = len(all)
		}
		rj, ok := rank[out[j]]
		if !ok {
			rj = len(all)
		}
		return ri < rj
	})
	return out
}

// Normalize puts the student's special groups in docs/DOMAIN.md "Enums" order
// and writes the grade and class canonically (NormalizeClass).
func (s *Student) Normalize() {
	s.SpecialGroups = InDomainOrder(s.SpecialGroups, AllSpecialGroups())
	s.Grade, s.Class = NormalizeClass(s.Grade, s.Class)
	s.normalizeHistory()
}

// Normalize writes the member's grade and class as the student's are
// written (NormalizeClass).
func (m *CommitteeMember) Normalize() { m.Grade, m.Class = NormalizeClass(m.Grade, m.Class) }

// Attended is the group session's number of participants (figure H2): the
// entries of its attendance list marked present when it has a list, else
// the typed participants.
func (x *GroupSession) Attended() int {
	if len(x.Attendance) == 0 {
		return x.Participants
	}
	n := 0
	for _, a := range x.Attendance {
		if a.Present {
			n++
		}
	}
	return n
}

// Normalize derives the participants of a group session with an
// attendance list from the list, so that the number is never typed twice.
func (x *GroupSession) Normalize() {
	if n := x.Attended(); n > 0 {
		x.Participants = n
	}
}

// Normalize puts the case's problem types in docs/DOMAIN.md "Enums" order.
func (c *Case) Normalize() { c.ProblemTypes = InDomainOrder(c.ProblemTypes, AllProblemTypes()) }

// Normalize puts the key student's reasons in docs/DOMAIN.md "Enums" order.
func (k *KeyStudent) Normalize() { k.Reasons = InDomainOrder(k.Reasons, AllKeyReasons()) }
