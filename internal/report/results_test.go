package report

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"xinqing/internal/casework"
)

func sampleResultList(n int) ResultList {
	l := ResultList{School: "示例县第一中学", Screening: "2026年秋季心理普查", Instrument: "PHQ-9",
		Purpose: "排查访谈安排", Recipient: "德育处", On: "2026-11-28"}
	outcomes := []casework.InterviewOutcome{"", casework.InterviewOutcomeConfirmed, casework.InterviewOutcomeWatch, casework.InterviewOutcomeNotConfirmed}
	for i := range n {
		r := ResultRow{Name: fmt.Sprintf("测试学生%d", i+1), Gender: casework.GenderFemale, Grade: "七年级",
			Class: fmt.Sprintf("七(%d)班", i%4+1), Score: float64(10 + i%8), Reason: "PHQ-9 总分≥10；第9题非零",
			Consent: i%3 != 0, Outcome: outcomes[i%4]}
		if r.Outcome != "" || i%5 == 0 {
			r.InterviewedOn = "2026-11-20"
		}
		r.OnRegister = r.Outcome == casework.InterviewOutcomeConfirmed
		l.Rows = append(l.Rows, r)
	}
	return l
}

func TestResultListNeedsPurposeAndRecipient(t *testing.T) {
	l := sampleResultList(2)
	l.Recipient = " "
	if pdf, err := RenderResultList(l, testLabels(t), fixedNow()); !errors.Is(err, ErrNoPurpose) || pdf != nil {
		t.Fatalf("got %d bytes and %v, want nothing and ErrNoPurpose", len(pdf), err)
	}
}

func TestResultListSaysItIsNoDiagnosisAndIsWatermarked(t *testing.T) {
	l := sampleResultList(4)
	pdf, err := RenderResultList(l, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "result-list.pdf", pdf)
	text, pages := pdfText(t, pdf)
	raw := strip(pdfRawText(t, pdf))
	if got := strings.Count(raw, strip("仅供"+l.Recipient+"用于"+l.Purpose+"2026-11-28")); got != 3*pages {
		t.Errorf("got the watermark %d times on %d pages, want 3 per page", got, pages)
	}
	if got := strings.Count(text, "保密"); got != pages {
		t.Errorf("got 保密 %d times on %d pages, want once per page", got, pages)
	}
	for _, want := range []string{"测评筛查需关注学生名单", "仅供参考，不作为诊断依据", "用途排查访谈安排", "接收单位/人德育处",
		"2026年秋季心理普查（PHQ-9）", "确认纳入（已建档）", "持续观察", "排除", "2026-11-20（已安排）", "未取得",
		"需访谈4人，已访谈3人，其中2人未取得监护人知情同意。", "接收人（签字）"} {
		if !strings.Contains(raw, strip(want)) {
			t.Errorf("the list lacks %q", want)
		}
	}
}

func TestResultListLaysOutCleanlyOverPages(t *testing.T) {
	l := sampleResultList(70)
	pdf, marks := renderProbed(t, func() ([]byte, error) { return RenderResultList(l, testLabels(t), fixedNow()) })
	for _, p := range layoutProblems(t, pdf, marks, marginLeft) {
		t.Error(p)
	}
	if _, pages := pdfText(t, pdf); pages < 2 {
		t.Fatalf("got %d pages for 70 rows, want more than one", pages)
	}
}
