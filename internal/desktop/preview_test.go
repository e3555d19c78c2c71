package desktop

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"xinqing/internal/ui"
)

func TestThePreviewIsTheSharedFakesWithTheDemoSchool(t *testing.T) {
	d := Preview()
	if d.Vault == nil || d.Passphrase == nil || d.Printer == nil || d.Settings == nil || d.Demo == nil ||
		d.Cases == nil || d.Students == nil || d.Groups == nil || d.Reports == nil {
		t.Fatalf("got preview services %+v, want every one", d)
	}
	if _, ok := d.Vault.(*ui.FakeVault); !ok {
		t.Fatalf("got a preview vault of type %T, want the shared fake", d.Vault)
	}
	ctx := context.Background()
	students, err := d.Groups.Students(ctx)
	if err != nil || len(students) == 0 {
		t.Fatalf("got %d students in the groups area (%v), want the synthetic classes", len(students), err)
	}

	// Creating takes about as long as the real key derivation, and 取消
	// ends it at once without a vault.
	dir := filepath.Join(t.TempDir(), "vault")
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	if _, err := d.Vault.Create(cctx, dir, "qing-tian-shan-shui-yun-feng"); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the creation cancelled", err)
	}
	if time.Since(start) > 900*time.Millisecond || d.Vault.Exists(dir) {
		t.Fatalf("the cancelled creation took %v or left a vault", time.Since(start))
	}
}
