package startup

import "testing"

func TestWindowRoomLeavesTheFrameAndFollowsTheScale(t *testing.T) {
	for _, c := range []struct {
		w, h  int
		scale float32
		rw    float32
		rh    float32
	}{
		{1024, 600, 1, 1024 - frameW, 600 - frameH},
		{1366, 768, 1, 1366 - frameW, 768 - frameH},
		{2048, 1200, 2, 1024 - frameW, 600 - frameH},
		{1024, 600, 0, 1024 - frameW, 600 - frameH},
	} {
		if rw, rh := room(c.w, c.h, c.scale); rw != c.rw || rh != c.rh {
			t.Errorf("%d×%d at %.1f: %v×%v, want %v×%v", c.w, c.h, c.scale, rw, rh, c.rw, c.rh)
		}
	}
}
