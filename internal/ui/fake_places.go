package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
)

// FakePlaces is a PC with a fixed list of drives, a remembered folder and
// a rollback the test sets; a move goes through the fake vault.
type FakePlaces struct {
	Vault   *FakeVault
	Drives  []FixedDrive
	Default string // the per-user folder (the fake vault's default)

	mu         sync.Mutex
	remembered string
	previous   string
	rollback   Rollback
	kept       uint64
	reverted   bool
	exits      []string
}

// NewFakePlaces is a PC with only the system drive C:.
func NewFakePlaces(v *FakeVault) *FakePlaces {
	return &FakePlaces{Vault: v, Default: v.DefaultDir(), Drives: []FixedDrive{{Root: `C:\`, Free: 40 << 30, System: true}}}
}

// SetRollback makes CheckRollback find r.
func (p *FakePlaces) SetRollback(r Rollback) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rollback = r
}

// SetReverted makes the next SystemDriveReverted report a revert.
func (p *FakePlaces) SetReverted() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reverted = true
}

// Exits are the folders of the clean exits recorded.
func (p *FakePlaces) Exits() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.exits...)
}

// VaultPlaces recommends the first non-system drive, as the real rule.
func (p *FakePlaces) VaultPlaces(ctx context.Context) (VaultPlaces, error) {
	if err := ctx.Err(); err != nil {
		return VaultPlaces{}, err
	}
	out := VaultPlaces{Drives: append([]FixedDrive(nil), p.Drives...), Recommended: p.Default}
	for _, d := range p.Drives {
		if !d.System {
			out.Recommended, out.OtherDrive = onDrive(d.Root), true
			break
		}
	}
	return out, nil
}

func (p *FakePlaces) RememberedDir() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remembered
}

func (p *FakePlaces) Remember(dir string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.remembered = dir
	return nil
}

// MoveVault moves the unlocked fake vault to dir.
func (p *FakePlaces) MoveVault(ctx context.Context, dir, passphrase string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v := p.Vault
	v.mu.Lock()
	from := v.unlocked
	d := v.vaults[from]
	switch {
	case from == "" || d == nil:
		v.mu.Unlock()
		return errFakeLocked
	case d.pass != passphrase:
		v.mu.Unlock()
		return ErrWrongPassphrase
	case v.vaults[dir] != nil || dir == from || strings.HasPrefix(dir, from+string(filepath.Separator)):
		v.mu.Unlock()
		return ErrVaultExists
	}
	cp := *d
	v.vaults[dir] = &cp
	v.unlocked = dir
	v.mu.Unlock()
	p.mu.Lock()
	p.remembered, p.previous = dir, from
	p.mu.Unlock()
	return nil
}

// CheckRollback reports the rollback set (until kept) and removes the
// folder a move left once the vault opens in the new one.
func (p *FakePlaces) CheckRollback(ctx context.Context) (Rollback, error) {
	if err := ctx.Err(); err != nil {
		return Rollback{}, err
	}
	if !p.Vault.isUnlocked() {
		return Rollback{}, errFakeLocked
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.previous != "" {
		p.Vault.mu.Lock()
		if p.Vault.unlocked == p.remembered {
			delete(p.Vault.vaults, p.previous)
			p.previous = ""
		}
		p.Vault.mu.Unlock()
	}
	r := p.rollback
	if r.Newer <= p.kept {
		return Rollback{Local: r.Local}, nil
	}
	return r, nil
}

func (p *FakePlaces) KeepRollback(r Rollback) error {
	if !p.Vault.isUnlocked() {
		return errors.New("keep rollback: " + errFakeLocked.Error())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.kept = max(p.kept, r.Newer)
	return nil
}

func (p *FakePlaces) SystemDriveReverted(string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.reverted
	p.reverted = false
	return r
}

func (p *FakePlaces) CleanExit(dir string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.exits = append(p.exits, dir)
}
