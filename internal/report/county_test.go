package report

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/county"
	"xinqing/internal/returnpkg"
)

// bigCounty is a county table of n schools, some with very long names,
// some missing, with flags.
func bigCounty(n int) *county.Table {
	t := &county.Table{County: "某某县", From: "2026-10", To: "2026-10", Totals: returnpkg.Figures{}}
	for i := range n {
		s := casework.CountySchool{Code: fmt.Sprintf("36070%05d", i), Name: fmt.Sprintf("第%d中学", i), Active: true}
		if i%17 == 0 {
			s.Name = strings.Repeat("某某县某某镇中心学校附属", 4) + strconv.Itoa(i)
		}
		if i%50 == 7 {
			t.Rows = append(t.Rows, county.Row{School: s})
			t.Missing = append(t.Missing, county.Missing{School: s, Months: []string{"2026-10"}})
			t.Flags = append(t.Flags, county.Flag{School: s, Month: "2026-10", Rule: county.FlagMissing})
			continue
		}
		f := returnpkg.Figures{"A4": json.Number("123456"), "C2": json.Number("22"), "D1": json.Number("8"), "F1": json.Number(strconv.Itoa(i)),
			"F2": map[string]any{"red": json.Number("1")}, "G1": json.Number("1234567"), "G3": map[string]any{"opened": json.Number("3")},
			"H1": json.Number("2"), "I1": map[string]any{"self_harm": json.Number("1")}, "J1": json.Number("1"),
			"L1": map[string]any{"classes_with_member": json.Number("30"), "class_count": json.Number("32")}}
		t.Rows = append(t.Rows, county.Row{School: s, Figures: f, Months: []string{"2026-10"}, Level1: 1})
		t.Totals.Add(f)
		if i%9 == 0 {
			t.Flags = append(t.Flags, county.Flag{School: s, Month: "2026-10", Rule: county.FlagNoGuardian, Detail: "I1 = 1"})
		}
	}
	return t
}

func TestCountyTableOf300SchoolsStaysInsideTheMargins(t *testing.T) {
	tb := bigCounty(300)
	now := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	boxes, err := CountyLayout(tb, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range boxes {
		if b.T > b.W+0.01 || b.X < cMargin-0.01 || b.X+b.W > cPageW-cMargin+0.01 {
			t.Fatalf("page %d: %q is %.1f mm wide in a box of %.1f at %.1f", b.Page, b.Text, b.T, b.W, b.X)
		}
	}
	pdf, err := RenderCountyTable(tb, now)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := RenderCountyTable(tb, now)
	if string(again) != string(pdf) {
		t.Fatal("the same table rendered twice differs")
	}
	path := filepath.Join(t.TempDir(), "county.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	// pdftotext sees every word inside the page's margins (points).
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	const mm = 72 / 25.4
	words := 0
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "<page ") && !strings.Contains(l, `width="841.`) {
			t.Fatalf("not A4 landscape: %s", l)
		}
		if !strings.Contains(l, "<word ") {
			continue
		}
		words++
		var xMin, yMin, xMax float64
		if n, err := fmt.Sscanf(l[strings.Index(l, "xMin="):], `xMin="%g" yMin="%g" xMax="%g"`, &xMin, &yMin, &xMax); n != 3 {
			t.Fatalf("cannot read %s: %v", l, err)
		}
		if xMin < cMargin*mm-1 || xMax > (cPageW-cMargin)*mm+1 {
			t.Fatalf("a word runs past the margins: %s", l)
		}
	}
	if words < 300*10 {
		t.Fatalf("only %d words", words)
	}
	text, _ := exec.Command("pdftotext", "-layout", path, "-").Output()
	for _, w := range []string{"某某县学生心理健康工作汇总表", "全县（区）合计", "未报送学校（6 所）", "有危机事件但未告知监护人", "第1页/共"} {
		if !strings.Contains(string(text), w) {
			t.Errorf("no %q in the county table", w)
		}
	}
}

func TestTheRecoverySheetAndTheReturnPrintTheFingerprint(t *testing.T) {
	const fp = "3f2a 9c01 77de 0b4c 1a2b 3c4d 5e6f 7081"
	sh := sampleSheet()
	sh.Fingerprint = fp
	pdf, err := RenderRecoverySheet(sh, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := pdfText(t, pdf); !strings.Contains(text, "签名指纹") || !strings.Contains(text, "3f2a 9c01") {
		t.Fatalf("the recovery sheet lacks the fingerprint:\n%s", text)
	}
	plain, err := RenderRecoverySheet(sampleSheet(), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := pdfText(t, plain); strings.Contains(text, "签名指纹") {
		t.Fatal("a sheet without a key prints a fingerprint row")
	}
}
