package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui/uitest"
)

// TestEveryScreenAndFormFitsTheSmallestWindow opens every screen, every
// tab and every form behind a "new" button at 1024×600, in both
// languages: the window's content must not ask for more than the window
// (the real window would grow to it) and no object may reach past the
// window's right edge.
func TestEveryScreenAndFormFitsTheSmallestWindow(t *testing.T) {
	for _, code := range []string{LangChinese, LangEnglish} {
		t.Run(code, func(t *testing.T) {
			size := fyne.NewSize(minWindowWidth, minWindowHeight)
			a, drv := unlockedApp(t, seededDeps(t), code, size)
			c := drv.Window().Canvas()
			var bad []string
			seen := map[string]bool{}
			forms := 0
			w := &rawKeyWalker{t: t, a: a, drv: drv, seen: map[string]bool{}}
			w.also = func(where string) {
				if strings.Contains(where, "›") {
					forms++
				}
				if m := c.Content().MinSize(); m.Width > size.Width || m.Height > size.Height {
					if !seen[where] {
						seen[where] = true
						bad = append(bad, fmt.Sprintf("%s: the content asks for %.0f×%.0f%s", where, m.Width, m.Height, widest(a.shell.content)))
					}
				}
				if got := c.Size(); got != size {
					bad = append(bad, fmt.Sprintf("%s: the window grew to %.0f×%.0f", where, got.Width, got.Height))
					drv.Window().Resize(size) // look at the rest as it would be
				}
				for _, o := range unscrolled(c.Content()) {
					if right := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X + o.Size().Width; right > size.Width+1 {
						key := fmt.Sprintf("%s: a %T reaches x=%.0f", where, o, right)
						if !seen[key] {
							seen[key] = true
							bad = append(bad, key)
						}
						break
					}
				}
			}
			for i, s := range a.shell.specs {
				w.screen(i, tr(s.key))
			}
			if forms < 10 {
				t.Errorf("looked at only %d tabs and forms; the walk is broken", forms)
			}
			if len(bad) > 0 {
				t.Errorf("at %v:\n%s", size, strings.Join(bad, "\n"))
			}
			if err := UseLanguage(LangChinese); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// widest names the innermost object of the screen that asks for the
// most width, to say where a failure comes from.
func widest(o fyne.CanvasObject) string {
	var best fyne.CanvasObject
	var bw float32
	for _, x := range uitest.Objects(o) {
		if w := x.MinSize().Width; w >= bw {
			best, bw = x, w
		}
	}
	if best == nil {
		return ""
	}
	return fmt.Sprintf(" (a %T of %.0f px: %q)", best, bw, strings.TrimSpace(uitest.Texts(uitest.Objects(best))))
}

// unscrolled lists the visible objects under o that are not inside a
// scroll (whose content may be wider than the window: it scrolls).
func unscrolled(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	switch x := o.(type) {
	case *container.Scroll:
		return out
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, unscrolled(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, unscrolled(c)...)
		}
	}
	return out
}
