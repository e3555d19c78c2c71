package figures_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// randomDataset makes a small school whose dates cluster around the ends
// of September, October and November 2026, where the rules differ.
func randomDataset(seed uint64) *figures.Dataset {
	r := rand.New(rand.NewPCG(seed, 42))
	days := []string{}
	for t := time.Date(2026, 8, 25, 0, 0, 0, 0, time.UTC); t.Before(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)); t = t.AddDate(0, 0, 1) {
		days = append(days, t.Format("2006-01-02"))
	}
	edges := []string{"2026-08-31", "2026-09-01", "2026-09-30", "2026-10-01", "2026-10-31", "2026-11-01", "2026-11-30", "2026-12-01"}
	day := func() casework.Date {
		if r.IntN(3) == 0 {
			return casework.Date(edges[r.IntN(len(edges))])
		}
		return casework.Date(days[r.IntN(len(days))])
	}
	after := func(d casework.Date) casework.Date {
		for i := 0; i < 5; i++ {
			if e := day(); e >= d {
				return e
			}
		}
		return d
	}
	id := func(p string, i int) string { return fmt.Sprintf("%s%d", p, i) }
	pickOf := func(n int) int { return r.IntN(n) }
	s := settings()
	d := &figures.Dataset{Settings: s}
	levels := []string{"red", "orange", "yellow", "watch"}
	nStudents := 12 + r.IntN(10)
	for i := range nStudents {
		st := &casework.Student{Meta: meta(id("s", i)), Name: "学生" + id("", i)}
		st.Status = []casework.StudentStatus{"", casework.StudentStatusEnrolled, casework.StudentStatusGraduated, casework.StudentStatusTransferred}[pickOf(4)]
		if !st.Enrolled() && r.IntN(3) != 0 {
			st.LeftOn = day() // else a version 1 leaver, never on roll
		}
		for _, g := range casework.AllSpecialGroups() {
			if r.IntN(6) == 0 {
				st.SpecialGroups = append(st.SpecialGroups, g)
			}
		}
		d.Students = append(d.Students, st)
	}
	student := func() string { return id("s", r.IntN(nStudents)) }
	for i := range 15 + r.IntN(10) {
		c := &casework.Case{Meta: meta(id("c", i)), OpenedOn: day(), Source: casework.AllCaseSources()[pickOf(7)]}
		switch r.IntN(6) {
		case 0:
			c.ClientKind = casework.ClientKindStaff
		case 1:
			c.ClientKind = casework.ClientKindParent
		case 2:
			c.ClientKind = casework.ClientKindStudent
			c.StudentID = student()
		default:
			c.StudentID = student()
		}
		for _, t := range casework.AllProblemTypes() {
			if r.IntN(4) == 0 {
				c.ProblemTypes = append(c.ProblemTypes, t)
			}
		}
		if r.IntN(2) == 0 {
			c.ClosedOn = after(c.OpenedOn)
		}
		d.Cases = append(d.Cases, c)
	}
	for i := range 40 + r.IntN(40) {
		caseID := id("c", r.IntN(len(d.Cases)+2)) // some sessions of cases not in the set
		d.Sessions = append(d.Sessions, &casework.Session{Meta: meta(id("x", i)), CaseID: caseID, Date: day()})
	}
	for i := range 8 + r.IntN(8) {
		k := &casework.KeyStudent{Meta: meta(id("k", i)), StudentID: student(), IncludedOn: day()}
		if r.IntN(2) == 0 {
			k.ReleasedOn = after(k.IncludedOn)
		}
		k.Levels = []casework.LevelEntry{{Date: k.IncludedOn, Level: levels[pickOf(4)]}}
		for range r.IntN(4) {
			k.Levels = append(k.Levels, casework.LevelEntry{Date: after(k.IncludedOn), Level: levels[pickOf(4)]})
		}
		r.Shuffle(len(k.Levels), func(a, b int) { k.Levels[a], k.Levels[b] = k.Levels[b], k.Levels[a] })
		for range r.IntN(5) {
			k.FollowUps = append(k.FollowUps, casework.FollowUp{Date: after(k.IncludedOn)})
		}
		if r.IntN(2) == 0 {
			k.Plan.Measures = "每周面谈"
		}
		d.KeyStudents = append(d.KeyStudents, k)
	}
	for i := range r.IntN(6) {
		c := &casework.Crisis{Meta: meta(id("i", i)), StudentID: student(), DiscoveredOn: day(),
			RiskType: casework.AllRiskTypes()[pickOf(7)], HospitalEscort: r.IntN(2) == 0}
		for range r.IntN(4) {
			c.Disclosures = append(c.Disclosures, casework.Disclosure{To: casework.AllDisclosureRecipients()[pickOf(5)], On: after(c.DiscoveredOn)})
		}
		d.Crises = append(d.Crises, c)
	}
	for i := range r.IntN(8) {
		f := &casework.Referral{Meta: meta(id("r", i)), StudentID: student(), SuggestedOn: day()}
		if r.IntN(2) == 0 {
			f.VisitedOn = after(f.SuggestedOn)
		}
		if r.IntN(3) == 0 {
			f.ReturnedOn = after(f.SuggestedOn)
		}
		d.Referrals = append(d.Referrals, f)
	}
	for i := range r.IntN(15) {
		c := &casework.Contact{Meta: meta(id("t", i)), Date: day(), Counterpart: casework.AllCounterparts()[pickOf(5)]}
		if r.IntN(2) == 0 {
			c.StudentID = student()
		}
		d.Contacts = append(d.Contacts, c)
	}
	for i := range r.IntN(10) {
		g := &casework.GroupSession{Meta: meta(id("g", i)), Date: day(),
			GroupType: casework.AllGroupTypes()[pickOf(5)], Participants: r.IntN(50)}
		if r.IntN(2) == 0 {
			for range 1 + r.IntN(6) {
				g.Attendance = append(g.Attendance, casework.Attendance{StudentID: student(), Present: r.IntN(4) != 0})
			}
		}
		d.GroupSessions = append(d.GroupSessions, g)
	}
	classes := []string{"七(1)班", "七(2)班", "八(1)班", "八(2)班", "九(1)班"}
	for i := range r.IntN(12) {
		m := &casework.CommitteeMember{Meta: meta(id("m", i)), StudentID: student(), Class: classes[pickOf(5)], AppointedOn: day()}
		if r.IntN(2) == 0 {
			m.LeftOn = after(m.AppointedOn)
		}
		d.CommitteeMembers = append(d.CommitteeMembers, m)
	}
	for i := range r.IntN(20) {
		d.ClassReports = append(d.ClassReports, &casework.ClassReport{Meta: meta(id("w", i)), Class: classes[pickOf(5)],
			WeekStart: casework.WeekStartOf(day()), Concerns: r.IntN(4)})
	}
	for i := range r.IntN(20) {
		d.Activities = append(d.Activities, &casework.Activity{Meta: meta(id("a", i)), Kind: casework.AllActivityKinds()[pickOf(8)],
			Date: day(), Lessons: r.IntN(5), Participants: r.IntN(100)})
	}
	for i := range r.IntN(20) {
		d.DutyDays = append(d.DutyDays, &casework.DutyDay{Meta: meta(id("dd", i)), Date: day()})
	}
	for i := range r.IntN(20) {
		d.Visits = append(d.Visits, &casework.Visit{Meta: meta(id("v", i)), Date: day()})
	}
	for i := range r.IntN(6) {
		d.Mailbox = append(d.Mailbox, &casework.Mailbox{Meta: meta(id("mb", i)), OpenedOn: day(), Letters: r.IntN(5)})
	}
	for i := range r.IntN(4) {
		d.Screenings = append(d.Screenings, &casework.Screening{Meta: meta(id("e", i)), DateTo: day(),
			Expected: r.IntN(300), Tested: r.IntN(300), Valid: r.IntN(300), Flagged: r.IntN(30), Confirmed: r.IntN(10)})
		if r.IntN(2) == 0 { // a screening with results: E1 comes from them
			for j := range r.IntN(12) {
				res := &casework.ScreeningResult{Meta: meta(fmt.Sprintf("e%dr%d", i, j)), ScreeningID: id("e", i),
					StudentID: student(), RawScore: float64(r.IntN(27)), Valid: r.IntN(5) > 0, Flagged: r.IntN(2) == 0}
				if r.IntN(2) == 0 {
					res.InterviewOutcome = casework.AllInterviewOutcomes()[r.IntN(3)]
				}
				d.ScreeningResults = append(d.ScreeningResults, res)
			}
		}
	}
	for _, m := range []string{"2026-09", "2026-10", "2026-11"} {
		if r.IntN(3) > 0 {
			d.MonthNotes = append(d.MonthNotes, &casework.MonthNotes{Meta: meta("n" + m), Month: casework.Month(m),
				Highlights: "亮点" + m, Problems: "问题" + m, NextPlan: "计划" + m, TrainingHours: float64(r.IntN(8)) / 2})
		}
	}
	return d
}

// reference computes the return of month m with no shared code: the
// month is the set of its day strings, walked day by day from its first
// day, and every rule is written out again as a plain loop.
func reference(d *figures.Dataset, m string) map[string]any {
	in := map[casework.Date]bool{}
	first, _ := time.Parse("2006-01", m)
	var end casework.Date
	for t := first; t.Format("2006-01") == m; t = t.AddDate(0, 0, 1) {
		end = casework.Date(t.Format("2006-01-02"))
		in[end] = true
	}
	studentOnRoll := func(id string) bool {
		for _, s := range d.Students {
			if s.ID == id {
				return s.Status == "" || s.Status == "enrolled" || s.LeftOn != "" && string(end) < string(s.LeftOn)
			}
		}
		return true
	}
	onRoll := func(k *casework.KeyStudent) bool {
		return k.IncludedOn != "" && string(k.IncludedOn) <= string(end) && (k.ReleasedOn == "" || string(k.ReleasedOn) > string(end)) &&
			studentOnRoll(k.StudentID)
	}
	active := func(c *casework.CommitteeMember) bool {
		return string(c.AppointedOn) <= string(end) && (c.LeftOn == "" || string(c.LeftOn) > string(end))
	}
	clientOf := func(caseID string) string {
		for _, c := range d.Cases {
			if c.ID == caseID {
				if c.ClientKind == "" {
					return "student"
				}
				return string(c.ClientKind)
			}
		}
		return "missing"
	}
	studentOf := func(caseID string) string {
		for _, c := range d.Cases {
			if c.ID == caseID {
				return c.StudentID
			}
		}
		return ""
	}
	out := map[string]any{}
	count := func(code string, n int) { out[code] = n }
	sub := func(code, k string, n int) {
		if out[code] == nil {
			out[code] = map[string]int{}
		}
		out[code].(map[string]int)[k] += n
	}

	n := 0
	for _, x := range d.DutyDays {
		if in[x.Date] {
			n++
		}
	}
	count("C2", n)
	n = 0
	for _, x := range d.Visits {
		if in[x.Date] {
			n++
		}
	}
	count("C3", n)
	n = 0
	for _, x := range d.Mailbox {
		if in[x.OpenedOn] {
			n += x.Letters
		}
	}
	count("C4", n)
	acts := map[casework.ActivityKind][2]int{}
	for _, a := range d.Activities {
		if in[a.Date] {
			v := acts[a.Kind]
			acts[a.Kind] = [2]int{v[0] + 1, v[1] + a.Lessons}
		}
	}
	count("D1", acts[casework.ActivityKindLesson][1])
	count("D2", acts[casework.ActivityKindClassMeeting][0])
	count("D3", acts[casework.ActivityKindSpecialEvent][0])
	for _, k := range []string{"expected", "tested", "valid", "flagged", "confirmed"} {
		sub("E1", k, 0)
	}
	for _, s := range d.Screenings {
		if !in[s.DateTo] {
			continue
		}
		sub("E1", "expected", s.Expected)
		var tested, valid, flagged, confirmed int
		for _, res := range d.ScreeningResults {
			if res.ScreeningID != s.ID {
				continue
			}
			tested++
			if res.Valid {
				valid++
			}
			if res.Valid && res.Flagged {
				flagged++
			}
			if res.InterviewOutcome == casework.InterviewOutcomeConfirmed {
				confirmed++
			}
		}
		if tested == 0 { // no results: the typed totals
			tested, valid, flagged, confirmed = s.Tested, s.Valid, s.Flagged, s.Confirmed
		}
		sub("E1", "tested", tested)
		sub("E1", "valid", valid)
		sub("E1", "flagged", flagged)
		sub("E1", "confirmed", confirmed)
	}
	f1, f4, f6 := 0, 0, 0
	for _, l := range []string{"red", "orange", "yellow", "watch"} {
		sub("F2", l, 0)
	}
	sub("F3", "added", 0)
	sub("F3", "released", 0)
	sub("F3", "level_changed", 0)
	for _, k := range d.KeyStudents {
		if onRoll(k) {
			f1++
			if strings.TrimSpace(k.Plan.Measures) != "" {
				f4++
			}
			// the level in force: scan every entry, the latest date wins,
			// the later entry on the same date wins.
			best, lv := -1, ""
			for i, e := range k.Levels {
				if string(e.Date) <= string(end) && (best < 0 || string(e.Date) >= string(k.Levels[best].Date)) {
					best, lv = i, e.Level
				}
			}
			if best >= 0 {
				sub("F2", lv, 1)
			}
		}
		if in[k.IncludedOn] {
			sub("F3", "added", 1)
		}
		if in[k.ReleasedOn] {
			sub("F3", "released", 1)
		}
		firstIdx := 0
		for i, e := range k.Levels {
			if string(e.Date) < string(k.Levels[firstIdx].Date) {
				firstIdx = i
			}
		}
		for i, e := range k.Levels {
			if i != firstIdx && in[e.Date] {
				sub("F3", "level_changed", 1)
				break
			}
		}
		for _, f := range k.FollowUps {
			if in[f.Date] {
				f6++
			}
		}
	}
	count("F1", f1)
	count("F4", f4)
	count("F6", f6)
	f5 := 0
	for _, s := range d.Students {
		if studentOnRoll(s.ID) && len(s.SpecialGroups) > 0 {
			f5++
		}
	}
	count("F5", f5)
	g1, g2 := 0, map[string]bool{}
	sub("G6", "staff", 0)
	sub("G6", "parent", 0)
	for _, s := range d.Sessions {
		if !in[s.Date] {
			continue
		}
		switch cl := clientOf(s.CaseID); cl {
		case "student":
			g1++
			g2[studentOf(s.CaseID)] = true
		case "staff", "parent":
			sub("G6", cl, 1)
		}
	}
	count("G1", g1)
	count("G2", len(g2))
	sub("G3", "opened", 0)
	sub("G3", "closed", 0)
	for _, c := range casework.AllCaseSources() {
		sub("G4", string(c), 0)
	}
	for _, c := range casework.AllProblemTypes() {
		sub("G5", string(c), 0)
	}
	for _, c := range d.Cases {
		if in[c.OpenedOn] {
			sub("G3", "opened", 1)
			sub("G4", string(c.Source), 1)
			for _, t := range c.ProblemTypes {
				sub("G5", string(t), 1)
			}
		}
		if in[c.ClosedOn] {
			sub("G3", "closed", 1)
		}
	}
	h1, h2, l3 := 0, 0, acts[casework.ActivityKindCommitteeTraining][0]
	for _, g := range d.GroupSessions {
		if in[g.Date] {
			h1++
			if len(g.Attendance) == 0 {
				h2 += g.Participants
			}
			for _, a := range g.Attendance {
				if a.Present {
					h2++
				}
			}
			if g.GroupType == "committee_training" {
				l3++
			}
		}
	}
	count("H1", h1)
	count("H2", h2)
	count("L3", l3)
	for _, c := range casework.AllRiskTypes() {
		sub("I1", string(c), 0)
	}
	i2, i3 := 0, 0
	for _, c := range d.Crises {
		if in[c.DiscoveredOn] {
			sub("I1", string(c.RiskType), 1)
			if c.HospitalEscort {
				i3++
			}
		}
		for _, x := range c.Disclosures {
			if x.To == "guardian" && in[x.On] {
				i2++
			}
		}
	}
	count("I2", i2)
	count("I3", i3)
	j1, j2, j3 := map[string]bool{}, 0, 0
	for _, f := range d.Referrals {
		if in[f.SuggestedOn] {
			j1[f.StudentID] = true
		}
		if in[f.VisitedOn] {
			j2++
		}
		if in[f.ReturnedOn] {
			j3++
		}
	}
	count("J1", len(j1))
	count("J2", j2)
	count("J3", j3)
	sub("K1", "sessions", acts[casework.ActivityKindParentLecture][0])
	sub("K1", "participants", 0)
	for _, a := range d.Activities {
		if in[a.Date] && a.Kind == "parent_lecture" {
			sub("K1", "participants", a.Participants)
		}
	}
	k2, k3 := 0, acts[casework.ActivityKindExternal][0]
	for _, c := range d.Contacts {
		if in[c.Date] && c.Counterpart == "guardian" {
			k2++
		}
		if in[c.Date] && c.Counterpart == "external" {
			k3++
		}
	}
	count("K2", k2)
	count("K3", k3)
	cls, l2 := map[string]bool{}, 0
	for _, c := range d.CommitteeMembers {
		if active(c) {
			l2++
			cls[c.Class] = true
		}
	}
	sub("L1", "classes_with_member", len(cls))
	sub("L1", "class_count", d.Settings.School.ClassCount)
	count("L2", l2)
	sub("L4", "reports", 0)
	sub("L4", "concerns", 0)
	for _, c := range d.ClassReports {
		if in[c.WeekStart] {
			sub("L4", "reports", 1)
			sub("L4", "concerns", c.Concerns)
		}
	}
	b4 := 0.0
	out["M1"], out["M2"], out["M3"] = "", "", ""
	for _, x := range d.MonthNotes {
		if string(x.Month) == m {
			b4 += x.TrainingHours
			out["M1"], out["M2"], out["M3"] = x.Highlights, x.Problems, x.NextPlan
		}
	}
	out["B4"] = b4
	return out
}

// figuresOf reads a return as the reference's shape: counts as ints,
// objects as maps, texts as strings.
func figuresOf(t *testing.T, r *figures.Return) map[string]any {
	t.Helper()
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for code, v := range raw {
		var n int
		var f float64
		var s string
		var m map[string]int
		switch {
		case code == "B4" && json.Unmarshal(v, &f) == nil:
			out[code] = f
		case json.Unmarshal(v, &n) == nil:
			out[code] = n
		case json.Unmarshal(v, &s) == nil:
			out[code] = s
		case json.Unmarshal(v, &m) == nil:
			out[code] = m
		}
	}
	return out
}

func TestFiguresEqualAnIndependentReference(t *testing.T) {
	for seed := uint64(1); seed <= 100; seed++ {
		d := randomDataset(seed)
		for _, m := range []string{"2026-09", "2026-10", "2026-11"} {
			r, err := figures.Compute(d, casework.Month(m).Period(), nil)
			if err != nil {
				t.Fatal(err)
			}
			got, want := figuresOf(t, r), reference(d, m)
			var codes []string
			for c := range want {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			for _, c := range codes {
				if fmt.Sprint(got[c]) != fmt.Sprint(want[c]) {
					t.Errorf("seed %d month %s %s: got %v, want %v", seed, m, c, got[c], want[c])
				}
			}
			// The drilled records of a plain count are as many as the count.
			for _, c := range []string{"C2", "C3", "D2", "D3", "F1", "F4", "F5", "F6", "G1", "G2", "H1", "I2", "I3", "J1", "J2", "J3", "K2", "K3", "L2", "L3"} {
				if n := len(figures.Drill(d, casework.Month(m).Period(), c)); n != want[c] {
					t.Errorf("seed %d month %s: Drill %s gave %d records, want %v", seed, m, c, n, want[c])
				}
			}
		}
	}
}
