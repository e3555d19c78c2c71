package report

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
)

func sampleSheet() RecoverySheet {
	return RecoverySheet{
		SchoolName: "示例市第一实验中学",
		VaultID:    "3f9a0c12d4e5b677",
		Created:    time.Date(2026, 11, 28, 15, 20, 0, 0, time.UTC),
		// The golden sheet of internal/vault/sheet: a test identity.
		Lines: []string{
			"U3HQF CE2TA D8M0A JYNTP 43Q5W",
			"MCFNJ 9PSTF S2YM6 FV0A7 SNN5V",
			"M4UY3 7RVSQ W4KQH 2JZAS R777S",
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
	for _, want := range []string{"第1组", "第15组", "第1页/共1页", "紧急更换密钥", "age -d -i key.txt"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

// The printed recipe, followed by hand on the extracted text, gives an
// identity that the stock age library accepts and that decrypts a file
// encrypted to it.
func TestRecoverySheetRecipeRebuildsTheAgeIdentity(t *testing.T) {
	pdf, err := RenderRecoverySheet(sampleSheet(), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, pdf)
	groups := regexp.MustCompile(`\b[0-9A-Z]{5}\b`).FindAllString(strings.Split(text, "共15组")[0], -1)
	if len(groups) != 15 {
		t.Fatalf("got %d groups from the printed sheet, want 15: %q", len(groups), groups)
	}
	line := "AGE-SECRET-KEY-PQ-1"
	for i, g := range groups {
		if i < 14 {
			line += g[:4]
		} else {
			line += g[:2]
		}
	}
	const want = "AGE-SECRET-KEY-PQ-1U3HQCE2TD8M0JYNT43Q5MCFN9PSTS2YMFV0ASNN5M4UY7RVSW4KQ2JZAR7"
	if line != want {
		t.Fatalf("got identity %s, want %s", line, want)
	}
	if !strings.Contains(text, "全长77个字符") {
		t.Errorf("the recipe does not state the identity's length of 77")
	}
	id, err := age.ParseHybridIdentity(line)
	if err != nil {
		t.Fatalf("age rejects the rebuilt identity: %v", err)
	}
	var sealed bytes.Buffer
	w, err := age.Encrypt(&sealed, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "SQLite format 3")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(&sealed, id)
	if err != nil {
		t.Fatalf("decrypt with the rebuilt identity: %v", err)
	}
	if got, _ := io.ReadAll(r); string(got) != "SQLite format 3" {
		t.Errorf("got %q after decryption, want the plaintext", got)
	}
}

func TestRecoverySheetWithoutGroupsIsRefused(t *testing.T) {
	_, err := RenderRecoverySheet(RecoverySheet{SchoolName: "示例", Lines: []string{" ", ""}}, fixedNow())
	if !errors.Is(err, ErrEmptySheet) {
		t.Errorf("got %v, want ErrEmptySheet", err)
	}
}
