package interchange

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/casework"
)

var update = flag.Bool("update", false, "rewrite testdata/roster.xlsx and the fuzz seeds")

// rosterFixture is the committed roster: a title block above the header
// (row 3), header variants, dates as serial numbers and as text, classes
// with full-width brackets, and five bad rows.
type fixtureRow struct {
	name, gender, no, class  string
	birth                    any // float64 serial or text
	teacher, guardian, phone string
}

// The bad rows of the fixture, by Excel row number, and what is wrong.
var fixtureBad = map[int]string{
	29: "性别",
	30: "出生日期",
	31: "姓名",
	32: "学籍号",
	33: "班级",
}

func fixtureRows() []fixtureRow {
	r := rand.New(rand.NewPCG(2026, 1))
	var rows []fixtureRow
	classes := []string{"七（1）班", "七（2）班", "7.3", "八（1）班", "初二(2)班"}
	for i := range 25 {
		male := r.IntN(2) == 0
		g := "女"
		given := givenOf(r, false)
		if male {
			g, given = "男", givenOf(r, true)
		}
		name := surnames[r.IntN(len(surnames))] + given
		var birth any
		switch i % 4 {
		case 0:
			birth = float64(41000 + r.IntN(700)) // a date cell
		case 1:
			birth = fmt.Sprintf("2012.%d.%d", 1+r.IntN(12), 1+r.IntN(28))
		case 2:
			birth = fmt.Sprintf("2013/%02d/%02d", 1+r.IntN(12), 1+r.IntN(28))
		case 3:
			birth = fmt.Sprintf("2012%02d%02d", 1+r.IntN(12), 1+r.IntN(28))
		}
		rows = append(rows, fixtureRow{name: name, gender: g, no: fmt.Sprintf("D2025%06d", i+1), class: classes[i%len(classes)],
			birth: birth, teacher: "顾老师", guardian: surnames[r.IntN(len(surnames))] + givenOf(r, r.IntN(2) == 0),
			phone: fmt.Sprintf("100 %04d %04d", r.IntN(10000), r.IntN(10000))})
	}
	rows = append(rows,
		fixtureRow{name: "林小雨", gender: "未知", no: "D2025000901", class: "七（1）班", birth: "2012.5.6"},
		fixtureRow{name: "陈一可", gender: "女", no: "D2025000902", class: "七（1）班", birth: "2012-02-30"},
		fixtureRow{name: "", gender: "男", no: "D2025000903", class: "七（2）班", birth: "2012.7.1"},
		fixtureRow{name: "苏安宁", gender: "男", no: "D2025000001", class: "七（2）班", birth: "2012.7.2"},
		fixtureRow{name: "叶思远", gender: "女", no: "D2025000905", class: "", birth: "2012.7.3"},
	)
	return rows
}

func givenOf(r *rand.Rand, male bool) string {
	xs := given
	if male {
		xs = []string{"浩", "宇", "轩", "然", "博", "泽", "晨", "睿"}
	}
	s := xs[r.IntN(len(xs))]
	if r.IntN(2) == 0 {
		s += xs[r.IntN(len(xs))]
	}
	return s
}

func writeFixture(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "学生名单"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	_ = f.SetDocProps(&excelize.DocProperties{Created: fixedTime, Modified: fixedTime, Creator: "test"})
	_ = f.SetCellValue(sh, "A1", "晴川实验学校（演示）2025级学生花名册")
	_ = f.SetCellValue(sh, "A2", "导出日期：2025-09-01")
	header := []any{"序号", "学生姓名", "性別", "全国学籍号", "所在班级", "出生年月日", "班主任", "家长姓名", "家长电话"}
	_ = f.SetSheetRow(sh, "A3", &header)
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range fixtureRows() {
		row := i + 4
		vals := []any{i + 1, r.name, r.gender, r.no, r.class, r.birth, r.teacher, r.guardian, r.phone}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sh, cell, &vals); err != nil {
			t.Fatal(err)
		}
		if _, ok := r.birth.(float64); ok {
			_ = f.SetCellStyle(sh, fmt.Sprintf("F%d", row), fmt.Sprintf("F%d", row), dateStyle)
		}
	}
	// A blank row and a footer note: blank rows are skipped.
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func fixture(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join("testdata", "roster.xlsx")
	if *update {
		if err := os.WriteFile(path, writeFixture(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read fixture (run go test -update once): %v", err)
	}
	return b
}

type seqIDs struct{ n byte }

func (s *seqIDs) Read(p []byte) (int, error) {
	s.n++
	for i := range p {
		p[i] = s.n + byte(i)
	}
	return len(p), nil
}

func TestRosterFixturePreviewFindsHeaderNormalisesAndFlagsBadRows(t *testing.T) {
	p, err := PreviewRoster(bytes.NewReader(fixture(t)), newMemStore(), RosterOptions{Now: fixedNow, IDs: &seqIDs{}})
	if err != nil {
		t.Fatal(err)
	}
	if p.HeaderRow != 3 || p.Sheet != "学生名单" {
		t.Errorf("got header row %d of %q, want 3 of 学生名单", p.HeaderRow, p.Sheet)
	}
	if p.Adds != 25 || p.Bad != 5 || p.Updates != 0 {
		t.Errorf("got %d adds %d updates %d bad, want 25 0 5", p.Adds, p.Updates, p.Bad)
	}
	for _, r := range p.BadRows() {
		want, ok := fixtureBad[r.Row]
		if !ok {
			t.Errorf("row %d is bad (%v), want it good", r.Row, r.Errors)
			continue
		}
		if !strings.Contains(strings.Join(r.Errors, ""), want) || !strings.HasPrefix(r.Errors[0], fmt.Sprintf("第 %d 行：", r.Row)) {
			t.Errorf("row %d: got %v, want a message about %s starting 第 %d 行", r.Row, r.Errors, want, r.Row)
		}
	}
	src := fixtureRows()
	for _, r := range p.Rows {
		if r.Action != RowAdd {
			continue
		}
		s, in := r.Student, src[r.Row-4]
		if strings.ContainsAny(s.Class, "（）") || s.Class == "" {
			t.Errorf("row %d: got class %q, want narrow brackets", r.Row, s.Class)
		}
		if !s.BirthDate.Valid() {
			t.Errorf("row %d: got birth date %q from %v", r.Row, s.BirthDate, in.birth)
		}
		if want := strings.ReplaceAll(in.phone, " ", ""); s.GuardianPhone != want {
			t.Errorf("row %d: got phone %q want %q", r.Row, s.GuardianPhone, want)
		}
		if !casework.ValidID(s.ID) || s.CreatedAt.IsZero() {
			t.Errorf("row %d: got id %q created %v", r.Row, s.ID, s.CreatedAt)
		}
	}
	byRow := map[int]casework.Student{}
	for _, r := range p.Rows {
		byRow[r.Row] = r.Student
	}
	if s := byRow[4]; s.BirthDate != casework.DateOf(mustExcelDate(t, src[0].birth.(float64))) || s.Grade != "七年级" || s.Class != "七(1)班" {
		t.Errorf("row 4: got %q %q %q", s.BirthDate, s.Grade, s.Class)
	}
	if s := byRow[6]; s.Class != "七(3)班" || s.Grade != "七年级" {
		t.Errorf("row 6: got class %q grade %q, want 7.3 read as 七(3)班 in 七年级", s.Class, s.Grade)
	}
	if s := byRow[8]; s.Class != "八(2)班" || s.Grade != "八年级" {
		t.Errorf("row 8: got class %q grade %q, want 初二(2)班 read as 八(2)班 in 八年级", s.Class, s.Grade)
	}
}

func mustExcelDate(t *testing.T, f float64) time.Time {
	t.Helper()
	tm, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestRosterWithBadRowsWritesNothingUnlessSkipped(t *testing.T) {
	st := newMemStore()
	p, err := PreviewRoster(bytes.NewReader(fixture(t)), st, RosterOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	before := st.hash()
	_, err = ApplyRoster(st, p, false)
	var re *RosterError
	if !errors.As(err, &re) || len(re.Rows) != 5 || casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v, want a RosterError with 5 rows", err)
	}
	if !strings.Contains(err.Error(), "第 29 行") {
		t.Errorf("got %q, want it to name row 29", err.Error())
	}
	if st.hash() != before || st.writes != 0 {
		t.Fatal("a refused roster changed the store")
	}
	res, err := ApplyRoster(st, p, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 25 || res.Skipped != 5 {
		t.Errorf("got %+v, want 25 added 5 skipped", res)
	}
	if n, _ := st.Count(casework.KindStudent); n != 25 {
		t.Errorf("got %d students, want 25", n)
	}
	// The same roster again: every good row is now an unchanged student.
	again, err := PreviewRoster(bytes.NewReader(fixture(t)), st, RosterOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if again.Unchanged != 25 || again.Adds != 0 {
		t.Errorf("got %d unchanged %d adds, want 25 0", again.Unchanged, again.Adds)
	}
}

func TestRosterUpdatesMatchByStudentNoElseNameAndClass(t *testing.T) {
	st := newMemStore()
	old := []*casework.Student{
		{Meta: casework.Meta{ID: "55555555-5555-4555-8555-555555555555"}, Name: "顾晓晨", Gender: casework.GenderMale, StudentNo: "D1", Grade: "七年级", Class: "七(1)班", Notes: "保留"},
		{Meta: casework.Meta{ID: "66666666-6666-4666-8666-666666666666"}, Name: "沈雨桐", Gender: casework.GenderFemale, Grade: "七年级", Class: "七(2)班"},
	}
	_ = st.Write(func(w Writer) error {
		for _, s := range old {
			_ = w.Put(s)
		}
		return nil
	})
	rows := [][]any{
		{"姓名", "性别", "学号", "班级", "手机号"},
		{"顾晓晨", "男", "D1", "七（3）班", "10012345678"}, // moved class, matched by number
		{"沈雨桐", "女", "", "七(2)班", "10087654321"},   // matched by name and class
		{"沈雨桐", "女", "", "七(4)班", ""},              // another class: a new student
	}
	p, err := PreviewRoster(bytes.NewReader(xlsxOf(t, rows)), st, RosterOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if p.Updates != 2 || p.Adds != 1 {
		t.Fatalf("got %d updates %d adds, want 2 1", p.Updates, p.Adds)
	}
	if got := p.Rows[0].Changed; !slices.Equal(got, []string{"class", "guardian_phone"}) {
		t.Errorf("got changed %v, want class and guardian_phone", got)
	}
	if p.Rows[0].Student.Notes != "保留" || p.Rows[0].Student.ID != old[0].ID {
		t.Error("an update lost the student's id or notes")
	}
	if _, err := ApplyRoster(st, p, false); err != nil {
		t.Fatal(err)
	}
	recs, _ := st.List(casework.KindStudent)
	if len(recs) != 3 {
		t.Errorf("got %d students, want 3", len(recs))
	}
}

func xlsxOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRosterWithoutAHeaderInTheFirstTenRowsIsRefused(t *testing.T) {
	rows := make([][]any, 12)
	for i := range rows {
		rows[i] = []any{"说明"}
	}
	rows[11] = []any{"姓名", "班级"}
	_, err := PreviewRoster(bytes.NewReader(xlsxOf(t, rows)), newMemStore(), RosterOptions{})
	if !errors.Is(err, ErrNoHeader) {
		t.Fatalf("got %v, want ErrNoHeader", err)
	}
	if _, err := PreviewRoster(strings.NewReader("not a workbook"), newMemStore(), RosterOptions{}); err == nil {
		t.Fatal("got nil for a file that is not xlsx, want an error")
	}
}

func TestRosterValueNormalisation(t *testing.T) {
	dates := []struct {
		in        string
		want      casework.Date
		monthOnly bool
	}{
		{"2012.3.5", "2012-03-05", false},
		{"2012/03/05", "2012-03-05", false},
		{"20120305", "2012-03-05", false},
		{"2012-3-5", "2012-03-05", false},
		{"2012年3月5日", "2012-03-05", false},
		{"２０１２．３．５", "2012-03-05", false},
		{"40973", "2012-03-05", false},
		{"2012.03", "", true},
		{"2012年3月", "", true},
		{"2012-02-30", "", false},
		{"明年", "", false},
		{"12", "", false},
	}
	for _, d := range dates {
		got, mo, ok := normDate(d.in)
		if got != d.want || mo != d.monthOnly || ok != (d.want != "") {
			t.Errorf("normDate(%q): got %q %v %v, want %q %v", d.in, got, mo, ok, d.want, d.monthOnly)
		}
	}
	grades := []struct{ grade, class, want string }{
		{"", "七（3）班", "七年级"}, {"", "7.3", "七年级"}, {"", "初一(2)班", "七年级"}, {"", "高二(1)班", "高二"},
		{"9", "", "九年级"}, {"八年级", "3班", "八年级"}, {"", "3班", ""}, {"", "实验班", ""},
	}
	for _, g := range grades {
		if got := normGrade(g.grade, normText(g.class)); got != g.want {
			t.Errorf("normGrade(%q, %q): got %q want %q", g.grade, g.class, got, g.want)
		}
	}
	for in, want := range map[string]casework.Gender{"男": "male", " 女 ": "female", "男生": "male", "F": "female", "x": ""} {
		if got, _ := normGender(in); got != want {
			t.Errorf("normGender(%q): got %q want %q", in, got, want)
		}
	}
	if got := normText(" 七（３）班 "); got != "七(3)班" {
		t.Errorf("normText: got %q want 七(3)班", got)
	}
}

func TestExportedStudentListReadsBackAsARoster(t *testing.T) {
	d := newRandDoc(21)
	st := newMemStore()
	if _, err := Import(bytes.NewReader(encode(t, d)), st, Options{}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ExportStudents(&b, d.Students); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	f.Close()
	if rows[0][0] != "姓名" || len(rows) != len(d.Students)+1 || rows[1][0] != d.Students[0].Name {
		t.Fatalf("got header %v and %d rows, want 姓名… and %d", rows[0], len(rows), len(d.Students)+1)
	}
	p, err := PreviewRoster(bytes.NewReader(b.Bytes()), st, RosterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Unchanged+p.Updates != len(d.Students) || p.Adds != 0 || p.Bad != 0 {
		t.Errorf("got %d unchanged %d updates %d adds %d bad, want every student matched", p.Unchanged, p.Updates, p.Adds, p.Bad)
	}
}

func TestExportListIsDeterministicAndKeepsTextCells(t *testing.T) {
	rows := [][]string{{"林晓", "00123", "10012345678"}, {"陈思", "0456", ""}}
	var a, b bytes.Buffer
	if err := ExportList(&a, "名单/测试:一", []string{"姓名", "学号", "电话"}, rows); err != nil {
		t.Fatal(err)
	}
	_ = ExportList(&b, "名单/测试:一", []string{"姓名", "学号", "电话"}, rows)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("got two different workbooks for one list, want identical bytes")
	}
	f, err := excelize.OpenReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList()[0]; got != "名单_测试_一" {
		t.Errorf("got sheet %q, want 名单_测试_一", got)
	}
	if v, _ := f.GetCellValue("名单_测试_一", "B2"); v != "00123" {
		t.Errorf("got %q, want the leading zeros kept", v)
	}
}

func TestKeyStudentListShowsTheLevelInForce(t *testing.T) {
	s := &casework.Student{Meta: casework.Meta{ID: "s1"}, Name: "韩可", Class: "八(2)班"}
	k := &casework.KeyStudent{StudentID: "s1", IncludedOn: "2026-03-01",
		Levels: []casework.LevelEntry{{Date: "2026-03-01", Level: "yellow"}, {Date: "2026-04-10", Level: "orange"}},
		Plan:   casework.Plan{Measures: "每周面谈"}, FollowUps: []casework.FollowUp{{Date: "2026-04-01"}}}
	gone := &casework.KeyStudent{StudentID: "s1", IncludedOn: "2026-01-01", ReleasedOn: "2026-02-01"}
	var b bytes.Buffer
	if err := ExportKeyStudents(&b, []*casework.KeyStudent{k, gone}, map[string]*casework.Student{"s1": s}, casework.DefaultRiskLevels(), "2026-04-05"); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(&b)
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetList()[0])
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want a header and one student on the register", len(rows))
	}
	yellow, _ := casework.LevelByCode(casework.DefaultRiskLevels(), "yellow")
	if rows[1][0] != "韩可" || rows[1][3] != yellow.Label || rows[1][6] != "2026-04-01" {
		t.Errorf("got %v, want 韩可 at %s with last follow-up 2026-04-01", rows[1], yellow.Label)
	}
}

func TestExportRecordsLabelsEnumsAndLeavesOutPrivateNotes(t *testing.T) {
	d := newRandDoc(30)
	d.Sessions = append(d.Sessions, &casework.Session{Meta: casework.Meta{ID: "77777777-7777-4777-8777-777777777777"},
		CaseID: "c", Date: "2026-03-02", DurationMin: 45, Mode: casework.SessionModeVideo, PrivateNote: "只给自己看的备忘"})
	var b bytes.Buffer
	if err := ExportRecords(&b, casework.KindSession, toRecords(d.Sessions)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetList()[0])
	all := fmt.Sprint(rows)
	if strings.Contains(all, "只给自己看的备忘") {
		t.Error("got the private note in a list export, want it left out")
	}
	video := casework.EnumLabel(casework.LangZH, "session_mode", "video")
	if !strings.Contains(all, video) || strings.Contains(all, " video ") {
		t.Errorf("got %v, want the mode shown as %q", rows[len(rows)-1], video)
	}
	if rows[0][0] != fieldLabel("session", "id") || len(rows) != len(d.Sessions)+1 {
		t.Errorf("got header %v and %d rows, want labels and %d rows", rows[0], len(rows), len(d.Sessions)+1)
	}
}

// TestRosterMatchesClassesWrittenAnotherWay checks that a row matches a
// student whose class was stored before classes were normalised (7.3,
// 初一(3)班) by name and class.
func TestRosterMatchesClassesWrittenAnotherWay(t *testing.T) {
	old := []casework.Record{
		&casework.Student{Meta: casework.Meta{ID: "a"}, Name: "测试甲", Grade: "初一", Class: "7.3"},
		&casework.Student{Meta: casework.Meta{ID: "b"}, Name: "测试乙", Grade: "七年级", Class: "初一（4）班"},
	}
	m := newMatcher(old)
	for _, tc := range []struct{ name, id string }{{"测试甲", "a"}, {"测试乙", "b"}} {
		class := "七(3)班"
		if tc.id == "b" {
			class = "七(4)班"
		}
		row := RosterRow{Row: 5, Action: RowAdd, Student: casework.Student{Name: tc.name, Grade: "七年级", Class: class}}
		m.match(&row)
		if row.Student.ID != tc.id || row.Action != RowUpdate {
			t.Errorf("%s in %s: got id %q action %v, want the stored student %q updated", tc.name, class, row.Student.ID, row.Action, tc.id)
		}
	}
}

func TestRedealMatchesStudentsOnRollByNumberOnly(t *testing.T) {
	st := newMemStore()
	old := []*casework.Student{
		{Meta: casework.Meta{ID: "11111111-1111-4111-8111-111111111111"}, Name: "顾晓晨", Gender: casework.GenderMale, StudentNo: "D1",
			Grade: "八年级", Class: "八(3)班", ClassHistory: []casework.ClassEntry{{From: "2025-09-01", Grade: "七年级", Class: "七(3)班"}, {From: "2026-09-01", Grade: "八年级", Class: "八(3)班"}}},
		{Meta: casework.Meta{ID: "22222222-2222-4222-8222-222222222222"}, Name: "沈雨桐", Gender: casework.GenderFemale, StudentNo: "D2",
			Grade: "九年级", Class: "九(1)班", Status: casework.StudentStatusGraduated, LeftOn: "2026-09-01"},
	}
	_ = st.Write(func(w Writer) error {
		for _, s := range old {
			_ = w.Put(s)
		}
		return nil
	})
	good := [][]any{{"姓名", "性别", "学籍号", "班级"}, {"顾晓晨", "男", "D1", "八(5)班"}}
	p, err := PreviewRoster(bytes.NewReader(xlsxOf(t, good)), st, RosterOptions{Now: fixedNow, Redeal: "2026-09-01"})
	if err != nil || p.Updates != 1 || p.Bad != 0 {
		t.Fatalf("re-deal: %+v %v", p, err)
	}
	if s := p.Rows[0].Student; s.Class != "八(5)班" {
		t.Errorf("re-dealt to %s", s.Class)
	} else if s.Normalize(); s.ClassHistory[1] != (casework.ClassEntry{From: "2026-09-01", Grade: "八年级", Class: "八(5)班"}) {
		t.Errorf("the new year's entry is %+v", s.ClassHistory[1])
	}
	bad := [][]any{{"姓名", "性别", "学籍号", "班级"}, {"沈雨桐", "女", "D2", "九(2)班"}, {"新同学", "女", "D9", "八(1)班"}, {"无号", "男", "", "八(1)班"}}
	p, err = PreviewRoster(bytes.NewReader(xlsxOf(t, bad)), st, RosterOptions{Now: fixedNow, Redeal: "2026-09-01"})
	if err != nil || p.Bad != 3 || p.Adds != 0 {
		t.Fatalf("bad re-deal: %+v %v", p, err)
	}
	if e := p.Rows[1].Errors[0]; !strings.HasPrefix(e, "第 3 行：") || !strings.Contains(e, "D9") {
		t.Errorf("got %q, want the row named", e)
	}
	before := st.hash()
	if _, err := ApplyRoster(st, p, false); err == nil || st.hash() != before {
		t.Error("a re-deal that matches no one was written")
	}
}
