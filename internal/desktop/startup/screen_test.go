package startup

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestFittedWindowStaysOnTheScreen(t *testing.T) {
	for _, c := range []struct {
		w, h   int
		scale  float32
		want   fyne.Size
		shrink bool
	}{
		{1920, 1080, 1, preferred, false},
		{1366, 768, 1, fyne.NewSize(1100, 768-frameH), true},
		{1024, 600, 1, fyne.NewSize(1024-frameW, 600-frameH), true},
		{1280, 720, 1, fyne.NewSize(1100, 720-frameH), true},
		{2048, 1200, 2, fyne.NewSize(1024-frameW, 600-frameH), true},
		{1024, 600, 0, fyne.NewSize(1024-frameW, 600-frameH), true},
	} {
		got, shrink := fitted(c.w, c.h, c.scale)
		if got != c.want || shrink != c.shrink {
			t.Errorf("%d×%d at %.1f: %v %v, want %v %v", c.w, c.h, c.scale, got, shrink, c.want, c.shrink)
		}
	}
}
