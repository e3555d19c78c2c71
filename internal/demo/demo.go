// Package demo generates deterministic synthetic schools for
// demonstrations, tests and benchmarks. Every name, phone number and note
// is assembled at random from word lists: nothing is anyone's real data.
// The same scale, seed and date always give the same document, byte for
// byte.
//
// Small is one school year of a junior middle school with about 300
// students; Big is a nine-year school over ten school years with 3,000
// students, about 20,000 sessions, 600 key students, 1,500 group sessions,
// 1,200 committee members and 5,000 weekly class reports.
package demo

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
)

// Scale is the size of a synthetic school.
type Scale string

// The scales.
const (
	Small Scale = "small"
	Big   Scale = "big"
)

// ParseScale reads a scale name.
func ParseScale(s string) (Scale, error) {
	switch Scale(s) {
	case Small, Big:
		return Scale(s), nil
	}
	return "", fmt.Errorf("demo: unknown scale %q (want small or big)", s)
}

// params are the numbers a scale is made of; yearly counts are per school
// year of the span.
type params struct {
	stage             casework.Stage
	firstGrade        int // 0 = 一年级, 6 = 七年级
	grades            int
	years             int
	students          int
	casesPerYear      int
	sessionsPerCase   int // average
	keyPerYear        int
	groupsPerYear     int
	membersPerClass   int
	reportShare       float64 // share of class-weeks with a report
	crisesPerYear     int
	referralsPerYear  int
	contactsPerYear   int
	activitiesPerYear int
	visitsPerYear     int
	// dense: yearly counts are not scaled down when the school year has
	// only begun, so a small demo is never nearly empty.
	dense bool
}

func paramsOf(s Scale) params {
	if s == Big {
		return params{stage: casework.StageNineYear, firstGrade: 0, grades: 9, years: 10, students: 3000,
			casesPerYear: 480, sessionsPerCase: 5, keyPerYear: 60, groupsPerYear: 150, membersPerClass: 3,
			reportShare: 0.36, crisesPerYear: 12, referralsPerYear: 18, contactsPerYear: 250,
			activitiesPerYear: 90, visitsPerYear: 180}
	}
	return params{stage: casework.StageJunior, firstGrade: 6, grades: 3, years: 1, students: 300,
		casesPerYear: 60, sessionsPerCase: 5, keyPerYear: 15, groupsPerYear: 30, membersPerClass: 3,
		reportShare: 0.5, crisesPerYear: 3, referralsPerYear: 4, contactsPerYear: 60,
		activitiesPerYear: 40, visitsPerYear: 80, dense: true}
}

const gradeChars = "一二三四五六七八九"

func gradeName(g int) string    { return string([]rune(gradeChars)[g]) + "年级" }
func className(g, n int) string { return fmt.Sprintf("%s(%d)班", string([]rune(gradeChars)[g]), n) }

// gen carries the random source and what has been generated so far.
type gen struct {
	r   *rand.Rand
	p   params
	now casework.Date
	doc *interchange.Document
	// school years, oldest first: y is the calendar year the year starts in
	firstYear, lastYear int
	days                map[int][]casework.Date // school days per school year, up to now
	teachers            map[string]string       // homeroom teacher per class name
	caseSeq             map[int]int
	pupils              []pupil
	register            map[string]casework.Date // key students: release date, "" while on the register
}

// pupil is a generated student with the facts later records need.
type pupil struct {
	s       *casework.Student
	entry   int // calendar year the pupil started the school's first grade
	classNo int
}

// gradeIn returns the pupil's grade index in school year y, and whether
// the pupil was at the school then.
func (g *gen) gradeIn(p pupil, y int) (int, bool) {
	gi := g.p.firstGrade + (y - p.entry)
	return gi, y >= p.entry && y-p.entry < g.p.grades
}

// Read feeds casework.NewIDFrom from the seeded source.
func (g *gen) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return len(b), nil
}

func (g *gen) id() string {
	id, _ := casework.NewIDFrom(g)
	return id
}

// meta stamps a record as written on day d in the afternoon, school time
// (UTC+8).
func (g *gen) meta(d casework.Date) casework.Meta {
	t, _ := d.Time()
	at := t.Add(time.Duration(8*60+g.r.IntN(10*60)) * time.Minute).Add(-8 * time.Hour)
	return casework.Meta{ID: g.id(), CreatedAt: casework.Stamp(at), UpdatedAt: casework.Stamp(at.Add(time.Duration(g.r.IntN(120)) * time.Minute))}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// Generate returns the synthetic school of scale for seed, with records
// dated up to now. The document passes casework validation and imports
// into an empty vault.
func Generate(scale Scale, seed int64, now casework.Date) *interchange.Document {
	p := paramsOf(scale)
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x78696e71696e67)), p: p, now: now,
		days: map[int][]casework.Date{}, teachers: map[string]string{}, caseSeq: map[int]int{}, register: map[string]casework.Date{}}
	y := now.Year()
	if t, _ := now.Time(); t.Month() < time.September {
		y--
	}
	g.lastYear, g.firstYear = y, y-p.years+1
	for yr := g.firstYear; yr <= g.lastYear; yr++ {
		g.days[yr] = g.schoolDays(yr)
	}
	g.doc = interchange.NewDocument(g.settings())
	g.students()
	for yr := g.firstYear; yr <= g.lastYear; yr++ {
		if len(g.days[yr]) == 0 {
			continue
		}
		g.cases(yr)
		g.keyStudents(yr)
		g.crises(yr)
		g.referrals(yr)
		g.contacts(yr)
		g.groupSessions(yr)
		g.committee(yr)
		g.activities(yr)
		g.roomLog(yr)
		g.screenings(yr)
		g.monthNotes(yr)
	}
	g.leavers()
	g.appointments()
	return g.doc
}

// JSON returns Generate's document encoded as interchange JSON, with
// exported_at set to the start of now.
func JSON(scale Scale, seed int64, now casework.Date) ([]byte, error) {
	d := Generate(scale, seed, now)
	d.ExportedAt, _ = now.Time()
	var b bytes.Buffer
	if err := interchange.Encode(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Import generates the school and imports it into st (which must hold no
// records, or the school is merged).
func Import(st interchange.Store, scale Scale, seed int64, now casework.Date) (interchange.Result, error) {
	b, err := JSON(scale, seed, now)
	if err != nil {
		return interchange.Result{}, err
	}
	t, _ := now.Time()
	return interchange.Import(bytes.NewReader(b), st, interchange.Options{Now: func() time.Time { return t }})
}

// terms of school year y: autumn and spring.
func terms(y int) []casework.Term {
	return []casework.Term{
		{Name: fmt.Sprintf("%d-%d学年第一学期", y, y+1), Start: casework.NewDate(y, time.September, 1), End: casework.NewDate(y+1, time.January, 20)},
		{Name: fmt.Sprintf("%d-%d学年第二学期", y, y+1), Start: casework.NewDate(y+1, time.February, 24), End: casework.NewDate(y+1, time.July, 5)},
	}
}

// schoolDays lists the weekdays of year y's terms up to now.
func (g *gen) schoolDays(y int) []casework.Date {
	var out []casework.Date
	for _, t := range terms(y) {
		for d := t.Start; d <= t.End && d <= g.now; d = d.AddDays(1) {
			if wd, _ := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				out = append(out, d)
			}
		}
	}
	return out
}

func (g *gen) day(y int) casework.Date { return pick(g.r, g.days[y]) }

// dayFrom returns a school day of year y not before d, or "" if none.
func (g *gen) dayFrom(y int, d casework.Date) casework.Date {
	ds := g.days[y]
	lo := 0
	for lo < len(ds) && ds[lo] < d {
		lo++
	}
	if lo == len(ds) {
		return ""
	}
	return ds[lo+g.r.IntN(len(ds)-lo)]
}

// firstDayFrom returns the first school day of year y not before d, or "".
func (g *gen) firstDayFrom(y int, d casework.Date) casework.Date {
	for _, x := range g.days[y] {
		if x >= d {
			return x
		}
	}
	return ""
}

// share scales a yearly count to the school days year y has had so far
// (a school year has about 190), keeping at least one.
func (g *gen) share(perYear, y int) int {
	if g.p.dense {
		return perYear
	}
	return max(1, (perYear*len(g.days[y])+95)/190)
}

func (g *gen) settings() casework.Settings {
	s := casework.DefaultSettings()
	classes := g.p.grades * g.classesPerGrade()
	s.School = casework.School{
		Name: "晴川市第一实验学校（演示）", Code: "DEMO0001", County: "晴川区（演示）", Stage: g.p.stage,
		StudentCount: g.p.students * g.p.grades / (g.p.grades + g.p.years - 1), ClassCount: classes,
		FulltimeCounselors: 1 + g.p.grades/5, ParttimeCounselors: 2, CertifiedCounselors: 2,
		Room:     casework.Room{HasRoom: true, AreaM2: 86, Zones: []string{"个体辅导区", "团体活动区", "沙盘区", "放松区", "阅览区"}},
		Hotlines: append(s.School.Hotlines, casework.Hotline{Name: "学校心理辅导室", Number: "100-0000-0525"}),
		Preparer: "周心晴（演示）", PreparerPhone: "100-0000-0001", Reviewer: "孙校长（演示）",
	}
	for y := g.firstYear; y <= g.lastYear; y++ {
		s.Terms = append(s.Terms, terms(y)...)
	}
	return s
}

func (g *gen) classesPerGrade() int {
	cohorts := g.p.grades + g.p.years - 1
	return max(2, (g.p.students/cohorts+40)/42)
}

func (g *gen) personName(male bool) string {
	given := givenFemale
	if male {
		given = givenMale
	}
	n := pick(g.r, surnames) + pick(g.r, given)
	if g.chance(0.7) {
		n += pick(g.r, given)
	}
	return n
}

func (g *gen) phone() string { return fmt.Sprintf("100%08d", g.r.IntN(100000000)) }

func (g *gen) teacher(class string) string {
	if t, ok := g.teachers[class]; ok {
		return t
	}
	t := g.personName(g.chance(0.3))
	g.teachers[class] = t
	return t
}
