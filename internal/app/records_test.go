package app

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/workspace"
)

const schoolPass = "qing-tian-shan-shui-yun-feng"

// openSchool is an App over a new real vault (real SQLite, real sealed
// files) in a temporary folder, with the cheapest key derivation.
func openSchool(t *testing.T) (*App, *workspace.Workspace) {
	t.Helper()
	o := workspace.Options{Vault: vault.Options{KDF: keyslot.Params{MemoryKiB: 1024, Time: 1, Threads: 1}, AllowWeakKDF: true}}
	ws, _, err := workspace.Create(context.Background(), filepath.Join(t.TempDir(), "vault"), schoolPass, o)
	if err != nil {
		t.Fatal(err)
	}
	a := New(o)
	a.Attach(ws)
	t.Cleanup(func() {
		if ws := a.Detach(); ws != nil {
			_ = ws.Lock(context.Background())
		}
	})
	return a, ws
}

// changeLog collects the changes the App announces.
type changeLog struct {
	mu  sync.Mutex
	got []Change
}

func watchChanges(a *App) *changeLog {
	l := &changeLog{}
	a.WatchChanges(func(c Change) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.got = append(l.got, c)
	})
	return l
}

// take returns the changes since the last take.
func (l *changeLog) take() []Change {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.got
	l.got = nil
	return out
}

// announced fails unless exactly one change touching kinds was announced.
func (l *changeLog) announced(t *testing.T, what string, kinds ...casework.Kind) {
	t.Helper()
	got := l.take()
	if len(got) != 1 || !slices.Equal(got[0].Kinds, kinds) {
		t.Fatalf("%s: got changes %+v, want one of %v", what, got, kinds)
	}
}

func (l *changeLog) none(t *testing.T, what string) {
	t.Helper()
	if got := l.take(); len(got) != 0 {
		t.Fatalf("%s: got changes %+v, want none", what, got)
	}
}

func pupil(name, grade, class string) *casework.Student {
	return &casework.Student{Name: name, Gender: casework.GenderFemale, Grade: grade, Class: class,
		Status: casework.StudentStatusEnrolled}
}

func auditLogged(t *testing.T, st *store.Store, action casework.AuditAction, kind casework.Kind, id string) bool {
	t.Helper()
	log, err := st.AuditLog(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(log, func(e casework.AuditEntry) bool {
		return e.Action == action && e.ObjectType == kind && e.ObjectID == id
	})
}

func TestRecordEditsAreStoredAnnouncedAndKeptToTheirArea(t *testing.T) {
	ctx := context.Background()
	a, ws := openSchool(t)
	changes := watchChanges(a)

	s, err := a.SaveStudent(ctx, pupil("林小雨", "七年级", "七(3)班"))
	if err != nil {
		t.Fatal(err)
	}
	changes.announced(t, "saving a student", casework.KindStudent)
	if ws.State().Kind == workspace.Saved {
		t.Error("the vault is not marked changed after an edit")
	}
	if _, err := a.SaveStudent(ctx, &casework.Student{Name: "无班级"}); err == nil {
		t.Fatal("got a student without gender, grade and class saved")
	}
	changes.none(t, "a refused student")

	c := &casework.Case{StudentID: s.ID, OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf,
		ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}}
	if err := a.SaveRecords(ctx, Casework, c); err != nil {
		t.Fatal(err)
	}
	if c.ID == "" || c.CaseNo != "2026-001" {
		t.Fatalf("got id %q and case number %q, want both assigned", c.ID, c.CaseNo)
	}
	changes.announced(t, "opening a case", casework.KindCase)
	ses := &casework.Session{CaseID: c.ID, Date: "2026-11-03", DurationMin: 40, PrivateNote: "备忘"}
	if err := a.SaveRecords(ctx, Casework, ses); err != nil {
		t.Fatal(err)
	}
	changes.announced(t, "a session", casework.KindSession)
	got, err := a.Records(ctx, Casework, casework.KindSession, store.Filter{CaseID: c.ID})
	if err != nil || len(got) != 1 || got[0].Base().ID != ses.ID {
		t.Fatalf("got %v (%v), want the one session of the case", got, err)
	}

	// The groups area never reaches a case file, nor the casework area a
	// group's records.
	if _, err := a.Records(ctx, Groups, casework.KindSession, store.Filter{}); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v listing sessions in the groups area, want EINVALID", err)
	}
	if _, err := a.Record(ctx, Groups, casework.KindCase, c.ID); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v reading a case in the groups area, want EINVALID", err)
	}
	if err := a.DeleteRecord(ctx, Groups, casework.KindSession, ses.ID); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v deleting a session in the groups area, want EINVALID", err)
	}
	mb := &casework.Mailbox{}
	if err := a.SaveRecords(ctx, Casework, mb); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v saving a mailbox record in the casework area, want EINVALID", err)
	}
	changes.none(t, "refused kinds")

	// One bad record of a batch keeps the batch out and hands back no ids.
	bad := []casework.Record{
		&casework.ClassReport{Class: "七(1)班", WeekStart: "2026-11-09", Concerns: 1},
		&casework.ClassReport{Class: "七(2)班", WeekStart: "2026-11-10"},
	}
	if err := a.SaveRecords(ctx, Groups, bad...); err == nil {
		t.Fatal("a report whose week starts on a Tuesday was accepted")
	}
	if bad[0].Base().ID != "" {
		t.Fatal("a failed batch left an id on a record it did not keep")
	}
	changes.none(t, "a refused batch")
	week := []casework.Record{
		&casework.ClassReport{Class: "七(1)班", WeekStart: "2026-11-09", Concerns: 1},
		&casework.ClassReport{Class: "七(2)班", WeekStart: "2026-11-09"},
	}
	if err := a.SaveRecords(ctx, Groups, week...); err != nil {
		t.Fatal(err)
	}
	changes.announced(t, "a week of reports", casework.KindClassReport)
	if n, _ := ws.Store().Count(casework.KindClassReport); n != 2 {
		t.Fatalf("got %d class reports stored, want 2", n)
	}

	if err := a.DeleteRecord(ctx, Casework, casework.KindCase, c.ID); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v deleting a case with sessions, want ECONFLICT", err)
	}
	if err := a.DeleteStudent(ctx, s.ID); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v deleting a student with a case, want ECONFLICT", err)
	}
	changes.none(t, "refused deletes")
	if err := a.DeleteRecord(ctx, Casework, casework.KindSession, ses.ID); err != nil {
		t.Fatal(err)
	}
	changes.announced(t, "deleting a session", casework.KindSession)

	if err := a.ViewedCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if !auditLogged(t, ws.Store(), casework.AuditActionViewCase, casework.KindCase, c.ID) {
		t.Fatal("opening a case was not audited")
	}
	changes.none(t, "an audit entry")

	lv, err := a.RiskLevels(ctx)
	if err != nil || len(lv) != 4 {
		t.Fatalf("got %d levels (%v), want the 4 defaults", len(lv), err)
	}
}

func TestStudentsAreFoundByPinyinAndFilteredAndTheirRecordsListedNewestFirst(t *testing.T) {
	ctx := context.Background()
	a, _ := openSchool(t)
	zsf, err := a.SaveStudent(ctx, pupil("张三丰", "七年级", "七(1)班"))
	if err != nil {
		t.Fatal(err)
	}
	ls := pupil("李四", "八年级", "八(2)班")
	ls.StudentNo = "G20260042"
	if ls, err = a.SaveStudent(ctx, ls); err != nil {
		t.Fatal(err)
	}
	eighth := func(s *casework.Student) bool { return s.Grade == "八年级" }
	for _, c := range []struct {
		name string
		text string
		keep func(*casework.Student) bool
		want []string
	}{
		{"initials", "zsf", nil, []string{"张三丰"}},
		{"full pinyin", "lisi", nil, []string{"李四"}},
		{"a student number prefix", "G2026", nil, []string{"李四"}},
		{"no text lists everyone by grade", "", nil, []string{"张三丰", "李四"}},
		{"a filter without text", "", eighth, []string{"李四"}},
		{"a filter with text", "zsf", eighth, nil},
	} {
		got, err := a.FindStudents(ctx, c.text, c.keep)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range got {
			names = append(names, s.Name)
		}
		if !slices.Equal(names, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, names, c.want)
		}
	}
	byID, err := a.StudentsByID(ctx, []string{ls.ID, casework.NewID()})
	if err != nil || len(byID) != 1 || byID[ls.ID].Name != "李四" {
		t.Fatalf("got %v (%v), want only the student that exists", byID, err)
	}

	for _, on := range []casework.Date{"2026-09-01", "2026-11-02", "2026-10-08"} {
		c := &casework.Case{StudentID: zsf.ID, OpenedOn: on, Source: casework.CaseSourceSelf,
			ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy}}
		if err := a.SaveRecords(ctx, Casework, c); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := a.StudentRecords(ctx, zsf.ID)
	if err != nil {
		t.Fatal(err)
	}
	var opened []casework.Date
	for _, c := range recs.Cases {
		opened = append(opened, c.OpenedOn)
	}
	if !slices.Equal(opened, []casework.Date{"2026-11-02", "2026-10-08", "2026-09-01"}) || len(recs.Levels) != 4 {
		t.Fatalf("got cases opened on %v and %d levels, want newest first and the 4 default levels", opened, len(recs.Levels))
	}
}

func TestAttachmentsAreSniffedSealedAuditedAndAnnounced(t *testing.T) {
	ctx := context.Background()
	a, ws := openSchool(t)
	s, err := a.SaveStudent(ctx, pupil("王晴", "七年级", "七(2)班"))
	if err != nil {
		t.Fatal(err)
	}
	changes := watchChanges(a)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
	for _, c := range []struct {
		file string
		data []byte
		want string
	}{
		{"/home/x/知情同意书.PDF", []byte("%PDF-1.4 synthetic"), "application/pdf"},
		{"扫描件", png, "image/png"},
		{"note", []byte("plain synthetic words"), "text/plain; charset=utf-8"},
	} {
		at, err := a.AddAttachment(ctx, casework.KindStudent, s.ID, c.file, c.data)
		if err != nil {
			t.Fatal(err)
		}
		if at.MIME != c.want || at.Filename != filepath.Base(c.file) || at.Size != int64(len(c.data)) || at.AddedOn != a.Today() {
			t.Errorf("%s: got %+v, want type %s", c.file, at, c.want)
		}
		changes.announced(t, "adding "+c.file, casework.KindAttachment)
	}
	list, err := a.Attachments(ctx, casework.KindStudent, s.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("got %d attachments (%v), want 3", len(list), err)
	}
	got, err := a.AttachmentData(ctx, list[0].ID)
	if err != nil || len(got) != int(list[0].Size) {
		t.Fatalf("got %d bytes (%v), want the attachment back", len(got), err)
	}
	if !auditLogged(t, ws.Store(), casework.AuditActionExport, casework.KindAttachment, list[0].ID) {
		t.Fatal("opening an attachment was not audited as an export")
	}
	changes.none(t, "reading an attachment")
	if err := a.DeleteAttachment(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	changes.announced(t, "deleting an attachment", casework.KindAttachment)
	if list, _ := a.Attachments(ctx, casework.KindStudent, s.ID); len(list) != 2 {
		t.Fatalf("got %d attachments after deleting one, want 2", len(list))
	}
}

func TestRecordCallsNeedAnOpenVaultAndALiveContext(t *testing.T) {
	a, ws := openSchool(t)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.FindStudents(done, "", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v with a cancelled context, want context.Canceled", err)
	}
	a.Detach()
	defer ws.Lock(context.Background())
	if _, err := a.Records(context.Background(), Casework, casework.KindCase, store.Filter{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v while locked, want ErrLocked", err)
	}
	if err := a.SaveRecords(context.Background(), Casework, &casework.Case{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v saving while locked, want ErrLocked", err)
	}
}

func TestTheNotesOfAMonthAreKeptOnceAndReplaced(t *testing.T) {
	ctx := context.Background()
	a, ws := openSchool(t)
	changes := watchChanges(a)
	for _, n := range []casework.MonthNotes{
		{Month: "2026-11", Highlights: "心理健康月", TrainingHours: 2},
		{Month: "2026-11", Highlights: "心理健康月活动", Problems: "场地不足", TrainingHours: 3},
		{Month: "2026-10", NextPlan: "筛查"},
	} {
		if err := a.SaveMonthNotes(ctx, n); err != nil {
			t.Fatal(err)
		}
		changes.announced(t, "notes of "+string(n.Month), casework.KindMonthNotes)
	}
	all, err := store.ListAs[*casework.MonthNotes](ws.Store(), store.Filter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("got %d notes (%v), want one per month", len(all), err)
	}
	for _, n := range all {
		if n.Month == "2026-11" && (n.Highlights != "心理健康月活动" || n.Problems != "场地不足" || n.TrainingHours != 3) {
			t.Fatalf("got %+v, want the second notes of November", n)
		}
	}
	if err := a.SaveMonthNotes(ctx, casework.MonthNotes{Month: "2026-13"}); err == nil {
		t.Fatal("got notes of month 2026-13 saved")
	}
	changes.none(t, "refused notes")
}
