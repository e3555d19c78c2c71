package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/report"
)

// A character no bundled font has (here an emoji in the month's notes)
// prints as □: the return is still written whole and logged once, and the
// caller learns which character of which field it was.
func TestAReturnWithAGlyphlessCharacterIsWrittenAndSaysWhich(t *testing.T) {
	ctx := context.Background()
	s := demoSession(t)
	n := casework.MonthNotes{Month: "2026-10", Highlights: "开展了心理健康周活动🌈，反响良好。"}
	if err := s.App.SaveMonthNotes(ctx, n); err != nil {
		t.Fatal(err)
	}
	s, err := s.App.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := auditCount(t, s)
	p := filepath.Join(t.TempDir(), "m.pdf")
	g, err := s.GenerateReturn(ctx, MonthlyParams{Month: "2026-10"}, ReturnFiles{PDF: p}, Exclusive)
	gaps, written := Written(err)
	if !written || gaps == nil || g == nil {
		t.Fatalf("got %v, want the return written with its glyph gaps", err)
	}
	if !errors.Is(err, report.ErrMissingGlyphs) {
		t.Errorf("errors.Is(%v, report.ErrMissingGlyphs) is false", err)
	}
	if len(gaps.Missing) != 1 || gaps.Missing[0].Char != '🌈' {
		t.Fatalf("got missing %+v, want the one emoji", gaps.Missing)
	}
	if !strings.Contains(err.Error(), "U+1F308") {
		t.Errorf("the sentence %q does not name the character", err.Error())
	}
	if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
		t.Fatalf("no PDF written: %v", err)
	}
	if words := pdfWords(t, p); !strings.Contains(words, "开展了心理健康周活动") {
		t.Errorf("the note is not in the PDF: %q", words)
	}
	if got := auditCount(t, s) - before; got != 1 {
		t.Errorf("got %d print entries, want 1", got)
	}
}

// Written tells a delivered document apart from a failed one.
func TestWrittenSeparatesGapsFromFailures(t *testing.T) {
	if g, ok := Written(nil); !ok || g != nil {
		t.Fatal("nil is written without gaps")
	}
	if _, ok := Written(errors.New("disk gone")); ok {
		t.Fatal("a failure is not written")
	}
	var nilGaps *GlyphGaps
	if err := nilGaps.after(nil); err != nil {
		t.Fatalf("no gaps gives %v, want nil", err)
	}
}
