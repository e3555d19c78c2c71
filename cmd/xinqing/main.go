// Command xinqing is the 心晴 desktop app.
package main

import (
	"flag"
	"os"

	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"xinqing/internal/desktop"
	"xinqing/internal/desktop/startup"
	"xinqing/internal/ui"
)

func main() {
	startup.ExitOnVersionFlag()
	flags := flag.NewFlagSet("xinqing", flag.ExitOnError)
	preview := flags.Bool("preview", false, "show the screens backed by in-memory services (nothing is saved)")
	_ = flags.Parse(os.Args[1:])
	defer startup.GraphicsGuard()() // OpenGL 2.1 probe now; the deferred part explains a failed graphics start
	startup.InstallScreenFonts()    // before the first text: the font fallback scans once
	a := app.NewWithID("cn.xinqing.app")
	w := a.NewWindow("心晴")
	if *preview {
		// Memory-only stand-ins, for looking at the screens.
		ui.Create(a, w, desktop.Preview())
		w.SetTitle(lang.X("preview.title", "preview.title"))
	} else {
		ui.Create(a, w, desktop.Installed())
	}
	w.ShowAndRun()
}
