package keyslot_test

import (
	"crypto/rand"
	"errors"
	"fmt"

	"xinqing/internal/vault/keyslot"
)

func Example() {
	// Real vaults use keyslot.Calibrate(time.Second); tiny costs keep the example fast.
	p := keyslot.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	identity := "AGE-SECRET-KEY-PQ-1EXAMPLEEXAMPLE" // not a real key
	slot, err := keyslot.Seal(identity, "ｍｉｍａ 心晴 示例 2026", p, rand.Reader)
	if err != nil {
		panic(err)
	}

	// Half-width forms of the same passphrase open the slot (NFKC).
	got, err := keyslot.Open(slot, "mima 心晴 示例 2026")
	fmt.Println(got == identity, err)

	_, err = keyslot.Open(slot, "another passphrase")
	fmt.Println(errors.Is(err, keyslot.ErrWrongPassphrase))

	_, err = keyslot.Open(slot[:20], "mima 心晴 示例 2026")
	fmt.Println(errors.Is(err, keyslot.ErrDamaged))
	// Output:
	// true <nil>
	// true
	// true
}
