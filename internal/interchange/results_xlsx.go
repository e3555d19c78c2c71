package interchange

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Limits on a platform's results workbook: those of the roster, for the
// same reasons (names of minors never spill to disk; a hostile workbook
// is refused, never half read).
const (
	resultsFileLimit = rosterUnzipLimit
	resultsMaxRows   = rosterMaxRows
	resultsMaxCols   = rosterMaxCols
	resultsMaxCell   = rosterMaxCell
	// resultsFirstRows is how many data rows the preview shows as read.
	resultsFirstRows = 5
)

// ResultsError refuses a results sheet: the sentence names the row and
// the column where it can, and nothing was written.
type ResultsError struct {
	Row    int    // 1-based row as Excel shows it; 0 for the whole file
	Column string // column letter ("D"); "" for the whole row or file
	ZH, EN string
}

func (e *ResultsError) Error() string { return e.EN }

// Chinese is the sentence shown to the counselor.
func (e *ResultsError) Chinese() string { return e.ZH }

func resultsErr(row int, col, zh, en string) *ResultsError {
	where, whereEN := "", ""
	switch {
	case row > 0 && col != "":
		where, whereEN = fmt.Sprintf("第 %d 行 %s 列：", row, col), fmt.Sprintf("row %d, column %s: ", row, col)
	case row > 0:
		where, whereEN = fmt.Sprintf("第 %d 行：", row), fmt.Sprintf("row %d: ", row)
	case col != "":
		where, whereEN = fmt.Sprintf("%s 列：", col), fmt.Sprintf("column %s: ", col)
	}
	return &ResultsError{Row: row, Column: col, ZH: where + zh + "；未写入任何数据", EN: whereEN + en + "; nothing was written"}
}

func colLetter(j int) string {
	s, _ := excelize.ColumnNumberToName(j + 1)
	return s
}

// rawSheet is the first sheet of a workbook as read: cells as raw
// values, trailing empty cells cut, and the sheet's layout that the
// header detection needs.
type rawSheet struct {
	name   string
	rows   [][]string
	hidden map[int]bool // 0-based columns hidden in the sheet
	// merged maps a covered cell (row, col; 0-based) to the top-left cell
	// of its merged range.
	merged map[[2]int][2]int
}

// readResultsWorkbook reads the first sheet within the caps; an over-cap
// or unreadable workbook is a ResultsError.
func readResultsWorkbook(r io.Reader) (sh *rawSheet, err error) {
	data, err := io.ReadAll(io.LimitReader(r, resultsFileLimit+1))
	if err != nil {
		return nil, fmt.Errorf("results: read: %w", err)
	}
	if len(data) > resultsFileLimit {
		return nil, resultsErr(0, "", fmt.Sprintf("文件大于 %d MB，超出可以读取的范围", resultsFileLimit>>20),
			fmt.Sprintf("the file is larger than %d MiB", resultsFileLimit>>20))
	}
	defer func() {
		// A malformed workbook must never take the app down.
		if p := recover(); p != nil {
			sh, err = nil, resultsErr(0, "", "无法读取这个工作簿（文件已损坏或格式不对）", "unreadable workbook")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: resultsFileLimit, UnzipXMLSizeLimit: resultsFileLimit, RawCellValue: true,
	})
	if err != nil {
		return nil, resultsErr(0, "", "不是有效的 Excel 工作簿（.xlsx）", "not a valid .xlsx workbook: "+err.Error())
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, resultsErr(0, "", "工作簿中没有工作表", "the workbook has no sheet")
	}
	sh = &rawSheet{name: sheets[0], hidden: map[int]bool{}, merged: map[[2]int][2]int{}}
	if sh.rows, err = streamResultRows(f, sh.name); err != nil {
		return nil, err
	}
	width := 0
	for _, row := range sh.rows {
		width = max(width, len(row))
	}
	for j := range width {
		if v, err := f.GetColVisible(sh.name, colLetter(j)); err == nil && !v {
			sh.hidden[j] = true
		}
	}
	mcs, err := f.GetMergeCells(sh.name, true)
	if err != nil {
		return nil, resultsErr(0, "", "无法读取工作表的合并单元格", "cannot read the merged cells: "+err.Error())
	}
	for _, mc := range mcs {
		c0, r0, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		// Only merges within the header search area matter, and a
		// hostile range must not make the loop large.
		if err1 != nil || err2 != nil || r0 > headerSearchRows || c1 > resultsMaxCols {
			continue
		}
		for i := r0; i <= min(r1, headerSearchRows); i++ {
			for j := c0; j <= c1; j++ {
				sh.merged[[2]int{i - 1, j - 1}] = [2]int{r0 - 1, c0 - 1}
			}
		}
	}
	return sh, nil
}

// streamResultRows reads the sheet row by row as streamRows reads a
// roster, with the refusals naming the row and column.
func streamResultRows(f *excelize.File, sheet string) ([][]string, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, resultsErr(0, "", "无法读取工作表", "cannot read the sheet: "+err.Error())
	}
	defer it.Close()
	var rows [][]string
	for n := 1; it.Next(); n++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, resultsErr(n, "", "无法读取这一行", "cannot read the row: "+err.Error())
		}
		last := -1
		for j, c := range cells {
			if strings.TrimSpace(c) == "" {
				continue
			}
			if j >= resultsMaxCols {
				return nil, resultsErr(n, colLetter(j), fmt.Sprintf("有内容，超出可以读取的范围（最多读取前 %d 列）", resultsMaxCols),
					fmt.Sprintf("has content past the first %d columns", resultsMaxCols))
			}
			if utf8.RuneCountInString(c) > resultsMaxCell {
				return nil, resultsErr(n, colLetter(j), fmt.Sprintf("单元格超过 %d 个字，超出可以读取的范围", resultsMaxCell),
					fmt.Sprintf("a cell longer than %d characters", resultsMaxCell))
			}
			last = j
		}
		if last >= 0 && n > resultsMaxRows+headerSearchRows {
			return nil, resultsErr(n, "", fmt.Sprintf("超出可以读取的范围（最多 %d 行结果）", resultsMaxRows),
				fmt.Sprintf("more than %d result rows", resultsMaxRows))
		}
		if last < 0 {
			rows = append(rows, nil)
			continue
		}
		rows = append(rows, slices.Clone(cells[:last+1]))
	}
	if err := it.Error(); err != nil {
		return nil, resultsErr(0, "", "无法读取工作表", "cannot read the sheet: "+err.Error())
	}
	for len(rows) > 0 && rows[len(rows)-1] == nil {
		rows = rows[:len(rows)-1]
	}
	return rows, nil
}

// cell returns row i, column j (0-based), or in the header area the
// value of a range merged down onto it.
func (sh *rawSheet) cell(i, j int) string {
	v := ""
	if i < len(sh.rows) && j < len(sh.rows[i]) {
		v = strings.TrimSpace(sh.rows[i][j])
	}
	if v == "" {
		// A header merged down from the row above ("学籍号" over two
		// header rows); a range merged across one row names only its
		// first column.
		if at, ok := sh.merged[[2]int{i, j}]; ok && at[0] < i {
			if at[0] < len(sh.rows) && at[1] < len(sh.rows[at[0]]) {
				v = strings.TrimSpace(sh.rows[at[0]][at[1]])
			}
		}
	}
	return v
}
