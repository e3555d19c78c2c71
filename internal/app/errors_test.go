package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"xinqing/internal/backup"
	"xinqing/internal/county"
	"xinqing/internal/store"
	"xinqing/internal/vault"
)

func TestClassifyNamesEveryKindWithBothSentences(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want Kind
	}{
		{nil, KindOther},
		{errors.New("something else"), KindOther},
		{fmt.Errorf("unlock: %w", vault.ErrWrongKey), KindWrongKey},
		{fmt.Errorf("open: %w", vault.ErrDamaged), KindDamaged},
		{fmt.Errorf("load: %w", store.ErrCorrupt), KindDamaged},
		{fmt.Errorf("load: %w", store.ErrSchema), KindDamaged},
		{fmt.Errorf("load: %w", store.ErrGeneration), KindDamaged},
		{vault.ErrNoGeneration, KindNoGeneration},
		{vault.ErrInUse, KindInUse},
		{vault.ErrExists, KindExists},
		{fmt.Errorf("%w: no vault.json", vault.ErrNotVault), KindNoVault},
		{&os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, KindDiskFull},
		{&os.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}, KindPermission},
		{context.Canceled, KindCancelled},
		{fmt.Errorf("%w: %w", backup.ErrCancelled, context.Canceled), KindCancelled},
		{ErrLocked, KindLocked},
		{backup.ErrNoSpace, KindNoSpace},
		{backup.ErrTooLarge, KindTooLarge},
		{backup.ErrIncomplete, KindIncomplete},
		{backup.ErrNoBackup, KindNoBackup},
		// A damaged backup is also vault damage: the backup's kind wins.
		{fmt.Errorf("restore: %w", backup.ErrDamaged), KindBackupDamaged},
		{fmt.Errorf("%w: %w", ErrSlotDamaged, backup.ErrDamaged), KindSlotDamaged},
		{&county.ListError{File: "名单.csv", Row: 3, ZH: "重复", EN: "repeats"}, KindRefused},
		{ErrNotCounty, KindRefused},
	} {
		p := Classify(tc.err)
		if p.Kind != tc.want {
			t.Errorf("%v: got kind %q, want %q", tc.err, p.Kind, tc.want)
		}
		if tc.err != nil && (p.ZH == "" || p.EN == "") {
			t.Errorf("%v: got sentences %q / %q, want both", tc.err, p.ZH, p.EN)
		}
	}
}

// The kinds of real failures, as the programs meet them.
func TestClassifyRealFailures(t *testing.T) {
	o := fastOptions(nil)
	dir := newVault(t, o)
	a := New(o)
	if _, err := a.Unlock(context.Background(), dir, "not the passphrase at all"); ErrorKind(err) != KindWrongKey {
		t.Errorf("wrong passphrase: got %v", err)
	}
	if _, err := a.UnlockWithSheet(context.Background(), dir, "zz"); ErrorKind(err) != KindSheetTypo {
		t.Errorf("a sheet typo: got %v", err)
	}
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	b := New(o)
	if _, err := b.Unlock(context.Background(), dir, testPass); ErrorKind(err) != KindInUse {
		t.Errorf("a second unlock: got %v, want in use", err)
	}
	if _, err := b.Create(context.Background(), dir, testPass); ErrorKind(err) != KindInUse && ErrorKind(err) != KindExists {
		t.Errorf("create over a vault: got %v, want in use or exists", err)
	}
	if err := a.Lock(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Create(context.Background(), dir, testPass); ErrorKind(err) != KindExists {
		t.Errorf("create over a locked vault: got %v, want exists", err)
	}
	if _, err := b.Workspace(); ErrorKind(err) != KindLocked {
		t.Errorf("no vault open: got %v, want locked", err)
	}
	if _, err := b.Unlock(context.Background(), t.TempDir(), testPass); ErrorKind(err) != KindNoVault {
		t.Errorf("an empty folder: got %v, want no vault", err)
	}

	// Every generation damaged: nothing opens.
	gens, _ := filepath.Glob(filepath.Join(dir, "gen", "*.age"))
	for _, g := range gens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		data[len(data)-20] ^= 0xff
		if err := os.WriteFile(g, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := b.Unlock(context.Background(), dir, testPass)
	if k := ErrorKind(err); k != KindNoGeneration && k != KindDamaged {
		t.Errorf("damaged generations: got %v (kind %q), want damage", err, k)
	}
	if p := Classify(err); !strings.Contains(p.ZH, "备份") {
		t.Errorf("got %q, want the sentence to point to the backups", p.ZH)
	}
}
