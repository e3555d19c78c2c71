package assets

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestFontIsTrueType(t *testing.T) {
	// gofpdf and Fyne read TrueType outlines only; a TTC or CFF font would fail late.
	if len(FontCJK) < 1<<20 {
		t.Fatalf("font is %d bytes, want the full CJK font", len(FontCJK))
	}
	if !bytes.Equal(FontCJK[:4], []byte{0, 1, 0, 0}) {
		t.Fatalf("font starts with %x, want TrueType 00010000", FontCJK[:4])
	}
}

func TestIconIsPNG(t *testing.T) {
	if !bytes.HasPrefix(Icon, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("icon is not a PNG")
	}
}

func TestTranslationsHaveTheSameKeys(t *testing.T) {
	load := func(name string) map[string]any {
		t.Helper()
		b, err := Translations.ReadFile("i18n/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	zh, en := load("zh-CN.json"), load("en.json")
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("zh-CN.json lacks %q", k)
		}
	}
}

func TestHanFacesAreTrueType(t *testing.T) {
	for name, f := range map[string]func() []byte{"B": FontHanB, "S": FontHanS} {
		b := f()
		if len(b) < 1<<14 || !bytes.Equal(b[:4], []byte{0, 1, 0, 0}) {
			t.Errorf("Han %s: %d bytes starting %x, want a TrueType font", name, len(b), b[:4])
		}
	}
}
