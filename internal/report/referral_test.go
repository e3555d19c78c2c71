package report

import (
	"strings"
	"testing"
)

func TestReferralLetterHasTwoCopiesOnOneSheetAndAFeedbackSlip(t *testing.T) {
	l := sampleReferralLetter()
	pdf, err := RenderReferralLetter(l, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "referral.pdf", pdf)
	text, pages := pdfText(t, pdf)
	if pages != 2 {
		t.Errorf("got %d pages, want both copies on one and the feedback slip on another", pages)
	}
	first, _, _ := strings.Cut(text, "第1页/共2页")
	if strings.Count(first, "学校转介建议书") != 2 || !strings.Contains(first, "监护人留存") || strings.Contains(first, "就诊反馈回执（") {
		t.Errorf("the first sheet does not hold both copies:\n%s", first)
	}
	raw := strip(pdfRawText(t, pdf))
	for _, tt := range []struct {
		want string
		n    int
	}{
		{"学校转介建议书", 4}, // two titles and two footers
		{"学校留存", 2},    // the copy label and the cut line
		{"监护人留存", 1},
		{"建议您尽快带孩子到示例市精神卫生中心儿童青少年心理门诊（地址：示例市和平路88号门诊楼三楼；电话：0000-87654321）就医检查", 2},
		{strip(l.Referral.Reason), 2},
		{"林晓雨同学家长：", 2},
		{"□同意　□暂不同意", 2},
		{"12356", 2},
		{"12355", 2},
		{"就诊反馈回执", 3}, // named in both copies and the slip's title
		{"保密", 4},     // the mark on both pages and 严格保密 in both copies
		{"监护人（签字）", 2},
		{"沿此线剪开", 1},
		{"2026年11月12日", 2},
	} {
		if got := strings.Count(raw, strip(tt.want)); got != tt.n {
			t.Errorf("got %q %d times, want %d", tt.want, got, tt.n)
		}
	}
	// The school suggests; it never diagnoses.
	for _, word := range []string{"诊断为", "确诊", "患有", "抑郁症", "精神病"} {
		if strings.Contains(text, word) {
			t.Errorf("the letter uses the word %q", word)
		}
	}
}

func TestReferralLetterWithoutInstitutionSuggestsASpecialistClinic(t *testing.T) {
	l := sampleReferralLetter()
	l.Referral.Institution, l.Referral.Department = "", ""
	l.Student.Name = ""
	pdf, err := RenderReferralLetter(l, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	raw := strip(pdfRawText(t, pdf))
	for _, want := range []string{"尊敬的家长：", "正规医疗机构的心理或精神专科门诊就医检查"} {
		if !strings.Contains(raw, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestALongReferralReasonIsShortenedOnTheCopiesAndPrintedWholeOnItsOwnPage(t *testing.T) {
	l := sampleReferralLetter()
	l.Referral.Reason = strings.Repeat("情绪持续低落，入睡困难，多次在课堂上哭泣；", 30) + "结尾KEEP"
	pdf, err := RenderReferralLetter(l, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	text, pages := pdfText(t, pdf)
	if pages != 2 {
		t.Fatalf("got %d pages, want 2", pages)
	}
	first, second, _ := strings.Cut(text, "第1页/共2页")
	if strings.Count(strip(first), "全文见附页") != 2 || strings.Contains(first, "KEEP") || !strings.Contains(strip(first), "监护人（签字）") {
		t.Errorf("the copies are not shortened to one sheet:\n%s", first)
	}
	if !strings.Contains(strip(pdfRawText(t, pdf)), strip(l.Referral.Reason)) || !strings.Contains(second, "附页") {
		t.Errorf("the whole reason is not on the attached page")
	}
}
