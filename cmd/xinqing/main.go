// Command xinqing is the 心晴 desktop app.
package main

import (
	"fyne.io/fyne/v2/app"

	"xinqing/internal/ui"
)

func main() {
	exitOnVersionFlag()
	defer graphicsGuard()() // OpenGL 2.1 probe now; the deferred part explains a failed graphics start
	a := app.NewWithID("cn.xinqing.app")
	w := a.NewWindow("心晴")
	ui.Create(a, w)
	w.ShowAndRun()
}
