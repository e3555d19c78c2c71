package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/jung-kurt/gofpdf"

	"xinqing/assets"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 20.0
	marginRight  = 20.0
	marginTop    = 18.0
	marginBottom = 22.0 // the footer lives below this
	contentW     = pageW - marginLeft - marginRight
	bottomLimit  = pageH - marginBottom
)

// Font sizes in points, after the Chinese official sizes (号).
const (
	sizeTitle    = 18.0 // 小二
	sizeHeading  = 14.0 // 四号
	sizeBody     = 12.0 // 小四
	sizeTable    = 10.5 // 五号
	sizeSmall    = 9.0  // 小五
	sizeFooter   = 8.0
	ptToMM       = 25.4 / 72
	lineSpacing  = 1.45 // line height / font size
	cellPadX     = 1.6
	cellPadY     = 1.4
	minRowHeight = 8.0
	// A compact layout (docOptions.balance) saves a nearly empty last page.
	compactRowHeight = 6.4
	compactPadY      = 0.6
	// nearlyEmpty is the share of a last page's body below which a
	// balanced document is laid out again compactly.
	nearlyEmpty = 0.35
)

const fontFamily = "cjk"

// ErrLayout means a document could not be laid out the same way twice.
var ErrLayout = errors.New("report: layout is not deterministic")

// docOptions are the settings of one document.
type docOptions struct {
	title        string    // PDF metadata title
	now          time.Time // generation time: footer and creation date
	confidential bool      // a 保密 mark at the top of every page
	watermark    string    // diagonal text on every page; empty means none
	// footerHash, when set, is printed in the footer instead of the content
	// hash: the monthly return prints the short hash of its figures there.
	footerHash string
	// fingerprint, when set, is the school's signing key fingerprint,
	// printed on a footer line of its own so the county can register it.
	fingerprint string
	// runningHead, when set, is printed at the top of every page after the
	// first (个案编号 and name on a case record's continuation pages).
	runningHead string
	// balance lays the document out again with tighter rows when its last
	// page would be nearly empty, and keeps that layout if it has a page
	// fewer (the monthly return).
	balance bool
	compact bool // the tighter rows (set by render)
}

// rowMin and padY are the minimum row height and the cell's vertical
// padding: tighter in a compact layout.
func (d *doc) rowMin() float64 {
	if d.opt.compact {
		return compactRowHeight
	}
	return minRowHeight
}

func (d *doc) padY() float64 {
	if d.opt.compact {
		return compactPadY
	}
	return cellPadY
}

// doc is one PDF being laid out. Drawing methods keep the vertical
// position y and start new pages themselves; gofpdf's own automatic page
// break is off.
type doc struct {
	pdf   *gofpdf.Fpdf
	opt   docOptions
	y     float64
	total int       // pages, known in the second pass; 0 in the first
	short string    // content hash printed in the footer (second pass)
	sum   hash.Hash // hashes every content string drawn (not the footer)

	// onPageBreak redraws a repeated table header after a page break.
	onPageBreak func()

	lastFill float64 // share of the last page's body used (finish)

	marks []layoutMark // headings, captions and signatures drawn, for layoutProbe

	// pending holds headings and captions not drawn yet: they are drawn by
	// the next ensure, on the page where the content they introduce starts.
	pending  []func()
	pendingH float64

	// units counts the lines and rows placed; breakBefore holds the units
	// that start a new page because, laid out as they came, the signature
	// lines after them would have stood alone on a page.
	units       int
	breakBefore map[int]bool
	lonely      map[int]bool // found in this pass, for the next

	added   map[string]bool // fallback faces added to pdf
	field   string          // the label or heading of the text being drawn
	missing []MissingGlyph  // characters printed as the placeholder
}

// layoutMark is a line the layout rules care about: a heading or caption
// (never the last line of a page) or a signature line (never alone on a page).
type layoutMark struct {
	kind string // "heading", "caption" or "sign"
	page int
	text string
}

// layoutProbe, when set (by tests), receives the marks of every document
// rendered; the watermark is left out so that text positions can be checked.
var layoutProbe func(title string, marks []layoutMark)

// mark records a line for layoutProbe.
func (d *doc) mark(kind, text string) {
	if layoutProbe != nil {
		d.marks = append(d.marks, layoutMark{kind: kind, page: d.pdf.PageNo(), text: text})
	}
}

// render lays a document out twice and returns the PDF bytes. When some
// characters had no glyph the PDF is complete and the error is a
// *MissingGlyphsError naming them.
func render(opt docOptions, build func(d *doc)) ([]byte, error) {
	first := layOut(opt, build)
	if opt.balance && first.pdf.PageNo() > 1 && first.lastFill < nearlyEmpty {
		tight := opt
		tight.compact = true
		if alt := layOut(tight, build); alt.pdf.PageNo() < first.pdf.PageNo() {
			first, opt = alt, tight
		}
	}
	if err := first.pdf.Error(); err != nil {
		return nil, fmt.Errorf("lay out %s: %w", opt.title, err)
	}
	pages := first.pdf.PageNo()
	short := hex.EncodeToString(first.sum.Sum(nil))[:8]
	if opt.footerHash != "" {
		short = opt.footerHash
	}

	second := newDoc(opt, pages, short)
	second.breakBefore = first.breakBefore
	build(second)
	second.finish()
	if got := second.pdf.PageNo(); got != pages {
		return nil, fmt.Errorf("%s: %d pages, then %d: %w", opt.title, pages, got, ErrLayout)
	}
	var buf bytes.Buffer
	if err := second.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("write %s: %w", opt.title, err)
	}
	if layoutProbe != nil {
		layoutProbe(opt.title, second.marks)
	}
	if len(second.missing) > 0 {
		return buf.Bytes(), &MissingGlyphsError{Missing: sortedMissing(second.missing)}
	}
	return buf.Bytes(), nil
}

// layOut is the first pass: the pages counted, lone signature lines
// moved along.
func layOut(opt docOptions, build func(d *doc)) *doc {
	first := newDoc(opt, 0, "")
	build(first)
	first.finish()
	if len(first.lonely) > 0 {
		// Lay out again with the content before lone signatures moved along.
		breaks := first.lonely
		first = newDoc(opt, 0, "")
		first.breakBefore = breaks
		build(first)
		first.finish()
	}
	return first
}

// finish draws what is pending and the last footer, noting how much of
// the last page's body is used.
func (d *doc) finish() {
	d.flush()
	d.lastFill = (d.y - marginTop) / (bottomLimit - marginTop)
	d.footer()
}

func newDoc(opt docOptions, total int, short string) *doc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           gofpdf.SizeType{Wd: pageW, Ht: pageH},
	})
	pdf.SetCatalogSort(true)
	// gofpdf writes the date without a zone, which readers take as UTC.
	pdf.SetCreationDate(opt.now.UTC())
	pdf.SetModificationDate(opt.now.UTC())
	pdf.SetCompression(true)
	pdf.SetTitle(opt.title, true)
	pdf.SetCreator("心晴", true)
	pdf.SetProducer("心晴", true)
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(false, marginBottom)
	pdf.AddUTF8FontFromBytes(fontFamily, "", assets.FontCJK)
	pdf.SetFont(fontFamily, "", sizeBody)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)
	return &doc{pdf: pdf, opt: opt, total: total, short: short, sum: sha256.New(), added: map[string]bool{}, lonely: map[int]bool{}}
}

// record adds drawn content to the hash printed in the footer.
func (d *doc) record(s string) {
	d.sum.Write([]byte(s))
	d.sum.Write([]byte{0})
}

// lineHeight is the height of one line of text at size pt.
func lineHeight(pt float64) float64 { return pt * ptToMM * lineSpacing }

// newPage ends the current page (footer) and starts the next.
func (d *doc) newPage() {
	pt := d.fontSizePt()
	defer d.setSize(pt)
	if d.pdf.PageNo() > 0 {
		d.footer()
	}
	d.pdf.AddPage()
	d.y = marginTop
	if d.opt.confidential {
		d.confidentialMark()
	}
	if d.opt.runningHead != "" && d.pdf.PageNo() > 1 {
		d.setSize(sizeSmall)
		h := lineHeight(sizeSmall)
		d.field = "页眉"
		d.record(d.opt.runningHead)
		d.textBox(marginLeft, d.y, contentW, h, d.opt.runningHead, 'L')
		d.y += h + 1
	}
	if d.onPageBreak != nil {
		d.onPageBreak()
	}
}

// ensure starts a new page unless h millimetres fit below y, together
// with any pending heading, which it then draws. Each call places one unit
// (a line or a row).
func (d *doc) ensure(h float64) {
	d.units++
	if d.breakBefore[d.units] && d.pdf.PageNo() > 0 && d.y > marginTop+1 {
		d.newPage()
	}
	if len(d.pending) > 0 {
		pending := d.pending
		if d.pdf.PageNo() == 0 || d.y+d.pendingH+h > bottomLimit {
			d.newPage()
		}
		d.pending, d.pendingH = nil, 0
		pt := d.fontSizePt()
		for _, draw := range pending {
			draw()
		}
		d.setSize(pt)
	}
	if d.pdf.PageNo() == 0 || d.y+h > bottomLimit {
		d.newPage()
	}
}

// flush draws pending headings with nothing after them.
func (d *doc) flush() {
	if len(d.pending) > 0 {
		d.ensure(0)
	}
}

// keepWithNext queues lines of text (a heading or caption) to be drawn
// with the content that follows them.
func (d *doc) keepWithNext(kind string, s string, pt float64, bold bool, before, after float64) {
	d.setSize(pt)
	h := lineHeight(pt)
	lines := d.wrap(s, contentW)
	d.pendingH += before + float64(len(lines))*h + after
	field := s
	d.pending = append(d.pending, func() {
		d.field = field
		d.setSize(pt)
		d.space(before)
		for _, line := range lines {
			d.record(line)
			d.mark(kind, line)
			if bold {
				d.bold(marginLeft, d.y, contentW, h, line, 'L')
			} else {
				d.textBox(marginLeft, d.y, contentW, h, line, 'L')
			}
			d.y += h
		}
		d.space(after)
	})
}

// space moves down h millimetres (never past the bottom of the page).
func (d *doc) space(h float64) {
	d.y = math.Min(d.y+h, bottomLimit)
}

func (d *doc) setSize(pt float64) { d.pdf.SetFontSize(pt) }

// measure returns a function giving the width of one character at the
// current font size, in the face that will draw it.
func (d *doc) measure() func(rune) float64 {
	_, unit := d.pdf.GetFontSize()
	return func(r rune) float64 {
		f, c := faceFor(r)
		switch {
		case f == nil:
			c = placeholder
		case f.fallback():
			return float64(f.width[r]) * unit / 1000
		}
		return d.pdf.GetStringWidth(string(c))
	}
}

// width returns the width of s at the current font size.
func (d *doc) width(s string) float64 {
	m, w := d.measure(), 0.0
	for _, r := range s {
		w += m(r)
	}
	return w
}

// noteMissing records a character printed as the placeholder.
func (d *doc) noteMissing(r rune) {
	d.missing = append(d.missing, MissingGlyph{Field: d.field, Char: r})
}

// useFace makes f the current font at pt points, adding a fallback face
// to the document the first time it is needed.
func (d *doc) useFace(f *face, pt float64) {
	if f.fallback() && !d.added[f.family] {
		d.pdf.AddUTF8FontFromBytes(f.family, "", f.data())
		d.added[f.family] = true
	}
	d.pdf.SetFont(f.family, "", pt)
}

// runWidth is the width of r at the current font size.
func (d *doc) runWidth(r run) float64 {
	if !r.face.fallback() {
		return d.pdf.GetStringWidth(r.text)
	}
	return d.width(cmp.Or(r.actual, r.text))
}

// drawRuns draws the runs of one line starting at x, y (for gofpdf's
// Text when text is nil, else through text), each in its face. A run
// drawn with stand-ins is wrapped in an ActualText span so that copying
// and text extraction give the real characters.
func (d *doc) drawRuns(runs []run, x float64, draw func(x float64, r run)) {
	pt := d.fontSizePt()
	for _, r := range runs {
		w := d.runWidth(r)
		d.useFace(r.face, pt)
		if r.actual != "" {
			d.pdf.RawWriteStr("/Span <</ActualText " + pdfTextString(r.actual) + ">> BDC")
		}
		draw(x, r)
		if r.actual != "" {
			d.pdf.RawWriteStr("EMC")
		}
		x += w
	}
	d.useFace(mainFace(), pt)
}

// pdfTextString encodes s as a PDF text string (UTF-16BE, hex).
func pdfTextString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

func (d *doc) wrap(text string, width float64) []string {
	return wrapText(text, width, d.measure())
}

// text draws one line of s in a box of width w starting at x, with its
// middle at y+h/2; align is 'L', 'C' or 'R'. It does not record.
func (d *doc) textBox(x, y, w, h float64, s string, align byte) {
	runs := splitRuns(s, d.noteMissing)
	if len(runs) == 1 && !runs[0].face.fallback() {
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(w, h, runs[0].text, "", 0, string(align)+"M", false, 0, "")
		return
	}
	// Several faces: place the runs as CellFormat would place the line.
	pdf := d.pdf
	m, total := pdf.GetCellMargin(), 0.0
	for _, r := range runs {
		total += d.runWidth(r)
	}
	x0 := x + m
	switch align {
	case 'R':
		x0 = x + w - m - total
	case 'C':
		x0 = x + (w-total)/2
	}
	pdf.SetCellMargin(0)
	d.drawRuns(runs, x0, func(x float64, r run) {
		pdf.SetXY(x, y)
		pdf.CellFormat(d.runWidth(r), h, r.text, "", 0, "LM", false, 0, "")
	})
	pdf.SetCellMargin(m)
}

// bold draws s like textBox, stroked as well as filled so that the
// single regular face reads as bold.
func (d *doc) bold(x, y, w, h float64, s string, align byte) {
	lw := d.pdf.GetLineWidth()
	d.pdf.SetTextRenderingMode(2)
	d.pdf.SetLineWidth(0.012 * d.fontSizePt())
	d.textBox(x, y, w, h, s, align)
	d.pdf.SetTextRenderingMode(0)
	d.pdf.SetLineWidth(lw)
}

func (d *doc) fontSizePt() float64 {
	pt, _ := d.pdf.GetFontSize()
	return pt
}

// title draws a centred title in large bold type. It breaks only between
// parts (the school's name, the document's name, the period), unless a
// part is wider than the page by itself.
func (d *doc) title(parts ...string) {
	d.field = "标题"
	s := strings.Join(parts, "")
	// A long school name shrinks the title (down to 四号) before it wraps,
	// so a form's title stays on one line as official forms have it.
	size := sizeTitle
	for ; size > sizeHeading; size-- {
		d.setSize(size)
		if d.width(s) <= contentW {
			break
		}
	}
	d.setSize(size)
	h := lineHeight(size)
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case d.width(cur+p) <= contentW:
			cur += p
		case d.width(p) <= contentW:
			lines = append(lines, cur)
			cur = p
		default:
			ws := d.wrap(cur+p, contentW)
			lines = append(lines, ws[:len(ws)-1]...)
			cur = ws[len(ws)-1]
		}
	}
	lines = append(lines, cur)
	for _, line := range lines {
		if line == "" {
			continue
		}
		d.ensure(h)
		d.record(line)
		d.bold(marginLeft, d.y, contentW, h, line, 'C')
		d.y += h
	}
	d.space(2)
}

// subtitle draws a centred line in body type.
func (d *doc) subtitle(s string) {
	d.centered(s, sizeBody)
}

// centered draws wrapped, centred text at size pt.
func (d *doc) centered(s string, pt float64) {
	d.setSize(pt)
	h := lineHeight(pt)
	for _, line := range d.wrap(s, contentW) {
		d.ensure(h)
		d.record(line)
		d.textBox(marginLeft, d.y, contentW, h, line, 'C')
		d.y += h
	}
}

// leftRight draws one line with left on the left and right on the right
// (the line under a title: 填报单位 … 报告月份 …).
// Each side keeps to its own cell: the left text shrinks (down to 小五)
// and then wraps inside the room the right text leaves it.
func (d *doc) leftRight(left, right string, pt float64) {
	d.setSize(pt)
	h := lineHeight(pt)
	rw := 0.0
	if right != "" {
		rw = d.width(right) + 1
	}
	lw := contentW - rw - 4
	size := pt
	for size > sizeSmall && d.width(left) > lw {
		size = max(sizeSmall, size-0.5)
		d.setSize(size)
	}
	lines := d.wrap(left, lw)
	lh := lineHeight(size)
	total := max(h, float64(len(lines))*lh)
	d.ensure(total)
	d.record(left)
	d.record(right)
	d.field = labelOf(left)
	for i, line := range lines {
		d.textBox(marginLeft, d.y+float64(i)*lh, lw, lh, line, 'L')
	}
	d.setSize(pt)
	d.field = labelOf(right)
	if right != "" {
		d.textBox(marginLeft+contentW-rw, d.y, rw, h, right, 'R')
	}
	d.y += total
}

// labelOf returns the label of a "label：value" line, or the whole line.
func labelOf(s string) string {
	label, _, _ := strings.Cut(s, "：")
	return label
}

// heading draws a section heading (一、基本情况) and keeps it with at
// least the next row.
// It is drawn on the page where what it introduces starts.
func (d *doc) heading(s string) {
	d.keepWithNext("heading", s, sizeHeading, true, 1.5, 1)
}

// caption draws the caption of a table or list (其中各等级人数) at size
// pt, kept with what it introduces.
func (d *doc) caption(s string, pt float64) {
	d.keepWithNext("caption", s, pt, false, 0, 0)
}

// paragraph draws wrapped text across the content width at size pt,
// indented by indent millimetres.
func (d *doc) paragraph(s string, pt, indent float64) {
	d.setSize(pt)
	h := lineHeight(pt)
	for _, line := range d.wrap(s, contentW-indent) {
		d.ensure(h)
		d.record(line)
		d.textBox(marginLeft+indent, d.y, contentW-indent, h, line, 'L')
		d.y += h
	}
}

// numbered draws a numbered list with hanging indents.
func (d *doc) numbered(items []string, pt float64) {
	d.setSize(pt)
	h := lineHeight(pt)
	indent := d.width("10. ")
	for i, item := range items {
		num := fmt.Sprintf("%d.", i+1)
		for j, line := range d.wrap(item, contentW-indent) {
			d.ensure(h)
			if j == 0 {
				d.record(num)
				d.textBox(marginLeft, d.y, indent, h, num, 'L')
			}
			d.record(line)
			d.textBox(marginLeft+indent, d.y, contentW-indent, h, line, 'L')
			d.y += h
		}
	}
}

// confidentialMark draws a red boxed 保密 at the top right of the page.
func (d *doc) confidentialMark() {
	pdf := d.pdf
	pdf.SetFontSize(sizeHeading)
	const w, h = 18.0, 8.0
	x, y := pageW-marginRight-w, 8.0
	pdf.SetDrawColor(200, 0, 0)
	pdf.SetTextColor(200, 0, 0)
	pdf.SetLineWidth(0.5)
	pdf.Rect(x, y, w, h, "D")
	d.bold(x, y, w, h, "保密", 'C')
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
}

// footer draws page numbers, the generation time and the content hash,
// and the watermark over everything else on the page.
func (d *doc) footer() {
	pdf := d.pdf
	if d.opt.watermark != "" && layoutProbe == nil {
		d.watermarkPage()
	}
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFontSize(sizeSmall)
	total := "?"
	if d.total > 0 {
		total = fmt.Sprint(d.total)
	}
	d.textBox(marginLeft, pageH-16, contentW, 5, fmt.Sprintf("第%d页/共%s页", pdf.PageNo(), total), 'C')
	pdf.SetFontSize(sizeFooter)
	pdf.SetTextColor(110, 110, 110)
	info := "生成时间：" + d.opt.now.Format("2006-01-02 15:04")
	if d.short != "" {
		info += "　校验码：" + d.short
	}
	d.textBox(marginLeft, pageH-11, contentW, 4, info, 'L')
	d.textBox(marginLeft, pageH-11, contentW, 4, "心晴 · "+d.opt.title, 'R')
	if d.opt.fingerprint != "" {
		d.textBox(marginLeft, pageH-7, contentW, 4, "上报签名指纹："+d.opt.fingerprint, 'L')
	}
	pdf.SetTextColor(0, 0, 0)
}

// watermarkPage draws the watermark text diagonally three times across
// the page in light grey, so that no part of the page can be cut off
// without it.
func (d *doc) watermarkPage() {
	pdf := d.pdf
	// 26 pt, smaller for a long text so that it stays on the page.
	pdf.SetFontSize(26)
	if w := d.width(d.opt.watermark); w > 180 {
		pdf.SetFontSize(max(12, 26*180/w))
	}
	pdf.SetTextColor(150, 150, 150)
	pdf.SetAlpha(0.25, "Normal")
	w := d.width(d.opt.watermark)
	d.field = "水印"
	runs := splitRuns(d.opt.watermark, d.noteMissing)
	for _, cy := range []float64{pageH * 0.22, pageH * 0.5, pageH * 0.78} {
		cx := pageW / 2
		pdf.TransformBegin()
		pdf.TransformRotate(30, cx, cy)
		d.drawRuns(runs, cx-w/2, func(x float64, r run) { pdf.Text(x, cy+3, r.text) })
		pdf.TransformEnd()
	}
	pdf.SetAlpha(1, "Normal")
	pdf.SetTextColor(0, 0, 0)
}

// cell is one cell of a table row.
type cell struct {
	text  string
	span  int  // columns covered; 0 means 1
	label bool // a form label: shaded and centred
	align byte // 'L', 'C' or 'R'; 0 means the column's alignment
	// heading marks the title row of a block (第3次辅导), for layoutProbe.
	heading bool
}

// table is a ruled table. Widths are relative and scaled to the content
// width. A non-empty header is repeated at the top of every page the
// table continues on.
type table struct {
	widths []float64
	align  []byte // per column; missing means 'L'
	header []string
	rows   [][]cell
	size   float64 // font size; 0 means sizeTable
	// fit sets the column widths from the content: a column whose longest
	// text fits its share keeps it whole (no name broken mid-word); the
	// others share the rest.
	fit bool
	// keep is the number of rows after the first kept on its page.
	keep int
	// repeat, when set, is a row drawn under the header at the top of
	// every continuation page (第3次辅导（续）).
	repeat []cell
}

// labelled returns a label cell followed by its value cell, spanning
// span columns (0 means 1).
func labelled(label, value string, span int) []cell {
	return []cell{{text: label, label: true}, {text: value, span: span}}
}

// texts returns plain cells.
func texts(s ...string) []cell {
	cs := make([]cell, len(s))
	for i, t := range s {
		cs[i] = cell{text: t}
	}
	return cs
}

// placed is a cell with its position and wrapped lines.
type placed struct {
	x, w    float64
	lines   []string
	fill    bool
	align   byte
	field   string // the label or column header of a value cell
	heading bool
}

// drawTable draws t from the current position, breaking pages between
// rows, and inside a row only when the row is taller than a whole page.
func (d *doc) drawTable(t table) {
	size := t.size
	if size == 0 {
		size = sizeTable
	}
	d.setSize(size)
	if t.fit {
		t.widths = d.fitWidths(t)
	}
	xs := columnXs(t.widths)
	var header []placed
	if len(t.header) > 0 {
		for i, h := range t.header {
			header = append(header, d.place(xs, i, 1, h, true, 'C'))
		}
	}
	placeRow := func(row []cell) []placed {
		d.setSize(size)
		var ps []placed
		col := 0
		field := d.field
		for _, c := range row {
			span := max(c.span, 1)
			if col+span > len(t.widths) {
				span = len(t.widths) - col
			}
			if span <= 0 {
				break
			}
			align := c.align
			if align == 0 {
				align = 'L'
				if col < len(t.align) && t.align[col] != 0 {
					align = t.align[col]
				}
				if c.label {
					align = 'C'
				}
			}
			p := d.place(xs, col, span, c.text, c.label, align)
			switch {
			case c.label:
				field = c.text
			case col < len(t.header):
				field = t.header[col]
			}
			p.field = field
			p.heading = c.heading
			ps = append(ps, p)
			col += span
		}
		return ps
	}
	var repeat []placed
	if t.repeat != nil {
		repeat = placeRow(t.repeat)
	}
	drawHeader := func() {
		if header != nil {
			d.setSize(size)
			d.drawRow(header, size, true)
		}
		if repeat != nil {
			d.setSize(size)
			d.drawRow(repeat, size, false)
		}
	}
	// Keep the header with the first rows (t.keep more than one).
	need := d.rowHeight(header, size)
	fresh := bottomLimit - marginTop - 2*d.rowMin()
	for i, row := range t.rows {
		if i > t.keep {
			break
		}
		h := d.rowHeight(placeRow(row), size)
		if need+h > fresh {
			need += d.rowMin()
			break
		}
		need += h
	}
	if len(t.rows) == 0 {
		need += d.rowMin()
	}
	d.ensure(need)
	d.units-- // the first row counts itself
	if header != nil {
		d.setSize(size)
		d.drawRow(header, size, true)
	}
	d.onPageBreak = drawHeader
	defer func() { d.onPageBreak = nil }()
	for _, row := range t.rows {
		ps := placeRow(row)
		d.units++
		if d.breakBefore[d.units] && d.y > marginTop+1 {
			d.newPage()
		}
		d.drawRow(ps, size, false)
	}
}

// fitWidths returns column widths (mm) from the content of t at the
// current font size.
func (d *doc) fitWidths(t table) []float64 {
	n := len(t.widths)
	natural := make([]float64, n)
	for i, h := range t.header {
		if i < n {
			// A header may wrap onto two lines.
			natural[i] = max(natural[i], d.width(h)/2+2*cellPadX+1)
		}
	}
	for _, row := range t.rows {
		col := 0
		for _, c := range row {
			if col >= n {
				break
			}
			if max(c.span, 1) == 1 {
				w := 0.0
				for _, line := range strings.Split(c.text, "\n") {
					w = max(w, d.width(line))
				}
				natural[col] = max(natural[col], w+2*cellPadX+0.5)
			}
			col += max(c.span, 1)
		}
	}
	widths := slices.Clone(natural)
	fixed := make([]bool, n)
	for {
		room, share, k := contentW, 0.0, 0
		for i := range n {
			if fixed[i] {
				room -= widths[i]
			} else {
				share += natural[i]
				k++
			}
		}
		changed := false
		for i := range n {
			if !fixed[i] && natural[i] <= room/float64(k) {
				fixed[i], changed = true, true
			}
		}
		if !changed {
			for i := range n {
				if !fixed[i] && share > 0 {
					widths[i] = max(room*natural[i]/share, 8)
				}
			}
			break
		}
	}
	return widths
}

// columnXs returns the left edge of every column and the right edge of
// the last, scaling widths to the content width.
func columnXs(widths []float64) []float64 {
	var sum float64
	for _, w := range widths {
		sum += w
	}
	xs := make([]float64, len(widths)+1)
	xs[0] = marginLeft
	for i, w := range widths {
		xs[i+1] = xs[i] + w/sum*contentW
	}
	return xs
}

func (d *doc) place(xs []float64, col, span int, text string, fill bool, align byte) placed {
	x, w := xs[col], xs[col+span]-xs[col]
	return placed{x: x, w: w, lines: d.wrap(text, w-2*cellPadX), fill: fill, align: align}
}

func (d *doc) rowHeight(ps []placed, size float64) float64 {
	if ps == nil {
		return 0
	}
	n := 1
	for _, p := range ps {
		n = max(n, len(p.lines))
	}
	return max(d.rowMin(), float64(n)*lineHeight(size)+2*d.padY())
}

// drawRow draws one row, continuing it on further pages when it is taller
// than the space left and than a fresh page.
func (d *doc) drawRow(ps []placed, size float64, header bool) {
	lh := lineHeight(size)
	h := d.rowHeight(ps, size)
	if d.y+h > bottomLimit {
		fresh := bottomLimit - marginTop - d.headerAllowance(size)
		if h <= fresh || bottomLimit-d.y < lh*3+2*d.padY() {
			d.newPage()
		}
	}
	for {
		h = d.rowHeight(ps, size)
		room := bottomLimit - d.y
		if h <= room {
			d.drawChunk(ps, h, size, header)
			d.y += h
			return
		}
		// Print the lines that fit, then continue on the next page.
		n := max(1, int((room-2*d.padY())/lh))
		now := make([]placed, len(ps))
		rest := make([]placed, len(ps))
		for i, p := range ps {
			k := min(n, len(p.lines))
			now[i], rest[i] = p, p
			now[i].lines, rest[i].lines = p.lines[:k], p.lines[k:]
		}
		d.drawChunk(now, room, size, header)
		d.newPage()
		ps = rest
	}
}

// headerAllowance estimates the room a repeated header takes on a page.
func (d *doc) headerAllowance(size float64) float64 {
	if d.onPageBreak == nil {
		return 0
	}
	return d.rowMin() + lineHeight(size)
}

func (d *doc) drawChunk(ps []placed, h, size float64, header bool) {
	pdf := d.pdf
	lh := lineHeight(size)
	pdf.SetLineWidth(0.25)
	for _, p := range ps {
		style := "D"
		if p.fill {
			if header {
				pdf.SetFillColor(225, 225, 225)
			} else {
				pdf.SetFillColor(242, 242, 242)
			}
			style = "FD"
		}
		pdf.Rect(p.x, d.y, p.w, h, style)
		top := d.y + (h-float64(len(p.lines))*lh)/2
		if p.field != "" {
			d.field = p.field
		}
		for i, line := range p.lines {
			d.record(line)
			if p.heading {
				d.mark("heading", line)
			}
			if header {
				d.bold(p.x+cellPadX, top+float64(i)*lh, p.w-2*cellPadX, lh, line, p.align)
			} else {
				d.textBox(p.x+cellPadX, top+float64(i)*lh, p.w-2*cellPadX, lh, line, p.align)
			}
		}
	}
	pdf.SetLineWidth(0.2)
}

// signField is one signature line: a label and an optional pre-filled
// value written on the line.
type signField struct {
	label, value string
}

// signatures draws the signature lines perRow to a row and, if stamp is
// not empty, a stamp box labelled stamp (学校（盖章）) at the right.
func (d *doc) signatures(fields []signField, perRow int, stamp string) {
	d.setSize(sizeBody)
	lh := lineHeight(sizeBody)
	const rowGap = 10.0
	perRow = max(perRow, 1)
	rows := (len(fields) + perRow - 1) / perRow
	const stampW, stampH = 46.0, 34.0
	need := float64(rows) * rowGap
	if stamp != "" {
		need = max(need, stampH)
	}
	if d.pdf.PageNo() > 0 && len(d.pending) == 0 && d.y+need+3 > bottomLimit && d.y > marginTop+1 {
		// The lines would stand alone on the next page: next time, the last
		// unit before them goes along.
		d.lonely[d.units] = true
	}
	d.ensure(need + 3)
	d.space(3)
	top := d.y
	fieldsW := contentW
	if stamp != "" {
		fieldsW = contentW - stampW - 6
	}
	colW := fieldsW / float64(perRow)
	for i, f := range fields {
		x := marginLeft + float64(i%perRow)*colW
		y := top + float64(i/perRow)*rowGap
		label := f.label + "："
		lw := d.width(label)
		d.field = f.label
		d.record(label)
		d.mark("sign", label)
		d.textBox(x, y, lw, lh, label, 'L')
		lineX, lineW := x+lw, colW-lw-4
		d.pdf.SetLineWidth(0.25)
		d.pdf.Line(lineX, y+lh-0.5, lineX+lineW, y+lh-0.5)
		if f.value != "" {
			d.record(f.value)
			d.mark("sign", f.value)
			d.textBox(lineX+1, y, lineW-1, lh, f.value, 'C')
		}
	}
	if stamp != "" {
		x := marginLeft + contentW - stampW
		d.pdf.SetLineWidth(0.3)
		d.pdf.SetDashPattern([]float64{1.5, 1}, 0)
		d.pdf.Rect(x, top, stampW, stampH, "D")
		d.pdf.SetDashPattern(nil, 0)
		d.record(stamp)
		d.mark("sign", stamp)
		d.textBox(x, top+stampH-lh-2, stampW, lh, stamp, 'C')
	}
	d.y = top + need
	d.pdf.SetLineWidth(0.2)
}

// cutLine draws a dashed line across the page with a label in its middle
// (the line along which two copies on one sheet are cut apart).
func (d *doc) cutLine(label string) {
	d.setSize(sizeSmall)
	h := lineHeight(sizeSmall)
	d.ensure(h)
	mid := d.y + h/2
	w := d.width(label) + 4
	d.pdf.SetLineWidth(0.2)
	d.pdf.SetDashPattern([]float64{2, 1.5}, 0)
	d.pdf.Line(8, mid, pageW/2-w/2, mid)
	d.pdf.Line(pageW/2+w/2, mid, pageW-8, mid)
	d.pdf.SetDashPattern(nil, 0)
	d.record(label)
	d.textBox(pageW/2-w/2, d.y, w, h, label, 'C')
	d.y += h
}

// orDash returns s, or the placeholder printed for an empty value.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
