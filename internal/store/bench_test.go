package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
)

// bigSchool fills a store with students synthetic students, each with a
// case and two sessions whose notes are drawn from a phrase list.
func bigSchool(b *testing.B, students int) *Store {
	b.Helper()
	s, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given := []rune("子涵欣怡梓轩浩然雨桐宇航思彤俊杰诗琪嘉豪一诺梓萱语桐佳怡明轩博文晨曦天佑可馨若曦沐阳")
	phrases := []string{"情绪低落", "与同学发生争执", "考试焦虑", "睡眠不好", "家长期望过高", "沉迷手机游戏",
		"注意力不集中", "人际关系紧张", "父母离异", "学习动力不足", "自我评价偏低", "青春期困惑",
		"有明显进步", "愿意表达感受", "使用放松训练", "布置情绪日记", "建议家长多陪伴"}
	rng := rand.New(rand.NewPCG(1, 2))
	note := func(n int) string {
		var parts []string
		for range n {
			parts = append(parts, phrases[rng.IntN(len(phrases))])
		}
		return strings.Join(parts, "，") + "。"
	}
	err = s.Tx(func(tx *Tx) error {
		for i := range students {
			name := string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))])
			if rng.IntN(2) == 0 {
				name += string(given[rng.IntN(len(given))])
			}
			st := &casework.Student{Name: name, Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班",
				StudentNo: fmt.Sprintf("G%017d", 110101201200000000+i), Notes: note(2)}
			if err := tx.Create(st); err != nil {
				return err
			}
			c := &casework.Case{StudentID: st.ID, ClientKind: casework.ClientKindStudent, OpenedOn: "2026-03-02",
				Source: casework.CaseSourceSelf, ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion},
				PresentingProblem: note(3), Background: note(4)}
			if err := tx.Create(c); err != nil {
				return err
			}
			for range 2 {
				if err := tx.Create(&casework.Session{CaseID: c.ID, Date: "2026-03-03", DurationMin: 40,
					Observations: note(5), Assessment: note(4), PrivateNote: note(1)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// A bulk write leaves the full-text index to one rebuild, which the
	// app starts right after an import (BenchmarkBuildIndex times it).
	if err := s.BuildIndex(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

func reportLatency(b *testing.B, start time.Time) {
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/search")
}

// BenchmarkSearchStudents: name search on 3,000 students; target ≤ 20 ms.
func BenchmarkSearchStudents(b *testing.B) {
	s := bigSchool(b, 3000)
	queries := []string{"zs", "zhangzihan", "王子", "wzh", "G1101012012000012", "lxy"}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if _, err := s.SearchStudents(queries[i%len(queries)], 50); err != nil {
			b.Fatal(err)
		}
	}
	reportLatency(b, start)
}

// BenchmarkSearchText: full text over the notes of 3,000 students (3,000
// cases, 6,000 sessions); target ≤ 200 ms.
func BenchmarkSearchText(b *testing.B) {
	s := bigSchool(b, 3000)
	queries := []string{"与同学发生争执", "考试焦虑", "争执", "焦", "放松训练", "没有这句话"}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if _, err := s.SearchText(queries[i%len(queries)], 100); err != nil {
			b.Fatal(err)
		}
	}
	reportLatency(b, start)
}

// BenchmarkSnapshot: serializing the 3,000-student school.
func BenchmarkSnapshot(b *testing.B) {
	s := bigSchool(b, 3000)
	b.ResetTimer()
	var size int
	for i := range b.N {
		img, err := s.Snapshot(context.Background(), uint64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		size = len(img)
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB")
}

// BenchmarkLoad: adopting the 3,000-student image with every check.
func BenchmarkLoad(b *testing.B) {
	s := bigSchool(b, 3000)
	img, err := s.Snapshot(context.Background(), 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		l, err := Load(context.Background(), img, 1)
		if err != nil {
			b.Fatal(err)
		}
		l.Close()
	}
}

// BenchmarkCreateSession: one audited, indexed write in its own transaction.
func BenchmarkCreateSession(b *testing.B) {
	s := bigSchool(b, 1000)
	cases, err := s.List(casework.KindCase)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		c := cases[i%len(cases)].(*casework.Case)
		if err := s.Create(&casework.Session{CaseID: c.ID, Date: "2026-03-10", DurationMin: 30,
			Observations: "情绪稳定，愿意表达感受"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuickCheck: the check run before every save.
func BenchmarkQuickCheck(b *testing.B) {
	s := bigSchool(b, 3000)
	b.ResetTimer()
	for range b.N {
		if err := s.QuickCheck(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildIndex: the full-text index of the 3,000-student school,
// built after Load.
func BenchmarkBuildIndex(b *testing.B) {
	s := bigSchool(b, 3000)
	img, err := s.Snapshot(context.Background(), 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		l, err := Load(context.Background(), img, 1)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := l.BuildIndex(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		l.Close()
		b.StartTimer()
	}
}

// BenchmarkContentHash: the canonical hash of the 3,000-student school,
// which every backup verification computes.
func BenchmarkContentHash(b *testing.B) {
	s := bigSchool(b, 3000)
	b.ResetTimer()
	for range b.N {
		if _, err := s.ContentHash(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList: every session of the 3,000-student school decoded, as an
// export or a report reads them.
func BenchmarkList(b *testing.B) {
	s := bigSchool(b, 3000)
	b.ResetTimer()
	for range b.N {
		recs, err := s.List(casework.KindSession)
		if err != nil {
			b.Fatal(err)
		}
		if len(recs) != 6000 {
			b.Fatalf("got %d sessions, want 6000", len(recs))
		}
	}
}
