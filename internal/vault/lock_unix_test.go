//go:build unix

package vault_test

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"xinqing/internal/vault"
)

// TestHelperHoldVault is run as a child process by the test below: it
// unlocks the vault, says so, and waits to be killed.
func TestHelperHoldVault(t *testing.T) {
	dir := os.Getenv("VAULT_HOLD_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	v, err := vault.Unlock(bg, dir, testPass, opts(nil, nil))
	if err != nil {
		os.Stdout.WriteString("error\n")
		os.Exit(1)
	}
	_ = v // held until the process is killed
	os.Stdout.WriteString("holding\n")
	select {}
}

func TestLockOfAKilledProcessIsReleased(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	v, _ := mustCreate(t, dir, opts(nil, nil))
	v.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldVault$")
	cmd.Env = append(os.Environ(), "VAULT_HOLD_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "holding\n" {
		cmd.Process.Kill()
		t.Fatalf("got %q from the child, want it holding the vault", line)
	}
	if _, err := vault.Unlock(bg, dir, testPass, opts(nil, nil)); !errors.Is(err, vault.ErrInUse) {
		t.Errorf("got %v while another process holds the vault, want ErrInUse", err)
	}
	if err := cmd.Process.Kill(); err != nil { // like kill -9
		t.Fatal(err)
	}
	cmd.Wait()
	v, err = vault.Unlock(bg, dir, testPass, opts(nil, nil))
	if err != nil {
		t.Fatalf("got %v after the holder was killed, want the vault", err)
	}
	v.Close()
}
