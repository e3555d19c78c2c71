package backup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/workspace"
)

const testPass = "qingtian-xiaoyu-chunfeng-shanhe 测试"

// weakKDF keeps tests fast; AllowWeakKDF permits it.
var weakKDF = keyslot.Params{MemoryKiB: 8, Time: 1, Threads: 1}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time      { return c.t }
func (c *clock) Add(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 11, 28, 15, 30, 0, 0, time.UTC)} }

func wsOptions(fsys vault.FS, c *clock, seed uint64) workspace.Options {
	return workspace.Options{
		Vault: vault.Options{FS: fsys, KDF: weakKDF, AllowWeakKDF: true,
			Rand: rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), 7})},
		Now: c.Now,
		// Autosaves are driven by the tests, never by a timer.
		AfterFunc: func(time.Duration, func()) workspace.Timer { return noTimer{} },
	}
}

type noTimer struct{}

func (noTimer) Stop() bool { return true }

// newWorkspace creates a vault in a temporary folder (or on fsys).
func newWorkspace(t testing.TB, fsys vault.FS, dir string, c *clock, seed uint64) (*workspace.Workspace, string) {
	t.Helper()
	if dir == "" {
		dir = filepath.Join(t.TempDir(), "vault")
	}
	w, identity, err := workspace.Create(bg, dir, testPass, wsOptions(fsys, c, seed))
	if err != nil {
		t.Fatalf("create workspace: %v", err)
	}
	t.Cleanup(func() { w.Lock(bg) })
	return w, identity
}

var (
	surnames = []string{"晴", "川", "林", "江", "云", "山", "石", "叶"}
	givens   = []string{"测试甲", "测试乙", "样例丙", "示例丁", "演示戊", "虚构己"}
	grades   = []string{"七年级", "八年级", "九年级"}
)

// fill adds n random synthetic students, some cases and audit entries.
func fill(t testing.TB, st *store.Store, rng *rand.Rand, n int) {
	t.Helper()
	var ids []string
	for i := 0; i < n; i++ {
		g := rng.IntN(len(grades))
		s := &casework.Student{
			Name:      surnames[rng.IntN(len(surnames))] + givens[rng.IntN(len(givens))],
			Gender:    []casework.Gender{casework.GenderMale, casework.GenderFemale}[rng.IntN(2)],
			Grade:     grades[g],
			Class:     fmt.Sprintf("%s(%d)班", []string{"七", "八", "九"}[g], 1+rng.IntN(8)),
			StudentNo: fmt.Sprintf("G%017d", rng.Uint64()%1e17),
			Boarding:  rng.IntN(2) == 0,
			Notes:     fmt.Sprintf("随机备注 %x", rng.Uint64()),
		}
		if err := st.Create(s); err != nil {
			t.Fatalf("create student: %v", err)
		}
		ids = append(ids, s.ID)
	}
	for i := 0; i < n/3; i++ {
		c := &casework.Case{StudentID: ids[rng.IntN(len(ids))], ClientKind: casework.ClientKindStudent,
			CaseNo: fmt.Sprintf("2026-%03d", i+1), OpenedOn: "2026-03-02", Source: casework.CaseSourceSelf,
			ProblemTypes:      []casework.ProblemType{casework.ProblemTypeStudy},
			PresentingProblem: fmt.Sprintf("随机主诉 %d", rng.IntN(1000)), Status: casework.CaseStatusOpen}
		if err := st.Create(c); err != nil {
			t.Fatalf("create case: %v", err)
		}
	}
	for i := 0; i < rng.IntN(5); i++ {
		if err := st.Audit(casework.AuditActionExport, "", fmt.Sprintf("export-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
}

func contentHash(t testing.TB, st *store.Store) [32]byte {
	t.Helper()
	h, err := st.ContentHash(bg)
	if err != nil {
		t.Fatalf("content hash: %v", err)
	}
	return h
}

// plenty is a Space function for file systems without statfs.
func plenty(string) (backup.Space, error) { return backup.Space{Free: 1 << 40}, nil }

func save(t testing.TB, w *workspace.Workspace) {
	t.Helper()
	w.Changed()
	if err := w.Save(context.Background()); err != nil {
		t.Fatalf("save: %v", err)
	}
}

// openWithPassphrase inspects the backup file and opens it with testPass.
func openWithPassphrase(t testing.TB, file string) (*backup.Candidate, *backup.Restored) {
	t.Helper()
	cand, err := backup.Inspect(bg, file, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := cand.Open(bg, backup.Passphrase(testPass), backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cand, r
}

// bg is the context of calls that are not about cancellation.
var bg = context.Background()
