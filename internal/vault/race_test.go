package vault_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"xinqing/internal/vault"
)

// TestLockChangeAndRekeyRacingSaves is B5: in 100 interleavings, three
// goroutines save while the vault is closed (lock or exit), its passphrase
// changed or re-keyed. make test runs it with -race. Afterwards one of
// the two passphrases opens the vault, at a generation no older than the
// last acknowledged save, and the image opened is the one written for it.
func TestLockChangeAndRekeyRacingSaves(t *testing.T) {
	const newPass = "a passphrase chosen after the race 晴"
	base, c := memVault(t, 1, 300, vault.Retention{})
	for i := 0; i < 100; i++ {
		fsys := base.Clone()
		v := mustUnlock(t, "/v", opts(fsys, cloneClock(c)))
		var mu sync.Mutex
		last := uint64(1)
		var wg sync.WaitGroup
		for w := 0; w < 3; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; k < 4; k++ {
					g, err := v.Save(context.Background(), snap(300))
					switch {
					case err == nil:
						mu.Lock()
						last = max(last, g)
						mu.Unlock()
					case !errors.Is(err, vault.ErrClosed):
						t.Errorf("interleaving %d: save: %v", i, err)
					}
				}
			}()
		}
		time.Sleep(time.Duration(i%4) * 100 * time.Microsecond)
		var opErr error
		switch i % 3 {
		case 0:
			opErr = v.Close()
		case 1:
			opErr = v.ChangePassphrase(bg, newPass)
		case 2:
			var g uint64
			_, opErr = v.Rekey(bg, newPass, func(n uint64) ([]byte, error) { g = n; return image(n, 300), nil })
			if opErr == nil {
				mu.Lock()
				last = max(last, g)
				mu.Unlock()
			}
		}
		if opErr != nil && !errors.Is(opErr, vault.ErrClosed) {
			t.Fatalf("interleaving %d: %v", i, opErr)
		}
		wg.Wait()
		v.Close()
		v = unlockEither(t, fsys, c, fmt.Sprintf("interleaving %d", i), newPass, testPass)
		rep, err := v.Open(bg, acceptGen(300))
		v.Close()
		if err != nil || rep.Gen < last {
			t.Fatalf("interleaving %d: opened %v (%v), want generation ≥ %d", i, rep, err, last)
		}
	}
}
