package report

import (
	"strings"
	"testing"
)

func TestCaseRecordPrintsTheCaseAndNeverThePrivateNotes(t *testing.T) {
	f := sampleCaseFile()
	pdf, err := RenderCaseRecord(f, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "case-record.pdf", pdf)
	text, pages := pdfText(t, pdf)
	flat := strip(pdfRawText(t, pdf))
	if strings.Contains(flat, strip(canaryPrivate)) || strings.Contains(flat, "备忘") {
		t.Errorf("a private note was printed")
	}
	for _, want := range []string{
		f.Student.Name, "初二（3）班", "班主任/教师转介", "情绪、学习", "已结案", "2026年10月9日",
		"第1次辅导", "第2次辅导", "三、辅导过程记录（共2次）", "辅导教师（签字）",
		f.Case.ClosingSummary, f.Sessions[0].Observations, f.Sessions[1].Observations,
	} {
		if !strings.Contains(flat, strip(want)) {
			t.Errorf("text lacks %q", want)
		}
	}
	// Sessions print in date order whatever their order in the input.
	if i, j := strings.Index(flat, strip(f.Sessions[1].Observations)), strings.Index(flat, strip(f.Sessions[0].Observations)); i > j {
		t.Errorf("got the 10-16 session before the 10-09 one, want date order")
	}
	if got := strings.Count(text, "保密"); got != pages {
		t.Errorf("got 保密 %d times on %d pages, want once per page", got, pages)
	}
}

func TestCaseRecordOfAParentCaseNamesTheClient(t *testing.T) {
	f := sampleCaseFile()
	f.Student = nil
	f.Case.ClientKind = "parent"
	f.Case.ClientName = "王女士"
	f.Case.Source = "parent"
	pdf, err := RenderCaseRecord(f, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	flat := strip(pdfRawText(t, pdf))
	for _, want := range []string{"来访者姓名王女士", "家长请求", "来访者类别家长"} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(flat, "林晓雨") {
		t.Errorf("a student's name is printed on a parent case")
	}
}

func TestMissingLabelsPrintTheCode(t *testing.T) {
	f := sampleCaseFile()
	f.Case.Source = "new_source_code"
	pdf, err := RenderCaseRecord(f, Labels{}, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	flat := strip(pdfRawText(t, pdf))
	for _, want := range []string{"new_source_code", "emotion、study", "female"} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks the code %q", want)
		}
	}
}
