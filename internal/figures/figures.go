package figures

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"xinqing/internal/casework"
)

// Dataset is what the figures are computed from: the settings and every
// record of the kinds the return counts. The caller (the store, the
// interchange document, a test) fills it; the figures never change it.
type Dataset struct {
	Settings         casework.Settings
	Students         []*casework.Student
	Cases            []*casework.Case
	Sessions         []*casework.Session
	KeyStudents      []*casework.KeyStudent
	Crises           []*casework.Crisis
	Referrals        []*casework.Referral
	Contacts         []*casework.Contact
	GroupSessions    []*casework.GroupSession
	CommitteeMembers []*casework.CommitteeMember
	ClassReports     []*casework.ClassReport
	Activities       []*casework.Activity
	DutyDays         []*casework.DutyDay
	Visits           []*casework.Visit
	Mailbox          []*casework.Mailbox
	Screenings       []*casework.Screening
	ScreeningResults []*casework.ScreeningResult
	MonthNotes       []*casework.MonthNotes
}

// Ref names a record a figure counts. When the figure counts entries
// inside a record (F6 its follow-ups, I2 its disclosures), Entry is the
// entry's 1-based position in that list and Date its date.
type Ref struct {
	Kind  casework.Kind `json:"kind"`
	ID    string        `json:"id"`
	Entry int           `json:"entry,omitempty"`
	Date  casework.Date `json:"date,omitempty"`
}

// NotesSelection chooses the month_notes whose training hours (B4) and
// texts (M1–M3) go into a return. Nil means MonthsOf(p).
type NotesSelection func(casework.Month) bool

// MonthsOf selects the notes of every month p touches.
func MonthsOf(p casework.Period) NotesSelection {
	ms := map[casework.Month]bool{}
	for _, m := range p.Months() {
		ms[m] = true
	}
	return func(m casework.Month) bool { return ms[m] }
}

// emit records that a figure counts r: n is added to the figure's
// sub-key sub ("" for single values).
type emit func(sub string, n float64, r Ref)

// walk runs one figure's predicate over the records.
type walk func(x *index, p casework.Period, e emit)

// index is the dataset with the lookups the walks need.
type index struct {
	*Dataset
	walks    map[string]walk
	cases    map[string]*casework.Case
	students map[string]*casework.Student
	results  map[string][]*casework.ScreeningResult // by screening id
	notes    []*casework.MonthNotes                 // selected, in month order
}

func newIndex(d *Dataset, p casework.Period, sel NotesSelection) *index {
	if sel == nil {
		sel = MonthsOf(p)
	}
	x := &index{Dataset: d, walks: walks(), cases: make(map[string]*casework.Case, len(d.Cases)),
		students: make(map[string]*casework.Student, len(d.Students)),
		results:  map[string][]*casework.ScreeningResult{}}
	for _, r := range d.ScreeningResults {
		x.results[r.ScreeningID] = append(x.results[r.ScreeningID], r)
	}
	for _, c := range d.Cases {
		x.cases[c.ID] = c
	}
	for _, s := range d.Students {
		x.students[s.ID] = s
	}
	for _, n := range d.MonthNotes {
		if sel(n.Month) {
			x.notes = append(x.notes, n)
		}
	}
	sort.SliceStable(x.notes, func(i, j int) bool { return x.notes[i].Month < x.notes[j].Month })
	return x
}

func ref(k casework.Kind, id string) Ref { return Ref{Kind: k, ID: id} }

// walks returns the figures that count records, by code. Codes computed
// from the settings alone (A1–A6, B1–B3, C1, C5) have none.
func walks() map[string]walk {
	return map[string]walk{
		"B4": notesWalk,
		"M1": notesWalk,
		"M2": notesWalk,
		"M3": notesWalk,
		"C2": func(x *index, p casework.Period, e emit) {
			for _, r := range x.DutyDays {
				if p.Contains(r.Date) {
					e("", 1, ref(casework.KindDutyDay, r.ID))
				}
			}
		},
		"C3": func(x *index, p casework.Period, e emit) {
			for _, r := range x.Visits {
				if p.Contains(r.Date) {
					e("", 1, ref(casework.KindVisit, r.ID))
				}
			}
		},
		"C4": func(x *index, p casework.Period, e emit) {
			for _, r := range x.Mailbox {
				if p.Contains(r.OpenedOn) {
					e("", float64(r.Letters), ref(casework.KindMailbox, r.ID))
				}
			}
		},
		"D1": activityWalk(casework.ActivityKindLesson, func(a *casework.Activity) float64 { return float64(a.Lessons) }),
		"D2": activityWalk(casework.ActivityKindClassMeeting, one),
		"D3": activityWalk(casework.ActivityKindSpecialEvent, one),
		// E1 of a screening with results is computed from them
		// (docs/DOMAIN.md "Screening results"); expected stays as typed.
		"E1": func(x *index, p casework.Period, e emit) {
			for _, s := range x.Screenings {
				if !p.Contains(s.DateTo) {
					continue
				}
				r := ref(casework.KindScreening, s.ID)
				e("expected", float64(s.Expected), r)
				results := x.results[s.ID]
				if len(results) == 0 {
					e("tested", float64(s.Tested), r)
					e("valid", float64(s.Valid), r)
					e("flagged", float64(s.Flagged), r)
					e("confirmed", float64(s.Confirmed), r)
					continue
				}
				for _, res := range results {
					rr := ref(casework.KindScreeningResult, res.ID)
					e("tested", 1, rr)
					if res.Valid {
						e("valid", 1, rr)
						if res.Flagged {
							e("flagged", 1, rr)
						}
					}
					if res.InterviewOutcome == casework.InterviewOutcomeConfirmed {
						e("confirmed", 1, rr)
					}
				}
			}
		},
		"F1": func(x *index, p casework.Period, e emit) {
			for _, k := range x.KeyStudents {
				if x.keyOnRoll(k, p.To) {
					e("", 1, ref(casework.KindKeyStudent, k.ID))
				}
			}
		},
		"F2": func(x *index, p casework.Period, e emit) {
			for _, k := range x.KeyStudents {
				if !x.keyOnRoll(k, p.To) {
					continue
				}
				if lv, ok := k.LevelAt(p.To); ok {
					e(lv, 1, ref(casework.KindKeyStudent, k.ID))
				}
			}
		},
		"F3": func(x *index, p casework.Period, e emit) {
			for _, k := range x.KeyStudents {
				r := ref(casework.KindKeyStudent, k.ID)
				if p.Contains(k.IncludedOn) {
					e("added", 1, r)
				}
				if p.Contains(k.ReleasedOn) {
					e("released", 1, r)
				}
				if ch := k.LevelChangesIn(p); len(ch) > 0 {
					e("level_changed", 1, r)
				}
			}
		},
		"F4": func(x *index, p casework.Period, e emit) {
			for _, k := range x.KeyStudents {
				if x.keyOnRoll(k, p.To) && k.HasPlan() {
					e("", 1, ref(casework.KindKeyStudent, k.ID))
				}
			}
		},
		"F5": func(x *index, p casework.Period, e emit) {
			for _, s := range x.Students {
				if s.OnRoll(p.To) && s.HasSpecialGroup() {
					e("", 1, ref(casework.KindStudent, s.ID))
				}
			}
		},
		"F6": func(x *index, p casework.Period, e emit) {
			for _, k := range x.KeyStudents {
				for i, f := range k.FollowUps {
					if p.Contains(f.Date) {
						e("", 1, Ref{Kind: casework.KindKeyStudent, ID: k.ID, Entry: i + 1, Date: f.Date})
					}
				}
			}
		},
		"G1": func(x *index, p casework.Period, e emit) {
			x.studentSessions(p, func(s *casework.Session, _ *casework.Case) {
				e("", 1, ref(casework.KindSession, s.ID))
			})
		},
		"G2": func(x *index, p casework.Period, e emit) {
			seen := map[string]bool{}
			x.studentSessions(p, func(_ *casework.Session, c *casework.Case) {
				if !seen[c.StudentID] {
					seen[c.StudentID] = true
					e("", 1, ref(casework.KindStudent, c.StudentID))
				}
			})
		},
		"G3": func(x *index, p casework.Period, e emit) {
			for _, c := range x.Cases {
				if p.Contains(c.OpenedOn) {
					e("opened", 1, ref(casework.KindCase, c.ID))
				}
				if p.Contains(c.ClosedOn) {
					e("closed", 1, ref(casework.KindCase, c.ID))
				}
			}
		},
		"G4": func(x *index, p casework.Period, e emit) {
			for _, c := range x.Cases {
				if p.Contains(c.OpenedOn) {
					e(string(c.Source), 1, ref(casework.KindCase, c.ID))
				}
			}
		},
		"G5": func(x *index, p casework.Period, e emit) {
			for _, c := range x.Cases {
				if !p.Contains(c.OpenedOn) {
					continue
				}
				for i, t := range c.ProblemTypes {
					if !seenBefore(c.ProblemTypes, i) {
						e(string(t), 1, ref(casework.KindCase, c.ID))
					}
				}
			}
		},
		"G6": func(x *index, p casework.Period, e emit) {
			for _, s := range x.Sessions {
				if !p.Contains(s.Date) {
					continue
				}
				if c, ok := x.cases[s.CaseID]; ok && c.Client() != casework.ClientKindStudent {
					e(string(c.Client()), 1, ref(casework.KindSession, s.ID))
				}
			}
		},
		"H1": func(x *index, p casework.Period, e emit) {
			for _, g := range x.GroupSessions {
				if p.Contains(g.Date) {
					e("", 1, ref(casework.KindGroupSession, g.ID))
				}
			}
		},
		"H2": func(x *index, p casework.Period, e emit) {
			for _, g := range x.GroupSessions {
				if p.Contains(g.Date) {
					e("", float64(g.Attended()), ref(casework.KindGroupSession, g.ID))
				}
			}
		},
		"I1": func(x *index, p casework.Period, e emit) {
			for _, c := range x.Crises {
				if p.Contains(c.DiscoveredOn) {
					e(string(c.RiskType), 1, ref(casework.KindCrisis, c.ID))
				}
			}
		},
		"I2": func(x *index, p casework.Period, e emit) {
			for _, c := range x.Crises {
				for i, d := range c.Disclosures {
					if d.To == casework.DisclosureRecipientGuardian && p.Contains(d.On) {
						e("", 1, Ref{Kind: casework.KindCrisis, ID: c.ID, Entry: i + 1, Date: d.On})
					}
				}
			}
		},
		"I3": func(x *index, p casework.Period, e emit) {
			for _, c := range x.Crises {
				if p.Contains(c.DiscoveredOn) && c.HospitalEscort {
					e("", 1, ref(casework.KindCrisis, c.ID))
				}
			}
		},
		"J1": func(x *index, p casework.Period, e emit) {
			seen := map[string]bool{}
			for _, r := range x.Referrals {
				if p.Contains(r.SuggestedOn) && !seen[r.StudentID] {
					seen[r.StudentID] = true
					e("", 1, ref(casework.KindStudent, r.StudentID))
				}
			}
		},
		"J2": func(x *index, p casework.Period, e emit) {
			for _, r := range x.Referrals {
				if p.Contains(r.VisitedOn) {
					e("", 1, ref(casework.KindReferral, r.ID))
				}
			}
		},
		"J3": func(x *index, p casework.Period, e emit) {
			for _, r := range x.Referrals {
				if p.Contains(r.ReturnedOn) {
					e("", 1, ref(casework.KindReferral, r.ID))
				}
			}
		},
		"K1": func(x *index, p casework.Period, e emit) {
			for _, a := range x.Activities {
				if a.Kind == casework.ActivityKindParentLecture && p.Contains(a.Date) {
					r := ref(casework.KindActivity, a.ID)
					e("sessions", 1, r)
					e("participants", float64(a.Participants), r)
				}
			}
		},
		"K2": contactWalk(casework.CounterpartGuardian),
		"K3": func(x *index, p casework.Period, e emit) {
			activityWalk(casework.ActivityKindExternal, one)(x, p, e)
			contactWalk(casework.CounterpartExternal)(x, p, e)
		},
		"L1": func(x *index, p casework.Period, e emit) {
			seen := map[string]bool{}
			for _, m := range x.CommitteeMembers {
				day, ok := x.servingDay(m, p)
				if !ok {
					continue
				}
				if c := x.memberClass(m, day); !seen[c[1]] {
					seen[c[1]] = true
					e("classes_with_member", 1, ref(casework.KindCommitteeMember, m.ID))
				}
			}
		},
		"L2": func(x *index, p casework.Period, e emit) {
			for _, m := range x.CommitteeMembers {
				if _, ok := x.servingDay(m, p); ok {
					e("", 1, ref(casework.KindCommitteeMember, m.ID))
				}
			}
		},
		"L3": func(x *index, p casework.Period, e emit) {
			activityWalk(casework.ActivityKindCommitteeTraining, one)(x, p, e)
			for _, g := range x.GroupSessions {
				if g.GroupType == casework.GroupTypeCommitteeTraining && p.Contains(g.Date) {
					e("", 1, ref(casework.KindGroupSession, g.ID))
				}
			}
		},
		"L4": func(x *index, p casework.Period, e emit) {
			for _, c := range x.ClassReports {
				if p.Contains(c.WeekStart) {
					r := ref(casework.KindClassReport, c.ID)
					e("reports", 1, r)
					e("concerns", float64(c.Concerns), r)
				}
			}
		},
	}
}

func one(*casework.Activity) float64 { return 1 }

func activityWalk(kind casework.ActivityKind, n func(*casework.Activity) float64) walk {
	return func(x *index, p casework.Period, e emit) {
		for _, a := range x.Activities {
			if a.Kind == kind && p.Contains(a.Date) {
				e("", n(a), ref(casework.KindActivity, a.ID))
			}
		}
	}
}

func contactWalk(who casework.Counterpart) walk {
	return func(x *index, p casework.Period, e emit) {
		for _, c := range x.Contacts {
			if c.Counterpart == who && p.Contains(c.Date) {
				e("", 1, ref(casework.KindContact, c.ID))
			}
		}
	}
}

func notesWalk(x *index, _ casework.Period, e emit) {
	for _, n := range x.notes {
		e("", n.TrainingHours, ref(casework.KindMonthNotes, n.ID))
	}
}

// studentSessions calls f for every session in p of a student case (G1,
// G2). A session whose case is not in the dataset counts nowhere.
func (x *index) studentSessions(p casework.Period, f func(*casework.Session, *casework.Case)) {
	for _, s := range x.Sessions {
		if !p.Contains(s.Date) {
			continue
		}
		if c, ok := x.cases[s.CaseID]; ok && c.Client() == casework.ClientKindStudent {
			f(s, c)
		}
	}
}

// keyOnRoll reports whether key student k counts on the register on d
// (F1, F2, F4): on the register and their student on roll. A key student
// whose student is not in the dataset counts by the register alone.
func (x *index) keyOnRoll(k *casework.KeyStudent, d casework.Date) bool {
	if !k.OnRollAt(d) {
		return false
	}
	s, ok := x.students[k.StudentID]
	return !ok || s.OnRoll(d)
}

// servingDay returns the day of p on which committee member m counts (L1,
// L2): for one calendar month its last day, if m serves then; for a longer
// period (a term, a year) the last day of p on which m serves, if any.
func (x *index) servingDay(m *casework.CommitteeMember, p casework.Period) (casework.Date, bool) {
	if oneMonth(p) {
		return p.To, m.ActiveAt(p.To)
	}
	if !m.AppointedOn.Valid() || m.AppointedOn > p.To || m.LeftOn.Valid() && m.LeftOn <= p.From {
		return "", false
	}
	day := p.To
	if m.LeftOn.Valid() && m.LeftOn <= day {
		day = m.LeftOn.AddDays(-1)
	}
	return day, true
}

// memberClass is the class committee member m serves on day d: their
// student's class of that day when the student has a class history, else
// the class copied at appointment.
func (x *index) memberClass(m *casework.CommitteeMember, d casework.Date) [2]string {
	if s, ok := x.students[m.StudentID]; ok && len(s.ClassHistory) > 0 {
		g, c := s.ClassOn(d)
		return [2]string{g, c}
	}
	return [2]string{m.Grade, m.Class}
}

// oneMonth reports whether p lies in one calendar month (a month, or the
// part of the current month up to today).
func oneMonth(p casework.Period) bool {
	return p.From.Month() != "" && p.From.Month() == p.To.Month()
}

// seenBefore reports whether set[i] occurs earlier in set (a set stored
// with a repeated code counts the code once).
func seenBefore[T comparable](set []T, i int) bool {
	for _, v := range set[:i] {
		if v == set[i] {
			return true
		}
	}
	return false
}

// tally runs code's walk and sums its amounts by sub-key.
func (x *index) tally(code string, p casework.Period) map[string]float64 {
	t := map[string]float64{}
	if w := x.walks[code]; w != nil {
		w(x, p, func(sub string, n float64, _ Ref) { t[sub] += n })
	}
	return t
}

func (x *index) n(code string, p casework.Period) int {
	return int(math.Round(x.tally(code, p)[""]))
}

// counts returns a distribution over codes in order, then any other
// sub-key the walk emitted, sorted.
func counts(t map[string]float64, codes []string) Counts {
	out := make(Counts, 0, len(codes))
	known := map[string]bool{}
	for _, c := range codes {
		known[c] = true
		out = append(out, Count{Code: c, N: int(math.Round(t[c]))})
	}
	var extra []string
	for c := range t {
		if !known[c] {
			extra = append(extra, c)
		}
	}
	sort.Strings(extra)
	for _, c := range extra {
		out = append(out, Count{Code: c, N: int(math.Round(t[c]))})
	}
	return out
}

func codesOf[T ~string](all []T) []string {
	out := make([]string, len(all))
	for i, v := range all {
		out[i] = string(v)
	}
	return out
}

func ints(t map[string]float64, sub string) int { return int(math.Round(t[sub])) }

// Compute returns the figures of period p (a month for the monthly
// return; a term or a school year for the statistics). notes selects the
// month_notes for B4 and M1–M3; nil selects those of the months p touches.
func Compute(d *Dataset, p casework.Period, notes NotesSelection) (*Return, error) {
	if d == nil {
		return nil, fmt.Errorf("compute figures: no dataset")
	}
	if !p.Valid() {
		return nil, fmt.Errorf("compute figures: invalid period %s–%s", p.From, p.To)
	}
	x := newIndex(d, p, notes)
	s := d.Settings.School
	r := &Return{
		A1: s.Name,
		A2: s.Stage,
		A3: periodText(p),
		A4: s.StudentCount,
		A5: s.ClassCount,
		A6: strings.Join([]string{s.Preparer, s.PreparerPhone, s.Reviewer}, " / "),
		B1: s.FulltimeCounselors,
		B2: s.ParttimeCounselors,
		B3: s.CertifiedCounselors,
		C1: Room{HasRoom: s.Room.HasRoom, AreaM2: s.Room.AreaM2},
		C5: []string{},
	}
	for _, h := range s.Hotlines {
		r.C5 = append(r.C5, h.String())
	}
	r.B4 = math.Round(x.tally("B4", p)[""]*100) / 100
	r.C2, r.C3, r.C4 = x.n("C2", p), x.n("C3", p), x.n("C4", p)
	r.D1, r.D2, r.D3 = x.n("D1", p), x.n("D2", p), x.n("D3", p)
	e1 := x.tally("E1", p)
	r.E1 = Screening{Expected: ints(e1, "expected"), Tested: ints(e1, "tested"), Valid: ints(e1, "valid"),
		Flagged: ints(e1, "flagged"), Confirmed: ints(e1, "confirmed")}
	r.F1 = x.n("F1", p)
	var levels []string
	for _, l := range casework.SortLevels(d.Settings.RiskLevels) {
		levels = append(levels, l.Code)
	}
	r.F2 = counts(x.tally("F2", p), levels)
	f3 := x.tally("F3", p)
	r.F3 = RegisterMove{Added: ints(f3, "added"), Released: ints(f3, "released"), LevelChanged: ints(f3, "level_changed")}
	r.F4, r.F5, r.F6 = x.n("F4", p), x.n("F5", p), x.n("F6", p)
	r.G1, r.G2 = x.n("G1", p), x.n("G2", p)
	g3 := x.tally("G3", p)
	r.G3 = CaseMove{Opened: ints(g3, "opened"), Closed: ints(g3, "closed")}
	r.G4 = counts(x.tally("G4", p), codesOf(casework.AllCaseSources()))
	r.G5 = counts(x.tally("G5", p), codesOf(casework.AllProblemTypes()))
	g6 := x.tally("G6", p)
	r.G6 = NonStudent{Staff: ints(g6, string(casework.ClientKindStaff)), Parent: ints(g6, string(casework.ClientKindParent))}
	r.H1, r.H2 = x.n("H1", p), x.n("H2", p)
	r.I1 = counts(x.tally("I1", p), codesOf(casework.AllRiskTypes()))
	r.I2, r.I3 = x.n("I2", p), x.n("I3", p)
	r.J1, r.J2, r.J3 = x.n("J1", p), x.n("J2", p), x.n("J3", p)
	k1 := x.tally("K1", p)
	r.K1 = Lectures{Sessions: ints(k1, "sessions"), Participants: ints(k1, "participants")}
	r.K2, r.K3 = x.n("K2", p), x.n("K3", p)
	r.L1 = Committee{ClassesWithMember: ints(x.tally("L1", p), "classes_with_member"), ClassCount: s.ClassCount}
	r.L2, r.L3 = x.n("L2", p), x.n("L3", p)
	l4 := x.tally("L4", p)
	r.L4 = Reports{Reports: ints(l4, "reports"), Concerns: ints(l4, "concerns")}
	r.M1 = x.noteText(func(n *casework.MonthNotes) string { return n.Highlights })
	r.M2 = x.noteText(func(n *casework.MonthNotes) string { return n.Problems })
	r.M3 = x.noteText(func(n *casework.MonthNotes) string { return n.NextPlan })
	return r, nil
}

// noteText joins one text of the selected notes: the text alone for one
// month, "YYYY-MM：text" lines for several.
func (x *index) noteText(f func(*casework.MonthNotes) string) string {
	var parts []string
	var months []casework.Month
	for _, n := range x.notes {
		if t := strings.TrimSpace(f(n)); t != "" {
			parts = append(parts, t)
			months = append(months, n.Month)
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	for i := range parts {
		parts[i] = string(months[i]) + "：" + parts[i]
	}
	return strings.Join(parts, "\n")
}

// periodText is A3: the month when p is one calendar month.
func periodText(p casework.Period) string {
	if m := p.From.Month(); m != "" && m.Period() == p {
		return string(m)
	}
	return string(p.From) + "至" + string(p.To)
}

// Drill returns the records that figure code counts over p, each once, in
// the order of the dataset. code is a code ("G4") or a code and a sub-key
// ("G4.teacher", "F2.red", "E1.tested"). It returns nil for codes taken
// from the settings and for unknown codes.
func Drill(d *Dataset, p casework.Period, code string) []Ref {
	code, sub, hasSub := strings.Cut(code, ".")
	if d == nil || !p.Valid() {
		return nil
	}
	x := newIndex(d, p, nil)
	w := x.walks[code]
	if w == nil {
		return nil
	}
	var out []Ref
	seen := map[Ref]bool{}
	w(x, p, func(s string, _ float64, r Ref) {
		if hasSub && s != sub || seen[r] {
			return
		}
		seen[r] = true
		out = append(out, r)
	})
	return out
}
