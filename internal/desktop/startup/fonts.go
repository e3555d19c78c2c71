package startup

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
// or changed). The theme's bold face is only the common part of its face
// (ui.Theme), so the rest of it is needed the same way. Before the first
// window the app puts those faces, as the screen needs them, into the
// user's own font folder:
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

// faceSet is one bundled face the screen draws through the fallback,
// installed as one file or, when it is big, as several (chunkFonts):
// Fyne decodes every outline of a fallback face it loads, and a single
// Extension B name would otherwise cost the outlines of all 42,000
// characters.
type faceSet struct {
	name  string                   // file name, or its stem when in chunks
	build func() ([][]byte, error) // the files as installed
	sums  []string                 // SHA-256 of each file build makes
}

// files names the set's files in the user's font folder.
func (s faceSet) files() []string {
	if len(s.sums) == 1 {
		return []string{s.name + ".ttf"}
	}
	out := make([]string, len(s.sums))
	for i := range s.sums {
		out[i] = fmt.Sprintf("%s-%d.ttf", s.name, i+1)
	}
	return out
}

// chunkSize is the most characters one installed chunk maps.
const chunkSize = 6000

var screenFaces = []faceSet{
	{"xinqing-han-b", func() ([][]byte, error) {
		f, err := screenFont(assets.FontHanB())
		if err != nil {
			return nil, err
		}
		return chunks(f)
	}, []string{
		"9601b64351c4bd82b6d8e496ddbb8e59f16ddf5976f22a0b8e8f18e153e55eb3",
		"293c22426f54ab383333429b4c88fcb4050125c69491448322747c4d786b4c76",
		"7097d5eab76c81e768b639d1fa5c58cd2dec07af0fc71f684d7968a2f7c85dd6",
		"abf6cb60fa76721bf55f11584d77f5df9c4d51d2a5c4ac866ed5ddf8c4048f0a",
		"c82fc2722ee570dbb9dd5157dd6e7b348160f3af7e17e6f896b1fc489a18bb7f",
		"6fc024a4b6a348520ceca81a77f1be94575c6e3ddfe2e14b009a7391a5a1fc77",
		"04552b8b8a5f1709ff43c58ff6b41e8f5b7c9cc389ebe63d939f499a7b9b5d2f",
		"23e69096cbd46ff52a9be3ad4e2cffc20166c89e959063538a7297a0047ffb15",
	}},
	{"xinqing-han-s", func() ([][]byte, error) {
		f, err := screenFont(assets.FontHanS())
		return [][]byte{f}, err
	}, []string{"8245494c5004c37bce3e8616c79b9d06933fe784f2378bf1a593f683064b133e"}},
	// The theme draws bold text with the common part of its face; this is
	// the rest, for a rare character in a heading.
	{"xinqing-cjk-rare", func() ([][]byte, error) {
		f, err := rareFont(assets.FontCJK, assets.FontCJKCommon())
		if err != nil {
			return nil, err
		}
		return chunks(f)
	}, []string{
		"e91885e3941f58380d3f480adcf0ac7f44ec65bb7b41babc181bdfcc2b66a881",
		"ba6f26677666fc6d280463eea0fbd1ba60bc9fcc8374545a3a655e84f7758b3f",
		"45f5ee01556580926406b735053e85d4379d9f020e2ed2fb3fbf67e7c66771e7",
		"1cb6547c7d95e8369c3dfd5901ba03b651ddc412c038cacd86a4c30d15feb372",
	}},
}

// chunks splits a face as installed into chunkSize characters a file.
func chunks(face []byte) ([][]byte, error) {
	t, err := sfntTables(face)
	if err != nil {
		return nil, err
	}
	m, err := cmapFormat12(t["cmap"])
	if err != nil {
		return nil, err
	}
	return chunkFonts(face, m, chunkSize)
}

// staleFaces are files earlier releases installed that no set names now.
var staleFaces = []string{"xinqing-han-b.ttf", "xinqing-cjk-rare.ttf"}

// InstallScreenFonts makes the bundled Extension B face (and the few
// characters of the three blocks the theme font lacks), and the rare
// characters the theme's bold face lacks, drawable on screen. Call it
// before the first window: fontscan looks once.
func InstallScreenFonts() {
	dir, err := userFontDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		log.Printf("screen fonts: no user font folder: %s", reason(err))
		return
	}
	for _, f := range screenFaces {
		if err := installSet(dir, f); err != nil {
			log.Printf("screen fonts: %s not installed: %s", f.name, reason(err))
		}
	}
	for _, name := range staleFaces {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			log.Printf("screen fonts: %s not removed: %s", name, reason(err))
		}
	}
}

// installSet writes the files of s into dir that are not there with their
// content; the set is built only when one is missing or differs.
func installSet(dir string, s faceSet) error {
	files := s.files()
	var todo []int
	for i, f := range files {
		if fileSum(filepath.Join(dir, f)) != s.sums[i] {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	faces, err := s.build()
	if err != nil {
		return err
	}
	if len(faces) != len(files) {
		return fmt.Errorf("%d files built, %d expected", len(faces), len(files))
	}
	for _, i := range todo {
		if err := installFace(dir, files[i], faces[i]); err != nil {
			return err
		}
	}
	return nil
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

// installFace writes data into dir as file, through a temporary file and
// a rename.
func installFace(dir, file string, data []byte) error {
	path := filepath.Join(dir, file)
	if err := os.MkdirAll(dir, 0o755); err != nil {
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
