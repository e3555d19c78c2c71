package report

import (
	"regexp"
	"strings"
	"testing"
)

func TestCommitteeRosterListsEveryClassAndMarksThoseWithoutAMember(t *testing.T) {
	pdf, err := RenderCommitteeRoster(sampleRoster(), testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "committee.pdf", pdf)
	text, _ := pdfText(t, pdf)
	tests := []struct {
		name string
		line string // a regular expression matched against one printed line
	}{
		{"a member with trainings shows their term, contact, homeroom teacher, count and hours",
			`^1\s+初一\s+（1）班\s+赵一鸣\s+男\s+心理委员\s+2026\.09至2027\.07\s+0000-7654321\s+吴老师\s+2次/3\.5$`},
		{"a member without training shows 0 and 0, serving to this day", `^2\s+初一\s+（1）班\s+钱二丫\s+女\s+副心理委员\s+2026\.09起\s+0次/0$`},
		{"the roster has a date and a seal line", `填报日期：`},
		{"a class without a member is 未设", `^初一\s+（2）班\s+未设$`},
		{"a class whose member left is 未设", `^初二\s+（1）班\s+未设$`},
		{"a member appointed after the date is not yet listed", `^初三\s+（1）班\s+未设$`},
		{"the summary counts classes and members", `已设心理委员的班级2个，班级总数5个；心理委员3人。`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re := regexp.MustCompile(tt.line)
			for _, l := range strings.Split(text, "\n") {
				if re.MatchString(strings.TrimSpace(l)) {
					return
				}
			}
			t.Errorf("no line matches %s", tt.line)
		})
	}
	for _, absent := range []string{"李已卸任", "周五洲"} {
		if strings.Contains(text, absent) {
			t.Errorf("got %s on the roster, want only members active on the date", absent)
		}
	}
}
