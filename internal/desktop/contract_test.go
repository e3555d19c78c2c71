package desktop

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/workspace"
)

// The contract: behaviour the screens rely on, run against the fakes that
// the screen tests and -preview use and against the real services. Where
// they disagree, the real services are the truth and the fake is fixed.

// contractTarget builds one implementation of the services for a test.
type contractTarget struct {
	name string
	deps func(t *testing.T) ui.Deps
}

var contractTargets = []contractTarget{
	{"fake", func(t *testing.T) ui.Deps { return ui.FakeDeps(t.TempDir()) }},
	{"real", func(t *testing.T) ui.Deps {
		// A cheap KDF so each unlock takes milliseconds.
		return NewAt(workspace.Options{Vault: vault.Options{
			KDF:          keyslot.Params{MemoryKiB: 1024, Time: 1, Threads: 1},
			AllowWeakKDF: true,
		}}, contractSite(t))
	}},
}

// behaviour is one rule of the contract. realSkip, when set, says why the
// real services do not keep the rule yet; the fakes must.
type behaviour struct {
	name     string
	realSkip string
	run      func(t *testing.T, d ui.Deps)
}

func TestContract(t *testing.T) {
	for _, b := range contract {
		for _, tg := range contractTargets {
			t.Run(b.name+"/"+tg.name, func(t *testing.T) {
				if tg.name == "real" && b.realSkip != "" {
					t.Skip(b.realSkip)
				}
				b.run(t, tg.deps(t))
			})
		}
	}
}

const contractPass = "qing-tian-shan-shui-yun-feng"

// created makes a vault in a new folder and leaves it unlocked.
func created(t *testing.T, d ui.Deps) (string, ui.Sheet) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	sh, err := d.Vault.Create(context.Background(), dir, contractPass)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Vault.Lock(context.Background()) })
	return dir, sh
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := casework.ErrorCode(err); got != code {
		t.Fatalf("%s: got %v (code %q), want code %s", what, err, got, code)
	}
}

func contractStudent(name, grade, class string) *casework.Student {
	return &casework.Student{Name: name, Gender: casework.GenderFemale, Grade: grade, Class: class,
		Status: casework.StudentStatusEnrolled}
}

var contract = []behaviour{
	// ---- vault ----
	{name: "Create makes an unlocked vault and a 15-group recovery sheet", run: func(t *testing.T, d ui.Deps) {
		dir := filepath.Join(t.TempDir(), "vault")
		if d.Vault.Exists(dir) {
			t.Fatal("Exists reports a vault in an empty folder")
		}
		dir, sh := created(t, d)
		if !d.Vault.Exists(dir) {
			t.Fatal("Exists does not see the new vault")
		}
		if len(sh.Groups) != 15 {
			t.Fatalf("got %d sheet groups, want 15", len(sh.Groups))
		}
		for _, g := range sh.Groups {
			if len(g) != 5 {
				t.Fatalf("got sheet group %q, want 5 characters", g)
			}
		}
		if _, err := d.Settings.School(context.Background()); err != nil {
			t.Fatalf("got %v reading the school of a new vault, want it unlocked", err)
		}
	}},
	{name: "Create over a vault is ErrVaultExists", run: func(t *testing.T, d ui.Deps) {
		dir, _ := created(t, d)
		if err := d.Vault.Lock(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Vault.Create(context.Background(), dir, contractPass); !errors.Is(err, ui.ErrVaultExists) {
			t.Fatalf("got %v, want ui.ErrVaultExists", err)
		}
	}},
	{name: "Create honours a cancelled context and leaves no vault",
		run: func(t *testing.T, d ui.Deps) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			dir := filepath.Join(t.TempDir(), "vault")
			if _, err := d.Vault.Create(ctx, dir, contractPass); !errors.Is(err, context.Canceled) {
				_ = d.Vault.Lock(context.Background())
				t.Fatalf("got %v creating with a cancelled context, want context.Canceled", err)
			}
			if d.Vault.Exists(dir) {
				t.Fatal("a cancelled Create left a vault behind")
			}
		}},
	{name: "a wrong passphrase is ErrWrongPassphrase and counted at the next unlock", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir, _ := created(t, d)
		if err := d.Vault.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Vault.Unlock(ctx, dir, "wrong wrong wrong wrong"); !errors.Is(err, ui.ErrWrongPassphrase) {
			t.Fatalf("got %v, want ui.ErrWrongPassphrase", err)
		}
		failed, err := d.Vault.Unlock(ctx, dir, contractPass)
		if err != nil || failed != 1 {
			t.Fatalf("got %d failed attempts (%v), want 1", failed, err)
		}
		if failed, err := relock(t, d, dir); err != nil || failed != 0 {
			t.Fatalf("got %d failed attempts (%v) after a good unlock, want 0", failed, err)
		}
	}},
	{name: "Lock closes the school profile until the next unlock", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir, _ := created(t, d)
		if err := d.Vault.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Settings.School(ctx); err == nil {
			t.Fatal("the school profile is readable while locked")
		}
		if err := d.Settings.SaveSchool(ctx, ui.School{Name: "x"}); err == nil {
			t.Fatal("the school profile is writable while locked")
		}
		if _, err := d.Vault.Unlock(ctx, dir, contractPass); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Settings.School(ctx); err != nil {
			t.Fatal(err)
		}
	}},
	{name: "the recovery sheet names a wrong group and opens the vault", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir, sh := created(t, d)
		if err := d.Vault.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		typed := append([]string(nil), sh.Groups...)
		typed[2] = flip(typed[2])
		_, err := d.Vault.UnlockWithSheet(ctx, dir, strings.Join(typed, " "))
		var se *ui.SheetError
		if !errors.As(err, &se) || se.Group != 3 {
			t.Fatalf("got %v for a typo in group 3, want a ui.SheetError naming group 3", err)
		}
		_, err = d.Vault.UnlockWithSheet(ctx, dir, strings.Join(sh.Groups[:10], " "))
		if !errors.As(err, &se) || se.Group != 11 {
			t.Fatalf("got %v for 10 groups, want a ui.SheetError naming group 11", err)
		}
		_, err = d.Vault.UnlockWithSheet(ctx, dir, " \n")
		if !errors.As(err, &se) || se.Group != 0 {
			t.Fatalf("got %v for nothing typed, want a ui.SheetError naming no group", err)
		}
		if _, err := d.Vault.UnlockWithSheet(ctx, dir, strings.ToLower(strings.Join(sh.Groups, "-\n"))); err != nil {
			t.Fatalf("got %v for the sheet in lower case with dashes on lines, want it open", err)
		}
		if err := d.Vault.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Vault.UnlockWithSheet(ctx, dir, strings.Join(sh.Groups, "")); err != nil {
			t.Fatalf("got %v for the groups typed without spaces, want it open", err)
		}
		if _, err := d.Settings.School(ctx); err != nil {
			t.Fatal(err)
		}
	}},
	{name: "Unlock in a folder without a vault is ErrNoVault",
		run: func(t *testing.T, d ui.Deps) {
			ctx := context.Background()
			dir := t.TempDir()
			if _, err := d.Vault.Unlock(ctx, dir, contractPass); !errors.Is(err, ui.ErrNoVault) {
				t.Fatalf("got %v unlocking an empty folder, want ui.ErrNoVault", err)
			}
			if _, err := d.Vault.UnlockWithSheet(ctx, dir, "AAAAA"); !errors.Is(err, ui.ErrNoVault) {
				t.Fatalf("got %v unlocking an empty folder with a sheet, want ui.ErrNoVault", err)
			}
		}},
	{name: "ResetPassphrase with the sheet replaces the passphrase", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir, sh := created(t, d)
		if err := d.Vault.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		const next = "shan-gao-yue-xiao-shui-luo"
		if err := d.Vault.ResetPassphrase(ctx, dir, strings.Join(sh.Groups, " "), next); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Vault.Unlock(ctx, dir, contractPass); !errors.Is(err, ui.ErrWrongPassphrase) {
			t.Fatalf("got %v for the old passphrase, want ui.ErrWrongPassphrase", err)
		}
		if _, err := d.Vault.Unlock(ctx, dir, next); err != nil {
			t.Fatal(err)
		}
	}},
	{name: "the recovery sheet is written to the chosen file, 0600", run: func(t *testing.T, d ui.Deps) {
		_, sh := created(t, d)
		path := filepath.Join(t.TempDir(), "sheet.pdf")
		if err := d.Printer.WriteSheet(context.Background(), path, sh); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Size() == 0 || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
			t.Fatalf("got %v (%v), want a non-empty file 0600", fi, err)
		}
	}},
	{name: "the demo opens with its passphrase and has a school", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir := filepath.Join(t.TempDir(), "demo")
		pass, err := d.Demo.CreateDemo(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		again, err := d.Demo.CreateDemo(ctx, dir)
		if err != nil || again != pass {
			t.Fatalf("got %q (%v) making the demo again, want the same passphrase", again, err)
		}
		if _, err := d.Vault.Unlock(ctx, dir, pass); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = d.Vault.Lock(ctx) })
		sc, err := d.Settings.School(ctx)
		if err != nil || sc.Name == "" {
			t.Fatalf("got school %+v (%v), want the demo school's name", sc, err)
		}
	}},
	{name: "the passphrase policy refuses a short one and accepts a generated one", run: func(t *testing.T, d ui.Deps) {
		if ok, _, reason := d.Passphrase.Check("short"); ok || reason == "" {
			t.Fatalf("got ok=%v reason=%q, want refused with a reason", ok, reason)
		}
		g := d.Passphrase.Generate()
		if ok, level, _ := d.Passphrase.Check(g); !ok || level < 3 {
			t.Fatalf("got ok=%v level=%d for %q, want accepted", ok, level, g)
		}
	}},

	// ---- settings ----
	{name: "the school profile round-trips and the save shows as Saved", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir, _ := created(t, d)
		var last ui.SaveState
		stop := d.Vault.WatchSaveState(func(s ui.SaveState) { last = s })
		school := ui.School{
			Name: "晴川实验中学", Code: "3301", County: "晴川区", Stage: "junior", StudentCount: 1200, ClassCount: 24,
			FulltimeCounselors: 1, ParttimeCounselors: 2, CertifiedCounselors: 1,
			Room:     ui.Room{HasRoom: true, AreaM2: 60, Zones: []string{"个体辅导室"}},
			Hotlines: []ui.Hotline{{Name: "全国心理援助热线", Number: "12356"}},
			Preparer: "王老师", PreparerPhone: "0571-8888888", Reviewer: "李校长",
		}
		if err := d.Settings.SaveSchool(ctx, school); err != nil {
			t.Fatal(err)
		}
		if err := d.Vault.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		stop()
		if last.Status != ui.Saved {
			t.Fatalf("got save state %+v, want Saved", last)
		}
		if _, err := d.Vault.Unlock(ctx, dir, contractPass); err != nil {
			t.Fatal(err)
		}
		got, err := d.Settings.School(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != school.Name || got.Code != school.Code || got.Stage != school.Stage || got.StudentCount != 1200 ||
			got.Room.AreaM2 != 60 || len(got.Room.Zones) != 1 || len(got.Hotlines) != 1 || got.Hotlines[0].Number != "12356" ||
			got.Reviewer != "李校长" || got.CertifiedCounselors != 1 {
			t.Fatalf("got school %+v after reopening, want %+v", got, school)
		}
	}},

	// ---- students ----
	{name: "classes are counted in the school's order and renamed or merged (only when asked) at once", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		x := d.Students
		for _, p := range [][3]string{{"甲", "七年级", "七(3)班"}, {"乙", "七年级", "七(3)班"}, {"丙", "七年级", "七(1)班"}} {
			if _, err := x.SaveStudent(ctx, contractStudent(p[0], p[1], p[2])); err != nil {
				t.Fatal(err)
			}
		}
		cl, err := x.Classes(ctx)
		if err != nil || len(cl) != 2 || cl[0].Class != "七(1)班" || cl[1].Students != 2 {
			t.Fatalf("got classes %+v, %v; want 七(1)班 1 then 七(3)班 2", cl, err)
		}
		_, err = x.RenameClass(ctx, "七年级", "七(1)班", "", "7.3", false)
		wantCode(t, "renaming onto a class with students", err, casework.ECONFLICT)
		if n, err := x.RenameClass(ctx, "七年级", "七(1)班", "", "7.3", true); err != nil || n != 1 {
			t.Fatalf("got %d, %v merging, want 1 moved", n, err)
		}
		if n, err := x.RenameClass(ctx, "七年级", "七(3)班", "", "初二(2)班", false); err != nil || n != 3 {
			t.Fatalf("got %d, %v renaming, want 3 moved", n, err)
		}
		cl, _ = x.Classes(ctx)
		if len(cl) != 1 || cl[0].Grade != "八年级" || cl[0].Class != "八(2)班" || cl[0].Students != 3 {
			t.Fatalf("got classes %+v, want the one 八年级 八(2)班 of 3", cl)
		}
	}},
	{name: "students are saved, found, filtered, updated and deleted", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		x := d.Students
		a, err := x.SaveStudent(ctx, contractStudent("林小雨", "七年级", "七(3)班"))
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == "" {
			t.Fatal("a saved student has no id")
		}
		b, err := x.SaveStudent(ctx, contractStudent("周晓峰", "八年级", "八(1)班"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := x.SaveStudent(ctx, &casework.Student{Grade: "七年级"}); casework.ErrorCode(err) != casework.EINVALID {
			t.Fatalf("got %v saving a student without a name, want EINVALID", err)
		}
		got, err := x.Student(ctx, a.ID)
		if err != nil || got.Name != "林小雨" || got.Class != "七(3)班" {
			t.Fatalf("got %+v (%v), want 林小雨 of 七(3)班", got, err)
		}
		found, err := x.Students(ctx, ui.StudentQuery{Text: "小雨"})
		if err != nil || len(found) != 1 || found[0].ID != a.ID {
			t.Fatalf("got %d students (%v) for 小雨, want 林小雨", len(found), err)
		}
		inGrade, err := x.Students(ctx, ui.StudentQuery{Grade: "八年级"})
		if err != nil || len(inGrade) != 1 || inGrade[0].ID != b.ID {
			t.Fatalf("got %d students (%v) of 八年级, want 周晓峰", len(inGrade), err)
		}
		got.Class = "七(4)班"
		upd, err := x.SaveStudent(ctx, got)
		if err != nil || upd.ID != a.ID {
			t.Fatalf("got %+v (%v) updating, want the same id", upd, err)
		}
		if again, _ := x.Student(ctx, a.ID); again == nil || again.Class != "七(4)班" {
			t.Fatalf("got %+v after the update, want 七(4)班", again)
		}
		if err := x.DeleteStudent(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		_, err = x.Student(ctx, b.ID)
		wantCode(t, "reading a deleted student", err, casework.ENOTFOUND)
		all, err := x.Students(ctx, ui.StudentQuery{})
		if err != nil || len(all) != 1 {
			t.Fatalf("got %d students (%v) after the delete, want 1", len(all), err)
		}
	}},
	{name: "attachments keep their bytes until deleted", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		s, err := d.Students.SaveStudent(ctx, contractStudent("林小雨", "七年级", "七(3)班"))
		if err != nil {
			t.Fatal(err)
		}
		data := []byte("synthetic attachment")
		a, err := d.Students.AddAttachment(ctx, casework.KindStudent, s.ID, "note.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		list, err := d.Students.Attachments(ctx, casework.KindStudent, s.ID)
		if err != nil || len(list) != 1 || list[0].Filename != "note.txt" || list[0].Size != int64(len(data)) {
			t.Fatalf("got %+v (%v), want note.txt", list, err)
		}
		got, err := d.Students.AttachmentData(ctx, a.ID)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("got %q (%v), want the bytes back", got, err)
		}
		if err := d.Students.DeleteAttachment(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if list, err := d.Students.Attachments(ctx, casework.KindStudent, s.ID); err != nil || len(list) != 0 {
			t.Fatalf("got %d attachments (%v) after the delete, want none", len(list), err)
		}
	}},

	// ---- cases ----
	{name: "a case is numbered, listed, found and guarded by its sessions", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		s, err := d.Students.SaveStudent(ctx, contractStudent("林小雨", "七年级", "七(3)班"))
		if err != nil {
			t.Fatal(err)
		}
		found, err := d.Cases.FindStudents(ctx, "林小雨", 10)
		if err != nil || len(found) != 1 || found[0].ID != s.ID {
			t.Fatalf("got %v (%v) finding 林小雨, want her", found, err)
		}
		byID, err := d.Cases.StudentsByID(ctx, []string{s.ID, "nobody"})
		if err != nil || len(byID) != 1 || byID[s.ID].Name != "林小雨" {
			t.Fatalf("got %v (%v), want only 林小雨", byID, err)
		}
		c := &casework.Case{StudentID: s.ID, OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf,
			ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}, PresentingProblem: "考试前心慌"}
		if err := d.Cases.SaveRecord(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.ID == "" || c.CaseNo == "" {
			t.Fatalf("got id %q case number %q, want both written back", c.ID, c.CaseNo)
		}
		ses := &casework.Session{CaseID: c.ID, Date: "2026-11-03", DurationMin: 45, Observations: "建立关系"}
		if err := d.Cases.SaveRecord(ctx, ses); err != nil {
			t.Fatal(err)
		}
		list, err := d.Cases.Records(ctx, casework.KindCase, ui.RecordFilter{StudentID: s.ID})
		if err != nil || len(list) != 1 || list[0].Base().ID != c.ID {
			t.Fatalf("got %d cases (%v) of the student, want the one", len(list), err)
		}
		sessions, err := d.Cases.Records(ctx, casework.KindSession, ui.RecordFilter{CaseID: c.ID})
		if err != nil || len(sessions) != 1 {
			t.Fatalf("got %d sessions (%v) of the case, want 1", len(sessions), err)
		}
		got, err := d.Cases.Record(ctx, casework.KindCase, c.ID)
		if err != nil || got.(*casework.Case).PresentingProblem != "考试前心慌" {
			t.Fatalf("got %+v (%v), want the case", got, err)
		}
		wantCode(t, "deleting a case with a session", d.Cases.DeleteRecord(ctx, casework.KindCase, c.ID), casework.ECONFLICT)
		if err := d.Cases.DeleteRecord(ctx, casework.KindSession, ses.ID); err != nil {
			t.Fatal(err)
		}
		if err := d.Cases.DeleteRecord(ctx, casework.KindCase, c.ID); err != nil {
			t.Fatal(err)
		}
		_, err = d.Cases.Record(ctx, casework.KindCase, c.ID)
		wantCode(t, "reading a deleted case", err, casework.ENOTFOUND)
	}},
	{name: "a student's page lists her case, which keeps her from being deleted", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		s, err := d.Students.SaveStudent(ctx, contractStudent("林小雨", "七年级", "七(3)班"))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, on := range []casework.Date{"2026-09-10", "2026-11-02"} {
			c := &casework.Case{StudentID: s.ID, OpenedOn: on, Source: casework.CaseSourceSelf,
				ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}, PresentingProblem: "考试前心慌"}
			if err := d.Cases.SaveRecord(ctx, c); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		recs, err := d.Students.StudentRecords(ctx, s.ID)
		if err != nil || len(recs.Cases) != 2 || recs.Cases[0].ID != ids[1] || len(recs.Levels) == 0 {
			t.Fatalf("got %+v (%v), want her two cases newest first and the levels", recs, err)
		}
		wantCode(t, "deleting a student with cases", d.Students.DeleteStudent(ctx, s.ID), casework.ECONFLICT)
		for _, id := range ids {
			if err := d.Cases.DeleteRecord(ctx, casework.KindCase, id); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Students.DeleteStudent(ctx, s.ID); err != nil {
			t.Fatalf("got %v deleting a student nothing refers to", err)
		}
	}},
	{name: "a case of an unknown student is refused", run: func(t *testing.T, d ui.Deps) {
		created(t, d)
		c := &casework.Case{StudentID: "no-such-student", OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf,
			ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}, PresentingProblem: "x"}
		if err := d.Cases.SaveRecord(context.Background(), c); err == nil {
			t.Fatal("a case of an unknown student was saved")
		}
	}},
	{name: "the case service keeps to its own kinds", run: func(t *testing.T, d ui.Deps) {
		created(t, d)
		if _, err := d.Cases.Records(context.Background(), casework.KindStudent, ui.RecordFilter{}); err == nil {
			t.Fatal("the case service lists students")
		}
	}},

	// ---- groups ----
	{name: "group records are saved one by one and in batches, listed and deleted", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		a := &casework.Activity{Kind: casework.ActivityKindLesson, Date: "2026-11-03", Title: "认识情绪", Lessons: 1, Participants: 45}
		if err := d.Groups.SaveRecord(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.ID == "" {
			t.Fatal("a saved activity has no id")
		}
		days := []casework.Record{
			&casework.DutyDay{Date: "2026-11-02", OpenHours: "12:10-13:00"},
			&casework.DutyDay{Date: "2026-11-09", OpenHours: "12:10-13:00"},
		}
		if err := d.Groups.SaveRecords(ctx, days); err != nil {
			t.Fatal(err)
		}
		got, err := d.Groups.Records(ctx, casework.KindDutyDay)
		if err != nil || len(got) != 2 {
			t.Fatalf("got %d duty days (%v), want 2", len(got), err)
		}
		a.Title = "情绪与我"
		if err := d.Groups.SaveRecord(ctx, a); err != nil {
			t.Fatal(err)
		}
		acts, err := d.Groups.Records(ctx, casework.KindActivity)
		if err != nil || len(acts) != 1 || acts[0].(*casework.Activity).Title != "情绪与我" {
			t.Fatalf("got %v (%v), want the one activity renamed", acts, err)
		}
		if err := d.Groups.DeleteRecord(ctx, casework.KindActivity, a.ID); err != nil {
			t.Fatal(err)
		}
		if acts, err := d.Groups.Records(ctx, casework.KindActivity); err != nil || len(acts) != 0 {
			t.Fatalf("got %d activities (%v) after the delete, want none", len(acts), err)
		}
		if _, err := d.Groups.Records(ctx, casework.KindStudent); err == nil {
			t.Fatal("the groups service lists students")
		}
	}},
	{name: "the groups area sees the students and finds them by name", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		s, err := d.Students.SaveStudent(ctx, contractStudent("林小雨", "七年级", "七(3)班"))
		if err != nil {
			t.Fatal(err)
		}
		all, err := d.Groups.Students(ctx)
		if err != nil || len(all) != 1 || all[0].ID != s.ID {
			t.Fatalf("got %d students (%v), want 林小雨", len(all), err)
		}
		hits, err := d.Groups.SearchStudents(ctx, "小雨", 5)
		if err != nil || len(hits) != 1 {
			t.Fatalf("got %d hits (%v) for 小雨, want 1", len(hits), err)
		}
	}},

	// ---- reports ----
	{name: "a month has figures and keeps its notes", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		m := casework.Month("2026-10")
		v, err := d.Reports.MonthFigures(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if v.Month != m || len(v.Rows) == 0 {
			t.Fatalf("got month %s with %d rows, want %s with figures", v.Month, len(v.Rows), m)
		}
		for _, r := range v.Rows {
			if r.Code == "" || r.Label == "" {
				t.Fatalf("got row %+v, want a code and a label", r)
			}
		}
		n := casework.MonthNotes{Month: m, Highlights: "开展心理健康月", Problems: "场地紧张", NextPlan: "期末减压", TrainingHours: 4.5}
		if err := d.Reports.SaveMonthNotes(ctx, n); err != nil {
			t.Fatal(err)
		}
		v, err = d.Reports.MonthFigures(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if v.Notes.Highlights != n.Highlights || v.Notes.Problems != n.Problems || v.Notes.NextPlan != n.NextPlan || v.Notes.TrainingHours != 4.5 {
			t.Fatalf("got notes %+v, want %+v", v.Notes, n)
		}
		if v.Frozen != nil {
			t.Fatalf("got a frozen return %+v of a month never sent, want none", v.Frozen)
		}
	}},
	{name: "a return is generated to the chosen path and only then frozen", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		m := casework.Month("2026-10")
		if _, err := d.Reports.FreezeMonthly(ctx, m); err == nil {
			t.Fatal("a month never generated was frozen")
		}
		pdf := filepath.Join(t.TempDir(), "月报.pdf")
		if _, err := d.Reports.GenerateMonthly(ctx, m, ui.ReturnFiles{PDF: pdf}, func(float64) {}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(pdf)
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Fatalf("got %.20q (%v) at the path, want a PDF", data, err)
		}
		fz, err := d.Reports.FreezeMonthly(ctx, m)
		if err != nil || fz.Month != m || fz.ID == "" {
			t.Fatalf("got %+v (%v) freezing, want the month's return", fz, err)
		}
		list, err := d.Reports.FrozenReturns(ctx)
		if err != nil || len(list) != 1 || list[0].ID != fz.ID {
			t.Fatalf("got %+v (%v), want the one frozen return", list, err)
		}
		v, err := d.Reports.MonthFigures(ctx, m)
		if err != nil || v.Frozen == nil || v.Frozen.ID != fz.ID {
			t.Fatalf("got frozen %+v (%v) in the month, want the return", v.Frozen, err)
		}
	}},
	{name: "terms, risk levels and the self-check settings round-trip", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		terms := []casework.Term{{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}}
		if err := d.Reports.SaveTerms(ctx, terms); err != nil {
			t.Fatal(err)
		}
		got, err := d.Reports.Terms(ctx)
		if err != nil || len(got) != 1 || got[0] != terms[0] {
			t.Fatalf("got terms %+v (%v), want %+v", got, err, terms)
		}
		levels := []casework.RiskLevel{
			{Code: "red", Label: "红色", Color: "#D32F2F", Rank: 1, FollowUpDays: 7},
			{Code: "watch", Label: "关注", Color: "#1976D2", Rank: 2, FollowUpDays: 60},
		}
		if err := d.Reports.SaveRiskLevels(ctx, levels); err != nil {
			t.Fatal(err)
		}
		lv, _, err := d.Reports.RiskLevels(ctx)
		if err != nil || len(lv) != 2 || lv[0] != levels[0] || lv[1] != levels[1] {
			t.Fatalf("got levels %+v (%v), want %+v", lv, err, levels)
		}
		sc, err := d.Reports.SelfCheckSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sc.Norms.StudentsPerCounselor = 600
		if err := d.Reports.SaveSelfCheckSettings(ctx, sc); err != nil {
			t.Fatal(err)
		}
		if again, err := d.Reports.SelfCheckSettings(ctx); err != nil || again.Norms.StudentsPerCounselor != 600 {
			t.Fatalf("got self-check settings %+v (%v), want 1∶600 kept", again, err)
		}
	}},
	{name: "the passphrase changes and the sheet shows only for the passphrase", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir, sh := created(t, d)
		if got := d.Reports.VaultDir(); filepath.Clean(got) != filepath.Clean(dir) {
			t.Fatalf("got vault folder %q, want %q", got, dir)
		}
		if _, err := d.Reports.RecoverySheet(ctx, "wrong wrong wrong wrong"); !errors.Is(err, ui.ErrWrongPassphrase) {
			t.Fatalf("got %v showing the sheet for a wrong passphrase, want ui.ErrWrongPassphrase", err)
		}
		got, err := d.Reports.RecoverySheet(ctx, contractPass)
		if err != nil || strings.Join(got.Groups, " ") != strings.Join(sh.Groups, " ") {
			t.Fatalf("got sheet %v (%v), want the one made with the vault", got.Groups, err)
		}
		const next = "shan-gao-yue-xiao-shui-luo"
		if err := d.Reports.ChangePassphrase(ctx, "wrong wrong wrong wrong", next); !errors.Is(err, ui.ErrWrongPassphrase) {
			t.Fatalf("got %v changing with a wrong passphrase, want ui.ErrWrongPassphrase", err)
		}
		if err := d.Reports.ChangePassphrase(ctx, contractPass, next); err != nil {
			t.Fatal(err)
		}
		if _, err := relockWith(t, d, dir, contractPass); !errors.Is(err, ui.ErrWrongPassphrase) {
			t.Fatalf("got %v for the old passphrase, want ui.ErrWrongPassphrase", err)
		}
		if _, err := d.Vault.Unlock(ctx, dir, next); err != nil {
			t.Fatal(err)
		}
	}},
	{name: "a new key gives a new sheet; the old one no longer opens the vault", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir, old := created(t, d)
		const next = "shan-gao-yue-xiao-shui-luo"
		sh, err := d.Reports.Rekey(ctx, next)
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Groups) != len(old.Groups) || strings.Join(sh.Groups, "") == strings.Join(old.Groups, "") {
			t.Fatalf("got sheet %v after a new key, want a new one of %d groups", sh.Groups, len(old.Groups))
		}
		if err := d.Vault.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Vault.UnlockWithSheet(ctx, dir, strings.Join(old.Groups, " ")); err == nil {
			t.Fatal("the old sheet still opens the vault")
		}
		if _, err := d.Vault.UnlockWithSheet(ctx, dir, strings.Join(sh.Groups, " ")); err != nil {
			t.Fatalf("got %v for the new sheet, want it open", err)
		}
		if _, err := relockWith(t, d, dir, next); err != nil {
			t.Fatalf("got %v for the new passphrase, want it open", err)
		}
	}},
	{name: "an export writes the records of its kind to the path and counts them", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		for _, n := range []string{"林小雨", "周晓峰"} {
			if _, err := d.Students.SaveStudent(ctx, contractStudent(n, "七年级", "七(3)班")); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "学生.xlsx")
		n, err := d.Reports.ExportRecords(ctx, casework.KindStudent, path)
		if err != nil || n != 2 {
			t.Fatalf("got %d records (%v), want the 2 students", n, err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Fatalf("got %v (%v) at the path, want the sheet", fi, err)
		}
		if n, err := d.Reports.ExportRecords(ctx, casework.KindCase, filepath.Join(t.TempDir(), "个案.xlsx")); err != nil || n != 0 {
			t.Fatalf("got %d cases (%v), want none", n, err)
		}
	}},
	{name: "every month has figures, notes of its own month and no return yet", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		for _, m := range []casework.Month{"2026-09", "2026-11"} {
			v, err := d.Reports.MonthFigures(ctx, m)
			if err != nil || v.Month != m || len(v.Rows) == 0 || v.Notes.Month != m || v.Frozen != nil {
				t.Fatalf("got %s: %d rows, notes of %s, frozen %v (%v); want %s with figures", v.Month, len(v.Rows), v.Notes.Month, v.Frozen, err, m)
			}
		}
	}},
	{name: "a backup lands in the chosen folder and checks as verified", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		folder := filepath.Join(t.TempDir(), "stick")
		var stages []string
		done, err := d.Reports.BackupNow(ctx, folder, func(stage string, _ float64) { stages = append(stages, stage) })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(done.File); err != nil || done.Gen == 0 || len(stages) == 0 {
			t.Fatalf("got %+v (%v) after %v, want a backup file of a generation, with progress", done, err, stages)
		}
		if rel, err := filepath.Rel(folder, done.File); err != nil || strings.HasPrefix(rel, "..") {
			t.Fatalf("got backup %s, want it under %s", done.File, folder)
		}
		items, err := d.Reports.VerifyBackups(ctx, folder)
		if err != nil || len(items) != 1 || items[0].Status != "verified" || filepath.Base(items[0].File) != filepath.Base(done.File) {
			t.Fatalf("got %+v (%v) checking the folder, want the one backup verified", items, err)
		}
		st, err := d.Reports.BackupStatus(ctx)
		if err != nil || st.Last.IsZero() {
			t.Fatalf("got status %+v (%v), want the last backup", st, err)
		}
	}},
	{name: "a new vault has no backup, due and overdue on the workbench, until one is made", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		today := casework.DateOf(time.Now())
		st, err := d.Reports.BackupStatus(ctx)
		if err != nil || !st.Last.IsZero() || st.Reminder != 1 {
			t.Fatalf("got status %+v (%v), want no backup and the reminder due", st, err)
		}
		dash, err := d.Students.Dashboard(ctx, today)
		if err != nil || dash.Month != today.Month() || !dash.LastBackup.IsZero() || !dash.BackupOverdue {
			t.Fatalf("got dashboard %+v (%v), want this month, no backup, overdue", dash, err)
		}
		if _, err := d.Reports.BackupNow(ctx, filepath.Join(t.TempDir(), "stick"), func(string, float64) {}); err != nil {
			t.Fatal(err)
		}
		st, err = d.Reports.BackupStatus(ctx)
		if err != nil || st.Last.IsZero() || st.Reminder != 0 {
			t.Fatalf("got status %+v (%v) after a backup, want it and no reminder", st, err)
		}
		dash, err = d.Students.Dashboard(ctx, today)
		if err != nil || dash.LastBackup.IsZero() || dash.BackupOverdue {
			t.Fatalf("got dashboard %+v (%v) after a backup, want it, not overdue", dash, err)
		}
	}},
	{name: "a cancelled backup writes nothing and says it was cancelled", run: func(t *testing.T, d ui.Deps) {
		created(t, d)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		folder := filepath.Join(t.TempDir(), "stick")
		_, err := d.Reports.BackupNow(ctx, folder, func(string, float64) {})
		var be *ui.BackupError
		if !errors.As(err, &be) || be.Kind != "cancelled" {
			t.Fatalf("got %v, want a ui.BackupError of kind cancelled", err)
		}
		items, _ := d.Reports.VerifyBackups(context.Background(), folder)
		if len(items) != 0 {
			t.Fatalf("got %+v in the folder after a cancelled backup, want nothing", items)
		}
	}},

	{name: "CreateDemo returns the DemoPassphrase, which opens the demo", run: func(t *testing.T, d ui.Deps) {
		dir := filepath.Join(t.TempDir(), "demo")
		pass, err := d.Demo.CreateDemo(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		if pass != d.Demo.DemoPassphrase() {
			t.Fatalf("CreateDemo returned %q, DemoPassphrase is %q", pass, d.Demo.DemoPassphrase())
		}
		if _, err := d.Vault.Unlock(context.Background(), dir, d.Demo.DemoPassphrase()); err != nil {
			t.Fatal(err)
		}
		_ = d.Vault.Lock(context.Background())
	}},

	// ---- change notifications ----
	{name: "Every save and delete is announced through Changes with its kind", run: func(t *testing.T, d ui.Deps) {
		created(t, d)
		ctx := context.Background()
		var got []ui.Change
		stop := d.Changes.WatchChanges(func(c ui.Change) { got = append(got, c) })
		st, err := d.Students.SaveStudent(ctx, contractStudent("韩一诺", "七年级", "七(1)班"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !got[0].Touches(casework.KindStudent) || got[0].Touches(casework.KindCase) {
			t.Fatalf("got %+v after saving a student, want one change of students", got)
		}
		if err := d.Reports.SaveMonthNotes(ctx, casework.MonthNotes{Month: "2026-11", TrainingHours: 3}); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !got[1].Touches(casework.KindMonthNotes) {
			t.Fatalf("got %+v after saving the month notes, want a change of the notes", got)
		}
		if err := d.Students.DeleteStudent(ctx, st.ID); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || !got[2].Touches(casework.KindStudent) {
			t.Fatalf("got %+v after deleting a student, want a change of students", got)
		}
		stop()
		if _, err := d.Students.SaveStudent(ctx, contractStudent("韩一诺", "七年级", "七(1)班")); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("got %d changes after stop, want 3", len(got))
		}
	}},
	{name: "Search finds students by name and records by text, never quoting a private note", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		created(t, d)
		st, err := d.Students.SaveStudent(ctx, contractStudent("欧阳晴雪", "七年级", "七(1)班"))
		if err != nil {
			t.Fatal(err)
		}
		c := &casework.Case{StudentID: st.ID, ClientKind: casework.ClientKindStudent, OpenedOn: "2026-11-02",
			Source: casework.CaseSourceSelf, ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion},
			PresentingProblem: "最近总是失眠多梦"}
		if err := d.Cases.SaveRecord(ctx, c); err != nil {
			t.Fatal(err)
		}
		ses := &casework.Session{CaseID: c.ID, Date: "2026-11-03", DurationMin: 45, PrivateNote: "家中有变故需保密"}
		if err := d.Cases.SaveRecord(ctx, ses); err != nil {
			t.Fatal(err)
		}
		res, err := d.Search.Search(ctx, "欧阳晴", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Students) != 1 || res.Students[0].ID != st.ID {
			t.Fatalf("got students %+v, want 欧阳晴雪", res.Students)
		}
		res, err = d.Search.Search(ctx, "失眠多梦", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != 1 || res.Records[0].Kind != casework.KindCase || res.Records[0].ID != c.ID ||
			!strings.Contains(res.Records[0].Snippet, "【失眠多梦】") || res.Records[0].StudentID != st.ID ||
			!strings.Contains(res.Records[0].Student, "欧阳晴雪") {
			t.Fatalf("got records %+v, want the case with the match marked and its student named", res.Records)
		}
		res, err = d.Search.Search(ctx, "变故需保密", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != 1 || res.Records[0].Kind != casework.KindSession || !res.Records[0].InPrivateNote ||
			res.Records[0].Snippet != "" {
			t.Fatalf("got records %+v, want the session flagged as a private-note match without its text", res.Records)
		}
	}},
	{name: "A listed backup shows its record counts with the passphrase of its time, and not with another", run: func(t *testing.T, d ui.Deps) {
		if d.Restorer == nil {
			t.Skip("no restore onto a new PC here")
		}
		created(t, d)
		ctx := context.Background()
		if _, err := d.Students.SaveStudent(ctx, contractStudent("韩一诺", "七年级", "七(1)班")); err != nil {
			t.Fatal(err)
		}
		stick := filepath.Join(t.TempDir(), "stick")
		if _, err := d.Reports.BackupNow(ctx, stick, func(string, float64) {}); err != nil {
			t.Fatal(err)
		}
		found, err := d.Restorer.ListBackups(ctx, stick)
		if err != nil || len(found) != 1 {
			t.Fatalf("listed %d backups: %v", len(found), err)
		}
		if _, err := d.Restorer.PreviewBackup(ctx, found[0].File, "not the passphrase", ""); !errors.Is(err, ui.ErrWrongPassphrase) {
			t.Fatalf("got %v for a wrong passphrase, want ErrWrongPassphrase", err)
		}
		sum, err := d.Restorer.PreviewBackup(ctx, found[0].File, contractPass, "")
		if err != nil {
			t.Fatal(err)
		}
		if sum.Counts[casework.KindStudent] != 1 || sum.Gen != found[0].Gen {
			t.Fatalf("got %+v, want one student at save no. %d", sum, found[0].Gen)
		}
	}},

	// ---- screening results: work list, interviews, paper entry ----
	{name: "A paper sheet flagged by item 9 goes through the interview onto the key-student register", run: func(t *testing.T, d ui.Deps) {
		created(t, d)
		ctx := context.Background()
		st, err := d.Students.SaveStudent(ctx, contractStudent("韩一诺", "七年级", "七(1)班"))
		if err != nil {
			t.Fatal(err)
		}
		sc := &casework.Screening{Name: "秋季普查", Instrument: "PHQ-9", DateTo: "2026-11-20"}
		if err := d.Groups.SaveRecord(ctx, sc); err != nil {
			t.Fatal(err)
		}
		_, err = d.Results.SavePaperEntry(ctx, ui.PaperEntry{ScreeningID: sc.ID, StudentID: st.ID, Instrument: "phq9", Answers: []int{0, 4, 0, 0, 0, 0, 0, 0, 0}})
		if casework.ErrorCode(err) != casework.EINVALID || casework.ErrorMessageZH(err) != "第2题的答案4不在选项范围内（0–3）" {
			t.Fatalf("got %v, want the second item's answer refused by name", err)
		}
		r, err := d.Results.SavePaperEntry(ctx, ui.PaperEntry{ScreeningID: sc.ID, StudentID: st.ID, Instrument: "phq9", Answers: []int{0, 0, 0, 0, 0, 0, 0, 0, 1}})
		if err != nil || !r.Flagged || r.RawScore != 1 || r.FlagReason != "PHQ-9 第9题非零" || r.Date != "2026-11-20" {
			t.Fatalf("got %+v (%v), want 1 point flagged by item 9", r, err)
		}
		w, err := d.Results.WorkList(ctx, sc.ID)
		if err != nil || len(w.Rows) != 1 || w.Needed != 1 || w.Interviewed != 0 || w.Rows[0].Name != "韩一诺" || w.Rows[0].Class != "七(1)班" || w.Rows[0].Consent {
			t.Fatalf("got %+v (%v), want 韩一诺 of 七(1)班 to interview, without consent", w, err)
		}
		if open, err := d.Results.OpenWorkLists(ctx); err != nil || len(open) != 1 || open[0].ScreeningID != sc.ID {
			t.Fatalf("got %+v (%v), want the screening open", open, err)
		}
		if err := d.Results.ScheduleInterview(ctx, r.ID, "2026-11-25"); err != nil {
			t.Fatal(err)
		}
		draft, err := d.Results.RecordInterview(ctx, r.ID, "", casework.InterviewOutcomeConfirmed, "访谈确认")
		if err != nil || draft == nil || draft.StudentID != st.ID || draft.InclusionSource != casework.InclusionSourceScreening || draft.IncludedOn != "2026-11-25" {
			t.Fatalf("got %+v (%v), want a key-student draft from the screening on the interview's day", draft, err)
		}
		draft.Levels = []casework.LevelEntry{{Date: "2026-11-25", Level: casework.LevelYellow}}
		if err := d.Cases.SaveRecord(ctx, draft); err != nil {
			t.Fatal(err)
		}
		if err := d.Results.LinkKeyStudent(ctx, r.ID, draft.ID); err != nil {
			t.Fatal(err)
		}
		w, _ = d.Results.WorkList(ctx, sc.ID)
		if w.Interviewed != 1 || w.Rows[0].Result.KeyStudentID != draft.ID {
			t.Fatalf("got %+v, want the interview done and the key student linked", w)
		}
		if open, _ := d.Results.OpenWorkLists(ctx); len(open) != 0 {
			t.Fatalf("got %+v, want no open work list", open)
		}
		if err := d.Results.ScheduleInterview(ctx, r.ID, "2026-11-26"); casework.ErrorCode(err) != casework.ECONFLICT {
			t.Fatalf("got %v, want an interviewed result not scheduled again", err)
		}
		path := filepath.Join(t.TempDir(), "list.pdf")
		if err := d.Results.PrintResultList(ctx, sc.ID, "排查访谈安排", "德育处", path); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
			t.Fatalf("got %d bytes (%v), want the list written", len(b), err)
		}
	}},
	{name: "Consent collected for a screening unmarks its results", run: func(t *testing.T, d ui.Deps) {
		created(t, d)
		ctx := context.Background()
		st, err := d.Students.SaveStudent(ctx, contractStudent("韩一诺", "七年级", "七(1)班"))
		if err != nil {
			t.Fatal(err)
		}
		sc := &casework.Screening{Name: "秋季普查", DateTo: "2026-11-20"}
		if err := d.Groups.SaveRecord(ctx, sc); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Results.SavePaperEntry(ctx, ui.PaperEntry{ScreeningID: sc.ID, StudentID: st.ID, Instrument: "gad7", Answers: []int{3, 3, 2, 1, 1, 0, 0}}); err != nil {
			t.Fatal(err)
		}
		if w, _ := d.Results.WorkList(ctx, sc.ID); len(w.Rows) != 1 || w.Rows[0].Consent {
			t.Fatalf("got %+v, want the row marked without consent", w.Rows)
		}
		sc.ConsentCollected = true
		if err := d.Groups.SaveRecord(ctx, sc); err != nil {
			t.Fatal(err)
		}
		if w, _ := d.Results.WorkList(ctx, sc.ID); len(w.Rows) != 1 || !w.Rows[0].Consent {
			t.Fatalf("got %+v, want the row covered by the screening's consent", w.Rows)
		}
		list, err := d.Results.Instruments(ctx)
		if err != nil || len(list) < 2 || list[0].Code != "phq9" || list[1].Code != "gad7" {
			t.Fatalf("got %+v (%v), want PHQ-9 and GAD-7 offered", list, err)
		}
	}},
	{name: "SaveInstrument replaces a cut-off or adds a questionnaire and refuses one without items", run: func(t *testing.T, d ui.Deps) {
		created(t, d)
		ctx := context.Background()
		list, err := d.Results.Instruments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		phq := list[0]
		phq.CutOff = 15
		if err := d.Results.SaveInstrument(ctx, phq); err != nil {
			t.Fatal(err)
		}
		err = d.Results.SaveInstrument(ctx, casework.Scoring{Code: "x", Name: "空问卷", FlagItems: []int{2}})
		if casework.ErrorCode(err) != casework.EINVALID {
			t.Fatalf("got %v, want a questionnaire without items refused", err)
		}
		opts := []casework.ScoringOption{{Label: "0", Score: 0}, {Label: "1", Score: 1}}
		if err := d.Results.SaveInstrument(ctx, casework.Scoring{Code: "county", Name: "县问卷", CutOff: 2,
			Items: []casework.ScoringItem{{No: 1, Options: opts}, {No: 2, Options: opts}}}); err != nil {
			t.Fatal(err)
		}
		list, _ = d.Results.Instruments(ctx)
		if len(list) != 3 || list[0].Code != "phq9" || list[0].CutOff != 15 || list[1].Code != "county" || list[2].Code != "gad7" {
			t.Fatalf("got %+v, want PHQ-9 at 15, the county's, GAD-7", list)
		}
	}},

	// ---- screening results import ----
	{name: "A platform's results sheet is previewed, refused with unmatched rows, imported once and remembered", run: contractResultsImport},
}

// relock locks and unlocks dir with the contract passphrase.
func relock(t *testing.T, d ui.Deps, dir string) (int, error) {
	t.Helper()
	return relockWith(t, d, dir, contractPass)
}

// relockWith locks and unlocks dir with pass.
func relockWith(t *testing.T, d ui.Deps, dir, pass string) (int, error) {
	t.Helper()
	ctx := context.Background()
	if err := d.Vault.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	return d.Vault.Unlock(ctx, dir, pass)
}
