package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"xinqing/internal/casework"
)

// The tests here pin the fast paths of bulk writes, hashing and name search
// to the plain implementations they replace.

// valuesByMap is the plain form of table.values: the record's JSON decoded
// into a map, each member decoded again by its column's shape.
func valuesByMap(t *table, rec casework.Record) ([]any, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	vals := make([]any, len(t.cols))
	for i, c := range t.cols {
		raw, ok := m[c.name]
		if c.derived || !ok || string(raw) == "null" {
			continue
		}
		var v any
		switch c.shape {
		case shapeText:
			var s string
			err = json.Unmarshal(raw, &s)
			if s != "" {
				v = s
			}
		case shapeBool:
			var x bool
			err = json.Unmarshal(raw, &x)
			v = int64(0)
			if x {
				v = int64(1)
			}
		case shapeInt:
			var x int64
			err = json.Unmarshal(raw, &x)
			v = x
		case shapeReal:
			var x float64
			err = json.Unmarshal(raw, &x)
			v = x
		default:
			var buf bytes.Buffer
			err = json.Compact(&buf, raw)
			if s := buf.String(); s != "[]" && s != "{}" {
				v = s
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		vals[i] = v
	}
	return vals, nil
}

func TestColumnValuesMatchTheDecodedJSONForm(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	awkward := []string{"", "plain", "引号\"与反斜杠\\", "换行\n制表\t回车\r", "<b>&amp;</b>", "表情😀", "\u2028\u2029",
		strings.Repeat("很长的备注。", 20000)}
	for _, c := range kindCases() {
		for i, text := range awkward {
			rec := c.make(p)
			if st, ok := rec.(*casework.Student); ok {
				st.Notes, st.GuardianName = text, text
			}
			if x, ok := rec.(*casework.Case); ok {
				x.PresentingProblem = text
			}
			tab := s.tabs[c.kind]
			got, err := tab.values(rec)
			if err != nil {
				t.Fatalf("%s #%d: values: %v", c.kind, i, err)
			}
			want, err := valuesByMap(tab, rec)
			if err != nil {
				t.Fatalf("%s #%d: plain values: %v", c.kind, i, err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s #%d: got %v, want %v", c.kind, i, got, want)
			}
		}
	}
}

func FuzzEachMember(f *testing.F) {
	for _, seed := range []string{`{}`, `{"a":1}`, `{"a":"x,y}","b":[1,{"c":"]"}],"d":null,"e":true}`,
		`{"k\"ey":"v\\"}`, `{"n":-1.5e3,"o":{}}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) || !json.Valid([]byte(in)) {
			return
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(in)); err != nil || buf.Len() == 0 || buf.Bytes()[0] != '{' {
			return
		}
		var want map[string]json.RawMessage
		if err := json.Unmarshal(buf.Bytes(), &want); err != nil {
			t.Fatalf("unmarshal %q: %v", buf.Bytes(), err)
		}
		got := map[string]json.RawMessage{}
		err := eachMember(buf.Bytes(), func(key string, raw []byte) error {
			got[key] = slices.Clone(raw)
			return nil
		})
		if err != nil {
			t.Fatalf("eachMember(%q): %v", buf.Bytes(), err)
		}
		if len(got) != len(want) {
			t.Fatalf("eachMember(%q): got %d members, want %d", buf.Bytes(), len(got), len(want))
		}
		for k, v := range want {
			if !bytes.Equal(got[k], v) {
				t.Errorf("eachMember(%q)[%q]: got %s, want %s", buf.Bytes(), k, got[k], v)
			}
		}
	})
}

// contentHashByField is ContentHash written field by field into the hash,
// as the format defines it.
func contentHashByField(t *testing.T, s *Store) [32]byte {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx := context.Background()
	h := sha256.New()
	writeField(h, 'V', []byte(fmt.Sprintf("xinqing content v1 schema %d", SchemaVersion)))
	tables, err := userTables(ctx, s.conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		cols, pk, err := tableColumns(ctx, s.conn, table)
		if err != nil {
			t.Fatal(err)
		}
		writeField(h, 'T', []byte(table))
		for _, c := range cols {
			writeField(h, 'C', []byte(c))
		}
		rows, err := s.conn.QueryContext(ctx, "SELECT "+joinIdents(cols)+" FROM "+quoteIdent(table)+" ORDER BY "+joinIdents(pk))
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var n uint64
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			writeField(h, 'R', nil)
			for _, v := range vals {
				writeValueByField(t, h, v)
			}
			n++
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		var cnt [8]byte
		binary.BigEndian.PutUint64(cnt[:], n)
		writeField(h, 'E', cnt[:])
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func writeValueByField(t *testing.T, h hash.Hash, v any) {
	var b [8]byte
	switch x := v.(type) {
	case nil:
		writeField(h, 'n', nil)
	case int64:
		binary.BigEndian.PutUint64(b[:], uint64(x))
		writeField(h, 'i', b[:])
	case float64:
		binary.BigEndian.PutUint64(b[:], math.Float64bits(x))
		writeField(h, 'f', b[:])
	case string:
		writeField(h, 't', []byte(x))
	case []byte:
		writeField(h, 'b', x)
	default:
		t.Fatalf("unexpected value type %T", v)
	}
}

func TestContentHashIsTheFieldByFieldHash(t *testing.T) {
	s := filledStore(t)
	// A note longer than the hashing buffer, and one that ends exactly at it.
	mustCreate(t, s, &casework.Student{Name: "测试学生丁", Gender: casework.GenderMale, Grade: "八年级", Class: "八(1)班",
		Notes: noteOfBytes(4 * casework.MaxBlockLen)})
	mustCreate(t, s, &casework.Student{Name: "测试学生戊", Gender: casework.GenderMale, Grade: "八年级", Class: "八(1)班",
		Notes: noteOfBytes(fieldBuf - 9)})
	if got, want := contentHash(t, s), contentHashByField(t, s); got != want {
		t.Errorf("content hash: got %x, want %x", got, want)
	}
	// Every storage class, with values at and across the buffer's size, in
	// a table of its own (the hash covers every user table).
	ctx := context.Background()
	if _, err := s.conn.ExecContext(ctx, "CREATE TABLE zz_values (k TEXT PRIMARY KEY, v)"); err != nil {
		t.Fatal(err)
	}
	vals := []any{nil, int64(-1 << 63), int64(0), 3.25, math.Inf(-1), "", "a\x00b", strings.Repeat("字", fieldBuf),
		strings.Repeat("q", fieldBuf-9), []byte{}, []byte{0, 1, 2}, bytes.Repeat([]byte{0xfe}, 3*fieldBuf+5)}
	for i, v := range vals {
		if _, err := s.conn.ExecContext(ctx, "INSERT INTO zz_values VALUES (?, ?)", fmt.Sprintf("k%02d", len(vals)-i), v); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := contentHash(t, s), contentHashByField(t, s); got != want {
		t.Errorf("content hash with every storage class: got %x, want %x", got, want)
	}
}

func TestFieldWriterEncodesLikeWriteField(t *testing.T) {
	want := sha256.New()
	got := sha256.New()
	w := &fieldWriter{h: got, buf: make([]byte, 0, 64)}
	for _, v := range []any{[]byte("blob"), nil, int64(-7), 2.5, strings.Repeat("y", 200), []byte{}, "", []byte(strings.Repeat("z", 63))} {
		writeValueByField(t, want, v)
		switch x := v.(type) {
		case nil:
			w.field('n', "")
		case int64:
			w.uint64Field('i', uint64(x))
		case float64:
			w.uint64Field('f', math.Float64bits(x))
		case string:
			w.field('t', x)
		case []byte:
			w.field('b', string(x))
		}
	}
	w.flush()
	if got, want := got.Sum(nil), want.Sum(nil); !bytes.Equal(got, want) {
		t.Errorf("got %x, want %x", got, want)
	}
}

// bulkStudents writes n students in one transaction; the last one's notes
// hold marker.
func bulkStudents(n int, marker string) func(tx *Tx) error {
	return func(tx *Tx) error {
		for i := range n {
			st := &casework.Student{Meta: casework.Meta{ID: casework.NewID()}, Name: fmt.Sprintf("测试学生%d", i),
				Gender: casework.GenderFemale, Grade: "七年级", Class: "七(1)班", Notes: "普通备注"}
			if i == n-1 {
				st.Notes = marker
			}
			if err := tx.Put(st); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestABulkTransactionLeavesTheTextIndexToOneRebuild(t *testing.T) {
	for _, c := range []struct {
		name      string
		n         int
		wantReady bool
	}{
		{"a few writes keep the index up to date", 3, true},
		{"a bulk import leaves it to be rebuilt", bulkWrites + 20, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			if err := s.Tx(bulkStudents(c.n, "独一无二的标记")); err != nil {
				t.Fatal(err)
			}
			if s.indexReady != c.wantReady {
				t.Errorf("index ready after the commit: got %v, want %v", s.indexReady, c.wantReady)
			}
			hits, err := s.SearchText("独一无二", 10)
			if err != nil || len(hits) != 1 {
				t.Fatalf("search after the commit: got %d hits (%v), want 1", len(hits), err)
			}
			if !s.indexReady {
				t.Error("index ready after the search: got false, want true")
			}
		})
	}
}

func TestABulkTransactionSearchesItsOwnWrites(t *testing.T) {
	s := newStore(t)
	err := s.Tx(func(tx *Tx) error {
		if err := bulkStudents(bulkWrites+5, "事务内的标记")(tx); err != nil {
			return err
		}
		hits, err := tx.SearchText("事务内的标记", 10)
		if err != nil || len(hits) != 1 {
			return fmt.Errorf("search inside: got %d hits (%v), want 1", len(hits), err)
		}
		// Written after the rebuild: indexed one by one again.
		if err := tx.Create(&casework.Student{Name: "测试学生庚", Gender: casework.GenderMale, Grade: "七年级",
			Class: "七(1)班", Notes: "之后写入的标记"}); err != nil {
			return err
		}
		if hits, err := tx.SearchText("之后写入", 10); err != nil || len(hits) != 1 {
			return fmt.Errorf("search for the later write: got %d hits (%v), want 1", len(hits), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !s.indexReady {
		t.Error("index ready after the commit: got false, want true")
	}
	if hits, err := s.SearchText("之后写入", 10); err != nil || len(hits) != 1 {
		t.Errorf("search after the commit: got %d hits (%v), want 1", len(hits), err)
	}
}

func TestARolledBackBulkTransactionLeavesTheIndexAsItWas(t *testing.T) {
	s := newStore(t)
	mustCreate(t, s, &casework.Student{Name: "测试学生辛", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班",
		Notes: "保留的备注"})
	refused := errors.New("refused")
	err := s.Tx(func(tx *Tx) error {
		if err := bulkStudents(bulkWrites+5, "回滚的标记")(tx); err != nil {
			return err
		}
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("Tx: got %v, want the refusal", err)
	}
	if !s.indexReady {
		t.Error("index ready after the rollback: got false, want true")
	}
	if hits, _ := s.SearchText("回滚的标记", 10); len(hits) != 0 {
		t.Errorf("search for rolled-back notes: got %d hits, want 0", len(hits))
	}
	if hits, _ := s.SearchText("保留的备注", 10); len(hits) != 1 {
		t.Errorf("search for kept notes: got %d hits, want 1", len(hits))
	}
	if n, _ := s.Count(casework.KindStudent); n != 1 {
		t.Errorf("students after the rollback: got %d, want 1", n)
	}
}

func TestABulkTransactionChainsOneAuditEntryPerRecord(t *testing.T) {
	s := newStore(t)
	if err := s.Audit(casework.AuditActionUnlock, "", ""); err != nil {
		t.Fatal(err)
	}
	const n = 50
	err := s.Tx(func(tx *Tx) error {
		if err := bulkStudents(n, "审计")(tx); err != nil {
			return err
		}
		// The head is in memory; a check inside the transaction sees it.
		if bad, err := tx.VerifyAudit(); err != nil || bad != 0 {
			return fmt.Errorf("VerifyAudit inside: got %d, %v; want 0, nil", bad, err)
		}
		return tx.Create(&casework.Student{Name: "测试学生壬", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(casework.AuditActionLock, "", ""); err != nil {
		t.Fatal(err)
	}
	es, err := s.AuditLog(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != n+3 {
		t.Fatalf("audit entries: got %d, want %d", len(es), n+3)
	}
	for i, e := range es {
		if e.Seq != int64(i+1) {
			t.Errorf("entry %d: got seq %d, want %d", i, e.Seq, i+1)
		}
		if i > 0 && e.PrevHash != es[i-1].Hash {
			t.Errorf("entry %d: prev_hash does not link to entry %d", i, i-1)
		}
		if want := casework.AuditActionCreate; i >= 1 && i <= n+1 && (e.Action != want || e.ObjectType != casework.KindStudent) {
			t.Errorf("entry %d: got %s %s, want %s student", i, e.Action, e.ObjectType, want)
		}
	}
	if bad, err := s.VerifyAudit(); err != nil || bad != 0 {
		t.Errorf("VerifyAudit: got %d, %v; want 0, nil", bad, err)
	}
	var headSeq int64
	s.mu.Lock()
	err = s.conn.QueryRowContext(context.Background(), "SELECT seq FROM audit_head WHERE id = 1").Scan(&headSeq)
	s.mu.Unlock()
	if err != nil || headSeq != n+3 {
		t.Errorf("audit_head: got seq %d (%v), want %d", headSeq, err, n+3)
	}
}

func TestPutReportsCreateThenUpdate(t *testing.T) {
	s := newStore(t)
	st := &casework.Student{Meta: casework.Meta{ID: casework.NewID()}, Name: "测试学生癸", Gender: casework.GenderMale,
		Grade: "七年级", Class: "七(1)班"}
	for range 2 {
		if err := s.Tx(func(tx *Tx) error { return tx.Put(st) }); err != nil {
			t.Fatal(err)
		}
	}
	// Twice in one transaction: the second is an update of the first.
	err := s.Tx(func(tx *Tx) error {
		other := &casework.Student{Meta: casework.Meta{ID: casework.NewID()}, Name: "测试学生子", Gender: casework.GenderFemale,
			Grade: "七年级", Class: "七(1)班"}
		if err := tx.Put(other); err != nil {
			return err
		}
		other.Class = "七(2)班"
		return tx.Put(other)
	})
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.AuditLog(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []casework.AuditAction
	for _, e := range es {
		got = append(got, e.Action)
	}
	want := []casework.AuditAction{casework.AuditActionCreate, casework.AuditActionUpdate,
		casework.AuditActionCreate, casework.AuditActionUpdate}
	if !slices.Equal(got, want) {
		t.Errorf("audit actions: got %v, want %v", got, want)
	}
	if n, _ := s.Count(casework.KindStudent); n != 2 {
		t.Errorf("students: got %d, want 2", n)
	}
}

func TestPutOfARecordWithAMissingReferenceIsRefused(t *testing.T) {
	s := newStore(t)
	err := s.Tx(func(tx *Tx) error {
		return tx.Put(&casework.Case{Meta: casework.Meta{ID: casework.NewID()}, StudentID: missing,
			ClientKind: casework.ClientKindStudent, CaseNo: "2026-001", OpenedOn: "2026-03-02",
			Source: casework.CaseSourceSelf, ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy}})
	})
	if err == nil {
		t.Fatal("Put with a missing student: got no error, want one")
	}
	if n, _ := s.Count(casework.KindCase); n != 0 {
		t.Errorf("cases: got %d, want 0", n)
	}
}

func TestSettingsSavedInATransactionRuleItsLaterWrites(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	yellow := func() *casework.KeyStudent {
		return &casework.KeyStudent{StudentID: p.student, IncludedOn: "2026-03-01",
			Levels: []casework.LevelEntry{{Date: "2026-03-01", Level: casework.LevelYellow}}}
	}
	err := s.Tx(func(tx *Tx) error {
		if err := tx.Create(yellow()); err != nil {
			return fmt.Errorf("yellow under the default levels: %w", err)
		}
		st, err := tx.Settings()
		if err != nil {
			return err
		}
		st.RiskLevels = st.RiskLevels[:2] // red and orange only
		if err := tx.PutSettings(st); err != nil {
			return err
		}
		if err := tx.Create(yellow()); casework.ErrorCode(err) != casework.EINVALID {
			return fmt.Errorf("yellow after the levels changed: got %v, want EINVALID", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTheNameIndexFollowsEveryStudentWrite(t *testing.T) {
	s := newStore(t)
	find := func(q string) []string {
		t.Helper()
		sts, err := s.SearchStudents(q, 10)
		if err != nil {
			t.Fatalf("SearchStudents(%q): %v", q, err)
		}
		return names(sts)
	}
	st := &casework.Student{Name: "曾小明", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班"}
	mustCreate(t, s, st)
	if got := find("zxm"); !slices.Equal(got, []string{"曾小明"}) {
		t.Errorf("after create: got %v, want [曾小明]", got)
	}
	st.Name = "单小红"
	if err := s.Update(st); err != nil {
		t.Fatal(err)
	}
	if got := find("zxm"); len(got) != 0 {
		t.Errorf("old name after rename: got %v, want none", got)
	}
	if got := find("shanxh"); !slices.Equal(got, []string{"单小红"}) {
		t.Errorf("new name after rename: got %v, want [单小红]", got)
	}
	refused := errors.New("refused")
	err := s.Tx(func(tx *Tx) error {
		if err := tx.Create(&casework.Student{Name: "钱多多", Gender: casework.GenderFemale, Grade: "七年级",
			Class: "七(1)班"}); err != nil {
			return err
		}
		if sts, err := tx.SearchStudents("qdd", 10); err != nil || !slices.Equal(names(sts), []string{"钱多多"}) {
			return fmt.Errorf("search inside the transaction: got %v (%v), want [钱多多]", names(sts), err)
		}
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("Tx: got %v, want the refusal", err)
	}
	if got := find("qdd"); len(got) != 0 {
		t.Errorf("rolled-back student: got %v, want none", got)
	}
	if err := s.Delete(casework.KindStudent, st.ID); err != nil {
		t.Fatal(err)
	}
	if got := find("单"); len(got) != 0 {
		t.Errorf("after delete: got %v, want none", got)
	}
}

func TestCaseNumbersKeptInATransactionMatchTheStoredOnes(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s) // holds case 2026-001
	newCase := func(no string) *casework.Case {
		return &casework.Case{StudentID: p.student, ClientKind: casework.ClientKindStudent, CaseNo: no,
			OpenedOn: "2026-03-02", Source: casework.CaseSourceSelf,
			ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy}}
	}
	err := s.Tx(func(tx *Tx) error {
		check := func(step string) error {
			got, err := tx.nextCaseNo(2026)
			if err != nil {
				return err
			}
			want, err := tx.readNextCaseNo(2026)
			if err != nil {
				return err
			}
			if got != want {
				return fmt.Errorf("%s: got next case number %s, want %s", step, got, want)
			}
			return nil
		}
		a := newCase("")
		if err := tx.Create(a); err != nil {
			return err
		}
		if a.CaseNo != "2026-002" {
			return fmt.Errorf("first new case: got %s, want 2026-002", a.CaseNo)
		}
		if err := check("after a create"); err != nil {
			return err
		}
		imported := newCase("2026-009")
		imported.ID = casework.NewID()
		if err := tx.Put(imported); err != nil {
			return err
		}
		if err := check("after an imported number"); err != nil {
			return err
		}
		imported.CaseNo = "2026-003"
		if err := tx.Update(imported); err != nil {
			return err
		}
		if err := check("after a renumbering"); err != nil {
			return err
		}
		b := newCase("")
		if err := tx.Create(b); err != nil {
			return err
		}
		if err := tx.Delete(casework.KindCase, b.ID); err != nil {
			return err
		}
		return check("after a delete")
	})
	if err != nil {
		t.Fatal(err)
	}
}

// decodeByJSON is the plain form of table.decode: the columns spelled as
// one JSON object and decoded by encoding/json.
func decodeByJSON(t *table, vals []any) (casework.Record, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for i, c := range t.cols {
		if c.derived || vals[i] == nil {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(strconv.Quote(c.name))
		b.WriteByte(':')
		if err := fromColumn(&b, c.shape, vals[i]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	rec := casework.NewRecord(t.kind)
	if err := json.Unmarshal(b.Bytes(), rec); err != nil {
		return nil, err
	}
	return rec, nil
}

func TestDecodedRecordsMatchTheJSONDecoding(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	for _, c := range kindCases() {
		mustCreate(t, s, c.make(p))
	}
	mustCreate(t, s, &casework.Student{Name: "测试学生丑", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班",
		Notes: "引号\"与反斜杠\\\n<b>&</b>😀", GraduationYear: 2031})
	// Text that is not UTF-8 (a damaged or foreign image) decodes as
	// encoding/json decodes it.
	exec(t, s, "UPDATE students SET guardian_name = CAST(x'ff41c3' AS TEXT) WHERE name = '测试学生丑'")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, kind := range StoredKinds() {
		tab := s.tabs[kind]
		rows, err := s.conn.QueryContext(context.Background(), tab.selectQ)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			vals := make([]any, len(tab.cols))
			ptrs := make([]any, len(tab.cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			got, err := tab.decode(vals)
			if err != nil {
				t.Fatalf("%s: decode: %v", kind, err)
			}
			want, err := decodeByJSON(tab, vals)
			if err != nil {
				t.Fatalf("%s: plain decode: %v", kind, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: got %+v, want %+v", kind, got, want)
			}
			n++
		}
		rows.Close()
		if n == 0 {
			t.Errorf("%s: no row decoded", kind)
		}
	}
}

func TestDecodingRefusesValuesOfTheWrongType(t *testing.T) {
	s := newStore(t)
	tab := s.tabs[casework.KindStudent]
	for _, c := range []struct {
		col string
		v   any
	}{
		{"name", int64(3)},
		{"boarding", "yes"},
		{"graduation_year", 2.5},
		{"special_groups", "not json"},
	} {
		vals := make([]any, len(tab.cols))
		vals[tab.byName[c.col]] = c.v
		if _, err := tab.decode(vals); err == nil {
			t.Errorf("%s = %v: got no error, want one", c.col, c.v)
		}
	}
}

func TestARecordTakingADeletedRecordsRowidIsIndexedAfresh(t *testing.T) {
	s := newStore(t)
	a := &casework.Student{Name: "测试学生寅", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班", Notes: "旧的备注内容"}
	mustCreate(t, s, a)
	if err := s.Delete(casework.KindStudent, a.ID); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, &casework.Student{Name: "测试学生卯", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班",
		Notes: "新的备注内容"})
	if hits, err := s.SearchText("旧的备注", 10); err != nil || len(hits) != 0 {
		t.Errorf("deleted notes: got %d hits (%v), want 0", len(hits), err)
	}
	if hits, err := s.SearchText("新的备注", 10); err != nil || len(hits) != 1 {
		t.Errorf("new notes: got %d hits (%v), want 1", len(hits), err)
	}
}
