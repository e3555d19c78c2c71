package ui

import (
	"image/color"
	"sync"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// A multi-line field that grows to its text still holds Fyne's own
// scroll inside (a wrapping entry always scrolls vertically, whatever its
// Scroll field says), and so does a one-line field (for text wider than
// it); the driver gives the wheel to the innermost fyne.Scrollable under
// the pointer, so the form would stop scrolling whenever the pointer
// crossed a field. An entry therefore lays a transparent wheelPass over
// itself that hands the wheel on to the scroll the form sits in, unless
// its text is longer than a grown field shows.

// scrolls are the vertical scrolls made with newVScroll, weakly held so
// that a screen that is gone is not kept alive by this list.
var scrolls struct {
	sync.Mutex
	list []weak.Pointer[container.Scroll]
}

// newVScroll is container.NewVScroll that a growing field can pass the
// wheel on to.
func newVScroll(content fyne.CanvasObject) *container.Scroll {
	s := container.NewVScroll(content)
	scrolls.Lock()
	defer scrolls.Unlock()
	live := scrolls.list[:0]
	for _, p := range scrolls.list {
		if p.Value() != nil {
			live = append(live, p)
		}
	}
	scrolls.list = append(live, weak.Make(s))
	return s
}

// scrollAt is the smallest visible scroll of c (made by newVScroll) whose
// view meets the absolute area at, size.
func scrollAt(c fyne.Canvas, at fyne.Position, area fyne.Size) *container.Scroll {
	d := fyne.CurrentApp().Driver()
	scrolls.Lock()
	list := make([]*container.Scroll, 0, len(scrolls.list))
	for _, p := range scrolls.list {
		if s := p.Value(); s != nil {
			list = append(list, s)
		}
	}
	scrolls.Unlock()
	// the drivers place an object that is on no canvas (a scroll of a
	// screen left but not yet collected) where nothing on the canvas lies
	nowhere := d.AbsolutePositionForObject(canvas.NewRectangle(color.Transparent))
	var best *container.Scroll
	var bestArea float32
	for _, s := range list {
		if !s.Visible() || d.CanvasForObject(s) != c {
			continue
		}
		pos, size := d.AbsolutePositionForObject(s), s.Size()
		if pos == nowhere || size.IsZero() { // not on the canvas (any more)
			continue
		}
		if at.X+area.Width <= pos.X || at.Y+area.Height <= pos.Y || at.X >= pos.X+size.Width || at.Y >= pos.Y+size.Height {
			continue
		}
		if a := size.Width * size.Height; best == nil || a < bestArea {
			best, bestArea = s, a
		}
	}
	return best
}

// wheelPass lies over a growing entry and takes the wheel from the
// entry's own scroll.
type wheelPass struct {
	widget.BaseWidget
	seen  func()      // the wheel counts as activity
	own   func() bool // the entry's text may not all show: its own scroll takes the wheel
	inner fyne.Scrollable
}

func (p *wheelPass) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (p *wheelPass) Scrolled(ev *fyne.ScrollEvent) {
	if p.seen != nil {
		p.seen()
	}
	if p.own != nil && p.own() && p.inner != nil {
		p.inner.Scrolled(ev)
		return
	}
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(p)
	if c == nil {
		return
	}
	// where the pointer is; an event that does not say (a synthetic one)
	// is anywhere over the field
	at, area := ev.AbsolutePosition, fyne.NewSize(1, 1)
	if at.IsZero() {
		at, area = d.AbsolutePositionForObject(p), p.Size()
	}
	if s := scrollAt(c, at, area); s != nil {
		s.Scrolled(ev)
	}
}

// wheelRenderer is the entry's renderer with the wheelPass on top.
type wheelRenderer struct {
	fyne.WidgetRenderer
	pass *wheelPass
}

func (r *wheelRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.pass.Move(fyne.NewPos(0, 0))
	r.pass.Resize(size)
}

func (r *wheelRenderer) Objects() []fyne.CanvasObject {
	objs := r.WidgetRenderer.Objects()
	if r.pass.inner == nil {
		for _, o := range objs {
			if s, ok := o.(fyne.Scrollable); ok {
				r.pass.inner = s
			}
		}
	}
	out := make([]fyne.CanvasObject, 0, len(objs)+1)
	return append(append(out, objs...), r.pass)
}

// withWheelPass lays a wheelPass over the renderer r of an entry.
func withWheelPass(r fyne.WidgetRenderer, seen func(), own func() bool) fyne.WidgetRenderer {
	p := &wheelPass{seen: seen, own: own}
	p.ExtendBaseWidget(p)
	return &wheelRenderer{WidgetRenderer: r, pass: p}
}

// CreateRenderer adds the wheelPass to an entry (a one-line entry's own
// scroll, there for text wider than the field, takes the wheel too).
func (e *entry) CreateRenderer() fyne.WidgetRenderer {
	// a multi-line field of a fixed height, or one grown to the most rows,
	// may hold more than it shows: its own scroll keeps the wheel
	return withWheelPass(e.Entry.CreateRenderer(), e.act.seen, func() bool { return e.MultiLine && (!e.grow || e.rows >= growMax) })
}

// suggestEntry is the text field with suggestions (a widget.SelectEntry)
// passing the wheel on like entry.
type suggestEntry struct {
	widget.SelectEntry
}

func newSuggestEntry() *suggestEntry {
	e := &suggestEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	return e
}

func (e *suggestEntry) CreateRenderer() fyne.WidgetRenderer {
	return withWheelPass(e.SelectEntry.CreateRenderer(), nil, nil)
}
