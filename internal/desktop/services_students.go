package desktop

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/returns"
	"xinqing/internal/store"
	"xinqing/internal/ui"
)

// searchLimit bounds a typed search of the student list: the list shows
// the best matches of a name, and 500 covers any class or grade prefix.
const searchLimit = 500

// filteredSearchLimit is the number of name matches read when filters
// also apply, so that the filters see every match of a big school.
const filteredSearchLimit = 20000

// followUpHorizon is how far ahead the workbench lists follow-ups due.
const followUpHorizon = 7

// studentService adapts the store and the vault to ui.StudentService.
type studentService struct {
	// open returns what the service works on, or an error while locked.
	open func() (studentBackend, error)
	// now is the clock of added_on.
	now func() time.Time
}

// studentBackend is the unlocked workspace as the student service uses
// it (the -preview build puts an in-memory school behind it).
type studentBackend struct {
	st    *store.Store
	blobs blobStore
	// changed tells the workspace to save (autosave).
	changed func()
	// backup is the reminder level and time of the last verified backup.
	backup func() (backup.Reminder, time.Time, error)
}

// blobStore seals and opens attachment bytes (the vault).
type blobStore interface {
	PutBlob(data []byte) (string, error)
	Blob(id string) ([]byte, error)
}

func (s *services) students() ui.StudentService {
	return studentService{now: time.Now, open: func() (studentBackend, error) {
		ws, err := s.workspace()
		if err != nil {
			return studentBackend{}, err
		}
		return studentBackend{st: ws.Store(), blobs: ws.Vault(), changed: ws.Changed, backup: ws.BackupReminder}, nil
	}}
}

func (x studentService) Students(_ context.Context, q ui.StudentQuery) ([]*casework.Student, error) {
	b, err := x.open()
	if err != nil {
		return nil, err
	}
	return findStudents(b.st, q)
}

// findStudents is the search behind the student list: the store's name
// search for typed text, else every student in class order; then the
// filters.
func findStudents(st *store.Store, q ui.StudentQuery) ([]*casework.Student, error) {
	drop := func(s *casework.Student) bool { return !q.Match(s) }
	t := strings.TrimSpace(q.Text)
	if t == "" {
		all, err := store.ListAs[*casework.Student](st, store.Filter{})
		if err != nil {
			return nil, uiErr(err)
		}
		slices.SortFunc(all, func(a, b *casework.Student) int {
			return cmp.Or(cmp.Compare(a.Grade, b.Grade), cmp.Compare(len(a.Class), len(b.Class)),
				cmp.Compare(a.Class, b.Class), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		return slices.DeleteFunc(all, drop), nil
	}
	limit := searchLimit
	if q != (ui.StudentQuery{Text: q.Text}) {
		limit = filteredSearchLimit // filter every match, then keep the best
	}
	found, err := st.SearchStudents(t, limit)
	if err != nil {
		return nil, uiErr(err)
	}
	found = slices.DeleteFunc(found, drop)
	return found[:min(len(found), searchLimit)], nil
}

func (x studentService) Student(_ context.Context, id string) (*casework.Student, error) {
	b, err := x.open()
	if err != nil {
		return nil, err
	}
	return store.GetAs[*casework.Student](b.st, id)
}

func (x studentService) SaveStudent(_ context.Context, in *casework.Student) (*casework.Student, error) {
	b, err := x.open()
	if err != nil {
		return nil, err
	}
	st := *in
	if st.ID == "" {
		st.ID = casework.NewID()
		err = b.st.Create(&st)
	} else {
		err = b.st.Update(&st)
	}
	if err != nil {
		return nil, err
	}
	b.changed()
	return store.GetAs[*casework.Student](b.st, st.ID)
}

func (x studentService) DeleteStudent(_ context.Context, id string) error {
	b, err := x.open()
	if err != nil {
		return err
	}
	if err := b.st.Delete(casework.KindStudent, id); err != nil {
		return err
	}
	b.changed()
	return nil
}

func newestFirst[T casework.Record](xs []T, date func(T) casework.Date) {
	slices.SortStableFunc(xs, func(a, b T) int { return cmp.Compare(date(b), date(a)) })
}

func (x studentService) StudentRecords(_ context.Context, id string) (ui.StudentRecords, error) {
	var out ui.StudentRecords
	b, err := x.open()
	if err != nil {
		return out, err
	}
	st, f := b.st, store.Filter{StudentID: id}
	if out.Cases, err = store.ListAs[*casework.Case](st, f); err != nil {
		return out, err
	}
	if out.KeyStudents, err = store.ListAs[*casework.KeyStudent](st, f); err != nil {
		return out, err
	}
	if out.Crises, err = store.ListAs[*casework.Crisis](st, f); err != nil {
		return out, err
	}
	if out.Referrals, err = store.ListAs[*casework.Referral](st, f); err != nil {
		return out, err
	}
	if out.Contacts, err = store.ListAs[*casework.Contact](st, f); err != nil {
		return out, err
	}
	settings, err := st.Settings()
	if err != nil {
		return out, err
	}
	out.Levels = settings.RiskLevels
	if len(out.Levels) == 0 {
		out.Levels = casework.DefaultRiskLevels()
	}
	newestFirst(out.Cases, func(c *casework.Case) casework.Date { return c.OpenedOn })
	newestFirst(out.KeyStudents, func(k *casework.KeyStudent) casework.Date { return k.IncludedOn })
	newestFirst(out.Crises, func(c *casework.Crisis) casework.Date { return c.DiscoveredOn })
	newestFirst(out.Referrals, func(r *casework.Referral) casework.Date { return r.SuggestedOn })
	newestFirst(out.Contacts, func(c *casework.Contact) casework.Date { return c.Date })
	return out, nil
}

func (x studentService) Attachments(_ context.Context, owner casework.Kind, ownerID string) ([]*casework.Attachment, error) {
	b, err := x.open()
	if err != nil {
		return nil, err
	}
	all, err := store.ListAs[*casework.Attachment](b.st, store.Filter{})
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(a *casework.Attachment) bool { return a.OwnerType != owner || a.OwnerID != ownerID })
	slices.SortStableFunc(out, func(a, b *casework.Attachment) int {
		return cmp.Or(cmp.Compare(b.AddedOn, a.AddedOn), cmp.Compare(a.Filename, b.Filename))
	})
	return out, nil
}

// mimeOf guesses the type from the extension, then from the bytes.
func mimeOf(name string, data []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

func (x studentService) AddAttachment(_ context.Context, owner casework.Kind, ownerID, filename string, data []byte) (*casework.Attachment, error) {
	b, err := x.open()
	if err != nil {
		return nil, err
	}
	blob, err := b.blobs.PutBlob(data)
	if err != nil {
		return nil, uiErr(fmt.Errorf("seal attachment: %w", err))
	}
	sum := sha256.Sum256(data)
	a := &casework.Attachment{
		Meta:      casework.Meta{ID: casework.NewID()},
		OwnerType: owner, OwnerID: ownerID,
		Filename: filepath.Base(filename), MIME: mimeOf(filename, data), Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), AddedOn: casework.DateOf(x.now()),
	}
	if a.SHA256 != blob {
		return nil, fmt.Errorf("seal attachment: blob id %s is not the content hash", blob)
	}
	if err := b.st.Create(a); err != nil {
		return nil, err
	}
	b.changed()
	return a, nil
}

// AttachmentData decrypts an attachment for a copy the user saves; the
// copy leaves the vault, so it is audited as an export.
func (x studentService) AttachmentData(_ context.Context, id string) ([]byte, error) {
	b, err := x.open()
	if err != nil {
		return nil, err
	}
	a, err := store.GetAs[*casework.Attachment](b.st, id)
	if err != nil {
		return nil, err
	}
	data, err := b.blobs.Blob(a.SHA256)
	if err != nil {
		return nil, uiErr(fmt.Errorf("open attachment: %w", err))
	}
	if err := b.st.Audit(casework.AuditActionExport, casework.KindAttachment, id); err != nil {
		return nil, fmt.Errorf("audit attachment export: %w", err)
	}
	b.changed()
	return data, nil
}

// DeleteAttachment removes the record. The sealed bytes stay in the
// vault's blob folder: another attachment may share them (blobs are
// stored once per content).
func (x studentService) DeleteAttachment(_ context.Context, id string) error {
	b, err := x.open()
	if err != nil {
		return err
	}
	if err := b.st.Delete(casework.KindAttachment, id); err != nil {
		return err
	}
	b.changed()
	return nil
}

// Dashboard computes this month's figures with the same code as the
// monthly return, and what is due on today.
func (x studentService) Dashboard(_ context.Context, today casework.Date) (ui.Dashboard, error) {
	var out ui.Dashboard
	b, err := x.open()
	if err != nil {
		return out, err
	}
	d, err := returns.Load(b.st)
	if err != nil {
		return out, err
	}
	out, err = dashboardOf(d, today)
	if err != nil {
		return out, err
	}
	level, at, err := b.backup()
	if err != nil {
		return out, fmt.Errorf("read backup history: %w", err)
	}
	out.LastBackup, out.BackupOverdue = at, level == backup.Overdue || at.IsZero()
	return out, nil
}

// dashboardOf is the workbench summary of a dataset on today.
func dashboardOf(d *figures.Dataset, today casework.Date) (ui.Dashboard, error) {
	m := today.Month()
	out := ui.Dashboard{Month: m}
	p := casework.Period{From: m.First(), To: today}
	r, err := figures.Compute(d, p, nil)
	if err != nil {
		return out, err
	}
	levels := d.Settings.RiskLevels
	if len(levels) == 0 {
		levels = casework.DefaultRiskLevels()
	}
	out.Figures = ui.MonthFigures{
		Sessions: r.G1, NewCases: r.G3.Opened, KeyOnRoll: r.F1, Crises: r.I1.Total(),
		GroupSessions: r.H1, Referrals: r.J1, ParentTalks: r.K2,
	}
	for _, c := range r.F2 {
		lv, _ := casework.LevelByCode(levels, c.Code)
		out.Figures.Levels = append(out.Figures.Levels, ui.LevelCount{Label: cmp.Or(lv.Label, c.Code), Color: lv.Color, N: c.N})
	}
	byID := make(map[string]*casework.Student, len(d.Students))
	for _, s := range d.Students {
		byID[s.ID] = s
	}
	who := func(id string) (name, class string) {
		if s := byID[id]; s != nil {
			return s.Name, s.Class
		}
		return "", ""
	}
	for _, k := range d.KeyStudents {
		due, ok := k.FollowUpDue(today, levels)
		if !ok || due > today.AddDays(followUpHorizon) {
			continue
		}
		code, _ := k.LevelAt(today)
		lv, _ := casework.LevelByCode(levels, code)
		name, class := who(k.StudentID)
		out.FollowUps = append(out.FollowUps, ui.FollowUpDue{StudentID: k.StudentID, Name: name, Class: class,
			Level: cmp.Or(lv.Label, code), Due: due})
	}
	slices.SortStableFunc(out.FollowUps, func(a, b ui.FollowUpDue) int { return cmp.Compare(a.Due, b.Due) })
	for _, rf := range d.Referrals {
		if (rf.Status != "" && rf.Status != casework.ReferralStatusSuggested) || strings.TrimSpace(rf.Feedback) != "" {
			continue
		}
		days, _ := rf.SuggestedOn.DaysUntil(today)
		name, class := who(rf.StudentID)
		out.Waiting = append(out.Waiting, ui.WaitingReferral{StudentID: rf.StudentID, Name: name, Class: class,
			SuggestedOn: rf.SuggestedOn, Days: days})
	}
	slices.SortStableFunc(out.Waiting, func(a, b ui.WaitingReferral) int { return cmp.Compare(a.SuggestedOn, b.SuggestedOn) })
	for _, c := range d.Crises {
		if c.ClosedOn != "" {
			continue
		}
		name, class := who(c.StudentID)
		out.OpenCrises = append(out.OpenCrises, ui.OpenCrisis{StudentID: c.StudentID, Name: name, Class: class,
			DiscoveredOn: c.DiscoveredOn, RiskType: c.RiskType})
	}
	slices.SortStableFunc(out.OpenCrises, func(a, b ui.OpenCrisis) int { return cmp.Compare(a.DiscoveredOn, b.DiscoveredOn) })
	return out, nil
}
