package desktop

import (
	"fmt"
	"os/exec"
	"runtime"

	"xinqing/internal/ui"
)

// osCalls are the operating system's ways to print a file, behind an
// interface so that tests can stand in for them.
type osCalls interface {
	// GOOS is the running system (runtime.GOOS).
	GOOS() string
	// LookPath finds a program on the PATH.
	LookPath(name string) (string, error)
	// Run runs a program and waits for it.
	Run(name string, args ...string) error
	// ShellPrint asks Windows to print path with the "print" verb of its
	// file type (ShellExecute); ErrNotAvailable elsewhere.
	ShellPrint(path string) error
}

// systemCalls are the real ones.
type systemCalls struct{}

func (systemCalls) GOOS() string                         { return runtime.GOOS }
func (systemCalls) LookPath(name string) (string, error) { return exec.LookPath(name) }
func (systemCalls) Run(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w (%d bytes of output)", name, err, len(out))
	}
	return nil
}
func (systemCalls) ShellPrint(path string) error { return shellPrint(path) }

// filePrinter sends a saved PDF to the system's printing.
type filePrinter struct{ os osCalls }

// PrintFile prints path: the Windows print verb, else lp when present,
// else ui.ErrNotAvailable (the screen says there is no print path).
func (p filePrinter) PrintFile(path string) error {
	if p.os.GOOS() == "windows" {
		return p.os.ShellPrint(path)
	}
	lp, err := p.os.LookPath("lp")
	if err != nil {
		return ui.ErrNotAvailable
	}
	return p.os.Run(lp, "--", path)
}
