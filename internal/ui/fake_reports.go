package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/selfcheck"
)

// FakeReports is an in-memory ReportsService with the real one's rules:
// a return must be generated before it is frozen, a level in use cannot
// be removed, the sheet shows only for the passphrase, a roster with bad
// rows is refused unless they are skipped.
type FakeReports struct {
	changes *FakeChanges
	mu      sync.Mutex

	figures   map[casework.Month][]FigureRow
	notes     map[casework.Month]casework.MonthNotes
	generated map[casework.Month]bool
	frozen    []FrozenReturn
	// changedAfter is reported as Changed once the month is frozen and
	// its notes changed.
	changedAfter []string
	notesSince   map[casework.Month]bool
	written      []string
	keyList      [][2]string

	terms  []casework.Term
	sc     casework.SelfCheck
	result *selfcheck.Result
	// selfChecks counts SelfCheck calls (it reads every record).
	selfChecks int

	drives    []Drive
	backups   []BackupItem
	pending   bool
	restores  int
	status    BackupStatus
	cancelled bool
	block     chan struct{} // when set, BackupNow waits for it or ctx
	waiting   chan struct{} // when set, closed once BackupNow waits for block

	levels  []casework.RiskLevel
	inUse   map[string]bool
	pass    string
	sheet   Sheet
	rekeyed bool
	dir     string

	preview  *RosterPreview
	students int
	exported map[casework.Kind]string

	// vault, when set, holds the passphrase and the sheet; count, when
	// set, counts the records an export writes.
	vault *FakeVault
	count func(casework.Kind) int
	// damagedSample adds a damaged backup to every check, to show one.
	damagedSample bool
}

// NewFakeReports returns the fake with a sample month (2026-10), one term,
// one USB drive and its vault folder under dir.
func NewFakeReports(dir string) *FakeReports {
	m := casework.Month("2026-10")
	return &FakeReports{
		figures: map[casework.Month][]FigureRow{m: {
			{Code: "A1", Section: "A", Label: "学校名称", Value: "晴川实验中学"},
			{Code: "G1", Section: "G", Label: "个别辅导人次", Value: "14", Drill: true},
			{Code: "G2", Section: "G", Label: "个别辅导人数", Value: "9", Drill: true},
			{Code: "F2.red", Section: "F", Label: "红色", Value: "2", Drill: true},
		}},
		notes:        map[casework.Month]casework.MonthNotes{},
		generated:    map[casework.Month]bool{},
		notesSince:   map[casework.Month]bool{},
		changedAfter: []string{"B4"},
		terms:        []casework.Term{{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}},
		sc:           casework.DefaultSelfCheck(),
		result: &selfcheck.Result{Term: "2026-2027学年第一学期", Period: casework.Period{From: "2026-09-01", To: "2026-11-28"},
			Items: []selfcheck.Item{
				{Code: "hotline", Status: selfcheck.Pass, Figures: []selfcheck.Figure{{Key: "published", Label: "公布热线", Text: "12356"}},
					Evidence: []selfcheck.Evidence{{Text: "学校简介", Present: true}}},
				{Code: "group", Status: selfcheck.Improve, Reasons: []string{"团体辅导 1 场，少于标准 2 场"},
					Figures: []selfcheck.Figure{{Key: "sessions", Label: "团体辅导场次", Text: "1", Norm: "≥2", Met: new(bool),
						Refs: []figures.Ref{{Kind: casework.KindGroupSession, ID: "g1", Date: "2026-10-09"}}}}},
				{Code: "committee", Status: selfcheck.NotStarted, Reasons: []string{"没有心理委员"}},
			},
			Checklist: []selfcheck.ChecklistEntry{{ID: "hotline", Label: "一条热线", Evidence: "公布 12356", Status: selfcheck.Pass}},
		},
		drives: []Drive{{Path: filepath.Join(dir, "stick"), Label: "KINGSTON", FS: "vfat", Free: 8 << 30, FAT: true}},
		status: BackupStatus{Last: time.Date(2026, 11, 10, 9, 0, 0, 0, time.Local), Reminder: 2},
		levels: []casework.RiskLevel{
			{Code: "red", Label: "红色", Color: "#D32F2F", Rank: 1, FollowUpDays: 7},
			{Code: "watch", Label: "关注", Color: "#1976D2", Rank: 2, FollowUpDays: 60},
		},
		inUse:         map[string]bool{"red": true},
		pass:          "qing-tian-shan-shui-yun-feng",
		sheet:         fakeSheet(),
		dir:           filepath.Join(dir, "vault"),
		exported:      map[casework.Kind]string{},
		damagedSample: true,
	}
}

func (f *FakeReports) MonthFigures(_ context.Context, m casework.Month) (MonthView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rows, ok := f.figures[m]
	if !ok { // every month has figures, as in the real return
		rows = f.figures["2026-10"]
	}
	v := MonthView{Month: m, Rows: rows, Notes: f.notes[m]}
	v.Notes.Month = m
	for i := range f.frozen {
		if f.frozen[i].Month == m {
			fz := f.frozen[i]
			v.Frozen = &fz
			if f.notesSince[m] {
				v.Changed = f.changedAfter
			}
		}
	}
	return v, nil
}

func (f *FakeReports) Drill(_ context.Context, m casework.Month, code string) ([]ReportRecordRow, error) {
	return []ReportRecordRow{
		{Kind: casework.KindSession, Date: "2026-10-09", Detail: "张小明（七年级1班）"},
		{Kind: casework.KindSession, Date: "2026-10-16", Detail: "李小红（八年级2班）"},
	}, nil
}

func (f *FakeReports) SaveMonthNotes(_ context.Context, n casework.MonthNotes) error {
	defer f.changes.Emit(casework.KindMonthNotes)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notes[n.Month] = n
	f.notesSince[n.Month] = true
	return nil
}

func (f *FakeReports) GenerateMonthly(_ context.Context, m casework.Month, out ReturnFiles, progress func(float64)) (Generated, error) {
	for _, p := range []string{out.PDF, out.JSON, out.XLSX} {
		if p == "" {
			continue
		}
		if err := os.WriteFile(p, []byte("%PDF-1.4 "+string(m)), 0o600); err != nil {
			return Generated{}, err
		}
		f.mu.Lock()
		f.written = append(f.written, p)
		f.mu.Unlock()
	}
	progress(0.5)
	progress(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.generated[m] = true
	return Generated{At: time.Now()}, nil
}

func (f *FakeReports) FreezeMonthly(_ context.Context, m casework.Month) (FrozenReturn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.generated[m] {
		return FrozenReturn{}, errors.New("not generated")
	}
	fz := FrozenReturn{ID: fmt.Sprintf("ret-%d", len(f.frozen)+1), Month: m, GeneratedAt: time.Date(2026, 11, 3, 10, 0, 0, 0, time.Local), PDFSHA256: "abcdef0123456789abcdef", DataCode: "0123456789abcdef"}
	f.frozen = append(f.frozen, fz)
	f.notesSince[m] = false
	return fz, nil
}

func (f *FakeReports) FrozenReturns(context.Context) ([]FrozenReturn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FrozenReturn(nil), f.frozen...), nil
}

func (f *FakeReports) Reprint(_ context.Context, id, path string) (bool, error) {
	return true, os.WriteFile(path, []byte("%PDF-1.4 "+id), 0o600)
}

func (f *FakeReports) Terms(context.Context) ([]casework.Term, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]casework.Term(nil), f.terms...), nil
}

func (f *FakeReports) TermStatistics(_ context.Context, p casework.Period, name, path string) error {
	return os.WriteFile(path, []byte("%PDF-1.4 "+name+string(p.From)), 0o600)
}

func (f *FakeReports) KeyStudentList(_ context.Context, purpose, recipient, path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keyList = append(f.keyList, [2]string{purpose, recipient})
	return os.WriteFile(path, []byte("%PDF-1.4"), 0o600)
}

func (f *FakeReports) Records(_ context.Context, refs []ReportRef) ([]ReportRecordRow, error) {
	var out []ReportRecordRow
	for _, r := range refs {
		out = append(out, ReportRecordRow{Kind: r.Kind, Date: r.Date, Detail: "团体辅导 " + r.ID})
	}
	return out, nil
}

func (f *FakeReports) SelfCheck(_ context.Context, term string) (*selfcheck.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.selfChecks++
	return f.result, nil
}

// selfCheckCount is how many times SelfCheck ran.
func (f *FakeReports) selfCheckCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.selfChecks
}

func (f *FakeReports) ExportSelfCheck(_ context.Context, term, pdf, json string) error {
	if err := os.WriteFile(pdf, []byte("%PDF-1.4"), 0o600); err != nil {
		return err
	}
	return os.WriteFile(json, []byte("{}"), 0o600)
}

func (f *FakeReports) SelfCheckSettings(context.Context) (casework.SelfCheck, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sc, nil
}

func (f *FakeReports) SaveSelfCheckSettings(_ context.Context, sc casework.SelfCheck) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sc = sc
	return nil
}

func (f *FakeReports) Drives(context.Context) ([]Drive, error) { return f.drives, nil }

func (f *FakeReports) BackupNow(ctx context.Context, folder string, progress func(string, float64)) (BackupDone, error) {
	if err := ctx.Err(); err != nil {
		return BackupDone{}, &BackupError{Kind: "cancelled", Err: err}
	}
	progress("write", 0.2)
	if f.block != nil {
		if f.waiting != nil {
			close(f.waiting)
		}
		select {
		case <-f.block:
		case <-ctx.Done():
			f.mu.Lock()
			f.cancelled = true
			f.mu.Unlock()
			return BackupDone{}, &BackupError{Kind: "cancelled", Err: ctx.Err()}
		}
	}
	progress("read", 0.6)
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return BackupDone{}, err
	}
	file := filepath.Join(folder, "20261128T0900-g000007.age")
	if err := os.WriteFile(file, []byte("age"), 0o600); err != nil {
		return BackupDone{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local)
	if f.vault != nil { // linked: a real backup is made now
		at = time.Now()
	}
	f.backups = append(f.backups, BackupItem{File: file, At: at, Gen: 7, Status: "verified"})
	f.status = BackupStatus{Last: at}
	return BackupDone{File: file, Gen: 7, Size: 2 << 20, Blobs: 3, Written: 2, Missing: 1}, nil
}

func (f *FakeReports) VerifyBackups(context.Context, string) ([]BackupItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]BackupItem(nil), f.backups...)
	if !f.damagedSample {
		return out, nil
	}
	out = append(out, BackupItem{File: "20261101T0900-g000003.age", At: time.Date(2026, 11, 1, 9, 0, 0, 0, time.Local), Gen: 3, Status: "damaged", Reason: "内容与校验记录不符"})
	return out, nil
}

func (f *FakeReports) OpenBackup(_ context.Context, file, pass, sheet string) (RestoreSummary, error) {
	if pass != "" && pass != f.pass {
		return RestoreSummary{}, &BackupError{Kind: "wrong_key"}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending = true
	return RestoreSummary{SavedAt: time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local), Gen: 7,
		Counts: map[casework.Kind]int{casework.KindStudent: 120, casework.KindSession: 40}, Blobs: 5, BlobsAbsent: 1}, nil
}

func (f *FakeReports) ConfirmRestore(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.pending {
		return &BackupError{Kind: "no_pending"}
	}
	f.pending = false
	f.restores++
	return nil
}

func (f *FakeReports) CancelRestore() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending = false
}

func (f *FakeReports) BackupStatus(context.Context) (BackupStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status, nil
}

func (f *FakeReports) RunDrill(context.Context, string) (DrillInfo, error) {
	return DrillInfo{At: time.Date(2026, 11, 28, 10, 0, 0, 0, time.Local), Backup: "20261128T0900-g000007", OK: true}, nil
}

func (f *FakeReports) RiskLevels(context.Context) ([]casework.RiskLevel, map[string]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]casework.RiskLevel(nil), f.levels...), f.inUse, nil
}

func (f *FakeReports) SaveRiskLevels(_ context.Context, lv []casework.RiskLevel) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.levels = lv
	return nil
}

func (f *FakeReports) SaveTerms(_ context.Context, ts []casework.Term) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.terms = ts
	return nil
}

// unlocked is the folder of the linked vault that is open, or an error.
// Callers hold f.vault.mu.
func (f *FakeReports) unlocked() (*fakeVaultDir, error) {
	d := f.vault.vaults[f.vault.unlocked]
	if d == nil {
		return nil, errFakeLocked
	}
	return d, nil
}

// withPass runs fn on the open vault's passphrase and sheet (linked) or
// the fake's own, once pass is right.
func (f *FakeReports) withPass(pass string, fn func(p *string, s *Sheet)) error {
	if f.vault != nil {
		f.vault.mu.Lock()
		defer f.vault.mu.Unlock()
		d, err := f.unlocked()
		if err != nil {
			return err
		}
		if pass != d.pass {
			return fmt.Errorf("recovery identity: %w", ErrWrongPassphrase)
		}
		fn(&d.pass, &d.sheet)
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if pass != f.pass {
		return ErrWrongPassphrase
	}
	fn(&f.pass, &f.sheet)
	return nil
}

func (f *FakeReports) ChangePassphrase(_ context.Context, old, np string) error {
	return f.withPass(old, func(p *string, _ *Sheet) { *p = np })
}

func (f *FakeReports) RecoverySheet(_ context.Context, pass string) (Sheet, error) {
	var out Sheet
	err := f.withPass(pass, func(_ *string, s *Sheet) { out = *s })
	return out, err
}

func (f *FakeReports) Rekey(_ context.Context, np string) (Sheet, error) {
	var out Sheet
	rekey := func(p *string, s *Sheet) {
		*p = np
		out = Sheet{}
		for i := range s.Groups {
			out.Groups = append(out.Groups, fmt.Sprintf("NEWK%d", i%10))
		}
		*s = out
	}
	if f.vault != nil {
		f.vault.mu.Lock()
		defer f.vault.mu.Unlock()
		d, err := f.unlocked()
		if err != nil {
			return Sheet{}, err
		}
		rekey(&d.pass, &d.sheet)
		return out, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rekeyed = true
	rekey(&f.pass, &f.sheet)
	return out, nil
}

func (f *FakeReports) VaultDir() string {
	if f.vault != nil {
		f.vault.mu.Lock()
		defer f.vault.mu.Unlock()
		return f.vault.unlocked
	}
	return f.dir
}

func (f *FakeReports) PreviewRoster(_ context.Context, path string) (RosterPreview, error) {
	if _, err := os.Stat(path); err != nil {
		return RosterPreview{}, err
	}
	p := RosterPreview{Sheet: "Sheet1", HeaderRow: 2, Columns: [][2]string{{"姓名", "学生姓名"}, {"班级", "班级"}},
		Rows: []RosterPreviewRow{
			{Row: 3, Action: "add", Name: "王一", Class: "七年级1班"},
			{Row: 4, Action: "update", Name: "王二", Class: "七年级1班", Messages: []string{"更新：班级"}},
			{Row: 5, Action: "bad", Messages: []string{"第 5 行：缺少姓名"}},
		}, Adds: 1, Updates: 1, Bad: 1}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.preview = &p
	return p, nil
}

func (f *FakeReports) ApplyRoster(_ context.Context, skip bool) (int, int, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.preview == nil {
		return 0, 0, 0, errors.New("no preview")
	}
	if f.preview.Bad > 0 && !skip {
		return 0, 0, 0, &SettingsInvalid{Message: "有问题的行", Err: errors.New("bad rows")}
	}
	f.students += f.preview.Adds
	return f.preview.Adds, f.preview.Updates, f.preview.Bad, nil
}

func (f *FakeReports) ExportRecords(_ context.Context, k casework.Kind, path string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exported[k] = path
	n := 3
	if f.count != nil {
		n = f.count(k)
	}
	return n, os.WriteFile(path, []byte("xlsx"), 0o600)
}

// WriteRosterTemplate writes a stand-in template file.
func (f *FakeReports) WriteRosterTemplate(_ context.Context, path string) error {
	return os.WriteFile(path, []byte("姓名*,性别*,班级*\n"), 0o600)
}
