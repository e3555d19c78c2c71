package store

import (
	"context"
	"math/rand/v2"
	"testing"

	"xinqing/internal/casework"
)

func TestWritesAreAuditedByIDInTheSameTransaction(t *testing.T) {
	s := newStore(t)
	st := &casework.Student{Name: "测试学生甲", Gender: casework.GenderFemale, Grade: "七年级", Class: "七(3)班"}
	id := mustCreate(t, s, st)
	st.Class = "七(4)班"
	if err := s.Update(st); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(casework.KindStudent, id); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(casework.AuditActionExport, "", ""); err != nil {
		t.Fatal(err)
	}
	es, err := s.AuditLog(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []casework.AuditAction{casework.AuditActionCreate, casework.AuditActionUpdate,
		casework.AuditActionDelete, casework.AuditActionExport}
	if len(es) != len(want) {
		t.Fatalf("audit entries: got %d, want %d", len(es), len(want))
	}
	for i, e := range es {
		if e.Seq != int64(i+1) || e.Action != want[i] {
			t.Errorf("entry %d: got seq %d action %s, want seq %d action %s", i, e.Seq, e.Action, i+1, want[i])
		}
		if i < 3 && (e.ObjectType != casework.KindStudent || e.ObjectID != id) {
			t.Errorf("entry %d: got object %s %s, want student %s", i, e.ObjectType, e.ObjectID, id)
		}
		if err := e.Validate(); err != nil {
			t.Errorf("entry %d: %v", i, err)
		}
	}
	if bad, err := s.VerifyAudit(); err != nil || bad != 0 {
		t.Errorf("VerifyAudit: got %d, %v; want 0, nil", bad, err)
	}
	if es, _ := s.AuditLog(2, 1); len(es) != 1 || es[0].Seq != 3 {
		t.Errorf("AuditLog(2, 1): got %+v, want entry 3 only", es)
	}
}

func TestARefusedWriteLeavesNoAuditEntry(t *testing.T) {
	s := newStore(t)
	if err := s.Create(&casework.Student{Name: ""}); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("Create: got %v, want EINVALID", err)
	}
	if es, _ := s.AuditLog(0, 0); len(es) != 0 {
		t.Errorf("audit entries: got %d, want 0", len(es))
	}
}

func TestAnUnknownAuditActionIsRefused(t *testing.T) {
	s := newStore(t)
	if err := s.Audit("peek", "", ""); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("Audit: got %v, want EINVALID", err)
	}
}

// TestAuditChainDetectsEverySingleEntryTampering is E5: 1,000 single-entry
// modifications, deletions and reorderings, each reported at the entry
// that was touched.
func TestAuditChainDetectsEverySingleEntryTampering(t *testing.T) {
	const n = 200
	s := newStore(t)
	kinds := casework.AllKinds()
	actions := casework.AllAuditActions()
	err := s.Tx(func(tx *Tx) error {
		for i := range n {
			if err := tx.Audit(actions[i%len(actions)], kinds[i%len(kinds)], casework.NewID()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if bad, err := s.VerifyAudit(); err != nil || bad != 0 {
		t.Fatalf("untouched chain: got %d, %v; want 0", bad, err)
	}
	fields := []string{"at", "action", "object_type", "object_id", "prev_hash", "hash"}
	rng := rand.New(rand.NewPCG(5, 25))
	ctx := context.Background()
	s.mu.Lock()
	defer s.mu.Unlock()
	counts := map[string]int{}
	for trial := range 1000 {
		k := 1 + rng.IntN(n)
		var how string
		var stmts []string
		var args [][]any
		switch trial % 3 {
		case 0:
			f := fields[rng.IntN(len(fields))]
			how = "modify " + f
			stmts = []string{"UPDATE audit SET " + f + " = " + f + " || 'x' WHERE seq = ?"}
			args = [][]any{{k}}
		case 1:
			how = "delete"
			stmts = []string{"DELETE FROM audit WHERE seq = ?"}
			args = [][]any{{k}}
		case 2:
			if k == n {
				k = n - 1
			}
			how = "swap with the next"
			// Swap every field but seq between k and k+1.
			stmts = []string{
				"UPDATE audit SET seq = 1000000 WHERE seq = ?",
				"UPDATE audit SET seq = ? WHERE seq = ?",
				"UPDATE audit SET seq = ? WHERE seq = 1000000",
			}
			args = [][]any{{k}, {k, k + 1}, {k + 1}}
		}
		counts[how]++
		tx, err := s.conn.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, q := range stmts {
			if _, err := tx.ExecContext(ctx, q, args[i]...); err != nil {
				tx.Rollback()
				t.Fatalf("trial %d (%s): %v", trial, how, err)
			}
		}
		r := &Reader{ctx: ctx, q: tx, s: s, tabs: s.tabs}
		bad, err := r.VerifyAudit()
		tx.Rollback()
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if bad != k {
			t.Errorf("trial %d (%s entry %d): got first bad entry %d, want %d", trial, how, k, bad, k)
		}
	}
	if counts["delete"] == 0 || counts["swap with the next"] == 0 {
		t.Errorf("trials: got %v, want every kind of tampering", counts)
	}
}
