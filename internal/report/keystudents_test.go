package report

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestKeyStudentListNeedsPurposeAndRecipient(t *testing.T) {
	tests := []struct {
		name               string
		purpose, recipient string
	}{
		{"without a purpose it is refused", "", "示例县教育局"},
		{"without a recipient it is refused", "专项排查", "  "},
		{"without both it is refused", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := sampleKeyStudentList()
			l.Purpose, l.Recipient = tt.purpose, tt.recipient
			pdf, err := RenderKeyStudentList(l, testLabels(t), fixedNow())
			if !errors.Is(err, ErrNoPurpose) || pdf != nil {
				t.Errorf("got %d bytes and %v, want nothing and ErrNoPurpose", len(pdf), err)
			}
		})
	}
}

func TestKeyStudentListIsWatermarkedAndOrderedByLevel(t *testing.T) {
	l := sampleKeyStudentList()
	pdf, err := RenderKeyStudentList(l, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "key-students.pdf", pdf)
	text, pages := pdfText(t, pdf)
	raw := strip(pdfRawText(t, pdf))
	watermark := strip("仅供" + l.Recipient + "用于" + l.Purpose + "2026-11-28")
	if got := strings.Count(raw, watermark); got != 3*pages {
		t.Errorf("got the watermark %d times on %d pages, want 3 per page", got, pages)
	}
	if got := strings.Count(text, "保密"); got != pages {
		t.Errorf("got 保密 %d times on %d pages, want once per page", got, pages)
	}
	order := regexp.MustCompile(`冯三木|吴一帆|郑二妮`).FindAllString(text, -1)
	if strings.Join(order, ",") != "冯三木,吴一帆,郑二妮" {
		t.Errorf("got order %v, want red, orange, watch", order)
	}
	if strings.Contains(text, "陈已解除") {
		t.Errorf("a released student is on the list")
	}
	for _, want := range []string{
		"二级(橙)高", // the level in force on the date, not the first one
		"情绪问题、重大生活事件", "班主任陈老师、心理教师王老师", "2026-11-19",
		"共3人，其中一级(红)危急1人，二级(橙)高1人，三级(黄)关注0人，一般关注1人。",
		"用途" + strip(l.Purpose), "接收单位/人" + strip(l.Recipient), "接收人（签字）",
	} {
		if !strings.Contains(raw, strip(want)) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(raw, "2026-12-01") {
		t.Errorf("a follow-up after the list date is shown as the latest")
	}
}

func TestKeyStudentListForOneGradeNamesNoOneElse(t *testing.T) {
	l := sampleKeyStudentList()
	l.Grade = "八年级" // the students are filed as 初二 etc.
	pdf, err := RenderKeyStudentList(l, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	raw := strip(pdfRawText(t, pdf))
	if !strings.Contains(raw, "吴一帆") || !strings.Contains(raw, "范围八年级") {
		t.Errorf("the grade's student or the scope is missing:\n%s", raw)
	}
	for _, other := range []string{"郑二妮", "冯三木"} {
		if strings.Contains(raw, other) {
			t.Errorf("a list for 八年级 names %s", other)
		}
	}
	l.Grade, l.Class = "初三", "（2）班"
	pdf, err = RenderKeyStudentList(l, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	if raw := strip(pdfRawText(t, pdf)); !strings.Contains(raw, "冯三木") || strings.Contains(raw, "吴一帆") {
		t.Errorf("a list for 九年级(2)班 is wrong:\n%s", raw)
	}
}
