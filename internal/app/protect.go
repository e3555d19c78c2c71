package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Detecting a protected system drive. At a clean exit the same random
// stamp goes into the user profile (on the system drive) and into the
// vault folder. At the next start after a reboot, a vault folder whose
// stamp the profile no longer holds — with the same program installed —
// means the system drive went back to an older state: a restore card.
// What cannot be detected: a vault folder on the system drive itself
// (both stamps go back together), a PC whose boot time is unknown (off
// Windows), an exit that was not clean (power cut, crash), and a drive
// frozen before the first clean exit.

const exitStamp = "clean-exit"

type stamp struct {
	token   string
	boot    time.Time
	install string
}

func readStamp(path string) (stamp, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return stamp{}, false
	}
	var st stamp
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "token":
			st.token = v
		case "boot":
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				st.boot = time.Unix(n, 0)
			}
		case "install":
			st.install = v
		}
	}
	return st, st.token != ""
}

func (st stamp) bytes() []byte {
	return fmt.Appendf(nil, "token=%s\nboot=%d\ninstall=%s\n", st.token, st.boot.Unix(), st.install)
}

// CleanExit writes the exit stamp into the user profile and into the
// vault folder dir. Where the boot time is unknown it does nothing.
func (s Site) CleanExit(dir string) error {
	if s.Boot == nil || s.Markers == "" || dir == "" {
		return nil
	}
	boot, ok := s.Boot()
	if !ok {
		return nil
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	st := stamp{token: hex.EncodeToString(b[:]), boot: boot, install: s.install()}
	if err := os.MkdirAll(s.Markers, 0o700); err != nil {
		return fmt.Errorf("write exit stamp: %w", err)
	}
	if err := WriteBytes(filepath.Join(s.Markers, exitStamp), Replace, st.bytes()); err != nil {
		return err
	}
	return WriteBytes(filepath.Join(dir, exitStamp), Replace, st.bytes())
}

func (s Site) install() string {
	if s.Install == nil {
		return ""
	}
	return s.Install()
}

// bootSlack absorbs the jitter of a boot time computed from the clock and
// the tick count.
const bootSlack = 2 * time.Minute

// SystemDriveReverted reports, once, whether the system drive went back
// since the last clean exit with the vault in dir: a reboot happened, the
// program is the same, and the profile's stamp is gone or another. The
// vault folder's stamp is removed after it has been judged, so the report
// comes once per revert.
func (s Site) SystemDriveReverted(dir string) (bool, error) {
	if s.Boot == nil || s.Markers == "" || dir == "" {
		return false, nil
	}
	boot, ok := s.Boot()
	if !ok {
		return false, nil
	}
	path := filepath.Join(dir, exitStamp)
	v, ok := readStamp(path)
	if !ok {
		return false, nil
	}
	if !boot.After(v.boot.Add(bootSlack)) {
		return false, nil // no reboot since: nothing to judge yet
	}
	p, _ := readStamp(filepath.Join(s.Markers, exitStamp))
	reverted := p.token != v.token && v.install == s.install()
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return reverted, fmt.Errorf("remove exit stamp: %w", err)
	}
	return reverted, nil
}

// installIdentity names the running program by path, size and time.
func installIdentity() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return exe
	}
	return fmt.Sprintf("%s|%d|%d", exe, fi.Size(), fi.ModTime().Unix())
}
