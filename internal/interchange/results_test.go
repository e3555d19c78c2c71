package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/casework"
	"xinqing/internal/memtest"
	"xinqing/internal/store"
)

const (
	scID = "5c5c5c5c-0000-4000-8000-000000000001"
	// Students of the results tests (synthetic names).
	stuA = "a0000000-0000-4000-8000-00000000000a" // 学籍号 0012345, 七(3)班
	stuB = "b0000000-0000-4000-8000-00000000000b" // 学籍号 0012346
	stuC = "c0000000-0000-4000-8000-00000000000c" // no 学籍号, 七(3)班
	stuD = "d0000000-0000-4000-8000-00000000000d" // 同名 in 七(4)班
	stuE = "e0000000-0000-4000-8000-00000000000e" // 同名 in 七(4)班
	stuF = "f0000000-0000-4000-8000-00000000000f" // was in 六(2)班 on the day, 七(2)班 now
)

// resultsVault is a real store with one screening and six students.
func resultsVault(t *testing.T, consent bool) (*store.Store, Store) {
	t.Helper()
	raw, st := newRealStore(t)
	m := func(id string) casework.Meta {
		return casework.Meta{ID: id, CreatedAt: exportTime, UpdatedAt: exportTime}
	}
	stu := func(id, name, no, class string) *casework.Student {
		return &casework.Student{Meta: m(id), Name: name, Gender: casework.GenderFemale, StudentNo: no, Grade: "七年级", Class: class,
			Status: casework.StudentStatusEnrolled}
	}
	f := stu(stuF, "陆远", "", "七(2)班")
	f.ClassHistory = []casework.ClassEntry{{From: "2025-09-01", Grade: "六年级", Class: "六(2)班"}, {From: "2026-12-01", Grade: "七年级", Class: "七(2)班"}}
	recs := []casework.Record{
		&casework.Screening{Meta: m(scID), Name: "秋季心理普查", Instrument: "phq9", DateFrom: "2026-11-01", DateTo: "2026-11-10", Expected: 10, ConsentCollected: consent},
		stu(stuA, "林小雨", "0012345", "七(3)班"), stu(stuB, "王一鸣", "0012346", "七(3)班"), stu(stuC, "赵晴", "", "七(3)班"),
		stu(stuD, "陈思", "", "七(4)班"), stu(stuE, "陈思", "", "七(4)班"), f,
		&casework.Consent{Meta: m("c1000000-0000-4000-8000-000000000001"), StudentID: stuA, Kind: casework.ConsentKindScreening, Date: "2026-10-20", GuardianSigned: true},
		// Signed after the screening: it does not cover it.
		&casework.Consent{Meta: m("c1000000-0000-4000-8000-000000000002"), StudentID: stuB, Kind: casework.ConsentKindScreening, Date: "2026-11-20", GuardianSigned: true},
	}
	if err := st.Write(func(w Writer) error {
		for _, r := range recs {
			if err := w.Put(r); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return raw, st
}

// platformSheet writes a sheet as a city platform exports it: a merged
// title row, a merged group row over two header rows (序号, 学籍号, 姓名,
// 班级 merged down; 因子分 over three subscales), 学籍号 as numbers that
// lost their leading zeros and as full-width text, a hidden internal-id
// column, a total row and a footnote at the bottom.
func platformSheet(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	put := func(cell string, v any) {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell("Sheet1", a, b); err != nil {
			t.Fatal(err)
		}
	}
	put("A1", "2026年秋季学期学生心理健康测评结果")
	merge("A1", "K1")
	for col, h := range map[string]string{"A": "序号", "B": "学籍号", "C": "姓名", "D": "班级", "H": "总分", "I": "预警等级", "J": "内部编号", "K": "测评时间"} {
		put(col+"2", h)
		merge(col+"2", col+"3")
	}
	put("E2", "因子分")
	merge("E2", "G2")
	put("E3", "焦虑")
	put("F3", "抑郁")
	put("G3", "躯体化")
	if err := f.SetColVisible("Sheet1", "J", false); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
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

func standardRows() [][]any {
	return [][]any{
		{1, 12345, "林小雨", "七（3）班", 3, 4.5, 2, 14, "二级预警", 90001, "2026-11-05"}, // row 4: number lost its zeros
		{2, "００１２３４６", "王一鸣", "七(3)班", 1, 1, 0, 4, "无", 90002, "2026-11-05"},   // row 5: full-width digits
		{3, "", "赵晴", "7.3", 2, 3, 1, "１１", "是", 90003, "2026-11-05"},          // row 6: name + class
		{4, "", "陈思", "七年级4班", 0, 1, 0, 2, "否", 90004, "2026-11-06"},           // row 7: two students
		{5, "", "孙不在", "七(3)班", 0, 0, 0, 3, "否", 90005, "2026-11-06"},          // row 8: no such student
		{6, "", "陆远", "六(2)班", 1, 2, 1, 5, "", 90006, "2026-11-06"},            // row 9: class on the day
		{7, "0099999", "缺考生", "七(3)班", nil, nil, nil, nil, nil, 90007, nil},    // row 10: no score
		{}, // row 11: blank
		{"合计", nil, nil, nil, 7, 11.5, 4, 39, nil, nil, nil}, // row 12: total
		{"注：本表由平台导出，仅供参考"},                                   // row 13: footnote
	}
}

func TestPlatformSheetHeaderMappingAndMatching(t *testing.T) {
	_, st := resultsVault(t, false)
	sh, err := ReadResults(bytes.NewReader(platformSheet(t, standardRows())), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sh.HeaderRow != 3 {
		t.Fatalf("header row %d, want 3 (under the merged title and group rows)", sh.HeaderRow)
	}
	want := map[string]ResultField{"A": ResultIgnore, "B": ResultStudentNo, "C": ResultName, "D": ResultClass, "E": ResultSubscale,
		"F": ResultSubscale, "G": ResultSubscale, "H": ResultScore, "I": ResultFlag, "J": ResultIgnore, "K": ResultIgnore}
	for _, c := range sh.Columns {
		if c.Field != want[c.Letter] {
			t.Errorf("column %s %q: %s, want %s", c.Letter, c.Header, c.Field, want[c.Letter])
		}
		if c.Letter == "J" && !c.Hidden {
			t.Errorf("column J is hidden in the sheet")
		}
	}
	if len(sh.FirstRows) != resultsFirstRows || sh.FirstRows[0][2] != "林小雨" {
		t.Errorf("first rows as read: %q", sh.FirstRows)
	}
	p, err := PreviewResults(sh, st, scID, ResultsOptions{Now: fixedNow, IDs: &seqIDs{}})
	if err != nil {
		t.Fatal(err)
	}
	byRow := map[int]ResultRow{}
	for _, r := range p.Rows {
		byRow[r.Row] = r
	}
	check := func(row int, status ResultRowStatus, student string) ResultRow {
		t.Helper()
		r := byRow[row]
		if r.Status != status || status == ResultMatched && r.Result.StudentID != student {
			t.Errorf("row %d: %s %s (%s), want %s %s", row, r.Status, r.Result.StudentID, r.Note, status, student)
		}
		return r
	}
	a := check(4, ResultMatched, stuA)
	if a.Result.RawScore != 14 || a.Result.Subscales["抑郁"] != 4.5 || !a.Result.Flagged || a.Result.FlagReason != "预警等级：二级预警" {
		t.Errorf("row 4 result: %+v", a.Result)
	}
	if a.NoConsent || a.Result.Date != "2026-11-10" || a.Action != RowAdd {
		t.Errorf("row 4: consent on file, dated the screening's end, added: %+v", a)
	}
	if b := check(5, ResultMatched, stuB); b.Result.Flagged || !b.NoConsent {
		t.Errorf("row 5: 无 is no flag, and no consent is on file: %+v", b)
	}
	if c := check(6, ResultMatched, stuC); c.Result.RawScore != 11 || c.Result.FlagReason != "预警等级：是" {
		t.Errorf("row 6: full-width score and flag: %+v", c.Result)
	}
	if d := check(7, ResultAmbiguous, ""); len(d.Candidates) != 2 {
		t.Errorf("row 7: two candidates, got %v", d.Candidates)
	}
	check(8, ResultUnmatched, "")
	check(9, ResultMatched, stuF)
	check(10, ResultSkipped, "")
	check(12, ResultSkipped, "")
	check(13, ResultSkipped, "")
	if _, blank := byRow[11]; blank {
		t.Errorf("a blank row is not a row of the preview")
	}
	if p.Matched != 4 || p.Unmatched != 1 || p.Ambiguous != 1 || p.Skipped != 3 || p.Adds != 4 || p.NoConsent != 3 {
		t.Errorf("counts: %+v", p)
	}
}

func countResults(t *testing.T, st Store) []*casework.ScreeningResult {
	t.Helper()
	recs, err := st.List(casework.KindScreeningResult)
	if err != nil {
		t.Fatal(err)
	}
	var out []*casework.ScreeningResult
	for _, r := range recs {
		out = append(out, r.(*casework.ScreeningResult))
	}
	return out
}

func TestApplyRefusesUnmatchedUnlessSkippedAndReimportUpdates(t *testing.T) {
	_, st := resultsVault(t, false)
	sheet := platformSheet(t, standardRows())
	preview := func(rows []byte) *ResultsPreview {
		t.Helper()
		set, _ := st.Settings()
		sh, err := ReadResults(bytes.NewReader(rows), RememberedMapping(set, "市心理测评平台"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := PreviewResults(sh, st, scID, ResultsOptions{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := preview(sheet)
	_, err := ApplyResults(st, p, false, "市心理测评平台")
	var re *ResultsError
	if !errors.As(err, &re) || !strings.Contains(re.ZH, "第 7 行") || !strings.Contains(re.ZH, "第 8 行") {
		t.Fatalf("unmatched rows: %v; want a refusal naming rows 7 and 8", err)
	}
	if n := len(countResults(t, st)); n != 0 {
		t.Fatalf("%d results written by a refused import", n)
	}
	res, err := ApplyResults(st, p, true, "市心理测评平台")
	if err != nil || res.Added != 4 || res.Skipped != 2 {
		t.Fatalf("skip unmatched: %+v, %v", res, err)
	}
	// An interview is recorded, then the same sheet comes again with one
	// score corrected: nothing doubles, the interview stays.
	all := countResults(t, st)
	for _, r := range all {
		if r.StudentID == stuA {
			r.InterviewedOn, r.InterviewOutcome = "2026-11-12", casework.InterviewOutcomeWatch
			if err := st.Write(func(w Writer) error { return w.Put(r) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows := standardRows()
	rows[1][7] = 9
	p = preview(platformSheet(t, rows))
	if p.Updates != 1 || p.Unchanged != 3 || p.Adds != 0 {
		t.Fatalf("re-import preview: %d adds, %d updates, %d unchanged", p.Adds, p.Updates, p.Unchanged)
	}
	if _, err := ApplyResults(st, p, true, "市心理测评平台"); err != nil {
		t.Fatal(err)
	}
	all = countResults(t, st)
	if len(all) != 4 {
		t.Fatalf("%d results after the re-import, want 4", len(all))
	}
	for _, r := range all {
		if r.StudentID == stuA && r.InterviewOutcome != casework.InterviewOutcomeWatch {
			t.Errorf("the re-import dropped the interview")
		}
		if r.StudentID == stuB && r.RawScore != 9 {
			t.Errorf("the corrected score is %g", r.RawScore)
		}
	}
	set, _ := st.Settings()
	if got := set.ResultMappings["市心理测评平台"]["总分"]; got != "score" {
		t.Errorf("the mapping is not remembered: %v", set.ResultMappings)
	}
}

func TestRememberedAndChosenMappings(t *testing.T) {
	_, st := resultsVault(t, true)
	data := xlsxOf(t, [][]any{
		{"用户名", "真实姓名", "所属班级", "测试得分", "结果判定"},
		{"0012345", "林小雨", "七(3)班", 16, "高风险"},
		{"12346", "王一鸣", "七(3)班", 3, "无风险"},
	})
	// Nothing known: no student column.
	_, err := ReadResults(bytes.NewReader(data), nil)
	var re *ResultsError
	if !errors.As(err, &re) || !strings.Contains(re.ZH, "学生列") {
		t.Fatalf("unknown headers: %v", err)
	}
	remembered := ResultMapping{"用户名": ResultStudentNo, "测试得分": ResultScore}
	sh, err := ReadResults(bytes.NewReader(data), remembered)
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.Remap(map[string]ResultField{"E": ResultFlag, "真实姓名": ResultName}); err != nil {
		t.Fatal(err)
	}
	if err := sh.Remap(map[string]ResultField{"家庭住址": ResultIgnore}); err == nil {
		t.Errorf("a column the sheet lacks is refused")
	}
	p, err := PreviewResults(sh, st, scID, ResultsOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if p.Matched != 2 || p.NoConsent != 0 || !p.Rows[0].Result.Flagged || p.Rows[1].Result.Flagged {
		t.Errorf("remembered mapping: %+v", p.Rows)
	}
}

func TestBadResultSheetsAreRefusedNamingRowAndColumn(t *testing.T) {
	cases := []struct {
		name string
		rows [][]any
		want string
	}{
		{"no student column", [][]any{{"序号", "总分"}, {1, 12}}, "学生列"},
		{"name without class", [][]any{{"姓名", "总分"}, {"林小雨", 12}}, "学生列"},
		{"no score column", [][]any{{"学籍号", "姓名", "预警"}, {"0012345", "林小雨", "是"}}, "总分"},
		{"score not a number", [][]any{{"学籍号", "姓名", "总分"}, {"0012345", "林小雨", 12}, {"0012346", "王一鸣", "十二"}}, "第 3 行 C 列"},
		{"subscale not a number", [][]any{{"学籍号", "总分", "焦虑"}, {"0012345", 12, 3}, {"0012346", 4, "高"}}, "第 3 行 C 列"},
		{"negative score", [][]any{{"学籍号", "总分"}, {"0012345", -3}}, "第 2 行 B 列"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, st := resultsVault(t, true)
			sh, err := ReadResults(bytes.NewReader(xlsxOf(t, c.rows)), nil)
			if err == nil {
				if c.name == "subscale not a number" {
					// A column with text is no subscale by guess; chosen, it is read.
					if err := sh.Remap(map[string]ResultField{"焦虑": ResultSubscale}); err != nil {
						t.Fatal(err)
					}
				}
				_, err = PreviewResults(sh, st, scID, ResultsOptions{})
			}
			var re *ResultsError
			if !errors.As(err, &re) || !strings.Contains(re.ZH, c.want) || !strings.Contains(re.ZH, "未写入任何数据") {
				t.Fatalf("got %v; want a refusal naming %q", err, c.want)
			}
			if n := len(countResults(t, st)); n != 0 {
				t.Errorf("%d results written", n)
			}
		})
	}
}

func TestOverCapResultWorkbooksAreRefused(t *testing.T) {
	big := bytes.Repeat([]byte("x"), resultsFileLimit+1)
	_, err := ReadResults(bytes.NewReader(big), nil)
	var re *ResultsError
	if !errors.As(err, &re) || !strings.Contains(re.ZH, "MB") {
		t.Errorf("over the size cap: %v", err)
	}
	if _, err := ReadResults(strings.NewReader("PK\x03\x04 not really a zip"), nil); !errors.As(err, &re) {
		t.Errorf("a damaged workbook: %v", err)
	}
	wide := xlsxOf(t, [][]any{{"学籍号", "总分"}})
	f, err := excelize.OpenReader(bytes.NewReader(wide))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Sheet1", "HA5", "x"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	_, err = ReadResults(&b, nil)
	if !errors.As(err, &re) || re.Row != 5 || re.Column != "HA" {
		t.Errorf("a cell past the column cap: %v", err)
	}
	rows := make([][]any, resultsMaxRows+headerSearchRows+2)
	rows[0] = []any{"学籍号", "总分"}
	for i := 1; i < len(rows); i++ {
		rows[i] = []any{fmt.Sprint(i), 1}
	}
	_, err = ReadResults(bytes.NewReader(xlsxOf(t, rows)), nil)
	if !errors.As(err, &re) || !strings.Contains(re.ZH, "最多") {
		t.Errorf("over the row cap: %v", err)
	}
}

func TestStudentNumberKeys(t *testing.T) {
	for in, want := range map[string]string{"0012345": "12345", "12345": "12345", "１２３４５": "12345", "12345.0": "12345",
		"1.2345E+4": "12345", " G320105 ": "G320105", "g320105": "G320105", "000": "0"} {
		if got := noKey(in); got != want {
			t.Errorf("noKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchingRulesOnNumbersNamesAndHiddenColumns(t *testing.T) {
	_, st := resultsVault(t, true)
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"姓名", "班级", "学籍号", "总分", "序号"},
		{"林小雨", "七(3)班", 12345, 8, 1},     // the number in a hidden column
		{"王小明", "七(3)班", 12346, 5, 2},     // the number of 王一鸣 under another name
		{"赵晴", "七(3)班", 77777, 6, 3},      // a number nobody has: by name and class
		{"林小雨", "七(3)班", "0012345", 9, 4}, // the same student again
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetColVisible("Sheet1", "C", false); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	sh, err := ReadResults(&b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := sh.Columns[2]; !c.Hidden || c.Field != ResultStudentNo {
		t.Errorf("a hidden 学籍号 column no visible column replaces: %+v", c)
	}
	if c := sh.Columns[4]; c.Field != ResultIgnore {
		t.Errorf("序号 is no subscale: %+v", c)
	}
	p, err := PreviewResults(sh, st, scID, ResultsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []ResultRowStatus{ResultMatched, ResultAmbiguous, ResultMatched, ResultAmbiguous}
	for i, r := range p.Rows {
		if r.Status != want[i] {
			t.Errorf("row %d: %s (%s), want %s", r.Row, r.Status, r.Note, want[i])
		}
	}
	if r := p.Rows[2]; r.Result.StudentID != stuC || !strings.Contains(r.Note, "按姓名和班级") {
		t.Errorf("row 4 by name and class: %+v", r)
	}
	if r := p.Rows[3]; !strings.Contains(r.Note, "第 2 行") {
		t.Errorf("row 5 names the row above: %q", r.Note)
	}
}

func TestRememberedMappingsTravelInTheDocument(t *testing.T) {
	_, st := resultsVault(t, true)
	sh, err := ReadResults(bytes.NewReader(platformSheet(t, standardRows())), nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := PreviewResults(sh, st, scID, ResultsOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ApplyResults(st, p, true, "市平台"); err != nil {
		t.Fatal(err)
	}
	var doc bytes.Buffer
	if err := Export(&doc, st, exportTime); err != nil {
		t.Fatal(err)
	}
	_, st2 := newRealStore(t)
	if _, err := Import(bytes.NewReader(doc.Bytes()), st2, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	set, _ := st2.Settings()
	if got := RememberedMapping(set, "市平台"); got["总分"] != ResultScore || got["学籍号"] != ResultStudentNo {
		t.Errorf("the mapping after export and import: %v", got)
	}
	if n := len(countResults(t, st2)); n != 4 {
		t.Errorf("%d results after export and import, want 4", n)
	}
}

// A small workbook of 20,000 rows each with one cell in column XFD is
// refused at once naming the row and column, without a padded grid.
func TestAWideResultSheetIsRefusedQuickly(t *testing.T) {
	file := wideRoster(t, 20000, "XFD")
	var err error
	start := time.Now()
	peak := memtest.LivePeak(func() { _, err = ReadResults(bytes.NewReader(file), nil) })
	var re *ResultsError
	if !errors.As(err, &re) || re.Row != 2 || re.Column != "XFD" {
		t.Fatalf("got %v, want a refusal naming row 2, column XFD", err)
	}
	if peak > 64<<20 {
		t.Errorf("the live heap rose by %d MiB, want a few", peak>>20)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}

// A sheet at the row cap reads and previews in seconds.
func TestAResultSheetAtTheRowCapPreviewsQuickly(t *testing.T) {
	_, st := resultsVault(t, true)
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"学籍号", "姓名", "班级", "总分", "预警", "焦虑", "抑郁", "躯体化", "人际", "学习"}); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= resultsMaxRows+1; i++ {
		if err := sw.SetRow(fmt.Sprintf("A%d", i), []any{100000 + i, "学生", "七(3)班", i % 27, "否", 1, 2, 3, 4, 5}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sh, err := ReadResults(&b, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := PreviewResults(sh, st, scID, ResultsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Unmatched != resultsMaxRows {
		t.Errorf("got %d unmatched rows, want %d", p.Unmatched, resultsMaxRows)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}
