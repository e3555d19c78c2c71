package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"xinqing/internal/backup"
	"xinqing/internal/vault"
)

// Every OS error class has a Chinese sentence that does not carry the
// OS's English text; a too-large file blames FAT32 only when the backup
// package found a FAT drive.
func TestClassifyOSErrorsInChinese(t *testing.T) {
	dir := t.TempDir()
	_, missing := os.Open(filepath.Join(dir, "absent.pdf"))
	_, long := os.Create(filepath.Join(dir, strings.Repeat("长", 200)+".pdf"))
	for _, tc := range []struct {
		err  error
		want Kind
	}{
		{&fs.PathError{Op: "write", Path: "/media/u/x", Err: syscall.ENOSPC}, KindDiskFull},
		{&fs.PathError{Op: "open", Path: "/media/u/x", Err: syscall.EACCES}, KindPermission},
		{missing, KindNotFound},
		{&fs.PathError{Op: "open", Path: "/media/u/x", Err: syscall.EROFS}, KindReadOnly},
		{long, KindNameTooLong},
		{&fs.PathError{Op: "write", Path: "/media/u/x", Err: syscall.EFBIG}, KindFileTooBig},
		{&fs.PathError{Op: "read", Path: "/media/u/x", Err: syscall.EIO}, KindDeviceGone},
		{&fs.PathError{Op: "read", Path: "/media/u/x", Err: syscall.ENODEV}, KindDeviceGone},
		{&fs.PathError{Op: "read", Path: "/media/u/x", Err: syscall.ELOOP}, KindOther},
		{fmt.Errorf("open: %w", vault.ErrUnfinished), KindUnfinished},
		{fmt.Errorf("%w: %w: gone", vault.ErrDamaged, vault.ErrSlotsDamaged), KindSlotsDamaged},
	} {
		if tc.err == nil {
			t.Fatalf("case %q: the OS returned no error", tc.want)
		}
		p := Classify(tc.err)
		if p.Kind != tc.want {
			t.Errorf("%v: got kind %q, want %q", tc.err, p.Kind, tc.want)
		}
		var pe *fs.PathError
		if errors.As(tc.err, &pe) && strings.Contains(p.ZH, pe.Err.Error()) {
			t.Errorf("%v: the Chinese sentence carries the raw OS text: %q", tc.err, p.ZH)
		}
		if p.ZH == "" || p.EN == "" || !strings.ContainsAny(p.ZH, "的请") {
			t.Errorf("%v: got %q / %q, want a Chinese sentence and an English one", tc.err, p.ZH, p.EN)
		}
	}
	// A restore of a 3 GiB file (over the read cap) says the file is too
	// large, not that FAT32 is to blame; only a FAT drive is.
	capErr := fmt.Errorf("restore x: %w: %d bytes, at most %d", backup.ErrTooLarge, int64(3)<<30, int64(2)<<30)
	if p := Classify(capErr); p.Kind != KindTooLarge || strings.Contains(p.ZH, "FAT") {
		t.Errorf("the restore cap: got %q %q, want too large without FAT32", p.Kind, p.ZH)
	}
	fatErr := fmt.Errorf("backup: %w: 5000000000 bytes", backup.ErrFAT32)
	if p := Classify(fatErr); p.Kind != KindTooLarge || !strings.Contains(p.ZH, "FAT32") {
		t.Errorf("a FAT drive: got %q %q, want FAT32 named", p.Kind, p.ZH)
	}
}
