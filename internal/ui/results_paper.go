package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// resultsPaperScreen types answer sheets from paper (纸质录入): pick the
// instrument and the student, tap one option per item; the total and the
// flag follow every tap, and 保存 stores the result and clears the sheet
// for the next one. Items are numbered only (第1题…): no questionnaire
// text is shown or bundled.
type resultsPaperScreen struct {
	a     *App
	svc   ResultsService
	id    string
	title *widget.Label

	instruments []casework.Scoring
	cur         casework.Scoring
	pick        *widget.Select
	answers     []int
	radios      []*widget.RadioGroup
	items       *fyne.Container

	// quick takes the answers typed as one string of option labels
	// (010010001), for a counselor who types faster than she taps.
	quick    *entry
	search   *entry
	matches  *widget.Select
	found    []*casework.Student
	student  *casework.Student
	date     *entry
	total    *widget.Label
	status   *widget.Label
	saveBtn  *widget.Button
	loadedSc casework.Screening
}

func newResultsPaperScreen(a *App, screeningID string) *resultsPaperScreen {
	s := &resultsPaperScreen{a: a, svc: a.d.Results, id: screeningID, title: heading(tr("results.paper.title", map[string]any{"Name": ""})),
		items: container.NewGridWithColumns(2), total: widget.NewLabel(""), status: widget.NewLabel("")}
	s.total.TextStyle = fyne.TextStyle{Bold: true}
	s.status.Wrapping = fyne.TextWrapBreak
	s.pick = widget.NewSelect(nil, func(string) { s.choose(s.pick.SelectedIndex()) })
	s.pick.PlaceHolder = tr("results.paper.instrument")
	s.quick = newEntry(a.act)
	s.quick.SetPlaceHolder(tr("results.paper.quick"))
	s.quick.OnChanged = s.typed
	s.search = newEntry(a.act)
	s.search.SetPlaceHolder(tr("results.paper.search"))
	s.search.OnChanged = func(q string) { s.find(q) }
	s.matches = widget.NewSelect(nil, func(string) {
		if i := s.matches.SelectedIndex(); i >= 0 && i < len(s.found) {
			s.student = s.found[i]
		}
	})
	s.matches.PlaceHolder = tr("results.paper.student")
	s.date = newEntry(a.act)
	s.date.SetPlaceHolder(tr("results.paper.date"))
	s.saveBtn = a.act.button(tr("results.save"), theme.DocumentSaveIcon(), s.save)
	s.saveBtn.Importance = widget.HighImportance
	s.load()
	return s
}

func (s *resultsPaperScreen) Content() fyne.CanvasObject {
	back := s.a.act.button(tr("results.paper.to_list"), theme.NavigateBackIcon(), func() { s.a.openWorkList(s.id) })
	setup := s.a.act.button("", theme.SettingsIcon(), s.askInstrument)
	setup.Importance = widget.LowImportance
	form := container.New(&grpColumns{widths: []float32{150, 36, 140, 0, 170}}, s.pick, setup, s.search, s.matches, dateField(s.date, s.a.d.Clock.Now))
	top := container.NewVBox(
		container.NewBorder(nil, nil, back, nil, s.title),
		resultNotice(),
		form,
		widget.NewLabel(tr("results.paper.hint")),
		s.quick,
	)
	bottom := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, s.saveBtn, s.total), s.status)
	return container.NewBorder(top, bottom, nil, nil, newVScroll(s.items))
}

func (s *resultsPaperScreen) load() { s.loadPicking("") }

// loadPicking reads the instruments and the screening; code, when set,
// is the instrument picked (one just saved), else the screening's own.
func (s *resultsPaperScreen) loadPicking(code string) {
	s.a.d.Go(func() {
		list, err := s.svc.Instruments(context.Background())
		w, werr := s.svc.WorkList(context.Background(), s.id)
		fyne.Do(func() {
			if err == nil {
				err = werr
			}
			if err != nil {
				setError(s.status, resultsError("read instruments", err))
				return
			}
			s.loadedSc = w.Screening
			s.title.SetText(tr("results.paper.title", map[string]any{"Name": w.Screening.Name}))
			s.instruments = list
			var names []string
			pick := 0
			for i, sc := range list {
				names = append(names, sc.Name)
				// The screening's own instrument is offered first.
				if code == "" && strings.EqualFold(strings.ReplaceAll(sc.Name, " ", ""), strings.ReplaceAll(w.Screening.Instrument, " ", "")) ||
					code != "" && sc.Code == code {
					pick = i
				}
			}
			s.pick.Options = names
			if len(names) > 0 {
				s.pick.SetSelectedIndex(pick)
				s.choose(pick) // also when the index stays: the definition may have changed
			}
		})
	})
}

// choose lays out the items of instrument i with no answer picked.
func (s *resultsPaperScreen) choose(i int) {
	if i < 0 || i >= len(s.instruments) {
		return
	}
	s.cur = s.instruments[i]
	s.answers = make([]int, len(s.cur.Items))
	s.radios = nil
	s.items.RemoveAll()
	for n, it := range s.cur.Items {
		var opts []string
		for _, o := range it.Options {
			opts = append(opts, o.Label)
		}
		s.answers[n] = -1
		r := widget.NewRadioGroup(opts, nil)
		r.Horizontal = true
		r.OnChanged = func(v string) {
			s.a.touched()
			s.answers[n] = -1
			for k, o := range opts {
				if o == v {
					s.answers[n] = k
				}
			}
			s.retotal()
		}
		s.radios = append(s.radios, r)
		label := it.Label
		if label == "" {
			label = tr("results.paper.item", map[string]any{"N": it.No})
		}
		s.items.Add(container.NewBorder(nil, nil, container.New(&grpColumns{widths: []float32{64}}, widget.NewLabel(label)), nil, r))
	}
	s.items.Refresh()
	s.retotal()
}

// typed picks the options typed in the quick entry, item by item; a
// character that is no option of its item is refused naming the item.
func (s *resultsPaperScreen) typed(text string) {
	if text == "" {
		return // cleared: the status keeps what the last save said
	}
	setError(s.status, "")
	i := 0
	for _, ch := range text {
		if ch == ' ' || ch == ',' || ch == '，' {
			continue
		}
		if i >= len(s.radios) {
			setError(s.status, tr("results.paper.too_many", map[string]any{"N": len(s.radios)}))
			return
		}
		r := s.radios[i]
		if !slices.Contains(r.Options, string(ch)) {
			setError(s.status, tr("results.paper.no_option", map[string]any{"N": s.cur.Items[i].No, "V": string(ch),
				"Options": strings.Join(r.Options, "、")}))
			return
		}
		r.SetSelected(string(ch))
		i++
	}
}

// retotal shows the running total and, once every item is answered,
// whether the sheet flags.
func (s *resultsPaperScreen) retotal() {
	total, answered := 0.0, 0
	for n, a := range s.answers {
		if a >= 0 {
			total += s.cur.Items[n].Options[a].Score
			answered++
		}
	}
	text := tr("results.paper.total", map[string]any{"Total": fmt.Sprintf("%g", total), "Answered": answered, "Items": len(s.answers),
		"CutOff": fmt.Sprintf("%g", s.cur.CutOff)})
	s.total.Importance = widget.MediumImportance
	if answered == len(s.answers) && len(s.answers) > 0 {
		sc, err := s.cur.ScoreSheet(s.answers)
		switch {
		case err != nil:
		case sc.Flagged:
			text += "  " + tr("results.paper.flagged", map[string]any{"Reason": sc.Reason})
			s.total.Importance = widget.DangerImportance
		default:
			text += "  " + tr("results.paper.not_flagged")
		}
	}
	s.total.SetText(text)
}

// find lists the students whose name, pinyin or number match q.
func (s *resultsPaperScreen) find(q string) {
	q = strings.TrimSpace(q)
	if q == "" || s.a.d.Groups == nil {
		return
	}
	s.a.d.Go(func() {
		list, err := s.a.d.Groups.SearchStudents(context.Background(), q, 20)
		fyne.Do(func() {
			if err != nil || strings.TrimSpace(s.search.Text) != q {
				return
			}
			s.found = list
			var opts []string
			for _, st := range list {
				g, c := st.ClassOn(s.loadedSc.DateTo)
				opts = append(opts, strings.TrimSpace(st.Name+"  "+grpClassText(g, c)))
			}
			s.matches.Options = opts
			s.student = nil
			s.matches.ClearSelected()
			if len(list) == 1 {
				s.matches.SetSelectedIndex(0)
			}
			s.matches.Refresh()
		})
	})
}

func grpClassText(grade, class string) string {
	if class == "" {
		return grade
	}
	if strings.HasPrefix(class, strings.TrimSuffix(grade, "年级")) {
		return class
	}
	return grade + class
}

func (s *resultsPaperScreen) save() {
	if s.student == nil {
		setError(s.status, tr("results.paper.pick_student"))
		return
	}
	var on casework.Date
	if strings.TrimSpace(s.date.Text) != "" {
		d, bad := readDate(tr("results.paper.date"), s.date.Text)
		if bad != "" {
			setError(s.status, bad)
			return
		}
		on = d
	}
	e := PaperEntry{ScreeningID: s.id, StudentID: s.student.ID, Date: on, Instrument: s.cur.Code, Answers: append([]int(nil), s.answers...)}
	name := s.student.Name
	s.saveBtn.Disable()
	s.a.d.Go(func() {
		r, err := s.svc.SavePaperEntry(context.Background(), e)
		fyne.Do(func() {
			s.saveBtn.Enable()
			if err != nil {
				setError(s.status, resultsError("save paper entry", err))
				return
			}
			// The sheet is cleared for the next student, then the save told.
			s.student = nil
			s.quick.SetText("")
			s.search.SetText("")
			s.matches.Options = nil
			s.matches.ClearSelected()
			s.choose(s.pick.SelectedIndex())
			key := "results.paper.saved"
			if r.Flagged {
				key = "results.paper.saved_flagged"
			}
			setError(s.status, "")
			s.status.SetText(tr(key, map[string]any{"Name": name, "Total": fmt.Sprintf("%g", r.RawScore), "Reason": r.FlagReason}))
		})
	})
}

// askInstrument changes the cut-off of the instrument picked, or adds a
// questionnaire of the county's defined by its number of items, the
// scores of its options, its cut-off and the items that flag on any
// non-zero answer. Only numbers are kept: no item text.
func (s *resultsPaperScreen) askInstrument() {
	cut := newEntry(s.a.act)
	cut.SetPlaceHolder(tr("results.inst.cut_off"))
	cut.SetText(fmt.Sprintf("%g", s.cur.CutOff))
	name, items, scores, addCut, flags := newEntry(s.a.act), newEntry(s.a.act), newEntry(s.a.act), newEntry(s.a.act), newEntry(s.a.act)
	name.SetPlaceHolder(tr("results.inst.name"))
	items.SetPlaceHolder(tr("results.inst.items"))
	scores.SetPlaceHolder(tr("results.inst.scores"))
	addCut.SetPlaceHolder(tr("results.inst.cut_off"))
	flags.SetPlaceHolder(tr("results.inst.flags"))
	msg := errorBlock()
	var d *dialog.CustomDialog
	ok := s.a.act.button(tr("results.save"), theme.ConfirmIcon(), func() {
		sc, bad := s.cur, ""
		if strings.TrimSpace(name.Text) != "" {
			sc, bad = newScoring(name.Text, items.Text, scores.Text, addCut.Text, flags.Text)
			sc.Code = "custom_" + s.a.d.Clock.Now().Format("20060102150405")
		} else if sc.CutOff, bad = readCutOff(cut.Text); sc.Code == "" {
			bad = tr("results.paper.instrument")
		}
		if bad != "" {
			setError(msg, bad)
			return
		}
		s.a.d.Go(func() {
			err := s.svc.SaveInstrument(context.Background(), sc)
			fyne.Do(func() {
				if err != nil {
					setError(msg, resultsError("save instrument", err))
					return
				}
				d.Hide()
				s.status.SetText(tr("results.inst.saved", map[string]any{"Name": sc.Name, "CutOff": fmt.Sprintf("%g", sc.CutOff)}))
				s.loadPicking(sc.Code)
			})
		})
	})
	ok.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("results.cancel"), theme.CancelIcon(), func() { d.Hide() })
	body := container.NewVBox(
		widget.NewLabelWithStyle(tr("results.inst.current", map[string]any{"Name": s.cur.Name}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		cut,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("results.inst.add"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		paragraph(tr("results.inst.add_hint")),
		name, container.NewGridWithColumns(2, items, addCut), scores, flags, msg)
	d = dialog.NewCustomWithoutButtons(tr("results.inst.title"), body, s.a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(500, 520))
	d.Show()
}

func readCutOff(text string) (float64, string) {
	v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || v < 0 {
		return 0, tr("results.inst.bad_cut_off")
	}
	return v, ""
}

// splitNumbers reads "0,1,2,3" (commas, 、 or spaces).
func splitNumbers(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' || r == ';' || r == '；' })
}

// newScoring is a questionnaire of n numbered items sharing the options
// scored as listed; its options are labelled by their scores.
func newScoring(name, items, scores, cut, flags string) (casework.Scoring, string) {
	sc := casework.Scoring{Name: strings.TrimSpace(name)}
	n, err := strconv.Atoi(strings.TrimSpace(items))
	if err != nil || n < 1 || n > 200 {
		return sc, tr("results.inst.bad_items")
	}
	var opts []casework.ScoringOption
	for _, f := range splitNumbers(scores) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v < 0 {
			return sc, tr("results.inst.bad_scores")
		}
		opts = append(opts, casework.ScoringOption{Label: f, Score: v})
	}
	if len(opts) < 2 {
		return sc, tr("results.inst.bad_scores")
	}
	var bad string
	if sc.CutOff, bad = readCutOff(cut); bad != "" {
		return sc, bad
	}
	for _, f := range splitNumbers(flags) {
		k, err := strconv.Atoi(f)
		if err != nil || k < 1 || k > n {
			return sc, tr("results.inst.bad_flags", map[string]any{"N": n})
		}
		sc.FlagItems = append(sc.FlagItems, k)
	}
	for i := range n {
		sc.Items = append(sc.Items, casework.ScoringItem{No: i + 1, Label: fmt.Sprintf("第%d题", i+1), Options: opts})
	}
	return sc, ""
}
