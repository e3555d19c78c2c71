package desktop

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"xinqing/internal/ui"
)

// The preview services back the screens with memory only, for looking at
// the UI (-preview) before the real vault is wired in. Nothing is written
// to disk except a recovery-sheet text file where the user asks for it;
// everything is gone when the window closes.

// previewVault is an in-memory stand-in for the vault.
type previewVault struct {
	mu       sync.Mutex
	root     string
	vaults   map[string]*previewDir
	unlocked bool
	state    ui.SaveState
	watchers map[int]func(ui.SaveState)
	next     int
}

type previewDir struct {
	pass   string
	sheet  ui.Sheet
	failed int
}

func newPreviewVault() *previewVault {
	return &previewVault{
		root:     filepath.Join(os.TempDir(), "xinqing-preview"),
		vaults:   map[string]*previewDir{},
		watchers: map[int]func(ui.SaveState){},
	}
}

func (v *previewVault) DefaultDir() string { return filepath.Join(v.root, "vault") }

func (v *previewVault) Exists(dir string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.vaults[dir] != nil
}

func previewSheet() ui.Sheet {
	const alphabet = "ACDEFGHJKLMNPQRSTUVWXYZ23456789"
	var s ui.Sheet
	for range 16 {
		var b strings.Builder
		for range 5 {
			b.WriteByte(alphabet[rand.IntN(len(alphabet))])
		}
		s.Groups = append(s.Groups, b.String())
	}
	return s
}

func (v *previewVault) Create(ctx context.Context, dir, pass string) (ui.Sheet, error) {
	select { // about as long as the real key derivation
	case <-time.After(time.Second):
	case <-ctx.Done():
		return ui.Sheet{}, ctx.Err()
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.vaults[dir] != nil {
		return ui.Sheet{}, ui.ErrVaultExists
	}
	d := &previewDir{pass: pass, sheet: previewSheet()}
	v.vaults[dir] = d
	v.unlocked = true
	return d.sheet, nil
}

func (v *previewVault) Unlock(_ context.Context, dir, pass string) (int, error) {
	time.Sleep(time.Second)
	v.mu.Lock()
	defer v.mu.Unlock()
	d := v.vaults[dir]
	if d == nil {
		return 0, ui.ErrNoVault
	}
	if d.pass != pass {
		d.failed++
		return 0, ui.ErrWrongPassphrase
	}
	n := d.failed
	d.failed = 0
	v.unlocked = true
	return n, nil
}

func sheetMatches(want ui.Sheet, typed string) error {
	got := strings.Fields(strings.ToUpper(typed))
	if len(got) != len(want.Groups) {
		return &ui.SheetError{}
	}
	for i := range got {
		if got[i] != want.Groups[i] {
			return &ui.SheetError{Group: i + 1}
		}
	}
	return nil
}

func (v *previewVault) UnlockWithSheet(_ context.Context, dir, sheet string) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	d := v.vaults[dir]
	if d == nil {
		return 0, ui.ErrNoVault
	}
	if err := sheetMatches(d.sheet, sheet); err != nil {
		return 0, err
	}
	v.unlocked = true
	return 0, nil
}

func (v *previewVault) ResetPassphrase(_ context.Context, dir, sheet, pass string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	d := v.vaults[dir]
	if d == nil {
		return ui.ErrNoVault
	}
	if err := sheetMatches(d.sheet, sheet); err != nil {
		return err
	}
	d.pass = pass
	return nil
}

func (v *previewVault) Lock(context.Context) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.unlocked = false
	return nil
}

func (v *previewVault) SaveState() ui.SaveState {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.state
}

func (v *previewVault) WatchSaveState(f func(ui.SaveState)) func() {
	v.mu.Lock()
	defer v.mu.Unlock()
	id := v.next
	v.next++
	v.watchers[id] = f
	return func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		delete(v.watchers, id)
	}
}

// setState is how the preview settings "save": the status bar shows it.
func (v *previewVault) setState(s ui.SaveState) {
	v.mu.Lock()
	v.state = s
	var fs []func(ui.SaveState)
	for _, f := range v.watchers {
		fs = append(fs, f)
	}
	v.mu.Unlock()
	for _, f := range fs {
		f(s)
	}
}

func (v *previewVault) SaveElsewhere(context.Context, string) error {
	return errors.New("preview: nothing is saved")
}

// previewPassphrase applies the length rule only.
type previewPassphrase struct{}

func (previewPassphrase) Check(p string) (bool, int, string) {
	n := utf8.RuneCountInString(p)
	switch {
	case n < 8:
		return false, 0, "少于 12 个字符"
	case n < 12:
		return false, 1, "少于 12 个字符"
	case n < 16:
		return true, 2, ""
	case n < 24:
		return true, 3, ""
	}
	return true, 4, ""
}

func (previewPassphrase) Generate() string {
	words := []string{"qing", "tian", "shan", "shui", "yun", "feng", "hua", "shu", "he", "lin", "xing", "yue"}
	out := make([]string, 6)
	for i := range out {
		out[i] = words[rand.IntN(len(words))]
	}
	return strings.Join(out, "-")
}

// previewPrinter writes the groups as text (the real one writes a PDF).
type previewPrinter struct{}

func (previewPrinter) WriteSheet(_ context.Context, path string, s ui.Sheet) error {
	var b strings.Builder
	for i, g := range s.Groups {
		fmt.Fprintf(&b, "%2d. %s\n", i+1, g)
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

type previewSettings struct {
	mu     sync.Mutex
	v      *previewVault
	school ui.School
}

func (s *previewSettings) School(context.Context) (ui.School, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.school, nil
}

func (s *previewSettings) SaveSchool(_ context.Context, sc ui.School) error {
	s.v.setState(ui.SaveState{Status: ui.Saving})
	s.mu.Lock()
	s.school = sc
	s.mu.Unlock()
	s.v.setState(ui.SaveState{Status: ui.Saved, At: time.Now()})
	return nil
}

type previewDemo struct {
	v *previewVault
	s *previewSettings
}

func (d previewDemo) CreateDemo(_ context.Context, dir string) (string, error) {
	const pass = "yan-shi-xue-xiao"
	d.v.mu.Lock()
	if d.v.vaults[dir] == nil {
		d.v.vaults[dir] = &previewDir{pass: pass, sheet: previewSheet()}
	}
	d.v.mu.Unlock()
	d.s.mu.Lock()
	d.s.school = ui.School{Name: "晴川市第一实验中学（演示）", County: "晴川区", Stage: "junior"}
	d.s.mu.Unlock()
	return pass, nil
}

// Preview returns memory-only stand-ins for every service, for looking at
// the screens; nothing is saved.
func Preview() ui.Deps {
	v := newPreviewVault()
	s := &previewSettings{v: v}
	return ui.Deps{
		Vault:      v,
		Passphrase: previewPassphrase{},
		Printer:    previewPrinter{},
		Settings:   s,
		Demo:       previewDemo{v: v, s: s},
		Groups:     newPreviewGroups(),
		Cases:      newPreviewCases(),
		Students:   newPreviewStudents(),
		Reports:    newPreviewReports(),
	}
}
