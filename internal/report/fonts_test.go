package report

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"xinqing/assets"
	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// hanBlocks are the blocks every character of which must print.
var hanBlocks = []struct {
	name     string
	from, to rune
}{
	{"CJK Unified Ideographs", 0x4E00, 0x9FFF},
	{"Extension A", 0x3400, 0x4DBF},
	{"Extension B", 0x20000, 0x2A6DF},
}

// TestEveryHanCharacterHasAGlyph renders every code point of the three
// blocks into one PDF and proves, from the character maps of the fonts
// the PDF embeds, that each is drawn with a glyph that has an outline,
// and that text extraction gives every character back.
func TestEveryHanCharacterHasAGlyph(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 70,304 characters")
	}
	// Parse the bundled fonts afresh, independently of the face table.
	type parsed struct {
		tab       sfnt
		bmp, full map[rune]uint16
	}
	fonts := map[string]parsed{}
	for family, data := range map[string][]byte{
		fontFamily: assets.FontCJK, "hanb": assets.FontHanB(), "hans": assets.FontHanS(),
	} {
		tab, err := parseTables(data)
		if err != nil {
			t.Fatal(family, err)
		}
		p := parsed{tab: tab}
		if p.bmp, err = tab.cmap(4); err != nil {
			t.Fatal(family, err)
		}
		p.full, _ = tab.cmap(12)
		fonts[family] = p
	}
	var all strings.Builder
	n := 0
	for _, b := range hanBlocks {
		for r := b.from; r <= b.to; r++ {
			if !unicode.Is(unicode.Han, r) {
				t.Fatalf("%U in %s is not a Han character", r, b.name)
			}
			n++
			all.WriteRune(r)
			f, drawn := faceFor(r)
			if f == nil {
				t.Errorf("%U (%s): no face has it", r, b.name)
				continue
			}
			font := fonts[f.family]
			// What gofpdf draws: the format-4 map of the drawn code point.
			g, ok := font.bmp[drawn]
			if !ok || g == 0 {
				t.Errorf("%U: %s maps %U to no glyph", r, f.family, drawn)
				continue
			}
			if drawn != r {
				// A stand-in must be the glyph the real character maps to.
				if full := font.full; full[r] != g || drawn > 0xFFFF || (drawn >= 0xD800 && drawn <= 0xDFFF) {
					t.Errorf("%U: stand-in %U draws glyph %d, the real map has %d", r, drawn, g, font.full[r])
				}
			}
			if len(font.tab.glyphOutline(g)) < 10 {
				t.Errorf("%U: glyph %d of %s is empty", r, g, f.family)
			}
		}
	}
	if n != 20992+6592+42720 {
		t.Fatalf("%d characters, want 70,304", n)
	}
	// gofpdf's width table takes time cubic in a run of consecutive code
	// points, so the characters go into documents by stride: no document
	// holds two neighbours.
	chars := []rune(all.String())
	const stride = 16
	for k := range stride {
		var part []rune
		for i := k; i < len(chars); i += stride {
			part = append(part, chars[i])
		}
		pdf, err := render(docOptions{title: "字符表", now: fixedNow()}, func(d *doc) {
			d.newPage()
			d.paragraph(string(part), sizeSmall, 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			savePDF(t, "han-blocks.pdf", pdf)
		}
		var body []string
		for _, line := range strings.Split(pdfRawText(t, pdf), "\n") {
			if !strings.Contains(line, "页/共") && !strings.Contains(line, "生成时间") {
				body = append(body, line)
			}
		}
		got := []rune(strings.Join(strings.Fields(strings.Join(body, "")), ""))
		for i, r := range part {
			if i >= len(got) || got[i] != r {
				t.Fatalf("document %d: extracted text differs first at %U (got %d characters of %d): got %q want %q", k, r, len(got), len(part), string(got[max(0, i-5):min(len(got), i+10)]), string(part[max(0, i-5):min(len(part), i+10)]))
			}
		}
		if len(got) != len(part) {
			t.Fatalf("document %d: extracted %d characters, want %d", k, len(got), len(part))
		}
	}
	if dir := os.Getenv("REPORT_OUT"); dir != "" {
		t.Logf("saved %s", filepath.Join(dir, "han-blocks.pdf"))
	}
}

func TestRareNamesPrintAndExtract(t *testing.T) {
	names := []string{"欧阳䶮喆", "李𠮷", "王\u9FFF\u4DBF\U0002A6DF"}
	pdf, err := render(docOptions{title: "测试", now: fixedNow(), watermark: "李𠮷 查阅"}, func(d *doc) {
		d.newPage()
		d.title("李𠮷的记录")
		d.heading("一、姓名")
		for _, n := range names {
			d.paragraph("姓名："+n+"。", sizeBody, 0)
		}
		d.drawTable(table{widths: []float64{1, 2}, rows: [][]cell{labelled("姓名", "欧阳䶮喆", 0), labelled("姓名", "李𠮷", 0)}})
	})
	if err != nil {
		t.Fatal(err)
	}
	raw := pdfRawText(t, pdf)
	for _, want := range append(names, "李𠮷的记录") {
		if !strings.Contains(raw, want) {
			t.Errorf("extracted text lacks %q:\n%s", want, raw)
		}
	}
}

func TestAGlyphlessCharacterPrintsAPlaceholderAndIsReported(t *testing.T) {
	pdf, err := render(docOptions{title: "测试", now: fixedNow()}, func(d *doc) {
		d.newPage()
		d.leftRight("学校：一中\uE000", "编号：1", sizeTable)
		d.drawTable(table{widths: []float64{1, 2}, rows: [][]cell{labelled("备注", "笑\U0001F600了", 0)}})
	})
	var me *MissingGlyphsError
	if !errors.As(err, &me) || !errors.Is(err, ErrMissingGlyphs) {
		t.Fatalf("err = %v, want a MissingGlyphsError", err)
	}
	want := []MissingGlyph{{Field: "学校", Char: 0xE000}, {Field: "备注", Char: 0x1F600}}
	if !slices.Equal(me.Missing, want) {
		t.Errorf("missing = %+v, want %+v", me.Missing, want)
	}
	if !strings.Contains(err.Error(), "备注") || !strings.Contains(err.Error(), "U+1F600") {
		t.Errorf("message %q names neither field nor character", err)
	}
	if missing, err := SplitMissing(err); err != nil || len(missing) != 2 {
		t.Errorf("SplitMissing gave %v, %v", missing, err)
	}
	if raw := pdfRawText(t, pdf); !strings.Contains(raw, "笑□了") {
		t.Errorf("extracted text lacks the placeholder:\n%s", raw)
	}
}

func TestRareNamesInRealDocuments(t *testing.T) {
	labels := testLabels(t)
	f := sampleCaseFile()
	f.Student.Name = "欧阳䶮喆"
	f.Student.GuardianName = "李𠮷"
	pdf, err := RenderCaseRecord(f, labels, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	raw := strings.Join(strings.Fields(pdfRawText(t, pdf)), "")
	for _, want := range []string{"欧阳䶮喆", "李𠮷"} {
		if !strings.Contains(raw, want) {
			t.Errorf("case record: extracted text lacks %q", want)
		}
	}

	// 𠮷 in a month note once made the monthly return panic.
	d := monthlyDataset()
	d.MonthNotes[0].Highlights = "李𠮷同学协助组织了“情绪管理”主题班会。"
	r, err := figures.Compute(d, casework.Month("2026-10").Period(), nil)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err = RenderMonthlyReturn(MonthlyReturn{Month: "2026-10", Figures: r, Levels: d.Settings.RiskLevels}, labels, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	if raw := strings.Join(strings.Fields(pdfRawText(t, pdf)), ""); !strings.Contains(raw, "李𠮷同学协助组织") {
		t.Error("monthly return: extracted text lacks 李𠮷")
	}
}
