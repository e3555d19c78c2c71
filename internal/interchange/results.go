package interchange

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"

	"xinqing/internal/casework"
)

// ResultField is what a column of a platform's results sheet holds.
type ResultField string

// The fields a column maps to.
const (
	ResultIgnore    ResultField = "ignore"     // 不导入
	ResultStudentNo ResultField = "student_no" // 学籍号
	ResultName      ResultField = "name"       // 姓名
	ResultClass     ResultField = "class"      // 班级
	ResultGrade     ResultField = "grade"      // 年级
	ResultScore     ResultField = "score"      // 总分
	ResultFlag      ResultField = "flag"       // 预警 / 是否需关注 / 预警等级
	ResultValid     ResultField = "valid"      // 是否有效
	ResultSubscale  ResultField = "subscale"   // 因子分 / 分量表
)

// AllResultFields returns the fields in the order a mapping offers them.
func AllResultFields() []ResultField {
	return []ResultField{ResultStudentNo, ResultName, ResultClass, ResultGrade, ResultScore, ResultFlag, ResultValid, ResultSubscale, ResultIgnore}
}

// resultFieldNames are the Chinese names of the fields, as the command
// line's --map accepts them and the screens show them.
var resultFieldNames = map[ResultField]string{
	ResultIgnore: "不导入", ResultStudentNo: "学籍号", ResultName: "姓名", ResultClass: "班级", ResultGrade: "年级",
	ResultScore: "总分", ResultFlag: "预警", ResultValid: "是否有效", ResultSubscale: "因子分",
}

// Label is the field's Chinese name.
func (f ResultField) Label() string { return resultFieldNames[f] }

// ParseResultField reads a field by its code or Chinese name ("总分",
// "score", "因子", "忽略").
func ParseResultField(s string) (ResultField, bool) {
	s = normHeader(s)
	for _, f := range AllResultFields() {
		if s == string(f) || s == f.Label() {
			return f, true
		}
	}
	switch s {
	case "学号":
		return ResultStudentNo, true
	case "需关注", "是否需关注", "预警等级":
		return ResultFlag, true
	case "有效":
		return ResultValid, true
	case "因子", "分量表", "维度":
		return ResultSubscale, true
	case "忽略", "跳过", "":
		return ResultIgnore, true
	}
	return "", false
}

// resultHeaders are the header texts a field is guessed from, compared
// after normHeader; resultHeaderParts are matched inside a header.
var resultHeaders = map[ResultField][]string{
	ResultStudentNo: {"学籍号", "学号", "学籍编号", "全国学籍号", "学生学籍号", "学籍号码", "个人标识码", "考号", "学生编号", "账号", "学生账号"},
	ResultName:      {"姓名", "学生姓名", "名字", "学生"},
	ResultClass:     {"班级", "所在班级", "班别", "班级名称", "班", "行政班"},
	ResultGrade:     {"年级", "所在年级", "年级名称"},
	ResultScore:     {"总分", "总得分", "得分", "量表总分", "测评总分", "原始总分", "原始分", "分数", "总分数"},
	ResultFlag: {"预警", "是否需关注", "预警等级", "预警级别", "是否预警", "需关注", "是否需要关注", "关注等级", "风险等级",
		"筛查结果", "预警结果", "是否阳性", "危机预警", "测评结论", "结论"},
	ResultValid: {"是否有效", "有效", "有效性", "作答有效性", "答卷有效性", "有效答卷"},
	ResultIgnore: {"序号", "编号", "行号", "no", "no.", "性别", "年龄", "出生日期", "身份证号", "身份证", "学校", "学校名称",
		"测评时间", "完成时间", "开始时间", "提交时间", "用时", "作答时长", "耗时", "手机", "手机号", "联系电话", "电话", "民族"},
}

var resultHeaderParts = []struct {
	part  string
	field ResultField
}{{"学籍", ResultStudentNo}, {"预警", ResultFlag}, {"需关注", ResultFlag}, {"风险", ResultFlag}, {"总分", ResultScore}, {"时间", ResultIgnore}, {"日期", ResultIgnore}}

// guessField names the field of a header, "" when the header says
// nothing known.
func guessField(header string) ResultField {
	h := strings.ToLower(normHeader(header))
	for _, f := range AllResultFields() {
		if slices.Contains(resultHeaders[f], h) {
			return f
		}
	}
	for _, p := range resultHeaderParts {
		if strings.Contains(h, p.part) {
			return p.field
		}
	}
	return ""
}

// ResultMapping maps a column's header (as normHeader makes it) to its
// field; it is what the vault remembers per platform.
type ResultMapping map[string]ResultField

// ResultColumn is one column of the sheet and the field it maps to.
type ResultColumn struct {
	Index  int    // 0-based
	Letter string // as Excel names it: "D"
	Header string
	Hidden bool
	Field  ResultField
	// Source says where the field came from: "guess", "remembered",
	// "chosen".
	Source string
}

// ResultSheet is a read results sheet with its columns mapped; nothing
// is matched or written yet.
type ResultSheet struct {
	Sheet     string
	HeaderRow int // 1-based
	Columns   []ResultColumn
	// FirstRows are the first data rows as read, one cell per column.
	FirstRows [][]string
	data      [][]string
	dataRow0  int    // 0-based index of the first data row
	summary   []bool // data row i is a total or a footnote
}

// ReadResults reads the first sheet of a platform's .xlsx export within
// the caps, finds the header row among the first ten (merged header rows
// above it and a header merged down onto it are understood), and maps
// each column: by remembered (the platform's mapping), else by guess from
// common header names. Hidden columns are guessed only for a field no
// visible column holds, and never as subscales.
func ReadResults(r io.Reader, remembered ResultMapping) (*ResultSheet, error) {
	sh, err := readResultsWorkbook(r)
	if err != nil {
		return nil, err
	}
	header := -1
	var heads []string
	for i := 0; i < len(sh.rows) && i < headerSearchRows; i++ {
		hs, known := sh.headerCells(i), map[ResultField]bool{}
		for _, h := range hs {
			f, ok := remembered[normHeader(h)]
			if !ok {
				f = guessField(h)
			}
			known[f] = true
		}
		if known[ResultStudentNo] || known[ResultName] && known[ResultClass] {
			// A header merged down over the next row makes that row
			// part of the header (subscale names under "因子分").
			for i+1 < len(sh.rows) && sh.mergedDown(i) {
				i++
			}
			header, heads = i, sh.headerCells(i)
			break
		}
	}
	if header < 0 {
		return nil, resultsErr(0, "", fmt.Sprintf("前 %d 行中没有找到可识别的学生列（学籍号，或姓名和班级）；请检查表头或用“列名=字段”指定", headerSearchRows),
			fmt.Sprintf("no recognisable student column (学籍号, or 姓名 and 班级) in the first %d rows", headerSearchRows))
	}
	s := &ResultSheet{Sheet: sh.name, HeaderRow: header + 1, dataRow0: header + 1, data: sh.rows[header+1:]}
	if len(s.data) > resultsMaxRows {
		return nil, resultsErr(0, "", fmt.Sprintf("超出可以读取的范围（最多 %d 行结果）", resultsMaxRows), fmt.Sprintf("more than %d result rows", resultsMaxRows))
	}
	width := len(heads)
	s.summary = make([]bool, len(s.data))
	for i, row := range s.data {
		width = max(width, len(row))
		s.summary[i] = s.isSummary(i)
	}
	for j := range width {
		h := ""
		if j < len(heads) {
			h = heads[j]
		}
		s.Columns = append(s.Columns, ResultColumn{Index: j, Letter: colLetter(j), Header: h, Hidden: sh.hidden[j], Field: ResultIgnore})
	}
	s.guess(remembered)
	for i := 0; i < len(s.data) && len(s.FirstRows) < resultsFirstRows; i++ {
		if len(s.data[i]) == 0 {
			continue
		}
		row := make([]string, width)
		for j := range row {
			row[j] = s.value(i, j)
		}
		s.FirstRows = append(s.FirstRows, row)
	}
	return s, nil
}

// mergedDown reports a range merged from row i or above onto row i+1.
func (sh *rawSheet) mergedDown(i int) bool {
	for k, at := range sh.merged {
		if k[0] == i+1 && at[0] <= i {
			return true
		}
	}
	return false
}

// headerCells returns row i with the headers merged down onto it.
func (sh *rawSheet) headerCells(i int) []string {
	n := len(sh.rows[i])
	for k := range sh.merged {
		if k[0] == i {
			n = max(n, k[1]+1)
		}
	}
	out := make([]string, n)
	for j := range out {
		out[j] = sh.cell(i, j)
	}
	return out
}

func (s *ResultSheet) value(i, j int) string {
	if j < len(s.data[i]) {
		return strings.TrimSpace(s.data[i][j])
	}
	return ""
}

// rowNo is the Excel row number of data row i.
func (s *ResultSheet) rowNo(i int) int { return s.dataRow0 + i + 1 }

func (s *ResultSheet) guess(remembered ResultMapping) {
	taken := map[ResultField]bool{}
	set := func(c *ResultColumn, f ResultField, src string) {
		c.Field, c.Source = f, src
		if f != ResultSubscale && f != ResultIgnore {
			taken[f] = true
		}
	}
	for i := range s.Columns {
		c := &s.Columns[i]
		if f, ok := remembered[normHeader(c.Header)]; ok && c.Header != "" {
			set(c, f, "remembered")
		}
	}
	for _, hidden := range []bool{false, true} {
		for i := range s.Columns {
			c := &s.Columns[i]
			if c.Source != "" || c.Hidden != hidden || c.Header == "" {
				continue
			}
			if f := guessField(c.Header); f != "" && !taken[f] {
				set(c, f, "guess")
			} else if f == "" && !hidden && s.numeric(i) {
				set(c, ResultSubscale, "guess")
			}
		}
	}
	for i := range s.Columns {
		if s.Columns[i].Source == "" {
			s.Columns[i].Field, s.Columns[i].Source = ResultIgnore, "guess"
		}
	}
}

// numeric reports whether column j holds numbers in every data row that
// names a student, and in one at least.
func (s *ResultSheet) numeric(j int) bool {
	n := 0
	for i := range s.data {
		v := s.value(i, j)
		if v == "" || s.summaryRow(i) {
			continue
		}
		if _, ok := parseScore(v); !ok {
			return false
		}
		n++
	}
	return n > 0
}

// Remap sets the field of columns named by their header text or letter
// ("总分=score", "D=因子分"). An unknown column or field is refused.
func (s *ResultSheet) Remap(choices map[string]ResultField) error {
	for name, f := range choices {
		found := false
		for i := range s.Columns {
			c := &s.Columns[i]
			if c.Letter == strings.ToUpper(strings.TrimSpace(name)) || c.Header != "" && normHeader(c.Header) == normHeader(name) {
				c.Field, c.Source, found = f, "chosen", true
			}
		}
		if !found {
			return resultsErr(s.HeaderRow, "", fmt.Sprintf("表头中没有“%s”这一列", short(name)), fmt.Sprintf("no column %q in the header", short(name)))
		}
	}
	return nil
}

// Mapping returns the sheet's columns as a mapping to remember.
func (s *ResultSheet) Mapping() ResultMapping {
	m := ResultMapping{}
	for _, c := range s.Columns {
		if c.Header != "" {
			m[normHeader(c.Header)] = c.Field
		}
	}
	return m
}

func (s *ResultSheet) column(f ResultField) (ResultColumn, bool) {
	for _, c := range s.Columns {
		if c.Field == f {
			return c, true
		}
	}
	return ResultColumn{}, false
}

// summaryWords mark a total or average row under the results.
var summaryWords = []string{"合计", "总计", "小计", "平均", "平均分", "均分", "统计", "汇总"}

// summaryRow reports a total row at the bottom (合计, 平均分) or a
// footnote (注：…, 制表人：…): no result of a student.
func (s *ResultSheet) summaryRow(i int) bool { return s.summary[i] }

// cellNorm is normHeader with its replacer built once: it runs on every
// cell of a sheet of up to 20,000 rows.
var cellNorm = strings.NewReplacer(" ", "", "\u3000", "", "*", "", "(必填)", "", "(选填)", "", "\n", "")

func normCell(v string) string { return cellNorm.Replace(width.Narrow.String(strings.TrimSpace(v))) }

func (s *ResultSheet) isSummary(i int) bool {
	texts := 0
	for j := range s.data[i] {
		v := normCell(s.value(i, j))
		if v == "" {
			continue
		}
		for _, w := range summaryWords {
			if strings.HasPrefix(v, w) {
				return true
			}
		}
		if _, num := parseScore(v); !num {
			texts++
		}
	}
	first := normCell(s.value(i, firstFilled(s.data[i])))
	return texts == 1 && (strings.HasPrefix(first, "注") || strings.Contains(first, "制表") || strings.Contains(first, "说明") || strings.Contains(first, "导出"))
}

func firstFilled(row []string) int {
	for j, v := range row {
		if strings.TrimSpace(v) != "" {
			return j
		}
	}
	return 0
}

// parseScore reads a number as a platform writes it: "12", "12.5",
// full-width "１２", "12分".
func parseScore(v string) (float64, bool) {
	v = strings.TrimSuffix(strings.ReplaceAll(normText(v), " ", ""), "分")
	if v == "" || strings.IndexFunc(v, func(r rune) bool { return !(r >= '0' && r <= '9' || strings.ContainsRune(".eE+-", r)) }) >= 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// noKey is a 学籍号 as matching compares it: narrow, upper case, no
// spaces; a number written as a number (leading zeros lost, "123.0",
// "1.2E+5") compares without its leading zeros.
func noKey(s string) string {
	s = strings.ToUpper(strings.ReplaceAll(normText(s), " ", ""))
	if !isDigits(s) {
		if f, ok := parseScore(s); ok && f >= 0 && f == math.Trunc(f) && f < 1e15 {
			s = strconv.FormatFloat(f, 'f', 0, 64)
		}
	}
	if isDigits(s) {
		if s = strings.TrimLeft(s, "0"); s == "" {
			s = "0"
		}
	}
	return s
}

func nameKey(s string) string { return strings.ReplaceAll(normText(s), " ", "") }

// notFlagged are the flag column's values that mean "no concern".
var notFlagged = []string{"否", "无", "正常", "0", "-", "—", "/", "无预警", "未预警", "不预警", "无需关注", "不需关注", "不需要关注",
	"无风险", "良好", "健康", "阴性", "n", "no", "false", "未见异常", "无异常"}

// invalidWords are the validity column's values that mean the answers
// are not usable.
var invalidWords = []string{"否", "无效", "0", "n", "no", "false", "不通过", "作答无效"}

// ResultRowStatus is what a preview row will do.
type ResultRowStatus string

// The statuses of a preview row.
const (
	ResultMatched   ResultRowStatus = "matched"   // one student: written
	ResultUnmatched ResultRowStatus = "unmatched" // no student
	ResultAmbiguous ResultRowStatus = "ambiguous" // two students, or a student twice
	ResultSkipped   ResultRowStatus = "skipped"   // a total row, or no score: no result
)

// ResultRow is one data row of the sheet and what it will do.
type ResultRow struct {
	Row                    int // as Excel shows it
	Status                 ResultRowStatus
	StudentNo, Name, Class string // as read
	// Action is add, update or unchanged for a matched row.
	Action RowAction
	// Candidates are the ids of the students an ambiguous row could be.
	Candidates []string
	// NoConsent: the screening collected no consent and the student has
	// no guardian-signed screening consent dated by its last day.
	NoConsent bool
	// Note says why a row is not matched or what to check (Chinese, no name).
	Note   string
	Result casework.ScreeningResult // the record as it will be written
}

// ResultsPreview is a mapped sheet matched against the vault; nothing is
// written until ApplyResults.
type ResultsPreview struct {
	ScreeningID                            string
	Sheet                                  *ResultSheet
	Rows                                   []ResultRow
	Matched, Unmatched, Ambiguous, Skipped int
	Adds, Updates, Unchanged, NoConsent    int
}

// ResultsOptions tune a preview. The zero value is usable.
type ResultsOptions struct {
	// Now stamps new and updated results; nil means time.Now.
	Now func() time.Time
	// IDs is the randomness new result ids are made from; nil means
	// crypto/rand.
	IDs io.Reader
}

// PreviewResults matches each row of the sheet with a student of the
// screening named by its id (or its name, when one screening has it): by 学籍号
// (leading zeros and full-width digits tolerated), else by name and the
// class the student was in on the screening's day. A row naming two
// students, or a student a row above already names, is ambiguous. A
// score or subscale that is not a number, or a mapping without a student
// or score column, refuses the sheet (ResultsError naming the row and
// column).
func PreviewResults(s *ResultSheet, st Reader, screeningID string, opt ResultsOptions) (*ResultsPreview, error) {
	noCol, hasNo := s.column(ResultStudentNo)
	nameCol, hasName := s.column(ResultName)
	classCol, hasClass := s.column(ResultClass)
	gradeCol, hasGrade := s.column(ResultGrade)
	scoreCol, hasScore := s.column(ResultScore)
	flagCol, hasFlag := s.column(ResultFlag)
	validCol, hasValid := s.column(ResultValid)
	if !hasNo && !(hasName && hasClass) {
		return nil, resultsErr(s.HeaderRow, "", "没有可识别的学生列：需要“学籍号”列，或“姓名”和“班级”两列", "no recognisable student column: 学籍号, or 姓名 and 班级")
	}
	if !hasScore {
		return nil, resultsErr(s.HeaderRow, "", "没有“总分”列；请在对应列选择“总分”", "no score column (总分)")
	}
	recs, err := st.List(casework.KindScreening)
	if err != nil {
		return nil, fmt.Errorf("results: list screenings: %w", err)
	}
	sc, err := findScreening(recs, screeningID)
	if err != nil {
		return nil, err
	}
	m, err := newResultMatcher(st, sc)
	if err != nil {
		return nil, err
	}
	now := casework.Stamp(time.Now())
	if opt.Now != nil {
		now = casework.Stamp(opt.Now())
	}
	p := &ResultsPreview{ScreeningID: sc.ID, Sheet: s}
	seen := map[string]int{} // student id → row
	for i := range s.data {
		if len(s.data[i]) == 0 {
			continue
		}
		n := s.rowNo(i)
		row := ResultRow{Row: n}
		get := func(c ResultColumn, ok bool) string {
			if !ok {
				return ""
			}
			return s.value(i, c.Index)
		}
		row.StudentNo, row.Name = get(noCol, hasNo), nameKey(get(nameCol, hasName))
		_, row.Class = casework.NormalizeClass(normText(get(gradeCol, hasGrade)), normText(get(classCol, hasClass)))
		scoreText := get(scoreCol, true)
		switch {
		case s.summaryRow(i):
			row.Status, row.Note = ResultSkipped, "合计、平均或说明行，不是学生的结果"
		case row.StudentNo == "" && row.Name == "":
			row.Status, row.Note = ResultSkipped, "没有学籍号和姓名"
		case scoreText == "":
			row.Status, row.Note = ResultSkipped, "总分为空（未参加测评），不导入"
		}
		if row.Status == ResultSkipped {
			p.Skipped++
			p.Rows = append(p.Rows, row)
			continue
		}
		res := casework.ScreeningResult{ScreeningID: sc.ID, Date: sc.DateTo, Valid: true}
		var ok bool
		if res.RawScore, ok = parseScore(scoreText); !ok {
			return nil, resultsErr(n, scoreCol.Letter, fmt.Sprintf("总分“%s”不是数字", short(scoreText)), fmt.Sprintf("the score %q is not a number", short(scoreText)))
		}
		if res.RawScore < 0 {
			return nil, resultsErr(n, scoreCol.Letter, fmt.Sprintf("总分“%s”不能是负数", short(scoreText)), "a negative score")
		}
		for _, c := range s.Columns {
			v := s.value(i, c.Index)
			if c.Field != ResultSubscale || v == "" {
				continue
			}
			f, ok := parseScore(v)
			if !ok || f < 0 {
				return nil, resultsErr(n, c.Letter, fmt.Sprintf("“%s”的值“%s”不是数字", short(c.Header), short(v)),
					fmt.Sprintf("%q is not a number", short(v)))
			}
			if res.Subscales == nil {
				res.Subscales = map[string]float64{}
			}
			res.Subscales[subscaleName(c)] = f
		}
		if v := get(flagCol, hasFlag); v != "" && !slices.Contains(notFlagged, strings.ToLower(normCell(v))) {
			res.Flagged = true
			res.FlagReason = normText(flagCol.Header) + "：" + normText(v)
		}
		if v := get(validCol, hasValid); v != "" && slices.Contains(invalidWords, strings.ToLower(normCell(v))) {
			res.Valid = false
		}
		m.match(&row)
		if row.Status == ResultMatched {
			sid := row.Result.StudentID
			if j, dup := seen[sid]; dup {
				row.Status, row.Note, row.Candidates = ResultAmbiguous, fmt.Sprintf("与第 %d 行是同一名学生", j), []string{sid}
			}
			seen[sid] = n
		}
		if row.Status == ResultMatched {
			res.StudentID = row.Result.StudentID
			row.NoConsent = !sc.ConsentCollected && !m.consented[res.StudentID]
			if err := m.settle(&row, res, now, opt.IDs); err != nil {
				return nil, err
			}
		} else {
			row.Result = res
		}
		p.count(row)
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// findScreening finds the screening by id, else by its name when one
// screening has it; the refusal lists the screenings there are.
func findScreening(recs []casework.Record, key string) (*casework.Screening, error) {
	var byName []*casework.Screening
	var all []string
	for _, r := range recs {
		x, ok := r.(*casework.Screening)
		if !ok {
			continue
		}
		if x.ID == key {
			return x, nil
		}
		if x.Name == strings.TrimSpace(key) {
			byName = append(byName, x)
		}
		all = append(all, fmt.Sprintf("%s（%s，编号 %s）", x.Name, x.DateTo, x.ID))
	}
	if len(byName) == 1 {
		return byName[0], nil
	}
	slices.Sort(all)
	zh := "找不到这次测评记录"
	if len(byName) > 1 {
		zh = fmt.Sprintf("有 %d 次测评都叫“%s”，请用编号指定", len(byName), short(key))
	}
	if len(all) > 0 {
		zh += "；已有的测评：" + strings.Join(all, "；")
	}
	return nil, resultsErr(0, "", zh, "no single screening "+short(key))
}

// subscaleName is the name a subscale is stored under: the header, or
// the column letter of a column without one.
func subscaleName(c ResultColumn) string {
	if h := normText(c.Header); h != "" {
		return h
	}
	return c.Letter + "列"
}

func (p *ResultsPreview) count(r ResultRow) {
	switch r.Status {
	case ResultMatched:
		p.Matched++
		switch r.Action {
		case RowAdd:
			p.Adds++
		case RowUpdate:
			p.Updates++
		default:
			p.Unchanged++
		}
		if r.NoConsent {
			p.NoConsent++
		}
	case ResultUnmatched:
		p.Unmatched++
	case ResultAmbiguous:
		p.Ambiguous++
	}
}

// Problems returns the unmatched and ambiguous rows.
func (p *ResultsPreview) Problems() []ResultRow {
	var out []ResultRow
	for _, r := range p.Rows {
		if r.Status == ResultUnmatched || r.Status == ResultAmbiguous {
			out = append(out, r)
		}
	}
	return out
}

type resultMatcher struct {
	byNo        map[string][]*casework.Student
	byNameClass map[string][]*casework.Student
	consented   map[string]bool
	existing    map[string]*casework.ScreeningResult // by student id
	on          casework.Date
}

func newResultMatcher(st Reader, sc *casework.Screening) (*resultMatcher, error) {
	m := &resultMatcher{byNo: map[string][]*casework.Student{}, byNameClass: map[string][]*casework.Student{},
		consented: map[string]bool{}, existing: map[string]*casework.ScreeningResult{}, on: sc.DateTo}
	var err error
	list := func(k casework.Kind) []casework.Record {
		if err != nil {
			return nil
		}
		var recs []casework.Record
		recs, err = st.List(k)
		return recs
	}
	for _, r := range list(casework.KindStudent) {
		s, ok := r.(*casework.Student)
		if !ok {
			continue
		}
		if s.StudentNo != "" {
			k := noKey(s.StudentNo)
			m.byNo[k] = append(m.byNo[k], s)
		}
		if s.OnRoll(m.on) {
			g, c := s.ClassOn(m.on)
			_, c = casework.NormalizeClass(g, normText(c))
			k := nameKey(s.Name) + "\x00" + c
			m.byNameClass[k] = append(m.byNameClass[k], s)
		}
	}
	for _, r := range list(casework.KindConsent) {
		// A guardian-signed screening consent dated by the screening's last
		// day, as the work list reads it.
		if c, ok := r.(*casework.Consent); ok && c.Kind == casework.ConsentKindScreening && c.GuardianSigned && c.Date <= sc.DateTo {
			m.consented[c.StudentID] = true
		}
	}
	for _, r := range list(casework.KindScreeningResult) {
		if x, ok := r.(*casework.ScreeningResult); ok && x.ScreeningID == sc.ID {
			m.existing[x.StudentID] = x
		}
	}
	if err != nil {
		return nil, fmt.Errorf("results: list records: %w", err)
	}
	return m, nil
}

func ids(ss []*casework.Student) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// match sets the row's status and, when matched, Result.StudentID.
func (m *resultMatcher) match(row *ResultRow) {
	note := ""
	if row.StudentNo != "" {
		switch cands := m.byNo[noKey(row.StudentNo)]; {
		case len(cands) > 1:
			row.Status, row.Candidates, row.Note = ResultAmbiguous, ids(cands), fmt.Sprintf("学籍号对应 %d 名学生", len(cands))
			return
		case len(cands) == 1:
			s := cands[0]
			if row.Name != "" && nameKey(s.Name) != row.Name {
				row.Status, row.Candidates, row.Note = ResultAmbiguous, ids(cands), "学籍号对应的学生姓名与表中不一致，请核对"
				return
			}
			row.Status, row.Result.StudentID = ResultMatched, s.ID
			return
		}
		note = "学籍号没有对应的学生"
	}
	if row.Name == "" || row.Class == "" {
		row.Status, row.Note = ResultUnmatched, strings.TrimPrefix(note+"；没有姓名和班级可以匹配", "；")
		return
	}
	switch cands := m.byNameClass[row.Name+"\x00"+row.Class]; len(cands) {
	case 0:
		row.Status, row.Note = ResultUnmatched, strings.TrimPrefix(note+"；"+row.Class+"没有这个姓名的学生", "；")
	case 1:
		row.Status, row.Result.StudentID = ResultMatched, cands[0].ID
		if note != "" {
			row.Note = note + "，已按姓名和班级匹配"
		}
	default:
		row.Status, row.Candidates, row.Note = ResultAmbiguous, ids(cands), fmt.Sprintf("%s有 %d 名同名学生", row.Class, len(cands))
	}
}

// settle makes the row's record: the student's existing result of the
// screening updated (its interview kept), or a new one.
func (m *resultMatcher) settle(row *ResultRow, in casework.ScreeningResult, now time.Time, rnd io.Reader) error {
	old := m.existing[in.StudentID]
	if old == nil {
		id := ""
		var err error
		if rnd != nil {
			if id, err = casework.NewIDFrom(rnd); err != nil {
				return fmt.Errorf("results: %w", err)
			}
		} else {
			id = casework.NewID()
		}
		in.ID = id
		in.Touch(now)
		row.Action, row.Result = RowAdd, in
		return validateRow(row)
	}
	x := *old
	x.Subscales = maps.Clone(old.Subscales)
	same := x.RawScore == in.RawScore && maps.Equal(x.Subscales, in.Subscales) && x.Flagged == in.Flagged &&
		x.FlagReason == in.FlagReason && x.Valid == in.Valid
	x.RawScore, x.Subscales, x.Flagged, x.FlagReason, x.Valid = in.RawScore, in.Subscales, in.Flagged, in.FlagReason, in.Valid
	if x.Date == "" {
		x.Date = in.Date
	}
	row.Result, row.Action = x, RowUnchanged
	if !same {
		row.Action = RowUpdate
		row.Result.Touch(now)
	}
	return validateRow(row)
}

func validateRow(row *ResultRow) error {
	if err := row.Result.Validate(casework.Env{}); err != nil {
		msg := "结果无效"
		if v, ok := casework.AsValidationErrors(err); ok && len(v) > 0 {
			msg = v[0].MessageZH
		}
		return resultsErr(row.Row, "", msg, err.Error())
	}
	return nil
}

// ResultsApplied says what ApplyResults wrote.
type ResultsApplied struct {
	Added, Updated, Unchanged, Skipped int
}

// ApplyResults writes the matched rows of a preview in one transaction,
// and remembers the sheet's mapping under platform (when named). Any
// unmatched or ambiguous row refuses the whole sheet unless
// skipUnmatched leaves them out.
func ApplyResults(st Store, p *ResultsPreview, skipUnmatched bool, platform string) (ResultsApplied, error) {
	var res ResultsApplied
	if bad := p.Problems(); len(bad) > 0 {
		if !skipUnmatched {
			return res, problemsErr(bad)
		}
		res.Skipped = len(bad)
	}
	platform = normText(platform)
	set, err := st.Settings()
	if err != nil {
		return res, fmt.Errorf("results: read settings: %w", err)
	}
	err = st.Write(func(w Writer) error {
		for i := range p.Rows {
			r := &p.Rows[i]
			if r.Status != ResultMatched || r.Action == RowUnchanged {
				if r.Status == ResultMatched {
					res.Unchanged++
				}
				continue
			}
			x := r.Result
			if err := w.Put(&x); err != nil {
				return fmt.Errorf("row %d: %w", r.Row, err)
			}
			if r.Action == RowAdd {
				res.Added++
			} else {
				res.Updated++
			}
		}
		if platform == "" {
			return nil
		}
		if set.ResultMappings == nil {
			set.ResultMappings = map[string]map[string]string{}
		}
		mp := map[string]string{}
		for h, f := range p.Sheet.Mapping() {
			mp[h] = string(f)
		}
		set.ResultMappings[platform] = mp
		return w.PutSettings(set)
	})
	if err != nil {
		return ResultsApplied{}, fmt.Errorf("results: write: %w", err)
	}
	return res, nil
}

func problemsErr(bad []ResultRow) *ResultsError {
	var b strings.Builder
	fmt.Fprintf(&b, "有 %d 行没有匹配到学生或对应多名学生，未写入任何数据（可核对后重新导入，或选择跳过这些行）：", len(bad))
	for i, r := range bad {
		if i == DefaultMaxErrors {
			b.WriteString("\n……")
			break
		}
		fmt.Fprintf(&b, "\n第 %d 行：%s", r.Row, r.Note)
	}
	return &ResultsError{ZH: b.String(), EN: fmt.Sprintf("%d rows match no student or two students; nothing was written (skip them to import the rest)", len(bad))}
}

// RememberedMapping reads a platform's remembered mapping from the settings.
func RememberedMapping(set casework.Settings, platform string) ResultMapping {
	m := ResultMapping{}
	for h, f := range set.ResultMappings[normText(platform)] {
		if ff, ok := ParseResultField(f); ok {
			m[h] = ff
		}
	}
	return m
}

// Platforms lists the platform names with a remembered mapping.
func Platforms(set casework.Settings) []string {
	return slices.Sorted(maps.Keys(set.ResultMappings))
}
