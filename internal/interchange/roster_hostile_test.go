package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"xinqing/internal/memtest"

	"github.com/xuri/excelize/v2"
)

// wideRoster is a workbook with a header row and n rows that each have
// one cell in column col, written with excelize's stream writer so that
// only those cells exist (a file of a few hundred KB).
func wideRoster(t *testing.T, n int, col string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"姓名", "班级"}); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= n+1; i++ {
		if err := sw.SetRow(fmt.Sprintf("%s%d", col, i), []any{"x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A small workbook of 20,000 rows each with one cell in column XFD (the
// last) is refused at once, naming the column limit, without the GBs a
// padded grid of 20,000 × 16,384 cells would take.
func TestAWideRosterIsRefusedQuicklyNamingTheLimit(t *testing.T) {
	file := wideRoster(t, 20000, "XFD")
	t.Logf("workbook of %d KB", len(file)>>10)
	var err error
	start := time.Now()
	peak := memtest.LivePeak(func() { _, err = PreviewRoster(bytes.NewReader(file), newMemStore(), RosterOptions{}) })
	if !errors.Is(err, ErrRosterLimit) || !strings.Contains(err.Error(), fmt.Sprint(rosterMaxCols)) {
		t.Fatalf("got %v, want a refusal naming the limit of %d columns", err, rosterMaxCols)
	}
	if peak > 64<<20 {
		t.Errorf("the live heap rose by %d MiB, want a few", peak>>20)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}

// Cells past the limit that are empty (formatting only) are ignored; a
// cell over the size limit and a sheet over the row limit are refused
// with a sentence naming the limit.
func TestRosterCapsRowsAndCellSizes(t *testing.T) {
	big := strings.Repeat("名", rosterMaxCell+1)
	_, err := PreviewRoster(bytes.NewReader(xlsxOf(t, [][]any{{"姓名", "班级"}, {big, "七(1)班"}})), newMemStore(), RosterOptions{})
	if !errors.Is(err, ErrRosterLimit) || !strings.Contains(err.Error(), fmt.Sprint(rosterMaxCell)) {
		t.Fatalf("a huge cell: got %v, want a refusal naming the limit", err)
	}
	f := wideRoster(t, rosterMaxRows+headerSearchRows+1, "A")
	if _, err := PreviewRoster(bytes.NewReader(f), newMemStore(), RosterOptions{}); !errors.Is(err, ErrRosterLimit) || !strings.Contains(err.Error(), fmt.Sprint(rosterMaxRows)) {
		t.Fatalf("too many rows: got %v, want a refusal naming the limit", err)
	}
}
