package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"xinqing/internal/casework"
)

const (
	hash64  = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	missing = "7b0e7f5c-5a7e-4c61-9a39-3f0c7e8d1aff"
)

// parents are the records other records refer to.
type parents struct {
	student, caseID, member, attachment, screening string
}

func mustCreate(t *testing.T, s *Store, rec casework.Record) string {
	t.Helper()
	if err := s.Create(rec); err != nil {
		t.Fatalf("Create %s: %v", rec.RecordKind(), err)
	}
	return rec.Base().ID
}

func newParents(t *testing.T, s *Store) parents {
	t.Helper()
	var p parents
	p.student = mustCreate(t, s, &casework.Student{Name: "测试学生甲", Gender: casework.GenderFemale, Grade: "七年级",
		Class: "七(3)班", StudentNo: "G110101201205040011"})
	p.caseID = mustCreate(t, s, &casework.Case{StudentID: p.student, ClientKind: casework.ClientKindStudent,
		CaseNo: "2026-001", OpenedOn: "2026-03-02", Source: casework.CaseSourceSelf,
		ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy}, Status: casework.CaseStatusOpen})
	p.member = mustCreate(t, s, &casework.CommitteeMember{StudentID: p.student, Grade: "七年级", Class: "七(3)班",
		Role: casework.CommitteeRoleMember, AppointedOn: "2026-02-20"})
	p.attachment = mustCreate(t, s, &casework.Attachment{OwnerType: casework.KindCase, OwnerID: p.caseID,
		Filename: "consent.pdf", Size: 1024, SHA256: hash64, AddedOn: "2026-02-28"})
	p.screening = mustCreate(t, s, &casework.Screening{Name: "秋季普查", DateTo: "2026-03-01"})
	return p
}

type kindCase struct {
	kind       casework.Kind
	make       func(p parents) casework.Record
	change     func(r casework.Record)
	invalidate func(r casework.Record) // breaks a required field
	dangle     func(r casework.Record) // refers to a missing record; nil if the kind refers to none
}

func kindCases() []kindCase {
	month := casework.Month("2026-01")
	return []kindCase{
		{casework.KindStudent,
			func(p parents) casework.Record {
				return &casework.Student{Name: "测试学生乙", Gender: casework.GenderMale, BirthDate: "2012-05-04", Grade: "七年级",
					Class: "七(1)班", Boarding: true, SpecialGroups: []casework.SpecialGroup{casework.SpecialGroupLeftBehind},
					Status: casework.StudentStatusEnrolled, GraduationYear: 2028, Notes: "喜欢画画"}
			},
			func(r casework.Record) {
				st := r.(*casework.Student)
				st.Grade, st.Class, st.Status, st.LeftOn = "八年级", "八(2)班", casework.StudentStatusTransferred, "2026-10-09"
				st.ClassHistory = []casework.ClassEntry{{From: "2025-09-01", Grade: "七年级", Class: "七(1)班"},
					{From: "2026-09-01", Grade: "八年级", Class: "八(2)班"}}
			},
			func(r casework.Record) { r.(*casework.Student).Name = "" },
			nil},
		{casework.KindCase,
			func(p parents) casework.Record {
				return &casework.Case{StudentID: p.student, ClientKind: casework.ClientKindStudent, CaseNo: "2026-002",
					OpenedOn: "2026-03-02", Source: casework.CaseSourceTeacher,
					ProblemTypes:      []casework.ProblemType{casework.ProblemTypeEmotion, casework.ProblemTypeStudy},
					PresentingProblem: "考试前紧张", Status: casework.CaseStatusOpen}
			},
			func(r casework.Record) {
				c := r.(*casework.Case)
				c.Status, c.ClosedOn, c.ClosingSummary = casework.CaseStatusClosed, "2026-04-01", "目标达成"
			},
			func(r casework.Record) { r.(*casework.Case).OpenedOn = "2026-02-30" },
			func(r casework.Record) { r.(*casework.Case).StudentID = missing }},
		{casework.KindSession,
			func(p parents) casework.Record {
				return &casework.Session{CaseID: p.caseID, Date: "2026-03-03", Start: "14:30", DurationMin: 40,
					Place: casework.SessionPlaceRoom, Mode: casework.SessionModeInPerson, Observations: "情绪平稳",
					Risk: casework.SessionRiskNone, PrivateNote: "下次问问周末安排"}
			},
			func(r casework.Record) { r.(*casework.Session).DurationMin = 50 },
			func(r casework.Record) { r.(*casework.Session).Date = "" },
			func(r casework.Record) { r.(*casework.Session).CaseID = missing }},
		{casework.KindKeyStudent,
			func(p parents) casework.Record {
				return &casework.KeyStudent{StudentID: p.student, IncludedOn: "2026-03-01",
					InclusionSource: casework.InclusionSourceScreening, Reasons: []casework.KeyReason{casework.KeyReasonEmotion},
					Responsible: []casework.Responsible{{Role: "班主任", Name: "测试教师丙"}},
					Plan:        casework.Plan{Measures: "每周面谈", ReviewOn: "2026-04-01"},
					Levels:      []casework.LevelEntry{{Date: "2026-03-01", Level: casework.LevelYellow}},
					FollowUps:   []casework.FollowUp{{Date: "2026-03-08", Method: casework.FollowUpMethodMeeting, Situation: "好转"}}}
			},
			func(r casework.Record) {
				k := r.(*casework.KeyStudent)
				k.Levels = append(k.Levels, casework.LevelEntry{Date: "2026-03-20", Level: casework.LevelWatch})
				k.ReleasedOn, k.ReleaseBasis, k.Handover = "2026-09-01", casework.ReleaseBasisGraduated, "继续关注情绪变化"
			},
			func(r casework.Record) { r.(*casework.KeyStudent).Levels[0].Level = "purple" },
			func(r casework.Record) { r.(*casework.KeyStudent).StudentID = missing }},
		{casework.KindCrisis,
			func(p parents) casework.Record {
				return &casework.Crisis{StudentID: p.student, DiscoveredOn: "2026-03-05", RiskType: casework.RiskTypeSelfHarm,
					Level: casework.LevelRed, Description: "手臂有划痕", HospitalEscort: true,
					Disclosures:        []casework.Disclosure{{To: casework.DisclosureRecipientGuardian, On: "2026-03-05"}},
					GuardianHandoverOn: "2026-03-05"}
			},
			func(r casework.Record) { r.(*casework.Crisis).Conclusion = "已稳定" },
			func(r casework.Record) { r.(*casework.Crisis).RiskType = "" },
			func(r casework.Record) { r.(*casework.Crisis).StudentID = missing }},
		{casework.KindReferral,
			func(p parents) casework.Record {
				return &casework.Referral{StudentID: p.student, SuggestedOn: "2026-03-06", Reason: "建议到医院做进一步检查",
					Status: casework.ReferralStatusSuggested}
			},
			func(r casework.Record) {
				x := r.(*casework.Referral)
				x.Status, x.VisitedOn, x.ReceiptSigned = casework.ReferralStatusVisited, "2026-03-09", true
			},
			func(r casework.Record) { r.(*casework.Referral).Reason = "" },
			func(r casework.Record) { r.(*casework.Referral).StudentID = missing }},
		{casework.KindContact,
			func(p parents) casework.Record {
				return &casework.Contact{StudentID: p.student, Date: "2026-03-07", Counterpart: casework.CounterpartGuardian,
					Method: casework.ContactMethodPhone, Summary: "家长同意配合"}
			},
			func(r casework.Record) { r.(*casework.Contact).FollowUp = "一周后回访" },
			func(r casework.Record) { r.(*casework.Contact).Counterpart = "" },
			func(r casework.Record) { r.(*casework.Contact).StudentID = missing }},
		{casework.KindGroupSession,
			func(p parents) casework.Record {
				return &casework.GroupSession{Title: "情绪小管家", GroupType: casework.GroupTypeClass, Date: "2026-03-11",
					Start: "15:00", DurationMin: 40, Leader: "测试教师乙", Stage: casework.GroupStageForming,
					Process:      []casework.ProcessSegment{{Segment: "热身", Minutes: 5, Activity: "大风吹"}},
					Participants: 45, Attendance: []casework.Attendance{{StudentID: p.student, Present: true}},
					FollowUpStudentIDs: []string{p.student}}
			},
			func(r casework.Record) { r.(*casework.GroupSession).Participants = 44 },
			func(r casework.Record) { r.(*casework.GroupSession).Date = "2026-02-30" },
			func(r casework.Record) { r.(*casework.GroupSession).Attendance[0].StudentID = missing }},
		{casework.KindCommitteeMember,
			func(p parents) casework.Record {
				return &casework.CommitteeMember{StudentID: p.student, Grade: "七年级", Class: "七(3)班",
					Role: casework.CommitteeRoleDeputy, AppointedOn: "2026-02-21",
					Trainings: []casework.Training{{Date: "2026-03-01", Topic: "识别情绪", Hours: 1.5}}}
			},
			func(r casework.Record) { r.(*casework.CommitteeMember).LeftOn = "2026-07-01" },
			func(r casework.Record) { r.(*casework.CommitteeMember).LeftOn = "2026-01-01" },
			func(r casework.Record) { r.(*casework.CommitteeMember).StudentID = missing }},
		{casework.KindClassReport,
			func(p parents) casework.Record {
				return &casework.ClassReport{Class: "七(3)班", WeekStart: "2026-03-02", MemberID: p.member,
					Mood: casework.MoodGood, Concerns: 0, HomeroomSigned: true}
			},
			func(r casework.Record) { r.(*casework.ClassReport).Concerns = 2 },
			func(r casework.Record) { r.(*casework.ClassReport).WeekStart = "2026-03-03" },
			func(r casework.Record) { r.(*casework.ClassReport).MemberID = missing }},
		{casework.KindActivity,
			func(p parents) casework.Record {
				return &casework.Activity{Kind: casework.ActivityKindLesson, Date: "2026-03-04", Title: "认识自我",
					Classes: 2, Lessons: 2, Participants: 90, Hours: 1.5}
			},
			func(r casework.Record) { r.(*casework.Activity).Hours = 2.25 },
			func(r casework.Record) { r.(*casework.Activity).Title = "" },
			nil},
		{casework.KindDutyDay,
			func(p parents) casework.Record {
				return &casework.DutyDay{Date: "2026-03-04", OpenHours: "12:00-13:30", OnDuty: "测试教师乙"}
			},
			func(r casework.Record) { r.(*casework.DutyDay).Notes = "无来访" },
			func(r casework.Record) { r.(*casework.DutyDay).Date = "" },
			nil},
		{casework.KindVisit,
			func(p parents) casework.Record {
				return &casework.Visit{Date: "2026-03-04", Time: "12:10", VisitorType: casework.VisitorTypeStudent,
					Method: casework.VisitMethodWalkIn}
			},
			func(r casework.Record) { r.(*casework.Visit).Handling = "预约下次" },
			func(r casework.Record) { r.(*casework.Visit).Time = "25:00" },
			nil},
		{casework.KindMailbox,
			func(p parents) casework.Record { return &casework.Mailbox{OpenedOn: "2026-03-06", Letters: 0} },
			func(r casework.Record) { r.(*casework.Mailbox).Letters = 3 },
			func(r casework.Record) { r.(*casework.Mailbox).Letters = -2 },
			nil},
		{casework.KindScreening,
			func(p parents) casework.Record {
				return &casework.Screening{Name: "春季心理普查", DateFrom: "2026-03-01", DateTo: "2026-03-10",
					Expected: 900, Tested: 880, Valid: 870, Flagged: 40, Confirmed: 12, ConsentCollected: true}
			},
			func(r casework.Record) { r.(*casework.Screening).Confirmed = 11 },
			func(r casework.Record) { r.(*casework.Screening).Name = "" },
			nil},
		{casework.KindScreeningResult,
			func(p parents) casework.Record {
				return &casework.ScreeningResult{ScreeningID: p.screening, StudentID: p.student, Date: "2026-03-01",
					RawScore: 14.5, Subscales: map[string]float64{"抑郁": 9, "焦虑": 5.5}, Valid: true, Flagged: true, FlagReason: "总分≥10"}
			},
			func(r casework.Record) {
				x := r.(*casework.ScreeningResult)
				x.InterviewedOn, x.InterviewOutcome, x.InterviewNote = "2026-03-04", casework.InterviewOutcomeWatch, "情绪尚稳"
			},
			func(r casework.Record) { r.(*casework.ScreeningResult).StudentID = "" },
			func(r casework.Record) { r.(*casework.ScreeningResult).ScreeningID = missing }},
		{casework.KindConsent,
			func(p parents) casework.Record {
				return &casework.Consent{StudentID: p.student, Kind: casework.ConsentKindCounseling, Date: "2026-02-28",
					GuardianSigned: true, AttachmentID: p.attachment}
			},
			func(r casework.Record) { r.(*casework.Consent).StudentSigned = true },
			func(r casework.Record) { r.(*casework.Consent).Date = "" },
			func(r casework.Record) { r.(*casework.Consent).AttachmentID = missing }},
		{casework.KindMonthNotes,
			func(p parents) casework.Record {
				month = month.Next() // one set of notes per month
				return &casework.MonthNotes{Month: month, Highlights: "开展心理健康月活动", TrainingHours: 4}
			},
			func(r casework.Record) { r.(*casework.MonthNotes).Problems = "场地不足" },
			func(r casework.Record) { r.(*casework.MonthNotes).Month = "2026-13" },
			nil},
		{casework.KindAppointment,
			func(p parents) casework.Record {
				return &casework.Appointment{StudentID: p.student, Date: "2026-03-02", Start: "10:00", DurationMin: 40,
					Via: casework.ViaSelf, Status: casework.ApptBooked, CaseID: p.caseID}
			},
			func(r casework.Record) { r.(*casework.Appointment).Status = casework.ApptDone },
			func(r casework.Record) { r.(*casework.Appointment).DurationMin = 0 },
			func(r casework.Record) { r.(*casework.Appointment).CaseID = missing }},
		{casework.KindAttachment,
			func(p parents) casework.Record {
				return &casework.Attachment{OwnerType: casework.KindStudent, OwnerID: p.student, Filename: "form.pdf",
					MIME: "application/pdf", Size: 2048, SHA256: hash64, AddedOn: "2026-03-01"}
			},
			func(r casework.Record) { r.(*casework.Attachment).Filename = "form2.pdf" },
			func(r casework.Record) { r.(*casework.Attachment).SHA256 = "" },
			func(r casework.Record) { r.(*casework.Attachment).OwnerID = missing }},
		{casework.KindReturn,
			func(p parents) casework.Record {
				return &casework.Return{Month: "2026-03", GeneratedAt: time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC),
					PDFSHA256: hash64, Figures: json.RawMessage(`{"C2":3,"F2":{"red":1}}`)}
			},
			func(r casework.Record) { r.(*casework.Return).Figures = json.RawMessage(`{"C2":4}`) },
			func(r casework.Record) { r.(*casework.Return).Figures = json.RawMessage(`[1]`) },
			nil},
	}
}

func canon(t *testing.T, rec casework.Record) string {
	t.Helper()
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEveryStoredKindHasATableCase(t *testing.T) {
	var got []casework.Kind
	for _, c := range kindCases() {
		got = append(got, c.kind)
	}
	for _, k := range StoredKinds() {
		if !slices.Contains(got, k) {
			t.Errorf("no table test for kind %s", k)
		}
	}
}

func TestRecordsOfEveryKind(t *testing.T) {
	for _, c := range kindCases() {
		t.Run(string(c.kind), func(t *testing.T) {
			s := newStore(t)
			p := newParents(t, s)

			t.Run("a valid record is created and read back unchanged", func(t *testing.T) {
				rec := c.make(p)
				id := mustCreate(t, s, rec)
				if !casework.ValidID(id) || rec.Base().CreatedAt.IsZero() || rec.Base().UpdatedAt != rec.Base().CreatedAt {
					t.Fatalf("after Create: got meta %+v, want a new id and equal stamps", *rec.Base())
				}
				got, err := s.Get(c.kind, id)
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				if canon(t, got) != canon(t, rec) {
					t.Errorf("Get:\n got %s\nwant %s", canon(t, got), canon(t, rec))
				}
			})

			t.Run("an update keeps created_at and stamps updated_at", func(t *testing.T) {
				rec := c.make(p)
				id := mustCreate(t, s, rec)
				created := rec.Base().CreatedAt
				upd, _ := s.Get(c.kind, id)
				c.change(upd)
				upd.Base().CreatedAt = time.Time{} // a caller cannot rewrite history
				if err := s.Update(upd); err != nil {
					t.Fatalf("Update: %v", err)
				}
				got, err := s.Get(c.kind, id)
				if err != nil {
					t.Fatal(err)
				}
				if canon(t, got) != canon(t, upd) {
					t.Errorf("after Update:\n got %s\nwant %s", canon(t, got), canon(t, upd))
				}
				if !got.Base().CreatedAt.Equal(created) || !got.Base().UpdatedAt.After(created) {
					t.Errorf("stamps: got created %v updated %v, want created %v and a later update",
						got.Base().CreatedAt, got.Base().UpdatedAt, created)
				}
			})

			t.Run("list returns every record of the kind", func(t *testing.T) {
				before, err := s.Count(c.kind)
				if err != nil {
					t.Fatal(err)
				}
				id := mustCreate(t, s, c.make(p))
				recs, err := s.List(c.kind)
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) != before+1 {
					t.Errorf("List: got %d records, want %d", len(recs), before+1)
				}
				if !slices.ContainsFunc(recs, func(r casework.Record) bool { return r.Base().ID == id }) {
					t.Errorf("List: new record %s missing", id)
				}
			})

			t.Run("delete removes the record", func(t *testing.T) {
				id := mustCreate(t, s, c.make(p))
				if err := s.Delete(c.kind, id); err != nil {
					t.Fatalf("Delete: %v", err)
				}
				_, err := s.Get(c.kind, id)
				if casework.ErrorCode(err) != casework.ENOTFOUND {
					t.Errorf("Get after Delete: got %v, want ENOTFOUND", err)
				}
				if err := s.Delete(c.kind, id); casework.ErrorCode(err) != casework.ENOTFOUND {
					t.Errorf("second Delete: got %v, want ENOTFOUND", err)
				}
			})

			t.Run("an invalid record is refused and nothing is written", func(t *testing.T) {
				before, _ := s.Count(c.kind)
				rec := c.make(p)
				c.invalidate(rec)
				err := s.Create(rec)
				if casework.ErrorCode(err) != casework.EINVALID {
					t.Fatalf("Create: got %v, want EINVALID", err)
				}
				if after, _ := s.Count(c.kind); after != before {
					t.Errorf("count after a refused Create: got %d, want %d", after, before)
				}
			})

			if c.dangle != nil {
				t.Run("a reference to a missing record is refused", func(t *testing.T) {
					rec := c.make(p)
					c.dangle(rec)
					err := s.Create(rec)
					ves, ok := casework.AsValidationErrors(err)
					if !ok || !slices.ContainsFunc(ves, func(f casework.FieldError) bool { return f.Rule == casework.RuleRef }) {
						t.Errorf("Create: got %v, want a %s validation error", err, casework.RuleRef)
					}
				})
			}
		})
	}
}

func TestUpdatingAMissingRecordIsNotFound(t *testing.T) {
	s := newStore(t)
	st := &casework.Student{Meta: casework.Meta{ID: missing}, Name: "测试学生丁", Gender: casework.GenderMale,
		Grade: "八年级", Class: "八(1)班"}
	if err := s.Update(st); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("Update: got %v, want ENOTFOUND", err)
	}
}

func TestCreatingAnExistingIDIsAConflict(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	st, _ := s.Get(casework.KindStudent, p.student)
	if err := s.Create(st); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Errorf("Create: got %v, want ECONFLICT", err)
	}
}

func TestDeletingReferencedRecordsIsRefused(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	for _, c := range []struct {
		name string
		kind casework.Kind
		id   func() string
	}{
		{"a student with a case", casework.KindStudent, func() string { return p.student }},
		{"a case with an attachment", casework.KindCase, func() string { return p.caseID }},
		{"a student in a group's attendance only", casework.KindStudent, func() string {
			id := mustCreate(t, s, &casework.Student{Name: "测试学生戊", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班"})
			mustCreate(t, s, &casework.GroupSession{Title: "团辅", GroupType: casework.GroupTypeSmallGroup,
				Date: "2026-03-11", Leader: "测试教师乙", Participants: 6,
				Attendance: []casework.Attendance{{StudentID: id, Present: true}}})
			return id
		}},
		{"a case with a session", casework.KindCase, func() string {
			id := mustCreate(t, s, &casework.Case{StudentID: p.student, ClientKind: casework.ClientKindStudent,
				OpenedOn: "2026-03-02", Source: casework.CaseSourceSelf,
				ProblemTypes: []casework.ProblemType{casework.ProblemTypeFamily}})
			mustCreate(t, s, &casework.Session{CaseID: id, Date: "2026-03-03", DurationMin: 30})
			return id
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			id := c.id()
			if err := s.Delete(c.kind, id); casework.ErrorCode(err) != casework.ECONFLICT {
				t.Errorf("Delete: got %v, want ECONFLICT", err)
			}
			if ok, _ := s.Exists(c.kind, id); !ok {
				t.Error("the record is gone after a refused Delete")
			}
		})
	}
}

func TestATransactionWritesEverythingOrNothing(t *testing.T) {
	s := newStore(t)
	boom := errors.New("boom")
	err := s.Tx(func(tx *Tx) error {
		for range 3 {
			if err := tx.Create(&casework.DutyDay{Date: "2026-03-04"}); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx: got %v, want boom", err)
	}
	if n, _ := s.Count(casework.KindDutyDay); n != 0 {
		t.Errorf("after a failed Tx: got %d duty days, want 0", n)
	}
	if es, _ := s.AuditLog(0, 0); len(es) != 0 {
		t.Errorf("after a failed Tx: got %d audit entries, want 0", len(es))
	}
	err = s.Tx(func(tx *Tx) error {
		for range 3 {
			if err := tx.Create(&casework.DutyDay{Date: "2026-03-04"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Count(casework.KindDutyDay); n != 3 {
		t.Errorf("after a good Tx: got %d duty days, want 3", n)
	}
}

func TestPutKeepsImportedStamps(t *testing.T) {
	s := newStore(t)
	created := time.Date(2024, 9, 1, 8, 0, 0, 0, time.UTC)
	updated := time.Date(2025, 1, 2, 9, 30, 0, 0, time.UTC)
	st := &casework.Student{Meta: casework.Meta{ID: missing, CreatedAt: created, UpdatedAt: updated},
		Name: "测试学生己", Gender: casework.GenderFemale, Grade: "九年级", Class: "九(2)班"}
	if err := s.Tx(func(tx *Tx) error { return tx.Put(st) }); err != nil {
		t.Fatal(err)
	}
	got, err := GetAs[*casework.Student](s, missing)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(updated) {
		t.Errorf("stamps: got %v %v, want %v %v", got.CreatedAt, got.UpdatedAt, created, updated)
	}
	st.Class = "九(3)班"
	if err := s.Tx(func(tx *Tx) error { return tx.Put(st) }); err != nil {
		t.Fatalf("second Put: %v", err)
	}
	if got, _ := GetAs[*casework.Student](s, missing); got.Class != "九(3)班" {
		t.Errorf("after the second Put: got class %q, want 九(3)班", got.Class)
	}
}

func TestSettingsDefaultThenSaved(t *testing.T) {
	s := newStore(t)
	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.RiskLevels) != len(casework.DefaultRiskLevels()) {
		t.Fatalf("default settings: got %d risk levels, want %d", len(st.RiskLevels), len(casework.DefaultRiskLevels()))
	}
	st.School.Name = "测试中学"
	st.RiskLevels = st.RiskLevels[:2] // red and orange only
	if err := s.SaveSettings(st); err != nil {
		t.Fatalf("SaveSettings: %v", err)
	}
	got, _ := s.Settings()
	if got.School.Name != "测试中学" || len(got.RiskLevels) != 2 {
		t.Errorf("settings: got %q with %d levels, want 测试中学 with 2", got.School.Name, len(got.RiskLevels))
	}
	// The configured levels now rule validation: yellow is no longer a level.
	p := newParents(t, s)
	k := &casework.KeyStudent{StudentID: p.student, IncludedOn: "2026-03-01",
		Levels: []casework.LevelEntry{{Date: "2026-03-01", Level: casework.LevelYellow}}}
	if err := s.Create(k); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("Create with an unconfigured level: got %v, want EINVALID", err)
	}
	bad := st
	bad.RiskLevels = nil
	if err := s.SaveSettings(bad); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("SaveSettings without levels: got %v, want EINVALID", err)
	}
}

func TestQueryFiltersByStudentCaseAndDate(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	for _, d := range []casework.Date{"2026-02-27", "2026-03-01", "2026-03-15", "2026-03-31", "2026-04-01"} {
		mustCreate(t, s, &casework.Session{CaseID: p.caseID, Date: d, DurationMin: 30})
	}
	march := casework.Month("2026-03").Period()
	got, err := ListAs[*casework.Session](s, Filter{CaseID: p.caseID, From: march.From, To: march.To})
	if err != nil {
		t.Fatal(err)
	}
	var dates []casework.Date
	for _, x := range got {
		dates = append(dates, x.Date)
	}
	if want := []casework.Date{"2026-03-01", "2026-03-15", "2026-03-31"}; !slices.Equal(dates, want) {
		t.Errorf("sessions in March: got %v, want %v", dates, want)
	}
	cases, err := s.Query(casework.KindCase, Filter{StudentID: p.student})
	if err != nil || len(cases) != 1 {
		t.Errorf("cases of the student: got %d (%v), want 1", len(cases), err)
	}
	if _, err := s.Query(casework.KindActivity, Filter{StudentID: p.student}); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("activities by student: got %v, want EINVALID", err)
	}
}

func TestTablesMatchTheCaseworkRecords(t *testing.T) {
	// loadTables fails if a column is no JSON key or a key has no column;
	// here the declared column types must also fit the keys' shapes.
	s := newStore(t)
	want := map[shape]string{shapeText: "TEXT", shapeJSON: "TEXT", shapeBool: "INTEGER", shapeInt: "INTEGER", shapeReal: "REAL"}
	for kind, tb := range s.tabs {
		for _, c := range tb.cols {
			var typ string
			s.mu.Lock()
			err := s.conn.QueryRowContext(t.Context(),
				"SELECT type FROM pragma_table_info(?) WHERE name = ?", tb.name, c.name).Scan(&typ)
			s.mu.Unlock()
			if err != nil {
				t.Fatal(err)
			}
			if !c.derived && typ != want[c.shape] {
				t.Errorf("%s.%s: got %s, want %s", kind, c.name, typ, want[c.shape])
			}
		}
	}
}

func TestRecordsSurviveSnapshotLoadAndCopy(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	for _, c := range kindCases() {
		mustCreate(t, s, c.make(p))
	}
	l, err := Load(context.Background(), snapshot(t, s, 4), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dst := newStore(t)
	if err := l.CopyInto(dst); err != nil {
		t.Fatal(err)
	}
	if contentHash(t, dst) != contentHash(t, s) {
		t.Error("content hash differs after Snapshot, Load and CopyInto")
	}
	for _, k := range StoredKinds() {
		a, _ := s.List(k)
		b, _ := dst.List(k)
		if len(a) != len(b) {
			t.Errorf("%s: got %d records, want %d", k, len(b), len(a))
			continue
		}
		for i := range a {
			if canon(t, a[i]) != canon(t, b[i]) {
				t.Errorf("%s[%d]: got %s, want %s", k, i, canon(t, b[i]), canon(t, a[i]))
			}
		}
	}
	if bad, err := dst.VerifyAudit(); err != nil || bad != 0 {
		t.Errorf("audit after copy: got bad=%d err=%v, want 0", bad, err)
	}
	// The derived search data was rebuilt in the copy.
	for _, q := range []string{"csxsj", "考试前紧张"} {
		a, _ := s.SearchStudents(q, 0)
		b, _ := dst.SearchStudents(q, 0)
		ha, _ := s.SearchText(q, 0)
		hb, _ := dst.SearchText(q, 0)
		if len(a) != len(b) || len(ha) != len(hb) || len(a)+len(ha) == 0 {
			t.Errorf("search %q: got %d/%d hits in the copy, want %d/%d (non-zero)", q, len(b), len(hb), len(a), len(ha))
		}
		la, _ := l.SearchStudents(q, 0)
		hl, _ := l.SearchText(q, 0)
		if len(la) != len(a) || len(hl) != len(ha) {
			t.Errorf("search %q: got %d/%d hits in the loaded store, want %d/%d", q, len(la), len(hl), len(a), len(ha))
		}
	}
}

func TestConcurrentWritersAndReadersShareTheOneConnection(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	done := make(chan error, 8)
	for w := range 4 {
		go func() {
			for i := range 10 {
				err := s.Create(&casework.Session{CaseID: p.caseID, Date: "2026-03-03", DurationMin: 30 + i,
					Observations: fmt.Sprintf("并发写入 %d-%d", w, i)})
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		go func() {
			for range 10 {
				if _, err := s.SearchText("并发写入", 0); err != nil {
					done <- err
					return
				}
				if _, err := s.Snapshot(context.Background(), 1); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.Count(casework.KindSession); n != 40 {
		t.Errorf("sessions: got %d, want 40", n)
	}
	if bad, err := s.VerifyAudit(); bad != 0 || err != nil {
		t.Errorf("audit: got %d, %v; want 0", bad, err)
	}
}

func TestNewCasesGetYearSequentialNumbers(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s) // holds case 2026-001
	var got []string
	for _, opened := range []casework.Date{"2026-03-05", "2026-04-01", "2027-01-10"} {
		c := &casework.Case{StudentID: p.student, ClientKind: casework.ClientKindStudent, OpenedOn: opened,
			Source: casework.CaseSourceSelf, ProblemTypes: []casework.ProblemType{casework.ProblemTypeSelf}}
		mustCreate(t, s, c)
		got = append(got, c.CaseNo)
	}
	if want := []string{"2026-002", "2026-003", "2027-001"}; !slices.Equal(got, want) {
		t.Errorf("case numbers: got %v, want %v", got, want)
	}
	c := &casework.Case{StudentID: p.student, CaseNo: "2026-050", OpenedOn: "2026-05-01",
		Source: casework.CaseSourceSelf, ProblemTypes: []casework.ProblemType{casework.ProblemTypeSelf}}
	mustCreate(t, s, c)
	if c.CaseNo != "2026-050" {
		t.Errorf("a given case number: got %s, want it kept", c.CaseNo)
	}
}
