package app

import (
	"errors"

	"xinqing/internal/report"
)

// GlyphGaps says a document was written whole but some characters have no
// glyph in any bundled font and printed as □; Missing names each one and
// its field, so the counselor can check the spelling or the print.
type GlyphGaps struct {
	Missing []report.MissingGlyph
}

func (g *GlyphGaps) Error() string {
	return "已生成，但以下字符没有可用字形，印成了□：" + (&report.MissingGlyphsError{Missing: g.Missing}).Error()
}

// Is lets errors.Is(err, report.ErrMissingGlyphs) find it.
func (g *GlyphGaps) Is(target error) bool { return target == report.ErrMissingGlyphs }

// rendered separates a complete PDF with characters printed as □ (gaps)
// from a rendering that failed.
func rendered(pdf []byte, err error) ([]byte, *GlyphGaps, error) {
	missing, err := report.SplitMissing(err)
	if err != nil {
		return nil, nil, err
	}
	if len(missing) == 0 {
		return pdf, nil, nil
	}
	return pdf, &GlyphGaps{Missing: missing}, nil
}

// after is err, or the gaps once the document was delivered without error.
func (g *GlyphGaps) after(err error) error {
	if err != nil || g == nil {
		return err
	}
	return g
}

// Written reports whether err still means the document was written (nil,
// or only glyph gaps), and returns the gaps, if any.
func Written(err error) (*GlyphGaps, bool) {
	if err == nil {
		return nil, true
	}
	var g *GlyphGaps
	if errors.As(err, &g) {
		return g, true
	}
	return nil, false
}
