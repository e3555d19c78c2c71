package desktop

import (
	"testing"

	"xinqing/internal/backup"
)

func TestTheBackupBarOnlyMovesForward(t *testing.T) {
	stages := []backup.Stage{backup.StageBlobs, backup.StageWrite, backup.StageRead, backup.StageCheck, backup.StagePrune}
	last := -1.0
	for _, s := range stages {
		for _, done := range []int64{0, 50, 100} {
			got := stageFraction(s, done, 100)
			if got < last-1e-9 || got > 1+1e-9 {
				t.Fatalf("%s %d/100: got %.2f after %.2f, want a bar that only moves forward up to 1", s, done, got, last)
			}
			last = got
		}
	}
	if last < 1-1e-9 {
		t.Fatalf("got %.2f at the end, want 1", last)
	}
}
