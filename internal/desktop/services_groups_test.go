package desktop

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/returns"
	"xinqing/internal/store"
	"xinqing/internal/ui"
)

// groupsVault makes an unlocked real vault with a school and students.
func groupsVault(t *testing.T) (*services, ui.GroupService, []*casework.Student) {
	t.Helper()
	ctx := context.Background()
	s := testServices()
	if _, err := s.Create(ctx, filepath.Join(t.TempDir(), "vault"), realPass); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Lock(ctx) })
	if err := s.SaveSchool(ctx, ui.School{Name: "晴川实验中学", Stage: "junior", StudentCount: 6, ClassCount: 3,
		Preparer: "王老师", Reviewer: "李校长"}); err != nil {
		t.Fatal(err)
	}
	ws, err := s.workspace()
	if err != nil {
		t.Fatal(err)
	}
	var students []*casework.Student
	for i, c := range []struct{ name, grade, class string }{
		{"测试甲", "七年级", "七(1)班"}, {"测试乙", "七年级", "七(1)班"}, {"测试丙", "七年级", "七(2)班"},
		{"测试丁", "七年级", "七(2)班"}, {"测试戊", "八年级", "八(1)班"}, {"测试己", "八年级", "八(1)班"},
	} {
		st := &casework.Student{Name: c.name, Gender: []casework.Gender{casework.GenderMale, casework.GenderFemale}[i%2], Grade: c.grade, Class: c.class}
		if err := ws.Store().Create(st); err != nil {
			t.Fatal(err)
		}
		students = append(students, st)
	}
	return s, s.groups(), students
}

func groupPDFText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

func TestRealGroupServiceStoresPrintsAndAuditsTheGroupsArea(t *testing.T) {
	ctx := context.Background()
	s, g, st := groupsVault(t)
	gs := &casework.GroupSession{Title: "情绪的小怪兽", Series: "情绪管理", SeriesNo: 3, GroupType: casework.GroupTypeClass,
		Date: "2026-11-12", DurationMin: 40, Leader: "王老师", Participants: 2,
		Process:            []casework.ProcessSegment{{Segment: "热身", Minutes: 5, Activity: "大风吹"}, {Segment: "主题活动", Minutes: 30}},
		Attendance:         []casework.Attendance{{StudentID: st[0].ID, Present: true}, {StudentID: st[1].ID, Reason: "病假"}},
		FollowUpStudentIDs: []string{st[0].ID}}
	if err := g.SaveRecord(ctx, gs); err != nil {
		t.Fatal(err)
	}
	if gs.ID == "" {
		t.Fatal("the saved group session got no id")
	}
	m := &casework.CommitteeMember{StudentID: st[2].ID, Grade: "七年级", Class: "七(2)班", AppointedOn: "2026-09-01",
		Trainings: []casework.Training{{Date: "2026-10-10", Topic: "倾听", Hours: 2}}}
	if err := g.SaveRecord(ctx, m); err != nil {
		t.Fatal(err)
	}
	// A week of reports in one go; one invalid report keeps all out.
	bad := []casework.Record{
		&casework.ClassReport{Class: "七(1)班", WeekStart: "2026-11-09", Concerns: 1},
		&casework.ClassReport{Class: "七(2)班", WeekStart: "2026-11-10", MemberID: m.ID},
	}
	if err := g.SaveRecords(ctx, bad); err == nil {
		t.Fatal("a report whose week starts on a Tuesday was accepted")
	}
	if bad[0].Base().ID != "" {
		t.Fatal("a failed batch left an id on a record it did not keep")
	}
	week := []casework.Record{
		&casework.ClassReport{Class: "七(1)班", WeekStart: "2026-11-09", Concerns: 1, Mood: casework.MoodGood, HomeroomSigned: true},
		&casework.ClassReport{Class: "七(2)班", WeekStart: "2026-11-09", MemberID: m.ID, Concerns: 2, NeedsCounselor: true},
	}
	if err := g.SaveRecords(ctx, week); err != nil {
		t.Fatal(err)
	}

	ws, _ := s.workspace()
	stored, err := store.GetAs[*casework.GroupSession](ws.Store(), gs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.Process) != 2 || stored.Process[1].Segment != "主题活动" || len(stored.FollowUpStudentIDs) != 1 || stored.Attendance[1].Reason != "病假" {
		t.Fatalf("got stored session %+v, want the process table, attendance and follow-up kept", stored)
	}
	reports, err := ws.Store().List(casework.KindClassReport)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 {
		t.Fatalf("got %d class reports in the store, want 2", len(reports))
	}
	// The area cannot reach case files.
	if _, err := g.Records(ctx, casework.KindSession); err == nil {
		t.Fatal("the groups service listed counseling sessions")
	}
	// A committee member referred to by a report cannot be deleted.
	if err := g.DeleteRecord(ctx, casework.KindCommitteeMember, m.ID); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v deleting a referenced member, want ECONFLICT", err)
	}

	dir := t.TempDir()
	pdf := filepath.Join(dir, "group.pdf")
	if err := g.PrintGroupRecord(ctx, gs.ID, pdf); err != nil {
		t.Fatal(err)
	}
	text := groupPDFText(t, pdf)
	if !strings.Contains(text, "情绪的小怪兽") || !strings.Contains(text, "主题活动") {
		t.Fatalf("the group record lacks its title or process:\n%s", text)
	}
	if strings.Contains(text, "测试甲") || strings.Contains(text, "测试乙") {
		t.Fatalf("the group record prints a student's name:\n%s", text)
	}
	roster := filepath.Join(dir, "roster.pdf")
	if err := g.PrintCommitteeRoster(ctx, "2026-11-30", roster); err != nil {
		t.Fatal(err)
	}
	text = groupPDFText(t, roster)
	for _, want := range []string{"测试丙", "七(1)班", "八(1)班", "未设"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the roster lacks %q:\n%s", want, text)
		}
	}
	log, err := ws.Store().AuditLog(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	prints := map[casework.Kind]int{}
	for _, e := range log {
		if e.Action == casework.AuditActionPrint {
			prints[e.ObjectType]++
		}
	}
	if prints[casework.KindGroupSession] != 1 || prints[casework.KindCommitteeMember] != 1 {
		t.Fatalf("got print audit entries %v, want one group record and one roster", prints)
	}
}

// groupCodes are the figures the groups area's records feed.
var groupCodes = []string{"B4", "C2", "C3", "C4", "D1", "D2", "D3", "E1", "H1", "H2", "K1", "L1", "L2", "L3", "L4", "M1", "M2", "M3"}

func TestAMonthEnteredThroughTheGroupsServiceGivesTheFiguresOfTheSameRecordsImported(t *testing.T) {
	ctx := context.Background()
	s, g, st := groupsVault(t)
	var entered []casework.Record
	save := func(recs ...casework.Record) {
		t.Helper()
		var err error
		if len(recs) == 1 {
			err = g.SaveRecord(ctx, recs[0])
		} else {
			err = g.SaveRecords(ctx, recs)
		}
		if err != nil {
			t.Fatal(err)
		}
		entered = append(entered, recs...)
	}
	// November 2026 of a small school, as the counselor types it.
	save(&casework.Activity{Kind: casework.ActivityKindLesson, Date: "2026-11-03", Title: "认识情绪", Classes: 1, Lessons: 1, Participants: 45})
	save(&casework.Activity{Kind: casework.ActivityKindLesson, Date: "2026-11-10", Title: "压力与我", Classes: 2, Lessons: 2, Participants: 90})
	save(&casework.Activity{Kind: casework.ActivityKindLesson, Date: "2026-10-27", Title: "上月的课", Lessons: 4})
	save(&casework.Activity{Kind: casework.ActivityKindClassMeeting, Date: "2026-11-14", Title: "感恩班会", Classes: 3})
	save(&casework.Activity{Kind: casework.ActivityKindSpecialEvent, Date: "2026-11-20", Title: "心理游园会", Participants: 300})
	save(&casework.Activity{Kind: casework.ActivityKindParentLecture, Date: "2026-11-21", Title: "亲子沟通", Participants: 80, Hours: 1.5})
	save(&casework.Activity{Kind: casework.ActivityKindCommitteeTraining, Date: "2026-11-05", Title: "心理委员例会", Participants: 3})
	save(&casework.Activity{Kind: casework.ActivityKindExternal, Date: "2026-11-25", Title: "社工站联动"})
	for _, d := range []casework.Date{"2026-11-02", "2026-11-09", "2026-11-16", "2026-10-30"} {
		save(&casework.DutyDay{Date: d, OpenHours: "12:10-13:00", OnDuty: "王老师"})
	}
	save(&casework.Visit{Date: "2026-11-04", Time: "12:20", VisitorType: casework.VisitorTypeStudent, Method: casework.VisitMethodWalkIn, Category: "学习"})
	save(&casework.Visit{Date: "2026-11-11", VisitorType: casework.VisitorTypeParent, Method: casework.VisitMethodAppointment})
	save(&casework.Visit{Date: "2026-11-30", VisitorType: casework.VisitorTypeTeacher, Method: casework.VisitMethodPhone})
	save(&casework.Visit{Date: "2026-12-01", VisitorType: casework.VisitorTypeStudent, Method: casework.VisitMethodMailbox})
	save(&casework.Mailbox{OpenedOn: "2026-11-06", Letters: 3, Handling: "已回信"})
	save(&casework.Mailbox{OpenedOn: "2026-11-27", Letters: 2})
	save(&casework.Screening{Name: "秋季心理普查", Instrument: "MHT", DateFrom: "2026-11-01", DateTo: "2026-11-15", Grades: "七年级",
		Expected: 4, Tested: 4, Valid: 4, Flagged: 1, Confirmed: 1, ConsentCollected: true})
	save(&casework.GroupSession{Title: "情绪管理", GroupType: casework.GroupTypeClass, Date: "2026-11-12", Leader: "王老师", Participants: 2,
		Process:    []casework.ProcessSegment{{Segment: "热身", Minutes: 5}},
		Attendance: []casework.Attendance{{StudentID: st[0].ID, Present: true}, {StudentID: st[1].ID, Present: true}}})
	save(&casework.GroupSession{Title: "心理委员培训", GroupType: casework.GroupTypeCommitteeTraining, Date: "2026-11-19", Leader: "王老师", Participants: 3})
	m1 := &casework.CommitteeMember{StudentID: st[0].ID, Grade: "七年级", Class: "七(1)班", AppointedOn: "2026-09-01"}
	m2 := &casework.CommitteeMember{StudentID: st[2].ID, Grade: "七年级", Class: "七(2)班", AppointedOn: "2026-09-01", LeftOn: "2026-11-20"}
	save(m1)
	save(m2)
	save(&casework.ClassReport{Class: "七(1)班", WeekStart: "2026-11-02", MemberID: m1.ID, Concerns: 1, Mood: casework.MoodGood},
		&casework.ClassReport{Class: "七(2)班", WeekStart: "2026-11-02", MemberID: m2.ID, Concerns: 2, Mood: casework.MoodFair, NeedsCounselor: true},
		&casework.ClassReport{Class: "八(1)班", WeekStart: "2026-11-02", Concerns: 0})
	save(&casework.ClassReport{Class: "七(1)班", WeekStart: "2026-11-30", MemberID: m1.ID, Concerns: 4},
		&casework.ClassReport{Class: "七(1)班", WeekStart: "2026-10-26", Concerns: 7})
	save(&casework.MonthNotes{Month: "2026-11", Highlights: "完成秋季普查", Problems: "场地紧张", NextPlan: "开展期末减压", TrainingHours: 6})

	month := casework.Month("2026-11")
	ws, err := s.workspace()
	if err != nil {
		t.Fatal(err)
	}
	dsA, err := returns.Load(ws.Store())
	if err != nil {
		t.Fatal(err)
	}
	figA, err := figures.Compute(dsA, month.Period(), figures.MonthsOf(month.Period()))
	if err != nil {
		t.Fatal(err)
	}

	// The same records as an interchange document, imported into a new store.
	settings, err := ws.Store().Settings()
	if err != nil {
		t.Fatal(err)
	}
	doc := interchange.NewDocument(settings)
	doc.Students = st
	for _, r := range entered {
		c := casework.NewRecord(r.RecordKind())
		raw, _ := json.Marshal(r)
		if err := json.Unmarshal(raw, c); err != nil {
			t.Fatal(err)
		}
		switch x := c.(type) {
		case *casework.Activity:
			doc.Activities = append(doc.Activities, x)
		case *casework.DutyDay:
			doc.DutyDays = append(doc.DutyDays, x)
		case *casework.Visit:
			doc.Visits = append(doc.Visits, x)
		case *casework.Mailbox:
			doc.Mailbox = append(doc.Mailbox, x)
		case *casework.Screening:
			doc.Screenings = append(doc.Screenings, x)
		case *casework.GroupSession:
			doc.GroupSessions = append(doc.GroupSessions, x)
		case *casework.CommitteeMember:
			doc.CommitteeMembers = append(doc.CommitteeMembers, x)
		case *casework.ClassReport:
			doc.ClassReports = append(doc.ClassReports, x)
		case *casework.MonthNotes:
			doc.MonthNotes = append(doc.MonthNotes, x)
		default:
			t.Fatalf("unexpected %T", x)
		}
	}
	var buf bytes.Buffer
	if err := interchange.Encode(&buf, doc); err != nil {
		t.Fatal(err)
	}
	other, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := interchange.Import(&buf, interchange.Adapt[*store.Tx](other), interchange.Options{}); err != nil {
		t.Fatal(err)
	}
	dsB, err := returns.Load(other)
	if err != nil {
		t.Fatal(err)
	}
	figB, err := figures.Compute(dsB, month.Period(), figures.MonthsOf(month.Period()))
	if err != nil {
		t.Fatal(err)
	}

	a, b := figureMap(t, figA), figureMap(t, figB)
	for _, code := range groupCodes {
		if !reflect.DeepEqual(a[code], b[code]) {
			t.Errorf("%s: got %v entered through the groups service, %v imported", code, a[code], b[code])
		}
	}
	// And the figures are the month as typed.
	want := map[string]any{
		"B4": 6.0, "C2": 3.0, "C3": 3.0, "C4": 5.0, "D1": 3.0, "D2": 1.0, "D3": 1.0,
		"E1": map[string]any{"expected": 4.0, "tested": 4.0, "valid": 4.0, "flagged": 1.0, "confirmed": 1.0},
		"H1": 2.0, "H2": 5.0, "K1": map[string]any{"sessions": 1.0, "participants": 80.0},
		"L1": map[string]any{"classes_with_member": 1.0, "class_count": 3.0}, "L2": 1.0, "L3": 2.0,
		"L4": map[string]any{"reports": 4.0, "concerns": 7.0},
		"M1": "完成秋季普查", "M2": "场地紧张", "M3": "开展期末减压",
	}
	for _, code := range groupCodes {
		if !reflect.DeepEqual(a[code], want[code]) {
			t.Errorf("%s: got %v, want %v", code, a[code], want[code])
		}
	}
}

func figureMap(t *testing.T, r *figures.Return) map[string]any {
	t.Helper()
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
