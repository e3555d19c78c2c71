package casework

import (
	"slices"
	"testing"
)

func TestNormalizeGrade(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"七年级", "七年级"},
		{"初一", "七年级"},
		{"初中一年级", "七年级"},
		{"7年级", "七年级"},
		{"７年级", "七年级"},
		{" 初二 ", "八年级"},
		{"初3", "九年级"},
		{"一年级", "一年级"},
		{"1年级", "一年级"},
		{"小学六年级", "六年级"},
		{"高一", "高一"},
		{"高中一年级", "高一"},
		{"高2", "高二"},
		{"高中3年级", "高三"},
		{"10年级", "高一"},
		{"十二年级", "高三"},
		{"9", "九年级"},
		{"11", "高二"},
		{"13", "13"},
		{"中职二年级", "二年级"},
		{"", ""},
		{"预科班", "预科班"},
		{" 2024级 ", "2024级"},
	} {
		if got := NormalizeGrade(tc.in); got != tc.want {
			t.Errorf("NormalizeGrade(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeClass(t *testing.T) {
	for _, tc := range []struct{ grade, class, wantGrade, wantClass string }{
		{"七年级", "七(3)班", "七年级", "七(3)班"},
		{"七年级", "7.3", "七年级", "七(3)班"},
		{"", "7-3", "七年级", "七(3)班"},
		{"七年级", "七3班", "七年级", "七(3)班"},
		{"初一", "初一(3)班", "七年级", "七(3)班"},
		{"", "七年级3班", "七年级", "七(3)班"},
		{"初二", "初二(2)班", "八年级", "八(2)班"},
		{"八年级", "3班", "八年级", "八(3)班"},
		{"八年级", "12", "八年级", "八(12)班"},
		{"八年级", "(3)", "八年级", "八(3)班"},
		{"七年级", "七（３）班", "七年级", "七(3)班"},
		{"七年级", "７．３", "七年级", "七(3)班"},
		{"七年级", "七年级三班", "七年级", "七(3)班"},
		{"七年级", "七年级(十二)班", "七年级", "七(12)班"},
		{"高一", "高一2班", "高一", "高一(2)班"},
		{"高中一年级", "(2)班", "高一", "高一(2)班"},
		{"", "10.2", "高一", "高一(2)班"},
		{"三年级", "3.1", "三年级", "三(1)班"},
		{"七年级", "2024级3班", "七年级", "2024级3班"},
		{"初一", " 2024届3班 ", "七年级", "2024届3班"},
		{"七年级", "实验班", "七年级", "实验班"},
		{"", "3班", "", "3班"},
		{"七年级", "13.2", "七年级", "13.2"},
		{"七年级", "", "七年级", ""},
	} {
		g, c := NormalizeClass(tc.grade, tc.class)
		if g != tc.wantGrade || c != tc.wantClass {
			t.Errorf("NormalizeClass(%q, %q) = %q, %q, want %q, %q", tc.grade, tc.class, g, c, tc.wantGrade, tc.wantClass)
		}
	}
}

func TestCompareGrade(t *testing.T) {
	in := []string{"预科班", "高一", "初二", "九年级", "二年级", "", "七年级", "高中三年级", "10班", "2班", "一年级"}
	want := []string{"一年级", "二年级", "七年级", "初二", "九年级", "高一", "高中三年级", "", "2班", "10班", "预科班"}
	got := slices.Clone(in)
	slices.SortStableFunc(got, CompareGrade)
	if !slices.Equal(got, want) {
		t.Errorf("sorted grades %q, want %q", got, want)
	}
	if CompareGrade("初一", "七年级") == 0 {
		t.Error("two spellings of one grade compare equal: the order would depend on the input")
	}
}

func TestCompareClass(t *testing.T) {
	type gc struct{ grade, class string }
	in := []gc{
		{"八年级", "八(1)班"}, {"七年级", "2024级3班"}, {"七年级", "七(10)班"}, {"初一", "初一(2)班"},
		{"七年级", "7.1"}, {"高一", "高一(1)班"}, {"七年级", "实验班"}, {"二年级", "二(3)班"},
		{"预科", "1班"}, {"七年级", "2023级1班"},
	}
	want := []gc{
		{"二年级", "二(3)班"}, {"七年级", "7.1"}, {"初一", "初一(2)班"}, {"七年级", "七(10)班"},
		{"七年级", "2023级1班"}, {"七年级", "2024级3班"}, {"七年级", "实验班"},
		{"八年级", "八(1)班"}, {"高一", "高一(1)班"}, {"预科", "1班"},
	}
	got := slices.Clone(in)
	slices.SortStableFunc(got, func(a, b gc) int { return CompareClass(a.grade, a.class, b.grade, b.class) })
	if !slices.Equal(got, want) {
		t.Errorf("sorted classes\n got %q\nwant %q", got, want)
	}
}

func TestNextGrade(t *testing.T) {
	for _, tc := range []struct {
		stage     Stage
		grade     string
		next      string
		graduates bool
	}{
		{StagePrimary, "一年级", "二年级", false},
		{StagePrimary, "六年级", "", true},
		{StageNineYear, "六年级", "七年级", false},
		{StageNineYear, "九年级", "", true},
		{StageJunior, "初一", "八年级", false},
		{StageJunior, "九年级", "", true},
		{StageSenior, "高一", "高二", false},
		{StageSenior, "高三", "", true},
		{StageComplete, "九年级", "", true},
		{StageComplete, "高二", "高三", false},
		{StageComplete, "高三", "", true},
		{StageVocational, "二年级", "三年级", false},
		{StageVocational, "三年级", "", true},
		{StageJunior, "预科", "", false},
	} {
		next, grad := NextGrade(tc.stage, tc.grade)
		if next != tc.next || grad != tc.graduates {
			t.Errorf("NextGrade(%s, %q) = %q, %v, want %q, %v", tc.stage, tc.grade, next, grad, tc.next, tc.graduates)
		}
	}
}

func TestNextClass(t *testing.T) {
	for _, tc := range []struct {
		stage                Stage
		grade, class         string
		wantGrade, wantClass string
		graduates            bool
	}{
		{StageJunior, "七年级", "七(3)班", "八年级", "八(3)班", false},
		{StageJunior, "初一", "7.3", "八年级", "八(3)班", false},
		{StageJunior, "七年级", "2024级3班", "八年级", "2024级3班", false},
		{StageJunior, "九年级", "九(1)班", "", "", true},
		{StageSenior, "高一", "高一(2)班", "高二", "高二(2)班", false},
		{StageNineYear, "六年级", "六(4)班", "七年级", "七(4)班", false},
	} {
		g, c, grad := NextClass(tc.stage, tc.grade, tc.class)
		if g != tc.wantGrade || c != tc.wantClass || grad != tc.graduates {
			t.Errorf("NextClass(%s, %q, %q) = %q, %q, %v, want %q, %q, %v",
				tc.stage, tc.grade, tc.class, g, c, grad, tc.wantGrade, tc.wantClass, tc.graduates)
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	in := []string{"10班", "2班", "b", "a", "02班", "1班"}
	got := slices.Clone(in)
	slices.SortStableFunc(got, naturalCompare)
	// 02班 and 2班 compare equal by value; the stable sort keeps their input order.
	want := []string{"1班", "2班", "02班", "10班", "a", "b"}
	if !slices.Equal(got, want) {
		t.Errorf("natural order %q, want %q", got, want)
	}
}

// FuzzCompareGrade checks that the grade and the class order are
// consistent orders for anything typed into the grade and class fields:
// never both a < b and b < a, and a label equals itself.
func FuzzCompareGrade(f *testing.F) {
	for _, s := range [][2]string{{"七年级", "高一"}, {"七(2)班", "七(10)班"}, {"", "一"}, {"高", "高三"}, {"初一", "七年级"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := CompareGrade(a, b), CompareGrade(b, a)
		if (ab < 0) != (ba > 0) || (ab == 0) != (ba == 0) {
			t.Fatalf("got CompareGrade(%q, %q) = %d and the reverse %d", a, b, ab, ba)
		}
		if CompareGrade(a, a) != 0 {
			t.Fatalf("got grade %q unequal to itself", a)
		}
		ab, ba = CompareClass("七年级", a, "初一", b), CompareClass("初一", b, "七年级", a)
		if (ab < 0) != (ba > 0) || (ab == 0) != (ba == 0) {
			t.Fatalf("got CompareClass(%q, %q) = %d and the reverse %d", a, b, ab, ba)
		}
		if CompareClass(b, a, b, a) != 0 {
			t.Fatalf("got class %q of %q unequal to itself", a, b)
		}
	})
}

// FuzzNormalizeClass checks that normalising twice changes nothing and
// that a recognised class always carries its grade.
func FuzzNormalizeClass(f *testing.F) {
	for _, s := range [][2]string{{"初一", "7.3"}, {"", "初二(2)班"}, {"七年级", "2024级3班"}, {"高中一年级", "(2)班"}, {"", "１０．２"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, grade, class string) {
		g, c := NormalizeClass(grade, class)
		g2, c2 := NormalizeClass(g, c)
		if g2 != g || c2 != c {
			t.Fatalf("NormalizeClass(%q, %q) = %q, %q, but again %q, %q", grade, class, g, c, g2, c2)
		}
		if NormalizeGrade(g) != g {
			t.Fatalf("grade %q of (%q, %q) is not normal", g, grade, class)
		}
	})
}

func TestNormalizeWritesGradeAndClassCanonically(t *testing.T) {
	s := &Student{Grade: "初二", Class: "初二（2）班", SpecialGroups: []SpecialGroup{SpecialGroupOrphan, SpecialGroupLeftBehind}}
	s.Normalize()
	if s.Grade != "八年级" || s.Class != "八(2)班" || s.SpecialGroups[0] != SpecialGroupLeftBehind {
		t.Errorf("got %q %q %v", s.Grade, s.Class, s.SpecialGroups)
	}
	m := &CommitteeMember{Grade: "初一", Class: "7.1"}
	m.Normalize()
	if m.Grade != "七年级" || m.Class != "七(1)班" {
		t.Errorf("got member %q %q", m.Grade, m.Class)
	}
	c := &Student{Grade: "七年级", Class: "2024级3班"}
	c.Normalize()
	if c.Class != "2024级3班" {
		t.Errorf("got cohort class %q, want it kept", c.Class)
	}
}
