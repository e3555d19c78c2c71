package ui

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"xinqing/internal/casework"
)

// FakeResultSheet is what the fake reads from any file that exists (it
// parses no workbook); the contract writes the same rows as a real .xlsx
// for the real services. Names are synthetic.
var FakeResultSheet = [][]string{
	{"学籍号", "姓名", "班级", "总分", "预警", "焦虑"},
	{"701001", "韩一诺", "七(1)班", "14", "需关注", "5"}, // by number, its leading zero lost
	{"", "韩二诺", "七(1)班", "6", "否", "2"},          // by name and class
	{"", "周同", "七(2)班", "3", "否", "1"},           // two students of that name
	{"", "魏不在", "七(1)班", "2", "否", "0"},          // nobody
	{"合计", "", "", "25", "", "8"},                // the total row
}

// fakeResultGuess is the fake's guess of FakeResultSheet's headers.
var fakeResultGuess = map[string]string{"学籍号": "student_no", "姓名": "name", "班级": "class", "总分": "score", "预警": "flag", "焦虑": "subscale"}

// FakeResultsImport keeps imported results in memory with the rules of
// the real import: a student column and a score column are needed,
// unmatched or ambiguous rows refuse the import unless skipped, the same
// row imported twice is unchanged, and the mapping is remembered per
// platform.
type FakeResultsImport struct {
	mu        sync.Mutex
	roster    *FakeStudents
	groups    *FakeGroups
	changes   *FakeChanges
	platforms map[string][]string
	results   map[string]float64 // screening id + student id → score
	fields    []string
	preview   *ResultImportPreview
	screening string
	// Reads counts ReadResultSheet calls (tests).
	Reads int
}

// NewFakeResultsImport returns an empty fake that matches against the
// students of roster and the screenings of groups.
func NewFakeResultsImport(roster *FakeStudents, groups *FakeGroups) *FakeResultsImport {
	return &FakeResultsImport{roster: roster, groups: groups, platforms: map[string][]string{}, results: map[string]float64{}}
}

func (f *FakeResultsImport) ResultPlatforms(context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for p := range f.platforms {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

func (f *FakeResultsImport) ReadResultSheet(_ context.Context, path, platform string) (ResultSheetView, error) {
	if _, err := os.Stat(path); err != nil {
		return ResultSheetView{}, &SettingsInvalid{Message: "不是有效的 Excel 工作簿（.xlsx）；未写入任何数据", Err: err}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Reads++
	v := ResultSheetView{Sheet: "Sheet1", HeaderRow: 1}
	remembered := f.platforms[strings.TrimSpace(platform)]
	f.fields = nil
	for j, h := range FakeResultSheet[0] {
		field := fakeResultGuess[h]
		if j < len(remembered) {
			field = remembered[j]
		}
		letter := string(rune('A' + j))
		v.Columns = append(v.Columns, ResultColumnView{Letter: letter, Header: h, Field: field})
		f.fields = append(f.fields, field)
	}
	for _, row := range FakeResultSheet[1:] {
		if len(v.FirstRows) < 5 {
			v.FirstRows = append(v.FirstRows, slices.Clone(row))
		}
	}
	return v, nil
}

func (f *FakeResultsImport) PreviewResultImport(_ context.Context, screeningID string, fields []string) (ResultImportPreview, error) {
	col := map[string]int{}
	for j, fl := range fields {
		if _, dup := col[fl]; !dup {
			col[fl] = j
		}
	}
	_, hasNo := col["student_no"]
	_, hasName := col["name"]
	_, hasClass := col["class"]
	if !hasNo && !(hasName && hasClass) {
		return ResultImportPreview{}, &SettingsInvalid{Message: "第 1 行：没有可识别的学生列：需要“学籍号”列，或“姓名”和“班级”两列；未写入任何数据"}
	}
	if _, ok := col["score"]; !ok {
		return ResultImportPreview{}, &SettingsInvalid{Message: "第 1 行：没有“总分”列；请在对应列选择“总分”；未写入任何数据"}
	}
	var sc *casework.Screening
	for _, r := range f.groups.all(casework.KindScreening) {
		if x := r.(*casework.Screening); x.ID == screeningID {
			sc = x
		}
	}
	if sc == nil {
		return ResultImportPreview{}, &SettingsInvalid{Message: "找不到这次测评记录；未写入任何数据"}
	}
	students := f.roster.list()
	f.mu.Lock()
	defer f.mu.Unlock()
	cell := func(row []string, field string) string {
		if j, ok := col[field]; ok && j < len(row) {
			return row[j]
		}
		return ""
	}
	p := ResultImportPreview{}
	seen := map[string]bool{}
	for i, row := range FakeResultSheet[1:] {
		r := ResultImportRow{Row: i + 2, StudentNo: cell(row, "student_no"), Name: cell(row, "name"), Class: cell(row, "class")}
		if row[0] == "合计" {
			r.Status, r.Note = "skipped", "合计、平均或说明行，不是学生的结果"
			p.Skipped++
			p.Rows = append(p.Rows, r)
			continue
		}
		score, err := strconv.ParseFloat(cell(row, "score"), 64)
		if err != nil {
			return ResultImportPreview{}, &SettingsInvalid{Message: fmt.Sprintf("第 %d 行 %c 列：总分“%s”不是数字；未写入任何数据", r.Row, 'A'+col["score"], cell(row, "score"))}
		}
		r.Score = score
		if v := cell(row, "flag"); v != "" && v != "否" {
			r.Flagged, r.FlagReason = true, FakeResultSheet[0][col["flag"]]+"："+v
		}
		var cands []*casework.Student
		for _, s := range students {
			if r.StudentNo != "" && strings.TrimLeft(s.StudentNo, "0") == strings.TrimLeft(r.StudentNo, "0") {
				cands = append(cands, s)
			}
		}
		if len(cands) == 0 && r.Name != "" {
			for _, s := range students {
				if s.Name == r.Name && s.Class == r.Class {
					cands = append(cands, s)
				}
			}
		}
		switch {
		case len(cands) == 0:
			r.Status, r.Note = "unmatched", r.Class+"没有这个姓名的学生"
			p.Unmatched++
		case len(cands) > 1 || seen[cands[0].ID]:
			r.Status, r.Note = "ambiguous", fmt.Sprintf("%s有 %d 名同名学生", r.Class, len(cands))
			p.Ambiguous++
		default:
			seen[cands[0].ID] = true
			r.Status, r.Name, r.NoConsent = "matched", cands[0].Name, !sc.ConsentCollected
			switch old, ok := f.results[sc.ID+cands[0].ID]; {
			case !ok:
				r.Action = "add"
				p.Adds++
			case old == score:
				r.Action = "unchanged"
				p.Unchanged++
			default:
				r.Action = "update"
				p.Updates++
			}
			r.studentID = cands[0].ID
			p.Matched++
			if r.NoConsent {
				p.NoConsent++
			}
		}
		p.Rows = append(p.Rows, r)
	}
	f.preview, f.screening, f.fields = &p, sc.ID, slices.Clone(fields)
	return p, nil
}

func (f *FakeResultsImport) ApplyResultImport(_ context.Context, platform string, skipUnmatched bool) (ResultImportDone, error) {
	f.mu.Lock()
	p := f.preview
	if p == nil {
		f.mu.Unlock()
		return ResultImportDone{}, &SettingsInvalid{Message: "请先选择结果表并查看预览。"}
	}
	var done ResultImportDone
	if n := p.Unmatched + p.Ambiguous; n > 0 {
		if !skipUnmatched {
			f.mu.Unlock()
			return done, &SettingsInvalid{Message: fmt.Sprintf("有 %d 行没有匹配到学生或对应多名学生，未写入任何数据", n)}
		}
		done.Skipped = n
	}
	for _, r := range p.Rows {
		if r.Status != "matched" {
			continue
		}
		switch r.Action {
		case "add":
			done.Added++
		case "update":
			done.Updated++
		default:
			done.Unchanged++
		}
		f.results[f.screening+r.studentID] = r.Score
	}
	if platform = strings.TrimSpace(platform); platform != "" {
		f.platforms[platform] = slices.Clone(f.fields)
	}
	f.preview = nil
	f.mu.Unlock()
	if f.changes != nil && done.Added+done.Updated > 0 {
		f.changes.Emit(casework.KindScreeningResult, casework.KindSettings)
	}
	return done, nil
}
