package packaging

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// HicolorSizes are the sizes installed under share/icons/hicolor.
var HicolorSizes = [...]int{16, 24, 32, 48, 64, 128, 256, 512}

// WriteHicolor writes img as dir/hicolor/N×N/apps/id.png for every size
// in HicolorSizes.
func WriteHicolor(dir, id string, img image.Image) error {
	for _, s := range HicolorSizes {
		d := filepath.Join(dir, "hicolor", fmt.Sprintf("%dx%d", s, s), "apps")
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("hicolor %d: %w", s, err)
		}
		var b bytes.Buffer
		if err := png.Encode(&b, Resize(img, s)); err != nil {
			return fmt.Errorf("hicolor %d: %w", s, err)
		}
		if err := os.WriteFile(filepath.Join(d, id+".png"), b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("hicolor %d: %w", s, err)
		}
	}
	return nil
}

// Text prepares a text file for Notepad: CRLF line endings and a UTF-8
// byte order mark, which older Windows 10 Notepad needs to show Chinese.
func Text(data []byte, crlf, bom bool) []byte {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if crlf {
		data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
	}
	if bom && !bytes.HasPrefix(data, []byte("\ufeff")) {
		data = append([]byte("\ufeff"), data...)
	}
	return data
}

// ErrNoLicense means a module directory holds no licence file.
var ErrNoLicense = errors.New("no LICENSE, LICENCE, COPYING or NOTICE file")

// LicenseText returns the licence files at the top of a module
// directory (LICENSE*, LICENCE*, COPYING*, NOTICE*, in name order),
// joined by blank lines.
func LicenseText(dir fs.FS) ([]byte, error) {
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		u := strings.ToUpper(e.Name())
		if e.Type().IsRegular() && (strings.HasPrefix(u, "LICENSE") || strings.HasPrefix(u, "LICENCE") ||
			strings.HasPrefix(u, "COPYING") || strings.HasPrefix(u, "NOTICE")) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, ErrNoLicense
	}
	sort.Strings(names)
	var b bytes.Buffer
	for i, n := range names {
		data, err := fs.ReadFile(dir, n)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.Write(bytes.TrimSpace(data))
	}
	return b.Bytes(), nil
}
