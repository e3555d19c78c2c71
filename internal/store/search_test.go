package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"xinqing/internal/casework"
)

func names(sts []*casework.Student) []string {
	out := make([]string, len(sts))
	for i, s := range sts {
		out[i] = s.Name
	}
	return out
}

func TestSearchStudentsByNamePinyinAndNumber(t *testing.T) {
	s := newStore(t)
	for _, st := range []struct{ name, no string }{
		{"张三", "G110101201205040011"},
		{"张三丰", "G110101201105040022"},
		{"李四", "G320101201205040033"},
		{"曾国", ""},
		{"欧阳娜娜", ""},
		{"Anna·Li", ""},
	} {
		mustCreate(t, s, &casework.Student{Name: st.name, StudentNo: st.no, Gender: casework.GenderFemale,
			Grade: "七年级", Class: "七(1)班"})
	}
	for _, c := range []struct {
		q     string
		first string   // the best hit
		all   []string // every hit, in order; nil: only check first
	}{
		{"张三", "张三", []string{"张三", "张三丰"}},
		{"zhangsan", "张三", []string{"张三", "张三丰"}},
		{"zsan", "张三", []string{"张三", "张三丰"}},
		{"zs", "张三", []string{"张三", "张三丰"}},
		{"张s", "张三", []string{"张三", "张三丰"}},
		{"ZS", "张三", []string{"张三", "张三丰"}},
		{"zhang san", "张三", []string{"张三", "张三丰"}},
		{"zsf", "张三丰", []string{"张三丰"}},
		{"ls", "李四", []string{"李四"}},
		{"ceng", "曾国", []string{"曾国"}},
		{"zengguo", "曾国", []string{"曾国"}},
		{"oynn", "欧阳娜娜", []string{"欧阳娜娜"}},
		{"sanfeng", "张三丰", []string{"张三丰"}},
		{"G110101", "张三", []string{"张三", "张三丰"}},
		{"G1101012012", "张三", []string{"张三"}},
		{"G320101201205040033", "李四", []string{"李四"}},
		{"anna", "Anna·Li", []string{"Anna·Li"}},
		{"xyzq", "", []string{}},
		{"  ", "", []string{}},
	} {
		t.Run("query "+c.q, func(t *testing.T) {
			got, err := s.SearchStudents(c.q, 0)
			if err != nil {
				t.Fatal(err)
			}
			g := names(got)
			if c.first != "" && (len(g) == 0 || g[0] != c.first) {
				t.Errorf("first hit: got %v, want %s first", g, c.first)
			}
			if c.all != nil && !slices.Equal(g, c.all) && !(len(g) == 0 && len(c.all) == 0) {
				t.Errorf("hits: got %v, want %v", g, c.all)
			}
		})
	}
}

func TestRenamingAStudentUpdatesThePinyin(t *testing.T) {
	s := newStore(t)
	st := &casework.Student{Name: "王五", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班"}
	mustCreate(t, s, st)
	st.Name = "赵六"
	if err := s.Update(st); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SearchStudents("ww", 0); len(got) != 0 {
		t.Errorf("old initials: got %v, want none", names(got))
	}
	if got, _ := s.SearchStudents("zl", 0); len(got) != 1 {
		t.Errorf("new initials: got %v, want 赵六", names(got))
	}
}

func TestSearchTextFindsNotesByTrigramAndShortScan(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	other := mustCreate(t, s, &casework.Student{Name: "测试学生庚", Gender: casework.GenderMale, Grade: "八年级", Class: "八(2)班"})
	sess := &casework.Session{CaseID: p.caseID, Date: "2026-03-03", DurationMin: 40,
		Observations: "在宿舍与同学发生争执后情绪低落，食欲下降。", PrivateNote: "记得问周末安排"}
	mustCreate(t, s, sess)
	mustCreate(t, s, &casework.Contact{StudentID: other, Date: "2026-03-07", Counterpart: casework.CounterpartGuardian,
		Summary: "家长反映孩子在家玩手机到深夜"})
	mustCreate(t, s, &casework.Activity{Kind: casework.ActivityKindLesson, Date: "2026-03-04", Title: "100% 认真听讲"})

	for _, c := range []struct {
		name        string
		q           string
		kind        casework.Kind
		studentID   string
		inPrivate   bool
		snippetPart string
	}{
		{"a long phrase goes through the trigram index", "同学发生争执", casework.KindSession, p.student, false, "【同学发生争执】"},
		{"a two-character word is scanned", "争执", casework.KindSession, p.student, false, "【争执】"},
		{"one character is scanned", "深", casework.KindContact, other, false, "【深】"},
		{"a private note is found but never quoted", "周末安排", casework.KindSession, p.student, true, ""},
		{"a short private note match is not quoted either", "周末", casework.KindSession, p.student, true, ""},
		{"LIKE wildcards are literal", "%", casework.KindActivity, "", false, "【%】"},
		{"case-insensitive latin text", "100% 认真", casework.KindActivity, "", false, "认真"},
	} {
		t.Run(c.name, func(t *testing.T) {
			hits, err := s.SearchText(c.q, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != 1 {
				t.Fatalf("hits: got %+v, want exactly one", hits)
			}
			h := hits[0]
			if h.Kind != c.kind || h.StudentID != c.studentID || h.InPrivateNote != c.inPrivate {
				t.Errorf("hit: got %+v, want kind %s student %s private %v", h, c.kind, c.studentID, c.inPrivate)
			}
			if c.inPrivate && h.Snippet != "" {
				t.Errorf("snippet of a private note: got %q, want empty", h.Snippet)
			}
			if !strings.Contains(h.Snippet, c.snippetPart) {
				t.Errorf("snippet: got %q, want it to contain %q", h.Snippet, c.snippetPart)
			}
		})
	}

	t.Run("an edited note is found by its new text only", func(t *testing.T) {
		sess.Observations = "情绪明显好转"
		if err := s.Update(sess); err != nil {
			t.Fatal(err)
		}
		if hits, _ := s.SearchText("同学发生争执", 0); len(hits) != 0 {
			t.Errorf("old text: got %d hits, want 0", len(hits))
		}
		if hits, _ := s.SearchText("明显好转", 0); len(hits) != 1 {
			t.Errorf("new text: got %d hits, want 1", len(hits))
		}
	})

	t.Run("moving a case to another student moves its sessions' hits", func(t *testing.T) {
		c, _ := GetAs[*casework.Case](s, p.caseID)
		c.StudentID = other
		if err := s.Update(c); err != nil {
			t.Fatal(err)
		}
		hits, _ := s.SearchText("明显好转", 0)
		if len(hits) != 1 || hits[0].StudentID != other {
			t.Errorf("hits: got %+v, want the session under the new student", hits)
		}
	})

	t.Run("a deleted record is not found", func(t *testing.T) {
		if err := s.Delete(casework.KindSession, sess.ID); err != nil {
			t.Fatal(err)
		}
		if hits, _ := s.SearchText("明显好转", 0); len(hits) != 0 {
			t.Errorf("got %d hits, want 0", len(hits))
		}
	})
}

func TestDeletedNotesLeaveNoTraceInTheNextSnapshot(t *testing.T) {
	// E4: a deleted canary is absent from the next image.
	const canary = "Qzxjv-Kwpfm-Ytrbn"
	s := newStore(t)
	p := newParents(t, s)
	sess := &casework.Session{CaseID: p.caseID, Date: "2026-03-03", DurationMin: 40,
		Observations: "canary " + canary, PrivateNote: "private " + canary}
	mustCreate(t, s, sess)
	// One trigram term as an index would store it: the index lives in the
	// temp schema, so it must never appear in an image at all.
	frag := []byte(strings.ToLower(canary[6:9]))
	img := snapshot(t, s, 1)
	if !bytes.Contains(img, []byte(canary)) {
		t.Fatal("canary missing before the delete: the test proves nothing")
	}
	if bytes.Contains(img, frag) {
		t.Errorf("a trigram %q of a live note is in the image: the search index was saved", frag)
	}
	if hits, _ := s.SearchText(canary, 0); len(hits) != 1 {
		t.Fatalf("search for the canary: got %d hits, want 1", len(hits))
	}
	if err := s.Delete(casework.KindSession, sess.ID); err != nil {
		t.Fatal(err)
	}
	img = snapshot(t, s, 2)
	if bytes.Contains(img, []byte(canary)) {
		t.Error("deleted canary found in the next snapshot")
	}
	if bytes.Contains(img, frag) {
		t.Errorf("a trigram %q of the deleted canary is still in the search index", frag)
	}
}

func TestALoadedStoreBuildsItsIndexWhenFirstSearched(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	mustCreate(t, s, &casework.Session{CaseID: p.caseID, Date: "2026-03-03", DurationMin: 40, Observations: "旧的记录内容"})
	img := snapshot(t, s, 3)

	t.Run("writes before the first search are found", func(t *testing.T) {
		l, err := Load(context.Background(), img, 3)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		if l.indexReady {
			t.Fatal("index ready right after Load: want it built lazily")
		}
		mustCreate(t, l, &casework.Session{CaseID: p.caseID, Date: "2026-03-04", DurationMin: 40, Observations: "新的记录内容"})
		hits, err := l.SearchText("的记录内容", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 2 {
			t.Errorf("hits: got %d, want the old and the new session", len(hits))
		}
	})

	t.Run("an index built in a rolled-back transaction is not adopted", func(t *testing.T) {
		l, err := Load(context.Background(), img, 3)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		_ = l.Tx(func(tx *Tx) error {
			if hits, err := tx.SearchText("旧的记录", 0); err != nil || len(hits) != 1 {
				t.Errorf("search inside the transaction: got %d hits, %v; want 1", len(hits), err)
			}
			return errors.New("roll back")
		})
		if l.indexReady {
			t.Error("index marked ready after a rollback")
		}
		if hits, _ := l.SearchText("旧的记录", 0); len(hits) != 1 {
			t.Errorf("search after the rollback: got %d hits, want 1", len(hits))
		}
	})

	t.Run("BuildIndex builds it ahead of time", func(t *testing.T) {
		l, err := Load(context.Background(), img, 3)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		if err := l.BuildIndex(context.Background()); err != nil {
			t.Fatal(err)
		}
		if !l.indexReady {
			t.Error("index not ready after BuildIndex")
		}
		if hits, _ := l.SearchText("旧的记录", 0); len(hits) != 1 {
			t.Errorf("search: got %d hits, want 1", len(hits))
		}
	})
}

// The index says only which records hold each trigram: a record holding
// every trigram of the text but not the text itself is no hit, quotes in
// the text are text, and hits that can be quoted come before hits in a
// private note only.
func TestSearchTextNeedsTheWholeText(t *testing.T) {
	s := newStore(t)
	p := newParents(t, s)
	mustCreate(t, s, &casework.Session{CaseID: p.caseID, Date: "2026-03-02", DurationMin: 40,
		Observations: "心理压，理压力，压力大", PrivateNote: "情绪低落"})
	mustCreate(t, s, &casework.Session{CaseID: p.caseID, Date: "2026-03-03", DurationMin: 40,
		Observations: "他说\"不想上学\"，情绪低落"})
	hits, err := s.SearchText("情绪低落", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].InPrivateNote || !hits[1].InPrivateNote || !strings.Contains(hits[0].Snippet, "【情绪低落】") {
		t.Fatalf("got %+v, want the quotable hit, then the private one", hits)
	}
	// 心理压, 理压力 and 压力大 are all there, 心理压力大 is not.
	if hits, err := s.SearchText("心理压力大", 0); err != nil || len(hits) != 0 {
		t.Fatalf("got %+v (%v), want none: the text is not there whole", hits, err)
	}
	if hits, err := s.SearchText(`"不想上学"`, 0); err != nil || len(hits) != 1 {
		t.Fatalf("got %+v (%v), want the note with the quoted words", hits, err)
	}
	// Case is folded beyond ASCII, as the index folds it.
	mustCreate(t, s, &casework.Session{CaseID: p.caseID, Date: "2026-03-04", DurationMin: 40,
		Observations: "ÉLODIE 的来信"})
	if hits, err := s.SearchText("élodie", 0); err != nil || len(hits) != 1 || !strings.Contains(hits[0].Snippet, "【ÉLODIE】") {
		t.Fatalf("got %+v (%v), want the note whatever its case", hits, err)
	}
	// limit counts quotable hits first.
	if hits, err := s.SearchText("情绪低落", 1); err != nil || len(hits) != 1 || hits[0].InPrivateNote {
		t.Fatalf("got %+v (%v), want the quotable hit alone", hits, err)
	}
}

// reloaded is s saved and loaded again: a store whose search index is not
// built yet.
func reloaded(t *testing.T, s *Store) *Store {
	t.Helper()
	img, err := s.Snapshot(context.Background(), 9)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Load(context.Background(), img, 9)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// BuildIndex takes small steps with the store free in between: it ends
// with the index a full rebuild makes; a write between two steps leaves
// the index to the first text search, which finds the written text; a
// text search between two steps builds the index whole and the steps
// stop without a second copy of any row.
func TestBuildIndexInStepsLetsOthersIn(t *testing.T) {
	defer func(n int) { indexBatch, afterIndexBatch = n, nil }(indexBatch)
	indexBatch = 3
	s := newStore(t)
	p := newParents(t, s)
	for i := range 10 {
		mustCreate(t, s, &casework.Session{CaseID: p.caseID, Date: "2026-03-02", DurationMin: 40,
			Observations: fmt.Sprintf("第%d次：与同学发生争执后情绪低落", i)})
	}
	ctx := context.Background()
	want, err := s.SearchText("同学发生争执", 0)
	if err != nil || len(want) != 10 {
		t.Fatalf("got %d hits (%v) before, want 10", len(want), err)
	}

	l := reloaded(t, s)
	steps := 0
	afterIndexBatch = func() { steps++ }
	if err := l.BuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if steps < 3 || !l.indexReady {
		t.Fatalf("%d steps, ready %v: want several steps and a finished index", steps, l.indexReady)
	}
	got, err := l.SearchText("同学发生争执", 0)
	if err != nil || !slices.EqualFunc(got, want, func(a, b Hit) bool { return a.ID == b.ID && a.StudentID == b.StudentID }) {
		t.Fatalf("got %+v (%v) after the stepped build, want %+v", got, err, want)
	}

	l = reloaded(t, s)
	afterIndexBatch = func() {
		afterIndexBatch = nil
		mustCreate(t, l, &casework.Session{CaseID: p.caseID, Date: "2026-03-09", DurationMin: 40, Observations: "中途写入的一条记录"})
	}
	if err := l.BuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if l.indexReady {
		t.Fatal("a write came between two steps, yet the index was marked finished")
	}
	if hits, err := l.SearchText("中途写入的一条", 0); err != nil || len(hits) != 1 {
		t.Fatalf("got %d hits (%v) for the text written during the build, want 1", len(hits), err)
	}
	if hits, _ := l.SearchText("同学发生争执", 0); len(hits) != 10 {
		t.Fatalf("got %d hits after the build was left to the search, want 10", len(hits))
	}

	l = reloaded(t, s)
	afterIndexBatch = func() {
		afterIndexBatch = nil
		if hits, err := l.SearchText("同学发生争执", 0); err != nil || len(hits) != 10 {
			t.Errorf("a search during the build: %d hits (%v), want 10", len(hits), err)
		}
	}
	if err := l.BuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := l.conn.QueryRowContext(ctx, "SELECT count(*) FROM temp.search_fts WHERE body LIKE '%同学发生争执%'").Scan(&rows); err != nil || rows != 10 {
		t.Fatalf("%d index rows (%v), want 10: the steps went on after the search built it", rows, err)
	}
}
