package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/casework"
)

// A backup chosen on a new PC shows its record counts once the
// passphrase (or the sheet) of its time is given; a wrong key shows
// nothing, and nothing is written either way.
func TestPreviewBackupCountsTheRecordsWithTheKeyOfTheTime(t *testing.T) {
	ctx := context.Background()
	a := New(fastOptions(nil))
	dir := filepath.Join(t.TempDir(), "vault")
	identity, err := a.Create(ctx, dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := SheetGroups(identity)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][3]string{{"测试学生甲", "七年级", "七(1)班"}, {"测试学生乙", "七年级", "七(2)班"}, {"测试学生丙", "八年级", "八(1)班"}} {
		if _, err := a.SaveStudent(ctx, pupil(p[0], p[1], p[2])); err != nil {
			t.Fatal(err)
		}
	}
	stick := filepath.Join(t.TempDir(), "stick")
	res, err := a.BackupNow(ctx, stick, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	found, err := ListBackups(ctx, stick)
	if err != nil || len(found) != 1 {
		t.Fatalf("listed %d backups, %v", len(found), err)
	}
	before := tree(t, stick)
	for _, k := range []RestoreKeys{{Passphrase: testPass}, {Sheet: strings.Join(groups, " ")}} {
		s, err := PreviewBackup(ctx, found[0].File, k)
		if err != nil {
			t.Fatalf("preview with %+v: %v", k.Sheet != "", err)
		}
		if s.Counts[casework.KindStudent] != 3 || s.Gen != res.Name.Gen || s.SavedAt.IsZero() {
			t.Fatalf("got %+v, want 3 students at save no. %d", s, res.Name.Gen)
		}
	}
	if _, err := PreviewBackup(ctx, found[0].File, RestoreKeys{Passphrase: "not the passphrase"}); ErrorKind(err) != KindWrongKey {
		t.Fatalf("got %v for a wrong passphrase, want wrong key", err)
	}
	if _, err := PreviewBackup(ctx, found[0].File, RestoreKeys{}); ErrorKind(err) != KindWrongKey {
		t.Fatalf("got %v without a key, want wrong key", err)
	}
	if after := tree(t, stick); after != before {
		t.Fatalf("the stick changed:\n%s\n---\n%s", before, after)
	}
}

// tree lists every file under dir with its size.
func tree(t *testing.T, dir string) string {
	t.Helper()
	out := ""
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		out += p + " " + info.ModTime().String() + "\n"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
