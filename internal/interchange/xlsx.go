package interchange

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/casework"
)

// fixedTime stamps workbook properties so the same list gives the same
// bytes (and no export carries the time it was made in its metadata).
var fixedTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)

// sheetName makes title a valid sheet name: no []:*?/\ and at most 31
// characters.
func sheetName(title string) string {
	s := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(title))
	s = strings.Trim(s, "'")
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "Sheet1"
	}
	return s
}

// ExportList writes one sheet titled sheetTitle with a bold, frozen header
// row and the rows as text cells (so 学籍号 and phone numbers keep their
// leading zeros and digits).
func ExportList(w io.Writer, sheetTitle string, headers []string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	name := sheetName(sheetTitle)
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return fmt.Errorf("export list: %w", err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{Created: fixedTime, Modified: fixedTime, Creator: "心晴", Title: sheetTitle}); err != nil {
		return fmt.Errorf("export list: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("export list: %w", err)
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return fmt.Errorf("export list: %w", err)
	}
	put := func(row int, vals []string) error {
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		xs := make([]any, len(vals))
		for i, v := range vals {
			xs[i] = v
		}
		return f.SetSheetRow(name, cell, &xs)
	}
	if err := put(1, headers); err != nil {
		return fmt.Errorf("export list: %w", err)
	}
	widths := make([]int, len(headers))
	for i, h := range headers {
		widths[i] = displayWidth(h)
	}
	for i, r := range rows {
		if err := put(i+2, r); err != nil {
			return fmt.Errorf("export list: row %d: %w", i+1, err)
		}
		for j, v := range r {
			if j < len(widths) {
				widths[j] = max(widths[j], displayWidth(v))
			}
		}
	}
	if len(headers) > 0 {
		last, _ := excelize.ColumnNumberToName(len(headers))
		if err := f.SetCellStyle(name, "A1", last+"1", bold); err != nil {
			return fmt.Errorf("export list: %w", err)
		}
		if len(rows) > 0 {
			if err := f.SetCellStyle(name, "A2", last+strconv.Itoa(len(rows)+1), text); err != nil {
				return fmt.Errorf("export list: %w", err)
			}
		}
		for i, wd := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(name, col, col, float64(min(max(wd+2, 6), 60))); err != nil {
				return fmt.Errorf("export list: %w", err)
			}
		}
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return fmt.Errorf("export list: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export list: write: %w", err)
	}
	return nil
}

// displayWidth counts a CJK character as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r > 0x2e80 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func zh(key string) string { return casework.Label(casework.LangZH, key) }

func enumZH[T ~string](enum string, v T) string {
	if v == "" {
		return ""
	}
	return casework.EnumLabel(casework.LangZH, enum, string(v))
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// studentColumns are the keys of the student list, in order.
var studentColumns = []string{"name", "gender", "student_no", "grade", "class", "birth_date", "homeroom_teacher",
	"boarding", "guardian_name", "guardian_relation", "guardian_phone", "family_structure", "special_groups", "status"}

// ExportStudents writes the student list (学生名单) with the zh-CN labels
// of assets/labels as headers and enum codes shown as their labels.
func ExportStudents(w io.Writer, students []*casework.Student) error {
	headers := make([]string, len(studentColumns))
	for i, k := range studentColumns {
		headers[i] = zh("field.student." + k)
	}
	rows := make([][]string, 0, len(students))
	for _, s := range students {
		groups := make([]string, len(s.SpecialGroups))
		for i, g := range s.SpecialGroups {
			groups[i] = enumZH(g.Enum(), g)
		}
		rows = append(rows, []string{s.Name, enumZH(s.Gender.Enum(), s.Gender), s.StudentNo, s.Grade, s.Class,
			string(s.BirthDate), s.HomeroomTeacher, yesNo(s.Boarding), s.GuardianName, s.GuardianRelation, s.GuardianPhone,
			enumZH(s.FamilyStructure.Enum(), s.FamilyStructure), strings.Join(groups, "、"), enumZH(s.Status.Enum(), s.Status)})
	}
	return ExportList(w, zh("record.student"), headers, rows)
}

// ExportKeyStudents writes the named key-student list (重点学生名单) as it
// stands on date on: students on the register that day, with the level in
// force, its label from levels, the plan and the last follow-up. The
// caller asks for purpose and recipient and logs the export (docs/DOMAIN.md
// rule 5); this function only writes the sheet.
func ExportKeyStudents(w io.Writer, keys []*casework.KeyStudent, students map[string]*casework.Student, levels []casework.RiskLevel, on casework.Date) error {
	headers := []string{zh("field.student.name"), zh("field.student.class"), zh("field.key_student.included_on"),
		"关注等级", zh("field.key_student.reasons"), zh("field.plan.measures"), "最近跟踪", zh("field.plan.review_on")}
	var rows [][]string
	for _, k := range keys {
		s := students[k.StudentID]
		if !k.OnRollAt(on) || s != nil && !s.OnRoll(on) {
			continue // off the register, or the student has left
		}
		name, class := "", ""
		if s != nil {
			_, class = s.ClassOn(on)
			name = s.Name
		}
		level := ""
		if code, ok := k.LevelAt(on); ok {
			level = code
			if l, ok := casework.LevelByCode(levels, code); ok {
				level = l.Label
			}
		}
		reasons := make([]string, len(k.Reasons))
		for i, r := range k.Reasons {
			reasons[i] = enumZH(r.Enum(), r)
		}
		last := ""
		if d, ok := k.LastFollowUp(on); ok {
			last = string(d)
		}
		rows = append(rows, []string{name, class, string(k.IncludedOn), level, strings.Join(reasons, "、"),
			k.Plan.Measures, last, string(k.Plan.ReviewOn)})
	}
	return ExportList(w, zh("record.key_student"), headers, rows)
}
