package desktop

import "testing"

// The soft limit is a quarter above what is live (never at or below live:
// the collector must not run back to back), never under the base, and
// comes back down when live falls.
func TestTheMemoryLimitFollowsWhatIsLive(t *testing.T) {
	const mb = 1 << 20
	base := int64(baseMemoryLimit)
	for _, c := range []struct {
		live, want int64
	}{
		{40 * mb, base},        // far below: the base
		{base / 5 * 4, base},   // at four fifths: the base
		{100 * mb, 125 * mb},   // past it: a quarter above live
		{80 * mb, base},        // live fell: back to the base
		{200 * mb, 250 * mb},   // a big import
		{1000 * mb, 1250 * mb}, // a school bigger than measured
	} {
		got := nextLimit(c.live)
		if got != c.want {
			t.Errorf("live %d MB: got %d MB, want %d MB", c.live/mb, got/mb, c.want/mb)
		}
		if got <= c.live {
			t.Errorf("live %d MB: the limit %d MB leaves no room", c.live/mb, got/mb)
		}
	}
}
