package backup

import "testing"

func TestDiskSpaceReadsTheRealFileSystem(t *testing.T) {
	sp, err := DiskSpace(t.TempDir())
	if err != nil || sp.Free == 0 {
		t.Errorf("got %+v (%v), want some free space", sp, err)
	}
	if _, err := DiskSpace("/no/such/folder"); err == nil {
		t.Error("got free space for a missing folder")
	}
	if _, err := Drives(); err != nil {
		t.Errorf("drives: %v", err)
	}
}
