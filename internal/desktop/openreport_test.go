package desktop

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// What an unlock found reaches the screen once: the newest save deleted
// is named, a second take finds nothing.
func TestTheOpenReportReachesTheScreenOnce(t *testing.T) {
	ctx := context.Background()
	s := testServices()
	dir := filepath.Join(t.TempDir(), "vault")
	if _, err := s.Create(ctx, dir, realPass); err != nil {
		t.Fatal(err)
	}
	if err := s.app.Save(ctx); err != nil {
		t.Fatal(err)
	}
	gen := s.app.SavedGeneration()
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "gen", fmt.Sprintf("%09d.age", gen))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unlock(ctx, dir, realPass); err != nil {
		t.Fatal(err)
	}
	rep := s.TakeOpenReport()
	if rep == nil || rep.Missing != gen || rep.Opened != gen-1 {
		t.Fatalf("got %+v, want save %d missing and %d opened", rep, gen, gen-1)
	}
	if again := s.TakeOpenReport(); again != nil {
		t.Fatalf("the report was handed out twice: %+v", again)
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
}
