package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"xinqing/assets"
)

// Create sets the theme and icon and fills the window with the first screen.
func Create(a fyne.App, w fyne.Window) {
	a.Settings().SetTheme(NewTheme())
	a.SetIcon(fyne.NewStaticResource("xinqing.png", assets.Icon))
	title := widget.NewLabelWithStyle("心晴 · 学校心理辅导室工作平台", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	w.SetContent(container.NewCenter(title))
	w.Resize(fyne.NewSize(1100, 720))
}
