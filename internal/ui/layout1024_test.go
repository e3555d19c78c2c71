package ui

import (
	"testing"

	"fyne.io/fyne/v2/theme"
)

// The case form fits beside the navigation on a 1024-wide screen: its
// long row of problem types scrolls instead of widening the window (which
// then grew past the screen and squeezed the navigation).
func TestTheCaseFormFitsA1024Screen(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	h.Tap("新建个案")
	// 1024 less the navigation (18%) and the window's padding.
	if w := s.Content().MinSize().Width; w > 1024*0.82-2*theme.Padding() {
		t.Fatalf("the cases screen needs %v px, more than a 1024-wide window leaves it", w)
	}
	h.WantText("自我意识") // still there, in its scroll
}
