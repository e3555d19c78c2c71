package ui

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// fakeGroups keeps the groups area's records in memory and validates
// them with casework, as the store does (references included).
type fakeGroups struct {
	mu       sync.Mutex
	recs     map[casework.Kind][]casework.Record
	students []*casework.Student
	next     int
	// batches counts SaveRecords calls and their sizes.
	batches []int
	printed []string
}

func newFakeGroups() *fakeGroups {
	return &fakeGroups{recs: map[casework.Kind][]casework.Record{}}
}

func (f *fakeGroups) addStudent(name, grade, class string) *casework.Student {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	s := &casework.Student{Meta: casework.Meta{ID: fmt.Sprintf("stu-%03d", f.next)}, Name: name,
		Gender: casework.GenderFemale, Grade: grade, Class: class}
	f.students = append(f.students, s)
	return s
}

func (f *fakeGroups) put(rec casework.Record) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	rec.Base().ID = fmt.Sprintf("%s-%03d", rec.RecordKind(), f.next)
	f.recs[rec.RecordKind()] = append(f.recs[rec.RecordKind()], rec)
}

func (f *fakeGroups) Exists(kind casework.Kind, id string) bool {
	if kind == casework.KindStudent {
		return slices.ContainsFunc(f.students, func(s *casework.Student) bool { return s.ID == id })
	}
	return slices.ContainsFunc(f.recs[kind], func(r casework.Record) bool { return r.Base().ID == id })
}

func (f *fakeGroups) all(kind casework.Kind) []casework.Record {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.recs[kind])
}

func (f *fakeGroups) Records(_ context.Context, kind casework.Kind) ([]casework.Record, error) {
	out := []casework.Record{}
	for _, r := range f.all(kind) {
		out = append(out, grpCopy(r))
	}
	return out, nil
}

func (f *fakeGroups) SaveRecord(ctx context.Context, rec casework.Record) error {
	return f.save([]casework.Record{rec}, false)
}

func (f *fakeGroups) SaveRecords(ctx context.Context, recs []casework.Record) error {
	return f.save(recs, true)
}

func (f *fakeGroups) save(recs []casework.Record, batch bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range recs {
		if err := r.Validate(casework.Env{Refs: f}); err != nil {
			return err
		}
	}
	if batch {
		f.batches = append(f.batches, len(recs))
	}
	for _, r := range recs {
		k := r.RecordKind()
		if r.Base().ID == "" {
			f.next++
			r.Base().ID = fmt.Sprintf("%s-%03d", k, f.next)
			f.recs[k] = append(f.recs[k], grpCopy(r))
			continue
		}
		i := slices.IndexFunc(f.recs[k], func(x casework.Record) bool { return x.Base().ID == r.Base().ID })
		if i < 0 {
			return casework.Errorf(casework.ENOTFOUND, "no %s %s", k, r.Base().ID)
		}
		f.recs[k][i] = grpCopy(r)
	}
	return nil
}

func (f *fakeGroups) DeleteRecord(_ context.Context, kind casework.Kind, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.recs[kind] = slices.DeleteFunc(f.recs[kind], func(r casework.Record) bool { return r.Base().ID == id })
	return nil
}

func (f *fakeGroups) Students(context.Context) ([]*casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.students), nil
}

func (f *fakeGroups) SearchStudents(_ context.Context, q string, limit int) ([]*casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*casework.Student
	for _, s := range f.students {
		if strings.Contains(s.Name, q) && len(out) < limit {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeGroups) PrintGroupRecord(_ context.Context, id, path string) error {
	f.mu.Lock()
	f.printed = append(f.printed, id)
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF group "+id), 0o600)
}

func (f *fakeGroups) PrintCommitteeRoster(_ context.Context, on casework.Date, path string) error {
	f.mu.Lock()
	f.printed = append(f.printed, "roster "+string(on))
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF roster"), 0o600)
}

// groupsHarness shows one screen of the area on a headless window, with
// slow work run inline.
func groupsHarness(t *testing.T, fg *fakeGroups, build func(a *App) Screen) (*harness, Screen) {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t)}
	h.win = test.NewTempWindow(t, nil)
	h.Driver = uitest.New(t, h.win)
	h.clock = &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local)} // a Thursday
	h.ui = New(h.app, h.win, Deps{
		Vault: newFakeVault(t), Passphrase: &fakePassphrase{}, Printer: filePrinter{}, Settings: &fakeSettings{},
		Groups: fg, Clock: h.clock, Go: func(f func()) { f() },
	})
	h.app.Settings().SetTheme(NewTheme())
	h.win.Resize(fyne.NewSize(1300, 1400))
	s := build(h.ui)
	h.win.SetContent(s.Content())
	return h, s
}

// iconButtons are the visible text-less buttons with icon up, down or
// delete (the row buttons of the sub-row editors), in screen order.
func (h *harness) iconButtons(which string) []*widget.Button {
	icon := map[string]fyne.Resource{"up": theme.MoveUpIcon(), "down": theme.MoveDownIcon(), "delete": theme.DeleteIcon()}[which]
	var out []*widget.Button
	for _, o := range h.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text == "" && b.Icon != nil && b.Icon.Name() == icon.Name() {
			out = append(out, b)
		}
	}
	return out
}

// weeklyScreen shows the weekly grid alone.
type weeklyScreen struct{ w *weeklyGrid }

func (s weeklyScreen) Content() fyne.CanvasObject { return s.w.content() }
