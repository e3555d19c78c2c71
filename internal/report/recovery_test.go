package report

import (
	"strings"
	"testing"
	"time"
)

func sampleSheet() RecoverySheet {
	return RecoverySheet{
		SchoolName: "示例市第一实验中学",
		VaultID:    "3f9a0c12d4e5b677",
		Created:    time.Date(2026, 11, 28, 15, 20, 0, 0, time.UTC),
		Lines: []string{
			"AGESE CRETK EYPQ1 QPZRY",
			"9X8GF 2TVDW 0S3JN 54KHC",
			"E6MUA 7LQPZ RY9X8 GF2TV",
			"DW0S3 JN54K HCE6M UA7LQ",
		},
	}
}

func TestRecoverySheetPrintsEveryGroup(t *testing.T) {
	pdf, err := RenderRecoverySheet(sampleSheet(), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "recovery.pdf", pdf)
	text, pages := pdfText(t, pdf)
	if pages != 1 {
		t.Errorf("got %d pages, want 1", pages)
	}
	for _, l := range sampleSheet().Lines {
		for _, g := range strings.Fields(l) {
			if !strings.Contains(text, g) {
				t.Errorf("group %q missing", g)
			}
		}
	}
	for _, want := range []string{"第1组", "第16组", "第1页/共1页", "紧急更换密钥", "age -d -i key.txt"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}
