package interchange

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/county"
	"xinqing/internal/returnpkg"
)

// SchoolListRows reads the rows of a county's schools list: the first
// sheet of an .xlsx, or a CSV (UTF-8, a BOM allowed; GBK is refused).
func SchoolListRows(file string, data []byte) ([][]string, error) {
	if strings.EqualFold(filepath.Ext(file), ".xlsx") {
		rows, _, err := readFirstSheet(data)
		return rows, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: 不是有效的 CSV 文件: %w", file, err)
	}
	for _, row := range rows {
		for _, c := range row {
			if !utf8Valid(c) {
				return nil, fmt.Errorf("%s: CSV 文件不是 UTF-8 编码（请在 Excel 中另存为“CSV UTF-8”）", file)
			}
		}
	}
	return rows, nil
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }

// figurePaths lists every figure of the rows as "A4", "F2.red", … in
// code order, then key order.
func figurePaths(rows []county.Row, totals returnpkg.Figures) []string {
	set := map[string]bool{}
	add := func(f returnpkg.Figures) {
		for k, v := range f {
			if obj, ok := v.(map[string]any); ok {
				for kk := range obj {
					set[k+"."+kk] = true
				}
				continue
			}
			set[k] = true
		}
	}
	for _, r := range rows {
		add(r.Figures)
	}
	add(totals)
	paths := make([]string, 0, len(set))
	for p := range set {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

func figureCell(f returnpkg.Figures, path string) any {
	code, key, nested := strings.Cut(path, ".")
	v := f[code]
	if nested {
		obj, _ := v.(map[string]any)
		v = obj[key]
	}
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		n, _ := x.Float64()
		return n
	case bool:
		if x {
			return "是"
		}
		return "否"
	case []any:
		var s []string
		for _, e := range x {
			s = append(s, fmt.Sprint(e))
		}
		return strings.Join(s, "；")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// ExportCountyWorkbook writes the county table as a workbook: 汇总 (every
// figure of every school, one row each, and the county total), 未报送
// and 提示.
func ExportCountyWorkbook(w io.Writer, t *county.Table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Created: fixedTime, Modified: fixedTime, Creator: "心晴", Title: t.County + "汇总表"}); err != nil {
		return fmt.Errorf("county workbook: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("county workbook: %w", err)
	}
	paths := figurePaths(t.Rows, t.Totals)
	sheets := []struct {
		name   string
		header []string
		rows   [][]any
	}{{name: "汇总", header: append([]string{"学校代码", "学校名称", "已报月份"}, paths...)}, {name: "未报送", header: []string{"学校代码", "学校名称", "未报送月份"}},
		{name: "提示", header: []string{"学校代码", "学校名称", "月份", "规则", "说明", "数字"}}}
	for _, r := range t.Rows {
		if r.Figures == nil {
			continue
		}
		row := []any{r.School.Code, r.School.Name, strings.Join(r.Months, "、")}
		for _, p := range paths {
			row = append(row, figureCell(r.Figures, p))
		}
		sheets[0].rows = append(sheets[0].rows, row)
	}
	total := []any{"", "合计", t.Period()}
	for _, p := range paths {
		total = append(total, figureCell(t.Totals, p))
	}
	sheets[0].rows = append(sheets[0].rows, total)
	for _, m := range t.Missing {
		sheets[1].rows = append(sheets[1].rows, []any{m.School.Code, m.School.Name, strings.Join(m.Months, "、")})
	}
	for _, fl := range t.Flags {
		zh, _ := fl.Rule.Text()
		sheets[2].rows = append(sheets[2].rows, []any{fl.School.Code, fl.School.Name, fl.Month, string(fl.Rule), zh, fl.Detail})
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return fmt.Errorf("county workbook: %w", err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return fmt.Errorf("county workbook: %w", err)
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return fmt.Errorf("county workbook: %w", err)
		}
		head := make([]any, len(s.header))
		for j, h := range s.header {
			head[j] = excelize.Cell{Value: h, StyleID: bold}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return fmt.Errorf("county workbook: %w", err)
		}
		for j, r := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := sw.SetRow(cell, slices.Clone(r)); err != nil {
				return fmt.Errorf("county workbook: row %d: %w", j+1, err)
			}
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("county workbook: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("county workbook: write: %w", err)
	}
	return nil
}
