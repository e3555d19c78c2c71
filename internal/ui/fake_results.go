package ui

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"xinqing/internal/casework"
)

// FakeResults keeps screening results in memory; the screenings and
// students come from the groups fake, the key students from the cases
// fake, as the real vault keeps them in one store.
type FakeResults struct {
	groups   *FakeGroups
	cases    *FakeCases
	changes  *FakeChanges
	mu       sync.Mutex
	results  []*casework.ScreeningResult
	scorings []casework.Scoring
	next     int
	// today is the day of an interview recorded without one.
	today   casework.Date
	printed []string
}

// NewFakeResults returns a fake over the groups and cases fakes.
func NewFakeResults(groups *FakeGroups, cases *FakeCases, changes *FakeChanges) *FakeResults {
	return &FakeResults{groups: groups, cases: cases, changes: changes, today: "2026-12-07"}
}

// AddResult stores a result as an import would.
func (f *FakeResults) AddResult(r casework.ScreeningResult) *casework.ScreeningResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	r.ID = fmt.Sprintf("result-%03d", f.next)
	x := r
	f.results = append(f.results, &x)
	return &x
}

func (f *FakeResults) screening(id string) (*casework.Screening, error) {
	for _, r := range f.groups.all(casework.KindScreening) {
		if r.Base().ID == id {
			return r.(*casework.Screening), nil
		}
	}
	return nil, &casework.Error{Code: casework.ENOTFOUND, MessageEN: "no screening " + id}
}

func (f *FakeResults) result(id string) (*casework.ScreeningResult, error) {
	for _, r := range f.results {
		if r.ID == id {
			return r, nil
		}
	}
	return nil, &casework.Error{Code: casework.ENOTFOUND, MessageEN: "no result " + id}
}

func (f *FakeResults) WorkList(ctx context.Context, screeningID string) (ResultWorkList, error) {
	sc, err := f.screening(screeningID)
	if err != nil {
		return ResultWorkList{}, err
	}
	students, _ := f.groups.Students(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	w := ResultWorkList{Screening: *sc}
	for _, r := range f.results {
		if r.ScreeningID != screeningID || !r.NeedsInterview() {
			continue
		}
		row := ResultRow{Result: *r, Consent: sc.ConsentCollected}
		if i := slices.IndexFunc(students, func(s *casework.Student) bool { return s.ID == r.StudentID }); i >= 0 {
			row.Name = students[i].Name
			row.Grade, row.Class = students[i].ClassOn(cmp.Or(r.Date, sc.DateTo))
		}
		w.Rows = append(w.Rows, row)
		w.Needed++
		if r.Interviewed() {
			w.Interviewed++
		}
	}
	slices.SortStableFunc(w.Rows, func(x, y ResultRow) int {
		return cmp.Or(casework.CompareClass(x.Grade, x.Class, y.Grade, y.Class), strings.Compare(x.Name, y.Name))
	})
	return w, nil
}

func (f *FakeResults) OpenWorkLists(ctx context.Context) ([]OpenWorkList, error) {
	screenings := f.groups.all(casework.KindScreening)
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []OpenWorkList
	for i := len(screenings) - 1; i >= 0; i-- {
		sc := screenings[i].(*casework.Screening)
		o := OpenWorkList{ScreeningID: sc.ID, Name: sc.Name}
		for _, r := range f.results {
			if r.ScreeningID == sc.ID && r.NeedsInterview() {
				o.Needed++
				if r.Interviewed() {
					o.Interviewed++
				}
			}
		}
		if o.Interviewed < o.Needed {
			out = append(out, o)
		}
	}
	return out, nil
}

func (f *FakeResults) ScheduleInterview(_ context.Context, resultID string, on casework.Date) error {
	if on == "" {
		return &casework.Error{Code: casework.EINVALID, Field: "interviewed_on", MessageZH: "请填写访谈日期"}
	}
	defer f.changes.Emit(casework.KindScreeningResult)
	f.mu.Lock()
	defer f.mu.Unlock()
	x, err := f.result(resultID)
	if err != nil {
		return err
	}
	if x.Interviewed() {
		return &casework.Error{Code: casework.ECONFLICT, Field: "interview_outcome", MessageZH: "该学生已访谈，访谈结论已记录"}
	}
	y := *x
	y.InterviewedOn = on
	if err := y.Validate(casework.Env{}); err != nil {
		return err
	}
	*x = y
	return nil
}

func (f *FakeResults) RecordInterview(_ context.Context, resultID string, on casework.Date, outcome casework.InterviewOutcome, note string) (*casework.KeyStudent, error) {
	if !outcome.Valid() {
		return nil, &casework.Error{Code: casework.EINVALID, Field: "interview_outcome", MessageZH: "请选择访谈结论"}
	}
	defer f.changes.Emit(casework.KindScreeningResult)
	f.mu.Lock()
	defer f.mu.Unlock()
	x, err := f.result(resultID)
	if err != nil {
		return nil, err
	}
	sc, _ := f.screening(x.ScreeningID) // the groups fake's lock, not this one
	if x.KeyStudentID != "" && outcome != casework.InterviewOutcomeConfirmed {
		return nil, &casework.Error{Code: casework.ECONFLICT, Field: "interview_outcome", MessageZH: "该学生已纳入重点学生，不能改为其他结论"}
	}
	y := *x
	y.InterviewedOn = cmp.Or(on, x.InterviewedOn, f.today)
	y.InterviewOutcome, y.InterviewNote = outcome, strings.TrimSpace(note)
	if err := y.Validate(casework.Env{}); err != nil {
		return nil, err
	}
	*x = y
	if outcome == casework.InterviewOutcomeConfirmed && x.KeyStudentID == "" {
		// on the register already: linked, not drafted again
		keys, _ := f.cases.Records(context.Background(), casework.KindKeyStudent, RecordFilter{StudentID: x.StudentID})
		for _, r := range keys {
			if k := r.(*casework.KeyStudent); k.OnRollAt(x.InterviewedOn) {
				x.KeyStudentID = k.ID
			}
		}
	}
	if outcome != casework.InterviewOutcomeConfirmed || x.KeyStudentID != "" || sc == nil {
		return nil, nil
	}
	text := fmt.Sprintf("%s：%g分", sc.Name, x.RawScore)
	if x.FlagReason != "" {
		text += "（" + x.FlagReason + "）"
	}
	return &casework.KeyStudent{StudentID: x.StudentID, IncludedOn: x.InterviewedOn, InclusionSource: casework.InclusionSourceScreening,
		Reasons: []casework.KeyReason{casework.KeyReasonEmotion}, ReasonText: text, InitialInterview: x.InterviewNote}, nil
}

func (f *FakeResults) LinkKeyStudent(ctx context.Context, resultID, keyStudentID string) error {
	rec, err := f.cases.Record(ctx, casework.KindKeyStudent, keyStudentID)
	if err != nil {
		return err
	}
	defer f.changes.Emit(casework.KindScreeningResult)
	f.mu.Lock()
	defer f.mu.Unlock()
	x, err := f.result(resultID)
	if err != nil {
		return err
	}
	if rec.(*casework.KeyStudent).StudentID != x.StudentID || x.InterviewOutcome != casework.InterviewOutcomeConfirmed {
		return &casework.Error{Code: casework.EINVALID, Field: "key_student_id", MessageZH: "访谈确认纳入后才能纳入重点学生"}
	}
	x.KeyStudentID = keyStudentID
	return nil
}

func (f *FakeResults) Instruments(context.Context) ([]casework.Scoring, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.scorings)
	for _, b := range casework.BuiltinScorings() {
		if !slices.ContainsFunc(out, func(s casework.Scoring) bool { return s.Code == b.Code }) {
			out = append(out, b)
		}
	}
	return out, nil
}

// SaveInstrument adds or replaces a scoring definition, as the settings do.
func (f *FakeResults) SaveInstrument(_ context.Context, sc casework.Scoring) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	defer f.changes.Emit()
	f.mu.Lock()
	defer f.mu.Unlock()
	if i := slices.IndexFunc(f.scorings, func(s casework.Scoring) bool { return s.Code == sc.Code }); i >= 0 {
		f.scorings[i] = sc
		return nil
	}
	f.scorings = append(f.scorings, sc)
	return nil
}

func (f *FakeResults) SavePaperEntry(_ context.Context, e PaperEntry) (*casework.ScreeningResult, error) {
	scr, err := f.screening(e.ScreeningID)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	sc, ok := casework.ScoringByCode(f.scorings, e.Instrument)
	f.mu.Unlock()
	if !ok {
		return nil, &casework.Error{Code: casework.EINVALID, Field: "instrument", MessageZH: "请选择量表"}
	}
	score, err := sc.ScoreSheet(e.Answers)
	if err != nil {
		return nil, err
	}
	if !f.groups.Exists(casework.KindStudent, e.StudentID) {
		return nil, &casework.Error{Code: casework.EINVALID, Field: "student_id", MessageZH: "请选择学生"}
	}
	defer f.changes.Emit(casework.KindScreeningResult)
	f.mu.Lock()
	defer f.mu.Unlock()
	x := &casework.ScreeningResult{ScreeningID: e.ScreeningID, StudentID: e.StudentID}
	if i := slices.IndexFunc(f.results, func(r *casework.ScreeningResult) bool {
		return r.ScreeningID == e.ScreeningID && r.StudentID == e.StudentID
	}); i >= 0 {
		x = f.results[i]
		if x.InterviewedOn != "" {
			return nil, &casework.Error{Code: casework.ECONFLICT, Field: "student_id", MessageZH: "该学生本次测评的结果已安排或完成访谈，不能再录入"}
		}
	} else {
		f.next++
		x.ID = fmt.Sprintf("result-%03d", f.next)
		f.results = append(f.results, x)
	}
	x.Date = cmp.Or(e.Date, scr.DateTo)
	x.RawScore, x.Valid, x.Flagged, x.FlagReason = score.Total, true, score.Flagged, ""
	if score.Flagged {
		x.FlagReason = strings.TrimSpace(sc.Name + " " + score.Reason)
	}
	out := *x
	return &out, nil
}

func (f *FakeResults) PrintResultList(ctx context.Context, screeningID, purpose, recipient, path string) error {
	if strings.TrimSpace(purpose) == "" || strings.TrimSpace(recipient) == "" {
		return &casework.Error{Code: casework.EINVALID, MessageZH: "名单须写明用途和接收单位/人"}
	}
	if _, err := f.screening(screeningID); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte("%PDF-1.4 fake result list\n"), 0o600); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.printed = append(f.printed, path)
	return nil
}
