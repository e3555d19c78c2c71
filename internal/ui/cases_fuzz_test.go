package ui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
)

func TestParseColorReadsTheConfiguredLevelColours(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want color.Color
	}{
		{"a default level colour is read", "#D32F2F", color.NRGBA{R: 0xD3, G: 0x2F, B: 0x2F, A: 255}},
		{"lower case is read", "#fbc02d", color.NRGBA{R: 0xFB, G: 0xC0, B: 0x2D, A: 255}},
		{"the hash is optional", "1976D2", color.NRGBA{R: 0x19, G: 0x76, B: 0xD2, A: 255}},
		{"a short form is refused", "#FFF", nil},
		{"a non-hex digit is refused", "#GG0000", nil},
		{"empty is no colour", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseColor(tt.in); got != tt.want {
				t.Fatalf("got %v for %q, want %v", got, tt.in, tt.want)
			}
		})
	}
}

// FuzzParseColor checks that any text either is refused or reads back to
// the same six hex digits.
func FuzzParseColor(f *testing.F) {
	for _, s := range []string{"#D32F2F", "#fbc02d", "1976D2", "#FFF", "#GG0000", "", "##123456", "#１２３４５６"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := parseColor(s)
		if c == nil {
			return
		}
		n := c.(color.NRGBA)
		got := fmt.Sprintf("%02x%02x%02x", n.R, n.G, n.B)
		if want := strings.ToLower(strings.TrimPrefix(s, "#")); got != want || n.A != 255 {
			t.Fatalf("got %s (alpha %d) for %q, want %s", got, n.A, s, want)
		}
	})
}
