package ui

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// field is one input of the school form with its error text beside it.
type field struct {
	label string
	in    fyne.CanvasObject
	err   *widget.Label
}

// hotlineRow is one published help line.
type hotlineRow struct {
	name, number *entry
	err          *widget.Label
}

// schoolForm edits School (docs/DOMAIN.md "Settings"). Validation messages
// appear next to the field; nothing typed is lost when they do.
type schoolForm struct {
	act *activity

	name, code, county            *entry
	stage                         *widget.Select
	students, classes             *entry
	fulltime, parttime, certified *entry
	hasRoom                       *widget.Check
	area, zones                   *entry
	hotlines                      []*hotlineRow
	hotlineBox                    *fyne.Container
	preparer, phone, reviewer     *entry
	fields                        map[fyne.CanvasObject]*field
	order                         []*field
	status                        *widget.Label
	stageCodes                    []string
	stageNames                    []string
	hotlinesErr                   *widget.Label
}

func newSchoolForm(act *activity) *schoolForm {
	f := &schoolForm{act: act, fields: map[fyne.CanvasObject]*field{}, status: errorBlock(), hotlinesErr: errorText()}
	mk := func(label string) *entry {
		e := newEntry(act)
		f.add(label, e)
		return e
	}
	f.name = mk(tr("school.name"))
	f.code = mk(tr("school.code"))
	f.county = mk(tr("school.county"))
	f.stageCodes = StageCodes()
	for _, c := range f.stageCodes {
		f.stageNames = append(f.stageNames, tr("school.stage."+c))
	}
	f.stage = widget.NewSelect(f.stageNames, func(string) { act.seen() })
	f.stage.PlaceHolder = tr("school.stage_placeholder")
	f.add(tr("school.stage"), f.stage)
	f.students = mk(tr("school.student_count"))
	f.classes = mk(tr("school.class_count"))
	f.fulltime = mk(tr("school.fulltime_counselors"))
	f.parttime = mk(tr("school.parttime_counselors"))
	f.certified = mk(tr("school.certified_counselors"))
	f.hasRoom = widget.NewCheck(tr("school.room_has"), func(bool) { act.seen() })
	f.add(tr("school.room"), f.hasRoom)
	f.area = mk(tr("school.room_area"))
	f.zones = mk(tr("school.room_zones"))
	f.zones.SetPlaceHolder(tr("school.room_zones_placeholder"))
	f.preparer = mk(tr("school.preparer"))
	f.phone = mk(tr("school.preparer_phone"))
	f.reviewer = mk(tr("school.reviewer"))
	f.hotlineBox = container.NewVBox()
	f.setHotlines([]Hotline{
		{Name: tr("school.hotline_12356"), Number: "12356"},
		{Name: tr("school.hotline_12355"), Number: "12355"},
	})
	return f
}

func (f *schoolForm) add(label string, in fyne.CanvasObject) {
	fl := &field{label: label, in: in, err: errorText()}
	f.fields[in] = fl
	f.order = append(f.order, fl)
}

func (f *schoolForm) setHotlines(hs []Hotline) {
	f.hotlines = nil
	for _, h := range hs {
		f.addHotline(h)
	}
	f.refreshHotlines()
}

func (f *schoolForm) addHotline(h Hotline) *hotlineRow {
	r := &hotlineRow{name: newEntry(f.act), number: newEntry(f.act), err: errorText()}
	r.name.SetPlaceHolder(tr("school.hotline_name"))
	r.number.SetPlaceHolder(tr("school.hotline_number"))
	r.name.SetText(h.Name)
	r.number.SetText(h.Number)
	f.hotlines = append(f.hotlines, r)
	return r
}

func (f *schoolForm) refreshHotlines() {
	f.hotlineBox.RemoveAll()
	for _, r := range f.hotlines {
		remove := f.act.button("", theme.DeleteIcon(), func() {
			for i, x := range f.hotlines {
				if x == r {
					f.hotlines = append(f.hotlines[:i:i], f.hotlines[i+1:]...)
					break
				}
			}
			f.refreshHotlines()
		})
		f.hotlineBox.Add(container.NewBorder(nil, nil, nil, container.NewHBox(r.err, remove),
			container.NewGridWithColumns(2, r.name, r.number)))
	}
	f.hotlineBox.Add(f.act.button(tr("school.hotline_add"), theme.ContentAddIcon(), func() {
		f.addHotline(Hotline{})
		f.refreshHotlines()
	}))
}

// set fills the form from s (an empty profile keeps the prefilled
// hotlines).
func (f *schoolForm) set(s School) {
	f.name.SetText(s.Name)
	f.code.SetText(s.Code)
	f.county.SetText(s.County)
	for i, c := range f.stageCodes {
		if c == s.Stage {
			f.stage.SetSelectedIndex(i)
		}
	}
	num := func(e *entry, n int) {
		if n != 0 {
			e.SetText(strconv.Itoa(n))
		}
	}
	num(f.students, s.StudentCount)
	num(f.classes, s.ClassCount)
	num(f.fulltime, s.FulltimeCounselors)
	num(f.parttime, s.ParttimeCounselors)
	num(f.certified, s.CertifiedCounselors)
	f.hasRoom.SetChecked(s.Room.HasRoom)
	if s.Room.AreaM2 != 0 {
		f.area.SetText(strconv.FormatFloat(s.Room.AreaM2, 'f', -1, 64))
	}
	f.zones.SetText(strings.Join(s.Room.Zones, "、"))
	if len(s.Hotlines) > 0 {
		f.setHotlines(s.Hotlines)
	}
	f.preparer.SetText(s.Preparer)
	f.phone.SetText(s.PreparerPhone)
	f.reviewer.SetText(s.Reviewer)
}

func (f *schoolForm) view() fyne.CanvasObject {
	grid := container.New(layout.NewFormLayout())
	for _, fl := range f.order {
		grid.Add(widget.NewLabel(fl.label))
		grid.Add(container.NewBorder(nil, nil, nil, fl.err, fl.in))
	}
	grid.Add(widget.NewLabel(tr("school.hotlines")))
	grid.Add(container.NewVBox(f.hotlineBox, f.hotlinesErr))
	return grid
}

// validate reads the form; every field with a problem gets its message.
func (f *schoolForm) validate() (School, bool) {
	ok := true
	fail := func(in fyne.CanvasObject, msg string) {
		setError(f.fields[in].err, msg)
		if msg != "" {
			ok = false
		}
	}
	text := func(e *entry) string { return strings.TrimSpace(e.Text) }
	// Full-width digits from a Chinese input method count as digits.
	numeric := func(e *entry) string { return strings.TrimSpace(width.Narrow.String(e.Text)) }
	required := func(e *entry) string {
		v := text(e)
		if v == "" {
			fail(e, tr("school.err_required"))
		} else {
			fail(e, "")
		}
		return v
	}
	count := func(e *entry, needPositive bool) int {
		v := numeric(e)
		if v == "" && !needPositive {
			fail(e, "")
			return 0
		}
		n, err := strconv.Atoi(v)
		switch {
		case v == "":
			fail(e, tr("school.err_required"))
		case err != nil || n < 0:
			fail(e, tr("school.err_count"))
		case needPositive && n == 0:
			fail(e, tr("school.err_positive"))
		case n > 100000:
			fail(e, tr("school.err_too_large"))
		default:
			fail(e, "")
		}
		return n
	}
	var s School
	s.Name = required(f.name)
	s.Code = numeric(f.code)
	if s.Code != "" && !(len(s.Code) == 10 && allDigits(s.Code)) {
		fail(f.code, tr("school.err_code"))
	} else {
		fail(f.code, "")
	}
	s.County = required(f.county)
	if i := f.stage.SelectedIndex(); i >= 0 {
		s.Stage = f.stageCodes[i]
		fail(f.stage, "")
	} else {
		fail(f.stage, tr("school.err_stage"))
	}
	s.StudentCount = count(f.students, true)
	s.ClassCount = count(f.classes, true)
	s.FulltimeCounselors = count(f.fulltime, false)
	s.ParttimeCounselors = count(f.parttime, false)
	s.CertifiedCounselors = count(f.certified, false)
	if f.fields[f.certified].err.Text == "" && s.CertifiedCounselors > s.FulltimeCounselors+s.ParttimeCounselors {
		fail(f.certified, tr("school.err_certified"))
	}
	if f.fields[f.classes].err.Text == "" && f.fields[f.students].err.Text == "" && s.ClassCount > s.StudentCount {
		fail(f.classes, tr("school.err_classes"))
	}
	s.Room.HasRoom = f.hasRoom.Checked
	fail(f.hasRoom, "")
	area := numeric(f.area)
	switch a, err := strconv.ParseFloat(area, 64); {
	case area == "" && !s.Room.HasRoom:
		fail(f.area, "")
	case area == "":
		fail(f.area, tr("school.err_area_required"))
	case err != nil || a <= 0 || a > 10000:
		fail(f.area, tr("school.err_area"))
	default:
		s.Room.AreaM2 = a
		fail(f.area, "")
	}
	s.Room.Zones = splitList(text(f.zones))
	fail(f.zones, "")
	setError(f.hotlinesErr, "")
	for _, r := range f.hotlines {
		h := Hotline{Name: text(r.name), Number: numeric(r.number)}
		switch {
		case h.Name == "" && h.Number == "":
			setError(r.err, "")
			continue // an empty row is ignored
		case h.Number == "" || !phoneLike(h.Number):
			setError(r.err, tr("school.err_hotline_number"))
			ok = false
		case h.Name == "":
			setError(r.err, tr("school.err_hotline_name"))
			ok = false
		default:
			setError(r.err, "")
		}
		s.Hotlines = append(s.Hotlines, h)
	}
	if len(s.Hotlines) == 0 {
		setError(f.hotlinesErr, tr("school.err_hotlines"))
		ok = false
	}
	s.Preparer = required(f.preparer)
	s.PreparerPhone = required(f.phone)
	if s.PreparerPhone != "" {
		s.PreparerPhone = numeric(f.phone)
	}
	if s.PreparerPhone != "" && !phoneLike(s.PreparerPhone) {
		fail(f.phone, tr("school.err_phone"))
	}
	s.Reviewer = required(f.reviewer)
	return s, ok
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// phoneLike accepts 3 to 20 digits with optional spaces, dashes and
// parentheses (0571-8888 8888, 12356, (010)12345678).
func phoneLike(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '（' || r == '）':
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 20
}

// splitList splits "个体辅导室、团体辅导室, 放松室" on Chinese and Latin
// separators.
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || unicode.IsSpace(r)
	})
	if len(parts) == 0 {
		return nil
	}
	return parts
}
