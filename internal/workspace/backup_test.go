package workspace

import (
	"context"
	"errors"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
)

func TestTheJournalReadsOnlyWellFormedBackupEntries(t *testing.T) {
	w, _ := newWorkspace(t)
	defer w.Lock(bg)
	j := w.Journal()
	if _, ok, err := j.LastBackup(); ok || err != nil {
		t.Fatalf("got a last backup (%v) in a new vault", err)
	}
	at := time.Date(2026, 11, 28, 15, 30, 0, 0, time.Local)
	first := backup.Entry{Name: backup.Name{Time: at, Gen: 3}, Hash: [32]byte{1, 2, 3}}
	second := backup.Entry{Name: backup.Name{Time: at.Add(time.Hour), Gen: 7}, Hash: [32]byte{9}}
	if err := j.RecordBackup(first); err != nil {
		t.Fatal(err)
	}
	if err := j.RecordBackup(second); err != nil {
		t.Fatal(err)
	}
	// Entries other code wrote under the same action are skipped.
	for _, id := range []string{"", "backup", "backup 20261128T1530-g000009", "backup nonsense 00",
		"backup 20261128T1530-g000009 zz", "drill ok 20261128T1530-g000009"} {
		if err := w.Store().Audit(casework.AuditActionBackup, "", id); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := j.LastBackup()
	if err != nil || !ok || got.Name != second.Name || got.Hash != second.Hash {
		t.Errorf("got %+v (%v, %v), want the second backup", got, ok, err)
	}
	if h, ok := (journal{w}).known(first.Name.String()); !ok || h != first.Hash {
		t.Errorf("got %x (%v) for the first backup, want its hash", h, ok)
	}
	if _, ok := (journal{w}).known("20300101T0000-g000001"); ok {
		t.Error("got a hash for a backup never recorded")
	}
	if w.State().Kind != Dirty {
		t.Errorf("got state %v after recording, want Dirty (the entry is saved next)", w.State().Kind)
	}
}

func TestDrillResultsAreRecordedNewestFirst(t *testing.T) {
	w, _ := newWorkspace(t)
	defer w.Lock(bg)
	j := w.Journal()
	for _, d := range []backup.DrillResult{{Backup: "a", OK: true}, {Backup: "b", OK: false}} {
		if err := j.RecordDrill(d); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := j.LastDrill()
	if err != nil || !ok || got.Backup != "b" || got.OK {
		t.Errorf("got %+v (%v, %v), want the failed drill of b", got, ok, err)
	}
	if due, _ := w.DrillDue(); !due {
		t.Error("got no drill due after a failed drill")
	}
}

func TestRestoreOnALockedWorkspaceIsRefusedAndDropsTheCandidate(t *testing.T) {
	w, _ := newWorkspace(t)
	if err := w.Lock(bg); err != nil {
		t.Fatal(err)
	}
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	r := &backup.Restored{Store: st}
	if err := w.Restore(context.Background(), r); !errors.Is(err, ErrClosed) {
		t.Errorf("got %v, want ErrClosed", err)
	}
	if _, err := st.Count(casework.KindStudent); !errors.Is(err, store.ErrClosed) {
		t.Errorf("got %v from the candidate's store, want it closed", err)
	}
	if _, err := w.Backup(context.Background(), t.TempDir(), backup.Options{}); !errors.Is(err, ErrClosed) {
		t.Errorf("backup of a locked workspace: got %v, want ErrClosed", err)
	}
}
