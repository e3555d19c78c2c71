package ui

import (
	"cmp"
	"image/color"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// The record lists share one table: a header of column titles that sort
// on a tap and resize on a drag of their right edge, rows laid out in the
// same columns, key columns (name, status, date) as wide as their widest
// text so that they are never cut, and the other columns sharing what is
// left (cut with "…", whole in the opened record).

// tableCol is one column of a listTable.
type tableCol[T any] struct {
	title string
	// key columns are sized to their widest text and never cut.
	key bool
	// width is the starting width of a column that is not a key column;
	// 0 shares the room that is left.
	width float32
	text  func(T) string
	// order sorts the column (nil: by its text).
	order func(a, b T) int
}

// listTable shows *rows (owned by the screen, which fills it) in
// columns; sorting reorders *rows in place, so a row index is an index
// of *rows everywhere.
type listTable[T any] struct {
	cols   []tableCol[T]
	rows   *[]T
	widths []float32 // current widths; set by the key columns' texts and by drags
	fixed  []bool    // widths the user dragged stay as dragged
	sortBy int       // -1: the screen's own order
	desc   bool

	mark  func(T) color.Color // a colour swatch before the row (levels), or nil
	alert func(T) bool        // rows shown in red

	// ruler measures a cell's text as a label draws it (font fallback for
	// Chinese included); measured caches its answers.
	ruler    *widget.Label
	measured map[string]float32

	// refill, when set, fills *rows again in the screen's order and calls
	// update; a change of sort goes through it.
	refill func()

	list   *widget.List
	header *fyne.Container
	titles []*widget.Button
	view   fyne.CanvasObject
}

const (
	tableMinFlex = 100 // the least a shared column gets
	tableGap     = 6   // between columns
	swatchWidth  = 8   // the level swatch
	keyColMax    = 320 // a key column never asks for more (a runaway text)
)

func newListTable[T any](rows *[]T, cols []tableCol[T]) *listTable[T] {
	t := &listTable[T]{cols: cols, rows: rows, sortBy: -1, ruler: widget.NewLabel(""), measured: map[string]float32{},
		widths: make([]float32, len(cols)), fixed: make([]bool, len(cols))}
	for i, c := range cols {
		t.widths[i] = c.width
		if c.key {
			t.widths[i] = textWidth(c.title) + 2*theme.InnerPadding() + 16
		}
	}
	var heads []fyne.CanvasObject
	for i, c := range cols {
		b := widget.NewButton(c.title, func() { t.sortOn(i) })
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		t.titles = append(t.titles, b)
		heads = append(heads, container.NewStack(b, newColumnGrip(t, i)))
	}
	t.header = container.New(&tableColumns{widths: &t.widths, lead: true}, append([]fyne.CanvasObject{headSpacer()}, heads...)...)
	t.list = widget.NewList(func() int { return len(*t.rows) },
		func() fyne.CanvasObject {
			sw := canvas.NewRectangle(color.Transparent)
			sw.SetMinSize(fyne.NewSize(swatchWidth, 8))
			objs := []fyne.CanvasObject{sw}
			for range cols {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				objs = append(objs, l)
			}
			return container.New(&tableColumns{widths: &t.widths, lead: true}, objs...)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(*t.rows) {
				return
			}
			r := (*t.rows)[i]
			c := o.(*fyne.Container)
			imp := widget.MediumImportance
			if t.alert != nil && t.alert(r) {
				imp = widget.DangerImportance // e.g. a follow-up that is due
			}
			for j, col := range t.cols {
				l := c.Objects[j+1].(*widget.Label)
				l.Text = col.text(r)
				l.Importance = imp
				l.Refresh()
			}
			sw := c.Objects[0].(*canvas.Rectangle)
			fill := color.Color(color.Transparent)
			if t.mark != nil {
				if m := t.mark(r); m != nil {
					fill = m
				}
			}
			sw.FillColor = fill
			sw.Refresh()
		})
	// the key columns keep their width on a narrow pane: the table then
	// scrolls sideways instead of widening the window
	t.view = container.NewHScroll(container.NewBorder(container.NewVBox(t.header, widget.NewSeparator()), nil, nil, nil, t.list))
	return t
}

// headSpacer takes the place of the swatch in the header.
func headSpacer() fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(swatchWidth, 1))
	return r
}

func textWidth(s string) float32 {
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width
}

// update sorts the rows by the chosen column, sizes the key columns to
// their texts and redraws; the screen calls it after filling *rows.
func (t *listTable[T]) update() {
	t.sortRows()
	for i, c := range t.cols {
		if !c.key || t.fixed[i] {
			continue
		}
		w := t.measure(c.title) + 16 // room for the sort arrow
		for _, s := range widestTexts(*t.rows, c.text) {
			w = max(w, t.measure(s))
		}
		t.widths[i] = min(w, keyColMax)
	}
	for i, c := range t.cols {
		title := c.title
		if i == t.sortBy {
			title += map[bool]string{false: " ▲", true: " ▼"}[t.desc]
		}
		t.titles[i].SetText(title)
	}
	t.header.Refresh()
	t.list.Refresh()
}

func (t *listTable[T]) sortRows() {
	if t.sortBy < 0 {
		return
	}
	c := t.cols[t.sortBy]
	f := c.order
	if f == nil {
		f = func(a, b T) int { return cmp.Compare(c.text(a), c.text(b)) }
	}
	slices.SortStableFunc(*t.rows, func(a, b T) int {
		if t.desc {
			return f(b, a)
		}
		return f(a, b)
	})
}

// sortOn sorts by column i; a second tap reverses, a third goes back to
// the screen's own order.
func (t *listTable[T]) sortOn(i int) {
	switch {
	case t.sortBy != i:
		t.sortBy, t.desc = i, false
	case !t.desc:
		t.desc = true
	default:
		t.sortBy, t.desc = -1, false
	}
	if t.refill != nil {
		t.refill()
		return
	}
	t.update()
}

// tableColumns lays out a row: an optional lead object (the swatch) at
// its own width, then one object per column at the table's widths; the
// columns of width 0 share what is left.
type tableColumns struct {
	widths *[]float32
	lead   bool
}

func (l *tableColumns) split(objs []fyne.CanvasObject) (fyne.CanvasObject, []fyne.CanvasObject) {
	if l.lead && len(objs) > 0 {
		return objs[0], objs[1:]
	}
	return nil, objs
}

func (l *tableColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lead, cols := l.split(objs)
	var w, h float32
	if lead != nil {
		w = lead.MinSize().Width + tableGap
		h = lead.MinSize().Height
	}
	for i, o := range cols {
		cw := (*l.widths)[i]
		if cw == 0 {
			cw = tableMinFlex
		}
		w += cw + tableGap
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

func (l *tableColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lead, cols := l.split(objs)
	x := float32(0)
	if lead != nil {
		lw := lead.MinSize().Width
		lead.Move(fyne.NewPos(0, 0))
		lead.Resize(fyne.NewSize(lw, size.Height))
		x = lw + tableGap
	}
	var used float32
	flex := 0
	for i := range cols {
		if w := (*l.widths)[i]; w > 0 {
			used += w
		} else {
			flex++
		}
		used += tableGap
	}
	share := float32(0)
	if flex > 0 {
		share = max((size.Width-x-used)/float32(flex), tableMinFlex)
	}
	for i, o := range cols {
		w := (*l.widths)[i]
		if w == 0 {
			w = share
		}
		if i == len(cols)-1 && flex == 0 { // the last column takes the rest
			w = max(w, size.Width-x)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + tableGap
	}
}

// columnGrip is the right edge of a header title: dragging it resizes
// the column (and a shared column becomes one of fixed width).
type columnGrip struct {
	widget.BaseWidget
	resize func(dx float32)
	done   func()
}

func newColumnGrip[T any](t *listTable[T], i int) fyne.CanvasObject {
	g := &columnGrip{
		resize: func(dx float32) {
			w := t.widths[i]
			if w == 0 {
				w = t.header.Objects[i+1].Size().Width
			}
			t.widths[i] = max(w+dx, 40)
			t.fixed[i] = true
			t.header.Refresh()
		},
		done: func() { t.list.Refresh() },
	}
	g.ExtendBaseWidget(g)
	// the grip sits at the right edge of its title
	return container.NewBorder(nil, nil, nil, g)
}

func (g *columnGrip) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRectangle(color.Transparent)
	return widget.NewSimpleRenderer(r)
}

func (g *columnGrip) MinSize() fyne.Size { return fyne.NewSize(6, 10) }

func (g *columnGrip) Dragged(e *fyne.DragEvent) { g.resize(e.Dragged.DX) }

func (g *columnGrip) DragEnd() { g.done() }

func (g *columnGrip) Cursor() desktop.Cursor { return desktop.HResizeCursor }

// matchText reports whether q is in any column of r (case-insensitive
// for Latin letters).
func (t *listTable[T]) matchText(r T, q string) bool {
	q = strings.ToLower(q)
	for _, c := range t.cols {
		if strings.Contains(strings.ToLower(c.text(r)), q) {
			return true
		}
	}
	return false
}

// studentSearchLimit bounds the students a list search asks for by name
// or pinyin (more than any school has).
const studentSearchLimit = 5000

// recCol is a column of a record list showing a field of record type R,
// titled by the field's label.
func recCol[R casework.Record](kind casework.Kind, field string, key bool, text func(R) string) tableCol[casework.Record] {
	return tableCol[casework.Record]{title: grpFieldLabel(kind, field), key: key,
		text: func(r casework.Record) string { return text(r.(R)) }}
}

// oneLine is the first line of a multi-line text, for a list cell.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// suggestions is a text field that also offers the values typed in
// earlier records (接收机构, 问题类别), so that one agency or category is
// not spelled three ways.
type suggestions struct {
	e *suggestEntry
}

func newSuggestions() *suggestions {
	return &suggestions{e: newSuggestEntry()}
}

// field binds the entry to a record's string field.
func (s *suggestions) field() customField {
	var changed func()
	s.e.OnChanged = func(string) {
		if changed != nil {
			changed()
		}
	}
	return customField{obj: s.e, get: func() string { return strings.TrimSpace(s.e.Text) }, set: s.e.SetText, onChange: &changed}
}

// offer sets the choices: the distinct non-empty values, most used first.
func (s *suggestions) offer(values []string) { s.e.SetOptions(distinctByUse(values)) }

// distinctByUse is the distinct non-empty values, most used first.
func distinctByUse(values []string) []string {
	n := map[string]int{}
	var out []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if n[v] == 0 {
			out = append(out, v)
		}
		n[v]++
	}
	slices.SortStableFunc(out, func(a, b string) int { return n[b] - n[a] })
	return out
}

// widestCandidates is how many texts of a column are measured: the ones
// longest by a cheap estimate. Measuring a text as a label draws it costs
// tens of kilobytes of garbage; measuring every row of a big school's
// 4,600 cases took seconds and a hundred megabytes.
const widestCandidates = 12

// widestTexts returns the distinct texts of rows that may be the widest: the
// widestCandidates longest by estimatedWidth, which is never far from the
// drawn width.
func widestTexts[T any](rows []T, text func(T) string) []string {
	type cand struct {
		s string
		w int
	}
	var top []cand // longest first, at most widestCandidates
	seen := map[string]bool{}
	for _, r := range rows {
		s := text(r)
		if seen[s] {
			continue
		}
		w := estimatedWidth(s)
		if len(top) == widestCandidates && w <= top[len(top)-1].w {
			continue
		}
		seen[s] = true
		i, _ := slices.BinarySearchFunc(top, w, func(c cand, w int) int { return cmp.Compare(w, c.w) })
		top = slices.Insert(top, i, cand{s, w})
		if len(top) > widestCandidates {
			top = top[:widestCandidates]
		}
	}
	out := make([]string, len(top))
	for i, c := range top {
		out[i] = c.s
	}
	return out
}

// estimatedWidth is s's width in quarter-em units: four for a wide
// (Chinese, full-width) character, three for a digit or a broad Latin
// letter, two otherwise.
func estimatedWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) || r >= 0xFF01 && r <= 0xFF60 || r >= 0x3000 && r <= 0x303F:
			n += 4
		case r == 'M' || r == 'W' || r == 'm' || r == 'w' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			n += 3
		default:
			n += 2
		}
	}
	return n
}

// measure is the width a label needs to show s whole.
func (t *listTable[T]) measure(s string) float32 {
	if w, ok := t.measured[s]; ok {
		return w
	}
	t.ruler.Text = s
	t.ruler.Refresh()
	w := t.ruler.MinSize().Width + 2 // rounding of the glyph advances
	t.measured[s] = w
	return w
}
