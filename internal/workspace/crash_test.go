package workspace

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const childEnv = "XINQING_WORKSPACE_SAVE_LOOP"

// TestMain lets the test binary act as the child that saves in a loop
// until it is killed (SECURITY.md test B3).
func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		saveLoop(dir)
		return
	}
	os.Exit(m.Run())
}

func saveLoop(dir string) {
	w, err := Open(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(1)
	}
	for {
		if err := w.Save(context.Background()); err != nil {
			fmt.Println("save failed:", err)
			os.Exit(1)
		}
		// Acknowledged: the save returned. Printed only after step 6.
		fmt.Printf("ack %d\n", w.State().Gen)
	}
}

// TestKillDuringSaveLosesNoAcknowledgedSave is B3: a real kill -9 of a
// process saving in a loop, 200 times; after each, the vault opens (I3) at
// a generation no older than the last acknowledged one (I1), and the image
// opened is the one recorded for that generation (I2: store.Load checks
// vault_meta.generation against the file's number).
func TestKillDuringSaveLosesNoAcknowledgedSave(t *testing.T) {
	runs := 200
	if testing.Short() {
		runs = 20
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "vault")
	w, _, err := Create(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	w.Lock(bg)
	rng := rand.New(rand.NewSource(3))
	lastAck := uint64(1)
	for i := 0; i < runs; i++ {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		acked, failed := uint64(0), ""
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				line := sc.Text()
				if n, ok := strings.CutPrefix(line, "ack "); ok {
					v, _ := strconv.ParseUint(n, 10, 64)
					mu.Lock()
					acked = v
					mu.Unlock()
				} else {
					mu.Lock()
					failed = line
					mu.Unlock()
				}
			}
		}()
		time.Sleep(time.Duration(5+rng.Intn(60)) * time.Millisecond)
		cmd.Process.Kill()
		<-done
		cmd.Wait()
		mu.Lock()
		if failed != "" {
			t.Fatalf("run %d: child said %q", i, failed)
		}
		if acked > lastAck {
			lastAck = acked
		}
		mu.Unlock()

		w, err := Open(bg, dir, pass, testOptions(nil, nil))
		if err != nil {
			t.Fatalf("run %d: the vault does not open after kill -9: %v", i, err)
		}
		rep := w.Report()
		got := rep.Gen
		w.Lock(bg)
		// An interrupted save was never acknowledged: no alarm for it.
		if len(rep.Lost) > 0 || rep.Missing > 0 {
			t.Fatalf("run %d: a false alarm after kill -9: lost %v, missing %d", i, rep.Lost, rep.Missing)
		}
		if got < lastAck {
			t.Fatalf("run %d: opened generation %d, but %d was acknowledged", i, got, lastAck)
		}
		lastAck = got
	}
	t.Logf("%d kill -9 runs, last generation %d, no save reported lost", runs, lastAck)
}

// TestLockRacingSavesAndEdits is B5 for the workspace: edits, saves and a
// lock from several goroutines; run with -race in make test. The vault
// always reopens at a generation no older than the last acknowledged save.
func TestLockRacingSavesAndEdits(t *testing.T) {
	for i := 0; i < 100; i++ {
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("v%d", i))
		w, _, err := Create(bg, dir, pass, testOptions(nil, &manualTimers{}))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		acked := uint64(1)
		for g := 0; g < 3; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; k < 3; k++ {
					w.Changed()
					if err := w.Save(context.Background()); err == nil {
						mu.Lock()
						if s := w.State(); s.Gen > acked {
							acked = s.Gen
						}
						mu.Unlock()
					}
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i%7) * time.Millisecond)
			w.Lock(bg)
		}()
		wg.Wait()
		w.Lock(bg)
		w2, err := Open(bg, dir, pass, testOptions(nil, nil))
		if err != nil {
			t.Fatalf("interleaving %d: reopen: %v", i, err)
		}
		if got := w2.Report().Gen; got < acked {
			t.Fatalf("interleaving %d: reopened generation %d, acknowledged %d", i, got, acked)
		}
		w2.Lock(bg)
	}
}
