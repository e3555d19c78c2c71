package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// StudentService reads and writes students, the records about one
// student, their attachments and the workbench summary. cmd/xinqing
// adapts the store and the vault to it.
type StudentService interface {
	// Students lists the students matching q (all of them for an empty
	// query), best match first when q.Text is set, else by grade, class
	// and name.
	Students(ctx context.Context, q StudentQuery) ([]*casework.Student, error)
	Student(ctx context.Context, id string) (*casework.Student, error)
	// SaveStudent creates (empty ID) or updates s and returns it as
	// stored. A casework.ValidationErrors error names the bad fields.
	SaveStudent(ctx context.Context, s *casework.Student) (*casework.Student, error)
	// DeleteStudent is refused with a casework ECONFLICT error while
	// records refer to the student.
	DeleteStudent(ctx context.Context, id string) error
	// StudentRecords are the records about one student.
	StudentRecords(ctx context.Context, id string) (StudentRecords, error)

	Attachments(ctx context.Context, owner casework.Kind, ownerID string) ([]*casework.Attachment, error)
	// AddAttachment seals data in the vault and records it for the owner.
	AddAttachment(ctx context.Context, owner casework.Kind, ownerID, filename string, data []byte) (*casework.Attachment, error)
	// AttachmentData decrypts an attachment (an audited export).
	AttachmentData(ctx context.Context, id string) ([]byte, error)
	// SaveAttachment writes a decrypted copy to path, replacing the file
	// the save dialog made, readable by the owner only from its first
	// byte, with nothing left behind on an error (an audited export).
	SaveAttachment(ctx context.Context, id, path string) error
	DeleteAttachment(ctx context.Context, id string) error

	// Dashboard is the workbench summary on the day today.
	Dashboard(ctx context.Context, today casework.Date) (Dashboard, error)

	// Classes lists every class with a student, in the school's order
	// (casework.CompareClass), with its student count.
	Classes(ctx context.Context) ([]ClassCount, error)
	// RenameClass moves every student of grade/class into newGrade/newClass
	// (normalised) at once and returns how many moved. Onto a class that
	// has students it is a merge, refused with casework ECONFLICT unless
	// merge is set.
	RenameClass(ctx context.Context, grade, class, newGrade, newClass string, merge bool) (int, error)
}

// ClassCount is one class and how many students it holds.
type ClassCount struct {
	Grade, Class string
	Students     int
}

// StudentQuery selects students. Empty fields do not filter.
type StudentQuery struct {
	Text   string // name, pinyin, initials or a 学籍号 prefix
	Grade  string
	Class  string
	Status casework.StudentStatus
	Group  casework.SpecialGroup
}

// Match reports whether s passes the filters of q (not the text).
func (q StudentQuery) Match(s *casework.Student) bool {
	switch {
	case q.Grade != "" && s.Grade != q.Grade:
		return false
	case q.Class != "" && s.Class != q.Class:
		return false
	case q.Status != "" && studentStatus(s) != q.Status:
		return false
	case q.Group != "" && !slices.Contains(s.SpecialGroups, q.Group):
		return false
	}
	return true
}

func studentStatus(s *casework.Student) casework.StudentStatus {
	if s.Status == "" {
		return casework.StudentStatusEnrolled
	}
	return s.Status
}

// StudentRecords are the records about one student, newest first.
type StudentRecords = casework.StudentRecords

// searchDelay is how long typing pauses before the list is searched.
const searchDelay = 200 * time.Millisecond

// studentsScreen is 学生: the searchable list and the student page.
// OnOpenRecord and OnNewRecord route a record of the student page to
// the screen that edits it; while nil, the buttons are disabled.
type studentsScreen struct {
	a    *App
	svc  StudentService
	root *fyne.Container

	OnOpenRecord func(kind casework.Kind, id string)
	OnNewRecord  func(kind casework.Kind, studentID string)

	search              *entry
	grade, class        *widget.Select
	status, group       *widget.Select
	count               *widget.Label
	busy                *widget.ProgressBarInfinite
	errMsg              *msgText
	list                *widget.List
	shown               []*casework.Student
	table               *listTable[*casework.Student]
	all                 []*casework.Student
	grades              []string
	classes             map[string][]string
	gen                 int // the latest search; older answers are dropped
	timer               Timer
	page                *studentPage // the open student page, if any
	released            bool         // dropped by the shell: later answers are not kept
	listView            fyne.CanvasObject
	statuses            []casework.StudentStatus
	groups              []casework.SpecialGroup
	suppressFilterEvent bool
}

func newStudentsScreen(a *App) Screen {
	if a.d.Students == nil {
		return pending{key: "nav.students"}
	}
	s := &studentsScreen{a: a, svc: a.d.Students, root: container.NewStack(), classes: map[string][]string{},
		statuses: casework.AllStudentStatuses(), groups: casework.AllSpecialGroups()}
	if a.d.Cases != nil { // the record forms of 个案, 重点学生 and 危机与转介
		s.OnOpenRecord = a.openRecord
		s.OnNewRecord = a.newRecordFor
	}
	s.build()
	s.root.Objects = []fyne.CanvasObject{s.listView}
	s.reload()
	return s
}

func (s *studentsScreen) Content() fyne.CanvasObject { return s.root }

func (s *studentsScreen) build() {
	a := s.a
	s.search = newEntry(a.act)
	s.search.SetPlaceHolder(tr("students.search_hint"))
	s.search.OnChanged = func(string) { s.scheduleSearch() }
	s.grade = widget.NewSelect(nil, func(string) { s.onGradeChanged() })
	s.class = widget.NewSelect(nil, func(string) { s.onFilterChanged() })
	statusOpts := []string{tr("students.filter.all_statuses")}
	for _, st := range s.statuses {
		statusOpts = append(statusOpts, tr("enum.student_status."+string(st)))
	}
	s.status = widget.NewSelect(statusOpts, func(string) { s.onFilterChanged() })
	groupOpts := []string{tr("students.filter.all_groups")}
	for _, g := range s.groups {
		groupOpts = append(groupOpts, tr("enum.special_group."+string(g)))
	}
	s.group = widget.NewSelect(groupOpts, func(string) { s.onFilterChanged() })
	s.suppressFilterEvent = true
	s.setGrades(nil)
	// The list opens on the students at school; leavers are one choice
	// away (全部状态, 毕业, 转出).
	s.status.SetSelectedIndex(1 + slices.Index(s.statuses, casework.StudentStatusEnrolled))
	s.group.SetSelectedIndex(0)
	s.suppressFilterEvent = false
	s.count = widget.NewLabel("")
	s.busy = widget.NewProgressBarInfinite()
	s.busy.Hide()
	s.errMsg = msgBlock()
	stuCol := func(key string, isKey bool, text func(*casework.Student) string) tableCol[*casework.Student] {
		return tableCol[*casework.Student]{title: studentField(key), key: isKey, text: text}
	}
	s.table = newListTable(&s.shown, []tableCol[*casework.Student]{
		stuCol("name", true, func(st *casework.Student) string { return st.Name }),
		stuCol("gender", true, func(st *casework.Student) string { return stuEnum("gender", string(st.Gender)) }),
		{title: studentField("class"), key: true, text: func(st *casework.Student) string { return st.Class },
			order: func(a, b *casework.Student) int { return casework.CompareClass(a.Grade, a.Class, b.Grade, b.Class) }},
		stuCol("student_no", true, func(st *casework.Student) string { return st.StudentNo }),
		stuCol("status", true, func(st *casework.Student) string { return stuEnum("student_status", string(studentStatus(st))) }),
		stuCol("special_groups", false, func(st *casework.Student) string { return groupsText(st.SpecialGroups) }),
	})
	s.list = s.table.list
	s.list.OnSelected = func(id widget.ListItemID) {
		a.touched()
		s.list.UnselectAll()
		if id < len(s.shown) {
			s.openStudent(s.shown[id].ID)
		}
	}
	add := a.act.button(tr("students.new"), theme.ContentAddIcon(), s.newStudent)
	add.Importance = widget.HighImportance
	top := container.NewVBox(
		container.NewBorder(nil, nil, heading(tr("nav.students")),
			container.NewHBox(a.act.button(tr("students.classes.open"), theme.ListIcon(), s.classesDialog), add)),
		s.search,
		container.NewGridWithColumns(4, s.grade, s.class, s.status, s.group),
		container.NewBorder(nil, nil, nil, s.count, s.busy),
		s.errMsg,
	)
	s.listView = container.NewBorder(top, nil, nil, nil, s.table.view)
}

// studentField is the label of a student field (from the record labels).
func studentField(key string) string { return tr("field.student." + key) }

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// stuEnum is the label of an enum code ("" stays "").
func stuEnum(enum, code string) string {
	if code == "" {
		return ""
	}
	return tr("enum." + enum + "." + code)
}

func groupsText(gs []casework.SpecialGroup) string {
	var out []string
	for _, g := range gs {
		out = append(out, stuEnum("special_group", string(g)))
	}
	return strings.Join(out, "、")
}

// setGrades fills the grade choice (keeping the selection if it is still
// offered).
func (s *studentsScreen) setGrades(grades []string) {
	cur := s.grade.SelectedIndex()
	prev := ""
	if cur > 0 && cur-1 < len(s.grades) {
		prev = s.grades[cur-1]
	}
	s.grades = grades
	s.grade.Options = append([]string{tr("students.filter.all_grades")}, grades...)
	idx := 0
	if i := slices.Index(grades, prev); i >= 0 {
		idx = i + 1
	}
	s.grade.SetSelectedIndex(idx)
	s.setClasses()
}

func (s *studentsScreen) selectedGrade() string {
	i := s.grade.SelectedIndex()
	if i <= 0 || i-1 >= len(s.grades) {
		return ""
	}
	return s.grades[i-1]
}

// classOptions are the classes of the chosen grade (or of all grades).
func (s *studentsScreen) classOptions() []string {
	g := s.selectedGrade()
	if g != "" {
		return s.classes[g]
	}
	var all []string
	for _, gr := range s.grades {
		all = append(all, s.classes[gr]...)
	}
	return all
}

func (s *studentsScreen) setClasses() {
	s.class.Options = append([]string{tr("students.filter.all_classes")}, s.classOptions()...)
	s.class.SetSelectedIndex(0)
}

func (s *studentsScreen) onGradeChanged() {
	if s.suppressFilterEvent {
		return
	}
	s.suppressFilterEvent = true
	s.setClasses()
	s.suppressFilterEvent = false
	s.onFilterChanged()
}

func (s *studentsScreen) onFilterChanged() {
	if s.suppressFilterEvent {
		return
	}
	s.a.touched()
	s.runSearch()
}

// query is what the controls select.
func (s *studentsScreen) query() StudentQuery {
	q := StudentQuery{Text: strings.TrimSpace(s.search.Text), Grade: s.selectedGrade()}
	if i := s.class.SelectedIndex(); i > 0 {
		if opts := s.classOptions(); i-1 < len(opts) {
			q.Class = opts[i-1]
		}
	}
	if i := s.status.SelectedIndex(); i > 0 {
		q.Status = s.statuses[i-1]
	}
	if i := s.group.SelectedIndex(); i > 0 {
		q.Group = s.groups[i-1]
	}
	return q
}

// scheduleSearch runs the search once typing pauses.
func (s *studentsScreen) scheduleSearch() {
	if s.timer != nil {
		s.timer.Stop()
	}
	s.gen++
	gen := s.gen
	s.timer = s.a.d.Clock.AfterFunc(searchDelay, func() {
		fyne.Do(func() {
			if gen == s.gen {
				s.runSearch()
			}
		})
	})
}

// reload reads every student (for the grade and class choices) and
// shows the current query.
// release lets go of the school's students (the screen was dropped).
func (s *studentsScreen) release() {
	s.released = true
	s.all, s.shown, s.page = nil, nil, nil
}

func (s *studentsScreen) reload() {
	s.busy.Show()
	s.busy.Start()
	s.a.d.Go(func() {
		all, err := s.svc.Students(context.Background(), StudentQuery{})
		fyne.Do(func() {
			if s.released {
				return
			}
			if err != nil {
				s.done()
				showMsg(s.errMsg, errorMessage("list students", err))
				return
			}
			slices.SortStableFunc(all, func(a, b *casework.Student) int {
				if c := casework.CompareClass(a.Grade, a.Class, b.Grade, b.Class); c != 0 {
					return c
				}
				return strings.Compare(a.Name, b.Name)
			})
			s.all = all
			s.setFacets(all)
			s.runSearch()
		})
	})
}

func (s *studentsScreen) setFacets(all []*casework.Student) {
	classes := map[string][]string{}
	var grades []string
	for _, st := range all {
		if st.Grade == "" {
			continue
		}
		if _, ok := classes[st.Grade]; !ok {
			grades = append(grades, st.Grade)
			classes[st.Grade] = nil
		}
		if !slices.Contains(classes[st.Grade], st.Class) && st.Class != "" {
			classes[st.Grade] = append(classes[st.Grade], st.Class)
		}
	}
	slices.SortFunc(grades, casework.CompareGrade)
	for _, g := range grades {
		slices.SortFunc(classes[g], func(a, b string) int { return casework.CompareClass(g, a, g, b) })
	}
	s.classes = classes
	s.suppressFilterEvent = true
	s.setGrades(grades)
	s.suppressFilterEvent = false
}

// runSearch asks the service for the current query off the Fyne
// goroutine; an answer to an older query is dropped.
func (s *studentsScreen) runSearch() {
	s.gen++
	gen := s.gen
	q := s.query()
	if q.Text == "" && s.all != nil {
		// Filters alone run over the list read on opening: no query.
		var out []*casework.Student
		for _, st := range s.all {
			if q.Match(st) {
				out = append(out, st)
			}
		}
		s.done()
		showMsg(s.errMsg, "")
		s.setShown(out)
		return
	}
	s.busy.Show()
	s.busy.Start()
	s.a.d.Go(func() {
		out, err := s.svc.Students(context.Background(), q)
		fyne.Do(func() {
			if gen != s.gen || s.released {
				return
			}
			s.done()
			if err != nil {
				showMsg(s.errMsg, errorMessage("search students", err))
				return
			}
			showMsg(s.errMsg, "")
			s.setShown(out)
		})
	})
}

func (s *studentsScreen) setShown(out []*casework.Student) {
	s.shown = out
	s.count.SetText(studentCount(len(out), len(s.all), s.query().Text != ""))
	s.table.update()
	s.list.ScrollToTop()
}

func (s *studentsScreen) done() {
	s.busy.Stop()
	s.busy.Hide()
}

// showList returns from a student page to the list, re-reading it.
func (s *studentsScreen) showList() {
	s.page = nil
	s.root.Objects = []fyne.CanvasObject{s.listView}
	s.root.Refresh()
	s.reload()
}

// leavePage asks before dropping unsaved edits of the page.
func (s *studentsScreen) leavePage(then func()) {
	if s.page == nil || !s.page.form.dirty {
		then()
		return
	}
	showConfirmMessage(tr("students.unsaved_title"), tr("students.unsaved_body"), func(ok bool) {
		if ok {
			then()
		}
	}, s.a.win)
}

// newStudent shows an empty student page.
func (s *studentsScreen) newStudent() {
	st := &casework.Student{Status: casework.StudentStatusEnrolled}
	if g := s.selectedGrade(); g != "" {
		st.Grade = g // a sensible default when the list is filtered
	}
	s.showPage(newStudentPage(s, st))
}

// openStudent reads the student and shows the page.
func (s *studentsScreen) openStudent(id string) {
	s.a.d.Go(func() {
		st, err := s.svc.Student(context.Background(), id)
		fyne.Do(func() {
			if err != nil {
				showMsg(s.errMsg, recordError("read student", err, s.a.language()))
				return
			}
			s.showPage(newStudentPage(s, st))
		})
	})
}

func (s *studentsScreen) showPage(p *studentPage) {
	s.page = p
	s.root.Objects = []fyne.CanvasObject{p.view()}
	s.root.Refresh()
}

// recordError is the message for a failed save or delete of a record:
// the domain's own sentence for a conflict or a bad reference, else the
// general mapping.
func recordError(op string, err error, lang string) string {
	var de *casework.Error
	if errors.As(err, &de) && (de.Code == casework.ECONFLICT || de.Code == casework.ENOTFOUND) {
		fyne.LogError(op, err)
		if de.Code == casework.ECONFLICT {
			return tr("students.err.conflict")
		}
		return tr("students.err.not_found")
	}
	if v, ok := casework.AsValidationErrors(err); ok && len(v) > 0 {
		fyne.LogError(op, err)
		if lang == LangEnglish {
			return v[0].MessageEN
		}
		return v[0].MessageZH
	}
	return errorMessage(op, err)
}

// openStudentFromAnywhere shows the students screen with the student's
// page (used by the workbench).
func (a *App) openStudentFromAnywhere(id string) {
	sh := a.shell
	if sh == nil {
		return
	}
	for i, sp := range sh.specs {
		if sp.key != "nav.students" {
			continue
		}
		sh.nav.Select(i)
		if sc, ok := sh.current.(*studentsScreen); ok {
			sc.openStudent(id)
		}
		return
	}
}

// msgBlock is an error block that takes no room while it is empty.
func msgBlock() *msgText {
	l := refusalBlock()
	l.Hide()
	return l
}

// showMsg shows msg in l, hiding l when msg is empty.
func showMsg(l interface {
	SetText(string)
	Show()
	Hide()
}, msg string) {
	setError(l, msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// StudentsScreen is the 学生 screen on a, for tests that drive it
// through the real services.
func StudentsScreen(a *App) Screen { return newStudentsScreen(a) }

// Unsaved reports edits on the open student page, so the shell asks
// before the navigation drops them.
func (s *studentsScreen) Unsaved() bool { return s.page != nil && s.page.form.dirty }

// OpenStudent shows the student's page (from the workbench, a link, a
// test).
func (a *App) OpenStudent(id string) { a.openStudentFromAnywhere(id) }

// studentSearchCap is the most students a typed search returns (the
// application's search limit): a list that long may not be all.
const studentSearchCap = 500

// studentCount says how many students are shown of how many there are,
// and that a search that reached the cap shows only the best matches.
func studentCount(n, total int, searched bool) string {
	if searched && n >= studentSearchCap {
		return tr("lists.students.capped", map[string]any{"N": n, "Total": total})
	}
	return tr("lists.students.count", map[string]any{"N": n, "Total": total})
}
