package ui

import (
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui/uitest"
)

// Fyne's file dialog, shown the app's way, speaks Chinese: its own
// buttons through the app's tables, and its places (which Fyne never
// translates) named by the app.
func TestFileDialogNamesItsPlacesInChinese(t *testing.T) {
	test.NewTempApp(t)
	if err := UseLanguage(LangChinese); err != nil {
		t.Fatal(err)
	}
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1000, 700))
	d := dialog.NewFileSave(func(fyne.URIWriteCloser, error) {}, win)
	showFileDialog(d)
	texts := uitest.New(t, win).Texts()
	want := []string{"主文件夹", "保存", "取消"}
	if runtime.GOOS != "windows" {
		want = append(want, "计算机")
	}
	for _, w := range want {
		if !strings.Contains(texts, w) {
			t.Errorf("the dialog does not show %q:\n%s", w, texts)
		}
	}
	for _, line := range strings.Split(texts, "\n") {
		if _, english := placeName(strings.TrimSpace(line)); english {
			t.Errorf("the dialog still shows %q", line)
		}
	}
	// Back in English, the same dialog names the places in English.
	if err := UseLanguage(LangEnglish); err != nil {
		t.Fatal(err)
	}
	defer UseLanguage(LangChinese)
	d.Hide()
	d2 := dialog.NewFileOpen(func(fyne.URIReadCloser, error) {}, win)
	showFileDialog(d2)
	if texts := uitest.New(t, win).Texts(); !strings.Contains(texts, "Home") {
		t.Errorf("the English dialog does not show Home:\n%s", texts)
	}
}
