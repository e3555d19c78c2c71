package report

import (
	"strings"
	"testing"
)

func TestReferralLetterHasTwoCopiesOnOnePage(t *testing.T) {
	l := sampleReferralLetter()
	pdf, err := RenderReferralLetter(l, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "referral.pdf", pdf)
	text, pages := pdfText(t, pdf)
	if pages != 1 {
		t.Errorf("got %d pages, want both copies on one", pages)
	}
	raw := strip(pdfRawText(t, pdf))
	for _, tt := range []struct {
		want string
		n    int
	}{
		{"学校转介建议书", 3}, // two titles and the footer
		{"学校留存", 2},    // the copy label and the cut line
		{"监护人留存", 1},
		{"建议您尽快带孩子到示例市精神卫生中心儿童青少年心理门诊就医检查", 2},
		{strip(l.Referral.Reason), 2},
		{"林建国家长", 2},
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
	l.Student.GuardianName = ""
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
