package desktop

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
	"xinqing/internal/workspace"
)

// 取消 in the setup wizard stops a real vault creation: the real services
// with the real key derivation (calibrated to about a second, so a
// creation takes seconds), driven through the wizard as a counselor would.
// Afterwards there is no vault and no half-built folder, and the wizard
// says the operation was cancelled.
func TestCancelInTheSetupWizardStopsARealVaultCreation(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home) // the wizard offers DefaultDir under it
	dir := filepath.Join(home, "xinqing", "vault")

	deps := New(workspace.Options{})
	var mu sync.Mutex // held while the creation runs and while the test reads the screen
	started, done := make(chan struct{}), make(chan struct{})
	deps.Go = func(f func()) {
		go func() {
			defer close(done)
			mu.Lock()
			defer mu.Unlock()
			close(started)
			f()
		}()
	}
	app := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1000, 800))
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)

	d.Tap("新建加密档案库")
	d.WantText(dir)
	d.Tap("下一步")
	d.Tap("创建档案库") // the generated passphrase
	<-started
	d.Tap("取消")
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the vault creation did not stop after 取消")
	}
	mu.Lock()
	defer mu.Unlock()
	d.WantText("操作已取消")
	if strings.Contains(d.Texts(), "第 3 步") {
		t.Fatal("the wizard moved on to the recovery sheet after 取消")
	}
	if _, err := os.Stat(filepath.Join(dir, "key.slot")); !os.IsNotExist(err) {
		t.Fatalf("got key.slot after 取消 (%v), want no vault", err)
	}
	if _, err := os.Stat(filepath.Join(home, "xinqing")); !os.IsNotExist(err) {
		t.Fatalf("got the vault's folder after 取消 (%v), want nothing left behind", err)
	}
	if deps.Vault.Exists(dir) {
		t.Fatal("a vault exists after 取消")
	}
}
