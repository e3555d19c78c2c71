package store

import (
	"context"
	"testing"
)

// A backup of an older schema was fingerprinted before the upgrade Load
// performs: its image hashes at its own version.
func TestOlderImagesHashAtTheirOwnSchemaVersion(t *testing.T) {
	old, err := newAt(previousVersion())
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	oldImg, err := old.Snapshot(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	h, older, err := OlderImageContentHash(oldImg)
	if err != nil || !older || h == ([32]byte{}) {
		t.Fatalf("older image: %x %v %v", h, older, err)
	}
	cur := filledStore(t)
	img, err := cur.Snapshot(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, older, err := OlderImageContentHash(img); err != nil || older {
		t.Errorf("current image: older %v, %v", older, err)
	}
	// Upgraded, the same data hashes differently: the columns changed.
	up, err := Load(context.Background(), oldImg, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	if now, err := up.ContentHash(context.Background()); err != nil || now == h {
		t.Errorf("upgraded hash %x (%v), want it to differ from the saved %x", now, err, h)
	}
}
