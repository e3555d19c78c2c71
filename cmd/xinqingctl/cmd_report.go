package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/report"
	"xinqing/internal/returns"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

func init() {
	register("report", command{"打印月报、学期统计、个案记录表等 PDF", "print the monthly return, term statistics, case records and other PDFs", runReport})
}

// reportCommands are the documents of "xinqingctl report".
func reportCommands() map[string]func(e *env, args []string) error {
	return map[string]func(e *env, args []string) error{
		"monthly":   runReportMonthly,
		"term":      runReportTerm,
		"case":      runReportCase,
		"group":     runReportGroup,
		"roster":    runReportRoster,
		"referral":  runReportReferral,
		"keylist":   runReportKeyList,
		"selfcheck": runReportSelfCheck,
	}
}

const reportUsageZH = "用法: xinqingctl report <monthly|term|case|group|roster|referral|keylist|selfcheck> --vault DIR --out FILE.pdf …"
const reportUsageEN = "usage: xinqingctl report <monthly|term|case|group|roster|referral|keylist|selfcheck> --vault DIR --out FILE.pdf …"

func runReport(e *env, args []string) error {
	if len(args) == 0 {
		return usageErr(reportUsageZH, reportUsageEN)
	}
	run, ok := reportCommands()[args[0]]
	if !ok {
		return usageErr("未知的报表: "+args[0]+"\n"+reportUsageZH, "unknown report: "+args[0])
	}
	return run(e, args[1:])
}

// session is an unlocked vault for one report: its store, settings and
// labels. close saves the audit entries written and locks the vault.
type session struct {
	w        *workspace.Workspace
	st       *store.Store
	settings casework.Settings
	labels   report.Labels
}

func (e *env) openReport(dir string) (*session, error) {
	if err := needVault(dir); err != nil {
		return nil, err
	}
	w, err := e.openWorkspace(dir)
	if err != nil {
		return nil, err
	}
	st := w.Store()
	settings, err := st.Settings()
	if err != nil {
		w.Lock()
		return nil, fmt.Errorf("read settings: %w", err)
	}
	labels, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		w.Lock()
		return nil, fmt.Errorf("load labels: %w", err)
	}
	return &session{w: w, st: st, settings: settings, labels: labels}, nil
}

// audit logs a print or export of a record (never a name) and marks the
// vault changed so that Lock saves the entry.
func (s *session) audit(action casework.AuditAction, kind casework.Kind, id string) error {
	if err := s.st.Audit(action, kind, id); err != nil {
		return fail(exitError, err, "文件已生成，但写入审计日志失败", "written, but the audit entry failed")
	}
	s.w.Changed()
	return nil
}

func (s *session) close() error { return vaultErr(s.w.Lock()) }

// writeOut writes a generated file that must not exist yet.
func writeOut(path string, data []byte) error {
	if err := writeNew(path, data); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fail(exitError, err, "输出文件已存在，请换一个文件名: "+path, "the output file exists")
		}
		return err
	}
	return nil
}

// notFoundErr turns a missing record into a sentence.
func notFoundErr(err error, what string) error {
	if casework.ErrorCode(err) == casework.ENOTFOUND {
		return fail(exitError, err, "找不到该"+what+"（请检查 --id）", what+" not found")
	}
	return err
}

func runReportMonthly(e *env, args []string) error {
	fs := newFlags(e, "report monthly")
	dir := fs.String("vault", "", "档案库文件夹")
	month := fs.String("month", "", "报告月份 YYYY-MM")
	out := fs.String("out", "", "输出 PDF 文件")
	jsonOut := fs.String("json", "", "同时把各项数字写入 JSON 文件")
	xlsxOut := fs.String("xlsx", "", "同时把各项数字写入 Excel 文件")
	freeze := fs.Bool("freeze", false, "把本次生成的月报存档为已报送（之后可原样重印）")
	frozen := fs.Bool("frozen", false, "重印该月最近一次存档的月报，而不是重新计算")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	const zh, en = "用法: xinqingctl report monthly --vault DIR --month YYYY-MM --out FILE.pdf [--json FILE] [--xlsx FILE] [--freeze | --frozen]",
		"usage: xinqingctl report monthly --vault DIR --month YYYY-MM --out FILE.pdf [--json FILE] [--xlsx FILE] [--freeze | --frozen]"
	m, err := casework.ParseMonth(*month)
	if err != nil || *out == "" || fs.NArg() != 0 || *freeze && *frozen {
		return usageErr(zh, en)
	}
	s, err := e.openReport(*dir)
	if err != nil {
		return err
	}
	defer s.w.Lock()
	var (
		pdf     []byte
		figJSON []byte
		retID   string
		gen     *returns.Monthly
	)
	if *frozen {
		r, err := returns.Latest(s.st, m)
		if err != nil {
			return err
		}
		if r == nil {
			return fail(exitError, nil, "该月还没有存档的月报（生成时加 --freeze 存档）", "no frozen return for this month")
		}
		var same bool
		if pdf, same, err = returns.Reprint(r, s.settings.RiskLevels, s.labels, time.Local); err != nil {
			return err
		}
		if !same {
			e.say(e.stderr, "注意: 关注等级名称或标签已改动，重印件与当时上传的 PDF 版式不完全相同，但各项数字为存档数字",
				"note: labels changed since; the reprint shows the frozen figures but is not byte-identical")
		}
		figJSON, retID = r.Figures, r.ID
	} else {
		g, err := returns.Generate(s.st, m, s.labels, time.Now())
		if casework.ErrorCode(err) == casework.EINVALID { // a month that starts after today
			return fail(exitError, err, casework.ErrorMessageZH(err), err.Error())
		}
		if err != nil {
			return err
		}
		pdf = g.PDF
		if figJSON, err = g.Figures.JSON(); err != nil {
			return err
		}
		if g.Frozen != nil {
			if len(g.Changed) == 0 {
				e.say(e.stderr, "与已存档的月报相比，各项数字没有变化", "the figures equal the frozen return")
			} else {
				e.say(e.stderr, "与已存档的月报相比，以下项目有变化: "+strings.Join(g.Changed, "、"),
					"changed since the frozen return: "+strings.Join(g.Changed, ", "))
			}
		}
		gen = g
	}
	if err := writeOut(*out, pdf); err != nil {
		return err
	}
	// Frozen only once the PDF to upload is on disk.
	if *freeze {
		r, err := returns.Freeze(s.st, gen)
		if err != nil {
			return err
		}
		retID = r.ID
		s.w.Changed()
	}
	if err := s.audit(casework.AuditActionPrint, casework.KindReturn, retID); err != nil {
		return err
	}
	if *jsonOut != "" {
		if err := writeOut(*jsonOut, append(slices.Clone(figJSON), '\n')); err != nil {
			return err
		}
		if err := s.audit(casework.AuditActionExport, casework.KindReturn, retID); err != nil {
			return err
		}
	}
	if *xlsxOut != "" {
		f, err := figures.Parse(figJSON)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := interchange.FiguresSheet(&b, "月报"+string(m), figJSON, report.FigureLabels(f, s.labels, s.settings.RiskLevels)); err != nil {
			return err
		}
		if err := writeOut(*xlsxOut, b.Bytes()); err != nil {
			return err
		}
		if err := s.audit(casework.AuditActionExport, casework.KindReturn, retID); err != nil {
			return err
		}
	}
	if err := s.close(); err != nil {
		return err
	}
	msg, msgEN := "已生成月报 "+*out, "monthly return written to "+*out
	if *freeze {
		msg += "（已存档为已报送月报）"
		msgEN += " (frozen)"
	}
	e.say(e.stdout, msg, msgEN)
	return nil
}

func runReportTerm(e *env, args []string) error {
	fs := newFlags(e, "report term")
	dir := fs.String("vault", "", "档案库文件夹")
	from := fs.String("from", "", "起始日期 YYYY-MM-DD")
	to := fs.String("to", "", "结束日期 YYYY-MM-DD")
	name := fs.String("name", "", "统计名称，如 2026-2027学年第一学期（默认取设置中的学期名称）")
	out := fs.String("out", "", "输出 PDF 文件")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err1 := casework.ParseDate(*from)
	b, err2 := casework.ParseDate(*to)
	p := casework.Period{From: a, To: b}
	if err1 != nil || err2 != nil || !p.Valid() || *out == "" || fs.NArg() != 0 {
		return usageErr("用法: xinqingctl report term --vault DIR --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.pdf（起始日期不晚于结束日期）",
			"usage: xinqingctl report term --vault DIR --from DATE --to DATE --out FILE.pdf")
	}
	s, err := e.openReport(*dir)
	if err != nil {
		return err
	}
	defer s.w.Lock()
	pdf, _, err := returns.Term(s.st, p, *name, s.labels, time.Now())
	if casework.ErrorCode(err) == casework.EINVALID { // a period that starts after today
		return fail(exitError, err, casework.ErrorMessageZH(err), err.Error())
	}
	if err != nil {
		return err
	}
	return s.finish(e, *out, pdf, "", "", "工作统计", "term statistics")
}

// idFlags parses --vault, --id and --out for a document of one record.
func idFlags(e *env, name string, args []string) (dir, id, out string, err error) {
	fs := newFlags(e, "report "+name)
	d := fs.String("vault", "", "档案库文件夹")
	i := fs.String("id", "", "记录编号")
	o := fs.String("out", "", "输出 PDF 文件")
	if err := parseFlags(fs, args); err != nil {
		return "", "", "", err
	}
	if *i == "" || *o == "" || fs.NArg() != 0 {
		return "", "", "", usageErr("用法: xinqingctl report "+name+" --vault DIR --id ID --out FILE.pdf",
			"usage: xinqingctl report "+name+" --vault DIR --id ID --out FILE.pdf")
	}
	return *d, *i, *o, nil
}

func runReportCase(e *env, args []string) error {
	dir, id, out, err := idFlags(e, "case", args)
	if err != nil {
		return err
	}
	s, err := e.openReport(dir)
	if err != nil {
		return err
	}
	defer s.w.Lock()
	c, err := store.GetAs[*casework.Case](s.st, id)
	if err != nil {
		return notFoundErr(err, "个案")
	}
	f := report.CaseFile{School: s.settings.School.Name, Case: *c}
	if c.StudentID != "" {
		st, err := store.GetAs[*casework.Student](s.st, c.StudentID)
		if err != nil {
			return err
		}
		f.Student = st
	}
	sessions, err := store.ListAs[*casework.Session](s.st, store.Filter{CaseID: c.ID})
	if err != nil {
		return err
	}
	for _, x := range sessions {
		f.Sessions = append(f.Sessions, x.Printable())
	}
	pdf, err := report.RenderCaseRecord(f, s.labels, time.Now())
	if err != nil {
		return err
	}
	return s.finish(e, out, pdf, casework.KindCase, c.ID, "个案辅导记录表", "case record")
}

// finish writes a document, logs the print (of one record, or of none
// when kind is empty) and saves.
func (s *session) finish(e *env, out string, pdf []byte, kind casework.Kind, id, zh, en string) error {
	if err := writeOut(out, pdf); err != nil {
		return err
	}
	if err := s.audit(casework.AuditActionPrint, kind, id); err != nil {
		return err
	}
	if err := s.close(); err != nil {
		return err
	}
	e.say(e.stdout, "已生成"+zh+" "+out, en+" written to "+out)
	return nil
}

func runReportGroup(e *env, args []string) error {
	dir, id, out, err := idFlags(e, "group", args)
	if err != nil {
		return err
	}
	s, err := e.openReport(dir)
	if err != nil {
		return err
	}
	defer s.w.Lock()
	g, err := store.GetAs[*casework.GroupSession](s.st, id)
	if err != nil {
		return notFoundErr(err, "团体辅导记录")
	}
	pdf, err := report.RenderGroupRecord(s.settings.School.Name, g.Printable(), s.labels, time.Now())
	if err != nil {
		return err
	}
	return s.finish(e, out, pdf, casework.KindGroupSession, g.ID, "团体辅导记录表", "group record")
}

func runReportReferral(e *env, args []string) error {
	dir, id, out, err := idFlags(e, "referral", args)
	if err != nil {
		return err
	}
	s, err := e.openReport(dir)
	if err != nil {
		return err
	}
	defer s.w.Lock()
	r, err := store.GetAs[*casework.Referral](s.st, id)
	if err != nil {
		return notFoundErr(err, "转介记录")
	}
	st, err := store.GetAs[*casework.Student](s.st, r.StudentID)
	if err != nil {
		return err
	}
	school := s.settings.School
	pdf, err := report.RenderReferralLetter(report.ReferralLetter{School: school.Name, Counselor: school.Preparer,
		Phone: school.PreparerPhone, Student: *st, Referral: *r}, time.Now())
	if err != nil {
		return err
	}
	return s.finish(e, out, pdf, casework.KindReferral, r.ID, "学校转介建议书", "referral letter")
}

// studentsByID returns every student by id.
func studentsByID(st *store.Store) (map[string]casework.Student, error) {
	list, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return nil, err
	}
	m := make(map[string]casework.Student, len(list))
	for _, s := range list {
		m[s.ID] = *s
	}
	return m, nil
}

func runReportRoster(e *env, args []string) error {
	fs := newFlags(e, "report roster")
	dir := fs.String("vault", "", "档案库文件夹")
	on := fs.String("on", "", "名册日期 YYYY-MM-DD（默认今天）")
	out := fs.String("out", "", "输出 PDF 文件")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	day := casework.DateOf(time.Now())
	if *on != "" {
		d, err := casework.ParseDate(*on)
		if err != nil {
			return usageErr("--on 应为 YYYY-MM-DD", "--on must be YYYY-MM-DD")
		}
		day = d
	}
	if *out == "" || fs.NArg() != 0 {
		return usageErr("用法: xinqingctl report roster --vault DIR --out FILE.pdf [--on YYYY-MM-DD]",
			"usage: xinqingctl report roster --vault DIR --out FILE.pdf [--on DATE]")
	}
	s, err := e.openReport(*dir)
	if err != nil {
		return err
	}
	defer s.w.Lock()
	students, err := studentsByID(s.st)
	if err != nil {
		return err
	}
	members, err := store.ListAs[*casework.CommitteeMember](s.st, store.Filter{})
	if err != nil {
		return err
	}
	r := report.CommitteeRoster{School: s.settings.School.Name, On: day, Students: students}
	for _, m := range members {
		r.Members = append(r.Members, *m)
	}
	r.Classes = schoolClasses(students)
	pdf, err := report.RenderCommitteeRoster(r, s.labels, time.Now())
	if err != nil {
		return err
	}
	return s.finish(e, *out, pdf, casework.KindCommitteeMember, "", "班级心理委员名册", "committee roster")
}

// schoolClasses returns the classes of the enrolled students, by grade
// then class, numbers compared as numbers (七(2)班 before 七(10)班).
func schoolClasses(students map[string]casework.Student) []report.Class {
	seen := map[report.Class]bool{}
	var out []report.Class
	for _, s := range students {
		c := report.Class{Grade: s.Grade, Class: s.Class}
		if s.Enrolled() && s.Class != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b report.Class) int {
		if n := naturalCompare(a.Grade, b.Grade); n != 0 {
			return n
		}
		return naturalCompare(a.Class, b.Class)
	})
	return out
}

// naturalCompare compares strings with runs of digits compared by value
// and the Chinese numerals of grade names (一 … 九) in numeral order.
func naturalCompare(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	i, j := 0, 0
	for i < len(ra) && j < len(rb) {
		if isDigit(ra[i]) && isDigit(rb[j]) {
			si, sj := i, j
			for i < len(ra) && isDigit(ra[i]) {
				i++
			}
			for j < len(rb) && isDigit(rb[j]) {
				j++
			}
			na, nb := strings.TrimLeft(string(ra[si:i]), "0"), strings.TrimLeft(string(rb[sj:j]), "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		if ca, cb := chineseDigit(ra[i]), chineseDigit(rb[j]); ca > 0 && cb > 0 && ca != cb {
			return ca - cb
		}
		if ra[i] != rb[j] {
			if ra[i] < rb[j] {
				return -1
			}
			return 1
		}
		i++
		j++
	}
	return (len(ra) - i) - (len(rb) - j)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// chineseDigit returns 1–9 for 一 … 九 and 0 for any other rune.
func chineseDigit(r rune) int {
	i := strings.IndexRune("一二三四五六七八九", r)
	if i < 0 {
		return 0
	}
	return i/len("一") + 1
}

func runReportKeyList(e *env, args []string) error {
	fs := newFlags(e, "report keylist")
	dir := fs.String("vault", "", "档案库文件夹")
	purpose := fs.String("purpose", "", "用途（必填）")
	recipient := fs.String("recipient", "", "接收单位或接收人（必填）")
	out := fs.String("out", "", "输出 PDF 文件")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*purpose) == "" || strings.TrimSpace(*recipient) == "" || *out == "" || fs.NArg() != 0 {
		return usageErr("重点学生名单必须注明用途和接收人: xinqingctl report keylist --vault DIR --purpose 用途 --recipient 接收人 --out FILE.pdf",
			"the key-student list needs --purpose and --recipient")
	}
	s, err := e.openReport(*dir)
	if err != nil {
		return err
	}
	defer s.w.Lock()
	students, err := studentsByID(s.st)
	if err != nil {
		return err
	}
	keys, err := store.ListAs[*casework.KeyStudent](s.st, store.Filter{})
	if err != nil {
		return err
	}
	l := report.KeyStudentList{School: s.settings.School.Name, Purpose: *purpose, Recipient: *recipient,
		On: casework.DateOf(time.Now()), Levels: s.settings.RiskLevels, Students: students}
	for _, k := range keys {
		l.KeyStudents = append(l.KeyStudents, *k)
	}
	pdf, err := report.RenderKeyStudentList(l, s.labels, time.Now())
	if err != nil {
		return err
	}
	if err := writeOut(*out, pdf); err != nil {
		return err
	}
	if err := s.audit(casework.AuditActionExport, casework.KindKeyStudent, ""); err != nil {
		return err
	}
	if err := s.close(); err != nil {
		return err
	}
	e.say(e.stdout, "已生成重点学生名单 "+*out+"（含学生姓名，已加水印并记入审计日志，请按用途使用后销毁）",
		"key-student list written to "+*out+" (named: watermarked and logged)")
	return nil
}
