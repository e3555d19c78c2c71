package startup

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime"

	"xinqing/assets"
)

// The screen theme's font covers CJK Unified Ideographs and Extension A,
// but one TrueType font holds at most 65,535 glyphs, so Extension B (李𠮷)
// and the 40 characters the bundled Han S face adds cannot join it. Fyne
// draws a character its theme font lacks with a face found by
// go-text/fontscan, which scans the system's and the user's font folders
// once, on the first text the app draws (it keeps an index in the user's
// cache folder but still lists every folder and scans a file that is new
// or changed). So before the first window the app puts those two faces,
// as the screen needs them, into the user's own font folder:
//
//   - Linux: $XDG_DATA_HOME/fonts (~/.local/share/fonts);
//   - Windows: %LOCALAPPDATA%\Microsoft\Windows\Fonts (a per-user folder
//     that fontscan reads; the file is not registered with Windows, so
//     other programs do not offer it);
//   - macOS: ~/Library/Fonts.
//
// The files are public fonts and hold nothing about the school. A file
// already there with the same content is left alone; a new one is written
// beside the folder and renamed into it, so a scan never reads half a
// file. Failure costs only the rare glyphs, so it is logged (without the
// path, which names the user) and the app starts anyway.

// screenFace is one bundled face the screen draws through the fallback.
type screenFace struct {
	file string        // name in the user's font folder
	face func() []byte // the face as the PDFs use it
	sum  string        // SHA-256 of screenFont(face()), what is installed
}

var screenFaces = []screenFace{
	{"xinqing-han-b.ttf", assets.FontHanB, "04ccad79da4009dcd3af44f2ec8b1b853cd2d92b380f51d8181c2559ce284540"},
	{"xinqing-han-s.ttf", assets.FontHanS, "8245494c5004c37bce3e8616c79b9d06933fe784f2378bf1a593f683064b133e"},
}

// InstallScreenFonts makes the bundled Extension B face (and the few
// characters of the three blocks the theme font lacks) drawable on
// screen. Call it before the first window: fontscan looks once.
func InstallScreenFonts() {
	dir, err := userFontDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		log.Printf("screen fonts: no user font folder: %s", reason(err))
		return
	}
	for _, f := range screenFaces {
		if err := installFace(dir, f); err != nil {
			log.Printf("screen fonts: %s not installed: %s", f.file, reason(err))
		}
	}
}

// userFontDir is the per-user folder fontscan.DefaultFontDirectories
// reads on goos.
func userFontDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Microsoft", "Windows", "Fonts"), nil
		}
		return "", errors.New("LOCALAPPDATA is not set")
	case "darwin":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Fonts"), nil
	case "linux", "freebsd", "openbsd":
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "fonts"), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, ".local", "share", "fonts"), nil
	}
	return "", errors.New("no user font folder on " + goos)
}

// installFace writes f into dir unless a file with its content is there.
func installFace(dir string, f screenFace) error {
	path := filepath.Join(dir, f.file)
	if fileSum(path) == f.sum {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, err := screenFont(f.face())
	if err != nil {
		return err
	}
	// The temporary file lives in the parent folder, which no font scan
	// reads, on the same volume so that the rename is atomic.
	tmp, err := os.CreateTemp(filepath.Dir(dir), ".xinqing-font-*.tmp")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	return nil
}

// fileSum is the hex SHA-256 of the file at path, or "" when it cannot be
// read.
func fileSum(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// reason is err without the path it may carry (a path names the user).
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Op + ": " + le.Err.Error()
	}
	return err.Error()
}
