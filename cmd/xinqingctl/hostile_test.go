//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
	"xinqing/internal/cli"
)

// A FIFO or a device given as the file to import is refused at once: the
// command never waits for a writer or reads an endless stream.
func TestImportingAFIFOOrADeviceNeitherHangsNorReadsForever(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "school.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, args := range [][]string{
		{"import", "--vault", t.TempDir(), fifo},
		{"import-roster", "--vault", t.TempDir(), fifo},
		{"import", "--vault", t.TempDir(), "/dev/zero"},
	} {
		done := make(chan int, 1)
		go func() { code, _, _ := run(t, nil, args...); done <- code }()
		select {
		case code := <-done:
			if code != cli.ExitError {
				t.Errorf("%v: exit %d, want %d", args, code, cli.ExitError)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%v did not return", args)
		}
	}
}
