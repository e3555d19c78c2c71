package desktop

import (
	"golang.org/x/sys/windows"
)

// shellPrint is ShellExecute(NULL, "print", path, …): the print command
// the PDF reader registered for the file type.
func shellPrint(path string) error {
	verb, err := windows.UTF16PtrFromString("print")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	return windows.ShellExecute(0, verb, file, nil, nil, windows.SW_HIDE)
}
