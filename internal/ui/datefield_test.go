package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// The dates and times people type are read, saved in canonical form and
// shown back that way.

var typedDates = []string{"2014/3/5", "2014.3.5", "2014年3月5日", "20140305", "2014-3-5", "２０１４／３／５"}

func TestTheStudentFormTakesDatesAsTypedAndSavesThemCanonical(t *testing.T) {
	for _, typed := range typedDates {
		t.Run(typed, func(t *testing.T) {
			fs := NewFakeStudents()
			h := stuHarness(t, fs)
			s := stuOpen(h)
			h.Tap("新建学生")
			f := s.page.form
			test.Type(f.name, "周晓明")
			f.gender.SetSelected("男")
			uitest.TypeInto(h.entry("如：七年级、高一"), "八年级")
			uitest.TypeInto(h.entry("如：七(3)班"), "八(2)班")
			birth := h.entry("年-月-日，如 2012-09-01")
			h.win.Canvas().Focus(birth)
			uitest.TypeInto(birth, typed)
			h.win.Canvas().Focus(f.name) // leaving the field shows the canonical form
			if birth.Text != "2014-03-05" {
				t.Fatalf("got %q in the birth date after leaving it, want 2014-03-05", birth.Text)
			}
			uitest.TypeInto(birth, typed) // saved as typed, too
			h.Tap("保存")
			if len(fs.students) != 1 {
				t.Fatalf("got %d stored students; screen shows:\n%s", len(fs.students), h.Texts())
			}
			for _, st := range fs.students {
				if st.BirthDate != "2014-03-05" {
					t.Fatalf("got birth date %q stored from %q, want 2014-03-05", st.BirthDate, typed)
				}
			}
		})
	}
}

func TestARefusedDateNamesItsFieldBesideIt(t *testing.T) {
	fs := NewFakeStudents()
	h := stuHarness(t, fs)
	s := stuOpen(h)
	h.Tap("新建学生")
	f := s.page.form
	birth := h.entry("年-月-日，如 2012-09-01")
	h.win.Canvas().Focus(birth)
	uitest.TypeInto(birth, "2014/2/30")
	h.win.Canvas().Focus(f.name)
	if birth.Text != "2014/2/30" {
		t.Fatalf("got %q, want an impossible date left as typed", birth.Text)
	}
	h.Tap("保存")
	got := f.errs["birth_date"].Text
	if !f.errs["birth_date"].Visible() || !strings.HasPrefix(got, "出生日期：") || !strings.Contains(got, "30") {
		t.Fatalf("got birth date message %q, want one naming 出生日期 and the day", got)
	}
}

func TestTheCalendarBesideADateWritesThePickedDay(t *testing.T) {
	fs := NewFakeStudents()
	h := stuHarness(t, fs)
	s := stuOpen(h)
	h.Tap("新建学生")
	f := s.page.form
	uitest.TypeInto(f.birth, "2014/3/5")
	if f.birth.dateButton == nil {
		t.Fatal("the birth date has no calendar beside it")
	}
	test.Tap(f.birth.dateButton)
	var day *widget.Button
	for _, o := range h.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text == "18" {
			day = b
		}
	}
	if day == nil {
		t.Fatalf("the calendar shows no day 18; screen shows:\n%s", h.Texts())
	}
	test.Tap(day)
	if f.birth.Text != "2014-03-18" {
		t.Fatalf("got %q after picking the 18th, want 2014-03-18 (the calendar opens on the typed month)", f.birth.Text)
	}
}

func TestASessionTakesTimesAndDatesAsTyped(t *testing.T) {
	for _, c := range []struct{ date, start string }{
		{"2014/3/5", "1430"}, {"2014.3.5", "14：30"}, {"2014年3月5日", "14点30"}, {"20140305", "14:30"},
	} {
		t.Run(c.start, func(t *testing.T) {
			fc := NewFakeCases(testStudents()...)
			h, s := casesHarness(t, fc, newCasesScreen)
			cs := s.(*casesScreen)
			p := cs.cases
			h.Tap("新建个案")
			pickStudent(h, p, "林小雨")
			chooseOption(t, p, "source", "班主任/教师转介")
			checkOptions(t, p, "problem_types", "学习")
			setField(t, p, "presenting_problem", "入睡困难")
			setField(t, p, "opened_on", c.date)
			h.Tap("保存")
			h.WantText("已保存")
			if got := fieldText(t, p, "opened_on"); got != "2014-03-05" {
				t.Fatalf("got opened_on %q shown after saving, want 2014-03-05", got)
			}
			cs.tabs.SelectIndex(1)
			sp := cs.sessions.pane
			h.Tap("新增辅导记录")
			setField(t, sp, "date", c.date)
			start := fieldOf(t, sp, "start").entry
			h.win.Canvas().Focus(start)
			setField(t, sp, "start", c.start)
			h.win.Canvas().Focus(fieldOf(t, sp, "date").entry)
			if start.Text != "14:30" {
				t.Fatalf("got start %q after leaving it, want 14:30", start.Text)
			}
			setField(t, sp, "start", c.start)
			h.Tap("保存")
			h.WantText("已保存")
			ss := fc.all(casework.KindSession)
			if len(ss) != 1 {
				t.Fatalf("got %d sessions; screen shows:\n%s", len(ss), h.Texts())
			}
			if x := ss[0].(*casework.Session); x.Date != "2014-03-05" || x.Start != "14:30" {
				t.Fatalf("got session date %q start %q, want 2014-03-05 14:30", x.Date, x.Start)
			}
		})
	}
}

func TestARefusedTimeNamesItsField(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	cs := s.(*casesScreen)
	p := cs.cases
	h.Tap("新建个案")
	pickStudent(h, p, "林小雨")
	chooseOption(t, p, "source", "班主任/教师转介")
	checkOptions(t, p, "problem_types", "学习")
	setField(t, p, "presenting_problem", "入睡困难")
	h.Tap("保存")
	h.WantText("已保存")
	cs.tabs.SelectIndex(1)
	sp := cs.sessions.pane
	h.Tap("新增辅导记录")
	setField(t, sp, "start", "25点")
	h.Tap("保存")
	if got := fieldError(t, sp, "start"); !strings.HasPrefix(got, "开始时间：") || !strings.Contains(got, "25") {
		t.Fatalf("got start message %q, want one naming 开始时间 and the hour", got)
	}
	if n := len(fc.all(casework.KindSession)); n != 0 {
		t.Fatalf("got %d sessions saved with an impossible time", n)
	}
}
