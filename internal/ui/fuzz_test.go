package ui

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/width"
)

func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"个体辅导室、团体辅导室，放松室", "a, b;c", "", "、、", "宣泄室 沙盘室\t测评室"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts := splitList(s)
		total := 0
		for _, p := range parts {
			if p == "" {
				t.Fatalf("splitList(%q): got an empty part in %q", s, parts)
			}
			if strings.ContainsAny(p, "、,，;；") || strings.IndexFunc(p, unicode.IsSpace) >= 0 {
				t.Fatalf("splitList(%q): part %q still holds a separator", s, p)
			}
			if !strings.Contains(s, p) {
				t.Fatalf("splitList(%q): part %q is not in the input", s, p)
			}
			total += len(p)
		}
		if total > len(s) {
			t.Fatalf("splitList(%q): got %d bytes of parts from %d", s, total, len(s))
		}
	})
}

func FuzzPhoneLike(f *testing.F) {
	for _, s := range []string{"12356", "0571-8888 8888", "(010)12345678", "（010）12345678", "12", "phone", "123456789012345678901"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !phoneLike(s) {
			return
		}
		digits := 0
		for _, r := range s {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune(" -()（）", r):
			default:
				t.Fatalf("phoneLike(%q) accepted %q", s, r)
			}
		}
		if digits < 3 || digits > 20 {
			t.Fatalf("phoneLike(%q) accepted %d digits", s, digits)
		}
	})
}

func FuzzNormalizeGroup(f *testing.F) {
	for _, s := range []string{"abcde", " AB CD-E ", "ＡＢ\u3000CDE", "", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		n := normalizeGroup(s)
		if again := normalizeGroup(n); again != n {
			t.Fatalf("normalizeGroup is not idempotent on %q: %q then %q", s, n, again)
		}
		if strings.ContainsAny(n, " -\u3000") {
			t.Fatalf("normalizeGroup(%q) = %q still holds a space or dash", s, n)
		}
	})
}

// FuzzSchoolCounts types arbitrary text into the count fields: the form
// never panics, and a count it accepts is the number typed.
func FuzzSchoolCounts(f *testing.F) {
	for _, s := range []string{"1200", "0", "-3", "12.5", "１２", "", " 24 ", "99999999999999999999"} {
		f.Add(s, "24")
	}
	test.NewTempApp(f)
	if err := UseLanguage(LangChinese); err != nil {
		f.Fatal(err)
	}
	form := newSchoolForm(&activity{})
	f.Fuzz(func(t *testing.T, students, classes string) {
		form.students.SetText(students)
		form.classes.SetText(classes)
		s, _ := form.validate()
		if form.fields[form.students].err.Text == "" {
			n, err := strconv.Atoi(strings.TrimSpace(width.Narrow.String(students)))
			if err != nil || n != s.StudentCount || n <= 0 {
				t.Fatalf("students %q accepted as %d", students, s.StudentCount)
			}
		}
		if form.fields[form.classes].err.Text == "" && s.ClassCount > s.StudentCount && form.fields[form.students].err.Text == "" {
			t.Fatalf("accepted %d classes for %d students", s.ClassCount, s.StudentCount)
		}
	})
}
