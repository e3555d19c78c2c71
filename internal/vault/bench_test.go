package vault_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"xinqing/internal/vault"
)

// BenchmarkVault measures Save (seal + sync + verify + rename + prune) and
// Open (read + decrypt to the end) on 10 and 50 MiB images against the
// stock age command on the same bytes (AGE_BIN; skipped when unset), and
// reports the ratios save/age-enc and open/age-dec. Targets: ≤ 1.5 and ≤ 2.
// save/write-sync compares Save with plainly writing and syncing the same
// bytes: below 1 when the early write-back hides the cryptography.
func BenchmarkVault(b *testing.B) {
	for _, mib := range []int{10, 50} {
		b.Run(fmt.Sprintf("%dMiB", mib), func(b *testing.B) {
			size := mib << 20
			dir := filepath.Join(b.TempDir(), "vault")
			o := opts(nil, nil)
			// Save as the target defines it: seal, sync, verify, rename;
			// no pruning (removing a big file is another cost).
			o.Retention = vault.Retention{Last: 1 << 20}
			v, identity := mustCreate(b, dir, o)
			defer v.Close()
			img := image(1, size)
			var saveNs, openNs, saveCPU, openCPU float64
			b.Run("save", func(b *testing.B) {
				b.SetBytes(int64(size))
				cpu0 := selfCPU()
				for b.Loop() {
					if _, err := v.Save(b.Context(), func(uint64) ([]byte, error) { return img, nil }); err != nil {
						b.Fatal(err)
					}
				}
				saveNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				saveCPU = float64(selfCPU()-cpu0) / float64(b.N)
			})
			// The same without fsync, to show what the durability costs.
			var noSyncNs float64
			b.Run("save-nosync", func(b *testing.B) {
				o := o
				o.FS = noSyncFS{}
				v, _ := mustCreate(b, filepath.Join(b.TempDir(), "v"), o)
				defer v.Close()
				b.SetBytes(int64(size))
				for b.Loop() {
					if _, err := v.Save(b.Context(), func(uint64) ([]byte, error) { return img, nil }); err != nil {
						b.Fatal(err)
					}
				}
				noSyncNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			})
			// The same bytes written in one call, synced and renamed,
			// with no cryptography and no early write-back: the plain
			// disk cost a save competes with.
			var diskNs float64
			b.Run("write-sync", func(b *testing.B) {
				_, last, err := v.LatestGeneration()
				if err != nil {
					b.Skip("no generation yet")
				}
				sealed, err := os.ReadFile(last)
				if err != nil {
					b.Fatal(err)
				}
				d := b.TempDir()
				b.SetBytes(int64(size))
				i := 0
				for b.Loop() {
					i++
					writeSync(b, filepath.Join(d, fmt.Sprint(i)), sealed)
				}
				diskNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			})
			b.Run("open", func(b *testing.B) {
				// A generation of its own, so -bench may select open alone.
				if _, err := v.Save(b.Context(), func(uint64) ([]byte, error) { return img, nil }); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(size))
				cpu0 := selfCPU()
				for b.Loop() {
					n := 0
					if _, err := v.Open(bg, func(_ uint64, im []byte) error { n = len(im); return nil }); err != nil || n != size {
						b.Fatalf("got %d bytes (%v), want %d", n, err, size)
					}
				}
				openNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				openCPU = float64(selfCPU()-cpu0) / float64(b.N)
			})
			ageBin := os.Getenv("AGE_BIN")
			work := b.TempDir()
			plain := filepath.Join(work, "image.db")
			sealed := filepath.Join(work, "image.age")
			out := filepath.Join(work, "out")
			idFile := filepath.Join(work, "identity.txt")
			vi, err := age.ParseHybridIdentity(identity)
			if err != nil {
				b.Fatal(err)
			}
			if ageBin != "" {
				if err := os.WriteFile(plain, img, 0o600); err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(idFile, []byte(identity+"\n"), 0o600); err != nil {
					b.Fatal(err)
				}
			}
			var childCPU time.Duration
			run := func(b *testing.B, args ...string) {
				cmd := exec.Command(ageBin, args...)
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%s: %v\n%s", ageBin, err, out)
				}
				childCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.Run("age-enc", func(b *testing.B) {
				if ageBin == "" {
					b.Skip("AGE_BIN not set")
				}
				b.SetBytes(int64(size))
				childCPU = 0
				for b.Loop() {
					os.Remove(sealed)
					run(b, "-r", vi.Recipient().String(), "-o", sealed, plain)
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(saveNs/ns, "save/age-enc")
				b.ReportMetric(noSyncNs/ns, "save-nosync/age-enc")
				if diskNs > 0 {
					b.ReportMetric(saveNs/diskNs, "save/write-sync")
				}
				// CPU time is steadier than wall time on a shared machine.
				b.ReportMetric(saveCPU/(float64(childCPU)/float64(b.N)), "save-cpu/age-enc-cpu")
			})
			b.Run("age-dec", func(b *testing.B) {
				if ageBin == "" {
					b.Skip("AGE_BIN not set")
				}
				if _, err := os.Stat(sealed); err != nil {
					run(b, "-r", vi.Recipient().String(), "-o", sealed, plain)
				}
				b.SetBytes(int64(size))
				childCPU = 0
				for b.Loop() {
					os.Remove(out)
					run(b, "-d", "-i", idFile, "-o", out, sealed)
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(openNs/ns, "open/age-dec")
				b.ReportMetric(openCPU/(float64(childCPU)/float64(b.N)), "open-cpu/age-dec-cpu")
			})
		})
	}
}

// writeSync writes data to name as a save does, without the cryptography:
// a new file, synced, renamed, the folder synced.
func writeSync(b *testing.B, name string, data []byte) {
	f, err := os.OpenFile(name+".partial", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		b.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(name+".partial", name); err != nil {
		b.Fatal(err)
	}
	if err := (vault.OSFS{}).SyncDir(filepath.Dir(name)); err != nil {
		b.Fatal(err)
	}
}

// noSyncFS is the real file system with fsync turned off.
type noSyncFS struct{ vault.OSFS }

type noSyncFile struct{ vault.File }

func (noSyncFile) Sync() error { return nil }

func (f noSyncFS) CreateExcl(name string) (vault.File, error) {
	h, err := f.OSFS.CreateExcl(name)
	if err != nil {
		return nil, err
	}
	return noSyncFile{h}, nil
}

func (noSyncFS) SyncDir(string) error { return nil }
