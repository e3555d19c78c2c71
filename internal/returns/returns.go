// Package returns generates, freezes and reprints the monthly return
// (月报) and the term statistics from a vault's records. It joins three
// packages that must not know each other's insides: the records come
// through a small Records interface (the store satisfies it), the figures
// from package figures (pure), the PDF from package report.
//
// Freezing: each return uploaded to the county is kept as a casework
// Return record (month, generated_at, pdf_sha256 and the exact figures
// JSON). A later generation for the same month is compared with the
// latest frozen copy and names the codes that changed; the frozen copy
// prints again from its stored figures at its own generation time, so
// the reprint is the same PDF (the same SHA-256) as long as the labels
// and the configured levels have not changed.
package returns

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/report"
)

// Records is what the returns read and write: the store satisfies it.
type Records interface {
	Settings() (casework.Settings, error)
	List(kind casework.Kind) ([]casework.Record, error)
	Create(rec casework.Record) error
}

// Load reads every record the figures count into a Dataset.
func Load(st Records) (*figures.Dataset, error) {
	settings, err := st.Settings()
	if err != nil {
		return nil, fmt.Errorf("load settings: %w", err)
	}
	d := &figures.Dataset{Settings: settings}
	for _, k := range []struct {
		kind casework.Kind
		add  func(casework.Record) bool
	}{
		{casework.KindStudent, appendTo(&d.Students)},
		{casework.KindCase, appendTo(&d.Cases)},
		{casework.KindSession, appendTo(&d.Sessions)},
		{casework.KindKeyStudent, appendTo(&d.KeyStudents)},
		{casework.KindCrisis, appendTo(&d.Crises)},
		{casework.KindReferral, appendTo(&d.Referrals)},
		{casework.KindContact, appendTo(&d.Contacts)},
		{casework.KindGroupSession, appendTo(&d.GroupSessions)},
		{casework.KindCommitteeMember, appendTo(&d.CommitteeMembers)},
		{casework.KindClassReport, appendTo(&d.ClassReports)},
		{casework.KindActivity, appendTo(&d.Activities)},
		{casework.KindDutyDay, appendTo(&d.DutyDays)},
		{casework.KindVisit, appendTo(&d.Visits)},
		{casework.KindMailbox, appendTo(&d.Mailbox)},
		{casework.KindScreening, appendTo(&d.Screenings)},
		{casework.KindScreeningResult, appendTo(&d.ScreeningResults)},
		{casework.KindMonthNotes, appendTo(&d.MonthNotes)},
	} {
		recs, err := st.List(k.kind)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", k.kind, err)
		}
		for _, r := range recs {
			if !k.add(r) {
				return nil, fmt.Errorf("load %s: got a %T", k.kind, r)
			}
		}
	}
	return d, nil
}

// Dated is Records that also reads records by date (the store does): see
// LoadWindow.
type Dated interface {
	Records
	// EachDated calls f with every record of kind that has any of the date
	// keys cols (the kind's main date when none) in [from, to].
	EachDated(kind casework.Kind, from, to casework.Date, cols []string, f func(casework.Record) error) error
	// EachLinked calls f with every record of kind whose key col equals
	// key otherCol of a record of kind other dated in [from, to].
	EachLinked(kind casework.Kind, col string, other casework.Kind, otherCol string, from, to casework.Date, f func(casework.Record) error) error
}

// LoadWindow reads what the figures of any period inside w count: every
// record of the kinds counted by what stands at a period's end or by
// dates inside them (students, key students, committee members, crises,
// referrals, month notes), and of the kinds counted by their own date
// only those dated in w, with the cases opened or closed in w or holding
// a session in w and the results of w's screenings. Compute over a period
// inside w gives on it what it gives on Load's dataset; a monthly return
// of a big school reads a few months of its years. Records that cannot
// read by date are loaded whole.
func LoadWindow(st Records, w casework.Period) (*figures.Dataset, error) {
	return loadWindow(st, w, false)
}

// Named is Dated that also reads the records other records name (the
// store does).
type Named interface {
	Dated
	// EachNamed calls f with every record of kind whose id a record of a
	// kind k in by names in its key by[k]; of a kind k in unended only the
	// records whose key unended[k] is empty or after on name.
	EachNamed(kind casework.Kind, by, unended map[casework.Kind]string, on casework.Date, f func(casework.Record) error) error
	// EachUnended calls f with every record of kind whose key col is
	// empty or after on.
	EachUnended(kind casework.Kind, col string, on casework.Date, f func(casework.Record) error) error
}

// LoadSummary reads what figures.Summarize shows of a day in w (w from the
// month's first day to that day): LoadWindow's records, but of the key
// students only those not released by that day, of the students only
// those such a key student, a referral or a crisis names, and no
// committee members. The figures the workbench does not show (F3–F6,
// L1, L2) come out wrong over it; those it shows, its lists and their names
// are Summarize's over Load's dataset. Records that cannot read by date
// and name are loaded whole.
func LoadSummary(st Records, w casework.Period) (*figures.Dataset, error) {
	return loadWindow(st, w, true)
}

func loadWindow(st Records, w casework.Period, summary bool) (*figures.Dataset, error) {
	ds, ok := st.(Dated)
	if !ok || !w.Valid() {
		return Load(st)
	}
	named, ok := st.(Named)
	// The summary's day is w.To: a key student released by then is on no
	// list and counts in no figure it shows.
	unreleased := map[casework.Kind]string{casework.KindKeyStudent: "released_on"}
	if summary && !ok {
		summary = false
	}
	settings, err := st.Settings()
	if err != nil {
		return nil, fmt.Errorf("load settings: %w", err)
	}
	d := &figures.Dataset{Settings: settings}
	whole := func(kind casework.Kind, add func(casework.Record) bool) error {
		recs, err := st.List(kind)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if !add(r) {
				return fmt.Errorf("got a %T", r)
			}
		}
		return nil
	}
	dated := func(kind casework.Kind, add func(casework.Record) bool, cols ...string) error {
		return ds.EachDated(kind, w.From, w.To, cols, func(r casework.Record) error {
			if !add(r) {
				return fmt.Errorf("got a %T", r)
			}
			return nil
		})
	}
	seenCase := map[string]bool{}
	addCase := appendTo(&d.Cases)
	caseOnce := func(r casework.Record) bool {
		if seenCase[r.Base().ID] {
			return true
		}
		seenCase[r.Base().ID] = true
		return addCase(r)
	}
	for _, k := range []struct {
		kind casework.Kind
		load func() error
	}{
		{casework.KindStudent, func() error {
			if !summary {
				return whole(casework.KindStudent, appendTo(&d.Students))
			}
			add := appendTo(&d.Students)
			return named.EachNamed(casework.KindStudent, map[casework.Kind]string{casework.KindKeyStudent: "student_id",
				casework.KindReferral: "student_id", casework.KindCrisis: "student_id"}, unreleased, w.To, func(r casework.Record) error {
				if !add(r) {
					return fmt.Errorf("got a %T", r)
				}
				return nil
			})
		}},
		{casework.KindCase, func() error {
			if err := dated(casework.KindCase, caseOnce, "opened_on", "closed_on"); err != nil {
				return err
			}
			return ds.EachLinked(casework.KindCase, "id", casework.KindSession, "case_id", w.From, w.To, func(r casework.Record) error {
				if !caseOnce(r) {
					return fmt.Errorf("got a %T", r)
				}
				return nil
			})
		}},
		{casework.KindSession, func() error { return dated(casework.KindSession, appendTo(&d.Sessions)) }},
		{casework.KindKeyStudent, func() error {
			if !summary {
				return whole(casework.KindKeyStudent, appendTo(&d.KeyStudents))
			}
			add := appendTo(&d.KeyStudents)
			return named.EachUnended(casework.KindKeyStudent, "released_on", w.To, func(r casework.Record) error {
				if !add(r) {
					return fmt.Errorf("got a %T", r)
				}
				return nil
			})
		}},
		{casework.KindCrisis, func() error { return whole(casework.KindCrisis, appendTo(&d.Crises)) }},
		{casework.KindReferral, func() error { return whole(casework.KindReferral, appendTo(&d.Referrals)) }},
		{casework.KindContact, func() error { return dated(casework.KindContact, appendTo(&d.Contacts)) }},
		{casework.KindGroupSession, func() error { return dated(casework.KindGroupSession, appendTo(&d.GroupSessions)) }},
		{casework.KindCommitteeMember, func() error {
			if summary {
				return nil
			}
			return whole(casework.KindCommitteeMember, appendTo(&d.CommitteeMembers))
		}},
		{casework.KindClassReport, func() error { return dated(casework.KindClassReport, appendTo(&d.ClassReports)) }},
		{casework.KindActivity, func() error { return dated(casework.KindActivity, appendTo(&d.Activities)) }},
		{casework.KindDutyDay, func() error { return dated(casework.KindDutyDay, appendTo(&d.DutyDays)) }},
		{casework.KindVisit, func() error { return dated(casework.KindVisit, appendTo(&d.Visits)) }},
		{casework.KindMailbox, func() error { return dated(casework.KindMailbox, appendTo(&d.Mailbox)) }},
		{casework.KindScreening, func() error { return dated(casework.KindScreening, appendTo(&d.Screenings)) }},
		{casework.KindScreeningResult, func() error {
			add := appendTo(&d.ScreeningResults)
			return ds.EachLinked(casework.KindScreeningResult, "screening_id", casework.KindScreening, "id", w.From, w.To, func(r casework.Record) error {
				if !add(r) {
					return fmt.Errorf("got a %T", r)
				}
				return nil
			})
		}},
		{casework.KindMonthNotes, func() error { return whole(casework.KindMonthNotes, appendTo(&d.MonthNotes)) }},
	} {
		if err := k.load(); err != nil {
			return nil, fmt.Errorf("load %s: %w", k.kind, err)
		}
	}
	// In id order as Load's: a drill-down lists in the dataset's order.
	slices.SortFunc(d.Cases, func(a, b *casework.Case) int { return strings.Compare(a.ID, b.ID) })
	return d, nil
}

func appendTo[T casework.Record](xs *[]T) func(casework.Record) bool {
	return func(r casework.Record) bool {
		x, ok := r.(T)
		if ok {
			*xs = append(*xs, x)
		}
		return ok
	}
}

// Monthly is a generated monthly return.
type Monthly struct {
	Month   casework.Month
	Figures *figures.Return
	// Trend is the 上月/本学期累计 printed beside the counts.
	Trend *figures.Trend
	PDF   []byte
	At    time.Time // generation time, whole seconds
	// Frozen is the latest frozen return of the month (nil if none);
	// Changed lists the codes whose figures differ from it.
	Frozen  *casework.Return
	Changed []string
	// Missing lists the characters that printed as □ (no bundled font
	// has them).
	Missing []report.MissingGlyph
}

// Generate computes and prints the return of month m at now, and
// compares it with the month's latest frozen return.
func Generate(st Records, m casework.Month, labels report.Labels, now time.Time) (*Monthly, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("generate return: invalid month %q", m)
	}
	settings, err := st.Settings()
	if err != nil {
		return nil, fmt.Errorf("load settings: %w", err)
	}
	// A month not over counts up to today; one not begun is refused.
	p, unfinished, err := figures.AsOf(m.Period(), casework.DateOf(now))
	if err != nil {
		return nil, err
	}
	d, err := LoadWindow(st, figures.ReturnWindow(settings, m, p))
	if err != nil {
		return nil, err
	}
	r, err := figures.Compute(d, p, nil)
	if err != nil {
		return nil, err
	}
	tr, err := figures.ComputeTrend(d, m, p)
	if err != nil {
		return nil, err
	}
	now = now.Truncate(time.Second)
	var asOf casework.Date
	if unfinished {
		asOf = p.To
	}
	pdf, err := report.RenderMonthlyReturn(report.MonthlyReturn{Month: m, Figures: r, Levels: d.Settings.RiskLevels, AsOf: asOf,
		Fingerprint: Fingerprint(d.Settings), Trend: tr}, labels, now)
	// Characters without a glyph print as □: the return is still whole.
	missing, err := report.SplitMissing(err)
	if err != nil {
		return nil, err
	}
	g := &Monthly{Month: m, Figures: r, Trend: tr, PDF: pdf, At: now, Missing: missing}
	if g.Frozen, g.Changed, err = Compare(st, m, r); err != nil {
		return nil, err
	}
	return g, nil
}

// Compare returns month m's latest frozen return (nil if none) and the
// codes whose figures in r differ from it.
func Compare(st Records, m casework.Month, r *figures.Return) (*casework.Return, []string, error) {
	latest, err := Latest(st, m)
	if err != nil || latest == nil {
		return nil, nil, err
	}
	old, err := figures.Parse(latest.Figures)
	if err != nil {
		return nil, nil, fmt.Errorf("frozen return of %s: %w", m, err)
	}
	return latest, figures.Diff(old, r), nil
}

// Latest returns the month's most recently generated frozen return, or
// nil when the month has none.
func Latest(st Records, m casework.Month) (*casework.Return, error) {
	recs, err := st.List(casework.KindReturn)
	if err != nil {
		return nil, fmt.Errorf("list returns: %w", err)
	}
	var latest *casework.Return
	for _, rec := range recs {
		r, ok := rec.(*casework.Return)
		if ok && r.Month == m && (latest == nil || !r.GeneratedAt.Before(latest.GeneratedAt)) {
			latest = r
		}
	}
	return latest, nil
}

// Freeze stores g as the month's frozen return: its figures exactly as
// computed and the SHA-256 of the PDF that is uploaded.
func Freeze(st Records, g *Monthly) (*casework.Return, error) {
	b, err := g.Figures.JSON()
	if err != nil {
		return nil, err
	}
	var trend []byte
	if g.Trend != nil {
		if trend, err = g.Trend.JSON(); err != nil {
			return nil, err
		}
	}
	sum := sha256.Sum256(g.PDF)
	r := &casework.Return{Month: g.Month, GeneratedAt: g.At.UTC(), PDFSHA256: hex.EncodeToString(sum[:]), Figures: b, Trend: trend}
	if err := st.Create(r); err != nil {
		return nil, fmt.Errorf("freeze return of %s: %w", g.Month, err)
	}
	return r, nil
}

// Reprint prints a frozen return again from its stored figures, dated
// with its generation time shown in loc, with the settings' levels and
// signing key fingerprint. Same reports whether the PDF
// is byte-identical to the one frozen (its SHA-256 matches).
func Reprint(r *casework.Return, settings casework.Settings, labels report.Labels, loc *time.Location) (pdf []byte, same bool, err error) {
	f, err := figures.Parse(r.Figures)
	if err != nil {
		return nil, false, fmt.Errorf("reprint return of %s: %w", r.Month, err)
	}
	// The trend as frozen; a return frozen before trends were printed
	// prints without one.
	tr, err := figures.ParseTrend(r.Trend)
	if err != nil {
		return nil, false, fmt.Errorf("reprint return of %s: %w", r.Month, err)
	}
	var asOf casework.Date
	if at := casework.DateOf(r.GeneratedAt.In(loc)); at < r.Month.Last() {
		asOf = at // generated before the month was over
	}
	pdf, err = report.RenderMonthlyReturn(report.MonthlyReturn{Month: r.Month, Figures: f, Levels: settings.RiskLevels, AsOf: asOf,
		Fingerprint: Fingerprint(settings), Trend: tr}, labels, r.GeneratedAt.In(loc))
	if err != nil {
		return nil, false, err
	}
	sum := sha256.Sum256(pdf)
	return pdf, hex.EncodeToString(sum[:]) == r.PDFSHA256, nil
}

// Term computes and prints the statistics of period p (a term or a
// school year) named name, with one row per month p touches.
func Term(st Records, p casework.Period, name string, labels report.Labels, now time.Time) ([]byte, *figures.Return, error) {
	if !p.Valid() {
		return nil, nil, fmt.Errorf("term statistics: invalid period %s–%s", p.From, p.To)
	}
	d, err := Load(st)
	if err != nil {
		return nil, nil, err
	}
	// A term not over counts up to today; one not begun is refused.
	whole := p
	p, unfinished, err := figures.AsOf(p, casework.DateOf(now))
	if err != nil {
		return nil, nil, err
	}
	r, err := figures.Compute(d, p, nil)
	if err != nil {
		return nil, nil, err
	}
	var asOf casework.Date
	if unfinished {
		asOf = p.To
	}
	if name == "" {
		for _, t := range d.Settings.Terms {
			if t.Start == whole.From && t.End == whole.To {
				name = t.Name
			}
		}
	}
	ms := p.Months()
	// Over about two years the report goes by term or school year, and
	// the monthly notes are summarised per span.
	spans := figures.Spans(d, whole, casework.DateOf(now))
	if spans != nil {
		r.M1 = figures.SpanNotes(d, spans, func(n *casework.MonthNotes) string { return n.Highlights })
		r.M2 = figures.SpanNotes(d, spans, func(n *casework.MonthNotes) string { return n.Problems })
		r.M3 = figures.SpanNotes(d, spans, func(n *casework.MonthNotes) string { return n.NextPlan })
	}
	pdf, err := report.RenderTermStatistics(report.TermStatistics{Name: name, Period: whole, Figures: r, Spans: spans,
		Months: figures.Series(d, ms[0], ms[len(ms)-1], casework.DateOf(now)), Levels: d.Settings.RiskLevels, AsOf: asOf}, labels, now)
	if err != nil {
		return nil, nil, err
	}
	return pdf, r, nil
}
