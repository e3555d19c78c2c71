package ui

import (
	"context"
	"path/filepath"
	"strings"
)

// Places says where the vault lives and whether it went back in time: a
// restore card (还原卡) or an old copy of the folder. Optional: without it
// the wizard offers the per-user folder only and nothing is checked.
type Places interface {
	// VaultPlaces lists the fixed drives and the recommended folder.
	VaultPlaces(ctx context.Context) (VaultPlaces, error)
	// RememberedDir is the vault folder this PC remembers ("" none).
	RememberedDir() string
	// Remember names dir as where the vault lives.
	Remember(dir string) error
	// MoveVault moves the open vault to dir in one step: check the
	// passphrase, copy, open the copy and verify every generation, switch.
	// The old folder stays until the next successful unlock. On failure
	// the vault stays where it was, open.
	MoveVault(ctx context.Context, dir, passphrase string) error
	// CheckRollback compares the open vault with the newest generation
	// this PC opened and with the verified backups on any stick present;
	// it also removes the folder a finished move left. Call it after every
	// unlock.
	CheckRollback(ctx context.Context) (Rollback, error)
	// KeepRollback keeps the vault on this PC as it is: r is not reported
	// again.
	KeepRollback(r Rollback) error
	// SystemDriveReverted reports, once, that the system drive went back
	// since the last clean exit with the vault in dir (Windows only).
	SystemDriveReverted(dir string) bool
	// CleanExit records a clean exit with the vault in dir.
	CleanExit(dir string)
}

// FixedDrive is a fixed drive the vault may live on.
type FixedDrive struct {
	Root   string
	Free   uint64
	System bool
}

// VaultPlaces are the drives and the folder recommended among them.
type VaultPlaces struct {
	Drives      []FixedDrive
	Recommended string
	// OtherDrive: Recommended is on a drive other than the system drive.
	OtherDrive bool
}

// Rollback is the vault on this PC against its witnesses.
type Rollback struct {
	Local uint64 // the vault's newest generation here
	Newer uint64 // the newest a witness knows
	// File is the newer verified backup on a stick ("" when only this PC
	// remembers a newer generation); Stick is its generation.
	File  string
	Stick uint64
}

// Found reports whether the vault here is older than a witness.
func (r Rollback) Found() bool { return r.Newer > r.Local }

// onDrive is the vault folder offered at the top of a drive root, in the
// root's own spelling (D:\ → D:\心晴档案库).
func onDrive(root string) string {
	if strings.HasSuffix(root, `\`) || strings.HasSuffix(root, "/") {
		return root + "心晴档案库"
	}
	return filepath.Join(root, "心晴档案库")
}
