package backup_test

import (
	"fmt"
	"time"

	"xinqing/internal/backup"
)

// The manifest is sha256sum's format plus one line sha256sum -c skips.
func ExampleManifest_Encode() {
	n := backup.Name{Time: time.Date(2026, 11, 28, 15, 30, 0, 0, time.UTC), Gen: 124}
	m := backup.Manifest{AgeName: n.String() + ".age", SlotName: n.String() + ".slot", Gen: n.Gen,
		FP: backup.Fingerprint([32]byte{0xde, 0xad, 0xbe, 0xef})}
	fmt.Print(string(m.Encode()))
	// Output:
	// 0000000000000000000000000000000000000000000000000000000000000000  20261128T1530-g000124.age
	// 0000000000000000000000000000000000000000000000000000000000000000  20261128T1530-g000124.slot
	// gen=124 fp=deadbeef
}

// A reminder after 7 days, red after 14.
func ExampleRemind() {
	last := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for _, days := range []int{3, 8, 15} {
		fmt.Println(days, backup.Remind(last, last.AddDate(0, 0, days)))
	}
	fmt.Println("never", backup.Remind(time.Time{}, last))
	// Output:
	// 3 none
	// 8 due
	// 15 overdue
	// never due
}
