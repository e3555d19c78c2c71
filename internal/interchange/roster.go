package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"xinqing/internal/casework"
)

// Limits on a roster workbook. Both unzip limits are equal on purpose:
// excelize spills a worksheet larger than the XML limit into the system
// temp folder, and a roster (names of minors) must never reach the disk
// in plaintext; with equal limits such a workbook is refused instead.
const (
	rosterUnzipLimit = 64 << 20
	rosterMaxRows    = 20000
	headerSearchRows = 10
	// rosterMaxCols: a roster has a dozen columns; a cell with content
	// past column 200 (GR) is refused.
	rosterMaxCols = 200
	// rosterMaxCell bounds one cell's text in characters.
	rosterMaxCell = 2000
)

// ErrRosterLimit: the workbook is over one of the limits above; the
// message names it.
var ErrRosterLimit = errors.New("名册超出了可以读取的范围")

// ErrNoHeader: no row among the first ten looks like a roster header.
var ErrNoHeader = errors.New("roster: no header row")

// RowAction is what applying a roster row does.
type RowAction string

// The row actions.
const (
	RowAdd       RowAction = "add"       // a new student
	RowUpdate    RowAction = "update"    // an existing student changes
	RowUnchanged RowAction = "unchanged" // an existing student, nothing new
	RowBad       RowAction = "bad"       // the row has errors
)

// RosterRow is one data row of the roster and what it will do.
type RosterRow struct {
	Row      int // the row number as Excel shows it (1-based)
	Action   RowAction
	Student  casework.Student // the student as it will be written
	Changed  []string         // JSON keys an update changes
	Errors   []string         // Chinese, each starting 第 N 行
	Warnings []string         // Chinese; the row is still imported
}

// Preview is a read roster matched against the vault's students; nothing
// is written until ApplyRoster.
type Preview struct {
	Sheet     string
	HeaderRow int
	// Columns maps a student JSON key to the header text it was read from.
	Columns                       map[string]string
	Rows                          []RosterRow
	Adds, Updates, Unchanged, Bad int
}

// BadRows returns the rows with errors.
func (p *Preview) BadRows() []RosterRow {
	var out []RosterRow
	for _, r := range p.Rows {
		if r.Action == RowBad {
			out = append(out, r)
		}
	}
	return out
}

// RosterOptions tune a roster preview. The zero value is usable.
type RosterOptions struct {
	// Now stamps new and updated students; nil means time.Now.
	Now func() time.Time
	// IDs is the randomness new student ids are made from; nil means
	// crypto/rand.
	IDs io.Reader
	// Redeal reads the roster of a new school year that re-deals the
	// classes (docs/DOMAIN.md "Time"): every row must name by 学籍号 a
	// student on roll on that day, else the row is bad; nobody is added.
	// Empty reads an ordinary roster.
	Redeal casework.Date
}

// rosterColumns maps each student key to the header texts it is known by,
// compared after normalisation (see normHeader).
var rosterColumns = []struct {
	key   string
	names []string
}{
	{"name", []string{"姓名", "学生姓名", "名字", "学生"}},
	{"gender", []string{"性别", "性別"}},
	{"student_no", []string{"学籍号", "学号", "学籍编号", "全国学籍号", "学生学籍号", "全国学籍号码", "学籍号码", "个人标识码"}},
	{"grade", []string{"年级", "所在年级", "年级名称"}},
	{"class", []string{"班级", "所在班级", "班别", "班级名称", "班"}},
	{"birth_date", []string{"出生日期", "出生年月", "出生年月日", "生日"}},
	{"homeroom_teacher", []string{"班主任", "班主任姓名"}},
	{"guardian_name", []string{"监护人", "家长姓名", "监护人姓名", "家长", "监护人1姓名"}},
	{"guardian_relation", []string{"关系", "与学生关系", "监护人关系", "与本人关系", "家长关系"}},
	{"guardian_phone", []string{"联系电话", "家长电话", "手机号", "手机号码", "监护人电话", "联系方式", "电话", "家长手机", "监护人1电话"}},
}

// normHeader trims a header cell, makes full-width characters narrow and
// drops spaces and required-field marks ("*姓名", "姓名（必填）").
func normHeader(s string) string {
	s = width.Narrow.String(strings.TrimSpace(s))
	s = strings.NewReplacer(" ", "", "\u3000", "", "*", "", "(必填)", "", "(选填)", "", "\n", "").Replace(s)
	return s
}

func headerKey(cell string) string {
	h := normHeader(cell)
	for _, c := range rosterColumns {
		for _, n := range c.names {
			if h == n {
				return c.key
			}
		}
	}
	return ""
}

// Lister is what a roster preview reads from the store: the students.
type Lister interface {
	List(kind casework.Kind) ([]casework.Record, error)
}

// PreviewRoster reads the first sheet of an .xlsx roster, finds the
// header row among the first ten rows, normalises every value and matches
// each row with the vault's students: by 学籍号, else by name and class.
// Row problems are collected in the rows; an error is returned only when
// the file cannot be read as a roster at all.
func PreviewRoster(r io.Reader, st Lister, opt RosterOptions) (p *Preview, err error) {
	data, err := io.ReadAll(io.LimitReader(r, rosterUnzipLimit+1))
	if err != nil {
		return nil, fmt.Errorf("roster: read: %w", err)
	}
	if len(data) > rosterUnzipLimit {
		return nil, fmt.Errorf("roster: file larger than %d MiB", rosterUnzipLimit>>20)
	}
	rows, sheet, err := readFirstSheet(data)
	if err != nil {
		return nil, err
	}
	p = &Preview{Sheet: sheet, Columns: map[string]string{}}
	cols := map[string]int{}
	for i := 0; i < len(rows) && i < headerSearchRows; i++ {
		found := map[string]int{}
		for j, cell := range rows[i] {
			if k := headerKey(cell); k != "" {
				if _, dup := found[k]; !dup {
					found[k] = j
				}
			}
		}
		_, hasName := found["name"]
		_, hasClass := found["class"]
		_, hasNo := found["student_no"]
		if hasName && (hasClass || hasNo) && len(found) >= 2 {
			cols, p.HeaderRow = found, i+1
			for k, j := range found {
				p.Columns[k] = strings.TrimSpace(rows[i][j])
			}
			break
		}
	}
	if p.HeaderRow == 0 {
		return nil, fmt.Errorf("%w: 前 %d 行中没有找到同时包含“姓名”和“班级”（或“学籍号”）的表头行", ErrNoHeader, headerSearchRows)
	}
	if len(rows)-p.HeaderRow > rosterMaxRows {
		return nil, fmt.Errorf("%w: 名册最多 %d 行学生", ErrRosterLimit, rosterMaxRows)
	}
	existing, err := st.List(casework.KindStudent)
	if err != nil {
		return nil, fmt.Errorf("roster: list students: %w", err)
	}
	m := newMatcher(existing)
	now := casework.Stamp(time.Now())
	if opt.Now != nil {
		now = casework.Stamp(opt.Now())
	}
	seenNo := map[string]int{}
	seenNameClass := map[string]int{}
	for i := p.HeaderRow; i < len(rows); i++ {
		cells := map[string]string{}
		blank := true
		for k, j := range cols {
			if j < len(rows[i]) {
				v := strings.TrimSpace(rows[i][j])
				cells[k] = v
				if v != "" {
					blank = false
				}
			}
		}
		if blank {
			continue
		}
		row := readRow(i+1, cells)
		if row.Action != RowBad {
			no, nc := row.Student.StudentNo, row.Student.Name+"\x00"+row.Student.Class
			if j, dup := seenNo[no]; no != "" && dup {
				row.bad("学籍号与第 %d 行重复", j)
			} else if j, dup := seenNameClass[nc]; no == "" && dup {
				row.bad("与第 %d 行同名同班，请填写学籍号以区分", j)
			}
			if no != "" {
				seenNo[no] = row.Row
			}
			seenNameClass[nc] = row.Row
		}
		if row.Action != RowBad && opt.Redeal != "" {
			no := row.Student.StudentNo
			if s := m.byNo[no]; no == "" {
				row.bad("重新分班按学籍号匹配学生，本行没有学籍号")
			} else if s == nil || !s.OnRoll(opt.Redeal) {
				row.bad("学籍号 %s 与任何在校学生都不匹配（重新分班只调整已有学生的班级）", no)
			}
		}
		if row.Action != RowBad {
			m.match(&row)
		}
		if row.Action != RowBad {
			if err := row.Student.Validate(casework.Env{}); err != nil {
				if v, ok := casework.AsValidationErrors(err); ok {
					for _, f := range v {
						row.bad("%s", f.MessageZH)
					}
				} else {
					row.bad("学生信息无效")
				}
			}
		}
		switch row.Action {
		case RowAdd:
			id := ""
			if opt.IDs != nil {
				id, err = casework.NewIDFrom(opt.IDs)
				if err != nil {
					return nil, fmt.Errorf("roster: %w", err)
				}
			} else {
				id = casework.NewID()
			}
			row.Student.ID = id
			row.Student.Touch(now)
			p.Adds++
		case RowUpdate:
			row.Student.Touch(now)
			p.Updates++
		case RowUnchanged:
			p.Unchanged++
		case RowBad:
			p.Bad++
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// readFirstSheet opens the workbook from memory and returns the first
// sheet's rows with raw cell values (date cells as serial numbers).
func readFirstSheet(data []byte) (rows [][]string, sheet string, err error) {
	defer func() {
		// A malformed workbook must never take the app down.
		if r := recover(); r != nil {
			rows, sheet, err = nil, "", fmt.Errorf("roster: unreadable workbook")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: rosterUnzipLimit, UnzipXMLSizeLimit: rosterUnzipLimit, RawCellValue: true,
	})
	if err != nil {
		return nil, "", fmt.Errorf("roster: 不是有效的 .xlsx 文件: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, "", fmt.Errorf("roster: 工作簿中没有工作表")
	}
	rows, err = streamRows(f, sheets[0])
	if err != nil {
		return nil, "", err
	}
	return rows, sheets[0], nil
}

// streamRows reads a sheet row by row (excelize's Rows iterator, never
// the padded grid of GetRows): each row is cut after its last non-empty
// cell, so memory grows with the content, not with the declared
// dimension; a cell with content past rosterMaxCols, a cell over
// rosterMaxCell characters, or a row past the row limit refuses the
// workbook at once.
func streamRows(f *excelize.File, sheet string) ([][]string, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("roster: read sheet: %w", err)
	}
	defer it.Close()
	var rows [][]string
	for n := 1; it.Next(); n++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("roster: read sheet: %w", err)
		}
		last := -1
		for j, c := range cells {
			if strings.TrimSpace(c) == "" {
				continue
			}
			if j >= rosterMaxCols {
				col, _ := excelize.ColumnNumberToName(j + 1)
				return nil, fmt.Errorf("%w: 第 %d 行的 %s 列有内容，名册最多读取前 %d 列", ErrRosterLimit, n, col, rosterMaxCols)
			}
			if utf8.RuneCountInString(c) > rosterMaxCell {
				return nil, fmt.Errorf("%w: 第 %d 行有一个单元格超过 %d 个字", ErrRosterLimit, n, rosterMaxCell)
			}
			last = j
		}
		if last >= 0 && n > rosterMaxRows+headerSearchRows {
			return nil, fmt.Errorf("%w: 名册最多 %d 行学生", ErrRosterLimit, rosterMaxRows)
		}
		if last < 0 {
			rows = append(rows, nil)
			continue
		}
		rows = append(rows, slices.Clone(cells[:last+1]))
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("roster: read sheet: %w", err)
	}
	// Trailing empty rows are no part of the roster.
	for len(rows) > 0 && rows[len(rows)-1] == nil {
		rows = rows[:len(rows)-1]
	}
	return rows, nil
}

func (r *RosterRow) bad(format string, args ...any) {
	r.Action = RowBad
	r.Errors = append(r.Errors, fmt.Sprintf("第 %d 行：", r.Row)+fmt.Sprintf(format, args...))
}

func (r *RosterRow) warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf("第 %d 行：", r.Row)+fmt.Sprintf(format, args...))
}

// readRow normalises the cells of one row into a student.
func readRow(n int, c map[string]string) RosterRow {
	row := RosterRow{Row: n, Action: RowAdd}
	s := &row.Student
	s.Name = normText(c["name"])
	if s.Name == "" {
		row.bad("姓名为空")
	}
	switch g, ok := normGender(c["gender"]); {
	case c["gender"] == "":
		row.bad("性别为空（应为 男 或 女）")
	case !ok:
		row.bad("性别“%s”无法识别（应为 男 或 女）", short(c["gender"]))
	default:
		s.Gender = g
	}
	s.StudentNo = strings.ToUpper(strings.ReplaceAll(normText(c["student_no"]), " ", ""))
	s.Grade = normGrade(c["grade"], normText(c["class"]))
	_, s.Class = casework.NormalizeClass(s.Grade, normText(c["class"]))
	if s.Class == "" {
		row.bad("班级为空")
	} else if s.Grade == "" {
		row.bad("无法从班级“%s”判断年级，请增加“年级”列", short(s.Class))
	}
	if v := c["birth_date"]; v != "" {
		d, monthOnly, ok := normDate(v)
		switch {
		case ok:
			s.BirthDate = d
		case monthOnly:
			row.warn("出生年月“%s”只到月份，未导入出生日期", short(v))
		default:
			row.bad("出生日期“%s”无法识别（可写 2012-03-05、2012.3.5、2012/03/05 或 20120305）", short(v))
		}
	}
	s.HomeroomTeacher = normText(c["homeroom_teacher"])
	s.GuardianName = normText(c["guardian_name"])
	s.GuardianRelation = normText(c["guardian_relation"])
	s.GuardianPhone = normPhone(c["guardian_phone"])
	s.Status = casework.StudentStatusEnrolled
	return row
}

func short(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// normText trims and makes full-width letters, digits and brackets
// narrow: "七（３）班" → "七(3)班".
func normText(s string) string {
	return strings.TrimSpace(width.Narrow.String(strings.TrimSpace(s)))
}

func normGender(s string) (casework.Gender, bool) {
	switch strings.ToLower(normText(s)) {
	case "男", "男性", "男生", "m", "male", "1":
		return casework.GenderMale, true
	case "女", "女性", "女生", "f", "female", "2":
		return casework.GenderFemale, true
	}
	return "", false
}

// normGrade normalises a grade cell ("7", "七", "七年级", "初一") or, when
// the roster has no grade column, derives the grade from the class ("七(3)班",
// "7.3", "初一(2)班"), by the rules of casework.NormalizeClass.
func normGrade(grade, class string) string {
	if g := normText(grade); g != "" {
		return casework.NormalizeGrade(g)
	}
	if g, _ := casework.NormalizeClass("", class); casework.GradeRank(g) > 0 {
		return g
	}
	return ""
}

var monthOnlyDate = regexp.MustCompile(`^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$`)

// normDate reads a birth date as the forms do (casework.ParseDateInput:
// 20120305, year-month-day with - . / or 年月日) or written as an Excel
// serial number. monthOnly is true for a year and month without a day.
func normDate(s string) (d casework.Date, monthOnly, ok bool) {
	s = normText(s)
	if d, err := casework.ParseDateInput(s); err == nil && d != "" {
		return d, false, true
	}
	if m := monthOnlyDate.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[2])
		return "", mo >= 1 && mo <= 12, false
	}
	if strings.ContainsAny(s, "-./年月日") {
		return "", false, false // a date that does not exist (2012-02-30)
	}
	// An Excel serial date (a date cell read raw): 61 is 1900-03-01,
	// 73051 is 2100-01-01.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 61 || f >= 73051 {
		return "", false, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return "", false, false
	}
	return casework.DateOf(t), false, true
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// normPhone keeps digits, +, - and the extension mark of a phone cell.
func normPhone(s string) string {
	s = normText(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && strings.ContainsAny(s, "eE") {
		s = strconv.FormatFloat(f, 'f', 0, 64) // 1.38e10 from a numeric cell
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == '+' || r == '-' || r == '/' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// matcher finds the existing student a row refers to.
type matcher struct {
	byNo        map[string]*casework.Student
	byNameClass map[string][]*casework.Student
}

func newMatcher(recs []casework.Record) *matcher {
	m := &matcher{byNo: map[string]*casework.Student{}, byNameClass: map[string][]*casework.Student{}}
	for _, r := range recs {
		s, ok := r.(*casework.Student)
		if !ok {
			continue
		}
		if s.StudentNo != "" {
			m.byNo[strings.ToUpper(s.StudentNo)] = s
		}
		_, class := casework.NormalizeClass(s.Grade, normText(s.Class)) // rows are normalised too
		k := s.Name + "\x00" + class
		m.byNameClass[k] = append(m.byNameClass[k], s)
	}
	return m
}

func (m *matcher) match(row *RosterRow) {
	in := row.Student
	var old *casework.Student
	if in.StudentNo != "" {
		old = m.byNo[in.StudentNo]
	}
	if old == nil {
		cands := m.byNameClass[in.Name+"\x00"+in.Class]
		switch {
		case len(cands) > 1:
			row.bad("系统中同班有 %d 名同名学生，请填写学籍号以区分", len(cands))
			return
		case len(cands) == 1 && (in.StudentNo == "" || cands[0].StudentNo == ""):
			old = cands[0]
		}
	}
	if old == nil {
		return
	}
	// Update: the roster fills in and corrects, it never clears.
	merged := *old
	merged.SpecialGroups = append([]casework.SpecialGroup(nil), old.SpecialGroups...)
	set := func(key string, dst *string, v string) {
		if v != "" && *dst != v {
			*dst = v
			row.Changed = append(row.Changed, key)
		}
	}
	set("name", &merged.Name, in.Name)
	if in.Gender != "" && merged.Gender != in.Gender {
		merged.Gender = in.Gender
		row.Changed = append(row.Changed, "gender")
	}
	if in.BirthDate != "" && merged.BirthDate != in.BirthDate {
		merged.BirthDate = in.BirthDate
		row.Changed = append(row.Changed, "birth_date")
	}
	set("student_no", &merged.StudentNo, in.StudentNo)
	set("grade", &merged.Grade, in.Grade)
	set("class", &merged.Class, in.Class)
	set("homeroom_teacher", &merged.HomeroomTeacher, in.HomeroomTeacher)
	set("guardian_name", &merged.GuardianName, in.GuardianName)
	set("guardian_relation", &merged.GuardianRelation, in.GuardianRelation)
	set("guardian_phone", &merged.GuardianPhone, in.GuardianPhone)
	row.Student = merged
	if len(row.Changed) == 0 {
		row.Action = RowUnchanged
	} else {
		row.Action = RowUpdate
	}
}

// RosterError refuses a roster with bad rows: nothing was written.
type RosterError struct {
	Rows []RosterRow // the bad rows
}

func (e *RosterError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "花名册中有 %d 行有问题，未写入任何数据（可修改后重新导入，或选择跳过有问题的行）：", len(e.Rows))
	n := 0
	for _, r := range e.Rows {
		for _, m := range r.Errors {
			if n == DefaultMaxErrors {
				b.WriteString("\n……")
				return b.String()
			}
			b.WriteString("\n")
			b.WriteString(m)
			n++
		}
	}
	return b.String()
}

// Unwrap makes a RosterError an EINVALID domain error.
func (e *RosterError) Unwrap() error {
	return &casework.Error{Code: casework.EINVALID, MessageZH: "花名册中有问题行", MessageEN: "the roster has bad rows"}
}

// RosterResult says what ApplyRoster wrote.
type RosterResult struct {
	Added, Updated, Skipped int
}

// ApplyRoster writes a preview's adds and updates in one transaction. If
// any row is bad, nothing is written unless skipBadRows, in which case the
// bad rows are left out and counted.
func ApplyRoster(st Store, p *Preview, skipBadRows bool) (RosterResult, error) {
	var res RosterResult
	if bad := p.BadRows(); len(bad) > 0 {
		if !skipBadRows {
			return res, &RosterError{Rows: bad}
		}
		res.Skipped = len(bad)
	}
	err := st.Write(func(w Writer) error {
		for i := range p.Rows {
			r := &p.Rows[i]
			if r.Action != RowAdd && r.Action != RowUpdate {
				continue
			}
			s := r.Student
			if err := w.Put(&s); err != nil {
				return fmt.Errorf("row %d: %w", r.Row, err)
			}
			if r.Action == RowAdd {
				res.Added++
			} else {
				res.Updated++
			}
		}
		return nil
	})
	if err != nil {
		return RosterResult{}, fmt.Errorf("roster: write: %w", err)
	}
	return res, nil
}
