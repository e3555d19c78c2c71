package figures

import (
	"cmp"
	"slices"

	"xinqing/internal/casework"
)

// FollowUpHorizon is how many days ahead the workbench lists follow-ups
// due.
const FollowUpHorizon = 7

// Workbench is the summary of the workbench (工作台) on one day.
type Workbench struct {
	Month   casework.Month
	Figures MonthFigures
	// FollowUps are the key students whose follow-up is due within
	// FollowUpHorizon days or overdue, most urgent first.
	FollowUps []FollowUpDue
	// Waiting are referrals awaiting feedback, oldest first.
	Waiting []WaitingReferral
	// OpenCrises are crises not closed, oldest first.
	OpenCrises []OpenCrisis
}

// MonthFigures are the key figures of the month so far, computed by the
// code of the monthly return.
type MonthFigures struct {
	Sessions      int // G1 个别辅导人次
	NewCases      int // G3 新开个案
	KeyOnRoll     int // F1 重点学生在册
	Levels        []LevelCount
	Crises        int // I1 total 危机事件
	GroupSessions int // H1 团体辅导场次
	Referrals     int // J1 建议转介人数
	ParentTalks   int // K2 家长沟通/家访
}

// LevelCount is the count of key students at one configured level.
type LevelCount struct {
	Label string
	Color string // #RRGGBB
	N     int
}

// FollowUpDue is a key student whose next follow-up falls due.
type FollowUpDue struct {
	ID                     string // the key-student record
	StudentID, Name, Class string
	Level                  string // label of the level in force
	Due                    casework.Date
}

// WaitingReferral is a referral awaiting feedback.
type WaitingReferral struct {
	ID                     string // the referral
	StudentID, Name, Class string
	SuggestedOn            casework.Date
	Days                   int
}

// OpenCrisis is a crisis not yet closed.
type OpenCrisis struct {
	ID                     string // the crisis
	StudentID, Name, Class string
	DiscoveredOn           casework.Date
	RiskType               casework.RiskType
}

// Summarize is the workbench summary of a dataset on today: the figures
// of the month so far, computed as the monthly return computes them, and
// what is due. Of the students it reads only those the key students,
// referrals and crises name, and no committee members: the figures it
// does not show (F5, L1, L2) are all that depend on the others.
func Summarize(d *Dataset, today casework.Date) (Workbench, error) {
	m := today.Month()
	out := Workbench{Month: m}
	r, err := Compute(d, casework.Period{From: m.First(), To: today}, nil)
	if err != nil {
		return out, err
	}
	levels := d.Settings.RiskLevels
	if len(levels) == 0 {
		levels = casework.DefaultRiskLevels()
	}
	out.Figures = MonthFigures{
		Sessions: r.G1, NewCases: r.G3.Opened, KeyOnRoll: r.F1, Crises: r.I1.Total(),
		GroupSessions: r.H1, Referrals: r.J1, ParentTalks: r.K2,
	}
	for _, c := range r.F2 {
		lv, _ := casework.LevelByCode(levels, c.Code)
		out.Figures.Levels = append(out.Figures.Levels, LevelCount{Label: cmp.Or(lv.Label, c.Code), Color: lv.Color, N: c.N})
	}
	byID := make(map[string]*casework.Student, len(d.Students))
	for _, s := range d.Students {
		byID[s.ID] = s
	}
	// The workbench never lists a student who has left (docs/DOMAIN.md
	// "Time"); a record whose student is not in the data is listed.
	gone := func(id string) bool { s := byID[id]; return s != nil && !s.OnRoll(today) }
	who := func(id string) (name, class string) {
		if s := byID[id]; s != nil {
			return s.Name, s.Class
		}
		return "", ""
	}
	// Students who have left (graduated, moved) are never listed: nothing
	// is due for them here any more.
	for _, k := range d.KeyStudents {
		due, ok := k.FollowUpDue(today, levels)
		if !ok || due > today.AddDays(FollowUpHorizon) || gone(k.StudentID) {
			continue
		}
		code, _ := k.LevelAt(today)
		lv, _ := casework.LevelByCode(levels, code)
		name, class := who(k.StudentID)
		out.FollowUps = append(out.FollowUps, FollowUpDue{ID: k.ID, StudentID: k.StudentID, Name: name, Class: class,
			Level: cmp.Or(lv.Label, code), Due: due})
	}
	slices.SortStableFunc(out.FollowUps, func(a, b FollowUpDue) int { return cmp.Compare(a.Due, b.Due) })
	for _, rf := range d.Referrals {
		if !rf.AwaitingFeedback() || gone(rf.StudentID) {
			continue
		}
		days, _ := rf.SuggestedOn.DaysUntil(today)
		name, class := who(rf.StudentID)
		out.Waiting = append(out.Waiting, WaitingReferral{ID: rf.ID, StudentID: rf.StudentID, Name: name, Class: class,
			SuggestedOn: rf.SuggestedOn, Days: days})
	}
	slices.SortStableFunc(out.Waiting, func(a, b WaitingReferral) int { return cmp.Compare(a.SuggestedOn, b.SuggestedOn) })
	for _, c := range d.Crises {
		if !c.Open() || gone(c.StudentID) {
			continue
		}
		name, class := who(c.StudentID)
		out.OpenCrises = append(out.OpenCrises, OpenCrisis{ID: c.ID, StudentID: c.StudentID, Name: name, Class: class,
			DiscoveredOn: c.DiscoveredOn, RiskType: c.RiskType})
	}
	slices.SortStableFunc(out.OpenCrises, func(a, b OpenCrisis) int { return cmp.Compare(a.DiscoveredOn, b.DiscoveredOn) })
	return out, nil
}
