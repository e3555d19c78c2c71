package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// rawKey is what an untranslated key looks like on screen.
var rawKey = regexp.MustCompile(`^[a-z_]+(\.[a-z0-9_]+)+$`)

// rawLabelKey is a label key inside a longer text (a list row).
var rawLabelKey = regexp.MustCompile(`\b(?:enum|field|record)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*`)

// putCase stores rec in the fake as is (no validation), so that every
// enum of a list row and form has a value to show.
func (f *FakeCases) putCase(rec casework.Record) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	k := rec.RecordKind()
	rec.Base().ID = fmt.Sprintf("%s-%03d", k, f.n)
	if f.recs[k] == nil {
		f.recs[k] = map[string]casework.Record{}
	}
	f.recs[k][rec.Base().ID] = rec
}

// seededDeps are the fakes with one record of each kind on screen, its
// enums set, and the unlocked vault of a school.
func seededDeps(t *testing.T) Deps {
	t.Helper()
	ctx := context.Background()
	d := FakeDeps(t.TempDir())
	d.Go = func(f func()) { f() }
	if _, err := d.Vault.Create(ctx, d.Vault.DefaultDir(), placesPass); err != nil {
		t.Fatal(err)
	}
	if err := d.Settings.SaveSchool(ctx, School{Name: "晴川实验中学", Stage: "junior"}); err != nil {
		t.Fatal(err)
	}
	st, err := d.Students.(*FakeStudents).SaveStudent(ctx, &casework.Student{Name: "王林", Gender: casework.GenderMale,
		Grade: "七年级", Class: "七(1)班", StudentNo: "20260101"})
	if err != nil {
		t.Fatal(err)
	}
	fc := d.Cases.(*FakeCases)
	for _, c := range []casework.Counterpart{casework.CounterpartGuardian, casework.CounterpartTeacher, casework.CounterpartExternal} {
		fc.putCase(&casework.Contact{StudentID: st.ID, Date: "2026-11-20", Counterpart: c, Method: casework.ContactMethodPhone, Summary: "电话沟通"})
	}
	fc.putCase(&casework.Case{StudentID: st.ID, ClientKind: casework.ClientKindStudent, CaseNo: "2026-001", OpenedOn: "2026-11-02",
		Source: casework.CaseSource("self"), Status: casework.CaseStatusOpen, PresentingProblem: "睡眠不好"})
	fc.putCase(&casework.Crisis{StudentID: st.ID, DiscoveredOn: "2026-11-10", RiskType: casework.RiskType("self_harm"), Description: "划伤"})
	fc.putCase(&casework.Referral{StudentID: st.ID, SuggestedOn: "2026-11-12", Reason: "睡眠", Institution: "市精神卫生中心",
		Status: casework.ReferralStatus("suggested")})
	fc.putCase(&casework.KeyStudent{StudentID: st.ID, IncludedOn: "2026-10-01", InclusionSource: casework.InclusionSource("screening"),
		Levels: []casework.LevelEntry{{Date: "2026-10-01", Level: "yellow"}}})
	if err := d.Vault.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	return d
}

// unlockedApp is the app over d on a window of size, in language code,
// unlocked.
func unlockedApp(t *testing.T, d Deps, code string, size fyne.Size) (*App, *uitest.Driver) {
	t.Helper()
	fa := test.NewTempApp(t)
	fa.Preferences().SetString(prefLanguage, code)
	w := test.NewTempWindow(t, nil)
	w.Resize(size)
	a := New(fa, w, d)
	a.Start()
	drv := uitest.New(t, w)
	uitest.TypeInto(drv.Input(tr("unlock.pass_placeholder")), placesPass)
	drv.Tap(tr("unlock.submit"))
	if a.shell == nil {
		t.Fatalf("not unlocked; the window shows:\n%s", drv.Texts())
	}
	return a, drv
}

// shownTexts is every text a user can read among objs: labels, buttons,
// placeholders, select choices, tab titles, check boxes.
func shownTexts(objs []fyne.CanvasObject) []string {
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	for _, o := range objs {
		if p, ok := uitest.Placeholder(o); ok {
			add(p)
		}
		switch x := o.(type) {
		case *widget.Label:
			add(x.Text)
		case *widget.Button:
			add(x.Text)
		case *widget.Select:
			add(x.Selected, x.PlaceHolder)
			add(x.Options...)
		case *widget.SelectEntry:
			add(x.PlaceHolder)
		case *suggestEntry:
			add(x.PlaceHolder)
		case *widget.Check:
			add(x.Text)
		case *widget.RadioGroup:
			add(x.Options...)
		case *widget.Card:
			add(x.Title, x.Subtitle)
		case *container.AppTabs:
			for _, it := range x.Items {
				add(it.Text)
			}
		case *widget.Hyperlink:
			add(x.Text)
		}
	}
	out = append(out, strings.Split(uitest.Texts(objs), "\n")...)
	return out
}

// rawKeyWalker visits every screen, every tab, the first row of every
// list and the form behind each "new" button, noting raw keys.
type rawKeyWalker struct {
	t    *testing.T
	a    *App
	drv  *uitest.Driver
	seen map[string]bool // raw key → reported
	hits []string
	// also runs wherever the walk looks (the layout checks)
	also func(where string)
}

func (w *rawKeyWalker) look(where string) {
	if w.also != nil {
		w.also(where)
	}
	for _, s := range shownTexts(w.drv.Visible()) {
		if k := rawLabelKey.FindString(s); k != "" && !rawKey.MatchString(s) {
			s = k
		}
		if rawKey.MatchString(s) && !w.seen[s] {
			w.seen[s] = true
			w.hits = append(w.hits, fmt.Sprintf("%s: %q", where, s))
		}
	}
}

// closeOverlays drops whatever dialog a tap opened.
func (w *rawKeyWalker) closeOverlays() {
	ov := w.drv.Window().Canvas().Overlays()
	for ov.Top() != nil {
		ov.Remove(ov.Top())
	}
}

func (w *rawKeyWalker) screen(i int, name string) {
	w.a.shell.open(i)
	w.a.shell.currentID = i
	w.look(name)
	w.tabs(name, 0)
}

// tabs walks the tab containers on screen, nested ones too.
func (w *rawKeyWalker) tabs(where string, depth int) {
	w.lists(where)
	if depth > 2 {
		return
	}
	var all []*container.AppTabs
	for _, o := range w.drv.Visible() {
		if t, ok := o.(*container.AppTabs); ok {
			all = append(all, t)
		}
	}
	if len(all) <= depth {
		return
	}
	t := all[depth]
	for j := range t.Items {
		t.SelectIndex(j)
		at := where + " › " + t.Items[j].Text
		w.look(at)
		w.tabs(at, depth+1)
	}
}

// lists opens the first row of every list but the navigation and taps
// every "new" button.
func (w *rawKeyWalker) lists(where string) {
	for _, l := range w.drv.Lists()[1:] {
		if l.Length() > 0 {
			l.Select(0)
			w.look(where + " (first row)")
			w.closeOverlays()
		}
	}
	add := theme.ContentAddIcon().Name()
	for _, o := range w.drv.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text != "" && b.Icon != nil && b.Icon.Name() == add && !b.Disabled() {
			test.Tap(b)
			w.look(where + " › " + b.Text)
			w.closeOverlays()
		}
	}
}

func TestNoScreenShowsARawTranslationKey(t *testing.T) {
	for _, code := range []string{LangChinese, LangEnglish} {
		t.Run(code, func(t *testing.T) {
			a, drv := unlockedApp(t, seededDeps(t), code, fyne.NewSize(1366, 768))
			w := &rawKeyWalker{t: t, a: a, drv: drv, seen: map[string]bool{}}
			w.look("after unlock")
			for i, s := range a.shell.specs {
				w.screen(i, tr(s.key))
			}
			if len(w.hits) > 0 {
				t.Errorf("raw translation keys on screen:\n%s", strings.Join(w.hits, "\n"))
			}
			if err := UseLanguage(LangChinese); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// keyLiteral is a string literal shaped like a translation key.
var keyLiteral = regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)

// enumCall is a call that completes "enum.<name>." at run time.
var enumCall = regexp.MustCompile(`\b(?:enumLabel|stuEnum|grpEnumLabel)\("([a-z_]+)"`)

// TestEveryKeyShapedLiteralIsTranslated finds the keys the code hands
// around as data (filter choices, table headers, enum names) rather than
// through tr("…"), which the table test covers: each literal whose first
// part is a namespace of the tables must be a key in both languages, and
// each enum name passed to an enum label helper must have labels.
func TestEveryKeyShapedLiteralIsTranslated(t *testing.T) {
	zh, err := Messages(LangChinese)
	if err != nil {
		t.Fatal(err)
	}
	en, err := Messages(LangEnglish)
	if err != nil {
		t.Fatal(err)
	}
	spaces := map[string]bool{}
	for k := range zh {
		if i := strings.IndexByte(k, '.'); i > 0 {
			spaces[k[:i]] = true
		}
	}
	hasPrefix := func(m map[string]string, p string) bool {
		for k := range m {
			if strings.HasPrefix(k, p) {
				return true
			}
		}
		return false
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyLiteral.FindAllStringSubmatch(string(src), -1) {
			k := m[1]
			if !spaces[k[:strings.IndexByte(k, '.')]] {
				continue // a file name, a package path, a preference
			}
			checked++
			if zh[k] == "" {
				t.Errorf("%s: key %q is missing in zh-CN", f, k)
			}
			if en[k] == "" {
				t.Errorf("%s: key %q is missing in en", f, k)
			}
		}
		for _, m := range enumCall.FindAllStringSubmatch(string(src), -1) {
			p := "enum." + m[1] + "."
			if !hasPrefix(zh, p) || !hasPrefix(en, p) {
				t.Errorf("%s: enum %q has no labels %s* in both languages", f, m[1], p)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("checked only %d key literals; the scan is broken", checked)
	}
}
